//! Conformance with Go 1.19 on real-world certificates: for every file of the shared corpus,
//! `Certificate::parse` must accept and refuse exactly what `x509.ParseCertificate` did (with
//! Go's error text) and render every gateway field as Go did (`expected/certs.jsonl`, made by
//! `tools/go-oracle`).
//!
//! Run: `cargo test --test it corpus_certs -- --nocapture`. The corpus is found by the one rule
//! of `support::corpus` (`$CERT_PREFLIGHT_CORPUS`, else `../shared/corpus`); missing, it fails
//! the test under CI and is skipped loudly elsewhere.

use crate::support::corpus;
use crate::support::pem::{find, go_certificates};
use cert_preflight::{Certificate, CertificateFields};
use serde_json::Value;

/// Disagreements accepted on purpose: `(corpus path, reason)`. Empty: the target is 100%.
const ALLOWED: &[(&str, &str)] = &[];

/// Compares one certificate with Go's answer; returns the differences.
fn compare(der: &[u8], expected: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let want_error = expected["parse_error"].as_str();
    match (Certificate::parse(der), want_error) {
        (Err(e), Some(want)) if e.go_message == want => {}
        (Err(e), Some(want)) => diffs.push(format!("error {:?}, Go: {want:?}", e.go_message)),
        (Err(e), None) => diffs.push(format!("refused ({}), Go accepts", e.go_message)),
        (Ok(_), Some(want)) => diffs.push(format!("accepted, Go refuses: {want:?}")),
        (Ok(cert), None) => {
            let ours = serde_json::to_value(cert.fields()).expect("fields serialize");
            let pairs = [
                ("common_name", "common_name"),
                ("san", "san"),
                ("organization", "organization"),
                ("organizational_unit", "organizational_unit"),
                ("locality", "locality"),
                ("state", "state"),
                ("country", "country"),
                ("issuer", "issuer_organization"),
                ("serial_number", "serial_number"),
                ("not_before", "not_before"),
                ("not_after", "not_after"),
                ("signature_algorithm", "signature_algorithm"),
                ("version", "version"),
            ];
            for (field, go_field) in pairs {
                if ours[field] != expected[go_field] {
                    diffs.push(format!(
                        "{field}: {}, Go: {}",
                        ours[field], expected[go_field]
                    ));
                }
            }
            // Round trip through the public type, as the gateway response is built from it.
            let back: CertificateFields = serde_json::from_value(ours).expect("fields parse back");
            assert_eq!(back, cert.fields());
        }
    }
    diffs
}

#[test]
fn certificate_corpus_agrees_with_go() {
    let Some(dir) = corpus::require("certificate corpus", "expected/certs.jsonl") else {
        return;
    };
    let lines = std::fs::read_to_string(dir.join("expected/certs.jsonl")).expect("certs.jsonl");
    let (mut files, mut agree, mut certs) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let expected: Value = serde_json::from_str(line).expect("a JSON line");
        let path = expected["path"].as_str().expect("path").to_owned();
        files += 1;
        let mut diffs = Vec::new();
        let data = match std::fs::read(dir.join(&path)) {
            Ok(d) => d,
            Err(e) => {
                disagreements.push((path, vec![format!("unreadable: {e}")]));
                continue;
            }
        };
        let ders = if find(&data, b"-----BEGIN").is_some() {
            go_certificates(&data)
        } else {
            vec![data]
        };
        let mut wanted: Vec<&Value> = Vec::new();
        if expected["der_sha256"].is_string() {
            wanted.push(&expected);
        }
        wanted.extend(
            expected["additional_certs"]
                .as_array()
                .into_iter()
                .flatten(),
        );
        if ders.len() != wanted.len() {
            diffs.push(format!(
                "{} CERTIFICATE blocks, Go: {}",
                ders.len(),
                wanted.len()
            ));
        }
        for (i, (der, want)) in ders.iter().zip(&wanted).enumerate() {
            certs += 1;
            for d in compare(der, want) {
                diffs.push(format!("cert {}: {d}", i + 1));
            }
        }
        if diffs.is_empty() {
            agree += 1;
        } else {
            disagreements.push((path, diffs));
        }
    }
    println!("certificate corpus: {agree}/{files} files agree ({certs} certificates)");
    let mut unexplained = 0;
    for (path, diffs) in &disagreements {
        let allowed = ALLOWED.iter().find(|(p, _)| p == path);
        match allowed {
            Some((_, why)) => println!("  allowed {path}: {why}"),
            None => unexplained += 1,
        }
        for d in diffs {
            println!("  {path}: {d}");
        }
    }
    assert!(files > 0, "empty certs.jsonl");
    assert_eq!(
        unexplained, 0,
        "{unexplained} files disagree with Go (listed above)"
    );
}
