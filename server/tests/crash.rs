//! kill -9 in the middle of a write load: after a restart on the same data directory, every
//! acknowledged certificate is there and intact, and nothing is half-written. Also: the
//! database files are readable by their owner only, and SIGTERM stops the server cleanly.

mod common;

use common::*;
use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_cert-preflight-serve");
const COLL: &str = "/v2/crashproj/apigw/certificates";

/// Starts the real binary on a free loopback port; returns it and the address it printed.
fn spawn(dir: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(BIN)
        .args(["--listen", "127.0.0.1:0", "--at", AT, "--data-dir"])
        .arg(dir)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the server binary starts");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {line:?}"));
    assert!(line.contains("data in"), "{line}");
    (child, addr)
}

#[test]
fn every_acknowledged_certificate_survives_kill_9() {
    let dir = tempdir("crash");
    let (mut child, addr) = spawn(&dir);
    let acknowledged: Arc<Mutex<Vec<serde_json::Value>>> = Arc::default();
    let stop = Arc::new(AtomicBool::new(false));
    let writers: Vec<_> = (0..8)
        .map(|w| {
            let (acks, stop) = (acknowledged.clone(), stop.clone());
            std::thread::spawn(move || {
                let mut conn = Conn::new(addr);
                let mut i = 0;
                while !stop.load(Ordering::Relaxed) && i < 400 {
                    let name = format!("crash_w{w}_n{i}");
                    i += 1;
                    match conn.request("POST", COLL, &[TOKEN, JSON], &valid(&name)) {
                        Ok(r) if r.status == 200 => acks.lock().unwrap().push(r.json()),
                        Ok(r) => panic!("unexpected answer {}: {}", r.status, r.text()),
                        Err(_) => return, // the server is gone
                    }
                }
            })
        })
        .collect();
    // Kill in the middle of the load: once some writes are acknowledged.
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < 150 && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().expect("SIGKILL"); // Child::kill is SIGKILL on Unix
    child.wait().unwrap();
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().unwrap();
    }
    let acked = acknowledged.lock().unwrap().clone();
    assert!(
        acked.len() >= 150,
        "only {} writes acknowledged",
        acked.len()
    );

    let (mut child, addr) = spawn(&dir);
    let mut stored = Vec::new();
    let mut offset = 0;
    loop {
        let page = request(
            addr,
            "GET",
            &format!("{COLL}?limit=500&offset={offset}"),
            &[TOKEN],
            b"",
        )
        .json();
        let certs = page["certs"].as_array().unwrap().clone();
        if certs.is_empty() {
            break;
        }
        offset += certs.len();
        stored.extend(certs);
    }
    for ack in &acked {
        let id = ack["id"].as_str().unwrap();
        let shown = request(addr, "GET", &format!("{COLL}/{id}"), &[TOKEN], b"");
        assert_eq!(shown.status, 200, "acknowledged {id} lost");
        assert_eq!(&shown.json(), ack, "acknowledged {id} changed");
    }
    // At most the writes in flight at the kill are stored without an acknowledgement, and each
    // of those is whole.
    assert!(stored.len() >= acked.len() && stored.len() <= acked.len() + 8);
    for cert in &stored {
        let id = cert["id"].as_str().unwrap();
        let shown = request(addr, "GET", &format!("{COLL}/{id}"), &[TOKEN], b"").json();
        assert_eq!(shown["common_name"], "shop.example.com");
    }
    terminate(&mut child);
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(unix)]
#[test]
fn database_files_are_owner_only_and_sigterm_stops_cleanly() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempdir("perms");
    let (mut child, addr) = spawn(&dir);
    assert_eq!(
        request(addr, "POST", COLL, &[TOKEN, JSON], &valid("perm_cert")).status,
        200
    );
    for name in [
        "certificates.db",
        "certificates.db-wal",
        "certificates.db-shm",
    ] {
        let path = dir.join(name);
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{name} is {mode:o}");
    }
    let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    let status = terminate(&mut child);
    assert!(status.success(), "{status:?}");
    let _ = std::fs::remove_dir_all(&dir);
}

/// SIGTERM, then wait (bounded) for the exit.
fn terminate(child: &mut Child) -> std::process::ExitStatus {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        if started.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("the server did not stop on SIGTERM within 10 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn tempdir(tag: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "cert-preflight-{tag}-{}-{}",
        std::process::id(),
        cert_preflight_server::new_id()
    ));
    // The server creates it (0700); the test only names it.
    dir
}

#[test]
fn key_text_given_as_an_argument_is_never_printed() {
    let key_line = KEY.lines().nth(1).unwrap();
    for args in [
        vec!["--at".to_owned(), KEY.to_owned()],
        vec![format!("--at={KEY}")],
        vec![format!("--listen={KEY}")],
        vec![format!("--request-timeout-ms={key_line}")],
        vec![KEY.to_owned()],
    ] {
        let out = Command::new(BIN).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let text = String::from_utf8_lossy(&out.stderr);
        assert!(!shows_key(&text), "{args:?}: {text}");
        assert!(out.stdout.is_empty());
    }
}
