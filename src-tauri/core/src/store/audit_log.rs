//! The audit log in the store (SEC-02): appending to the hash chain after checking that the
//! log still ends where it was last written, and the Beheerder's acknowledgement when it does not.

use super::sql::{values, Dialect, Row, ToValue, Value};
use super::{timestamp, Reader, StoreError, StoreResult, Writer};
use crate::audit::{self, AuditEntry, AuditEvent, AuditStamp};
use chrono::NaiveDate;

const AUDIT_COLUMNS: &str = "sequence, at, actor, workstation, action, object, result, previous_hash, hash";

fn audit_from_row(row: &Row) -> StoreResult<AuditEntry> {
    Ok(AuditEntry {
        sequence: row.i64(0)?,
        at: row.text(1)?,
        actor: row.text(2)?,
        workstation: row.text(3)?,
        action: row.text(4)?,
        object: row.text(5)?,
        result: row.text(6)?,
        previous_hash: row.text(7)?,
        hash: row.text(8)?,
    })
}

/// Which audit entries to read (the Beheerder's filter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub object: Option<String>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Reader<'_> {
    /// Audit entries matching the filter, oldest first.
    pub fn audit_entries(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        let sql = format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_log
             WHERE (CAST(?1 AS TEXT) IS NULL OR actor = ?1) AND (CAST(?2 AS TEXT) IS NULL OR object = ?2)
               AND (CAST(?3 AS TEXT) IS NULL OR at >= ?3) AND (CAST(?4 AS TEXT) IS NULL OR at < ?4)
             ORDER BY sequence"
        );
        let until = filter.until.and_then(|date| date.succ_opt());
        self.sql.query(&sql, values![filter.actor, filter.object, filter.from, until])?.iter().map(audit_from_row).collect()
    }

    /// The link of one entry: SHA-256 on the single desk (inside the encrypted file), a MAC
    /// keyed with the database key on the shared store, so that a database administrator
    /// cannot write a valid chain after changing or removing entries.
    pub fn audit_entry_hash(&self, entry: &AuditEntry) -> String {
        match self.sql.sealer() {
            None => audit::entry_hash(entry),
            Some(sealer) => sealer.audit_mac(&audit::canonical_text(entry)),
        }
    }

    /// The (sequence, hash) of the last entry as recorded when it was written: a setting on
    /// the single desk; on the shared store a row only the server's append function writes.
    pub fn audit_head(&self) -> StoreResult<Option<(i64, String)>> {
        if self.sql.dialect() == Dialect::Postgres {
            return self
                .sql
                .query_optional("SELECT sequence, hash FROM audit_head", &[])?
                .map(|row| Ok((row.i64(0)?, row.text(1)?)))
                .transpose();
        }
        Ok(self.setting("audit_head")?.and_then(|text| {
            let (sequence, hash) = text.split_once(':')?;
            Some((sequence.parse().ok()?, hash.to_string()))
        }))
    }
}

impl Writer<'_> {
    /// SEC-02: appends one entry to the hash chain and records the new head. Before that the
    /// recorded head is compared with the last entry: if entries were cut off the end (or the
    /// head itself removed), nothing is appended until the Beheerder has acknowledged it, so
    /// a shortened log is never silently continued.
    pub fn append_audit(&self, stamp: &AuditStamp, event: &AuditEvent) -> StoreResult<i64> {
        // On the shared store, appenders queue here: one chain, one head, no duplicate numbers.
        self.lock("audit_log", "head")?;
        if let Some(problem) = self.audit_head_problem()? {
            return Err(StoreError::AuditTampered(problem));
        }
        self.append_audit_entry(stamp, event, false)
    }

    /// What is wrong with the log's end, if anything: the recorded head and the last entry
    /// differ, or (shared store) the last entry this desk wrote is gone or different although
    /// head and log agree: then someone with the server's rights cut the log and rewrote the
    /// head, which only the desk's own memory shows.
    pub fn audit_head_problem(&self) -> StoreResult<Option<String>> {
        if let Some(problem) = self.recorded_head_problem()? {
            return Ok(Some(problem));
        }
        let Some((sequence, hash)) = &self.witnessed else { return Ok(None) };
        let found = self.sql.query_optional("SELECT hash FROM audit_log WHERE sequence = ?1", values![*sequence])?;
        Ok(match found {
            Some(row) if row.text(0)? == *hash => None,
            _ => Some(audit::own_entry_missing(*sequence)),
        })
    }

    fn recorded_head_problem(&self) -> StoreResult<Option<String>> {
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
    pub fn acknowledge_audit_problem(&self, stamp: &AuditStamp) -> StoreResult<Option<String>> {
        self.lock("audit_log", "head")?;
        let Some(problem) = self.audit_head_problem()? else {
            return Ok(None);
        };
        let recorded = self
            .read()
            .audit_head()?
            .map_or("geen".to_string(), |(sequence, hash)| format!("regel {sequence} ({})", hash.chars().take(16).collect::<String>()));
        let mut object = format!("vastgelegde laatste regel: {recorded}");
        if let Some((sequence, hash)) = &self.witnessed {
            object
                .push_str(&format!("; laatste regel van deze werkplek: regel {sequence} ({})", hash.chars().take(16).collect::<String>()));
        }
        let event = AuditEvent::success("aantasting auditlog bevestigd", object);
        self.append_audit_entry(stamp, &event, true)?;
        Ok(Some(problem))
    }

    pub(super) fn last_audit_entry(&self) -> StoreResult<Option<(i64, String)>> {
        self.sql
            .query_optional("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1", &[])?
            .map(|row| Ok((row.i64(0)?, row.text(1)?)))
            .transpose()
    }

    /// `acknowledges_damage`: the Beheerder's entry after a damaged end, the one entry that may
    /// follow a last entry that is not the recorded head.
    pub(super) fn append_audit_entry(&self, stamp: &AuditStamp, event: &AuditEvent, acknowledges_damage: bool) -> StoreResult<i64> {
        let (last_sequence, previous_hash) = self.last_audit_entry()?.unwrap_or((0, audit::GENESIS_HASH.to_string()));
        let mut entry = AuditEntry {
            sequence: last_sequence + 1,
            at: timestamp(stamp.at),
            actor: stamp.actor.clone(),
            workstation: stamp.workstation.clone(),
            action: event.action.clone(),
            object: event.object.clone(),
            result: event.result.dutch().to_string(),
            previous_hash,
            hash: String::new(),
        };
        entry.hash = self.read().audit_entry_hash(&entry);
        if self.sql.dialect() == Dialect::Postgres {
            // SEC-07: the server checks the link and the end and records the head itself.
            let mut params = entry_values(&entry);
            params.push(acknowledges_damage.to_value());
            self.sql.query("SELECT klachtbalie_append_audit(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)", &params)?;
        } else {
            self.insert_audit_entry(&entry)?;
            self.record_audit_head(entry.sequence, &entry.hash)?;
        }
        *self.appended.borrow_mut() = Some((entry.sequence, entry.hash.clone()));
        Ok(entry.sequence)
    }
}

impl Writer<'_> {
    /// Records the log's end: a setting on the single desk, the server's head row on the shared
    /// store (written here only by its owner, in the move to a shared store).
    pub(super) fn record_audit_head(&self, sequence: i64, hash: &str) -> StoreResult<()> {
        if self.sql.dialect() == Dialect::Postgres {
            self.sql.execute(
                "INSERT INTO audit_head (only_row, sequence, hash) VALUES (true, ?1, ?2)
                 ON CONFLICT (only_row) DO UPDATE SET sequence = excluded.sequence, hash = excluded.hash",
                values![sequence, hash],
            )?;
            return Ok(());
        }
        self.set_setting("audit_head", &format!("{sequence}:{hash}"))
    }

    /// Stores one audit entry exactly as given: the append above, and the move to the shared
    /// store, which links the same entries again.
    pub(super) fn insert_audit_entry(&self, entry: &AuditEntry) -> StoreResult<()> {
        self.sql.execute(
            &format!("INSERT INTO audit_log ({AUDIT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
            &entry_values(entry),
        )?;
        Ok(())
    }
}

/// An entry's columns as query values, in the order of `AUDIT_COLUMNS`.
fn entry_values(entry: &AuditEntry) -> Vec<Value> {
    values![
        entry.sequence,
        entry.at,
        entry.actor,
        entry.workstation,
        entry.action,
        entry.object,
        entry.result,
        entry.previous_hash,
        entry.hash
    ]
    .to_vec()
}
