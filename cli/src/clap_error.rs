//! clap's errors, rendered without echoing secrets. clap quotes the offending argument whole
//! (`unexpected argument '-----BEGIN EC PRIVATE KEY-----...'`, `invalid value '<key>'`), so its
//! message is taken, every piece of a command-line argument that looks like key material is
//! replaced by a placeholder and every other argument escaped for the terminal; if anything of
//! a withheld argument still shows (any 16-character piece), clap's message is dropped for a
//! plain one built from the error kind alone.

use crate::redact::{looks_like_key_material, withheld};
use crate::term::escape;
use clap::error::ErrorKind;
use std::ffi::OsString;

/// Length of the pieces of a withheld argument that must not appear in the message.
const WINDOW: usize = 16;

/// The message to print for a clap error (help and version included), safe for a terminal and
/// free of key material.
pub fn render(err: &clap::Error, argv: &[OsString]) -> String {
    let text = err.render().to_string();
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        return text;
    }
    let args: Vec<String> = argv
        .iter()
        .skip(1)
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let mut secrets: Vec<String> = Vec::new();
    let mut pieces: Vec<String> = Vec::new();
    for arg in &args {
        for piece in pieces_of(arg) {
            // clap's plain rendering strips ANSI sequences from what it quotes: both forms.
            let stripped = anstream::adapter::strip_str(piece).to_string();
            for p in [piece.to_owned(), stripped] {
                if looks_like_key_material(&p) {
                    secrets.push(p.clone());
                }
                pieces.push(p);
            }
        }
    }
    // Longest first, so a whole argument is replaced before a part of it.
    pieces.sort_by_key(|p| std::cmp::Reverse(p.len()));
    let mut safe = text;
    for piece in pieces.iter().filter(|p| !p.is_empty()) {
        let piece = piece.as_str();
        let replacement = if looks_like_key_material(piece) {
            withheld(piece)
        } else {
            escape(piece).into_owned()
        };
        if replacement != *piece {
            safe = safe.replace(piece, &replacement);
        }
    }
    if secrets.iter().any(|s| leaks(s, &safe)) || looks_like_key_material(&safe) {
        return plain(err.kind());
    }
    if !secrets.is_empty() {
        safe.push_str(HINT);
    }
    // Whatever clap wrote itself is plain; anything else left is escaped, line by line.
    safe.split('\n')
        .map(|line| escape(line).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// An argument, and the parts before and after each `=` (clap splits `--opt=value` at the first
/// `=`, and a key's base64 padding holds more).
fn pieces_of(arg: &str) -> Vec<&str> {
    let mut pieces = vec![arg];
    for (i, _) in arg.match_indices('=') {
        pieces.push(&arg[..i]);
        pieces.push(&arg[i + 1..]);
    }
    pieces
}

/// Whether any 16-character piece of `secret` (made of letters, digits, `+` and `/`) appears in
/// `text`.
fn leaks(secret: &str, text: &str) -> bool {
    let chars: Vec<char> = secret.chars().collect();
    chars.windows(WINDOW).any(|w| {
        w.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/'))
            && {
                let s: String = w.iter().collect();
                text.contains(&s)
            }
    })
}

/// Said whenever an argument was withheld: the likely mistake and its fix.
const HINT: &str =
    "note: an argument looks like the key itself (not shown); pass a file path, or `-` for stdin\n";

/// A message from the kind of error alone, for when clap's would show a secret.
fn plain(kind: ErrorKind) -> String {
    format!("error: {kind}\n{HINT}\nFor more information, try '--help'.\n")
}
