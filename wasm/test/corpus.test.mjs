// Conformance with Go 1.19 through the package: for every file of the shared corpus, each
// CERTIFICATE block (read as Go's pem.Decode reads it, as tests/corpus_certs.rs does) given to
// `inspect` as DER renders every gateway field as Go's crypto/x509 did (expected/certs.jsonl,
// made by the Go oracle), and what Go refuses is refused with Go's reason.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { corpusDir, lib } from "./support.mjs";

/** Our field name, Go's (the gateway's `issuer` is the issuer's organization). */
const PAIRS = [
  ["common_name", "common_name"],
  ["san", "san"],
  ["organization", "organization"],
  ["organizational_unit", "organizational_unit"],
  ["locality", "locality"],
  ["state", "state"],
  ["country", "country"],
  ["issuer", "issuer_organization"],
  ["serial_number", "serial_number"],
  ["not_before", "not_before"],
  ["not_after", "not_after"],
  ["signature_algorithm", "signature_algorithm"],
  ["version", "version"],
];

const find = (hay, needle, from = 0) => hay.indexOf(needle, from);

/** Go's getLine: the line without its end and trailing spaces or tabs, and the rest. */
function getLine(data) {
  const i = data.indexOf(0x0a);
  let line = i < 0 ? data : data.subarray(0, i);
  const rest = i < 0 ? data.subarray(data.length) : data.subarray(i + 1);
  if (line.at(-1) === 0x0d) line = line.subarray(0, -1);
  while (line.length && (line.at(-1) === 0x20 || line.at(-1) === 0x09)) line = line.subarray(0, -1);
  return [line, rest];
}

const startsWith = (buf, s) => buf.subarray(0, s.length).equals(Buffer.from(s));
const endsWith = (buf, s) => buf.length >= s.length && buf.subarray(buf.length - s.length).equals(Buffer.from(s));
/** Go's base64.StdEncoding (padding required, trailing bits tolerated) or null. */
function goBase64(text) {
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) return null;
  return Buffer.from(text, "base64");
}

/** The CERTIFICATE blocks of a PEM file, by a port of Go 1.19's pem.Decode loop (the oracle's
 *  reading; the same port as tests/corpus_certs.rs). */
function pemCertificates(data) {
  const out = [];
  let input = data;
  blocks: for (;;) {
    let rest = input;
    for (;;) {
      if (startsWith(rest, "-----BEGIN ")) rest = rest.subarray(11);
      else {
        const i = find(rest, "\n-----BEGIN ");
        if (i < 0) break blocks;
        rest = rest.subarray(i + 12);
      }
      let typeLine;
      [typeLine, rest] = getLine(rest);
      if (!endsWith(typeLine, "-----")) continue;
      const label = typeLine.subarray(0, -5);
      let headers = 0;
      for (;;) {
        if (rest.length === 0) break blocks;
        const [line, next] = getLine(rest);
        if (!line.includes(0x3a)) break;
        headers++;
        rest = next;
      }
      let endIndex, trailerIndex;
      if (headers === 0 && startsWith(rest, "-----END ")) [endIndex, trailerIndex] = [0, 9];
      else {
        const i = find(rest, "\n-----END ");
        if (i < 0) continue;
        [endIndex, trailerIndex] = [i, i + 10];
      }
      let trailer = rest.subarray(trailerIndex);
      const trailerLen = label.length + 5;
      if (trailer.length < trailerLen) continue;
      const restOfEnd = trailer.subarray(trailerLen);
      trailer = trailer.subarray(0, trailerLen);
      if (!startsWith(trailer, label.toString("latin1")) || !endsWith(trailer, "-----")) continue;
      if (getLine(restOfEnd)[0].length !== 0) continue;
      const b64 = rest.subarray(0, endIndex).toString("latin1").replace(/[ \t\r\n]/g, "");
      const bytes = goBase64(b64);
      if (!bytes) continue;
      if (label.toString("latin1") === "CERTIFICATE") out.push(bytes);
      input = getLine(rest.subarray(endIndex + 9))[1];
      continue blocks;
    }
  }
  return out;
}

/** Go's answers for every CERTIFICATE block of a file, in order. */
function wanted(expected) {
  const out = typeof expected.der_sha256 === "string" ? [expected] : [];
  return out.concat(expected.additional_certs ?? []);
}

test("corpus: inspect renders the fields Go renders", (t) => {
  const dir = corpusDir();
  if (!dir) return t.skip("no corpus at ../shared/corpus (set CERT_PREFLIGHT_CORPUS)");
  const lines = readFileSync(join(dir, "expected", "certs.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  // Every file: 1,250 files take a few seconds.
  assert.ok(lines.length > 1000, `only ${lines.length} corpus files`);
  const disagreements = [];
  let certs = 0;
  let refused = 0;
  for (const expected of lines) {
    const data = readFileSync(join(dir, expected.path));
    const ders = data.includes("-----BEGIN") ? pemCertificates(data) : [data];
    const want = wanted(expected);
    if (ders.length !== want.length) {
      disagreements.push(`${expected.path}: ${ders.length} CERTIFICATE blocks, Go: ${want.length}`);
      continue;
    }
    ders.forEach((der, i) => {
      certs++;
      const result = lib.inspect(new Uint8Array(der));
      const goError = want[i].parse_error;
      if (goError) {
        refused++;
        const said = result.findings.map((f) => f.message).join(" ");
        if (!result.error_code) disagreements.push(`${expected.path} cert ${i + 1}: accepted, Go: ${goError}`);
        else if (!said.includes(goError)) disagreements.push(`${expected.path} cert ${i + 1}: ${said} -- Go: ${goError}`);
        return;
      }
      if (result.error_code) {
        disagreements.push(`${expected.path} cert ${i + 1}: refused (${result.findings[0]?.message}), Go parses it`);
        return;
      }
      const ours = result.certificates[0];
      for (const [field, goField] of PAIRS) {
        if (JSON.stringify(ours[field]) !== JSON.stringify(want[i][goField])) {
          disagreements.push(`${expected.path} cert ${i + 1}: ${field} ${JSON.stringify(ours[field])}, Go: ${JSON.stringify(want[i][goField])}`);
        }
      }
    });
  }
  t.diagnostic(`${lines.length - disagreements.length}/${lines.length} files agree with Go (${certs} certificates, ${refused} refused by Go)`);
  assert.ok(refused > 10, `only ${refused} certificates Go refuses`);
  assert.deepEqual(disagreements, []);
});

test("corpus: inspect reads whole PEM files as the gateway reads cert_content", (t) => {
  const dir = corpusDir();
  if (!dir) return t.skip("no corpus at ../shared/corpus (set CERT_PREFLIGHT_CORPUS)");
  // Text PEM files whose certificates Go all parsed: every certificate, in order, with Go's fields.
  const lines = readFileSync(join(dir, "expected", "certs.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .filter((e) => e.input_format === "pem" && wanted(e).length > 0 && wanted(e).every((w) => !w.parse_error));
  const disagreements = [];
  let read = 0;
  for (const expected of lines) {
    const data = readFileSync(join(dir, expected.path));
    if (data.includes(0) || !Buffer.from(data.toString("utf8")).equals(data)) continue; // binary around the PEM: APIG.2106
    read++;
    const result = lib.inspect(data);
    const got = result.certificates.map((c) => c.serial_number);
    const want = wanted(expected).map((w) => w.serial_number);
    if (JSON.stringify(got) !== JSON.stringify(want)) disagreements.push(`${expected.path}: ${result.error_msg ?? got}, Go: ${want}`);
  }
  t.diagnostic(`${read - disagreements.length}/${read} text PEM files read whole as Go reads them`);
  assert.ok(read > 300, `only ${read} text PEM files`);
  assert.deepEqual(disagreements, []);
});
