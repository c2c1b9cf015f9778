//! The endpoints against a real server on a loopback port: bodies as the library gives them,
//! name uniqueness, not-found answers, list paging and filters, authentication.

mod common;

use cert_preflight::{preflight, CertificateForm, Options, UnixTime};
use cert_preflight_server::{start, RunningServer, ServeArgs};
use common::*;
use serde_json::Value;

fn server_with(f: impl FnOnce(&mut ServeArgs)) -> RunningServer {
    let mut args = ServeArgs::memory("127.0.0.1:0".parse().unwrap());
    args.at = UnixTime::parse_rfc3339(AT);
    f(&mut args);
    start(args).expect("server starts")
}

fn server() -> RunningServer {
    server_with(|_| {})
}

const COLL: &str = "/v2/proj1/apigw/certificates";

fn create(s: &RunningServer, body: &[u8]) -> Resp {
    request(s.addr(), "POST", COLL, &[TOKEN, JSON], body)
}

/// What the library answers for this body at the pinned clock (the server must give the same).
fn library_answer(body: &[u8], id: &str) -> (u16, Value) {
    let form = CertificateForm::from_json(body).unwrap();
    let options = Options::new(UnixTime::parse_rfc3339(AT).unwrap())
        .project_id("proj1")
        .id(id);
    match preflight(&form, &options) {
        Ok(a) => (200, serde_json::to_value(&a.detail).unwrap()),
        Err(r) => (r.http_status(), serde_json::to_value(r.body()).unwrap()),
    }
}

#[test]
fn create_answers_exactly_the_library_detail_and_show_returns_it() {
    let s = server();
    let r = create(&s, &valid("shop_cert"));
    assert_eq!(r.status, 200, "{}", r.text());
    let got = r.json();
    let id = got["id"].as_str().unwrap().to_owned();
    assert!(cert_preflight_server::errors::is_gateway_id(&id), "{id}");
    let (status, expected) = library_answer(&valid("shop_cert"), &id);
    assert_eq!((r.status, &got), (status, &expected));
    // Byte for byte: the library's serialization, field order included.
    let form = CertificateForm::from_json(&valid("shop_cert")).unwrap();
    let options = Options::new(UnixTime::parse_rfc3339(AT).unwrap())
        .project_id("proj1")
        .id(id.clone());
    let detail = preflight(&form, &options).unwrap().detail;
    assert_eq!(r.text(), serde_json::to_string(&detail).unwrap());
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(!shows_key(&r.text()));

    let shown = request(s.addr(), "GET", &format!("{COLL}/{id}"), &[TOKEN], b"");
    assert_eq!(shown.status, 200);
    assert_eq!(shown.json(), expected);
    assert!(!shows_key(&shown.text()));
    s.stop().unwrap();
}

#[test]
fn rejections_are_the_library_status_and_body() {
    let s = server();
    let bodies: Vec<Vec<u8>> = vec![
        body("shop_cert", BUNDLE, OTHER_KEY),
        body("", BUNDLE, KEY),
        body("1bad name", BUNDLE, KEY),
        body("shop_cert", "not a pem", KEY),
        body("shop_cert", BUNDLE, ""),
        br#"{"name":"shop_cert","type":"instance","cert_content":"x","private_key":"y"}"#.to_vec(),
        br#"{"name": 5}"#.to_vec(),
        b"[]".to_vec(),
    ];
    for b in bodies {
        let r = create(&s, &b);
        let (status, expected) = library_answer_or_decode_error(&b);
        assert_eq!(r.status, status, "{}", r.text());
        assert_eq!(r.json(), expected);
        assert!(!shows_key(&r.text()));
    }
    // Nothing was stored.
    let list = request(s.addr(), "GET", COLL, &[TOKEN], b"").json();
    assert_eq!(list["total"], 0);
    s.stop().unwrap();
}

/// The library's answer, including bodies it cannot decode (APIG.2000).
fn library_answer_or_decode_error(body: &[u8]) -> (u16, Value) {
    match CertificateForm::from_json(body) {
        Ok(_) => library_answer(body, "00000000000000000000000000000000"),
        Err(d) => {
            let r = cert_preflight::Rejection::from_diagnostics(vec![d]).unwrap();
            (r.http_status(), serde_json::to_value(r.body()).unwrap())
        }
    }
}

#[test]
fn an_expired_certificate_is_refused_at_the_pinned_clock() {
    let s = server_with(|a| a.at = UnixTime::parse_rfc3339("2037-12-01T00:00:00Z"));
    let r = create(&s, &valid("shop_cert"));
    assert_eq!(r.status, 400);
    assert_eq!(r.json()["error_code"], "APIG.2102");
    s.stop().unwrap();
}

#[test]
fn names_are_unique_within_a_project_only() {
    let s = server();
    assert_eq!(create(&s, &valid("shop_cert")).status, 200);
    let again = create(&s, &valid("shop_cert"));
    assert_eq!(again.status, 400);
    assert_eq!(
        again.json(),
        serde_json::json!({"error_code": "APIG.3325", "error_msg": "The certificate name already exists"})
    );
    let other = request(
        s.addr(),
        "POST",
        "/v2/proj2/apigw/certificates",
        &[TOKEN, JSON],
        &valid("shop_cert"),
    );
    assert_eq!(other.status, 200);
    s.stop().unwrap();
}

#[test]
fn update_keeps_id_and_create_time_and_checks_like_create() {
    let s = server();
    let first = create(&s, &valid("first_cert")).json();
    let second = create(&s, &valid("second_cert")).json();
    let id = first["id"].as_str().unwrap();
    let path = format!("{COLL}/{id}");

    let renamed = request(
        s.addr(),
        "PUT",
        &path,
        &[TOKEN, JSON],
        &valid("renamed_cert"),
    );
    assert_eq!(renamed.status, 200, "{}", renamed.text());
    let renamed = renamed.json();
    assert_eq!(renamed["id"], first["id"]);
    assert_eq!(renamed["name"], "renamed_cert");
    assert_eq!(renamed["create_time"], first["create_time"]);
    let (_, expected) = library_answer(&valid("renamed_cert"), id);
    assert_eq!(renamed, expected);

    let clash = request(
        s.addr(),
        "PUT",
        &path,
        &[TOKEN, JSON],
        &valid("second_cert"),
    );
    assert_eq!(clash.json()["error_code"], "APIG.3325");
    let bad = request(
        s.addr(),
        "PUT",
        &path,
        &[TOKEN, JSON],
        &body("renamed_cert", BUNDLE, OTHER_KEY),
    );
    assert_eq!(
        (bad.status, bad.json()["error_code"].clone()),
        (400, "APIG.2101".into())
    );
    // The failed updates changed nothing.
    let shown = request(s.addr(), "GET", &path, &[TOKEN], b"").json();
    assert_eq!(shown["name"], "renamed_cert");

    let missing = request(
        s.addr(),
        "PUT",
        &format!("{COLL}/0123456789abcdef0123456789abcdef"),
        &[TOKEN, JSON],
        &valid("third_cert"),
    );
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json()["error_msg"],
        "The certificate does not exist;id:0123456789abcdef0123456789abcdef"
    );
    assert!(second["id"] != first["id"]);
    s.stop().unwrap();
}

#[test]
fn delete_answers_204_then_not_found() {
    let s = server();
    let id = create(&s, &valid("shop_cert")).json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("{COLL}/{id}");
    let d = request(s.addr(), "DELETE", &path, &[TOKEN], b"");
    assert_eq!((d.status, d.body.len()), (204, 0));
    let again = request(s.addr(), "DELETE", &path, &[TOKEN], b"");
    assert_eq!(again.status, 404);
    assert_eq!(again.json()["error_code"], "APIG.3023");
    assert_eq!(request(s.addr(), "GET", &path, &[TOKEN], b"").status, 404);
    // The name is free again.
    assert_eq!(create(&s, &valid("shop_cert")).status, 200);
    s.stop().unwrap();
}

#[test]
fn list_pages_and_filters() {
    let s = server();
    for i in 0..5 {
        assert_eq!(create(&s, &valid(&format!("cert_{i}"))).status, 200);
    }
    let instance = serde_json::to_vec(&serde_json::json!({
        "name": "inst_cert", "cert_content": BUNDLE, "private_key": KEY,
        "type": "instance", "instance_id": "f0fa17893b76433ba7879892951c620e",
    }))
    .unwrap();
    assert_eq!(create(&s, &instance).status, 200);

    let get = |q: &str| request(s.addr(), "GET", &format!("{COLL}{q}"), &[TOKEN], b"").json();
    let all = get("");
    assert_eq!(
        (all["size"].as_u64(), all["total"].as_u64()),
        (Some(6), Some(6))
    );
    let page = get("?limit=2&offset=1");
    assert_eq!(
        (page["size"].as_u64(), page["total"].as_u64()),
        (Some(2), Some(6))
    );
    assert_eq!(page["certs"][0]["name"], "cert_1");
    let entry = &page["certs"][0];
    let mut keys: Vec<&str> = entry
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut documented = [
        "id",
        "name",
        "type",
        "instance_id",
        "project_id",
        "common_name",
        "san",
        "not_after",
        "signature_algorithm",
        "create_time",
        "update_time",
        "is_has_trusted_root_ca",
    ];
    documented.sort_unstable();
    assert_eq!(keys, documented, "the CertBase fields of the API page");
    assert_eq!(get("?name=cert_3")["total"], 1);
    assert_eq!(
        get("?name=cert_")["total"],
        5,
        "name filter is a substring match"
    );
    assert_eq!(get("?type=instance")["total"], 1);
    assert_eq!(get("?instance_id=common")["total"], 5);
    assert_eq!(
        get("?instance_id=f0fa17893b76433ba7879892951c620e")["total"],
        1
    );
    assert_eq!(get("?signature_algorithm=ECDSA-SHA256")["total"], 6);
    assert_eq!(get("?signature_algorithm=SHA256-RSA")["total"], 0);
    assert_eq!(get("?common_name=shop.example")["total"], 6);
    assert_eq!(get("?offset=100")["size"], 0);
    let bad = request(s.addr(), "GET", &format!("{COLL}?limit=x"), &[TOKEN], b"");
    assert_eq!(bad.status, 400);
    assert_eq!(bad.json()["error_code"], "APIG.2012");
    // Other projects see nothing.
    let other = request(
        s.addr(),
        "GET",
        "/v2/proj2/apigw/certificates",
        &[TOKEN],
        b"",
    )
    .json();
    assert_eq!(other["total"], 0);
    s.stop().unwrap();
}

#[test]
fn health_needs_no_authentication() {
    let s = server_with(|a| a.token = Some("secret-token".into()));
    let r = request(s.addr(), "GET", "/health", &[], b"");
    assert_eq!(
        (r.status, r.json()),
        (200, serde_json::json!({"status": "ok"}))
    );
    s.stop().unwrap();
}

#[test]
fn tokens_any_non_empty_by_default_and_the_configured_one_with_token() {
    let open = server();
    assert_eq!(request(open.addr(), "GET", COLL, &[TOKEN], b"").status, 200);
    let none = request(open.addr(), "GET", COLL, &[], b"");
    assert_eq!(none.status, 401);
    assert_eq!(none.json()["error_code"], "APIGW.0301");
    assert!(none.json()["request_id"].is_string());
    let empty = request(open.addr(), "GET", COLL, &[("X-Auth-Token", "")], b"");
    assert_eq!(empty.status, 401);
    open.stop().unwrap();

    let locked = server_with(|a| a.token = Some("the-token".into()));
    let wrong = request(locked.addr(), "GET", COLL, &[TOKEN], b"");
    assert_eq!(wrong.status, 401);
    assert_eq!(
        wrong.json()["error_msg"],
        "Incorrect IAM authentication information: decrypt token fail"
    );
    assert!(!wrong.text().contains("the-token"));
    let right = request(
        locked.addr(),
        "GET",
        COLL,
        &[("X-Auth-Token", "the-token")],
        b"",
    );
    assert_eq!(right.status, 200);
    locked.stop().unwrap();
}

/// Signs as the SDK does and returns the headers to send.
fn signed(
    addr: std::net::SocketAddr,
    ak: &str,
    sk: &str,
    method: &str,
    path: &str,
    query: &str,
    body: &[u8],
) -> Vec<(String, String)> {
    use axum::http::{HeaderMap, Method};
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let (y, mo, d, h, mi, s) = UnixTime(now).to_utc();
    let date = format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z");
    let mut headers = HeaderMap::new();
    headers.insert("host", addr.to_string().parse().unwrap());
    headers.insert("x-sdk-date", date.parse().unwrap());
    headers.insert("content-type", "application/json".parse().unwrap());
    headers.insert("x-project-id", "proj1".parse().unwrap());
    let method: Method = method.parse().unwrap();
    let auth =
        cert_preflight_server::auth::sign(ak, sk, &method, path, query, &headers, body).unwrap();
    vec![
        ("X-Sdk-Date".into(), date),
        ("X-Project-Id".into(), "proj1".into()),
        ("Authorization".into(), auth),
    ]
}

fn send_signed(
    s: &RunningServer,
    headers: &[(String, String)],
    method: &str,
    target: &str,
    body: &[u8],
) -> Resp {
    let mut h: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    h.push(JSON);
    request(s.addr(), method, target, &h, body)
}

#[test]
fn aksk_signatures_are_verified() {
    let s = server_with(|a| {
        a.ak = Some("TESTAK".into());
        a.sk = Some("test-secret-key".into());
    });
    let b = valid("signed_cert");
    let h = signed(s.addr(), "TESTAK", "test-secret-key", "POST", COLL, "", &b);
    let ok = send_signed(&s, &h, "POST", COLL, &b);
    assert_eq!(ok.status, 200, "{}", ok.text());

    let q = "limit=5&name=signed";
    let h = signed(s.addr(), "TESTAK", "test-secret-key", "GET", COLL, q, b"");
    let listed = send_signed(&s, &h, "GET", &format!("{COLL}?{q}"), b"");
    assert_eq!(
        (listed.status, listed.json()["total"].as_u64()),
        (200, Some(1))
    );

    // The same signature on another query, another body, with another SK or AK: refused.
    let tampered = send_signed(&s, &h, "GET", &format!("{COLL}?limit=6&name=signed"), b"");
    assert_eq!(tampered.status, 401);
    assert_eq!(
        tampered.json()["error_msg"],
        "Incorrect IAM authentication information: verify aksk signature fail"
    );
    let h = signed(s.addr(), "TESTAK", "test-secret-key", "POST", COLL, "", &b);
    let other_body = send_signed(&s, &h, "POST", COLL, &valid("other_cert"));
    assert_eq!(other_body.status, 401);
    let h = signed(s.addr(), "TESTAK", "wrong-secret", "GET", COLL, "", b"");
    assert_eq!(send_signed(&s, &h, "GET", COLL, b"").status, 401);
    let h = signed(s.addr(), "OTHERAK", "test-secret-key", "GET", COLL, "", b"");
    let unknown = send_signed(&s, &h, "GET", COLL, b"");
    assert_eq!(unknown.status, 401);
    assert!(unknown.text().contains("ak not exist"));
    assert!(!unknown.text().contains("OTHERAK"));
    // A token alone is not enough when only AK/SK is configured.
    assert_eq!(request(s.addr(), "GET", COLL, &[TOKEN], b"").status, 401);
    // Garbage Authorization headers.
    for auth in [
        "SDK-HMAC-SHA256 Access=TESTAK",
        "SDK-HMAC-SHA256 Access=TESTAK, SignedHeaders=host, Signature=zz",
        "SDK-HMAC-SHA256 ",
        "SDK-HMAC-SHA256 Access=TESTAK, SignedHeaders=;;, Signature=00",
    ] {
        let r = request(s.addr(), "GET", COLL, &[("Authorization", auth)], b"");
        assert_eq!(r.status, 401, "{auth}");
        assert_eq!(r.json()["error_code"], "APIGW.0301");
    }
    s.stop().unwrap();
}
