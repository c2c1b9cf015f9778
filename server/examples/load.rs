//! Load test for `cert-preflight serve` (a bounded benchmark, not a timed test): concurrent
//! keep-alive clients send a fixed number of mixed requests (create, show, list, update, delete;
//! valid, refused, duplicate-name and malformed bodies) over loopback, then the whole store is
//! listed and checked: no acknowledged write lost, no unacknowledged one present, no name held
//! twice, no 5xx, every answer a valid API body. Prints throughput and p50/p99 latencies.
//!
//! ```text
//! cargo run --release -p cert-preflight-server --example load -- --clients 32 --requests 10000
//! ```
//! Options: `--clients N`, `--requests N`, `--memory` (default: a temporary data directory,
//! durable writes), `--max-seconds N` (fail when exceeded; default 240).

#[path = "../tests/common/mod.rs"]
mod common;

use cert_preflight::UnixTime;
use cert_preflight_server::{start, ServeArgs};
use common::*;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const COLL: &str = "/v2/loadproj/apigw/certificates";
/// Names every client tries to create: each may be taken once only.
const SHARED_NAMES: usize = 64;

#[derive(Default)]
struct Tally {
    latencies: HashMap<&'static str, Vec<Duration>>,
    failures: Vec<String>,
    /// Certificates this client holds: id -> detail as last acknowledged.
    owned: HashMap<String, Value>,
    requests: usize,
}

impl Tally {
    fn fail(&mut self, what: String) {
        if self.failures.len() < 20 {
            self.failures.push(what);
        }
    }
}

struct Config {
    clients: usize,
    requests: usize,
    memory: bool,
    max_seconds: u64,
}

fn parse_args() -> Result<Config, String> {
    let mut c = Config {
        clients: 32,
        requests: 10_000,
        memory: false,
        max_seconds: 240,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut num = |name: &str| -> Result<usize, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{name} takes a positive number"))
        };
        match a.as_str() {
            "--clients" => c.clients = num("--clients")?.min(1024),
            "--requests" => c.requests = num("--requests")?.min(1_000_000),
            "--max-seconds" => c.max_seconds = num("--max-seconds")? as u64,
            "--memory" => c.memory = true,
            _ => return Err(format!("unknown option {a:?}")),
        }
    }
    Ok(c)
}

fn main() -> ExitCode {
    let config = match parse_args() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("load: {e}");
            return ExitCode::from(2);
        }
    };
    let dir = std::env::temp_dir().join(format!("cert-preflight-load-{}", std::process::id()));
    let mut args = ServeArgs::memory("127.0.0.1:0".parse().expect("loopback"));
    args.at = UnixTime::parse_rfc3339(AT);
    if !config.memory {
        args.memory = false;
        args.data_dir = Some(dir.clone());
    }
    let server = match start(args) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("load: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "load: {} clients, {} requests against http://{} (data in {})",
        config.clients,
        config.requests,
        server.addr(),
        server.location()
    );
    let ok = run(&config, server.addr());
    let _ = server.stop();
    let _ = std::fs::remove_dir_all(&dir);
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn run(config: &Config, addr: SocketAddr) -> bool {
    let shared_winners: Arc<Mutex<HashMap<String, Value>>> = Arc::default();
    let deadline = Instant::now() + Duration::from_secs(config.max_seconds);
    let started = Instant::now();
    let handles: Vec<_> = (0..config.clients)
        .map(|c| {
            let per_client = config.requests / config.clients
                + usize::from(c < config.requests % config.clients);
            let winners = shared_winners.clone();
            std::thread::spawn(move || client(c, per_client, addr, winners, deadline))
        })
        .collect();
    let tallies: Vec<Tally> = handles
        .into_iter()
        .map(|h| h.join().expect("client thread"))
        .collect();
    let elapsed = started.elapsed();

    let mut failures: Vec<String> = tallies.iter().flat_map(|t| t.failures.clone()).collect();
    let total: usize = tallies.iter().map(|t| t.requests).sum();
    let mut expected: HashMap<String, Value> = HashMap::new();
    for t in &tallies {
        expected.extend(t.owned.clone());
    }
    expected.extend(shared_winners.lock().expect("lock").clone());
    failures.extend(check_store(addr, &expected));

    println!(
        "load: {total} requests in {:.2} s: {:.0} requests/s",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64()
    );
    for op in ["create", "show", "list", "update", "delete", "refused"] {
        let mut all: Vec<Duration> = tallies
            .iter()
            .flat_map(|t| t.latencies.get(op).cloned().unwrap_or_default())
            .collect();
        all.sort();
        if all.is_empty() {
            continue;
        }
        println!(
            "load: {op:<8} n={:<6} p50={:>8.2} ms  p99={:>8.2} ms",
            all.len(),
            pct(&all, 50.0),
            pct(&all, 99.0)
        );
    }
    println!("load: {} certificates stored and checked", expected.len());
    if failures.is_empty() {
        println!("load: 1 passed, 0 failed");
        true
    } else {
        for f in &failures {
            println!("load: FAILED: {f}");
        }
        println!("load: 0 passed, 1 failed");
        false
    }
}

fn pct(sorted: &[Duration], p: f64) -> f64 {
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i].as_secs_f64() * 1000.0
}

/// One client's requests, in a fixed mix.
fn client(
    c: usize,
    n: usize,
    addr: SocketAddr,
    winners: Arc<Mutex<HashMap<String, Value>>>,
    deadline: Instant,
) -> Tally {
    let mut t = Tally::default();
    let mut conn = Conn::new(addr);
    let mut fresh = 0usize;
    for i in 0..n {
        if Instant::now() > deadline {
            t.fail(format!("client {c}: deadline passed after {i} requests"));
            break;
        }
        t.requests += 1;
        let some_id = t.owned.keys().next().cloned();
        match (i % 20, some_id) {
            (0..=4, _) | (_, None) => {
                fresh += 1;
                let name = format!("load_c{c}_n{fresh}");
                let r = timed(&mut t, "create", &mut conn, "POST", COLL, &valid(&name));
                if let Some(r) = r {
                    expect(&mut t, &r, 200, "create");
                    if r.status == 200 {
                        let v = r.json();
                        t.owned.insert(v["id"].as_str().unwrap_or("").to_owned(), v);
                    }
                }
            }
            (5, _) => {
                let b = body(&format!("bad_c{c}_{i}"), BUNDLE, OTHER_KEY);
                if let Some(r) = timed(&mut t, "refused", &mut conn, "POST", COLL, &b) {
                    expect_code(&mut t, &r, 400, "APIG.2101");
                }
            }
            (6, _) => {
                let b = b"{\"name\":\"broken\",".to_vec();
                if let Some(r) = timed(&mut t, "refused", &mut conn, "POST", COLL, &b) {
                    expect_code(&mut t, &r, 400, "APIG.2000");
                }
            }
            (7, _) => {
                // Every client races for the same names: one winner each.
                let name = format!("shared_{}", i % SHARED_NAMES);
                if let Some(r) = timed(&mut t, "create", &mut conn, "POST", COLL, &valid(&name)) {
                    match r.status {
                        200 => {
                            let v = r.json();
                            let mut w = winners.lock().expect("lock");
                            if w.values().any(|x| x["name"] == v["name"]) {
                                t.fail(format!("name {name} acknowledged twice"));
                            }
                            w.insert(v["id"].as_str().unwrap_or("").to_owned(), v);
                        }
                        _ => expect_code(&mut t, &r, 400, "APIG.3325"),
                    }
                }
            }
            (8..=12, Some(id)) => {
                let path = format!("{COLL}/{id}");
                if let Some(r) = timed(&mut t, "show", &mut conn, "GET", &path, b"") {
                    expect(&mut t, &r, 200, "show");
                    if r.status == 200 && Some(&r.json()) != t.owned.get(&id) {
                        t.fail(format!("show {id}: not the acknowledged detail"));
                    }
                }
            }
            (13..=15, _) => {
                let path = format!("{COLL}?limit=5&offset={}", i % 50);
                if let Some(r) = timed(&mut t, "list", &mut conn, "GET", &path, b"") {
                    expect(&mut t, &r, 200, "list");
                    if r.status == 200 && r.json()["size"].as_u64().unwrap_or(99) > 5 {
                        t.fail("list: more than the limit".into());
                    }
                }
            }
            (16..=17, Some(id)) => {
                fresh += 1;
                let name = format!("load_c{c}_n{fresh}");
                let path = format!("{COLL}/{id}");
                if let Some(r) = timed(&mut t, "update", &mut conn, "PUT", &path, &valid(&name)) {
                    expect(&mut t, &r, 200, "update");
                    if r.status == 200 {
                        t.owned.insert(id, r.json());
                    }
                }
            }
            (_, Some(id)) => {
                let path = format!("{COLL}/{id}");
                if let Some(r) = timed(&mut t, "delete", &mut conn, "DELETE", &path, b"") {
                    expect(&mut t, &r, 204, "delete");
                    if r.status == 204 {
                        t.owned.remove(&id);
                    }
                }
            }
        }
    }
    t
}

fn timed(
    t: &mut Tally,
    op: &'static str,
    conn: &mut Conn,
    method: &str,
    path: &str,
    body: &[u8],
) -> Option<Resp> {
    let started = Instant::now();
    match conn.request(method, path, &[TOKEN, JSON], body) {
        Ok(r) => {
            t.latencies.entry(op).or_default().push(started.elapsed());
            if r.status >= 500 {
                t.fail(format!("{method} {path}: {} {}", r.status, r.text()));
            }
            if r.status != 204 && serde_json::from_slice::<Value>(&r.body).is_err() {
                t.fail(format!("{method} {path}: body is not JSON"));
            }
            Some(r)
        }
        Err(e) => {
            t.fail(format!("{method} {path}: {e}"));
            None
        }
    }
}

fn expect(t: &mut Tally, r: &Resp, status: u16, what: &str) {
    if r.status != status {
        t.fail(format!("{what}: {} {}", r.status, r.text()));
    }
}

fn expect_code(t: &mut Tally, r: &Resp, status: u16, code: &str) {
    let v: Value = serde_json::from_slice(&r.body).unwrap_or(Value::Null);
    if r.status != status || v["error_code"] != code || !v["error_msg"].is_string() {
        t.fail(format!(
            "expected {status} {code}, got {} {}",
            r.status,
            r.text()
        ));
    }
}

/// Lists the whole project and compares with what was acknowledged.
fn check_store(addr: SocketAddr, expected: &HashMap<String, Value>) -> Vec<String> {
    let mut failures = Vec::new();
    let mut conn = Conn::new(addr);
    let mut stored: HashMap<String, Value> = HashMap::new();
    let mut names = HashSet::new();
    let mut offset = 0;
    loop {
        let path = format!("{COLL}?limit=500&offset={offset}");
        let page = match conn.request("GET", &path, &[TOKEN], b"") {
            Ok(r) if r.status == 200 => r.json(),
            other => {
                failures.push(format!("final list: {other:?}"));
                return failures;
            }
        };
        let certs = page["certs"].as_array().cloned().unwrap_or_default();
        if certs.is_empty() {
            break;
        }
        offset += certs.len();
        for c in certs {
            if !names.insert(c["name"].as_str().unwrap_or("").to_owned()) {
                failures.push(format!("name {} stored twice", c["name"]));
            }
            stored.insert(c["id"].as_str().unwrap_or("").to_owned(), c);
        }
    }
    for (id, detail) in expected {
        match stored.get(id) {
            None => failures.push(format!("acknowledged {id} lost")),
            Some(s) if s["name"] != detail["name"] || s["update_time"] != detail["update_time"] => {
                failures.push(format!(
                    "{id}: stored {} but acknowledged {}",
                    s["name"], detail["name"]
                ))
            }
            Some(_) => {}
        }
    }
    for id in stored.keys() {
        if !expected.contains_key(id) {
            failures.push(format!("{id} stored but never acknowledged (or deleted)"));
        }
    }
    failures.truncate(20);
    failures
}
