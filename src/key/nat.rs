//! Unsigned big integers for the RSA consistency checks, wiped on drop.
//!
//! Hand-written on purpose: `num-bigint` gives no way to zeroize its digits (nor the scratch
//! buffers of its division), and the numbers here are private exponents and primes. The checks
//! need only multiplication, remainder and comparison of numbers of at most 16,384 bits, so a
//! schoolbook product and Knuth's algorithm D over `u64` limbs cost a few microseconds. Every
//! buffer is allocated once at its final size (a `Vec` never grows, so never reallocates and
//! leaves a copy behind) and is a [`Zeroizing`] vector, which wipes its whole capacity.

use std::cmp::Ordering;
use zeroize::Zeroizing;

/// A natural number: little-endian `u64` limbs, no high zero limb.
pub(super) struct Nat(Zeroizing<Vec<u64>>);

/// Never shows the value.
impl std::fmt::Debug for Nat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Nat({} bits, redacted)", self.bits())
    }
}

impl Nat {
    /// From unsigned big-endian bytes (leading zeros allowed).
    pub fn from_be(bytes: &[u8]) -> Nat {
        let mut limbs = Zeroizing::new(vec![0u64; bytes.len().div_ceil(8)]);
        // Eight bytes at a time (a byte at a time was a third of the RSA checks' cost).
        for (limb, chunk) in limbs.iter_mut().zip(bytes.rchunks(8)) {
            for &b in chunk {
                *limb = *limb << 8 | u64::from(b);
            }
        }
        Nat::normalized(limbs)
    }

    /// A small number.
    pub fn from_u64(v: u64) -> Nat {
        Nat::normalized(Zeroizing::new(vec![v]))
    }

    fn normalized(mut limbs: Zeroizing<Vec<u64>>) -> Nat {
        while limbs.last() == Some(&0) {
            limbs.pop();
        }
        Nat(limbs)
    }

    /// Zero.
    pub fn is_zero(&self) -> bool {
        self.0.is_empty()
    }

    /// One.
    pub fn is_one(&self) -> bool {
        self.0[..] == [1]
    }

    /// Number of significant bits.
    pub fn bits(&self) -> usize {
        match self.0.last() {
            None => 0,
            Some(top) => self.0.len() * 64 - top.leading_zeros() as usize,
        }
    }

    /// Compares the values.
    pub fn cmp(&self, other: &Nat) -> Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }

    /// The product.
    pub fn mul(&self, other: &Nat) -> Nat {
        if self.is_zero() || other.is_zero() {
            return Nat(Zeroizing::new(Vec::new()));
        }
        let mut out = Zeroizing::new(vec![0u64; self.0.len() + other.0.len()]);
        for (i, &a) in self.0.iter().enumerate() {
            let mut carry = 0u128;
            for (j, &b) in other.0.iter().enumerate() {
                let t = u128::from(a) * u128::from(b) + u128::from(out[i + j]) + carry;
                out[i + j] = t as u64;
                carry = t >> 64;
            }
            out[i + other.0.len()] = carry as u64;
        }
        Nat::normalized(out)
    }

    /// `self - 1`, in place; zero stays zero (callers subtract from numbers above one).
    pub fn minus_one(mut self) -> Nat {
        for limb in self.0.iter_mut() {
            let (v, borrow) = limb.overflowing_sub(1);
            *limb = v;
            if !borrow {
                break;
            }
        }
        Nat::normalized(self.0)
    }

    /// Whether the value equals unsigned big-endian `bytes` (leading zeros allowed), without
    /// making a `Nat` of them.
    pub fn eq_be(&self, bytes: &[u8]) -> bool {
        let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
        let bytes = &bytes[start..];
        bytes.len().div_ceil(8) == self.0.len()
            && self.0.iter().zip(bytes.rchunks(8)).all(|(&limb, chunk)| {
                limb == chunk.iter().fold(0u64, |v, &b| v << 8 | u64::from(b))
            })
    }

    /// `self mod m`, or `None` when `m` is zero.
    pub fn rem(&self, m: &Nat) -> Option<Nat> {
        let n = m.0.len();
        if n == 0 {
            return None;
        }
        if self.cmp(m) == Ordering::Less {
            return Some(Nat(Zeroizing::new(self.0.to_vec())));
        }
        if n == 1 {
            let d = u128::from(m.0[0]);
            let mut r = 0u128;
            for &limb in self.0.iter().rev() {
                r = ((r << 64) | u128::from(limb)) % d;
            }
            return Some(Nat::from_u64(r as u64));
        }
        // Knuth, TAOCP vol. 2, 4.3.1, algorithm D; only the remainder is kept.
        let shift = m.0[n - 1].leading_zeros();
        let vn = shl(&m.0, shift, n);
        let mut un = shl(&self.0, shift, self.0.len() + 1);
        let top = u128::from(vn[n - 1]);
        let next = u128::from(vn[n - 2]);
        for j in (0..un.len() - n).rev() {
            let num = (u128::from(un[j + n]) << 64) | u128::from(un[j + n - 1]);
            // One 128-bit division (a library call), the remainder from it.
            let mut qhat = num / top;
            let mut rhat = num - qhat * top;
            while qhat > u128::from(u64::MAX)
                || qhat * next > ((rhat << 64) | u128::from(un[j + n - 2]))
            {
                qhat -= 1;
                rhat += top;
                if rhat > u128::from(u64::MAX) {
                    break;
                }
            }
            // Now qhat < 2^64 (Knuth's test leaves at most b - 1): a 64-bit factor, so each
            // product below is one 64x64 multiplication, not a 128-bit one.
            let q = u64::try_from(qhat).unwrap_or(u64::MAX);
            // un[j..=j+n] -= q * vn
            let mut carry = 0u128;
            let mut borrow = false;
            for i in 0..n {
                let p = u128::from(q) * u128::from(vn[i]) + carry;
                carry = p >> 64;
                let (t, b1) = un[i + j].overflowing_sub(p as u64);
                let (t, b2) = t.overflowing_sub(u64::from(borrow));
                un[i + j] = t;
                borrow = b1 || b2;
            }
            let (t, b1) = un[j + n].overflowing_sub(carry as u64);
            let (t, b2) = t.overflowing_sub(u64::from(borrow));
            un[j + n] = t;
            if b1 || b2 {
                // qhat was one too large: add the divisor back.
                let mut c = 0u128;
                for i in 0..n {
                    let s = u128::from(un[i + j]) + u128::from(vn[i]) + c;
                    un[i + j] = s as u64;
                    c = s >> 64;
                }
                un[j + n] = un[j + n].wrapping_add(c as u64);
            }
        }
        // The remainder, shifted back, in the dividend's buffer.
        for i in 0..n {
            un[i] = if shift == 0 {
                un[i]
            } else {
                (un[i] >> shift) | (un[i + 1] << (64 - shift))
            };
        }
        un.truncate(n);
        Some(Nat::normalized(un))
    }
}

/// `limbs << shift` (shift < 64) into `len` limbs (`len` > limbs.len() when bits spill over).
fn shl(limbs: &[u64], shift: u32, len: usize) -> Zeroizing<Vec<u64>> {
    let mut out = Zeroizing::new(vec![0u64; len]);
    let mut carry = 0u64;
    for (i, &l) in limbs.iter().enumerate() {
        out[i] = (l << shift) | carry;
        carry = if shift == 0 { 0 } else { l >> (64 - shift) };
    }
    if limbs.len() < len {
        out[limbs.len()] = carry;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;
    use proptest::prelude::*;

    fn big(n: &Nat) -> BigUint {
        let mut bytes = Vec::new();
        for limb in n.0.iter().rev() {
            bytes.extend_from_slice(&limb.to_be_bytes());
        }
        BigUint::from_bytes_be(&bytes)
    }

    proptest! {
        #[test]
        fn agrees_with_num_bigint(a in proptest::collection::vec(any::<u8>(), 0..300),
                                  b in proptest::collection::vec(any::<u8>(), 0..160)) {
            let (x, y) = (Nat::from_be(&a), Nat::from_be(&b));
            let (bx, by) = (BigUint::from_bytes_be(&a), BigUint::from_bytes_be(&b));
            prop_assert_eq!(big(&x.mul(&y)), &bx * &by);
            prop_assert_eq!(x.cmp(&y), bx.cmp(&by));
            prop_assert_eq!(x.bits() as u64, bx.bits());
            match x.rem(&y) {
                None => prop_assert!(by == BigUint::from(0u8)),
                Some(r) => prop_assert_eq!(big(&r), &bx % &by),
            }
            prop_assert!(x.eq_be(&a));
            prop_assert_eq!(x.eq_be(&b), bx == by);
            if !x.is_zero() {
                prop_assert_eq!(big(&x.minus_one()), &bx - 1u8);
            }
        }
    }

    #[test]
    fn division_edge_cases() {
        // Divisors whose top limb makes qhat overshoot, and dividends equal to the divisor.
        let cases: [(&[u8], &[u8]); 4] = [
            (
                &[0xff; 48],
                &[0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
            ),
            (&[0xff; 64], &[0xff; 17]),
            (&[0x12; 24], &[0x12; 24]),
            (
                &[1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                &[0xff; 9],
            ),
        ];
        for (a, b) in cases {
            let r = Nat::from_be(a).rem(&Nat::from_be(b)).unwrap();
            assert_eq!(
                big(&r),
                BigUint::from_bytes_be(a) % BigUint::from_bytes_be(b)
            );
        }
        assert!(Nat::from_u64(1).is_one());
        assert!(Nat::from_be(&[0, 0]).is_zero());
        assert!(Nat::from_u64(0).minus_one().is_zero());
        assert_eq!(format!("{:?}", Nat::from_u64(5)), "Nat(3 bits, redacted)");
    }
}
