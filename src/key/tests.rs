//! Unit tests on the OpenSSL fixtures of `tests/data/key-formats` (see `make.sh` there).

use super::*;
use crate::der::{tag, Reader};

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/data/key-formats/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn text(name: &str) -> String {
    String::from_utf8(fixture(name)).unwrap()
}

/// A SubjectPublicKeyInfo read into a `PublicKey` (test-only reader; spki.rs is not ours).
fn public_key(spki: &[u8]) -> PublicKey<'_> {
    let mut seq = Reader::new(Reader::new(spki).read(tag::SEQUENCE).unwrap());
    let mut ai = Reader::new(seq.read(tag::SEQUENCE).unwrap());
    let alg = ai.read(tag::OID).unwrap();
    let bits = &seq.read(tag::BIT_STRING).unwrap()[1..];
    match alg {
        crate::algorithm::oid::RSA_ENCRYPTION => {
            let mut k = Reader::new(Reader::new(bits).read(tag::SEQUENCE).unwrap());
            let n = strip_zeros(k.read(tag::INTEGER).unwrap());
            let e = k.read_i64().unwrap() as u64;
            PublicKey::Rsa { n, e }
        }
        crate::algorithm::oid::EC_PUBLIC_KEY => {
            let curve = match ai.read(tag::OID).unwrap() {
                crate::algorithm::oid::P224 => Curve::P224,
                crate::algorithm::oid::P256 => Curve::P256,
                crate::algorithm::oid::P384 => Curve::P384,
                _ => Curve::P521,
            };
            PublicKey::Ecdsa { curve, point: bits }
        }
        crate::algorithm::oid::ED25519 => PublicKey::Ed25519(bits),
        _ => PublicKey::Unknown,
    }
}

fn pem(label: &str, der: &[u8]) -> String {
    use base64ct::Encoding as _;
    let b64 = base64ct::Base64::encode_string(der);
    let mut s = format!("-----BEGIN {label}-----\n");
    for chunk in b64.as_bytes().chunks(64) {
        s.push_str(std::str::from_utf8(chunk).unwrap());
        s.push('\n');
    }
    s.push_str(&format!("-----END {label}-----\n"));
    s
}

fn der_of(pem_text: &str) -> Vec<u8> {
    let d = pem::decode_all(pem_text, Secrecy::Secret);
    d.blocks[0].bytes.to_vec()
}

fn only(result: Result<PrivateKey, Vec<Diagnostic>>) -> Diagnostic {
    let mut diags = result.expect_err("the key should be refused");
    assert_eq!(diags.len(), 1, "{diags:?}");
    diags.remove(0)
}

fn ids(diags: &[Diagnostic]) -> Vec<&'static str> {
    diags.iter().map(|d| d.id.as_str()).collect()
}

/// The findings the gateway accepts but servers refuse: ids, each checked to be of severity error.
fn finding_ids(findings: &[crate::verdict::Warning]) -> Vec<&'static str> {
    for f in findings {
        assert_eq!(f.severity(), crate::verdict::Severity::Error, "{f}");
    }
    findings.iter().map(|f| f.id.as_str()).collect()
}

/// The elements of a SEQUENCE, whole.
fn elements(der: &[u8]) -> Vec<Vec<u8>> {
    let mut r = Reader::new(Reader::new(der).read(tag::SEQUENCE).unwrap());
    let mut out = Vec::new();
    while let Some(e) = r.read_element() {
        out.push(e.encoded.to_vec());
    }
    out
}

fn sequence(elements: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &elements.concat())
}

/// Flips the low bit of the last octet of an element's contents.
fn flip(element: &mut [u8]) {
    let last = element.len() - 1;
    element[last] ^= 1;
}

const SUPPORTED: &[(&str, &str, &str)] = &[
    ("rsa1024.pem", "rsa1024", "RSA-1024"),
    ("rsa1024.pkcs1.pem", "rsa1024", "RSA-1024"),
    ("rsa2048.pem", "rsa2048", "RSA-2048"),
    ("rsa2048.pkcs1.pem", "rsa2048", "RSA-2048"),
    ("rsa2048e3.pem", "rsa2048e3", "RSA-2048"),
    ("rsa3072.pkcs1.pem", "rsa3072", "RSA-3072"),
    ("rsa4096.pem", "rsa4096", "RSA-4096"),
    ("rsa3prime.pem", "rsa3prime", "RSA-2048"),
    ("rsa3prime.pkcs1.pem", "rsa3prime", "RSA-2048"),
    ("ecp224.pem", "ecp224", "ECDSA P-224"),
    ("ecp224.sec1-nopub.pem", "ecp224", "ECDSA P-224"),
    ("ecp256.pem", "ecp256", "ECDSA P-256"),
    ("ecp256.sec1.pem", "ecp256", "ECDSA P-256"),
    ("ecp256.sec1-nopub.pem", "ecp256", "ECDSA P-256"),
    ("ecp384.sec1.pem", "ecp384", "ECDSA P-384"),
    ("ecp521.pem", "ecp521", "ECDSA P-521"),
    ("ecp521.sec1-nopub.pem", "ecp521", "ECDSA P-521"),
    ("ed25519.pem", "ed25519", "Ed25519"),
];

#[test]
fn supported_keys_derive_the_public_key_openssl_derives() {
    for &(file, base, name) in SUPPORTED {
        let key = PrivateKey::from_field(&text(file)).unwrap_or_else(|d| panic!("{file}: {d:?}"));
        let expected = fixture(&format!("{base}.pub.der"));
        assert_eq!(key.public_key_spki_der(), expected, "{file}");
        assert_eq!(key.public_key_spki_sha256(), sha256(&expected), "{file}");
        assert_eq!(key.algorithm_name(), name, "{file}");
        assert_eq!(key.block(), 1);
        let own = key.check_against_public_keys([(&expected[..], public_key(&expected))]);
        assert!(own.is_empty(), "{file}: {own:?}");
    }
}

#[test]
fn formats_are_recognised_whatever_the_label() {
    let pkcs1 = der_of(&text("rsa2048.pkcs1.pem"));
    let pkcs8 = der_of(&text("rsa2048.pem"));
    for (label, der, format) in [
        ("PRIVATE KEY", &pkcs1, "PKCS#1"),
        ("RSA PRIVATE KEY", &pkcs8, "PKCS#8"),
        ("EC PRIVATE KEY", &pkcs8, "PKCS#8"),
        ("ANY PRIVATE KEY", &pkcs1, "PKCS#1"),
    ] {
        let key = PrivateKey::from_field(&pem(label, der)).unwrap();
        assert_eq!(key.format_name(), format);
    }
    // EC PARAMETERS before the key, and text around the blocks: skipped as Go skips them.
    let with_params = format!(
        "key for example.com\n-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n{}trailing\n",
        text("ecp256.sec1.pem")
    );
    let key = PrivateKey::from_field(&with_params).unwrap();
    assert_eq!((key.block(), key.format_name()), (2, "SEC1"));
    // "MY KEY" does not end in " PRIVATE KEY"; "XPRIVATE KEY" neither.
    let d = only(PrivateKey::from_field(&pem("XPRIVATE KEY", &pkcs1)));
    assert_eq!(d.id.as_str(), "key.no-key-block");
}

#[test]
fn encrypted_keys_are_2105() {
    for file in ["ecp256.encrypted.pem", "rsa2048.legacy-encrypted.pem"] {
        let d = only(PrivateKey::from_field(&text(file)));
        assert_eq!(
            (d.code, d.id.as_str()),
            (GatewayCode::EncryptedPrivateKey, "key.encrypted")
        );
        assert_eq!(d.field, Some(Field::PrivateKey));
        assert_eq!(d.block, Some(1));
        assert!(d
            .fix
            .as_deref()
            .unwrap()
            .contains("openssl pkey -in key.pem -out key-decrypted.pem"));
    }
    // An EncryptedPrivateKeyInfo under a plain label.
    let der = der_of(&text("ecp256.encrypted.pem"));
    let d = only(PrivateKey::from_field(&pem("PRIVATE KEY", &der)));
    assert_eq!(d.code, GatewayCode::EncryptedPrivateKey);
    assert!(
        d.message.contains("under the label PRIVATE KEY"),
        "{}",
        d.message
    );
}

#[test]
fn unusable_keys_are_2106_and_say_what_they_are() {
    let cases = [
        ("dsa.pem", "key.unsupported-algorithm", "DSA"),
        ("dsa.traditional.pem", "key.unsupported-algorithm", "DSA"),
        ("ed448.pem", "key.unsupported-algorithm", "Ed448"),
        ("x25519.pem", "key.unsupported-algorithm", "X25519"),
        ("rsapss.pem", "key.unsupported-algorithm", "RSA-PSS"),
        ("ecp256.explicit.pem", "key.explicit-curve", "spells out"),
        (
            "ecp256.explicit.sec1.pem",
            "key.explicit-curve",
            "named_curve",
        ),
        ("secp256k1.pem", "key.unknown-curve", "secp256k1"),
        ("secp256k1.sec1.pem", "key.unknown-curve", "secp256k1"),
        (
            "openssh-ed25519.key",
            "key.openssh",
            "ssh-keygen -p -m PKCS8",
        ),
    ];
    for (file, id, says) in cases {
        let d = only(PrivateKey::from_field(&text(file)));
        assert_eq!(
            (d.code, d.id.as_str()),
            (GatewayCode::InvalidCertificateOrKey, id),
            "{file}"
        );
        let all = format!("{} {}", d.message, d.fix.as_deref().unwrap_or(""));
        assert!(all.contains(says), "{file}: {all}");
        assert_eq!(d.block, Some(1), "{file}");
    }
}

#[test]
fn no_key_block_says_what_was_found() {
    use base64ct::Encoding as _;
    let b64 = |name: &str| base64ct::Base64::encode_string(&fixture(name));
    let cases = [
        (
            b64("rsa2048.der"),
            "key.no-pem",
            "base64 of an unencrypted PKCS#1 RSA private key",
        ),
        (b64("rsa2048.p12.der"), "key.no-pem", "PKCS#12"),
        (String::new(), "key.no-pem", "empty"),
        (
            text("rsa2048.pem").replace('\n', "\\n"),
            "key.no-pem",
            "written as the two characters \\n",
        ),
        (
            "ssh-ed25519 AAAAC3Nza fixture".to_owned(),
            "key.no-pem",
            "OpenSSH public key",
        ),
        (
            text("rsa2048.cert.pem"),
            "key.fields-switched",
            "look switched",
        ),
        (
            pem("PUBLIC KEY", &fixture("rsa2048.pub.der")),
            "key.no-key-block",
            "That is a public key",
        ),
    ];
    for (input, id, says) in cases {
        let d = only(PrivateKey::from_field(&input));
        assert_eq!(
            (d.code, d.id.as_str()),
            (GatewayCode::InvalidCertificateOrKey, id),
            "{says}"
        );
        let all = format!("{} {}", d.message, d.fix.as_deref().unwrap_or(""));
        assert!(all.contains(says), "{all}");
    }
    // Go's message for one certificate, and for a certificate among other blocks.
    let d = only(PrivateKey::from_field(&text("rsa2048.cert.pem")));
    assert!(d.message.contains("found a certificate rather than a key"));
    let two = format!(
        "{}{}",
        pem("PUBLIC KEY", &[0x30, 0x00]),
        text("rsa2048.cert.pem")
    );
    let d = only(PrivateKey::from_field(&two));
    assert!(
        d.message
            .contains("following types: [PUBLIC KEY CERTIFICATE]"),
        "{}",
        d.message
    );
    assert_eq!(d.block, Some(2));
}

#[test]
fn go_refusals_of_rsa_values_are_2106() {
    let der = der_of(&text("rsa2048.pkcs1.pem"));
    // version, n, e, d, p, q, dP, dQ, qInv
    for (index, reason) in [(5, "invalid modulus"), (3, "invalid exponents")] {
        let mut fields = elements(&der);
        flip(&mut fields[index]);
        let d = only(PrivateKey::from_field(&pem(
            "RSA PRIVATE KEY",
            &sequence(&fields),
        )));
        assert_eq!(
            (d.code, d.id.as_str()),
            (GatewayCode::InvalidCertificateOrKey, "key.invalid")
        );
        assert!(d.message.contains(reason), "{}", d.message);
    }
    // e = 1, then version 2, then a negative p.
    let mut fields = elements(&der);
    fields[2] = vec![0x02, 0x01, 0x01];
    let d = only(PrivateKey::from_field(&pem(
        "RSA PRIVATE KEY",
        &sequence(&fields),
    )));
    assert!(d.message.contains("public exponent too small"));
    let mut fields = elements(&der);
    fields[0] = vec![0x02, 0x01, 0x02];
    let d = only(PrivateKey::from_field(&pem(
        "RSA PRIVATE KEY",
        &sequence(&fields),
    )));
    assert!(d.message.contains("unsupported private key version"));
    let mut fields = elements(&der);
    fields[4] = vec![0x02, 0x01, 0xff];
    let d = only(PrivateKey::from_field(&pem(
        "RSA PRIVATE KEY",
        &sequence(&fields),
    )));
    assert!(d.message.contains("zero or negative value"));
    // Trailing data after a PKCS#1 key is refused; after a PKCS#8 key it is ignored (Go).
    let mut trailing = der.clone();
    trailing.extend([0x05, 0x00]);
    let d = only(PrivateKey::from_field(&pem("RSA PRIVATE KEY", &trailing)));
    assert_eq!(d.id.as_str(), "key.malformed");
    let mut trailing = der_of(&text("rsa2048.pem"));
    trailing.extend([0x05, 0x00]);
    assert!(PrivateKey::from_field(&pem("PRIVATE KEY", &trailing)).is_ok());
}

#[test]
fn inconsistencies_go_ignores_are_accepted_with_an_error_finding() {
    let pub_der = fixture("rsa2048.pub.der");
    let own = [(&pub_der[..], public_key(&pub_der))];
    let der = der_of(&text("rsa2048.pkcs1.pem"));
    for (index, what) in [
        (6, "exponent1 (dP)"),
        (7, "exponent2 (dQ)"),
        (8, "coefficient (qInv)"),
    ] {
        let mut fields = elements(&der);
        flip(&mut fields[index]);
        let key = PrivateKey::from_field(&pem("RSA PRIVATE KEY", &sequence(&fields))).unwrap();
        assert!(key.check_against_public_keys(own).is_empty());
        let found = key.findings(Some(&own[0].1));
        assert_eq!(finding_ids(&found), ["key.inconsistent"]);
        assert!(found[0].message.contains(what), "{}", found[0].message);
        assert!(
            found[0].message.contains("BoringSSL"),
            "{}",
            found[0].message
        );
    }
    // Without the CRT values Go still reads the key, and nothing is inconsistent.
    let fields = elements(&der);
    let key = PrivateKey::from_field(&pem("RSA PRIVATE KEY", &sequence(&fields[..6]))).unwrap();
    assert!(key.check_against_public_keys(own).is_empty());
    assert!(key.findings(Some(&own[0].1)).is_empty());

    // The 3-prime key: the additional prime's exponent and coefficient.
    let der = der_of(&text("rsa3prime.pkcs1.pem"));
    let pub_der = fixture("rsa3prime.pub.der");
    let own = [(&pub_der[..], public_key(&pub_der))];
    for (which, what) in [
        (1, "exponent of an additional prime"),
        (2, "coefficient of prime 3"),
    ] {
        let mut fields = elements(&der);
        let mut infos = elements(&fields[9]);
        let mut info = elements(&infos[0]);
        flip(&mut info[which]);
        infos[0] = sequence(&info);
        fields[9] = sequence(&infos);
        let key = PrivateKey::from_field(&pem("RSA PRIVATE KEY", &sequence(&fields))).unwrap();
        assert!(key.check_against_public_keys(own).is_empty(), "{what}");
        let found = key.findings(Some(&own[0].1));
        assert_eq!(finding_ids(&found), ["key.inconsistent"], "{what}");
        assert!(found[0].message.contains(what), "{}", found[0].message);
    }

    // EC: the stored public key differs from the one the scalar gives.
    let der = der_of(&text("ecp256.sec1.pem"));
    let pub_der = fixture("ecp256.pub.der");
    let own = [(&pub_der[..], public_key(&pub_der))];
    let mut fields = elements(&der);
    flip(&mut fields[3]);
    let key = PrivateKey::from_field(&pem("EC PRIVATE KEY", &sequence(&fields))).unwrap();
    assert!(key.check_against_public_keys(own).is_empty());
    let found = key.findings(Some(&own[0].1));
    assert_eq!(finding_ids(&found), ["key.inconsistent"]);
    assert!(found[0].message.contains("public key stored in the EC key"));

    // EC: a zero scalar (Go reads it, and derives (0, 0)).
    let mut fields = elements(&der);
    fields[1] = tlv(0x04, &[0u8; 32]);
    let key = PrivateKey::from_field(&pem("EC PRIVATE KEY", &sequence(&fields[..3]))).unwrap();
    let diags = key.check_against_public_keys(own);
    assert_eq!(ids(&diags), ["key.mismatch"]);
    let found = key.findings(Some(&own[0].1));
    assert_eq!(finding_ids(&found), ["key.inconsistent"]);
    assert!(found[0].message.contains("scalar is zero"));

    // EC: a scalar not below the order is Go's refusal.
    fields[1] = tlv(0x04, &[0xff; 32]);
    let d = only(PrivateKey::from_field(&pem(
        "EC PRIVATE KEY",
        &sequence(&fields[..3]),
    )));
    assert!(
        d.message.contains("not below the curve's order"),
        "{}",
        d.message
    );
}

#[test]
fn ed25519_v2_public_key_is_checked() {
    let v1 = der_of(&text("ed25519.pem"));
    let pub_der = fixture("ed25519.pub.der");
    let public = &pub_der[pub_der.len() - 32..];
    let own = [(&pub_der[..], public_key(&pub_der))];
    let mut fields = elements(&v1);
    fields[0] = vec![0x02, 0x01, 0x01];
    let mut good = fields.clone();
    good.push(tlv(0x81, &[&[0u8][..], public].concat()));
    let key = PrivateKey::from_field(&pem("PRIVATE KEY", &sequence(&good))).unwrap();
    assert!(key.check_against_public_keys(own).is_empty());
    let mut bad_public = public.to_vec();
    bad_public[0] ^= 0x80;
    fields.push(tlv(0x81, &[&[0u8][..], &bad_public].concat()));
    let key = PrivateKey::from_field(&pem("PRIVATE KEY", &sequence(&fields))).unwrap();
    assert!(key.check_against_public_keys(own).is_empty());
    assert_eq!(
        finding_ids(&key.findings(Some(&own[0].1))),
        ["key.inconsistent"]
    );
    // Parameters on the Ed25519 algorithm identifier: Go refuses.
    let mut fields = elements(&v1);
    fields[1] = tlv(
        0x30,
        &[tlv(0x06, crate::algorithm::oid::ED25519), vec![0x05, 0x00]].concat(),
    );
    let d = only(PrivateKey::from_field(&pem(
        "PRIVATE KEY",
        &sequence(&fields),
    )));
    assert!(d.message.contains("invalid Ed25519 private key parameters"));
}

#[test]
fn mismatches_name_both_keys_and_the_chain_position() {
    let rsa = PrivateKey::from_field(&text("rsa2048.pem")).unwrap();
    let ec_pub = fixture("ecp256.pub.der");
    let rsa_pub = fixture("rsa2048.pub.der");
    let other_rsa = fixture("rsa1024.pub.der");
    let chain = [
        (&ec_pub[..], public_key(&ec_pub)),
        (&rsa_pub[..], public_key(&rsa_pub)),
    ];
    let diags = rsa.check_against_public_keys(chain);
    assert_eq!(ids(&diags), ["key.type-mismatch"]);
    let m = &diags[0].message;
    assert!(m.contains("certificate 2 of cert_content"), "{m}");
    assert!(m.contains(&hex(&sha256(&ec_pub))) && m.contains(&hex(&rsa.public_key_spki_sha256())));
    assert!(m.contains("ECDSA P-256") && m.contains("RSA-2048"));
    let diags = rsa.check_against_public_keys([(&other_rsa[..], public_key(&other_rsa))]);
    assert_eq!(ids(&diags), ["key.mismatch"]);
    assert!(diags[0].fix.as_deref().unwrap().contains("openssl pkey"));

    // Same modulus, other exponent: Go accepts it (it compares the modulus), with an error
    // finding: every signature fails.
    let PublicKey::Rsa { n, .. } = public_key(&rsa_pub) else {
        unreachable!()
    };
    let other_e = PublicKey::Rsa { n, e: 3 };
    assert!(rsa
        .check_against_public_keys([(&rsa_pub[..], other_e)])
        .is_empty());
    let found = rsa.findings(Some(&other_e));
    assert_eq!(finding_ids(&found), ["key.exponent-mismatch"]);
    assert!(found[0]
        .message
        .contains("TLS clients refuse the handshake"));
    // A DSA certificate key: Go's "unknown public key algorithm", on cert_content.
    let diags = rsa.check_against_public_keys([(&rsa_pub[..], PublicKey::Dsa)]);
    assert_eq!(diags[0].code, GatewayCode::InvalidCertificateOrKey);
    assert_eq!(diags[0].field, Some(Field::CertContent));
    assert!(rsa.check_against_public_keys(std::iter::empty()).is_empty());
}

#[test]
fn key_material_never_shows() {
    let text = text("rsa2048.pkcs1.pem");
    let der = der_of(&text);
    let fields = elements(&der);
    let d_hex = hex(&fields[3][4..20]);
    let base64_line = text.lines().nth(5).unwrap();
    let key = PrivateKey::from_field(&text).unwrap();
    let mut shown = format!("{key:?}");
    let mut broken = fields.clone();
    flip(&mut broken[5]);
    let refused = PrivateKey::from_field(&pem("RSA PRIVATE KEY", &sequence(&broken)));
    shown.push_str(&format!("{refused:?}"));
    flip(&mut broken[5]);
    flip(&mut broken[6]);
    let inconsistent = PrivateKey::from_field(&pem("RSA PRIVATE KEY", &sequence(&broken))).unwrap();
    shown.push_str(&format!(
        "{:?}",
        inconsistent.check_against_public_keys(std::iter::empty())
    ));
    let parsed = parse::parse_private_key(&der).unwrap();
    shown.push_str(&format!("{parsed:?}"));
    assert!(shown.contains("RSA-2048"));
    assert!(!shown.contains(&d_hex), "{shown}");
    assert!(!shown.contains(base64_line), "{shown}");
    assert!(!shown.to_lowercase().contains(&d_hex[..12]));
}

#[test]
fn sizes_and_curves_at_the_edges() {
    // A modulus beyond 16,384 bits is refused before any arithmetic.
    let mut n = vec![0x01];
    n.extend(std::iter::repeat_n(0xff, 2050));
    let big = sequence(&[
        vec![0x02, 0x01, 0x00],
        tlv(0x02, &n),
        vec![0x02, 0x03, 0x01, 0x00, 0x01],
        vec![0x02, 0x01, 0x01],
        vec![0x02, 0x01, 0x03],
        vec![0x02, 0x01, 0x05],
    ]);
    let d = only(PrivateKey::from_field(&pem("RSA PRIVATE KEY", &big)));
    assert_eq!(d.id.as_str(), "key.too-large");

    // SEC1 without a curve: Go's "unknown elliptic curve".
    let der = der_of(&text("ecp256.sec1.pem"));
    let fields = elements(&der);
    let bare = sequence(&[fields[0].clone(), fields[1].clone()]);
    let d = only(PrivateKey::from_field(&pem("EC PRIVATE KEY", &bare)));
    assert_eq!(d.id.as_str(), "key.missing-curve");

    // PKCS#8 names P-384 around a SEC1 key that names P-256: Go uses P-384; the scalar is
    // still below P-384's order, so Go reads a P-384 key, and we say the curves disagree.
    let p384 = tlv(0x06, crate::algorithm::oid::P384);
    let pkcs8 = sequence(&[
        vec![0x02, 0x01, 0x00],
        tlv(
            0x30,
            &[tlv(0x06, crate::algorithm::oid::EC_PUBLIC_KEY), p384].concat(),
        ),
        tlv(0x04, &sequence(&fields[..3])),
    ]);
    let key = PrivateKey::from_field(&pem("PRIVATE KEY", &pkcs8)).unwrap();
    assert_eq!(key.algorithm_name(), "ECDSA P-384");
    assert!(key.check_against_public_keys(std::iter::empty()).is_empty());
    let found = key.findings(None);
    assert_eq!(finding_ids(&found), ["key.inconsistent"]);
    assert!(found[0].message.contains("PKCS#8 names the curve P-384"));
}

/// A certificate holding only a SubjectPublicKeyInfo (the parser is not ours).
fn certificate(spki_der: &[u8]) -> Certificate<'_> {
    use crate::algorithm::{AlgorithmIdentifier, SignatureAlgorithm};
    use crate::time::UnixTime;
    let key = public_key(spki_der);
    Certificate {
        der: &[],
        tbs: &[],
        version: 3,
        serial: &[1],
        signature_algorithm_id: AlgorithmIdentifier {
            oid: &[],
            params: None,
        },
        signature_algorithm: SignatureAlgorithm::Unknown,
        signature: &[],
        raw_issuer: &[],
        raw_subject: &[],
        issuer: Default::default(),
        subject: Default::default(),
        not_before: UnixTime(0),
        not_after: UnixTime(0),
        spki: crate::spki::SubjectPublicKeyInfo {
            der: spki_der,
            algorithm: AlgorithmIdentifier {
                oid: &[],
                params: None,
            },
            key,
        },
        dns_names: Vec::new(),
        ip_addresses: Vec::new(),
        has_san: true,
        basic_constraints: None,
        key_usage: None,
        ext_key_usage: None,
        subject_key_id: None,
        authority_key_id: None,
        name_constraints: None,
        unhandled_critical_extension: false,
        listed: Default::default(),
    }
}

#[test]
fn check_against_reads_the_chain() {
    let key = PrivateKey::from_field(&text("ecp384.sec1.pem")).unwrap();
    let own = fixture("ecp384.pub.der");
    let other = fixture("ecp256.pub.der");
    assert!(key.check_against(&[certificate(&own)]).is_empty());
    assert!(key.check_against(&[]).is_empty());
    let diags = key.check_against(&[certificate(&other), certificate(&other), certificate(&own)]);
    assert_eq!(ids(&diags), ["key.mismatch"]);
    assert!(diags[0].message.contains("certificate 3 of cert_content"));
    assert_eq!(
        (diags[0].field, diags[0].block),
        (Some(Field::PrivateKey), Some(1))
    );
}

#[test]
fn damaged_structures_name_the_format_meant() {
    // PKCS#1 with a 9-octet public exponent: Go's int cannot hold it.
    let der = der_of(&text("rsa2048.pkcs1.pem"));
    let mut fields = elements(&der);
    fields[2] = tlv(0x02, &[0x01; 9]);
    let d = only(PrivateKey::from_field(&pem(
        "RSA PRIVATE KEY",
        &sequence(&fields),
    )));
    assert_eq!(d.id.as_str(), "key.malformed");
    assert!(
        d.message
            .contains("damaged PKCS#1 structure: asn1: structure error: integer too large"),
        "{}",
        d.message
    );
    // SEC1 whose public key BIT STRING has non-zero padding bits (Go refuses it).
    let der = der_of(&text("ecp256.sec1.pem"));
    let mut fields = elements(&der);
    let last = fields[3].len() - 1;
    fields[3][last - 65] = 0x07; // the BIT STRING's padding octet
    let d = only(PrivateKey::from_field(&pem(
        "EC PRIVATE KEY",
        &sequence(&fields),
    )));
    assert!(
        d.message
            .contains("damaged SEC1 structure: asn1: syntax error: invalid padding bits"),
        "{}",
        d.message
    );
}
