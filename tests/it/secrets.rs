//! No private-key bytes in any output: every key of the shared corpus (MANIFEST.tsv, kind `key`),
//! the example key and the fuzzers' fixed keys go through every path a key can take (the right
//! field, the wrong fields, escaped, damaged, as a file's bytes, as a JSON body), and every
//! rendering of the result (the JSON body, `Display` of the rejection, its diagnostics and
//! warnings, `Debug` of every public type) is searched for the key's base64 lines and for hex
//! and decimal renderings of its private values (RSA d, p, q, dP, dQ, qInv; the EC scalar; the
//! Ed25519/X25519 seed; DSA x), which a small DER walk here extracts.

use crate::support::corpus;
use crate::support::der::{element, elements};
use base64::Engine as _;
use cert_preflight::{
    field_text, inspect, normalized_request, preflight, Accepted, CertificateForm, Diagnostic,
    Field, Options, PrivateKey, Rejection, UnixTime, Warning,
};
use num_bigint::BigUint;
use std::collections::HashMap;
use std::fmt::Write as _;

const BUNDLE: &str = include_str!("../../examples/bundle.pem");
const EXAMPLE_KEY: &str = include_str!("../../examples/key.pem");

/// The fuzzers' fixed key pairs (fuzz/data): one per algorithm and encoding.
const FIXED: [(&str, &str); 5] = [
    (
        include_str!("../../fuzz/data/rsa2048-pkcs1.cert.pem"),
        include_str!("../../fuzz/data/rsa2048-pkcs1.key.pem"),
    ),
    (
        include_str!("../../fuzz/data/rsa3072-pkcs8.cert.pem"),
        include_str!("../../fuzz/data/rsa3072-pkcs8.key.pem"),
    ),
    (
        include_str!("../../fuzz/data/p384-sec1.cert.pem"),
        include_str!("../../fuzz/data/p384-sec1.key.pem"),
    ),
    (
        include_str!("../../fuzz/data/p521-pkcs8.cert.pem"),
        include_str!("../../fuzz/data/p521-pkcs8.key.pem"),
    ),
    (
        include_str!("../../fuzz/data/ed25519-pkcs8.cert.pem"),
        include_str!("../../fuzz/data/ed25519-pkcs8.key.pem"),
    ),
];

fn options() -> Options {
    Options::new(UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").expect("a valid time"))
}

/// One key to test: a name, the file's bytes, and the certificate it belongs to (if known).
struct KeyCase {
    name: String,
    bytes: Vec<u8>,
    cert: Option<String>,
}

fn cases() -> Vec<KeyCase> {
    let mut out = vec![KeyCase {
        name: "examples/key.pem".into(),
        bytes: EXAMPLE_KEY.as_bytes().to_vec(),
        cert: Some(BUNDLE.into()),
    }];
    for (i, (cert, key)) in FIXED.iter().enumerate() {
        out.push(KeyCase {
            name: format!("fuzz/data pair {i}"),
            bytes: key.as_bytes().to_vec(),
            cert: Some((*cert).into()),
        });
    }
    let Some(dir) = corpus::require(
        "secrets (the corpus keys; the repository's keys still run)",
        "MANIFEST.tsv",
    ) else {
        return out;
    };
    // The certificate each corpus key matches, from Go's answers.
    let mut matching: HashMap<String, String> = HashMap::new();
    let pairs = std::fs::read_to_string(dir.join("expected/pairs.jsonl")).unwrap_or_default();
    for line in pairs.lines() {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        if v["label"] == "match" && v["result"] == "ok" {
            if let (Some(k), Some(c)) = (v["key"].as_str(), v["cert"].as_str()) {
                matching.entry(k.into()).or_insert_with(|| c.into());
            }
        }
    }
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).expect("readable manifest");
    for line in manifest.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.get(1) != Some(&"key") {
            continue;
        }
        let bytes = std::fs::read(dir.join(cols[0])).expect("a manifest file is present");
        let cert = matching
            .get(cols[0])
            .and_then(|c| std::fs::read_to_string(dir.join(c)).ok());
        out.push(KeyCase {
            name: cols[0].into(),
            bytes,
            cert,
        });
    }
    out
}

// ---- A small DER walk: just enough to find the private values of the key formats. ----

/// One TLV: (tag, contents, rest), by the tests' DER reader.
fn tlv(input: &[u8]) -> Option<(u8, &[u8], &[u8])> {
    element(input).map(|(tag, contents, _, rest)| (tag, contents, rest))
}

fn unsigned(int: &[u8]) -> Vec<u8> {
    let start = int.iter().position(|&b| b != 0).unwrap_or(int.len());
    int[start..].to_vec()
}

const INTEGER: u8 = 0x02;
const OCTET_STRING: u8 = 0x04;
const SEQUENCE: u8 = 0x30;

/// The private values of a PKCS#8, PKCS#1, SEC1 or OpenSSL DSA private key, named.
fn private_values(der: &[u8], out: &mut Vec<(&'static str, Vec<u8>)>) {
    let Some((SEQUENCE, contents, _)) = tlv(der) else {
        return;
    };
    let e = elements(contents);
    match e.as_slice() {
        // PKCS#8: version, AlgorithmIdentifier, OCTET STRING privateKey.
        [(INTEGER, _), (SEQUENCE, _), (OCTET_STRING, inner), ..] => {
            match tlv(inner) {
                // Ed25519, X25519, Ed448, X448: CurvePrivateKey, an OCTET STRING (the seed).
                Some((OCTET_STRING, seed, [])) => out.push(("seed", seed.to_vec())),
                // DSA, DH: the INTEGER x.
                Some((INTEGER, x, [])) => out.push(("x", unsigned(x))),
                // RSA (PKCS#1) or EC (SEC1) inside.
                Some((SEQUENCE, _, _)) => private_values(inner, out),
                // Anything else (ML-KEM ...): the whole private key is secret.
                _ => out.push(("private key", inner.to_vec())),
            }
        }
        // SEC1: version 1, OCTET STRING privateKey, [0] parameters, [1] publicKey.
        [(INTEGER, _), (OCTET_STRING, scalar), ..] => out.push(("scalar", scalar.to_vec())),
        // PKCS#1: version, n, e, d, p, q, dP, dQ, qInv (and more primes).
        ints if ints.len() >= 9 && ints.iter().all(|(t, _)| *t == INTEGER) => {
            for (name, (_, v)) in ["d", "p", "q", "dP", "dQ", "qInv"].iter().zip(&ints[3..9]) {
                out.push((name, unsigned(v)));
            }
        }
        // OpenSSL DSA: version, p, q, g, y, x.
        [(INTEGER, _), (INTEGER, _), (INTEGER, _), (INTEGER, _), (INTEGER, _), (INTEGER, x)] => {
            out.push(("x", unsigned(x)))
        }
        _ => {}
    }
}

// ---- What must never be output. ----

/// Every string that would show key material: the base64 lines of the key blocks (of the PEM,
/// or of the DER armored as PEM would be), and hex and decimal renderings of the private values.
fn forbidden(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut ders = Vec::new();
    match std::str::from_utf8(bytes) {
        Ok(text) if text.contains("-----BEGIN") => {
            for (label, headers, b64) in pem_blocks(text) {
                if !(label.contains("PRIVATE KEY") || label.contains("OPENSSH")) {
                    continue;
                }
                out.extend(b64.iter().filter(|l| l.len() >= 16).map(|l| l.to_string()));
                let joined: String = b64.concat();
                if let Ok(der) = base64::engine::general_purpose::STANDARD.decode(joined) {
                    if !headers && !label.contains("OPENSSH") && !label.contains("ENCRYPTED") {
                        ders.push(der);
                    }
                }
            }
        }
        _ => {
            // A DER key: its lines as PEM would show them.
            let b64 = base64::engine::general_purpose::STANDARD.encode(bytes);
            out.extend(
                b64.as_bytes()
                    .chunks(64)
                    .filter(|c| c.len() >= 16)
                    .map(|c| String::from_utf8_lossy(c).into_owned()),
            );
            ders.push(bytes.to_vec());
        }
    }
    for der in ders {
        let mut values = Vec::new();
        private_values(&der, &mut values);
        for (_, v) in values.iter().filter(|(_, v)| v.len() >= 8) {
            out.extend(renderings(v));
        }
    }
    out
}

/// Hex (lower and upper case, with and without colons) and decimal renderings of a value, whole
/// and in 16-byte pieces (a rendering cut short still shows a piece).
fn renderings(v: &[u8]) -> Vec<String> {
    let hex = |b: &[u8], upper: bool, sep: &str| {
        b.iter()
            .map(|x| {
                if upper {
                    format!("{x:02X}")
                } else {
                    format!("{x:02x}")
                }
            })
            .collect::<Vec<_>>()
            .join(sep)
    };
    let mut out = Vec::new();
    let pieces = std::iter::once(v).chain(v.chunks(16).filter(|c| c.len() >= 8));
    for piece in pieces {
        for upper in [false, true] {
            out.push(hex(piece, upper, ""));
            out.push(hex(piece, upper, ":"));
        }
    }
    let decimal = BigUint::from_bytes_be(v).to_string();
    if decimal.len() >= 20 {
        out.push(decimal[..20].to_string());
    }
    out
}

/// The PEM blocks of a text: (label, has headers, base64 lines).
fn pem_blocks(text: &str) -> Vec<(String, bool, Vec<&str>)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(label) = line
            .trim_end()
            .strip_prefix("-----BEGIN ")
            .and_then(|l| l.strip_suffix("-----"))
        else {
            continue;
        };
        let mut headers = false;
        let mut b64 = Vec::new();
        for l in lines.by_ref() {
            let l = l.trim_end();
            if l.starts_with("-----END ") {
                break;
            }
            if l.contains(':') {
                headers = true;
            } else if !l.is_empty() {
                b64.push(l);
            }
        }
        out.push((label.to_string(), headers, b64));
    }
    out
}

// ---- Every output path. ----

fn render_verdict(out: &mut String, verdict: &Result<Accepted, Rejection>) {
    match verdict {
        Ok(a) => {
            let _ = writeln!(
                out,
                "{}\n{a:?}",
                serde_json::to_string(&a.detail).expect("serializes")
            );
            render_warnings(out, &a.warnings);
        }
        Err(r) => render_rejection(out, r),
    }
}

fn render_warnings(out: &mut String, warnings: &[Warning]) {
    for w in warnings {
        let _ = writeln!(out, "{w}\n{w:?}\n{}", serde_json::json!(w));
    }
}

fn render_diagnostics(out: &mut String, diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        let _ = writeln!(out, "{d}\n{d:?}\n{}", serde_json::json!(d));
    }
}

fn render_rejection(out: &mut String, r: &Rejection) {
    let _ = writeln!(
        out,
        "{}\n{r}\n{r:?}",
        serde_json::to_string(&r.body()).expect("serializes")
    );
    render_diagnostics(out, r.diagnostics());
    render_warnings(out, r.warnings());
}

/// Runs a key through every path; returns everything output, path by path.
fn outputs(case: &KeyCase) -> Vec<String> {
    let mut all = Vec::new();
    let text = String::from_utf8_lossy(&case.bytes).into_owned();
    let cert = case.cert.clone().unwrap_or_else(|| BUNDLE.into());
    let base = CertificateForm {
        name: "secret_test".into(),
        cert_content: cert.clone(),
        private_key: text.clone(),
        ..Default::default()
    };
    let escaped = text.trim_end().replace('\n', "\\n");
    // The first line break lost: the base64 glued to the BEGIN line.
    let glued = text.replacen('\n', " ", 1);
    let mut damaged = text.clone().into_bytes();
    if let Some(i) = damaged.len().checked_sub(40) {
        damaged[i] = b'*';
    }
    let damaged = String::from_utf8_lossy(&damaged).into_owned();
    let truncated: String = text.chars().take(text.len() * 2 / 3).collect();
    let forms = [
        base.clone(),
        CertificateForm {
            cert_content: BUNDLE.into(),
            ..base.clone()
        },
        CertificateForm {
            private_key: escaped.clone(),
            ..base.clone()
        },
        CertificateForm {
            private_key: format!("\"{escaped}\""),
            ..base.clone()
        },
        CertificateForm {
            private_key: glued.clone(),
            ..base.clone()
        },
        CertificateForm {
            cert_content: glued.clone(),
            ..base.clone()
        },
        CertificateForm {
            cert_content: format!("{cert}{escaped}\n"),
            ..base.clone()
        },
        CertificateForm {
            private_key: damaged,
            ..base.clone()
        },
        CertificateForm {
            private_key: truncated,
            ..base.clone()
        },
        CertificateForm {
            private_key: format!("{cert}{text}"),
            ..base.clone()
        },
        // The fields switched, or the key in the other PEM fields.
        CertificateForm {
            cert_content: text.clone(),
            private_key: cert.clone(),
            ..base.clone()
        },
        CertificateForm {
            cert_content: text.clone(),
            ..base.clone()
        },
        CertificateForm {
            cert_content: format!("{escaped}\n"),
            ..base.clone()
        },
        CertificateForm {
            cert_content: format!("{cert}{text}"),
            ..base.clone()
        },
        CertificateForm {
            cert_type: "instance".into(),
            instance_id: "0123456789abcdef0123456789abcdef".into(),
            trusted_root_ca: text.clone(),
            ..base.clone()
        },
    ];
    let with_domain = options().domain("shop.example.com");
    for form in &forms {
        let mut out = format!("{form:?}\n");
        render_verdict(&mut out, &preflight(form, &options()));
        render_verdict(&mut out, &preflight(form, &with_domain));
        // The upload body holds the key by design; only its refusal is an output to check.
        if let Err(r) = normalized_request(form, &options(), cert_preflight::ChainOrder::LeafFirst)
        {
            render_rejection(&mut out, &r);
        }
        // The key alone: the public key type's Debug and accessors, or why it is refused.
        match PrivateKey::from_field(&form.private_key) {
            Ok(k) => {
                let _ = writeln!(
                    out,
                    "{k:?} {} {} {}",
                    k.algorithm_name(),
                    k.format_name(),
                    k.block()
                );
            }
            Err(diagnostics) => render_diagnostics(&mut out, &diagnostics),
        }
        all.push(out);
    }
    let mut out = String::new();
    // As a JSON request body.
    let body =
        serde_json::json!({"name": "secret_test", "cert_content": cert, "private_key": text});
    match CertificateForm::from_json(body.to_string().as_bytes()) {
        Ok(form) => {
            let _ = writeln!(out, "{form:?}");
            render_verdict(&mut out, &preflight(&form, &options()));
        }
        Err(d) => {
            let _ = writeln!(out, "{d}\n{d:?}");
        }
    }
    // A JSON body broken right after the key (the reason quotes the body near the error).
    let broken = format!("{{\"private_key\": \"{escaped}\" x}}");
    if let Err(d) = CertificateForm::from_json(broken.as_bytes()) {
        let _ = writeln!(out, "{d}\n{d:?}");
    }
    // As a file's bytes.
    for field in [Field::PrivateKey, Field::CertContent, Field::TrustedRootCa] {
        match field_text(field, &case.bytes) {
            Ok(t) => out.push_str(&t.len().to_string()),
            Err(r) => render_rejection(&mut out, &r),
        }
    }
    match inspect(&case.bytes) {
        Ok(fields) => {
            let _ = writeln!(out, "{fields:?}");
        }
        Err(r) => render_rejection(&mut out, &r),
    }
    all.push(out);
    all
}

#[test]
fn no_key_material_in_any_output() {
    let cases = cases();
    let mut checked_values = 0;
    let mut leaks = Vec::new();
    for case in &cases {
        let forbidden = forbidden(&case.bytes);
        checked_values += forbidden.len();
        for out in outputs(case) {
            for f in &forbidden {
                let Some(at) = out.find(f.as_str()) else {
                    continue;
                };
                let from = out[..at]
                    .char_indices()
                    .rev()
                    .nth(120)
                    .map_or(0, |(i, _)| i);
                leaks.push(format!("{}: {f:?} in ...{}", case.name, &out[from..at]));
                break;
            }
        }
    }
    println!(
        "{} keys, {checked_values} forbidden strings checked",
        cases.len()
    );
    assert!(
        leaks.is_empty(),
        "key material in the output:\n{}",
        leaks.join("\n")
    );
}

/// The DER walk finds the values it should (else the test above would check nothing).
#[test]
fn the_der_walk_finds_private_values() {
    let der = |pem: &str| {
        let (_, _, b64) = pem_blocks(pem).remove(0);
        base64::engine::general_purpose::STANDARD
            .decode(b64.concat())
            .expect("valid PEM")
    };
    let names = |pem: &str| {
        let mut v = Vec::new();
        private_values(&der(pem), &mut v);
        v.iter()
            .map(|(n, v)| format!("{n}:{}", v.len()))
            .collect::<Vec<_>>()
    };
    assert_eq!(names(EXAMPLE_KEY), ["scalar:32"]);
    // RSA-2048: d is 256 bytes, the others 128 (a byte less when the top byte is zero).
    let rsa: Vec<(String, usize)> = names(FIXED[0].1)
        .iter()
        .map(|s| {
            let (n, l) = s.split_once(':').expect("name:len");
            (n.to_string(), l.parse().expect("a length"))
        })
        .collect();
    let want = [
        ("d", 256),
        ("p", 128),
        ("q", 128),
        ("dP", 128),
        ("dQ", 128),
        ("qInv", 128),
    ];
    assert_eq!(rsa.len(), want.len());
    for ((name, len), (want_name, want_len)) in rsa.iter().zip(want) {
        assert_eq!(name, want_name);
        assert!((want_len - 2..=want_len).contains(len), "{name}: {len}");
    }
    assert_eq!(names(FIXED[1].1).len(), 6);
    assert_eq!(names(FIXED[2].1), ["scalar:48"]);
    assert_eq!(names(FIXED[3].1), ["scalar:66"]);
    assert_eq!(names(FIXED[4].1), ["seed:32"]);
    // The forbidden strings hold the hex of the example scalar.
    let scalar = {
        let mut v = Vec::new();
        private_values(&der(EXAMPLE_KEY), &mut v);
        v.remove(0).1
    };
    let hex: String = scalar.iter().map(|b| format!("{b:02x}")).collect();
    assert!(forbidden(EXAMPLE_KEY.as_bytes()).contains(&hex));
}
