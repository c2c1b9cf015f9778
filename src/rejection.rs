//! The gateway's error codes, and a rejection: the gateway's answer plus every problem found.

use crate::warnings::Warning;
use serde::Serialize;
use std::fmt;

/// One error code of the gateway, in the order of precedence the gateway applies.
///
/// When several rules fail, the verdict is the failing rule that comes first in
/// [`GatewayCode::precedence`]; the [`Rejection`] still lists every problem.
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

/// A field of the request body, named as the gateway names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The request body as a whole.
    Body,
    /// `name`.
    Name,
    /// `cert_content`.
    CertContent,
    /// `private_key`.
    PrivateKey,
    /// `type`.
    Type,
    /// `instance_id`.
    InstanceId,
    /// `trusted_root_ca`.
    TrustedRootCa,
    /// A domain name the certificate must cover (not a gateway field: `--domain`).
    Domain,
}

impl Field {
    /// The field's name in the request body.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Body => "body",
            Field::Name => "name",
            Field::CertContent => "cert_content",
            Field::PrivateKey => "private_key",
            Field::Type => "type",
            Field::InstanceId => "instance_id",
            Field::TrustedRootCa => "trusted_root_ca",
            Field::Domain => "domain",
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem found: the gateway code it gives, where it is, what is wrong and what to do.
///
/// `id` is a stable, dotted identifier (such as `pem.json-escaped-newlines` or `key.mismatch`)
/// that tools may match on; `message` and `fix` are for people and may change between versions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The gateway code this problem gives.
    pub code: GatewayCode,
    /// Stable identifier of the kind of problem.
    pub id: &'static str,
    /// The request field it is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// The PEM block (1-based, in the field's order) or certificate of the chain it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    /// What is wrong, in one sentence.
    pub message: String,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<String>,
}

impl Diagnostic {
    /// A problem with no field, block or fix yet.
    pub fn new(code: GatewayCode, id: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            id,
            field: None,
            block: None,
            message: message.into(),
            fix: None,
        }
    }

    /// Names the request field.
    pub fn in_field(mut self, field: Field) -> Self {
        self.field = Some(field);
        self
    }

    /// Names the PEM block or chain position (1-based).
    pub fn at_block(mut self, block: usize) -> Self {
        self.block = Some(block);
        self
    }

    /// Says what to do.
    pub fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if let Some(field) = self.field {
            write!(f, " {field}")?;
            if let Some(block) = self.block {
                write!(f, " block {block}")?;
            }
        }
        write!(f, ": {}", self.message)?;
        if let Some(fix) = &self.fix {
            write!(f, " Fix: {fix}")?;
        }
        Ok(())
    }
}

/// The gateway's refusal: HTTP status, `error_code`, `error_msg`, and every problem found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    code: GatewayCode,
    error_msg: String,
    diagnostics: Vec<Diagnostic>,
    warnings: Vec<Warning>,
}

impl Rejection {
    /// Builds the rejection from every problem found, in the order found; the verdict is the
    /// first problem of the highest precedence. `None` when there is no problem.
    pub fn from_diagnostics(mut diagnostics: Vec<Diagnostic>) -> Option<Self> {
        // Stable: problems of equal rank keep the order in which they were found.
        diagnostics.sort_by_key(|d| d.code.precedence());
        let first = diagnostics.first()?;
        let reason = match first.code {
            GatewayCode::SerializationError => first.message.as_str(),
            _ => "",
        };
        Some(Rejection {
            code: first.code,
            error_msg: first.code.error_msg(first.field, reason),
            diagnostics,
            warnings: Vec::new(),
        })
    }

    /// Adds the warnings found on the way (they never change the verdict).
    pub fn with_warnings(mut self, warnings: Vec<Warning>) -> Self {
        self.warnings = warnings;
        self
    }

    /// What the gateway would let through but clients may refuse, found on the way.
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// The gateway code of the verdict.
    pub fn code(&self) -> GatewayCode {
        self.code
    }

    /// The gateway's `error_code`, such as `APIG.2104`.
    pub fn error_code(&self) -> &'static str {
        self.code.error_code()
    }

    /// The gateway's exact `error_msg`.
    pub fn error_msg(&self) -> &str {
        &self.error_msg
    }

    /// The HTTP status of the gateway's answer.
    pub fn http_status(&self) -> u16 {
        self.code.http_status()
    }

    /// Every problem found, the verdict's first.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The body the gateway answers: `{"error_code": ..., "error_msg": ...}`.
    pub fn body(&self) -> ErrorBody<'_> {
        ErrorBody {
            error_code: self.error_code(),
            error_msg: &self.error_msg,
        }
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.error_code(), self.error_msg)
    }
}

impl std::error::Error for Rejection {}

/// The gateway's error body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ErrorBody<'a> {
    /// Such as `APIG.2101`.
    pub error_code: &'a str,
    /// The gateway's exact message.
    pub error_msg: &'a str,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_problem_of_highest_precedence_is_the_verdict() {
        let r = Rejection::from_diagnostics(vec![
            Diagnostic::new(GatewayCode::SanMissing, "san.missing", "no SAN"),
            Diagnostic::new(GatewayCode::KeyMismatch, "key.mismatch", "other key"),
            Diagnostic::new(GatewayCode::ChainNotMatched, "chain.order", "reversed"),
        ])
        .unwrap();
        assert_eq!(r.error_code(), "APIG.2101");
        assert_eq!(
            r.error_msg(),
            "The certificate and private key do not match."
        );
        assert_eq!(r.diagnostics().len(), 3);
        assert_eq!(r.diagnostics()[2].code, GatewayCode::SanMissing);
    }

    #[test]
    fn parameter_messages_name_the_field() {
        let r = Rejection::from_diagnostics(vec![Diagnostic::new(
            GatewayCode::ParameterMissing,
            "request.missing",
            "name is missing",
        )
        .in_field(Field::Name)])
        .unwrap();
        assert_eq!(
            r.error_msg(),
            "The request parameters must be specified,parameterName:name. Please refer to the support documentation"
        );
        assert_eq!(
            serde_json::to_string(&r.body()).unwrap(),
            r#"{"error_code":"APIG.2001","error_msg":"The request parameters must be specified,parameterName:name. Please refer to the support documentation"}"#
        );
    }
}
