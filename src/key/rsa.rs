//! RSA: Go's `rsa.PrivateKey.Validate`, and the consistency of the values Go ignores.
//!
//! Only products, remainders and comparisons: a few microseconds for RSA-2048, no modular
//! exponentiation.

use super::asn1::BigInt;
use super::nat::Nat;
use crate::der::bit_len;
use std::cmp::Ordering;

/// The largest RSA modulus read (bits). Go has no bound; the gateway's 8,192-character limit on
/// `private_key` keeps real keys far below it, and the bound keeps the arithmetic cheap.
pub(super) const MAX_RSA_BITS: usize = 16_384;

/// Why Go refuses an RSA key's values: each fault has Go's exact message and a plain reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum RsaFault {
    /// PKCS#1 version above 1.
    Version,
    /// n, d, p or q is zero or negative.
    ZeroOrNegativeValue,
    /// An additional prime is zero or negative.
    ZeroOrNegativePrime,
    /// e < 2.
    ExponentTooSmall,
    /// e > 2^31 - 1.
    ExponentTooLarge,
    /// A prime is 0 or 1.
    InvalidPrime,
    /// The primes do not multiply to n.
    InvalidModulus,
    /// d does not invert e modulo each prime minus one.
    InvalidExponents,
    /// Our bound: d beyond twice the largest modulus taken.
    PrivateExponentTooLarge,
}

impl RsaFault {
    /// Go's error text.
    pub(super) fn go_message(self) -> &'static str {
        match self {
            RsaFault::Version => "x509: unsupported private key version",
            RsaFault::ZeroOrNegativeValue => "x509: private key contains zero or negative value",
            RsaFault::ZeroOrNegativePrime => "x509: private key contains zero or negative prime",
            RsaFault::ExponentTooSmall => "crypto/rsa: public exponent too small",
            RsaFault::ExponentTooLarge => "crypto/rsa: public exponent too large",
            RsaFault::InvalidPrime => "crypto/rsa: invalid prime value",
            RsaFault::InvalidModulus => "crypto/rsa: invalid modulus",
            RsaFault::InvalidExponents => "crypto/rsa: invalid exponents",
            RsaFault::PrivateExponentTooLarge => "private exponent larger than 32768 bits",
        }
    }

    /// What it means, for people (empty when Go's words say it all).
    pub(super) fn explanation(self) -> &'static str {
        match self {
            RsaFault::InvalidModulus => {
                " The primes p and q (times any further primes) do not multiply to the modulus n."
            }
            RsaFault::InvalidExponents => {
                " The private exponent d does not invert the public exponent e modulo p-1 and q-1."
            }
            RsaFault::ExponentTooSmall | RsaFault::ExponentTooLarge => {
                " Go takes public exponents from 2 to 2^31-1."
            }
            RsaFault::InvalidPrime => " A prime is 0 or 1.",
            RsaFault::Version => " Go reads PKCS#1 versions 0 and 1 only.",
            RsaFault::ZeroOrNegativeValue
            | RsaFault::ZeroOrNegativePrime
            | RsaFault::PrivateExponentTooLarge => "",
        }
    }
}

/// An RSA key as Go's `ParsePKCS1PrivateKey` accepts it (Go's `Validate` passed).
pub(super) struct RsaParts<'a> {
    /// Modulus, unsigned big-endian without leading zeros.
    pub n: &'a [u8],
    /// Public exponent, in [2, 2^31 - 1].
    pub e: u32,
    /// d mod (r-1) for each prime r, as Go's checks computed it (what dP, dQ... should be).
    pub d_mod: Vec<Nat>,
    /// p, q, then the additional primes, unsigned.
    pub primes: Vec<&'a [u8]>,
    /// dP, dQ, qInv, when present (Go ignores them).
    pub crt: [Option<BigInt<'a>>; 3],
    /// Exponent and coefficient of each additional prime (Go ignores them).
    pub extra: Vec<(BigInt<'a>, BigInt<'a>)>,
}

/// Go 1.19's `checkPub` and `Validate`, with Go's messages: e in [2, 2^31-1], every prime above
/// one, the primes' product is n, and `d*e = 1 mod (r-1)` for every prime r. Returns e.
///
/// `n`, `d` and the primes are unsigned big-endian without leading zeros. Also returns
/// `d mod (r-1)` for each prime r, which [`inconsistencies`] compares with the stored CRT
/// exponents (computed once: these divisions are most of the cost).
pub(super) fn go_validate(
    n: &[u8],
    e: i64,
    d: &[u8],
    primes: &[&[u8]],
) -> Result<(u32, Vec<Nat>), RsaFault> {
    if e < 2 {
        return Err(RsaFault::ExponentTooSmall);
    }
    let e = u32::try_from(e)
        .ok()
        .filter(|&e| e <= i32::MAX as u32)
        .ok_or(RsaFault::ExponentTooLarge)?;
    if primes.iter().any(|p| bit_len(p) <= 1) {
        return Err(RsaFault::InvalidPrime);
    }
    let n = Nat::from_be(n);
    let mut product = Nat::from_u64(1);
    for p in primes {
        // The product only grows: once it has more bits than n it cannot come back.
        if product.bits() + bit_len(p) - 1 > n.bits() {
            return Err(RsaFault::InvalidModulus);
        }
        product = product.mul(&Nat::from_be(p));
    }
    if product.cmp(&n) != Ordering::Equal {
        return Err(RsaFault::InvalidModulus);
    }
    if bit_len(d) > 2 * MAX_RSA_BITS {
        // Go has no bound; no real key comes near it.
        return Err(RsaFault::PrivateExponentTooLarge);
    }
    let (d, e_nat) = (Nat::from_be(d), Nat::from_u64(u64::from(e)));
    let mut reduced = Vec::with_capacity(primes.len());
    for p in primes {
        // d*e mod (r-1), as ((d mod (r-1)) * e) mod (r-1): the same number, and a short
        // division instead of a second long one.
        let m = Nat::from_be(p).minus_one();
        let dm = d.rem(&m).ok_or(RsaFault::InvalidExponents)?;
        let congruence = dm.mul(&e_nat).rem(&m);
        if !congruence.is_some_and(|c| c.is_one()) {
            return Err(RsaFault::InvalidExponents);
        }
        reduced.push(dm);
    }
    Ok((e, reduced))
}

/// The stored CRT values Go ignores (it recomputes them) but other TLS stacks use: each one
/// that disagrees with d and the primes, described.
pub(super) fn inconsistencies(k: &RsaParts<'_>) -> Vec<String> {
    let mut out = Vec::new();
    let primes: Vec<Nat> = k.primes.iter().map(|p| Nat::from_be(p)).collect();
    let name = |i: usize| match i {
        0 => "p".to_owned(),
        1 => "q".to_owned(),
        _ => format!("prime {}", i + 1),
    };
    let equals =
        |v: &BigInt<'_>, r: Option<&Nat>| v.unsigned().zip(r).is_some_and(|(v, r)| r.eq_be(v));

    // Each exponent must be d mod (r - 1).
    let mut exponents = vec![
        (k.crt[0], 0, "exponent1 (dP)"),
        (k.crt[1], 1, "exponent2 (dQ)"),
    ];
    for (i, (exp, _)) in k.extra.iter().enumerate() {
        exponents.push((Some(*exp), i + 2, "the exponent of an additional prime"));
    }
    for (value, i, label) in exponents {
        if let Some(v) = value {
            if !equals(&v, k.d_mod.get(i)) {
                out.push(format!("{label} is not d mod ({} - 1)", name(i)));
            }
        }
    }

    // Each coefficient times the product of the primes before its own must be 1 mod its prime
    // (qInv: q's inverse mod p).
    if let Some(v) = k.crt[2] {
        let one = v
            .unsigned()
            .and_then(|v| Nat::from_be(v).mul(&primes[1]).rem(&primes[0]));
        if !one.is_some_and(|r| r.is_one()) {
            out.push("coefficient (qInv) is not the inverse of q mod p".to_owned());
        }
    }
    if k.extra.is_empty() {
        return out;
    }
    let mut earlier = primes[0].mul(&primes[1]);
    for (i, (_, coeff)) in k.extra.iter().enumerate() {
        let prime = &primes[i + 2];
        let one = coeff
            .unsigned()
            .and_then(|v| Nat::from_be(v).mul(&earlier).rem(prime));
        if !one.is_some_and(|r| r.is_one()) {
            out.push(format!(
                "the coefficient of {} is not the inverse of the earlier primes' product",
                name(i + 2)
            ));
        }
        earlier = earlier.mul(prime);
    }
    out
}
