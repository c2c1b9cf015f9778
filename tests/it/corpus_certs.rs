//! Conformance with Go 1.19 on real-world certificates: for every file of the shared corpus,
//! `Certificate::parse` must accept and refuse exactly what `x509.ParseCertificate` did (with
//! Go's error text) and render every gateway field as Go did (`expected/certs.jsonl`, made by
//! `tools/go-oracle`).
//!
//! Run: `cargo test --test it corpus_certs -- --nocapture`. The corpus is found by the one rule
//! of `support::corpus` (`$CERT_PREFLIGHT_CORPUS`, else `../shared/corpus`); missing, it fails
//! the test under CI and is skipped loudly elsewhere.

use crate::support::corpus;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use base64::Engine as _;
use cert_preflight::{Certificate, CertificateFields};
use serde_json::Value;

/// Disagreements accepted on purpose: `(corpus path, reason)`. Empty: the target is 100%.
const ALLOWED: &[(&str, &str)] = &[];

/// Go's `base64.StdEncoding`: padding required, non-zero trailing bits tolerated.
const GO_STD_BASE64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::STANDARD,
    GeneralPurposeConfig::new()
        .with_decode_padding_mode(DecodePaddingMode::RequireCanonical)
        .with_decode_allow_trailing_bits(true),
);

/// Go's `getLine`: the line without its end and trailing spaces or tabs, and the rest.
fn get_line(data: &[u8]) -> (&[u8], &[u8]) {
    let (mut line, rest) = match data.iter().position(|&b| b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[data.len()..]),
    };
    line = line.strip_suffix(b"\r").unwrap_or(line);
    while let [head @ .., b' ' | b'\t'] = line {
        line = head;
    }
    (line, rest)
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// The CERTIFICATE blocks of a PEM file, decoded by a direct port of Go 1.19's `pem.Decode`
/// loop (the oracle's reading). Test-local so that this conformance test depends on nothing but
/// the certificate parser.
fn pem_certificates(data: &[u8]) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut input = data;
    'blocks: loop {
        let mut rest = input;
        loop {
            if let Some(after) = rest.strip_prefix(b"-----BEGIN ") {
                rest = after;
            } else if let Some(i) = find(rest, b"\n-----BEGIN ") {
                rest = &rest[i + 12..];
            } else {
                break 'blocks;
            }
            let (type_line, after) = get_line(rest);
            rest = after;
            let Some(label) = type_line.strip_suffix(b"-----") else {
                continue;
            };
            let mut headers = 0;
            loop {
                if rest.is_empty() {
                    break 'blocks;
                }
                let (line, next) = get_line(rest);
                if !line.contains(&b':') {
                    break;
                }
                headers += 1;
                rest = next;
            }
            let (end_index, trailer_index) = if headers == 0 && rest.starts_with(b"-----END ") {
                (0, 9)
            } else {
                match find(rest, b"\n-----END ") {
                    Some(i) => (i, i + 10),
                    None => continue,
                }
            };
            let trailer = &rest[trailer_index..];
            let trailer_len = label.len() + 5;
            if trailer.len() < trailer_len {
                continue;
            }
            let (trailer, rest_of_end) = trailer.split_at(trailer_len);
            if !trailer.starts_with(label) || !trailer.ends_with(b"-----") {
                continue;
            }
            if !get_line(rest_of_end).0.is_empty() {
                continue;
            }
            let b64: Vec<u8> = rest[..end_index]
                .iter()
                .copied()
                .filter(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                .collect();
            let Ok(bytes) = GO_STD_BASE64.decode(&b64) else {
                continue;
            };
            if label == b"CERTIFICATE" {
                out.push(bytes);
            }
            input = get_line(&rest[end_index + 9..]).1;
            continue 'blocks;
        }
    }
    out
}

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
            pem_certificates(&data)
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
