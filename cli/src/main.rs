//! The `cert-preflight` command: a thin shell over the library. It reads files, calls
//! `preflight` or `inspect`, prints, and exits 0 (accepted), 1 (rejected) or 2 (usage or I/O).

use cert_preflight::{
    field_text, inspect, normalized_request, preflight, suggest_name, Accepted, CertificateFields,
    CertificateForm, ChainOrder, Diagnostic, Field, Options, Rejection, Report, UnixTime,
    UploadBody, Warning,
};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cert-preflight",
    version,
    about = "Check a certificate bundle exactly as the API gateway will, before uploading it.",
    after_help = "Exit status: 0 accepted, 1 rejected by the gateway's rules, 2 usage or I/O error."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Give the gateway's verdict on a certificate, its chain and its key.
    Check(CheckArgs),
    /// Print the fields of every certificate in PEM or DER files.
    Inspect(InspectArgs),
    /// Print the exact JSON request body to upload, once the pre-flight passes.
    Request(RequestArgs),
    /// Run a local stand-in for the gateway's v2 SSL-certificate API (for SDK and Terraform tests).
    Serve(cert_preflight_server::ServeArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A report for people: the verdict, what to fix, the fields.
    Text,
    /// Exactly the gateway's response body on stdout; diagnostics on stderr.
    Json,
    /// One JSON document for tools: body, HTTP status, diagnostics and warnings.
    Report,
}

/// Where the request body comes from.
#[derive(Parser)]
struct InputArgs {
    /// The request body as JSON, as sent to the API (`-` reads stdin).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["cert", "key", "trusted_root_ca", "name", "cert_type", "instance_id"])]
    request: Option<PathBuf>,
    /// PEM file for `cert_content`: the server certificate, then its chain.
    #[arg(long, value_name = "FILE", required_unless_present = "request")]
    cert: Option<PathBuf>,
    /// PEM file for `private_key`.
    #[arg(long, value_name = "FILE", required_unless_present = "request")]
    key: Option<PathBuf>,
    /// PEM file for `trusted_root_ca` (CA certificates for two-way TLS).
    #[arg(long, value_name = "FILE")]
    trusted_root_ca: Option<PathBuf>,
    /// The certificate `name` [default: made from the certificate file's name].
    #[arg(long)]
    name: Option<String>,
    /// The certificate `type`.
    #[arg(
        long = "type",
        value_name = "global|instance",
        default_value = "global"
    )]
    cert_type: String,
    /// The gateway ID, for `--type instance`.
    #[arg(long, value_name = "ID")]
    instance_id: Option<String>,
}

/// How to check.
#[derive(Parser)]
struct CheckOptions {
    /// The `project_id` echoed in the response.
    #[arg(long, value_name = "ID", default_value = "")]
    project_id: String,
    /// The certificate `id` to answer with: 32 lowercase hex characters [default: derived from
    /// the request].
    #[arg(long, value_name = "HEX32", value_parser = parse_id)]
    id: Option<String>,
    /// Check as of this time instead of now (RFC 3339, such as 2027-01-01T00:00:00Z).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    at: Option<UnixTime>,
    /// A domain name the certificate will be bound to; it must be covered (repeatable).
    #[arg(long = "domain", value_name = "NAME")]
    domains: Vec<String>,
    /// Warn when a certificate expires within this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    warn_days: u32,
}

impl CheckOptions {
    fn options(&self) -> Options {
        let mut o = Options::new(self.at.unwrap_or_else(now))
            .project_id(self.project_id.clone())
            .warn_days(self.warn_days);
        if let Some(id) = &self.id {
            o = o.id(id.clone());
        }
        for d in &self.domains {
            o = o.domain(d.clone());
        }
        o
    }
}

#[derive(Parser)]
struct CheckArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    check: CheckOptions,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(Parser)]
struct RequestArgs {
    #[command(flatten)]
    input: InputArgs,
    #[command(flatten)]
    check: CheckOptions,
    /// Put a chain that is only out of order leaf-first.
    #[arg(long)]
    fix_order: bool,
}

#[derive(Parser)]
struct InspectArgs {
    /// Output format (`json`: one line per file).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Certificate files, PEM or DER.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
}

fn parse_id(s: &str) -> Result<String, String> {
    if s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(s.to_owned())
    } else {
        Err("the gateway's IDs are 32 lowercase hex characters".to_owned())
    }
}

fn parse_time(s: &str) -> Result<UnixTime, String> {
    UnixTime::parse_rfc3339(s)
        .ok_or_else(|| format!("{s:?} is not an RFC 3339 time such as 2027-01-01T00:00:00Z"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check(args),
        Command::Inspect(args) => inspect_files(args),
        Command::Request(args) => request(args),
        Command::Serve(args) => Ok(cert_preflight_server::run(args)),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            eprintln!("cert-preflight: {message}");
            ExitCode::from(2)
        }
    }
}

/// Reads a file, or stdin for `-`.
fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    let result = if path == Path::new("-") {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    result.map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(bytes)
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

fn check(args: CheckArgs) -> Result<ExitCode, String> {
    let outcome = match build_form(&args.input)? {
        Ok(form) => preflight(&form, &args.check.options()),
        Err(rejection) => Err(rejection),
    };
    Ok(print_check(args.format, &outcome))
}

fn request(args: RequestArgs) -> Result<ExitCode, String> {
    let form = match build_form(&args.input)? {
        Ok(form) => {
            let order = if args.fix_order {
                ChainOrder::LeafFirst
            } else {
                ChainOrder::AsGiven
            };
            normalized_request(&form, &args.check.options(), order)
        }
        Err(rejection) => Err(rejection),
    };
    match form {
        Ok(normalized) => {
            let (form, accepted) = (&normalized.form, &normalized.accepted);
            let mut err = std::io::stderr().lock();
            if let Some(order) = &normalized.reordered {
                let order: Vec<String> = order.iter().map(usize::to_string).collect();
                let _ = writeln!(
                    err,
                    "note: chain reordered leaf-first (certificates {})",
                    order.join(", ")
                );
            }
            for w in &accepted.warnings {
                let _ = writeln!(err, "warning: {w}");
            }
            let body = serde_json::to_string_pretty(&UploadBody::from(form)).expect("serializable");
            let _ = writeln!(std::io::stdout().lock(), "{body}");
            Ok(ExitCode::SUCCESS)
        }
        Err(rejection) => {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(
                err,
                "cert-preflight: not printing a body the gateway would reject:"
            );
            let _ = write_check_text(
                &mut err,
                &Err(rejection),
                Style::for_stream(std::io::stderr().is_terminal()),
            );
            Ok(ExitCode::from(1))
        }
    }
}

/// The request body from `--request`, or from the files; a binary file is already a rejection.
fn build_form(args: &InputArgs) -> Result<Result<CertificateForm, Rejection>, String> {
    if let Some(path) = &args.request {
        let body = read_input(path)?;
        return Ok(CertificateForm::from_json(&body).map_err(Rejection::from_diagnostic));
    }
    let read_field = |field: Field, path: &Path| -> Result<Result<String, Rejection>, String> {
        let bytes = read_input(path)?;
        Ok(field_text(field, &bytes).map(str::to_owned))
    };
    let (cert_path, key_path) = match (&args.cert, &args.key) {
        (Some(c), Some(k)) => (c, k),
        _ => return Err("give --cert and --key, or --request".to_owned()),
    };
    let cert_content = match read_field(Field::CertContent, cert_path)? {
        Ok(t) => t,
        Err(r) => return Ok(Err(r)),
    };
    let private_key = match read_field(Field::PrivateKey, key_path)? {
        Ok(t) => t,
        Err(r) => return Ok(Err(r)),
    };
    let trusted_root_ca = match &args.trusted_root_ca {
        Some(p) => match read_field(Field::TrustedRootCa, p)? {
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
    let style = Style::for_stream(std::io::stdout().is_terminal());
    let mut out = std::io::stdout().lock();
    // A closed stdout (a pipe to `head`) is not worth a panic.
    let _ = match format {
        Format::Json => write_json(&mut out, outcome),
        Format::Text => write_check_text(&mut out, outcome, style),
        Format::Report => writeln!(out, "{}", report(outcome)),
    };
    match outcome {
        Ok(_) => ExitCode::SUCCESS,
        Err(_) => ExitCode::from(1),
    }
}

fn write_json(out: &mut impl Write, outcome: &Result<Accepted, Rejection>) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    match outcome {
        Ok(a) => {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&a.detail).expect("serializable")
            )?;
            for w in &a.warnings {
                writeln!(err, "warning: {w}")?;
            }
        }
        Err(r) => {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&r.body()).expect("serializable")
            )?;
            for d in r.diagnostics() {
                writeln!(err, "{d}")?;
            }
            for w in r.warnings() {
                writeln!(err, "warning: {w}")?;
            }
        }
    }
    Ok(())
}

fn report(outcome: &Result<Accepted, Rejection>) -> String {
    serde_json::to_string_pretty(&Report::new(outcome)).expect("serializable")
}

/// ANSI styling, on only for a terminal and without `NO_COLOR`.
#[derive(Clone, Copy)]
struct Style {
    on: bool,
}

impl Style {
    fn for_stream(is_terminal: bool) -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Style {
            on: is_terminal && !no_color,
        }
    }

    fn paint(self, code: &str, text: &str) -> String {
        if self.on {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_owned()
        }
    }
}

fn write_check_text(
    out: &mut impl Write,
    outcome: &Result<Accepted, Rejection>,
    style: Style,
) -> std::io::Result<()> {
    match outcome {
        Ok(a) => {
            writeln!(
                out,
                "{} the gateway accepts this certificate",
                style.paint("1;32", "ACCEPTED")
            )?;
            write_warnings(out, &a.warnings, style)?;
            writeln!(out)?;
            let d = &a.detail;
            write_fields(out, &d.certificate)?;
            writeln!(out, "  {:<20} {}", "name", d.name)?;
            writeln!(out, "  {:<20} {} ({})", "type", d.cert_type, d.instance_id)?;
            writeln!(
                out,
                "  {:<20} {}",
                "trusted root CA", d.is_has_trusted_root_ca
            )?;
            writeln!(out, "  {:<20} {}", "id", d.id.as_str())?;
        }
        Err(r) => {
            writeln!(
                out,
                "{} {} {}",
                style.paint("1;31", "REJECTED"),
                style.paint("1", r.error_code()),
                r.error_msg()
            )?;
            writeln!(out)?;
            writeln!(out, "What to fix:")?;
            for (i, d) in r.diagnostics().iter().enumerate() {
                write_diagnostic(out, i + 1, d, style)?;
            }
            write_warnings(out, r.warnings(), style)?;
        }
    }
    Ok(())
}

fn write_diagnostic(
    out: &mut impl Write,
    n: usize,
    d: &Diagnostic,
    style: Style,
) -> std::io::Result<()> {
    let place = match (d.field, d.block) {
        (Some(f), Some(b)) => format!("{f}, block {b}"),
        (Some(f), None) => f.to_string(),
        _ => String::new(),
    };
    writeln!(out, "  {n}. [{}] {}", d.code, style.paint("2", &place))?;
    write_wrapped(out, &d.message, "     ")?;
    if let Some(fix) = &d.fix {
        write_wrapped(out, &format!("-> {fix}"), "     ")?;
    }
    Ok(())
}

fn write_warnings(out: &mut impl Write, warnings: &[Warning], style: Style) -> std::io::Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style.paint(
            "1;33",
            "Warnings (the gateway accepts these; clients may not):"
        )
    )?;
    for w in warnings {
        write_hanging(out, &format!("{w} [{}]", w.id.as_str()), "  - ", "    ")?;
    }
    Ok(())
}

/// Wraps text at 80 columns with an indent.
fn write_wrapped(out: &mut impl Write, text: &str, indent: &str) -> std::io::Result<()> {
    write_hanging(out, text, indent, indent)
}

/// Wraps text at 80 columns: `first` before the first line, `rest` before the others.
fn write_hanging(out: &mut impl Write, text: &str, first: &str, rest: &str) -> std::io::Result<()> {
    let mut indent = first;
    let mut line = String::new();
    for word in text.split_whitespace() {
        let width = 80usize.saturating_sub(indent.chars().count()).max(20);
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            writeln!(out, "{indent}{line}")?;
            line.clear();
            indent = rest;
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        writeln!(out, "{indent}{line}")?;
    }
    Ok(())
}

fn write_fields(out: &mut impl Write, f: &CertificateFields) -> std::io::Result<()> {
    let list = |v: &[String]| {
        if v.is_empty() {
            "-".to_owned()
        } else {
            v.join(", ")
        }
    };
    let rows: [(&str, String); 13] = [
        ("common name", f.common_name.clone()),
        ("SAN", list(&f.san)),
        ("organization", list(&f.organization)),
        ("organizational unit", list(&f.organizational_unit)),
        ("locality", list(&f.locality)),
        ("state", list(&f.state)),
        ("country", list(&f.country)),
        ("issuer", list(&f.issuer)),
        ("serial number", f.serial_number.clone()),
        ("not before", f.not_before.to_string()),
        ("not after", f.not_after.to_string()),
        ("signature algorithm", f.signature_algorithm.clone()),
        ("version", f.version.to_string()),
    ];
    for (k, v) in rows {
        writeln!(out, "  {k:<20} {v}")?;
    }
    Ok(())
}

fn inspect_files(args: InspectArgs) -> Result<ExitCode, String> {
    let mut out = std::io::stdout().lock();
    let mut failed = false;
    for path in &args.files {
        let bytes = read_input(path)?;
        let result = inspect(&bytes);
        failed |= result.is_err();
        let file = path.display().to_string();
        let _ = match args.format {
            Format::Json | Format::Report => writeln!(out, "{}", inspect_json(&file, &result)),
            Format::Text => write_inspect_text(&mut out, &file, &result),
        };
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
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

fn inspect_json(file: &str, result: &Result<Vec<CertificateFields>, Rejection>) -> String {
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

fn write_inspect_text(
    out: &mut impl Write,
    file: &str,
    result: &Result<Vec<CertificateFields>, Rejection>,
) -> std::io::Result<()> {
    writeln!(out, "{file}")?;
    match result {
        Ok(certs) => {
            for (i, c) in certs.iter().enumerate() {
                writeln!(out, " certificate {}", i + 1)?;
                write_fields(out, c)?;
            }
        }
        Err(r) => {
            writeln!(out, "  {} {}", r.error_code(), r.error_msg())?;
            for (i, d) in r.diagnostics().iter().enumerate() {
                write_diagnostic(out, i + 1, d, Style { on: false })?;
            }
        }
    }
    Ok(())
}
