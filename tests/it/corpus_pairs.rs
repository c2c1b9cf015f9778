//! Every certificate/key pair of the shared corpus, and of the key-format fixtures, against Go
//! 1.19's `tls.X509KeyPair` answer: Go `ok` => no key diagnostic; "does not match" => APIG.2101;
//! a key Go cannot parse => APIG.2106 (APIG.2105 when it is encrypted); Go's certificate-side
//! failures => APIG.2106.
//!
//! `KEY_PAIRS_VERBOSE=1` prints every diagnostic. The corpus is found by the one rule of
//! `support::corpus` (`$CERT_PREFLIGHT_CORPUS`, else `../shared/corpus`); missing, it fails the
//! corpus test under CI and is skipped loudly elsewhere. The fixtures (`tests/data/key-formats`, Go's answers in
//! `expected.jsonl`) are always there.

use crate::support::corpus;
use cert_preflight::GatewayCode;
use std::collections::HashMap;
use std::path::Path;

/// Pairs where the library answers otherwise than Go on purpose, with why. Empty: none so far.
const ALLOWED: &[(&str, &str, &str)] = &[];

/// What Go's answer means for the gateway's code.
fn expected(result: &str, error: &str, key_encrypted: bool) -> Option<GatewayCode> {
    if result == "ok" {
        return None;
    }
    Some(if error.contains("does not match") {
        GatewayCode::KeyMismatch
    } else if error == "tls: failed to parse private key" && key_encrypted {
        GatewayCode::EncryptedPrivateKey
    } else {
        GatewayCode::InvalidCertificateOrKey
    })
}

fn string(v: &serde_json::Value, k: &str) -> String {
    v[k].as_str().unwrap_or_default().to_owned()
}

/// Runs every line of a pairs file; returns (agreeing, total, disagreements).
fn run(root: &Path, pairs: &str, encrypted: &dyn Fn(&str) -> bool) -> (usize, usize, Vec<String>) {
    let mut agree = 0;
    let mut total = 0;
    let mut disagreements = Vec::new();
    for line in pairs.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let (cert, key) = (string(&v, "cert"), string(&v, "key"));
        let want = expected(&string(&v, "result"), &string(&v, "error"), encrypted(&key));
        let read = |p: &str| std::fs::read(root.join(p)).unwrap_or_else(|e| panic!("{p}: {e}"));
        let got = crate::support::keys::verdict(&read(&cert), &read(&key));
        total += 1;
        if std::env::var_os("KEY_PAIRS_VERBOSE").is_some() {
            for d in got.iter().flat_map(|g| &g.1) {
                println!("{key}: {d}");
            }
        }
        if got.as_ref().map(|g| g.0) == want {
            agree += 1;
            continue;
        }
        if ALLOWED.iter().any(|(c, k, _)| *c == cert && *k == key) {
            continue;
        }
        let detail = got.map_or("no diagnostic".to_owned(), |(code, d)| {
            format!(
                "{code}: {}",
                d.iter()
                    .map(|d| format!("{d}"))
                    .collect::<Vec<_>>()
                    .join(" | ")
            )
        });
        disagreements.push(format!(
            "{cert} + {key}: Go {:?} ({}), library {detail}",
            want.map(|c| c.error_code()),
            string(&v, "error")
        ));
    }
    (agree, total, disagreements)
}

#[test]
fn corpus_pairs_agree_with_go() {
    let Some(root) = corpus::require("key pairs", "expected/pairs.jsonl") else {
        return;
    };
    let pairs = std::fs::read_to_string(root.join("expected/pairs.jsonl")).expect("pairs.jsonl");
    // MANIFEST.tsv: path, kind, format (such as `PEM PKCS#8-encrypted`), ...
    let manifest = std::fs::read_to_string(root.join("MANIFEST.tsv")).unwrap_or_default();
    let formats: HashMap<&str, &str> = manifest
        .lines()
        .filter_map(|l| {
            let mut f = l.split('\t');
            Some((f.next()?, f.nth(1)?))
        })
        .collect();
    let encrypted = |key: &str| formats.get(key).is_some_and(|f| f.contains("encrypted"));
    let (agree, total, disagreements) = run(&root, &pairs, &encrypted);
    println!("key pairs: {agree}/{total} agree with Go");
    for d in &disagreements {
        println!("  DISAGREES: {d}");
    }
    assert!(total > 0);
    assert!(
        disagreements.is_empty(),
        "{} disagreements",
        disagreements.len()
    );
}

#[test]
fn fixture_pairs_agree_with_go() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/key-formats");
    let pairs = std::fs::read_to_string(root.join("expected.jsonl")).unwrap();
    let (agree, total, disagreements) = run(&root, &pairs, &|key| key.contains("encrypted"));
    println!("fixture pairs: {agree}/{total} agree with Go");
    for d in &disagreements {
        println!("  DISAGREES: {d}");
    }
    assert!(total >= 100);
    assert!(
        disagreements.is_empty(),
        "{} disagreements",
        disagreements.len()
    );
}

#[test]
fn damaged_keys_agree_with_go() {
    // Each line: a key's DER (often damaged), and Go's tls.parsePrivateKey verdict with the
    // SHA-256 of the public key Go derived (see tests/data/key-formats/mutate.py).
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/key-formats/mutations.jsonl");
    let lines = std::fs::read_to_string(path).unwrap();
    let (mut agree, mut total, mut accepted) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for line in lines.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let der: Vec<u8> = (0..v["der"].as_str().unwrap().len() / 2)
            .map(|i| u8::from_str_radix(&v["der"].as_str().unwrap()[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        let go = v["spki_sha256"].as_str();
        let ours = cert_preflight::PrivateKey::from_field(&crate::support::pem::armor(
            "PRIVATE KEY",
            &der,
        ))
        .map(|k| {
            k.public_key_spki_sha256()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        });
        total += 1;
        accepted += usize::from(go.is_some());
        if ours.as_deref().ok() == go {
            agree += 1;
        } else {
            disagreements.push(format!(
                "{}: Go {go:?}, library {:?}",
                &v["der"],
                ours.map_err(|d| d[0].message.clone())
            ));
        }
    }
    println!("damaged keys: {agree}/{total} agree with Go ({accepted} accepted by Go)");
    for d in &disagreements {
        println!("  DISAGREES: {d}");
    }
    assert!(total > 400 && accepted > 100);
    assert!(
        disagreements.is_empty(),
        "{} disagreements",
        disagreements.len()
    );
}
