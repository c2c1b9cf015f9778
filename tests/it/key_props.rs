//! Properties of key reading and matching over keys of every supported type and size, in every
//! encoding Go reads: the right key matches, every other key does not, and no input panics.
//!
//! Keys: the OpenSSL fixtures of `tests/data/key-formats` (RSA 1024 to 4096 bits, 3-prime RSA,
//! e = 3, ECDSA P-224 to P-521, Ed25519) with the public keys OpenSSL derived, and ECDSA P-256,
//! P-384 and Ed25519 keys made by `ring` at run time with the public keys `ring` derived.

use crate::support::der::{element, read, seq, tlv};
use crate::support::keys::public_key;
use crate::support::pem::armor as pem;
use cert_preflight::{GatewayCode, PrivateKey, PublicKey};
use proptest::prelude::*;
use ring::rand::SystemRandom;
use ring::signature::{EcdsaKeyPair, Ed25519KeyPair, KeyPair as _};
use std::sync::OnceLock;

const RSA_OID: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const EC_OID: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const ED25519_OID: &[u8] = &[0x2b, 0x65, 0x70];
const P256_OID: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const P384_OID: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];

/// One key of the pool: its public key, and its private key in every encoding.
struct Key {
    name: String,
    algorithm: &'static str,
    spki: Vec<u8>,
    /// (description, PEM label, DER)
    encodings: Vec<(String, &'static str, Vec<u8>)>,
}

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/data/key-formats/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture_der(name: &str) -> Vec<u8> {
    let text = String::from_utf8(fixture(name)).unwrap();
    crate::support::pem::first_der(&text)
}

fn rsa_key(base: &str, algorithm: &'static str) -> Key {
    // The PKCS#1 structure inside OpenSSL's PKCS#8.
    let openssl_pkcs8 = fixture_der(&format!("{base}.pem"));
    let (body, _) = read(0x30, &openssl_pkcs8).unwrap();
    let rest = element(element(body).unwrap().3).unwrap().3;
    let pkcs1 = read(0x04, rest).unwrap().0.to_vec();
    let pkcs8 = seq(&[
        &[0x02, 0x01, 0x00][..],
        &seq(&[&tlv(0x06, RSA_OID)[..], &[0x05, 0x00]]),
        &tlv(0x04, &pkcs1),
    ]);
    Key {
        name: base.to_owned(),
        algorithm,
        spki: fixture(&format!("{base}.pub.der")),
        encodings: vec![
            ("PKCS#1".into(), "RSA PRIVATE KEY", pkcs1.clone()),
            ("PKCS#8".into(), "PRIVATE KEY", pkcs8.clone()),
            ("PKCS#1 labelled PRIVATE KEY".into(), "PRIVATE KEY", pkcs1),
            (
                "PKCS#8 labelled RSA PRIVATE KEY".into(),
                "RSA PRIVATE KEY",
                pkcs8,
            ),
        ],
    }
}

/// Every encoding of an EC key Go reads, from its curve, scalar and public point.
fn ec_key(name: String, algorithm: &'static str, curve: &[u8], d: &[u8], point: &[u8]) -> Key {
    let sec1 = |with_curve: bool, with_public: bool| {
        let mut parts = vec![vec![0x02, 0x01, 0x01], tlv(0x04, d)];
        if with_curve {
            parts.push(tlv(0xa0, &tlv(0x06, curve)));
        }
        if with_public {
            parts.push(tlv(0xa1, &tlv(0x03, &[&[0u8][..], point].concat())));
        }
        tlv(0x30, &parts.concat())
    };
    let pkcs8 = |inner: Vec<u8>| {
        seq(&[
            &[0x02, 0x01, 0x00][..],
            &seq(&[&tlv(0x06, EC_OID), &tlv(0x06, curve)]),
            &tlv(0x04, &inner),
        ])
    };
    let spki = seq(&[
        &seq(&[&tlv(0x06, EC_OID), &tlv(0x06, curve)]),
        &tlv(0x03, &[&[0u8][..], point].concat()),
    ]);
    Key {
        name,
        algorithm,
        spki,
        encodings: vec![
            ("SEC1".into(), "EC PRIVATE KEY", sec1(true, true)),
            (
                "SEC1 without public key".into(),
                "EC PRIVATE KEY",
                sec1(true, false),
            ),
            (
                "PKCS#8 (SEC1 with curve and public key)".into(),
                "PRIVATE KEY",
                pkcs8(sec1(true, true)),
            ),
            (
                "PKCS#8 (SEC1 with public key)".into(),
                "PRIVATE KEY",
                pkcs8(sec1(false, true)),
            ),
            (
                "PKCS#8 (bare SEC1)".into(),
                "PRIVATE KEY",
                pkcs8(sec1(false, false)),
            ),
            (
                "SEC1 labelled PRIVATE KEY".into(),
                "PRIVATE KEY",
                sec1(true, false),
            ),
        ],
    }
}

/// An OpenSSL SEC1 fixture, taken apart.
fn ec_fixture(base: &str, algorithm: &'static str) -> Key {
    let der = fixture_der(&format!("{base}.sec1.pem"));
    let (body, _) = read(0x30, &der).unwrap();
    let (_, rest) = read(0x02, body).unwrap();
    let (d, rest) = read(0x04, rest).unwrap();
    let (curve, rest) = read(0xa0, rest).unwrap();
    let (public, _) = read(0xa1, rest).unwrap();
    let (bits, _) = read(0x03, public).unwrap();
    let (curve, _) = read(0x06, curve).unwrap();
    let key = ec_key(base.to_owned(), algorithm, curve, d, &bits[1..]);
    assert_eq!(key.spki, fixture(&format!("{base}.pub.der")), "{base}");
    key
}

/// Every encoding of an Ed25519 key Go reads.
fn ed25519_key(name: String, seed: &[u8], public: &[u8]) -> Key {
    let algorithm = seq(&[&tlv(0x06, ED25519_OID)]);
    let private = tlv(0x04, &tlv(0x04, seed));
    let public_bits = tlv(0x81, &[&[0u8][..], public].concat());
    Key {
        name,
        algorithm: "Ed25519",
        spki: seq(&[&algorithm, &tlv(0x03, &[&[0u8][..], public].concat())]),
        encodings: vec![
            (
                "PKCS#8 v1".into(),
                "PRIVATE KEY",
                seq(&[&[0x02, 0x01, 0x00][..], &algorithm, &private]),
            ),
            (
                "PKCS#8 v2 with public key".into(),
                "PRIVATE KEY",
                seq(&[&[0x02, 0x01, 0x01][..], &algorithm, &private, &public_bits]),
            ),
            (
                "PKCS#8 v2 with attributes and public key".into(),
                "PRIVATE KEY",
                seq(&[
                    &[0x02, 0x01, 0x01][..],
                    &algorithm,
                    &private,
                    &[0xa0, 0x00],
                    &public_bits,
                ]),
            ),
        ],
    }
}

/// A PKCS#8 document made by ring, taken apart: (curve OID, scalar, point).
fn ring_ec(pkcs8: &[u8]) -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let (body, _) = read(0x30, pkcs8).unwrap();
    let (_, rest) = read(0x02, body).unwrap();
    let (ai, rest) = read(0x30, rest).unwrap();
    let (_, curve) = read(0x06, ai).unwrap();
    let (curve, _) = read(0x06, curve).unwrap();
    let (inner, _) = read(0x04, rest).unwrap();
    let (inner, _) = read(0x30, inner).unwrap();
    let (_, rest) = read(0x02, inner).unwrap();
    let (d, rest) = read(0x04, rest).unwrap();
    let (public, _) = read(0xa1, rest).unwrap();
    let (bits, _) = read(0x03, public).unwrap();
    (curve.to_vec(), d.to_vec(), bits[1..].to_vec())
}

fn pool() -> &'static [Key] {
    static POOL: OnceLock<Vec<Key>> = OnceLock::new();
    POOL.get_or_init(|| {
        let mut keys = vec![
            rsa_key("rsa1024", "RSA-1024"),
            rsa_key("rsa2048", "RSA-2048"),
            rsa_key("rsa2048e3", "RSA-2048"),
            rsa_key("rsa3072", "RSA-3072"),
            rsa_key("rsa4096", "RSA-4096"),
            rsa_key("rsa3prime", "RSA-2048"),
            ec_fixture("ecp224", "ECDSA P-224"),
            ec_fixture("ecp256", "ECDSA P-256"),
            ec_fixture("ecp384", "ECDSA P-384"),
            ec_fixture("ecp521", "ECDSA P-521"),
        ];
        let pkcs8 = fixture_der("ed25519.pem");
        let seed = &pkcs8[pkcs8.len() - 32..];
        let spki = fixture("ed25519.pub.der");
        keys.push(ed25519_key(
            "ed25519 (OpenSSL)".into(),
            seed,
            &spki[spki.len() - 32..],
        ));

        let rng = SystemRandom::new();
        for i in 0..2 {
            for (alg, curve, name) in [
                (
                    &ring::signature::ECDSA_P256_SHA256_ASN1_SIGNING,
                    P256_OID,
                    "ECDSA P-256",
                ),
                (
                    &ring::signature::ECDSA_P384_SHA384_ASN1_SIGNING,
                    P384_OID,
                    "ECDSA P-384",
                ),
            ] {
                let doc = EcdsaKeyPair::generate_pkcs8(alg, &rng).unwrap();
                let pair = EcdsaKeyPair::from_pkcs8(alg, doc.as_ref(), &rng).unwrap();
                let (c, d, point) = ring_ec(doc.as_ref());
                assert_eq!(
                    (c.as_slice(), point.as_slice()),
                    (curve, pair.public_key().as_ref())
                );
                keys.push(ec_key(
                    format!("{name} #{i} (ring)"),
                    name,
                    curve,
                    &d,
                    &point,
                ));
            }
            let doc = Ed25519KeyPair::generate_pkcs8(&rng).unwrap();
            let pair = Ed25519KeyPair::from_pkcs8(doc.as_ref()).unwrap();
            // ring's v2 document: ... OCTET STRING { OCTET STRING seed } [1] public
            let (body, _) = read(0x30, doc.as_ref()).unwrap();
            let mut rest = body;
            for _ in 0..2 {
                rest = element(rest).unwrap().3;
            }
            let (seed, _) = read(0x04, read(0x04, rest).unwrap().0).unwrap();
            keys.push(ed25519_key(
                format!("Ed25519 #{i} (ring)"),
                seed,
                pair.public_key().as_ref(),
            ));
        }
        keys
    })
}

/// The text a user pastes: optional text and non-key blocks before, the key, optional other
/// key after (Go takes the first key block), LF or CRLF, 64-column or one-line base64.
fn field_text(key: &(String, &'static str, Vec<u8>), layout: &Layout, other: &Key) -> String {
    let mut block = pem(key.1, &key.2);
    if layout.one_line {
        let lines: Vec<&str> = block.lines().collect();
        block = format!(
            "{}\n{}\n{}\n",
            lines[0],
            lines[1..lines.len() - 1].concat(),
            lines[lines.len() - 1]
        );
    }
    let mut text = String::new();
    if layout.preamble {
        text.push_str("Bag Attributes\n    localKeyID: 01 00 00 00\nsubject=/CN=example\n");
    }
    match layout.before {
        1 => text.push_str(
            "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n",
        ),
        2 => text.push_str(&pem("PUBLIC KEY", &other.spki)),
        3 => text.push_str(&pem("CERTIFICATE", &[0x30, 0x03, 0x02, 0x01, 0x01])),
        _ => {}
    }
    text.push_str(&block);
    if layout.other_after {
        let (_, label, der) = &other.encodings[0];
        text.push_str(&pem(label, der));
    }
    if layout.crlf {
        text = text.replace('\n', "\r\n");
    }
    text
}

#[derive(Clone, Debug)]
struct Layout {
    one_line: bool,
    preamble: bool,
    before: u8,
    other_after: bool,
    crlf: bool,
}

fn layout() -> impl Strategy<Value = Layout> {
    (
        any::<bool>(),
        any::<bool>(),
        0u8..4,
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(one_line, preamble, before, other_after, crlf)| Layout {
            one_line,
            preamble,
            before,
            other_after,
            crlf,
        })
}

fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, data).as_ref());
    out
}

fn same_type(a: &PublicKey<'_>, b: &PublicKey<'_>) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_right_key_matches_and_every_other_does_not(
        which in any::<prop::sample::Index>(),
        encoding in any::<prop::sample::Index>(),
        other in any::<prop::sample::Index>(),
        layout in layout(),
    ) {
        let keys = pool();
        let key = which.get(keys);
        let enc = encoding.get(&key.encodings);
        let other = other.get(keys);
        let text = field_text(enc, &layout, other);
        let parsed = PrivateKey::from_field(&text)
            .map_err(|d| TestCaseError::fail(format!("{} {}: {d:?}", key.name, enc.0)))?;
        prop_assert_eq!(parsed.algorithm_name(), key.algorithm);
        prop_assert_eq!(parsed.public_key_spki_der(), &key.spki[..]);
        prop_assert_eq!(parsed.public_key_spki_sha256(), sha256(&key.spki));

        let own = (&key.spki[..], public_key(&key.spki).unwrap());
        let diags = parsed.check_against_public_keys([own]);
        prop_assert!(diags.is_empty(), "{} {}: {:?}", key.name, enc.0, diags);

        if other.spki != key.spki {
            let theirs = (&other.spki[..], public_key(&other.spki).unwrap());
            let diags = parsed.check_against_public_keys([theirs]);
            prop_assert_eq!(diags.len(), 1, "{:?}", diags);
            prop_assert_eq!(diags[0].code, GatewayCode::KeyMismatch);
            let id = if same_type(&own.1, &theirs.1) { "key.mismatch" } else { "key.type-mismatch" };
            prop_assert_eq!(diags[0].id, id);
            // The chain in the wrong order: the key's certificate comes second.
            let diags = parsed.check_against_public_keys([theirs, own]);
            prop_assert!(diags[0].message.contains("certificate 2 of cert_content"), "{}", diags[0].message);
        }
    }

    #[test]
    fn damaged_keys_never_panic_and_give_reading_codes(
        which in any::<prop::sample::Index>(),
        encoding in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        xor in 1u8..=255,
        cut in any::<bool>(),
    ) {
        let key = which.get(pool());
        let (_, label, der) = encoding.get(&key.encodings);
        let mut der = der.clone();
        let i = at.index(der.len());
        if cut {
            der.truncate(i);
        } else {
            der[i] ^= xor;
        }
        match PrivateKey::from_field(&pem(label, &der)) {
            Ok(k) => {
                // Whatever Go still reads, the checks answer without panicking.
                let own = (&key.spki[..], public_key(&key.spki).unwrap());
                for d in k.check_against_public_keys([own]) {
                    prop_assert_eq!(d.code, GatewayCode::KeyMismatch);
                }
            }
            Err(diags) => {
                prop_assert_eq!(diags.len(), 1);
                prop_assert!(matches!(
                    diags[0].code,
                    GatewayCode::InvalidCertificateOrKey | GatewayCode::EncryptedPrivateKey
                ));
            }
        }
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}", bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        for input in [text.clone(), pem("PRIVATE KEY", &bytes), pem("EC PRIVATE KEY", &bytes), format!("{text}{}", pem("RSA PRIVATE KEY", &bytes))] {
            if let Err(diags) = PrivateKey::from_field(&input) {
                prop_assert!(!diags.is_empty());
            }
        }
    }
}

#[test]
fn every_encoding_of_every_key_is_read() {
    // The deterministic sweep behind the property: each key, each encoding, plain layout.
    let keys = pool();
    for key in keys {
        for enc in &key.encodings {
            let parsed = PrivateKey::from_field(&pem(enc.1, &enc.2))
                .unwrap_or_else(|d| panic!("{} {}: {d:?}", key.name, enc.0));
            assert_eq!(
                parsed.public_key_spki_der(),
                &key.spki[..],
                "{} {}",
                key.name,
                enc.0
            );
        }
    }
    assert!(keys.len() >= 17);
}
