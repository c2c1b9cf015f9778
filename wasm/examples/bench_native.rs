//! The native side of the WebAssembly benchmark (`npm --prefix wasm run bench`): writes the
//! benchmark bundles of `benches/support/bundles.rs` (the ones `cargo bench --bench preflight`
//! measures as `preflight/full/...`) as request bodies, and times the same pre-flights natively.
//!
//! Usage: `cargo run --release -p cert-preflight-wasm --example bench_native -- OUT.json [SAMPLES]`
//! OUT.json: `[{name, body, at, id, native_full_ns, native_body_ns}]`, each time a median over
//! SAMPLES samples (default 200) of one pre-flight: `full` is the library's `preflight` on a
//! parsed form (criterion's `preflight/full`), `body` is what the WebAssembly call does natively:
//! read the JSON body, pre-flight, write the `report/v1` document.

#[path = "../../benches/support/bundles.rs"]
mod bundles;

use cert_preflight::{preflight, CertificateForm, Report, UploadBody};
use std::hint::black_box;
use std::time::Instant;

/// The median of `samples` timings of `f`, each over enough calls to last about 200 µs.
fn median_ns(samples: usize, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    let mut calls = 0u32;
    while start.elapsed().as_micros() < 200 || calls < 1 {
        f();
        calls += 1;
    }
    let mut times: Vec<f64> = (0..samples)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..calls {
                f();
            }
            t.elapsed().as_nanos() as f64 / f64::from(calls)
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().expect("usage: bench_native OUT.json [SAMPLES]");
    let samples: usize = args
        .next()
        .map_or(200, |s| s.parse().expect("a number of samples"));
    let opts = bundles::options();
    let mut rows = Vec::new();
    for b in bundles::bundles() {
        let body = serde_json::to_string(&UploadBody::from(&b.form)).expect("serializes");
        assert!(
            preflight(&b.form, &opts).is_ok(),
            "{} must be accepted",
            b.name
        );
        let full = median_ns(samples, || {
            black_box(preflight(black_box(&b.form), &opts).is_ok());
        });
        let end_to_end = median_ns(samples, || {
            let form = CertificateForm::from_json(black_box(body.as_bytes())).expect("a body");
            let outcome = preflight(&form, &opts);
            black_box(serde_json::to_string(&Report::new(&outcome)).expect("serializes"));
        });
        eprintln!(
            "native {:<8} preflight {:>9.1} µs   body->report {:>9.1} µs",
            b.name,
            full / 1e3,
            end_to_end / 1e3
        );
        rows.push(serde_json::json!({
            "name": b.name,
            "body": body,
            "at": opts.now.to_string(),
            "id": opts.id,
            "native_full_ns": full,
            "native_body_ns": end_to_end,
        }));
    }
    std::fs::write(&out, serde_json::to_string(&rows).expect("serializes")).expect("writable");
}
