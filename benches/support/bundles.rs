//! The benchmark inputs, shared by the `preflight` and `heap` benches, made with the tests' one
//! PKI builder (`tests/it/support/pki.rs`): one leaf + intermediate bundle per key type, signed
//! by a root given as `trusted_root_ca`, with the leaf's PKCS#8 key. The shapes are the ones the
//! recorded figures were measured on: `O=Bench Org` in every name, CAs with keyCertSign only,
//! the leaf's CN as its one SAN, three distinct RSA keys.

#[path = "../../tests/it/support/pki.rs"]
#[allow(dead_code)] // the benches take part of it
mod pki;

use cert_preflight::{CertificateForm, Options, UnixTime};
use pki::{Alg, Pki};
use rcgen::{CertificateParams, KeyUsagePurpose};

/// One leaf + intermediate bundle with its root as trusted CA and a PKCS#8 key.
#[allow(dead_code)] // each bench reads what it needs
pub struct Bundle {
    pub name: &'static str,
    pub form: CertificateForm,
    pub leaf_pem: String,
    pub leaf_der: Vec<u8>,
    pub int_der: Vec<u8>,
    pub root_der: Vec<u8>,
}

fn ca(cn: &str) -> CertificateParams {
    let mut p = pki::with_org(pki::ca_params(cn), "Bench Org");
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign];
    p
}

fn leaf(host: &str) -> CertificateParams {
    pki::with_org(pki::params(host, &[host]), "Bench Org")
}

pub fn bundle(name: &'static str, alg: Alg, host: &str) -> Bundle {
    let pki = Pki::build(
        [alg; 3],
        ca("Bench Root"),
        ca("Bench Intermediate"),
        leaf(host),
    );
    Bundle {
        name,
        leaf_pem: pki.leaf.pem(),
        leaf_der: pki.leaf.der.clone(),
        int_der: pki.intermediate.der.clone(),
        root_der: pki.root.der.clone(),
        form: CertificateForm {
            name: "bench_cert".into(),
            cert_content: pki.bundle_pem(),
            private_key: pki.leaf.key_pem(),
            cert_type: "instance".into(),
            instance_id: "f0fa17893b76433ba7879892951c620e".into(),
            trusted_root_ca: pki.root.pem(),
        },
    }
}

/// The three bundles: RSA-2048 (SHA-256), ECDSA P-256 (SHA-256), Ed25519.
pub fn bundles() -> [Bundle; 3] {
    [
        bundle("rsa2048", Alg::Rsa2048, "rsa.example.com"),
        bundle("p256", Alg::P256, "p256.example.com"),
        bundle("ed25519", Alg::Ed25519, "ed25519.example.com"),
    ]
}

/// The tests' clock (`pki::NOW`, inside every certificate's validity), and a fixed ID (no
/// hashing for it).
pub fn options() -> Options {
    Options::new(UnixTime::parse_rfc3339(pki::NOW).unwrap()).id("a27be832f2e9441c8127fe48e3b5ac67")
}
