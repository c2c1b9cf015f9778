//! cert-preflight: the API gateway's certificate verdict, locally, before upload.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod algorithm;
mod certificate;
pub mod chain;
mod der;
mod rejection;
mod signed_data;
mod spki;
mod time;
mod warnings;

pub use algorithm::SignatureAlgorithm;
pub use certificate::{
    BasicConstraints, Certificate, CertificateError, CertificateFields, ExtKeyUsage, KeyUsage, Name,
};
pub use rejection::{Diagnostic, ErrorBody, Field, GatewayCode, Rejection};
pub use spki::{Curve, PublicKey, SubjectPublicKeyInfo};
pub use time::{UnixTime, GATEWAY_MAX_NOT_AFTER};
pub use warnings::Warning;
