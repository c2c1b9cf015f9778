//! One problem found: the gateway code it gives, where it is, what to do.

use super::code::GatewayCode;
use super::field::Field;
use super::id::DiagnosticId;
use super::severity::Severity;
use serde::Serialize;
use std::fmt;

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
    pub id: DiagnosticId,
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
    /// Go's exact error, when the gateway's Go code has one for this problem (the message says
    /// it in plain words).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub go_error: Option<String>,
}

impl Diagnostic {
    /// A problem with no field, block or fix yet.
    pub fn new(code: GatewayCode, id: DiagnosticId, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            id,
            field: None,
            block: None,
            message: message.into(),
            fix: None,
            go_error: None,
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

    /// Keeps Go's exact error text beside the message.
    pub fn with_go_error(mut self, go_error: impl Into<String>) -> Self {
        self.go_error = Some(go_error.into());
        self
    }

    /// How serious it is: a diagnostic is always an error, since the gateway refuses it.
    pub fn severity(&self) -> Severity {
        Severity::Error
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
