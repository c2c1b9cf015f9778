//! The pipeline: the ordered stages of one pre-flight, from the request body's text to the
//! gateway's answer. Request rules, then the PEM blocks of each field, then the parsed
//! certificates and key, the key match, the chain, the time and SAN rules, the domains, the
//! client rules; the verdict is the first problem in the gateway's order.
//!
//! `inspect`, the upload body and every front call into it; nothing decodes the PEM twice.

use crate::bundle;
use crate::certificate::{Certificate, CertificateFields};
use crate::certificate_details::{self_signature, CertificateDetails};
use crate::chain::{self, TrustedRootCaPolicy};
use crate::client_rules;
use crate::detail::{self, CertificateDetail};
use crate::domain;
use crate::form::{CertificateForm, MAX_CHAIN_CERTIFICATES, MAX_TRUSTED_CERTIFICATES};
use crate::key::PrivateKey;
use crate::signed_data;
use crate::time::UnixTime;
use crate::verdict::{Diagnostic, DiagnosticId, Field, GatewayCode, Rejection, Warning};
use std::borrow::Cow;

/// What a pre-flight needs besides the request body.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Options {
    /// The clock: "now" for the time rules, and the response's `create_time`.
    pub now: UnixTime,
    /// The `project_id` of the request path, echoed in the response.
    pub project_id: String,
    /// The certificate ID to answer with; `None` derives one from the request (reproducible).
    pub id: Option<String>,
    /// Domain names the certificate will be bound to; each must be covered (APIG.2103).
    pub domains: Vec<String>,
    /// Warn when a certificate of the chain expires within this many days (default 30).
    pub warn_days: u32,
    /// What `trusted_root_ca` is for: the server chain's anchor (default) or client CAs only.
    pub trusted_root_ca_policy: TrustedRootCaPolicy,
}

impl Options {
    /// Options with this clock, an empty `project_id`, a derived ID, no domains, and a 30-day
    /// expiry warning.
    ///
    /// ```
    /// use cert_preflight::{Options, UnixTime};
    ///
    /// let now = UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap();
    /// let options = Options::new(now).project_id("p1").domain("shop.example.com").warn_days(14);
    /// assert_eq!(options.domains, ["shop.example.com"]);
    /// ```
    pub fn new(now: UnixTime) -> Self {
        Options {
            now,
            project_id: String::new(),
            id: None,
            domains: Vec::new(),
            warn_days: 30,
            trusted_root_ca_policy: TrustedRootCaPolicy::default(),
        }
    }

    /// Sets the `project_id`.
    pub fn project_id(mut self, project_id: impl Into<String>) -> Self {
        self.project_id = project_id.into();
        self
    }

    /// Sets the certificate ID (32 lowercase hex characters, as the gateway makes them).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Adds a domain name the certificate must cover.
    pub fn domain(mut self, domain: impl Into<String>) -> Self {
        self.domains.push(domain.into());
        self
    }

    /// Sets what `trusted_root_ca` is for.
    pub fn trusted_root_ca_policy(mut self, policy: TrustedRootCaPolicy) -> Self {
        self.trusted_root_ca_policy = policy;
        self
    }

    /// Sets how many days ahead an expiry is warned about.
    pub fn warn_days(mut self, days: u32) -> Self {
        self.warn_days = days;
        self
    }
}

/// The gateway's acceptance: the response body, and what clients may still refuse.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Accepted {
    /// The response body, exactly as the gateway renders it.
    pub detail: CertificateDetail,
    /// Warnings; they never change the verdict.
    pub warnings: Vec<Warning>,
}

/// Runs every rule the gateway applies to a `CreateCertificateV2` request, in its order.
///
/// Returns the response the gateway would give, or its rejection with every problem found.
///
/// ```
/// use cert_preflight::{preflight, CertificateForm, Options, UnixTime};
///
/// let form = CertificateForm {
///     name: "shop_example".into(),
///     cert_content: include_str!("../examples/bundle.pem").into(),
///     private_key: include_str!("../examples/bundle.pem").into(), // the certificate, not the key
///     ..Default::default()
/// };
/// let now = UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap();
/// let rejection = preflight(&form, &Options::new(now)).unwrap_err();
/// assert_eq!(rejection.error_code(), "APIG.2106");
/// assert_eq!(rejection.diagnostics()[0].id, "key.fields-switched");
/// ```
pub fn preflight(form: &CertificateForm, options: &Options) -> Result<Accepted, Rejection> {
    run(form, options).outcome
}

/// One run of the pipeline: the verdict, and how to put the chain in order when it was only
/// out of order.
pub(crate) struct Run {
    pub outcome: Result<Accepted, Rejection>,
    pub reorder: Option<Reorder>,
}

/// The chain's correct order, leaf first.
pub(crate) struct Reorder {
    /// PEM block numbers of `cert_content`, 1-based.
    pub blocks: Vec<usize>,
    /// Positions among `cert_content`'s certificates, 1-based.
    pub certificates: Vec<usize>,
}

/// The pipeline.
pub(crate) fn run(form: &CertificateForm, options: &Options) -> Run {
    let mut chain_order = None;
    let mut diagnostics = form.check_request_rules();
    let mut warnings = Vec::new();
    // Fields that broke a request rule (missing, too long) are not read: bounded work.
    let readable = |field: Field, text: &'_ str, diagnostics: &[Diagnostic]| {
        !text.is_empty() && !diagnostics.iter().any(|d| d.field == Some(field))
    };

    let cert_ok = readable(Field::CertContent, &form.cert_content, &diagnostics);
    let cert_decoded = bundle::decode(if cert_ok { &form.cert_content } else { "" });
    let chain = if cert_ok {
        let b = bundle::read(
            &form.cert_content,
            &cert_decoded,
            Field::CertContent,
            &mut diagnostics,
            &mut warnings,
        );
        diagnostics.extend(count_limit(&b, Field::CertContent, MAX_CHAIN_CERTIFICATES));
        b
    } else {
        bundle::Bundle::empty()
    };

    let trusted_ok = readable(Field::TrustedRootCa, &form.trusted_root_ca, &diagnostics);
    let trusted_decoded = bundle::decode(if trusted_ok {
        &form.trusted_root_ca
    } else {
        ""
    });
    let trusted = if trusted_ok {
        let b = bundle::read(
            &form.trusted_root_ca,
            &trusted_decoded,
            Field::TrustedRootCa,
            &mut diagnostics,
            &mut warnings,
        );
        diagnostics.extend(count_limit(
            &b,
            Field::TrustedRootCa,
            MAX_TRUSTED_CERTIFICATES,
        ));
        b
    } else {
        bundle::Bundle::empty()
    };
    let key_ok = readable(Field::PrivateKey, &form.private_key, &diagnostics);
    for (field, text) in [
        (Field::CertContent, &form.cert_content),
        (Field::PrivateKey, &form.private_key),
        (Field::TrustedRootCa, &form.trusted_root_ca),
    ] {
        warnings.extend(stray_bytes(field, text));
        warnings.extend(bundle::hidden_block(field, text));
    }
    let key = if key_ok {
        PrivateKey::from_field(&form.private_key)
            .map_err(|found| diagnostics.extend(found))
            .ok()
    } else {
        None
    };
    if let Some(key) = &key {
        let leaf = chain.certs.first().filter(|_| chain.leaf_parsed);
        warnings.extend(key.findings(leaf.map(|c| &c.spki().key)));
    }

    // The chain rules need every certificate: a gap would make neighbours look unrelated.
    let chain_checked = chain.complete && (trusted.complete || form.trusted_root_ca.is_empty());
    if chain_checked {
        let report = chain::check_numbered(
            &chain.certs,
            &chain.blocks,
            &trusted.certs,
            &trusted.blocks,
            options.now,
            options.trusted_root_ca_policy,
        );
        diagnostics.extend(report.diagnostics);
        warnings.extend(report.warnings);
        chain_order = report.order;
    }
    // After the chain: whose key it is, and whether reordering would help, depend on it.
    if let (Some(key), true) = (&key, chain.leaf_parsed) {
        let reorder_fixes = chain_order.is_some() || !chain_checked;
        diagnostics.extend(key.check_against_chain(&chain.certs, reorder_fixes));
    }

    if !form.trusted_root_ca.is_empty() && form.effective_type() == "global" {
        warnings.push(
            Warning::new(
                DiagnosticId::RequestTrustedRootCaGlobal,
                "Huawei's documentation says trusted_root_ca is only accepted for type `instance`; this gateway may refuse it for a global certificate.",
            )
            .in_field(Field::TrustedRootCa),
        );
    }

    if chain.leaf_parsed {
        // Leaf-first, in the order the chain report found when the blocks were out of order,
        // so that the domain rule and the warnings concern the real server certificate.
        let positions: Vec<usize> = match &chain_order {
            Some(order) => order
                .iter()
                .filter_map(|block| chain.blocks.iter().position(|b| b == block))
                .collect(),
            None => (0..chain.certs.len()).collect(),
        };
        let ordered: Vec<&Certificate<'_>> = positions.iter().map(|&i| &chain.certs[i]).collect();
        if let Some(leaf) = ordered.first() {
            let (uncovered, skipped) = domain::check(leaf, &options.domains);
            diagnostics.extend(uncovered);
            warnings.extend(skipped);
        }
        let client = client_rules::ClientCheck {
            chain: ordered,
            blocks: positions.iter().map(|&i| chain.blocks[i]).collect(),
            anchored: !trusted.certs.is_empty(),
            now: options.now,
            warn_days: options.warn_days,
        };
        warnings.extend(client.warnings());
    }

    let reorder = chain_order.map(|blocks| Reorder {
        certificates: blocks
            .iter()
            .filter_map(|b| chain.blocks.iter().position(|x| x == b).map(|p| p + 1))
            .collect(),
        blocks,
    });
    if let Some(rejection) = Rejection::from_diagnostics(diagnostics) {
        return Run {
            outcome: Err(rejection.with_warnings(warnings)),
            reorder,
        };
    }
    let leaf = chain
        .certs
        .first()
        .expect("a cert_content without a certificate is always diagnosed");
    let id = options
        .id
        .clone()
        .unwrap_or_else(|| detail::derived_id(form, leaf.der(), options.now));
    let detail = CertificateDetail::new(form, leaf, id, &options.project_id, options.now);
    Run {
        outcome: Ok(Accepted { detail, warnings }),
        reorder,
    }
}

/// APIG.2006 when a field holds more certificates than taken.
fn count_limit(bundle: &bundle::Bundle<'_>, field: Field, max: usize) -> Option<Diagnostic> {
    (bundle.certs.len() > max).then(|| {
        Diagnostic::new(
            GatewayCode::ParameterTooLong,
            DiagnosticId::RequestTooManyCertificates,
            format!(
                "`{field}` holds {} certificates; at most {max} are taken.",
                bundle.certs.len()
            ),
        )
        .in_field(field)
        .with_fix("Keep the server certificate and its intermediates; leave out the root and anything unrelated.")
    })
}

/// Reads a file's bytes as a field's text, as the gateway will see them.
///
/// PEM is text. A file whose text around its PEM blocks holds bytes that are not UTF-8, or NUL
/// bytes (a Latin-1 comment, an `openssl x509 -text` dump of an odd name, junk between blocks)
/// is read as a client sending it as a JSON string gives it to the gateway (each invalid byte
/// U+FFFD, as Go's `encoding/json` does); Go's PEM decoder skips that text, so the gateway
/// accepts, and the pre-flight warns (`input.stray-bytes`). A file with no PEM block at all
/// (DER, PKCS#12, UTF-16) gives APIG.2106 with a diagnostic saying what it is and how to
/// convert it.
///
/// ```
/// use cert_preflight::{field_text, Field};
///
/// let pem = b"caf\xe9\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
/// assert!(field_text(Field::CertContent, pem).unwrap().starts_with("caf\u{fffd}\n"));
/// let der = [0x30, 0x82, 0x01, 0x0a, 0x02, 0x82];
/// assert_eq!(field_text(Field::CertContent, &der).unwrap_err().error_code(), "APIG.2106");
/// ```
pub fn field_text(field: Field, bytes: &[u8]) -> Result<Cow<'_, str>, Rejection> {
    match std::str::from_utf8(bytes) {
        // A fold rather than `contains`: no early exit, so it compiles to vector compares.
        Ok(text) if !text.bytes().fold(false, |nul, b| nul | (b == 0)) => Ok(Cow::Borrowed(text)),
        _ if has_pem_block(bytes) => Ok(Cow::Owned(crate::form::go_lossy(bytes))),
        _ => Err(Rejection::from_diagnostic(bundle::diagnose_binary(
            bytes, field,
        ))),
    }
}

/// Whether the bytes hold a `-----BEGIN ` line with an `-----END ` after it (UTF-16 text does
/// not: its NULs fall between the letters).
fn has_pem_block(bytes: &[u8]) -> bool {
    let find = |hay: &[u8], needle: &[u8]| hay.windows(needle.len()).position(|w| w == needle);
    find(bytes, b"-----BEGIN ").is_some_and(|at| find(&bytes[at..], b"-----END ").is_some())
}

/// `input.stray-bytes`: a field whose text holds U+FFFD or NUL (bytes that were not text, read as
/// the gateway reads them); said once, with the first one's line.
fn stray_bytes(field: Field, text: &str) -> Option<Warning> {
    let at = text.find(['\u{fffd}', '\0'])?;
    let count = text
        .chars()
        .filter(|&c| c == '\u{fffd}' || c == '\0')
        .count();
    let line = text[..at].matches('\n').count() + 1;
    Some(
        Warning::new(
            DiagnosticId::InputStrayBytes,
            format!(
                "`{field}` holds {count} bytes that are not text (not UTF-8, or NUL), the first on line {line}. Around the PEM blocks the gateway skips them, as Go's PEM decoder does, and reads the same blocks; inside a block they break it."
            ),
        )
        .in_field(field),
    )
}

/// The certificate fields of every certificate in a PEM or DER input (for `inspect`).
///
/// PEM (any input containing `-----BEGIN`) is read as the gateway reads `cert_content`: every
/// `CERTIFICATE` block; anything else is read as one DER certificate.
///
/// ```
/// let certs = cert_preflight::inspect(include_bytes!("../examples/bundle.pem")).unwrap();
/// assert_eq!(certs.len(), 2);
/// assert_eq!(certs[0].san, ["shop.example.com", "www.shop.example.com"]);
/// assert_eq!(certs[1].common_name, "Example Issuing CA 1");
/// ```
pub fn inspect(input: &[u8]) -> Result<Vec<CertificateFields>, Rejection> {
    let reject = Rejection::from_diagnostic;
    let is_pem = input.windows(10).any(|w| w == b"-----BEGIN");
    if !is_pem {
        return match Certificate::parse(input) {
            Ok(cert) if cert.serial().len() > bundle::MAX_SERIAL_BYTES => Err(reject(
                bundle::serial_too_long(Field::CertContent, 1, 1, cert.serial().len()),
            )),
            Ok(cert) => Ok(vec![cert.fields()]),
            Err(e) if std::str::from_utf8(input).is_err() || input.first() == Some(&0x30) => Err(reject(
                Diagnostic::new(
                    GatewayCode::InvalidCertificateOrKey,
                    DiagnosticId::CertificateUnparsable,
                    format!("The DER certificate does not parse: {}.", e.go_message),
                )
                .with_fix("Check that this is an X.509 certificate (PEM or DER)."),
            )),
            Err(_) => Err(reject(
                bundle::diagnose_paste(&String::from_utf8_lossy(input), Field::CertContent)
                    .unwrap_or_else(|| {
                        Diagnostic::new(
                            GatewayCode::InvalidCertificateOrKey,
                            DiagnosticId::PemNotPem,
                            "The input is neither PEM (no `-----BEGIN` line) nor a DER certificate.",
                        )
                        .with_fix("Give a certificate file in PEM or DER form.")
                    }),
            )),
        };
    }
    let text = field_text(Field::CertContent, input)?;
    let decoded = bundle::decode(&text);
    let (mut diagnostics, mut warnings) = (Vec::new(), Vec::new());
    let found = bundle::read(
        &text,
        &decoded,
        Field::CertContent,
        &mut diagnostics,
        &mut warnings,
    );
    match Rejection::from_diagnostics(diagnostics) {
        Some(r) => Err(r.with_warnings(warnings)),
        None => Ok(found.certs.iter().map(Certificate::fields).collect()),
    }
}

/// One certificate block of an input, as Go's parser sees it on its own.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[non_exhaustive]
pub struct InspectedCertificate {
    /// The 1-based PEM block (1 for a DER input).
    pub block: usize,
    /// The line of its `-----BEGIN` (1 for a DER input).
    pub line: usize,
    /// Its fields, when Go's `x509.ParseCertificate` (and our serial bound) takes it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate: Option<CertificateFields>,
    /// What `inspect` shows beyond the gateway's fields (fingerprints, key, extensions), when
    /// it parses; `days_left` is unset (see [`CertificateDetails::at`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<CertificateDetails>,
    /// Go's exact error, when it does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The block of this input that issued it (its subject is this one's issuer, byte for byte,
    /// and its key verifies this one's signature), when there is one: the chain as a tree.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub issued_by: Option<usize>,
    /// The certificate of `trusted_root_ca` that issued it, when one did and none of the input
    /// did (see [`inspect_each_anchored`]): where the chain is anchored.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub anchored_by: Option<usize>,
}

/// Every certificate of a PEM or DER input, each parsed on its own as Go's parser does: a block
/// that does not parse does not hide the others (`inspect` refuses the whole input). `Err` when
/// the input holds no certificate block at all (binary that is not a certificate, no PEM).
///
/// ```
/// use cert_preflight::inspect_each;
///
/// let broken = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
/// let input = format!("{}{broken}", include_str!("../examples/root-ca.pem"));
/// let blocks = inspect_each(input.as_bytes()).unwrap();
/// assert_eq!(blocks[0].certificate.as_ref().unwrap().common_name, "Example Root CA");
/// assert_eq!(blocks[1].error.as_deref(), Some("x509: malformed tbs certificate"));
/// ```
pub fn inspect_each(input: &[u8]) -> Result<Vec<InspectedCertificate>, Rejection> {
    inspect_each_anchored(input, &[])
}

/// [`inspect_each`], with the certificates of a `trusted_root_ca` file (`trusted`, PEM): each
/// certificate issued by none of the input but by one of them says which one
/// ([`InspectedCertificate::anchored_by`], its 1-based position), as the chain check anchors it.
pub fn inspect_each_anchored(
    input: &[u8],
    trusted: &[u8],
) -> Result<Vec<InspectedCertificate>, Rejection> {
    let is_pem = input.windows(10).any(|w| w == b"-----BEGIN");
    if !is_pem {
        return inspect(input).map(|certs| {
            // A DER input is one certificate, the whole input.
            let details = Certificate::parse(input)
                .ok()
                .map(|c| CertificateDetails::new(&c));
            certs
                .into_iter()
                .map(|c| InspectedCertificate {
                    block: 1,
                    line: 1,
                    certificate: Some(c),
                    details: details.clone(),
                    error: None,
                    issued_by: None,
                    anchored_by: None,
                })
                .collect()
        });
    }
    let text = field_text(Field::CertContent, input)?;
    let decoded = bundle::decode(&text);
    // The self-signature checks of one input share the pre-flight's signature work bound.
    let mut work = 0u32;
    let mut details_of = |c: &Certificate<'_>| {
        let mut details = CertificateDetails::unchecked(c);
        let cost = signed_data::cost(&c.spki().key);
        if details.self_issued && work.saturating_add(cost) <= signed_data::WORK_BUDGET {
            work += cost;
            details.self_signed = self_signature(c);
        }
        details
    };
    let blocks: Vec<_> = decoded
        .blocks
        .iter()
        .filter(|b| b.label == "CERTIFICATE")
        .collect();
    let parsed: Vec<Result<Certificate<'_>, String>> = blocks
        .iter()
        .map(|b| match Certificate::parse(&b.bytes) {
            Ok(c) if c.serial().len() > bundle::MAX_SERIAL_BYTES => Err(format!(
                "serial number of {} octets, over cert-preflight's bound of {}",
                c.serial().len(),
                bundle::MAX_SERIAL_BYTES
            )),
            Ok(c) => Ok(c),
            Err(e) => Err(e.go_message.into_owned()),
        })
        .collect();
    let mut each: Vec<InspectedCertificate> = blocks
        .iter()
        .zip(&parsed)
        .map(|(b, p)| {
            let (certificate, details, error) = match p {
                Ok(c) => (Some(c.fields()), Some(details_of(c)), None),
                Err(e) => (None, None, Some(e.clone())),
            };
            InspectedCertificate {
                block: b.index,
                line: b.line,
                certificate,
                details,
                error,
                issued_by: None,
                anchored_by: None,
            }
        })
        .collect();
    // Who issued whom: by name, then by signature, under the same work bound.
    for (i, subject) in parsed.iter().enumerate() {
        let Ok(subject) = subject else { continue };
        for (j, issuer) in parsed.iter().enumerate() {
            let Ok(issuer) = issuer else { continue };
            if i == j || issuer.raw_subject != subject.raw_issuer {
                continue;
            }
            match signed_by(issuer, subject, &mut work) {
                None => break,
                Some(true) => {
                    each[i].issued_by = Some(blocks[j].index);
                    break;
                }
                Some(false) => {}
            }
        }
    }
    // Where the chain is anchored: the trusted certificates that issued a certificate of the
    // input that none of the input issued.
    let trusted_text = String::from_utf8_lossy(trusted);
    let trusted_decoded = bundle::decode(&trusted_text);
    let anchors: Vec<Certificate<'_>> = trusted_decoded
        .blocks
        .iter()
        .filter(|b| b.label == "CERTIFICATE")
        .filter_map(|b| Certificate::parse(&b.bytes).ok())
        .collect();
    for (i, subject) in parsed.iter().enumerate() {
        let Ok(subject) = subject else { continue };
        if each[i].issued_by.is_some() {
            continue;
        }
        for (t, anchor) in anchors.iter().enumerate() {
            if anchor.raw_subject != subject.raw_issuer {
                continue;
            }
            match signed_by(anchor, subject, &mut work) {
                None => break,
                Some(true) => {
                    each[i].anchored_by = Some(t + 1);
                    break;
                }
                Some(false) => {}
            }
        }
    }
    if each.is_empty() {
        // No certificate block: the whole input's diagnosis, as `inspect` gives it.
        return inspect(input).map(|_| Vec::new());
    }
    Ok(each)
}

/// Whether `issuer`'s key verifies `subject`'s signature (a signature Go refuses for its
/// algorithm counts when it is itself correct); `None` once `work` would pass the pre-flight's
/// signature work bound, which inspecting one input shares.
fn signed_by(issuer: &Certificate<'_>, subject: &Certificate<'_>, work: &mut u32) -> Option<bool> {
    let cost = signed_data::cost(&issuer.spki().key);
    if work.saturating_add(cost) > signed_data::WORK_BUDGET {
        return None;
    }
    *work += cost;
    let outcome = signed_data::check(
        issuer.spki(),
        subject.signature_algorithm(),
        subject.tbs(),
        subject.signature(),
    );
    Some(matches!(
        outcome,
        signed_data::Outcome::Valid
            | signed_data::Outcome::Refused {
                signature_valid: Some(true),
                ..
            }
    ))
}
