//! ECDSA: the scalar's range and the public point derived from it (Go's `ScalarBaseMult`).

use crate::spki::Curve;
use zeroize::Zeroize;

/// Bytes of the curve's order (Go's `(N.BitLen()+7)/8`).
pub(super) fn order_len(curve: Curve) -> usize {
    match curve {
        Curve::P224 => 28,
        Curve::P256 => 32,
        Curve::P384 => 48,
        Curve::P521 => 66,
    }
}

/// Bytes of one coordinate of a point.
pub(super) fn coordinate_len(curve: Curve) -> usize {
    order_len(curve)
}

macro_rules! with_scalar {
    ($krate:ident, $bytes:expr, |$s:ident| $body:expr) => {{
        use $krate::elliptic_curve::PrimeField as _;
        let mut repr = $krate::FieldBytes::default();
        repr.copy_from_slice($bytes);
        let scalar: Option<$krate::Scalar> = $krate::Scalar::from_repr(repr).into();
        repr.zeroize();
        scalar.map(|mut $s| {
            let out = $body;
            $s.zeroize();
            out
        })
    }};
}

/// Whether the scalar (big-endian, [`order_len`] bytes) is below the curve's order.
pub(super) fn below_order(curve: Curve, scalar: &[u8]) -> bool {
    match curve {
        Curve::P224 => with_scalar!(p224, scalar, |_s| ()).is_some(),
        Curve::P256 => with_scalar!(p256, scalar, |_s| ()).is_some(),
        Curve::P384 => with_scalar!(p384, scalar, |_s| ()).is_some(),
        Curve::P521 => with_scalar!(p521, scalar, |_s| ()).is_some(),
    }
}

macro_rules! derive {
    ($krate:ident, $bytes:expr) => {{
        use $krate::elliptic_curve::group::Group as _;
        use $krate::elliptic_curve::sec1::ToEncodedPoint as _;
        with_scalar!($krate, $bytes, |s| {
            let point = ($krate::ProjectivePoint::generator() * s).to_affine();
            let encoded = point.to_encoded_point(false);
            // The identity encodes as one zero octet.
            (encoded.as_bytes().len() > 1).then(|| encoded.as_bytes().to_vec())
        })
        .flatten()
    }};
}

/// The uncompressed public point `04 || X || Y` of a scalar below the order; `None` for zero
/// (Go's point at infinity, which it represents as (0, 0)).
///
/// `stored` is the point stored beside the scalar, if any: when `ring` confirms that it is the
/// scalar's point (P-256, P-384: `ring` derives it several times faster than the
/// curve crates' generic multiplication), it is the answer.
pub(super) fn public_point(curve: Curve, scalar: &[u8], stored: Option<&[u8]>) -> Option<Vec<u8>> {
    use ring::signature::{self, EcdsaKeyPair};
    let ring_alg = match curve {
        Curve::P256 => Some(&signature::ECDSA_P256_SHA256_ASN1_SIGNING),
        Curve::P384 => Some(&signature::ECDSA_P384_SHA384_ASN1_SIGNING),
        _ => None,
    };
    if let (Some(alg), Some(point @ [0x04, ..])) = (ring_alg, stored) {
        let rng = ring::rand::SystemRandom::new();
        if EcdsaKeyPair::from_private_key_and_public_key(alg, scalar, point, &rng).is_ok() {
            return Some(point.to_vec());
        }
    }
    match curve {
        Curve::P224 => derive!(p224, scalar),
        Curve::P256 => derive!(p256, scalar),
        Curve::P384 => derive!(p384, scalar),
        Curve::P521 => derive!(p521, scalar),
    }
}

/// Whether an encoded point (SEC1 uncompressed or compressed) is this uncompressed point.
pub(super) fn same_point(encoded: &[u8], uncompressed: &[u8]) -> bool {
    match encoded.first() {
        Some(0x04) => encoded == uncompressed,
        Some(&prefix @ (0x02 | 0x03)) => {
            let x_len = (uncompressed.len() - 1) / 2;
            let y_odd = uncompressed.last().is_some_and(|y| y & 1 == 1);
            encoded.len() == 1 + x_len
                && encoded[1..] == uncompressed[1..1 + x_len]
                && (prefix == 0x03) == y_odd
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalar_one_gives_the_generator() {
        // P-256's generator, from SEC 2.
        let gx = "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296";
        let mut one = vec![0u8; 32];
        one[31] = 1;
        let g = public_point(Curve::P256, &one, None).unwrap();
        assert_eq!(g.len(), 65);
        let hex: String = g[1..33].iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(hex, gx);
        assert!(same_point(&g, &g));
        let mut compressed = vec![if g[64] & 1 == 1 { 3 } else { 2 }];
        compressed.extend_from_slice(&g[1..33]);
        assert!(same_point(&compressed, &g));
        compressed[0] ^= 1;
        assert!(!same_point(&compressed, &g));
        // A stored point ring confirms is taken; any other is derived again.
        assert_eq!(public_point(Curve::P256, &one, Some(&g)), Some(g.clone()));
        let mut wrong = g.clone();
        wrong[64] ^= 1;
        assert_eq!(
            public_point(Curve::P256, &one, Some(&wrong)),
            Some(g.clone())
        );
        assert_eq!(public_point(Curve::P256, &one, Some(&compressed)), Some(g));
    }

    #[test]
    fn zero_and_order_bounds() {
        for curve in [Curve::P224, Curve::P256, Curve::P384, Curve::P521] {
            let len = order_len(curve);
            assert!(below_order(curve, &vec![0; len]));
            assert_eq!(public_point(curve, &vec![0; len], None), None);
            assert!(!below_order(curve, &vec![0xff; len]));
            let mut one = vec![0; len];
            one[len - 1] = 1;
            assert_eq!(
                public_point(curve, &one, None).map(|p| p.len()),
                Some(1 + 2 * coordinate_len(curve))
            );
        }
    }
}
