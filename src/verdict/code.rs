//! The gateway's error codes, their precedence, HTTP status and exact messages.

use super::field::Field;
use serde::Serialize;
use std::fmt;

/// One error code of the gateway, in the order of precedence the gateway applies.
///
/// When several rules fail, the verdict is the failing rule that comes first in
/// [`GatewayCode::precedence`]; the [`Rejection`](crate::Rejection) still lists every problem.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum GatewayCode {
    /// APIG.2000: the body is not valid JSON for the request.
    SerializationError,
    /// APIG.2001: a required parameter is missing.
    ParameterMissing,
    /// APIG.2006: a parameter is longer than the gateway takes.
    ParameterTooLong,
    /// APIG.2011: a parameter value breaks a rule (such as `name`'s pattern).
    InvalidParameterValue,
    /// APIG.2012: a parameter value matches a forbidden rule (such as an unknown `type`).
    ForbiddenParameterValue,
    /// APIG.2106: a certificate or the private key cannot be read or is not supported.
    InvalidCertificateOrKey,
    /// APIG.2105: the private key is encrypted.
    EncryptedPrivateKey,
    /// APIG.2101: the private key does not belong to the first certificate.
    KeyMismatch,
    /// APIG.2104: the chain is not in order, incomplete, or does not verify.
    ChainNotMatched,
    /// APIG.2102: a certificate of the chain has expired.
    CertificateExpired,
    /// APIG.3148: the leaf expires at or after 2038-01-19T03:14:07Z.
    ExpiresAfter2038,
    /// APIG.2109: the leaf has no subjectAltName.
    SanMissing,
    /// APIG.2103: the certificate does not cover a domain name to bind.
    DomainMismatch,
}

impl GatewayCode {
    /// The gateway's `error_code`, such as `APIG.2101`.
    pub fn error_code(self) -> &'static str {
        use GatewayCode::*;
        match self {
            SerializationError => "APIG.2000",
            ParameterMissing => "APIG.2001",
            ParameterTooLong => "APIG.2006",
            InvalidParameterValue => "APIG.2011",
            ForbiddenParameterValue => "APIG.2012",
            InvalidCertificateOrKey => "APIG.2106",
            EncryptedPrivateKey => "APIG.2105",
            KeyMismatch => "APIG.2101",
            ChainNotMatched => "APIG.2104",
            CertificateExpired => "APIG.2102",
            ExpiresAfter2038 => "APIG.3148",
            SanMissing => "APIG.2109",
            DomainMismatch => "APIG.2103",
        }
    }

    /// The HTTP status the gateway answers with (400 for every code of certificate creation).
    pub fn http_status(self) -> u16 {
        400
    }

    /// Rank in the gateway's order: request rules, reading (2106 and 2105 in the order found),
    /// key match, chain, expiry, the 2038 limit, SAN, domain.
    pub fn precedence(self) -> u8 {
        use GatewayCode::*;
        match self {
            SerializationError => 0,
            ParameterMissing
            | ParameterTooLong
            | InvalidParameterValue
            | ForbiddenParameterValue => 1,
            InvalidCertificateOrKey | EncryptedPrivateKey => 2,
            KeyMismatch => 3,
            ChainNotMatched => 4,
            CertificateExpired => 5,
            ExpiresAfter2038 => 6,
            SanMissing => 7,
            DomainMismatch => 8,
        }
    }

    /// The gateway's exact `error_msg` for this code; `parameter` names the field for the
    /// parameter codes, `reason` is the JSON decoder's reason for APIG.2000.
    pub fn error_msg(self, parameter: Option<Field>, reason: &str) -> String {
        use GatewayCode::*;
        let name = parameter.map_or("", Field::as_str);
        match self {
            SerializationError => format!("Parameter error: Serialization error: {reason}"),
            ParameterMissing => format!(
                "The request parameters must be specified,parameterName:{name}. Please refer to the support documentation"
            ),
            ParameterTooLong => "The parameter is too long.".to_owned(),
            InvalidParameterValue | ForbiddenParameterValue => format!(
                "Invalid parameter value,parameterName:{name}. Please refer to the support documentation"
            ),
            InvalidCertificateOrKey => "Invalid certificate or private key.".to_owned(),
            EncryptedPrivateKey => "Encrypted private keys are not supported.".to_owned(),
            KeyMismatch => "The certificate and private key do not match.".to_owned(),
            ChainNotMatched => "The certificate chain is not matched.".to_owned(),
            CertificateExpired => "The certificate has expired.".to_owned(),
            ExpiresAfter2038 => {
                "Invalid certificate. Add one that expires before January 19, 2038 03:14:07 UTC."
                    .to_owned()
            }
            SanMissing => "Invalid certificate. SAN missing.".to_owned(),
            DomainMismatch => {
                "The certificate domain name and the custom domain name do not match.".to_owned()
            }
        }
    }
}

impl fmt::Display for GatewayCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.error_code())
    }
}

impl Serialize for GatewayCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.error_code())
    }
}
