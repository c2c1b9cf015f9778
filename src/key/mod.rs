//! The private key: read as Go 1.19's `tls.X509KeyPair` reads it, and matched against the first
//! certificate as Go matches it, with precise diagnostics when it is not usable.
//!
//! Interface for the pipeline:
//! - [`PrivateKey::from_field`] reads `private_key`: Go's loop of `pem.Decode` (with the
//!   constant-time base64 decoder), the first block whose label is `PRIVATE KEY` or ends in
//!   ` PRIVATE KEY`, then Go's `parsePrivateKey` (PKCS#1, then PKCS#8, then SEC1, whatever the
//!   label says). Failures are APIG.2106, or APIG.2105 for an encrypted key (label
//!   `ENCRYPTED PRIVATE KEY`, a `Proc-Type: 4,ENCRYPTED` or `DEK-Info` header, or an
//!   EncryptedPrivateKeyInfo under another label). Every diagnostic names
//!   [`Field::PrivateKey`] and, where there is one, the PEM block.
//! - [`PrivateKey::check_against`] matches the key with the first certificate (APIG.2101), as Go
//!   does, and beyond Go: the RSA exponent too, and the key's internal consistency (CRT values,
//!   an EC or Ed25519 public key stored beside the private one, a zero EC scalar, two different
//!   curves named). It says when the key belongs to another certificate of the chain.
//!   A first certificate whose key Go cannot use (DSA, unknown) is Go's
//!   `tls: unknown public key algorithm`: APIG.2106 on `cert_content`.
//! - [`PrivateKey::public_key_spki_sha256`] and [`PrivateKey::algorithm_name`] describe the key.
//!   `algorithm_name` returns `&str` (not `&'static str`): RSA names carry the modulus size.
//!
//! What Go itself refuses while parsing (`rsa.PrivateKey.Validate`: p·q ≠ n, d·e ≢ 1 mod p−1,
//! e outside [2, 2³¹−1]; an EC scalar not below the order) is APIG.2106 as at the gateway.
//! Where this module knowingly differs from Go: an RSA modulus above 16,384 bits or a private
//! exponent above 32,768 bits is refused (Go has no bound; the 8,192-character `private_key`
//! limit keeps real input far below); the exponent check and the consistency checks above give
//! APIG.2101 where Go would accept.
//!
//! Cost (release build, PEM included; see `docs/performance.md`): RSA-2048 about 10 µs, RSA-4096
//! 28 µs, P-256 16 µs (ring confirms the stored point), Ed25519 23 µs. Slower, with no faster
//! path in `ring` or the curve crates: a P-256 key without its point (the `p256` crate's
//! multiplication, 0.18 ms), P-384 (0.5 ms through ring, 0.8 ms without a stored point), P-224
//! (0.23 ms) and P-521 (1.1 ms), which ring does not support.
//!
//! Secrets: the parsed [`PrivateKey`] keeps only public values (modulus and exponent, point,
//! Ed25519 public key) and what the checks found. Every buffer this module allocates for private
//! material (PEM contents, padded scalars, the big integers of the RSA checks, a base64 copy) is
//! a [`Zeroizing`] buffer allocated at its final size, and no type that sees key material derives
//! `Debug`. Not covered: the stack temporaries inside `ring` and the curve crates.

mod asn1;
mod ec;
mod nat;
mod parse;
mod rsa;

use crate::bundle::shown;
use crate::certificate::Certificate;
use crate::der::bit_len;
use crate::hex::hex;
use crate::pem::{self, Secrecy, Skip};
use crate::spki::{Curve, PublicKey};
use crate::verdict::{Diagnostic, DiagnosticId, Field, GatewayCode, Severity, Warning};
use parse::{Format, Parsed, Parts, Refusal, Shape, What};
use std::borrow::Cow;
use zeroize::Zeroizing;

const DECRYPT_FIX: &str = "Decrypt it: `openssl pkey -in key.pem -out key-decrypted.pem` (it prompts for the passphrase), then upload key-decrypted.pem.";
const COMPARE_FIX: &str = "Upload the key the certificate was issued for. To compare, the SHA-256 of `openssl x509 -in cert.pem -noout -pubkey | openssl pkey -pubin -outform DER` and of `openssl pkey -in key.pem -pubout -outform DER` (`| openssl dgst -sha256`) must be equal.";
const ACCEPTED: &str =
    "the gateway accepts RSA, ECDSA (P-224, P-256, P-384, P-521) and Ed25519 private keys";

/// The public half of the key, as derived from the private key.
#[derive(Clone, PartialEq, Eq)]
enum Public {
    /// Modulus (unsigned, no leading zeros) and exponent.
    Rsa { n: Vec<u8>, e: u32 },
    /// Uncompressed point; all zero coordinates for a zero scalar (Go's (0, 0)).
    Ecdsa { curve: Curve, point: Vec<u8> },
    /// The public key.
    Ed25519([u8; 32]),
}

/// A private key Go's `tls.X509KeyPair` reads, reduced to what the checks need: its public key
/// and what is inconsistent in it. It holds no private material.
#[derive(Clone)]
pub struct PrivateKey {
    public: Public,
    spki_der: Vec<u8>,
    name: String,
    format: Format,
    block: usize,
    inconsistencies: Vec<String>,
}

/// Shows only public facts: algorithm, encoding, block, fingerprint.
impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PrivateKey")
            .field("algorithm", &self.name)
            .field("format", &self.format_name())
            .field("block", &self.block)
            .field("spki_sha256", &hex(&self.public_key_spki_sha256()))
            .field("inconsistencies", &self.inconsistencies.len())
            .finish_non_exhaustive()
    }
}

/// A certificate key compared with the private key.
enum Match {
    Same,
    /// Same modulus, other exponent (Go compares only the modulus).
    ExponentDiffers,
    Differs,
    TypeDiffers,
    /// DSA or an algorithm Go does not parse.
    Unusable,
}

impl PrivateKey {
    /// Reads `private_key` as Go's `tls.X509KeyPair` does; the errors are APIG.2106 or APIG.2105
    /// diagnostics on [`Field::PrivateKey`].
    ///
    /// ```
    /// use cert_preflight::PrivateKey;
    ///
    /// let key = PrivateKey::from_field(include_str!("../../examples/key.pem")).unwrap();
    /// assert_eq!(key.algorithm_name(), "ECDSA P-256");
    /// let refused = PrivateKey::from_field("-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n");
    /// assert_eq!(refused.unwrap_err()[0].code.error_code(), "APIG.2105");
    /// ```
    pub fn from_field(private_key: &str) -> Result<PrivateKey, Vec<Diagnostic>> {
        let decoded = pem::decode_all(private_key, Secrecy::Secret);
        let Some(block) = decoded.blocks.iter().find(|b| is_key_label(b.label)) else {
            return Err(vec![no_key_block(private_key, &decoded)]);
        };
        let at = |d: Diagnostic| d.in_field(Field::PrivateKey).at_block(block.index);
        if let Some(how) = encrypted_block(block) {
            return Err(vec![at(Diagnostic::new(
                GatewayCode::EncryptedPrivateKey,
                DiagnosticId::KeyEncrypted,
                format!("The private key (block {}, line {}) is encrypted ({how}); the gateway takes only unencrypted keys.", block.index, block.line),
            )
            .with_fix(DECRYPT_FIX))]);
        }
        if block.label == "OPENSSH PRIVATE KEY" {
            return Err(vec![at(openssh_diagnostic())]);
        }
        match parse::parse_private_key(&block.bytes) {
            Ok(parsed) => Ok(PrivateKey::build(parsed, block.index)),
            Err(refusal) => Err(vec![at(refusal_diagnostic(block.label, &refusal))]),
        }
    }

    fn build(parsed: Parsed<'_>, block: usize) -> PrivateKey {
        let mut inconsistencies = Vec::new();
        let public = match &parsed.parts {
            Parts::Rsa(k) => {
                inconsistencies.extend(rsa::inconsistencies(k));
                Public::Rsa {
                    n: k.n.to_vec(),
                    e: k.e,
                }
            }
            Parts::Ec(k) => {
                let point = ec::public_point(k.curve, &k.scalar, k.embedded_public).unwrap_or_else(|| {
                    inconsistencies.push("the private scalar is zero, which gives no public key (Go derives the point (0, 0), which matches no certificate)".to_owned());
                    let mut zero = vec![0u8; 1 + 2 * ec::coordinate_len(k.curve)];
                    zero[0] = 4;
                    zero
                });
                if k.inner_curve_differs {
                    inconsistencies.push(format!("PKCS#8 names the curve {} but the EC key inside names another one (Go uses PKCS#8's)", k.curve.go_name()));
                }
                if let Some(embedded) = k.embedded_public {
                    if !ec::same_point(embedded, &point) {
                        inconsistencies.push("the public key stored in the EC key is not the one its private scalar gives".to_owned());
                    }
                }
                Public::Ecdsa {
                    curve: k.curve,
                    point,
                }
            }
            Parts::Ed25519(seed) => {
                let mut public = [0u8; 32];
                if let Ok(pair) = ring::signature::Ed25519KeyPair::from_seed_unchecked(seed) {
                    use ring::signature::KeyPair as _;
                    public.copy_from_slice(pair.public_key().as_ref());
                }
                Public::Ed25519(public)
            }
        };
        if let Some(stored) = parsed.pkcs8_public {
            let derived = subject_public_key(&public);
            let same = match &public {
                Public::Ecdsa { point, .. } => ec::same_point(stored, point),
                _ => stored == derived.as_slice(),
            };
            if !same {
                inconsistencies.push("the public key stored in the PKCS#8 structure (OneAsymmetricKey publicKey) is not the one the private key gives".to_owned());
            }
        }
        let spki_der = spki(&public);
        PrivateKey {
            name: public_name(&public),
            public,
            spki_der,
            format: parsed.format,
            block,
            inconsistencies,
        }
    }

    /// Matches the key with the first certificate of the chain (Go's check, and beyond: the RSA
    /// exponent and the key's own consistency). Empty when the key belongs to `chain[0]` and is
    /// consistent, or when the chain is empty.
    pub fn check_against(&self, chain: &[Certificate<'_>]) -> Vec<Diagnostic> {
        self.check_against_public_keys(chain.iter().map(|c| (c.spki().der, c.spki().key)))
    }

    /// [`PrivateKey::check_against`] on public keys read elsewhere: each one's whole
    /// SubjectPublicKeyInfo DER and key, the first certificate's first.
    pub fn check_against_public_keys<'a>(
        &self,
        keys: impl IntoIterator<Item = (&'a [u8], PublicKey<'a>)>,
    ) -> Vec<Diagnostic> {
        self.check_keys(keys.into_iter().collect(), |_| None)
    }

    /// [`PrivateKey::check_against`] knowing whether the chain is only out of order
    /// (`reorder_fixes`): when the key belongs to another certificate of a chain that is in order
    /// (the intermediate's key given for the leaf), the diagnostic says whose key it is and does
    /// not suggest reordering, which would not help.
    pub(crate) fn check_against_chain(
        &self,
        chain: &[Certificate<'_>],
        reorder_fixes: bool,
    ) -> Vec<Diagnostic> {
        let keys = chain.iter().map(|c| (c.spki().der, c.spki().key)).collect();
        self.check_keys(keys, |i| {
            if reorder_fixes {
                return None;
            }
            let cert = chain.get(i - 1)?;
            let cn = &cert.subject().common_name;
            let kind = if cert.basic_constraints().is_some_and(|b| b.is_ca) {
                "a CA certificate"
            } else {
                "not the first certificate"
            };
            Some(format!("certificate {i} (CN={cn:?}, {kind})"))
        })
    }

    /// The match with the first key; `owner(i)` describes certificate i (1-based) when the key
    /// is its own and reordering would not help, else `None` (reordering is suggested).
    fn check_keys(
        &self,
        keys: Vec<(&[u8], PublicKey<'_>)>,
        owner: impl Fn(usize) -> Option<String>,
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let at = |d: Diagnostic| d.in_field(Field::PrivateKey).at_block(self.block);
        if let Some((leaf_der, leaf)) = keys.first() {
            // Described only for a diagnostic: hashing and hex cost more than the match.
            let theirs = || {
                format!(
                    "{} key, SPKI SHA-256 {}",
                    cert_key_name(leaf),
                    hex(&sha256(leaf_der))
                )
            };
            let ours = || {
                format!(
                    "{} key, SPKI SHA-256 {}",
                    self.name,
                    hex(&self.public_key_spki_sha256())
                )
            };
            let elsewhere = keys
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, (_, k))| matches!(self.compare(k), Match::Same))
                .map(|(i, _)| i + 1);
            let wrong_order = |message: String| {
                match elsewhere.map(|i| (i, owner(i))) {
                Some((_, Some(whose))) => (
                    format!("{message} This is the key of {whose} of cert_content; no order of the blocks makes it the server certificate's key."),
                    "Give the server certificate's own private key (the one its certificate request was made with), not the key of another certificate of the chain.".to_owned(),
                ),
                Some((i, None)) => (
                    format!("{message} The private key belongs to certificate {i} of cert_content: the certificates are in the wrong order."),
                    "Put the server certificate (the one issued for this key) first in cert_content, then its intermediate certificates in order, each followed by its issuer.".to_owned(),
                ),
                None => (message, COMPARE_FIX.to_owned()),
            }
            };
            match self.compare(leaf) {
                Match::Same => {}
                Match::Unusable => out.push(
                    Diagnostic::new(
                        GatewayCode::InvalidCertificateOrKey,
                        DiagnosticId::KeyCertificateKeyUnsupported,
                        format!("The first certificate's public key ({}) is not one Go can use for TLS (Go: \"tls: unknown public key algorithm\"); {ACCEPTED}.", theirs()),
                    )
                    .in_field(Field::CertContent)
                    .at_block(1)
                    .with_fix("Use a certificate issued for an RSA, ECDSA or Ed25519 key."),
                ),
                Match::TypeDiffers => {
                    let (message, fix) = wrong_order(format!("The private key ({}) is not of the type of the first certificate's key ({}) (Go: \"tls: private key type does not match public key type\").", ours(), theirs()));
                    out.push(at(Diagnostic::new(GatewayCode::KeyMismatch, DiagnosticId::KeyTypeMismatch, message).with_fix(fix)));
                }
                Match::Differs => {
                    let (message, fix) = wrong_order(format!("The private key ({}) does not belong to the first certificate ({}) (Go: \"tls: private key does not match public key\").", ours(), theirs()));
                    out.push(at(Diagnostic::new(GatewayCode::KeyMismatch, DiagnosticId::KeyMismatch, message).with_fix(fix)));
                }
                // Go compares the modulus only: the gateway accepts (see `findings`).
                Match::ExponentDiffers => {}
            }
        }
        out
    }

    /// What the gateway accepts, as Go does, but servers or clients will not: each of severity
    /// error. The key's stored values that disagree with each other (Go recomputes or ignores
    /// them; BoringSSL refuses to load such a key), and a key with the leaf's RSA modulus but
    /// another public exponent (Go compares the modulus only; every signature then fails).
    pub fn findings(&self, leaf: Option<&PublicKey<'_>>) -> Vec<Warning> {
        let mut out = Vec::new();
        let at = |w: Warning| {
            w.in_field(Field::PrivateKey)
                .at_block(self.block)
                .with_severity(Severity::Error)
        };
        if let Some(leaf) = leaf {
            if matches!(self.compare(leaf), Match::ExponentDiffers) {
                out.push(at(Warning::new(
                    DiagnosticId::KeyExponentMismatch,
                    format!(
                        "The private key ({}) has the first certificate's modulus but another public exponent ({}). The gateway accepts it, as Go does (Go compares only the modulus), but every signature the server makes with it fails under the certificate's exponent: TLS clients refuse the handshake, whatever the server software. Fix: {COMPARE_FIX}",
                        self.name,
                        cert_key_name(leaf)
                    ),
                )));
            }
        }
        if !self.inconsistencies.is_empty() {
            out.push(at(Warning::new(
                DiagnosticId::KeyInconsistent,
                format!(
                    "The {} private key is inconsistent: {}. The gateway accepts it, as Go does (Go derives the public key and recomputes the CRT values), and OpenSSL loads it too (it checks each CRT result and falls back); but BoringSSL's consistency check refuses to load it, so servers built on BoringSSL will not start with it. Fix: export the key again from its source (for example `openssl pkey -in original.pem -out key.pem`, which recomputes these values from the primes).",
                    self.name,
                    self.inconsistencies.join("; ")
                ),
            )));
        }
        out
    }

    fn compare(&self, key: &PublicKey<'_>) -> Match {
        match (&self.public, key) {
            (_, PublicKey::Dsa | PublicKey::Unknown) => Match::Unusable,
            (
                Public::Rsa { n, e },
                PublicKey::Rsa {
                    n: theirs,
                    e: their_e,
                },
            ) => {
                if n.as_slice() != strip_zeros(theirs) {
                    Match::Differs
                } else if u64::from(*e) != *their_e {
                    Match::ExponentDiffers
                } else {
                    Match::Same
                }
            }
            (Public::Ecdsa { curve, point }, PublicKey::Ecdsa { curve: c, point: p }) => {
                if curve == c && point.as_slice() == *p {
                    Match::Same
                } else {
                    Match::Differs
                }
            }
            (Public::Ed25519(k), PublicKey::Ed25519(theirs)) => {
                if k.as_slice() == *theirs {
                    Match::Same
                } else {
                    Match::Differs
                }
            }
            _ => Match::TypeDiffers,
        }
    }

    /// SHA-256 of the key's public key as a DER SubjectPublicKeyInfo (as Go's
    /// `MarshalPKIXPublicKey` encodes it; equal to a certificate's SPKI fingerprint when the
    /// certificate encodes its key the same canonical way).
    pub fn public_key_spki_sha256(&self) -> [u8; 32] {
        // Hashed when asked: a pre-flight that matches needs no fingerprint.
        sha256(&self.spki_der)
    }

    /// The key's public key as a DER SubjectPublicKeyInfo.
    pub fn public_key_spki_der(&self) -> &[u8] {
        &self.spki_der
    }

    /// Such as `RSA-2048`, `ECDSA P-256`, `Ed25519`.
    pub fn algorithm_name(&self) -> &str {
        &self.name
    }

    /// How the key was encoded: `PKCS#1`, `PKCS#8` or `SEC1`.
    pub fn format_name(&self) -> &'static str {
        match self.format {
            Format::Pkcs1 => "PKCS#1",
            Format::Pkcs8 => "PKCS#8",
            Format::Sec1 => "SEC1",
        }
    }

    /// The 1-based PEM block of `private_key` the key was read from.
    pub fn block(&self) -> usize {
        self.block
    }
}

/// Go: `Type == "PRIVATE KEY" || strings.HasSuffix(Type, " PRIVATE KEY")`.
fn is_key_label(label: &str) -> bool {
    label == "PRIVATE KEY" || label.ends_with(" PRIVATE KEY")
}

/// How a key block says it is encrypted, if it does.
fn encrypted_block(block: &pem::Block<'_>) -> Option<String> {
    if block.label == "ENCRYPTED PRIVATE KEY" {
        return Some("PKCS#8 EncryptedPrivateKeyInfo, label ENCRYPTED PRIVATE KEY".to_owned());
    }
    if let Some(proc_type) = block.header("Proc-Type") {
        if proc_type.contains("ENCRYPTED") {
            // Quote the value only when it is the expected short one: a header line that ran on
            // (line breaks lost) may hold the key's own text.
            let shown = if proc_type == "4,ENCRYPTED" {
                proc_type
            } else {
                "... ENCRYPTED ..."
            };
            return Some(format!(
                "legacy OpenSSL encryption, header `Proc-Type: {shown}`"
            ));
        }
    }
    if block.header("DEK-Info").is_some() {
        return Some("legacy OpenSSL encryption, header `DEK-Info`".to_owned());
    }
    let mut r = crate::der::Reader::new(&block.bytes);
    let encrypted_info = r
        .read(crate::der::tag::SEQUENCE)
        .and_then(|seq| {
            let mut seq = crate::der::Reader::new(seq);
            let alg = crate::der::Reader::new(seq.read(crate::der::tag::SEQUENCE)?)
                .read(crate::der::tag::OID)?;
            seq.read(crate::der::tag::OCTET_STRING)?;
            Some(parse::is_encryption_scheme(alg) && seq.is_empty())
        })
        .unwrap_or(false);
    encrypted_info.then(|| {
        format!(
            "its contents are a PKCS#8 EncryptedPrivateKeyInfo, under the label {}",
            block.label
        )
    })
}

fn openssh_diagnostic() -> Diagnostic {
    Diagnostic::new(
        GatewayCode::InvalidCertificateOrKey,
        DiagnosticId::KeyOpenssh,
        "The private key is in OpenSSH's own format (-----BEGIN OPENSSH PRIVATE KEY-----), which Go cannot read (Go: \"tls: failed to parse private key\").",
    )
    .with_fix("Convert a copy to PKCS#8: `ssh-keygen -p -m PKCS8 -f key` (rewrites the file in place, keeping or asking for its passphrase; give an empty new passphrase), or `openssl pkey -in key -out key.pem` where your OpenSSL reads OpenSSH keys.")
}

/// The diagnostic for a key block Go's `parsePrivateKey` refuses.
fn refusal_diagnostic(label: &str, r: &Refusal) -> Diagnostic {
    let label = shown(label);
    let go = format!(
        "Go: \"tls: failed to parse private key\" ({})",
        r.go_message
    );
    let new = |code, id, message: String| Diagnostic::new(code, id, message);
    let unsupported = |name: &str| {
        new(
            GatewayCode::InvalidCertificateOrKey,
            DiagnosticId::KeyUnsupportedAlgorithm,
            format!("The private key's algorithm is {name}; {ACCEPTED} ({go})."),
        )
        .with_fix("Get the certificate issued for an RSA (2048 bits or more) or ECDSA P-256/P-384 key, and upload that key.")
    };
    match &r.what {
        What::Unsupported(name) => unsupported(name),
        What::Malformed(Some(Shape::DsaOpenssl)) => unsupported("DSA"),
        _ if label == "DSA PRIVATE KEY" => unsupported("DSA"),
        What::Malformed(Some(shape @ Shape::EncryptedPkcs8)) => new(
            GatewayCode::EncryptedPrivateKey,
            DiagnosticId::KeyEncrypted,
            format!("The private key is {}, under the label {label}; the gateway takes only unencrypted keys.", shape.described()),
        )
        .with_fix(DECRYPT_FIX),
        What::UnknownAlgorithm(oid) => new(
            GatewayCode::InvalidCertificateOrKey,
            DiagnosticId::KeyUnknownAlgorithm,
            format!("The private key is of an algorithm Go does not know (PKCS#8 algorithm {oid}); {ACCEPTED} ({go})."),
        )
        .with_fix("Get the certificate issued for an RSA or ECDSA key, and upload that key."),
        What::ExplicitCurve => new(
            GatewayCode::InvalidCertificateOrKey,
            DiagnosticId::KeyExplicitCurve,
            format!("The EC private key spells out its curve's parameters instead of naming the curve; Go reads only named curves ({go})."),
        )
        .with_fix("Re-encode it with the curve's name: `openssl ec -in key.pem -param_enc named_curve -out key-named.pem`."),
        What::UnknownCurve(curve) => new(
            GatewayCode::InvalidCertificateOrKey,
            DiagnosticId::KeyUnknownCurve,
            format!("The EC private key is on the curve {curve}, which Go does not support; {ACCEPTED} ({go})."),
        )
        .with_fix("Get the certificate issued for a key on P-256 or P-384 (`openssl ecparam -name prime256v1 -genkey`), and upload that key."),
        What::MissingCurve => new(
            GatewayCode::InvalidCertificateOrKey,
            DiagnosticId::KeyMissingCurve,
            format!("The EC private key does not name its curve ({go})."),
        )
        .with_fix("Export the key again from its source as PKCS#8, which always names the curve: `openssl pkey -in original.pem -out key.pem`."),
        What::TooLarge => new(
            GatewayCode::InvalidCertificateOrKey,
            DiagnosticId::KeyTooLarge,
            format!("The RSA private key is larger than {} bits ({}).", rsa::MAX_RSA_BITS, r.go_message),
        )
        .with_fix("Use a key of at most 4096 bits."),
        What::RsaInvalid(_) | What::EcInvalid | What::EcScalarInvalid | What::Ed25519Invalid => {
            let why = match r.what {
                What::RsaInvalid(fault) => fault.explanation(),
                What::EcScalarInvalid => " The private scalar is not below the curve's order.",
                _ => "",
            };
            new(
                GatewayCode::InvalidCertificateOrKey,
                DiagnosticId::KeyInvalid,
                format!("Go refuses the private key ({go}).{why}"),
            )
            .with_fix("The key file is damaged or was edited: export it again from its source.")
        }
        What::Malformed(what) => {
            let found = what.map_or_else(String::new, |w| format!(" It holds {}.", w.described()));
            new(
                GatewayCode::InvalidCertificateOrKey,
                DiagnosticId::KeyMalformed,
                format!("The block labelled {label} is not a PKCS#1, PKCS#8 or SEC1 private key Go can read ({go}).{found}"),
            )
            .with_fix("Export the key again as unencrypted PKCS#8: `openssl pkey -in key.pem -out key-pkcs8.pem`.")
        }
    }
}

/// The diagnostic when no block's label ends in `PRIVATE KEY`.
fn no_key_block(text: &str, decoded: &pem::Decoded<'_>) -> Diagnostic {
    let labels: Vec<Cow<'_, str>> = decoded.blocks.iter().map(|b| shown(b.label)).collect();
    let field = |d: Diagnostic| d.in_field(Field::PrivateKey);
    if labels.is_empty() {
        let (found, fix) = describe_non_pem(text, decoded);
        return field(
            Diagnostic::new(
                GatewayCode::InvalidCertificateOrKey,
                DiagnosticId::KeyNoPem,
                format!("private_key holds no PEM block Go can read (Go: \"tls: failed to find any PEM data in key input\"): {found}."),
            )
            .with_fix(fix),
        );
    }
    let go = if labels == ["CERTIFICATE"] {
        "tls: found a certificate rather than a key in the PEM for the private key".to_owned()
    } else {
        format!("tls: failed to find PEM block with type ending in \"PRIVATE KEY\" in key input after skipping PEM blocks of the following types: [{}]", labels.join(" "))
    };
    let first_cert = decoded
        .blocks
        .iter()
        .find(|b| b.label.ends_with("CERTIFICATE"));
    if let Some(cert) = first_cert {
        return field(
            Diagnostic::new(
                GatewayCode::InvalidCertificateOrKey,
                DiagnosticId::KeyFieldsSwitched,
                format!("private_key holds a certificate (block {}, {}) and no private key: the fields look switched, or the key was left out (Go: \"{go}\").", cert.index, shown(cert.label)),
            )
            .at_block(cert.index)
            .with_fix("Put the certificate chain in cert_content and the private key (-----BEGIN PRIVATE KEY-----, RSA PRIVATE KEY or EC PRIVATE KEY) in private_key."),
        );
    }
    let hint = labels
        .iter()
        .find_map(|l| match l.as_ref() {
            "PUBLIC KEY" | "RSA PUBLIC KEY" => Some(" That is a public key: the gateway needs the private key that goes with the certificate."),
            "CERTIFICATE REQUEST" | "NEW CERTIFICATE REQUEST" => Some(" That is a certificate signing request, not the private key it was made with."),
            "EC PARAMETERS" => Some(" EC PARAMETERS only names a curve; the key itself is missing."),
            "PKCS7" => Some(" That is a PKCS#7 certificate bundle, which holds no private key."),
            "PKCS12" => Some(" That is a PKCS#12 bundle: extract the key with `openssl pkcs12 -in bundle.p12 -nocerts -nodes -out key.pem`."),
            _ => None,
        })
        .unwrap_or("");
    field(
        Diagnostic::new(
            GatewayCode::InvalidCertificateOrKey,
            DiagnosticId::KeyNoKeyBlock,
            format!("private_key holds no block labelled PRIVATE KEY or ending in \" PRIVATE KEY\", only: {} (Go: \"{go}\").{hint}", labels.join(", ")),
        )
        .at_block(decoded.blocks[0].index)
        .with_fix("Paste the private key PEM, from -----BEGIN PRIVATE KEY----- (or RSA PRIVATE KEY, EC PRIVATE KEY) to its END line."),
    )
}

/// What a text without decodable PEM holds, and what to do.
fn describe_non_pem(text: &str, decoded: &pem::Decoded<'_>) -> (String, String) {
    const WRAP: &str = "Convert it to PEM: `openssl pkey -inform DER -in key.der -out key.pem`.";
    if let Some(s) = decoded.skipped.first() {
        let why = match &s.reason {
            Skip::BeginLineUnterminated if text.contains("\\n") => {
                "its line breaks are written as the two characters \\n".to_owned()
            }
            Skip::BeginLineUnterminated => {
                "the BEGIN line does not end with five dashes".to_owned()
            }
            Skip::HeadersUnterminated => "the text ends inside the block's headers".to_owned(),
            Skip::NoEndLine => "no -----END line follows it".to_owned(),
            Skip::EndLineMismatch { end_line } => {
                format!(
                    "the END line (-----END {}) does not match it",
                    shown(end_line)
                )
            }
            Skip::TextAfterEndLine => "text follows the END line on the same line".to_owned(),
            Skip::InvalidBase64 { line: Some(l) } => format!("line {l} is not base64"),
            Skip::InvalidBase64 { line: None } => {
                "its base64 is truncated or badly padded".to_owned()
            }
        };
        return (
            format!("the BEGIN line of {} at line {} cannot be decoded: {why}", shown(s.label), s.line),
            "Paste the PEM file unchanged, with real line breaks, from its -----BEGIN line to its -----END line.".to_owned(),
        );
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return (
            "it is empty".to_owned(),
            "Paste the private key PEM.".to_owned(),
        );
    }
    if trimmed.starts_with("PuTTY-User-Key-File") {
        return (
            "a PuTTY private key (.ppk)".to_owned(),
            "Convert it: `puttygen key.ppk -O private-openssh -o key.pem` (then to PKCS#8 with `openssl pkey -in key.pem -out key-pkcs8.pem` if needed).".to_owned(),
        );
    }
    if ["ssh-rsa ", "ssh-ed25519 ", "ecdsa-sha2-", "ssh-dss "]
        .iter()
        .any(|p| trimmed.starts_with(p))
    {
        return (
            "an OpenSSH public key".to_owned(),
            "Paste the private key that goes with the certificate, in PEM.".to_owned(),
        );
    }
    let base64_only = trimmed.bytes().all(|b| {
        b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'=' | b'\r' | b'\n' | b' ' | b'\t')
    });
    if base64_only {
        // Sized once: a growing String would leave copies of the key's base64 behind.
        let mut clean = Zeroizing::new(String::with_capacity(trimmed.len()));
        clean.extend(trimmed.chars().filter(|c| !c.is_ascii_whitespace()));
        use base64ct::Encoding as _;
        if let Ok(der) = base64ct::Base64::decode_vec(&clean).map(Zeroizing::new) {
            if let Some((what, label)) = describe_der(&der) {
                return (
                    format!("base64 of {what}, without the -----BEGIN/-----END lines"),
                    format!("Add the PEM lines: -----BEGIN {label}----- on its own line before the base64, and -----END {label}----- after it."),
                );
            }
        }
    }
    if let Some((what, _)) = describe_der(trimmed.as_bytes()) {
        let fix = if what.contains("PKCS#12") {
            "Extract the key: `openssl pkcs12 -in bundle.p12 -nocerts -nodes -out key.pem`."
        } else {
            WRAP
        };
        return (format!("binary DER: {what}"), fix.to_owned());
    }
    if text.starts_with("0\u{fffd}") || text.contains('\u{fffd}') {
        return (
            "binary data (DER or PKCS#12?), not PEM text".to_owned(),
            format!("{WRAP} For a PKCS#12 (.p12/.pfx) file: `openssl pkcs12 -in bundle.p12 -nocerts -nodes -out key.pem`."),
        );
    }
    (
        "no -----BEGIN line at the start of a line".to_owned(),
        "Paste the private key PEM, from -----BEGIN PRIVATE KEY----- (or RSA PRIVATE KEY, EC PRIVATE KEY) to its END line.".to_owned(),
    )
}

/// What DER bytes are, and the PEM label they go under.
fn describe_der(der: &[u8]) -> Option<(String, &'static str)> {
    match parse::parse_private_key(der) {
        Ok(parsed) => {
            let (what, label) = match (&parsed.parts, parsed.format) {
                (_, Format::Pkcs8) => ("an unencrypted PKCS#8 private key", "PRIVATE KEY"),
                (Parts::Rsa(_), _) => ("an unencrypted PKCS#1 RSA private key", "RSA PRIVATE KEY"),
                _ => ("an unencrypted SEC1 EC private key", "EC PRIVATE KEY"),
            };
            Some((what.to_owned(), label))
        }
        Err(Refusal {
            what: What::Malformed(Some(w)),
            ..
        }) => {
            let label = if w == Shape::EncryptedPkcs8 {
                "ENCRYPTED PRIVATE KEY"
            } else {
                "PRIVATE KEY"
            };
            Some((w.described().to_owned(), label))
        }
        Err(Refusal {
            what: What::Malformed(None),
            ..
        }) => None,
        Err(r) => Some((
            format!("a private key Go refuses ({})", r.go_message),
            "PRIVATE KEY",
        )),
    }
}

/// The subjectPublicKey bits of a SubjectPublicKeyInfo for the key.
fn subject_public_key(public: &Public) -> Vec<u8> {
    match public {
        Public::Rsa { n, e } => {
            let mut body = integer(n);
            body.extend(integer(strip_zeros(&e.to_be_bytes())));
            tlv(0x30, &body)
        }
        Public::Ecdsa { point, .. } => point.clone(),
        Public::Ed25519(k) => k.to_vec(),
    }
}

/// The SubjectPublicKeyInfo DER, as Go's `MarshalPKIXPublicKey` writes it.
fn spki(public: &Public) -> Vec<u8> {
    use crate::algorithm::oid;
    let algorithm = match public {
        Public::Rsa { .. } => [tlv(0x06, oid::RSA_ENCRYPTION), vec![0x05, 0x00]].concat(),
        Public::Ecdsa { curve, .. } => {
            let curve_oid = match curve {
                Curve::P224 => oid::P224,
                Curve::P256 => oid::P256,
                Curve::P384 => oid::P384,
                Curve::P521 => oid::P521,
            };
            [tlv(0x06, oid::EC_PUBLIC_KEY), tlv(0x06, curve_oid)].concat()
        }
        Public::Ed25519(_) => tlv(0x06, oid::ED25519),
    };
    let bits = [&[0u8][..], &subject_public_key(public)].concat();
    tlv(0x30, &[tlv(0x30, &algorithm), tlv(0x03, &bits)].concat())
}

fn integer(magnitude: &[u8]) -> Vec<u8> {
    let mut v = Vec::with_capacity(magnitude.len() + 1);
    if magnitude.first().is_none_or(|&b| b & 0x80 != 0) {
        v.push(0);
    }
    v.extend_from_slice(magnitude);
    tlv(0x02, &v)
}

fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let len = contents.len();
    // Sized once (tag, at most five length octets, contents): no reallocation.
    let mut out = Vec::with_capacity(len + 6);
    out.push(tag);
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = strip_zeros(&(len as u64).to_be_bytes()).to_vec();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(contents);
    out
}

fn strip_zeros(v: &[u8]) -> &[u8] {
    let start = v.iter().position(|&b| b != 0).unwrap_or(v.len());
    &v[start..]
}

fn sha256(data: &[u8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    out.copy_from_slice(ring::digest::digest(&ring::digest::SHA256, data).as_ref());
    out
}

fn public_name(public: &Public) -> String {
    match public {
        Public::Rsa { n, .. } => format!("RSA-{}", bit_len(n)),
        Public::Ecdsa { curve, .. } => format!("ECDSA {}", curve.go_name()),
        Public::Ed25519(_) => "Ed25519".to_owned(),
    }
}

fn cert_key_name(key: &PublicKey<'_>) -> String {
    match key {
        PublicKey::Rsa { n, .. } => format!("RSA-{}", bit_len(n)),
        PublicKey::Ecdsa { curve, .. } => format!("ECDSA {}", curve.go_name()),
        PublicKey::Ed25519(_) => "Ed25519".to_owned(),
        PublicKey::Dsa => "DSA".to_owned(),
        PublicKey::Unknown => "unknown-algorithm".to_owned(),
    }
}

#[cfg(test)]
mod tests;
