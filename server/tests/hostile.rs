//! Hostile HTTP against a real server: oversized and slow bodies, malformed JSON, wrong content
//! types, path traversal and other projects' IDs. Every answer is a gateway error body; the
//! server never panics, never hangs, and never shows another project's certificate.

mod common;

use cert_preflight::UnixTime;
use cert_preflight_server::{start, RunningServer, ServeArgs};
use common::*;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const COLL: &str = "/v2/proj1/apigw/certificates";

fn server(timeout_ms: u64) -> RunningServer {
    let mut args = ServeArgs::memory("127.0.0.1:0".parse().unwrap());
    args.at = UnixTime::parse_rfc3339(AT);
    args.request_timeout_ms = timeout_ms;
    start(args).expect("server starts")
}

/// The server still answers: nothing above broke it.
fn alive(s: &RunningServer) {
    let r = request(s.addr(), "GET", "/health", &[], b"");
    assert_eq!(r.status, 200);
}

fn assert_gateway_error(r: &Resp, status: u16, code: &str) {
    assert_eq!(r.status, status, "{}", r.text());
    let v = r.json();
    assert_eq!(v["error_code"], code, "{}", r.text());
    assert!(v["error_msg"].is_string());
}

#[test]
fn an_oversized_declared_body_is_refused_before_it_is_read() {
    let s = server(5_000);
    let head = format!(
        "POST {COLL} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nContent-Length: {}\r\n\r\n",
        (1 << 20) + 1
    );
    let started = Instant::now();
    let r = raw(s.addr(), head.as_bytes()).unwrap();
    assert_gateway_error(&r, 400, "APIG.2006");
    assert!(started.elapsed() < Duration::from_secs(3));
    alive(&s);
    s.stop().unwrap();
}

#[test]
fn an_oversized_sent_body_is_refused() {
    let s = server(10_000);
    // 1 MiB + 1 of a JSON string: over the library's bound by one byte.
    let mut big = br#"{"name":""#.to_vec();
    big.resize((1 << 20) - 1, b'a');
    big.extend_from_slice(br#""}"#);
    assert_eq!(big.len(), (1 << 20) + 1);
    let mut sent = format!(
        "POST {COLL} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nContent-Length: {}\r\n\r\n",
        big.len()
    )
    .into_bytes();
    sent.extend_from_slice(&big);
    let r = raw_lenient(s.addr(), sent).unwrap();
    assert_gateway_error(&r, 400, "APIG.2006");
    // Chunked, without a length: the same bound.
    let mut chunked = format!(
        "POST {COLL} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for _ in 0..20 {
        chunked.extend_from_slice(format!("{:x}\r\n", 65536).as_bytes());
        chunked.extend(std::iter::repeat_n(b' ', 65536));
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let r = raw_lenient(s.addr(), chunked).unwrap();
    assert_gateway_error(&r, 400, "APIG.2006");
    alive(&s);
    s.stop().unwrap();
}

#[test]
fn a_slow_body_times_out_with_a_gateway_body() {
    let s = server(500);
    let mut stream = TcpStream::connect(s.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let head = format!(
        "POST {COLL} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nContent-Length: 1000\r\n\r\n{{\"name\":"
    );
    stream.write_all(head.as_bytes()).unwrap();
    let started = Instant::now();
    let mut reader = std::io::BufReader::new(stream);
    let r = read_response(&mut reader).unwrap();
    assert_gateway_error(&r, 408, "APIG.0201");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(400) && waited < Duration::from_secs(5),
        "{waited:?}"
    );
    alive(&s);
    s.stop().unwrap();
}

#[test]
fn a_body_cut_short_is_not_a_panic() {
    let s = server(5_000);
    {
        let mut stream = TcpStream::connect(s.addr()).unwrap();
        let head = format!(
            "POST {COLL} HTTP/1.1\r\nHost: x\r\nX-Auth-Token: t\r\nContent-Length: 1000\r\n\r\n{{\"na"
        );
        stream.write_all(head.as_bytes()).unwrap();
        stream.shutdown(std::net::Shutdown::Write).unwrap();
        let mut rest = Vec::new();
        let _ = stream.read_to_end(&mut rest);
    }
    alive(&s);
    s.stop().unwrap();
}

#[test]
fn malformed_json_gets_apig_2000_as_the_library_says() {
    let s = server(5_000);
    let bodies: [&[u8]; 10] = [
        b"",
        b"{",
        b"{\"name\":\"abcd\",}",
        b"null x",
        b"\xff\xfe{}",
        b"{\"name\":\"ab\x00cd\"}",
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        b"{\"name\":1e999999}",
        b"name=shop&cert_content=x",
        b"<xml/>",
    ];
    for b in bodies {
        let r = request(s.addr(), "POST", COLL, &[TOKEN, JSON], b);
        let d = cert_preflight::CertificateForm::from_json(b);
        let expected = match d {
            Err(d) => {
                let rej = cert_preflight::Rejection::from_diagnostics(vec![d]).unwrap();
                serde_json::to_value(rej.body()).unwrap()
            }
            Ok(_) => panic!("{:?} decoded", String::from_utf8_lossy(b)),
        };
        assert_eq!(r.status, 400, "{:?}", String::from_utf8_lossy(b));
        assert_eq!(r.json(), expected);
    }
    alive(&s);
    s.stop().unwrap();
}

#[test]
fn content_type_does_not_change_the_verdict() {
    let s = server(5_000);
    for ct in [
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/octet-stream",
    ] {
        let r = request(
            s.addr(),
            "POST",
            COLL,
            &[TOKEN, ("Content-Type", ct)],
            b"name=x",
        );
        assert_gateway_error(&r, 400, "APIG.2000");
    }
    let r = request(
        s.addr(),
        "POST",
        COLL,
        &[TOKEN, ("Content-Type", "text/plain")],
        &valid("plain_cert"),
    );
    assert_eq!(r.status, 200, "JSON is read whatever the declared type");
    s.stop().unwrap();
}

#[test]
fn traversal_and_odd_ids_are_not_found_never_errors() {
    let s = server(5_000);
    let created = request(s.addr(), "POST", COLL, &[TOKEN, JSON], &valid("shop_cert")).json();
    let id = created["id"].as_str().unwrap().to_owned();
    let long = "a".repeat(5000);
    let targets = [
        format!("{COLL}/..%2F..%2Fetc%2Fpasswd"),
        format!("{COLL}/../../../etc/passwd"),
        format!("{COLL}/%2e%2e"),
        format!("{COLL}/{id}%00"),
        format!("{COLL}/{id}/../{id}"),
        format!("{COLL}/%ff%fe"),
        format!("{COLL}/{long}"),
        format!("{COLL}/{}", id.to_uppercase()),
        format!("{COLL}/'%20OR%201=1--"),
        format!("/v2/%2e%2e/apigw/certificates/{id}"),
        format!("/v2//apigw/certificates/{id}"),
        format!("/v2/{long}/apigw/certificates/{id}"),
    ];
    for t in &targets {
        for method in ["GET", "PUT", "DELETE"] {
            let r = request(s.addr(), method, t, &[TOKEN, JSON], &valid("other_name"));
            assert_eq!(r.status, 404, "{method} {t}: {}", r.text());
            let v = r.json();
            assert!(
                v["error_code"] == "APIG.3023" || v["error_code"] == "APIG.0101",
                "{method} {t}: {v}"
            );
            assert!(!r.text().contains(&long[..64]), "no echo of the long id");
        }
    }
    // The certificate is untouched.
    let shown = request(s.addr(), "GET", &format!("{COLL}/{id}"), &[TOKEN], b"");
    assert_eq!(shown.json(), created);
    alive(&s);
    s.stop().unwrap();
}

#[test]
fn another_projects_certificate_is_never_shown_changed_or_deleted() {
    let s = server(5_000);
    let mine = request(s.addr(), "POST", COLL, &[TOKEN, JSON], &valid("mine_cert")).json();
    let id = mine["id"].as_str().unwrap();
    let theirs = format!("/v2/proj2/apigw/certificates/{id}");
    for method in ["GET", "PUT", "DELETE"] {
        let r = request(
            s.addr(),
            method,
            &theirs,
            &[TOKEN, JSON],
            &valid("stolen_cert"),
        );
        assert_eq!(r.status, 404, "{method}");
        assert!(!r.text().contains("mine_cert"));
        assert!(!r.text().contains("shop.example.com"));
    }
    let list = request(
        s.addr(),
        "GET",
        "/v2/proj2/apigw/certificates?name=mine",
        &[TOKEN],
        b"",
    );
    assert_eq!(list.json()["total"], 0);
    let shown = request(s.addr(), "GET", &format!("{COLL}/{id}"), &[TOKEN], b"");
    assert_eq!(shown.json(), mine);
    s.stop().unwrap();
}

#[test]
fn key_text_in_any_field_or_path_is_never_echoed() {
    let s = server(5_000);
    let key_line = KEY.lines().nth(1).unwrap();
    let bodies = [
        body(KEY, BUNDLE, KEY),
        body("shop_cert", KEY, KEY),
        serde_json::to_vec(&serde_json::json!({
            "name": "shop_cert", "cert_content": BUNDLE, "private_key": KEY,
            "type": KEY, "instance_id": KEY, "trusted_root_ca": KEY,
        }))
        .unwrap(),
    ];
    for b in &bodies {
        let r = request(s.addr(), "POST", COLL, &[TOKEN, JSON], b);
        assert_eq!(r.status, 400);
        assert!(!shows_key(&r.text()), "{}", r.text());
    }
    let encoded: String = key_line.bytes().map(|b| format!("%{b:02X}")).collect();
    let r = request(s.addr(), "GET", &format!("{COLL}/{encoded}"), &[TOKEN], b"");
    assert_eq!(r.status, 404);
    assert!(!shows_key(&r.text()));
    s.stop().unwrap();
}

#[test]
fn garbage_on_the_socket_does_not_take_the_server_down() {
    let s = server(1_000);
    for junk in [
        &b"\x00\x01\x02\x03\r\n\r\n"[..],
        b"GET / HTTP/9.9\r\n\r\n",
        b"POST /v2/p/apigw/certificates HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        b"GET /v2/p/apigw/certificates HTTP/1.1\r\nHost: x\r\nX-Auth-Token: \xff\xfe\r\n\r\n",
        b"\r\n\r\n\r\n",
    ] {
        if let Ok(mut stream) = TcpStream::connect(s.addr()) {
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = stream.write_all(junk);
            let mut out = Vec::new();
            let _ = stream.read_to_end(&mut out);
            if !out.is_empty() {
                let text = String::from_utf8_lossy(&out);
                assert!(!text.starts_with("HTTP/1.1 5"), "{text}");
            }
        }
    }
    alive(&s);
    s.stop().unwrap();
}

#[test]
fn stop_is_graceful_and_prompt_with_idle_connections_open() {
    let s = server(1_000);
    let idle = TcpStream::connect(s.addr()).unwrap();
    let started = Instant::now();
    s.stop().unwrap();
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(idle);
}

#[test]
fn headers_that_never_end_are_dropped_after_the_timeout() {
    let s = server(500);
    let mut stream = TcpStream::connect(s.addr()).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .unwrap();
    let started = Instant::now();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(5), "{waited:?}");
    alive(&s);
    s.stop().unwrap();
}
