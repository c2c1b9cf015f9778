//! Signature algorithms as Go's `crypto/x509` names and recognises them.

use crate::der::{tag, Reader};

/// An AlgorithmIdentifier: the OID's contents octets and the parameters' whole encoding, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct AlgorithmIdentifier<'a> {
    pub oid: &'a [u8],
    pub params: Option<&'a [u8]>,
}

/// A certificate's signature algorithm, as Go's `x509.SignatureAlgorithm`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignatureAlgorithm {
    /// Not one Go knows (rendered `0`).
    Unknown,
    /// `MD2-RSA`.
    Md2WithRsa,
    /// `MD5-RSA`.
    Md5WithRsa,
    /// `SHA1-RSA`.
    Sha1WithRsa,
    /// `SHA256-RSA`.
    Sha256WithRsa,
    /// `SHA384-RSA`.
    Sha384WithRsa,
    /// `SHA512-RSA`.
    Sha512WithRsa,
    /// `DSA-SHA1`.
    DsaWithSha1,
    /// `DSA-SHA256`.
    DsaWithSha256,
    /// `ECDSA-SHA1`.
    EcdsaWithSha1,
    /// `ECDSA-SHA256`.
    EcdsaWithSha256,
    /// `ECDSA-SHA384`.
    EcdsaWithSha384,
    /// `ECDSA-SHA512`.
    EcdsaWithSha512,
    /// `SHA256-RSAPSS` (MGF1-SHA256, salt 32).
    Sha256WithRsaPss,
    /// `SHA384-RSAPSS` (MGF1-SHA384, salt 48).
    Sha384WithRsaPss,
    /// `SHA512-RSAPSS` (MGF1-SHA512, salt 64).
    Sha512WithRsaPss,
    /// `Ed25519`.
    PureEd25519,
}

impl SignatureAlgorithm {
    /// Go's `SignatureAlgorithm.String()`, the gateway's `signature_algorithm`.
    pub fn go_name(self) -> &'static str {
        use SignatureAlgorithm::*;
        match self {
            Unknown => "0",
            Md2WithRsa => "MD2-RSA",
            Md5WithRsa => "MD5-RSA",
            Sha1WithRsa => "SHA1-RSA",
            Sha256WithRsa => "SHA256-RSA",
            Sha384WithRsa => "SHA384-RSA",
            Sha512WithRsa => "SHA512-RSA",
            DsaWithSha1 => "DSA-SHA1",
            DsaWithSha256 => "DSA-SHA256",
            EcdsaWithSha1 => "ECDSA-SHA1",
            EcdsaWithSha256 => "ECDSA-SHA256",
            EcdsaWithSha384 => "ECDSA-SHA384",
            EcdsaWithSha512 => "ECDSA-SHA512",
            Sha256WithRsaPss => "SHA256-RSAPSS",
            Sha384WithRsaPss => "SHA384-RSAPSS",
            Sha512WithRsaPss => "SHA512-RSAPSS",
            PureEd25519 => "Ed25519",
        }
    }

    /// True for algorithms whose digest browsers no longer accept (MD2, MD5, SHA-1).
    pub fn is_weak(self) -> bool {
        use SignatureAlgorithm::*;
        matches!(
            self,
            Md2WithRsa | Md5WithRsa | Sha1WithRsa | DsaWithSha1 | EcdsaWithSha1
        )
    }

    /// Recognises an AlgorithmIdentifier as Go 1.19's `getSignatureAlgorithmFromAI`.
    pub(crate) fn from_identifier(ai: &AlgorithmIdentifier<'_>) -> Self {
        use SignatureAlgorithm::*;
        let table: &[(&[u8], SignatureAlgorithm)] = &[
            (oid::MD2_WITH_RSA, Md2WithRsa),
            (oid::MD5_WITH_RSA, Md5WithRsa),
            (oid::SHA1_WITH_RSA, Sha1WithRsa),
            (oid::ISO_SHA1_WITH_RSA, Sha1WithRsa),
            (oid::SHA256_WITH_RSA, Sha256WithRsa),
            (oid::SHA384_WITH_RSA, Sha384WithRsa),
            (oid::SHA512_WITH_RSA, Sha512WithRsa),
            (oid::DSA_WITH_SHA1, DsaWithSha1),
            (oid::DSA_WITH_SHA256, DsaWithSha256),
            (oid::ECDSA_WITH_SHA1, EcdsaWithSha1),
            (oid::ECDSA_WITH_SHA256, EcdsaWithSha256),
            (oid::ECDSA_WITH_SHA384, EcdsaWithSha384),
            (oid::ECDSA_WITH_SHA512, EcdsaWithSha512),
            (oid::ED25519, PureEd25519),
        ];
        if ai.oid == oid::ED25519 && ai.params.is_some() {
            // RFC 8410: the parameters MUST be absent; Go then calls it unknown.
            return Unknown;
        }
        if ai.oid == oid::RSASSA_PSS {
            return pss_from_params(ai.params).unwrap_or(Unknown);
        }
        table
            .iter()
            .find(|(o, _)| *o == ai.oid)
            .map_or(Unknown, |(_, a)| *a)
    }
}

/// Go forces RSASSA-PSS into three buckets: MGF1 with the message hash, salt = hash length,
/// trailer 1, hash parameters absent or NULL. Anything else is unknown.
fn pss_from_params(params: Option<&[u8]>) -> Option<SignatureAlgorithm> {
    let mut outer = Reader::new(params?);
    let mut seq = Reader::new(outer.read(tag::SEQUENCE)?);
    let hash = read_ai(&mut Reader::new(seq.read(tag::context_constructed(0))?))?;
    let mgf = read_ai(&mut Reader::new(seq.read(tag::context_constructed(1))?))?;
    let salt = Reader::new(seq.read(tag::context_constructed(2))?).read_i64()?;
    // Go's encoding/asn1 reads the optional `[3] EXPLICIT` trailer field: a zero-length element
    // ending the sequence is "explicit tag has no child", a zero-length `[3]` is "zero length
    // explicit tag was not an asn1.Flag" (both errors: unknown), another tag means the default.
    let trailer = match seq.read_element() {
        None if seq.is_empty() => 1,
        None => return None,
        Some(e)
            if e.contents.is_empty()
                && (seq.is_empty() || e.tag == tag::context_constructed(3)) =>
        {
            return None
        }
        Some(e) if e.tag == tag::context_constructed(3) => Reader::new(e.contents).read_i64()?,
        Some(_) => 1,
    };
    let mgf_hash = read_ai(&mut Reader::new(mgf.params?))?;
    let null_or_absent = |p: Option<&[u8]>| p.is_none() || p == Some(&[0x05, 0x00][..]);
    if !null_or_absent(hash.params)
        || mgf.oid != oid::MGF1
        || mgf_hash.oid != hash.oid
        || !null_or_absent(mgf_hash.params)
        || trailer != 1
    {
        return None;
    }
    match (hash.oid, salt) {
        (oid::SHA256, 32) => Some(SignatureAlgorithm::Sha256WithRsaPss),
        (oid::SHA384, 48) => Some(SignatureAlgorithm::Sha384WithRsaPss),
        (oid::SHA512, 64) => Some(SignatureAlgorithm::Sha512WithRsaPss),
        _ => None,
    }
}

/// Reads `SEQUENCE { OID, ANY OPTIONAL }` leniently (Go reads PSS parameters with
/// `encoding/asn1`, which ignores what follows the parameters).
fn read_ai<'a>(r: &mut Reader<'a>) -> Option<AlgorithmIdentifier<'a>> {
    let mut seq = Reader::new(r.read(tag::SEQUENCE)?);
    let oid = seq.read(tag::OID)?;
    let params = seq.read_element().map(|e| e.encoded);
    Some(AlgorithmIdentifier { oid, params })
}

/// Object identifiers, as the contents octets of their DER encoding.
#[allow(dead_code)]
pub(crate) mod oid {
    pub const MD2_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x02];
    pub const MD5_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x04];
    pub const SHA1_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x05];
    pub const RSASSA_PSS: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];
    pub const SHA256_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
    pub const SHA384_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c];
    pub const SHA512_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d];
    pub const MGF1: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08];
    pub const ISO_SHA1_WITH_RSA: &[u8] = &[0x2b, 0x0e, 0x03, 0x02, 0x1d];
    pub const DSA_WITH_SHA1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x03];
    pub const DSA_WITH_SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x02];
    pub const ECDSA_WITH_SHA1: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x01];
    pub const ECDSA_WITH_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
    pub const ECDSA_WITH_SHA384: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03];
    pub const ECDSA_WITH_SHA512: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x04];
    pub const ED25519: &[u8] = &[0x2b, 0x65, 0x70];
    pub const ED448: &[u8] = &[0x2b, 0x65, 0x71];
    pub const X25519: &[u8] = &[0x2b, 0x65, 0x6e];
    pub const X448: &[u8] = &[0x2b, 0x65, 0x6f];
    pub const SHA256: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01];
    pub const SHA384: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02];
    pub const SHA512: &[u8] = &[0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03];
    pub const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
    pub const DSA: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01];
    pub const EC_PUBLIC_KEY: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
    pub const P224: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x21];
    pub const P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
    pub const P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
    pub const P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];
    pub const PBES2: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x05, 0x0d];
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pss(hash: &[u8], salt: u8) -> Vec<u8> {
        // SEQUENCE { [0] { SEQ { hash, NULL } }, [1] { SEQ { MGF1, SEQ { hash, NULL } } }, [2] { INT salt } }
        let hash_ai = |h: &[u8]| {
            let mut v = vec![0x30, (h.len() + 4) as u8, 0x06, h.len() as u8];
            v.extend_from_slice(h);
            v.extend_from_slice(&[0x05, 0x00]);
            v
        };
        let h = hash_ai(hash);
        let mut mgf = vec![0x06, oid::MGF1.len() as u8];
        mgf.extend_from_slice(oid::MGF1);
        mgf.extend_from_slice(&h);
        let mut mgf_seq = vec![0x30, mgf.len() as u8];
        mgf_seq.extend(mgf);
        let mut body = vec![0xa0, h.len() as u8];
        body.extend_from_slice(&h);
        body.extend([0xa1, mgf_seq.len() as u8]);
        body.extend(mgf_seq);
        body.extend([0xa2, 0x03, 0x02, 0x01, salt]);
        let mut out = vec![0x30, body.len() as u8];
        out.extend(body);
        out
    }

    #[test]
    fn names_pss_buckets_like_go() {
        let p = pss(oid::SHA256, 32);
        let ai = AlgorithmIdentifier {
            oid: oid::RSASSA_PSS,
            params: Some(&p),
        };
        assert_eq!(
            SignatureAlgorithm::from_identifier(&ai).go_name(),
            "SHA256-RSAPSS"
        );
        let p = pss(oid::SHA256, 20);
        let ai = AlgorithmIdentifier {
            oid: oid::RSASSA_PSS,
            params: Some(&p),
        };
        assert_eq!(SignatureAlgorithm::from_identifier(&ai).go_name(), "0");
    }

    #[test]
    fn pss_trailer_field_like_go() {
        let name = |extra: &[u8]| {
            let mut p = pss(oid::SHA256, 32);
            p.extend_from_slice(extra);
            p[1] += extra.len() as u8;
            let ai = AlgorithmIdentifier {
                oid: oid::RSASSA_PSS,
                params: Some(&p),
            };
            SignatureAlgorithm::from_identifier(&ai).go_name()
        };
        assert_eq!(name(&[]), "SHA256-RSAPSS");
        assert_eq!(name(&[0xa3, 0x03, 0x02, 0x01, 0x01]), "SHA256-RSAPSS");
        assert_eq!(name(&[0xa3, 0x03, 0x02, 0x01, 0x02]), "0");
        assert_eq!(name(&[0x05, 0x00]), "0");
        assert_eq!(name(&[0xa4, 0x00]), "0");
        assert_eq!(name(&[0xa3, 0x00, 0x05, 0x00]), "0");
        assert_eq!(name(&[0xa4, 0x01, 0x00]), "SHA256-RSAPSS");
    }

    #[test]
    fn ed25519_with_parameters_is_unknown() {
        let ai = AlgorithmIdentifier {
            oid: oid::ED25519,
            params: Some(&[0x05, 0x00]),
        };
        assert_eq!(
            SignatureAlgorithm::from_identifier(&ai),
            SignatureAlgorithm::Unknown
        );
    }
}
