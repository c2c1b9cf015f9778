// No private key material in any output: results, findings, reports and thrown errors, whatever
// door the key came in by. The one place a key belongs is the `private_key` of an upload body.
import assert from "node:assert/strict";
import { generateKeyPairSync } from "node:crypto";
import { test } from "node:test";
import { AT, BUNDLE, KEY, LEAF, OTHER_KEY, assertNoKey, lib } from "./support.mjs";

/** Two keys of a kind: the one tested, and a twin whose shared runs are structure. */
const pair = (make) => [make(), make()];
const KEYS = {
  "example P-256 (PKCS#8)": [KEY, OTHER_KEY],
  "RSA-2048 (PKCS#1)": pair(() => generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs1", format: "pem" }).toString()),
  "P-384 (SEC1)": pair(() => generateKeyPairSync("ec", { namedCurve: "P-384" })
    .privateKey.export({ type: "sec1", format: "pem" }).toString()),
  "Ed25519 (PKCS#8)": pair(() => generateKeyPairSync("ed25519")
    .privateKey.export({ type: "pkcs8", format: "pem" }).toString()),
};

/** Every call, with the key in every place a value goes. */
function outputs(key) {
  const out = [];
  const call = (what, fn) => {
    try {
      out.push([what, JSON.stringify(fn())]);
    } catch (e) {
      out.push([what, `${e.name}: ${e.message}`]);
    }
  };
  const body = { name: "shop_example", cert_content: BUNDLE, private_key: key };
  call("preflight", () => lib.preflight(body, { at: AT }));
  call("preflight, key as bytes", () => lib.preflight(new TextEncoder().encode(JSON.stringify(body)), { at: AT }));
  for (const field of ["cert_content", "instance_id", "trusted_root_ca"]) {
    call(`key in ${field}`, () => lib.preflight({ ...body, [field]: key }, { at: AT }));
    call(`key in ${field}, JSON-escaped wrongly`, () => lib.preflight(`{"${field}": "${key}"}`, { at: AT }));
  }
  call("key only in a broken body", () => lib.preflight(`{"private_key": "${key.replace(/\n/g, "\\n")}", `, { at: AT }));
  call("key in cert, key in key", () => lib.preflight({ ...body, cert_content: key + LEAF }, { at: AT }));
  call("key with text around", () => lib.preflight({ ...body, private_key: `Bag Attributes\n${key}\ntrailing` }, { at: AT }));
  call("truncated key", () => lib.preflight({ ...body, private_key: key.slice(0, key.length - 60) }, { at: AT }));
  for (const opt of ["at", "projectId", "id", "failOn", "name", "type", "instanceId"]) {
    call(`key as options.${opt}`, () => lib.preflight(body, { at: AT, [opt]: key }));
    call(`key as uploadBody options.${opt}`, () => lib.uploadBody(BUNDLE, KEY, { at: AT, [opt]: key }));
  }
  call("key as a domain", () => lib.preflight(body, { at: AT, domains: [key] }));
  call("key as trustedRootCa", () => lib.uploadBody(BUNDLE, KEY, { at: AT, name: "shop_example", trustedRootCa: key }));
  call("inspect the key", () => lib.inspect(key));
  call("inspect the key as bytes", () => lib.inspect(new TextEncoder().encode(key)));
  call("uploadBody with the key as cert", () => lib.uploadBody(key, key, { at: AT, name: "shop_example" }));
  call("uploadBody refused", () => lib.uploadBody(BUNDLE, key, { at: AT }));
  return out;
}

for (const [kind, [key, twin]] of Object.entries(KEYS)) {
  test(`no ${kind} key material in any output`, () => {
    for (const [what, text] of outputs(key)) assertNoKey(text, key, what, twin);
  });
}

// A `name` or `type` the library refuses is quoted only when it does not look like key material
// (issue 16, finding 1: the library's looks_like_key_material).
test("no key material when the key is the body's name or type (library, issue 16)", () => {
  for (const [key, twin] of Object.values(KEYS)) {
    for (const field of ["name", "type"]) {
      const body = { name: "shop_example", cert_content: BUNDLE, private_key: key, [field]: key };
      assertNoKey(JSON.stringify(lib.preflight(body, { at: AT })), key, `key in ${field}`, twin);
    }
  }
});

test("an accepted upload body holds the key in private_key and nowhere else", () => {
  const r = lib.uploadBody(BUNDLE, KEY, { at: AT, name: "shop_example" });
  assert.equal(r.accepted, true);
  assert.equal(r.body.private_key, KEY);
  assertNoKey(JSON.stringify({ ...r, body: { ...r.body, private_key: "" } }), KEY, "the rest of the result", OTHER_KEY);
});

test("the no-leak check itself finds a key", () => {
  assert.throws(() => assertNoKey(`{"x": ${JSON.stringify(KEY)}}`, KEY, "a planted key"), /key material/);
});
