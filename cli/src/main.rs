//! The `cert-preflight` command: a thin shell over the library. It reads files (bounded), calls
//! `preflight` or `inspect`, prints, and exits 0 (accepted), 1 (rejected) or 2 (usage or I/O).
//!
//! Every door is shut here: no value that looks like key material is ever printed
//! (`redact`, `clap_error`), reads are bounded and never block (`read`), and every string from
//! outside is escaped for the terminal (`term`). Nothing panics on a closed stdout or stderr.

mod args;
mod clap_error;
mod read;
mod redact;
mod render;
mod term;

use args::{CheckArgs, Cli, Command, Format, InputArgs, InspectArgs, RequestArgs};
use cert_preflight::{
    field_text, inspect, normalized_request, preflight, suggest_name, Accepted, CertificateForm,
    Field, Rejection, UnixTime, UploadBody,
};
use clap::Parser;
use read::{field_bound, read_checked, too_long_rejection, ReadFailure};
use redact::shown;
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use term::{err_line, escape, Style};

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e, &argv),
    };
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Inspect(args) => inspect_files(args),
        Command::Request(args) => request(args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            err_line(&format!("cert-preflight: {message}"));
            ExitCode::from(2)
        }
    }
}

/// Prints a clap error (or help, or version) safely; exit 0 for help and version, 2 otherwise.
fn clap_exit(e: &clap::Error, argv: &[OsString]) -> ExitCode {
    let text = clap_error::render(e, argv);
    if e.use_stderr() {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
        ExitCode::from(2)
    } else {
        term::out(&text);
        ExitCode::SUCCESS
    }
}

fn now() -> UnixTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    UnixTime(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// A valid `name` from a file name: letters, digits and `_`, a letter first, 4 to 50 long.
fn name_from_path(path: &Path) -> String {
    let stem = path
        .file_stem()
        .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
    suggest_name(&stem)
}

/// Stdin can be read once: more than one `-` among the inputs is a usage error.
fn stdin_once<'a>(paths: impl IntoIterator<Item = &'a PathBuf>) -> Result<(), String> {
    let dashes = paths
        .into_iter()
        .filter(|p| p.as_path() == Path::new("-"))
        .count();
    if dashes > 1 {
        Err("stdin (`-`) can be given for one input only".to_owned())
    } else {
        Ok(())
    }
}

fn check(args: CheckArgs) -> Result<ExitCode, String> {
    let outcome = match build_form(&args.input)? {
        Ok(form) => preflight(&form, &args.check.options(now())),
        Err(rejection) => Err(rejection),
    };
    Ok(print_check(args.format, &outcome))
}

fn request(args: RequestArgs) -> Result<ExitCode, String> {
    let form = match build_form(&args.input)? {
        Ok(form) => normalized_request(&form, &args.check.options(now()), args.fix_order),
        Err(rejection) => Err(rejection),
    };
    match form {
        Ok((form, accepted, normalization)) => {
            if let Some(order) = &normalization.reordered {
                let order: Vec<String> = order.iter().map(usize::to_string).collect();
                err_line(&format!(
                    "note: chain reordered leaf-first (certificates {})",
                    order.join(", ")
                ));
            }
            for w in &accepted.warnings {
                err_line(&format!("warning: {}", escape(&w.to_string())));
            }
            let body =
                serde_json::to_string_pretty(&UploadBody::from(&form)).expect("serializable");
            term::out(&format!("{body}\n"));
            Ok(ExitCode::SUCCESS)
        }
        Err(rejection) => {
            let mut text =
                b"cert-preflight: not printing a body the gateway would reject:\n".to_vec();
            let style = Style::for_stream(std::io::stderr().is_terminal());
            let _ = render::text::write_rejection(&mut text, &rejection, style);
            let _ = std::io::stderr().lock().write_all(&text);
            Ok(ExitCode::from(1))
        }
    }
}

/// Reads one field's file within its bound: the text, a rejection (binary input, too long), or a
/// usage error.
fn read_field(
    field: Field,
    path: &Path,
    option: &str,
) -> Result<Result<String, Rejection>, String> {
    let limit = field_bound(field);
    match read_checked(path, limit, option) {
        Ok(bytes) => Ok(field_text(field, &bytes).map(str::to_owned)),
        Err(ReadFailure::TooLong { limit }) => Ok(Err(too_long_rejection(field, limit))),
        Err(ReadFailure::Usage(m)) => Err(m),
    }
}

/// The request body from `--request`, or from the files; a binary or oversized file is already
/// a rejection.
fn build_form(args: &InputArgs) -> Result<Result<CertificateForm, Rejection>, String> {
    stdin_once(
        [&args.request, &args.cert, &args.key, &args.trusted_root_ca]
            .into_iter()
            .flatten(),
    )?;
    if let Some(path) = &args.request {
        return match read_checked(path, read::MAX_BODY_BYTES, "--request") {
            Ok(body) => Ok(CertificateForm::from_json(&body)
                .map_err(|d| Rejection::from_diagnostics(vec![d]).expect("one diagnostic"))),
            Err(ReadFailure::TooLong { limit }) => Ok(Err(too_long_rejection(Field::Body, limit))),
            Err(ReadFailure::Usage(m)) => Err(m),
        };
    }
    let (cert_path, key_path) = match (&args.cert, &args.key) {
        (Some(c), Some(k)) => (c, k),
        _ => return Err("give --cert and --key, or --request".to_owned()),
    };
    let cert_content = match read_field(Field::CertContent, cert_path, "--cert")? {
        Ok(t) => t,
        Err(r) => return Ok(Err(r)),
    };
    let private_key = match read_field(Field::PrivateKey, key_path, "--key")? {
        Ok(t) => t,
        Err(r) => return Ok(Err(r)),
    };
    let trusted_root_ca = match &args.trusted_root_ca {
        Some(p) => match read_field(Field::TrustedRootCa, p, "--trusted-root-ca")? {
            Ok(t) => t,
            Err(r) => return Ok(Err(r)),
        },
        None => String::new(),
    };
    Ok(Ok(CertificateForm {
        name: args
            .name
            .clone()
            .unwrap_or_else(|| name_from_path(cert_path)),
        cert_content,
        private_key,
        cert_type: args.cert_type.clone(),
        instance_id: args.instance_id.clone().unwrap_or_default(),
        trusted_root_ca,
    }))
}

fn print_check(format: Format, outcome: &Result<Accepted, Rejection>) -> ExitCode {
    match format {
        Format::Json => {
            term::out(&format!("{}\n", render::json::gateway_body(outcome)));
            write_findings_to_stderr(outcome);
        }
        Format::Text => {
            let style = Style::for_stream(std::io::stdout().is_terminal());
            let mut text = Vec::new();
            let _ = render::text::write_check(&mut text, outcome, style);
            let _ = std::io::stdout().lock().write_all(&text);
        }
        Format::Report => term::out(&format!("{}\n", render::json::report(outcome))),
    }
    match outcome {
        Ok(_) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
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

fn inspect_files(args: InspectArgs) -> Result<ExitCode, String> {
    stdin_once(&args.files)?;
    let mut rejected = false;
    let mut io_failed = false;
    for path in &args.files {
        let bytes = match read_checked(path, read::MAX_INSPECT_BYTES, "file") {
            Ok(b) => b,
            Err(failure) => {
                io_failed = true;
                err_line(&format!(
                    "cert-preflight: {}",
                    inspect_failure(path, failure)
                ));
                continue;
            }
        };
        let result = inspect(&bytes);
        rejected |= result.is_err();
        let file = redact::redact(&path.to_string_lossy()).into_owned();
        match args.format {
            Format::Json | Format::Report => {
                term::out(&format!("{}\n", render::json::inspect_line(&file, &result)));
            }
            Format::Text => {
                let mut text = Vec::new();
                let _ = render::text::write_inspect(&mut text, &file, &result);
                let _ = std::io::stdout().lock().write_all(&text);
            }
        }
    }
    Ok(if io_failed {
        ExitCode::from(2)
    } else if rejected {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn inspect_failure(path: &Path, failure: ReadFailure) -> String {
    match failure {
        ReadFailure::TooLong { limit } => format!(
            "{} is longer than {limit} bytes, the most `inspect` reads of one file; skipped",
            shown(&path.to_string_lossy())
        ),
        ReadFailure::Usage(m) => m,
    }
}
