// Builds the WebAssembly package: `npm --prefix wasm run build`.
//
// 1. the wasm32-unknown-unknown target (rustup), the wasm-bindgen CLI at exactly the version of
//    the wasm-bindgen crate in Cargo.lock (installed with cargo when missing or different), and
//    the npm packages of package-lock.json (`npm ci` when binaryen's wasm-opt is not there);
// 2. `cargo build --profile wasm-release` (opt-level "s", LTO; see the root Cargo.toml);
// 3. wasm-bindgen: a Node package in wasm/pkg (CommonJS, with TypeScript declarations) and an ES
//    module for browsers in wasm/www/pkg (the local page loads it);
// 4. wasm-opt -Oz (binaryen from npm, pinned in package.json), then prints the sizes.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const wasmDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const root = join(wasmDir, "..");
const target = "wasm32-unknown-unknown";
const profile = "wasm-release";

function run(cmd, args, opts = {}) {
  console.log(`$ ${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { stdio: "inherit", cwd: root, ...opts });
  if (r.error) throw r.error;
  return r.status;
}

function must(cmd, args, opts) {
  const status = run(cmd, args, opts);
  if (status !== 0) {
    console.error(`build: \`${cmd} ${args.join(" ")}\` failed (exit ${status})`);
    process.exit(1);
  }
}

/** The version of a package in Cargo.lock. */
function lockedVersion(name) {
  const lock = readFileSync(join(root, "Cargo.lock"), "utf8");
  const m = lock.match(new RegExp(`\\[\\[package\\]\\]\\nname = "${name}"\\nversion = "([^"]+)"`));
  if (!m) throw new Error(`${name} is not in Cargo.lock`);
  return m[1];
}

function output(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return null;
  }
}

function ensureTarget() {
  const installed = output("rustup", ["target", "list", "--installed"]) ?? "";
  if (!installed.split("\n").includes(target)) must("rustup", ["target", "add", target]);
}

/** The wasm-bindgen CLI must be the crate's version: the generated glue and the module's
 *  custom sections are a private protocol between the two. */
function ensureBindgen(version) {
  const have = output("wasm-bindgen", ["--version"]);
  if (have === `wasm-bindgen ${version}`) return;
  console.log(`build: wasm-bindgen ${version} needed (found: ${have ?? "none"}); installing it`);
  const args = ["install", "wasm-bindgen-cli", "--version", version, "--locked"];
  if (run("cargo", args) === 0) return;
  // The CLI's own lock file can name a dependency version the registry here does not hold;
  // then its dependencies are resolved afresh (the CLI version itself stays pinned).
  console.error("build: !!! `cargo install --locked` failed; retrying without --locked");
  must("cargo", args.filter((a) => a !== "--locked"));
}

function size(path) {
  const bytes = readFileSync(path);
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

function kib(n) {
  return `${(n / 1024).toFixed(0)} KiB`;
}

/** Rust's default wasm features (rustc 1.82+) that binaryen must be told about. */
const WASM_FEATURES = [
  "--enable-bulk-memory",
  "--enable-mutable-globals",
  "--enable-nontrapping-float-to-int",
  "--enable-sign-ext",
  "--enable-reference-types",
  "--enable-multivalue",
];

/** binaryen's wasm-opt from npm (wasm/package.json pins it): Debian's (version 108) is too old
 *  for the reference-types code wasm-bindgen emits. */
const wasmOpt = join(wasmDir, "node_modules", ".bin", "wasm-opt");

/** The npm packages of package-lock.json (binaryen among them), when not installed yet. */
function ensureNodeModules() {
  if (!existsSync(wasmOpt)) must("npm", ["ci", "--no-audit", "--no-fund"], { cwd: wasmDir });
}

function optimize(file) {
  must(wasmOpt, ["-Oz", ...WASM_FEATURES, file, "-o", file]);
}

function bindgen(wasm, outDir, jsTarget) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  must("wasm-bindgen", [
    "--target", jsTarget,
    "--out-dir", outDir,
    "--out-name", "cert_preflight",
    wasm,
  ]);
  optimize(join(outDir, "cert_preflight_bg.wasm"));
}

const bindgenVersion = lockedVersion("wasm-bindgen");
const version = lockedVersion("cert-preflight-wasm");
ensureTarget();
ensureBindgen(bindgenVersion);
ensureNodeModules();
must("cargo", ["build", "-p", "cert-preflight-wasm", "--lib", "--target", target, "--profile", profile]);

const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, "target");
const built = join(targetDir, target, profile, "cert_preflight_wasm.wasm");
if (!existsSync(built)) throw new Error(`no module at ${built}`);

const pkg = join(wasmDir, "pkg");
bindgen(built, pkg, "nodejs");
writeFileSync(
  join(pkg, "package.json"),
  JSON.stringify(
    {
      name: "cert-preflight",
      version,
      description:
        "The API gateway's certificate verdict (Open Telekom Cloud / Huawei Cloud CreateCertificateV2), locally, in WebAssembly.",
      license: "MIT OR Apache-2.0",
      main: "cert_preflight.js",
      types: "cert_preflight.d.ts",
      files: ["cert_preflight.js", "cert_preflight.d.ts", "cert_preflight_bg.wasm", "cert_preflight_bg.wasm.d.ts"],
      engines: { node: ">=18" },
    },
    null,
    2,
  ) + "\n",
);
bindgen(built, join(wasmDir, "www", "pkg"), "web");

const before = statSync(built).size;
const after = size(join(pkg, "cert_preflight_bg.wasm"));
console.log(
  `build: cert_preflight_bg.wasm ${after.raw} bytes (${kib(after.raw)}; gzip -9 ${kib(after.gzip)}); ` +
    `${before} bytes before wasm-bindgen and wasm-opt; wasm-bindgen ${bindgenVersion}`,
);
