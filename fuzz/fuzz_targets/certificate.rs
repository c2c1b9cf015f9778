//! DER bytes straight into `Certificate::parse`, then `fields()` and every public accessor.
#![no_main]

use cert_preflight::{Certificate, CertificateFields, PublicKey};
use libfuzzer_sys::fuzz_target;
use std::hint::black_box;

fuzz_target!(|data: &[u8]| {
    let Ok(cert) = Certificate::parse(data) else {
        return;
    };
    assert_eq!(cert.der().as_ptr(), data.as_ptr(), "borrows the input");
    // Go's ParseCertificate refuses trailing data.
    assert_eq!(cert.der().len(), data.len(), "trailing data accepted");
    let fields = cert.fields();
    let json = serde_json::to_string(&fields).expect("fields serialize");
    let back: CertificateFields = serde_json::from_str(&json).expect("fields deserialize");
    assert_eq!(back, fields);
    assert!(
        (1..=3).contains(&cert.version()),
        "version {}",
        cert.version()
    );
    assert_eq!(fields.version, cert.version());
    assert_eq!(fields.san.len(), cert.dns_names().len());
    assert!(cert.has_san() || cert.dns_names().is_empty());
    assert!(
        !cert.serial().is_empty(),
        "an INTEGER has at least one byte"
    );
    black_box(cert.signature_algorithm());
    black_box(cert.signature_algorithm().go_name());
    black_box(cert.serial());
    black_box((cert.subject(), cert.issuer()));
    black_box((cert.not_before().to_string(), cert.not_after().to_string()));
    let spki = cert.spki();
    assert!(spki.der.len() <= data.len());
    match spki.key {
        PublicKey::Rsa { n, e } => black_box((n.len(), e)),
        PublicKey::Ecdsa { point, .. } => black_box((point.len(), 0)),
        PublicKey::Ed25519(k) => black_box((k.len(), 0)),
        _ => (0, 0),
    };
    black_box(cert.basic_constraints());
    black_box(cert.key_usage().map(|k| k.cert_sign()));
    black_box(cert.ext_key_usage());
    black_box(cert.subject_key_id());
    black_box(cert.authority_key_id());
    black_box(cert.is_self_issued());
    black_box(format!("{cert:?}"));
});
