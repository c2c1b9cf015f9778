//! Link rules: for each certificate and its issuer, the name, signature, CA, key usage and path
//! length rules, with their wording.

use super::*;
use crate::der::dotted_oid;

impl<'a> Checker<'_, 'a> {
    /// The signature, CA, keyUsage and pathLenConstraint checks of every link of the path, and of
    /// the link to the trusted root.
    pub(super) fn links(&mut self, path: &[usize], anchor: &Anchor) {
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

    pub(super) fn issuer_desc(&self, r: IssuerRef) -> String {
        match r {
            IssuerRef::Chain(i) => self.desc(i),
            IssuerRef::Trusted(t) => self.trusted_desc(t),
        }
    }

    pub(super) fn issuer_diag(
        &self,
        r: IssuerRef,
        id: DiagnosticId,
        s: usize,
        msg: String,
    ) -> Diagnostic {
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
    pub(super) fn issuer_rules(
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

    pub(super) fn signature_result(&mut self, sig: Outcome, s: usize, r: IssuerRef) {
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
                let signed = &self.chain[s];
                // Plain words first; Go's own text (with its GODEBUG hint nobody can set on the
                // gateway) is kept in `go_error`.
                let mut msg = if signed.signature_algorithm().is_weak() {
                    format!(
                        "The gateway refuses certificates signed with SHA-1, MD5 or MD2 in the chain: {subject} is signed by {issuer} with {}.",
                        signed.signature_algorithm().go_name()
                    )
                } else if issuer_key_unusable {
                    format!("The gateway cannot check the signature of {subject} by {issuer}: Go verifies no signature made with that issuer's kind of key.")
                } else {
                    format!("The gateway cannot check the signature of {subject} by {issuer}: Go does not know its signature algorithm.")
                };
                if signed.signature_algorithm() == crate::algorithm::SignatureAlgorithm::Unknown {
                    let _ = write!(
                        msg,
                        " Its signature algorithm, OID {}, is not one Go knows.",
                        dotted_oid(signed.signature_algorithm_id().oid)
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
                    .with_go_error(go_error)
                    .with_fix(if issuer_key_unusable {
                        format!(
                            "{} has a key Go cannot verify with (DSA or unknown): use a CA \
                             certificate with an RSA, ECDSA or Ed25519 key.",
                            capitalize(&issuer)
                        )
                    } else {
                        format!(
                            "Reissue {subject} with SHA-256 (or stronger): an RSA, ECDSA or \
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
}
