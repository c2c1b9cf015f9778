//! Every warning: what the gateway lets through but clients refuse. Warnings never change the
//! verdict.

use crate::support::*;
use cert_preflight::{preflight, CertificateForm, Options};
use rcgen::{DnType, ExtendedKeyUsagePurpose};

fn warning_ids(form: &CertificateForm, options: &Options) -> Vec<&'static str> {
    let accepted = preflight(form, options)
        .unwrap_or_else(|r| panic!("warnings never reject: {r} {:?}", r.diagnostics()));
    accepted.warnings.iter().map(|w| w.id.as_str()).collect()
}

#[test]
fn a_clean_bundle_has_no_warnings() {
    let pki = Pki::new(Alg::P256);
    assert_eq!(warning_ids(&pki.form(), &options()), Vec::<&str>::new());
}

#[test]
fn expiring_soon_uses_warn_days() {
    let pki = Pki::new(Alg::P256);
    let late_2034 = cert_preflight::UnixTime::parse_rfc3339("2034-12-20T00:00:00Z").unwrap();
    let ids = warning_ids(&pki.form(), &Options::new(late_2034));
    assert!(ids.contains(&"time.expires-soon"), "{ids:?}");
    let ids = warning_ids(&pki.form(), &Options::new(late_2034).warn_days(5));
    assert!(!ids.contains(&"time.expires-soon"), "{ids:?}");
}

#[test]
fn not_yet_valid_is_a_warning() {
    let pki = Pki::new(Alg::P256);
    let early = cert_preflight::UnixTime::parse_rfc3339("2024-06-01T00:00:00Z").unwrap();
    let ids = warning_ids(&pki.form(), &Options::new(early));
    assert!(ids.contains(&"time.not-yet-valid"), "{ids:?}");
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
    assert!(ids.contains(&"key.rsa-weak"), "{ids:?}");
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
    assert!(warning_ids(&with_root, &options()).contains(&"chain.contains-root"));
    let leaf_only = CertificateForm {
        cert_content: pki.leaf.pem(),
        ..pki.form()
    };
    assert!(warning_ids(&leaf_only, &options()).contains(&"chain.missing-intermediate"));
}

#[test]
fn leaf_without_server_auth_and_cn_outside_san() {
    let mut p = leaf_params();
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    p.distinguished_name
        .push(DnType::CommonName, "legacy.example.com");
    let pki = Pki::with_leaf(Alg::P256, p);
    let ids = warning_ids(&pki.form(), &options());
    assert!(ids.contains(&"leaf.no-server-auth"), "{ids:?}");
    assert!(ids.contains(&"leaf.cn-not-in-san"), "{ids:?}");
}

#[test]
fn trusted_root_ca_on_a_global_certificate() {
    let pki = Pki::new(Alg::P256);
    let form = CertificateForm {
        trusted_root_ca: pki.root.pem(),
        ..pki.form()
    };
    assert!(warning_ids(&form, &options()).contains(&"request.trusted-root-ca-global"));
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
    assert!(ids.contains(&"pem.block-not-certificate"), "{ids:?}");
    assert!(ids.contains(&"pem.block-ignored"), "{ids:?}");
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
    let r = preflight(&form, &Options::new(at)).unwrap_err();
    assert_eq!(r.error_code(), "APIG.2104");
    let ids: Vec<_> = r.warnings().iter().map(|w| w.id.as_str()).collect();
    assert!(ids.contains(&"signature.weak-digest"), "{ids:?}");
}
