//! The verdict, the bottom floor: what the gateway answers and everything the tool can say.
//!
//! It imports nothing else of the crate, so every other module may use it.

mod code;
mod diagnostic;
mod field;
mod id;
mod rejection;
mod severity;
mod warning;

pub use code::GatewayCode;
pub use diagnostic::Diagnostic;
pub use field::Field;
pub use id::DiagnosticId;
pub use rejection::{ErrorBody, Rejection};
pub use severity::Severity;
pub use warning::Warning;
