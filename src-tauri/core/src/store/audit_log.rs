//! The audit log in the store (SEC-02): appending to the hash chain after checking that the
//! log still ends where it was last written, and the Beheerder's acknowledgement when it does not.

use super::{timestamp, StoreError, StoreResult, Writer, AUDIT_COLUMNS};
use crate::audit::{self, AuditEntry, AuditEvent};
use chrono::NaiveDateTime;
use rusqlite::{params, OptionalExtension};

impl Writer<'_> {
    /// SEC-02: appends one entry to the hash chain and records the new head. Before that the
    /// recorded head is compared with the last entry: if entries were cut off the end (or the
    /// head itself removed), nothing is appended until the Beheerder has acknowledged it, so
    /// a shortened log is never silently continued.
    pub fn append_audit(&self, at: NaiveDateTime, actor: &str, workstation: &str, event: &AuditEvent) -> StoreResult<i64> {
        if let Some(problem) = self.audit_head_problem()? {
            return Err(StoreError::AuditTampered(problem));
        }
        self.append_audit_entry(at, actor, workstation, event)
    }

    /// What is wrong with the log's end, if anything: the recorded head and the last entry differ.
    pub fn audit_head_problem(&self) -> StoreResult<Option<String>> {
        let recorded = self.read().audit_head()?;
        let last = self.last_audit_entry()?;
        Ok(match (recorded, last) {
            (Some(head), Some(last)) if head == last => None,
            (None, None) if self.read().user_count()? == 0 => None,
            (None, None) => Some("het hele log en de controlewaarde van de laatste regel ontbreken.".into()),
            (None, Some((sequence, _))) => {
                Some(format!("de controlewaarde van de laatste regel ontbreekt (het log eindigt bij regel {sequence})."))
            }
            (Some((recorded, _)), Some((sequence, _))) if recorded > sequence => Some(format!(
                "het log eindigt bij regel {sequence}, maar er zijn {recorded} regels geschreven (regels aan het eind verwijderd)."
            )),
            (Some((recorded, _)), Some((sequence, _))) => Some(format!(
                "de laatste regel ({sequence}) is niet de vastgelegde laatste regel ({recorded}); regels zijn gewijzigd of verwijderd."
            )),
            (Some((recorded, _)), None) => Some(format!("het log is leeg, maar er zijn {recorded} regels geschreven.")),
        })
    }

    /// The Beheerder's acknowledgement of a damaged log end: one entry that names what was
    /// found (sequence numbers and the start of the hashes, never content), chained onto the
    /// entries that are still there, after which writing can go on. The gap stays visible.
    pub fn acknowledge_audit_problem(&self, at: NaiveDateTime, actor: &str, workstation: &str) -> StoreResult<Option<String>> {
        let Some(problem) = self.audit_head_problem()? else {
            return Ok(None);
        };
        let recorded = self
            .read()
            .audit_head()?
            .map_or("geen".to_string(), |(sequence, hash)| format!("regel {sequence} ({})", hash.chars().take(16).collect::<String>()));
        let event = AuditEvent {
            action: "aantasting auditlog bevestigd".into(),
            object: format!("vastgelegde laatste regel: {recorded}"),
            result: audit::AuditResult::Success,
        };
        self.append_audit_entry(at, actor, workstation, &event)?;
        Ok(Some(problem))
    }

    pub(super) fn last_audit_entry(&self) -> StoreResult<Option<(i64, String)>> {
        Ok(self
            .transaction
            .query_row("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1", [], |row| Ok((row.get(0)?, row.get(1)?)))
            .optional()?)
    }

    pub(super) fn append_audit_entry(&self, at: NaiveDateTime, actor: &str, workstation: &str, event: &AuditEvent) -> StoreResult<i64> {
        let (last_sequence, previous_hash) = self.last_audit_entry()?.unwrap_or((0, audit::GENESIS_HASH.to_string()));
        let mut entry = AuditEntry {
            sequence: last_sequence + 1,
            at: timestamp(at),
            actor: actor.to_string(),
            workstation: workstation.to_string(),
            action: event.action.clone(),
            object: event.object.clone(),
            result: event.result.dutch().to_string(),
            previous_hash,
            hash: String::new(),
        };
        entry.hash = audit::entry_hash(&entry);
        self.transaction.execute(
            &format!("INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
            params![
                entry.sequence,
                entry.at,
                entry.actor,
                entry.workstation,
                entry.action,
                entry.object,
                entry.result,
                entry.previous_hash,
                entry.hash
            ],
        )?;
        self.set_setting("audit_head", &format!("{}:{}", entry.sequence, entry.hash))?;
        Ok(entry.sequence)
    }
}
