//! The extensions block: Go 1.19's extension loop in `parseCertificate` (duplicates refused)
//! and `processExtensions` (each extension Go understands is parsed, with Go's messages).

use super::error::CertificateError;
use super::go;
use crate::der::{dotted_oid, tag, Reader};
use crate::hex::hex;
use std::borrow::Cow;

/// What the extensions say, as Go's `Certificate` keeps it.
#[derive(Default)]
pub(super) struct Extensions<'a> {
    pub dns_names: Vec<&'a str>,
    pub ip_addresses: Vec<&'a [u8]>,
    pub has_san: bool,
    pub basic_constraints: Option<BasicConstraints>,
    pub key_usage: Option<KeyUsage>,
    pub ext_key_usage: Option<ExtKeyUsage>,
    pub subject_key_id: Option<&'a [u8]>,
    pub authority_key_id: Option<&'a [u8]>,
    pub name_constraints: Option<&'a [u8]>,
    pub unhandled_critical_extension: bool,
    pub listed: Listed<'a>,
}

/// What Go's parse reads and keeps but the gateway's checks never use: the lists `inspect`
/// shows (emails, URIs, CRL and AIA URLs, policies, other purposes, the SCT list). Kept while
/// the extensions are walked anyway; nothing here changes what is accepted.
#[derive(Clone, Debug, Default)]
pub(crate) struct Listed<'a> {
    /// subjectAltName rfc822Names (Go's `EmailAddresses`).
    pub email_addresses: Vec<Cow<'a, str>>,
    /// subjectAltName URIs (Go's `URIs`).
    pub uris: Vec<Cow<'a, str>>,
    /// The fullName URIs of cRLDistributionPoints (Go's `CRLDistributionPoints`).
    pub crl_distribution_points: Vec<Cow<'a, str>>,
    /// authorityInfoAccess id-ad-ocsp URIs (Go's `OCSPServer`).
    pub ocsp_servers: Vec<Cow<'a, str>>,
    /// authorityInfoAccess id-ad-caIssuers URIs (Go's `IssuingCertificateURL`).
    pub issuing_certificate_urls: Vec<Cow<'a, str>>,
    /// certificatePolicies policy OIDs, dotted (Go's `PolicyIdentifiers`).
    pub policy_oids: Vec<String>,
    /// extendedKeyUsage purposes other than serverAuth, clientAuth and any, dotted.
    pub other_ext_key_usages: Vec<String>,
    /// The embedded SCT list extension's value (Go leaves it unparsed).
    pub sct_list: Option<&'a [u8]>,
}

/// basicConstraints as Go reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicConstraints {
    /// cA.
    pub is_ca: bool,
    /// pathLenConstraint, when present and not negative (Go ignores a negative one when
    /// verifying); values above `u32::MAX` are capped, which verifies the same.
    pub max_path_len: Option<u32>,
}

/// The keyUsage bits (bit 0 = digitalSignature ... bit 8 = decipherOnly), as Go's `KeyUsage`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KeyUsage(pub u16);

impl KeyUsage {
    /// keyCertSign.
    pub fn cert_sign(self) -> bool {
        self.0 & (1 << 5) != 0
    }

    /// digitalSignature.
    pub fn digital_signature(self) -> bool {
        self.0 & 1 != 0
    }

    /// keyEncipherment.
    pub fn key_encipherment(self) -> bool {
        self.0 & (1 << 2) != 0
    }
}

/// The extendedKeyUsage purposes the checks care about.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExtKeyUsage {
    /// anyExtendedKeyUsage.
    pub any: bool,
    /// id-kp-serverAuth.
    pub server_auth: bool,
    /// id-kp-clientAuth.
    pub client_auth: bool,
}

/// One extension: its OID in canonical form, criticality, and the OCTET STRING contents.
struct Extension<'a> {
    id: Cow<'a, [u8]>,
    critical: bool,
    value: &'a [u8],
}

/// id-pe-authorityInfoAccess, 1.3.6.1.5.5.7.1.1.
const AUTHORITY_INFO_ACCESS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01];
/// anyExtendedKeyUsage, 2.5.29.37.0.
const EKU_ANY: &[u8] = &[0x55, 0x1d, 0x25, 0x00];
/// id-kp-serverAuth.
const EKU_SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];
/// id-kp-clientAuth.
const EKU_CLIENT_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02];
/// The embedded SCT list of Certificate Transparency, 1.3.6.1.4.1.11129.2.4.2 (RFC 6962).
const SCT_LIST: &[u8] = &[0x2b, 0x06, 0x01, 0x04, 0x01, 0xd6, 0x79, 0x02, 0x04, 0x02];
/// id-ad-ocsp, 1.3.6.1.5.5.7.48.1.
const AD_OCSP: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01];
/// id-ad-caIssuers, 1.3.6.1.5.5.7.48.2.
const AD_CA_ISSUERS: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02];

/// GeneralName tags Go reads (context-specific, primitive).
const GN_RFC822: u8 = tag::context(1);
const GN_DNS: u8 = tag::context(2);
const GN_URI: u8 = tag::context(6);
const GN_IP: u8 = tag::context(7);

/// Reads the `[3]` contents (the Extensions SEQUENCE and anything after it, which Go ignores)
/// and fills the certificate.
///
/// Go first reads every extension, refusing a duplicate as soon as it is read (so a duplicate
/// before a malformed extension is the error reported), then processes them in order. The
/// common case (at most 16 extensions, short OIDs in canonical form) is kept on the stack, the
/// OIDs compared as integers.
pub(super) fn parse_and_process(explicit: &[u8]) -> Result<Extensions<'_>, CertificateError> {
    let mut ext = Extensions::default();
    fill(&mut ext, explicit)?;
    Ok(ext)
}

fn fill<'a>(cert: &mut Extensions<'a>, explicit: &'a [u8]) -> Result<(), CertificateError> {
    const MAX: usize = 16;
    let list = Reader::new(explicit)
        .read(tag::SEQUENCE)
        .ok_or("x509: malformed extensions")?;
    let mut exts = [(&[][..], false, &[][..]); MAX];
    let mut keys = [0u128; MAX];
    let mut n = 0;
    let mut r = Reader::new(list);
    while !r.is_empty() {
        let ext = parse_extension(&mut r)?;
        let Cow::Borrowed(id) = ext.id else {
            return parse_and_process_many(cert, list);
        };
        if n == MAX || id.len() > 15 {
            return parse_and_process_many(cert, list);
        }
        // At most 15 octets, with the length in the top octet: one key per OID.
        let key = id.iter().fold(0u128, |k, &b| (k << 8) | b as u128) | (id.len() as u128) << 120;
        if keys[..n].contains(&key) {
            return Err(DUPLICATE.into());
        }
        keys[n] = key;
        exts[n] = (id, ext.critical, ext.value);
        n += 1;
    }
    for &(id, critical, value) in &exts[..n] {
        process(cert, id, critical, value)?;
    }
    Ok(())
}

const DUPLICATE: &str = "x509: certificate contains duplicate extensions";

/// [`parse_and_process`] for many extensions or long or padded OIDs: the OIDs are collected and
/// sorted, which keeps thousands of extensions O(n log n).
fn parse_and_process_many<'a>(
    cert: &mut Extensions<'a>,
    list: &'a [u8],
) -> Result<(), CertificateError> {
    let mut ids: Vec<Cow<'_, [u8]>> = Vec::new();
    let mut exts = Reader::new(list);
    let mut parse_error = None;
    while !exts.is_empty() {
        match parse_extension(&mut exts) {
            Ok(ext) => ids.push(ext.id),
            Err(e) => {
                parse_error = Some(e);
                break;
            }
        }
    }
    ids.sort_unstable();
    if ids.windows(2).any(|w| w[0] == w[1]) {
        return Err(DUPLICATE.into());
    }
    if let Some(e) = parse_error {
        return Err(e.into());
    }
    let mut exts = Reader::new(list);
    while !exts.is_empty() {
        let ext = parse_extension(&mut exts)?;
        process(cert, &ext.id, ext.critical, ext.value)?;
    }
    Ok(())
}

/// Go's `parseExtension` on the next Extension SEQUENCE.
fn parse_extension<'a>(list: &mut Reader<'a>) -> Result<Extension<'a>, &'static str> {
    let ext = list
        .read(tag::SEQUENCE)
        .ok_or("x509: malformed extension")?;
    let mut ext = Reader::new(ext);
    let id = ext
        .read_oid()
        .ok_or("x509: malformed extension OID field")?;
    let critical = if ext.peek_tag() == Some(tag::BOOLEAN) {
        ext.read_bool()
            .ok_or("x509: malformed extension critical field")?
    } else {
        false
    };
    let value = ext
        .read(tag::OCTET_STRING)
        .ok_or("x509: malformed extension value field")?;
    Ok(Extension {
        id,
        critical,
        value,
    })
}

/// Go's `processExtensions` for one extension (`id` in canonical form).
fn process<'a>(
    cert: &mut Extensions<'a>,
    id: &[u8],
    critical: bool,
    v: &'a [u8],
) -> Result<(), CertificateError> {
    let unhandled = match id {
        [0x55, 0x1d, n] => match *n {
            15 => {
                cert.key_usage = Some(key_usage(v)?);
                false
            }
            19 => {
                cert.basic_constraints = Some(basic_constraints(v)?);
                false
            }
            17 => {
                cert.has_san = true;
                // With no name Go understands, the extension counts as unhandled.
                !subject_alt_names(cert, v)?
            }
            30 => {
                let unhandled = name_constraints(v)?;
                cert.name_constraints = Some(v);
                unhandled
            }
            31 => {
                crl_distribution_points(&mut cert.listed, v)?;
                false
            }
            35 => {
                cert.authority_key_id = authority_key_id(v)?;
                false
            }
            37 => {
                cert.ext_key_usage = ext_key_usage(&mut cert.listed, v)?;
                false
            }
            14 => {
                let skid = Reader::new(v)
                    .read(tag::OCTET_STRING)
                    .ok_or("x509: invalid subject key identifier")?;
                cert.subject_key_id = Some(skid);
                false
            }
            32 => {
                certificate_policies(&mut cert.listed, v)?;
                false
            }
            _ => true,
        },
        AUTHORITY_INFO_ACCESS => {
            authority_info_access(&mut cert.listed, v)?;
            false
        }
        SCT_LIST => {
            // Go does not handle it (a critical one stays unhandled); kept for `inspect`.
            cert.listed.sct_list = Some(v);
            true
        }
        _ => true,
    };
    if critical && unhandled {
        cert.unhandled_critical_extension = true;
    }
    Ok(())
}

fn key_usage(v: &[u8]) -> Result<KeyUsage, &'static str> {
    let bits = Reader::new(v)
        .read_bit_string()
        .ok_or("x509: invalid key usage")?;
    Ok(KeyUsage(
        (0..9).filter(|&i| bits.at(i)).fold(0u16, |u, i| u | 1 << i),
    ))
}

/// Go 1.19's `parseBasicConstraintsExtension` (its messages end in `a`, `b`, `c`).
fn basic_constraints(v: &[u8]) -> Result<BasicConstraints, &'static str> {
    let seq = Reader::new(v)
        .read(tag::SEQUENCE)
        .ok_or("x509: invalid basic constraints a")?;
    let mut seq = Reader::new(seq);
    let is_ca = if seq.peek_tag() == Some(tag::BOOLEAN) {
        seq.read_bool().ok_or("x509: invalid basic constraints b")?
    } else {
        false
    };
    let max_path_len = if seq.peek_tag() == Some(tag::INTEGER) {
        let n = seq.read_i64().ok_or("x509: invalid basic constraints c")?;
        u32::try_from(n)
            .ok()
            .or((n > u32::MAX as i64).then_some(u32::MAX))
    } else {
        None
    };
    Ok(BasicConstraints {
        is_ca,
        max_path_len,
    })
}

/// Go's `parseSANExtension`; keeps the DNS names and says whether any name Go understands
/// (DNS, email, IP, URI) was present.
fn subject_alt_names<'a>(cert: &mut Extensions<'a>, v: &'a [u8]) -> Result<bool, CertificateError> {
    let names = Reader::new(v)
        .read(tag::SEQUENCE)
        .ok_or("x509: invalid subject alternative names")?;
    let mut names = Reader::new(names);
    let mut understood = false;
    while !names.is_empty() {
        let name = names
            .read_element()
            .ok_or("x509: invalid subject alternative name")?;
        let data = name.contents;
        match name.tag {
            GN_RFC822 => {
                if !go::is_ia5(data) {
                    return Err("x509: SAN rfc822Name is malformed".into());
                }
                cert.listed.email_addresses.push(go::json_string(data));
                understood = true;
            }
            GN_DNS => {
                let dns = std::str::from_utf8(data)
                    .ok()
                    .filter(|s| s.is_ascii())
                    .ok_or("x509: SAN dNSName is malformed")?;
                cert.dns_names.push(dns);
                understood = true;
            }
            GN_URI => {
                if !go::is_ia5(data) {
                    return Err("x509: SAN uniformResourceIdentifier is malformed".into());
                }
                let host = go::url_host(data).map_err(|e| {
                    CertificateError::new(format!(
                        "x509: cannot parse URI {}: {e}",
                        go::quote(data)
                    ))
                })?;
                if !host.is_empty() && !go::domain_ok(&host) {
                    return Err(CertificateError::new(format!(
                        "x509: cannot parse URI {}: invalid domain",
                        go::quote(data)
                    )));
                }
                cert.listed.uris.push(go::json_string(data));
                understood = true;
            }
            GN_IP => {
                if data.len() != 4 && data.len() != 16 {
                    return Err(CertificateError::new(format!(
                        "x509: cannot parse IP address of length {}",
                        data.len()
                    )));
                }
                cert.ip_addresses.push(data);
                understood = true;
            }
            _ => {}
        }
    }
    Ok(understood)
}

/// Go's `isValidIPMask`: ones, then zeros.
fn is_valid_ip_mask(mask: &[u8]) -> bool {
    let mut seen_zero = false;
    for &b in mask {
        if seen_zero {
            if b != 0 {
                return false;
            }
            continue;
        }
        match b {
            0x00 | 0x80 | 0xc0 | 0xe0 | 0xf0 | 0xf8 | 0xfc | 0xfe => seen_zero = true,
            0xff => {}
            _ => return false,
        }
    }
    true
}

/// Go's `parseNameConstraintsExtension`: checks every subtree; says whether a name form Go
/// does not handle was present.
fn name_constraints(v: &[u8]) -> Result<bool, CertificateError> {
    const INVALID: &str = "x509: invalid NameConstraints extension";
    let mut outer = Reader::new(v);
    let top = outer.read(tag::SEQUENCE).ok_or(INVALID)?;
    if !outer.is_empty() {
        return Err(INVALID.into());
    }
    let mut top = Reader::new(top);
    let permitted = top
        .read_optional(tag::context_constructed(0))
        .ok_or(INVALID)?;
    let excluded = top
        .read_optional(tag::context_constructed(1))
        .ok_or(INVALID)?;
    if !top.is_empty() {
        return Err(INVALID.into());
    }
    if permitted.unwrap_or_default().is_empty() && excluded.unwrap_or_default().is_empty() {
        return Err("x509: empty name constraints extension".into());
    }
    let mut unhandled = false;
    for subtrees in [permitted, excluded].into_iter().flatten() {
        let mut subtrees = Reader::new(subtrees);
        while !subtrees.is_empty() {
            let base = subtrees
                .read(tag::SEQUENCE)
                .and_then(|seq| Reader::new(seq).read_element())
                .ok_or(INVALID)?;
            let value = base.contents;
            let ia5 = || {
                if go::is_ia5(value) {
                    Ok(())
                } else {
                    Err(CertificateError::new(format!(
                        "x509: invalid constraint value: {}",
                        go::ia5_error(value)
                    )))
                }
            };
            match base.tag {
                GN_DNS => {
                    ia5()?;
                    if !go::domain_ok(trim_dot(value)) {
                        return Err(CertificateError::new(format!(
                            "x509: failed to parse dnsName constraint {}",
                            go::quote(value)
                        )));
                    }
                }
                GN_IP => {
                    let mask = match value.len() {
                        8 => &value[4..],
                        32 => &value[16..],
                        n => {
                            return Err(CertificateError::new(format!(
                                "x509: IP constraint contained value of length {n}"
                            )))
                        }
                    };
                    if !is_valid_ip_mask(mask) {
                        return Err(CertificateError::new(format!(
                            "x509: IP constraint contained invalid mask {}",
                            hex(mask)
                        )));
                    }
                }
                GN_RFC822 => {
                    ia5()?;
                    let ok = if value.contains(&b'@') {
                        go::mailbox_ok(value)
                    } else {
                        go::domain_ok(trim_dot(value))
                    };
                    if !ok {
                        return Err(CertificateError::new(format!(
                            "x509: failed to parse rfc822Name constraint {}",
                            go::quote(value)
                        )));
                    }
                }
                GN_URI => {
                    ia5()?;
                    if go::parse_ip_ok(value) {
                        return Err(CertificateError::new(format!(
                            "x509: failed to parse URI constraint {}: cannot be IP address",
                            go::quote(value)
                        )));
                    }
                    if !go::domain_ok(trim_dot(value)) {
                        return Err(CertificateError::new(format!(
                            "x509: failed to parse URI constraint {}",
                            go::quote(value)
                        )));
                    }
                }
                _ => unhandled = true,
            }
        }
    }
    Ok(unhandled)
}

/// A constraint's domain without its leading dot (which excludes the domain itself).
fn trim_dot(s: &[u8]) -> &[u8] {
    s.strip_prefix(b".").unwrap_or(s)
}

fn crl_distribution_points<'a>(listed: &mut Listed<'a>, v: &'a [u8]) -> Result<(), &'static str> {
    const INVALID: &str = "x509: invalid CRL distribution point";
    let points = Reader::new(v)
        .read(tag::SEQUENCE)
        .ok_or("x509: invalid CRL distribution points")?;
    let mut points = Reader::new(points);
    while !points.is_empty() {
        let point = points.read(tag::SEQUENCE).ok_or(INVALID)?;
        let Some(name) = Reader::new(point)
            .read_optional(tag::context_constructed(0))
            .ok_or(INVALID)?
        else {
            continue;
        };
        // Only fullName [0] is accepted; Go reads its leading URIs and stops at anything else.
        let full_name = Reader::new(name)
            .read(tag::context_constructed(0))
            .ok_or(INVALID)?;
        let mut full_name = Reader::new(full_name);
        while full_name.peek_tag() == Some(GN_URI) {
            let uri = full_name.read(GN_URI).ok_or(INVALID)?;
            listed.crl_distribution_points.push(go::json_string(uri));
        }
    }
    Ok(())
}

fn authority_key_id(v: &[u8]) -> Result<Option<&[u8]>, &'static str> {
    const INVALID: &str = "x509: invalid authority key identifier";
    let akid = Reader::new(v).read(tag::SEQUENCE).ok_or(INVALID)?;
    let mut akid = Reader::new(akid);
    if akid.peek_tag() != Some(tag::context(0)) {
        return Ok(None);
    }
    akid.read(tag::context(0)).map(Some).ok_or(INVALID)
}

fn ext_key_usage(listed: &mut Listed<'_>, v: &[u8]) -> Result<Option<ExtKeyUsage>, &'static str> {
    const INVALID: &str = "x509: invalid extended key usages";
    let list = Reader::new(v).read(tag::SEQUENCE).ok_or(INVALID)?;
    let mut list = Reader::new(list);
    let mut eku = ExtKeyUsage::default();
    let mut any_purpose = false;
    while !list.is_empty() {
        let purpose = list.read_oid().ok_or(INVALID)?;
        any_purpose = true;
        match purpose.as_ref() {
            EKU_ANY => eku.any = true,
            EKU_SERVER_AUTH => eku.server_auth = true,
            EKU_CLIENT_AUTH => eku.client_auth = true,
            other => listed.other_ext_key_usages.push(dotted_oid(other)),
        }
    }
    Ok(any_purpose.then_some(eku))
}

fn certificate_policies(listed: &mut Listed<'_>, v: &[u8]) -> Result<(), &'static str> {
    const INVALID: &str = "x509: invalid certificate policies";
    let list = Reader::new(v).read(tag::SEQUENCE).ok_or(INVALID)?;
    let mut list = Reader::new(list);
    while !list.is_empty() {
        let policy = list.read(tag::SEQUENCE).ok_or(INVALID)?;
        let id = Reader::new(policy).read_oid().ok_or(INVALID)?;
        listed.policy_oids.push(dotted_oid(&id));
    }
    Ok(())
}

fn authority_info_access<'a>(listed: &mut Listed<'a>, v: &'a [u8]) -> Result<(), &'static str> {
    const INVALID: &str = "x509: invalid authority info access";
    let list = Reader::new(v).read(tag::SEQUENCE).ok_or(INVALID)?;
    let mut list = Reader::new(list);
    while !list.is_empty() {
        let description = list.read(tag::SEQUENCE).ok_or(INVALID)?;
        let mut description = Reader::new(description);
        let method = description.read_oid().ok_or(INVALID)?;
        if description.peek_tag() == Some(GN_URI) {
            let uri = go::json_string(description.read(GN_URI).ok_or(INVALID)?);
            match method.as_ref() {
                AD_OCSP => listed.ocsp_servers.push(uri),
                AD_CA_ISSUERS => listed.issuing_certificate_urls.push(uri),
                _ => {}
            }
        }
    }
    Ok(())
}
