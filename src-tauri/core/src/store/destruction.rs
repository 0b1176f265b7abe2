//! AVG-02 in the store: destruction lists (proposed, then confirmed by a second person), the
//! destruction of one complaint's personal data, texts and letters, and the destruction
//! record that is kept permanently. What stays of a destroyed complaint are the plain columns
//! the annual report reads (reference, dates, type, channel, department, outcome, term facts).

use super::sql::{values, Dialect};
use super::{timestamp, At, Backend, Database, Reader, StoreResult, Writer};
use crate::domain::retention::{DestructionListKind, DestructionListState};
use crate::store::catalogue::{self, sealed, PartOfComplaint};
use chrono::{NaiveDate, NaiveDateTime};

/// One complaint on a destruction list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestructionItem {
    pub id: i64,
    pub complaint_id: i64,
    pub reference: String,
    pub retention_class: String,
    pub closed_on: NaiveDate,
    pub destroy_after: NaiveDate,
    /// Why the confirmer kept it off the destruction; `None`: on the list.
    pub excluded_reason: Option<String>,
}

/// A destruction list and its complaints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestructionList {
    pub id: i64,
    pub as_of: NaiveDate,
    pub proposed_at: String,
    pub proposed_by: String,
    pub state: DestructionListState,
    pub kind: DestructionListKind,
    /// Why a complaint is erased on request.
    pub reason: Option<String>,
    pub confirmed_at: Option<String>,
    pub confirmed_by: Option<String>,
    pub items: Vec<DestructionItem>,
}

/// What is kept permanently of a destroyed complaint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestructionRecord {
    pub reference: String,
    pub retention_class: String,
    pub closed_on: NaiveDate,
    pub destroyed_at: String,
    pub proposed_by: String,
    pub confirmed_by: String,
}

impl Reader<'_> {
    pub fn destruction_lists(&self) -> StoreResult<Vec<DestructionList>> {
        let lists = self.sql.query(
            "SELECT id, as_of, proposed_at, proposed_by, state, confirmed_at, confirmed_by, kind, reason FROM destruction_lists
              ORDER BY id DESC",
            &[],
        )?;
        lists
            .iter()
            .map(|row| {
                let id = row.i64(0)?;
                Ok(DestructionList {
                    id,
                    as_of: row.date(1)?,
                    proposed_at: row.text(2)?,
                    proposed_by: row.text(3)?,
                    state: row.code(4, "destruction_lists", "state")?,
                    confirmed_at: row.opt_text(5)?,
                    confirmed_by: row.opt_text(6)?,
                    kind: row.code(7, "destruction_lists", "kind")?,
                    reason: self.open_optional_text(sealed::destruction_lists::REASON, &At::row(id), row, 8)?,
                    items: self.destruction_items(id)?,
                })
            })
            .collect()
    }

    fn destruction_items(&self, list_id: i64) -> StoreResult<Vec<DestructionItem>> {
        self.sql
            .query(
                "SELECT id, complaint_id, reference, retention_class, closed_on, destroy_after, excluded_reason
                   FROM destruction_list_items WHERE list_id = ?1 ORDER BY closed_on, reference",
                values![list_id],
            )?
            .iter()
            .map(|row| {
                let id = row.i64(0)?;
                Ok(DestructionItem {
                    id,
                    complaint_id: row.i64(1)?,
                    reference: row.text(2)?,
                    retention_class: row.text(3)?,
                    closed_on: row.date(4)?,
                    destroy_after: row.date(5)?,
                    excluded_reason: self.open_optional_text(sealed::destruction_list_items::EXCLUDED_REASON, &At::row(id), row, 6)?,
                })
            })
            .collect()
    }

    /// The complaints on a list that is proposed but not yet carried out.
    pub fn complaints_on_open_destruction_lists(&self) -> StoreResult<Vec<i64>> {
        self.sql
            .query(
                "SELECT i.complaint_id FROM destruction_list_items i JOIN destruction_lists l ON l.id = i.list_id
                  WHERE l.state = ?1",
                values![DestructionListState::Proposed.code()],
            )?
            .iter()
            .map(|row| row.i64(0))
            .collect()
    }

    pub fn destruction_record(&self, complaint_id: i64) -> StoreResult<Option<DestructionRecord>> {
        let row = self.sql.query_optional(
            "SELECT reference, retention_class, closed_on, destroyed_at, proposed_by, confirmed_by FROM destruction_records
              WHERE complaint_id = ?1",
            values![complaint_id],
        )?;
        row.map(|row| {
            Ok(DestructionRecord {
                reference: row.text(0)?,
                retention_class: row.text(1)?,
                closed_on: row.date(2)?,
                destroyed_at: row.text(3)?,
                proposed_by: row.text(4)?,
                confirmed_by: row.text(5)?,
            })
        })
        .transpose()
    }
}

impl Writer<'_> {
    /// A new list; `request` is the reason of an erasure on request (AVG art. 17), `None` for a
    /// list of complaints past their retention term.
    pub fn insert_destruction_list(
        &self,
        as_of: NaiveDate,
        at: NaiveDateTime,
        by: &str,
        items: &[DestructionItem],
        request: Option<&str>,
    ) -> StoreResult<i64> {
        let id = self.sql.next_id("destruction_lists")?;
        let reason = request.map(|reason| self.read().seal(sealed::destruction_lists::REASON, &At::new_row(id), reason)).transpose()?;
        let kind = if request.is_some() { DestructionListKind::Request } else { DestructionListKind::Retention };
        let list_id = self
            .sql
            .query_one(
                "INSERT INTO destruction_lists (id, as_of, proposed_at, proposed_by, kind, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 RETURNING id",
                values![id, as_of, timestamp(at), by, kind.code(), reason],
            )?
            .i64(0)?;
        for item in items {
            self.sql.execute(
                "INSERT INTO destruction_list_items (list_id, complaint_id, reference, retention_class, closed_on, destroy_after)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                values![list_id, item.complaint_id, item.reference, item.retention_class, item.closed_on, item.destroy_after],
            )?;
        }
        Ok(list_id)
    }

    pub fn exclude_from_destruction(&self, item_id: i64, reason: &str) -> StoreResult<()> {
        let sealed = self.read().seal(sealed::destruction_list_items::EXCLUDED_REASON, &At::row(item_id), reason)?;
        self.sql.execute("UPDATE destruction_list_items SET excluded_reason = ?2 WHERE id = ?1", values![item_id, sealed])?;
        Ok(())
    }

    pub fn set_destruction_list_state(&self, list_id: i64, state: DestructionListState, at: NaiveDateTime, by: &str) -> StoreResult<()> {
        self.sql.execute(
            "UPDATE destruction_lists SET state = ?2, confirmed_at = ?3, confirmed_by = ?4 WHERE id = ?1",
            values![list_id, state.code(), timestamp(at), by],
        )?;
        Ok(())
    }

    /// Destroys one complaint for good: every sealed (personal or free-text) column emptied,
    /// the official ids it named cleared, its search entries gone, and every note, timeline
    /// event, contact, hearing, decision, task, reminder, correction, draft and letter deleted;
    /// then its destruction record is written. The report's plain columns stay.
    /// On the shared store the server deletes the parts and writes the record (schema 8), after
    /// checking the list and its four eyes itself (it refuses without a list); the desk empties
    /// the sealed columns first.
    pub fn destroy_complaint(&self, complaint_id: i64, record: &DestructionRecord, list_id: Option<i64>) -> StoreResult<()> {
        let emptied: Vec<_> = catalogue::sealed_columns("complaints").iter().map(|column| (*column, Some(""))).collect();
        self.change_complaint_cells(complaint_id, &emptied, None)?;
        self.sql.execute(
            "UPDATE complaints SET destroyed_at = ?2, respondent_ids = '' WHERE id = ?1",
            values![complaint_id, record.destroyed_at.clone()],
        )?;
        if self.sql.dialect() == Dialect::Postgres {
            self.sql.query(
                "SELECT klachtbalie_destroy_complaint(?1, ?2, ?3, ?4)",
                values![complaint_id, list_id, record.confirmed_by, record.destroyed_at],
            )?;
            return Ok(());
        }
        // Every part of the complaint the catalogue names, children before parents (the desk's
        // search index is updated by its trigger).
        for table in catalogue::complaint_parts(false) {
            let delete = match table.part_of_complaint {
                PartOfComplaint::ThroughLetter => {
                    format!("DELETE FROM {} WHERE letter_id IN (SELECT id FROM letters WHERE complaint_id = ?1)", table.name)
                }
                _ => format!("DELETE FROM {} WHERE complaint_id = ?1", table.name),
            };
            self.sql.execute(&delete, values![complaint_id])?;
        }
        self.sql.execute(
            "INSERT INTO destruction_records (complaint_id, reference, retention_class, closed_on, destroyed_at, proposed_by,
                 confirmed_by, list_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            values![
                complaint_id,
                record.reference,
                record.retention_class,
                record.closed_on,
                record.destroyed_at,
                record.proposed_by,
                record.confirmed_by,
                list_id
            ],
        )?;
        Ok(())
    }
}

impl Database {
    /// After a destruction: on the single desk, the search index's segments are merged (no
    /// old token stays behind), and the WAL is checkpointed and emptied, so neither the file's
    /// free pages (zeroed by `secure_delete`) nor the WAL hold what was destroyed. The shared
    /// store holds only sealed values; its dead rows go with the server's vacuum.
    pub fn purge_destroyed(&self) -> StoreResult<()> {
        if let Backend::Sqlite(store) = &self.backend {
            store.connection.execute_batch(
                "INSERT INTO complaint_search (complaint_search) VALUES ('optimize');
                 PRAGMA wal_checkpoint(TRUNCATE);",
            )?;
        }
        Ok(())
    }
}
