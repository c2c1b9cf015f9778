//! `check` and `request`: one bundle from files (or a request body), one pre-flight.

use crate::args::{CheckArgs, Format, InputArgs, RequestArgs};
use crate::findings::{fails, findings, Finding, Severity, Sources};
use crate::read::{field_bound, read_checked, too_long_rejection, ReadFailure, MAX_BODY_BYTES};
use crate::redact::redact;
use crate::render::ci::BundleFindings;
use crate::term::{err_line, escape, Style};
use crate::{now, render, term, CliError, Output, GATEWAY_RULES};
use cert_preflight::{
    field_text, normalized_request, preflight, suggest_name, Accepted, CertificateForm, ChainOrder,
    Field, Rejection, Report, UnixTime, UploadBody,
};
use serde::Serialize;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The default `name`: made from the server certificate's common name (`api.shop.example` ->
/// `api_shop_example`; every certbot bundle is called `fullchain`, so the file name says
/// little), else from the file name; letters, digits and `_`, a letter first, 4 to 50 long.
pub fn default_name(cert_content: &str, path: &Path) -> String {
    let cn = cert_preflight::inspect(cert_content.as_bytes())
        .ok()
        .and_then(|certs| certs.into_iter().next())
        .map(|leaf| leaf.common_name)
        .filter(|cn| !cn.is_empty());
    let stem = || {
        path.file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    };
    suggest_name(&cn.unwrap_or_else(stem))
}

/// Stdin can be read once: more than one `-` among the inputs is a usage error.
pub fn stdin_once<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) -> Result<(), CliError> {
    let dashes = paths
        .into_iter()
        .filter(|p| p.as_path() == Path::new("-"))
        .count();
    if dashes > 1 {
        Err(CliError::Usage(
            "stdin (`-`) can be given for one input only".to_owned(),
        ))
    } else {
        Ok(())
    }
}

impl From<ReadFailure> for CliError {
    fn from(f: ReadFailure) -> Self {
        match f {
            ReadFailure::Usage(m) => CliError::Usage(m),
            ReadFailure::Io(m) => CliError::Io(m),
            ReadFailure::TooLong { limit } => CliError::Io(format!("longer than {limit} bytes")),
        }
    }
}

/// A file path as shown in outputs: redacted if it looks like key material.
pub fn path_label(path: &Path) -> String {
    redact(&path.to_string_lossy()).into_owned()
}

/// Reads one field's file within its bound: the text, a rejection (binary input, too long), or a
/// usage error. The text's blocks are recorded in `sources`.
fn read_field(
    field: Field,
    path: &Path,
    option: &str,
    sources: &mut Sources,
) -> Result<Result<String, Rejection>, CliError> {
    let limit = field_bound(field);
    match read_checked(path, limit, option) {
        Ok(bytes) => {
            let text = field_text(field, &bytes).map(std::borrow::Cow::into_owned);
            if let Ok(t) = &text {
                sources.add_file(field, &path_label(path), t);
            }
            Ok(text)
        }
        Err(ReadFailure::TooLong { limit }) => Ok(Err(too_long_rejection(field, limit))),
        Err(other) => Err(other.into()),
    }
}

/// The request body from `--request`, or from the files; a binary or oversized file is already
/// a rejection.
pub fn build_form(
    args: &InputArgs,
    sources: &mut Sources,
) -> Result<Result<CertificateForm, Rejection>, CliError> {
    stdin_once(
        [&args.request, &args.cert, &args.key, &args.trusted_root_ca]
            .into_iter()
            .flatten(),
    )?;
    if let Some(path) = &args.request {
        return match read_checked(path, MAX_BODY_BYTES, "--request") {
            Ok(body) => {
                let form = CertificateForm::from_json(&body)
                    .map_err(|d| Rejection::from_diagnostics(vec![d]).expect("one diagnostic"));
                if let Ok(f) = &form {
                    // Blocks are located within their field's text (the body has no PEM lines).
                    let label = path_label(path);
                    sources.add_file(Field::CertContent, &label, &f.cert_content);
                    sources.add_file(Field::TrustedRootCa, &label, &f.trusted_root_ca);
                    sources.add_file(Field::PrivateKey, &label, &f.private_key);
                }
                Ok(form)
            }
            Err(ReadFailure::TooLong { limit }) => Ok(Err(too_long_rejection(Field::Body, limit))),
            Err(other) => Err(other.into()),
        };
    }
    let (cert_path, key_path) = match (&args.cert, &args.key) {
        (Some(c), Some(k)) => (c, k),
        _ => {
            return Err(CliError::Usage(
                "give --cert and --key, or --request".to_owned(),
            ))
        }
    };
    let cert_content = match read_field(Field::CertContent, cert_path, "--cert", sources)? {
        Ok(t) => t,
        Err(r) => return Ok(Err(r)),
    };
    let private_key = match read_field(Field::PrivateKey, key_path, "--key", sources)? {
        Ok(t) => t,
        Err(r) => return Ok(Err(r)),
    };
    let trusted_root_ca = match &args.trusted_root_ca {
        Some(p) => match read_field(Field::TrustedRootCa, p, "--trusted-root-ca", sources)? {
            Ok(t) => t,
            Err(r) => return Ok(Err(r)),
        },
        None => String::new(),
    };
    Ok(Ok(CertificateForm {
        name: args
            .name
            .clone()
            .unwrap_or_else(|| default_name(&cert_content, cert_path)),
        cert_content,
        private_key,
        cert_type: args.cert_type.clone(),
        instance_id: args.instance_id.clone().unwrap_or_default(),
        trusted_root_ca,
    }))
}

/// The paths a check read, as the report names them.
#[derive(Serialize)]
pub struct Inputs {
    #[serde(skip_serializing_if = "Option::is_none")]
    request: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cert: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    trusted_root_ca: Option<String>,
}

impl Inputs {
    fn of(args: &InputArgs) -> Self {
        let label = |p: &Option<PathBuf>| p.as_deref().map(path_label);
        Inputs {
            request: label(&args.request),
            cert: label(&args.cert),
            key: label(&args.key),
            trusted_root_ca: label(&args.trusted_root_ca),
        }
    }
}

/// The tool that made a report.
#[derive(Serialize)]
pub struct Tool {
    pub name: &'static str,
    pub version: &'static str,
    pub gateway_rules: &'static str,
}

pub const TOOL: Tool = Tool {
    name: "cert-preflight",
    version: env!("CARGO_PKG_VERSION"),
    gateway_rules: GATEWAY_RULES,
};

/// `--format report`: the library's `report/v1` document, plus the tool, the inputs, the time
/// checked for, every finding with its severity and data, and the gate's answer.
#[derive(Serialize)]
struct CliReport<'a> {
    #[serde(flatten)]
    report: Report<'a>,
    tool: Tool,
    inputs: Inputs,
    /// The time the check was made for (`--at`, or the clock), RFC 3339.
    checked_at: String,
    findings: &'a [Finding],
    gate: Gate,
}

/// What the gate decided.
#[derive(Serialize)]
pub struct Gate {
    pub fail_on: Severity,
    pub failed: bool,
}

pub fn check(args: CheckArgs, output: Output) -> Result<ExitCode, CliError> {
    let mut sources = Sources::default();
    let at = args.check.at.unwrap_or_else(now);
    let outcome = match build_form(&args.input, &mut sources)? {
        Ok(form) => preflight(&form, &args.check.options(at)),
        Err(rejection) => Err(rejection),
    };
    let found = findings(&outcome, &sources, at);
    let threshold = args.gate.threshold();
    let failed = fails(&found, threshold);
    if !output.quiet {
        let name = args
            .input
            .cert
            .as_deref()
            .or(args.input.request.as_deref())
            .map(path_label)
            .unwrap_or_default();
        print_check(&args, &outcome, &found, &name, at, failed);
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_check(
    args: &CheckArgs,
    outcome: &Result<Accepted, Rejection>,
    found: &[Finding],
    name: &str,
    at: UnixTime,
    failed: bool,
) {
    let threshold = args.gate.threshold();
    let bundle = [BundleFindings {
        name,
        accepted: outcome.is_ok(),
        findings: found,
    }];
    match args.format {
        Format::Json => {
            term::out(&format!(
                "{}\n",
                render::json::gateway_body(outcome, args.pretty)
            ));
            write_findings_to_stderr(outcome);
        }
        Format::Text => {
            let style = Style::for_stream(std::io::stdout().is_terminal());
            let mut text = Vec::new();
            let _ = render::text::write_check(&mut text, outcome, style, &terms(&args.input));
            if failed && outcome.is_ok() {
                let _ = writeln!(
                    text,
                    "\nFAILED --fail-on {}: the gateway accepts, but findings reach that severity",
                    threshold.as_str()
                );
            }
            let _ = std::io::stdout().lock().write_all(&text);
        }
        Format::Report => {
            let doc = CliReport {
                report: Report::new(outcome),
                tool: TOOL,
                inputs: Inputs::of(&args.input),
                checked_at: at.to_string(),
                findings: found,
                gate: Gate {
                    fail_on: threshold,
                    failed,
                },
            };
            term::out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).expect("serializable")
            ));
        }
        Format::Sarif => term::out(&format!("{}\n", render::ci::sarif(&bundle))),
        Format::Junit => term::out(&render::ci::junit(&bundle, threshold)),
        Format::Github => term::out(&render::ci::github(&bundle)),
    }
}

/// Beside `--format json`'s body on stdout: the diagnostics and warnings on stderr, escaped.
fn write_findings_to_stderr(outcome: &Result<Accepted, Rejection>) {
    let (diagnostics, warnings) = match outcome {
        Ok(a) => (&[][..], &a.warnings[..]),
        Err(r) => (r.diagnostics(), r.warnings()),
    };
    for d in diagnostics {
        err_line(&escape(&d.to_string()));
    }
    for w in warnings {
        err_line(&format!("warning: {}", escape(&w.to_string())));
    }
}

/// The command line's words for the fields read from files (none for `--request`).
fn terms(input: &InputArgs) -> render::text::Terms {
    let files = [
        (Field::CertContent, "--cert", &input.cert),
        (Field::PrivateKey, "--key", &input.key),
        (
            Field::TrustedRootCa,
            "--trusted-root-ca",
            &input.trusted_root_ca,
        ),
    ];
    render::text::Terms::new(
        files
            .into_iter()
            .filter_map(|(f, option, path)| path.as_deref().map(|p| (f, option, path_label(p)))),
    )
}

pub fn request(args: RequestArgs) -> Result<ExitCode, CliError> {
    let mut sources = Sources::default();
    let form = match build_form(&args.input, &mut sources)? {
        Ok(form) => {
            let order = if args.fix_order {
                ChainOrder::LeafFirst
            } else {
                ChainOrder::AsGiven
            };
            normalized_request(&form, &args.check.options(now()), order)
        }
        Err(rejection) => Err(rejection),
    };
    match form {
        Ok(normalized) => {
            let (form, accepted) = (&normalized.form, &normalized.accepted);
            for field in &normalized.unhidden {
                err_line(&format!(
                    "note: removed what hid a -----BEGIN line from the gateway in `{field}` (a byte-order mark, an invisible space or indentation)"
                ));
            }
            if let Some(order) = &normalized.reordered {
                let order: Vec<String> = order.iter().map(usize::to_string).collect();
                err_line(&format!(
                    "note: chain reordered leaf-first (certificates {})",
                    order.join(", ")
                ));
            }
            for w in &accepted.warnings {
                err_line(&format!("warning: {}", escape(&w.to_string())));
            }
            let body = serde_json::to_string_pretty(&UploadBody::from(form)).expect("serializable");
            term::out(&format!("{body}\n"));
            Ok(ExitCode::SUCCESS)
        }
        Err(rejection) => {
            let mut text =
                b"cert-preflight: not printing a body the gateway would reject:\n".to_vec();
            let style = Style::for_stream(std::io::stderr().is_terminal());
            let _ =
                render::text::write_rejection(&mut text, &rejection, style, &terms(&args.input));
            let _ = std::io::stderr().lock().write_all(&text);
            Ok(ExitCode::from(1))
        }
    }
}
