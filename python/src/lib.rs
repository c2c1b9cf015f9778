//! The Python package `cert_preflight`: the API gateway's certificate verdict, locally, for the
//! Python tools that upload gateway certificates (SDKs, Ansible, scripts).
//!
//! A thin layer over the library's public API, with the same contract as the command line: the
//! request body in, the gateway's answer (`status`, `error_code`, `error_msg`, the response
//! body) and the `report/v1` findings out. What is added here, and only here:
//! - Python argument checking: misuse raises `TypeError`/`ValueError`; a rejection is a result.
//! - The GIL is released while the pre-flight runs (`Python::detach`).
//! - Every string handed back passes through one redaction (`secrets.rs`), so that key material
//!   given in any field never comes back in a message, a finding, a report or an exception.
//! - Conversion to Python objects happens only when an attribute is read: a call that only looks
//!   at `accepted` pays for the pre-flight and little else (docs/python.md, the benchmark).

mod convert;
mod secrets;

use cert_preflight::{
    field_text, inspect as inspect_certificates, normalized_request, preflight as run_preflight,
    Accepted, CertificateForm, ChainOrder, Field, Options, Rejection, Report, UnixTime, UploadBody,
    REPORT_SCHEMA,
};
use convert::{node, Node};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDict, PyInt, PyList, PyString, PyType};
use secrets::Secrets;

pyo3::create_exception!(
    cert_preflight,
    RejectionError,
    PyValueError,
    "The gateway would refuse the input: raised by `upload_body` and `inspect`, which have nothing \
     to return then (`preflight` returns a rejection as a `Result`). Attributes: `error_code`, \
     `error_msg`, `status`, and `result`, the full `Result` with its findings."
);

/// Most bytes `inspect` reads: the request body's bound, far above any real certificate file.
const MAX_INSPECT_BYTES: usize = 1 << 20;

/// How serious a finding is; `fail_on` names the least serious one that fails `passed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Severity {
    Notice,
    Warning,
    Error,
}

impl Severity {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "notice" => Some(Severity::Notice),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Severity::Notice => "notice",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// The severity a serialized finding carries; until the library writes one, a diagnostic (the
/// gateway refuses) is an error and a warning (the gateway accepts) a warning.
fn severity_of(finding: &Node, default: Severity) -> Severity {
    finding
        .get("severity")
        .and_then(Node::as_str)
        .and_then(Severity::parse)
        .unwrap_or(default)
}

/// One finding in the report's schema, keys in this order: id, severity, code (the gateway's
/// error code, for errors), field, block, message, fix, data; absent ones are `None`.
fn finding(src: &Node, default: Severity) -> Node {
    let take = |key: &str| src.get(key).cloned().unwrap_or(Node::Null);
    Node::Map(vec![
        ("id".into(), take("id")),
        (
            "severity".into(),
            Node::Str(severity_of(src, default).as_str().into()),
        ),
        ("code".into(), take("code")),
        ("field".into(), take("field")),
        ("block".into(), take("block")),
        ("message".into(), take("message")),
        ("fix".into(), take("fix")),
        ("data".into(), take("data")),
    ])
}

/// Every finding of a report: its `findings` list when the library writes one, else its
/// diagnostics (errors) then its warnings.
fn findings_of(report: &Node) -> Vec<Node> {
    let list = |key: &str| match report.get(key) {
        Some(Node::List(items)) => items.as_slice(),
        _ => &[],
    };
    if report.get("findings").is_some() {
        return list("findings")
            .iter()
            .map(|f| finding(f, Severity::Warning))
            .collect();
    }
    let errors = list("diagnostics")
        .iter()
        .map(|d| finding(d, Severity::Error));
    let warnings = list("warnings")
        .iter()
        .map(|w| finding(w, Severity::Warning));
    errors.chain(warnings).collect()
}

/// The outcome of one pre-flight: the gateway's answer and every finding.
///
/// A rejection is a result like an acceptance: `accepted` is False, `status` 400, and
/// `error_code`/`error_msg` are the gateway's. `passed` applies the `fail_on` gate.
#[pyclass(name = "Result", module = "cert_preflight", frozen)]
struct PreflightResult {
    outcome: Result<Accepted, Rejection>,
    secrets: Secrets,
    fail_on: Severity,
    /// The redacted report, built when a property first needs it; every property reads it, so
    /// the outcome is serialized and redacted once however many are read.
    report: std::sync::OnceLock<Node>,
}

impl PreflightResult {
    fn new(outcome: Result<Accepted, Rejection>, secrets: Secrets, fail_on: Severity) -> Self {
        PreflightResult {
            outcome,
            secrets,
            fail_on,
            report: std::sync::OnceLock::new(),
        }
    }

    fn report(&self) -> &Node {
        self.report
            .get_or_init(|| node(&Report::new(&self.outcome), &self.secrets))
    }

    fn finding_count(&self) -> usize {
        match &self.outcome {
            Ok(a) => a.warnings.len(),
            Err(r) => r.diagnostics().len() + r.warnings().len(),
        }
    }

    fn redacted_error_msg(&self) -> Option<String> {
        self.outcome
            .as_ref()
            .err()
            .map(|r| self.secrets.redact(r.error_msg()).into_owned())
    }
}

#[pymethods]
impl PreflightResult {
    /// True when the gateway would create the certificate.
    #[getter]
    fn accepted(&self) -> bool {
        self.outcome.is_ok()
    }

    /// The HTTP status of the gateway's answer: 200, or 400 for a rejection.
    #[getter]
    fn status(&self) -> u16 {
        match &self.outcome {
            Ok(_) => 200,
            Err(r) => r.http_status(),
        }
    }

    /// The gateway's `error_code` (such as `APIG.2101`), or None when accepted.
    #[getter]
    fn error_code(&self) -> Option<&'static str> {
        self.outcome.as_ref().err().map(Rejection::error_code)
    }

    /// The gateway's exact `error_msg`, or None when accepted.
    #[getter]
    fn error_msg(&self) -> Option<String> {
        self.redacted_error_msg()
    }

    /// The gateway's response body, as a new dict: the certificate detail when accepted, the
    /// error body `{"error_code": ..., "error_msg": ...}` when rejected.
    #[getter]
    fn detail<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.report().get("body").unwrap_or(&Node::Null).to_py(py)
    }

    /// Every finding, as new dicts (id, severity, code, field, block, message, fix, data): the
    /// gateway's reasons to refuse first (severity "error"), then the warnings.
    #[getter]
    fn findings<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        for f in findings_of(self.report()) {
            list.append(f.to_py(py)?)?;
        }
        Ok(list)
    }

    /// The `fail_on` this result was made with.
    #[getter]
    fn fail_on(&self) -> &'static str {
        self.fail_on.as_str()
    }

    /// The gate: accepted, and no finding as serious as `fail_on` ("error": the gateway's
    /// verdict; "warning": accepted without warnings; "notice": without any finding).
    #[getter]
    fn passed(&self) -> bool {
        self.outcome.is_ok()
            && findings_of(self.report())
                .iter()
                .all(|f| severity_of(f, Severity::Warning) < self.fail_on)
    }

    /// The `cert-preflight/report/v1` document (what `cert-preflight check --format report`
    /// prints), as a new dict.
    fn to_report<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.report().to_py(py)
    }

    fn __repr__(&self) -> String {
        match &self.outcome {
            Ok(_) => format!(
                "<cert_preflight.Result accepted=True status=200 findings={}>",
                self.finding_count()
            ),
            Err(r) => format!(
                "<cert_preflight.Result accepted=False status={} error_code='{}' findings={}>",
                r.http_status(),
                r.error_code(),
                self.finding_count()
            ),
        }
    }

    fn __str__(&self) -> String {
        match &self.outcome {
            Ok(a) => format!("ACCEPTED ({} warnings)", a.warnings.len()),
            Err(r) => format!(
                "REJECTED {} {}",
                r.error_code(),
                self.redacted_error_msg().unwrap_or_default()
            ),
        }
    }
}

/// `RejectionError` for a rejection, with its result attached; the message is redacted.
fn rejection_error(py: Python<'_>, rejection: Rejection, secrets: Secrets) -> PyErr {
    let result = PreflightResult::new(Err(rejection), secrets, Severity::Error);
    let (code, msg, status) = (
        result.error_code().unwrap_or_default(),
        result.redacted_error_msg().unwrap_or_default(),
        result.status(),
    );
    let err = RejectionError::new_err(format!("{code} {msg}"));
    let attach = || -> PyResult<()> {
        let value = err.value(py);
        value.setattr("error_code", code)?;
        value.setattr("error_msg", &msg)?;
        value.setattr("status", status)?;
        value.setattr("result", Py::new(py, result)?)
    };
    match attach() {
        Ok(()) => err,
        Err(e) => e,
    }
}

/// The name of an object's type, for error messages (never the value: it may be a key).
fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map_or_else(|_| "?".to_owned(), |n| n.to_string())
}

/// A str's UTF-8 bytes; lone surrogates (which no UTF-8 holds) are kept as their
/// `surrogatepass` bytes, so that the library sees invalid UTF-8, as the gateway would.
fn str_bytes(s: &Bound<'_, PyString>) -> PyResult<Vec<u8>> {
    match s.to_cow() {
        Ok(text) => Ok(text.into_owned().into_bytes()),
        Err(_) => Ok(s
            .call_method1("encode", ("utf-8", "surrogatepass"))?
            .cast_into::<PyBytes>()?
            .as_bytes()
            .to_vec()),
    }
}

/// Text given as str, bytes or bytearray, as bytes; `what` names the argument in errors.
fn text_or_bytes(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<u8>> {
    if let Ok(s) = obj.cast::<PyString>() {
        str_bytes(s)
    } else if let Ok(b) = obj.cast::<PyBytes>() {
        Ok(b.as_bytes().to_vec())
    } else if let Ok(b) = obj.cast::<PyByteArray>() {
        Ok(b.to_vec())
    } else {
        Err(PyTypeError::new_err(format!(
            "{what} must be str or bytes, not {}",
            type_name(obj)
        )))
    }
}

/// A str argument, as Rust text (lone surrogates become U+FFFD).
fn str_arg(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    obj.cast::<PyString>()
        .map(|s| s.to_string_lossy().into_owned())
        .map_err(|_| PyTypeError::new_err(format!("{what} must be a str, not {}", type_name(obj))))
}

/// The request body's bytes: str (UTF-8), bytes, or a dict serialized by `json.dumps` (the body
/// an HTTP client such as `requests` sends for `json=`).
fn body_bytes(py: Python<'_>, body: &Bound<'_, PyAny>) -> PyResult<Vec<u8>> {
    static DUMPS: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    if let Ok(dict) = body.cast::<PyDict>() {
        if let Some(json) = string_dict_json(dict) {
            return Ok(json);
        }
        let json = DUMPS.import(py, "json", "dumps")?.call1((body,))?;
        return str_bytes(json.cast::<PyString>()?);
    }
    if body.cast::<PyString>().is_ok()
        || body.cast::<PyBytes>().is_ok()
        || body.cast::<PyByteArray>().is_ok()
    {
        return text_or_bytes(body, "body");
    }
    Err(PyTypeError::new_err(format!(
        "body must be str, bytes or dict, not {}",
        type_name(body)
    )))
}

/// A dict whose keys and values are all str, as JSON, serialized here: `json.dumps` of a 5 KB
/// body costs about 30 µs, a third of an RSA pre-flight. The text differs from `json.dumps`'
/// only in escaping (non-ASCII is written as UTF-8 rather than `\uXXXX`), which the reader
/// decodes to the same strings, so the gateway's reading is the same. `None` for anything else
/// (other value types, lone surrogates): those go through `json.dumps`.
fn string_dict_json(dict: &Bound<'_, PyDict>) -> Option<Vec<u8>> {
    struct StringMap<'a>(&'a [(String, String)]);
    impl serde::Serialize for StringMap<'_> {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }
    let text = |o: Bound<'_, PyAny>| -> Option<String> {
        Some(o.cast::<PyString>().ok()?.to_cow().ok()?.into_owned())
    };
    let mut entries = Vec::with_capacity(dict.len());
    for (k, v) in dict.iter() {
        entries.push((text(k)?, text(v)?));
    }
    serde_json::to_vec(&StringMap(&entries)).ok()
}

/// The clock: `at` as a datetime (naive means UTC) or an RFC 3339 string; now when None.
fn read_at(py: Python<'_>, at: Option<&Bound<'_, PyAny>>) -> PyResult<UnixTime> {
    static DATETIME: PyOnceLock<Py<PyType>> = PyOnceLock::new();
    static TIMEGM: PyOnceLock<Py<PyAny>> = PyOnceLock::new();
    let Some(at) = at.filter(|a| !a.is_none()) else {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        return Ok(UnixTime(i64::try_from(secs).unwrap_or(i64::MAX)));
    };
    if let Ok(s) = at.cast::<PyString>() {
        return UnixTime::parse_rfc3339(&s.to_string_lossy()).ok_or_else(|| {
            PyValueError::new_err("at is not an RFC 3339 time such as 2027-01-01T00:00:00Z")
        });
    }
    if at.is_instance(DATETIME.import(py, "datetime", "datetime")?)? {
        // utctimetuple() takes a naive datetime as it is (UTC) and converts an aware one.
        return TIMEGM
            .import(py, "calendar", "timegm")?
            .call1((at.call_method0("utctimetuple")?,))
            .and_then(|s| s.extract::<i64>())
            .map(UnixTime)
            .map_err(|_| PyValueError::new_err("at is out of range"));
    }
    Err(PyTypeError::new_err(format!(
        "at must be a datetime or an RFC 3339 str, not {}",
        type_name(at)
    )))
}

/// `warn_days`: a non-negative int.
fn read_warn_days(obj: Option<&Bound<'_, PyAny>>) -> PyResult<u32> {
    let Some(obj) = obj else { return Ok(30) };
    if obj.cast::<PyBool>().is_ok() || obj.cast::<PyInt>().is_err() {
        return Err(PyTypeError::new_err(format!(
            "warn_days must be an int, not {}",
            type_name(obj)
        )));
    }
    obj.extract::<i64>()
        .ok()
        .and_then(|d| u32::try_from(d).ok())
        .ok_or_else(|| PyValueError::new_err("warn_days must be between 0 and 4294967295"))
}

/// `domains`: an iterable of str (a lone str is refused: it would be read letter by letter).
fn read_domains(obj: Option<&Bound<'_, PyAny>>) -> PyResult<Vec<String>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    if obj.cast::<PyString>().is_ok() || obj.cast::<PyBytes>().is_ok() {
        return Err(PyTypeError::new_err(
            "domains must be an iterable of str such as a list, not a single str",
        ));
    }
    let iter = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "domains must be an iterable of str, not {}",
            type_name(obj)
        ))
    })?;
    iter.map(|d| str_arg(&d?, "each domain")).collect()
}

/// `fail_on`: "error", "warning" or "notice".
fn read_fail_on(obj: &Bound<'_, PyAny>) -> PyResult<Severity> {
    let s = str_arg(obj, "fail_on")?;
    Severity::parse(&s)
        .ok_or_else(|| PyValueError::new_err("fail_on must be 'error', 'warning' or 'notice'"))
}

/// The options of a call, and the secrets in them (a key pasted as a domain or project ID).
fn options(
    now: UnixTime,
    project_id: String,
    domains: Vec<String>,
    warn_days: u32,
) -> (Options, Secrets) {
    let mut secrets = Secrets::new();
    secrets.add_short_field(project_id.clone());
    let mut options = Options::new(now)
        .project_id(project_id)
        .warn_days(warn_days);
    for d in domains {
        secrets.add_short_field(d.clone());
        options = options.domain(d);
    }
    (options, secrets)
}

/// What in a form is secret: the key field, private-key blocks anywhere, key-like short values.
/// The form is moved in (no copy); it is read only if an output needs redacting.
fn add_form_secrets(secrets: &mut Secrets, form: CertificateForm) {
    secrets.add_key_field(form.private_key);
    secrets.add_long_field(form.cert_content);
    secrets.add_long_field(form.trusted_root_ca);
    for short in [form.name, form.cert_type, form.instance_id] {
        secrets.add_short_field(short);
    }
}

/// Bytes as text for the secret scan, without a copy when they are UTF-8.
fn into_text(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The pre-flight of a body, as the gateway reads it: parsed by the library's Go-compatible
/// JSON reader, then checked. Runs without the GIL.
fn check_body(
    body: Vec<u8>,
    options: &Options,
    mut secrets: Secrets,
) -> (Result<Accepted, Rejection>, Secrets) {
    match CertificateForm::from_json(&body) {
        Ok(form) => {
            let outcome = run_preflight(&form, options);
            add_form_secrets(&mut secrets, form);
            (outcome, secrets)
        }
        Err(diagnostic) => {
            secrets.add_unparsed(into_text(body));
            let rejection = Rejection::from_diagnostics(vec![diagnostic])
                .expect("one diagnostic is a rejection");
            (Err(rejection), secrets)
        }
    }
}

/// Gives the API gateway's verdict on a `CreateCertificateV2` request body, locally.
///
/// `body` is the request body: a JSON str or bytes, exactly as sent, or a dict (serialized with
/// `json.dumps`, as `requests` does for `json=`), read as the gateway's Go decoder reads it.
/// `at` is the clock: a datetime (naive means UTC) or an RFC 3339 str; default now.
/// `project_id` is echoed in the response; `domains` must each be covered by the certificate
/// (APIG.2103); a certificate expiring within `warn_days` days gets a warning; `fail_on`
/// ("error", "warning" or "notice") decides `Result.passed`.
///
/// A rejection is a `Result` with `accepted` False, not an exception; wrong argument types raise
/// TypeError, bad values ValueError. The GIL is released while the pre-flight runs.
#[pyfunction]
#[pyo3(
    signature = (body, *, at=None, project_id=None, domains=None, warn_days=None, fail_on=None),
    text_signature = "(body, *, at=None, project_id=None, domains=(), warn_days=30, fail_on='error')"
)]
fn preflight(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    at: Option<&Bound<'_, PyAny>>,
    project_id: Option<&Bound<'_, PyAny>>,
    domains: Option<&Bound<'_, PyAny>>,
    warn_days: Option<&Bound<'_, PyAny>>,
    fail_on: Option<&Bound<'_, PyAny>>,
) -> PyResult<PreflightResult> {
    let bytes = body_bytes(py, body)?;
    let now = read_at(py, at)?;
    let project_id = match project_id.filter(|p| !p.is_none()) {
        Some(p) => str_arg(p, "project_id")?,
        None => String::new(),
    };
    let domains = read_domains(domains)?;
    let warn_days = read_warn_days(warn_days)?;
    let fail_on = match fail_on {
        Some(f) => read_fail_on(f)?,
        None => Severity::Error,
    };
    let (options, secrets) = options(now, project_id, domains, warn_days);
    let (outcome, secrets) = py.detach(move || check_body(bytes, &options, secrets));
    Ok(PreflightResult::new(outcome, secrets, fail_on))
}

/// The fields of every certificate in `data` (PEM with any number of CERTIFICATE blocks, or one
/// DER certificate), each a dict as in the gateway's response (common_name, san, organization,
/// ..., not_after, signature_algorithm, version), rendered as Go renders them.
///
/// Raises RejectionError when a certificate cannot be read (with the gateway's error code and
/// the findings on `.result`), ValueError above 1 MiB, TypeError for a non-bytes argument.
#[pyfunction]
fn inspect<'py>(py: Python<'py>, data: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyList>> {
    let bytes = text_or_bytes(data, "data")?;
    if bytes.len() > MAX_INSPECT_BYTES {
        return Err(PyValueError::new_err(format!(
            "data has {} bytes; inspect reads at most {MAX_INSPECT_BYTES}",
            bytes.len()
        )));
    }
    let (result, secrets) = py.detach(move || {
        let result = inspect_certificates(&bytes);
        let mut secrets = Secrets::new();
        secrets.add_long_field(into_text(bytes));
        (result, secrets)
    });
    match result {
        Ok(certificates) => {
            let list = PyList::empty(py);
            for fields in &certificates {
                list.append(node(fields, &secrets).to_py(py)?)?;
            }
            Ok(list)
        }
        Err(rejection) => Err(rejection_error(py, rejection, secrets)),
    }
}

/// A field's text from str or bytes; bytes that are not PEM text (DER, PKCS#12) are the
/// gateway's APIG.2106, with a finding saying how to convert them.
/// On refusal the bytes come back too, as text for the secret scan.
fn field_arg(
    field: Field,
    obj: &Bound<'_, PyAny>,
) -> PyResult<Result<String, (Rejection, String)>> {
    let bytes = text_or_bytes(obj, field.as_str())?;
    Ok(match field_text(field, &bytes) {
        Ok(text) => Ok(text.into_owned()),
        Err(rejection) => Err((rejection, into_text(bytes))),
    })
}

/// The exact JSON request body to upload (what `cert-preflight request` prints), as a dict:
/// name, cert_content, private_key, type, and instance_id/trusted_root_ca when given, with
/// every PEM field normalised (LF line endings, no text around the blocks) and checked again.
///
/// `cert`, `key` and `trusted_root_ca` are PEM as str or bytes. With `fix_order`, a chain that
/// is only out of order is put leaf-first. Raises RejectionError when the gateway would refuse
/// the request (see `.result.findings`), TypeError/ValueError for bad arguments.
///
/// The returned dict holds the private key, as the upload must: it is the one output of this
/// package that does.
#[pyfunction]
#[pyo3(
    signature = (cert, key, *, name, r#type=None, instance_id=None, trusted_root_ca=None, at=None, project_id=None, domains=None, warn_days=None, fix_order=false),
    text_signature = "(cert, key, *, name, type='global', instance_id=None, trusted_root_ca=None, at=None, project_id=None, domains=(), warn_days=30, fix_order=False)"
)]
#[allow(clippy::too_many_arguments)] // Python keyword arguments
fn upload_body<'py>(
    py: Python<'py>,
    cert: &Bound<'py, PyAny>,
    key: &Bound<'py, PyAny>,
    name: &Bound<'py, PyAny>,
    r#type: Option<&Bound<'py, PyAny>>,
    instance_id: Option<&Bound<'py, PyAny>>,
    trusted_root_ca: Option<&Bound<'py, PyAny>>,
    at: Option<&Bound<'py, PyAny>>,
    project_id: Option<&Bound<'py, PyAny>>,
    domains: Option<&Bound<'py, PyAny>>,
    warn_days: Option<&Bound<'py, PyAny>>,
    fix_order: bool,
) -> PyResult<Bound<'py, PyAny>> {
    let optional = |obj: Option<&Bound<'py, PyAny>>, what: &str| -> PyResult<String> {
        match obj.filter(|o| !o.is_none()) {
            Some(o) => str_arg(o, what),
            None => Ok(String::new()),
        }
    };
    let fields = [
        field_arg(Field::CertContent, cert)?,
        field_arg(Field::PrivateKey, key)?,
        match trusted_root_ca.filter(|t| !t.is_none()) {
            Some(t) => field_arg(Field::TrustedRootCa, t)?,
            None => Ok(String::new()),
        },
    ];
    let name = str_arg(name, "name")?;
    let cert_type = match r#type.filter(|t| !t.is_none()) {
        Some(t) => str_arg(t, "type")?,
        None => "global".to_owned(),
    };
    let instance_id = optional(instance_id, "instance_id")?;
    let now = read_at(py, at)?;
    let project_id = optional(project_id, "project_id")?;
    let (options, mut secrets) = options(
        now,
        project_id,
        read_domains(domains)?,
        read_warn_days(warn_days)?,
    );
    let [cert_content, private_key, trusted_root_ca] = match fields {
        [Ok(c), Ok(k), Ok(t)] => [c, k, t],
        [c, k, t] => {
            // A field that is not text: the gateway's rejection of the first such field. Every
            // field is a secret source (the key's bytes may sit in any of them).
            let mut rejections = Vec::new();
            for (i, field) in [c, k, t].into_iter().enumerate() {
                let text = match field {
                    Ok(text) => text,
                    Err((rejection, text)) => {
                        rejections.push(rejection);
                        text
                    }
                };
                match i {
                    1 => secrets.add_key_field(text),
                    _ => secrets.add_long_field(text),
                }
            }
            let rejection = rejections.into_iter().next().expect("one field failed");
            return Err(rejection_error(py, rejection, secrets));
        }
    };
    let form = CertificateForm {
        name,
        cert_content,
        private_key,
        cert_type,
        instance_id,
        trusted_root_ca,
    };
    let order = if fix_order {
        ChainOrder::LeafFirst
    } else {
        ChainOrder::AsGiven
    };
    let checked = py.detach(|| normalized_request(&form, &options, order));
    add_form_secrets(&mut secrets, form);
    match checked {
        // Not redacted: the upload body must hold the key.
        Ok(normalized) => node(&UploadBody::from(&normalized.form), &Secrets::new()).to_py(py),
        Err(rejection) => Err(rejection_error(py, rejection, secrets)),
    }
}

/// For the benchmark (python/bench/bench_python.py): `n` pre-flights of `body` in Rust alone,
/// the body parsed once beforehand (or each time, with `parse`), without the GIL; returns the
/// seconds taken. Timing both sides in one process lets the script pair them round by round.
#[pyfunction]
#[pyo3(signature = (body, at, n, parse=false))]
fn _bench_rust_preflight(
    py: Python<'_>,
    body: &Bound<'_, PyAny>,
    at: &Bound<'_, PyAny>,
    n: u32,
    parse: bool,
) -> PyResult<f64> {
    let bytes = body_bytes(py, body)?;
    let now = read_at(py, Some(at))?;
    let options = Options::new(now);
    let form = CertificateForm::from_json(&bytes)
        .map_err(|_| PyValueError::new_err("the benchmark body must be a JSON request body"))?;
    Ok(py.detach(|| {
        let start = std::time::Instant::now();
        for _ in 0..n {
            let outcome = if parse {
                CertificateForm::from_json(std::hint::black_box(&bytes))
                    .map(|form| run_preflight(&form, &options))
                    .is_ok()
            } else {
                run_preflight(std::hint::black_box(&form), &options).is_ok()
            };
            std::hint::black_box(outcome);
        }
        start.elapsed().as_secs_f64()
    }))
}

/// The API gateway's certificate verdict, locally, before upload (native part of
/// `cert_preflight`; import `cert_preflight`, not this module).
#[pymodule(name = "_native")]
mod native {
    use pyo3::prelude::*;

    #[pymodule_export]
    use super::{
        _bench_rust_preflight, inspect, preflight, upload_body, PreflightResult, RejectionError,
    };

    #[pymodule_init]
    fn init(m: &Bound<'_, PyModule>) -> PyResult<()> {
        m.add("__version__", env!("CARGO_PKG_VERSION"))?;
        m.add("REPORT_SCHEMA", super::REPORT_SCHEMA)?;
        // For the benchmark script, which refuses to time a debug build.
        m.add("_debug_build", cfg!(debug_assertions))
    }
}
