//! The result documents handed to JavaScript, built from the library's own types with
//! `serde_json`, so that every field is written exactly as the native command line writes it.
//! Nothing here touches JavaScript: it is tested natively.

use cert_preflight::{
    Accepted, CertificateDetail, CertificateFields, Diagnostic, Field, GatewayCode, Rejection,
    Report, UploadBody, Warning,
};
use serde::Serialize;

/// Which findings make `failed` true: those of this severity or a graver one (issue 13's
/// `--fail-on`). The default, `Error`, is the gateway's verdict.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FailOn {
    /// Only what the gateway refuses.
    #[default]
    Error,
    /// Also what clients may refuse.
    Warning,
    /// Anything said at all.
    Notice,
}

impl FailOn {
    /// Reads `"error"`, `"warning"` or `"notice"`.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "error" => Some(FailOn::Error),
            "warning" => Some(FailOn::Warning),
            "notice" => Some(FailOn::Notice),
            _ => None,
        }
    }

    /// Whether a finding of `severity` fails the gate.
    fn fails(self, severity: &str) -> bool {
        rank(severity) >= rank(self.as_str())
    }

    fn as_str(self) -> &'static str {
        match self {
            FailOn::Error => "error",
            FailOn::Warning => "warning",
            FailOn::Notice => "notice",
        }
    }
}

/// Severities in order; anything unknown counts as a notice.
fn rank(severity: &str) -> u8 {
    match severity {
        "error" => 3,
        "warning" => 2,
        _ => 1,
    }
}

/// What `preflight` returns: the gateway's answer in the fields a caller tests first, the
/// findings in one list, and the whole `report/v1` document. Serialized by serde in field
/// order (no `serde_json::Value` maps, which would sort the keys).
#[derive(Serialize)]
struct PreflightResult<'a> {
    accepted: bool,
    status: u16,
    error_code: Option<&'a str>,
    error_msg: Option<&'a str>,
    detail: Option<&'a CertificateDetail>,
    findings: Vec<Finding<'a>>,
    failed: bool,
    report: Report<'a>,
}

/// One finding, every key present (`null` when it does not apply): a diagnostic (severity
/// `error`: the gateway refuses) or a warning (`warning`: clients may refuse).
#[derive(Serialize)]
struct Finding<'a> {
    id: &'a str,
    severity: &'static str,
    code: Option<GatewayCode>,
    field: Option<Field>,
    block: Option<usize>,
    message: &'a str,
    fix: Option<&'a str>,
    /// Machine-readable facts; the library has none to give yet (issue 13).
    data: Option<()>,
}

impl<'a> Finding<'a> {
    fn diagnostic(d: &'a Diagnostic) -> Self {
        Finding {
            id: d.id.as_str(),
            severity: d.severity().as_str(),
            code: Some(d.code),
            field: d.field,
            block: d.block,
            message: &d.message,
            fix: d.fix.as_deref(),
            data: None,
        }
    }

    fn warning(w: &'a Warning) -> Self {
        Finding {
            id: w.id.as_str(),
            severity: w.severity().as_str(),
            code: None,
            field: w.field,
            block: w.block,
            message: &w.message,
            fix: None,
            data: None,
        }
    }
}

/// Diagnostics first, then warnings: the order of the report.
fn findings<'a>(diagnostics: &'a [Diagnostic], warnings: &'a [Warning]) -> Vec<Finding<'a>> {
    diagnostics
        .iter()
        .map(Finding::diagnostic)
        .chain(warnings.iter().map(Finding::warning))
        .collect()
}

impl<'a> PreflightResult<'a> {
    fn new(outcome: &'a Result<Accepted, Rejection>, fail_on: FailOn) -> Self {
        let report = Report::new(outcome);
        let findings = findings(report.diagnostics, report.warnings);
        let failed = findings.iter().any(|f| fail_on.fails(f.severity));
        let (error_code, error_msg, detail) = match outcome {
            Ok(a) => (None, None, Some(&a.detail)),
            Err(r) => (Some(r.error_code()), Some(r.error_msg()), None),
        };
        PreflightResult {
            accepted: outcome.is_ok(),
            status: report.http_status,
            error_code,
            error_msg,
            detail,
            findings,
            failed,
            report,
        }
    }
}

/// The result of one pre-flight as JSON text.
pub fn preflight_json(outcome: &Result<Accepted, Rejection>, fail_on: FailOn) -> String {
    serde_json::to_string(&PreflightResult::new(outcome, fail_on)).expect("the result serializes")
}

/// `uploadBody`'s result: the pre-flight result of the body to upload, the body itself (`null`
/// when the gateway would refuse it: no body is handed out that would fail), and the chain
/// order applied, if any.
#[derive(Serialize)]
struct UploadResult<'a> {
    #[serde(flatten)]
    result: PreflightResult<'a>,
    body: Option<UploadBody<'a>>,
    reordered: Option<&'a [usize]>,
}

/// The result of `uploadBody` as JSON text.
pub fn upload_json(
    outcome: &Result<Accepted, Rejection>,
    body: Option<UploadBody<'_>>,
    reordered: Option<&[usize]>,
    fail_on: FailOn,
) -> String {
    let result = UploadResult {
        result: PreflightResult::new(outcome, fail_on),
        body,
        reordered,
    };
    serde_json::to_string(&result).expect("the result serializes")
}

/// `inspect`'s result: every certificate's fields, or the refusal with its findings.
#[derive(Serialize)]
struct InspectResult<'a> {
    certificates: &'a [CertificateFields],
    error_code: Option<&'a str>,
    error_msg: Option<&'a str>,
    findings: Vec<Finding<'a>>,
}

/// The result of `inspect` as JSON text.
pub fn inspect_json(result: &Result<Vec<CertificateFields>, Rejection>) -> String {
    let value = match result {
        Ok(certificates) => InspectResult {
            certificates,
            error_code: None,
            error_msg: None,
            findings: Vec::new(),
        },
        Err(r) => InspectResult {
            certificates: &[],
            error_code: Some(r.error_code()),
            error_msg: Some(r.error_msg()),
            findings: findings(r.diagnostics(), r.warnings()),
        },
    };
    serde_json::to_string(&value).expect("the result serializes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use cert_preflight::{preflight, CertificateForm, Options, UnixTime};
    use serde_json::Value;

    fn preflight_value(outcome: &Result<Accepted, Rejection>, fail_on: FailOn) -> Value {
        serde_json::from_str(&preflight_json(outcome, fail_on)).unwrap()
    }

    fn example(name: &str) -> String {
        std::fs::read_to_string(format!("{}/../examples/{name}", env!("CARGO_MANIFEST_DIR")))
            .expect("example file")
    }

    fn form() -> CertificateForm {
        CertificateForm {
            name: "shop_example".into(),
            cert_content: example("bundle.pem"),
            private_key: example("key.pem"),
            ..Default::default()
        }
    }

    fn at() -> Options {
        Options::new(UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap())
    }

    #[test]
    fn accepted_result_carries_the_detail_and_the_report() {
        let outcome = preflight(&form(), &at());
        let v = preflight_value(&outcome, FailOn::Error);
        assert_eq!(v["accepted"], true);
        assert_eq!(v["status"], 200);
        assert_eq!(v["error_code"], Value::Null);
        assert_eq!(v["detail"]["common_name"], "shop.example.com");
        assert_eq!(v["report"]["schema"], "cert-preflight/report/v1");
        assert_eq!(v["report"]["body"], v["detail"]);
        assert_eq!(v["failed"], false);
    }

    #[test]
    fn rejected_result_lists_diagnostics_as_errors_first() {
        let mut f = form();
        f.private_key = String::new();
        let outcome = preflight(&f, &at());
        let v = preflight_value(&outcome, FailOn::Error);
        assert_eq!(v["accepted"], false);
        assert_eq!(v["status"], 400);
        assert_eq!(v["error_code"], "APIG.2001");
        assert_eq!(v["detail"], Value::Null);
        let first = &v["findings"][0];
        assert_eq!(first["severity"], "error");
        assert_eq!(first["field"], "private_key");
        assert_eq!(first["code"], "APIG.2001");
        let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
        let mut want = [
            "id", "severity", "code", "field", "block", "message", "fix", "data",
        ];
        want.sort_unstable();
        assert_eq!(keys, want, "every key present");
        assert_eq!(v["failed"], true);
    }

    #[test]
    fn fail_on_warning_fails_an_accepted_bundle_with_warnings() {
        // The leaf alone, without its intermediate: accepted, with a chain warning.
        let mut f = form();
        let end = f.cert_content.find("-----END CERTIFICATE-----").unwrap() + 26;
        f.cert_content.truncate(end);
        let outcome = preflight(&f, &at());
        let v = preflight_value(&outcome, FailOn::Warning);
        assert_eq!(v["accepted"], true, "{v}");
        let warnings = v["findings"].as_array().unwrap();
        assert!(!warnings.is_empty());
        assert!(warnings.iter().all(|w| w["severity"] == "warning"));
        assert_eq!(v["failed"], true);
        assert_eq!(preflight_value(&outcome, FailOn::Error)["failed"], false);
    }

    #[test]
    fn fail_on_reads_the_three_levels_only() {
        assert_eq!(FailOn::parse("warning"), Some(FailOn::Warning));
        assert_eq!(FailOn::parse("notice"), Some(FailOn::Notice));
        assert_eq!(FailOn::parse("Error"), None);
        assert!(FailOn::Notice.fails("notice"));
        assert!(!FailOn::Error.fails("warning"));
    }
}
