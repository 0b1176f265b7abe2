//! The one way a use case changes data together with its audit entry (invariant 11): the change
//! and the entry that says who made it are written in one transaction, so a crash or a failing
//! append can never leave a change without its entry, nor an entry for a change that was undone.

use super::{Actor, Klachtbalie, ServiceResult};
use crate::audit::AuditEvent;
use crate::store::Writer;

impl Klachtbalie {
    /// Runs `work` in one write transaction (with the worklist index kept current, see `write`)
    /// and appends the audit entry it returns in that same transaction. An error from `work`
    /// or from the append rolls everything back.
    pub(super) fn change<T>(
        &mut self,
        actor: &Actor,
        mut work: impl FnMut(&Writer<'_>) -> ServiceResult<(T, AuditEvent)>,
    ) -> ServiceResult<T> {
        let stamp = self.stamp(actor);
        self.write(|tx| {
            let (value, event) = work(tx)?;
            tx.append_audit(&stamp, &event)?;
            Ok(value)
        })
    }
}
