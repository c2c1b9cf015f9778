//! Key material never leaves through the bindings: every string handed back to Python (the
//! response body, findings, the report, exception messages) passes through [`Secrets::redact`].
//!
//! The library does not echo the `private_key` field, but it quotes other user text (the first 60
//! characters of a bad `name` or `type`, a domain name) in its messages: a key pasted into the
//! wrong field would show. Rather than trust each message, the bindings know what the secrets of
//! one call are (the `private_key` field, any PEM `... PRIVATE KEY` block in any input, long mixed
//! base64 runs in the short fields) and cut any run of [`WINDOW`] or more of their characters out
//! of every output string, whatever door it came in by.

use std::borrow::Cow;

/// Shortest piece of a secret that is redacted: 8 base64 characters, 6 bytes of key.
const WINDOW: usize = 8;
/// In the short fields (name, type, instance_id, project_id, domains), a base64 run this long
/// holding upper case, lower case and digits is taken for key material.
const SHORT_FIELD_RUN: usize = 20;
/// What replaces a secret in an output.
pub const REDACTED: &str = "[redacted]";

/// Where a secret text came from, which decides what in it is secret.
#[derive(Clone, Copy)]
enum Source {
    /// The `private_key` field: everything.
    KeyField,
    /// A field that may hold a key by mistake: its PEM private-key blocks.
    LongField,
    /// A short field: private-key blocks and long random-looking base64 runs.
    ShortField,
    /// Input whose fields are unknown (a body that is not JSON): every base64 run.
    Unparsed,
}

/// The secrets of one call. The texts are kept as given and only read for their secret runs
/// when an output is first redacted: a call whose result is only looked at for `accepted`
/// pays a move, not a scan.
#[derive(Default)]
pub struct Secrets {
    sources: Vec<(Source, String)>,
    /// Every window of every secret run, sorted; built on first need.
    windows: std::sync::OnceLock<Vec<u64>>,
}

fn is_b64(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'+' || b == b'/'
}

/// The maximal base64-alphabet runs of `text`.
fn b64_runs(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_ascii() || !is_b64(c as u8))
        .filter(|r| !r.is_empty())
}

/// The base64 runs inside the PEM blocks of `text` whose label names a private key.
fn private_key_runs<'t>(text: &'t str, runs: &mut Vec<&'t str>) {
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN ") {
        let after = &rest[start + 11..];
        let label_end = after.find("-----").unwrap_or(after.len());
        let label = &after[..label_end];
        let body = &after[(label_end + 5).min(after.len())..];
        let end = body.find("-----END ").unwrap_or(body.len());
        if label.contains("PRIVATE KEY") {
            runs.extend(b64_runs(&body[..end]));
        }
        rest = &body[end..];
    }
}

/// Upper case, lower case and digits together: what random base64 looks like and identifiers
/// (hex IDs, decimal serials, words) mostly do not.
fn looks_random(run: &str) -> bool {
    let b = run.as_bytes();
    b.iter().any(u8::is_ascii_uppercase)
        && b.iter().any(u8::is_ascii_lowercase)
        && b.iter().any(u8::is_ascii_digit)
}

/// A window of the output that could be part of a secret: it has an upper-case letter and
/// something else. Windows of only lower case and digits (hex IDs, serials) or only upper case
/// (words such as CERTIFICATE) are not looked up; a leaked run of key text holds other windows.
fn candidate(w: &[u8]) -> bool {
    w.iter().any(u8::is_ascii_uppercase) && w.iter().any(|b| !b.is_ascii_uppercase())
}

/// Whether the byte at `i` follows a backslash (is the letter of an escape such as `\n`).
fn escaped(bytes: &[u8], i: usize) -> bool {
    i > 0 && bytes[i - 1] == b'\\'
}

fn pack(w: &[u8]) -> u64 {
    w.iter().fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
}

impl Secrets {
    /// No secrets yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The `private_key` field: everything in it is secret.
    pub fn add_key_field(&mut self, text: String) {
        self.sources.push((Source::KeyField, text));
    }

    /// A field that may hold a key by mistake (`cert_content`, `trusted_root_ca`, a file given
    /// to `inspect`): its PEM private-key blocks are secret.
    pub fn add_long_field(&mut self, text: String) {
        self.sources.push((Source::LongField, text));
    }

    /// A short field (name, type, IDs, a domain): private-key blocks, and long random-looking
    /// base64 runs (a key's base64 pasted without its PEM lines).
    pub fn add_short_field(&mut self, text: String) {
        self.sources.push((Source::ShortField, text));
    }

    /// Input that could not be read as the request (a body that is not JSON): every base64 run
    /// in it is taken for secret, since its fields are unknown.
    pub fn add_unparsed(&mut self, text: String) {
        self.sources.push((Source::Unparsed, text));
    }

    /// The secret runs of every source, each at least [`WINDOW`] long.
    fn runs(&self) -> Vec<&str> {
        let mut runs = Vec::new();
        for (source, text) in &self.sources {
            match source {
                Source::KeyField | Source::Unparsed => runs.extend(b64_runs(text)),
                Source::LongField => private_key_runs(text, &mut runs),
                Source::ShortField => {
                    private_key_runs(text, &mut runs);
                    runs.extend(
                        b64_runs(text).filter(|r| r.len() >= SHORT_FIELD_RUN && looks_random(r)),
                    );
                }
            }
        }
        runs.retain(|r| r.len() >= WINDOW);
        runs
    }

    fn windows(&self) -> &[u64] {
        self.windows.get_or_init(|| {
            let mut v: Vec<u64> = self
                .runs()
                .into_iter()
                .flat_map(|r| r.as_bytes().windows(WINDOW).map(pack))
                .collect();
            v.sort_unstable();
            v.dedup();
            v
        })
    }

    /// `text` with every run of secret characters replaced by [`REDACTED`].
    pub fn redact<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.sources.is_empty() || text.len() < WINDOW {
            return Cow::Borrowed(text);
        }
        let bytes = text.as_bytes();
        // Byte ranges [start, end) covered by a secret window, merged as they are found.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        for (i, w) in bytes.windows(WINDOW).enumerate() {
            if !w.iter().all(|&b| is_b64(b)) || !candidate(w) {
                continue;
            }
            if self.windows().binary_search(&pack(w)).is_ok() {
                match spans.last_mut() {
                    Some(last) if last.1 >= i => last.1 = i + WINDOW,
                    _ => spans.push((i, i + WINDOW)),
                }
            }
        }
        if spans.is_empty() {
            return Cow::Borrowed(text);
        }
        // Widen each span to the whole base64 run it is in: the ends of a leaked run hold key
        // characters too, and windows of one character class were not looked up.
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for (mut start, mut end) in spans {
            // Not into an escape such as the `\n` of a Debug-quoted value.
            while start > pos && is_b64(bytes[start - 1]) && !escaped(bytes, start - 1) {
                start -= 1;
            }
            while end < bytes.len() && is_b64(bytes[end]) {
                end += 1;
            }
            if start < pos {
                continue;
            }
            out.push_str(&text[pos..start]);
            out.push_str(REDACTED);
            pos = end;
        }
        out.push_str(&text[pos..]);
        Cow::Owned(out)
    }
}
