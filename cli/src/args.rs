//! The command line's grammar (clap). Values that reach output are checked by value parsers that
//! never quote the value back (clap's own quoting is made safe in `clap_error`).

use crate::findings::Severity;
use crate::redact::looks_like_key_material;
use cert_preflight::{Options, UnixTime};
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "cert-preflight",
    version = crate::VERSION,
    about = "Check a certificate bundle exactly as the API gateway will, before uploading it.",
    after_help = "Exit status: 0 accepted, 1 rejected by the gateway's rules, 2 usage or I/O error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Give the gateway's verdict on a certificate, its chain and its key.
    Check(CheckArgs),
    /// Print the fields of every certificate in PEM or DER files.
    Inspect(InspectArgs),
    /// Print the exact JSON request body to upload, once the pre-flight passes.
    Request(RequestArgs),
    /// Find every certificate and key under files and directories, pair them, and check each
    /// bundle.
    Scan(crate::scan::ScanArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff) on stdout.
    Man,
    /// Run a local stand-in for the gateway's v2 SSL-certificate API (for SDK and Terraform tests).
    Serve(cert_preflight_server::ServeArgs),
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A report for people: the verdict, what to fix, the fields.
    Text,
    /// Exactly the gateway's response body on stdout; diagnostics on stderr.
    Json,
    /// One JSON document for tools: body, HTTP status, findings with data, tool and inputs.
    Report,
    /// SARIF 2.1.0, for GitHub code scanning.
    Sarif,
    /// JUnit XML, one test case per bundle (GitLab, Jenkins).
    Junit,
    /// GitHub Actions workflow commands (`::error file=...,line=...::...`).
    Github,
}

impl Format {
    /// Whether the output is a JSON document (so errors are JSON documents too).
    pub fn is_json(self) -> bool {
        matches!(self, Format::Json | Format::Report | Format::Sarif)
    }
}

/// `inspect`'s formats.
#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InspectFormat {
    /// The fields of each certificate, for people.
    Text,
    /// One JSON line per file.
    Json,
    /// The same as `json`.
    Report,
}

/// The gate: which findings fail the run (exit 1), and whether to print at all.
#[derive(Parser, Clone, Copy)]
pub struct GateArgs {
    /// Exit 1 when a finding of this severity or above is found: `error` (the default: the
    /// gateway's verdict), `warning` (also what clients may refuse) or `notice`.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = Severity::Error)]
    pub fail_on: Severity,
    /// The same as `--fail-on warning`.
    #[arg(long, conflicts_with = "fail_on")]
    pub strict: bool,
    /// Print nothing; only the exit status tells.
    #[arg(long, short)]
    pub quiet: bool,
}

impl GateArgs {
    /// The lowest severity that fails.
    pub fn threshold(self) -> Severity {
        if self.strict {
            Severity::Warning
        } else {
            self.fail_on
        }
    }
}

/// Where the request body comes from.
#[derive(Parser)]
pub struct InputArgs {
    /// The request body as JSON, as sent to the API (`-` reads stdin).
    #[arg(long, value_name = "FILE", conflicts_with_all = ["cert", "key", "trusted_root_ca", "name", "cert_type", "instance_id"])]
    pub request: Option<PathBuf>,
    /// PEM file for `cert_content`: the server certificate, then its chain (`-` reads stdin).
    #[arg(long, value_name = "FILE", required_unless_present = "request")]
    pub cert: Option<PathBuf>,
    /// PEM file for `private_key` (`-` reads stdin).
    #[arg(long, value_name = "FILE", required_unless_present = "request")]
    pub key: Option<PathBuf>,
    /// PEM file for `trusted_root_ca`: the CA certificates client certificates are checked
    /// against in two-way TLS. Each must be a CA (APIG.2106 otherwise); with
    /// `--trusted-root-ca-policy server-chain` the server chain must also lead to one of them
    /// (APIG.2104 otherwise). See docs/trusted-root-ca.md for the evidence behind the default.
    #[arg(long, value_name = "FILE")]
    pub trusted_root_ca: Option<PathBuf>,
    /// The certificate `name` [default: made from the server certificate's common name].
    #[arg(long, value_parser = plain_value)]
    pub name: Option<String>,
    /// The certificate `type`.
    #[arg(
        long = "type",
        value_name = "global|instance",
        default_value = "global",
        value_parser = plain_value
    )]
    pub cert_type: String,
    /// The gateway ID, for `--type instance`.
    #[arg(long, value_name = "ID", value_parser = plain_value)]
    pub instance_id: Option<String>,
}

/// How to check.
#[derive(Parser)]
pub struct CheckOptions {
    /// The `project_id` echoed in the response.
    #[arg(long, value_name = "ID", default_value = "", value_parser = plain_value)]
    pub project_id: String,
    /// The certificate `id` to answer with: 32 lowercase hex characters [default: derived from
    /// the request].
    #[arg(long, value_name = "HEX32", value_parser = parse_id)]
    pub id: Option<String>,
    /// Check as of this time instead of now (RFC 3339, such as 2027-01-01T00:00:00Z; a leap
    /// second `:60` is refused, as Go's time.Parse refuses it).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<UnixTime>,
    /// What `trusted_root_ca` is checked for (docs: README, "Decisions where the gateway is silent").
    #[arg(long, value_enum, value_name = "POLICY", default_value_t = RootCaPolicy::ClientCa)]
    pub trusted_root_ca_policy: RootCaPolicy,
    /// A domain name the certificate will be bound to; it must be covered (repeatable).
    #[arg(long = "domain", value_name = "NAME", value_parser = domain_value)]
    pub domains: Vec<String>,
    /// Warn when a certificate expires within this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub warn_days: u32,
}

impl CheckOptions {
    /// The library's options; `now` is the clock when `--at` is not given.
    pub fn options(&self, now: UnixTime) -> Options {
        let mut o = Options::new(self.at.unwrap_or(now))
            .project_id(self.project_id.clone())
            .warn_days(self.warn_days)
            .trusted_root_ca_policy(match self.trusted_root_ca_policy {
                RootCaPolicy::ServerChain => cert_preflight::TrustedRootCaPolicy::ServerChain,
                RootCaPolicy::ClientCa => cert_preflight::TrustedRootCaPolicy::ClientCaOnly,
            });
        if let Some(id) = &self.id {
            o = o.id(id.clone());
        }
        for d in &self.domains {
            o = o.domain(d.clone());
        }
        o
    }
}

/// What `trusted_root_ca` is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RootCaPolicy {
    /// The server chain must lead to one of its CAs (APIG.2104 otherwise); its certificates
    /// must be CAs.
    ServerChain,
    /// Only a client-CA bundle for two-way TLS: its certificates must be CAs; the server chain
    /// need not lead to them.
    ClientCa,
}

#[derive(Parser)]
pub struct CheckArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub check: CheckOptions,
    #[command(flatten)]
    pub gate: GateArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// With `--format json`: indent the gateway's body (the gateway itself answers compact).
    #[arg(long)]
    pub pretty: bool,
}

#[derive(Parser)]
pub struct RequestArgs {
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub check: CheckOptions,
    /// Put a chain that is only out of order leaf-first.
    #[arg(long)]
    pub fix_order: bool,
}

#[derive(Parser)]
pub struct InspectArgs {
    /// Output format (`json`: one line per file).
    #[arg(long, value_enum, default_value_t = InspectFormat::Text)]
    pub format: InspectFormat,
    /// Count the days left until notAfter as of this time instead of now (RFC 3339).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<UnixTime>,
    /// A `trusted_root_ca` PEM file: the chain drawn shows which of its CAs anchors each file.
    #[arg(long, value_name = "FILE")]
    pub trusted_root_ca: Option<PathBuf>,
    /// Certificate files, PEM or DER, at most 1 MiB each (`-` reads stdin, once).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// A text value (name, type, domain, IDs). Key material is refused here, before it can be
/// quoted by any message.
pub fn plain_value(s: &str) -> Result<String, String> {
    if looks_like_key_material(s) {
        Err("this looks like key material, not a value for this option (not shown)".to_owned())
    } else {
        Ok(s.to_owned())
    }
}

/// A domain to bind: a DNS name or an IP address (never key material, never a URL or host:port).
fn domain_value(s: &str) -> Result<String, String> {
    let s = plain_value(s)?;
    cert_preflight::check_domain(&s).map(|()| s)
}

fn parse_id(s: &str) -> Result<String, String> {
    if s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        Ok(s.to_owned())
    } else {
        Err("the gateway's IDs are 32 lowercase hex characters".to_owned())
    }
}

pub fn parse_time(s: &str) -> Result<UnixTime, String> {
    UnixTime::parse_rfc3339(s).ok_or_else(|| {
        "not an RFC 3339 time such as 2027-01-01T00:00:00Z or 2027-01-01T01:00:00+01:00 (seconds 00 to 59)"
            .to_owned()
    })
}
