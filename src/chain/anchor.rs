//! Trust anchoring: where the chain meets `trusted_root_ca`, and whether its certificates are CAs.

use super::*;

impl<'a> Checker<'_, 'a> {
    /// APIG.2106 for trusted certificates that cannot sign certificates.
    pub(super) fn trusted_are_cas(&mut self) {
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

    /// Finds where the path meets `trusted_root_ca`, from the top down; diagnoses when it does not.
    pub(super) fn anchor(&mut self, path: &[usize]) -> Anchor {
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
}
