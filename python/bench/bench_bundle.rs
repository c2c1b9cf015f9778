//! Prints the request body of the `preflight/full/rsa2048` benchmark bundle as JSON (built by the
//! library's own bench code, benches/support/bundles.rs), for python/bench/bench_python.py: the
//! Python call and the Rust pre-flight are then timed on the same bundle.
//!
//! Run: `cargo run --release -p cert-preflight-python --example bench_bundle [rsa2048|p256|ed25519]`

#[allow(dead_code)] // only `bundles` is used here
#[path = "../../benches/support/bundles.rs"]
mod bundles;

fn main() {
    let which = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "rsa2048".to_owned());
    let all = bundles::bundles();
    let Some(bundle) = all.iter().find(|b| b.name == which) else {
        eprintln!("bench_bundle: no bundle {which:?} (rsa2048, p256, ed25519)");
        std::process::exit(2);
    };
    let options = bundles::options();
    assert!(
        cert_preflight::preflight(&bundle.form, &options).is_ok(),
        "the bench bundle is accepted"
    );
    println!(
        "{}",
        serde_json::to_string(&bundle.form).expect("the form serializes")
    );
}
