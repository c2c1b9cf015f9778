// The package's calls: the verdicts of the scenario bodies, every input form, the options,
// misuse, and the bounds.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  AT, BUNDLE, INTERMEDIATE, KEY, LEAF, OTHER_KEY, ROOT_CA, SCENARIOS, bodyText, example, lib,
} from "./support.mjs";

const opts = { at: AT };

test("the accepted example bundle: detail, status, report", () => {
  const r = lib.preflight({ name: "shop_example", cert_content: BUNDLE, private_key: KEY }, { ...opts, projectId: "p1" });
  assert.equal(r.accepted, true);
  assert.equal(r.status, 200);
  assert.equal(r.error_code, null);
  assert.equal(r.error_msg, null);
  assert.equal(r.detail.common_name, "shop.example.com");
  assert.deepEqual(r.detail.san, ["shop.example.com", "www.shop.example.com"]);
  assert.equal(r.detail.project_id, "p1");
  assert.equal(r.detail.instance_id, "common");
  assert.equal(r.detail.create_time, AT);
  assert.match(r.detail.id, /^[0-9a-f]{32}$/);
  assert.deepEqual(r.findings, []);
  assert.equal(r.failed, false);
  assert.equal(r.report.schema, "cert-preflight/report/v1");
  assert.equal(r.report.verdict, "accepted");
  assert.deepEqual(r.report.body, r.detail);
});

test("every scenario gives its gateway code", () => {
  for (const s of SCENARIOS) {
    const r = lib.preflight(s.body, opts);
    if (s.code === null) {
      assert.equal(r.accepted, true, `${s.name}: ${r.error_code} ${r.error_msg}`);
    } else {
      assert.equal(r.accepted, false, s.name);
      assert.equal(r.status, r.report.http_status, s.name);
      assert.ok(r.status >= 400, s.name);
      assert.match(r.error_code, /^APIG\.\d{4}$/, s.name);
      if (s.code.startsWith("APIG.")) assert.equal(r.error_code, s.code, s.name);
      assert.ok(r.findings.length >= 1, s.name);
      assert.equal(r.findings[0].severity, "error", s.name);
      assert.equal(r.findings[0].code, r.error_code, s.name);
      assert.deepEqual(r.report.body, { error_code: r.error_code, error_msg: r.error_msg });
    }
  }
});

test("the gateway's messages for a mismatched key, a missing field and bad JSON", () => {
  const mismatch = lib.preflight({ name: "shop_example", cert_content: BUNDLE, private_key: OTHER_KEY }, opts);
  assert.equal(mismatch.status, 400);
  assert.equal(mismatch.error_msg, "The certificate and private key do not match.");
  const missing = lib.preflight({ name: "shop_example", cert_content: BUNDLE }, opts);
  assert.equal(missing.error_code, "APIG.2001");
  assert.equal(missing.findings[0].field, "private_key");
  const bad = lib.preflight('{"name": "shop_example",', opts);
  assert.equal(bad.error_code, "APIG.2000");
  assert.equal(bad.findings[0].field, "body");
});

test("a chain in the wrong order is refused, and uploadBody with fixOrder puts it leaf-first", () => {
  const r = lib.preflight({ name: "shop_example", cert_content: INTERMEDIATE + LEAF, private_key: KEY }, opts);
  assert.equal(r.accepted, false);
  const fixed = lib.uploadBody(INTERMEDIATE + LEAF, KEY, { ...opts, name: "shop_example", fixOrder: true });
  assert.equal(fixed.accepted, true, fixed.error_msg);
  assert.deepEqual(fixed.reordered, [2, 1]);
  assert.equal(fixed.body.cert_content, LEAF + INTERMEDIATE);
  const unfixed = lib.uploadBody(INTERMEDIATE + LEAF, KEY, { ...opts, name: "shop_example" });
  assert.equal(unfixed.body, null);
  assert.equal(unfixed.error_code, r.error_code);
});

test("a body as a string, as bytes, as an ArrayBuffer and as an object gives one answer", () => {
  const body = { name: "shop_example", cert_content: BUNDLE, private_key: KEY };
  const text = JSON.stringify(body);
  const bytes = new TextEncoder().encode(text);
  const answers = [text, bytes, bytes.buffer, Buffer.from(text), body].map((b) => lib.preflight(b, opts));
  for (const a of answers) assert.deepEqual(a, answers[0]);
});

test("uploadBody normalises the PEM and returns what `request` prints", () => {
  const crlf = "Bag Attributes\r\n" + BUNDLE.replace(/\n/g, "\r\n");
  const r = lib.uploadBody(crlf, new TextEncoder().encode(KEY), {
    ...opts, name: "shop_example", type: "instance", instanceId: "abc", trustedRootCa: ROOT_CA,
  });
  assert.equal(r.accepted, true, r.error_msg);
  assert.deepEqual(Object.keys(r.body), ["name", "cert_content", "private_key", "type", "instance_id", "trusted_root_ca"]);
  assert.equal(r.body.cert_content, BUNDLE);
  assert.equal(r.body.private_key, KEY);
  assert.equal(r.body.type, "instance");
  assert.equal(r.reordered, null);
  assert.equal(r.detail.instance_id, "abc");
  const global = lib.uploadBody(BUNDLE, KEY, { ...opts, name: "shop_example" });
  assert.deepEqual(Object.keys(global.body), ["name", "cert_content", "private_key", "type"]);
});

test("uploadBody refuses DER bytes in a PEM field with APIG.2106, as the command line does", () => {
  const der = Buffer.from(LEAF.split("\n").filter((l) => l && !l.startsWith("-----")).join(""), "base64");
  const r = lib.uploadBody(new Uint8Array(der), KEY, { ...opts, name: "shop_example" });
  assert.equal(r.accepted, false);
  assert.equal(r.error_code, "APIG.2106");
  assert.equal(r.body, null);
});

test("inspect reads PEM text, PEM bytes and DER", () => {
  const pem = lib.inspect(BUNDLE);
  assert.equal(pem.error_code, null);
  assert.deepEqual(pem.certificates.map((c) => c.common_name), ["shop.example.com", "Example Issuing CA 1"]);
  assert.deepEqual(lib.inspect(new TextEncoder().encode(BUNDLE)), pem);
  const der = Buffer.from(LEAF.split("\n").filter((l) => l && !l.startsWith("-----")).join(""), "base64");
  assert.deepEqual(lib.inspect(new Uint8Array(der)).certificates, [pem.certificates[0]]);
  const junk = lib.inspect("hello");
  assert.deepEqual(junk.certificates, []);
  assert.match(junk.error_code, /^APIG\./);
  assert.equal(junk.findings[0].severity, "error");
});

test("options: at as a Date, domains, warnDays, failOn, id", () => {
  const body = { name: "shop_example", cert_content: BUNDLE, private_key: KEY };
  assert.deepEqual(lib.preflight(body, { at: new Date(AT) }), lib.preflight(body, opts));
  const covered = lib.preflight(body, { ...opts, domains: ["www.shop.example.com"] });
  assert.equal(covered.accepted, true);
  const uncovered = lib.preflight(body, { ...opts, domains: ["shop.example.org"] });
  assert.equal(uncovered.error_code, "APIG.2103");
  // Expiring within warnDays: a warning, and failOn "warning" fails the gate.
  const late = { at: "2037-11-01T00:00:00Z" };
  const soon = lib.preflight(body, { ...late, warnDays: 30, failOn: "warning" });
  assert.equal(soon.accepted, true);
  assert.ok(soon.findings.some((f) => f.severity === "warning"));
  assert.equal(soon.failed, true);
  assert.equal(lib.preflight(body, { ...late, warnDays: 1, failOn: "warning" }).failed, false);
  assert.equal(lib.preflight(body, { ...late, warnDays: 30 }).failed, false);
  const id = "0123456789abcdef0123456789abcdef";
  assert.equal(lib.preflight(body, { ...opts, id }).detail.id, id);
  // Without `at`, the clock is now: the response times are today's.
  const now = lib.preflight(body);
  assert.equal(now.detail.create_time.slice(0, 10), new Date().toISOString().slice(0, 10));
});

test("misuse throws TypeError or RangeError, never quoting the value", () => {
  const body = { name: "shop_example", cert_content: BUNDLE, private_key: KEY };
  const secret = KEY;
  const cases = [
    [() => lib.preflight(undefined), TypeError],
    [() => lib.preflight(body, { at: secret }), RangeError],
    [() => lib.preflight(body, { at: 5 }), TypeError],
    [() => lib.preflight(body, { at: new Date("nope") }), RangeError],
    [() => lib.preflight(body, { warnDays: -1 }), RangeError],
    [() => lib.preflight(body, { warnDays: "30" }), TypeError],
    [() => lib.preflight(body, { failOn: secret }), RangeError],
    [() => lib.preflight(body, { id: secret }), RangeError],
    [() => lib.preflight(body, { domains: secret }), TypeError],
    [() => lib.preflight(body, { domains: [secret + "x".repeat(5000)] }), RangeError],
    [() => lib.preflight(body, { projectId: 7 }), TypeError],
    [() => lib.preflight(body, "options"), TypeError],
    [() => lib.uploadBody(7, KEY), TypeError],
    [() => lib.uploadBody(BUNDLE, KEY, { fixOrder: "yes" }), TypeError],
    [() => lib.inspect({}), TypeError],
  ];
  for (const [call, kind] of cases) {
    assert.throws(call, (e) => {
      assert.ok(e instanceof kind, `${e.name}: ${e.message}`);
      assert.ok(!e.message.includes("BEGIN") && !e.message.includes("MIG"), e.message);
      return true;
    });
  }
});

test("a body over 1 MiB is the gateway's APIG.2006, read no further", () => {
  const big = "x".repeat((1 << 20) + 1);
  const asText = lib.preflight(big, opts);
  assert.equal(asText.error_code, "APIG.2006");
  assert.equal(asText.findings[0].id, "request.body-too-long");
  const huge = lib.preflight(new Uint8Array(64 << 20), opts);
  assert.equal(huge.error_code, "APIG.2006");
  assert.match(huge.findings[0].message, /longer than 1048576 bytes/);
  assert.throws(() => lib.inspect(new Uint8Array((1 << 20) + 1)), RangeError);
  assert.throws(() => lib.uploadBody(big, KEY), RangeError);
});

test("any bytes in any field: a result, never a crash", () => {
  let seed = 7;
  const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const pieces = [BUNDLE, KEY, ROOT_CA, "-----BEGIN CERTIFICATE-----\n", "\u0000", "\r\n", "\ud800", "é", "{", "null"];
  for (let i = 0; i < 300; i++) {
    const field = () => {
      let s = "";
      for (let n = Math.floor(rand() * 4); n > 0; n--) {
        const p = pieces[Math.floor(rand() * pieces.length)];
        const cut = Math.floor(rand() * p.length);
        s += rand() < 0.5 ? p.slice(0, cut) : p.slice(cut);
      }
      return s;
    };
    const body = { name: field(), cert_content: field(), private_key: field(), type: field(), instance_id: field(), trusted_root_ca: field() };
    const r = lib.preflight(body, opts);
    assert.equal(typeof r.accepted, "boolean");
    const bytes = new Uint8Array(Math.floor(rand() * 200)).map(() => Math.floor(rand() * 256));
    assert.equal(typeof lib.preflight(bytes, opts).accepted, "boolean");
    assert.ok(Array.isArray(lib.inspect(bytes).certificates));
  }
});

test("version and suggestName", () => {
  assert.match(lib.version(), /^\d+\.\d+\.\d+/);
  assert.equal(lib.suggestName("my-cert.pem"), "my_cert_pem");
  assert.equal(typeof example("bundle.pem"), "string");
  assert.equal(bodyText({ a: 1 }), '{"a":1}');
});
