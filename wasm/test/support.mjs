// Shared by the Node tests: the built package, the example files, the corpus, the native CLI.
import { execFileSync, spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const wasmDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const root = resolve(wasmDir, "..");

const pkgPath = join(wasmDir, "pkg", "cert_preflight.js");
if (!existsSync(pkgPath)) {
  throw new Error(`${pkgPath} is missing: run \`npm --prefix wasm run build\` first`);
}
/** The package under test, loaded as a user would load it. */
export const lib = createRequire(import.meta.url)(pkgPath);

/** The clock of every comparison: inside the example bundle's validity. */
export const AT = "2030-01-01T00:00:00Z";

export const example = (name) => readFileSync(join(root, "examples", name), "utf8");
export const BUNDLE = example("bundle.pem");
export const KEY = example("key.pem");
export const ROOT_CA = example("root-ca.pem");

/** The PEM blocks of a text, in order. */
export function blocks(pem) {
  return pem.match(/-----BEGIN [^-]+-----[\s\S]*?-----END [^-]+-----\n?/g) ?? [];
}
export const [LEAF, INTERMEDIATE] = blocks(BUNDLE);

/** Another P-256 key, made now: the example leaf's key it is not. */
export const OTHER_KEY = generateKeyPairSync("ec", { namedCurve: "P-256" })
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

const base64Of = (pem) =>
  pem
    .split("\n")
    .filter((l) => l && !l.startsWith("-----") && !l.includes(":"))
    .join("");

/** Runs of the key's base64 long enough to identify it (16 characters, 12 bytes), less those
 *  that are structure rather than secret: found in `twin` (another key of the same kind, so
 *  its DER headers and algorithm identifiers) or in public certificates. */
export function keyFragments(pem, twin = "", publicTexts = [BUNDLE, ROOT_CA]) {
  const b64 = base64Of(pem);
  const common = base64Of(twin);
  const out = [];
  for (let i = 0; i + 16 <= b64.length; i += 4) {
    const f = b64.slice(i, i + 16);
    if (!common.includes(f) && !publicTexts.some((t) => t.includes(f))) out.push(f);
  }
  return out;
}

/** Throws when any identifying run of the key is in `text`. */
export function assertNoKey(text, keyPem, where, twin = "") {
  const fragments = keyFragments(keyPem, twin);
  if (fragments.length < 8) throw new Error(`too few secret fragments in the key (${fragments.length})`);
  for (const f of fragments) {
    if (text.includes(f)) throw new Error(`key material (${f.slice(0, 4)}...) found in ${where}`);
  }
}

/** The scenarios, as request bodies: the same kinds as the native tests and the Python package's. */
export const SCENARIOS = [
  {
    name: "accepted example bundle",
    body: { name: "shop_example", cert_content: BUNDLE, private_key: KEY },
    code: null,
  },
  {
    name: "accepted instance certificate with trusted root CA",
    body: {
      name: "shop_instance",
      cert_content: BUNDLE,
      private_key: KEY,
      type: "instance",
      instance_id: "f0fa17893b76433ba7879892951c620e",
      trusted_root_ca: ROOT_CA,
    },
    code: null,
  },
  {
    name: "leaf alone (accepted, with warnings)",
    body: { name: "shop_leaf", cert_content: LEAF, private_key: KEY },
    code: null,
  },
  {
    name: "mismatched key",
    body: { name: "shop_example", cert_content: BUNDLE, private_key: OTHER_KEY },
    code: "APIG.2101",
  },
  {
    name: "missing private_key",
    body: { name: "shop_example", cert_content: BUNDLE },
    code: "APIG.2001",
  },
  {
    name: "bad JSON",
    body: '{"name": "shop_example", "cert_content": ',
    code: "APIG.2000",
  },
  {
    name: "wrong chain order",
    body: { name: "shop_example", cert_content: INTERMEDIATE + LEAF, private_key: KEY },
    code: "wrong-order",
  },
  {
    name: "key pasted as the certificate",
    body: { name: "shop_example", cert_content: KEY, private_key: KEY },
    code: "rejected",
  },
  {
    name: "instance without instance_id",
    body: { name: "shop_example", cert_content: BUNDLE, private_key: KEY, type: "instance" },
    code: "rejected",
  },
  {
    name: "invalid name",
    body: { name: "1 bad name", cert_content: BUNDLE, private_key: KEY },
    code: "rejected",
  },
];

/** The corpus of real-world certificates with Go's answers, or null; under CI its absence fails. */
export function corpusDir() {
  const dir = process.env.CERT_PREFLIGHT_CORPUS ?? resolve(root, "..", "shared", "corpus");
  if (existsSync(join(dir, "expected", "certs.jsonl"))) return dir;
  if (process.env.CI) throw new Error(`no corpus at ${dir} (CI is set: set CERT_PREFLIGHT_CORPUS)`);
  return null;
}

let cliPath = null;
/** The native `cert-preflight` binary, built once (incremental; a no-op when it is up to date). */
export function nativeCli() {
  if (cliPath) return cliPath;
  execFileSync("cargo", ["build", "-q", "-p", "cert-preflight-cli"], { cwd: root, stdio: "inherit" });
  const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, "target");
  cliPath = join(targetDir, "debug", "cert-preflight");
  return cliPath;
}

/** Runs the native CLI; files named in `files` are written to a temporary folder first and
 *  their names in `args` replaced by their paths. */
export function native(args, files = {}) {
  const dir = mkdtempSync(join(tmpdir(), "cert-preflight-wasm-"));
  try {
    const paths = {};
    for (const [name, content] of Object.entries(files)) {
      paths[name] = join(dir, name);
      writeFileSync(paths[name], content);
    }
    const argv = args.map((a) => paths[a] ?? a);
    const r = spawnSync(nativeCli(), argv, { encoding: "utf8", maxBuffer: 64 << 20 });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The body as the bytes sent: objects as JSON. */
export const bodyText = (body) => (typeof body === "string" ? body : JSON.stringify(body));
