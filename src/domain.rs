//! APIG.2103: every domain to bind must be covered by the server certificate (as browsers
//! decide it; see `hostname.rs`). Bounded: at most [`MAX_DOMAINS`] checked, 20 listed.

use crate::certificate::Certificate;
use crate::hostname::{covers, normalize};
use crate::redact::Quoted;
use crate::verdict::{Diagnostic, DiagnosticId, Field, GatewayCode, Warning};

/// Most domains checked in one pre-flight; the rest are counted in one warning. Bounded work:
/// every domain is compared with every SAN.
pub const MAX_DOMAINS: usize = 100;

/// Most uncovered domains listed one by one; the rest are counted in one diagnostic.
const MAX_LISTED: usize = 20;

/// Most SAN names quoted in the message; the rest are counted.
const MAX_NAMES_QUOTED: usize = 10;

/// APIG.2103 for every domain the leaf does not cover (the first [`MAX_LISTED`] listed, the
/// rest counted), and a warning when more than [`MAX_DOMAINS`] were given.
pub(crate) fn check(
    leaf: &Certificate<'_>,
    domains: &[String],
) -> (Vec<Diagnostic>, Option<Warning>) {
    if domains.is_empty() {
        return (Vec::new(), None);
    }
    let patterns: Vec<String> = leaf.dns_names().iter().map(|n| normalize(n)).collect();
    let ips = leaf.ip_addresses();
    let checked = &domains[..domains.len().min(MAX_DOMAINS)];
    let uncovered: Vec<&String> = checked
        .iter()
        .filter(|d| match d.parse::<std::net::IpAddr>() {
            // An IP address is matched against the IP SANs, as clients match it.
            Ok(ip) => !ips.contains(&ip),
            Err(_) => {
                let d = normalize(d);
                !patterns.iter().any(|p| covers(p, &d))
            }
        })
        .collect();
    // The SAN list is said once, in the first diagnostic, and cut: never repeated per domain.
    let mut names_and_ips = patterns.clone();
    names_and_ips.extend(ips.iter().map(|ip| format!("IP {ip}")));
    let names = san_summary(&names_and_ips);
    let mut out: Vec<Diagnostic> = uncovered
        .iter()
        .take(MAX_LISTED)
        .enumerate()
        .map(|(i, d)| {
            let message = if i == 0 {
                format!("The certificate does not cover {}: its subjectAltName has {names}.", Quoted(d))
            } else {
                format!("The certificate does not cover {} either.", Quoted(d))
            };
            Diagnostic::new(GatewayCode::DomainMismatch, DiagnosticId::DomainNotCovered, message)
                .in_field(Field::Domain)
                .with_fix(format!(
                    "Use a certificate whose subjectAltName lists {} (or a wildcard for its parent domain).",
                    Quoted(d)
                ))
        })
        .collect();
    if uncovered.len() > MAX_LISTED {
        out.push(
            Diagnostic::new(
                GatewayCode::DomainMismatch,
                DiagnosticId::DomainNotCovered,
                format!(
                    "{} more domains are not covered (only the first {MAX_LISTED} are listed).",
                    uncovered.len() - MAX_LISTED
                ),
            )
            .in_field(Field::Domain),
        );
    }
    let skipped = (domains.len() > MAX_DOMAINS).then(|| {
        Warning::new(
            DiagnosticId::DomainNotChecked,
            format!(
                "{} domains were given; only the first {MAX_DOMAINS} were checked.",
                domains.len()
            ),
        )
        .in_field(Field::Domain)
    });
    (out, skipped)
}

/// "a, b, c" or "no DNS names or IP addresses", at most [`MAX_NAMES_QUOTED`] names and the count of the rest.
fn san_summary(patterns: &[String]) -> String {
    if patterns.is_empty() {
        return "no DNS names or IP addresses".to_owned();
    }
    let shown: Vec<String> = patterns
        .iter()
        .take(MAX_NAMES_QUOTED)
        .map(|p| Quoted(p).to_string())
        .collect();
    let mut text = shown.join(", ");
    if patterns.len() > MAX_NAMES_QUOTED {
        text.push_str(&format!(" and {} more", patterns.len() - MAX_NAMES_QUOTED));
    }
    text
}
