//! Whether a certificate's DNS name covers a host name, as browsers decide it: the
//! subjectAltName DNS names only (not the CN), case-insensitively, a trailing dot ignored, a `*`
//! covering exactly one whole left-most label, never a bare public suffix.

/// Normalises a name for comparison: ASCII lowercase, no trailing dot.
pub(crate) fn normalize(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Whether the SAN pattern `pattern` covers `domain` (both already normalised).
pub(crate) fn covers(pattern: &str, domain: &str) -> bool {
    match pattern.strip_prefix("*.") {
        // A wildcard stands for one whole, non-empty label, and never for a public suffix alone
        // (`*.com`): it needs at least two labels after it.
        Some(base) => {
            base.contains('.')
                && domain
                    .split_once('.')
                    .is_some_and(|(first, rest)| !first.is_empty() && rest == base)
        }
        None => pattern == domain,
    }
}

/// Whether a SAN DNS name covers a host name, ignoring case and a trailing dot.
pub(crate) fn covers_name(san: &str, host: &str) -> bool {
    covers(&normalize(san), &normalize(host))
}

#[cfg(test)]
mod tests {
    use super::covers;

    #[test]
    fn matches_like_browsers() {
        assert!(covers("example.com", "example.com"));
        assert!(covers("*.example.com", "www.example.com"));
        assert!(!covers("*.example.com", "example.com"));
        assert!(!covers("*.example.com", "a.b.example.com"));
        assert!(!covers("*.example.com", ".example.com"));
        assert!(!covers("*.com", "example.com"));
        assert!(!covers("w*.example.com", "www.example.com"));
        assert!(!covers("www.example.com", "example.com"));
    }
}
