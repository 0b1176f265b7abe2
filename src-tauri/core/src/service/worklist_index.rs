//! The worklist index: each complaint's earliest running deadline and whether it is
//! on the worklist, stored by the one deadline function whenever a complaint changes, so the
//! worklist reads one page through an index instead of every complaint.

use super::complaints::complaint_deadlines;
use super::{Klachtbalie, ServiceResult, Settings};
use crate::store::{StoreResult, Writer};

/// Marks in the settings that every complaint's index was filled (databases from before the
/// index get it once, at the first worklist).
pub(super) const INDEX_FILLED: &str = "worklist_index_filled";
/// The value of `INDEX_FILLED` once a change has made every complaint's index out of date.
pub(super) const INDEX_STALE: &str = "0";

/// Computes and stores one complaint's place in the worklist from the complaint as it is now.
fn refresh(tx: &Writer<'_>, complaint_id: i64, settings: &Settings, today: chrono::NaiveDate) -> StoreResult<()> {
    // Locked, so no other desk's step changes it (or its tasks) between this read and the
    // write: the server checks the index against the complaint at commit (schema 17).
    tx.lock_complaint(complaint_id)?;
    let Some(record) = tx.read().complaint_by_id(complaint_id)? else { return Ok(()) };
    let (_, running) = complaint_deadlines(&record, settings, today);
    let closed = record.status.is_closed();
    tx.set_worklist_index(complaint_id, !closed || record.procedure.open_tasks > 0, running.first().map(|deadline| deadline.due))
}

impl Klachtbalie {
    /// A use case's write: one transaction in which, before it commits, the worklist index of
    /// every complaint it changed is computed again. So the index is never behind the data.
    pub(super) fn write<T>(&mut self, mut work: impl FnMut(&Writer<'_>) -> ServiceResult<T>) -> ServiceResult<T> {
        let settings = self.settings()?;
        let today = self.today();
        let value = self.database.write(|tx| -> ServiceResult<T> {
            let value = work(tx)?;
            for complaint_id in tx.touched_complaints() {
                refresh(tx, complaint_id, &settings, today)?;
            }
            Ok(value)
        })?;
        self.remember_audit_end();
        Ok(value)
    }

    /// Computes the index of every complaint again: after a change of the holidays or norms
    /// (every deadline may move), and once for a database from before the index.
    pub(super) fn rebuild_worklist_index(&mut self) -> ServiceResult<()> {
        let settings = self.settings()?;
        let today = self.today();
        // A handler's own login sees only their complaints (schema 12): the whole index waits
        // for a login that reads them all, so it is never marked filled while some are stale.
        if !self.database.reader().reads_every_complaint()? {
            return Ok(());
        }
        let ids = self.database.reader().all_complaint_ids()?;
        self.database.write(|tx| -> ServiceResult<()> {
            for complaint_id in &ids {
                refresh(tx, *complaint_id, &settings, today)?;
            }
            tx.set_setting(INDEX_FILLED, "1")?;
            Ok(())
        })
    }

    /// Fills the index once for a database that has complaints from before it existed.
    pub(super) fn ensure_worklist_index(&mut self) -> ServiceResult<()> {
        if self.database.reader().setting(INDEX_FILLED)?.is_some_and(|filled| filled != INDEX_STALE) {
            return Ok(());
        }
        self.rebuild_worklist_index()
    }
}
