//! The text formats: a verdict line, what to fix, the warnings, the fields. Every string from a
//! certificate, a file name or the library's messages is escaped before it is written.

use crate::term::{escape, write_hanging, Style};
use cert_preflight::{
    Accepted, CertificateDetails, CertificateFields, Diagnostic, DiagnosticId, Field,
    InspectedCertificate, Rejection, Warning,
};
use std::io::Write;

/// The command line's words for the request's fields: each field's option and file, so that a
/// diagnostic says `--key key.pem` rather than `private_key` (the library keeps field names).
#[derive(Default)]
pub struct Terms {
    files: Vec<(Field, &'static str, String)>,
}

impl Terms {
    /// Terms for the fields read from files (`--cert`, `--key`, `--trusted-root-ca`).
    pub fn new(files: impl IntoIterator<Item = (Field, &'static str, String)>) -> Self {
        Terms {
            files: files.into_iter().collect(),
        }
    }

    fn of(&self, field: Field) -> Option<(&'static str, &str)> {
        self.files
            .iter()
            .find(|(f, _, _)| *f == field)
            .map(|(_, option, path)| (*option, path.as_str()))
    }

    /// Where a diagnostic is, in the user's terms.
    fn place(&self, d: &Diagnostic) -> String {
        let field = match d.field {
            Some(f) => match self.of(f) {
                Some((option, path)) => format!("{option} {}", escape(path)),
                None => option_of(f).map_or_else(|| f.to_string(), str::to_owned),
            },
            None => return String::new(),
        };
        match d.block {
            Some(b) => format!("{field}, block {b}"),
            None => field,
        }
    }

    /// The fix with the placeholder `FILE` replaced by the user's file.
    fn fix(&self, d: &Diagnostic) -> Option<String> {
        let fix = d.fix.as_deref()?;
        match d.field.and_then(|f| self.of(f)) {
            Some((_, path)) if fix.contains(" FILE") => {
                Some(fix.replace(" FILE", &format!(" {}", shell_word(path))))
            }
            _ => Some(fix.to_owned()),
        }
    }

    /// What to do on the command line, for the findings whose fix is an option (decided on the
    /// finding's id, never on its text).
    fn command_line_hint(&self, d: &Diagnostic) -> Option<&'static str> {
        match (d.id, d.field) {
            (DiagnosticId::PemFieldsSwitched | DiagnosticId::KeyFieldsSwitched, _) => {
                Some("On the command line: swap --cert and --key.")
            }
            (DiagnosticId::RequestMissing, Some(Field::InstanceId)) => {
                Some("On the command line: --instance-id ID (the gateway's ID), with --type instance.")
            }
            (DiagnosticId::RequestMissing | DiagnosticId::RequestNameInvalid, Some(Field::Name)) => {
                Some("On the command line: --name NAME (4 to 50 letters, digits and underscores, a letter first).")
            }
            (DiagnosticId::RequestTypeInvalid, _) => {
                Some("On the command line: --type global or --type instance.")
            }
            _ => None,
        }
    }
}

/// The option that sets a field.
fn option_of(field: Field) -> Option<&'static str> {
    Some(match field {
        Field::CertContent => "--cert",
        Field::PrivateKey => "--key",
        Field::TrustedRootCa => "--trusted-root-ca",
        Field::Name => "--name",
        Field::Type => "--type",
        Field::InstanceId => "--instance-id",
        Field::Domain => "--domain",
        _ => return None,
    })
}

/// A path as one shell word (quoted when it holds anything but plain characters).
fn shell_word(path: &str) -> String {
    let plain = path
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-+=,:@".contains(c));
    if plain {
        escape(path).into_owned()
    } else {
        format!("'{}'", escape(&path.replace('\'', "'\\''")))
    }
}

/// The `check` report.
pub fn write_check(
    out: &mut impl Write,
    outcome: &Result<Accepted, Rejection>,
    style: Style,
    terms: &Terms,
) -> std::io::Result<()> {
    match outcome {
        Ok(a) => {
            writeln!(
                out,
                "{} the gateway accepts this certificate",
                style.paint("1;32", "ACCEPTED")
            )?;
            write_warnings(out, &a.warnings, style)?;
            writeln!(out)?;
            let d = &a.detail;
            write_fields(out, &d.certificate)?;
            row(out, "name", &d.name)?;
            row(out, "type", &format!("{} ({})", d.cert_type, d.instance_id))?;
            row(
                out,
                "trusted root CA",
                &d.is_has_trusted_root_ca.to_string(),
            )?;
            row(out, "id", &d.id)?;
        }
        Err(r) => write_rejection(out, r, style, terms)?,
    }
    Ok(())
}

/// A rejection: the gateway's code and message, then each diagnostic and warning.
pub fn write_rejection(
    out: &mut impl Write,
    r: &Rejection,
    style: Style,
    terms: &Terms,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{} {} {}",
        style.paint("1;31", "REJECTED"),
        style.paint("1", r.error_code()),
        escape(r.error_msg())
    )?;
    writeln!(out)?;
    writeln!(out, "What to fix:")?;
    for (i, d) in r.diagnostics().iter().enumerate() {
        write_diagnostic(out, i + 1, d, style, terms)?;
    }
    write_warnings(out, r.warnings(), style)
}

/// One diagnostic: code, place, message, fix.
pub fn write_diagnostic(
    out: &mut impl Write,
    n: usize,
    d: &Diagnostic,
    style: Style,
    terms: &Terms,
) -> std::io::Result<()> {
    let place = terms.place(d);
    writeln!(out, "  {n}. [{}] {}", d.code, style.paint("2", &place))?;
    write_hanging(out, &d.message, "     ", "     ")?;
    if let Some(fix) = terms.fix(d) {
        write_hanging(out, &format!("-> {fix}"), "     ", "     ")?;
    }
    if let Some(hint) = terms.command_line_hint(d) {
        write_hanging(out, &format!("-> {hint}"), "     ", "     ")?;
    }
    Ok(())
}

/// The warnings, one per item, each with its id.
pub fn write_warnings(
    out: &mut impl Write,
    warnings: &[Warning],
    style: Style,
) -> std::io::Result<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{}",
        style.paint(
            "1;33",
            "Warnings (the gateway accepts these; clients may not):"
        )
    )?;
    for w in warnings {
        write_hanging(out, &format!("{w} [{}]", w.id), "  - ", "    ")?;
    }
    Ok(())
}

/// One `label value` row, the value escaped.
fn row(out: &mut impl Write, label: &str, value: &str) -> std::io::Result<()> {
    writeln!(out, "  {label:<20} {}", escape(value))
}

/// The certificate's fields as the gateway renders them.
pub fn write_fields(out: &mut impl Write, f: &CertificateFields) -> std::io::Result<()> {
    let list = |v: &[String]| {
        if v.is_empty() {
            "-".to_owned()
        } else {
            v.join(", ")
        }
    };
    let rows: [(&str, String); 13] = [
        ("common name", f.common_name.clone()),
        ("SAN", list(&f.san)),
        ("organization", list(&f.organization)),
        ("organizational unit", list(&f.organizational_unit)),
        ("locality", list(&f.locality)),
        ("state", list(&f.state)),
        ("country", list(&f.country)),
        ("issuer", list(&f.issuer)),
        ("serial number", f.serial_number.clone()),
        ("not before", f.not_before.to_string()),
        ("not after", f.not_after.to_string()),
        ("signature algorithm", f.signature_algorithm.clone()),
        ("version", f.version.to_string()),
    ];
    for (k, v) in rows {
        row(out, k, &v)?;
    }
    Ok(())
}

/// What `inspect` shows beyond the gateway's fields, one row each; empty lists are left out.
pub fn write_details(out: &mut impl Write, d: &CertificateDetails) -> std::io::Result<()> {
    let key = match &d.public_key_curve {
        Some(curve) => format!("{} {curve}", d.public_key_algorithm),
        None => format!("{} {} bits", d.public_key_algorithm, d.public_key_size),
    };
    let days = d.days_left.map(|n| match n {
        n if n < 0 => format!("expired {} days ago", -n),
        n => format!("{n}"),
    });
    let constraints = match (d.is_ca, d.max_path_len) {
        (true, Some(n)) => format!("CA, path length {n}"),
        (true, None) => "CA".to_owned(),
        (false, _) => "not a CA".to_owned(),
    };
    let rows: [(&str, Option<String>); 9] = [
        ("SHA-256 fingerprint", Some(d.sha256_fingerprint.clone())),
        ("SHA-1 fingerprint", Some(d.sha1_fingerprint.clone())),
        ("SPKI SHA-256 (pin)", Some(d.spki_sha256.clone())),
        ("pin (base64)", Some(d.spki_sha256_base64.clone())),
        ("public key", Some(key)),
        ("subject", Some(d.subject.clone())),
        ("issuer (name)", Some(d.issuer.clone())),
        ("serial (hex)", Some(d.serial_hex.clone())),
        ("days left", days),
    ];
    for (k, v) in rows.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))) {
        row(out, k, &v)?;
    }
    let lists: [(&str, &[String]); 9] = [
        ("IP addresses", &d.ip_addresses),
        ("email addresses", &d.email_addresses),
        ("URIs", &d.uris),
        ("key usage", &d.key_usage),
        ("extended key usage", &d.extended_key_usage),
        ("CRL distribution", &d.crl_distribution_points),
        ("OCSP", &d.ocsp_servers),
        ("CA issuers", &d.issuing_certificate_urls),
        ("policies", &d.policies),
    ];
    for (k, v) in lists.into_iter().filter(|(_, v)| !v.is_empty()) {
        row(out, k, &v.join(", "))?;
    }
    row(out, "basic constraints", &constraints)?;
    let ids = [
        ("subject key id", &d.subject_key_id),
        ("authority key id", &d.authority_key_id),
    ];
    for (k, v) in ids {
        if let Some(v) = v {
            row(out, k, v)?;
        }
    }
    if let Some(n) = d.embedded_scts {
        row(out, "embedded SCTs", &n.to_string())?;
    }
    row(out, "self-issued", if d.self_issued { "yes" } else { "no" })?;
    let signed = match d.self_signed {
        Some(true) => "yes, its signature verifies with its own key",
        Some(false) => "no, its signature does not verify with its own key",
        None if d.self_issued => "not checked",
        None => return Ok(()),
    };
    row(out, "self-signed", signed)
}

/// One `inspect` file: its (escaped) name, then each certificate or the reason none is read.
pub fn write_inspect(
    out: &mut impl Write,
    file: &str,
    result: &Result<Vec<InspectedCertificate>, Rejection>,
) -> std::io::Result<()> {
    writeln!(out, "{}", escape(file))?;
    match result {
        Ok(each) => {
            for (i, c) in each.iter().enumerate() {
                writeln!(
                    out,
                    " certificate {} (block {}, line {})",
                    i + 1,
                    c.block,
                    c.line
                )?;
                match (&c.certificate, &c.error) {
                    (Some(fields), _) => {
                        write_fields(out, fields)?;
                        if let Some(details) = &c.details {
                            write_details(out, details)?;
                        }
                    }
                    (None, Some(e)) => writeln!(out, "  does not parse: {}", escape(e))?,
                    (None, None) => {}
                }
            }
            write_chain(out, each)?;
        }
        Err(r) => {
            writeln!(out, "  {} {}", r.error_code(), escape(r.error_msg()))?;
            for (i, d) in r.diagnostics().iter().enumerate() {
                write_diagnostic(out, i + 1, d, Style { on: false }, &Terms::default())?;
            }
        }
    }
    Ok(())
}

/// The chain as a tree: from each certificate nothing in the input was issued by, up through its
/// issuers in the input; where the last one's issuer is not in the input, its name.
fn write_chain(out: &mut impl Write, each: &[InspectedCertificate]) -> std::io::Result<()> {
    let parsed: Vec<&InspectedCertificate> =
        each.iter().filter(|c| c.certificate.is_some()).collect();
    let anchored = parsed.iter().any(|c| c.anchored_by.is_some());
    if parsed.len() < 2 && !anchored {
        return Ok(());
    }
    let by_block = |b: usize| parsed.iter().find(|c| c.block == b).copied();
    let name = |c: &InspectedCertificate| {
        let cn = c
            .certificate
            .as_ref()
            .map_or("", |f| f.common_name.as_str());
        format!("block {} (CN={})", c.block, escape(cn))
    };
    writeln!(out, " chain (who issued whom)")?;
    let starts = parsed.iter().filter(|c| {
        !parsed
            .iter()
            .any(|o| o.issued_by == Some(c.block) && o.block != c.block)
    });
    for start in starts {
        let mut line = format!("  {}", name(start));
        let mut current = *start;
        let mut depth = 0;
        loop {
            writeln!(out, "{line}")?;
            depth += 1;
            let indent = "  ".repeat(depth + 1);
            let self_signed = current
                .details
                .as_ref()
                .is_some_and(|d| d.self_signed == Some(true));
            match current.issued_by.and_then(by_block) {
                Some(next) if depth <= parsed.len() => {
                    line = format!("{indent}issued by {}", name(next));
                    current = next;
                }
                _ if self_signed => {
                    writeln!(out, "{indent}self-signed")?;
                    break;
                }
                _ if current.anchored_by.is_some() => {
                    let t = current.anchored_by.unwrap_or_default();
                    writeln!(out, "{indent}anchored by --trusted-root-ca certificate {t}")?;
                    break;
                }
                _ => {
                    let issuer = current
                        .details
                        .as_ref()
                        .map(|d| d.issuer.clone())
                        .unwrap_or_default();
                    writeln!(
                        out,
                        "{indent}issued by a certificate not in this input ({})",
                        escape(&issuer)
                    )?;
                    break;
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::write_inspect;
    use cert_preflight::inspect_each;

    #[test]
    fn inspect_text_shows_the_details_after_the_fields() {
        let root = include_bytes!("../../../examples/root-ca.pem");
        let mut out = Vec::new();
        write_inspect(&mut out, "root.pem", &inspect_each(root)).unwrap();
        let text = String::from_utf8(out).unwrap();
        let version = text.find("  version ").unwrap();
        let pin = text
            .find("  pin (base64)         wnAyq/SwJsI3WGdfdjLs3JVj+R6Hzd8WbLsTEkbSuTM=")
            .unwrap();
        assert!(version < pin, "{text}");
        assert!(text.contains("  basic constraints    CA\n"), "{text}");
        assert!(text.contains("  self-issued          yes\n"), "{text}");
        assert!(
            text.contains("  self-signed          yes, its signature verifies with its own key\n"),
            "{text}"
        );
    }
}
