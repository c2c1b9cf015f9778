//! Warnings: what the gateway accepts but a person should know (it has no error code for them).
//!
//! Minimal on purpose: the chain checks need it first; the pipeline will extend it.

use serde::Serialize;

/// Something the gateway lets through that may still break clients.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable dotted identifier, such as `chain.not-yet-valid`.
    pub id: &'static str,
    /// What it is and what to do, for people.
    pub message: String,
    /// The PEM block (1-based) it concerns, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<usize>,
}
