//! Issue 16 finding 4: control, C1 and bidi characters in every certificate string and in file
//! names are escaped in every human-readable output; JSON keeps the exact values.

mod common;

use common::*;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};

const CN: &str = "shop\x1b[31m.example\r\u{9b}2J\u{202e}moc";
const O: &str = "Org\nREJECTED APIG.2101 forged line";
const OU: &str = "Unit\x08\x08\x7f";
const L: &str = "Town\u{2066}hidden\u{2069}";
const ST: &str = "State\u{200e}\u{61c}\u{2028}next";
const ISSUER: &str = "Evil CA\x1b]0;title\x07\u{85}";
const SAN: &str = "evil\x1b[2J.example";

/// A CA whose name holds controls, and a leaf with controls in every subject string and SAN.
fn bundle() -> (String, String) {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.distinguished_name.push(DnType::CommonName, ISSUER);
    ca.distinguished_name.push(DnType::OrganizationName, ISSUER);
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.not_before = rcgen::date_time_ymd(2025, 1, 1);
    ca.not_after = rcgen::date_time_ymd(2035, 1, 1);
    let ca_cert = ca.self_signed(&ca_key).unwrap();

    let key = KeyPair::generate().unwrap();
    let mut leaf = CertificateParams::new(vec![SAN.to_owned()]).unwrap();
    for (t, v) in [
        (DnType::CommonName, CN),
        (DnType::OrganizationName, O),
        (DnType::OrganizationalUnitName, OU),
        (DnType::LocalityName, L),
        (DnType::StateOrProvinceName, ST),
    ] {
        leaf.distinguished_name.push(t, v);
    }
    leaf.not_before = rcgen::date_time_ymd(2025, 1, 1);
    leaf.not_after = rcgen::date_time_ymd(2034, 1, 1);
    let leaf_cert = leaf.signed_by(&key, &ca_cert, &ca_key).unwrap();
    (
        format!("{}{}", leaf_cert.pem(), ca_cert.pem()),
        key.serialize_pem(),
    )
}

fn assert_no_forged_line(text: &str) {
    assert!(
        !text
            .lines()
            .any(|l| l.starts_with("REJECTED APIG.2101 forged")),
        "{text}"
    );
}

#[test]
fn certificate_strings_are_escaped_in_text_and_exact_in_json() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = bundle();
    // A file name with controls too.
    let cert_path = dir
        .path()
        .join("leaf\x1b[2J\nREJECTED APIG.2101 forged line\u{202e}.pem");
    let key_path = dir.path().join("key.pem");
    std::fs::write(&cert_path, &cert).unwrap();
    std::fs::write(&key_path, &key).unwrap();
    let (c, k) = (cert_path.to_str().unwrap(), key_path.to_str().unwrap());

    let o = run(&["check", "--cert", c, "--key", k, "--at", AT]);
    let text = all_output(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert_terminal_safe(&text, "check text");
    assert_no_forged_line(&text);
    assert!(
        text.contains("shop\\u{1b}[31m.example\\r\\u{9b}2J\\u{202e}moc"),
        "{text}"
    );
    assert!(text.contains("Org\\nREJECTED"), "{text}");

    let o = run(&["inspect", c]);
    let text = all_output(&o);
    assert_eq!(o.status.code(), Some(0), "{text}");
    assert_terminal_safe(&text, "inspect text");
    assert_no_forged_line(&text);
    for escaped in [
        "\\u{8}\\u{8}\\u{7f}",
        "\\u{2066}hidden\\u{2069}",
        "\\u{200e}\\u{61c}\\u{2028}next",
        "\\u{1b}]0;title\\u{7}\\u{85}",
        "evil\\u{1b}[2J.example",
        "leaf\\u{1b}[2J\\nREJECTED",
    ] {
        assert!(text.contains(escaped), "{escaped} not in {text}");
    }

    // JSON: the exact values.
    let o = run(&[
        "check", "--cert", c, "--key", k, "--at", AT, "--format", "json",
    ]);
    let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(body["common_name"], CN);
    assert_eq!(body["organization"], serde_json::json!([O]));
    assert_eq!(body["organizational_unit"], serde_json::json!([OU]));
    assert_eq!(body["locality"], serde_json::json!([L]));
    assert_eq!(body["state"], serde_json::json!([ST]));
    assert_eq!(body["san"], serde_json::json!([SAN]));
    assert_eq!(body["issuer"], serde_json::json!([ISSUER]));
    let o = run(&["inspect", "--format", "json", c]);
    let line: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(line["file"], c);
    assert_eq!(line["certificates"][0]["common_name"], CN);
}

#[test]
fn rejections_and_stderr_escape_too() {
    let dir = tempfile::tempdir().unwrap();
    let (cert, _) = bundle();
    let (_, other_key) = bundle();
    let c = dir.path().join("c.pem");
    let k = dir.path().join("k.pem");
    std::fs::write(&c, &cert).unwrap();
    std::fs::write(&k, &other_key).unwrap();
    let (c, k) = (c.to_str().unwrap(), k.to_str().unwrap());
    // A mismatched key, a domain with controls (now refused as a usage error, exit 2, which must
    // be as safe), the rejection text and the JSON diagnostics.
    for format in ["text", "json"] {
        let o = run(&[
            "check",
            "--cert",
            c,
            "--key",
            k,
            "--at",
            AT,
            "--domain",
            "x\x1b[2J\nREJECTED APIG.2101 forged line",
            "--format",
            format,
        ]);
        assert_eq!(o.status.code(), Some(2));
        let text = if format == "json" {
            String::from_utf8_lossy(&o.stderr).into_owned()
        } else {
            all_output(&o)
        };
        assert_terminal_safe(&text, format);
        assert_no_forged_line(&text);
    }
    // A missing file with controls in its name, and a name option with controls.
    let o = run(&[
        "check",
        "--cert",
        "/nonexistent/\x1b[31m\r\u{202e}.pem",
        "--key",
        k,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert_terminal_safe(&all_output(&o), "missing file");
    let o = run(&["check", "--cert", c, "--key", k, "--at", "\x1b[2J\u{9b}31m"]);
    assert_eq!(o.status.code(), Some(2));
    assert_terminal_safe(&all_output(&o), "--at value");
    let o = run(&[
        "check",
        "--cert",
        c,
        "--key",
        k,
        "--at",
        AT,
        "--name",
        "n\x1b[2J\u{202e}x",
    ]);
    assert_terminal_safe(&all_output(&o), "--name value");
    let o = run(&["check", "--cert", c, "--key", k, "--bogus\x1b[2J"]);
    assert_eq!(o.status.code(), Some(2));
    assert_terminal_safe(&all_output(&o), "unknown option");
}
