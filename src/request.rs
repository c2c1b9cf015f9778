//! The upload body: a form the pre-flight accepts, with its PEM normalised so that the gateway
//! reads exactly what was checked (LF line endings, one trailing newline, no text around blocks).

use crate::form::CertificateForm;
use crate::pem::{self, Block, Secrecy};
use crate::pipeline::{self, preflight, Accepted, Options};
use crate::verdict::{Field, Rejection};
use base64::Engine as _;
use zeroize::Zeroizing;

/// The body as uploaded to `CreateCertificateV2`: optional fields only when given.
///
/// ```
/// use cert_preflight::{CertificateForm, UploadBody};
///
/// let form = CertificateForm { name: "shop".into(), ..Default::default() };
/// let json = serde_json::to_string(&UploadBody::from(&form)).unwrap();
/// assert_eq!(json, r#"{"name":"shop","cert_content":"","private_key":"","type":"global"}"#);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct UploadBody<'a> {
    /// The certificate name.
    pub name: &'a str,
    /// The certificate and its chain, PEM.
    pub cert_content: &'a str,
    /// The private key, PEM. Never printed by `Debug`.
    #[serde(serialize_with = "serialize_secret")]
    pub private_key: Secret<'a>,
    /// `global` or `instance`.
    #[serde(rename = "type")]
    pub cert_type: &'a str,
    /// The gateway ID for `instance` certificates.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub instance_id: &'a str,
    /// CA certificates for two-way TLS.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub trusted_root_ca: &'a str,
}

/// Key text that serializes as itself but never shows in `Debug`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Secret<'a>(pub &'a str);

impl std::fmt::Debug for Secret<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{} characters, not shown>", self.0.len())
    }
}

fn serialize_secret<S: serde::Serializer>(secret: &Secret<'_>, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(secret.0)
}

impl<'a> From<&'a CertificateForm> for UploadBody<'a> {
    fn from(f: &'a CertificateForm) -> Self {
        UploadBody {
            name: &f.name,
            cert_content: &f.cert_content,
            private_key: Secret(&f.private_key),
            cert_type: f.effective_type(),
            instance_id: &f.instance_id,
            trusted_root_ca: &f.trusted_root_ca,
        }
    }
}

/// What to do with a chain whose only problem is its order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum ChainOrder {
    /// Keep it as given: the gateway refuses it, so no body is made.
    #[default]
    AsGiven,
    /// Put it leaf-first (`request --fix-order`).
    LeafFirst,
}

/// The upload body a pre-flight accepts, normalised, with what was done to it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NormalizedRequest {
    /// The form to upload: PEM re-encoded (LF line endings, no text around blocks).
    pub form: CertificateForm,
    /// The gateway's acceptance of exactly that form.
    pub accepted: Accepted,
    /// When the chain was put leaf-first: the original 1-based PEM block numbers, in the new
    /// order.
    pub reordered: Option<Vec<usize>>,
    /// The fields from which what hid a `-----BEGIN` from Go's PEM decoder was removed: a
    /// byte-order mark, a zero-width or non-breaking space, or indentation (`pem.hidden-block`).
    pub unhidden: Vec<Field>,
}

/// Checks `form`, and when the gateway would accept it, returns the same form with normalised
/// PEM, ready to upload (the same blocks re-encoded, so the same verdict); a reordered chain is
/// checked again, so what is returned is accepted.
///
/// With [`ChainOrder::LeafFirst`], a chain whose only problem is its order is put leaf-first.
///
/// ```
/// use cert_preflight::{normalized_request, ChainOrder, CertificateForm, Options, UnixTime, UploadBody};
///
/// let form = CertificateForm {
///     name: "shop_example".into(),
///     cert_content: include_str!("../examples/bundle.pem").replace('\n', "\r\n"),
///     private_key: include_str!("../examples/key.pem").into(),
///     ..Default::default()
/// };
/// let now = UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap();
/// let normalized = normalized_request(&form, &Options::new(now), ChainOrder::AsGiven).unwrap();
/// assert!(!normalized.form.cert_content.contains('\r'));
/// let body = serde_json::to_string(&UploadBody::from(&normalized.form)).unwrap();
/// assert!(body.starts_with(r#"{"name":"shop_example","cert_content":"-----BEGIN CERTIFICATE-----\n"#));
/// ```
pub fn normalized_request(
    form: &CertificateForm,
    options: &Options,
    order: ChainOrder,
) -> Result<NormalizedRequest, Rejection> {
    // The request as given must pass: normalising would otherwise hide what the gateway refuses
    // (a key field too long only because of text around its block, say). The one exception is
    // the one asked for: a chain that is only out of order, with `LeafFirst`.
    // What hides a block from the gateway is removed first: the upload body is meant to be read
    // as the user meant it (the CLI says so).
    let (unhidden_form, unhidden) = unhide(form);
    let form = unhidden_form.as_ref().unwrap_or(form);
    let run = pipeline::run(form, options);
    let mut candidate = normalize(form);
    match (run.outcome, order, run.reorder) {
        // Normalising re-encodes the same blocks in the same order: the verdict and the detail
        // are the same (the `preflight` fuzz target checks it), so the work is not done twice.
        (Ok(accepted), _, _) => Ok(NormalizedRequest {
            form: candidate,
            accepted,
            reordered: None,
            unhidden,
        }),
        (Err(_), ChainOrder::LeafFirst, Some(reorder)) => {
            // The normalised field holds the certificates only, in their original order.
            candidate.cert_content =
                reorder_certificates(&candidate.cert_content, &reorder.certificates);
            let accepted = preflight(&candidate, options)?;
            Ok(NormalizedRequest {
                form: candidate,
                accepted,
                reordered: Some(reorder.blocks),
                unhidden,
            })
        }
        (Err(rejection), _, _) => Err(rejection),
    }
}

/// The form with what hides a `-----BEGIN` from Go removed (invisible characters before it,
/// indentation of the PEM lines), when any field has some; and those fields.
fn unhide(form: &CertificateForm) -> (Option<CertificateForm>, Vec<Field>) {
    let mut out = form.clone();
    let mut fields = Vec::new();
    for (field, text) in [
        (Field::CertContent, &mut out.cert_content),
        (Field::PrivateKey, &mut out.private_key),
        (Field::TrustedRootCa, &mut out.trusted_root_ca),
    ] {
        if let Some(clean) = unhidden_text(text) {
            *text = clean;
            fields.push(field);
        }
    }
    (if fields.is_empty() { None } else { Some(out) }, fields)
}

/// The text with invisible characters and indentation removed from the start of its PEM lines,
/// when a `-----BEGIN` line starts with them; `None` when none does.
fn unhidden_text(text: &str) -> Option<String> {
    const HIDING: [char; 6] = ['\u{feff}', '\u{200b}', '\u{2060}', '\u{a0}', ' ', '\t'];
    let hidden = text.lines().any(|l| {
        let trimmed = l.trim_start_matches(HIDING);
        trimmed.len() < l.len() && trimmed.starts_with("-----BEGIN")
    });
    if !hidden {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        out.push_str(line.trim_start_matches(HIDING));
    }
    Some(out)
}

/// The form with every PEM field re-encoded; fields without blocks are left as they are (the
/// pre-flight then rejects them as the gateway would).
fn normalize(form: &CertificateForm) -> CertificateForm {
    CertificateForm {
        cert_content: certificates_only(&form.cert_content),
        private_key: key_only(&form.private_key),
        trusted_root_ca: certificates_only(&form.trusted_root_ca),
        ..form.clone()
    }
}

fn certificates_only(text: &str) -> String {
    let decoded = pem::decode_all(text, Secrecy::Public);
    let blocks: Vec<&Block<'_>> = decoded
        .blocks
        .iter()
        .filter(|b| b.label == "CERTIFICATE")
        .collect();
    if blocks.is_empty() {
        return text.to_owned();
    }
    let mut out = String::new();
    for b in blocks {
        encode_block(&mut out, b.label, &[], &b.bytes, Secrecy::Public);
    }
    out
}

fn key_only(text: &str) -> String {
    let decoded = pem::decode_all(text, Secrecy::Secret);
    // The block Go's tls.X509KeyPair takes: the first whose type is or ends in "PRIVATE KEY".
    let Some(b) = decoded
        .blocks
        .iter()
        .find(|b| b.label == "PRIVATE KEY" || b.label.ends_with(" PRIVATE KEY"))
    else {
        return text.to_owned();
    };
    let mut out = String::new();
    encode_block(&mut out, b.label, &b.headers, &b.bytes, Secrecy::Secret);
    out
}

/// Writes one PEM block: 64-character base64 lines, LF endings.
fn encode_block(
    out: &mut String,
    label: &str,
    headers: &[(&str, &str)],
    bytes: &[u8],
    secrecy: Secrecy,
) {
    let b64: Zeroizing<String> = Zeroizing::new(match secrecy {
        Secrecy::Public => base64::engine::general_purpose::STANDARD.encode(bytes),
        Secrecy::Secret => {
            use base64ct::Encoding as _;
            base64ct::Base64::encode_string(bytes)
        }
    });
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    for (k, v) in headers {
        out.push_str(k);
        out.push_str(": ");
        out.push_str(v);
        out.push('\n');
    }
    if !headers.is_empty() {
        out.push('\n');
    }
    for chunk in b64.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(chunk).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
}

/// The certificates of a normalised `cert_content`, in the given 1-based order.
fn reorder_certificates(text: &str, order: &[usize]) -> String {
    let decoded = pem::decode_all(text, Secrecy::Public);
    let mut out = String::new();
    for &i in order {
        if let Some(b) = decoded.blocks.get(i.wrapping_sub(1)) {
            encode_block(&mut out, b.label, &[], &b.bytes, Secrecy::Public);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_line_endings_and_surrounding_text() {
        let text = "Bag Attributes\r\n-----BEGIN CERTIFICATE-----\r\nMIIB AgME\r\nBQ==\r\n-----END CERTIFICATE-----\r\n\r\n-----BEGIN RSA PRIVATE KEY-----\r\nAAAA\r\n-----END RSA PRIVATE KEY-----\r\n";
        assert_eq!(
            certificates_only(text),
            "-----BEGIN CERTIFICATE-----\nMIIBAgMEBQ==\n-----END CERTIFICATE-----\n"
        );
        assert_eq!(
            key_only(text),
            "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n"
        );
        assert_eq!(certificates_only("not pem"), "not pem");
    }

    #[test]
    fn reorders_by_position() {
        let a = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        let b = "-----BEGIN CERTIFICATE-----\nBBBB\n-----END CERTIFICATE-----\n";
        assert_eq!(
            reorder_certificates(&format!("{a}{b}"), &[2, 1]),
            format!("{b}{a}")
        );
    }
}
