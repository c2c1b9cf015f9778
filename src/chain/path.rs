//! Path building: which block issued which, the server certificate, the order to upload.

use super::*;

impl<'a> Checker<'_, 'a> {
    /// Links the blocks into a path (indexes into `chain`, server certificate first) and
    /// diagnoses order, missing issuers, unrelated and repeated blocks.
    pub(super) fn structure(&mut self, policy: TrustedRootCaPolicy) -> Vec<usize> {
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
    pub(super) fn blocks_text(&self, path: &[usize]) -> String {
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
    pub(super) fn link_signature(&mut self, s: usize, i: usize) -> Outcome {
        if let Some((_, o)) = self.signatures.iter().find(|(k, _)| *k == (s, i)) {
            return o.clone();
        }
        let o = self.signature(s, &self.chain[i]);
        self.signatures.push(((s, i), o.clone()));
        o
    }

    /// Whether `chain[i]` may have signed `chain[s]`: anything but a signature that fails.
    pub(super) fn plausible(&mut self, s: usize, i: usize) -> bool {
        !matches!(self.link_signature(s, i), Outcome::Invalid { .. })
    }
}
