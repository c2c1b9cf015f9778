//! Whether a certificate covers a domain name, as browsers decide it: the subjectAltName DNS
//! names only (not the CN), case-insensitively, a `*` covering exactly one whole left-most label.

use crate::certificate::Certificate;
use crate::verdict::{Diagnostic, DiagnosticId, Field, GatewayCode};

/// Normalises a name for comparison: ASCII lowercase, no trailing dot.
fn normalize(name: &str) -> String {
    name.trim_end_matches('.').to_ascii_lowercase()
}

/// Whether the SAN pattern `pattern` covers `domain` (both already normalised).
fn covers(pattern: &str, domain: &str) -> bool {
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

/// APIG.2103 for every domain the leaf does not cover.
pub(crate) fn check(leaf: &Certificate<'_>, domains: &[String]) -> Vec<Diagnostic> {
    if domains.is_empty() {
        return Vec::new();
    }
    let patterns: Vec<String> = leaf.dns_names().iter().map(|n| normalize(n)).collect();
    domains
        .iter()
        .filter(|d| {
            let d = normalize(d);
            !patterns.iter().any(|p| covers(p, &d))
        })
        .map(|d| {
            let names = if patterns.is_empty() {
                "no DNS names".to_owned()
            } else {
                patterns.join(", ")
            };
            Diagnostic::new(
                GatewayCode::DomainMismatch,
                DiagnosticId::DomainNotCovered,
                format!("The certificate does not cover {d:?}: its subjectAltName has {names}."),
            )
            .in_field(Field::Domain)
            .with_fix(format!(
                "Use a certificate whose subjectAltName lists {d:?} (or a wildcard for its parent domain)."
            ))
        })
        .collect()
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
