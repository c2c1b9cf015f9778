//! Pre-flight benchmarks. IDs are stable so that runs can be compared:
//! `preflight/full/{rsa2048,p256,ed25519}`, `preflight/parse_only/rsa2048`,
//! `preflight/key_match/{rsa2048,p256,ed25519}`, `preflight/bulk/1000`, and with
//! `--features openssl-compare`, `openssl/...` baselines measured in the same run.
//!
//! Run: `cargo bench --bench preflight` (add `--features openssl-compare` for the comparison).

use cert_preflight::{
    inspect, preflight, Certificate, CertificateForm, Options, PrivateKey, UnixTime,
};
use criterion::{black_box, criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, KeyPair, KeyUsagePurpose,
    SignatureAlgorithm, PKCS_ECDSA_P256_SHA256, PKCS_ED25519, PKCS_RSA_SHA256,
};

/// One leaf + intermediate bundle with its root as trusted CA and a PKCS#8 key.
pub struct Bundle {
    pub name: &'static str,
    pub form: CertificateForm,
    pub leaf_pem: String,
    pub leaf_der: Vec<u8>,
}

fn key(alg: &'static SignatureAlgorithm, rsa_pem: &str) -> KeyPair {
    if alg == &PKCS_RSA_SHA256 {
        KeyPair::from_pem_and_sign_algo(rsa_pem, alg).unwrap()
    } else {
        KeyPair::generate_for(alg).unwrap()
    }
}

fn params(cn: &str, ca: bool) -> CertificateParams {
    let sans = if ca { vec![] } else { vec![cn.to_owned()] };
    let mut p = CertificateParams::new(sans).unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, cn);
    dn.push(DnType::OrganizationName, "Bench Org");
    p.distinguished_name = dn;
    p.not_before = rcgen::date_time_ymd(2025, 1, 1);
    p.not_after = rcgen::date_time_ymd(2035, 1, 1);
    if ca {
        p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        p.key_usages = vec![KeyUsagePurpose::KeyCertSign];
    }
    p
}

pub fn bundle(name: &'static str, alg: &'static SignatureAlgorithm, host: &str) -> Bundle {
    let rsa = [
        include_str!("../tests/data/keys/rsa2048.pem"),
        include_str!("../tests/data/keys/rsa2048-b.pem"),
        include_str!("../tests/data/keys/rsa2048-c.pem"),
    ];
    let root_key = key(alg, rsa[0]);
    let root = params("Bench Root", true).self_signed(&root_key).unwrap();
    let int_key = key(alg, rsa[1]);
    let int = params("Bench Intermediate", true)
        .signed_by(&int_key, &root, &root_key)
        .unwrap();
    let leaf_key = key(alg, rsa[2]);
    let leaf = params(host, false)
        .signed_by(&leaf_key, &int, &int_key)
        .unwrap();
    Bundle {
        name,
        leaf_pem: leaf.pem(),
        leaf_der: leaf.der().to_vec(),
        form: CertificateForm {
            name: "bench_cert".into(),
            cert_content: format!("{}{}", leaf.pem(), int.pem()),
            private_key: leaf_key.serialize_pem(),
            cert_type: "instance".into(),
            instance_id: "f0fa17893b76433ba7879892951c620e".into(),
            trusted_root_ca: root.pem(),
        },
    }
}

fn options() -> Options {
    Options::new(UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap())
        .id("a27be832f2e9441c8127fe48e3b5ac67")
}

fn benches(c: &mut Criterion) {
    let bundles = [
        bundle("rsa2048", &PKCS_RSA_SHA256, "rsa.example.com"),
        bundle("p256", &PKCS_ECDSA_P256_SHA256, "p256.example.com"),
        bundle("ed25519", &PKCS_ED25519, "ed25519.example.com"),
    ];
    let opts = options();
    for b in &bundles {
        assert!(
            preflight(&b.form, &opts).is_ok(),
            "bench bundle {} must be accepted: {:?}",
            b.name,
            preflight(&b.form, &opts).err()
        );
    }

    let mut g = c.benchmark_group("preflight");
    for b in &bundles {
        g.bench_with_input(BenchmarkId::new("full", b.name), &b.form, |bench, form| {
            bench.iter(|| preflight(black_box(form), &opts))
        });
    }
    let rsa = &bundles[0];
    g.bench_function("parse_only/rsa2048", |bench| {
        bench.iter(|| inspect(black_box(rsa.leaf_pem.as_bytes())))
    });
    for b in &bundles {
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
    let bulk: Vec<CertificateForm> = (0..1000)
        .map(|i| bundles[i % bundles.len()].form.clone())
        .collect();
    g.throughput(Throughput::Elements(bulk.len() as u64));
    g.bench_function("bulk/1000", |bench| {
        bench.iter(|| bulk.iter().filter(|f| preflight(f, &opts).is_ok()).count())
    });
    g.finish();

    #[cfg(feature = "openssl-compare")]
    openssl_compare::benches(c, &bundles);
}

#[cfg(feature = "openssl-compare")]
mod openssl_compare {
    //! The same job through OpenSSL's C API (the `openssl` crate): PEM decode, parse the three
    //! certificates and the key, key match, both chain signatures, validity, every field.
    use super::Bundle;
    use criterion::{black_box, BenchmarkId, Criterion};
    use openssl::pkey::PKey;
    use openssl::x509::X509;

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
            black_box(e.data().as_utf8().unwrap());
        }
        black_box(leaf.serial_number().to_bn().unwrap().to_dec_str().unwrap());
        black_box(leaf.subject_alt_names());
        ok
    }

    fn parse_only(pem: &str) {
        let leaf = X509::from_pem(pem.as_bytes()).unwrap();
        for e in leaf.subject_name().entries() {
            black_box(e.data().as_utf8().unwrap());
        }
        black_box(leaf.serial_number().to_bn().unwrap().to_dec_str().unwrap());
        black_box(leaf.subject_alt_names());
        black_box(leaf.not_after().to_string());
    }

    pub fn benches(c: &mut Criterion, bundles: &[Bundle]) {
        let mut g = c.benchmark_group("openssl");
        for b in bundles {
            assert!(full(b));
            g.bench_with_input(BenchmarkId::new("full", b.name), b, |bench, b| {
                bench.iter(|| full(black_box(b)))
            });
        }
        g.bench_function("parse_only/rsa2048", |bench| {
            bench.iter(|| parse_only(black_box(&bundles[0].leaf_pem)))
        });
        g.finish();
    }
}

criterion_group!(preflight_benches, benches);
criterion_main!(preflight_benches);
