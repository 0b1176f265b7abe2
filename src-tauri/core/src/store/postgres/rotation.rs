//! `klachtbalie-cli rotate-key` on the shared store (SEC-01/SEC-08, issue 25 item 7): a new
//! database key takes over everything the old one protected, in one owner transaction while the
//! desks are closed: every sealed value is sealed anew, every complaint's blind-index tokens
//! are computed anew, the audit chain (checked with the old key first) is linked anew with the
//! new key's MAC, and the key-check value and the recovery key are replaced.

use super::{reseal, PostgresStore, Session};
use crate::audit::{self, AuditEntry, AuditEvent, AuditStamp};
use crate::store::key::DatabaseKey;
use crate::store::sealing::Sealer;
use crate::store::sql::{Sql, Value};
use crate::store::{AuditFilter, Reader, StoreError, StoreResult, Writer};
use std::cell::RefCell;

/// What a rotation did, for the operator and the audit log.
#[derive(Clone, PartialEq, Eq)]
pub struct RotationReport {
    pub sealed_values: u64,
    pub complaints_indexed: u64,
    pub audit_entries: u64,
    /// The new recovery key, shown once to whoever rotated.
    pub recovery_key: String,
}

impl std::fmt::Debug for RotationReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RotationReport")
            .field("sealed_values", &self.sealed_values)
            .field("complaints_indexed", &self.complaints_indexed)
            .field("audit_entries", &self.audit_entries)
            .finish_non_exhaustive()
    }
}

/// Complaints whose tokens are computed per query.
const INDEX_BATCH: usize = 500;

impl PostgresStore {
    /// Replaces this store's key (the sealer it was opened with) by `new_key`. Refused, with
    /// nothing changed, when the audit chain does not verify with the old key or a sealed value
    /// does not open. `stamp` names who rotated, for the entry that records it.
    pub fn rotate_key(&self, new_key: &DatabaseKey, stamp: &AuditStamp) -> StoreResult<RotationReport> {
        let old = self.sealer.as_ref().ok_or(StoreError::NewRecoveryKeyNeedsKey)?;
        let new = Sealer::new(new_key);
        let mut client = self.client.borrow_mut();
        let mut transaction = client.transaction()?;
        // The desks are closed (README); should one still be open, it waits here and then
        // finds its key no longer fits.
        transaction.batch_execute("LOCK TABLE store_info, audit_log, audit_head IN ACCESS EXCLUSIVE MODE")?;
        // Checked again under the lock: a second rotation at the same time finds the key changed.
        let stored: Option<String> =
            transaction.query_opt("SELECT value FROM store_info WHERE key = 'key_check'", &[])?.map(|row| row.try_get(0)).transpose()?;
        if stored.as_deref() != Some(old.key_check_value().as_str()) {
            return Err(StoreError::SharedWrongKey);
        }
        let triggers = reseal::IMMUTABLE_ROW_TRIGGERS.iter().chain(&[("audit_log", "audit_is_append_only")]);
        for (table, trigger) in triggers.clone() {
            transaction.batch_execute(&format!("ALTER TABLE {table} DISABLE TRIGGER {trigger}"))?;
        }
        let entries = {
            let session =
                Session { transaction: RefCell::new(transaction.transaction()?), statements: &self.statements, sealer: Some(old) };
            let reader = Reader { sql: &session };
            let entries = reader.audit_entries(&AuditFilter::default())?;
            let verification =
                audit::verify_chain_with(&entries, reader.audit_head()?, |entry| old.audit_mac(&audit::canonical_text(entry)));
            if verification.first_broken.is_some() {
                return Err(StoreError::RotationRefused(format!(
                    "het auditlog klopt niet met de huidige sleutel ({})",
                    verification.summary()
                )));
            }
            let sealed_values = reseal::seal_every_value_anew(&session, None, |cell, stored| {
                Ok(Some(match old.open(cell, stored) {
                    Ok(plain) => Ok(new.seal(cell, &plain)?),
                    Err(problem) => Err(problem.to_string()),
                }))
            })
            .map_err(|error| match error {
                StoreError::ResealRefused { count, first } => StoreError::RotationRefused(format!(
                    "{count} versleutelde waarde(n) gaan met de huidige sleutel niet open; de eerste: {first}"
                )),
                other => other,
            })?;
            session.transaction.into_inner().commit()?;
            (entries, sealed_values)
        };
        let (entries, sealed_values) = entries;
        let (complaints_indexed, recovery_key) = {
            let session =
                Session { transaction: RefCell::new(transaction.transaction()?), statements: &self.statements, sealer: Some(&new) };
            let complaints_indexed = index_anew(&session)?;
            relink_audit_chain(&session, &entries)?;
            session.execute("UPDATE store_info SET value = ?1 WHERE key = 'key_check'", &[Value::Text(new.key_check_value())])?;
            super::recovery::issue_on_server(&session, new_key)?;
            // Shown to a Beheerder after the next log-in too, should the printed one be lost.
            Writer::new(&session).set_setting("recovery_key_confirmed", "0")?;
            let recovery_key = super::recovery::pending_on_server(&session)?;
            let event = AuditEvent::success("databasesleutel vervangen", format!("{sealed_values} versleutelde waarden"));
            Writer::new(&session).append_audit(stamp, &event)?;
            session.transaction.into_inner().commit()?;
            (complaints_indexed, recovery_key)
        };
        for (table, trigger) in triggers {
            transaction.batch_execute(&format!("ALTER TABLE {table} ENABLE TRIGGER {trigger}"))?;
        }
        transaction.commit()?;
        tracing::info!(sealed_values, complaints_indexed, audit_entries = entries.len(), "databasesleutel vervangen");
        Ok(RotationReport { sealed_values, complaints_indexed, audit_entries: entries.len() as u64, recovery_key: recovery_key.text() })
    }
}

/// Every complaint's blind-index tokens from its values (already sealed with the new key, which
/// `sql` holds), by the same code as at intake. A destroyed complaint has none (destruction
/// removed them) and gets none.
fn index_anew(sql: &dyn Sql) -> StoreResult<u64> {
    sql.execute("DELETE FROM complaint_tokens", &[])?;
    let ids: Vec<i64> = sql
        .query("SELECT id FROM complaints WHERE destroyed_at IS NULL ORDER BY id", &[])?
        .iter()
        .map(|row| row.i64(0))
        .collect::<StoreResult<_>>()?;
    let (reader, writer) = (Reader { sql }, Writer::new(sql));
    for batch in ids.chunks(INDEX_BATCH) {
        for complaint in reader.complaints_by_ids(batch)? {
            writer.index_complaint_for_search(complaint.id, &complaint.reference, &complaint.complaint, &complaint.respondent_names)?;
        }
    }
    Ok(ids.len() as u64)
}

/// The chain linked anew, entry by entry, with the new key's MAC (the entries' own words, times
/// and numbers unchanged), and its head recorded.
fn relink_audit_chain(sql: &dyn Sql, entries: &[AuditEntry]) -> StoreResult<()> {
    let reader = Reader { sql };
    let mut previous_hash = audit::GENESIS_HASH.to_string();
    for entry in entries {
        let mut relinked = AuditEntry { previous_hash: previous_hash.clone(), hash: String::new(), ..entry.clone() };
        relinked.hash = reader.audit_entry_hash(&relinked);
        sql.execute(
            "UPDATE audit_log SET previous_hash = ?1, hash = ?2 WHERE sequence = ?3",
            &[Value::Text(relinked.previous_hash.clone()), Value::Text(relinked.hash.clone()), Value::Integer(entry.sequence)],
        )?;
        previous_hash = relinked.hash;
    }
    if let Some(last) = entries.last() {
        sql.execute("UPDATE audit_head SET sequence = ?1, hash = ?2", &[Value::Integer(last.sequence), Value::Text(previous_hash)])?;
    }
    Ok(())
}
