//! The `cert-preflight/report/v1` document: one JSON shape for every front (the command line,
//! the server, the Python and WebAssembly packages), so that tools read the same fields
//! whichever door they came in by. Field order is the schema's.

use crate::detail::CertificateDetail;
use crate::pipeline::Accepted;
use crate::verdict::Warning;
use crate::verdict::{Diagnostic, ErrorBody, Rejection};
use serde::Serialize;

/// The schema name written in every report.
pub const REPORT_SCHEMA: &str = "cert-preflight/report/v1";

/// The gateway's verdict in one word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Verdict {
    /// The gateway creates the certificate.
    Accepted,
    /// The gateway answers with an error body.
    Rejected,
}

/// What the gateway answers: the certificate detail, or its error body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum ResponseBody<'a> {
    /// The created certificate.
    Detail(&'a CertificateDetail),
    /// `{"error_code": ..., "error_msg": ...}`.
    Error(ErrorBody<'a>),
}

/// The `report/v1` document: the verdict, the gateway's status and body, every diagnostic and
/// every warning.
///
/// ```
/// use cert_preflight::{preflight, CertificateForm, Options, Report, UnixTime, Verdict};
///
/// let form = CertificateForm { name: "shop".into(), ..Default::default() };
/// let outcome = preflight(&form, &Options::new(UnixTime(0)));
/// let report = Report::new(&outcome);
/// assert_eq!(report.verdict, Verdict::Rejected);
/// assert!(serde_json::to_string(&report).unwrap().starts_with(r#"{"schema":"cert-preflight/report/v1""#));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Report<'a> {
    /// Always [`REPORT_SCHEMA`].
    pub schema: &'static str,
    /// Accepted or rejected.
    pub verdict: Verdict,
    /// The HTTP status the gateway answers with.
    pub http_status: u16,
    /// The gateway's response body.
    pub body: ResponseBody<'a>,
    /// Every problem found, the verdict's first (empty when accepted).
    pub diagnostics: &'a [Diagnostic],
    /// What the gateway lets through but clients may refuse.
    pub warnings: &'a [Warning],
}

impl<'a> Report<'a> {
    /// The report of one pre-flight's outcome.
    pub fn new(outcome: &'a Result<Accepted, Rejection>) -> Self {
        match outcome {
            Ok(a) => Report {
                schema: REPORT_SCHEMA,
                verdict: Verdict::Accepted,
                http_status: 200,
                body: ResponseBody::Detail(&a.detail),
                diagnostics: &[],
                warnings: &a.warnings,
            },
            Err(r) => Report {
                schema: REPORT_SCHEMA,
                verdict: Verdict::Rejected,
                http_status: r.http_status(),
                body: ResponseBody::Error(r.body()),
                diagnostics: r.diagnostics(),
                warnings: r.warnings(),
            },
        }
    }
}
