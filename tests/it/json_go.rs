//! `CertificateForm::from_json` against Go 1.19's `json.Unmarshal` into the gateway's struct, on
//! every body of `tests/data/json/go-unmarshal.jsonl` (written by `tools/go-json-oracle`; see
//! docs/json.md): the same fields when Go accepts, APIG.2000 with Go's exact error text when it
//! refuses.

use base64::Engine;
use cert_preflight::{CertificateForm, GatewayCode, Rejection};
use proptest::prelude::*;
use serde::Deserialize;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/json/go-unmarshal.jsonl"
);

/// One line of the fixture: Go's answer for one body.
#[derive(Deserialize)]
struct GoAnswer {
    case: String,
    body: String,
    form: Option<GoForm>,
    error: Option<String>,
}

/// The gateway's struct as Go filled it.
#[derive(Deserialize, Debug, PartialEq, Eq)]
struct GoForm {
    name: String,
    cert_content: String,
    private_key: String,
    #[serde(rename = "type")]
    cert_type: String,
    instance_id: String,
    trusted_root_ca: String,
}

/// The committed fixture, or the oracle's output named by `JSON_GO_ANSWERS` (for a larger run
/// of `go-json-oracle eval`, docs/json.md).
fn answers() -> Vec<(GoAnswer, Vec<u8>)> {
    let path = std::env::var("JSON_GO_ANSWERS").unwrap_or_else(|_| FIXTURE.to_owned());
    let text = std::fs::read_to_string(&path).expect("the Go fixture is committed");
    text.lines()
        .map(|line| {
            let a: GoAnswer = serde_json::from_str(line).expect("a fixture line");
            let body = base64::engine::general_purpose::STANDARD
                .decode(&a.body)
                .expect("base64 body");
            (a, body)
        })
        .collect()
}

/// Go's text for the gateway: the oracle's struct lives in package `main`, so Go names the type
/// of a non-object body `main.CertificateForm`; the gateway's package is not known and the tool
/// says `CertificateForm` (docs/json.md). Nothing else is changed.
fn as_the_gateway_says(go: &str) -> String {
    go.replace(
        " into Go value of type main.CertificateForm",
        " into Go value of type CertificateForm",
    )
}

#[test]
fn every_body_reads_as_go_reads_it() {
    let answers = answers();
    assert!(answers.len() >= 150, "{} bodies", answers.len());
    let mut failures = Vec::new();
    for (go, body) in &answers {
        let ours = CertificateForm::from_json(body);
        let same = match (&go.form, &go.error, &ours) {
            (Some(g), None, Ok(f)) => {
                *g == GoForm {
                    name: f.name.clone(),
                    cert_content: f.cert_content.clone(),
                    private_key: f.private_key.clone(),
                    cert_type: f.cert_type.clone(),
                    instance_id: f.instance_id.clone(),
                    trusted_root_ca: f.trusted_root_ca.clone(),
                }
            }
            (None, Some(e), Err(d)) => {
                d.code == GatewayCode::SerializationError
                    && d.id == "request.not-json"
                    && d.message == as_the_gateway_says(e)
            }
            _ => false,
        };
        if !same {
            failures.push(format!(
                "{}: body {:?}\n  Go:   {:?}\n  ours: {:?}",
                go.case,
                String::from_utf8_lossy(&body[..body.len().min(120)]),
                go.error
                    .as_deref()
                    .map_or("accepted".into(), as_the_gateway_says),
                ours.as_ref().map(|_| "accepted").map_err(|d| &d.message),
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} bodies differ from Go:\n{}",
        failures.len(),
        answers.len(),
        failures.join("\n")
    );
}

/// The gateway's `error_msg` embeds Go's text whole.
#[test]
fn error_msg_embeds_gos_text() {
    let mut checked = 0;
    for (go, body) in answers() {
        let Some(e) = go.error else { continue };
        let d = CertificateForm::from_json(&body).unwrap_err();
        let r = Rejection::from_diagnostics(vec![d]).expect("one diagnostic");
        assert_eq!(r.http_status(), 400, "{}", go.case);
        assert_eq!(r.error_code(), "APIG.2000", "{}", go.case);
        assert_eq!(
            r.error_msg(),
            format!(
                "Parameter error: Serialization error: {}",
                as_the_gateway_says(&e)
            ),
            "{}",
            go.case
        );
        checked += 1;
    }
    assert!(checked >= 100, "{checked}");
}

/// The fixture covers every kind of answer the issue lists (so a shrunk fixture fails here).
#[test]
fn fixture_covers_every_class() {
    let answers = answers();
    let errors: Vec<&str> = answers
        .iter()
        .filter_map(|(a, _)| a.error.as_deref())
        .collect();
    for needle in [
        "unexpected end of JSON input",
        r"invalid character '\x00' looking for beginning of value",
        r"invalid character '\'' looking for beginning of value",
        r#"invalid character '"' after object key:value pair"#,
        "invalid character '}' looking for beginning of object key string",
        "invalid character ']' looking for beginning of value",
        "after array element",
        "after object key",
        "after top-level value",
        r"invalid character '\n' in string literal",
        "in string escape code",
        r"in \u hexadecimal character escape",
        "in numeric literal",
        "after decimal point in numeric literal",
        "in exponent of numeric literal",
        "in literal true (expecting 'r')",
        "in literal false (expecting 'a')",
        "in literal null (expecting 'u')",
        "invalid character '[' exceeded max depth",
        "invalid character '{' exceeded max depth",
        "json: cannot unmarshal number into Go struct field CertificateForm.name of type string",
        "json: cannot unmarshal bool into Go struct field",
        "json: cannot unmarshal array into Go struct field",
        "json: cannot unmarshal object into Go struct field",
        "json: cannot unmarshal array into Go value of type main.CertificateForm",
        "json: cannot unmarshal string into Go value of type main.CertificateForm",
        "json: cannot unmarshal number into Go value of type main.CertificateForm",
        "json: cannot unmarshal bool into Go value of type main.CertificateForm",
    ] {
        assert!(
            errors.iter().any(|e| e.contains(needle)),
            "no case gives {needle:?}"
        );
    }
    // Accepted bodies where serde_json refused: invalid UTF-8, lone surrogates, huge numbers.
    let accepted = |case: &str| {
        answers
            .iter()
            .find(|(a, _)| a.case == case)
            .unwrap_or_else(|| panic!("no case {case:?}"))
            .0
            .form
            .is_some()
    };
    for case in [
        "ff in value",
        "e2 82 truncated",
        "utf-8 surrogate",
        "lone high surrogate",
        "lone low surrogate",
        "unknown huge exponent",
        "10000 objects",
    ] {
        assert!(accepted(case), "{case}");
    }
}

/// Invalid UTF-8 and lone surrogates become U+FFFD, as in Go: one per bad byte.
#[test]
fn replacement_characters_as_go_puts_them() {
    let f = CertificateForm::from_json(b"{\"name\":\"a\xe2\x82b\\uD800c\\uDC00\"}").unwrap();
    assert_eq!(f.name, "a\u{FFFD}\u{FFFD}b\u{FFFD}c\u{FFFD}");
}

/// A 1 MiB body of `[` is refused at the 10,001st byte, not read to its end.
#[test]
fn a_mebibyte_of_open_brackets() {
    let body = vec![b'['; 1 << 20];
    let d = CertificateForm::from_json(&body).unwrap_err();
    assert_eq!(d.message, "invalid character '[' exceeded max depth");
    let fix = d.fix.unwrap();
    assert!(fix.contains("byte 10001 "), "{fix}");
}

/// The fix never quotes the body (it may hold the key), whatever the error.
#[test]
fn the_fix_quotes_nothing_of_the_body() {
    let key = "MHcCAQEEIBr7Zb8lW4iTzMRGF1y9UwDhHsrzQeJ8KR";
    for body in [
        format!("{{\"private_key\":\"{key}\" x}}"),
        format!("{{\"private_key\":\"{key}"),
        format!("{{\"private_key\":\"{key}\n\"}}"),
        format!("{{\"private_key\":[\"{key}\"]}}"),
    ] {
        let d = CertificateForm::from_json(body.as_bytes()).unwrap_err();
        let shown = format!("{d}\n{d:?}");
        assert!(!shown.contains(&key[..8]), "{shown}");
    }
}

proptest! {
    /// Any bytes: a form or APIG.2000, never a panic; the same answer twice.
    #[test]
    fn any_bytes_give_an_answer(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let first = CertificateForm::from_json(&bytes);
        if let Err(d) = &first {
            prop_assert_eq!(d.code, GatewayCode::SerializationError);
            prop_assert!(!d.message.is_empty());
        }
        prop_assert_eq!(first, CertificateForm::from_json(&bytes));
    }

    /// Bytes from JSON's own alphabet, so that deeper states are reached.
    #[test]
    fn json_like_bytes_give_an_answer(
        bytes in proptest::collection::vec(
            prop::sample::select(b"{}[]:,\"\\ \n0123456789-+.eEtrufalsn\x00\x80\xff".to_vec()),
            0..400,
        )
    ) {
        let _ = CertificateForm::from_json(&bytes);
        let mut body = b"{\"name\":".to_vec();
        body.extend_from_slice(&bytes);
        let _ = CertificateForm::from_json(&body);
    }

    /// Any strings written as JSON by serde_json read back unchanged.
    #[test]
    fn serde_json_strings_read_back(name in ".*", key in ".*") {
        let body = serde_json::json!({"name": name, "private_key": key, "x": [1, {"y": null}]});
        let f = CertificateForm::from_json(body.to_string().as_bytes()).unwrap();
        prop_assert_eq!(f.name, name);
        prop_assert_eq!(f.private_key, key);
    }
}
