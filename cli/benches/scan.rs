//! `scan/10k`: `cert-preflight scan` over 10,000 generated bundles (20,000 files: leaf and
//! intermediate PEM, and a key, in one directory per bundle; half RSA-2048, half P-256; one in
//! twenty expired), against the floor: the same 10,000 pre-flights in one thread
//! (`preflight/10k-serial`), whose time divided by the cores is what a perfect parallel scan
//! would take. Run as a test (`cargo test --benches`) it uses 200 bundles.

use cert_preflight::{preflight, CertificateForm, Options, UnixTime};
use criterion::{criterion_group, criterion_main, Criterion};
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const AT: &str = "2026-12-01T00:00:00Z";
const RSA_KEY: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/data/key-formats/rsa2048.pem"
);

fn bundle_count() -> usize {
    if std::env::args().any(|a| a == "--bench") {
        10_000
    } else {
        200
    }
}

fn ca(
    name: &str,
    issuer: Option<(&rcgen::Certificate, &KeyPair)>,
) -> (rcgen::Certificate, KeyPair) {
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, name);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.not_before = rcgen::date_time_ymd(2025, 1, 1);
    p.not_after = rcgen::date_time_ymd(2035, 1, 1);
    let cert = match issuer {
        Some((c, k)) => p.signed_by(&key, c, k).unwrap(),
        None => p.self_signed(&key).unwrap(),
    };
    (cert, key)
}

/// Writes the tree and returns the same bundles as request bodies.
fn generate(dir: &Path, n: usize) -> Vec<CertificateForm> {
    let (root, root_key) = ca("Bench Root", None);
    let (inter, inter_key) = ca("Bench Intermediate", Some((&root, &root_key)));
    let rsa = KeyPair::from_pem(&std::fs::read_to_string(RSA_KEY).unwrap()).unwrap();
    (0..n)
        .map(|i| {
            let owned;
            let key = if i % 2 == 0 {
                &rsa
            } else {
                owned = KeyPair::generate().unwrap();
                &owned
            };
            let host = format!("host{i}.example.com");
            let mut p = CertificateParams::new(vec![host.clone()]).unwrap();
            p.distinguished_name.push(DnType::CommonName, &host);
            p.not_before = rcgen::date_time_ymd(2025, 1, 1);
            p.not_after = if i % 20 == 19 {
                rcgen::date_time_ymd(2026, 6, 1)
            } else {
                rcgen::date_time_ymd(2030, 1, 1)
            };
            let leaf = p.signed_by(key, &inter, &inter_key).unwrap();
            let form = CertificateForm {
                name: format!("bundle_{i}"),
                cert_content: format!("{}{}", leaf.pem(), inter.pem()),
                private_key: key.serialize_pem(),
                ..CertificateForm::default()
            };
            let d = dir.join(format!("b{i:05}"));
            std::fs::create_dir_all(&d).unwrap();
            std::fs::write(d.join("fullchain.pem"), &form.cert_content).unwrap();
            std::fs::write(d.join("privkey.pem"), &form.private_key).unwrap();
            form
        })
        .collect()
}

fn benches(c: &mut Criterion) {
    let n = bundle_count();
    // `SCAN_BENCH_TREE=DIR`: only write the tree there (to profile a scan by hand).
    if let Some(keep) = std::env::var_os("SCAN_BENCH_TREE") {
        generate(Path::new(&keep), n);
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let forms = generate(dir.path(), n);
    let at = UnixTime::parse_rfc3339(AT).unwrap();
    let mut g = c.benchmark_group(if n == 10_000 {
        "scan".to_owned()
    } else {
        format!("scan-{n}")
    });
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function(
        if n == 10_000 {
            "10k".to_owned()
        } else {
            n.to_string()
        },
        |b| {
            b.iter(|| {
                let status = Command::new(env!("CARGO_BIN_EXE_cert-preflight"))
                    .args([
                        "scan",
                        dir.path().to_str().unwrap(),
                        "--at",
                        AT,
                        "--no-progress",
                    ])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status()
                    .unwrap();
                // One in twenty is expired: the scan fails the gate.
                assert_eq!(status.code(), Some(1));
            })
        },
    );
    g.bench_function("preflight-serial", |b| {
        b.iter(|| {
            forms
                .iter()
                .filter(|f| preflight(f, &Options::new(at)).is_ok())
                .count()
        })
    });
    g.finish();
}

criterion_group!(scan, benches);
criterion_main!(scan);
