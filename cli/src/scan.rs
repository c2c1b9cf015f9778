//! `scan PATH...`: every certificate and private key under files and directories, in PEM or DER
//! whatever the file names, paired by public key (never by name), each leaf's chain assembled
//! from the certificates found, each bundle given the gateway's verdict; orphans (a key with no
//! certificate, a leaf with no key), skipped files and an expiry table.
//!
//! Parsing and pre-flights run on all cores (rayon); a progress bar shows on a terminal only.
//! Unreadable files, binary files that are neither certificate nor key, symlink loops and files
//! over 1 MiB are reported and skipped, never fatal. Key text stays in memory: outputs name a
//! key by its file and line only.

use crate::args::{parse_time, Format, GateArgs};
use crate::check::{stdin_once, Gate, TOOL};
use crate::findings::{
    days_between, fails, findings, hex, CertFacts, Finding, Origin, Severity, Sources,
};
use crate::read::{read_checked, ReadFailure};
use crate::redact::redact;
use crate::render::ci::BundleFindings;
use crate::term::{escape, Style};
use crate::{now, pem, render, term, CliError, Output};
use cert_preflight::{
    preflight, suggest_name, Accepted, Certificate, CertificateForm, Options, PrivateKey,
    Rejection, Report, UnixTime,
};
use clap::Parser;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, HashSet};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Most bytes of one scanned file (larger files are reported and skipped).
pub const MAX_SCAN_BYTES: usize = 1 << 20;
/// Most bytes of the list of paths read from stdin (`-`).
const MAX_PATH_LIST_BYTES: usize = 4 << 20;
/// Most certificates above a leaf in an assembled chain (the gateway takes 11 in all).
const MAX_CHAIN_ABOVE_LEAF: usize = 10;

#[derive(Parser)]
pub struct ScanArgs {
    /// Files and directories (recursively; symbolic links followed, loops reported); `-` reads a
    /// list of paths from stdin, one a line.
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Leave out files and directories matching this glob (repeatable), such as `*.bak` or
    /// `**/testdata/**`; matched against the path and the file name.
    #[arg(long, value_name = "GLOB", value_parser = crate::args::plain_value)]
    pub exclude: Vec<String>,
    /// Check as of this time instead of now (RFC 3339).
    #[arg(long, value_name = "TIME", value_parser = parse_time)]
    pub at: Option<UnixTime>,
    /// Warn when a certificate expires within this many days.
    #[arg(long, value_name = "DAYS", default_value_t = 30)]
    pub warn_days: u32,
    #[command(flatten)]
    pub gate: GateArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Never show a progress bar (it shows only on a terminal anyway).
    #[arg(long)]
    pub no_progress: bool,
}

/// A certificate found, with where it was found.
struct FoundCert {
    der: Vec<u8>,
    sha256: [u8; 32],
    origin: Origin,
}

/// A private key found: its text (secret, never printed), where, and its public key.
struct FoundKey {
    text: String,
    origin: Origin,
    /// The public key as DER SubjectPublicKeyInfo, or why the key cannot be read.
    spki: Result<Vec<u8>, String>,
}

/// A file skipped, and why.
#[derive(Serialize, Clone)]
struct Skipped {
    path: String,
    reason: String,
}

/// What one file held.
#[derive(Default)]
struct FileScan {
    certs: Vec<FoundCert>,
    keys: Vec<FoundKey>,
    skipped: Option<Skipped>,
}

pub fn scan(args: ScanArgs, output: Output) -> Result<ExitCode, CliError> {
    let at = args.at.unwrap_or_else(now);
    let roots = roots(&args.paths)?;
    let excludes = exclude_set(&args.exclude)?;
    let (files, mut skipped) = walk(&roots, &excludes);
    let progress = progress_bar(&args, output, files.len());
    let scanned: Vec<FileScan> = files
        .par_iter()
        .map(|p| {
            let r = scan_file(p);
            progress.inc(1);
            r
        })
        .collect();
    progress.finish_and_clear();
    let mut certs = Vec::new();
    let mut keys = Vec::new();
    for s in scanned {
        certs.extend(s.certs);
        keys.extend(s.keys);
        skipped.extend(s.skipped);
    }
    let result = assemble(certs, keys, skipped, at, args.warn_days);
    let threshold = args.gate.threshold();
    let failed = result.bundles.iter().any(|b| fails(&b.findings, threshold))
        || fails(&result.orphan_findings, threshold);
    if !output.quiet {
        print(&args, &result, at, threshold, failed);
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The paths to walk: the arguments, with `-` replaced by the lines of stdin.
fn roots(paths: &[PathBuf]) -> Result<Vec<PathBuf>, CliError> {
    stdin_once(paths)?;
    let mut out = Vec::new();
    for p in paths {
        if p.as_path() != Path::new("-") {
            out.push(p.clone());
            continue;
        }
        let mut list = Vec::new();
        std::io::stdin()
            .lock()
            .take(MAX_PATH_LIST_BYTES as u64 + 1)
            .read_to_end(&mut list)
            .map_err(|e| CliError::Io(format!("cannot read the list of paths on stdin: {e}")))?;
        if list.len() > MAX_PATH_LIST_BYTES {
            return Err(CliError::Usage(format!(
                "the list of paths on stdin is longer than {MAX_PATH_LIST_BYTES} bytes"
            )));
        }
        out.extend(
            String::from_utf8_lossy(&list)
                .lines()
                .map(str::trim_end)
                .filter(|l| !l.is_empty())
                .map(PathBuf::from),
        );
    }
    Ok(out)
}

fn exclude_set(globs: &[String]) -> Result<globset::GlobSet, CliError> {
    let mut b = globset::GlobSetBuilder::new();
    for g in globs {
        let glob = globset::Glob::new(g).map_err(|e| {
            CliError::Usage(format!(
                "--exclude {}: {}",
                escape(g),
                escape(&e.kind().to_string())
            ))
        })?;
        b.add(glob);
    }
    b.build()
        .map_err(|e| CliError::Usage(format!("--exclude: {}", escape(&e.to_string()))))
}

/// Every regular file under the roots (sorted, each once), and what could not be walked.
fn walk(roots: &[PathBuf], excludes: &globset::GlobSet) -> (Vec<PathBuf>, Vec<Skipped>) {
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let excluded =
        |p: &Path| excludes.is_match(p) || p.file_name().is_some_and(|n| excludes.is_match(n));
    for root in roots {
        let walker = walkdir::WalkDir::new(root)
            .follow_links(true)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !excluded(e.path()));
        for entry in walker {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    if !excluded(e.path()) {
                        files.push(e.into_path());
                    }
                }
                Ok(e) if e.file_type().is_dir() => {}
                Ok(e) => skipped.push(Skipped {
                    path: label(e.path()),
                    reason: "not a regular file".to_owned(),
                }),
                Err(err) => skipped.push(walk_error(&err, root)),
            }
        }
    }
    files.sort();
    files.dedup();
    (files, skipped)
}

fn walk_error(err: &walkdir::Error, root: &Path) -> Skipped {
    let path = err.path().unwrap_or(root);
    let reason = if err.loop_ancestor().is_some() {
        "symbolic link loop".to_owned()
    } else if let Some(io) = err.io_error() {
        format!("cannot read: {io}")
    } else {
        err.to_string()
    };
    Skipped {
        path: label(path),
        reason,
    }
}

/// A path as outputs name it (redacted if it looks like key material).
fn label(p: &Path) -> String {
    redact(&p.to_string_lossy()).into_owned()
}

fn progress_bar(args: &ScanArgs, output: Output, len: usize) -> indicatif::ProgressBar {
    if args.no_progress || output.quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} files {msg}") {
        bar.set_style(style);
    }
    bar
}

/// Reads one file within its bound and finds its certificates and keys.
fn scan_file(path: &Path) -> FileScan {
    let skip = |reason: String| FileScan {
        skipped: Some(Skipped {
            path: label(path),
            reason,
        }),
        ..FileScan::default()
    };
    let bytes = match read_checked(path, MAX_SCAN_BYTES, "file") {
        Ok(b) => b,
        Err(ReadFailure::TooLong { limit }) => return skip(format!("larger than {limit} bytes")),
        Err(ReadFailure::Io(m) | ReadFailure::Usage(m)) => return skip(m),
    };
    let path_label = label(path);
    if bytes.windows(10).any(|w| w == b"-----BEGIN") {
        return scan_pem(&String::from_utf8_lossy(&bytes), &path_label);
    }
    scan_der(&bytes, &path_label).unwrap_or_else(|| {
        if std::str::from_utf8(&bytes).is_err() || bytes.contains(&0) {
            skip("binary, neither a certificate nor a key".to_owned())
        } else {
            FileScan::default()
        }
    })
}

fn scan_pem(text: &str, path: &str) -> FileScan {
    let mut out = FileScan::default();
    for b in pem::blocks(text) {
        let origin = Origin {
            path: path.to_owned(),
            line: b.line,
        };
        if b.label == "CERTIFICATE" {
            if let Some(der) = b.der() {
                if Certificate::parse(&der).is_ok() {
                    out.certs.push(found_cert(der, origin));
                }
            }
        } else if b.is_private_key() {
            out.keys.push(found_key(b.text.to_owned(), origin));
        }
    }
    out
}

/// A DER file: a certificate, or a private key (PKCS#8, PKCS#1 or SEC1).
fn scan_der(bytes: &[u8], path: &str) -> Option<FileScan> {
    let origin = || Origin {
        path: path.to_owned(),
        line: 1,
    };
    if bytes.first() != Some(&0x30) {
        return None;
    }
    if Certificate::parse(bytes).is_ok() {
        return Some(FileScan {
            certs: vec![found_cert(bytes.to_vec(), origin())],
            ..FileScan::default()
        });
    }
    for label in ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"] {
        let text = pem::encode(label, bytes);
        if PrivateKey::from_field(&text).is_ok() {
            return Some(FileScan {
                keys: vec![found_key(text, origin())],
                ..FileScan::default()
            });
        }
    }
    None
}

fn found_cert(der: Vec<u8>, origin: Origin) -> FoundCert {
    FoundCert {
        sha256: Sha256::digest(&der).into(),
        der,
        origin,
    }
}

fn found_key(text: String, origin: Origin) -> FoundKey {
    let spki = PrivateKey::from_field(&text)
        .map(|k| k.public_key_spki_der().to_vec())
        .map_err(|d| {
            d.first()
                .map(|d| format!("{}: {}", d.code.error_code(), d.message))
                .unwrap_or_else(|| "unreadable".to_owned())
        });
    FoundKey { text, origin, spki }
}

/// One key and certificate pair, its chain, and the gateway's verdict.
struct Bundle {
    name: String,
    leaf: Origin,
    key: Origin,
    chain: Vec<Origin>,
    facts: Option<CertFacts>,
    outcome: Result<Accepted, Rejection>,
    findings: Vec<Finding>,
}

/// Everything a scan found.
struct ScanResult {
    bundles: Vec<Bundle>,
    orphan_keys: Vec<OrphanKey>,
    orphan_certs: Vec<CertFacts>,
    orphan_cert_origins: Vec<Origin>,
    orphan_findings: Vec<Finding>,
    skipped: Vec<Skipped>,
    expiry: Vec<ExpiryRow>,
    certificates: usize,
    keys: usize,
}

#[derive(Serialize)]
struct OrphanKey {
    path: String,
    line: usize,
    /// Why it has no certificate: none found with its public key, or it cannot be read.
    reason: String,
}

#[derive(Serialize)]
struct ExpiryRow {
    days_left: i64,
    not_after: String,
    common_name: String,
    sha256: String,
    path: String,
    line: usize,
    has_key: bool,
}

fn assemble(
    mut certs: Vec<FoundCert>,
    keys: Vec<FoundKey>,
    skipped: Vec<Skipped>,
    at: UnixTime,
    warn_days: u32,
) -> ScanResult {
    // The same certificate in several files (cert.pem and fullchain.pem): the first path wins.
    let mut seen = HashSet::new();
    certs.retain(|c| seen.insert(c.sha256));
    let mut seen_keys = HashSet::new();
    let keys: Vec<FoundKey> = keys
        .into_iter()
        .filter(|k| match &k.spki {
            Ok(spki) => seen_keys.insert(spki.clone()),
            Err(_) => true,
        })
        .collect();
    let parsed: Vec<Certificate<'_>> = certs
        .iter()
        .map(|c| Certificate::parse(&c.der).expect("parsed once already"))
        .collect();
    // Indexes, so pairing and chain building stay linear in the number of files.
    let mut by_spki: HashMap<&[u8], Vec<usize>> = HashMap::new();
    let mut by_subject: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, c) in parsed.iter().enumerate() {
        by_spki.entry(c.spki().der).or_default().push(i);
        by_subject.entry(name_key(c.subject())).or_default().push(i);
    }
    let mut pairs = Vec::new();
    let mut orphan_keys = Vec::new();
    let mut paired_certs = HashSet::new();
    for (ki, k) in keys.iter().enumerate() {
        let leaves: Vec<usize> = match &k.spki {
            Ok(spki) => by_spki.get(spki.as_slice()).cloned().unwrap_or_default(),
            Err(_) => Vec::new(),
        };
        if leaves.is_empty() {
            orphan_keys.push(OrphanKey {
                path: k.origin.path.clone(),
                line: k.origin.line,
                reason: match &k.spki {
                    Ok(_) => "no certificate found with this key's public key".to_owned(),
                    Err(why) => format!("the key cannot be read ({why})"),
                },
            });
        }
        for leaf in leaves {
            paired_certs.insert(leaf);
            pairs.push((ki, leaf));
        }
    }
    let bundles: Vec<Bundle> = pairs
        .par_iter()
        .map(|&(ki, leaf)| bundle(&keys[ki], leaf, &certs, &parsed, &by_subject, at, warn_days))
        .collect();
    let is_leaf = |c: &Certificate<'_>| !c.basic_constraints().is_some_and(|b| b.is_ca);
    let orphan_idx: Vec<usize> = (0..certs.len())
        .filter(|i| !paired_certs.contains(i) && is_leaf(&parsed[*i]))
        .collect();
    let orphan_certs: Vec<CertFacts> = orphan_idx
        .iter()
        .filter_map(|&i| CertFacts::of(1, &certs[i].der, at))
        .collect();
    let orphan_cert_origins: Vec<Origin> = orphan_idx
        .iter()
        .map(|&i| certs[i].origin.clone())
        .collect();
    let orphan_findings = orphan_findings(&orphan_keys, &orphan_idx, &certs, &parsed);
    let mut expiry: Vec<ExpiryRow> = (0..certs.len())
        .filter(|&i| paired_certs.contains(&i) || is_leaf(&parsed[i]))
        .map(|i| {
            let f = parsed[i].fields();
            ExpiryRow {
                days_left: days_between(at, parsed[i].not_after()),
                not_after: f.not_after.to_string(),
                common_name: f.common_name,
                sha256: hex(&certs[i].sha256),
                path: certs[i].origin.path.clone(),
                line: certs[i].origin.line,
                has_key: paired_certs.contains(&i),
            }
        })
        .collect();
    expiry.sort_by(|a, b| a.days_left.cmp(&b.days_left).then(a.path.cmp(&b.path)));
    ScanResult {
        bundles,
        orphan_keys,
        orphan_certs,
        orphan_cert_origins,
        orphan_findings,
        skipped,
        expiry,
        certificates: certs.len(),
        keys: keys.len(),
    }
}

/// Orphans as findings (`notice`), for the CI formats and `--fail-on notice`.
fn orphan_findings(
    orphan_keys: &[OrphanKey],
    orphan_idx: &[usize],
    certs: &[FoundCert],
    parsed: &[Certificate<'_>],
) -> Vec<Finding> {
    let key = |k: &OrphanKey| Finding {
        severity: Severity::Notice,
        id: "scan.key-without-certificate".to_owned(),
        error_code: None,
        field: None,
        block: None,
        message: format!("A private key with no certificate: {}.", k.reason),
        fix: Some("Put the key's certificate beside it, or remove a key nothing uses.".to_owned()),
        location: Some(Origin {
            path: k.path.clone(),
            line: k.line,
        }),
        certificate: None,
        key: None,
    };
    let cert = |&i: &usize| Finding {
        severity: Severity::Notice,
        id: "scan.certificate-without-key".to_owned(),
        error_code: None,
        field: None,
        block: None,
        message: format!(
            "A server certificate (CN {:?}) with no private key found.",
            parsed[i].subject().common_name
        ),
        fix: Some("Scan the directory that holds its key too.".to_owned()),
        location: Some(certs[i].origin.clone()),
        certificate: None,
        key: None,
    };
    orphan_keys
        .iter()
        .map(key)
        .chain(orphan_idx.iter().map(cert))
        .collect()
}

/// A distinguished name as a map key (its attributes as the library reads them).
fn name_key(name: &cert_preflight::Name<'_>) -> String {
    format!("{name:?}")
}

/// The chain above a leaf: each next certificate is one found whose subject is the current
/// issuer (and whose key id matches, when both say), roots (self-issued) left out, as the
/// gateway wants leaf and intermediates only.
fn chain_of(
    leaf: usize,
    parsed: &[Certificate<'_>],
    by_subject: &HashMap<String, Vec<usize>>,
) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut current = leaf;
    while chain.len() < MAX_CHAIN_ABOVE_LEAF && !parsed[current].is_self_issued() {
        let c = &parsed[current];
        let candidates = by_subject
            .get(&name_key(c.issuer()))
            .map_or(&[][..], Vec::as_slice);
        let next = candidates.iter().copied().find(|&i| {
            i != current
                && i != leaf
                && !chain.contains(&i)
                && match (c.authority_key_id(), parsed[i].subject_key_id()) {
                    (Some(a), Some(s)) => a == s,
                    _ => true,
                }
        });
        match next {
            Some(i) if !parsed[i].is_self_issued() => {
                chain.push(i);
                current = i;
            }
            _ => break,
        }
    }
    chain
}

fn bundle(
    key: &FoundKey,
    leaf: usize,
    certs: &[FoundCert],
    parsed: &[Certificate<'_>],
    by_subject: &HashMap<String, Vec<usize>>,
    at: UnixTime,
    warn_days: u32,
) -> Bundle {
    let chain = chain_of(leaf, parsed, by_subject);
    let order: Vec<usize> = std::iter::once(leaf).chain(chain.iter().copied()).collect();
    let cert_content: String = order
        .iter()
        .map(|&i| pem::encode("CERTIFICATE", &certs[i].der))
        .collect();
    let origins: Vec<Origin> = order.iter().map(|&i| certs[i].origin.clone()).collect();
    let stem = Path::new(&certs[leaf].origin.path)
        .parent()
        .and_then(Path::file_name)
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let form = CertificateForm {
        name: suggest_name(&stem),
        cert_content,
        private_key: key.text.clone(),
        ..CertificateForm::default()
    };
    let outcome = preflight(&form, &Options::new(at).warn_days(warn_days));
    let mut sources = Sources::default();
    sources.add(
        cert_preflight::Field::CertContent,
        &form.cert_content,
        origins.clone(),
    );
    sources.add(
        cert_preflight::Field::PrivateKey,
        "",
        vec![key.origin.clone()],
    );
    let found = findings(&outcome, &sources, at);
    Bundle {
        name: format!("{}:{}", certs[leaf].origin.path, certs[leaf].origin.line),
        leaf: certs[leaf].origin.clone(),
        key: key.origin.clone(),
        chain: origins[1..].to_vec(),
        facts: CertFacts::of(1, &certs[leaf].der, at),
        outcome,
        findings: found,
    }
}

/// The JSON document of a scan.
#[derive(Serialize)]
struct ScanDocument<'a> {
    schema: &'static str,
    tool: crate::check::Tool,
    checked_at: String,
    summary: Summary,
    bundles: Vec<BundleDocument<'a>>,
    orphans: Orphans<'a>,
    skipped: &'a [Skipped],
    expiry: &'a [ExpiryRow],
    gate: Gate,
}

#[derive(Serialize)]
struct Summary {
    files_skipped: usize,
    certificates: usize,
    keys: usize,
    bundles: usize,
    accepted: usize,
    rejected: usize,
}

#[derive(Serialize)]
struct BundleDocument<'a> {
    name: &'a str,
    certificate: &'a Origin,
    key: &'a Origin,
    chain: &'a [Origin],
    #[serde(skip_serializing_if = "Option::is_none")]
    leaf: Option<&'a CertFacts>,
    #[serde(flatten)]
    report: Report<'a>,
    findings: &'a [Finding],
}

#[derive(Serialize)]
struct Orphans<'a> {
    keys: &'a [OrphanKey],
    certificates: Vec<OrphanCert<'a>>,
}

#[derive(Serialize)]
struct OrphanCert<'a> {
    #[serde(flatten)]
    origin: &'a Origin,
    #[serde(flatten)]
    facts: &'a CertFacts,
}

fn print(args: &ScanArgs, r: &ScanResult, at: UnixTime, threshold: Severity, failed: bool) {
    let mut ci: Vec<BundleFindings<'_>> = r
        .bundles
        .iter()
        .map(|b| BundleFindings {
            name: &b.name,
            accepted: b.outcome.is_ok(),
            findings: &b.findings,
        })
        .collect();
    if !r.orphan_findings.is_empty() {
        ci.push(BundleFindings {
            name: "orphans",
            accepted: true,
            findings: &r.orphan_findings,
        });
    }
    match args.format {
        Format::Text => print_text(r, threshold, failed),
        Format::Json | Format::Report => {
            let doc = document(r, at, threshold, failed);
            term::out(&format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).expect("serializable")
            ));
        }
        Format::Sarif => term::out(&format!("{}\n", render::ci::sarif(&ci))),
        Format::Junit => term::out(&render::ci::junit(&ci, threshold)),
        Format::Github => term::out(&render::ci::github(&ci)),
    }
}

fn document<'a>(
    r: &'a ScanResult,
    at: UnixTime,
    threshold: Severity,
    failed: bool,
) -> ScanDocument<'a> {
    let accepted = r.bundles.iter().filter(|b| b.outcome.is_ok()).count();
    ScanDocument {
        schema: "cert-preflight/scan/v1",
        tool: TOOL,
        checked_at: at.to_string(),
        summary: Summary {
            files_skipped: r.skipped.len(),
            certificates: r.certificates,
            keys: r.keys,
            bundles: r.bundles.len(),
            accepted,
            rejected: r.bundles.len() - accepted,
        },
        bundles: r
            .bundles
            .iter()
            .map(|b| BundleDocument {
                name: &b.name,
                certificate: &b.leaf,
                key: &b.key,
                chain: &b.chain,
                leaf: b.facts.as_ref(),
                report: Report::new(&b.outcome),
                findings: &b.findings,
            })
            .collect(),
        orphans: Orphans {
            keys: &r.orphan_keys,
            certificates: r
                .orphan_cert_origins
                .iter()
                .zip(&r.orphan_certs)
                .map(|(origin, facts)| OrphanCert { origin, facts })
                .collect(),
        },
        skipped: &r.skipped,
        expiry: &r.expiry,
        gate: Gate {
            fail_on: threshold,
            failed,
        },
    }
}

fn print_text(r: &ScanResult, threshold: Severity, failed: bool) {
    let style = Style::for_stream(std::io::stdout().is_terminal());
    let mut o = Vec::new();
    let _ = write_text(&mut o, r, style, threshold, failed);
    let _ = std::io::stdout().lock().write_all(&o);
}

fn write_text(
    o: &mut Vec<u8>,
    r: &ScanResult,
    style: Style,
    threshold: Severity,
    failed: bool,
) -> std::io::Result<()> {
    let accepted = r.bundles.iter().filter(|b| b.outcome.is_ok()).count();
    writeln!(
        o,
        "{} bundle(s): {} accepted, {} rejected; {} certificate(s), {} key(s), {} file(s) skipped",
        r.bundles.len(),
        accepted,
        r.bundles.len() - accepted,
        r.certificates,
        r.keys,
        r.skipped.len()
    )?;
    for b in &r.bundles {
        writeln!(o)?;
        let verdict = match &b.outcome {
            Ok(_) => style.paint("1;32", "ACCEPTED"),
            Err(rej) => format!("{} {}", style.paint("1;31", "REJECTED"), rej.error_code()),
        };
        let cn = b
            .facts
            .as_ref()
            .map(|f| f.common_name.as_str())
            .unwrap_or("");
        writeln!(o, "{verdict} {}", escape(cn))?;
        writeln!(o, "  certificate {}:{}", escape(&b.leaf.path), b.leaf.line)?;
        for c in &b.chain {
            writeln!(o, "  chain       {}:{}", escape(&c.path), c.line)?;
        }
        writeln!(o, "  key         {}:{}", escape(&b.key.path), b.key.line)?;
        for f in &b.findings {
            let head = match f.error_code {
                Some(code) => format!("{} {code} [{}]", f.severity.as_str(), f.id),
                None => format!("{} [{}]", f.severity.as_str(), f.id),
            };
            term::write_hanging(o, &format!("{head} {}", f.message), "  - ", "    ")?;
        }
    }
    if !r.orphan_keys.is_empty() || !r.orphan_certs.is_empty() {
        writeln!(o, "\nOrphans:")?;
        for k in &r.orphan_keys {
            term::write_hanging(
                o,
                &format!("key {}:{}: {}", k.path, k.line, k.reason),
                "  - ",
                "    ",
            )?;
        }
        for (origin, f) in r.orphan_cert_origins.iter().zip(&r.orphan_certs) {
            writeln!(
                o,
                "  - certificate {}:{} (CN {}): no key found",
                escape(&origin.path),
                origin.line,
                escape(&f.common_name)
            )?;
        }
    }
    if !r.skipped.is_empty() {
        writeln!(o, "\nSkipped:")?;
        for s in &r.skipped {
            writeln!(o, "  - {}: {}", escape(&s.path), escape(&s.reason))?;
        }
    }
    if !r.expiry.is_empty() {
        writeln!(o, "\nExpiry (sorted by days left):")?;
        writeln!(
            o,
            "  {:>9}  {:<20}  {:<4}  CN / file",
            "days left", "not after", "key"
        )?;
        for e in &r.expiry {
            writeln!(
                o,
                "  {:>9}  {:<20}  {:<4}  {} ({}:{})",
                e.days_left,
                e.not_after,
                if e.has_key { "yes" } else { "no" },
                escape(&e.common_name),
                escape(&e.path),
                e.line
            )?;
        }
    }
    if failed {
        writeln!(o, "\nFAILED --fail-on {}", threshold.as_str())?;
    }
    Ok(())
}
