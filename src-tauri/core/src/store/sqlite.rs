//! The single-desk store: one SQLCipher file through rusqlite, WAL with `synchronous=FULL` so
//! a saved complaint survives a crash, and its embedded migrations.

use super::key::DatabaseKey;
use super::key_check::{apply_key, check_key, ensure_key_check, verify_key};
use super::{migrations, StoreError, StoreResult, Writer, BUSY_TIMEOUT};
use crate::audit::{AuditEvent, AuditStamp};
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};

/// One open connection to the encrypted database file.
pub struct SqliteStore {
    pub(super) connection: Connection,
    path: PathBuf,
}

impl SqliteStore {
    /// Creates a new encrypted database at a path where nothing exists yet (set-up builds it
    /// under a temporary name and renames it when complete, see `service::set_up`).
    pub fn create(path: &Path, key: &DatabaseKey) -> StoreResult<Self> {
        if path.exists() {
            return Err(StoreError::Damaged { path: path.to_path_buf(), problem: "er staat al een bestand met deze naam".into() });
        }
        let connection = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        apply_key(&connection, key)?;
        let database = Self::prepare(connection, path)?;
        ensure_key_check(path, key);
        Ok(database)
    }

    /// Opens an existing encrypted database. The key is verified read-only first, so a wrong
    /// key leaves every file in the data folder exactly as it was; a missing file is never
    /// created here (only set-up makes a database).
    pub fn open(path: &Path, key: &DatabaseKey) -> StoreResult<Self> {
        verify_key(path, key)?;
        let connection = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        apply_key(&connection, key)?;
        check_key(&connection, path, key)?;
        let database = Self::prepare(connection, path)?;
        ensure_key_check(path, key);
        Ok(database)
    }

    /// Opens the file read-only, with no pragma that writes (no WAL switch, no migration): a
    /// database of an older schema is refused instead of upgraded.
    pub fn open_read_only(path: &Path, key: &DatabaseKey) -> StoreResult<Self> {
        verify_key(path, key)?;
        let connection = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?;
        connection.busy_timeout(BUSY_TIMEOUT)?;
        apply_key(&connection, key)?;
        check_key(&connection, path, key)?;
        let store = Self { connection, path: path.to_path_buf() };
        let (found, known) = (store.schema_version()?, migrations::MIGRATIONS.last().map_or(0, |(version, _)| *version));
        if found != known {
            return Err(StoreError::Transfer(format!(
                "de database heeft schema {found}, deze versie kent {known}; start eerst de app op deze werkplek zodat die wordt bijgewerkt"
            )));
        }
        Ok(store)
    }

    /// Closes the connection, checkpointing the WAL into the main file first, so the file can
    /// be renamed on its own (set-up) or copied.
    pub fn close(self) -> StoreResult<()> {
        self.connection.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE;")?;
        self.connection.close().map_err(|(_, error)| StoreError::from(error))
    }

    /// `PRAGMA integrity_check`: empty when the file is sound, else SQLite's findings.
    pub fn integrity_problems(&self) -> StoreResult<Vec<String>> {
        let mut statement = self.connection.prepare("PRAGMA integrity_check")?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0))?;
        let findings: Vec<String> = rows.collect::<Result<_, _>>()?;
        Ok(findings.into_iter().filter(|finding| finding != "ok").collect())
    }

    /// The same schema and code without encryption. Exists only so the benchmark can measure
    /// what encryption costs; the application never calls it.
    #[doc(hidden)]
    pub fn open_unencrypted_for_comparison(path: &Path) -> StoreResult<Self> {
        let connection = Connection::open(path)?;
        Self::prepare(connection, path)
    }

    fn prepare(connection: Connection, path: &Path) -> StoreResult<Self> {
        // WAL keeps readers and the writer apart; FULL syncs the WAL on every commit so a
        // complaint the user saved is on disk when "opgeslagen" appears. Temp tables stay in
        // memory so no unencrypted temp file is ever written. Deleted content is overwritten
        // with zeros (AVG-02: a destroyed complaint leaves nothing in the file's free pages).
        connection.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;
             PRAGMA secure_delete = ON;",
        )?;
        let mut database = Self { connection, path: path.to_path_buf() };
        database.migrate()?;
        Ok(database)
    }

    fn migrate(&mut self) -> StoreResult<()> {
        let current: i64 = self.connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
        let known = migrations::MIGRATIONS.last().map_or(0, |(version, _)| *version);
        if current > known {
            return Err(StoreError::NewerSchema { found: current, known });
        }
        // A migration may rebuild a table that others refer to; foreign keys are switched off
        // for that (it cannot be done inside a transaction) and checked before each commit.
        self.connection.execute_batch("PRAGMA foreign_keys = OFF;")?;
        let result = (|| -> StoreResult<()> {
            for (version, sql) in migrations::MIGRATIONS.iter().filter(|(version, _)| *version > current) {
                let transaction = self.connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
                transaction.execute_batch(sql)?;
                let broken: i64 = transaction.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| row.get(0))?;
                if broken > 0 {
                    return Err(StoreError::Migration { version: *version, problem: format!("{broken} verwijzingen kloppen niet") });
                }
                transaction.execute_batch(&format!("PRAGMA user_version = {version};"))?;
                transaction.commit()?;
            }
            Ok(())
        })();
        self.connection.execute_batch("PRAGMA foreign_keys = ON;")?;
        result?;
        if current == 1 {
            self.start_audit_log_after_upgrade()?;
        }
        Ok(())
    }

    /// A schema-1 database has accounts but no audit log (migration 2 added it). Its first
    /// entry says so; without it the head check would take the empty log for a deleted one.
    fn start_audit_log_after_upgrade(&mut self) -> StoreResult<()> {
        let transaction = self.connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let writer = Writer::new(&*transaction);
        if writer.read().audit_head()?.is_none() && writer.last_audit_entry()?.is_none() {
            let event = AuditEvent::success("auditlog begonnen", "database bijgewerkt van schema 1");
            let stamp = AuditStamp { at: chrono::Local::now().naive_local(), actor: "klachtbalie".into(), workstation: "bijwerken".into() };
            writer.append_audit_entry(&stamp, &event, false)?;
        }
        transaction.commit()?;
        Ok(())
    }

    pub fn schema_version(&self) -> StoreResult<i64> {
        Ok(self.connection.query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` in an immediate (write-locking) transaction: all or nothing.
    pub fn write<T, E: From<StoreError>>(&mut self, work: impl FnOnce(&dyn super::sql::Sql) -> Result<T, E>) -> Result<T, E> {
        let transaction = self.connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(StoreError::from)?;
        let result = work(&*transaction)?;
        transaction.commit().map_err(StoreError::from)?;
        Ok(result)
    }

    /// Runs `work` on one read snapshot: every query inside sees the same state, even while
    /// another process commits (WAL).
    pub fn read_consistently<T, E: From<StoreError>>(&self, work: impl FnOnce(&dyn super::sql::Sql) -> Result<T, E>) -> Result<T, E> {
        let transaction = self.connection.unchecked_transaction().map_err(StoreError::from)?;
        let result = work(&*transaction)?;
        transaction.commit().map_err(StoreError::from)?;
        Ok(result)
    }
}
