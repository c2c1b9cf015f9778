//! `CertificateForm::from_json` on the request bodies that cost it the most within the 1 MiB
//! bound, and on an ordinary body. IDs: `from_json/{open_brackets,spaces_then_x,unknown_keys,
//! numbers,escapes,ordinary}`, and in the same run `serde_json/ignored_any/<same>`: serde_json
//! reading the same bytes into `IgnoredAny` (no fields kept), the floor of the serde_json-based
//! reader this replaced, so that the ratio holds on a loaded machine.
//!
//! Run: `cargo bench --bench json` (about 30 s). Under `cargo test --benches` each runs once.

use cert_preflight::CertificateForm;
use criterion::Criterion;
use std::hint::black_box;
use std::time::Duration;

const LIMIT: usize = 1 << 20;

/// Repeats `unit` after `head` up to the bound, then ends with `tail`.
fn fill(head: &str, unit: &str, tail: &str) -> Vec<u8> {
    let mut b = head.as_bytes().to_vec();
    while b.len() + unit.len() + tail.len() <= LIMIT {
        b.extend_from_slice(unit.as_bytes());
    }
    b.extend_from_slice(tail.as_bytes());
    b
}

fn bodies() -> Vec<(&'static str, Vec<u8>)> {
    let ordinary = serde_json::json!({
        "name": "shop_example",
        "cert_content": include_str!("../examples/bundle.pem"),
        "private_key": include_str!("../examples/key.pem"),
        "type": "global",
    })
    .to_string()
    .into_bytes();
    let mut keys = b"{".to_vec();
    let mut i = 0u32;
    while keys.len() + 20 < LIMIT {
        keys.extend_from_slice(format!("\"{i:x}\":0,").as_bytes());
        i += 1;
    }
    keys.extend_from_slice(b"\"z\":0}");
    vec![
        // Refused at the 10,001st byte (nesting), whatever follows.
        ("open_brackets", vec![b'['; LIMIT]),
        // Read to the end, then refused.
        ("spaces_then_x", fill("", " ", "x")),
        ("unknown_keys", keys),
        ("numbers", fill("{\"x\":[", "0,", "0]}")),
        ("escapes", fill("{\"cert_content\":\"", "\\u00e9", "\"}")),
        ("ordinary", ordinary),
    ]
}

fn main() {
    let mut c = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .configure_from_args();
    let mut group = c.benchmark_group("from_json");
    for (name, body) in bodies() {
        assert!(body.len() <= LIMIT, "{name}");
        group.bench_function(name, |b| {
            b.iter(|| black_box(CertificateForm::from_json(black_box(&body)).is_ok()))
        });
    }
    group.finish();
    let mut group = c.benchmark_group("serde_json/ignored_any");
    for (name, body) in bodies() {
        group.bench_function(name, |b| {
            b.iter(|| {
                black_box(serde_json::from_slice::<serde::de::IgnoredAny>(black_box(&body)).is_ok())
            })
        });
    }
    group.finish();
    c.final_summary();
}
