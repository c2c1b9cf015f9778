//! The `cert-preflight` command: a thin shell over the library. It reads files (bounded), calls
//! `preflight` or `inspect`, prints, and exits 0 (accepted, or no finding at the `--fail-on`
//! severity), 1 (rejected, or such a finding) or 2 (usage or I/O).
//!
//! Every door is shut here: no value that looks like key material is ever printed
//! (`redact`, `clap_error`), reads are bounded and never block (`read`), and every string from
//! outside is escaped for the terminal (`term`). Nothing panics on a closed stdout or stderr.

mod args;
mod check;
mod clap_error;
mod findings;
mod inspect;
mod pem;
mod read;
mod redact;
mod render;
mod scan;
mod term;

use args::{Cli, Command};
use cert_preflight::UnixTime;
use clap::{CommandFactory, Parser};
use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

/// The gateway rules this build implements, named by `--version`, SARIF and reports. (The
/// library names no rules version yet; the CLI and the library share the workspace version.)
pub const GATEWAY_RULES: &str = concat!(
    "OTC/Huawei API Gateway CreateCertificateV2 (POST /v2/{project_id}/apigw/certificates), rules of cert-preflight ",
    env!("CARGO_PKG_VERSION"),
    ", Go 1.19 crypto/x509 semantics"
);

/// `--version`: the tool's version and the gateway rules it implements.
pub const VERSION: &str = concat!(
    env!("CARGO_PKG_VERSION"),
    "\ngateway rules: OTC/Huawei API Gateway CreateCertificateV2 (POST /v2/{project_id}/apigw/certificates), rules of cert-preflight ",
    env!("CARGO_PKG_VERSION"),
    ", Go 1.19 crypto/x509 semantics"
);

/// A failure that is not a verdict: exit status 2.
pub enum CliError {
    /// The command line is wrong (stdin twice, key text where a path belongs).
    Usage(String),
    /// A file could not be read.
    Io(String),
}

impl CliError {
    fn code(&self) -> &'static str {
        match self {
            CliError::Usage(_) => "CLI.USAGE",
            CliError::Io(_) => "CLI.IO",
        }
    }

    fn message(&self) -> &str {
        match self {
            CliError::Usage(m) | CliError::Io(m) => m,
        }
    }
}

/// Where output goes, and whether at all.
#[derive(Clone, Copy)]
pub struct Output {
    /// Print nothing (`--quiet`).
    pub quiet: bool,
    /// Errors are also a JSON document on stdout (a JSON format was asked for).
    pub json_errors: bool,
}

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => return clap_exit(&e, &argv),
    };
    let (output, result) = match cli.command {
        Command::Check(args) => {
            let o = Output {
                quiet: args.gate.quiet,
                json_errors: args.format.is_json(),
            };
            (o, check::check(args, o))
        }
        Command::Request(args) => (Output::plain(), check::request(args)),
        Command::Inspect(args) => (Output::plain(), inspect::inspect_files(args)),
        Command::Scan(args) => {
            let o = Output {
                quiet: args.gate.quiet,
                json_errors: args.format.is_json(),
            };
            (o, scan::scan(args, o))
        }
        Command::Completions { shell } => (Output::plain(), completions(shell)),
        Command::Man => (Output::plain(), man()),
        Command::Serve(args) => (Output::plain(), Ok(cert_preflight_server::run(args))),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            output.error(&e);
            ExitCode::from(2)
        }
    }
}

impl Output {
    fn plain() -> Self {
        Output {
            quiet: false,
            json_errors: false,
        }
    }

    /// A usage or I/O error: on stderr, and as a JSON document on stdout when JSON was asked.
    fn error(self, e: &CliError) {
        if self.quiet {
            return;
        }
        term::err_line(&format!("cert-preflight: {}", e.message()));
        if self.json_errors {
            term::out(&format!("{}\n", error_document(e.code(), e.message())));
        }
    }
}

/// `{"schema": "cert-preflight/cli-error/v1", "error_code": ..., "error_msg": ...}`: the
/// gateway body's shape, so `jq .error_code` reads both. The message is already redacted.
fn error_document(code: &str, message: &str) -> String {
    serde_json::to_string_pretty(&serde_json::json!({
        "schema": "cert-preflight/cli-error/v1",
        "error_code": code,
        "error_msg": message,
        "exit_status": 2,
    }))
    .expect("serializable")
}

/// Prints a clap error (or help, or version) safely; exit 0 for help and version, 2 otherwise.
fn clap_exit(e: &clap::Error, argv: &[OsString]) -> ExitCode {
    let text = clap_error::render(e, argv);
    if e.use_stderr() {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
        if json_format_asked(argv) {
            let first = text.lines().next().unwrap_or("error");
            let message = first.strip_prefix("error: ").unwrap_or(first);
            term::out(&format!("{}\n", error_document("CLI.USAGE", message)));
        }
        ExitCode::from(2)
    } else {
        term::out(&text);
        ExitCode::SUCCESS
    }
}

/// Whether the command line asks for a JSON format (read from the raw arguments, for when clap
/// could not parse them).
fn json_format_asked(argv: &[OsString]) -> bool {
    let args: Vec<String> = argv
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let is_json = |v: &str| matches!(v, "json" | "report" | "sarif");
    args.iter().enumerate().any(|(i, a)| {
        a.strip_prefix("--format=").is_some_and(is_json)
            || (a == "--format" && args.get(i + 1).is_some_and(|v| is_json(v)))
    })
}

/// The clock, for when `--at` is not given.
pub fn now() -> UnixTime {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    UnixTime(i64::try_from(secs).unwrap_or(i64::MAX))
}

fn completions(shell: clap_complete::Shell) -> Result<ExitCode, CliError> {
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "cert-preflight", &mut buf);
    let _ = std::io::stdout().lock().write_all(&buf);
    Ok(ExitCode::SUCCESS)
}

fn man() -> Result<ExitCode, CliError> {
    let mut buf = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut buf)
        .map_err(|e| CliError::Io(e.to_string()))?;
    let _ = std::io::stdout().lock().write_all(&buf);
    Ok(ExitCode::SUCCESS)
}
