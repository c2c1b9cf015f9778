//! `inspect`: the fields of every certificate in PEM or DER files, each read within 1 MiB.

use crate::args::{InspectArgs, InspectFormat};
use crate::check::{path_label, stdin_once};
use crate::read::{read_checked, ReadFailure, MAX_INSPECT_BYTES};
use crate::redact::shown;
use crate::term::err_line;
use crate::{now, render, term, CliError};
use cert_preflight::{inspect_each_anchored, InspectedCertificate, UnixTime};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Exit 0 when every file reads, 1 when one is not a certificate, 2 when one cannot be read
/// (the others are still shown).
pub fn inspect_files(args: InspectArgs) -> Result<ExitCode, CliError> {
    stdin_once(&args.files)?;
    let at = args.at.unwrap_or_else(now);
    let mut rejected = false;
    let mut io_failed = false;
    let trusted = match &args.trusted_root_ca {
        Some(path) => match read_checked(path, MAX_INSPECT_BYTES, "--trusted-root-ca") {
            Ok(b) => b,
            Err(ReadFailure::Usage(m)) => return Err(CliError::Usage(m)),
            Err(failure) => return Err(CliError::Io(inspect_failure(path, failure))),
        },
        None => Vec::new(),
    };
    for path in &args.files {
        let bytes = match read_checked(path, MAX_INSPECT_BYTES, "file") {
            Ok(b) => b,
            Err(ReadFailure::Usage(m)) => return Err(CliError::Usage(m)),
            Err(failure) => {
                io_failed = true;
                let message = inspect_failure(path, failure);
                err_line(&format!("cert-preflight: {message}"));
                if matches!(args.format, InspectFormat::Json | InspectFormat::Report) {
                    // Its own line too, so a reader of the JSON lines sees every file.
                    term::out(&format!(
                        "{}\n",
                        render::json::unreadable_line(&path_label(path), &message)
                    ));
                }
                continue;
            }
        };
        // Each block on its own, as Go's parser sees it: a broken block hides no other.
        let result = inspect_each_anchored(&bytes, &trusted).map(|each| with_days_left(each, at));
        rejected |= match &result {
            Ok(each) => each.iter().any(|c| c.error.is_some()),
            Err(_) => true,
        };
        let file = path_label(path);
        match args.format {
            InspectFormat::Json | InspectFormat::Report => {
                term::out(&format!("{}\n", render::json::inspect_line(&file, &result)));
            }
            InspectFormat::Text => {
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

/// Each certificate's details with the days left counted from `at`.
pub(crate) fn with_days_left(
    each: Vec<InspectedCertificate>,
    at: UnixTime,
) -> Vec<InspectedCertificate> {
    each.into_iter()
        .map(|mut c| {
            c.details = c.details.map(|d| d.at(at));
            c
        })
        .collect()
}

fn inspect_failure(path: &Path, failure: ReadFailure) -> String {
    match failure {
        ReadFailure::TooLong { limit } => format!(
            "{} is longer than {limit} bytes, the most `inspect` reads of one file; skipped",
            shown(&path.to_string_lossy())
        ),
        ReadFailure::Usage(m) | ReadFailure::Io(m) => m,
    }
}
