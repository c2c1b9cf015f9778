//! SubjectPublicKeyInfo: the public key of a certificate, read with the rules of Go 1.19's
//! `parseCertificate` and `parsePublicKey` (`crypto/x509/parser.go`), including Go's error
//! messages.

use crate::algorithm::{oid, AlgorithmIdentifier};
use crate::der::{integer_is_valid, tag, Reader};
use std::borrow::Cow;

/// A named elliptic curve Go supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Curve {
    /// NIST P-224.
    P224,
    /// NIST P-256.
    P256,
    /// NIST P-384.
    P384,
    /// NIST P-521.
    P521,
}

impl Curve {
    /// Length in bytes of one coordinate.
    pub fn coordinate_len(self) -> usize {
        match self {
            Curve::P224 => 28,
            Curve::P256 => 32,
            Curve::P384 => 48,
            Curve::P521 => 66,
        }
    }

    /// Go's curve name (`elliptic.Curve.Params().Name`), such as `P-256`.
    pub fn go_name(self) -> &'static str {
        match self {
            Curve::P224 => "P-224",
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
        }
    }
}

/// A public key as Go holds it after parsing a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKey<'a> {
    /// RSA: modulus as unsigned big-endian bytes without leading zeros, and the exponent.
    Rsa {
        /// Modulus n.
        n: &'a [u8],
        /// Public exponent e (Go holds it in an `int`; always positive).
        e: u64,
    },
    /// ECDSA on a named curve: the uncompressed point `04 || X || Y`, checked to be on the curve.
    Ecdsa {
        /// The curve.
        curve: Curve,
        /// The point, uncompressed.
        point: &'a [u8],
    },
    /// Ed25519: the 32-byte public key.
    Ed25519(&'a [u8]),
    /// DSA (Go parses it; the gateway cannot use it for TLS).
    Dsa,
    /// An algorithm Go does not parse (Go's `PublicKey` is nil; `public_key_algorithm` is 0).
    ///
    /// Also used, as the one deliberate difference from Go, for a key that Go parses from a BIT
    /// STRING with unused bits: Go shifts the bits into a fresh buffer, which a borrowed key
    /// cannot point to. Acceptance and error messages still match Go.
    Unknown,
}

/// A parsed SubjectPublicKeyInfo.
#[derive(Clone, Copy, Debug)]
pub struct SubjectPublicKeyInfo<'a> {
    /// The whole DER encoding (what fingerprints hash).
    pub der: &'a [u8],
    /// The algorithm identifier.
    #[allow(dead_code)] // part of the interface (key parameters as written); no reader yet
    pub(crate) algorithm: AlgorithmIdentifier<'a>,
    /// The key.
    pub key: PublicKey<'a>,
}

/// Parses a SubjectPublicKeyInfo (the whole TLV); the error is Go's message.
pub(crate) fn parse(der: &[u8]) -> Result<SubjectPublicKeyInfo<'_>, &'static str> {
    let mut outer = Reader::new(der);
    let spki = outer.read(tag::SEQUENCE).ok_or("x509: malformed spki")?;
    let mut spki = Reader::new(spki);
    let ai = spki
        .read(tag::SEQUENCE)
        .ok_or("x509: malformed public key algorithm identifier")?;
    let (alg_oid, algorithm) = parse_algorithm_identifier(ai)?;
    let bits = spki
        .read_bit_string()
        .ok_or("x509: malformed subjectPublicKey")?;
    // Whatever follows the BIT STRING is ignored, as Go does.
    let key = if bits.unused_bits == 0 {
        parse_public_key(&alg_oid, algorithm.params, bits.bytes)?
    } else {
        // Go's `BitString.RightAlign` shifts the bits into a new buffer and parses that.
        let aligned = right_align(bits.bytes, bits.unused_bits);
        parse_public_key(&alg_oid, algorithm.params, &aligned)?;
        PublicKey::Unknown
    };
    Ok(SubjectPublicKeyInfo {
        der,
        algorithm,
        key,
    })
}

/// Go's `parseAI` on the contents of an AlgorithmIdentifier SEQUENCE: the OID (in canonical
/// form, for comparisons) and the identifier as written. What follows the parameters is
/// ignored, as Go does.
pub(crate) fn parse_algorithm_identifier(
    contents: &[u8],
) -> Result<(Cow<'_, [u8]>, AlgorithmIdentifier<'_>), &'static str> {
    let mut r = Reader::new(contents);
    let raw_oid = r.read(tag::OID).ok_or("x509: malformed OID")?;
    let canonical = crate::der::oid_canonical(raw_oid).ok_or("x509: malformed OID")?;
    let params = if r.is_empty() {
        None
    } else {
        Some(
            r.read_element()
                .ok_or("x509: malformed parameters")?
                .encoded,
        )
    };
    Ok((
        canonical,
        AlgorithmIdentifier {
            oid: raw_oid,
            params,
        },
    ))
}

fn right_align(bytes: &[u8], unused_bits: u8) -> Vec<u8> {
    let shift = unused_bits as u32;
    let mut out = Vec::with_capacity(bytes.len());
    let mut carry = 0u8;
    for &b in bytes {
        out.push(carry | b >> shift);
        carry = b << (8 - shift);
    }
    out
}

/// Go's `parsePublicKey`: `alg` is the canonical OID, `params` the parameters' whole encoding.
fn parse_public_key<'k>(
    alg: &[u8],
    params: Option<&[u8]>,
    data: &'k [u8],
) -> Result<PublicKey<'k>, &'static str> {
    let positive = |i: &[u8]| i[0] & 0x80 == 0 && i != [0];
    match alg {
        oid::RSA_ENCRYPTION => {
            // RFC 3279: the parameters must be NULL.
            if params != Some(&[0x05, 0x00][..]) {
                return Err("x509: RSA key missing NULL parameters");
            }
            let seq = Reader::new(data)
                .read(tag::SEQUENCE)
                .ok_or("x509: invalid RSA public key")?;
            let mut seq = Reader::new(seq);
            let n = seq
                .read(tag::INTEGER)
                .filter(|n| integer_is_valid(n))
                .ok_or("x509: invalid RSA modulus")?;
            let e = seq.read_i64().ok_or("x509: invalid RSA public exponent")?;
            if !positive(n) {
                return Err("x509: RSA modulus is not a positive number");
            }
            if e <= 0 {
                return Err("x509: RSA public exponent is not a positive number");
            }
            let n = n.strip_prefix(&[0]).unwrap_or(n);
            Ok(PublicKey::Rsa { n, e: e as u64 })
        }
        oid::EC_PUBLIC_KEY => {
            let named = Reader::new(params.unwrap_or_default())
                .read_oid()
                .ok_or("x509: invalid ECDSA parameters")?;
            let curve = match named.as_ref() {
                oid::P224 => Curve::P224,
                oid::P256 => Curve::P256,
                oid::P384 => Curve::P384,
                oid::P521 => Curve::P521,
                _ => return Err("x509: unsupported elliptic curve"),
            };
            if !is_uncompressed_point_on_curve(curve, data) {
                return Err("x509: failed to unmarshal elliptic curve point");
            }
            Ok(PublicKey::Ecdsa { curve, point: data })
        }
        oid::ED25519 => {
            // RFC 8410: the parameters must be absent.
            if params.is_some() {
                return Err("x509: Ed25519 key encoded with illegal parameters");
            }
            if data.len() != 32 {
                return Err("x509: wrong Ed25519 public key size");
            }
            Ok(PublicKey::Ed25519(data))
        }
        oid::DSA => {
            let y = Reader::new(data)
                .read(tag::INTEGER)
                .filter(|y| integer_is_valid(y))
                .ok_or("x509: invalid DSA public key")?;
            let pqg = (|| {
                let mut seq = Reader::new(Reader::new(params?).read(tag::SEQUENCE)?);
                let mut int = || seq.read(tag::INTEGER).filter(|i| integer_is_valid(i));
                Some([int()?, int()?, int()?])
            })()
            .ok_or("x509: invalid DSA parameters")?;
            if !positive(y) || !pqg.iter().all(|i| positive(i)) {
                return Err("x509: zero or negative DSA parameter");
            }
            Ok(PublicKey::Dsa)
        }
        // Go leaves the key nil for algorithms it does not know, without an error.
        _ => Ok(PublicKey::Unknown),
    }
}

/// Go 1.19's `elliptic.Unmarshal`: the uncompressed form, canonical coordinates, on the curve.
fn is_uncompressed_point_on_curve(curve: Curve, data: &[u8]) -> bool {
    if data.len() != 1 + 2 * curve.coordinate_len() || data[0] != 0x04 {
        return false;
    }
    macro_rules! on_curve {
        ($c:ident) => {{
            use $c::elliptic_curve::sec1::FromEncodedPoint;
            match $c::EncodedPoint::from_bytes(data) {
                Ok(point) => bool::from($c::AffinePoint::from_encoded_point(&point).is_some()),
                Err(_) => false,
            }
        }};
    }
    match curve {
        Curve::P224 => on_curve!(p224),
        Curve::P256 => on_curve!(p256),
        Curve::P384 => on_curve!(p384),
        Curve::P521 => on_curve!(p521),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
        let mut out = vec![tag];
        let n = contents.len();
        if n < 0x80 {
            out.push(n as u8);
        } else if n < 0x100 {
            out.extend([0x81, n as u8]);
        } else {
            out.extend([0x82, (n >> 8) as u8, n as u8]);
        }
        out.extend_from_slice(contents);
        out
    }

    fn spki(alg: &[u8], params: Option<&[u8]>, unused: u8, key: &[u8]) -> Vec<u8> {
        let mut ai = tlv(tag::OID, alg);
        if let Some(p) = params {
            ai.extend_from_slice(p);
        }
        let mut bits = vec![unused];
        bits.extend_from_slice(key);
        let mut body = tlv(tag::SEQUENCE, &ai);
        body.extend(tlv(tag::BIT_STRING, &bits));
        tlv(tag::SEQUENCE, &body)
    }

    fn err(der: &[u8]) -> &'static str {
        parse(der).map(|s| s.key).unwrap_err()
    }

    const NULL: &[u8] = &[0x05, 0x00];

    fn rsa_key(n: &[u8], e: &[u8]) -> Vec<u8> {
        let mut body = tlv(tag::INTEGER, n);
        body.extend(tlv(tag::INTEGER, e));
        tlv(tag::SEQUENCE, &body)
    }

    #[test]
    fn rsa_rules() {
        let key = rsa_key(&[0x00, 0xc1, 0x02], &[0x01, 0x00, 0x01]);
        let ok = spki(oid::RSA_ENCRYPTION, Some(NULL), 0, &key);
        assert_eq!(
            parse(&ok).unwrap().key,
            PublicKey::Rsa {
                n: &[0xc1, 0x02],
                e: 65537
            }
        );
        let missing = spki(oid::RSA_ENCRYPTION, None, 0, &key);
        assert_eq!(err(&missing), "x509: RSA key missing NULL parameters");
        let neg_n = rsa_key(&[0xc1, 0x02], &[0x03]);
        let der = spki(oid::RSA_ENCRYPTION, Some(NULL), 0, &neg_n);
        assert_eq!(err(&der), "x509: RSA modulus is not a positive number");
        let zero_e = rsa_key(&[0x05], &[0x00]);
        let der = spki(oid::RSA_ENCRYPTION, Some(NULL), 0, &zero_e);
        assert_eq!(
            err(&der),
            "x509: RSA public exponent is not a positive number"
        );
        let big_e = rsa_key(&[0x05], &[0x01; 9]);
        let der = spki(oid::RSA_ENCRYPTION, Some(NULL), 0, &big_e);
        assert_eq!(err(&der), "x509: invalid RSA public exponent");
        let der = spki(oid::RSA_ENCRYPTION, Some(NULL), 0, &[0x02, 0x01, 0x05]);
        assert_eq!(err(&der), "x509: invalid RSA public key");
        let bad_n = rsa_key(&[0x00, 0x05], &[0x03]);
        let der = spki(oid::RSA_ENCRYPTION, Some(NULL), 0, &bad_n);
        assert_eq!(err(&der), "x509: invalid RSA modulus");
    }

    fn p256_generator() -> Vec<u8> {
        let x = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
        let y = "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5";
        let mut p = vec![4u8];
        for h in [x, y] {
            p.extend((0..32).map(|i| u8::from_str_radix(&h[2 * i..2 * i + 2], 16).unwrap()));
        }
        p
    }

    #[test]
    fn ecdsa_rules() {
        let g = p256_generator();
        let p256 = tlv(tag::OID, oid::P256);
        let ok = spki(oid::EC_PUBLIC_KEY, Some(&p256), 0, &g);
        assert_eq!(
            parse(&ok).unwrap().key,
            PublicKey::Ecdsa {
                curve: Curve::P256,
                point: &g
            }
        );
        let mut off = g.clone();
        off[64] ^= 1;
        let der = spki(oid::EC_PUBLIC_KEY, Some(&p256), 0, &off);
        assert_eq!(err(&der), "x509: failed to unmarshal elliptic curve point");
        let der = spki(oid::EC_PUBLIC_KEY, Some(&p256), 0, &g[..33]);
        assert_eq!(err(&der), "x509: failed to unmarshal elliptic curve point");
        let der = spki(oid::EC_PUBLIC_KEY, None, 0, &g);
        assert_eq!(err(&der), "x509: invalid ECDSA parameters");
        let der = spki(oid::EC_PUBLIC_KEY, Some(NULL), 0, &g);
        assert_eq!(err(&der), "x509: invalid ECDSA parameters");
        let secp256k1 = tlv(tag::OID, &[0x2b, 0x81, 0x04, 0x00, 0x0a]);
        let der = spki(oid::EC_PUBLIC_KEY, Some(&secp256k1), 0, &g);
        assert_eq!(err(&der), "x509: unsupported elliptic curve");
        // A curve OID with a padded arc is the same OID to Go.
        let padded = tlv(
            tag::OID,
            &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x80, 0x07],
        );
        let der = spki(oid::EC_PUBLIC_KEY, Some(&padded), 0, &g);
        assert!(matches!(
            parse(&der).unwrap().key,
            PublicKey::Ecdsa {
                curve: Curve::P256,
                ..
            }
        ));
    }

    #[test]
    fn ed25519_dsa_and_unknown() {
        let key = [7u8; 32];
        let der = spki(oid::ED25519, None, 0, &key);
        assert_eq!(parse(&der).unwrap().key, PublicKey::Ed25519(&key));
        let der = spki(oid::ED25519, Some(NULL), 0, &key);
        assert_eq!(
            err(&der),
            "x509: Ed25519 key encoded with illegal parameters"
        );
        let der = spki(oid::ED25519, None, 0, &key[..31]);
        assert_eq!(err(&der), "x509: wrong Ed25519 public key size");

        let y = tlv(tag::INTEGER, &[0x05]);
        let mut pqg = Vec::new();
        for v in [[0x07], [0x03], [0x02]] {
            pqg.extend(tlv(tag::INTEGER, &v));
        }
        let params = tlv(tag::SEQUENCE, &pqg);
        assert_eq!(
            parse(&spki(oid::DSA, Some(&params), 0, &y)).unwrap().key,
            PublicKey::Dsa
        );
        let der = spki(oid::DSA, None, 0, &y);
        assert_eq!(err(&der), "x509: invalid DSA parameters");
        let der = spki(oid::DSA, Some(&params), 0, &tlv(tag::INTEGER, &[0x00]));
        assert_eq!(err(&der), "x509: zero or negative DSA parameter");
        let der = spki(oid::DSA, Some(&params), 0, &[0x04, 0x00]);
        assert_eq!(err(&der), "x509: invalid DSA public key");

        let der = spki(oid::X25519, Some(NULL), 0, &key);
        assert_eq!(parse(&der).unwrap().key, PublicKey::Unknown);
    }

    #[test]
    fn structure_errors() {
        assert_eq!(
            err(&[0x30, 0x00]),
            "x509: malformed public key algorithm identifier"
        );
        let der = tlv(tag::SEQUENCE, &tlv(tag::SEQUENCE, &[0x05, 0x00]));
        assert_eq!(err(&der), "x509: malformed OID");
        let mut ai = tlv(tag::OID, oid::ED25519);
        ai.extend([0x05, 0x05]);
        let der = tlv(tag::SEQUENCE, &tlv(tag::SEQUENCE, &ai));
        assert_eq!(err(&der), "x509: malformed parameters");
        let der = tlv(
            tag::SEQUENCE,
            &tlv(tag::SEQUENCE, &tlv(tag::OID, oid::ED25519)),
        );
        assert_eq!(err(&der), "x509: malformed subjectPublicKey");
        // Non-zero unused bits in the last octet.
        let der = spki(oid::ED25519, None, 1, &[1u8; 32]);
        assert_eq!(err(&der), "x509: malformed subjectPublicKey");
    }

    #[test]
    fn unused_bits_are_shifted_as_go_does() {
        // 33 octets with one unused bit shift into 33 octets: the wrong Ed25519 size for Go.
        let der = spki(oid::ED25519, None, 1, &[2u8; 33]);
        assert_eq!(err(&der), "x509: wrong Ed25519 public key size");
        // 32 octets: Go accepts the shifted key; it is not exposed (see `PublicKey::Unknown`).
        let der = spki(oid::ED25519, None, 1, &[2u8; 32]);
        assert_eq!(parse(&der).unwrap().key, PublicKey::Unknown);
        assert_eq!(right_align(&[0x81, 0x02], 1), vec![0x40, 0x81]);
    }
}
