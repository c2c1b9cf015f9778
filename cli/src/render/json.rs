//! The JSON formats: the gateway's body, the report document, `inspect` lines. Values are exact
//! (serde_json escapes them as JSON); only file names that look like key material are withheld.

use cert_preflight::{Accepted, CertificateFields, Diagnostic, Rejection};

/// The gateway's response body, the certificate detail or `{error_code, error_msg}`, byte for
/// byte as the gateway's Go `json.Marshal` writes it (compact; `<`, `>`, `&`, U+2028, U+2029 and
/// control characters escaped as Go escapes them); indented with `pretty`.
pub fn gateway_body(outcome: &Result<Accepted, Rejection>, pretty: bool) -> String {
    let json = match (outcome, pretty) {
        (Ok(a), false) => serde_json::to_string(&a.detail),
        (Ok(a), true) => serde_json::to_string_pretty(&a.detail),
        (Err(r), false) => serde_json::to_string(&r.body()),
        (Err(r), true) => serde_json::to_string_pretty(&r.body()),
    };
    cert_preflight::go_json(&json.expect("serializable"))
}

/// One `inspect --format json` line: the certificates, or the error.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum InspectLine<'a> {
    Certificates {
        file: &'a str,
        certificates: &'a [CertificateFields],
    },
    Error {
        file: &'a str,
        error_code: &'a str,
        error_msg: &'a str,
        diagnostic: Option<&'a Diagnostic>,
    },
}

/// One `inspect` line for a file (its name already redacted).
pub fn inspect_line(file: &str, result: &Result<Vec<CertificateFields>, Rejection>) -> String {
    let line = match result {
        Ok(certificates) => InspectLine::Certificates { file, certificates },
        Err(r) => InspectLine::Error {
            file,
            error_code: r.error_code(),
            error_msg: r.error_msg(),
            diagnostic: r.diagnostics().first(),
        },
    };
    serde_json::to_string(&line).expect("serializable")
}
