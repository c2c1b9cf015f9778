//! Warnings: what the gateway lets through but clients will refuse, or what the user likely
//! did not mean. A warning never changes the gateway's verdict.

use super::field::Field;
use super::id::DiagnosticId;
use super::severity::Severity;
use serde::Serialize;
use std::fmt;

/// One warning, with a stable dotted `id` (such as `time.not-yet-valid`) tools may match on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Warning {
    /// Stable identifier of the kind of warning.
    pub id: DiagnosticId,
    /// The request field it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// The PEM block (1-based) or position in the chain it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
    /// How serious it is: [`Severity::Warning`] (clients may fail), or [`Severity::Error`] for
    /// what the gateway accepts but servers refuse to load (an inconsistent key).
    pub severity: Severity,
    /// What clients will do, or what looks wrong, and what to do.
    pub message: String,
}

impl Warning {
    /// A warning about no particular block.
    pub fn new(id: DiagnosticId, message: impl Into<String>) -> Self {
        Warning {
            id,
            field: None,
            block: None,
            severity: Severity::Warning,
            message: message.into(),
        }
    }

    /// How serious it is: the gateway accepts it; clients may not, or servers may not load it.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// Sets how serious it is.
    pub fn with_severity(mut self, severity: Severity) -> Self {
        self.severity = severity;
        self
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
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(field) = self.field {
            write!(f, "{field}")?;
            if let Some(block) = self.block {
                write!(f, " block {block}")?;
            }
            write!(f, ": ")?;
        }
        f.write_str(&self.message)
    }
}
