//! The rules that are not about links: validity in time (APIG.2102 and the not-yet-valid
//! warning), the 2038 limit (APIG.3148), the SAN rule (APIG.2109) and unhandled critical
//! extensions.

use super::*;

impl<'a> Checker<'_, 'a> {
    /// APIG.2102 for expired certificates; warnings for ones not valid yet.
    pub(super) fn times(&mut self, anchor: &Anchor, policy: TrustedRootCaPolicy) {
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
    pub(super) fn critical_extensions(&mut self) {
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
    pub(super) fn leaf(&mut self, leaf_index: usize) {
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
