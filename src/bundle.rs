//! The certificates of a PEM field (`cert_content`, `trusted_root_ca`) as Go's
//! `tls.X509KeyPair` finds them, and diagnoses of what people paste instead of PEM.

use crate::certificate::Certificate;
use crate::pem::{self, Decoded, Skip, Skipped};
use crate::verdict::Warning;
use crate::verdict::{Diagnostic, DiagnosticId, Field, GatewayCode};

/// The certificates found in a field, each with its PEM block number.
pub(crate) struct Bundle<'a> {
    /// Parsed certificates, in order.
    pub certs: Vec<Certificate<'a>>,
    /// For each certificate, its 1-based PEM block number in the field.
    pub blocks: Vec<usize>,
    /// Every `CERTIFICATE` block parsed (else `certs` has gaps and no chain rule applies).
    pub complete: bool,
    /// The first `CERTIFICATE` block parsed, so `certs[0]` is the leaf.
    pub leaf_parsed: bool,
}

impl Bundle<'_> {
    /// No certificates.
    pub fn empty() -> Self {
        Bundle {
            certs: Vec::new(),
            blocks: Vec::new(),
            complete: false,
            leaf_parsed: false,
        }
    }
}

/// Reads every `CERTIFICATE` block of `decoded` as Go does, parses each, and reports.
///
/// Problems that make the field unusable are diagnostics (APIG.2106); blocks the gateway would
/// silently skip are warnings.
/// Longest serial number taken, in octets. Go takes any length, but rendering one in decimal is
/// quadratic (a 47,500-octet serial, the longest a field holds, costs 10 to 20 ms); RFC 5280 caps
/// serials at 20 octets and no CA comes near 4,096. Bounded work: a deliberate difference.
pub const MAX_SERIAL_BYTES: usize = 4096;

/// APIG.2106 for a certificate whose serial number is longer than [`MAX_SERIAL_BYTES`].
pub(crate) fn serial_too_long(field: Field, block: usize, line: usize, len: usize) -> Diagnostic {
    Diagnostic::new(
        GatewayCode::InvalidCertificateOrKey,
        DiagnosticId::CertificateSerialTooLong,
        format!(
            "The certificate at line {line} has a {len}-octet serial number; cert-preflight takes at most {MAX_SERIAL_BYTES} octets (RFC 5280 allows 20), to keep its work bounded. Go would read it."
        ),
    )
    .in_field(field)
    .at_block(block)
    .with_fix("Reissue the certificate with an ordinary serial number (at most 20 octets).")
}

pub(crate) fn read<'a>(
    text: &str,
    decoded: &'a Decoded<'a>,
    field: Field,
    diagnostics: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Warning>,
) -> Bundle<'a> {
    let mut bundle = Bundle::empty();
    let cert_blocks = || decoded.blocks.iter().filter(|b| b.label == "CERTIFICATE");
    let count = cert_blocks().count();
    if count == 0 {
        diagnostics.push(no_certificate(text, decoded, field));
        return bundle;
    }
    let mut folded = Folded::default();
    for skipped in &decoded.skipped {
        folded.warn(
            warnings,
            Warning::new(
                DiagnosticId::PemBlockIgnored,
                format!(
                    "The gateway ignores the block at line {} ({}): {}",
                    skipped.line,
                    shown(skipped.label),
                    skip_reason(skipped)
                ),
            )
            .in_field(field)
            .at_block(skipped.index),
        );
    }
    folded.flush_warnings(warnings, field, "blocks the gateway ignores");
    for other in decoded.blocks.iter().filter(|b| b.label != "CERTIFICATE") {
        let hint = if other.label.ends_with("PRIVATE KEY") {
            " Never paste a private key into a certificate field: remove it."
        } else if other.label.ends_with("CERTIFICATE") {
            " Relabel it `CERTIFICATE` (`openssl x509 -in FILE -out cert.pem`) if it belongs to the chain."
        } else {
            ""
        };
        folded.warn(
            warnings,
            Warning::new(
                DiagnosticId::PemBlockNotCertificate,
                format!(
                    "The gateway ignores the `{}` block at line {}: it reads only `CERTIFICATE` blocks.{hint}",
                    shown(other.label),
                    other.line
                ),
            )
            .in_field(field)
            .at_block(other.index),
        );
    }
    folded.flush_warnings(warnings, field, "blocks that are not `CERTIFICATE` blocks");
    bundle.complete = true;
    // Sized once: a growing Vec of certificates (several hundred bytes each) copies them.
    bundle.certs.reserve_exact(count);
    bundle.blocks.reserve_exact(count);
    for (i, block) in cert_blocks().enumerate() {
        match Certificate::parse(&block.bytes) {
            Ok(cert) if cert.serial().len() > MAX_SERIAL_BYTES => {
                bundle.complete = false;
                folded.diagnose(
                    diagnostics,
                    serial_too_long(field, block.index, block.line, cert.serial().len()),
                );
            }
            Ok(cert) => {
                bundle.leaf_parsed |= i == 0;
                bundle.certs.push(cert);
                bundle.blocks.push(block.index);
            }
            Err(e) => {
                bundle.complete = false;
                folded.diagnose(
                diagnostics,
                Diagnostic::new(
                    GatewayCode::InvalidCertificateOrKey,
                    DiagnosticId::CertificateUnparsable,
                    format!(
                        "The certificate at line {} does not parse: {}.",
                        block.line, e.go_message
                    ),
                )
                .in_field(field)
                .at_block(block.index)
                .with_fix(
                    "Go's crypto/x509 refuses this certificate; reissue it, or remove it if the chain does not need it.",
                ),
            )
            }
        }
    }
    if folded.more > 0 {
        diagnostics.push(
            Diagnostic::new(
                GatewayCode::InvalidCertificateOrKey,
                DiagnosticId::CertificateUnparsable,
                format!(
                    "{} more certificates do not parse (blocks {} to {}; only the first {} are \
                     listed).",
                    folded.more, folded.first_block, folded.last_block, MAX_LISTED
                ),
            )
            .in_field(field)
            .at_block(folded.first_block)
            .with_fix("Remove the blocks that are not certificates of this chain."),
        );
    }
    bundle
}

/// At most this many blocks with the same problem are listed one by one; the rest are counted in
/// one more line, so that a field of a thousand empty blocks gives a readable report and bounded
/// memory (docs/limits.md).
pub(crate) const MAX_LISTED: usize = 20;

/// Counts what goes beyond [`MAX_LISTED`] of one kind.
#[derive(Default)]
struct Folded {
    listed: usize,
    more: usize,
    first_block: usize,
    last_block: usize,
}

impl Folded {
    fn take(&mut self, block: Option<usize>) -> bool {
        if self.listed < MAX_LISTED {
            self.listed += 1;
            return true;
        }
        let block = block.unwrap_or(0);
        if self.more == 0 {
            self.first_block = block;
        }
        self.more += 1;
        self.last_block = block;
        false
    }

    fn warn(&mut self, warnings: &mut Vec<Warning>, w: Warning) {
        if self.take(w.block) {
            warnings.push(w);
        }
    }

    fn diagnose(&mut self, diagnostics: &mut Vec<Diagnostic>, d: Diagnostic) {
        if self.take(d.block) {
            diagnostics.push(d);
        }
    }

    /// Ends one kind of warning: one more line for those not listed.
    fn flush_warnings(&mut self, warnings: &mut Vec<Warning>, field: Field, what: &str) {
        if self.more > 0 {
            warnings.push(
                Warning::new(
                    DiagnosticId::PemBlocksNotListed,
                    format!(
                        "{} more {what} (blocks {} to {}; only the first {MAX_LISTED} are listed).",
                        self.more, self.first_block, self.last_block
                    ),
                )
                .in_field(field)
                .at_block(self.first_block),
            );
        }
        *self = Folded::default();
    }
}

/// A `-----BEGIN` line that Go's PEM decoder does not see because something stands before it on
/// its line: an invisible character (a UTF-8 byte-order mark from a Windows editor, a zero-width
/// or non-breaking space) or indentation (a YAML block scalar). The gateway skips that block, so
/// it reads the next one in its place: a warning of severity error that says why, once per field.
pub(crate) fn hidden_block(field: Field, text: &str) -> Option<Warning> {
    let mut line_no = 0;
    for line in text.split('\n') {
        line_no += 1;
        let Some(at) = line.find("-----BEGIN") else {
            continue;
        };
        let before = &line[..at];
        if before.is_empty() {
            continue;
        }
        let (what, remedy) = if before.contains('\u{feff}') {
            (
                "a UTF-8 byte-order mark (U+FEFF, as Windows editors save it)",
                "save the file as UTF-8 without BOM",
            )
        } else if before.contains('\u{200b}') || before.contains('\u{2060}') {
            (
                "a zero-width space",
                "delete the invisible character before `-----BEGIN`",
            )
        } else if before.contains('\u{a0}') {
            (
                "a non-breaking space (U+00A0)",
                "delete the space before `-----BEGIN`",
            )
        } else if before.chars().all(|c| c == ' ' || c == '\t') {
            (
                "indentation (as in a YAML block scalar)",
                "remove the indentation from every line of the PEM",
            )
        } else {
            continue;
        };
        return Some(
            Warning::new(
                DiagnosticId::PemHiddenBlock,
                format!(
                    "The `-----BEGIN` on line {line_no} of `{field}` is preceded by {what}: Go's PEM decoder sees `-----BEGIN` only at the start of a line, so the gateway skips that block and reads the next one in its place. Fix: {remedy}."
                ),
            )
            .in_field(field)
            .with_severity(crate::verdict::Severity::Error),
        );
    }
    None
}

/// Why there is no `CERTIFICATE` block, for a field Go finds none in.
fn no_certificate(text: &str, decoded: &Decoded<'_>, field: Field) -> Diagnostic {
    let d = |id, msg: String, fix: &str| {
        Diagnostic::new(GatewayCode::InvalidCertificateOrKey, id, msg)
            .in_field(field)
            .with_fix(fix.to_owned())
    };
    if let Some(diag) = diagnose_paste(text, field) {
        return diag;
    }
    let labels: Vec<std::borrow::Cow<'_, str>> =
        decoded.blocks.iter().map(|b| shown(b.label)).collect();
    if let [only] = &labels[..] {
        if only.ends_with("PRIVATE KEY") {
            return d(
                DiagnosticId::PemFieldsSwitched,
                format!("`{field}` holds a `{only}` block and no certificate: the fields look switched."),
                "Put the certificate (`-----BEGIN CERTIFICATE-----`) here and the key in `private_key`.",
            )
            .at_block(decoded.blocks[0].index);
        }
    }
    if let Some(b) = decoded
        .blocks
        .iter()
        .find(|b| b.label.ends_with("CERTIFICATE"))
    {
        let fix = if b.label == "TRUSTED CERTIFICATE" {
            "This is OpenSSL's trusted-certificate format; convert it with `openssl x509 -in FILE -out cert.pem`."
        } else {
            "Change the BEGIN and END lines to `-----BEGIN CERTIFICATE-----` and `-----END CERTIFICATE-----`."
        };
        return d(
            DiagnosticId::PemCertificateLabel,
            format!(
                "The block at line {} is labelled `{}`; the gateway reads only blocks labelled `CERTIFICATE`.",
                b.line,
                shown(b.label)
            ),
            fix,
        )
        .at_block(b.index);
    }
    if let Some(s) = decoded.skipped.first() {
        return d(
            DiagnosticId::PemBlockInvalid,
            format!(
                "The `{}` block at line {} is not valid PEM: {}",
                shown(s.label),
                s.line,
                skip_reason(s)
            ),
            skip_fix(&s.reason),
        )
        .at_block(s.index);
    }
    if !labels.is_empty() {
        return d(
            DiagnosticId::PemNoCertificateBlock,
            format!(
                "`{field}` holds no `CERTIFICATE` block, only: {}.",
                labels.join(", ")
            ),
            "Paste the certificate PEM, `-----BEGIN CERTIFICATE-----` to `-----END CERTIFICATE-----`.",
        );
    }
    if looks_like_bare_base64(text) {
        return d(
            DiagnosticId::PemNoArmor,
            format!("`{field}` looks like base64 without the `-----BEGIN CERTIFICATE-----` and `-----END CERTIFICATE-----` lines."),
            "Add the BEGIN and END lines around the base64, each on its own line.",
        );
    }
    d(
        DiagnosticId::PemNotPem,
        format!("`{field}` holds no PEM data (no line starts with `-----BEGIN `)."),
        "Paste the certificate PEM, `-----BEGIN CERTIFICATE-----` to `-----END CERTIFICATE-----`, each marker on its own line.",
    )
}

/// Recognises the common ways a pasted PEM gets mangled on its way into a JSON string: escaped
/// newlines and quotes around it (both in the API page's own example). `None` when neither.
pub(crate) fn diagnose_paste(text: &str, field: Field) -> Option<Diagnostic> {
    let trimmed = text.trim();
    if !trimmed.contains("-----BEGIN") {
        return None;
    }
    if text.contains('\r') && !text.contains('\n') {
        return Some(
            Diagnostic::new(
                GatewayCode::InvalidCertificateOrKey,
                DiagnosticId::PemCrLineEndings,
                format!("`{field}` has CR-only line endings (classic Mac OS): Go's PEM decoder splits lines at LF only, so it reads the whole field as one line and finds no block."),
            )
            .in_field(field)
            .with_fix("Convert the line endings to LF (or CRLF), for example `tr '\\r' '\\n' < in.pem > out.pem`."),
        );
    }
    let escaped = trimmed.contains("\\n") || trimmed.contains("\\r");
    let quoted = trimmed.len() >= 2
        && ((trimmed.starts_with('"') && trimmed.ends_with('"'))
            || (trimmed.starts_with('\'') && trimmed.ends_with('\'')));
    let (id, msg, fix) = match (escaped, quoted) {
        (true, true) => (
            DiagnosticId::PemQuotedAndEscaped,
            format!("`{field}` is wrapped in quotes and has literal `\\n` sequences instead of line breaks (as in the API page's example)."),
            "Remove the surrounding quotes and turn each `\\n` into a real line break; in JSON, write the PEM as one string whose line breaks are `\\n` escapes, without extra quotes.",
        ),
        (true, false) => (
            DiagnosticId::PemEscapedNewlines,
            format!("`{field}` has literal `\\n` sequences instead of line breaks: it was escaped twice."),
            "Turn each `\\n` into a real line break (in a JSON body, a single `\\n` escape is right; `\\\\n` is not).",
        ),
        (false, true) => (
            DiagnosticId::PemQuoted,
            format!("`{field}` is wrapped in quotes, so `-----BEGIN` does not start a line."),
            "Remove the quotes around the PEM.",
        ),
        (false, false) => {
            if !trimmed.starts_with("-----BEGIN") && !text.contains("\n-----BEGIN") {
                (
                    DiagnosticId::PemBeginNotAtLineStart,
                    format!("In `{field}`, `-----BEGIN` does not start a line."),
                    "Put each `-----BEGIN` and `-----END` marker on a line of its own.",
                )
            } else {
                return None;
            }
        }
    };
    Some(
        Diagnostic::new(GatewayCode::InvalidCertificateOrKey, id, msg)
            .in_field(field)
            .with_fix(fix),
    )
}

fn looks_like_bare_base64(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 16
        && t.bytes().all(|b| {
            b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\r' | b'\n' | b' ')
        })
}

/// A label or marker line as it may be quoted in a message. A real label is a few capitals; a
/// "label" that runs on (a BEGIN line with escaped newlines swallows the whole block) may hold
/// key material, so it is described, never quoted.
pub(crate) fn shown(label: &str) -> std::borrow::Cow<'_, str> {
    let plain = label.len() <= 40
        && label.bytes().all(|b| {
            b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'_' | b'#')
        });
    if plain {
        std::borrow::Cow::Borrowed(label)
    } else {
        std::borrow::Cow::Owned(format!("<{} characters, not shown>", label.chars().count()))
    }
}

/// What went wrong with a skipped block, in words.
pub(crate) fn skip_reason(s: &Skipped<'_>) -> String {
    match &s.reason {
        Skip::BeginLineUnterminated => "its BEGIN line does not end with `-----`.".to_owned(),
        Skip::HeadersUnterminated => "the text ends inside its headers.".to_owned(),
        Skip::NoEndLine => format!("it has no `-----END {}-----` line.", shown(s.label)),
        Skip::EndLineMismatch { end_line } => format!(
            "its END line says `{}`, not `-----END {}-----`.",
            shown(end_line),
            shown(s.label)
        ),
        Skip::TextAfterEndLine => "text follows `-----` on its END line.".to_owned(),
        Skip::InvalidBase64 { line: Some(l) } => {
            format!("line {l} holds a character that is not base64.")
        }
        Skip::InvalidBase64 { line: None } => {
            "its base64 is truncated or wrongly padded.".to_owned()
        }
    }
}

fn skip_fix(reason: &Skip<'_>) -> &'static str {
    match reason {
        Skip::NoEndLine | Skip::HeadersUnterminated => {
            "The block was cut short: copy the whole file again, through its `-----END ...-----` line."
        }
        Skip::EndLineMismatch { .. } | Skip::BeginLineUnterminated | Skip::TextAfterEndLine => {
            "Make the BEGIN and END lines match exactly: `-----BEGIN CERTIFICATE-----` ... `-----END CERTIFICATE-----`, each on its own line."
        }
        Skip::InvalidBase64 { .. } => {
            "The base64 was damaged: copy the file again unchanged (no edits inside the block)."
        }
    }
}

/// What binary (non-text) input is, for a field that must hold PEM text.
pub(crate) fn diagnose_binary(bytes: &[u8], field: Field) -> Diagnostic {
    let d = |id, msg: &str, fix: &str| {
        Diagnostic::new(GatewayCode::InvalidCertificateOrKey, id, msg.to_owned())
            .in_field(field)
            .with_fix(fix.to_owned())
    };
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return d(
            DiagnosticId::InputUtf16,
            "The file is UTF-16 text; the gateway takes ASCII PEM.",
            "Save the file as UTF-8 or ASCII (for example `iconv -f UTF-16 -t UTF-8 FILE > cert.pem`).",
        );
    }
    if Certificate::parse(bytes).is_ok() {
        return d(
            DiagnosticId::InputDerCertificate,
            "This is a DER (binary) certificate; the gateway takes PEM.",
            "Convert it: `openssl x509 -inform DER -in FILE -out cert.pem`.",
        );
    }
    // PFX: SEQUENCE { INTEGER 3, SEQUENCE (ContentInfo) ... }.
    let mut r = crate::der::Reader::new(bytes);
    if let Some(seq) = r.read(crate::der::tag::SEQUENCE) {
        let mut inner = crate::der::Reader::new(seq);
        match inner.read_i64() {
            Some(3) => {
                return d(
                    DiagnosticId::InputPkcs12,
                    "This is a PKCS#12 (.p12/.pfx) archive; the gateway takes PEM.",
                    "Extract the PEM: `openssl pkcs12 -in FILE -nokeys -out cert.pem` and `openssl pkcs12 -in FILE -nocerts -nodes -out key.pem`.",
                )
            }
            Some(0) | Some(1) => {
                return d(
                    DiagnosticId::InputDerPrivateKey,
                    "This looks like a DER (binary) private key; the gateway takes PEM.",
                    "Convert it: `openssl pkey -inform DER -in FILE -out key.pem`.",
                )
            }
            _ => {}
        }
    }
    d(
        DiagnosticId::InputBinary,
        "The input is binary data, not PEM text.",
        "Give the PEM file (text starting with `-----BEGIN`).",
    )
}

/// Decodes a field's PEM for certificates.
pub(crate) fn decode(text: &str) -> Decoded<'_> {
    pem::decode_all(text, pem::Secrecy::Public)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_mangled_pastes() {
        let id = |t: &str| diagnose_paste(t, Field::CertContent).map(|d| d.id.as_str());
        assert_eq!(
            id("'-----BEGIN CERTIFICATE-----MIIB-----END CERTIFICATE-----\\n'"),
            Some("pem.quoted-and-escaped")
        );
        assert_eq!(
            id("-----BEGIN CERTIFICATE-----\\nMIIB\\n-----END CERTIFICATE-----\\n"),
            Some("pem.escaped-newlines")
        );
        assert_eq!(
            id("\"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\""),
            Some("pem.quoted")
        );
        assert_eq!(
            id("cert: -----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"),
            Some("pem.begin-not-at-line-start")
        );
        assert_eq!(
            id("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----"),
            None
        );
    }

    #[test]
    fn explains_a_field_without_certificates() {
        let check = |t: &str| {
            let decoded = decode(t);
            let (mut d, mut w) = (Vec::new(), Vec::new());
            let b = read(t, &decoded, Field::CertContent, &mut d, &mut w);
            assert!(b.certs.is_empty());
            assert_eq!(d.len(), 1);
            assert_eq!(d[0].code, GatewayCode::InvalidCertificateOrKey);
            d[0].id
        };
        assert_eq!(
            check("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"),
            "pem.fields-switched"
        );
        assert_eq!(
            check("-----BEGIN TRUSTED CERTIFICATE-----\nAAAA\n-----END TRUSTED CERTIFICATE-----\n"),
            "pem.certificate-label"
        );
        assert_eq!(
            check("-----BEGIN X509 CERTIFICATE-----\nAAAA\n-----END X509 CERTIFICATE-----\n"),
            "pem.certificate-label"
        );
        assert_eq!(
            check("-----BEGIN CERTIFICATE-----\nAAAA\n"),
            "pem.block-invalid"
        );
        assert_eq!(check("MIIBAgMEBQ0123456789abcdef"), "pem.no-armor");
        assert_eq!(check("hello"), "pem.not-pem");
        assert_eq!(check(""), "pem.not-pem");
    }

    #[test]
    fn recognises_binary_inputs() {
        let p12 = [0x30, 0x03, 0x02, 0x01, 0x03];
        assert_eq!(diagnose_binary(&p12, Field::CertContent).id, "input.pkcs12");
        let key = [0x30, 0x03, 0x02, 0x01, 0x00];
        assert_eq!(
            diagnose_binary(&key, Field::PrivateKey).id,
            "input.der-private-key"
        );
        assert_eq!(
            diagnose_binary(&[0xff, 0xfe, 0x2d, 0x00], Field::CertContent).id,
            "input.utf16"
        );
        assert_eq!(
            diagnose_binary(&[0x00, 0x01], Field::CertContent).id,
            "input.binary"
        );
    }
}
