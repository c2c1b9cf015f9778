//! One parsed certificate: Go-strict acceptance (`x509.ParseCertificate` of Go 1.19) and Go's
//! rendering of every field the gateway returns.
//!
//! Hand-written rather than built on an X.509 crate: the gateway's verdict is Go's, so this
//! follows Go 1.19's `crypto/x509/parser.go` step by step (same order of checks, same error
//! text), including where Go is lax (negative serials, T61String bytes taken raw, anything after
//! the last field Go reads inside TBSCertificate ignored) and where it is strict (string types,
//! time formats, SAN and name-constraint contents). It borrows from the DER and allocates only
//! for the lists it returns (names, SANs) and for strings Go transforms (BMPString, bad UTF-8).

mod error;
mod extensions;
mod go;

pub use error::CertificateError;
pub use extensions::{BasicConstraints, ExtKeyUsage, KeyUsage};

use crate::algorithm::{AlgorithmIdentifier, SignatureAlgorithm};
use crate::der::{integer_is_valid, tag, Reader};
use crate::spki::{self, SubjectPublicKeyInfo};
use crate::time::UnixTime;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// A distinguished name, with the attributes the gateway renders.
///
/// Values are Go's strings as Go's `encoding/json` writes them: a T61String that is not valid
/// UTF-8 has each bad byte replaced by U+FFFD, a BMPString is decoded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Name<'a> {
    /// The last CN, as Go keeps it (`""` when absent).
    pub common_name: Cow<'a, str>,
    /// O values, in order.
    pub organization: Vec<Cow<'a, str>>,
    /// OU values.
    pub organizational_unit: Vec<Cow<'a, str>>,
    /// L values.
    pub locality: Vec<Cow<'a, str>>,
    /// ST values (Go's `Province`).
    pub state: Vec<Cow<'a, str>>,
    /// C values.
    pub country: Vec<Cow<'a, str>>,
}

/// One certificate, borrowed from its DER.
#[derive(Clone, Debug)]
pub struct Certificate<'a> {
    pub(crate) der: &'a [u8],
    pub(crate) tbs: &'a [u8],
    /// Go's `Version`: the encoded version plus one (wrapping, as Go's `int` does).
    pub(crate) version: i64,
    pub(crate) serial: &'a [u8],
    pub(crate) signature_algorithm_id: AlgorithmIdentifier<'a>,
    pub(crate) signature_algorithm: SignatureAlgorithm,
    pub(crate) signature: &'a [u8],
    pub(crate) raw_issuer: &'a [u8],
    pub(crate) raw_subject: &'a [u8],
    pub(crate) issuer: Name<'a>,
    pub(crate) subject: Name<'a>,
    pub(crate) not_before: UnixTime,
    pub(crate) not_after: UnixTime,
    pub(crate) spki: SubjectPublicKeyInfo<'a>,
    pub(crate) dns_names: Vec<&'a str>,
    pub(crate) ip_addresses: Vec<&'a [u8]>,
    pub(crate) has_san: bool,
    pub(crate) basic_constraints: Option<BasicConstraints>,
    pub(crate) key_usage: Option<KeyUsage>,
    pub(crate) ext_key_usage: Option<ExtKeyUsage>,
    pub(crate) subject_key_id: Option<&'a [u8]>,
    pub(crate) authority_key_id: Option<&'a [u8]>,
    pub(crate) name_constraints: Option<&'a [u8]>,
    pub(crate) unhandled_critical_extension: bool,
    /// The lists only `inspect` shows (see [`extensions::Listed`]).
    pub(crate) listed: extensions::Listed<'a>,
}

/// The certificate fields of the gateway's response, rendered as Go renders them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateFields {
    /// Subject CN (the last one).
    pub common_name: String,
    /// DNS names of subjectAltName, in order.
    pub san: Vec<String>,
    /// Subject O.
    pub organization: Vec<String>,
    /// Subject OU.
    pub organizational_unit: Vec<String>,
    /// Subject L.
    pub locality: Vec<String>,
    /// Subject ST.
    pub state: Vec<String>,
    /// Subject C.
    pub country: Vec<String>,
    /// Issuer O.
    pub issuer: Vec<String>,
    /// Serial number in decimal, `-` when negative.
    pub serial_number: String,
    /// notBefore, `2006-01-02T15:04:05Z`.
    pub not_before: UnixTime,
    /// notAfter.
    pub not_after: UnixTime,
    /// Go's name of the signature algorithm, `0` when unknown.
    pub signature_algorithm: String,
    /// X.509 version, 1-based (Go's `int`: 1, 2 or 3, except for the absurd encoded version
    /// 2^63-1, which Go wraps to a negative number and accepts).
    pub version: i64,
}

impl<'a> Certificate<'a> {
    /// Parses one DER certificate as Go 1.19's `x509.ParseCertificate`.
    ///
    /// ```
    /// use cert_preflight::Certificate;
    ///
    /// let err = Certificate::parse(&[0x30, 0x00]).unwrap_err();
    /// assert_eq!(err.go_message, "x509: malformed tbs certificate");
    /// ```
    pub fn parse(der: &'a [u8]) -> Result<Self, CertificateError> {
        let cert = parse_certificate(der)?;
        if cert.der.len() != der.len() {
            return Err("x509: trailing data".into());
        }
        Ok(cert)
    }

    /// The whole DER encoding.
    pub fn der(&self) -> &'a [u8] {
        self.der
    }

    /// The signed part, TBSCertificate, whole TLV.
    pub(crate) fn tbs(&self) -> &'a [u8] {
        self.tbs
    }

    /// The outer signature AlgorithmIdentifier (PSS parameters live here).
    pub(crate) fn signature_algorithm_id(&self) -> AlgorithmIdentifier<'a> {
        self.signature_algorithm_id
    }

    /// The signature algorithm as Go names it.
    pub fn signature_algorithm(&self) -> SignatureAlgorithm {
        self.signature_algorithm
    }

    /// The signature BIT STRING's octets. (With unused bits, which no real signature has, Go
    /// would shift them first; this returns them unshifted.)
    pub(crate) fn signature(&self) -> &'a [u8] {
        self.signature
    }

    /// X.509 version, 1-based, as Go's `Version` (see [`CertificateFields::version`]).
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The serial number's INTEGER contents (two's complement, big-endian).
    pub fn serial(&self) -> &'a [u8] {
        self.serial
    }

    /// The issuer Name, whole DER (compared byte for byte with the next subject, as Go does).
    pub(crate) fn raw_issuer(&self) -> &'a [u8] {
        self.raw_issuer
    }

    /// The subject Name, whole DER.
    pub(crate) fn raw_subject(&self) -> &'a [u8] {
        self.raw_subject
    }

    /// The subject.
    pub fn subject(&self) -> &Name<'a> {
        &self.subject
    }

    /// The issuer.
    pub fn issuer(&self) -> &Name<'a> {
        &self.issuer
    }

    /// notBefore.
    pub fn not_before(&self) -> UnixTime {
        self.not_before
    }

    /// notAfter.
    pub fn not_after(&self) -> UnixTime {
        self.not_after
    }

    /// The SubjectPublicKeyInfo.
    pub fn spki(&self) -> &SubjectPublicKeyInfo<'a> {
        &self.spki
    }

    /// subjectAltName DNS names, in order.
    pub fn dns_names(&self) -> &[&'a str] {
        &self.dns_names
    }

    /// The subjectAltName IP addresses (Go's `IPAddresses`).
    pub fn ip_addresses(&self) -> Vec<std::net::IpAddr> {
        self.ip_addresses
            .iter()
            .filter_map(|b| match b.len() {
                4 => <[u8; 4]>::try_from(*b).ok().map(std::net::IpAddr::from),
                16 => <[u8; 16]>::try_from(*b).ok().map(std::net::IpAddr::from),
                _ => None,
            })
            .collect()
    }

    /// Whether the certificate has a subjectAltName extension at all.
    pub fn has_san(&self) -> bool {
        self.has_san
    }

    /// basicConstraints, when present.
    pub fn basic_constraints(&self) -> Option<BasicConstraints> {
        self.basic_constraints
    }

    /// keyUsage, when present.
    pub fn key_usage(&self) -> Option<KeyUsage> {
        self.key_usage
    }

    /// extendedKeyUsage, when present with at least one purpose (Go treats an empty list as
    /// no restriction, like an absent extension).
    pub fn ext_key_usage(&self) -> Option<ExtKeyUsage> {
        self.ext_key_usage
    }

    /// subjectKeyIdentifier, when present.
    pub fn subject_key_id(&self) -> Option<&'a [u8]> {
        self.subject_key_id
    }

    /// authorityKeyIdentifier's keyIdentifier, when present.
    pub fn authority_key_id(&self) -> Option<&'a [u8]> {
        self.authority_key_id
    }

    /// The nameConstraints extension's value (its DER, already checked with Go's rules), when
    /// present.
    pub fn name_constraints(&self) -> Option<&'a [u8]> {
        self.name_constraints
    }

    /// Whether a critical extension is one Go does not handle (Go records it in
    /// `UnhandledCriticalExtensions`, and chain verification then fails).
    pub fn has_unhandled_critical_extension(&self) -> bool {
        self.unhandled_critical_extension
    }

    /// Issuer and subject are the same name (a root, or a self-issued certificate).
    pub fn is_self_issued(&self) -> bool {
        self.raw_issuer == self.raw_subject
    }

    /// The serial number in decimal, as Go's `big.Int.String()`.
    pub fn serial_decimal(&self) -> String {
        serial_decimal(self.serial)
    }

    /// The response's certificate fields, rendered as Go renders them.
    pub fn fields(&self) -> CertificateFields {
        let strings = |v: &[Cow<'_, str>]| v.iter().map(|s| s.to_string()).collect();
        CertificateFields {
            common_name: self.subject.common_name.to_string(),
            san: self.dns_names.iter().map(|s| s.to_string()).collect(),
            organization: strings(&self.subject.organization),
            organizational_unit: strings(&self.subject.organizational_unit),
            locality: strings(&self.subject.locality),
            state: strings(&self.subject.state),
            country: strings(&self.subject.country),
            issuer: strings(&self.issuer.organization),
            serial_number: self.serial_decimal(),
            not_before: self.not_before,
            not_after: self.not_after,
            signature_algorithm: self.signature_algorithm.go_name().to_owned(),
            version: self.version,
        }
    }
}

/// Go's `parseCertificate`, check by check.
fn parse_certificate(der: &[u8]) -> Result<Certificate<'_>, CertificateError> {
    let outer = Reader::new(der)
        .read_encoded(tag::SEQUENCE)
        .ok_or("x509: malformed certificate")?;
    // What follows the signature inside the outer SEQUENCE is never read by Go.
    let mut input = Reader::new(outer.contents);
    let tbs_element = input
        .read_encoded(tag::SEQUENCE)
        .ok_or("x509: malformed tbs certificate")?;
    let mut tbs = Reader::new(tbs_element.contents);

    let version = match tbs.read_optional(tag::context_constructed(0)) {
        None => return Err("x509: malformed version".into()),
        Some(None) => 0,
        Some(Some(explicit)) => {
            let mut r = Reader::new(explicit);
            match r.read_i64() {
                Some(v) if r.is_empty() => v,
                _ => return Err("x509: malformed version".into()),
            }
        }
    };
    if version < 0 {
        return Err("x509: malformed version".into());
    }
    // Go's Version is one-based; `int` arithmetic wraps.
    let version = version.wrapping_add(1);
    if version > 3 {
        return Err("x509: invalid version".into());
    }

    // Negative serial numbers are accepted by Go 1.19.
    let serial = tbs
        .read(tag::INTEGER)
        .filter(|s| integer_is_valid(s))
        .ok_or("x509: malformed serial number")?;

    let inner_ai = tbs
        .read(tag::SEQUENCE)
        .ok_or("x509: malformed signature algorithm identifier")?;
    let outer_ai = input
        .read(tag::SEQUENCE)
        .ok_or("x509: malformed algorithm identifier")?;
    if inner_ai != outer_ai {
        return Err("x509: inner and outer signature algorithm identifiers don't match".into());
    }
    let (canonical_oid, signature_algorithm_id) = spki::parse_algorithm_identifier(inner_ai)?;
    // Go compares OIDs arc by arc: name the algorithm from the canonical form.
    let signature_algorithm = SignatureAlgorithm::from_identifier(&AlgorithmIdentifier {
        oid: &canonical_oid,
        params: signature_algorithm_id.params,
    });

    let issuer = tbs
        .read_encoded(tag::SEQUENCE)
        .ok_or("x509: malformed issuer")?;
    let issuer_name = parse_name(issuer.contents)?;

    let validity = tbs.read(tag::SEQUENCE).ok_or("x509: malformed validity")?;
    let mut validity = Reader::new(validity);
    let not_before = parse_time(&mut validity)?;
    let not_after = parse_time(&mut validity)?;

    // Go's message for a malformed subject really says "issuer".
    let subject = tbs
        .read_encoded(tag::SEQUENCE)
        .ok_or("x509: malformed issuer")?;
    let subject_name = parse_name(subject.contents)?;

    let spki_element = tbs
        .read_encoded(tag::SEQUENCE)
        .ok_or("x509: malformed spki")?;
    let spki = spki::parse(spki_element.encoded)?;

    let mut cert = Certificate {
        der: outer.encoded,
        tbs: tbs_element.encoded,
        version,
        serial,
        signature_algorithm_id,
        signature_algorithm,
        signature: &[],
        raw_issuer: issuer.encoded,
        raw_subject: subject.encoded,
        issuer: issuer_name,
        subject: subject_name,
        not_before,
        not_after,
        spki,
        dns_names: Vec::new(),
        ip_addresses: Vec::new(),
        has_san: false,
        basic_constraints: None,
        key_usage: None,
        ext_key_usage: None,
        subject_key_id: None,
        authority_key_id: None,
        name_constraints: None,
        unhandled_critical_extension: false,
        listed: Default::default(),
    };

    // Version 1 stops here: whatever else the TBSCertificate holds is ignored, as Go does.
    if version > 1 {
        tbs.read_optional(tag::context(1))
            .ok_or("x509: malformed issuerUniqueID")?;
        tbs.read_optional(tag::context(2))
            .ok_or("x509: malformed subjectUniqueID")?;
        if version == 3 {
            let extensions = tbs
                .read_optional(tag::context_constructed(3))
                .ok_or("x509: malformed extensions")?;
            if let Some(extensions) = extensions {
                let ext = extensions::parse_and_process(extensions)?;
                cert.dns_names = ext.dns_names;
                cert.ip_addresses = ext.ip_addresses;
                cert.has_san = ext.has_san;
                cert.basic_constraints = ext.basic_constraints;
                cert.key_usage = ext.key_usage;
                cert.ext_key_usage = ext.ext_key_usage;
                cert.subject_key_id = ext.subject_key_id;
                cert.authority_key_id = ext.authority_key_id;
                cert.name_constraints = ext.name_constraints;
                cert.unhandled_critical_extension = ext.unhandled_critical_extension;
                cert.listed = ext.listed;
            }
        }
    }

    let signature = input.read_bit_string().ok_or("x509: malformed signature")?;
    cert.signature = signature.bytes;
    Ok(cert)
}

/// The attribute types Go keeps in `pkix.Name` that the gateway renders (2.5.4.n).
const ATTR_CN: u8 = 3;
const ATTR_C: u8 = 6;
const ATTR_L: u8 = 7;
const ATTR_ST: u8 = 8;
const ATTR_O: u8 = 10;
const ATTR_OU: u8 = 11;

/// Go's `parseName` and `FillFromRDNSequence` on the contents of a Name SEQUENCE.
fn parse_name(contents: &[u8]) -> Result<Name<'_>, CertificateError> {
    let mut name = Name::default();
    let mut rdns = Reader::new(contents);
    while !rdns.is_empty() {
        let set = rdns.read(tag::SET).ok_or("x509: invalid RDNSequence")?;
        let mut set = Reader::new(set);
        while !set.is_empty() {
            let atv = set
                .read(tag::SEQUENCE)
                .ok_or("x509: invalid RDNSequence: invalid attribute")?;
            let mut atv = Reader::new(atv);
            let oid = atv
                .read_oid()
                .ok_or("x509: invalid RDNSequence: invalid attribute type")?;
            let value = atv
                .read_element()
                .ok_or("x509: invalid RDNSequence: invalid attribute value")?;
            let kept = match oid.as_ref() {
                [0x55, 0x04, t] => match *t {
                    ATTR_CN => Some(None),
                    ATTR_C => Some(Some(&mut name.country)),
                    ATTR_L => Some(Some(&mut name.locality)),
                    ATTR_ST => Some(Some(&mut name.state)),
                    ATTR_O => Some(Some(&mut name.organization)),
                    ATTR_OU => Some(Some(&mut name.organizational_unit)),
                    _ => None,
                },
                _ => None,
            };
            let s = parse_string(value.tag, value.contents, kept.is_some()).map_err(|e| {
                CertificateError::new(format!(
                    "x509: invalid RDNSequence: invalid attribute value: {e}"
                ))
            })?;
            match kept {
                Some(Some(list)) => list.push(s),
                Some(None) => name.common_name = s,
                None => {}
            }
        }
    }
    Ok(name)
}

/// Go's `isPrintable`: PrintableString plus `*` and `&`, which Go tolerates.
fn is_printable(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'\''
                | b'('
                | b')'
                | b'+'
                | b','
                | b'-'
                | b'.'
                | b'/'
                | b' '
                | b':'
                | b'='
                | b'?'
                | b'*'
                | b'&'
        )
}

/// Go 1.19's `parseASN1String`; `keep` false only validates (nothing is decoded or copied).
pub(crate) fn parse_string(
    tag_byte: u8,
    v: &[u8],
    keep: bool,
) -> Result<Cow<'_, str>, Cow<'static, str>> {
    let ascii = |v| {
        std::str::from_utf8(v)
            .map(Cow::Borrowed)
            .map_err(|_| "".into())
    };
    match tag_byte {
        // Go 1.19 keeps the bytes as they are (no Latin-1 decoding).
        tag::T61_STRING => Ok(if keep {
            go::json_string(v)
        } else {
            Cow::Borrowed("")
        }),
        tag::PRINTABLE_STRING if v.iter().all(|&b| is_printable(b)) => ascii(v),
        tag::PRINTABLE_STRING => Err("invalid PrintableString".into()),
        tag::UTF8_STRING => match std::str::from_utf8(v) {
            Ok(s) if keep => Ok(Cow::Borrowed(s)),
            Ok(_) => Ok(Cow::Borrowed("")),
            Err(_) => Err("invalid UTF-8 string".into()),
        },
        tag::BMP_STRING => {
            if v.len() % 2 != 0 {
                return Err("invalid BMPString".into());
            }
            let v = v.strip_suffix(&[0, 0]).unwrap_or(v);
            if !keep {
                return Ok(Cow::Borrowed(""));
            }
            // Go's utf16.Decode: unpaired surrogates become U+FFFD.
            let units = v.chunks_exact(2).map(|c| u16::from_be_bytes([c[0], c[1]]));
            Ok(Cow::Owned(
                char::decode_utf16(units)
                    .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
                    .collect(),
            ))
        }
        tag::IA5_STRING if v.is_ascii() => ascii(v),
        tag::IA5_STRING => Err("invalid IA5String".into()),
        tag::NUMERIC_STRING if v.iter().all(|&b| b.is_ascii_digit() || b == b' ') => ascii(v),
        tag::NUMERIC_STRING => Err("invalid NumericString".into()),
        other => Err(format!("unsupported string type: {other}").into()),
    }
}

/// Go's `parseTime`: UTCTime or GeneralizedTime, exactly as `cryptobyte` reads them.
fn parse_time(r: &mut Reader<'_>) -> Result<UnixTime, &'static str> {
    match r.peek_tag() {
        Some(tag::UTC_TIME) => r
            .read(tag::UTC_TIME)
            .and_then(utc_time)
            .ok_or("x509: malformed UTCTime"),
        Some(tag::GENERALIZED_TIME) => r
            .read(tag::GENERALIZED_TIME)
            .and_then(generalized_time)
            .ok_or("x509: malformed GeneralizedTime"),
        _ => Err("x509: unsupported time format"),
    }
}

/// Two ASCII digits.
fn two_digits(b: &[u8]) -> Option<u32> {
    match b {
        [h @ b'0'..=b'9', l @ b'0'..=b'9', ..] => Some((h - b'0') as u32 * 10 + (l - b'0') as u32),
        _ => None,
    }
}

/// The zone of Go's layout `Z0700` after `time.Parse` and the re-formatting check `cryptobyte`
/// makes: `Z`, or a non-zero `+hhmm`/`-hhmm` with minutes below 60 (hours up to 99). The
/// offset in seconds east of UTC.
fn zone_offset(b: &[u8]) -> Option<i64> {
    match b {
        b"Z" => Some(0),
        [sign @ (b'+' | b'-'), rest @ ..] if rest.len() == 4 => {
            let (h, m) = (two_digits(rest)?, two_digits(&rest[2..])?);
            if m >= 60 || h + m == 0 {
                return None;
            }
            let offset = (h * 3600 + m * 60) as i64;
            Some(if *sign == b'-' { -offset } else { offset })
        }
        _ => None,
    }
}

/// The instant of calendar fields in a zone; `None` when a field is out of range.
fn instant(year: i64, f: [u32; 5], offset: i64) -> Option<UnixTime> {
    let t = UnixTime::from_utc(year, f[0], f[1], f[2], f[3], f[4])?;
    Some(UnixTime(t.0 - offset))
}

/// `cryptobyte.ReadASN1UTCTime`: `YYMMDDhhmmssZ` (or `YYMMDDhhmmZ`, which Go also takes), the
/// zone as in [`zone_offset`], and the two-digit year read as 1950 to 2049.
fn utc_time(b: &[u8]) -> Option<UnixTime> {
    let digits = match b.len() {
        13 | 17 => 12,
        11 | 15 => 10,
        _ => return None,
    };
    let (d, zone) = b.split_at(digits);
    if !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let offset = zone_offset(zone)?;
    let yy = two_digits(d)? as i64;
    let year = if yy >= 50 { 1900 + yy } else { 2000 + yy };
    let sec = if digits == 12 {
        two_digits(&d[10..])?
    } else {
        0
    };
    let fields = [
        two_digits(&d[2..])?,
        two_digits(&d[4..])?,
        two_digits(&d[6..])?,
        two_digits(&d[8..])?,
        sec,
    ];
    instant(year, fields, offset)
}

/// `cryptobyte.ReadASN1GeneralizedTime` in Go 1.19: `YYYYMMDDhhmmss` and a zone as in
/// [`zone_offset`]; no fraction of a second (Go's re-formatting check refuses one).
fn generalized_time(b: &[u8]) -> Option<UnixTime> {
    if !matches!(b.len(), 15 | 19) {
        return None;
    }
    let (d, zone) = b.split_at(14);
    if !d.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let offset = zone_offset(zone)?;
    let year = (two_digits(d)? * 100 + two_digits(&d[2..])?) as i64;
    let fields = [
        two_digits(&d[4..])?,
        two_digits(&d[6..])?,
        two_digits(&d[8..])?,
        two_digits(&d[10..])?,
        two_digits(&d[12..])?,
    ];
    instant(year, fields, offset)
}

/// Two's-complement big-endian INTEGER contents in decimal, as Go's `big.Int.String()`.
fn serial_decimal(bytes: &[u8]) -> String {
    // Serials have at most 20 octets (RFC 5280), a few CAs' slightly more: up to 32 octets,
    // short division by 10^9 on 32-bit limbs, no big-number library and one allocation.
    const LIMBS: usize = 8;
    if bytes.len() > 4 * LIMBS {
        return long_decimal(bytes);
    }
    let negative = bytes.first().is_some_and(|b| b & 0x80 != 0);
    // Little-endian limbs, sign-extended.
    let mut limbs = [if negative { u32::MAX } else { 0 }; LIMBS];
    for (i, &b) in bytes.iter().rev().enumerate() {
        let shift = 8 * (i % 4);
        limbs[i / 4] = limbs[i / 4] & !(0xff << shift) | u32::from(b) << shift;
    }
    if negative {
        // The magnitude: two's complement negation (fits: at most 2^255).
        let mut carry = true;
        for limb in &mut limbs {
            (*limb, carry) = (!*limb).overflowing_add(u32::from(carry));
        }
    }
    // 256 bits have at most 78 digits.
    let mut digits = [0u8; 80];
    let mut at = digits.len();
    let mut len = LIMBS;
    loop {
        while len > 1 && limbs[len - 1] == 0 {
            len -= 1;
        }
        let mut rem = 0u64;
        for limb in limbs[..len].iter_mut().rev() {
            let cur = rem << 32 | u64::from(*limb);
            *limb = (cur / 1_000_000_000) as u32;
            rem = cur % 1_000_000_000;
        }
        let last = limbs.iter().all(|&l| l == 0);
        for _ in 0..9 {
            at -= 1;
            digits[at] = b'0' + (rem % 10) as u8;
            rem /= 10;
            if last && rem == 0 {
                break;
            }
        }
        if last {
            break;
        }
    }
    if negative {
        at -= 1;
        digits[at] = b'-';
    }
    // ASCII digits, so always valid.
    String::from_utf8(digits[at..].to_vec()).unwrap_or_default()
}

/// A long serial in decimal. `num_bigint`'s own `to_string` divides by 10^19 once per 19 digits
/// (quadratic in divisions: 18 ms for the longest serial a field holds); splitting by squared
/// powers of ten spends the same quadratic work in multiply-subtract loops instead, several times
/// faster (docs/limits.md).
fn long_decimal(bytes: &[u8]) -> String {
    use num_bigint::{BigInt, BigUint, Sign};
    let n = BigInt::from_signed_bytes_be(bytes);
    let (sign, magnitude) = (n.sign(), n.magnitude());
    // powers[i] = 10^(19 * 2^i), while its square may still be needed.
    let mut powers: Vec<(BigUint, usize)> =
        vec![(BigUint::from(10_000_000_000_000_000_000u64), 19)];
    while let Some((p, digits)) = powers.last() {
        if p.bits() * 2 > magnitude.bits() + 64 {
            break;
        }
        let next = (p * p, digits * 2);
        powers.push(next);
    }
    let mut out = String::with_capacity(powers.last().map_or(20, |(_, d)| d * 2 + 2));
    if sign == Sign::Minus {
        out.push('-');
    }
    decimal_into(magnitude, &powers, powers.len(), 0, &mut out);
    out
}

/// Appends `n` in decimal, left-padded with zeros to `pad` digits; `n < powers[level-1]^2`.
fn decimal_into(
    n: &num_bigint::BigUint,
    powers: &[(num_bigint::BigUint, usize)],
    level: usize,
    pad: usize,
    out: &mut String,
) {
    if level == 0 || n.bits() <= 2048 {
        let digits = n.to_string();
        out.extend(std::iter::repeat_n('0', pad.saturating_sub(digits.len())));
        out.push_str(&digits);
        return;
    }
    let (p, digits) = &powers[level - 1];
    if n < p {
        return decimal_into(n, powers, level - 1, pad, out);
    }
    let (high, low) = num_integer::Integer::div_rem(n, p);
    decimal_into(&high, powers, level - 1, pad.saturating_sub(*digits), out);
    decimal_into(&low, powers, level - 1, *digits, out);
}

#[cfg(test)]
mod tests;
