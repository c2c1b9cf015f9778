//! Go 1.19's private key parsers, step by step: `crypto/tls.parsePrivateKey` trying
//! `x509.ParsePKCS1PrivateKey`, `x509.ParsePKCS8PrivateKey` and `x509.ParseECPrivateKey` in turn,
//! with Go's own error texts; and, when all three fail, what the bytes look like, so that the
//! diagnostic can say what was found.

use super::asn1::{self, BigInt};
use super::ec;
use super::rsa::{self, RsaFault, RsaParts, MAX_RSA_BITS};
use crate::algorithm::oid;
use crate::der::dotted_oid;
use crate::der::{tag, Reader};
use crate::spki::Curve;
use std::borrow::Cow;
use zeroize::Zeroizing;

/// How the key was encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Format {
    Pkcs1,
    Pkcs8,
    Sec1,
}

/// An EC key as Go's `parseECPrivateKey` accepts it.
pub(super) struct EcParts<'a> {
    pub curve: Curve,
    /// The scalar, big-endian, padded to the order's length; below the order (maybe zero).
    pub scalar: Zeroizing<Vec<u8>>,
    /// The SEC1 publicKey bits, when present (Go ignores them).
    pub embedded_public: Option<&'a [u8]>,
    /// The curve of the SEC1 structure, when PKCS#8 named another one (Go uses PKCS#8's).
    pub inner_curve_differs: bool,
}

/// The key material Go accepted.
pub(super) enum Parts<'a> {
    Rsa(RsaParts<'a>),
    Ec(EcParts<'a>),
    /// The 32-byte seed.
    Ed25519(&'a [u8]),
}

/// A key Go's `parsePrivateKey` accepts.
pub(super) struct Parsed<'a> {
    pub parts: Parts<'a>,
    pub format: Format,
    /// PKCS#8 v2 (OneAsymmetricKey) publicKey bits, when present and well formed.
    pub pkcs8_public: Option<&'a [u8]>,
}

/// Never shows key material.
impl std::fmt::Debug for Parsed<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.parts {
            Parts::Rsa(_) => "RSA",
            Parts::Ec(_) => "EC",
            Parts::Ed25519(_) => "Ed25519",
        };
        write!(f, "Parsed({kind}, {:?}, redacted)", self.format)
    }
}

/// What a block that is not a key Go reads looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    /// A certificate (the fields look switched).
    Certificate,
    /// An EncryptedPrivateKeyInfo.
    EncryptedPkcs8,
    /// A PKCS#12 (PFX) bundle.
    Pkcs12,
    /// OpenSSL's traditional DSA private key.
    DsaOpenssl,
}

impl Shape {
    /// What it is, for a sentence.
    pub(super) fn described(self) -> &'static str {
        match self {
            Shape::Certificate => "a certificate",
            Shape::EncryptedPkcs8 => "an encrypted PKCS#8 private key (EncryptedPrivateKeyInfo)",
            Shape::Pkcs12 => "a PKCS#12 (PFX) bundle",
            Shape::DsaOpenssl => "a DSA private key (OpenSSL format)",
        }
    }
}

/// What a refused key is, for the diagnostic.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum What {
    /// Not a structure Go reads as a key; what it looks like, when known.
    Malformed(Option<Shape>),
    /// An algorithm the gateway does not use (named).
    Unsupported(&'static str),
    /// A PKCS#8 algorithm OID nobody here knows (dotted).
    UnknownAlgorithm(String),
    /// EC domain parameters spelled out instead of a named curve.
    ExplicitCurve,
    /// A named curve Go does not support (name or dotted OID).
    UnknownCurve(String),
    /// An EC key that names no curve.
    MissingCurve,
    /// An RSA key Go's checks refuse, and why.
    RsaInvalid(RsaFault),
    /// An EC key Go's checks refuse (its version).
    EcInvalid,
    /// An EC key whose private scalar is not below the curve's order.
    EcScalarInvalid,
    /// An Ed25519 key Go's checks refuse.
    Ed25519Invalid,
    /// An RSA key beyond [`MAX_RSA_BITS`].
    TooLarge,
}

/// A key Go's `parsePrivateKey` refuses: Go's error from the parser that fits the bytes, and what
/// they are.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Refusal {
    pub go_message: Cow<'static, str>,
    pub what: What,
}

fn refuse(go_message: impl Into<Cow<'static, str>>, what: What) -> Refusal {
    Refusal {
        go_message: go_message.into(),
        what,
    }
}

/// Where a parser failed: reading the structure (`asn1.Unmarshal`), or after it.
enum Stage {
    Shape(asn1::Error),
    Content(Refusal),
}

impl From<asn1::Error> for Stage {
    fn from(e: asn1::Error) -> Self {
        Stage::Shape(e)
    }
}

/// Go's `tls.parsePrivateKey`.
pub(super) fn parse_private_key(der: &[u8]) -> Result<Parsed<'_>, Refusal> {
    let pkcs1 = match parse_pkcs1(der) {
        Ok(parts) => {
            return Ok(Parsed {
                parts: Parts::Rsa(parts),
                format: Format::Pkcs1,
                pkcs8_public: None,
            })
        }
        Err(stage) => stage,
    };
    let pkcs8 = match parse_pkcs8(der) {
        Ok(parsed) => return Ok(parsed),
        Err(stage) => stage,
    };
    let sec1 = match parse_sec1(None, der) {
        Ok(parts) => {
            return Ok(Parsed {
                parts: Parts::Ec(parts),
                format: Format::Sec1,
                pkcs8_public: None,
            })
        }
        Err(stage) => stage,
    };
    // Go answers "tls: failed to parse private key"; say why with the parser the shape fits.
    let shape_errors = [pkcs8, sec1, pkcs1].map(|stage| match stage {
        Stage::Content(refusal) => Err(refusal),
        Stage::Shape(e) => Ok(e),
    });
    let [pkcs8, sec1, pkcs1] = match shape_errors {
        [Err(r), _, _] | [_, Err(r), _] | [_, _, Err(r)] => return Err(r),
        [Ok(a), Ok(b), Ok(c)] => [a, b, c],
    };
    if let Some(what) = describe_shape(der) {
        return Err(refuse(
            "x509: not a PKCS#1, PKCS#8 or SEC1 private key",
            What::Malformed(Some(what)),
        ));
    }
    // The first two elements tell which structure was meant: (INTEGER, INTEGER) PKCS#1,
    // (INTEGER, SEQUENCE) PKCS#8, (INTEGER, OCTET STRING) SEC1.
    let mut r = Reader::new(der);
    let second = r.read(tag::SEQUENCE).and_then(|body| {
        let mut body = Reader::new(body);
        body.read(tag::INTEGER)?;
        body.peek_tag()
    });
    let (format, e) = match second {
        Some(tag::INTEGER) => ("PKCS#1", pkcs1),
        Some(tag::SEQUENCE) => ("PKCS#8", pkcs8),
        Some(tag::OCTET_STRING) => ("SEC1", sec1),
        _ => {
            return Err(refuse(
                "x509: not a PKCS#1, PKCS#8 or SEC1 private key",
                What::Malformed(None),
            ))
        }
    };
    Err(refuse(
        format!("a damaged {format} structure: {}", e.0),
        What::Malformed(None),
    ))
}

/// Go's `ParsePKCS1PrivateKey`.
fn parse_pkcs1(der: &[u8]) -> Result<RsaParts<'_>, Stage> {
    let (mut f, rest) = asn1::unmarshal_struct(der)?;
    let version = f.int()?;
    let n = f.big_int()?;
    let e = f.int()?;
    let d = f.big_int()?;
    let p = f.big_int()?;
    let q = f.big_int()?;
    let dp = f.optional_big_int()?;
    let dq = f.optional_big_int()?;
    let qinv = f.optional_big_int()?;
    let mut additional = Vec::new();
    for mut prime in f.optional_sequence_of()?.unwrap_or_default() {
        additional.push((prime.big_int()?, prime.big_int()?, prime.big_int()?));
    }
    if !rest.is_empty() {
        return Err(Stage::Shape(asn1::Error(
            "asn1: syntax error: trailing data",
        )));
    }
    let rsa_refusal = |f: RsaFault| Stage::Content(refuse(f.go_message(), What::RsaInvalid(f)));
    if version > 1 {
        return Err(rsa_refusal(RsaFault::Version));
    }
    let positive = |v: &BigInt<'_>| v.is_positive();
    if ![n, d, p, q].iter().all(positive) {
        return Err(rsa_refusal(RsaFault::ZeroOrNegativeValue));
    }
    if !additional.iter().all(|(r, _, _)| r.is_positive()) {
        return Err(rsa_refusal(RsaFault::ZeroOrNegativePrime));
    }
    // Positive values have a magnitude.
    fn unsigned(v: BigInt<'_>) -> &[u8] {
        v.unsigned().unwrap_or_default()
    }
    let mut primes = vec![unsigned(p), unsigned(q)];
    primes.extend(additional.iter().map(|(r, _, _)| unsigned(*r)));
    let n = unsigned(n);
    if n.len() * 8 > MAX_RSA_BITS + 7
        || n.len() * 8 - (n[0].leading_zeros() as usize) > MAX_RSA_BITS
    {
        return Err(Stage::Content(refuse(
            format!("RSA modulus larger than {MAX_RSA_BITS} bits"),
            What::TooLarge,
        )));
    }
    let d = unsigned(d);
    // Go's rsa.PrivateKey.Validate.
    let (e, d_mod) = rsa::go_validate(n, e, d, &primes).map_err(rsa_refusal)?;
    Ok(RsaParts {
        n,
        e,
        d_mod,
        primes,
        crt: [dp, dq, qinv],
        extra: additional.into_iter().map(|(_, x, c)| (x, c)).collect(),
    })
}

/// Go's `ParsePKCS8PrivateKey`, restricted to what `tls.parsePrivateKey` then accepts (in Go
/// 1.19 that is everything it returns: RSA, ECDSA, Ed25519).
fn parse_pkcs8(der: &[u8]) -> Result<Parsed<'_>, Stage> {
    // The trailing elements of a v2 OneAsymmetricKey and anything after the SEQUENCE are ignored.
    let (mut f, _) = asn1::unmarshal_struct(der)?;
    let _version = f.int()?;
    let mut algo = f.sequence()?;
    let algorithm = algo.oid()?;
    let params = algo.optional_any()?;
    let private_key = f.octets()?;
    let pkcs8_public = v2_public_key(f.rest());
    let parsed = |parts, pkcs8_public| Parsed {
        parts,
        format: Format::Pkcs8,
        pkcs8_public,
    };

    match algorithm {
        oid::RSA_ENCRYPTION => match parse_pkcs1(private_key) {
            Ok(rsa) => Ok(parsed(Parts::Rsa(rsa), pkcs8_public)),
            Err(stage) => {
                let (inner, what) = match stage {
                    Stage::Shape(e) => (Cow::Borrowed(e.0), What::Malformed(None)),
                    Stage::Content(r) => (r.go_message, r.what),
                };
                Err(Stage::Content(refuse(
                    format!("x509: failed to parse RSA private key embedded in PKCS#8: {inner}"),
                    what,
                )))
            }
        },
        oid::EC_PUBLIC_KEY => {
            // Go reads the parameters as an OID; anything else (explicit parameters, absence)
            // makes it fall back on the SEC1 structure's own curve.
            let named = params.and_then(|p| asn1::unmarshal_oid(p).ok());
            match parse_sec1(named, private_key) {
                Ok(ec) => Ok(parsed(Parts::Ec(ec), pkcs8_public)),
                Err(stage) => {
                    let (inner, mut what) = match stage {
                        Stage::Shape(e) => (
                            Cow::Owned(format!("x509: failed to parse EC private key: {}", e.0)),
                            What::Malformed(None),
                        ),
                        Stage::Content(r) => (r.go_message, r.what),
                    };
                    let explicit = params.is_some_and(|p| p.first() == Some(&tag::SEQUENCE));
                    if explicit && matches!(what, What::MissingCurve | What::UnknownCurve(_)) {
                        what = What::ExplicitCurve;
                    }
                    Err(Stage::Content(refuse(
                        format!("x509: failed to parse EC private key embedded in PKCS#8: {inner}"),
                        what,
                    )))
                }
            }
        }
        oid::ED25519 => {
            let invalid = |m: String| Err(Stage::Content(refuse(m, What::Ed25519Invalid)));
            if params.is_some() {
                return invalid("x509: invalid Ed25519 private key parameters".to_owned());
            }
            let seed = match asn1::unmarshal_octets(private_key) {
                Ok(seed) => seed,
                Err(e) => return invalid(format!("x509: invalid Ed25519 private key: {}", e.0)),
            };
            if seed.len() != 32 {
                return invalid(format!(
                    "x509: invalid Ed25519 private key length: {}",
                    seed.len()
                ));
            }
            Ok(parsed(Parts::Ed25519(seed), pkcs8_public))
        }
        other => {
            let dotted = dotted_oid(other);
            let what = match algorithm_name(other) {
                Some(name) => What::Unsupported(name),
                None => What::UnknownAlgorithm(dotted.clone()),
            };
            Err(Stage::Content(refuse(
                format!(
                    "x509: PKCS#8 wrapping contained private key with unknown algorithm: {dotted}"
                ),
                what,
            )))
        }
    }
}

/// The publicKey `[1] IMPLICIT BIT STRING` of a OneAsymmetricKey (after the optional `[0]`
/// attributes), when well formed. Go ignores it; we check it against the private key.
fn v2_public_key(rest: &[u8]) -> Option<&[u8]> {
    let mut r = Reader::new(rest);
    r.read_optional(tag::context_constructed(0))?;
    match r.read_optional(tag::context(1))?? {
        [0, bits @ ..] => Some(bits),
        _ => None,
    }
}

/// Go's `parseECPrivateKey`; `named` is the curve OID from PKCS#8's parameters, if any.
fn parse_sec1<'a>(named: Option<&[u8]>, der: &'a [u8]) -> Result<EcParts<'a>, Stage> {
    let (mut f, _) = asn1::unmarshal_struct(der)?;
    let version = f.int()?;
    let private_key = f.octets()?;
    let inner_oid = f.optional_explicit_oid(0)?;
    let embedded_public = f.optional_explicit_bit_string(1)?;
    let ec_refusal = |m: Cow<'static, str>, what| Stage::Content(refuse(m, what));
    if version != 1 {
        return Err(ec_refusal(
            format!("x509: unknown EC private key version {version}").into(),
            What::EcInvalid,
        ));
    }
    let curve_oid = named.or(inner_oid);
    let Some(curve) = curve_oid.and_then(curve_from_oid) else {
        let what = match curve_oid {
            None => {
                if explicit_parameters_in_sec1(der) {
                    What::ExplicitCurve
                } else {
                    What::MissingCurve
                }
            }
            Some(o) => What::UnknownCurve(curve_name(o).map_or_else(
                || dotted_oid(o),
                |name| format!("{name} ({})", dotted_oid(o)),
            )),
        };
        return Err(ec_refusal("x509: unknown elliptic curve".into(), what));
    };
    // Go: k >= N is refused; leading zero octets beyond the order's length are tolerated, and
    // so are missing ones.
    let order_len = ec::order_len(curve);
    let start = private_key
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(private_key.len());
    let significant = &private_key[start..];
    let value_error = || {
        ec_refusal(
            "x509: invalid elliptic curve private key value".into(),
            What::EcScalarInvalid,
        )
    };
    if significant.len() > order_len {
        return Err(value_error());
    }
    let mut scalar = Zeroizing::new(vec![0u8; order_len]);
    scalar[order_len - significant.len()..].copy_from_slice(significant);
    if !ec::below_order(curve, &scalar) {
        return Err(value_error());
    }
    Ok(EcParts {
        curve,
        scalar,
        embedded_public,
        inner_curve_differs: named.is_some() && inner_oid.is_some() && named != inner_oid,
    })
}

/// Whether a SEC1 structure's `[0]` holds a SEQUENCE (ECParameters) instead of an OID.
fn explicit_parameters_in_sec1(der: &[u8]) -> bool {
    let mut outer = Reader::new(der);
    let Some(seq) = outer.read(tag::SEQUENCE) else {
        return false;
    };
    let mut r = Reader::new(seq);
    let _ = r.read(tag::INTEGER);
    let _ = r.read(tag::OCTET_STRING);
    r.read(tag::context_constructed(0))
        .is_some_and(|p| p.first() == Some(&tag::SEQUENCE))
}

/// Go's `namedCurveFromOID`.
fn curve_from_oid(o: &[u8]) -> Option<Curve> {
    match o {
        oid::P224 => Some(Curve::P224),
        oid::P256 => Some(Curve::P256),
        oid::P384 => Some(Curve::P384),
        oid::P521 => Some(Curve::P521),
        _ => None,
    }
}

/// Names of curves users bring that Go does not support.
fn curve_name(o: &[u8]) -> Option<&'static str> {
    const TABLE: &[(&[u8], &str)] = &[
        (&[0x2b, 0x81, 0x04, 0x00, 0x0a], "secp256k1"),
        (&[0x2b, 0x81, 0x04, 0x00, 0x1c], "secp128r1"),
        (
            &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x01],
            "P-192 (prime192v1)",
        ),
        (
            &[0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x07],
            "brainpoolP256r1",
        ),
        (
            &[0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0b],
            "brainpoolP384r1",
        ),
        (
            &[0x2b, 0x24, 0x03, 0x03, 0x02, 0x08, 0x01, 0x01, 0x0d],
            "brainpoolP512r1",
        ),
        (&[0x2a, 0x81, 0x1c, 0xcf, 0x55, 0x01, 0x82, 0x2d], "SM2"),
    ];
    TABLE.iter().find(|(x, _)| *x == o).map(|(_, n)| *n)
}

/// Names of PKCS#8 algorithms Go 1.19 does not read.
fn algorithm_name(o: &[u8]) -> Option<&'static str> {
    const TABLE: &[(&[u8], &str)] = &[
        (oid::DSA, "DSA"),
        (oid::ED448, "Ed448"),
        (oid::X25519, "X25519 (a key-agreement key)"),
        (oid::X448, "X448 (a key-agreement key)"),
        (
            oid::RSASSA_PSS,
            "RSA-PSS (an RSA key restricted to RSASSA-PSS)",
        ),
        (
            &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x03, 0x01],
            "Diffie-Hellman (a key-agreement key)",
        ),
        (
            &[0x2a, 0x86, 0x48, 0xce, 0x3e, 0x02, 0x01],
            "X9.42 Diffie-Hellman (a key-agreement key)",
        ),
        (
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x01],
            "ML-KEM-512",
        ),
        (
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x02],
            "ML-KEM-768",
        ),
        (
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x04, 0x03],
            "ML-KEM-1024",
        ),
        (
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11],
            "ML-DSA-44",
        ),
        (
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x12],
            "ML-DSA-65",
        ),
        (
            &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x13],
            "ML-DSA-87",
        ),
    ];
    TABLE.iter().find(|(x, _)| *x == o).map(|(_, n)| *n)
}

/// What DER bytes that no parser took look like, for the diagnostic.
pub(super) fn describe_shape(der: &[u8]) -> Option<Shape> {
    let mut outer = Reader::new(der);
    let mut seq = Reader::new(outer.read(tag::SEQUENCE)?);
    match seq.peek_tag()? {
        tag::SEQUENCE => {
            // EncryptedPrivateKeyInfo { AlgorithmIdentifier, OCTET STRING }, or a certificate.
            let mut ai = Reader::new(seq.read(tag::SEQUENCE)?);
            if ai.peek_tag() == Some(tag::context_constructed(0))
                || ai.peek_tag() == Some(tag::INTEGER)
            {
                return Some(Shape::Certificate);
            }
            let alg = ai.read(tag::OID)?;
            if seq.read(tag::OCTET_STRING).is_some() && is_encryption_scheme(alg) {
                return Some(Shape::EncryptedPkcs8);
            }
            None
        }
        tag::INTEGER => {
            let version = seq.read(tag::INTEGER)?;
            match seq.peek_tag()? {
                tag::SEQUENCE if version == [3] => Some(Shape::Pkcs12),
                tag::INTEGER => {
                    let mut count = 1;
                    while seq.read(tag::INTEGER).is_some() {
                        count += 1;
                    }
                    (count == 6 && version == [0]).then_some(Shape::DsaOpenssl)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// PKCS#5 (PBES1, PBES2) and PKCS#12 password-based encryption schemes.
pub(super) fn is_encryption_scheme(alg: &[u8]) -> bool {
    const PKCS5: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05];
    const PKCS12_PBE: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x0c, 0x01];
    alg.starts_with(PKCS5) || alg.starts_with(PKCS12_PBE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dotted_oids() {
        assert_eq!(dotted_oid(oid::RSA_ENCRYPTION), "1.2.840.113549.1.1.1");
        assert_eq!(dotted_oid(oid::ED448), "1.3.101.113");
        assert_eq!(dotted_oid(&[0x88, 0x37, 0x03]), "2.999.3");
    }

    #[test]
    fn garbage_is_malformed() {
        for der in [
            &[][..],
            &[0x30, 0x00],
            &[0x04, 0x01, 0x00],
            &[0x30, 0x03, 0x02, 0x01],
        ] {
            let r = parse_private_key(der).unwrap_err();
            assert_eq!(r.what, What::Malformed(None), "{der:?}");
        }
    }
}
