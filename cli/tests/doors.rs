//! Issue 16: every door of the command line. Key material given anywhere never comes back out;
//! reads are bounded and never block; terminal output is escaped; closed streams never panic.

mod common;

use common::*;
use std::process::{Command, Stdio};

/// Every key type, as files in the library's test data.
const KEY_FILES: [&str; 5] = [
    "rsa2048.pkcs1.pem",    // RSA PKCS#1
    "rsa2048.pem",          // PKCS#8
    "ecp256.sec1.pem",      // EC SEC1
    "ed25519.pem",          // Ed25519 (PKCS#8)
    "ecp256.encrypted.pem", // encrypted PKCS#8
];

/// Every option that takes a value, with the arguments that make the rest of the line valid.
fn doors() -> Vec<(&'static str, &'static str, Vec<&'static str>)> {
    let files = vec!["--cert", CERT, "--key", KEY];
    vec![
        ("check", "--cert", vec!["--key", KEY]),
        ("check", "--key", vec!["--cert", CERT]),
        ("check", "--trusted-root-ca", files.clone()),
        ("check", "--request", vec![]),
        ("request", "--request", vec![]),
        ("check", "--at", files.clone()),
        ("check", "--id", files.clone()),
        ("check", "--format", files.clone()),
        ("check", "--warn-days", files.clone()),
        ("check", "--name", files.clone()),
        ("check", "--type", files.clone()),
        ("check", "--instance-id", files.clone()),
        ("check", "--project-id", files.clone()),
        ("check", "--domain", files.clone()),
        ("request", "--domain", files.clone()),
        ("request", "--key", vec!["--cert", CERT]),
        ("inspect", "--format", vec![CERT]),
    ]
}

fn key_text(file: &str) -> String {
    std::fs::read_to_string(format!("{KEY_FORMATS}/{file}")).unwrap()
}

#[test]
fn key_text_in_any_option_is_never_echoed() {
    for file in KEY_FILES {
        let key = key_text(file);
        let body = pem_body(&key);
        assert!(body.len() > 40, "{file}");
        for (command, option, rest) in doors() {
            let joined = format!("{option}={key}");
            for form in [vec![option, key.as_str()], vec![joined.as_str()]] {
                let mut args = vec![command];
                args.extend(form.iter().copied());
                args.extend(rest.iter().copied());
                let o = run(&args);
                let context = format!("{file} {command} {option} ({} args)", form.len());
                assert_eq!(o.status.code(), Some(2), "{context}: {}", all_output(&o));
                let output = all_output(&o);
                assert_no_window(&body, &output, &context);
                assert!(!output.contains("PRIVATE KEY"), "{context}: {output}");
            }
        }
    }
}

#[test]
fn key_text_as_a_positional_argument_is_never_echoed() {
    for file in KEY_FILES {
        let key = key_text(file);
        let body = pem_body(&key);
        for args in [
            vec!["check", "--cert", CERT, "--key", KEY, key.as_str()],
            vec!["inspect", key.as_str()],
            vec!["inspect", "--", key.as_str()],
            vec![key.as_str()],
        ] {
            let o = run(&args);
            assert_eq!(o.status.code(), Some(2), "{file}");
            assert_no_window(&body, &all_output(&o), file);
        }
    }
}

#[test]
fn key_text_given_as_a_path_says_so() {
    let key = key_text("ecp256.sec1.pem");
    let o = run(&["check", "--cert", CERT, &format!("--key={key}")]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("this looks like the key itself") && err.contains("`-` for stdin"),
        "{err}"
    );
    let o = run(&["check", "--cert", CERT, "--key", &key]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("looks like the key itself"), "{err}");
}

#[test]
fn a_request_body_given_as_a_path_is_not_echoed() {
    let key = key_text("ecp256.sec1.pem");
    let body =
        serde_json::json!({"name": "shop", "cert_content": "x", "private_key": key}).to_string();
    let o = run(&["check", &format!("--request={body}")]);
    assert_eq!(o.status.code(), Some(2));
    let output = all_output(&o);
    assert_no_window(&pem_body(&key), &output, "--request=<body>");
    assert!(!output.contains("cert_content"), "{output}");
}

#[test]
fn devices_directories_and_fifos_are_refused_without_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo");
    let made = Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let fifo = fifo.to_str().unwrap();
    let dir_path = dir.path().to_str().unwrap();
    for path in ["/dev/zero", "/dev/urandom", fifo, dir_path] {
        for args in [
            vec!["check", "--cert", path, "--key", KEY],
            vec!["check", "--cert", CERT, "--key", path],
            vec![
                "check",
                "--cert",
                CERT,
                "--key",
                KEY,
                "--trusted-root-ca",
                path,
            ],
            vec!["check", "--request", path],
            vec!["inspect", path],
        ] {
            // `run` fails the test if the command outlives its watchdog.
            let o = run(&args);
            assert_eq!(o.status.code(), Some(2), "{args:?}");
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(err.contains("not a regular file"), "{args:?}: {err}");
        }
    }
}

/// stdin streaming /dev/zero, under a 256 MiB address-space limit: an unbounded read would
/// fail to allocate (or run into the watchdog); a bounded one answers APIG.2006.
#[test]
fn an_endless_stdin_is_read_only_to_its_bound() {
    for (args, code) in [
        ("check --cert - --key KEY --format json", 1),
        ("check --cert CERT --key - --format json", 1),
        ("check --request - --format json", 1),
        ("inspect -", 2),
    ] {
        let args = args.replace("KEY", KEY).replace("CERT", CERT);
        let child = Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -v 262144; exec \"$0\" {args}"))
            .arg(BIN)
            .stdin(Stdio::from(std::fs::File::open("/dev/zero").unwrap()))
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let o = finish(child, &[&args]);
        assert_eq!(o.status.code(), Some(code), "{args}: {}", all_output(&o));
        if code == 1 {
            let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
            assert_eq!(body["error_code"], "APIG.2006", "{args}");
        } else {
            assert!(
                String::from_utf8_lossy(&o.stderr).contains("longer than 1048576 bytes"),
                "{}",
                all_output(&o)
            );
        }
    }
}

#[test]
fn a_file_over_the_bound_is_apig_2006() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.pem");
    // 1 GiB sparse: only the bound plus one byte is read.
    std::fs::File::create(&big)
        .unwrap()
        .set_len(1 << 30)
        .unwrap();
    let big = big.to_str().unwrap();
    for args in [
        vec!["check", "--cert", big, "--key", KEY, "--format", "json"],
        vec!["check", "--cert", CERT, "--key", big, "--format", "json"],
        vec!["check", "--request", big, "--format", "json"],
    ] {
        let o = run(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let body: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_eq!(body["error_code"], "APIG.2006", "{args:?}");
    }
    // `inspect` reads at most 1 MiB of a file, says so, and goes on with the others.
    let o = run(&["inspect", big, CERT]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("longer than 1048576 bytes"));
    assert!(String::from_utf8_lossy(&o.stdout).contains("shop.example.com"));
}

#[test]
fn stdin_twice_is_a_usage_error() {
    for args in [
        vec!["check", "--cert", "-", "--key", "-"],
        vec![
            "check",
            "--cert",
            "-",
            "--key",
            KEY,
            "--trusted-root-ca",
            "-",
        ],
        vec![
            "request",
            "--cert",
            CERT,
            "--key",
            "-",
            "--trusted-root-ca",
            "-",
        ],
        vec!["inspect", "-", "-"],
        vec!["inspect", "-", CERT, "-"],
    ] {
        let o = run_stdin(&args, b"");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&o.stderr)
                .contains("stdin (`-`) can be given for one input only"),
            "{args:?}"
        );
    }
}

#[test]
fn at_refuses_doubled_signs_and_leap_seconds() {
    for at in [
        "2027-01-01T00:00:00+-1:00",
        "2027-01-01T00:00:00++1:00",
        "2027-01-01T00:00:00-+5:00",
        "2027-01-01T00:00:00+ 1:00",
        "2016-12-31T23:59:60Z",
    ] {
        let o = run(&["check", "--cert", CERT, "--key", KEY, "--at", at]);
        assert_eq!(o.status.code(), Some(2), "{at}");
        assert!(
            String::from_utf8_lossy(&o.stderr).contains("not an RFC 3339 time"),
            "{at}"
        );
    }
    let o = run(&[
        "check",
        "--cert",
        CERT,
        "--key",
        KEY,
        "--at",
        "2030-01-01T01:00:00+01:00",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", all_output(&o));
}

/// A closed stderr (a pipe whose read end is gone before the command writes) is not a panic.
#[test]
fn a_closed_stderr_or_stdout_is_not_a_panic() {
    let body =
        serde_json::json!({"name": "shop_example", "cert_content": "junk", "private_key": "junk"})
            .to_string();
    for (close_stdout, args) in [
        (false, vec!["check", "--request", "-", "--format", "json"]),
        (false, vec!["request", "--request", "-"]),
        (true, vec!["check", "--request", "-"]),
        (true, vec!["inspect", "-"]),
        (false, vec!["inspect", "-", "/nonexistent/leaf.pem"]),
    ] {
        let mut child = Command::new(BIN)
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The command reads stdin to its end before writing: close the read end first.
        if close_stdout {
            drop(child.stdout.take());
        } else {
            drop(child.stderr.take());
        }
        use std::io::Write;
        let _ = child.stdin.take().unwrap().write_all(body.as_bytes());
        let o = finish(child, &args);
        let code = o.status.code();
        assert!(
            matches!(code, Some(1 | 2)),
            "{args:?}: {code:?} (101 is a panic)"
        );
    }
}
