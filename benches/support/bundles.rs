//! The benchmark inputs, shared by the `preflight` and `heap` benches: one leaf + intermediate
//! bundle per key type, signed by a root given as `trusted_root_ca`, with the leaf's PKCS#8 key.

use cert_preflight::{CertificateForm, Options, UnixTime};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, IsCa, Issuer, KeyPair,
    KeyUsagePurpose, SignatureAlgorithm, PKCS_ECDSA_P256_SHA256, PKCS_ED25519, PKCS_RSA_SHA256,
};

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
        include_str!("../../tests/data/keys/rsa2048.pem"),
        include_str!("../../tests/data/keys/rsa2048-b.pem"),
        include_str!("../../tests/data/keys/rsa2048-c.pem"),
    ];
    let root_key = key(alg, rsa[0]);
    let root_params = params("Bench Root", true);
    let root = root_params.self_signed(&root_key).unwrap();
    let int_key = key(alg, rsa[1]);
    let int_params = params("Bench Intermediate", true);
    let int = int_params
        .signed_by(&int_key, &Issuer::from_params(&root_params, &root_key))
        .unwrap();
    let leaf_key = key(alg, rsa[2]);
    let leaf = params(host, false)
        .signed_by(&leaf_key, &Issuer::from_params(&int_params, &int_key))
        .unwrap();
    Bundle {
        name,
        leaf_pem: leaf.pem(),
        leaf_der: leaf.der().to_vec(),
        int_der: int.der().to_vec(),
        root_der: root.der().to_vec(),
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

/// The three bundles: RSA-2048 (SHA-256), ECDSA P-256 (SHA-256), Ed25519.
pub fn bundles() -> [Bundle; 3] {
    [
        bundle("rsa2048", &PKCS_RSA_SHA256, "rsa.example.com"),
        bundle("p256", &PKCS_ECDSA_P256_SHA256, "p256.example.com"),
        bundle("ed25519", &PKCS_ED25519, "ed25519.example.com"),
    ]
}

/// A fixed clock inside every certificate's validity, and a fixed ID (no hashing for it).
pub fn options() -> Options {
    Options::new(UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap())
        .id("a27be832f2e9441c8127fe48e3b5ac67")
}
