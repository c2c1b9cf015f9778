//! `CertificateForm`, the request body, and the gateway's request rules (APIG.2000, 2001, 2006,
//! 2011, 2012).

use crate::redact::{looks_like_key_material, Quoted};
use crate::verdict::{Diagnostic, DiagnosticId, Field, GatewayCode};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Longest `cert_content` and `trusted_root_ca`, in characters (Huawei ELB's documented bound).
pub const MAX_CERT_CONTENT_CHARS: usize = 65_536;
/// Longest `private_key`, in characters (Huawei ELB's documented bound).
pub const MAX_PRIVATE_KEY_CHARS: usize = 8_192;
/// Most certificates in `cert_content`: the leaf and ten more (Huawei ELB: 11 chain levels).
pub const MAX_CHAIN_CERTIFICATES: usize = 11;
/// Most certificates in `trusted_root_ca` (our bound; the gateway documents none).
pub const MAX_TRUSTED_CERTIFICATES: usize = 64;
/// Longest `instance_id` (our bound; gateway IDs are 32 to 36 characters).
pub const MAX_INSTANCE_ID_CHARS: usize = 64;
/// Most bytes of a request body taken (the fields' bounds plus room for JSON escapes).
pub const MAX_BODY_BYTES: usize = 1 << 20;

/// The request body of `POST /v2/{project_id}/apigw/certificates`.
///
/// An empty string is an absent field, as the gateway's validator sees it.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CertificateForm {
    /// Certificate name: 4 to 50 characters, a letter first, then letters, digits and `_`.
    pub name: String,
    /// The server certificate, then its chain, as PEM.
    pub cert_content: String,
    /// The private key of the first certificate, as PEM, unencrypted.
    pub private_key: String,
    /// `global` (the default when empty) or `instance`.
    #[serde(rename = "type")]
    pub cert_type: String,
    /// The gateway's ID; required when `type` is `instance`.
    pub instance_id: String,
    /// CA certificates for two-way TLS, as PEM; empty when not given.
    pub trusted_root_ca: String,
}

/// Never prints the private key.
impl fmt::Debug for CertificateForm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertificateForm")
            .field("name", &self.name)
            .field(
                "cert_content",
                &format_args!("<{} chars>", self.cert_content.len()),
            )
            .field("private_key", &format_args!("<redacted>"))
            .field("type", &self.cert_type)
            .field("instance_id", &self.instance_id)
            .field(
                "trusted_root_ca",
                &format_args!("<{} chars>", self.trusted_root_ca.len()),
            )
            .finish()
    }
}

impl CertificateForm {
    /// Reads the exact JSON body the API takes, as the gateway's Go decoder does: field names
    /// match case-insensitively, unknown fields and `null` are ignored, a later duplicate wins.
    ///
    /// A body that is not such JSON gives APIG.2000 with a Go-style reason.
    pub fn from_json(body: &[u8]) -> Result<Self, Diagnostic> {
        if body.len() > MAX_BODY_BYTES {
            return Err(Diagnostic::new(
                GatewayCode::ParameterTooLong,
                DiagnosticId::RequestBodyTooLong,
                format!(
                    "The request body has {} bytes; the most taken is {MAX_BODY_BYTES}.",
                    body.len()
                ),
            )
            .in_field(Field::Body)
            .with_fix("Check that each field holds only the PEM it should."));
        }
        // Streamed, not built as a `serde_json::Value`: unknown fields are skipped without being
        // stored, so a 1 MiB body of junk costs no heap (docs/limits.md).
        let read: Result<CertificateForm, (String, String)> =
            serde_json::from_slice::<Streamed>(body)
                .map_err(|e| serialization_error(go_syntax_reason(body, &e), &e.to_string()))?
                .0;
        // Go checks the whole body's syntax first, then reports the first type error.
        read.map_err(|(reason, fix)| serialization_error(reason, &fix))
    }

    /// The field a name of [`FIELD_NAMES`] sets, and its Go name.
    fn slot(&mut self, name: &'static str) -> (&mut String, &'static str) {
        let slot = match name {
            "name" => &mut self.name,
            "cert_content" => &mut self.cert_content,
            "private_key" => &mut self.private_key,
            "type" => &mut self.cert_type,
            "instance_id" => &mut self.instance_id,
            _ => &mut self.trusted_root_ca,
        };
        (slot, name)
    }

    /// The effective `type`: `global` when absent.
    pub fn effective_type(&self) -> &str {
        if self.cert_type.is_empty() {
            "global"
        } else {
            &self.cert_type
        }
    }

    /// Checks the request rules, in field order; every failure is returned.
    pub(crate) fn check_request_rules(&self) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if self.name.is_empty() {
            out.push(missing(Field::Name));
        } else if !name_is_valid(&self.name) {
            out.push(
                Diagnostic::new(
                    GatewayCode::InvalidParameterValue,
                    DiagnosticId::RequestNameInvalid,
                    format!(
                        "The name {} must be 4 to 50 characters, start with a letter, and hold only letters, digits and underscores.",
                        Quoted(&self.name)
                    ),
                )
                .in_field(Field::Name)
                .with_fix(if looks_like_key_material(&self.name) {
                    "This looks like key material: give the certificate's name here (4 to 50 letters, digits and underscores), and the key as `private_key`.".to_owned()
                } else {
                    format!("Use a name such as {:?}.", suggest_name(&self.name))
                }),
            );
        }
        for (field, text, max) in [
            (
                Field::CertContent,
                &self.cert_content,
                MAX_CERT_CONTENT_CHARS,
            ),
            (Field::PrivateKey, &self.private_key, MAX_PRIVATE_KEY_CHARS),
        ] {
            if text.is_empty() {
                out.push(missing(field));
            } else if let Some(d) = too_long(field, text, max) {
                out.push(d);
            }
        }
        match self.effective_type() {
            "global" => {}
            "instance" => {
                if self.instance_id.is_empty() {
                    out.push(
                        missing(Field::InstanceId).with_fix(
                            "Give the gateway's ID as `instance_id`, or use type `global`.",
                        ),
                    );
                }
            }
            other => out.push(
                Diagnostic::new(
                    GatewayCode::ForbiddenParameterValue,
                    DiagnosticId::RequestTypeInvalid,
                    format!(
                        "The type {} is neither `global` nor `instance`.",
                        Quoted(other)
                    ),
                )
                .in_field(Field::Type)
                .with_fix("Use `global` (the default) or `instance`."),
            ),
        }
        if let Some(d) = too_long(Field::InstanceId, &self.instance_id, MAX_INSTANCE_ID_CHARS) {
            out.push(d);
        }
        if let Some(d) = too_long(
            Field::TrustedRootCa,
            &self.trusted_root_ca,
            MAX_CERT_CONTENT_CHARS,
        ) {
            out.push(d);
        }
        out
    }
}

/// The `name` rule: `^[A-Za-z][A-Za-z0-9_]{3,49}$`.
fn name_is_valid(name: &str) -> bool {
    let b = name.as_bytes();
    (4..=50).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'_')
}

/// A name that follows the rule, made from the one given.
/// A `name` that follows the gateway's rule, made from any text (such as a file name): other
/// characters become `_`, `cert_` goes before a non-letter start, and it is padded to 4 and cut
/// to 50 characters.
pub fn suggest_name(name: &str) -> String {
    let mut s: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if !s.starts_with(|c: char| c.is_ascii_alphabetic()) {
        s.insert_str(0, "cert_");
    }
    while s.len() < 4 {
        s.push('_');
    }
    s.truncate(50);
    s
}

fn missing(field: Field) -> Diagnostic {
    Diagnostic::new(
        GatewayCode::ParameterMissing,
        DiagnosticId::RequestMissing,
        format!("`{field}` is missing or empty."),
    )
    .in_field(field)
    .with_fix(format!("Give `{field}`."))
}

fn too_long(field: Field, text: &str, max: usize) -> Option<Diagnostic> {
    // Bytes bound characters from above: count characters only when the bytes exceed the bound.
    if text.len() <= max {
        return None;
    }
    let chars = text.chars().count();
    (chars > max).then(|| {
        Diagnostic::new(
            GatewayCode::ParameterTooLong,
            DiagnosticId::RequestTooLong,
            format!("`{field}` has {chars} characters; the gateway takes at most {max}."),
        )
        .in_field(field)
        .with_fix("Remove text around the PEM blocks, and certificates the chain does not need (such as the root).")
    })
}

fn serialization_error(reason: String, fix: &str) -> Diagnostic {
    Diagnostic::new(
        GatewayCode::SerializationError,
        DiagnosticId::RequestNotJson,
        reason,
    )
    .in_field(Field::Body)
    .with_fix(fix.to_owned())
}

/// The body as Go's `json.Unmarshal` into the form reads it: `Ok` the form, or `Err` the first
/// type error (Go's reason and our fix), found after the whole body was read.
struct Streamed(Result<CertificateForm, (String, String)>);

impl<'de> Deserialize<'de> for Streamed {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(BodyVisitor)
    }
}

struct BodyVisitor;

impl<'de> serde::de::Visitor<'de> for BodyVisitor {
    type Value = Streamed;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Streamed, A::Error> {
        let mut form = CertificateForm::default();
        let mut first_error = None;
        while let Some(key) = map.next_key_seed(KeySeed)? {
            let Some(name) = key else {
                map.next_value::<serde::de::IgnoredAny>()?;
                continue;
            };
            let (slot, go_name) = form.slot(name);
            match map.next_value::<JsonValue>()? {
                JsonValue::String(s) => *slot = s,
                JsonValue::Other("null") => {}
                JsonValue::Other(kind) => {
                    first_error.get_or_insert_with(|| {
                        (
                            format!(
                                "json: cannot unmarshal {kind} into Go struct field \
                                 CertificateForm.{go_name} of type string"
                            ),
                            format!("`{go_name}` must be a JSON string."),
                        )
                    });
                }
            }
        }
        Ok(Streamed(first_error.map_or(Ok(form), Err)))
    }

    // Go leaves the form empty for a top-level `null`, and refuses any other non-object.
    fn visit_unit<E>(self) -> Result<Streamed, E> {
        Ok(Streamed(Ok(CertificateForm::default())))
    }
    fn visit_bool<E>(self, _: bool) -> Result<Streamed, E> {
        Ok(not_an_object("bool"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<Streamed, E> {
        Ok(not_an_object("number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<Streamed, E> {
        Ok(not_an_object("number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<Streamed, E> {
        Ok(not_an_object("number"))
    }
    fn visit_str<E>(self, _: &str) -> Result<Streamed, E> {
        Ok(not_an_object("string"))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Streamed, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(not_an_object("array"))
    }
}

fn not_an_object(kind: &str) -> Streamed {
    Streamed(Err((
        format!("json: cannot unmarshal {kind} into Go value of type CertificateForm"),
        "The body must be a JSON object.".to_owned(),
    )))
}

/// A key of the body: the form field it names (Go's matching), or `None`; never stored.
struct KeySeed;

impl<'de> serde::de::DeserializeSeed<'de> for KeySeed {
    type Value = Option<&'static str>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for KeySeed {
    type Value = Option<&'static str>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_str<E>(self, key: &str) -> Result<Self::Value, E> {
        Ok(field_name(key))
    }
}

/// A value given for a form field: a string, or the kind Go names in its type error.
enum JsonValue {
    String(String),
    Other(&'static str),
}

impl<'de> Deserialize<'de> for JsonValue {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(JsonValueVisitor)
    }
}

struct JsonValueVisitor;

impl<'de> serde::de::Visitor<'de> for JsonValueVisitor {
    type Value = JsonValue;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_str<E>(self, s: &str) -> Result<JsonValue, E> {
        Ok(JsonValue::String(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<JsonValue, E> {
        Ok(JsonValue::String(s))
    }
    fn visit_unit<E>(self) -> Result<JsonValue, E> {
        Ok(JsonValue::Other("null"))
    }
    fn visit_bool<E>(self, _: bool) -> Result<JsonValue, E> {
        Ok(JsonValue::Other("bool"))
    }
    fn visit_i64<E>(self, _: i64) -> Result<JsonValue, E> {
        Ok(JsonValue::Other("number"))
    }
    fn visit_u64<E>(self, _: u64) -> Result<JsonValue, E> {
        Ok(JsonValue::Other("number"))
    }
    fn visit_f64<E>(self, _: f64) -> Result<JsonValue, E> {
        Ok(JsonValue::Other("number"))
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<JsonValue, A::Error> {
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
        Ok(JsonValue::Other("array"))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<JsonValue, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(JsonValue::Other("object"))
    }
}

/// The JSON names of the form's fields.
const FIELD_NAMES: [&str; 6] = [
    "name",
    "cert_content",
    "private_key",
    "type",
    "instance_id",
    "trusted_root_ca",
];

/// The field a JSON key sets, as Go's `encoding/json` matches names: exact, then ignoring case
/// the way its `fold.go` does.
fn field_name(key: &str) -> Option<&'static str> {
    FIELD_NAMES
        .iter()
        .find(|n| **n == key)
        .or_else(|| FIELD_NAMES.iter().find(|n| go_fold_eq(n, key)))
        .copied()
}

/// Go's case folding of a key against an ASCII field name: ASCII case, plus the two non-ASCII
/// letters whose simple fold is an ASCII letter, the Kelvin sign (k) and the long s (s).
fn go_fold_eq(name: &str, key: &str) -> bool {
    let mut key = key.chars();
    for n in name.chars() {
        let Some(c) = key.next() else { return false };
        let c = match c {
            '\u{212A}' => 'k',
            '\u{17F}' => 's',
            c => c,
        };
        if !c.eq_ignore_ascii_case(&n) {
            return false;
        }
    }
    key.next().is_none()
}

/// Go's `encoding/json` reason for a syntax error, as near as serde_json's error lets us tell:
/// the offending character and the context Go names.
fn go_syntax_reason(body: &[u8], e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    if e.classify() == Category::Eof || body.iter().all(u8::is_ascii_whitespace) {
        return "unexpected end of JSON input".to_owned();
    }
    let msg = e.to_string();
    let context = if msg.starts_with("trailing characters") {
        "after top-level value"
    } else if msg.starts_with("key must be a string") {
        "looking for beginning of object key string"
    } else if msg.starts_with("expected `:`") {
        "after object key"
    } else if msg.starts_with("expected `,` or `}`") {
        "after object key:value pair"
    } else if msg.starts_with("expected `,` or `]`") {
        "after array element"
    } else if msg.starts_with("control character") {
        "in string literal"
    } else if msg.starts_with("invalid escape") {
        "in string escape code"
    } else {
        "looking for beginning of value"
    };
    match char_at(body, e.line(), e.column()) {
        Some(c) => format!("invalid character {} {context}", go_quote_char(c)),
        None => msg,
    }
}

/// The character at serde_json's 1-based line and column (columns count bytes).
fn char_at(body: &[u8], line: usize, column: usize) -> Option<char> {
    let text = String::from_utf8_lossy(body);
    let l = text.split('\n').nth(line.checked_sub(1)?)?;
    let idx = column.saturating_sub(1);
    l.get(idx..).and_then(|s| s.chars().next()).or_else(|| {
        // serde_json points one past some characters; take the one before.
        l.get(idx.saturating_sub(1)..)
            .and_then(|s| s.chars().next())
    })
}

/// Go's `quoteChar`.
fn go_quote_char(c: char) -> String {
    match c {
        '\'' => r"'\''".to_owned(),
        '"' => "'\"'".to_owned(),
        _ => {
            let q = format!("{:?}", c.to_string());
            format!("'{}'", &q[1..q.len() - 1])
        }
    }
}

/// Shows at most 60 characters of user text in a message.
#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CertificateForm {
        CertificateForm {
            name: "cert_demo".into(),
            cert_content: "x".into(),
            private_key: "y".into(),
            ..Default::default()
        }
    }

    fn codes(f: &CertificateForm) -> Vec<(&'static str, Option<Field>)> {
        f.check_request_rules()
            .iter()
            .map(|d| (d.code.error_code(), d.field))
            .collect()
    }

    #[test]
    fn name_rule() {
        for ok in ["cert", "cert_demo", "A123", &"a".repeat(50)] {
            assert!(name_is_valid(ok), "{ok}");
        }
        for bad in [
            "abc",
            "1cert",
            "_cert",
            "cert-demo",
            "cert demo",
            "cért",
            &"a".repeat(51),
        ] {
            assert!(!name_is_valid(bad), "{bad}");
            assert!(name_is_valid(&suggest_name(bad)), "{bad}");
        }
    }

    #[test]
    fn request_rules_in_field_order() {
        assert!(codes(&form()).is_empty());
        let f = CertificateForm {
            name: "1x".into(),
            cert_type: "instance".into(),
            ..Default::default()
        };
        assert_eq!(
            codes(&f),
            [
                ("APIG.2011", Some(Field::Name)),
                ("APIG.2001", Some(Field::CertContent)),
                ("APIG.2001", Some(Field::PrivateKey)),
                ("APIG.2001", Some(Field::InstanceId)),
            ]
        );
        let f = CertificateForm {
            cert_type: "Global".into(),
            private_key: "k".repeat(MAX_PRIVATE_KEY_CHARS + 1),
            ..form()
        };
        assert_eq!(
            codes(&f),
            [
                ("APIG.2006", Some(Field::PrivateKey)),
                ("APIG.2012", Some(Field::Type))
            ]
        );
    }

    #[test]
    fn json_like_go() {
        let f = CertificateForm::from_json(br#"{"NAME":"abcd","type":null,"x":1}"#).unwrap();
        assert_eq!(f.name, "abcd");
        assert_eq!(f.effective_type(), "global");
        let reason = |b: &[u8]| CertificateForm::from_json(b).unwrap_err().message;
        assert_eq!(reason(b""), "unexpected end of JSON input");
        assert_eq!(reason(br#"{"name": "#), "unexpected end of JSON input");
        assert_eq!(
            reason(b"xyz"),
            "invalid character 'x' looking for beginning of value"
        );
        assert_eq!(
            reason(b"{} x"),
            "invalid character 'x' after top-level value"
        );
        assert_eq!(
            reason(br#"{"name": 5}"#),
            "json: cannot unmarshal number into Go struct field CertificateForm.name of type string"
        );
        assert_eq!(
            reason(b"[]"),
            "json: cannot unmarshal array into Go value of type CertificateForm"
        );
    }

    #[test]
    fn json_read_in_document_order_as_go_reads_it() {
        let form = |b: &[u8]| CertificateForm::from_json(b).unwrap();
        let reason = |b: &[u8]| CertificateForm::from_json(b).unwrap_err().message;
        // A top-level null leaves the form empty, as json.Unmarshal does.
        assert_eq!(form(b" null "), CertificateForm::default());
        // A later duplicate wins, whatever its case; the Kelvin sign folds to k, long s to s.
        let f = form("{\"Name\":\"first\",\"name\":\"second\",\"private_\u{212A}ey\":\"k\",\"in\u{17F}tance_id\":\"i\"}".as_bytes());
        assert_eq!(
            (&*f.name, &*f.private_key, &*f.instance_id),
            ("second", "k", "i")
        );
        // Unknown fields of any shape are skipped; escapes in values are decoded.
        let f = form(br#"{"x":{"y":[1,{"z":null}]},"name":"a\u0062cd","y":[true]}"#);
        assert_eq!(f.name, "abcd");
        // The first type error in the document is the one reported, after the whole body.
        assert_eq!(
            reason(br#"{"type": [1], "name": {}}"#),
            "json: cannot unmarshal array into Go struct field CertificateForm.type of type string"
        );
        assert_eq!(
            reason(br#"{"type": true, "name": "abcd"} x"#),
            "invalid character 'x' after top-level value"
        );
        assert_eq!(
            reason(br#""text""#),
            "json: cannot unmarshal string into Go value of type CertificateForm"
        );
    }

    #[test]
    fn debug_never_shows_the_key() {
        let f = CertificateForm {
            private_key: "SECRETSECRET".into(),
            ..form()
        };
        assert!(!format!("{f:?}").contains("SECRET"));
    }
}
