//! Every warning: what the gateway lets through but clients refuse. Warnings never change the
//! verdict. Each case checks the whole list of warnings, in order, with the block each names,
//! so that an unexpected extra warning fails.

use crate::support::*;
use cert_preflight::{preflight, CertificateForm, Options};
use rcgen::{DnType, ExtendedKeyUsagePurpose};

/// Every warning of an accepted request: (id, block), in the order given.
fn warning_ids(form: &CertificateForm, options: &Options) -> Vec<(&'static str, Option<usize>)> {
    let accepted = preflight(form, options)
        .unwrap_or_else(|r| panic!("warnings never reject: {r} {:?}", r.diagnostics()));
    accepted
        .warnings
        .iter()
        .map(|w| (w.id.as_str(), w.block))
        .collect()
}

#[test]
fn a_clean_bundle_has_no_warnings() {
    let pki = Pki::new(Alg::P256);
    assert_eq!(warning_ids(&pki.form(), &options()), []);
}

#[test]
fn expiring_soon_uses_warn_days() {
    let pki = Pki::new(Alg::P256);
    let late_2034 = cert_preflight::UnixTime::parse_rfc3339("2034-12-20T00:00:00Z").unwrap();
    // The leaf and the intermediate both end 2035-01-01, within 30 days.
    let ids = warning_ids(&pki.form(), &Options::new(late_2034));
    assert_eq!(
        ids,
        [
            ("time.expires-soon", Some(1)),
            ("time.expires-soon", Some(2))
        ]
    );
    let ids = warning_ids(&pki.form(), &Options::new(late_2034).warn_days(5));
    assert_eq!(ids, []);
}

#[test]
fn not_yet_valid_is_a_warning() {
    let pki = Pki::new(Alg::P256);
    let early = cert_preflight::UnixTime::parse_rfc3339("2024-06-01T00:00:00Z").unwrap();
    let ids = warning_ids(&pki.form(), &Options::new(early));
    // The leaf and the intermediate both start 2025-01-01.
    assert_eq!(
        ids,
        [
            ("time.not-yet-valid", Some(1)),
            ("time.not-yet-valid", Some(2))
        ]
    );
}

#[test]
fn weak_rsa_key_is_warned() {
    let root = self_signed(ca_params("Weak Root"), Alg::P256);
    // ring cannot load a 1024-bit RSA key, so the leaf is made from the public key alone.
    let public =
        rcgen::SubjectPublicKeyInfo::from_pem(include_str!("../data/keys/rsa1024.pub.pem"))
            .unwrap();
    let leaf = leaf_params().signed_by(&public, &root.issuer()).unwrap();
    let form = CertificateForm {
        name: "weak_rsa".into(),
        cert_content: leaf.pem(),
        private_key: include_str!("../data/keys/rsa1024.pem").into(),
        ..Default::default()
    };
    let ids = warning_ids(&form, &options());
    // The root that signed the leaf is not in the request: that is said too.
    assert_eq!(
        ids,
        [
            ("key.rsa-weak", Some(1)),
            ("chain.missing-intermediate", Some(1))
        ]
    );
}

#[test]
fn root_in_chain_and_missing_intermediate() {
    let pki = Pki::new(Alg::P256);
    let with_root = CertificateForm {
        cert_content: format!(
            "{}{}{}",
            pki.leaf.pem(),
            pki.intermediate.pem(),
            pki.root.pem()
        ),
        ..pki.form()
    };
    assert_eq!(
        warning_ids(&with_root, &options()),
        [("chain.contains-root", Some(3))]
    );
    let leaf_only = CertificateForm {
        cert_content: pki.leaf.pem(),
        ..pki.form()
    };
    assert_eq!(
        warning_ids(&leaf_only, &options()),
        [("chain.missing-intermediate", Some(1))]
    );
}

#[test]
fn leaf_without_server_auth_and_cn_outside_san() {
    let mut p = leaf_params();
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    p.distinguished_name
        .push(DnType::CommonName, "legacy.example.com");
    let pki = Pki::with_leaf(Alg::P256, p);
    let ids = warning_ids(&pki.form(), &options());
    assert_eq!(
        ids,
        [
            ("leaf.no-server-auth", Some(1)),
            ("leaf.cn-not-in-san", Some(1))
        ]
    );
}

#[test]
fn trusted_root_ca_on_a_global_certificate() {
    let pki = Pki::new(Alg::P256);
    let form = CertificateForm {
        trusted_root_ca: pki.root.pem(),
        ..pki.form()
    };
    assert_eq!(
        warning_ids(&form, &options()),
        [("request.trusted-root-ca-global", None)]
    );
}

#[test]
fn ignored_blocks_in_cert_content_are_warned() {
    let pki = Pki::new(Alg::P256);
    let form = CertificateForm {
        cert_content: format!(
            "{}{}-----BEGIN CERTIFICATE-----\nAAAA\n",
            pki.form().cert_content,
            pki.leaf.key_pem()
        ),
        ..pki.form()
    };
    let ids = warning_ids(&form, &options());
    assert_eq!(
        ids,
        [
            ("pem.block-ignored", Some(4)),
            ("pem.block-not-certificate", Some(3))
        ]
    );
}

#[test]
fn sha1_signature_is_warned_and_refused_as_go_refuses_it() {
    let form = CertificateForm {
        name: "sha1_leaf".into(),
        cert_content: include_str!("../data/sha1/leaf.pem").into(),
        private_key: include_str!("../data/sha1/leaf.key").into(),
        trusted_root_ca: include_str!("../data/sha1/root.pem").into(),
        cert_type: "instance".into(),
        instance_id: "f0fa17893b76433ba7879892951c620e".into(),
    };
    let at = cert_preflight::UnixTime::parse_rfc3339("2027-06-01T00:00:00Z").unwrap();
    // Go 1.18+ refuses SHA-1 chain signatures, so the gateway does; the warning says why too.
    // The SHA-1 signature is the root's, in `trusted_root_ca`: checked under `ServerChain` only.
    let strict =
        Options::new(at).trusted_root_ca_policy(cert_preflight::TrustedRootCaPolicy::ServerChain);
    let r = preflight(&form, &strict).unwrap_err();
    assert_eq!(r.error_code(), "APIG.2104");
    let ids: Vec<_> = r
        .warnings()
        .iter()
        .map(|w| (w.id.as_str(), w.block))
        .collect();
    assert_eq!(ids, [("signature.weak-digest", Some(1))]);
    // The whole refusal: only the SHA-1 chain signature, no other problem.
    let ids: Vec<_> = r.diagnostics().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["chain.signature-algorithm"]);
}
