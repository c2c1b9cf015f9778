//! The command line end to end, on the shipped example bundle.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const AT: &str = "2030-01-01T00:00:00Z";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cert-preflight"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_cert-preflight"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

const CERT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/bundle.pem");
const KEY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/key.pem");
const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/root-ca.pem");

#[test]
fn check_accepts_the_example_and_prints_the_gateways_body() {
    let o = run(&[
        "check",
        "--cert",
        CERT,
        "--key",
        KEY,
        "--at",
        AT,
        "--format",
        "json",
        "--id",
        "a27be832f2e9441c8127fe48e3b5ac67",
        "--project-id",
        "p1",
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(body["common_name"], "shop.example.com");
    assert_eq!(
        body["san"],
        serde_json::json!(["shop.example.com", "www.shop.example.com"])
    );
    assert_eq!(
        body["organization"],
        serde_json::json!(["Example Shop GmbH"])
    );
    assert_eq!(body["issuer"], serde_json::json!(["Example Trust"]));
    assert_eq!(body["serial_number"], "13010");
    assert_eq!(body["signature_algorithm"], "ECDSA-SHA256");
    assert_eq!(body["id"], "a27be832f2e9441c8127fe48e3b5ac67");
    assert_eq!(body["project_id"], "p1");
    assert_eq!(body["instance_id"], "common");
    assert_eq!(body["create_time"], AT);
    assert_eq!(body["is_has_trusted_root_ca"], false);
}

#[test]
fn check_text_report_leads_with_the_verdict() {
    let o = run(&[
        "check",
        "--cert",
        CERT,
        "--key",
        KEY,
        "--trusted-root-ca",
        ROOT,
        "--at",
        AT,
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(text.starts_with("ACCEPTED"), "{text}");
    assert!(text.contains("shop.example.com"));
    assert!(
        !text.contains('\x1b'),
        "no colour when NO_COLOR is set or not a terminal"
    );
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

#[test]
fn check_rejects_switched_fields_with_exit_1() {
    let o = run(&[
        "check", "--cert", KEY, "--key", CERT, "--at", AT, "--format", "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"error_code": "APIG.2106", "error_msg": "Invalid certificate or private key."})
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("switched"), "{err}");
}

#[test]
fn check_reads_a_request_body_from_stdin() {
    let body = serde_json::json!({
        "name": "shop_example",
        "cert_content": std::fs::read_to_string(CERT).unwrap(),
        "private_key": std::fs::read_to_string(KEY).unwrap(),
        "type": "instance",
    });
    let o = run_stdin(
        &["check", "--request", "-", "--at", AT, "--format", "json"],
        body.to_string().as_bytes(),
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error_code"], "APIG.2001");
    assert!(v["error_msg"]
        .as_str()
        .unwrap()
        .contains("parameterName:instance_id"));

    let o = run_stdin(&["check", "--request", "-", "--format", "json"], b"{");
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error_code"], "APIG.2000");
}

#[test]
fn report_format_has_body_status_diagnostics_and_warnings() {
    let o = run(&[
        "check",
        "--cert",
        CERT,
        "--key",
        KEY,
        "--at",
        AT,
        "--format",
        "report",
        "--domain",
        "other.example.org",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "cert-preflight/report/v1");
    assert_eq!(v["verdict"], "rejected");
    assert_eq!(v["http_status"], 400);
    assert_eq!(v["body"]["error_code"], "APIG.2103");
    assert_eq!(v["diagnostics"][0]["id"], "domain.not-covered");
    assert!(v["warnings"].is_array());
}

#[test]
fn usage_and_io_errors_exit_2() {
    assert_eq!(
        run(&["check", "--cert", "/nonexistent", "--key", KEY])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(run(&["check"]).status.code(), Some(2));
    assert_eq!(
        run(&["check", "--cert", CERT, "--key", KEY, "--at", "soon"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["check", "--cert", CERT, "--key", KEY, "--id", "XYZ"])
            .status
            .code(),
        Some(2)
    );
}

#[test]
fn inspect_prints_one_json_line_per_file() {
    let o = run(&["inspect", "--format", "json", CERT, ROOT, KEY]);
    assert_eq!(o.status.code(), Some(1), "one file is not a certificate");
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["file"], CERT);
    assert_eq!(lines[0]["certificates"].as_array().unwrap().len(), 2);
    assert_eq!(
        lines[0]["certificates"][1]["common_name"],
        "Example Issuing CA 1"
    );
    assert_eq!(
        lines[1]["certificates"][0]["common_name"],
        "Example Root CA"
    );
    assert_eq!(lines[2]["error_code"], "APIG.2106");
    assert_eq!(lines[2]["diagnostic"]["id"], "pem.fields-switched");
}

#[test]
fn request_prints_a_body_that_check_accepts() {
    // Mangle the bundle the way files get mangled: CRLF and text around the blocks.
    let dir = std::env::temp_dir().join(format!("cert-preflight-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let messy = dir.join("messy.pem");
    let cert = std::fs::read_to_string(CERT).unwrap();
    std::fs::write(
        &messy,
        format!(
            "Bag Attributes\r\n{}\r\ntrailer\r\n",
            cert.replace('\n', "\r\n")
        ),
    )
    .unwrap();
    let o = run(&[
        "request",
        "--cert",
        messy.to_str().unwrap(),
        "--key",
        KEY,
        "--name",
        "shop_example",
        "--at",
        AT,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let content = body["cert_content"].as_str().unwrap();
    assert!(content.starts_with("-----BEGIN CERTIFICATE-----\n"));
    assert!(content.ends_with("-----END CERTIFICATE-----\n"));
    assert!(!content.contains('\r') && !content.contains("Bag"));
    assert_eq!(body["type"], "global");

    // The printed body, checked again, gives the same verdict.
    let request = dir.join("request.json");
    std::fs::write(&request, &o.stdout).unwrap();
    let again = run(&[
        "check",
        "--request",
        request.to_str().unwrap(),
        "--at",
        AT,
        "--format",
        "json",
    ]);
    assert_eq!(again.status.code(), Some(0));

    // It refuses to print a body the gateway would reject.
    let o = run(&[
        "request",
        "--cert",
        KEY,
        "--key",
        KEY,
        "--name",
        "shop_example",
        "--at",
        AT,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(o.stdout.is_empty());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn request_fix_order_puts_the_chain_leaf_first() {
    let dir = std::env::temp_dir().join(format!("cert-preflight-order-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bundle = std::fs::read_to_string(CERT).unwrap();
    let end = "-----END CERTIFICATE-----\n";
    let first = bundle.find(end).unwrap() + end.len();
    let reversed = dir.join("reversed.pem");
    std::fs::write(
        &reversed,
        format!("{}{}", &bundle[first..], &bundle[..first]),
    )
    .unwrap();
    let reversed = reversed.to_str().unwrap();

    let o = run(&[
        "check", "--cert", reversed, "--key", KEY, "--at", AT, "--format", "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("Put the blocks in this order: 2"), "{err}");

    let without = run(&[
        "request",
        "--cert",
        reversed,
        "--key",
        KEY,
        "--name",
        "shop_example",
        "--at",
        AT,
    ]);
    assert_eq!(without.status.code(), Some(1));
    let with = run(&[
        "request",
        "--cert",
        reversed,
        "--key",
        KEY,
        "--name",
        "shop_example",
        "--at",
        AT,
        "--fix-order",
    ]);
    assert_eq!(
        with.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&with.stderr)
    );
    let body: serde_json::Value = serde_json::from_slice(&with.stdout).unwrap();
    assert_eq!(body["cert_content"], bundle.as_str());
    std::fs::remove_dir_all(&dir).ok();
}

/// Issue 12, point 3: `--format json` is the gateway's bytes: Go's compact `json.Marshal`
/// (`go_json`, checked against Go in the library's tests); `--pretty` indents the same values.
#[test]
fn json_is_the_gateways_compact_bytes_and_pretty_is_the_same_values() {
    let args = [
        "check",
        "--cert",
        CERT,
        "--key",
        KEY,
        "--at",
        AT,
        "--format",
        "json",
        "--id",
        "a27be832f2e9441c8127fe48e3b5ac67",
        "--project-id",
        "p<&>1",
    ];
    let compact = run(&args);
    assert_eq!(compact.status.code(), Some(0));
    let text = stdout(&compact);
    assert_eq!(text.matches('\n').count(), 1, "{text}");
    assert!(
        text.starts_with(r#"{"id":"a27be832f2e9441c8127fe48e3b5ac67","name":"#),
        "{text}"
    );
    assert!(
        text.contains(r#""project_id":"p\u003c\u0026\u003e1""#),
        "{text}"
    );
    let mut pretty_args = args.to_vec();
    pretty_args.push("--pretty");
    let pretty = stdout(&run(&pretty_args));
    assert!(pretty.lines().count() > 10);
    let a: serde_json::Value = serde_json::from_str(&text).unwrap();
    let b: serde_json::Value = serde_json::from_str(&pretty).unwrap();
    assert_eq!(a, b);
}

/// Issue 12, point 8: `--domain` takes a DNS name or an IP address; an empty value, a URL, a
/// host:port or an invalid name is a usage error (exit 2) that says what to pass.
#[test]
fn domain_values_are_checked() {
    for (value, says) in [
        ("", "empty: pass a host name"),
        (
            "https://api.shop.example/x",
            "a URL: pass the host name alone, such as api.shop.example",
        ),
        (
            "api.shop.example:443",
            "a host and port: pass the host name alone, such as api.shop.example",
        ),
        ("bad_name!", "not a valid DNS name"),
    ] {
        let o = run(&[
            "check", "--cert", CERT, "--key", KEY, "--at", AT, "--domain", value,
        ]);
        assert_eq!(o.status.code(), Some(2), "{value}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains(says),
            "{value}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    let o = run(&[
        "check",
        "--cert",
        CERT,
        "--key",
        KEY,
        "--at",
        AT,
        "--domain",
        "192.0.2.1",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

/// Issue 12, point 9: the default `name` comes from the leaf's common name, not the file name.
#[test]
fn the_default_name_is_made_from_the_common_name() {
    let o = run(&[
        "check", "--cert", CERT, "--key", KEY, "--at", AT, "--format", "json",
    ]);
    let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(body["name"], "shop_example_com");
}

/// Issue 12, point 9: the trusted_root_ca policy is choosable: a root that does not anchor the
/// chain is APIG.2104 under server-chain (the default) and accepted as a client-CA bundle.
#[test]
fn the_trusted_root_ca_policy_is_choosable() {
    // The leaf alone reaches the root only through the intermediate, which is left out.
    let dir = std::env::temp_dir().join(format!("cp-policy-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bundle = std::fs::read_to_string(CERT).unwrap();
    let leaf_only: String = bundle
        .split_inclusive("-----END CERTIFICATE-----\n")
        .take(1)
        .collect();
    let leaf = dir.join("leaf.pem");
    std::fs::write(&leaf, leaf_only).unwrap();
    let leaf = leaf.to_str().unwrap();
    let base = [
        "check",
        "--cert",
        leaf,
        "--key",
        KEY,
        "--trusted-root-ca",
        ROOT,
        "--type",
        "instance",
        "--instance-id",
        "f0fa17893b76433ba7879892951c620e",
        "--at",
        AT,
        "--format",
        "json",
    ];
    let mut server_args = base.to_vec();
    server_args.extend(["--trusted-root-ca-policy", "server-chain"]);
    let server = run(&server_args);
    assert_eq!(server.status.code(), Some(1));
    let body: serde_json::Value = serde_json::from_slice(&server.stdout).unwrap();
    assert_eq!(body["error_code"], "APIG.2104");
    let mut client = base.to_vec();
    client.extend(["--trusted-root-ca-policy", "client-ca"]);
    let o = run(&client);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 12, point 4: `inspect` reports each block on its own (a broken second block hides
/// nothing, exit 1), and a missing file among several gets its own line (exit 2 at the end).
#[test]
fn inspect_reports_each_block_and_each_file() {
    let dir = std::env::temp_dir().join(format!("cp-inspect-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let two = dir.join("two.pem");
    let root = std::fs::read_to_string(ROOT).unwrap();
    std::fs::write(
        &two,
        format!("{root}-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n"),
    )
    .unwrap();
    let two = two.to_str().unwrap();
    let o = run(&["inspect", "--format", "json", two]);
    assert_eq!(o.status.code(), Some(1));
    let line: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(line["certificates"][0]["common_name"], "Example Root CA");
    assert_eq!(
        line["errors"],
        serde_json::json!([{"block": 2, "line": 14, "error": "x509: malformed tbs certificate"}])
    );
    let text = stdout(&run(&["inspect", two]));
    assert!(
        text.contains(
            " certificate 2 (block 2, line 14)\n  does not parse: x509: malformed tbs certificate"
        ),
        "{text}"
    );
    let missing = dir.join("missing.pem");
    let o = run(&[
        "inspect",
        "--format",
        "json",
        missing.to_str().unwrap(),
        CERT,
    ]);
    assert_eq!(o.status.code(), Some(2));
    let lines: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert!(lines[0]["error"].is_string(), "{:?}", lines[0]);
    assert_eq!(lines[1]["certificates"].as_array().unwrap().len(), 2);
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 12, point 9: from the command line, a diagnostic names the option and the user's file,
/// a fix names the options, and a `FILE` placeholder becomes the real path.
#[test]
fn fixes_speak_the_command_lines_terms() {
    let o = run(&["check", "--cert", KEY, "--key", CERT, "--at", AT]);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains(&format!("[APIG.2106] --cert {KEY}, block 1")),
        "{text}"
    );
    assert!(
        text.contains("-> On the command line: swap --cert and --key."),
        "{text}"
    );
    let dir = std::env::temp_dir().join(format!("cp-terms-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let der = dir.join("leaf.der");
    let pem = std::fs::read_to_string(CERT).unwrap();
    let b64: String = pem
        .lines()
        .skip(1)
        .take_while(|l| !l.starts_with("-----END"))
        .collect();
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(b64)
        .unwrap();
    std::fs::write(&der, bytes).unwrap();
    let der = der.to_str().unwrap();
    let text = stdout(&run(&["check", "--cert", der, "--key", KEY, "--at", AT]));
    // Wrapped at 80 columns: compare the words.
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        flat.contains(&format!("openssl x509 -inform DER -in {der} -out cert.pem")),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 12, point 6: `request` removes a byte-order mark before `-----BEGIN` (which hides the
/// block from the gateway) and says so; the body it prints is accepted.
#[test]
fn request_strips_a_byte_order_mark() {
    let dir = std::env::temp_dir().join(format!("cp-bom-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bom = dir.join("bom.pem");
    let mut bytes = b"\xef\xbb\xbf".to_vec();
    bytes.extend(std::fs::read(CERT).unwrap());
    std::fs::write(&bom, bytes).unwrap();
    let bom = bom.to_str().unwrap();
    let checked = run(&["check", "--cert", bom, "--key", KEY, "--at", AT]);
    assert_eq!(checked.status.code(), Some(1));
    let o = run(&[
        "request",
        "--cert",
        bom,
        "--key",
        KEY,
        "--name",
        "shop_example",
        "--at",
        AT,
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("note: removed what hid a -----BEGIN line"));
    let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(body["cert_content"]
        .as_str()
        .unwrap()
        .starts_with("-----BEGIN CERTIFICATE-----\n"));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// Issue 12, point 10: `inspect` draws the chain as a tree (who issued whom, by name and
/// signature; self-signed roots; an issuer not in the input named).
#[test]
fn inspect_draws_the_chain() {
    let dir = std::env::temp_dir().join(format!("cp-tree-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let full = dir.join("full.pem");
    let text = format!(
        "{}{}",
        std::fs::read_to_string(CERT).unwrap(),
        std::fs::read_to_string(ROOT).unwrap()
    );
    std::fs::write(&full, text).unwrap();
    let out = stdout(&run(&["inspect", full.to_str().unwrap()]));
    assert!(out.ends_with(" chain (who issued whom)\n  block 1 (CN=shop.example.com)\n    issued by block 2 (CN=Example Issuing CA 1)\n      issued by block 3 (CN=Example Root CA)\n        self-signed\n"), "{out}");
    let out = stdout(&run(&["inspect", CERT]));
    assert!(out.ends_with("      issued by a certificate not in this input (CN=Example Root CA,O=Example Trust,C=DE)\n"), "{out}");
    let out = stdout(&run(&["inspect", "--trusted-root-ca", ROOT, CERT]));
    assert!(
        out.ends_with("      anchored by --trusted-root-ca certificate 1\n"),
        "{out}"
    );
    let json = stdout(&run(&[
        "inspect",
        "--format",
        "json",
        full.to_str().unwrap(),
    ]));
    let v: serde_json::Value = serde_json::from_str(json.trim()).unwrap();
    assert_eq!(v["details"].as_array().unwrap().len(), 3);
    assert_eq!(
        v["chain"],
        serde_json::json!([
            {"block": 1, "issued_by": 2},
            {"block": 2, "issued_by": 3},
            {"block": 3, "issued_by": null}
        ])
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
