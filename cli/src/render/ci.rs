//! Formats CI systems read natively: SARIF 2.1.0 (GitHub code scanning), JUnit XML (GitLab,
//! Jenkins) and GitHub workflow commands. One "bundle" is one pre-flight: `check` gives one,
//! `scan` one per key and certificate pair found.

use crate::findings::{Finding, Severity};
use crate::term::escape;
use crate::GATEWAY_RULES;
use serde_json::{json, Value};

/// One pre-flight's name (a file or a bundle), verdict and findings.
pub struct BundleFindings<'a> {
    pub name: &'a str,
    pub accepted: bool,
    pub findings: &'a [Finding],
}

/// The SARIF 2.1.0 log: one run, one rule per finding id (its help is the first fix given, or
/// the message), one result per finding, located at the file and PEM block line.
pub fn sarif(bundles: &[BundleFindings<'_>]) -> String {
    let mut rules: Vec<Value> = Vec::new();
    let mut rule_ids: Vec<String> = Vec::new();
    let mut results = Vec::new();
    for b in bundles {
        for f in b.findings {
            let index = match rule_ids.iter().position(|id| *id == f.id) {
                Some(i) => i,
                None => {
                    rule_ids.push(f.id.clone());
                    rules.push(rule(f));
                    rule_ids.len() - 1
                }
            };
            results.push(result(b, f, index));
        }
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cert-preflight",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://example.invalid/cert-preflight",
                "properties": {"gatewayRules": GATEWAY_RULES},
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&log).expect("serializable")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Notice => "note",
    }
}

fn rule(f: &Finding) -> Value {
    let help = f.fix.clone().unwrap_or_else(|| f.message.clone());
    let mut r = json!({
        "id": f.id,
        "name": f.id,
        "shortDescription": {"text": match f.error_code {
            Some(code) => format!("{code}: {}", f.id),
            None => format!("warning: {}", f.id),
        }},
        "fullDescription": {"text": f.message},
        "help": {"text": help},
        "defaultConfiguration": {"level": level(f.severity)},
    });
    if let Some(code) = f.error_code {
        r["properties"] = json!({"gatewayErrorCode": code});
    }
    r
}

fn result(b: &BundleFindings<'_>, f: &Finding, index: usize) -> Value {
    let mut text = f.message.clone();
    if let Some(fix) = &f.fix {
        text.push_str(" Fix: ");
        text.push_str(fix);
    }
    let mut r = json!({
        "ruleId": f.id,
        "ruleIndex": index,
        "level": level(f.severity),
        "message": {"text": text},
        "properties": {
            "bundle": b.name,
            "severity": f.severity,
            "finding": f,
        },
    });
    if let Some(loc) = &f.location {
        r["locations"] = json!([{
            "physicalLocation": {
                "artifactLocation": {"uri": uri(&loc.path)},
                "region": {"startLine": loc.line.max(1)},
            }
        }]);
    }
    r
}

/// A path as a URI reference: relative paths stay relative (GitHub resolves them against the
/// repository), absolute ones become `file://` URIs; anything but unreserved characters and
/// `/` is percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::new();
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// JUnit XML: one test case per bundle; a bundle fails when a finding reaches `threshold`, with
/// one `failure` element (the schema allows one) whose type is the first failing finding's id
/// and whose text lists every failing finding, one a line.
pub fn junit(bundles: &[BundleFindings<'_>], threshold: Severity) -> String {
    fn failing<'b>(b: &BundleFindings<'b>, threshold: Severity) -> Vec<&'b Finding> {
        b.findings
            .iter()
            .filter(|f| f.severity >= threshold)
            .collect()
    }
    let failures = bundles
        .iter()
        .filter(|b| !failing(b, threshold).is_empty())
        .count();
    let mut x = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.push_str(&format!(
        "<testsuites time=\"0\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" disabled=\"0\">\n  <testsuite name=\"cert-preflight\" tests=\"{n}\" failures=\"{failures}\" errors=\"0\" disabled=\"0\" skipped=\"0\" time=\"0\">\n",
        n = bundles.len()
    ));
    for b in bundles {
        let fails = failing(b, threshold);
        x.push_str(&format!(
            "    <testcase name=\"{}\" time=\"0\"",
            xml(b.name)
        ));
        if fails.is_empty() {
            x.push_str("/>\n");
            continue;
        }
        let summary = format!(
            "{} finding(s) at {} or above; the gateway {}",
            fails.len(),
            threshold.as_str(),
            if b.accepted { "accepts" } else { "rejects" }
        );
        let lines: Vec<String> = fails
            .iter()
            .map(|f| {
                let place = f
                    .location
                    .as_ref()
                    .map(|l| format!(" ({}:{})", l.path, l.line))
                    .unwrap_or_default();
                format!("{} [{}]{place} {}", f.severity.as_str(), f.id, f.message)
            })
            .collect();
        x.push_str(&format!(
            ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
            xml(&fails[0].id),
            xml(&summary),
            xml(&lines.join("\n"))
        ));
    }
    x.push_str("  </testsuite>\n</testsuites>\n");
    x
}

/// Text for XML: what XML 1.0 cannot hold (most controls) is escaped as for a terminal, then
/// markup characters as entities. Newlines between lines we write are kept.
fn xml(text: &str) -> String {
    text.split('\n')
        .map(|line| {
            escape(line)
                .chars()
                .map(|c| match c {
                    '&' => "&amp;".to_owned(),
                    '<' => "&lt;".to_owned(),
                    '>' => "&gt;".to_owned(),
                    '"' => "&quot;".to_owned(),
                    '\'' => "&apos;".to_owned(),
                    '\u{FFFE}' | '\u{FFFF}' => format!("\\u{{{:x}}}", u32::from(c)),
                    c => c.to_string(),
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("&#10;")
}

/// GitHub workflow commands: `::error file=...,line=...,title=...::message`, one per finding.
pub fn github(bundles: &[BundleFindings<'_>]) -> String {
    let mut out = String::new();
    for b in bundles {
        for f in b.findings {
            let command = match f.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Notice => "notice",
            };
            let mut props = Vec::new();
            if let Some(loc) = &f.location {
                props.push(format!("file={}", gh_property(&loc.path)));
                props.push(format!("line={}", loc.line.max(1)));
            }
            let title = match f.error_code {
                Some(code) => format!("{code} {}", f.id),
                None => f.id.clone(),
            };
            props.push(format!("title={}", gh_property(&title)));
            let mut message = f.message.clone();
            if let Some(fix) = &f.fix {
                message.push_str(" Fix: ");
                message.push_str(fix);
            }
            out.push_str(&format!(
                "::{command} {}::{}\n",
                props.join(","),
                gh_data(&message)
            ));
        }
    }
    out
}

/// A workflow command's message: escaped for the terminal (no raw newline can end it early),
/// then GitHub's own escapes.
fn gh_data(text: &str) -> String {
    escape(text)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn gh_property(text: &str) -> String {
    gh_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(uri("certs/a b.pem"), "certs/a%20b.pem");
        assert_eq!(uri("/tmp/x#.pem"), "file:///tmp/x%23.pem");
    }

    #[test]
    fn xml_escapes_markup_and_controls() {
        assert_eq!(xml("a<b>&\"'\x1b"), "a&lt;b&gt;&amp;&quot;&apos;\\u{1b}");
    }

    #[test]
    fn github_properties_escape_separators() {
        assert_eq!(gh_property("a:b,c%\n"), "a%3Ab%2Cc%25\\n");
    }
}
