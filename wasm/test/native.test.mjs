// The WebAssembly package answers exactly as the native command line: `check --format report`,
// `request` and `inspect --format json`, run on the same inputs in the same test (the CLI is
// built by cargo first), so that neither side can drift from a stale fixture.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  AT, BUNDLE, INTERMEDIATE, KEY, LEAF, ROOT_CA, SCENARIOS, bodyText, corpusDir, lib, native,
} from "./support.mjs";

/** `check --request` on the body, and the package's `preflight`: the same report/v1 document. */
function compareCheck(name, body, extra = [], options = {}) {
  const cli = native(["check", "--request", "body.json", "--format", "report", "--at", AT, ...extra], {
    "body.json": typeof body === "string" || body instanceof Uint8Array ? body : bodyText(body),
  });
  assert.ok(cli.status === 0 || cli.status === 1, `${name}: native exit ${cli.status}: ${cli.stderr}`);
  const ours = lib.preflight(body, { at: AT, ...options });
  // The report/v1 document is the library's, the same from every front; the command line adds
  // what only it knows (its version, the input files, the time it checked for, findings located
  // in those files, its --fail-on gate).
  const cliReport = JSON.parse(cli.stdout);
  const core = Object.fromEntries(Object.keys(ours.report).map((k) => [k, cliReport[k]]));
  assert.deepEqual(ours.report, core, name);
  assert.deepEqual(
    Object.keys(cliReport).filter((k) => !(k in ours.report)).sort(),
    ["checked_at", "findings", "gate", "inputs", "tool"],
    name,
  );
  assert.equal(ours.accepted, cli.status === 0, name);
}

test("every scenario: report equal to `cert-preflight check --format report`", () => {
  for (const s of SCENARIOS) compareCheck(s.name, s.body);
});

test("options map to the command line's: project, id, domains, warn days", () => {
  const body = { name: "shop_example", cert_content: BUNDLE, private_key: KEY };
  compareCheck("project and id", body, ["--project-id", "proj", "--id", "0123456789abcdef0123456789abcdef"], {
    projectId: "proj", id: "0123456789abcdef0123456789abcdef",
  });
  compareCheck("domains", body, ["--domain", "shop.example.com", "--domain", "x.example.org"], {
    domains: ["shop.example.com", "x.example.org"],
  });
  compareCheck("warn days", body, ["--warn-days", "4000"], { warnDays: 4000 });
});

test("bodies the gateway refuses before reading: too long, not UTF-8, not an object", () => {
  compareCheck("over 1 MiB", new Uint8Array((1 << 20) + 1).fill(0x20));
  compareCheck("invalid UTF-8", new Uint8Array([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]));
  compareCheck("an array", "[1, 2]");
  compareCheck("null", "null");
});

test("uploadBody equals what `cert-preflight request` prints", () => {
  const cases = [
    { name: "global", cert: BUNDLE, key: KEY, args: [], opts: {} },
    {
      name: "instance with CA", cert: "text before\r\n" + BUNDLE.replace(/\n/g, "\r\n"), key: KEY,
      args: ["--type", "instance", "--instance-id", "f0fa17893b76433ba7879892951c620e", "--trusted-root-ca", "ca.pem"],
      opts: { type: "instance", instanceId: "f0fa17893b76433ba7879892951c620e", trustedRootCa: ROOT_CA },
    },
    { name: "fix order", cert: INTERMEDIATE + LEAF, key: KEY, args: ["--fix-order"], opts: { fixOrder: true } },
    { name: "wrong order, not fixed", cert: INTERMEDIATE + LEAF, key: KEY, args: [], opts: {} },
    { name: "leaf alone", cert: LEAF, key: KEY, args: [], opts: {} },
  ];
  for (const c of cases) {
    const cli = native(
      ["request", "--cert", "cert.pem", "--key", "key.pem", "--name", "shop_example", "--at", AT, ...c.args],
      { "cert.pem": c.cert, "key.pem": c.key, "ca.pem": ROOT_CA },
    );
    const ours = lib.uploadBody(c.cert, c.key, { at: AT, name: "shop_example", ...c.opts });
    if (cli.status === 0) {
      assert.deepEqual(ours.body, JSON.parse(cli.stdout), c.name);
      assert.equal(ours.accepted, true, c.name);
    } else {
      assert.equal(cli.status, 1, `${c.name}: ${cli.stderr}`);
      assert.equal(ours.body, null, c.name);
      assert.ok(cli.stderr.includes(ours.error_code), c.name);
    }
  }
});

test("inspect equals `cert-preflight inspect --format json`", () => {
  const inputs = { "bundle.pem": BUNDLE, "root.pem": ROOT_CA, "junk.txt": "no certificate here", "key.pem": KEY };
  for (const [file, content] of Object.entries(inputs)) {
    const cli = native(["inspect", "--format", "json", file], { [file]: content });
    const line = JSON.parse(cli.stdout);
    const ours = lib.inspect(content);
    if (line.certificates) {
      assert.deepEqual(ours.certificates, line.certificates, file);
    } else {
      assert.equal(ours.error_code, line.error_code, file);
      assert.equal(ours.error_msg, line.error_msg, file);
      assert.equal(ours.findings[0].message, line.diagnostic.message, file);
    }
  }
});

test("corpus certificate/key pairs: report equal to the command line's", (t) => {
  const dir = corpusDir();
  if (!dir) return t.skip("no corpus (set CERT_PREFLIGHT_CORPUS)");
  const pairs = readFileSync(join(dir, "expected", "pairs.jsonl"), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l));
  // Every fourth pair: about 40, each label represented.
  const sample = pairs.filter((_, i) => i % 4 === 0);
  const labels = new Set(sample.map((p) => p.label));
  assert.ok(labels.size >= 3, [...labels].join(","));
  for (const p of sample) {
    // As bytes: the files are read as the command line reads them, not re-encoded.
    const bytes = Buffer.concat([
      Buffer.from('{"name":"corpus_pair","cert_content":'),
      Buffer.from(JSON.stringify(readFileSync(join(dir, p.cert), "utf8"))),
      Buffer.from(',"private_key":'),
      Buffer.from(JSON.stringify(readFileSync(join(dir, p.key), "utf8"))),
      Buffer.from("}"),
    ]);
    compareCheck(`${p.cert} + ${p.key}`, new Uint8Array(bytes));
  }
});
