// WebAssembly pre-flight time under Node against native, on the benchmark bundles of
// benches/support/bundles.rs (those of `cargo bench --bench preflight` preflight/full/...).
//
//   npm --prefix wasm run bench [-- SAMPLES]      (build first: npm --prefix wasm run build)
//
// The native side (examples/bench_native.rs, built with the release profile) writes the bodies
// and its medians; this script times the package's `preflight(body, {at, id})` on the same bodies
// in the same run, and prints the medians and the ratios wasm / native.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const wasmDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const root = resolve(wasmDir, "..");
const samples = Number(process.argv[2] ?? 200);
// CERT_PREFLIGHT_PKG: another build of the package to measure (default wasm/pkg).
const pkgDir = process.env.CERT_PREFLIGHT_PKG ?? join(wasmDir, "pkg");
const lib = createRequire(import.meta.url)(join(resolve(pkgDir), "cert_preflight.js"));

const dir = mkdtempSync(join(tmpdir(), "cert-preflight-bench-"));
let rows;
try {
  const out = join(dir, "bundles.json");
  execFileSync(
    "cargo",
    ["run", "-q", "--release", "-p", "cert-preflight-wasm", "--example", "bench_native", "--", out, String(samples)],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
  );
  rows = JSON.parse(readFileSync(out, "utf8"));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Median of `samples` timings of `f`, each over enough calls to last about 2 ms. */
function medianNs(f) {
  let calls = 0;
  const start = process.hrtime.bigint();
  while (process.hrtime.bigint() - start < 2_000_000n || calls < 1) {
    f();
    calls++;
  }
  const times = [];
  for (let s = 0; s < samples; s++) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) f();
    times.push(Number(process.hrtime.bigint() - t) / calls);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const us = (ns) => (ns / 1000).toFixed(1).padStart(8);
console.log(`\nnode ${process.version}, ${samples} samples per median, times in µs per pre-flight`);
console.log("bundle     native preflight  native body->report   wasm preflight()   wasm/native  wasm/native(body)");
for (const row of rows) {
  const opts = { at: row.at, id: row.id };
  const check = lib.preflight(row.body, opts);
  if (!check.accepted) throw new Error(`${row.name}: ${check.error_code} ${check.error_msg}`);
  const wasm = medianNs(() => lib.preflight(row.body, opts));
  console.log(
    `${row.name.padEnd(10)} ${us(row.native_full_ns)}          ${us(row.native_body_ns)}            ` +
      `${us(wasm)}        ${(wasm / row.native_full_ns).toFixed(2).padStart(5)}x       ${(wasm / row.native_body_ns).toFixed(2).padStart(5)}x`,
  );
}
