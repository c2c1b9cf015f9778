//! Issue 13: severities decide the exit status (`--fail-on`, `--strict`), the report carries the
//! data, JSON formats get JSON error documents, `--quiet` prints nothing; completions, man page
//! and `--version`; the CI formats' shape (their schema validation is in `.ci/cli.sh`).

mod common;

use common::*;
use rcgen::{BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair};

/// Which warning class a generated bundle shows.
#[derive(Clone, Copy, Debug)]
enum Class {
    ExpiresSoon,
    CnNotInSan,
    MissingIntermediate,
    NoServerAuth,
    ContainsRoot,
}

impl Class {
    fn id(self) -> &'static str {
        match self {
            Class::ExpiresSoon => "time.expires-soon",
            Class::CnNotInSan => "leaf.cn-not-in-san",
            Class::MissingIntermediate => "chain.missing-intermediate",
            Class::NoServerAuth => "leaf.no-server-auth",
            Class::ContainsRoot => "chain.contains-root",
        }
    }
}

fn ca(
    name: &str,
    issuer: Option<(&rcgen::Certificate, &KeyPair)>,
) -> (rcgen::Certificate, KeyPair) {
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, name);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.not_before = rcgen::date_time_ymd(2025, 1, 1);
    p.not_after = rcgen::date_time_ymd(2035, 1, 1);
    let cert = match issuer {
        Some((c, k)) => p.signed_by(&key, c, k).unwrap(),
        None => p.self_signed(&key).unwrap(),
    };
    (cert, key)
}

/// A bundle the gateway accepts with exactly the warning of `class` (root, intermediate, leaf;
/// `cert_content` is the leaf and the intermediate unless the class says otherwise).
fn bundle(dir: &std::path::Path, class: Class) -> (String, String) {
    let (root, root_key) = ca("Gate Root", None);
    let (inter, inter_key) = ca("Gate Intermediate", Some((&root, &root_key)));
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(vec!["gate.example.com".to_owned()]).unwrap();
    let cn = match class {
        Class::CnNotInSan => "other.example.com",
        _ => "gate.example.com",
    };
    p.distinguished_name.push(DnType::CommonName, cn);
    p.not_before = rcgen::date_time_ymd(2025, 1, 1);
    p.not_after = match class {
        Class::ExpiresSoon => rcgen::date_time_ymd(2030, 1, 10),
        _ => rcgen::date_time_ymd(2034, 1, 1),
    };
    if let Class::NoServerAuth = class {
        p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    }
    let leaf = p.signed_by(&key, &inter, &inter_key).unwrap();
    let content = match class {
        Class::MissingIntermediate => leaf.pem(),
        Class::ContainsRoot => format!("{}{}{}", leaf.pem(), inter.pem(), root.pem()),
        _ => format!("{}{}", leaf.pem(), inter.pem()),
    };
    let c = dir.join(format!("{class:?}.pem"));
    let k = dir.join(format!("{class:?}.key"));
    std::fs::write(&c, content).unwrap();
    std::fs::write(&k, key.serialize_pem()).unwrap();
    (
        c.to_str().unwrap().to_owned(),
        k.to_str().unwrap().to_owned(),
    )
}

#[test]
fn strict_fails_on_each_warning_class_and_the_verdict_never_changes() {
    let dir = tempfile::tempdir().unwrap();
    for class in [
        Class::ExpiresSoon,
        Class::CnNotInSan,
        Class::MissingIntermediate,
        Class::NoServerAuth,
        Class::ContainsRoot,
    ] {
        let (c, k) = bundle(dir.path(), class);
        let base = ["check", "--cert", &c, "--key", &k, "--at", AT];
        let with = |extra: &[&str]| {
            let mut a = base.to_vec();
            a.extend_from_slice(extra);
            run(&a)
        };
        let report: serde_json::Value =
            serde_json::from_slice(&with(&["--format", "report"]).stdout).unwrap();
        assert_eq!(report["verdict"], "accepted", "{class:?}: {report}");
        let ids: Vec<&str> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, [class.id()], "{class:?}: exactly its own warning");
        assert!(report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "warning"));
        for (extra, code) in [
            (vec![], 0),
            (vec!["--fail-on", "error"], 0),
            (vec!["--strict"], 1),
            (vec!["--fail-on", "warning"], 1),
            (vec!["--fail-on", "notice"], 1),
        ] {
            let o = with(&extra);
            assert_eq!(o.status.code(), Some(code), "{class:?} {extra:?}");
            assert!(
                stdout_text(&o).starts_with("ACCEPTED"),
                "{class:?} {extra:?}"
            );
            let mut json = extra.clone();
            json.extend(["--format", "json"]);
            let o = with(&json);
            assert_eq!(o.status.code(), Some(code), "{class:?} {json:?}");
            let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(
                body["common_name"],
                if matches!(class, Class::CnNotInSan) {
                    "other.example.com"
                } else {
                    "gate.example.com"
                }
            );
        }
    }
}

fn stdout_text(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

#[test]
fn a_rejection_fails_at_every_severity() {
    for fail_on in ["error", "warning", "notice"] {
        let o = run(&[
            "check",
            "--cert",
            KEY,
            "--key",
            CERT,
            "--at",
            AT,
            "--fail-on",
            fail_on,
        ]);
        assert_eq!(o.status.code(), Some(1), "{fail_on}");
        assert!(stdout_text(&o).starts_with("REJECTED APIG.2106"));
    }
    let o = run(&[
        "check", "--cert", CERT, "--key", KEY, "--at", AT, "--strict",
    ]);
    assert_eq!(o.status.code(), Some(0), "the example has no warning");
    let o = run(&[
        "check",
        "--cert",
        CERT,
        "--key",
        KEY,
        "--strict",
        "--fail-on",
        "error",
    ]);
    assert_eq!(o.status.code(), Some(2), "--strict and --fail-on conflict");
}

#[test]
fn the_report_carries_tool_inputs_time_and_finding_data() {
    let o = run(&[
        "check",
        "--cert",
        CERT,
        "--key",
        KEY,
        "--at",
        "2037-11-01T00:00:00Z",
        "--format",
        "report",
    ]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["schema"], "cert-preflight/report/v1");
    assert_eq!(r["tool"]["name"], "cert-preflight");
    assert_eq!(r["tool"]["version"], env!("CARGO_PKG_VERSION"));
    assert!(r["tool"]["gateway_rules"]
        .as_str()
        .unwrap()
        .contains("CreateCertificateV2"));
    assert_eq!(r["inputs"]["cert"], CERT);
    assert_eq!(r["inputs"]["key"], KEY);
    assert_eq!(r["checked_at"], "2037-11-01T00:00:00Z");
    assert_eq!(r["gate"]["fail_on"], "error");
    let f = &r["findings"][0];
    assert_eq!(f["id"], "time.expires-soon");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["location"]["path"], CERT);
    assert_eq!(f["location"]["line"], 1);
    assert_eq!(f["certificate"]["common_name"], "shop.example.com");
    assert_eq!(f["certificate"]["not_after"], "2037-11-10T01:22:21Z");
    assert_eq!(f["certificate"]["days_left"], 9);
    assert_eq!(f["certificate"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(f["certificate"]["public_key"]["curve"], "P-256");
    // A rejection's findings carry the gateway code.
    let o = run(&[
        "check", "--cert", KEY, "--key", CERT, "--at", AT, "--format", "report",
    ]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(r["findings"][0]["error_code"], "APIG.2106");
    assert_eq!(r["findings"][0]["severity"], "error");
    // A key finding carries the key's public facts (never the key).
    let rsa = format!("{KEY_FORMATS}/rsa2048.pem");
    let o = run(&[
        "check", "--cert", CERT, "--key", &rsa, "--at", AT, "--format", "report",
    ]);
    let r: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let f = &r["findings"][0];
    assert_eq!(f["error_code"], "APIG.2101");
    assert_eq!(f["field"], "private_key");
    assert_eq!(f["key"]["algorithm"], "RSA-2048");
    assert_eq!(f["key"]["format"], "PKCS#8");
    assert_eq!(f["key"]["public_key_sha256"].as_str().unwrap().len(), 64);
    let key = std::fs::read_to_string(&rsa).unwrap();
    assert_no_window(&pem_body(&key), &all_output(&o), "report");
}

#[test]
fn json_formats_get_json_error_documents() {
    for format in ["json", "report", "sarif"] {
        for args in [
            vec![
                "check",
                "--cert",
                "/nonexistent.pem",
                "--key",
                KEY,
                "--format",
                format,
            ],
            vec!["check", "--cert", "-", "--key", "-", "--format", format],
            vec![
                "check", "--cert", CERT, "--key", KEY, "--at", "soon", "--format", format,
            ],
            vec!["check", "--cert", CERT, "--bogus", "--format", format],
        ] {
            let o = run(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            let doc: serde_json::Value = serde_json::from_slice(&o.stdout)
                .unwrap_or_else(|e| panic!("{args:?}: {e}: {}", all_output(&o)));
            assert_eq!(doc["schema"], "cert-preflight/cli-error/v1");
            assert!(
                matches!(doc["error_code"].as_str(), Some("CLI.USAGE" | "CLI.IO")),
                "{doc}"
            );
            assert!(!doc["error_msg"].as_str().unwrap().is_empty());
        }
    }
    // Key text in a JSON error document: withheld there too.
    let key = std::fs::read_to_string(format!("{KEY_FORMATS}/ecp256.sec1.pem")).unwrap();
    let o = run(&["check", "--cert", CERT, "--key", &key, "--format", "json"]);
    assert_no_window(&pem_body(&key), &all_output(&o), "json error");
    let o = run(&[
        "check", "--cert", CERT, "--key", KEY, "--format", "text", "--at", "soon",
    ]);
    assert!(o.stdout.is_empty(), "text: errors on stderr only");
}

#[test]
fn quiet_prints_nothing() {
    for (args, code) in [
        (
            vec!["check", "--cert", CERT, "--key", KEY, "--at", AT, "-q"],
            0,
        ),
        (
            vec!["check", "--cert", KEY, "--key", CERT, "--at", AT, "--quiet"],
            1,
        ),
        (
            vec!["check", "--cert", "/nonexistent", "--key", KEY, "--quiet"],
            2,
        ),
        (
            vec![
                "check",
                "--cert",
                CERT,
                "--key",
                KEY,
                "--at",
                "2037-11-01T00:00:00Z",
                "--strict",
                "--quiet",
                "--format",
                "report",
            ],
            1,
        ),
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(code), "{args:?}");
        assert!(
            o.stdout.is_empty() && o.stderr.is_empty(),
            "{args:?}: {}",
            all_output(&o)
        );
    }
}

#[test]
fn ci_formats_have_their_shape() {
    let at = [
        "check",
        "--cert",
        CERT,
        "--key",
        KEY,
        "--at",
        "2037-11-01T00:00:00Z",
    ];
    let with = |f: &str| {
        let mut a = at.to_vec();
        a.extend(["--format", f]);
        run(&a)
    };
    let sarif: serde_json::Value = serde_json::from_slice(&with("sarif").stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run0 = &sarif["runs"][0];
    assert_eq!(
        run0["tool"]["driver"]["rules"][0]["id"],
        "time.expires-soon"
    );
    assert_eq!(run0["results"].as_array().unwrap().len(), 2);
    assert_eq!(run0["results"][0]["level"], "warning");
    assert_eq!(
        run0["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        1
    );
    let junit = stdout_text(&with("junit"));
    assert!(junit.starts_with("<?xml"), "{junit}");
    assert!(
        junit.contains("failures=\"0\""),
        "warnings do not fail by default: {junit}"
    );
    let github = stdout_text(&with("github"));
    let lines: Vec<&str> = github.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[0].starts_with(&format!(
            "::warning file={CERT},line=1,title=time.expires-soon::"
        )),
        "{github}"
    );
    let rejected = run(&[
        "check", "--cert", KEY, "--key", CERT, "--at", AT, "--format", "github",
    ]);
    assert!(
        stdout_text(&rejected).starts_with("::error "),
        "{}",
        stdout_text(&rejected)
    );
    let junit = stdout_text(&run(&[
        "check", "--cert", KEY, "--key", CERT, "--at", AT, "--format", "junit",
    ]));
    assert!(
        junit.contains("<failure type=") && junit.contains("failures=\"1\""),
        "{junit}"
    );
}

#[test]
fn completions_man_and_version() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let o = run(&["completions", shell]);
        assert_eq!(o.status.code(), Some(0), "{shell}");
        let s = stdout_text(&o);
        assert!(
            s.contains("cert-preflight") && s.contains("scan") && s.contains("--fail-on"),
            "{shell}"
        );
    }
    let man = stdout_text(&run(&["man"]));
    assert!(man.starts_with(".ie") || man.contains(".TH"), "{man}");
    assert!(man.contains("cert\\-preflight"), "{man}");
    let v = stdout_text(&run(&["--version"]));
    assert!(
        v.starts_with(&format!("cert-preflight {}", env!("CARGO_PKG_VERSION"))),
        "{v}"
    );
    assert!(
        v.contains("gateway rules") && v.contains("CreateCertificateV2"),
        "{v}"
    );
}
