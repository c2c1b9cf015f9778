//! Bounded reads. No input is read past its bound plus one byte, from a file or from stdin, so
//! `--cert /dev/zero` or 100 MB on stdin cost at most the bound in memory; anything that is not
//! a regular file (a FIFO, a directory, a device) is refused before it is read, so nothing
//! blocks.
//!
//! The bounds, in bytes (the gateway counts characters, and a character is at most 4 bytes in
//! UTF-8, so 4 times the character bound lets the library give its exact APIG.2006 answer
//! with the count; anything longer cannot be within the bound):
//!
//! | input                           | bound                                        |
//! |---------------------------------|----------------------------------------------|
//! | `--cert`, `--trusted-root-ca`   | 4 x 65,536 = 262,144 bytes                   |
//! | `--key`                         | 4 x 8,192 = 32,768 bytes                     |
//! | `--request`                     | 1 MiB (1,048,576 bytes), the library's bound |
//! | each `inspect` file             | 1 MiB                                        |

use crate::redact::{looks_like_key_material, looks_like_pem, shown};
use cert_preflight::{
    Diagnostic, DiagnosticId, Field, GatewayCode, Rejection, MAX_CERT_CONTENT_CHARS,
    MAX_PRIVATE_KEY_CHARS,
};
use std::io::Read;
use std::path::Path;

/// Most bytes of a request body: the library's bound.
pub use cert_preflight::MAX_BODY_BYTES;
/// Most bytes of one `inspect` file: far more than any certificate bundle.
pub const MAX_INSPECT_BYTES: usize = 1 << 20;

/// Why an input was not read.
#[derive(Debug)]
pub enum ReadFailure {
    /// Longer than the bound (only the bound plus one byte was read).
    TooLong { limit: usize },
    /// A value that is not a path (key text, PEM text, a JSON body): a usage error.
    Usage(String),
    /// Not found, not readable, or not a regular file.
    Io(String),
}

/// The byte bound of a request field read from a file.
pub fn field_bound(field: Field) -> usize {
    match field {
        Field::PrivateKey => 4 * MAX_PRIVATE_KEY_CHARS,
        _ => 4 * MAX_CERT_CONTENT_CHARS,
    }
}

/// Reads at most `limit` bytes from the file `path` (or stdin for `-`); more is `TooLong`.
/// `option` names where the path came from, for the messages (such as `--key`).
pub fn read_bounded(path: &Path, limit: usize, option: &str) -> Result<Vec<u8>, ReadFailure> {
    if path == Path::new("-") {
        return take(std::io::stdin().lock(), limit)
            .map_err(|e| ReadFailure::Io(format!("cannot read stdin for {option}: {e}")));
    }
    let text = path.to_string_lossy();
    let shown_path = shown(&text);
    let file = open_regular(path).map_err(|why| match not_a_path(&text) {
        Some(hint) => ReadFailure::Usage(format!("{option}: {hint}")),
        None => ReadFailure::Io(format!("cannot read {option} {shown_path}: {why}")),
    })?;
    take(file, limit)
        .map_err(|e| ReadFailure::Io(format!("cannot read {option} {shown_path}: {e}")))
}

/// When a "path" is really the content itself, what to say instead of "no such file".
pub fn not_a_path(value: &str) -> Option<&'static str> {
    if looks_like_key_material(value) {
        Some("this looks like the key itself (not shown); pass a file path, or `-` for stdin")
    } else if looks_like_pem(value) {
        Some("this looks like PEM text itself (not shown); pass a file path, or `-` for stdin")
    } else if value.trim_start().starts_with('{') {
        Some("this looks like a JSON body itself (not shown); pass a file path, or `-` for stdin")
    } else {
        None
    }
}

/// Opens a path only if it is a regular file. Checked before opening (opening a FIFO with no
/// writer blocks) and again on the open file; opened non-blocking on Unix, so a FIFO swapped in
/// between cannot block either.
fn open_regular(path: &Path) -> Result<std::fs::File, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    kind_refusal(&meta).map_or(Ok(()), Err)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| e.to_string())?;
    let meta = file.metadata().map_err(|e| e.to_string())?;
    kind_refusal(&meta).map_or(Ok(file), Err)
}

/// Why a file of this kind is not read, or `None` for a regular file.
fn kind_refusal(meta: &std::fs::Metadata) -> Option<String> {
    let ft = meta.file_type();
    if ft.is_file() {
        return None;
    }
    let what = if ft.is_dir() {
        "a directory"
    } else {
        special_kind(&ft)
    };
    Some(format!(
        "it is {what}, not a regular file (give a file, or `-` to read stdin)"
    ))
}

#[cfg(unix)]
fn special_kind(ft: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if ft.is_fifo() {
        "a FIFO (named pipe)"
    } else if ft.is_char_device() {
        "a character device"
    } else if ft.is_block_device() {
        "a block device"
    } else if ft.is_socket() {
        "a socket"
    } else {
        "a special file"
    }
}

#[cfg(not(unix))]
fn special_kind(_: &std::fs::FileType) -> &'static str {
    "a special file"
}

/// Reads at most `limit + 1` bytes; `TooLong` when the extra byte came.
fn take(reader: impl Read, limit: usize) -> std::io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    reader
        .take(u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1))
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// `read_bounded`, with `TooLong` as `bytes.len() > limit` checked by the caller.
pub fn read_checked(path: &Path, limit: usize, option: &str) -> Result<Vec<u8>, ReadFailure> {
    let bytes = read_bounded(path, limit, option)?;
    if bytes.len() > limit {
        Err(ReadFailure::TooLong { limit })
    } else {
        Ok(bytes)
    }
}

/// The gateway's answer to a field (or body) over its bound: APIG.2006.
pub fn too_long_rejection(field: Field, limit: usize) -> Rejection {
    if field == Field::Body {
        // The library's own words, as every front gives them.
        return Rejection::from_diagnostic(cert_preflight::CertificateForm::body_too_long());
    }
    let message = format!(
        "`{field}` is longer than {limit} bytes (reading stopped there), so longer than the {} characters the gateway takes.",
        limit / 4
    );
    let d = Diagnostic::new(GatewayCode::ParameterTooLong, DiagnosticId::RequestTooLong, message)
        .in_field(field)
        .with_fix("Check that the file holds only the PEM it should (the server certificate and its intermediates, or the key).");
    Rejection::from_diagnostic(d)
}
