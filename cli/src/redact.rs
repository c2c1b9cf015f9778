//! Secrets stay secret: one test for "this looks like key material", and one `redact` used at
//! every point where the command line prints a value the user gave it (an option value, a path,
//! an argument clap did not expect).
//!
//! A private key pasted where a path or a value was expected (`--key "$KEY_TEXT"`, the
//! realistic CI mistake) must never be echoed, not even in part: the whole value is withheld
//! and only its length is shown.

use std::borrow::Cow;

/// Whether a value looks like key material: the library's one rule, shared by every front.
pub use cert_preflight::looks_like_key_material;

/// Whether a value holds any PEM armour (`-----BEGIN`): text given where a path was expected.
pub fn looks_like_pem(value: &str) -> bool {
    value.contains("-----BEGIN") || value.contains("-----END")
}

/// What is printed instead of a withheld value.
pub fn withheld(value: &str) -> String {
    format!(
        "<{} characters withheld: they look like key material>",
        value.chars().count()
    )
}

/// A user-supplied value as it may be printed: itself, or a placeholder when it looks like key
/// material. Not escaped for the terminal: text outputs pass the result through
/// [`crate::term::escape`] (or use [`shown`]); JSON outputs serialize it as it is.
pub fn redact(value: &str) -> Cow<'_, str> {
    if looks_like_key_material(value) {
        Cow::Owned(withheld(value))
    } else {
        Cow::Borrowed(value)
    }
}

/// A user-supplied value for a human-readable output: redacted, then escaped.
pub fn shown(value: &str) -> String {
    crate::term::escape(&redact(value)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_labels_and_base64_bodies_are_key_material() {
        assert!(looks_like_key_material(
            "-----BEGIN EC PRIVATE KEY-----\nMHcC"
        ));
        assert!(looks_like_key_material(
            "-----BEGIN ENCRYPTED PRIVATE KEY-----"
        ));
        assert!(looks_like_key_material(
            "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg41CThrDtK4EZwLab"
        ));
    }

    #[test]
    fn paths_fingerprints_and_serials_are_not() {
        for v in [
            "/home/user/certs/shop.example.com/fullchain.pem",
            "/srv/ThisIsMyVeryLongDirectoryNameForCertificates/key.pem",
            "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
            "1234567890123456789012345678901234567890123456789",
            "2027-01-01T00:00:00Z",
            "a27be832f2e9441c8127fe48e3b5ac67",
        ] {
            assert!(!looks_like_key_material(v), "{v}");
        }
    }

    #[test]
    fn redact_withholds_the_whole_value() {
        let key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0w\n";
        let r = redact(key);
        assert!(!r.contains("MIGH") && !r.contains("BEGIN"), "{r}");
        assert_eq!(redact("shop.pem"), "shop.pem");
    }
}
