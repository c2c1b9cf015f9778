//! Go's parse errors, kept as Go's own text.

use std::borrow::Cow;

/// Why Go's `x509.ParseCertificate` refuses a certificate: Go's own message.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CertificateError {
    /// Go's error text, such as `x509: SAN dNSName is malformed`.
    pub go_message: Cow<'static, str>,
}

impl CertificateError {
    pub(crate) fn new(message: impl Into<Cow<'static, str>>) -> Self {
        CertificateError {
            go_message: message.into(),
        }
    }
}

impl std::fmt::Display for CertificateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.go_message)
    }
}

impl std::error::Error for CertificateError {}

impl From<&'static str> for CertificateError {
    fn from(message: &'static str) -> Self {
        CertificateError::new(message)
    }
}
