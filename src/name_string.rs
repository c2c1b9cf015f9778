//! A distinguished name as Go 1.19's `pkix.Name.String()` writes it (RFC 2253 order, most
//! specific first), so that `inspect` shows the subject and issuer exactly as Go-based tools do.
//!
//! Go does not print the Name as written: it first parses it into named fields (the last CN and
//! serialNumber win, C/ST/L/STREET/POSTALCODE/O/OU gather all values), then writes those back
//! as one RDN per field (several values of one field joined with `+`), after the attributes it
//! has no field for (printed as `OID=#hex` of their re-encoded DER), and prints the whole
//! sequence in reverse. This follows that step by step.

use crate::certificate::parse_string;
use crate::der::{dotted_oid, tag, Reader};
use crate::hex::hex;
use std::borrow::Cow;

/// One attribute as Go's `Names` holds it: type (canonical OID contents), the decoded value,
/// and whether the value is valid UTF-8 as Go holds it (a T61String is kept raw).
struct Attribute<'a> {
    oid: Cow<'a, [u8]>,
    value: Cow<'a, str>,
    valid_utf8: bool,
}

/// The attribute types Go has a field (and a short name) for: 2.5.4.n.
const NAMED: [(u8, &str); 9] = [
    (6, "C"),
    (8, "ST"),
    (7, "L"),
    (9, "STREET"),
    (17, "POSTALCODE"),
    (10, "O"),
    (11, "OU"),
    (3, "CN"),
    (5, "SERIALNUMBER"),
];

/// Go's `Name.String()` of a Name (its whole DER, SEQUENCE included). `None` when it does not
/// read as a Name, which cannot happen for a certificate Go accepted.
pub(crate) fn go_name_string(der: &[u8]) -> Option<String> {
    let attributes = attributes(der)?;
    let mut rdns: Vec<Vec<(String, String)>> = Vec::new();
    for a in &attributes {
        if named_index(&a.oid).is_none() {
            rdns.push(vec![unnamed(a)]);
        }
    }
    for (i, &(_, short)) in NAMED.iter().enumerate() {
        let values: Vec<&Attribute<'_>> = attributes
            .iter()
            .filter(|a| named_index(&a.oid) == Some(i))
            .collect();
        let single = matches!(short, "CN" | "SERIALNUMBER");
        if single {
            // The last value wins; an empty one is not written.
            if let Some(last) = values.last().filter(|a| !a.value.is_empty()) {
                rdns.push(vec![(short.to_owned(), escape(&last.value))]);
            }
        } else if !values.is_empty() {
            rdns.push(
                values
                    .iter()
                    .map(|a| (short.to_owned(), escape(&a.value)))
                    .collect(),
            );
        }
    }
    let rdn_text = |rdn: &Vec<(String, String)>| {
        rdn.iter()
            .map(|(t, v)| format!("{t}={v}"))
            .collect::<Vec<_>>()
            .join("+")
    };
    Some(
        rdns.iter()
            .rev()
            .map(rdn_text)
            .collect::<Vec<_>>()
            .join(","),
    )
}

/// Every attribute, in order, across all RDNs (Go's `Names`).
fn attributes(der: &[u8]) -> Option<Vec<Attribute<'_>>> {
    let mut out = Vec::new();
    let mut rdns = Reader::new(Reader::new(der).read(tag::SEQUENCE)?);
    while !rdns.is_empty() {
        let mut set = Reader::new(rdns.read(tag::SET)?);
        while !set.is_empty() {
            let mut atv = Reader::new(set.read(tag::SEQUENCE)?);
            let oid = atv.read_oid()?;
            let value = atv.read_element()?;
            let valid_utf8 =
                value.tag != tag::T61_STRING || std::str::from_utf8(value.contents).is_ok();
            let value = parse_string(value.tag, value.contents, true).ok()?;
            out.push(Attribute {
                oid,
                value,
                valid_utf8,
            });
        }
    }
    Some(out)
}

/// The index in [`NAMED`] of a type Go has a field for.
fn named_index(oid: &[u8]) -> Option<usize> {
    match oid {
        [0x55, 0x04, n] => NAMED.iter().position(|&(t, _)| t == *n),
        _ => None,
    }
}

/// An attribute Go has no name for: `OID=#hex` of `asn1.Marshal(value)` (a PrintableString
/// when every character is printable, else a UTF8String); when the value cannot be marshalled
/// (not valid UTF-8), `OID=value`, escaped.
fn unnamed(a: &Attribute<'_>) -> (String, String) {
    let oid = dotted_oid(&a.oid);
    if !a.valid_utf8 {
        return (oid, escape(&a.value));
    }
    let bytes = a.value.as_bytes();
    let string_tag = if bytes.iter().all(|&b| marshal_printable(b)) {
        tag::PRINTABLE_STRING
    } else {
        tag::UTF8_STRING
    };
    let mut der = vec![string_tag];
    der.extend(der_length(bytes.len()));
    der.extend_from_slice(bytes);
    (oid, format!("#{}", hex(&der)))
}

/// Go's `isPrintable` as `asn1.Marshal` uses it: `*` and `&` are refused there.
fn marshal_printable(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'\'' | b'(' | b')' | b'+' | b',' | b'-' | b'.' | b'/' | b' ' | b':' | b'=' | b'?'
        )
}

/// A DER length.
fn der_length(n: usize) -> Vec<u8> {
    if n < 0x80 {
        return vec![n as u8];
    }
    let bytes: Vec<u8> = n
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}

/// Go's escaping in `RDNSequence.String()`: `,+"\<>;` always, a space first or last (by byte
/// position), a `#` first.
fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (k, c) in value.char_indices() {
        let escape = match c {
            ',' | '+' | '"' | '\\' | '<' | '>' | ';' => true,
            ' ' => k == 0 || k == value.len() - 1,
            '#' => k == 0,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn go_escapes_specials_and_edge_spaces() {
        assert_eq!(escape(" a,b+c "), "\\ a\\,b\\+c\\ ");
        assert_eq!(escape("#x#"), "\\#x#");
    }

    #[test]
    fn long_lengths_use_the_long_form() {
        assert_eq!(der_length(5), vec![5]);
        assert_eq!(der_length(200), vec![0x81, 200]);
        assert_eq!(der_length(300), vec![0x82, 1, 44]);
    }
}
