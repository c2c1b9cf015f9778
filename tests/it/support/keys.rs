//! Test-only helpers for the key tests: a SubjectPublicKeyInfo reader (on the tests' DER
//! reader), so that keys can be matched against certificates without the library's
//! certificate parser, and the key verdict as `tls.X509KeyPair` gives it.

use super::der::{element, read};
use super::pem::blocks as pem_blocks;
use cert_preflight::{Curve, Diagnostic, GatewayCode, PrivateKey, PublicKey};

/// The SubjectPublicKeyInfo (whole TLV) of a DER certificate.
pub fn cert_spki(cert: &[u8]) -> Option<&[u8]> {
    let (cert, _) = read(0x30, cert)?;
    let (mut tbs, _) = read(0x30, cert)?;
    if tbs.first() == Some(&0xa0) {
        tbs = element(tbs)?.3;
    }
    // serial, signature, issuer, validity, subject
    for _ in 0..5 {
        tbs = element(tbs)?.3;
    }
    Some(element(tbs)?.2)
}

fn strip(v: &[u8]) -> &[u8] {
    let i = v.iter().position(|&b| b != 0).unwrap_or(v.len());
    &v[i..]
}

/// The key of a SubjectPublicKeyInfo, as Go holds it.
pub fn public_key(spki: &[u8]) -> Option<PublicKey<'_>> {
    let (seq, _) = read(0x30, spki)?;
    let (ai, rest) = read(0x30, seq)?;
    let (oid, params) = read(0x06, ai)?;
    let (bits, _) = read(0x03, rest)?;
    let bits = bits.get(1..)?;
    Some(match oid {
        [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01] => {
            let (k, _) = read(0x30, bits)?;
            let (n, rest) = read(0x02, k)?;
            let (e, _) = read(0x02, rest)?;
            let e = strip(e);
            if e.len() > 8 {
                return None;
            }
            let e = e.iter().fold(0u64, |a, &b| (a << 8) | u64::from(b));
            PublicKey::Rsa { n: strip(n), e }
        }
        [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01] => {
            let curve = match read(0x06, params)?.0 {
                [0x2b, 0x81, 0x04, 0x00, 0x21] => Curve::P224,
                [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07] => Curve::P256,
                [0x2b, 0x81, 0x04, 0x00, 0x22] => Curve::P384,
                [0x2b, 0x81, 0x04, 0x00, 0x23] => Curve::P521,
                _ => return Some(PublicKey::Unknown),
            };
            PublicKey::Ecdsa { curve, point: bits }
        }
        [0x2b, 0x65, 0x70] => PublicKey::Ed25519(bits),
        [0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01] => PublicKey::Dsa,
        _ => PublicKey::Unknown,
    })
}

/// What the library answers for a certificate file and a key file, as `tls.X509KeyPair` sees
/// them: `None` when the key matches, else the code of the verdict and the diagnostics.
pub fn verdict(cert: &[u8], key: &[u8]) -> Option<(GatewayCode, Vec<Diagnostic>)> {
    let cert_text = String::from_utf8_lossy(cert);
    let certs: Vec<Vec<u8>> = if cert_text.contains("-----BEGIN") {
        pem_blocks(&cert_text)
            .into_iter()
            .filter(|(label, _)| label == "CERTIFICATE")
            .map(|(_, der)| der)
            .collect()
    } else {
        Vec::new()
    };
    if certs.is_empty() {
        // Go's "failed to find any PEM data in certificate input" or "... switched": the
        // certificate side, APIG.2106 (the lead's bundle reader diagnoses it).
        return Some((GatewayCode::InvalidCertificateOrKey, Vec::new()));
    }
    let key_text = String::from_utf8_lossy(key);
    let diagnostics = match PrivateKey::from_field(&key_text) {
        Err(d) => d,
        Ok(k) => {
            let keys: Vec<(&[u8], PublicKey<'_>)> = certs
                .iter()
                .map(|c| {
                    let spki = cert_spki(c).expect("a certificate Go parsed");
                    (spki, public_key(spki).expect("a key Go parsed"))
                })
                .collect();
            k.check_against_public_keys(keys)
        }
    };
    let code = diagnostics
        .iter()
        .map(|d| d.code)
        .min_by_key(|c| c.precedence())?;
    Some((code, diagnostics))
}
