//! Signature verification with the pre-flight's work budget: each link verified once, none
//! past the budget (such a chain is refused, never passed unchecked).

use super::*;

impl<'a> Checker<'_, 'a> {
    pub(super) fn signature(&self, subject: usize, issuer: &Certificate<'_>) -> Outcome {
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
}
