//! What `openssl x509 -text`, `step certificate inspect` and `certigo dump` show of one
//! certificate, beyond the gateway's response fields: fingerprints, the SPKI pin, the key, the
//! names as Go prints them, every SAN type, the extensions' contents and days left.
//!
//! Read from a certificate Go's parser accepted, so it never refuses anything: each value is
//! what Go's `x509.Certificate` holds (or, for the fingerprints and pin, a hash of its bytes).

use crate::certificate::Certificate;
use crate::der::{bit_len, tag, Reader};
use crate::hex::hex;
use crate::name_string::go_name_string;
use crate::signed_data::{self, Outcome};
use crate::spki::PublicKey;
use crate::time::UnixTime;
use base64::Engine as _;
use serde::Serialize;

/// One certificate's details, for people reading `inspect` (never part of the gateway's
/// response).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct CertificateDetails {
    /// SHA-256 of the whole DER, lowercase hex (what browsers show as the fingerprint).
    pub sha256_fingerprint: String,
    /// SHA-1 of the whole DER, lowercase hex (legacy tools still print it).
    pub sha1_fingerprint: String,
    /// SHA-256 of the SubjectPublicKeyInfo, lowercase hex: the public-key pin.
    pub spki_sha256: String,
    /// The same pin in standard base64 (the HPKP / `pin-sha256` form).
    pub spki_sha256_base64: String,
    /// Go's name of the key algorithm: `RSA`, `ECDSA`, `Ed25519`, `DSA`, or `0` when Go does
    /// not parse the key.
    pub public_key_algorithm: String,
    /// Key size in bits: the RSA modulus or DSA prime length, the curve size, 256 for Ed25519,
    /// 0 when unknown.
    pub public_key_size: usize,
    /// The curve of an ECDSA key (`P-256` ...), as Go names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_key_curve: Option<String>,
    /// The subject as Go's `pkix.Name.String()` writes it (RFC 2253 order).
    pub subject: String,
    /// The issuer, written the same way.
    pub issuer: String,
    /// The serial number's INTEGER octets in lowercase hex, as encoded (two's complement).
    pub serial_hex: String,
    /// The serial number in decimal, as Go's `big.Int.String()`.
    pub serial_decimal: String,
    /// notBefore.
    pub not_before: UnixTime,
    /// notAfter.
    pub not_after: UnixTime,
    /// Whole days from the time given to [`CertificateDetails::at`] until notAfter (negative
    /// once expired, rounded down); absent when no time was given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub days_left: Option<i64>,
    /// subjectAltName DNS names.
    pub dns_names: Vec<String>,
    /// subjectAltName IP addresses, as Go's `net.IP.String()` writes them.
    pub ip_addresses: Vec<String>,
    /// subjectAltName email addresses (rfc822Name).
    pub email_addresses: Vec<String>,
    /// subjectAltName URIs.
    pub uris: Vec<String>,
    /// keyUsage bits set, by their RFC 5280 names (`digitalSignature` ...); empty when absent.
    pub key_usage: Vec<String>,
    /// extendedKeyUsage purposes: `serverAuth`, `clientAuth`, `anyExtendedKeyUsage`, any other
    /// as a dotted OID; empty when absent.
    pub extended_key_usage: Vec<String>,
    /// basicConstraints cA (Go's `IsCA`; false when the extension is absent).
    pub is_ca: bool,
    /// basicConstraints pathLenConstraint, when present and not negative.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_path_len: Option<u32>,
    /// subjectKeyIdentifier, lowercase hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject_key_id: Option<String>,
    /// authorityKeyIdentifier's keyIdentifier, lowercase hex.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authority_key_id: Option<String>,
    /// cRLDistributionPoints fullName URIs.
    pub crl_distribution_points: Vec<String>,
    /// authorityInfoAccess OCSP responder URLs.
    pub ocsp_servers: Vec<String>,
    /// authorityInfoAccess CA issuers URLs.
    pub issuing_certificate_urls: Vec<String>,
    /// certificatePolicies policy OIDs, dotted.
    pub policies: Vec<String>,
    /// How many SCTs the embedded SCT list holds; absent without the extension, 0 when the list
    /// does not read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub embedded_scts: Option<usize>,
    /// Issuer and subject are the same name (self-issued: a root or a self-signed leaf).
    pub self_issued: bool,
    /// Self-issued and its signature verifies with its own key (`false` when it does not, or
    /// Go refuses the algorithm and the signature is not valid either); absent when not
    /// self-issued or not checked (an algorithm this library cannot verify, or the signature
    /// work bound of one input spent; see [`CertificateDetails::new`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub self_signed: Option<bool>,
}

impl CertificateDetails {
    /// The details of a parsed certificate (no `days_left`; see [`CertificateDetails::at`]).
    ///
    /// ```
    /// use cert_preflight::{Certificate, CertificateDetails, UnixTime};
    ///
    /// let pem = include_str!("../examples/root-ca.pem");
    /// let b64: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    /// use base64::Engine as _;
    /// let der = base64::engine::general_purpose::STANDARD.decode(b64).unwrap();
    /// let details = CertificateDetails::new(&Certificate::parse(&der).unwrap());
    /// assert!(details.self_issued && details.is_ca);
    /// assert_eq!(details.subject, "CN=Example Root CA,O=Example Trust,C=DE");
    /// ```
    pub fn new(cert: &Certificate<'_>) -> Self {
        let mut details = Self::unchecked(cert);
        if details.self_issued {
            details.self_signed = self_signature(cert);
        }
        details
    }

    /// The details without the self-signature check (`self_signed` absent): for a caller that
    /// bounds the signature work of many certificates (`inspect_each`).
    pub(crate) fn unchecked(cert: &Certificate<'_>) -> Self {
        let strings = |v: &[std::borrow::Cow<'_, str>]| v.iter().map(|s| s.to_string()).collect();
        let listed = &cert.listed;
        let pin = sha256(cert.spki.der);
        let (algorithm, size, curve) = key_facts(cert);
        CertificateDetails {
            sha256_fingerprint: hex(&sha256(cert.der)),
            sha1_fingerprint: hex(ring::digest::digest(
                &ring::digest::SHA1_FOR_LEGACY_USE_ONLY,
                cert.der,
            )
            .as_ref()),
            spki_sha256: hex(&pin),
            spki_sha256_base64: base64::engine::general_purpose::STANDARD.encode(pin),
            public_key_algorithm: algorithm.to_owned(),
            public_key_size: size,
            public_key_curve: curve.map(str::to_owned),
            subject: go_name_string(cert.raw_subject).unwrap_or_default(),
            issuer: go_name_string(cert.raw_issuer).unwrap_or_default(),
            serial_hex: hex(cert.serial),
            serial_decimal: cert.serial_decimal(),
            not_before: cert.not_before,
            not_after: cert.not_after,
            days_left: None,
            dns_names: cert.dns_names.iter().map(|s| s.to_string()).collect(),
            ip_addresses: cert.ip_addresses().iter().map(go_ip_string).collect(),
            email_addresses: strings(&listed.email_addresses),
            uris: strings(&listed.uris),
            key_usage: key_usage_names(cert),
            extended_key_usage: ext_key_usage_names(cert),
            is_ca: cert.basic_constraints.is_some_and(|b| b.is_ca),
            max_path_len: cert.basic_constraints.and_then(|b| b.max_path_len),
            subject_key_id: cert.subject_key_id.map(hex),
            authority_key_id: cert.authority_key_id.map(hex),
            crl_distribution_points: strings(&listed.crl_distribution_points),
            ocsp_servers: strings(&listed.ocsp_servers),
            issuing_certificate_urls: strings(&listed.issuing_certificate_urls),
            policies: listed.policy_oids.clone(),
            embedded_scts: listed.sct_list.map(sct_count),
            self_issued: cert.is_self_issued(),
            self_signed: None,
        }
    }

    /// The same details with `days_left` counted from `now`.
    pub fn at(mut self, now: UnixTime) -> Self {
        self.days_left = Some((self.not_after.0 - now.0).div_euclid(86_400));
        self
    }
}

/// Whether the certificate's signature verifies with its own key, as Go's
/// `CheckSignatureFrom(itself)` would (with SHA-1 or MD5, which Go refuses, the signature's own
/// validity); `None` when it cannot be told here.
pub(crate) fn self_signature(cert: &Certificate<'_>) -> Option<bool> {
    match signed_data::check(
        cert.spki(),
        cert.signature_algorithm(),
        cert.tbs(),
        cert.signature(),
    ) {
        Outcome::Valid => Some(true),
        Outcome::Invalid { .. } => Some(false),
        Outcome::Refused {
            signature_valid, ..
        } => signature_valid,
        _ => None,
    }
}

fn sha256(bytes: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, bytes)
        .as_ref()
        .to_vec()
}

/// Go's `PublicKeyAlgorithm` name, the key size the way tools report it, and the curve.
fn key_facts(cert: &Certificate<'_>) -> (&'static str, usize, Option<&'static str>) {
    match cert.spki.key {
        PublicKey::Rsa { n, .. } => ("RSA", bit_len(n), None),
        PublicKey::Ecdsa { curve, .. } => {
            let bits = match curve.coordinate_len() {
                66 => 521,
                n => n * 8,
            };
            ("ECDSA", bits, Some(curve.go_name()))
        }
        PublicKey::Ed25519(_) => ("Ed25519", 256, None),
        PublicKey::Dsa => ("DSA", dsa_prime_bits(cert), None),
        _ => ("0", 0, None),
    }
}

/// The bit length of DSA's p, from the algorithm parameters `Dss-Parms ::= SEQUENCE {p, q, g}`.
fn dsa_prime_bits(cert: &Certificate<'_>) -> usize {
    let Some(params) = cert.spki.algorithm.params else {
        return 0;
    };
    let contents = Reader::new(params).read(tag::SEQUENCE).unwrap_or(params);
    Reader::new(contents).read(tag::INTEGER).map_or(0, bit_len)
}

/// Go's `net.IP.String()`: an IPv4-mapped IPv6 address is written as IPv4.
fn go_ip_string(ip: &std::net::IpAddr) -> String {
    match ip {
        std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => v6.to_string(),
        },
        std::net::IpAddr::V4(v4) => v4.to_string(),
    }
}

/// keyUsage bit names, bit 0 first (RFC 5280 section 4.2.1.3).
const KEY_USAGE_NAMES: [&str; 9] = [
    "digitalSignature",
    "contentCommitment",
    "keyEncipherment",
    "dataEncipherment",
    "keyAgreement",
    "keyCertSign",
    "cRLSign",
    "encipherOnly",
    "decipherOnly",
];

fn key_usage_names(cert: &Certificate<'_>) -> Vec<String> {
    let Some(usage) = cert.key_usage else {
        return Vec::new();
    };
    KEY_USAGE_NAMES
        .iter()
        .enumerate()
        .filter(|&(i, _)| usage.0 & (1 << i) != 0)
        .map(|(_, name)| (*name).to_owned())
        .collect()
}

fn ext_key_usage_names(cert: &Certificate<'_>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(eku) = cert.ext_key_usage {
        for (set, name) in [
            (eku.server_auth, "serverAuth"),
            (eku.client_auth, "clientAuth"),
            (eku.any, "anyExtendedKeyUsage"),
        ] {
            if set {
                out.push(name.to_owned());
            }
        }
    }
    out.extend(cert.listed.other_ext_key_usages.iter().cloned());
    out
}

/// The SCTs in a SignedCertificateTimestampList (RFC 6962 section 3.3): an OCTET STRING
/// holding a 2-octet total length, then each SCT with a 2-octet length. 0 when it does not read.
fn sct_count(value: &[u8]) -> usize {
    let Some(list) = Reader::new(value).read(tag::OCTET_STRING) else {
        return 0;
    };
    let u16_at = |b: &[u8], i: usize| -> Option<usize> {
        Some(usize::from(*b.get(i)?) << 8 | usize::from(*b.get(i + 1)?))
    };
    let Some(total) = u16_at(list, 0) else {
        return 0;
    };
    let Some(body) = list.get(2..2 + total) else {
        return 0;
    };
    let (mut at, mut count) = (0, 0);
    while at < body.len() {
        let Some(len) = u16_at(body, at) else {
            return 0;
        };
        at += 2 + len;
        if at > body.len() {
            return 0;
        }
        count += 1;
    }
    count
}

#[cfg(test)]
mod tests {
    use super::sct_count;

    #[test]
    fn sct_lists_are_counted_and_broken_ones_are_zero() {
        // OCTET STRING { total 0x000a, sct(3 octets), sct(3 octets) }
        let two = [4, 12, 0, 10, 0, 3, 1, 2, 3, 0, 3, 4, 5, 6];
        assert_eq!(sct_count(&two), 2);
        let short = [4, 6, 0, 4, 0, 9, 1, 2];
        assert_eq!(sct_count(&short), 0);
    }
}
