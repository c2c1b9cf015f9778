//! The certificate chain of `cert_content`, `trusted_root_ca`, and the gateway's time rules.
//!
//! [`check`] takes the parsed certificates of `cert_content` (the server certificate first, then
//! its chain) and of `trusted_root_ca`, the clock and a [`TrustedRootCaPolicy`], and returns a
//! [`ChainReport`]: every problem found as a [`Diagnostic`] (in the order found; the verdict is
//! chosen by [`Rejection::from_diagnostics`](crate::Rejection::from_diagnostics)), warnings, and
//! the right order of the blocks when they are only out of order.
//!
//! # Rules
//!
//! APIG.2104 (`ChainNotMatched`), for each certificate and the next one in `cert_content`:
//! - the issuer name equals the next one's subject, byte for byte (raw DER, as Go compares);
//! - the signature verifies with the next one's key, as Go 1.19's `CheckSignatureFrom`
//!   (see `signed_data.rs`: SHA-1, MD5, MD2, DSA and unknown algorithms are refused as Go
//!   refuses them; what Go would verify but we cannot is a warning, never a silent pass);
//! - the issuer may sign certificates: an intermediate needs basicConstraints with cA (Go's
//!   `Verify`); the last certificate (or a trusted root) only needs not to be a v3 certificate
//!   without basicConstraints nor one with cA false (Go's `CheckSignatureFrom`, which lets v1
//!   roots sign); a keyUsage, when present and non-zero, must have keyCertSign;
//! - pathLenConstraint: a CA allows at most that many intermediates below it. Like Go, and
//!   unlike RFC 5280, self-issued intermediates count.
//!
//! Link failures are `chain.bad-signature`, `chain.signature-algorithm` (Go refuses the
//! algorithm), `chain.issuer-not-ca`, `chain.issuer-key-usage` and `chain.path-length`, at the
//! block whose signature fails or at the issuer's block.
//!
//! When a block is not issued by the next one (by name, or by a signature that fails), the
//! blocks are analysed as a whole: each is linked to the block named as its issuer (by signature
//! where several share the name; a self-issued block only to a same-named block whose key signed
//! it), the server certificate is found (block 1 unless it issued another block; else the one
//! that issued none) and its issuers are followed. The report then says what to do: the right
//! order (`chain.order`) when the blocks are only out of order, the missing issuer by name
//! (`chain.missing-issuer`), blocks that do not belong (`chain.unrelated`), repeated blocks
//! (`chain.duplicate`). [`ChainReport::order`] gives the blocks to upload, leaf first, whenever
//! reordering (and dropping repeats) makes one issuing chain; other problems may remain, and the
//! link checks run along that corrected path so they are reported at once.
//!
//! `trusted_root_ca` ([`TrustedRootCaPolicy::ServerChain`], on request; the default is
//! [`TrustedRootCaPolicy::ClientCaOnly`], see `docs/trusted-root-ca.md`): the chain must lead to
//! one of the trusted certificates: a certificate of the chain (the last one first) is one of
//! them, or was issued by one of them (name and signature, the CA rules above); else
//! `chain.untrusted`, APIG.2104. With [`TrustedRootCaPolicy::ClientCaOnly`] the trusted
//! certificates are a client-CA bundle for mutual TLS and are only required to be CA
//! certificates. In both, a trusted certificate that cannot sign certificates is APIG.2106
//! (`trusted.not-ca`, in `trusted_root_ca` with its block).
//!
//! Time, against the caller's clock: a certificate of `cert_content` (or the trusted root the
//! chain leads to, which Go's `Verify` checks too) past its notAfter is APIG.2102
//! (`chain.expired`; Go's `now.After(notAfter)`, so the notAfter second itself is still valid);
//! one not valid yet is only a warning (`time.not-yet-valid`): the gateway has no code for it.
//! The server certificate expiring at or after 2038-01-19T03:14:07Z is APIG.3148
//! (`leaf.expires-after-2038`); without subjectAltName it is APIG.2109 (`leaf.san-missing`).
//! The gateway applies these two to block 1; when the blocks are out of order (APIG.2104, which
//! takes precedence) they are applied to the real server certificate, the one people will fix.
//!
//! A certificate with a critical extension Go does not handle is a warning
//! (`chain.unhandled-critical-extension`): the upload's pairwise check ignores it, clients refuse.
//!
//! # Why our own checks and not rustls-webpki
//!
//! The gateway is a Go service: it checks the chain *in the order given*, compares names as raw
//! bytes, lets v1 roots sign, counts self-issued certificates against pathLenConstraint, refuses
//! SHA-1 but verifies RSA signatures of any key size, and (as we model an upload; see
//! `docs/limbo.md`) checks no host name, name constraints, EKU or policies. rustls-webpki builds its own path from an unordered pool, requires serverAuth
//! EKU, enforces name constraints, rejects v1 certificates and small keys, and answers one
//! opaque error: it would both disagree with the gateway and not tell which block to fix. The
//! checks above sit on our Go-faithful parser and `ring`, and cost one signature verification
//! per link (plus a few more only when blocks are out of order).
//!
//! # Block numbers
//!
//! Diagnostics name 1-based block numbers: by default the position in the given slice; with
//! [`check_numbered`] the caller's PEM block numbers (when other blocks sit between the
//! certificates of a field).

use crate::certificate::{Certificate, Name};
use crate::signed_data::{self, Outcome};
use crate::time::{UnixTime, GATEWAY_MAX_NOT_AFTER};
use crate::verdict::Warning;
use crate::verdict::{Diagnostic, DiagnosticId, Field, GatewayCode};
use std::fmt::Write as _;

mod anchor;
mod links;
mod path;
mod validity;
mod verify;

/// What `trusted_root_ca` is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TrustedRootCaPolicy {
    /// The server chain must lead to one of the trusted certificates (stricter than the gateway,
    /// on request only).
    ServerChain,
    /// The trusted certificates only verify client certificates (mutual TLS): they need only be
    /// CA certificates (the default: the real gateway accepted a `trusted_root_ca` that does
    /// not anchor the server chain; see `docs/trusted-root-ca.md`).
    #[default]
    ClientCaOnly,
}

/// What [`check`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ChainReport {
    /// Every problem, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// What the gateway accepts but a person should know.
    pub warnings: Vec<Warning>,
    /// When the certificates of `cert_content` are only out of order (or repeated): the block
    /// numbers to upload, server certificate first.
    pub order: Option<Vec<usize>>,
}

/// Checks the chain, `trusted_root_ca` and the time rules; block numbers are positions (1-based)
/// in `chain` and `trusted`.
///
/// ```
/// use cert_preflight::{check_chain, inspect, Certificate, TrustedRootCaPolicy, UnixTime};
///
/// let pem = include_str!("../../examples/bundle.pem");
/// let ders: Vec<Vec<u8>> = pem
///     .split("-----END CERTIFICATE-----")
///     .filter_map(|b| b.split("-----BEGIN CERTIFICATE-----\n").nth(1))
///     .map(|b64| {
///         use base64::Engine as _;
///         base64::engine::general_purpose::STANDARD.decode(b64.replace('\n', "")).unwrap()
///     })
///     .collect();
/// let chain: Vec<Certificate<'_>> = ders.iter().map(|d| Certificate::parse(d).unwrap()).collect();
/// let now = UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").unwrap();
/// let report = check_chain(&chain, &[], now, TrustedRootCaPolicy::ServerChain);
/// assert!(report.diagnostics.is_empty());
/// # let _ = inspect;
/// ```
pub fn check(
    chain: &[Certificate<'_>],
    trusted: &[Certificate<'_>],
    now: UnixTime,
    policy: TrustedRootCaPolicy,
) -> ChainReport {
    check_numbered(chain, &[], trusted, &[], now, policy)
}

/// As [`check`], with the PEM block number of each certificate (`chain_blocks[i]` for
/// `chain[i]`; an empty slice means positions).
pub fn check_numbered(
    chain: &[Certificate<'_>],
    chain_blocks: &[usize],
    trusted: &[Certificate<'_>],
    trusted_blocks: &[usize],
    now: UnixTime,
    policy: TrustedRootCaPolicy,
) -> ChainReport {
    let mut c = Checker {
        chain,
        chain_blocks,
        trusted,
        trusted_blocks,
        now,
        report: ChainReport::default(),
        signatures: Vec::new(),
        work: std::cell::Cell::new(0),
        over_budget_reported: false,
    };
    if chain.is_empty() {
        return c.report;
    }
    c.trusted_are_cas();
    let path = c.structure(policy);
    let anchor = match policy {
        TrustedRootCaPolicy::ServerChain if !trusted.is_empty() => c.anchor(&path),
        _ => Anchor::None,
    };
    c.links(&path, &anchor);
    c.times(&anchor, policy);
    c.critical_extensions();
    c.leaf(path[0]);
    c.report
}

/// Where the chain meets `trusted_root_ca`.
enum Anchor {
    /// No trusted certificates to meet (or the client-CA policy).
    None,
    /// Not met: already diagnosed.
    Missing,
    /// A certificate of the path is itself trusted.
    Itself,
    /// `path[pos]` was issued by `trusted[t]`.
    IssuedBy { pos: usize, t: usize, sig: Outcome },
}

/// At most this many same-named candidate issuers get a signature check when linking blocks that
/// are out of order (bounded work on hostile input).
const MAX_CANDIDATES: usize = 4;

struct Checker<'c, 'a> {
    chain: &'c [Certificate<'a>],
    chain_blocks: &'c [usize],
    trusted: &'c [Certificate<'a>],
    trusted_blocks: &'c [usize],
    now: UnixTime,
    report: ChainReport,
    /// Verified links `(subject, issuer)` of `chain`.
    signatures: Vec<((usize, usize), Outcome)>,
    /// Signature work spent so far, against [`signed_data::WORK_BUDGET`].
    work: std::cell::Cell<u32>,
    /// Whether the first link past the work bound was reported.
    over_budget_reported: bool,
}

impl<'a> Checker<'_, 'a> {
    pub(super) fn block(&self, i: usize) -> usize {
        self.chain_blocks.get(i).copied().unwrap_or(i + 1)
    }

    pub(super) fn trusted_block(&self, t: usize) -> usize {
        self.trusted_blocks.get(t).copied().unwrap_or(t + 1)
    }

    /// `block 2 (CN=Example CA)`.
    pub(super) fn desc(&self, i: usize) -> String {
        format!("block {} ({})", self.block(i), cert_name(&self.chain[i]))
    }

    pub(super) fn trusted_desc(&self, t: usize) -> String {
        format!(
            "trusted_root_ca block {} ({})",
            self.trusted_block(t),
            cert_name(&self.trusted[t])
        )
    }

    pub(super) fn push(&mut self, d: Diagnostic) {
        self.report.diagnostics.push(d);
    }

    pub(super) fn chain_diag(
        &self,
        code: GatewayCode,
        id: DiagnosticId,
        i: usize,
        msg: String,
    ) -> Diagnostic {
        Diagnostic::new(code, id, msg)
            .in_field(Field::CertContent)
            .at_block(self.block(i))
    }

    pub(super) fn warn(&mut self, id: DiagnosticId, field: Field, block: usize, msg: String) {
        self.report
            .warnings
            .push(Warning::new(id, msg).in_field(field).at_block(block));
    }
}

/// The issuer of a link: a block of `cert_content` or of `trusted_root_ca`.
#[derive(Clone, Copy)]
enum IssuerRef {
    Chain(usize),
    Trusted(usize),
}

/// basicConstraints with cA (what Go's `Verify` requires of an intermediate).
fn is_ca(cert: &Certificate<'_>) -> bool {
    cert.basic_constraints().is_some_and(|bc| bc.is_ca)
}

/// Go's `CheckSignatureFrom` test of a parent: not a v3 certificate without basicConstraints,
/// not basicConstraints with cA false (so a v1 root may sign).
fn can_sign_certificates(cert: &Certificate<'_>) -> bool {
    match cert.basic_constraints() {
        Some(bc) => bc.is_ca,
        None => cert.version() < 3,
    }
}

fn basic_constraints_text(cert: &Certificate<'_>) -> &'static str {
    match cert.basic_constraints() {
        Some(bc) if !bc.is_ca => "basicConstraints says CA:FALSE",
        Some(_) => "basicConstraints CA:TRUE",
        None => "no basicConstraints extension",
    }
}

/// A certificate's subject for people: its CN, else the whole name.
fn cert_name(cert: &Certificate<'_>) -> String {
    let cn = &cert.subject().common_name;
    if cn.is_empty() {
        name_text(cert.subject())
    } else {
        format!("CN={cn}")
    }
}

/// `CN=Example CA, OU=..., O=Example, L=..., ST=..., C=DE`; `an empty name` when empty.
fn name_text(name: &Name<'_>) -> String {
    let mut s = String::new();
    let mut add = |key: &str, v: &str| {
        if !s.is_empty() {
            s.push_str(", ");
        }
        let _ = write!(s, "{key}={v}");
    };
    if !name.common_name.is_empty() {
        add("CN", &name.common_name);
    }
    for (key, values) in [
        ("OU", &name.organizational_unit),
        ("O", &name.organization),
        ("L", &name.locality),
        ("ST", &name.state),
        ("C", &name.country),
    ] {
        for v in values {
            add(key, v);
        }
    }
    if s.is_empty() {
        s.push_str("an empty name");
    }
    s
}

/// Starts a sentence with a block description: `block 2 (...)` becomes `Block 2 (...)`; a field
/// name such as `trusted_root_ca` keeps its spelling.
fn capitalize(s: &str) -> String {
    match s.strip_prefix("block ") {
        Some(rest) => format!("Block {rest}"),
        None => s.to_owned(),
    }
}

#[cfg(test)]
#[allow(dead_code)] // the shared helpers serve the integration tests too
mod tests {
    //! What needs the crate's internals (the scenarios run in `tests/it/chain/`): certificates altered after parsing (v1 roots, refused or unverifiable
    //! algorithms, DSA issuers) and PEM block numbers.
    use super::*;
    use crate::algorithm::SignatureAlgorithm;
    use crate::spki::PublicKey;

    fn parse(der: &[u8]) -> Certificate<'_> {
        Certificate::parse(der).expect("rcgen makes certificates Go parses")
    }

    mod pki {
        include!("../../tests/it/support/pki.rs");
    }

    include!("../../tests/it/chain/support.rs");

    #[test]
    fn v1_roots_may_sign_but_v1_intermediates_may_not() {
        let r = root(params("Root CA", true), Alg::P256);
        let i = issue(params("Intermediate CA", true), Alg::P256, &r);
        let l = issue(params("leaf", false), Alg::P256, &i);
        let (lc, mut ic, mut rc) = (parse(&l.der), parse(&i.der), parse(&r.der));
        rc.version = 1;
        rc.basic_constraints = None;
        rc.key_usage = None;
        let report = check(
            &[lc.clone(), ic.clone(), rc.clone()],
            &[],
            now(),
            Default::default(),
        );
        assert_eq!(report, ChainReport::default());
        ic.version = 1;
        ic.basic_constraints = None;
        let report = check(&[lc, ic, rc], &[], now(), Default::default());
        assert_eq!(ids(&report), [("chain.issuer-not-ca", Some(2))]);
    }

    #[test]
    fn algorithms_go_refuses_are_2104_and_unverifiable_ones_a_warning() {
        let (r, i, l) = three(Alg::Rsa3072, Alg::Rsa2048, Alg::P256);
        let (mut lc, ic, rc) = (parse(&l.der), parse(&i.der), parse(&r.der));
        // The leaf claims SHA-1: Go 1.19 refuses it, and the signature does not verify either.
        lc.signature_algorithm = SignatureAlgorithm::Sha1WithRsa;
        let report = check(
            &[lc.clone(), ic.clone(), rc.clone()],
            &[],
            now(),
            Default::default(),
        );
        let text = only(
            &report,
            GatewayCode::ChainNotMatched,
            "chain.signature-algorithm",
            1,
        );
        assert!(
            text.starts_with("The gateway refuses certificates signed with SHA-1, MD5 or MD2 in the chain: block 1 (CN=leaf) is signed by block 2 (CN=Intermediate CA) with SHA1-RSA. The signature does not verify either."),
            "{text}"
        );
        assert_eq!(
            report.diagnostics[0].go_error.as_deref(),
            Some("x509: cannot verify signature: insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1)")
        );
        lc.signature_algorithm = SignatureAlgorithm::Unknown;
        let report = check(
            &[lc.clone(), ic.clone(), rc.clone()],
            &[],
            now(),
            Default::default(),
        );
        let text = only(
            &report,
            GatewayCode::ChainNotMatched,
            "chain.signature-algorithm",
            1,
        );
        assert!(
            text.contains(
                "Its signature algorithm, OID 1.2.840.113549.1.1.11, is not one Go knows."
            ),
            "{text}"
        );
        lc.signature_algorithm = SignatureAlgorithm::Md2WithRsa;
        let report = check(
            &[lc.clone(), ic.clone(), rc.clone()],
            &[],
            now(),
            Default::default(),
        );
        let text = only(
            &report,
            GatewayCode::ChainNotMatched,
            "chain.signature-algorithm",
            1,
        );
        assert!(text.contains("signed with SHA-1, MD5 or MD2"), "{text}");
        assert!(report.diagnostics[0]
            .go_error
            .as_deref()
            .is_some_and(|e| e.contains("algorithm unimplemented")));
        // An issuer with a DSA key: Go verifies no DSA signature; the fix names the issuer.
        let mut dsa = ic.clone();
        dsa.spki.key = PublicKey::Dsa;
        let mut leaf = lc.clone();
        leaf.signature_algorithm = SignatureAlgorithm::EcdsaWithSha256;
        let report = check(&[leaf, dsa, rc.clone()], &[], now(), Default::default());
        let text = only(
            &report,
            GatewayCode::ChainNotMatched,
            "chain.signature-algorithm",
            1,
        );
        assert!(report.diagnostics[0]
            .go_error
            .as_deref()
            .is_some_and(|e| e.contains("algorithm unimplemented")));
        assert!(
            text.contains(
                "Block 2 (CN=Intermediate CA) has a key Go cannot verify with (DSA or unknown)"
            ),
            "{text}"
        );
        // RSA-PSS by a key ring cannot take: Go would verify it, we cannot; never a silent pass.
        lc.signature_algorithm = SignatureAlgorithm::Sha256WithRsaPss;
        let mut small = ic.clone();
        small.spki.key = PublicKey::Rsa {
            n: &[0xc1; 64],
            e: 65537,
        };
        let report = check(&[lc, small, rc], &[], now(), Default::default());
        assert_eq!(report.diagnostics, vec![]);
        assert_eq!(report.warnings.len(), 1);
        assert_eq!(report.warnings[0].id, "chain.signature-unverifiable");
        assert!(
            report.warnings[0].message.contains("512-bit key"),
            "{}",
            report.warnings[0].message
        );
    }

    #[test]
    fn a_same_named_issuer_is_chosen_by_signature() {
        // Two CAs with one name (a re-keyed intermediate): the one that signed the leaf is put
        // first, whatever the given order.
        let r = root(params("Root CA", true), Alg::P256);
        let old = issue(params("Intermediate CA", true), Alg::P256, &r);
        let new = issue(params("Intermediate CA", true), Alg::P384, &r);
        let l = issue(params("leaf", false), Alg::P256, &new);
        let report = run_chain(&[&l, &old, &new, &r]);
        assert_eq!(
            ids(&report),
            [("chain.unrelated", Some(2))],
            "{:#?}",
            report.diagnostics
        );
    }

    #[test]
    fn an_unhandled_critical_extension_is_a_warning() {
        let r = root(params("Root CA", true), Alg::P256);
        let mut p = params("leaf", false);
        let mut ext = rcgen::CustomExtension::from_oid_content(
            &[1, 3, 6, 1, 4, 1, 55555, 1],
            vec![0x05, 0x00],
        );
        ext.set_criticality(true);
        p.custom_extensions.push(ext);
        let l = issue(p, Alg::P256, &r);
        let report = run_chain(&[&l, &r]);
        assert_eq!(report.diagnostics, vec![]);
        assert_eq!(report.warnings.len(), 1, "{:#?}", report.warnings);
        let w = &report.warnings[0];
        assert_eq!(
            (w.id.as_str(), w.block),
            ("chain.unhandled-critical-extension", Some(1))
        );
        assert!(
            w.message
                .starts_with("Block 1 (CN=leaf) has a critical extension"),
            "{}",
            w.message
        );
    }

    #[test]
    fn pem_block_numbers_are_used_when_given() {
        let (r, i, l) = three(Alg::P256, Alg::P256, Alg::P256);
        let certs = [parse(&r.der), parse(&i.der), parse(&l.der)];
        let report = check_numbered(&certs, &[2, 4, 5], &[], &[], now(), Default::default());
        assert_eq!(report.order, Some(vec![5, 4, 2]));
        assert_eq!(ids(&report), [("chain.order", Some(5))]);
    }
}
