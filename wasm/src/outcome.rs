//! The result documents handed to JavaScript, built from the library's own types with
//! `serde_json`, so that every field is written exactly as the native command line writes it.
//! Nothing here touches JavaScript: it is tested natively.

use cert_preflight::{Accepted, CertificateFields, Rejection, Report, UploadBody};
use serde::Serialize;
use serde_json::{Map, Value};

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
/// findings in one list, and the whole `report/v1` document.
#[derive(Serialize)]
struct PreflightResult<'a> {
    accepted: bool,
    status: u16,
    error_code: Option<&'a str>,
    error_msg: Option<&'a str>,
    detail: Option<&'a cert_preflight::CertificateDetail>,
    findings: Vec<Value>,
    failed: bool,
    report: &'a Value,
}

/// The keys every finding has, in this order (`null` when the library leaves one out).
const FINDING_KEYS: [&str; 8] = [
    "id", "severity", "code", "field", "block", "message", "fix", "data",
];

/// One finding: a diagnostic or warning of the report with its severity, every key present.
/// A severity the library already wrote (issue 13) is kept; otherwise diagnostics are errors
/// and warnings warnings.
fn finding(item: &Value, severity: &str) -> Value {
    let src = item.as_object().cloned().unwrap_or_default();
    let mut out = Map::new();
    for key in FINDING_KEYS {
        let v = src.get(key).cloned().unwrap_or(Value::Null);
        let v = if key == "severity" && v.is_null() {
            Value::from(severity)
        } else {
            v
        };
        out.insert(key.to_owned(), v);
    }
    for (k, v) in src {
        out.entry(k).or_insert(v);
    }
    Value::Object(out)
}

/// The findings of a `report/v1` document: its diagnostics, then its warnings.
fn findings(report: &Value) -> Vec<Value> {
    let list = |key: &str| report[key].as_array().cloned().unwrap_or_default();
    let mut out: Vec<Value> = list("diagnostics")
        .iter()
        .map(|d| finding(d, "error"))
        .collect();
    out.extend(list("warnings").iter().map(|w| finding(w, "warning")));
    out
}

/// The result of one pre-flight as a JSON value.
pub fn preflight_value(outcome: &Result<Accepted, Rejection>, fail_on: FailOn) -> Value {
    let report = serde_json::to_value(Report::new(outcome)).expect("the report serializes");
    let findings = findings(&report);
    let failed = findings
        .iter()
        .any(|f| fail_on.fails(f["severity"].as_str().unwrap_or("")));
    let result = match outcome {
        Ok(a) => PreflightResult {
            accepted: true,
            status: 200,
            error_code: None,
            error_msg: None,
            detail: Some(&a.detail),
            findings,
            failed,
            report: &report,
        },
        Err(r) => PreflightResult {
            accepted: false,
            status: r.http_status(),
            error_code: Some(r.error_code()),
            error_msg: Some(r.error_msg()),
            detail: None,
            findings,
            failed,
            report: &report,
        },
    };
    serde_json::to_value(result).expect("the result serializes")
}

/// The result of `uploadBody`: the pre-flight result of the body to upload, the body itself
/// (`null` when the gateway would refuse it: no body is handed out that would fail), and the
/// chain order applied, if any.
pub fn upload_value(
    outcome: &Result<Accepted, Rejection>,
    body: Option<UploadBody<'_>>,
    reordered: Option<&[usize]>,
    fail_on: FailOn,
) -> Value {
    let mut value = preflight_value(outcome, fail_on);
    let obj = value.as_object_mut().expect("an object");
    obj.insert(
        "body".to_owned(),
        serde_json::to_value(body).expect("the body serializes"),
    );
    obj.insert(
        "reordered".to_owned(),
        serde_json::to_value(reordered).expect("numbers serialize"),
    );
    value
}

/// The result of `inspect`: every certificate's fields, or the refusal with its findings.
pub fn inspect_value(result: &Result<Vec<CertificateFields>, Rejection>) -> Value {
    match result {
        Ok(certificates) => serde_json::json!({
            "certificates": certificates,
            "error_code": null,
            "error_msg": null,
            "findings": [],
        }),
        Err(r) => {
            let diagnostics = serde_json::to_value(r.diagnostics()).expect("serializes");
            let warnings = serde_json::to_value(r.warnings()).expect("serializes");
            let report = serde_json::json!({"diagnostics": diagnostics, "warnings": warnings});
            serde_json::json!({
                "certificates": [],
                "error_code": r.error_code(),
                "error_msg": r.error_msg(),
                "findings": findings(&report),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cert_preflight::{preflight, CertificateForm, Options, UnixTime};

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
        for key in FINDING_KEYS {
            assert!(first.get(key).is_some(), "finding lacks {key}");
        }
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
