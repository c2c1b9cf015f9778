//! The JSON formats: the gateway's body, the report document, `inspect` lines. Values are exact
//! (serde_json escapes them as JSON); only file names that look like key material are withheld.

use cert_preflight::{
    Accepted, CertificateDetails, CertificateFields, Diagnostic, InspectedCertificate, Rejection,
};

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

/// One `inspect --format json` line: the certificates that parse, each block Go refuses with
/// its exact error, or the whole input's refusal.
#[derive(serde::Serialize)]
#[serde(untagged)]
enum InspectLine<'a> {
    Certificates {
        file: &'a str,
        certificates: Vec<&'a CertificateFields>,
        /// Parallel to `certificates`: what `inspect` shows beyond the gateway's fields.
        details: Vec<Option<&'a CertificateDetails>>,
        /// Parallel to `certificates`: each one's block, and the block that issued it.
        chain: Vec<ChainLink>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        errors: Vec<BlockError<'a>>,
    },
    Error {
        file: &'a str,
        error_code: &'a str,
        error_msg: &'a str,
        diagnostic: Option<&'a Diagnostic>,
    },
    Unreadable {
        file: &'a str,
        error: &'a str,
    },
}

/// Who issued a certificate, among the input's blocks.
#[derive(serde::Serialize)]
struct ChainLink {
    block: usize,
    issued_by: Option<usize>,
    /// The 1-based certificate of `--trusted-root-ca` that issued it, when given and one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    anchored_by: Option<usize>,
}

/// A block Go's parser refuses.
#[derive(serde::Serialize)]
struct BlockError<'a> {
    block: usize,
    line: usize,
    error: &'a str,
}

/// One `inspect` line for a file (its name already redacted).
pub fn inspect_line(file: &str, result: &Result<Vec<InspectedCertificate>, Rejection>) -> String {
    let line = match result {
        Ok(each) => InspectLine::Certificates {
            file,
            certificates: each.iter().filter_map(|c| c.certificate.as_ref()).collect(),
            details: each
                .iter()
                .filter(|c| c.certificate.is_some())
                .map(|c| c.details.as_ref())
                .collect(),
            chain: each
                .iter()
                .filter(|c| c.certificate.is_some())
                .map(|c| ChainLink {
                    block: c.block,
                    issued_by: c.issued_by,
                    anchored_by: c.anchored_by,
                })
                .collect(),
            errors: each
                .iter()
                .filter_map(|c| {
                    c.error.as_deref().map(|error| BlockError {
                        block: c.block,
                        line: c.line,
                        error,
                    })
                })
                .collect(),
        },
        Err(r) => InspectLine::Error {
            file,
            error_code: r.error_code(),
            error_msg: r.error_msg(),
            diagnostic: r.diagnostics().first(),
        },
    };
    serde_json::to_string(&line).expect("serializable")
}

/// The line of a file that could not be read (`inspect --format json`).
pub fn unreadable_line(file: &str, error: &str) -> String {
    serde_json::to_string(&InspectLine::Unreadable { file, error }).expect("serializable")
}

#[cfg(test)]
mod tests {
    use super::inspect_line;
    use cert_preflight::{inspect_each, UnixTime};

    #[test]
    fn details_stand_beside_the_certificates() {
        let bundle = include_bytes!("../../../examples/bundle.pem");
        let at = UnixTime::parse_rfc3339("2026-12-01T00:00:00Z").unwrap();
        let each = inspect_each(bundle).map(|each| crate::inspect::with_days_left(each, at));
        let line: serde_json::Value = serde_json::from_str(&inspect_line("b.pem", &each)).unwrap();
        let certificates = line["certificates"].as_array().unwrap();
        let details = line["details"].as_array().unwrap();
        assert_eq!((certificates.len(), details.len()), (2, 2));
        assert_eq!(
            certificates[0]["serial_number"],
            details[0]["serial_decimal"]
        );
        assert_eq!(details[0]["days_left"], 3997);
        assert_eq!(
            details[1]["subject"],
            "CN=Example Issuing CA 1,O=Example Trust,C=DE"
        );
        // The gateway's fields are untouched: no detail key leaks into them.
        assert!(certificates[0].get("sha256_fingerprint").is_none());
    }
}
