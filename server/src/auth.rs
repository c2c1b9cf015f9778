//! Authentication as the clients send it: an IAM token in `X-Auth-Token`, or AK/SK request
//! signing with the `SDK-HMAC-SHA256` scheme of the Huawei Cloud SDKs.
//!
//! The canonical request is built exactly as `huaweicloudsdkcore.signer.Signer` builds it
//! (read from its source, version 3.1.219):
//!
//! ```text
//! METHOD\nCanonicalURI\nCanonicalQuery\nCanonicalHeaders\nSignedHeaders\nPayloadHash
//! ```
//!
//! * CanonicalURI: the path percent-decoded, split on `/`, each segment encoded as Python's
//!   `quote(s, safe='~')`, joined by `/`, with a trailing `/` added when missing.
//! * CanonicalQuery: `(key, value)` pairs decoded, sorted, each side encoded the same way,
//!   joined by `&`.
//! * CanonicalHeaders: `name:value.strip()\n` for each signed header (lowercase names).
//! * PayloadHash: the SHA-256 of an empty body for an empty body, else the
//!   `X-Sdk-Content-Sha256` header when present (`UNSIGNED-PAYLOAD`), else the body's SHA-256.
//! * StringToSign: `SDK-HMAC-SHA256\n{X-Sdk-Date}\n{hex(SHA-256(CanonicalRequest))}`;
//!   the signature is `hex(HMAC-SHA256(SK, StringToSign))`.

use crate::errors::ApiError;
use axum::http::{HeaderMap, Method};
use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};
use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// Characters Python's `quote(s, safe='~')` leaves alone: letters, digits and `_.-~`.
const QUOTE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~');

/// The signing algorithm name in the `Authorization` header.
pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
/// SHA-256 of the empty string: the payload hash of a request without a body.
const EMPTY_HASH: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
/// How far `X-Sdk-Date` may be from the server's clock (the gateway's documented 15 minutes).
const MAX_SKEW_SECS: i64 = 15 * 60;

/// What the server requires; secrets never appear in `Debug`.
#[derive(Clone, Default)]
pub struct AuthConfig {
    /// The only `X-Auth-Token` value taken; `None` takes any non-empty token.
    pub token: Option<String>,
    /// The AK and SK that signed requests must be signed with; `None` takes any signer.
    pub aksk: Option<(String, String)>,
}

impl fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthConfig")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("ak", &self.aksk.as_ref().map(|(ak, _)| ak))
            .field("sk", &self.aksk.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// How a request proved who it is (logged; carries no secret).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authenticated {
    /// By `X-Auth-Token`.
    Token,
    /// By an AK/SK signature.
    Signature,
}

/// The parts of a request that authentication reads.
pub struct SignedRequest<'a> {
    /// The method.
    pub method: &'a Method,
    /// The raw path, as sent (still percent-encoded).
    pub path: &'a str,
    /// The raw query string, without `?`.
    pub query: &'a str,
    /// The headers.
    pub headers: &'a HeaderMap,
    /// The whole body.
    pub body: &'a [u8],
}

impl AuthConfig {
    /// Checks a request: a signature when the request is signed or when `--ak/--sk` is set
    /// without `--token`; a token otherwise.
    pub fn check(&self, req: &SignedRequest<'_>) -> Result<Authenticated, ApiError> {
        let authorization = header_text(req.headers, "authorization");
        let token = header_text(req.headers, "x-auth-token").filter(|t| !t.is_empty());
        match (authorization, token) {
            (Some(auth), _) if auth.starts_with(ALGORITHM) => self
                .verify_signature(req, &auth)
                .map(|()| Authenticated::Signature),
            (_, Some(token)) if self.takes_tokens() => self.verify_token(&token),
            (_, Some(_)) => Err(ApiError::unauthorized("verify aksk signature fail")),
            _ => Err(ApiError::unauthorized(
                "no X-Auth-Token header and no SDK-HMAC-SHA256 Authorization header",
            )),
        }
    }

    /// Tokens are taken unless only AK/SK is configured.
    fn takes_tokens(&self) -> bool {
        self.token.is_some() || self.aksk.is_none()
    }

    fn verify_token(&self, token: &str) -> Result<Authenticated, ApiError> {
        match &self.token {
            Some(expected) if !constant_time_eq(expected.as_bytes(), token.as_bytes()) => {
                Err(ApiError::unauthorized("decrypt token fail"))
            }
            _ => Ok(Authenticated::Token),
        }
    }

    fn verify_signature(
        &self,
        req: &SignedRequest<'_>,
        authorization: &str,
    ) -> Result<(), ApiError> {
        let fail = || ApiError::unauthorized("verify aksk signature fail");
        let parsed = parse_authorization(authorization).ok_or_else(fail)?;
        if !parsed.signed_headers.iter().any(|h| h == "x-sdk-date") {
            return Err(fail());
        }
        let date = single_header(req.headers, "x-sdk-date").ok_or_else(fail)?;
        let signed_at = parse_sdk_date(&date).ok_or_else(fail)?;
        if (now_secs() - signed_at).abs() > MAX_SKEW_SECS {
            return Err(fail());
        }
        let Some((ak, sk)) = &self.aksk else {
            // No --ak/--sk: any well-formed signed request is taken, as any token is.
            return Ok(());
        };
        if !constant_time_eq(ak.as_bytes(), parsed.access.as_bytes()) {
            return Err(ApiError::unauthorized(
                "Get secretKey failed,ak:******,err:ak not exist",
            ));
        }
        let canonical = canonical_request(req, &parsed.signed_headers).ok_or_else(fail)?;
        let string_to_sign = format!(
            "{ALGORITHM}\n{date}\n{}",
            hex(&Sha256::digest(canonical.as_bytes()))
        );
        let signature = unhex(&parsed.signature).ok_or_else(fail)?;
        let mut mac = Hmac::<Sha256>::new_from_slice(sk.as_bytes()).map_err(|_| fail())?;
        mac.update(string_to_sign.as_bytes());
        mac.verify_slice(&signature).map_err(|_| fail())
    }
}

/// The three parts of `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`.
#[derive(Debug, PartialEq, Eq)]
pub struct Authorization {
    /// The AK.
    pub access: String,
    /// Lowercase header names, in the order given.
    pub signed_headers: Vec<String>,
    /// Hex signature.
    pub signature: String,
}

/// Parses the `Authorization` header value; `None` when it is not the SDK's form.
pub fn parse_authorization(value: &str) -> Option<Authorization> {
    let rest = value.strip_prefix(ALGORITHM)?.strip_prefix(' ')?;
    let (mut access, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let (key, val) = part.trim().split_once('=')?;
        match key {
            "Access" => access = Some(val.to_owned()),
            "SignedHeaders" => signed = Some(val),
            "Signature" => signature = Some(val.to_owned()),
            _ => return None,
        }
    }
    let signed_headers: Vec<String> = signed?.split(';').map(str::to_owned).collect();
    if signed_headers.iter().any(String::is_empty) {
        return None;
    }
    Some(Authorization {
        access: access?,
        signed_headers,
        signature: signature?,
    })
}

/// The SDK's canonical request; `None` when a signed header is missing or repeated.
pub fn canonical_request(req: &SignedRequest<'_>, signed_headers: &[String]) -> Option<String> {
    let mut headers = String::new();
    for name in signed_headers {
        let value = single_header(req.headers, name)?;
        headers.push_str(name);
        headers.push(':');
        headers.push_str(value.trim());
        headers.push('\n');
    }
    let payload = if req.body.is_empty() {
        EMPTY_HASH.to_owned()
    } else if let Some(declared) = single_header(req.headers, "x-sdk-content-sha256") {
        declared
    } else {
        hex(&Sha256::digest(req.body))
    };
    Some(format!(
        "{}\n{}\n{}\n{}\n{}\n{}",
        req.method.as_str().to_ascii_uppercase(),
        canonical_uri(req.path),
        canonical_query(req.query),
        headers,
        signed_headers.join(";"),
        payload
    ))
}

/// Python's `quote(s, safe='~')`.
fn quote(s: &str) -> String {
    utf8_percent_encode(s, QUOTE).to_string()
}

/// Python's `unquote(s)`: `%XX` decoded, invalid UTF-8 replaced.
fn unquote(s: &str) -> String {
    percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// The canonical URI: decoded, split on `/`, each segment quoted, a trailing `/` added.
pub fn canonical_uri(path: &str) -> String {
    let decoded = unquote(path);
    let mut uri = decoded.split('/').map(quote).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// The canonical query string: pairs decoded, sorted by key then value, quoted.
pub fn canonical_query(query: &str) -> String {
    let mut pairs = query_pairs(query);
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", quote(k), quote(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The decoded `(key, value)` pairs of a raw query string (`+` is not a space: the SDKs
/// encode spaces as `%20`).
pub fn query_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (unquote(k), unquote(v))
        })
        .collect()
}

/// A header's value as text when it is present once and valid UTF-8 (the SDK signs the UTF-8
/// text it sends).
fn single_header(headers: &HeaderMap, name: &str) -> Option<String> {
    let mut values = headers.get_all(name).iter();
    let value = values.next()?;
    if values.next().is_some() {
        return None;
    }
    String::from_utf8(value.as_bytes().to_vec()).ok()
}

fn header_text(headers: &HeaderMap, name: &str) -> Option<String> {
    single_header(headers, name)
}

/// `20240101T000000Z` as seconds since the epoch.
pub fn parse_sdk_date(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 16 || b[8] != b'T' || b[15] != b'Z' {
        return None;
    }
    let text = format!(
        "{}-{}-{}T{}:{}:{}Z",
        &s[0..4],
        &s[4..6],
        &s[6..8],
        &s[9..11],
        &s[11..13],
        &s[13..15]
    );
    if !s[..8]
        .bytes()
        .chain(s[9..15].bytes())
        .all(|c| c.is_ascii_digit())
    {
        return None;
    }
    cert_preflight::UnixTime::parse_rfc3339(&text).map(|t| t.0)
}

/// The real clock in seconds: signatures are checked against it even when `--at` pins the
/// certificate clock, since the SDKs date their signatures with the real clock.
fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 || s.len() > 128 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let diff = a
        .iter()
        .zip(b)
        .fold(a.len() ^ b.len(), |acc, (x, y)| acc | usize::from(x ^ y));
    diff == 0
}

/// Signs a request as the SDK does (for tests and the load client); returns the
/// `Authorization` header value. `headers` must already hold every header to sign.
pub fn sign(
    ak: &str,
    sk: &str,
    method: &Method,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<String> {
    let mut names: Vec<String> = headers
        .keys()
        .map(|k| k.as_str().to_ascii_lowercase())
        .filter(|k| !k.contains('_'))
        .collect();
    names.sort();
    names.dedup();
    let date = single_header(headers, "x-sdk-date")?;
    let req = SignedRequest {
        method,
        path,
        query,
        headers,
        body,
    };
    let canonical = canonical_request(&req, &names)?;
    let string_to_sign = format!(
        "{ALGORITHM}\n{date}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(sk.as_bytes()).ok()?;
    mac.update(string_to_sign.as_bytes());
    Some(format!(
        "{ALGORITHM} Access={ak}, SignedHeaders={}, Signature={}",
        names.join(";"),
        hex(&mac.finalize().into_bytes())
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_uri_and_query_match_python_quote() {
        assert_eq!(
            canonical_uri("/v2/abc/apigw/certificates"),
            "/v2/abc/apigw/certificates/"
        );
        assert_eq!(canonical_uri("/v2/a%20b/x~y"), "/v2/a%20b/x~y/");
        assert_eq!(
            canonical_query("name=a b&limit=5&common_name=%2A.x"),
            "common_name=%2A.x&limit=5&name=a%20b"
        );
        assert_eq!(canonical_query(""), "");
    }

    #[test]
    fn authorization_header_parses() {
        let a = parse_authorization(
            "SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=00ff",
        )
        .unwrap();
        assert_eq!(a.access, "AK1");
        assert_eq!(a.signed_headers, ["host", "x-sdk-date"]);
        assert!(parse_authorization("SDK-HMAC-SHA256 Access=AK1").is_none());
        assert!(parse_authorization("Bearer x").is_none());
    }

    #[test]
    fn sdk_date_parses() {
        assert_eq!(parse_sdk_date("19700101T000010Z"), Some(10));
        assert_eq!(parse_sdk_date("1970-01-01T00:00:10Z"), None);
        assert_eq!(parse_sdk_date("1970010XT000010Z"), None);
    }

    #[test]
    fn signature_round_trip_and_tamper() {
        let mut headers = HeaderMap::new();
        headers.insert("host", "127.0.0.1:8080".parse().unwrap());
        let date = {
            let t = now_secs();
            let (y, mo, d, h, mi, s) = cert_preflight::UnixTime(t).to_utc();
            format!("{y:04}{mo:02}{d:02}T{h:02}{mi:02}{s:02}Z")
        };
        headers.insert("x-sdk-date", date.parse().unwrap());
        headers.insert("content-type", "application/json".parse().unwrap());
        let body = br#"{"name":"abcd"}"#;
        let auth = sign(
            "AK",
            "SK",
            &Method::POST,
            "/v2/p/apigw/certificates",
            "",
            &headers,
            body,
        )
        .unwrap();
        headers.insert("authorization", auth.parse().unwrap());
        let config = AuthConfig {
            token: None,
            aksk: Some(("AK".into(), "SK".into())),
        };
        let req = |body: &'static [u8]| SignedRequest {
            method: &Method::POST,
            path: "/v2/p/apigw/certificates",
            query: "",
            headers: &headers,
            body,
        };
        assert_eq!(config.check(&req(body)), Ok(Authenticated::Signature));
        assert_eq!(
            config
                .check(&req(br#"{"name":"abce"}"#))
                .unwrap_err()
                .error_code,
            "APIGW.0301"
        );
        let wrong_sk = AuthConfig {
            aksk: Some(("AK".into(), "SK2".into())),
            ..config.clone()
        };
        assert!(wrong_sk.check(&req(body)).is_err());
    }

    /// A vector made with huaweicloudsdkcore 3.1.219's own `Signer` (fixed date, AK, SK).
    #[test]
    fn matches_the_python_sdk_signature() {
        let mut headers = HeaderMap::new();
        headers.insert("content-type", "application/json".parse().unwrap());
        headers.insert("x-sdk-date", "20300101T000000Z".parse().unwrap());
        headers.insert("x-project-id", "proj1".parse().unwrap());
        headers.insert("host", "127.0.0.1:8080".parse().unwrap());
        let auth = sign(
            "AKVECTOR",
            "SKVECTOR",
            &Method::POST,
            "/v2/proj1/apigw/certificates",
            "limit=5&name=a%20b",
            &headers,
            br#"{"name":"shop_cert"}"#,
        )
        .unwrap();
        assert_eq!(
            auth,
            "SDK-HMAC-SHA256 Access=AKVECTOR, SignedHeaders=content-type;host;x-project-id;x-sdk-date, Signature=ec74ff9fee34ab74a330d6c033e17de7d1695b0759b84eac48f3152bde690d51"
        );
    }

    #[test]
    fn debug_hides_secrets() {
        let c = AuthConfig {
            token: Some("tok-secret".into()),
            aksk: Some(("AK".into(), "sk-secret".into())),
        };
        let s = format!("{c:?}");
        assert!(!s.contains("secret"), "{s}");
    }
}
