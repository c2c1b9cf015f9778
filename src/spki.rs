//! SubjectPublicKeyInfo: the public key of a certificate, read with Go's `parsePublicKey` rules.
//!
//! SKELETON: the types are the interface other modules code against; the parsing is to be filled
//! in (issue 2).

use crate::algorithm::AlgorithmIdentifier;

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

/// A public key as Go holds it after parsing a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicKey<'a> {
    /// RSA: modulus as unsigned big-endian bytes without leading zeros, and the exponent.
    Rsa {
        /// Modulus n.
        n: &'a [u8],
        /// Public exponent e (Go holds it in an `int`).
        e: u64,
    },
    /// ECDSA on a named curve: the uncompressed point `04 || X || Y`.
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
    Unknown,
}

/// A parsed SubjectPublicKeyInfo.
#[derive(Clone, Copy, Debug)]
pub struct SubjectPublicKeyInfo<'a> {
    /// The whole DER encoding (what fingerprints hash).
    pub der: &'a [u8],
    /// The algorithm identifier.
    pub(crate) algorithm: AlgorithmIdentifier<'a>,
    /// The key.
    pub key: PublicKey<'a>,
}

/// Parses a SubjectPublicKeyInfo (the whole TLV); the error is Go's message.
pub(crate) fn parse(der: &[u8]) -> Result<SubjectPublicKeyInfo<'_>, &'static str> {
    let _ = der;
    Err("x509: public key parsing not implemented yet")
}
