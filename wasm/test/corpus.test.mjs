// Conformance with Go 1.19 through the package: `inspect` on files of the shared corpus renders
// every gateway field as Go's crypto/x509 did (expected/certs.jsonl, made by the Go oracle), and
// refuses what Go refuses. The reading is the Rust corpus test's (tests/corpus_certs.rs).
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
  // Every file whose certificates Go all parsed: 1,250 files take about a second.
  const readable = lines.filter((e) => !e.error && wanted(e).length > 0 && wanted(e).every((w) => !w.parse_error));
  assert.ok(readable.length > 500, `only ${readable.length} readable corpus files`);
  const disagreements = [];
  let certs = 0;
  for (const expected of readable) {
    const result = lib.inspect(readFileSync(join(dir, expected.path)));
    const want = wanted(expected);
    if (result.error_code) {
      disagreements.push(`${expected.path}: refused (${result.error_code} ${result.error_msg}), Go parses it`);
      continue;
    }
    if (result.certificates.length !== want.length) {
      disagreements.push(`${expected.path}: ${result.certificates.length} certificates, Go: ${want.length}`);
      continue;
    }
    result.certificates.forEach((ours, i) => {
      certs++;
      for (const [field, goField] of PAIRS) {
        if (JSON.stringify(ours[field]) !== JSON.stringify(want[i][goField])) {
          disagreements.push(`${expected.path} cert ${i + 1}: ${field} ${JSON.stringify(ours[field])}, Go: ${JSON.stringify(want[i][goField])}`);
        }
      }
    });
  }
  t.diagnostic(`${readable.length - disagreements.length}/${readable.length} files agree with Go (${certs} certificates)`);
  assert.deepEqual(disagreements, []);
});

test("corpus: what Go cannot parse, inspect refuses with Go's reason", (t) => {
  const dir = corpusDir();
  if (!dir) return t.skip("no corpus at ../shared/corpus (set CERT_PREFLIGHT_CORPUS)");
  const refused = readFileSync(join(dir, "expected", "certs.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l))
    .filter((e) => wanted(e).some((w) => w.parse_error));
  assert.ok(refused.length > 10, `only ${refused.length} refused corpus files`);
  const disagreements = [];
  for (const expected of refused) {
    const result = lib.inspect(readFileSync(join(dir, expected.path)));
    const reason = wanted(expected).find((w) => w.parse_error).parse_error;
    const said = result.findings.map((f) => f.message).join(" ");
    if (!result.error_code) disagreements.push(`${expected.path}: accepted, Go: ${reason}`);
    else if (!said.includes(reason)) disagreements.push(`${expected.path}: ${said} -- Go: ${reason}`);
  }
  t.diagnostic(`${refused.length - disagreements.length}/${refused.length} refusals agree with Go`);
  assert.deepEqual(disagreements, []);
});
