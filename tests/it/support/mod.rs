//! Certificates and keys the tests generate (rcgen), and the shared clock.
#![allow(dead_code)]

pub mod keys;

use cert_preflight::{CertificateForm, Options, UnixTime};
use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose, SignatureAlgorithm, PKCS_ECDSA_P256_SHA256, PKCS_ECDSA_P384_SHA384,
    PKCS_ED25519, PKCS_RSA_SHA256,
};

/// The tests' "now": 2030-01-01T00:00:00Z.
pub fn now() -> UnixTime {
    UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap()
}

pub fn options() -> Options {
    Options::new(now())
}

/// Key algorithms the tests cover.
#[derive(Clone, Copy, Debug)]
pub enum Alg {
    Rsa2048,
    P256,
    P384,
    Ed25519,
}

impl Alg {
    pub fn all() -> [Alg; 4] {
        [Alg::Rsa2048, Alg::P256, Alg::P384, Alg::Ed25519]
    }

    fn sig(self) -> &'static SignatureAlgorithm {
        match self {
            Alg::Rsa2048 => &PKCS_RSA_SHA256,
            Alg::P256 => &PKCS_ECDSA_P256_SHA256,
            Alg::P384 => &PKCS_ECDSA_P384_SHA384,
            Alg::Ed25519 => &PKCS_ED25519,
        }
    }

    /// A fresh key (RSA keys come from the fixtures: rcgen cannot generate them).
    pub fn key(self) -> KeyPair {
        match self {
            Alg::Rsa2048 => KeyPair::from_pem_and_sign_algo(
                include_str!("../../data/keys/rsa2048.pem"),
                &PKCS_RSA_SHA256,
            )
            .unwrap(),
            _ => KeyPair::generate_for(self.sig()).unwrap(),
        }
    }
}

/// One generated certificate with its key.
pub struct Issued {
    pub cert: rcgen::Certificate,
    pub key: KeyPair,
    pub params: CertificateParams,
}

impl Issued {
    pub fn pem(&self) -> String {
        self.cert.pem()
    }

    pub fn key_pem(&self) -> String {
        self.key.serialize_pem()
    }

    /// This certificate as the issuer of others.
    pub fn issuer(&self) -> rcgen::Issuer<'_, &KeyPair> {
        rcgen::Issuer::from_params(&self.params, &self.key)
    }
}

/// Parameters for a certificate valid 2025-2035 with this CN.
pub fn params(cn: &str, sans: &[&str]) -> CertificateParams {
    let mut p =
        CertificateParams::new(sans.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, cn);
    p.distinguished_name = dn;
    p.not_before = rcgen::date_time_ymd(2025, 1, 1);
    p.not_after = rcgen::date_time_ymd(2035, 1, 1);
    p
}

pub fn ca_params(cn: &str) -> CertificateParams {
    let mut p = params(cn, &[]);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p
}

pub fn self_signed(params: CertificateParams, alg: Alg) -> Issued {
    let key = alg.key();
    let cert = params.self_signed(&key).unwrap();
    Issued { cert, key, params }
}

pub fn signed_by(params: CertificateParams, alg: Alg, issuer: &Issued) -> Issued {
    let key = alg.key();
    let cert = params.signed_by(&key, &issuer.issuer()).unwrap();
    Issued { cert, key, params }
}

/// A root, an intermediate and a leaf for `shop.example.com`, all of one algorithm.
pub struct Pki {
    pub root: Issued,
    pub intermediate: Issued,
    pub leaf: Issued,
}

impl Pki {
    pub fn new(alg: Alg) -> Self {
        Self::with_leaf(alg, leaf_params())
    }

    pub fn with_leaf(alg: Alg, leaf: CertificateParams) -> Self {
        let root = self_signed(ca_params("Test Root CA"), alg);
        let intermediate = signed_by(ca_params("Test Issuing CA"), alg, &root);
        let leaf = signed_by(leaf, alg, &intermediate);
        Pki {
            root,
            intermediate,
            leaf,
        }
    }

    /// The form the gateway expects: leaf then intermediate, the leaf's key, no trusted CA.
    pub fn form(&self) -> CertificateForm {
        CertificateForm {
            name: "test_cert".into(),
            cert_content: format!("{}{}", self.leaf.pem(), self.intermediate.pem()),
            private_key: self.leaf.key_pem(),
            ..Default::default()
        }
    }

    /// The form with the root as `trusted_root_ca` and type `instance`.
    pub fn form_with_root(&self) -> CertificateForm {
        CertificateForm {
            trusted_root_ca: self.root.pem(),
            cert_type: "instance".into(),
            instance_id: "f0fa17893b76433ba7879892951c620e".into(),
            ..self.form()
        }
    }
}

pub fn leaf_params() -> CertificateParams {
    let mut p = params(
        "shop.example.com",
        &["shop.example.com", "www.shop.example.com"],
    );
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p
}

/// The error code of a pre-flight, or "OK".
pub fn verdict(form: &CertificateForm, options: &Options) -> String {
    match cert_preflight::preflight(form, options) {
        Ok(_) => "OK".to_owned(),
        Err(r) => r.error_code().to_owned(),
    }
}
