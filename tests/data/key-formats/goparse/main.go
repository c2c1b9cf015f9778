// Reads hex DER lines; prints Go 1.19 tls.parsePrivateKey's verdict and the public key as
// MarshalPKIXPublicKey DER (hex), one JSON object per line.
package main

import (
	"bufio"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
)

func parsePrivateKey(der []byte) (crypto.PrivateKey, error) {
	if key, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return key, nil
	}
	if key, err := x509.ParsePKCS8PrivateKey(der); err == nil {
		switch key := key.(type) {
		case *rsa.PrivateKey, *ecdsa.PrivateKey, ed25519.PrivateKey:
			return key, nil
		default:
			return nil, errors.New("tls: found unknown private key type in PKCS#8 wrapping")
		}
	}
	if key, err := x509.ParseECPrivateKey(der); err == nil {
		return key, nil
	}
	return nil, errors.New("tls: failed to parse private key")
}

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	enc := json.NewEncoder(os.Stdout)
	for sc.Scan() {
		der, _ := hex.DecodeString(sc.Text())
		out := map[string]any{"der": sc.Text()}
		key, err := func() (k crypto.PrivateKey, err error) {
			defer func() {
				if r := recover(); r != nil {
					err = fmt.Errorf("panic: %v", r)
				}
			}()
			return parsePrivateKey(der)
		}()
		if err != nil {
			out["error"] = err.Error()
		} else {
			var pub any
			switch k := key.(type) {
			case *rsa.PrivateKey:
				pub = &k.PublicKey
			case *ecdsa.PrivateKey:
				pub = &k.PublicKey
			case ed25519.PrivateKey:
				pub = k.Public()
			}
			spki, err := x509.MarshalPKIXPublicKey(pub)
			if err != nil {
				out["error"] = "marshal: " + err.Error()
			} else {
				sum := sha256.Sum256(spki)
				out["spki_sha256"] = hex.EncodeToString(sum[:])
			}
		}
		enc.Encode(out)
	}
}
