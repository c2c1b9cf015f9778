//! A rejection: the gateway's answer plus every problem found.

use super::code::GatewayCode;
use super::diagnostic::Diagnostic;
use super::warning::Warning;
use serde::Serialize;
use std::fmt;

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

    /// The rejection of one problem.
    pub fn from_diagnostic(diagnostic: Diagnostic) -> Self {
        let reason = match diagnostic.code {
            GatewayCode::SerializationError => diagnostic.message.as_str(),
            _ => "",
        };
        Rejection {
            code: diagnostic.code,
            error_msg: diagnostic.code.error_msg(diagnostic.field, reason),
            diagnostics: vec![diagnostic],
            warnings: Vec::new(),
        }
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

impl From<Diagnostic> for Rejection {
    fn from(diagnostic: Diagnostic) -> Self {
        Rejection::from_diagnostic(diagnostic)
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
    use crate::verdict::{DiagnosticId, Field};

    #[test]
    fn the_first_problem_of_highest_precedence_is_the_verdict() {
        let r = Rejection::from_diagnostics(vec![
            Diagnostic::new(
                GatewayCode::SanMissing,
                DiagnosticId::LeafSanMissing,
                "no SAN",
            ),
            Diagnostic::new(
                GatewayCode::KeyMismatch,
                DiagnosticId::KeyMismatch,
                "other key",
            ),
            Diagnostic::new(
                GatewayCode::ChainNotMatched,
                DiagnosticId::ChainOrder,
                "reversed",
            ),
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
            DiagnosticId::RequestMissing,
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
