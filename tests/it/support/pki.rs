// The one PKI builder of the tests and benches: keys per algorithm, certificate parameters,
// issuing and self-signing, and a root -> intermediate -> leaf `Pki`, all around one clock,
// `NOW`.
//
// It depends on rcgen, time and std only, so that every user can take it as it is: the
// integration tests (`tests/it/support/mod.rs`: `mod pki;`), the benches (`#[path]` from
// `benches/support/bundles.rs`) and the unit tests of `src/chain/` (`mod pki { include!(..) }`,
// where the crate is `crate`, not `cert_preflight`; hence `//` comments and no inner attribute
// here). What the library's types add (forms, options, the clock as a `UnixTime`) is in
// `tests/it/support/mod.rs`. Users allow dead code: each takes what it needs.

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SignatureAlgorithm,
};

/// The tests' "now", RFC 3339: inside [`NOT_BEFORE`]..[`NOT_AFTER`], and before 2038 (APIG.3148).
pub const NOW: &str = "2030-01-01T00:00:00Z";

/// Start of every certificate's validity, (year, month, day): five years before [`NOW`].
pub const NOT_BEFORE: (i32, u8, u8) = (2025, 1, 1);

/// End of every certificate's validity: five years after [`NOW`].
pub const NOT_AFTER: (i32, u8, u8) = (2035, 1, 1);

/// A date for rcgen's `not_before`/`not_after`.
pub fn date((y, m, d): (i32, u8, u8)) -> time::OffsetDateTime {
    rcgen::date_time_ymd(y, m, d)
}

/// Key algorithms the tests cover; the certificate is signed with the issuer's algorithm
/// (SHA-256 for RSA-2048 and P-256, SHA-384 for RSA-3072 and P-384).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alg {
    Rsa2048,
    Rsa3072,
    P256,
    P384,
    Ed25519,
}

/// Fixed RSA-2048 keys (PKCS#8): rcgen cannot generate RSA keys. Three, so that the root, the
/// intermediate and the leaf of one [`Pki`] each have their own.
const RSA_2048: [&str; 3] = [
    include_str!("../../data/keys/rsa2048.pem"),
    include_str!("../../data/keys/rsa2048-b.pem"),
    include_str!("../../data/keys/rsa2048-c.pem"),
];

/// A fixed RSA-3072 key (PKCS#8).
const RSA_3072: &str = include_str!("../../data/keys/rsa3072.pem");

impl Alg {
    /// Every algorithm here (every family the gateway takes: RSA, ECDSA, EdDSA).
    pub fn all() -> [Alg; 5] {
        [
            Alg::Rsa2048,
            Alg::Rsa3072,
            Alg::P256,
            Alg::P384,
            Alg::Ed25519,
        ]
    }

    /// rcgen's signature algorithm for a key of this kind.
    pub fn signature(self) -> &'static SignatureAlgorithm {
        match self {
            Alg::Rsa2048 => &rcgen::PKCS_RSA_SHA256,
            Alg::Rsa3072 => &rcgen::PKCS_RSA_SHA384,
            Alg::P256 => &rcgen::PKCS_ECDSA_P256_SHA256,
            Alg::P384 => &rcgen::PKCS_ECDSA_P384_SHA384,
            Alg::Ed25519 => &rcgen::PKCS_ED25519,
        }
    }

    /// A key: a fresh one, or for RSA the first fixed key (the same every time).
    pub fn key(self) -> KeyPair {
        self.nth_key(0)
    }

    /// Key number `n` (0, 1 or 2): for RSA-2048 one of three distinct fixed keys, for the
    /// others a fresh key.
    pub fn nth_key(self, n: usize) -> KeyPair {
        let rsa = |pem: &str| KeyPair::from_pem_and_sign_algo(pem, self.signature()).unwrap();
        match self {
            Alg::Rsa2048 => rsa(RSA_2048[n % RSA_2048.len()]),
            Alg::Rsa3072 => rsa(RSA_3072),
            _ => KeyPair::generate_for(self.signature()).unwrap(),
        }
    }
}

/// One made certificate: its DER, its key, and the parameters it was made from (rcgen 0.14
/// issues from parameters and key: [`Made::issuer`]).
pub struct Made {
    pub cert: rcgen::Certificate,
    pub der: Vec<u8>,
    pub key: KeyPair,
    pub params: CertificateParams,
}

impl Made {
    /// Self-signs `params` with `key`.
    pub fn self_signed(params: CertificateParams, key: KeyPair) -> Made {
        let cert = params.self_signed(&key).unwrap();
        Made::new(cert, key, params)
    }

    /// Issues `params` for `key`, signed by `issuer`.
    pub fn signed_by(params: CertificateParams, key: KeyPair, issuer: &Made) -> Made {
        let cert = params.signed_by(&key, &issuer.issuer()).unwrap();
        Made::new(cert, key, params)
    }

    fn new(cert: rcgen::Certificate, key: KeyPair, params: CertificateParams) -> Made {
        Made {
            der: cert.der().to_vec(),
            cert,
            key,
            params,
        }
    }

    /// This certificate as the issuer of others (its subject name, key identifier and key).
    pub fn issuer(&self) -> Issuer<'_, &KeyPair> {
        Issuer::from_params(&self.params, &self.key)
    }

    /// The certificate, PEM.
    pub fn pem(&self) -> String {
        self.cert.pem()
    }

    /// Its private key, PKCS#8 PEM.
    pub fn key_pem(&self) -> String {
        self.key.serialize_pem()
    }
}

/// Parameters for an end-entity certificate with this CN and these DNS SANs, valid
/// [`NOT_BEFORE`] to [`NOT_AFTER`].
pub fn params(cn: &str, sans: &[&str]) -> CertificateParams {
    let mut p =
        CertificateParams::new(sans.iter().map(|s| s.to_string()).collect::<Vec<_>>()).unwrap();
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, cn);
    p.distinguished_name = dn;
    p.not_before = date(NOT_BEFORE);
    p.not_after = date(NOT_AFTER);
    p
}

/// Parameters for a CA: basicConstraints CA:TRUE without a path length, keyCertSign and cRLSign.
pub fn ca_params(cn: &str) -> CertificateParams {
    let mut p = params(cn, &[]);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
    p
}

/// The server certificate the gateway tests upload: `shop.example.com` (also in the SAN, with
/// `www.`), serverAuth, digitalSignature.
pub fn leaf_params() -> CertificateParams {
    let mut p = params(
        "shop.example.com",
        &["shop.example.com", "www.shop.example.com"],
    );
    p.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    p.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    p
}

/// Adds an O (organization) attribute after the CN.
pub fn with_org(mut p: CertificateParams, org: &str) -> CertificateParams {
    p.distinguished_name.push(DnType::OrganizationName, org);
    p
}

/// Self-signs `params` with a key of `alg`.
pub fn self_signed(params: CertificateParams, alg: Alg) -> Made {
    Made::self_signed(params, alg.key())
}

/// Issues `params` for a key of `alg`, signed by `issuer`.
pub fn signed_by(params: CertificateParams, alg: Alg, issuer: &Made) -> Made {
    Made::signed_by(params, alg.key(), issuer)
}

/// A root, an intermediate and a leaf; each has its own key (for RSA-2048, three fixed keys).
pub struct Pki {
    pub root: Made,
    pub intermediate: Made,
    pub leaf: Made,
}

impl Pki {
    /// "Test Root CA" -> "Test Issuing CA" -> [`leaf_params`], all of one algorithm.
    pub fn new(alg: Alg) -> Self {
        Self::with_leaf(alg, leaf_params())
    }

    /// The same with another leaf.
    pub fn with_leaf(alg: Alg, leaf: CertificateParams) -> Self {
        Self::build(
            [alg; 3],
            ca_params("Test Root CA"),
            ca_params("Test Issuing CA"),
            leaf,
        )
    }

    /// Any three levels: `algs` are the root's, the intermediate's and the leaf's.
    pub fn build(
        algs: [Alg; 3],
        root: CertificateParams,
        intermediate: CertificateParams,
        leaf: CertificateParams,
    ) -> Self {
        let root = Made::self_signed(root, algs[0].nth_key(0));
        let intermediate = Made::signed_by(intermediate, algs[1].nth_key(1), &root);
        let leaf = Made::signed_by(leaf, algs[2].nth_key(2), &intermediate);
        Pki {
            root,
            intermediate,
            leaf,
        }
    }

    /// The bundle the gateway expects in `cert_content`: leaf then intermediate, PEM.
    pub fn bundle_pem(&self) -> String {
        format!("{}{}", self.leaf.pem(), self.intermediate.pem())
    }
}
