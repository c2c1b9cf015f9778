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

/// Whether `value` can be a domain to bind: a DNS name (an optional `*.` first label, labels
/// of 1 to 63 letters, digits and hyphens, not starting or ending with a hyphen, 253 characters
/// at most, a trailing dot allowed) or an IP address. The error says what to pass instead.
///
/// ```
/// use cert_preflight::check_domain;
///
/// assert!(check_domain("api.shop.example").is_ok());
/// assert!(check_domain("192.0.2.7").is_ok());
/// assert_eq!(
///     check_domain("https://api.shop.example/").unwrap_err(),
///     "a URL: pass the host name alone, such as api.shop.example"
/// );
/// ```
pub fn check_domain(value: &str) -> Result<(), String> {
    if value.is_empty() {
        return Err("empty: pass a host name such as api.shop.example, or an IP address".into());
    }
    if value.parse::<std::net::IpAddr>().is_ok() {
        return Ok(());
    }
    if let Some((_, rest)) = value.split_once("://") {
        let host = rest.split(['/', ':', '?', '#']).next().unwrap_or("");
        return Err(format!("a URL: pass the host name alone, such as {host}"));
    }
    if let Some((host, port)) = value.rsplit_once(':') {
        if port.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!(
                "a host and port: pass the host name alone, such as {host}"
            ));
        }
    }
    let name = value.strip_suffix('.').unwrap_or(value);
    let name = name.strip_prefix("*.").unwrap_or(name);
    let label_ok = |l: &str| {
        (1..=63).contains(&l.len())
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !l.starts_with('-')
            && !l.ends_with('-')
    };
    if value.len() > 253 || !name.split('.').all(label_ok) {
        return Err("not a valid DNS name: labels of letters, digits and hyphens separated by dots (a leading `*.` is allowed), or an IP address".into());
    }
    Ok(())
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
