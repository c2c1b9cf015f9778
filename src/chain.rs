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
//! `trusted_root_ca` ([`TrustedRootCaPolicy::ServerChain`], the default): the chain must lead to
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

/// What `trusted_root_ca` is for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum TrustedRootCaPolicy {
    /// The server chain must lead to one of the trusted certificates (the default).
    #[default]
    ServerChain,
    /// The trusted certificates only verify client certificates (mutual TLS): they need only be
    /// CA certificates.
    ClientCaOnly,
}

/// What [`check`] found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
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
    fn block(&self, i: usize) -> usize {
        self.chain_blocks.get(i).copied().unwrap_or(i + 1)
    }

    fn trusted_block(&self, t: usize) -> usize {
        self.trusted_blocks.get(t).copied().unwrap_or(t + 1)
    }

    /// `block 2 (CN=Example CA)`.
    fn desc(&self, i: usize) -> String {
        format!("block {} ({})", self.block(i), cert_name(&self.chain[i]))
    }

    fn trusted_desc(&self, t: usize) -> String {
        format!(
            "trusted_root_ca block {} ({})",
            self.trusted_block(t),
            cert_name(&self.trusted[t])
        )
    }

    fn push(&mut self, d: Diagnostic) {
        self.report.diagnostics.push(d);
    }

    fn chain_diag(&self, code: GatewayCode, id: DiagnosticId, i: usize, msg: String) -> Diagnostic {
        Diagnostic::new(code, id, msg)
            .in_field(Field::CertContent)
            .at_block(self.block(i))
    }

    fn warn(&mut self, id: DiagnosticId, field: Field, block: usize, msg: String) {
        self.report
            .warnings
            .push(Warning::new(id, msg).in_field(field).at_block(block));
    }

    /// APIG.2106 for trusted certificates that cannot sign certificates.
    fn trusted_are_cas(&mut self) {
        for t in 0..self.trusted.len() {
            let cert = &self.trusted[t];
            if can_sign_certificates(cert) {
                continue;
            }
            let why = basic_constraints_text(cert);
            let d = Diagnostic::new(
                GatewayCode::InvalidCertificateOrKey,
                DiagnosticId::TrustedNotCa,
                format!("{} is not a CA certificate ({why}).", self.trusted_desc(t)),
            )
            .in_field(Field::TrustedRootCa)
            .at_block(self.trusted_block(t))
            .with_fix(
                "trusted_root_ca takes CA certificates only (basicConstraints CA:TRUE): put the \
                 root CA certificate there, not a server or client certificate.",
            );
            self.push(d);
        }
    }

    /// Links the blocks into a path (indexes into `chain`, server certificate first) and
    /// diagnoses order, missing issuers, unrelated and repeated blocks.
    fn structure(&mut self, policy: TrustedRootCaPolicy) -> Vec<usize> {
        let chain = self.chain;
        let n = chain.len();
        // The usual case: every block issued by the next (these verifications are cached for
        // the link checks).
        if (1..n).all(|i| {
            chain[i - 1].raw_issuer() == chain[i].raw_subject() && self.plausible(i - 1, i)
        }) {
            return (0..n).collect();
        }
        // Repeated blocks: the first copy stands for them.
        let mut dup_of = vec![None; n];
        for i in 1..n {
            dup_of[i] = (0..i).find(|&j| dup_of[j].is_none() && chain[j].der() == chain[i].der());
        }
        let unique: Vec<usize> = (0..n).filter(|&i| dup_of[i].is_none()).collect();
        let mut issuer_of: Vec<Option<usize>> = vec![None; n];
        for &i in &unique {
            let named: Vec<usize> = unique
                .iter()
                .copied()
                .filter(|&j| j != i && chain[j].raw_subject() == chain[i].raw_issuer())
                .collect();
            let mut signer = named.iter().take(MAX_CANDIDATES).copied();
            issuer_of[i] = if chain[i].is_self_issued() {
                // A root, or a CA's new key certified by its old one: linked only to a
                // same-named certificate whose key really signed it.
                signer.find(|&j| self.plausible(i, j))
            } else if named.len() == 1 {
                // The only candidate by name (a bad signature is reported by the link checks).
                Some(named[0])
            } else {
                signer
                    .find(|&j| self.plausible(i, j))
                    .or(named.first().copied())
            };
        }
        let mut issues_other = vec![false; n];
        for j in issuer_of.iter().flatten() {
            issues_other[*j] = true;
        }
        let leaf = if !issues_other[0] {
            0
        } else {
            let free = || unique.iter().copied().filter(|&i| !issues_other[i]);
            free()
                .find(|&i| !is_ca(&chain[i]))
                .or_else(|| free().next())
                .unwrap_or(0)
        };
        let mut on_path = vec![false; n];
        let mut path = vec![leaf];
        on_path[leaf] = true;
        let mut cur = leaf;
        while let Some(j) = issuer_of[cur] {
            if on_path[j] {
                break;
            }
            on_path[j] = true;
            path.push(j);
            cur = j;
        }
        let rest: Vec<usize> = unique.iter().copied().filter(|&i| !on_path[i]).collect();
        let path_text = self.blocks_text(&path);

        for (i, first) in dup_of.iter().enumerate() {
            if let Some(j) = *first {
                let d = self
                    .chain_diag(
                        GatewayCode::ChainNotMatched,
                        DiagnosticId::ChainDuplicate,
                        i,
                        format!(
                            "Block {} is the same certificate as {}.",
                            self.block(i),
                            self.desc(j)
                        ),
                    )
                    .with_fix(format!("Remove block {}.", self.block(i)));
                self.push(d);
            }
        }

        if rest.is_empty() {
            let in_order = path.iter().copied().eq(unique.iter().copied());
            if !in_order {
                let mut msg = String::from(
                    "The certificates are not in order: the gateway needs the server certificate \
                     first, then the certificate that issued it, and so on.",
                );
                if leaf != 0 {
                    let _ = write!(
                        msg,
                        " The server certificate is {}, not block {}.",
                        self.desc(leaf),
                        self.block(0)
                    );
                }
                let d = self
                    .chain_diag(
                        GatewayCode::ChainNotMatched,
                        DiagnosticId::ChainOrder,
                        leaf,
                        msg,
                    )
                    .with_fix(format!("Put the blocks in this order: {path_text}."));
                self.push(d);
            }
            if !in_order || unique.len() < n {
                self.report.order = Some(path.iter().map(|&i| self.block(i)).collect());
            }
            return path;
        }

        let end = *path.last().unwrap_or(&leaf);
        let end_cert = &chain[end];
        let trusted_issuer = policy == TrustedRootCaPolicy::ServerChain
            && self
                .trusted
                .iter()
                .any(|t| t.raw_subject() == end_cert.raw_issuer());
        let missing = !end_cert.is_self_issued() && !trusted_issuer;
        let issuer_name = name_text(end_cert.issuer());
        if missing {
            let d = self
                .chain_diag(
                    GatewayCode::ChainNotMatched,
                    DiagnosticId::ChainMissingIssuer,
                    end,
                    format!(
                        "{} is issued by {issuer_name}, but that certificate is not in cert_content.",
                        capitalize(&self.desc(end))
                    ),
                )
                .with_fix(format!(
                    "Add the certificate of {issuer_name} right after block {} (your CA publishes \
                     it as the intermediate or chain certificate).",
                    self.block(end)
                ));
            self.push(d);
        }
        for &r in &rest {
            let d = if missing && is_ca(&chain[r]) {
                self.chain_diag(
                    GatewayCode::ChainNotMatched,
                    DiagnosticId::ChainUnrelated,
                    r,
                    format!(
                        "{} did not issue {}, whose issuer is {issuer_name}.",
                        capitalize(&self.desc(r)),
                        self.desc(end)
                    ),
                )
                .with_fix(format!(
                    "Put the certificate of {issuer_name} after block {}; keep block {} only if \
                     it issued that certificate, else remove it.",
                    self.block(end),
                    self.block(r)
                ))
            } else {
                self.chain_diag(
                    GatewayCode::ChainNotMatched,
                    DiagnosticId::ChainUnrelated,
                    r,
                    format!(
                        "{} does not belong to the chain of the server certificate ({}): none of \
                         its certificates was issued by it.",
                        capitalize(&self.desc(r)),
                        self.desc(leaf)
                    ),
                )
                .with_fix(format!(
                    "Remove block {}; the chain is then blocks {path_text}.",
                    self.block(r)
                ))
            };
            self.push(d);
        }
        path
    }

    /// `3 (CN=a), 1 (CN=b)`.
    fn blocks_text(&self, path: &[usize]) -> String {
        let mut s = String::new();
        for (k, &i) in path.iter().enumerate() {
            if k > 0 {
                s.push_str(", ");
            }
            let _ = write!(s, "{} ({})", self.block(i), cert_name(&self.chain[i]));
        }
        s
    }

    /// The signature of `chain[s]` by `chain[i]`, verified once.
    fn link_signature(&mut self, s: usize, i: usize) -> Outcome {
        if let Some((_, o)) = self.signatures.iter().find(|(k, _)| *k == (s, i)) {
            return o.clone();
        }
        let o = self.signature(s, &self.chain[i]);
        self.signatures.push(((s, i), o.clone()));
        o
    }

    /// Whether `chain[i]` may have signed `chain[s]`: anything but a signature that fails.
    fn plausible(&mut self, s: usize, i: usize) -> bool {
        !matches!(self.link_signature(s, i), Outcome::Invalid { .. })
    }

    fn signature(&self, subject: usize, issuer: &Certificate<'_>) -> Outcome {
        let s = &self.chain[subject];
        // Bounded work: past the budget a signature is not checked, and the chain is refused.
        let work = self
            .work
            .get()
            .saturating_add(signed_data::cost(&issuer.spki().key));
        if work > signed_data::WORK_BUDGET {
            return Outcome::OverBudget;
        }
        self.work.set(work);
        signed_data::check(
            issuer.spki(),
            s.signature_algorithm(),
            s.tbs(),
            s.signature(),
        )
    }

    /// Finds where the path meets `trusted_root_ca`, from the top down; diagnoses when it does not.
    fn anchor(&mut self, path: &[usize]) -> Anchor {
        let mut wrong_key: Option<(usize, usize)> = None;
        // Bounded work: a trusted_root_ca full of same-named decoys costs a few signatures, not
        // one per decoy and position.
        let mut tries = 0;
        for pos in (0..path.len()).rev() {
            let cert = &self.chain[path[pos]];
            if self.trusted.iter().any(|t| t.der() == cert.der()) {
                return Anchor::Itself;
            }
            for t in 0..self.trusted.len() {
                if self.trusted[t].raw_subject() != cert.raw_issuer() {
                    continue;
                }
                if tries == 2 * MAX_CANDIDATES {
                    break;
                }
                tries += 1;
                // A refused or unverifiable signature still shows which root the chain leads
                // to; the link checks report it.
                match self.signature(path[pos], &self.trusted[t]) {
                    Outcome::Invalid { .. } => {
                        wrong_key.get_or_insert((pos, t));
                    }
                    sig => return Anchor::IssuedBy { pos, t, sig },
                }
            }
        }
        let top = *path.last().unwrap_or(&0);
        let top_cert = &self.chain[top];
        let mut msg = if top_cert.is_self_issued() {
            format!(
                "The chain ends at {}, which names itself as its issuer (a root) and is not in \
                 trusted_root_ca.",
                self.desc(top)
            )
        } else {
            format!(
                "The chain ends at {}, issued by {}; no certificate of trusted_root_ca is that issuer.",
                self.desc(top),
                name_text(top_cert.issuer())
            )
        };
        if let Some((pos, t)) = wrong_key {
            let _ = write!(
                msg,
                " {} has the issuer's name of {} but its key did not sign it.",
                capitalize(&self.trusted_desc(t)),
                self.desc(path[pos])
            );
        }
        let root_name = if top_cert.is_self_issued() {
            name_text(top_cert.subject())
        } else {
            name_text(top_cert.issuer())
        };
        let d = self
            .chain_diag(
                GatewayCode::ChainNotMatched,
                DiagnosticId::ChainUntrusted,
                top,
                msg,
            )
            .with_fix(format!(
                "Put the CA certificate {root_name} (the root of this chain) into trusted_root_ca, \
                 or leave trusted_root_ca out if it is not meant for this server certificate."
            ));
        self.push(d);
        Anchor::Missing
    }

    /// The signature, CA, keyUsage and pathLenConstraint checks of every link of the path, and of
    /// the link to the trusted root.
    fn links(&mut self, path: &[usize], anchor: &Anchor) {
        let last = path.len() - 1;
        let top_has_issuer = matches!(anchor, Anchor::IssuedBy { pos, .. } if *pos == last);
        for k in 1..path.len() {
            let (s, i) = (path[k - 1], path[k]);
            let intermediate = k < last || top_has_issuer;
            let sig = self.link_signature(s, i);
            let issuer = &self.chain[i];
            self.signature_result(sig, s, IssuerRef::Chain(i));
            self.issuer_rules(issuer, intermediate, k, s, IssuerRef::Chain(i));
        }
        if let Anchor::IssuedBy { pos, t, sig } = anchor {
            let (pos, t) = (*pos, *t);
            self.signature_result(sig.clone(), path[pos], IssuerRef::Trusted(t));
            let issuer = &self.trusted[t];
            self.issuer_rules(issuer, false, pos + 1, path[pos], IssuerRef::Trusted(t));
        }
    }

    fn issuer_desc(&self, r: IssuerRef) -> String {
        match r {
            IssuerRef::Chain(i) => self.desc(i),
            IssuerRef::Trusted(t) => self.trusted_desc(t),
        }
    }

    fn issuer_diag(&self, r: IssuerRef, id: DiagnosticId, s: usize, msg: String) -> Diagnostic {
        let d = Diagnostic::new(GatewayCode::ChainNotMatched, id, msg);
        match r {
            IssuerRef::Chain(i) => d.in_field(Field::CertContent).at_block(self.block(i)),
            IssuerRef::Trusted(t) => d
                .in_field(Field::TrustedRootCa)
                .at_block(self.trusted_block(t)),
        }
        .with_fix(match id {
            DiagnosticId::ChainIssuerNotCa | DiagnosticId::ChainIssuerKeyUsage => format!(
                "{} cannot issue certificates: check that it is really the CA certificate that \
                 issued {}, and get the right one from your CA.",
                capitalize(&self.issuer_desc(r)),
                self.desc(s)
            ),
            _ => format!(
                "Leave out the extra intermediate certificates, or get a chain from your CA that \
                 fits the path length of {}.",
                self.issuer_desc(r)
            ),
        })
    }

    /// Whether the issuer may sign certificates, and its path length.
    fn issuer_rules(
        &mut self,
        issuer: &Certificate<'_>,
        intermediate: bool,
        k: usize,
        s: usize,
        r: IssuerRef,
    ) {
        let may_sign = if intermediate {
            is_ca(issuer)
        } else {
            can_sign_certificates(issuer)
        };
        if !may_sign {
            let msg = format!(
                "{} issued {} but is not a CA certificate ({}).",
                capitalize(&self.issuer_desc(r)),
                self.desc(s),
                basic_constraints_text(issuer)
            );
            let d = self.issuer_diag(r, DiagnosticId::ChainIssuerNotCa, s, msg);
            self.push(d);
        }
        if let Some(ku) = issuer.key_usage() {
            if ku.0 != 0 && !ku.cert_sign() {
                let msg = format!(
                    "{} issued {} but its keyUsage does not allow signing certificates (no keyCertSign).",
                    capitalize(&self.issuer_desc(r)),
                    self.desc(s)
                );
                let d = self.issuer_diag(r, DiagnosticId::ChainIssuerKeyUsage, s, msg);
                self.push(d);
            }
        }
        if let Some(max) = issuer.basic_constraints().and_then(|bc| bc.max_path_len) {
            let below = k - 1;
            if below as u64 > u64::from(max) {
                let msg = format!(
                    "{} allows at most {max} intermediate certificate{} below it \
                     (pathLenConstraint), but the chain has {below}.",
                    capitalize(&self.issuer_desc(r)),
                    if max == 1 { "" } else { "s" }
                );
                let d = self.issuer_diag(r, DiagnosticId::ChainPathLength, s, msg);
                self.push(d);
            }
        }
    }

    fn signature_result(&mut self, sig: Outcome, s: usize, r: IssuerRef) {
        // Nothing to say (and no names to format) for a good signature.
        if sig == Outcome::Valid {
            return;
        }
        let (subject, issuer) = (self.desc(s), self.issuer_desc(r));
        let issuer_cert = match r {
            IssuerRef::Chain(i) => &self.chain[i],
            IssuerRef::Trusted(t) => &self.trusted[t],
        };
        let issuer_key_unusable = matches!(
            issuer_cert.spki().key,
            crate::spki::PublicKey::Dsa | crate::spki::PublicKey::Unknown
        );
        match sig {
            Outcome::Valid => {}
            Outcome::Invalid { go_error } => {
                let d = self
                    .chain_diag(
                        GatewayCode::ChainNotMatched,
                        DiagnosticId::ChainBadSignature,
                        s,
                        format!(
                            "The signature of {subject} does not verify with the public key of \
                             {issuer} ({go_error})."
                        ),
                    )
                    .with_fix(format!(
                        "{} has the right name but is not the certificate that signed {subject} \
                         (a CA re-issued with a new key, or a damaged certificate): get the \
                         matching chain from your CA again.",
                        capitalize(&issuer)
                    ));
                self.push(d);
            }
            Outcome::Refused {
                go_error,
                signature_valid,
            } => {
                let mut msg = format!(
                    "The gateway cannot check the signature of {subject} by {issuer}: {go_error}."
                );
                let signed = &self.chain[s];
                if signed.signature_algorithm() == crate::algorithm::SignatureAlgorithm::Unknown {
                    let _ = write!(
                        msg,
                        " Its signature algorithm, OID {}, is not one Go knows.",
                        oid_text(signed.signature_algorithm_id().oid)
                    );
                }
                if signature_valid == Some(true) {
                    msg.push_str(" The signature itself is correct, but Go refuses the algorithm.");
                } else if signature_valid == Some(false) {
                    msg.push_str(" The signature does not verify either.");
                }
                let d = self
                    .chain_diag(
                        GatewayCode::ChainNotMatched,
                        DiagnosticId::ChainSignatureAlgorithm,
                        s,
                        msg,
                    )
                    .with_fix(if issuer_key_unusable {
                        format!(
                            "{} has a key Go cannot verify with (DSA or unknown): use a CA \
                             certificate with an RSA, ECDSA or Ed25519 key.",
                            capitalize(&issuer)
                        )
                    } else {
                        format!(
                            "Get {subject} re-issued with a SHA-256 (or stronger) RSA, ECDSA or \
                             Ed25519 signature."
                        )
                    });
                self.push(d);
            }
            Outcome::BeyondLimits { reason, fix } => {
                let block = self.block(s);
                self.push(
                    Diagnostic::new(
                        GatewayCode::ChainNotMatched,
                        DiagnosticId::ChainSignatureBeyondLimits,
                        format!("The signature of {subject} by {issuer} is not checked: {reason}."),
                    )
                    .in_field(Field::CertContent)
                    .at_block(block)
                    .with_fix(fix),
                );
            }
            // One diagnostic for the first link past the bound: the links after it are not
            // checked either, for the same reason.
            Outcome::OverBudget if self.over_budget_reported => {}
            Outcome::OverBudget => {
                self.over_budget_reported = true;
                let block = self.block(s);
                self.push(
                    Diagnostic::new(
                        GatewayCode::ChainNotMatched,
                        DiagnosticId::ChainSignatureBeyondLimits,
                        format!(
                            "The signature of {subject} by {issuer}, and any after it, are not \
                             checked: they would take the pre-flight past this library's bound \
                             on signature work (about {} ms; a P-521 signature costs ~2 ms).",
                            signed_data::WORK_BUDGET / 1000
                        ),
                    )
                    .in_field(Field::CertContent)
                    .at_block(block)
                    .with_fix(
                        "Upload only the chain up to the trusted root, without extra \
                         certificates; for chains this long, use P-256 or P-384 CAs rather \
                         than P-521.",
                    ),
                );
            }
            Outcome::Unverifiable { reason } => {
                let block = self.block(s);
                self.warn(
                    DiagnosticId::ChainSignatureUnverifiable,
                    Field::CertContent,
                    block,
                    format!(
                        "The signature of {subject} by {issuer} could not be checked here ({reason}); \
                         the gateway will check it."
                    ),
                );
            }
        }
    }

    /// APIG.2102 for expired certificates; warnings for ones not valid yet.
    fn times(&mut self, anchor: &Anchor, policy: TrustedRootCaPolicy) {
        let now = self.now;
        for i in 0..self.chain.len() {
            let cert = &self.chain[i];
            if now > cert.not_after() {
                let fix = if i == 0 {
                    "Renew the server certificate and upload the new one.".to_owned()
                } else {
                    format!(
                        "Replace block {} with the current certificate of this CA (download the \
                         chain again from your CA).",
                        self.block(i)
                    )
                };
                let d = self
                    .chain_diag(
                        GatewayCode::CertificateExpired,
                        DiagnosticId::ChainExpired,
                        i,
                        format!(
                            "{} expired at {} (now is {now}).",
                            capitalize(&self.desc(i)),
                            cert.not_after()
                        ),
                    )
                    .with_fix(fix);
                self.push(d);
            }
            if now < cert.not_before() {
                let block = self.block(i);
                let msg = format!(
                    "{} is not valid before {} (now is {now}): the gateway accepts it, but clients \
                     will refuse it until then.",
                    capitalize(&self.desc(i)),
                    cert.not_before()
                );
                self.warn(
                    DiagnosticId::TimeNotYetValid,
                    Field::CertContent,
                    block,
                    msg,
                );
            }
        }
        if let Anchor::IssuedBy { t, .. } = *anchor {
            let cert = &self.trusted[t];
            if now > cert.not_after() {
                let d = Diagnostic::new(
                    GatewayCode::CertificateExpired,
                    DiagnosticId::ChainExpired,
                    format!(
                        "{}, the root of the chain, expired at {} (now is {now}).",
                        capitalize(&self.trusted_desc(t)),
                        cert.not_after()
                    ),
                )
                .in_field(Field::TrustedRootCa)
                .at_block(self.trusted_block(t))
                .with_fix("Replace it with the current root certificate of your CA.");
                self.push(d);
            }
        }
        if policy == TrustedRootCaPolicy::ClientCaOnly {
            for t in 0..self.trusted.len() {
                if now > self.trusted[t].not_after() {
                    let block = self.trusted_block(t);
                    let msg = format!(
                        "{} expired at {}: client certificates it issued will be refused.",
                        capitalize(&self.trusted_desc(t)),
                        self.trusted[t].not_after()
                    );
                    self.warn(
                        DiagnosticId::TrustedExpired,
                        Field::TrustedRootCa,
                        block,
                        msg,
                    );
                }
            }
        }
    }

    /// Warnings for critical extensions Go does not handle: the upload passes (the pairwise
    /// check ignores them) but Go's `Verify`, and so Go-based clients and most others, refuse
    /// the chain.
    fn critical_extensions(&mut self) {
        for i in 0..self.chain.len() {
            if self.chain[i].has_unhandled_critical_extension() {
                let block = self.block(i);
                let msg = format!(
                    "{} has a critical extension that Go does not handle: the gateway accepts \
                     the upload, but clients that verify the chain (Go's included) will refuse it. \
                     Get it re-issued without that extension, or with it non-critical.",
                    capitalize(&self.desc(i))
                );
                self.warn(
                    DiagnosticId::ChainUnhandledCriticalExtension,
                    Field::CertContent,
                    block,
                    msg,
                );
            }
        }
    }

    /// The server certificate's own rules: the 2038 limit and subjectAltName. The gateway
    /// applies them to block 1; when the blocks are out of order (APIG.2104 already, which takes
    /// precedence) they are applied to the real server certificate, which is what people fix.
    fn leaf(&mut self, leaf_index: usize) {
        let leaf = &self.chain[leaf_index];
        if leaf.not_after() >= GATEWAY_MAX_NOT_AFTER {
            let d = self
                .chain_diag(
                    GatewayCode::ExpiresAfter2038,
                    DiagnosticId::LeafExpiresAfter2038,
                    leaf_index,
                    format!(
                        "The server certificate ({}) is valid until {}; the gateway takes only \
                         certificates that expire before {GATEWAY_MAX_NOT_AFTER}.",
                        self.desc(leaf_index),
                        leaf.not_after()
                    ),
                )
                .with_fix(format!(
                    "Get a certificate that expires before {GATEWAY_MAX_NOT_AFTER}."
                ));
            self.push(d);
        }
        if !leaf.has_san() {
            let d = self
                .chain_diag(
                    GatewayCode::SanMissing,
                    DiagnosticId::LeafSanMissing,
                    leaf_index,
                    format!(
                        "The server certificate ({}) has no subjectAltName extension.",
                        self.desc(leaf_index)
                    ),
                )
                .with_fix(
                    "Get the certificate re-issued with its domain names as subjectAltName DNS \
                     names (a common name alone is not enough).",
                );
            self.push(d);
        }
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

/// An OID's dotted form, such as `1.2.840.113549.1.1.4`, from its contents octets.
fn oid_text(oid: &[u8]) -> String {
    let mut out = String::new();
    let mut value: u64 = 0;
    for (k, &b) in oid.iter().enumerate() {
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 != 0 {
            if value > u64::MAX >> 7 {
                return "(too long)".to_owned();
            }
            continue;
        }
        if out.is_empty() && k < oid.len() {
            let (first, second) = match value {
                0..=39 => (0, value),
                40..=79 => (1, value - 40),
                _ => (2, value - 80),
            };
            let _ = write!(out, "{first}.{second}");
        } else {
            let _ = write!(out, ".{value}");
        }
        value = 0;
    }
    out
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
mod tests {
    //! The scenarios of `tests/chain.rs` (rcgen-made chains), plus what needs the crate's
    //! internals: certificates altered after parsing (v1 roots, refused or unverifiable
    //! algorithms, DSA issuers) and PEM block numbers.
    use super::*;
    use crate::algorithm::SignatureAlgorithm;
    use crate::spki::PublicKey;
    use crate::verdict::Rejection;

    fn parse(der: &[u8]) -> Certificate<'_> {
        Certificate::parse(der).expect("rcgen makes certificates Go parses")
    }

    include!("../tests/chain/scenarios.rs");

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
            text.contains("insecure algorithm SHA1-RSA (temporarily override with GODEBUG=x509sha1=1). The signature does not verify either."),
            "{text}"
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
        assert_eq!(oid_text(&[0x2b, 0x65, 0x70]), "1.3.101.112");
        assert_eq!(oid_text(&[0x88, 0x37, 0x03]), "2.999.3");
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
        assert!(text.contains("algorithm unimplemented"), "{text}");
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
        assert!(text.contains("algorithm unimplemented"), "{text}");
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
