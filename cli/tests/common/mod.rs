//! Helpers shared by the command-line tests: running the binary with a watchdog, and the checks
//! every output must pass (no key material, no raw control characters).
#![allow(dead_code)]

use std::io::Write;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;
use wait_timeout::ChildExt;

pub const BIN: &str = env!("CARGO_BIN_EXE_cert-preflight");
pub const AT: &str = "2030-01-01T00:00:00Z";
pub const CERT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/bundle.pem");
pub const KEY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/key.pem");
pub const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/root-ca.pem");
pub const KEY_FORMATS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/data/key-formats");

/// The longest a test lets the command run before killing it (a hang fails, it does not block).
pub const WATCHDOG: Duration = Duration::from_secs(20);

/// Runs the command with no stdin, killed (and the test failed) if it outlives the watchdog.
pub fn run(args: &[&str]) -> Output {
    let child = Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    finish(child, args)
}

/// Runs the command with `input` on stdin.
pub fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The command may stop reading at its bound: a broken pipe here is expected.
    let _ = child.stdin.take().unwrap().write_all(input);
    finish(child, args)
}

/// Waits at most [`WATCHDOG`]; the outputs are read on threads so a full pipe cannot block.
pub fn finish(mut child: Child, args: &[&str]) -> Output {
    let mut out = child.stdout.take();
    let mut err = child.stderr.take();
    let t_out = std::thread::spawn(move || read_all(out.as_mut()));
    let t_err = std::thread::spawn(move || read_all(err.as_mut()));
    let status = match child.wait_timeout(WATCHDOG).unwrap() {
        Some(s) => s,
        None => {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("cert-preflight {args:?} still running after {WATCHDOG:?}: it blocked");
        }
    };
    Output {
        status,
        stdout: t_out.join().unwrap(),
        stderr: t_err.join().unwrap(),
    }
}

fn read_all(r: Option<&mut impl std::io::Read>) -> Vec<u8> {
    let mut v = Vec::new();
    if let Some(r) = r {
        let _ = r.read_to_end(&mut v);
    }
    v
}

/// stdout and stderr together, as text.
pub fn all_output(o: &Output) -> String {
    let mut s = String::from_utf8_lossy(&o.stdout).into_owned();
    s.push_str(&String::from_utf8_lossy(&o.stderr));
    s
}

/// The base64 body of a PEM text: its lines that are not armour, joined.
pub fn pem_body(pem: &str) -> String {
    pem.lines()
        .filter(|l| !l.starts_with("-----") && !l.contains(':'))
        .collect::<String>()
}

/// Fails if any 16-character window of `body` appears in `output`.
pub fn assert_no_window(body: &str, output: &str, context: &str) {
    let chars: Vec<char> = body.chars().collect();
    for w in chars.windows(16) {
        let w: String = w.iter().collect();
        assert!(
            !output.contains(&w),
            "{context}: key material {w:?} in the output:\n{output}"
        );
    }
}

/// Whether a character must never reach a terminal raw (the command's own list).
pub fn is_dangerous(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(
            c,
            '\u{061C}'
                | '\u{200B}'..='\u{200F}'
                | '\u{2028}'..='\u{202E}'
                | '\u{2060}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// Fails if a human-readable output holds a raw control, C1 or bidi character.
pub fn assert_terminal_safe(text: &str, context: &str) {
    if let Some(c) = text.chars().find(|&c| is_dangerous(c)) {
        panic!("{context}: raw {c:?} in the output:\n{text:?}");
    }
}
