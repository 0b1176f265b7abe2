//! The shared store's recovery key on the server (SEC-08, schema 10): the wrap of the database
//! key and the recovery key waiting, sealed under the database key, for its sheet to be saved.

use crate::store::key::DatabaseKey;
use crate::store::recovery_key::RecoveryKey;
use crate::store::sql::{Sql, Value};
use crate::store::{StoreError, StoreResult};

/// The `store_info` rows of the shared store's recovery key: the wrap, and the recovery key
/// sealed under the database key until a Beheerder has saved its sheet. Both are written only
/// by the owner (set-up, schema 10, `klachtbalie-cli new-recovery-key`); the desks read them.
const WRAP_ROW: &str = "recovery_wrap";
const PENDING_ROW: &str = "recovery_key_pending";

/// Issues a new recovery key for `key` on the shared store, in the caller's transaction (as
/// the owner): its wrap replaces the old one, so the old recovery key no longer unwraps
/// anything, and the new one waits, sealed, for a Beheerder to save its sheet.
pub(in crate::store) fn issue_on_server(sql: &dyn Sql, key: &DatabaseKey) -> StoreResult<()> {
    let sealer = sql.sealer().ok_or(StoreError::NewRecoveryKeyNeedsKey)?;
    let recovery_key = RecoveryKey::generate();
    for (row, bytes) in [(WRAP_ROW, recovery_key.wrap(key)), (PENDING_ROW, sealer.seal_recovery_key(&recovery_key))] {
        sql.execute(
            "INSERT INTO store_info (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[Value::Text(row.into()), Value::Text(hex::encode(bytes))],
        )?;
    }
    Ok(())
}

impl crate::store::Writer<'_> {
    /// `klachtbalie-cli new-recovery-key` (as the owner of the shared store): a new recovery
    /// key replaces the old one, which then unwraps nothing; a Beheerder is shown the new one
    /// at the next log-in. A single desk's recovery key is its database key itself.
    pub fn issue_new_recovery_key(&self, key: &DatabaseKey) -> StoreResult<()> {
        if self.sql.dialect() == crate::store::sql::Dialect::Sqlite {
            return Err(StoreError::NoNewRecoveryKeyOnASingleDesk);
        }
        issue_on_server(self.sql, key)?;
        self.set_setting("recovery_key_confirmed", "0")
    }
}

/// Whether the shared store has a recovery key's wrap (schema 10 issues one where it has not).
pub(in crate::store) fn wrap_on_server(sql: &dyn Sql) -> StoreResult<Option<Vec<u8>>> {
    stored_bytes(sql, WRAP_ROW)
}

/// The recovery key waiting on the server for its sheet to be saved, opened with this desk's
/// database key.
pub(in crate::store) fn pending_on_server(sql: &dyn Sql) -> StoreResult<RecoveryKey> {
    let sealer = sql.sealer().ok_or(StoreError::NewRecoveryKeyNeedsKey)?;
    stored_bytes(sql, PENDING_ROW)?.and_then(|sealed| sealer.open_recovery_key(&sealed)).ok_or(StoreError::RecoveryKeyNotOnServer)
}

fn stored_bytes(sql: &dyn Sql, row: &str) -> StoreResult<Option<Vec<u8>>> {
    let Some(found) = sql.query_optional("SELECT value FROM store_info WHERE key = ?1", &[Value::Text(row.into())])? else {
        return Ok(None);
    };
    // A value that is not hex was changed on the server: it opens as nothing.
    Ok(Some(hex::decode(found.text(0)?).unwrap_or_default()))
}
