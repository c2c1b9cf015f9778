//! `CertificateForm`, the request body, and the gateway's request rules (APIG.2000, 2001, 2006,
//! 2011, 2012).

mod json;

/// Bytes as Go's `encoding/json` hands them over when they are sent as a JSON string: each byte
/// that does not start valid UTF-8 becomes U+FFFD.
pub(crate) fn go_lossy(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    json::push_go_lossy(&mut out, bytes);
    out
}

use crate::redact::{looks_like_key_material, Quoted};
use crate::verdict::{Diagnostic, DiagnosticId, Field, GatewayCode};
use json::GoJsonError;
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
    /// Reads the exact JSON body the API takes, as the gateway's Go 1.19 `json.Unmarshal` does:
    /// field names match case-insensitively (Go's folding), unknown fields and `null` are
    /// ignored, a later duplicate wins, invalid UTF-8 and lone `\u` surrogates become U+FFFD.
    ///
    /// A body Go refuses gives APIG.2000 with Go's exact error text as the reason, e.g.
    /// `invalid character '}' looking for beginning of object key string` (docs/json.md).
    ///
    /// ```
    /// use cert_preflight::CertificateForm;
    ///
    /// let form = CertificateForm::from_json(br#"{"NAME": "shop", "x": [1e999999]}"#).unwrap();
    /// assert_eq!(form.name, "shop");
    /// let d = CertificateForm::from_json(br#"{"name": "shop",}"#).unwrap_err();
    /// assert_eq!(d.message, "invalid character '}' looking for beginning of object key string");
    /// ```
    pub fn from_json(body: &[u8]) -> Result<Self, Diagnostic> {
        if body.len() > MAX_BODY_BYTES {
            return Err(Self::body_too_long());
        }
        // Go's decoder, followed byte for byte (json.rs): streamed, so a 1 MiB body of junk
        // costs no heap, and nesting is counted, not recursed into (docs/json.md).
        let mut form = CertificateForm::default();
        json::unmarshal(body, &mut form).map_err(|e| not_json(body, &e))?;
        Ok(form)
    }

    /// APIG.2006 for a body over [`MAX_BODY_BYTES`], as [`CertificateForm::from_json`] gives it;
    /// for fronts that stop reading at the bound, so that every front says the same.
    ///
    /// ```
    /// use cert_preflight::{CertificateForm, MAX_BODY_BYTES};
    ///
    /// let d = CertificateForm::from_json(&vec![b' '; MAX_BODY_BYTES + 1]).unwrap_err();
    /// assert_eq!(d, CertificateForm::body_too_long());
    /// ```
    pub fn body_too_long() -> Diagnostic {
        Diagnostic::new(
            GatewayCode::ParameterTooLong,
            DiagnosticId::RequestBodyTooLong,
            format!("The request body is longer than {MAX_BODY_BYTES} bytes, the most taken."),
        )
        .in_field(Field::Body)
        .with_fix("Check that each field holds only the PEM it should.")
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

/// A `name` that follows the gateway's rule, made from any text (such as a file name): other
/// characters become `_`, `cert_` goes before a non-letter start, and it is padded to 4 and cut
/// to 50 characters.
///
/// ```
/// assert_eq!(cert_preflight::suggest_name("api.shop.example"), "api_shop_example");
/// assert_eq!(cert_preflight::suggest_name("1st"), "cert_1st");
/// ```
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

/// APIG.2000: Go's error text is the reason; the fix says where and what, never quoting the
/// body (it may hold the key).
fn not_json(body: &[u8], e: &GoJsonError) -> Diagnostic {
    let fix = match e {
        GoJsonError::Syntax(s) if s.problem == json::SyntaxProblem::UnexpectedEnd => format!(
            "The body ends before its JSON does ({} bytes): check that it was not cut short.",
            body.len()
        ),
        GoJsonError::Syntax(s) => {
            let (line, column) = line_and_column(body, s.offset);
            format!("Send the body as JSON: Go's decoder stops at byte {} (line {line}, column {column}).", s.offset)
        }
        GoJsonError::UnmarshalType(t) => match t.field {
            Some((_, name)) => format!("`{name}` must be a JSON string."),
            None => "The body must be a JSON object.".to_owned(),
        },
    };
    Diagnostic::new(
        GatewayCode::SerializationError,
        DiagnosticId::RequestNotJson,
        e.to_string(),
    )
    .in_field(Field::Body)
    .with_fix(fix)
}

/// The 1-based line and column (in bytes) of the `offset`-th byte (1-based, as Go counts).
fn line_and_column(body: &[u8], offset: usize) -> (usize, usize) {
    let before = &body[..offset.saturating_sub(1).min(body.len())];
    let line_start = before
        .iter()
        .rposition(|&c| c == b'\n')
        .map_or(0, |i| i + 1);
    (
        before.iter().filter(|&&c| c == b'\n').count() + 1,
        before.len() - line_start + 1,
    )
}

/// `json.Unmarshal` fills the form as the gateway's Go struct `CertificateForm`.
impl json::Target for CertificateForm {
    const STRUCT: &'static str = "CertificateForm";
    /// Go would print `<package>.CertificateForm`; the gateway's package is not known, so the
    /// bare name is kept (docs/json.md).
    const GO_TYPE: &'static str = "CertificateForm";
    const FIELDS: &'static [&'static str] = &[
        "name",
        "cert_content",
        "private_key",
        "type",
        "instance_id",
        "trusted_root_ca",
    ];

    fn slot(&mut self, field: usize) -> &mut String {
        match field {
            0 => &mut self.name,
            1 => &mut self.cert_content,
            2 => &mut self.private_key,
            3 => &mut self.cert_type,
            4 => &mut self.instance_id,
            _ => &mut self.trusted_root_ca,
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
