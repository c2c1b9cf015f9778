//! cert-preflight for JavaScript: the API gateway's certificate verdict in Node and in browsers,
//! compiled to WebAssembly with wasm-bindgen.
//!
//! The calls mirror the command line: [`preflight`] is `check --format report`, [`inspect`] is
//! `inspect`, [`upload_body`] is `request`. Results are plain JavaScript objects whose fields are
//! written by the library's own serde types (`report/v1`), so they equal the native output.
//!
//! Input is read with a bound before it is copied into WebAssembly memory: a request body or a
//! field over 1 MiB is never copied whole. Misuse (a wrong type, a bad option) throws a
//! `TypeError` or `RangeError` whose message never quotes the value given; a body the gateway
//! refuses is a result, not an exception.

mod outcome;

pub use outcome::FailOn;

use cert_preflight::{
    field_text, normalized_request, suggest_name, CertificateForm, ChainOrder, Diagnostic, Field,
    Options, Rejection, UnixTime, UploadBody,
};
use js_sys::{ArrayBuffer, Date, JsString, Reflect, Uint8Array, JSON};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The largest request body the gateway reads: the library's bound.
use cert_preflight::MAX_BODY_BYTES;

/// The most domains one call checks (each is a diagnostic when uncovered).
const MAX_DOMAINS: usize = 100;

/// The longest option string taken (`projectId`, a domain, `name`, `instanceId`...).
const MAX_OPTION_CHARS: u32 = 4096;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** The request body of `CreateCertificateV2`: JSON text, its bytes, or an object to serialize. */
export type RequestBody = string | Uint8Array | ArrayBuffer | Record<string, unknown>;

/** How to check (all optional). */
export interface CheckOptions {
  /** The clock: an RFC 3339 time such as "2027-01-01T00:00:00Z", or a Date. Default: now. */
  at?: string | Date;
  /** The `project_id` echoed in the response. Default "". */
  projectId?: string;
  /** The certificate `id` to answer with (32 lowercase hex). Default: derived from the request. */
  id?: string;
  /** Domain names the certificate will be bound to; each must be covered (APIG.2103). At most 100. */
  domains?: string[];
  /** Warn when a certificate of the chain expires within this many days. Default 30. */
  warnDays?: number;
  /** Which findings make `failed` true: "error" (default, the gateway's verdict), "warning" or "notice". */
  failOn?: "error" | "warning" | "notice";
}

/** The fields of the upload body besides the certificate and key, and how to check it. */
export interface UploadOptions extends CheckOptions {
  /** The certificate `name`: 4 to 50 letters, digits or `_`, a letter first. */
  name?: string;
  /** "global" (default) or "instance". */
  type?: string;
  /** The gateway ID, for type "instance". */
  instanceId?: string;
  /** CA certificates for two-way TLS (PEM text or file bytes). */
  trustedRootCa?: string | Uint8Array;
  /** Put a chain that is only out of order leaf-first. */
  fixOrder?: boolean;
}

/** One finding: a diagnostic (severity "error": the gateway refuses) or a warning. */
export interface Finding {
  id: string;
  severity: "error" | "warning" | "notice";
  /** The gateway code a diagnostic gives (APIG.xxxx); null for warnings. */
  code: string | null;
  /** The request field: name, cert_content, private_key, type, instance_id, trusted_root_ca, body. */
  field: string | null;
  /** The 1-based PEM block or chain position. */
  block: number | null;
  message: string;
  fix: string | null;
  data: Record<string, unknown> | null;
  [key: string]: unknown;
}

/** A certificate's fields, rendered as the gateway (Go's crypto/x509) renders them. */
export interface CertificateFields {
  common_name: string;
  san: string[];
  organization: string[];
  organizational_unit: string[];
  locality: string[];
  state: string[];
  country: string[];
  issuer: string[];
  serial_number: string;
  not_before: string;
  not_after: string;
  signature_algorithm: string;
  version: number;
}

/** The gateway's response body for a created certificate. */
export interface CertificateDetail extends CertificateFields {
  id: string;
  name: string;
  type: string;
  instance_id: string;
  project_id: string;
  is_has_trusted_root_ca: boolean;
  create_time: string;
  update_time: string;
}

/** The gateway's error body. */
export interface ErrorBody {
  error_code: string;
  error_msg: string;
}

/** The `cert-preflight/report/v1` document, as `cert-preflight check --format report` prints it. */
export interface Report {
  schema: "cert-preflight/report/v1";
  verdict: "accepted" | "rejected";
  http_status: number;
  body: CertificateDetail | ErrorBody;
  diagnostics: Array<Record<string, unknown>>;
  warnings: Array<Record<string, unknown>>;
}

/** The gateway's verdict on one request. */
export interface PreflightResult {
  /** Whether the gateway creates the certificate. */
  accepted: boolean;
  /** The HTTP status it answers with. */
  status: number;
  error_code: string | null;
  error_msg: string | null;
  /** The response body when accepted. */
  detail: CertificateDetail | null;
  /** Diagnostics (errors) first, then warnings. */
  findings: Finding[];
  /** Whether a finding at or above `failOn` was found. */
  failed: boolean;
  report: Report;
}

/** The body to upload, exactly as `cert-preflight request` prints it. */
export interface UploadBody {
  name: string;
  cert_content: string;
  private_key: string;
  type: string;
  instance_id?: string;
  trusted_root_ca?: string;
}

/** The verdict on the normalised body, and the body when the gateway accepts it. */
export interface UploadResult extends PreflightResult {
  body: UploadBody | null;
  /** The original 1-based positions of the certificates, when `fixOrder` reordered the chain. */
  reordered: number[] | null;
}

/** The certificates of a PEM or DER input, or why it cannot be read. */
export interface InspectResult {
  certificates: CertificateFields[];
  error_code: string | null;
  error_msg: string | null;
  findings: Finding[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// The request body as JavaScript gives it.
    #[wasm_bindgen(typescript_type = "RequestBody")]
    pub type RequestBody;
    /// `CheckOptions` (TypeScript).
    #[wasm_bindgen(typescript_type = "CheckOptions")]
    pub type CheckOptions;
    /// `UploadOptions` (TypeScript).
    #[wasm_bindgen(typescript_type = "UploadOptions")]
    pub type UploadOptions;
    /// PEM text or file bytes.
    #[wasm_bindgen(typescript_type = "string | Uint8Array")]
    pub type PemInput;
    /// `PreflightResult` (TypeScript).
    #[wasm_bindgen(typescript_type = "PreflightResult")]
    pub type PreflightResult;
    /// `UploadResult` (TypeScript).
    #[wasm_bindgen(typescript_type = "UploadResult")]
    pub type UploadResult;
    /// `InspectResult` (TypeScript).
    #[wasm_bindgen(typescript_type = "InspectResult")]
    pub type InspectResult;
}

/// The gateway's verdict on a `CreateCertificateV2` request body, as
/// `cert-preflight check --request FILE --format report` gives it, with `accepted`, `status`,
/// `error_code`, `error_msg`, `detail` and `findings` beside the `report/v1` document.
#[wasm_bindgen]
pub fn preflight(
    body: &RequestBody,
    options: Option<CheckOptions>,
) -> Result<PreflightResult, JsValue> {
    let (opts, fail_on) = check_options(options.as_deref())?;
    let outcome = match read_body(body)? {
        Ok(bytes) => CertificateForm::from_json(&bytes)
            .map_err(one_diagnostic)
            .and_then(|form| cert_preflight::preflight(&form, &opts)),
        Err(too_long) => Err(too_long),
    };
    Ok(to_js(&outcome::preflight_json(&outcome, fail_on)).unchecked_into())
}

/// The fields of every certificate in PEM or DER input (at most 1 MiB), as
/// `cert-preflight inspect` reads them.
#[wasm_bindgen]
pub fn inspect(input: &PemInput) -> Result<InspectResult, JsValue> {
    let bytes = read_bytes(input, "input")?;
    let result = cert_preflight::inspect(&bytes);
    Ok(to_js(&outcome::inspect_json(&result)).unchecked_into())
}

/// The exact body to upload, as `cert-preflight request` prints it: the PEM normalised (LF line
/// endings, nothing around the blocks) and checked again. `body` is `null` when the gateway
/// would refuse the request; the findings say why.
#[wasm_bindgen(js_name = uploadBody)]
pub fn upload_body(
    cert: &PemInput,
    key: &PemInput,
    options: Option<UploadOptions>,
) -> Result<UploadResult, JsValue> {
    let opts_js = options.as_deref();
    let (opts, fail_on) = check_options(opts_js)?;
    let fix_order = bool_option(opts_js, "fixOrder")?;
    let form = upload_form(cert, key, opts_js)?;
    let order = if fix_order {
        ChainOrder::LeafFirst
    } else {
        ChainOrder::AsGiven
    };
    let json = match form.and_then(|form| normalized_request(&form, &opts, order)) {
        Ok(normalized) => outcome::upload_json(
            &Ok(normalized.accepted.clone()),
            Some(UploadBody::from(&normalized.form)),
            normalized.reordered.as_deref(),
            fail_on,
        ),
        Err(rejection) => outcome::upload_json(&Err(rejection), None, None, fail_on),
    };
    Ok(to_js(&json).unchecked_into())
}

/// A `name` the gateway takes, made from any text (a file name, a common name).
#[wasm_bindgen(js_name = suggestName)]
pub fn suggest_name_js(text: &str) -> String {
    suggest_name(text)
}

/// The package version (the library's).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// JSON text as a JavaScript value, through `JSON.parse`: exactly what `serde_json` wrote,
/// keys in the schema's order.
fn to_js(json: &str) -> JsValue {
    JSON::parse(json).expect("serde_json writes valid JSON")
}

fn one_diagnostic(d: Diagnostic) -> Rejection {
    Rejection::from_diagnostic(d)
}

/// APIG.2006 for a body over the gateway's bound, said without reading it (the library's words).
fn body_too_long() -> Rejection {
    one_diagnostic(CertificateForm::body_too_long())
}

/// The body's bytes; a body over 1 MiB is the gateway's APIG.2006 without being copied.
fn read_body(body: &JsValue) -> Result<Result<Vec<u8>, Rejection>, JsValue> {
    if let Some(s) = body.dyn_ref::<JsString>() {
        return Ok(string_body(s));
    }
    if let Some(bytes) = byte_view(body) {
        let len = bytes.length() as usize;
        if len > MAX_BODY_BYTES {
            return Ok(Err(body_too_long()));
        }
        return Ok(Ok(bytes.to_vec()));
    }
    if body.is_undefined() || body.is_function() || body.is_symbol() {
        return Err(type_error(
            "body must be the request body: a JSON string, its bytes (Uint8Array), or an object",
        ));
    }
    // Objects, arrays, numbers, booleans and null are JSON values: serialized, then read as
    // the gateway reads any body (a cycle or a BigInt makes JSON.stringify throw).
    let text = JSON::stringify(body)?;
    Ok(string_body(&text))
}

/// A JSON text's UTF-8 bytes. Each UTF-16 unit is at least one UTF-8 byte, so a string of
/// more units than the bound is too long whatever it holds.
fn string_body(s: &JsString) -> Result<Vec<u8>, Rejection> {
    let units = s.length() as usize;
    if units > MAX_BODY_BYTES {
        return Err(body_too_long());
    }
    Ok(String::from(s).into_bytes())
}

/// A Uint8Array (Node's Buffer included) or an ArrayBuffer, viewed without copying.
fn byte_view(v: &JsValue) -> Option<Uint8Array> {
    if let Some(a) = v.dyn_ref::<Uint8Array>() {
        return Some(a.clone());
    }
    v.dyn_ref::<ArrayBuffer>().map(|b| Uint8Array::new(b))
}

/// PEM or DER input as bytes, refused over 1 MiB before it is copied.
fn read_bytes(v: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
    if let Some(s) = v.dyn_ref::<JsString>() {
        if s.length() as usize > MAX_BODY_BYTES {
            return Err(too_big(what));
        }
        return Ok(String::from(s).into_bytes());
    }
    match byte_view(v) {
        Some(b) if b.length() as usize > MAX_BODY_BYTES => Err(too_big(what)),
        Some(b) => Ok(b.to_vec()),
        None => Err(type_error(&format!(
            "{what} must be PEM text (a string) or file bytes (a Uint8Array)"
        ))),
    }
}

fn too_big(what: &str) -> JsValue {
    js_sys::RangeError::new(&format!(
        "{what} is over 1 MiB ({MAX_BODY_BYTES} bytes), more than any request body the gateway reads; it was not read"
    ))
    .into()
}

fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// A field's text from PEM text or file bytes; binary bytes (DER, PKCS#12) are already the
/// gateway's refusal (APIG.2106), as in the command line.
fn read_field(field: Field, v: &JsValue, what: &str) -> Result<Result<String, Rejection>, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(Ok(String::new()));
    }
    let bytes = read_bytes(v, what)?;
    Ok(field_text(field, &bytes).map(std::borrow::Cow::into_owned))
}

/// The request body `uploadBody` checks, from its arguments.
fn upload_form(
    cert: &JsValue,
    key: &JsValue,
    options: Option<&JsValue>,
) -> Result<Result<CertificateForm, Rejection>, JsValue> {
    let cert_content = match read_field(Field::CertContent, cert, "cert")? {
        Ok(t) => t,
        Err(r) => return Ok(Err(r)),
    };
    let private_key = match read_field(Field::PrivateKey, key, "key")? {
        Ok(t) => t,
        Err(r) => return Ok(Err(r)),
    };
    let trusted = get(options, "trustedRootCa")?;
    let trusted_root_ca = match read_field(Field::TrustedRootCa, &trusted, "options.trustedRootCa")?
    {
        Ok(t) => t,
        Err(r) => return Ok(Err(r)),
    };
    Ok(Ok(CertificateForm {
        name: string_option(options, "name")?.unwrap_or_default(),
        cert_content,
        private_key,
        cert_type: string_option(options, "type")?.unwrap_or_else(|| "global".to_owned()),
        instance_id: string_option(options, "instanceId")?.unwrap_or_default(),
        trusted_root_ca,
    }))
}

/// A property of the options object (`undefined` when there are no options).
fn get(options: Option<&JsValue>, key: &str) -> Result<JsValue, JsValue> {
    match options {
        None => Ok(JsValue::UNDEFINED),
        Some(o) if o.is_undefined() || o.is_null() => Ok(JsValue::UNDEFINED),
        Some(o) if o.is_object() => Reflect::get(o, &JsValue::from_str(key)),
        Some(_) => Err(type_error("options must be an object")),
    }
}

/// An optional string option, bounded; never quoted back in an error.
fn string_option(options: Option<&JsValue>, key: &str) -> Result<Option<String>, JsValue> {
    let v = get(options, key)?;
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    string_value(&v, &format!("options.{key}")).map(Some)
}

fn string_value(v: &JsValue, what: &str) -> Result<String, JsValue> {
    let Some(s) = v.dyn_ref::<JsString>() else {
        return Err(type_error(&format!("{what} must be a string")));
    };
    if s.length() > MAX_OPTION_CHARS {
        return Err(js_sys::RangeError::new(&format!(
            "{what} is longer than {MAX_OPTION_CHARS} characters"
        ))
        .into());
    }
    let text = String::from(s);
    if looks_like_key(&text) {
        return Err(js_sys::RangeError::new(&format!(
            "{what} looks like key material (a PEM private key or a long base64 run), not shown; pass the key as the key argument or body field"
        ))
        .into());
    }
    Ok(text)
}

/// Key text given where a short value goes (issue 16): a PEM private-key label, or a base64
/// run of 64 characters or more (a whole PEM line). No name, ID, domain label or time is that.
fn looks_like_key(text: &str) -> bool {
    const RUN: usize = 64;
    if text.contains("PRIVATE KEY") {
        return true;
    }
    let mut run = 0;
    for b in text.bytes() {
        run = if b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=') {
            run + 1
        } else {
            0
        };
        if run >= RUN {
            return true;
        }
    }
    false
}

fn bool_option(options: Option<&JsValue>, key: &str) -> Result<bool, JsValue> {
    let v = get(options, key)?;
    match v.as_bool() {
        Some(b) => Ok(b),
        None if v.is_undefined() || v.is_null() => Ok(false),
        None => Err(type_error(&format!("options.{key} must be a boolean"))),
    }
}

/// The library's `Options` and the gate from the JavaScript options.
fn check_options(options: Option<&JsValue>) -> Result<(Options, FailOn), JsValue> {
    let mut opts = Options::new(clock(&get(options, "at")?)?)
        .project_id(string_option(options, "projectId")?.unwrap_or_default())
        .warn_days(warn_days(&get(options, "warnDays")?)?);
    if let Some(id) = string_option(options, "id")? {
        if id.len() != 32 || !id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
            return Err(js_sys::RangeError::new(
                "options.id must be 32 lowercase hex characters, as the gateway makes IDs",
            )
            .into());
        }
        opts = opts.id(id);
    }
    for domain in domains(&get(options, "domains")?)? {
        opts = opts.domain(domain);
    }
    let fail_on = match string_option(options, "failOn")? {
        None => FailOn::Error,
        Some(s) => FailOn::parse(&s).ok_or_else(|| {
            JsValue::from(js_sys::RangeError::new(
                "options.failOn must be \"error\", \"warning\" or \"notice\"",
            ))
        })?,
    };
    Ok((opts, fail_on))
}

/// `at`: an RFC 3339 string or a Date; now when absent.
fn clock(at: &JsValue) -> Result<UnixTime, JsValue> {
    let ms = if at.is_undefined() || at.is_null() {
        Date::now()
    } else if let Some(date) = at.dyn_ref::<Date>() {
        date.get_time()
    } else if at.is_string() {
        let s = string_value(at, "options.at")?;
        return UnixTime::parse_rfc3339(&s).ok_or_else(|| {
            js_sys::RangeError::new(
                "options.at is not an RFC 3339 time such as 2027-01-01T00:00:00Z",
            )
            .into()
        });
    } else {
        return Err(type_error(
            "options.at must be an RFC 3339 string or a Date",
        ));
    };
    if !ms.is_finite() {
        return Err(js_sys::RangeError::new("options.at is an invalid Date").into());
    }
    // Dates span +-8.64e15 ms, well inside i64 seconds.
    Ok(UnixTime((ms / 1000.0).floor() as i64))
}

fn warn_days(v: &JsValue) -> Result<u32, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(30);
    }
    match v.as_f64() {
        Some(n) if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) => Ok(n as u32),
        Some(_) => Err(js_sys::RangeError::new(
            "options.warnDays must be a whole number of days from 0 to 4294967295",
        )
        .into()),
        None => Err(type_error("options.warnDays must be a number")),
    }
}

fn domains(v: &JsValue) -> Result<Vec<String>, JsValue> {
    if v.is_undefined() || v.is_null() {
        return Ok(Vec::new());
    }
    if !js_sys::Array::is_array(v) {
        return Err(type_error("options.domains must be an array of strings"));
    }
    let list: &js_sys::Array = v.unchecked_ref();
    if list.length() as usize > MAX_DOMAINS {
        return Err(js_sys::RangeError::new(&format!(
            "options.domains holds more than {MAX_DOMAINS} names"
        ))
        .into());
    }
    list.iter()
        .map(|d| string_value(&d, "each of options.domains"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::looks_like_key;

    #[test]
    fn key_text_is_told_from_short_values() {
        assert!(looks_like_key("-----BEGIN PRIVATE KEY-----"));
        assert!(looks_like_key("x EC PRIVATE KEY y"));
        assert!(looks_like_key(&"A".repeat(64)));
        assert!(!looks_like_key(&"A".repeat(63)));
        assert!(!looks_like_key("f0fa17893b76433ba7879892951c620e"));
        assert!(!looks_like_key(&format!("{}.example.com", "a".repeat(63))));
        assert!(!looks_like_key("2027-01-01T00:00:00Z"));
        assert!(!looks_like_key(&"name_".repeat(10)));
    }
}
