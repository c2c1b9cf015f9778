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
mod certificate_details;
mod chain;
mod client_rules;
mod der;
mod detail;
mod domain;
mod form;
mod go_json;
mod hex;
mod hostname;
mod key;
mod name_string;
mod pem;
mod pipeline;
mod redact;
mod report;
mod request;
mod signed_data;
mod spki;
mod time;
mod verdict;

pub use algorithm::SignatureAlgorithm;
pub use bundle::MAX_SERIAL_BYTES;
pub use certificate::{
    BasicConstraints, Certificate, CertificateError, CertificateFields, ExtKeyUsage, KeyUsage, Name,
};
pub use certificate_details::CertificateDetails;
pub use chain::{check as check_chain, ChainReport, TrustedRootCaPolicy};
pub use detail::CertificateDetail;
pub use domain::MAX_DOMAINS;
pub use form::{
    suggest_name, CertificateForm, MAX_BODY_BYTES, MAX_CERT_CONTENT_CHARS, MAX_CHAIN_CERTIFICATES,
    MAX_INSTANCE_ID_CHARS, MAX_PRIVATE_KEY_CHARS, MAX_TRUSTED_CERTIFICATES,
};
pub use go_json::go_json;
pub use hostname::check_domain;
pub use key::PrivateKey;
pub use pipeline::{
    field_text, inspect, inspect_each, inspect_each_anchored, preflight, Accepted,
    InspectedCertificate, Options,
};
pub use redact::looks_like_key_material;
pub use report::{Report, ResponseBody, Verdict, REPORT_SCHEMA};
pub use request::{normalized_request, ChainOrder, NormalizedRequest, Secret, UploadBody};
pub use spki::{Curve, PublicKey, SubjectPublicKeyInfo};
pub use time::{UnixTime, GATEWAY_MAX_NOT_AFTER};
pub use verdict::{
    Diagnostic, DiagnosticId, ErrorBody, Field, GatewayCode, Rejection, Severity, Warning,
};
