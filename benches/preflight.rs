//! Pre-flight benchmarks. IDs are stable so that runs can be compared:
//! `preflight/full/{rsa2048,p256,ed25519}`, `preflight/parse_only/rsa2048`,
//! `preflight/key_match/{rsa2048,p256,ed25519}`, `preflight/bulk/1000`; the floor measured in
//! the same run, `baseline/signatures/{rsa2048,p256,ed25519}` (the two chain signatures of each
//! bundle verified with `ring` alone, nothing parsed); and with `--features openssl-compare`,
//! `openssl/full/...` and `openssl/parse_only/rsa2048`, the same work through OpenSSL.
//!
//! Run: `cargo bench --bench preflight` (add `--features openssl-compare` for the comparison).
//! At the end of a run it prints each median and the ratios full/signatures and openssl/ours
//! of that run; `benches/ratios.py` computes the same from several saved runs
//! (`-- --save-baseline NAME`). Under `cargo test --benches` every benchmark runs once, and
//! `bulk` runs 10 pre-flights instead of 1000.

#[path = "support/bundles.rs"]
mod bundles;

use bundles::{bundles, options, Bundle};
use cert_preflight::{inspect, preflight, Certificate, CertificateForm, PrivateKey};
use criterion::{BenchmarkId, Criterion, Throughput};
use ring::signature::{self as rs, UnparsedPublicKey, VerificationAlgorithm};
use std::hint::black_box;
use std::time::SystemTime;

/// Whether criterion measures (`cargo bench`), rather than running each benchmark once as a
/// test (`cargo test --benches`, or `-- --test`) or for a profiler (`--profile-time`).
fn measuring() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench")
        && !args.iter().any(|a| a == "--test" || a == "--profile-time")
}

fn benches(c: &mut Criterion, bundles: &[Bundle]) {
    let opts = options();
    for b in bundles {
        assert!(
            preflight(&b.form, &opts).is_ok(),
            "bench bundle {} must be accepted: {:?}",
            b.name,
            preflight(&b.form, &opts).err()
        );
    }

    let mut g = c.benchmark_group("preflight");
    for b in bundles {
        g.bench_with_input(BenchmarkId::new("full", b.name), &b.form, |bench, form| {
            bench.iter(|| preflight(black_box(form), &opts))
        });
    }
    let rsa = &bundles[0];
    g.bench_function(BenchmarkId::new("parse_only", "rsa2048"), |bench| {
        bench.iter(|| inspect(black_box(rsa.leaf_pem.as_bytes())))
    });
    for b in bundles {
        // Reading the key and matching it with an already parsed leaf.
        let leaf = Certificate::parse(&b.leaf_der).unwrap();
        let leaf = std::slice::from_ref(&leaf);
        g.bench_function(BenchmarkId::new("key_match", b.name), |bench| {
            bench.iter(|| {
                PrivateKey::from_field(black_box(&b.form.private_key))
                    .map(|k| k.check_against(leaf).is_empty())
            })
        });
    }
    let n = if measuring() { 1000 } else { 10 };
    let bulk: Vec<CertificateForm> = (0..n)
        .map(|i| bundles[i % bundles.len()].form.clone())
        .collect();
    g.throughput(Throughput::Elements(bulk.len() as u64));
    g.bench_function(BenchmarkId::new("bulk", 1000), |bench| {
        bench.iter(|| bulk.iter().filter(|f| preflight(f, &opts).is_ok()).count())
    });
    g.finish();

    baseline::benches(c, bundles);

    #[cfg(feature = "openssl-compare")]
    openssl_compare::benches(c, bundles);
}

mod baseline {
    //! The floor: the two signature verifications of a bundle (leaf by intermediate,
    //! intermediate by root) with `ring`, on bytes cut out of the DER beforehand; no PEM, no
    //! parsing, no key.
    use super::*;

    /// The contents, the whole element, and what follows, of the DER element `d` starts with.
    fn tlv(d: &[u8]) -> (&[u8], &[u8], &[u8]) {
        let first = d[1] as usize;
        let (header, len) = if first < 0x80 {
            (2, first)
        } else {
            let n = first & 0x7f;
            let len = d[2..2 + n].iter().fold(0, |a, &b| a << 8 | b as usize);
            (2 + n, len)
        };
        (
            &d[header..header + len],
            &d[..header + len],
            &d[header + len..],
        )
    }

    /// TBSCertificate (whole element) and the signature's octets.
    fn signed(der: &[u8]) -> (&[u8], &[u8]) {
        let (cert, _, _) = tlv(der);
        let (_, tbs, rest) = tlv(cert);
        let (_, _, rest) = tlv(rest);
        let (bits, _, _) = tlv(rest);
        (tbs, &bits[1..])
    }

    /// The subjectPublicKey's octets.
    fn public_key(der: &[u8]) -> &[u8] {
        let (cert, _, _) = tlv(der);
        let (tbs, _, _) = tlv(cert);
        let mut rest = tbs;
        if rest[0] == 0xa0 {
            rest = tlv(rest).2;
        }
        // serialNumber, signature, issuer, validity, subject.
        for _ in 0..5 {
            rest = tlv(rest).2;
        }
        let (spki, _, _) = tlv(rest);
        let (_, _, rest) = tlv(spki);
        &tlv(rest).0[1..]
    }

    fn algorithm(name: &str) -> &'static dyn VerificationAlgorithm {
        match name {
            "rsa2048" => &rs::RSA_PKCS1_2048_8192_SHA256,
            "p256" => &rs::ECDSA_P256_SHA256_ASN1,
            _ => &rs::ED25519,
        }
    }

    /// The bundle's two links: issuer key, and the subject's TBSCertificate and signature.
    pub type Links<'a> = [(&'a [u8], (&'a [u8], &'a [u8])); 2];

    pub fn links(b: &Bundle) -> (&'static dyn VerificationAlgorithm, Links<'_>) {
        let links = [
            (public_key(&b.int_der), signed(&b.leaf_der)),
            (public_key(&b.root_der), signed(&b.int_der)),
        ];
        (algorithm(b.name), links)
    }

    /// What `baseline/signatures/<type>` measures.
    pub fn verify_both(alg: &'static dyn VerificationAlgorithm, links: &Links<'_>) -> bool {
        links.iter().all(|(key, (tbs, sig))| {
            UnparsedPublicKey::new(alg, black_box(key))
                .verify(tbs, sig)
                .is_ok()
        })
    }

    pub fn benches(c: &mut Criterion, bundles: &[Bundle]) {
        let mut g = c.benchmark_group("baseline");
        for b in bundles {
            let (alg, links) = links(b);
            assert!(verify_both(alg, &links), "the bench chains verify");
            g.bench_function(BenchmarkId::new("signatures", b.name), |bench| {
                bench.iter(|| verify_both(alg, &links))
            });
        }
        g.finish();
    }
}

#[cfg(feature = "openssl-compare")]
mod openssl_compare {
    //! The same job through OpenSSL's C API (the `openssl` crate): PEM decode, parse the three
    //! certificates and the key, key match, both chain signatures, validity, every field.
    use super::Bundle;
    use criterion::{BenchmarkId, Criterion};
    use openssl::pkey::PKey;
    use openssl::x509::X509;
    use std::hint::black_box;

    fn full(b: &Bundle) -> bool {
        let chain = X509::stack_from_pem(b.form.cert_content.as_bytes()).unwrap();
        let root = X509::from_pem(b.form.trusted_root_ca.as_bytes()).unwrap();
        let key = PKey::private_key_from_pem(b.form.private_key.as_bytes()).unwrap();
        let leaf = &chain[0];
        let mut ok = leaf.public_key().unwrap().public_eq(&key);
        ok &= leaf.verify(&chain[1].public_key().unwrap()).unwrap();
        ok &= chain[1].verify(&root.public_key().unwrap()).unwrap();
        let now = openssl::asn1::Asn1Time::days_from_now(0).unwrap();
        ok &= leaf.not_after() > now;
        for e in leaf.subject_name().entries() {
            black_box(e.data().to_string().unwrap());
        }
        black_box(leaf.serial_number().to_bn().unwrap().to_dec_str().unwrap());
        black_box(leaf.subject_alt_names());
        ok
    }

    fn parse_only(pem: &str) {
        let leaf = X509::from_pem(pem.as_bytes()).unwrap();
        for e in leaf.subject_name().entries() {
            black_box(e.data().to_string().unwrap());
        }
        black_box(leaf.serial_number().to_bn().unwrap().to_dec_str().unwrap());
        black_box(leaf.subject_alt_names());
        black_box(leaf.not_after().to_string());
    }

    pub fn benches(c: &mut Criterion, bundles: &[Bundle]) {
        let mut g = c.benchmark_group("openssl");
        // OpenSSL 3.0 cannot read the PKCS#8 v2 (OneAsymmetricKey) Ed25519 keys that ring and
        // rcgen write ("Field=attributes" decoding error): RSA and P-256 only.
        for b in bundles.iter().filter(|b| b.name != "ed25519") {
            assert!(full(b));
            g.bench_with_input(BenchmarkId::new("full", b.name), b, |bench, b| {
                bench.iter(|| full(black_box(b)))
            });
        }
        g.bench_function(BenchmarkId::new("parse_only", "rsa2048"), |bench| {
            bench.iter(|| parse_only(black_box(&bundles[0].leaf_pem)))
        });
        g.finish();
    }
}

mod summary {
    //! The medians of this run, read back from criterion's `estimates.json` files (only those
    //! written since the run started), and the ratios between them.
    use std::collections::BTreeMap;
    use std::path::{Path, PathBuf};
    use std::time::SystemTime;

    /// Criterion's output directory, found as criterion finds it.
    fn criterion_dir() -> Option<PathBuf> {
        if let Some(home) = std::env::var_os("CRITERION_HOME") {
            return Some(home.into());
        }
        if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
            return Some(Path::new(&target).join("criterion"));
        }
        // target/<profile>/deps/<this binary>
        let exe = std::env::current_exe().ok()?;
        Some(exe.parent()?.parent()?.parent()?.join("criterion"))
    }

    fn collect(dir: &Path, since: SystemTime, out: &mut BTreeMap<String, f64>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if !path.is_dir() {
                continue;
            }
            if path.file_name().is_some_and(|n| n == "new") {
                let estimates = path.join("estimates.json");
                let fresh = std::fs::metadata(&estimates)
                    .and_then(|m| m.modified())
                    .is_ok_and(|t| t >= since);
                let read = |f: &str| -> Option<serde_json::Value> {
                    serde_json::from_slice(&std::fs::read(path.join(f)).ok()?).ok()
                };
                if let (true, Some(bench), Some(est)) =
                    (fresh, read("benchmark.json"), read("estimates.json"))
                {
                    if let (Some(id), Some(median)) = (
                        bench["full_id"].as_str(),
                        est["median"]["point_estimate"].as_f64(),
                    ) {
                        out.insert(id.to_owned(), median);
                    }
                }
            } else {
                collect(&path, since, out);
            }
        }
    }

    fn time(ns: f64) -> String {
        match ns {
            ns if ns >= 1e6 => format!("{:.2} ms", ns / 1e6),
            ns if ns >= 1e3 => format!("{:.2} µs", ns / 1e3),
            ns => format!("{ns:.0} ns"),
        }
    }

    /// Prints the medians measured since `since`, and the ratios.
    pub fn print(since: SystemTime) {
        let mut medians = BTreeMap::new();
        if let Some(dir) = criterion_dir() {
            collect(&dir, since, &mut medians);
        }
        if medians.is_empty() {
            return;
        }
        println!("\nSummary of this run (medians; ratios between benchmarks of this run):");
        for (id, ns) in &medians {
            let mut line = format!("  {id:<34} {:>10}", time(*ns));
            if let Some(kind) = id.strip_prefix("preflight/full/") {
                if let Some(floor) = medians.get(&format!("baseline/signatures/{kind}")) {
                    line += &format!("   {:.2}x baseline/signatures/{kind}", ns / floor);
                }
            }
            if let Some(rest) = id.strip_prefix("openssl/") {
                if let Some(ours) = medians.get(&format!("preflight/{rest}")) {
                    line += &format!("   {:.1}x preflight/{rest}", ns / ours);
                }
            }
            if id == "preflight/bulk/1000" {
                line += &format!("   ({} per pre-flight)", time(ns / 1000.0));
            }
            println!("{line}");
        }
    }
}

mod paired {
    //! Ratios robust to a busy machine: the pre-flight and its signature baseline timed in
    //! alternation, batch against batch, many times; the median of the per-round ratios. Load
    //! that comes and goes then hits both sides alike.
    use super::*;
    use std::time::{Duration, Instant};

    fn batch(n: u32, f: &mut dyn FnMut()) -> Duration {
        let t = Instant::now();
        for _ in 0..n {
            f();
        }
        t.elapsed()
    }

    fn median(v: &mut [f64]) -> f64 {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    }

    pub fn print(bundles: &[Bundle]) {
        const ROUNDS: usize = 201;
        let opts = options();
        println!(
            "\nPaired: pre-flight and signatures alternated, {ROUNDS} rounds of ~1 ms batches each \
             (medians of the rounds):"
        );
        for b in bundles {
            let (alg, links) = baseline::links(b);
            let mut floor = || {
                black_box(baseline::verify_both(alg, &links));
            };
            let mut full = || {
                black_box(preflight(black_box(&b.form), &opts).is_ok());
            };
            // Batches of about a millisecond.
            let once = batch(20, &mut full).as_secs_f64() / 20.0;
            let n = ((1e-3 / once) as u32).max(1);
            let (mut ratios, mut fulls, mut floors) = (Vec::new(), Vec::new(), Vec::new());
            for round in 0..ROUNDS {
                let (a, f) = if round % 2 == 0 {
                    let a = batch(n, &mut floor);
                    (a, batch(n, &mut full))
                } else {
                    let f = batch(n, &mut full);
                    (batch(n, &mut floor), f)
                };
                ratios.push(f.as_secs_f64() / a.as_secs_f64());
                fulls.push(f.as_secs_f64() * 1e6 / f64::from(n));
                floors.push(a.as_secs_f64() * 1e6 / f64::from(n));
            }
            println!(
                "  preflight/full/{:<8} {:>8.2} µs   baseline/signatures/{:<8} {:>8.2} µs   ratio {:.3}x",
                b.name,
                median(&mut fulls),
                b.name,
                median(&mut floors),
                median(&mut ratios)
            );
        }
    }
}

fn main() {
    let started = SystemTime::now();
    let bundles = bundles();
    let mut c = Criterion::default().configure_from_args();
    benches(&mut c, &bundles);
    c.final_summary();
    if measuring() {
        summary::print(started);
        paired::print(&bundles);
    }
}
