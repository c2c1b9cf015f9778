//! What may be quoted back to the user. A value given where a name, type or domain was expected
//! may be key material (a CI variable in the wrong option): such a value is never quoted, not
//! even in part, whatever door it came in by.

use std::fmt;

/// Shortest run of base64 characters taken for key material (a PEM body line has 64).
const MIN_BASE64_RUN: usize = 40;

/// Whether `text` looks like key material: a PEM private-key label (`-----BEGIN ... PRIVATE
/// KEY`, which covers `ENCRYPTED PRIVATE KEY`, `EC PRIVATE KEY`, `OPENSSH PRIVATE KEY`...) or a
/// long run of base64 that looks random (both cases well represented, as in any base64 body,
/// unlike a path, a host name, a hex fingerprint or a decimal serial number).
///
/// Every front uses this one rule before it quotes a value the user gave.
///
/// ```
/// use cert_preflight::looks_like_key_material;
///
/// assert!(looks_like_key_material("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE..."));
/// assert!(looks_like_key_material("MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oWQfmXlYmpcioAoGCCqGSM49"));
/// assert!(!looks_like_key_material("api.shop.example"));
/// ```
pub fn looks_like_key_material(text: &str) -> bool {
    has_private_key_label(text) || has_random_base64_run(text)
}

fn has_private_key_label(text: &str) -> bool {
    text.match_indices("-----BEGIN").any(|(i, _)| {
        let label = text[i..].lines().next().unwrap_or("");
        label.contains("PRIVATE KEY")
    }) || text.contains("PRIVATE KEY-----")
}

fn is_base64(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '-' | '_')
}

fn has_random_base64_run(text: &str) -> bool {
    text.split(|c: char| !is_base64(c))
        .any(|run| run.len() >= MIN_BASE64_RUN && looks_random(run))
}

/// Base64 of random bytes is about 40% upper case and 40% lower case letters; a CamelCase path
/// component has far fewer capitals, and hex or decimal has one case only.
fn looks_random(run: &str) -> bool {
    let upper = run.bytes().filter(u8::is_ascii_uppercase).count();
    let lower = run.bytes().filter(u8::is_ascii_lowercase).count();
    upper * 4 >= run.len() && lower * 4 >= run.len()
}

/// A user's value as quoted in a message: Rust-escaped (no control character reaches a
/// terminal raw), cut after 60 characters, and never shown when it looks like key material.
pub(crate) struct Quoted<'a>(pub &'a str);

impl fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if looks_like_key_material(self.0) {
            return write!(
                f,
                "<{} characters that look like key material, not shown>",
                self.0.chars().count()
            );
        }
        match self.0.char_indices().nth(60) {
            Some((i, _)) => write!(f, "{:?}...", &self.0[..i]),
            None => write!(f, "{:?}", self.0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_text_is_never_quoted() {
        let key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg";
        let shown = Quoted(key).to_string();
        assert_eq!(
            shown,
            "<76 characters that look like key material, not shown>"
        );
        // A key's base64 body without its armour (the scalar part of a P-256 key).
        let bare = "oAoGCCqGSM49AwEHoUQDQgAEZk3v9Qa1bX7hT2wLpR8sYc4NfGm6KjD0uE5iAoHqVnWz";
        assert!(!Quoted(bare).to_string().contains("Zk3v"));
    }

    #[test]
    fn ordinary_values_are_quoted_and_escaped() {
        assert_eq!(Quoted("shop").to_string(), "\"shop\"");
        assert_eq!(Quoted("a\x1b[31mb").to_string(), "\"a\\u{1b}[31mb\"");
        assert_eq!(Quoted("x\ny").to_string(), "\"x\\ny\"");
        let long = "a".repeat(70);
        assert_eq!(
            Quoted(&long).to_string(),
            format!("\"{}\"...", "a".repeat(60))
        );
        // A long name of letters only is not base64 of random bytes.
        assert!(!looks_like_key_material(&"abcdefghij".repeat(6)));
    }
}
