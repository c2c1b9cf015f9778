//! The client rules: what the gateway lets through but clients will refuse (short expiry, weak
//! keys and digests, a missing intermediate, a leaf without serverAuth). They give warnings,
//! which never change the gateway's verdict.

use crate::certificate::Certificate;
use crate::der::bit_len;
use crate::spki::PublicKey;
use crate::time::UnixTime;
use crate::verdict::{DiagnosticId, Field, Warning};

/// What the certificates need for clients, beyond the gateway's rules.
pub(crate) struct ClientCheck<'c, 'a> {
    /// `cert_content`'s certificates, leaf first (in the corrected order when the blocks were
    /// only out of order, so that the warnings concern the real server certificate).
    pub chain: Vec<&'c Certificate<'a>>,
    /// Their PEM block numbers.
    pub blocks: Vec<usize>,
    /// Whether `trusted_root_ca` was given and anchors the chain.
    pub anchored: bool,
    /// The clock.
    pub now: UnixTime,
    /// Warn when a certificate expires within this many days.
    pub warn_days: u32,
}

const DAY: i64 = 86_400;

impl ClientCheck<'_, '_> {
    /// Every warning about what clients will think of the chain.
    pub fn warnings(&self) -> Vec<Warning> {
        let mut out = Vec::new();
        for (i, cert) in self.chain.iter().enumerate() {
            let block = self.blocks.get(i).copied().unwrap_or(i + 1);
            // Named only in a warning.
            let what = || describe(cert, i);
            let w = |id, msg: String| {
                Warning::new(id, msg)
                    .in_field(Field::CertContent)
                    .at_block(block)
            };
            let left = cert.not_after().0.saturating_sub(self.now.0);
            if left >= 0 && left < i64::from(self.warn_days) * DAY {
                out.push(w(
                    DiagnosticId::TimeExpiresSoon,
                    format!(
                        "{} expires in {} days ({}). Renew it before then.",
                        what(),
                        left / DAY,
                        cert.not_after()
                    ),
                ));
            }
            if let PublicKey::Rsa { n, .. } = cert.spki().key {
                let bits = bit_len(n);
                if bits < 2048 {
                    out.push(w(
                        DiagnosticId::KeyRsaWeak,
                        format!("{} has a {bits}-bit RSA key; browsers refuse RSA keys under 2048 bits. Reissue it with RSA-2048 or ECDSA P-256.", what()),
                    ));
                }
            }
            // A root's self-signature is never checked by clients; every other signature is.
            if cert.signature_algorithm().is_weak() && !cert.is_self_issued() {
                out.push(w(
                    DiagnosticId::SignatureWeakDigest,
                    format!(
                        "{} is signed with {}; browsers refuse SHA-1 and MD5 signatures. Reissue it with SHA-256.",
                        what(),
                        cert.signature_algorithm().go_name()
                    ),
                ));
            }
        }
        if let Some(leaf) = self.chain.first() {
            self.leaf_warnings(leaf, &mut out);
        }
        if let (Some(last), true) = (self.chain.last(), self.chain.len() > 1) {
            if last.is_self_issued() {
                out.push(
                    Warning::new(
                        DiagnosticId::ChainContainsRoot,
                        format!(
                            "The chain ends with the root {:?}; clients already have it. Leave it out of cert_content.",
                            last.subject().common_name
                        ),
                    )
                    .in_field(Field::CertContent)
                    .at_block(self.blocks.last().copied().unwrap_or(self.chain.len())),
                );
            }
        }
        out
    }

    fn leaf_warnings(&self, leaf: &Certificate<'_>, out: &mut Vec<Warning>) {
        let w = |id, msg: String| {
            Warning::new(id, msg)
                .in_field(Field::CertContent)
                .at_block(self.blocks.first().copied().unwrap_or(1))
        };
        if let Some(eku) = leaf.ext_key_usage() {
            if !eku.server_auth && !eku.any {
                out.push(w(
                    DiagnosticId::LeafNoServerAuth,
                    "The server certificate's extended key usage lacks serverAuth; browsers refuse it for HTTPS. Reissue it with serverAuth.".to_owned(),
                ));
            }
        }
        let cn = leaf.subject().common_name.as_ref();
        // A CN that is an IP address is covered by an equal IP SAN, as clients match it.
        let covered_as_ip = cn
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| leaf.ip_addresses().contains(&ip));
        if !cn.is_empty()
            && !covered_as_ip
            && !leaf
                .dns_names()
                .iter()
                .any(|san| crate::hostname::covers_name(san, cn))
        {
            out.push(w(
                DiagnosticId::LeafCnNotInSan,
                format!("The common name {cn:?} is not among the subjectAltName DNS names; clients ignore the CN, so {cn:?} is not covered."),
            ));
        }
        let alone = self.chain.len() == 1;
        let is_ca = leaf.basic_constraints().is_some_and(|b| b.is_ca);
        if alone && !leaf.is_self_issued() && !is_ca && !self.anchored {
            out.push(w(
                DiagnosticId::ChainMissingIntermediate,
                format!(
                    "cert_content holds only the server certificate; clients that lack its issuer {:?} cannot build a chain. Append the intermediate certificate after it.",
                    leaf.issuer().common_name
                ),
            ));
        }
    }
}

/// "the server certificate" or "certificate N (CN)".
fn describe(cert: &Certificate<'_>, index: usize) -> String {
    if index == 0 {
        "The server certificate".to_owned()
    } else {
        format!(
            "Certificate {} ({:?})",
            index + 1,
            cert.subject().common_name
        )
    }
}
