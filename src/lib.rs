//! cert-preflight: the API gateway's certificate verdict, locally, before upload.
//!
//! The Open Telekom Cloud / Huawei Cloud API Gateway creates an SSL certificate from a request
//! body ([`CertificateForm`]) and answers with a [`CertificateDetail`] or an error such as
//! `APIG.2101 The certificate and private key do not match.`. [`preflight`] gives that same
//! answer without uploading anything, with the same codes, messages and field renderings (the
//! gateway is a Go service; every field is rendered as Go's `crypto/x509` renders it), plus
//! [`Diagnostic`]s that say which field and PEM block is wrong and what to do, and
//! [`Warning`]s about what the gateway lets through but clients refuse.
//!
//! ```
//! use cert_preflight::{preflight, CertificateForm, Options, UnixTime};
//!
//! let form = CertificateForm {
//!     name: "shop_example".into(),
//!     cert_content: include_str!("../examples/bundle.pem").into(),
//!     private_key: include_str!("../examples/key.pem").into(),
//!     ..Default::default()
//! };
//! let now = UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap();
//! match preflight(&form, &Options::new(now)) {
//!     Ok(accepted) => {
//!         assert_eq!(accepted.detail.certificate.common_name, "shop.example.com");
//!         println!("{}", serde_json::to_string_pretty(&accepted.detail).unwrap());
//!     }
//!     Err(rejection) => {
//!         // The gateway's body, then what to fix.
//!         eprintln!("{}", serde_json::to_string(&rejection.body()).unwrap());
//!         for d in rejection.diagnostics() {
//!             eprintln!("{d}");
//!         }
//!     }
//! }
//! ```
//!
//! The library does no I/O: the caller reads files and supplies the clock.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod algorithm;
mod bundle;
mod certificate;
pub mod chain;
mod der;
mod detail;
mod form;
mod pem;
mod rejection;
mod signed_data;
mod spki;
mod time;
mod warnings;

pub use algorithm::SignatureAlgorithm;
pub use certificate::{
    BasicConstraints, Certificate, CertificateError, CertificateFields, ExtKeyUsage, KeyUsage, Name,
};
pub use detail::CertificateDetail;
pub use form::{
    CertificateForm, MAX_CERT_CONTENT_CHARS, MAX_CHAIN_CERTIFICATES, MAX_INSTANCE_ID_CHARS,
    MAX_PRIVATE_KEY_CHARS, MAX_TRUSTED_CERTIFICATES,
};
pub use rejection::{Diagnostic, ErrorBody, Field, GatewayCode, Rejection};
pub use spki::{Curve, PublicKey, SubjectPublicKeyInfo};
pub use time::{UnixTime, GATEWAY_MAX_NOT_AFTER};
pub use warnings::Warning;

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
}

impl Options {
    /// Options with this clock, an empty `project_id` and a derived ID.
    pub fn new(now: UnixTime) -> Self {
        Options {
            now,
            project_id: String::new(),
            id: None,
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
}

/// The gateway's acceptance: the response body, and what clients may still refuse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accepted {
    /// The response body, exactly as the gateway renders it.
    pub detail: CertificateDetail,
    /// Warnings; they never change the verdict.
    pub warnings: Vec<Warning>,
}

/// Runs every rule the gateway applies to a `CreateCertificateV2` request, in its order.
///
/// Returns the response the gateway would give, or its rejection with every problem found.
pub fn preflight(form: &CertificateForm, options: &Options) -> Result<Accepted, Rejection> {
    let mut diagnostics = form.check_request_rules();
    let mut warnings = Vec::new();
    let readable = |field: Field| !diagnostics.iter().any(|d| d.field == Some(field));

    // Fields that broke a request rule (missing, too long) are not read: bounded work.
    let cert_text = if readable(Field::CertContent) {
        form.cert_content.as_str()
    } else {
        ""
    };
    let decoded = bundle::decode(cert_text);
    let mut chain = bundle::Bundle::empty();
    if !cert_text.is_empty() {
        chain = bundle::read(
            cert_text,
            &decoded,
            Field::CertContent,
            &mut diagnostics,
            &mut warnings,
        );
        if chain.certs.len() > MAX_CHAIN_CERTIFICATES {
            diagnostics.push(
                Diagnostic::new(
                    GatewayCode::ParameterTooLong,
                    "request.chain-too-long",
                    format!(
                        "`cert_content` holds {} certificates; the gateway takes at most {MAX_CHAIN_CERTIFICATES}.",
                        chain.certs.len()
                    ),
                )
                .in_field(Field::CertContent)
                .with_fix("Keep the server certificate and the intermediates; leave out the root and anything unrelated."),
            );
        }
    }

    if let Some(rejection) = Rejection::from_diagnostics(diagnostics) {
        return Err(rejection.with_warnings(warnings));
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
    Ok(Accepted { detail, warnings })
}

/// Reads a file's bytes as a field's text. PEM is text; binary input (DER, PKCS#12, UTF-16)
/// gives APIG.2106 with a diagnostic saying what it is and how to convert it.
pub fn field_text(field: Field, bytes: &[u8]) -> Result<&str, Rejection> {
    match std::str::from_utf8(bytes) {
        Ok(text) if !text.contains('\0') => Ok(text),
        _ => Err(
            Rejection::from_diagnostics(vec![bundle::diagnose_binary(bytes, field)])
                .expect("one diagnostic"),
        ),
    }
}

/// The certificate fields of every certificate in a PEM or DER input (for `inspect`).
///
/// PEM (any input containing `-----BEGIN`) is read as the gateway reads `cert_content`: every
/// `CERTIFICATE` block; anything else is read as one DER certificate.
pub fn inspect(input: &[u8]) -> Result<Vec<CertificateFields>, Rejection> {
    let reject = |d| Rejection::from_diagnostics(vec![d]).expect("one diagnostic");
    let is_pem = input.windows(10).any(|w| w == b"-----BEGIN");
    if !is_pem {
        return match Certificate::parse(input) {
            Ok(cert) => Ok(vec![cert.fields()]),
            Err(e) if std::str::from_utf8(input).is_err() || input.first() == Some(&0x30) => Err(reject(
                Diagnostic::new(
                    GatewayCode::InvalidCertificateOrKey,
                    "certificate.unparsable",
                    format!("The DER certificate does not parse: {}.", e.go_message),
                )
                .with_fix("Check that this is an X.509 certificate (PEM or DER)."),
            )),
            Err(_) => Err(reject(
                bundle::diagnose_paste(&String::from_utf8_lossy(input), Field::CertContent)
                    .unwrap_or_else(|| {
                        Diagnostic::new(
                            GatewayCode::InvalidCertificateOrKey,
                            "pem.not-pem",
                            "The input is neither PEM (no `-----BEGIN` line) nor a DER certificate.",
                        )
                        .with_fix("Give a certificate file in PEM or DER form.")
                    }),
            )),
        };
    }
    let text = field_text(Field::CertContent, input)?;
    let decoded = bundle::decode(text);
    let (mut diagnostics, mut warnings) = (Vec::new(), Vec::new());
    let found = bundle::read(
        text,
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
