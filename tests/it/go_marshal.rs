//! `go_json` against Go's `json.Marshal` of the gateway's response (issue 12, point 3): the
//! certificate detail of every corpus certificate Go parses, and details whose strings hold
//! what Go escapes (`<`, `>`, `&`, U+2028, U+2029, control characters). The expected bytes are
//! Go 1.19's (`tests/data/json/go-marshal.jsonl`, made by `tools/go-json-oracle marshal` from the
//! lines `generate_go_marshal_input` writes; `.ci/json.sh` makes them again and compares).

use crate::support::corpus;
use cert_preflight::{go_json, inspect, CertificateDetail, CertificateFields};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::Path;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/json/go-marshal.jsonl"
);

/// A detail around these fields, as the gateway would answer for them.
fn detail(fields: &CertificateFields) -> CertificateDetail {
    let mut v = serde_json::to_value(fields).unwrap();
    let extra = json!({
        "id": "a27be832f2e9441c8127fe48e3b5ac67", "name": "corpus_cert", "type": "instance",
        "instance_id": "f0fa17893b76433ba7879892951c620e", "project_id": "p<&>1",
        "is_has_trusted_root_ca": true,
        "create_time": "2030-01-01T00:00:00Z", "update_time": "2030-01-01T00:00:00Z",
    });
    for (k, x) in extra.as_object().unwrap() {
        v[k] = x.clone();
    }
    serde_json::from_value(v).unwrap()
}

/// Fields whose strings hold every character Go escapes differently from serde_json.
fn tricky() -> Vec<(String, CertificateFields)> {
    let strings = [
        "<script>alert(1)</script>",
        "Shop & Co > Others",
        "line\u{2028}para\u{2029}end",
        "\u{0}\u{1}\u{7}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1b}\u{1f}\u{7f}",
        "quote \" backslash \\ slash /",
        "Café Zürich 東京 😀 \u{fffd}",
    ];
    let base = inspect(include_bytes!("../../examples/bundle.pem")).unwrap()[0].clone();
    strings
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let mut f = base.clone();
            f.common_name = (*s).to_owned();
            f.san = vec![(*s).to_owned(), "b.example".into()];
            f.organization = vec![(*s).to_owned()];
            f.issuer = vec![format!("{s}{s}")];
            (format!("tricky {i}"), f)
        })
        .collect()
}

/// Every corpus certificate file whose first certificate Go parses, by its path.
fn corpus_fields(dir: &Path) -> Vec<(String, CertificateFields)> {
    let expected = std::fs::read_to_string(dir.join("expected/certs.jsonl")).unwrap();
    let mut out = Vec::new();
    for line in expected.lines() {
        let v: Value = serde_json::from_str(line).unwrap();
        let path = v["path"].as_str().unwrap();
        if !v["parse_error"].is_null() || !v["error"].is_null() {
            continue;
        }
        let bytes = std::fs::read(dir.join(path)).unwrap();
        if let Ok(certs) = inspect(&bytes) {
            out.push((path.to_owned(), certs[0].clone()));
        }
    }
    out
}

fn cases(dir: Option<&Path>) -> Vec<(String, CertificateDetail)> {
    let mut all = tricky();
    if let Some(dir) = dir {
        all.extend(corpus_fields(dir));
    }
    all.into_iter().map(|(c, f)| (c, detail(&f))).collect()
}

#[test]
fn response_bytes_are_gos_json_marshal() {
    let fixture: BTreeMap<String, String> = std::fs::read_to_string(FIXTURE)
        .unwrap()
        .lines()
        .map(|l| {
            let v: Value = serde_json::from_str(l).unwrap();
            (
                v["case"].as_str().unwrap().to_owned(),
                v["go"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let dir = corpus::require(
        "Go's json.Marshal of corpus details",
        "expected/certs.jsonl",
    );
    let cases = cases(dir.as_deref());
    let mut compared = 0;
    for (case, d) in &cases {
        let ours = go_json(&serde_json::to_string(d).unwrap());
        let go = fixture
            .get(case)
            .unwrap_or_else(|| panic!("{case} is not in the fixture"));
        assert_eq!(&ours, go, "{case}");
        compared += 1;
    }
    assert!(compared >= 6, "{compared}");
    if dir.is_some() {
        assert!(compared > 1000, "only {compared} corpus details");
    }
    println!("go_json equals Go's json.Marshal on {compared} details");
}

/// Writes the oracle's input: `cargo test --test it generate_go_marshal_input -- --ignored`,
/// then `go-json-oracle marshal < target/go-marshal-input.jsonl > tests/data/json/go-marshal.jsonl`.
#[test]
#[ignore = "writes the Go oracle's input"]
fn generate_go_marshal_input() {
    let dir = corpus::require(
        "Go's json.Marshal of corpus details",
        "expected/certs.jsonl",
    );
    let mut out = String::new();
    for (case, d) in cases(dir.as_deref()) {
        out.push_str(&serde_json::to_string(&json!({"case": case, "detail": d})).unwrap());
        out.push('\n');
    }
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/target/go-marshal-input.jsonl");
    std::fs::write(path, out).unwrap();
}
