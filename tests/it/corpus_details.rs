//! `inspect`'s details (issue 12, point 10) against Go's answers on the whole corpus: every
//! field Go's oracle wrote down (DER SHA-256, IP/email/URI SANs, key algorithm and size, curve,
//! IsCA, `pkix.Name.String()` of subject and issuer) must be equal on every certificate Go
//! parsed.

use crate::support::corpus;
use crate::support::pem::{find, go_certificates};
use cert_preflight::{Certificate, CertificateDetails};
use serde_json::{json, Value};

/// The differences between our details of `der` and Go's line.
fn compare(der: &[u8], want: &Value) -> Vec<String> {
    let Ok(cert) = Certificate::parse(der) else {
        return vec!["does not parse".to_owned()];
    };
    let d = CertificateDetails::new(&cert);
    let ours = [
        ("der_sha256", json!(d.sha256_fingerprint)),
        ("ip_sans", json!(d.ip_addresses)),
        ("email_sans", json!(d.email_addresses)),
        ("uri_sans", json!(d.uris)),
        ("public_key_algorithm", json!(d.public_key_algorithm)),
        ("public_key_size", json!(d.public_key_size)),
        ("public_key_curve", json!(d.public_key_curve)),
        ("is_ca", json!(d.is_ca)),
        ("subject", json!(d.subject)),
        ("issuer", json!(d.issuer)),
    ];
    ours.into_iter()
        .filter(|(key, value)| &want[*key] != value)
        .map(|(key, value)| format!("{key}: ours {value}, Go {}", want[key]))
        .collect()
}

#[test]
fn details_agree_with_go_on_the_whole_corpus() {
    let Some(dir) = corpus::require("details corpus", "expected/certs.jsonl") else {
        return;
    };
    let lines = std::fs::read_to_string(dir.join("expected/certs.jsonl")).expect("certs.jsonl");
    let (mut certs, mut disagreements) = (0, Vec::new());
    for line in lines.lines().filter(|l| !l.trim().is_empty()) {
        let expected: Value = serde_json::from_str(line).expect("a JSON line");
        let path = expected["path"].as_str().expect("path");
        let data = std::fs::read(dir.join(path)).expect("a corpus file");
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
        // Only what Go parsed has answers; the count of blocks is corpus_certs' business.
        for (der, want) in ders.iter().zip(&wanted) {
            if !want["parse_error"].is_null() {
                continue;
            }
            certs += 1;
            for diff in compare(der, want) {
                disagreements.push(format!("{path}: {diff}"));
            }
        }
    }
    println!("details corpus: {certs} certificates compared with Go, 10 fields each");
    assert!(certs > 1000, "only {certs} certificates compared");
    assert!(
        disagreements.is_empty(),
        "{} disagreements with Go:\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
