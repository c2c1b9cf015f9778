// The local page in a real browser: Debian's Chromium, headless, driven by playwright-core,
// against the page served on 127.0.0.1 by scripts/serve.mjs. A good and a broken bundle are
// filled in; the verdicts, findings, fields and upload body are checked; every request the page
// makes is recorded and must go to its own origin; screenshots of both states go to docs/.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "../scripts/serve.mjs";

const wasmDir = resolve(fileURLToPath(import.meta.url), "..", "..");
const root = resolve(wasmDir, "..");
const example = (name) => readFileSync(join(root, "examples", name), "utf8");
const BUNDLE = example("bundle.pem");
const KEY = example("key.pem");
const [LEAF, INTERMEDIATE] = BUNDLE.match(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----\n/g);
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const AT = "2030-01-01T00:00:00";

let server, url, browser, page, profile;
const requests = [];

before(async () => {
  assert.ok(existsSync(join(wasmDir, "www", "pkg", "cert_preflight.js")), "run `npm --prefix wasm run build` first");
  ({ server, url } = await startServer({ root: join(wasmDir, "www"), port: 0 }));
  profile = mkdtempSync(join(tmpdir(), "cert-preflight-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 1000 },
    deviceScaleFactor: 1,
    args: [
      "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
  browser = context;
  page = context.pages()[0] ?? (await context.newPage());
  // Every request the page makes, whatever its kind (document, script, fetch, image, websocket).
  context.on("request", (r) => requests.push(r.url()));
  context.on("websocket", (w) => requests.push(w.url()));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
});

after(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok()));
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function fill({ cert, key, type = "global", instanceId = "" }) {
  await page.click("#clear");
  await page.fill("#name", "shop_example");
  await page.click(`.segmented label:has(input[value=${type}])`);
  if (type === "instance") await page.fill("#instance-id", instanceId);
  await page.fill("#cert", cert);
  await page.fill("#key", key);
  await page.evaluate(() => (document.querySelector("details.more").open = true));
  await page.fill("#at", AT);
  await page.click("#run");
  await page.waitForSelector("#verdict:not(.hidden)");
}

const text = (sel) => page.textContent(sel);

test("a good bundle: accepted, its fields, and the exact upload body", async () => {
  await fill({ cert: BUNDLE, key: KEY, type: "instance", instanceId: "f0fa17893b76433ba7879892951c620e" });
  assert.equal(await page.getAttribute("#verdict", "data-verdict"), "accepted");
  assert.match(await text("#verdict-title"), /Accepted · HTTP 200/);
  assert.equal(await page.isHidden("#findings-card"), true);
  const certs = await text("#certs");
  assert.match(certs, /shop\.example\.com/);
  assert.match(certs, /Example Issuing CA 1/);
  const response = JSON.parse(await text("#response"));
  assert.equal(response.common_name, "shop.example.com");
  assert.equal(response.instance_id, "f0fa17893b76433ba7879892951c620e");
  // The body shown hides the key; the one copied is whole and equals the package's.
  const shown = await text("#upload-body");
  assert.ok(!shown.includes(KEY.split("\n")[1]), "the key is not displayed");
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: url });
  await page.click("#copy");
  await page.waitForFunction(() => document.getElementById("copy").textContent !== "Copy JSON");
  const copied = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
  assert.deepEqual(Object.keys(copied), ["name", "cert_content", "private_key", "type", "instance_id"]);
  assert.equal(copied.private_key, KEY);
  assert.equal(copied.cert_content, BUNDLE);
  await page.screenshot({ path: join(root, "docs", "wasm-page-accepted.png"), fullPage: true });
});

test("a broken bundle: rejected with the gateway's code, findings with fixes, no upload body", async () => {
  await fill({ cert: INTERMEDIATE + LEAF, key: KEY });
  assert.equal(await page.getAttribute("#verdict", "data-verdict"), "rejected");
  assert.match(await text("#verdict-title"), /Rejected · HTTP 400 · APIG\.\d{4}/);
  assert.equal(await page.isVisible("#findings-card"), true);
  const findings = await page.$$eval(".finding", (els) => els.map((e) => e.textContent));
  assert.ok(findings.length >= 1);
  assert.ok(await page.isVisible(".finding .fix"), "a finding shows its fix");
  assert.equal(await page.isHidden("#upload-card"), true);
  const response = JSON.parse(await text("#response"));
  assert.match(response.error_code, /^APIG\./);
  await page.screenshot({ path: join(root, "docs", "wasm-page-rejected.png"), fullPage: true });
});

test("a mismatched key names APIG.2101", async () => {
  const other = readFileSync(join(root, "tests", "data", "keys", "rsa2048.pem"), "utf8");
  await fill({ cert: BUNDLE, key: other });
  assert.match(await text("#verdict-title"), /APIG\.\d{4}/);
  assert.equal(await page.getAttribute("#verdict", "data-verdict"), "rejected");
});

test("a dropped DER file is read as bytes and diagnosed as the command line does", async () => {
  const der = Buffer.from(LEAF.split("\n").filter((l) => l && !l.startsWith("-----")).join(""), "base64");
  const dir = mkdtempSync(join(tmpdir(), "cert-preflight-der-"));
  try {
    writeFileSync(join(dir, "leaf.der"), der);
    await page.click("#clear");
    await page.setInputFiles(".pem[data-field=cert] input[type=file]", join(dir, "leaf.der"));
    await page.waitForFunction(() => document.getElementById("cert").value.startsWith("(binary file"));
    await page.fill("#key", KEY);
    await page.click("#run");
    await page.waitForSelector("#verdict:not(.hidden)");
    assert.match(await text("#verdict-title"), /APIG\.2106/);
    assert.match(await text("#findings"), /DER/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("certificate strings are shown as text, never run as HTML", async () => {
  const dir = mkdtempSync(join(tmpdir(), "cert-preflight-html-"));
  try {
    const cn = "<img src=x onerror=window.__pwned=1>";
    execFileSync("openssl", [
      "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "30",
      "-subj", `/CN=${cn}/O=<b>bold`, "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem"),
    ], { stdio: "ignore" });
    await page.click("#clear");
    await page.fill("#cert", readFileSync(join(dir, "cert.pem"), "utf8"));
    await page.fill("#key", readFileSync(join(dir, "key.pem"), "utf8"));
    await page.fill("#at", "");
    await page.click("#run");
    await page.waitForSelector("#verdict:not(.hidden)");
    assert.match(await text("#certs"), /<img src=x onerror=window\.__pwned=1>/);
    assert.match(await text("#certs"), /<b>bold/);
    assert.equal(await page.$$eval("#result img, #result b", (els) => els.length), 0);
    assert.equal(await page.evaluate(() => window.__pwned), undefined);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("no request left the page's own origin", () => {
  assert.ok(requests.length >= 4, `requests seen: ${requests.join(", ")}`);
  const origin = new URL(url).origin;
  const foreign = requests.filter((r) => new URL(r).origin !== origin && !r.startsWith("blob:") && !r.startsWith("data:"));
  assert.deepEqual(foreign, []);
  assert.ok(requests.some((r) => r.endsWith(".wasm")), "the module was loaded from the page's origin");
});
