//! The text formats: a verdict line, what to fix, the warnings, the fields. Every string from a
//! certificate, a file name or the library's messages is escaped before it is written.

use crate::term::{escape, write_hanging, Style};
use cert_preflight::{
    Accepted, CertificateFields, Diagnostic, InspectedCertificate, Rejection, Warning,
};
use std::io::Write;

/// The `check` report.
pub fn write_check(
    out: &mut impl Write,
    outcome: &Result<Accepted, Rejection>,
    style: Style,
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
        Err(r) => write_rejection(out, r, style)?,
    }
    Ok(())
}

/// A rejection: the gateway's code and message, then each diagnostic and warning.
pub fn write_rejection(out: &mut impl Write, r: &Rejection, style: Style) -> std::io::Result<()> {
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
        write_diagnostic(out, i + 1, d, style)?;
    }
    write_warnings(out, r.warnings(), style)
}

/// One diagnostic: code, place, message, fix.
pub fn write_diagnostic(
    out: &mut impl Write,
    n: usize,
    d: &Diagnostic,
    style: Style,
) -> std::io::Result<()> {
    let place = match (d.field, d.block) {
        (Some(f), Some(b)) => format!("{f}, block {b}"),
        (Some(f), None) => f.to_string(),
        _ => String::new(),
    };
    writeln!(out, "  {n}. [{}] {}", d.code, style.paint("2", &place))?;
    write_hanging(out, &d.message, "     ", "     ")?;
    if let Some(fix) = &d.fix {
        write_hanging(out, &format!("-> {fix}"), "     ", "     ")?;
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
                    (Some(fields), _) => write_fields(out, fields)?,
                    (None, Some(e)) => writeln!(out, "  does not parse: {}", escape(e))?,
                    (None, None) => {}
                }
            }
        }
        Err(r) => {
            writeln!(out, "  {} {}", r.error_code(), escape(r.error_msg()))?;
            for (i, d) in r.diagnostics().iter().enumerate() {
                write_diagnostic(out, i + 1, d, Style { on: false })?;
            }
        }
    }
    Ok(())
}
