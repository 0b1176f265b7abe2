//! SEC-06 in the store: a consistent copy of the single desk's open database taken with
//! SQLite's online backup (encrypted under the same key, while the app runs), and a
//! fingerprint of every table, so that a restore can prove it holds exactly what was copied.

use super::key::DatabaseKey;
use super::key_check::apply_key;
use super::sql::Value;
use super::{Backend, Database, Reader, StoreError, StoreResult};
use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};
use std::path::Path;
use std::time::Duration;

use super::catalogue::backup_tables;

/// One table's number of rows and a SHA-256 over every value of every row, in row order.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableFingerprint {
    pub table: String,
    pub rows: i64,
    pub sha256: String,
}

impl Database {
    /// Copies the open single-desk database into `target` (which must not exist) under the
    /// same key, page by page while other work may go on; the copy is complete or an error.
    pub fn backup_to(&self, target: &Path, key: &DatabaseKey) -> StoreResult<()> {
        let Backend::Sqlite(store) = &self.backend else {
            return Err(StoreError::Column("een back-up van de gedeelde database maakt de databasebeheerder met pg_dump".into()));
        };
        if target.exists() {
            return Err(StoreError::Damaged { path: target.to_path_buf(), problem: "er staat al een bestand met deze naam".into() });
        }
        let mut copy = Connection::open_with_flags(
            target,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        apply_key(&copy, key)?;
        {
            let backup = rusqlite::backup::Backup::new(&store.connection, &mut copy)?;
            backup.run_to_completion(512, Duration::from_millis(2), None)?;
        }
        // One self-contained file: no WAL beside it.
        copy.execute_batch("PRAGMA journal_mode = DELETE;")?;
        copy.close().map_err(|(_, error)| StoreError::from(error))
    }
}

impl Reader<'_> {
    /// The fingerprint of every backup table of the single desk (rows in the order of their
    /// first column, then rowid, so the same data always gives the same fingerprint).
    pub fn table_fingerprints(&self) -> StoreResult<Vec<TableFingerprint>> {
        backup_tables()
            .map(|table| {
                let rows = self.sql.query(&format!("SELECT * FROM {table} ORDER BY 1, rowid"), &[])?;
                let mut hasher = Sha256::new();
                for row in &rows {
                    for value in &row.0 {
                        match value {
                            Value::Null => hasher.update([0]),
                            Value::Integer(number) => {
                                hasher.update([1]);
                                hasher.update(number.to_le_bytes());
                            }
                            Value::Text(text) => {
                                hasher.update([2]);
                                hasher.update((text.len() as u64).to_le_bytes());
                                hasher.update(text.as_bytes());
                            }
                            Value::Blob(bytes) => {
                                hasher.update([3]);
                                hasher.update((bytes.len() as u64).to_le_bytes());
                                hasher.update(bytes);
                            }
                        }
                    }
                }
                Ok(TableFingerprint {
                    table: table.to_string(),
                    rows: i64::try_from(rows.len()).unwrap_or(i64::MAX),
                    sha256: hex::encode(hasher.finalize()),
                })
            })
            .collect()
    }
}
