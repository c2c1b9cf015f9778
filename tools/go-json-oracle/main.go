// Command go-json-oracle prints what Go's encoding/json json.Unmarshal answers for request
// bodies of POST /v2/{project_id}/apigw/certificates, decoded into a struct with the gateway's
// six string fields and json tags, so that cert-preflight's decoder can be compared with Go's.
//
// Written for cert-preflight (not copied from any fetched repository).
//
// Usage:
//
//	go-json-oracle fixture CASES   the fixture: CASES (label TAB Go-quoted body, one a line,
//	                               '#' comments), bodies built here (every byte in three
//	                               places, deep nesting) and seeded random mutations; JSON lines
//	go-json-oracle mutants CASES N SEED
//	                               N random mutations of the short bodies of CASES, from
//	                               SEED (a larger run than the fixture's 600); JSON lines
//	go-json-oracle eval            bodies read from stdin, one base64 a line; JSON lines
//	go-json-oracle marshal         certificate details read from stdin, {"case", "detail"} a
//	                               line; each printed back as {"case", "go"}, "go" being
//	                               json.Marshal of the detail (the gateway's response bytes)
//
// Each output line is {"case", "body" (base64), then either "form" (the six fields) or
// "error" (Error()), "error_type" ("syntax" or "type") and "offset" (the error's Offset)}.
package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"strconv"
	"strings"
)

// CertificateForm is the gateway's request struct: the struct name appears in Go's type errors
// ("Go struct field CertificateForm.name"), the json tags are the API's field names.
type CertificateForm struct {
	Name          string `json:"name"`
	CertContent   string `json:"cert_content"`
	PrivateKey    string `json:"private_key"`
	Type          string `json:"type"`
	InstanceID    string `json:"instance_id"`
	TrustedRootCA string `json:"trusted_root_ca"`
}

// CertificateDetail is the gateway's response body (CertificateDetailResp), its fields in the
// API's order. Times are kept as the strings they marshal to (whole seconds, UTC).
type CertificateDetail struct {
	ID                 string   `json:"id"`
	Name               string   `json:"name"`
	Type               string   `json:"type"`
	InstanceID         string   `json:"instance_id"`
	ProjectID          string   `json:"project_id"`
	CommonName         string   `json:"common_name"`
	San                []string `json:"san"`
	Organization       []string `json:"organization"`
	OrganizationalUnit []string `json:"organizational_unit"`
	Locality           []string `json:"locality"`
	State              []string `json:"state"`
	Country            []string `json:"country"`
	Issuer             []string `json:"issuer"`
	SerialNumber       string   `json:"serial_number"`
	NotBefore          string   `json:"not_before"`
	NotAfter           string   `json:"not_after"`
	SignatureAlgorithm string   `json:"signature_algorithm"`
	Version            int      `json:"version"`
	IsHasTrustedRootCA bool     `json:"is_has_trusted_root_ca"`
	CreateTime         string   `json:"create_time"`
	UpdateTime         string   `json:"update_time"`
}

// marshal prints json.Marshal of each detail read from stdin.
func marshal() error {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	for in.Scan() {
		var line struct {
			Case   string            `json:"case"`
			Detail CertificateDetail `json:"detail"`
		}
		if err := json.Unmarshal(in.Bytes(), &line); err != nil {
			return err
		}
		b, err := json.Marshal(line.Detail)
		if err != nil {
			return err
		}
		if err := enc.Encode(map[string]string{"case": line.Case, "go": string(b)}); err != nil {
			return err
		}
	}
	return in.Err()
}

// outcome is one fixture line.
type outcome struct {
	Case      string           `json:"case"`
	Body      string           `json:"body"`
	Form      *CertificateForm `json:"form,omitempty"`
	Error     *string          `json:"error,omitempty"`
	ErrorType string           `json:"error_type,omitempty"`
	Offset    *int64           `json:"offset,omitempty"`
}

func decode(label string, body []byte) outcome {
	out := outcome{Case: label, Body: base64.StdEncoding.EncodeToString(body)}
	var form CertificateForm
	err := json.Unmarshal(body, &form)
	if err == nil {
		out.Form = &form
		return out
	}
	msg := err.Error()
	out.Error = &msg
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax):
		out.ErrorType = "syntax"
		out.Offset = &syntax.Offset
	case errors.As(err, &typ):
		out.ErrorType = "type"
		out.Offset = &typ.Offset
	default:
		out.ErrorType = fmt.Sprintf("%T", err)
	}
	return out
}

// readCases reads "label TAB Go-quoted-body" lines.
func readCases(path string) ([][2]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var cases [][2]string
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		label, quoted, ok := strings.Cut(text, "\t")
		if !ok {
			return nil, fmt.Errorf("%s:%d: no TAB", path, line)
		}
		body, err := strconv.Unquote(strings.TrimSpace(quoted))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", path, line, err)
		}
		cases = append(cases, [2]string{label, body})
	}
	return cases, sc.Err()
}

// built are bodies too long or too many to write by hand.
func built() [][2]string {
	var out [][2]string
	add := func(label, body string) { out = append(out, [2]string{label, body}) }
	for b := 0; b < 256; b++ {
		c := string([]byte{byte(b)})
		add(fmt.Sprintf("byte %02x as a value", b), `{"x":`+c)
		add(fmt.Sprintf("byte %02x in a string", b), `{"name":"a`+c+`b"}`)
		add(fmt.Sprintf("byte %02x after a backslash", b), `{"name":"\`+c+`"}`)
	}
	// Go's scanner refuses the 10,001st open bracket or brace (maxNestingDepth).
	for _, d := range []int{9999, 10000, 10001} {
		add(fmt.Sprintf("%d arrays", d), strings.Repeat("[", d)+strings.Repeat("]", d))
	}
	for _, d := range []int{10000, 10001} {
		add(fmt.Sprintf("%d objects", d), strings.Repeat(`{"":`, d)+"1"+strings.Repeat("}", d))
		// The form's object, then arrays and objects in turn, as the value of name.
		add(fmt.Sprintf("%d levels in name", d), `{"name":`+strings.Repeat(`[{"":`, (d-1)/2)+
			strings.Repeat("[", (d-1)%2)+"1"+strings.Repeat("]", (d-1)%2)+strings.Repeat("}]", (d-1)/2)+`}`)
	}
	add("10001 arrays, unclosed", strings.Repeat("[", 10001))
	add("10000 arrays, unclosed", strings.Repeat("[", 10000))
	return out
}

// alphabet: the bytes that matter to the scanner, and some that do not.
const alphabet = "{}[]:,\"\\ \t\n\r0123456789-+.eEtrufalsn\x00\x1f\x7f\x80\xc3\xa9\xff\xed\xa0ux/bAZ'"

// mutate applies one to four random edits.
func mutate(r *rand.Rand, b []byte) []byte {
	b = append([]byte(nil), b...)
	for n := 1 + r.Intn(4); n > 0; n-- {
		pos := 0
		if len(b) > 0 {
			pos = r.Intn(len(b) + 1)
		}
		switch r.Intn(6) {
		case 0: // delete a byte
			if pos < len(b) {
				b = append(b[:pos], b[pos+1:]...)
			}
		case 1: // insert a byte
			c := alphabet[r.Intn(len(alphabet))]
			b = append(b[:pos], append([]byte{c}, b[pos:]...)...)
		case 2: // replace a byte
			if pos < len(b) {
				b[pos] = alphabet[r.Intn(len(alphabet))]
			}
		case 3: // truncate
			b = b[:pos]
		case 4: // duplicate a slice
			if pos < len(b) {
				end := pos + r.Intn(len(b)-pos) + 1
				b = append(b[:end], append(append([]byte(nil), b[pos:end]...), b[end:]...)...)
			}
		case 5: // any byte
			if pos < len(b) {
				b[pos] = byte(r.Intn(256))
			}
		}
	}
	return b
}

func fixture(path string) error {
	cases, err := readCases(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	all := append(cases, built()...)
	for _, c := range all {
		if err := enc.Encode(decode(c[0], []byte(c[1]))); err != nil {
			return err
		}
	}
	// Mutants of the hand-written cases whose body is short, from a fixed seed.
	if err := writeMutants(enc, cases, 600, 20230719); err != nil {
		return err
	}
	return w.Flush()
}

// writeMutants writes n mutants of the cases shorter than 400 bytes, from the seed.
func writeMutants(enc *json.Encoder, cases [][2]string, n int, seed int64) error {
	r := rand.New(rand.NewSource(seed))
	var seeds [][2]string
	for _, c := range cases {
		if len(c[1]) < 400 {
			seeds = append(seeds, c)
		}
	}
	for i := 0; i < n; i++ {
		s := seeds[r.Intn(len(seeds))]
		body := mutate(r, []byte(s[1]))
		if err := enc.Encode(decode(fmt.Sprintf("mutant %d of %s", i, s[0]), body)); err != nil {
			return err
		}
	}
	return nil
}

func mutants(path, count, seed string) error {
	cases, err := readCases(path)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(count)
	if err != nil {
		return err
	}
	sd, err := strconv.ParseInt(seed, 10, 64)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(os.Stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	if err := writeMutants(enc, cases, n, sd); err != nil {
		return err
	}
	return w.Flush()
}

func eval() error {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 4<<20), 4<<20)
	enc := json.NewEncoder(os.Stdout)
	enc.SetEscapeHTML(false)
	n := 0
	for sc.Scan() {
		n++
		body, err := base64.StdEncoding.DecodeString(strings.TrimSpace(sc.Text()))
		if err != nil {
			return fmt.Errorf("line %d: %v", n, err)
		}
		if err := enc.Encode(decode(fmt.Sprintf("stdin %d", n), body)); err != nil {
			return err
		}
	}
	return sc.Err()
}

func main() {
	var err error
	switch {
	case len(os.Args) == 3 && os.Args[1] == "fixture":
		err = fixture(os.Args[2])
	case len(os.Args) == 5 && os.Args[1] == "mutants":
		err = mutants(os.Args[2], os.Args[3], os.Args[4])
	case len(os.Args) == 2 && os.Args[1] == "eval":
		err = eval()
	case len(os.Args) == 2 && os.Args[1] == "marshal":
		err = marshal()
	default:
		err = errors.New("usage: go-json-oracle fixture CASES | mutants CASES N SEED | eval | marshal")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "go-json-oracle:", err)
		os.Exit(2)
	}
}
