//! What may be quoted back to the user. A value given where a name, type or domain was expected
//! may be key material (a CI variable in the wrong option): such a value is never quoted, not
//! even in part, whatever door it came in by.

use std::fmt;

/// Whether `text` looks like key material: a PEM private-key label, or a long run of base64
/// (40 or more characters of the alphabet, mixing upper case, lower case and digits, as the
/// base64 of random bytes does).
///
/// ```
/// use cert_preflight::looks_like_key_material;
///
/// assert!(looks_like_key_material("-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE..."));
/// assert!(looks_like_key_material("MHcCAQEEIBkg4LVWM9nuwNSk3yByxZpYRTBnVJk5oWQfmXlYmpcioAoGCCqGSM49"));
/// assert!(!looks_like_key_material("api.shop.example"));
/// ```
pub fn looks_like_key_material(text: &str) -> bool {
    if text.contains("PRIVATE KEY") || text.contains("-----BEGIN") {
        return true;
    }
    let (mut run, mut upper, mut lower, mut digit) = (0usize, false, false, false);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b == b'+' || b == b'/' {
            run += 1;
            upper |= b.is_ascii_uppercase();
            lower |= b.is_ascii_lowercase();
            digit |= b.is_ascii_digit();
            if run >= 40 && upper && lower && digit {
                return true;
            }
        } else {
            (run, upper, lower, digit) = (0, false, false, false);
        }
    }
    false
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
        let bare = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgAAAA";
        assert!(!Quoted(bare).to_string().contains("MIGH"));
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
