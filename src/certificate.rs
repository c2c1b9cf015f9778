//! One parsed certificate: Go-strict acceptance (`x509.ParseCertificate` of Go 1.19) and Go's
//! rendering of every field the gateway returns.
//!
//! SKELETON: the interface other modules code against; parsing to be filled in (issue 2).

use crate::algorithm::{AlgorithmIdentifier, SignatureAlgorithm};
use crate::spki::SubjectPublicKeyInfo;
use crate::time::UnixTime;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// Why Go's `x509.ParseCertificate` refuses a certificate: Go's own message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CertificateError {
    /// Go's error text, such as `x509: SAN dNSName is malformed`.
    pub go_message: Cow<'static, str>,
}

/// A distinguished name, with the attributes the gateway renders.
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

/// basicConstraints as Go reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BasicConstraints {
    /// cA.
    pub is_ca: bool,
    /// pathLenConstraint, when present.
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

/// One certificate, borrowed from its DER.
#[derive(Clone, Debug)]
pub struct Certificate<'a> {
    pub(crate) der: &'a [u8],
    pub(crate) tbs: &'a [u8],
    pub(crate) version: u8,
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
    pub(crate) has_san: bool,
    pub(crate) basic_constraints: Option<BasicConstraints>,
    pub(crate) key_usage: Option<KeyUsage>,
    pub(crate) ext_key_usage: Option<ExtKeyUsage>,
    pub(crate) subject_key_id: Option<&'a [u8]>,
    pub(crate) authority_key_id: Option<&'a [u8]>,
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
    /// X.509 version, 1-based.
    pub version: u8,
}

impl<'a> Certificate<'a> {
    /// Parses one DER certificate as Go 1.19's `x509.ParseCertificate`.
    pub fn parse(der: &'a [u8]) -> Result<Self, CertificateError> {
        let _ = der;
        Err(CertificateError {
            go_message: Cow::Borrowed("x509: certificate parsing not implemented yet"),
        })
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

    /// The signature bits.
    pub(crate) fn signature(&self) -> &'a [u8] {
        self.signature
    }

    /// X.509 version, 1-based.
    pub fn version(&self) -> u8 {
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

    /// extendedKeyUsage, when present.
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

    /// Issuer and subject are the same name (a root, or a self-issued certificate).
    pub fn is_self_issued(&self) -> bool {
        self.raw_issuer == self.raw_subject
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
            serial_number: String::new(),
            not_before: self.not_before,
            not_after: self.not_after,
            signature_algorithm: self.signature_algorithm.go_name().to_owned(),
            version: self.version,
        }
    }
}
