//! The encrypted store: SQLCipher through rusqlite, WAL with `synchronous=FULL` so a saved
//! complaint survives a crash, embedded migrations, and every query the use cases need.

mod accounts;
mod audit_log;
mod complaints;
pub mod key;
mod key_check;
use key_check::{apply_key, check_key};
pub use key_check::{ensure_key_check, key_check_path, verify_key};
mod letters;
mod migrations;
pub mod sealing;
mod search;
mod sql;
pub use accounts::UserRecord;
pub use audit_log::AuditFilter;
pub use complaints::{
    ComplaintNames, ComplaintRecord, ContactRecord, DecisionRecord, HandlerAssignment, HearingRecord, LetterRecord, ProcedureRecord,
    TaskRecord,
};
pub use letters::{LetterDraftRecord, LetterSummary, NewLetter, TemplateRecord};

use crate::audit::{self, AuditEvent};
use chrono::NaiveDateTime;
use key::DatabaseKey;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use sealing::{Cell, SealError};
use sql::{Row, Sql, Value};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("De sleutel past niet op de database in {0}. Er is niets gewijzigd.")]
    WrongKey(PathBuf),
    /// A database from before the key-check file: a wrong key and a damaged first page look
    /// the same to SQLCipher, so the message names both.
    #[error(
        "De sleutel past niet op de database in {0}, of het begin van het bestand is beschadigd. Er is niets gewijzigd. \
         Controleer de sleutel (of herstelsleutel); past die wel, zet dan de laatste reservekopie terug."
    )]
    WrongKeyOrDamaged(PathBuf),
    #[error("De database in {0} bestaat niet.")]
    Missing(PathBuf),
    #[error(
        "Het databasebestand {path} is beschadigd: {problem}. Er is niets gewijzigd en het bestand blijft staan zoals het is. \
         Zet de laatste reservekopie terug, of vraag de Beheerder dat te doen."
    )]
    Damaged { path: PathBuf, problem: String },
    #[error("De database is gemaakt door een nieuwere versie van Klachtbalie (schema {found}, deze versie kent {known}). Installeer de nieuwste versie.")]
    NewerSchema { found: i64, known: i64 },
    #[error("De database kon niet worden bijgewerkt naar schema {version}: {problem}. Er is niets gewijzigd.")]
    Migration { version: i64, problem: String },
    /// SEC-02: the last audit entry is not the one recorded as the head. Writes stop until the
    /// Beheerder has acknowledged it, so nothing new is chained onto a shortened log.
    #[error(
        "Het auditlog is aangetast: {0} Er kan niets worden opgeslagen totdat de Beheerder dit onder Auditlog heeft bevestigd. \
         Meld dit aan de beveiligingsfunctionaris (CISO)."
    )]
    AuditTampered(String),
    #[error("Klachtbalie kan niet schrijven: de map met de gegevens of het databasebestand is alleen-lezen. Vraag de Beheerder de schrijfrechten te herstellen; er is niets opgeslagen.")]
    ReadOnly(#[source] rusqlite::Error),
    #[error(
        "De schijf is vol: er is niets opgeslagen. Maak ruimte vrij en probeer het opnieuw; wat eerder was opgeslagen blijft bewaard."
    )]
    DiskFull(#[source] rusqlite::Error),
    #[error("De schijf gaf een lees- of schrijffout: er is niets opgeslagen. Controleer de schijf (of de netwerkverbinding naar de map) en probeer het opnieuw.")]
    DiskError(#[source] rusqlite::Error),
    #[error("Het databasebestand kan niet worden geopend. Controleer of de map bestaat en of u er rechten op heeft.")]
    CannotOpen,
    #[error(
        "De database is bezet door een ander programma dat te lang bezig is. Probeer het over een minuut opnieuw; er is niets opgeslagen."
    )]
    Busy(#[source] rusqlite::Error),
    /// SQLite found a damaged page while working (not at opening): the file may still be
    /// mostly sound, so the first step is a check, not restoring an older backup.
    #[error("De database meldt een beschadigde pagina; dit is niet opgeslagen. Werk niet verder en laat de Beheerder `klachtbalie-cli check` uitvoeren; die zegt wat er beschadigd is.")]
    CorruptPage(#[source] rusqlite::Error),
    #[error("Databasefout: {0}")]
    Sqlite(rusqlite::Error),
    /// A stored value is not what the schema promises (a hand-edited database, a bug).
    #[error("De database bevat een onverwachte waarde: {0}")]
    Column(String),
    /// SEC-01: a sealed value on the shared store does not open: changed on the server,
    /// moved to another row, or sealed under another key.
    #[error("Een versleutelde waarde in de gedeelde database klopt niet ({0}). Meld dit aan de Beheerder en de beveiligingsfunctionaris (CISO).")]
    Sealed(#[from] SealError),
}

/// Plain Dutch for what a user can act on (a read-only folder, a full disk); anything else
/// keeps SQLite's own text, which the log file records in detail.
impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        let code = match &error {
            rusqlite::Error::SqliteFailure(failure, _) => Some(failure.code),
            _ => None,
        };
        match code {
            Some(ErrorCode::ReadOnly) => Self::ReadOnly(error),
            Some(ErrorCode::DiskFull) => Self::DiskFull(error),
            Some(ErrorCode::SystemIoFailure) => Self::DiskError(error),
            Some(ErrorCode::CannotOpen) => {
                tracing::error!(detail = ?error, "database kan niet worden geopend");
                Self::CannotOpen
            }
            Some(ErrorCode::DatabaseBusy) | Some(ErrorCode::DatabaseLocked) => Self::Busy(error),
            Some(ErrorCode::DatabaseCorrupt) => Self::CorruptPage(error),
            _ => Self::Sqlite(error),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// How long a writer waits for another process (the CLI beside the app, a scheduled task)
/// before giving up: writers queue, they do not fail (SQLite retries within this time).
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(30);

/// SQLCipher's page size: every encrypted database file is a whole number of pages.
const PAGE_SIZE: u64 = 4096;

/// One open connection to the encrypted database.
pub struct Database {
    connection: Connection,
    path: PathBuf,
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database").field("path", &self.path).finish()
    }
}

impl Database {
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
        // memory so no unencrypted temp file is ever written.
        connection.execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;",
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
        let writer = Writer { sql: &*transaction };
        if writer.read().audit_head()?.is_none() && writer.last_audit_entry()?.is_none() {
            let event = AuditEvent {
                action: "auditlog begonnen".into(),
                object: "database bijgewerkt van schema 1".into(),
                result: audit::AuditResult::Success,
            };
            writer.append_audit_entry(chrono::Local::now().naive_local(), "klachtbalie", "bijwerken", &event)?;
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
    pub fn write<T, E: From<StoreError>>(&mut self, work: impl FnOnce(&Writer<'_>) -> Result<T, E>) -> Result<T, E> {
        let transaction = self.connection.transaction_with_behavior(TransactionBehavior::Immediate).map_err(StoreError::from)?;
        let result = work(&Writer { sql: &*transaction })?;
        transaction.commit().map_err(StoreError::from)?;
        Ok(result)
    }

    pub fn reader(&self) -> Reader<'_> {
        Reader { sql: &self.connection }
    }

    /// Runs `work` on one read snapshot: every query inside sees the same state, even while
    /// another process commits (WAL). Without it, the audit log and its recorded head could be
    /// read at two moments and a healthy chain reported as tampered with.
    pub fn read_consistently<T, E: From<StoreError>>(&self, work: impl FnOnce(&Reader<'_>) -> Result<T, E>) -> Result<T, E> {
        let transaction = self.connection.unchecked_transaction().map_err(StoreError::from)?;
        let result = work(&Reader { sql: &*transaction })?;
        transaction.commit().map_err(StoreError::from)?;
        Ok(result)
    }
}

/// Read queries; also available inside a write transaction through `Writer::read`.
#[derive(Clone, Copy)]
pub struct Reader<'c> {
    sql: &'c dyn Sql,
}

/// Write queries, only reachable inside `Database::write`.
pub struct Writer<'t> {
    sql: &'t dyn Sql,
}

impl Writer<'_> {
    pub fn read(&self) -> Reader<'_> {
        Reader { sql: self.sql }
    }
}

const TIMESTAMP: &str = "%Y-%m-%dT%H:%M:%S";

fn timestamp(at: NaiveDateTime) -> String {
    at.format(TIMESTAMP).to_string()
}

/// Sealing on the shared store (SEC-01). On the single desk these pass values through as
/// they are: the whole SQLCipher file is encrypted.
impl Reader<'_> {
    /// The stored form of a personal value in an existing row.
    fn seal(&self, table: &str, column: &str, row: impl std::fmt::Display, text: &str) -> Value {
        match self.sql.sealer() {
            None => Value::Text(text.to_string()),
            Some(sealer) => Value::Blob(sealer.seal(&Cell { table, column, row: &row.to_string() }, text.as_bytes())),
        }
    }

    /// The stored form of a personal value in a row about to be inserted; `id` is the id
    /// taken in advance on the shared store (`None` on the single desk).
    fn seal_for_new_row(&self, table: &str, column: &str, id: Option<i64>, text: &str) -> StoreResult<Value> {
        match self.sql.sealer() {
            None => Ok(Value::Text(text.to_string())),
            Some(_) => self.seal_bytes_for_new_row(table, column, id, text.as_bytes()),
        }
    }

    fn seal_bytes_for_new_row(&self, table: &str, column: &str, id: Option<i64>, bytes: &[u8]) -> StoreResult<Value> {
        match (self.sql.sealer(), id) {
            (None, _) => Ok(Value::Blob(bytes.to_vec())),
            (Some(sealer), Some(id)) => Ok(Value::Blob(sealer.seal(&Cell { table, column, row: &id.to_string() }, bytes))),
            // Never store a personal value unsealed on the server.
            (Some(_), None) => Err(StoreError::Column(format!("{table}: geen rij-id om {column} te versleutelen"))),
        }
    }

    fn open_bytes(&self, table: &str, column: &str, row_id: impl std::fmt::Display, row: &Row, index: usize) -> StoreResult<Vec<u8>> {
        let stored = row.blob(index)?;
        match self.sql.sealer() {
            None => Ok(stored),
            Some(sealer) => Ok(sealer.open(&Cell { table, column, row: &row_id.to_string() }, &stored)?),
        }
    }

    fn open_optional_text(
        &self,
        table: &str,
        column: &str,
        row_id: impl std::fmt::Display,
        row: &Row,
        index: usize,
    ) -> StoreResult<Option<String>> {
        if row.raw(index)? == Value::Null {
            return Ok(None);
        }
        let bytes = self.open_bytes(table, column, row_id, row, index)?;
        String::from_utf8(bytes).map(Some).map_err(|_| StoreError::Column(format!("{table}.{column} is geen tekst")))
    }

    fn open_text(&self, table: &str, column: &str, row_id: impl std::fmt::Display, row: &Row, index: usize) -> StoreResult<String> {
        self.open_optional_text(table, column, row_id, row, index)?.ok_or_else(|| StoreError::Column(format!("{table}.{column} is leeg")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_1_database_upgrades_without_losing_a_row() {
        // invariant 7: the skeleton's departments become chart entries; complaints, letters
        // and events keep their rows and links.
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("klachtbalie.db");
        let key = DatabaseKey::generate();
        {
            let connection = Connection::open(&path).expect("open");
            apply_key(&connection, &key).expect("key");
            connection.execute_batch(migrations::MIGRATIONS[0].1).expect("schema 1");
            connection
                .execute_batch(
                    "PRAGMA user_version = 1;
                     INSERT INTO departments (id, name, manager_name, manager_function) VALUES (1, 'Burgerzaken', 'Anna de Boer', 'afdelingsmanager');
                     INSERT INTO users (username, display_name, job_title, password_hash, roles, created_at)
                         VALUES ('beheer', 'F', 'K', 'x', 'beheerder', '2026-11-23T09:00:00');
                     INSERT INTO complaints (id, reference, received_on, channel, complainant_name, street_address, postcode, city,
                         phone, email, representative, complaint_type, department_id, respondent_name, conduct_date, description,
                         desired_outcome, handler_name, handler_function, handler_reason, status, created_at, created_by)
                     VALUES (7, 'KL-2026-0001', '2026-11-20', 'brief', 'Jan de Vries', 'Dorpsstraat 1', '1111 AB', 'Diemen', '',
                         '', '', 'bejegening', 1, 'J. Smit', '2026-11-19', 'Onvriendelijk', '', 'Anna de Boer', 'afdelingsmanager',
                         'reden', 'ontvangen', '2026-11-23T09:00:00', 'beheer');
                     INSERT INTO letters (complaint_id, kind, pdf, sha256, created_at, created_by)
                         VALUES (7, 'ontvangstbevestiging', x'25504446', 'abc', '2026-11-23T09:00:00', 'beheer');
                     INSERT INTO events (complaint_id, at, actor, kind, detail) VALUES (7, '2026-11-23T09:00:00', 'beheer', 'geregistreerd', 'via brief');",
                )
                .expect("version 1 rows");
        }
        let database = Database::open(&path, &key).expect("upgrade");
        assert_eq!(database.schema_version().expect("version"), migrations::MIGRATIONS.len() as i64);
        let reader = database.reader();
        let record = reader.complaint_by_reference("KL-2026-0001").expect("query").expect("complaint kept");
        assert_eq!(record.id, 7);
        assert_eq!(record.department_name, "Burgerzaken");
        assert_eq!(record.respondent_names, "J. Smit");
        assert_eq!(record.handler.id, "afd-1-manager");
        assert_eq!(record.handler.name, "Anna de Boer");
        assert!(record.acknowledged, "the letter still belongs to the complaint");
        assert_eq!(reader.events(7).expect("events").len(), 1);
        let chart = reader.org_chart_file().expect("chart");
        assert_eq!(chart.departments[0].manager.as_deref(), Some("afd-1-manager"));
        assert_eq!(chart.officials[0].name, "Anna de Boer");
        let user = reader.user_by_username("beheer").expect("query").expect("user kept");
        assert_eq!((user.official_id, user.must_change_password), (None, false));
        let broken: i64 =
            database.connection.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |row| row.get(0)).expect("fk check");
        assert_eq!(broken, 0);
        // SEC-02: the upgraded database has accounts but had no audit log; its first entry
        // says so, and writing works (the head check does not take it for a deleted log).
        let mut database = database;
        let event = AuditEvent { action: "inloggen".into(), object: "beheer".into(), result: audit::AuditResult::Success };
        let at = NaiveDateTime::parse_from_str("2026-11-24T09:00", "%Y-%m-%dT%H:%M").expect("time");
        let sequence =
            database.write(|tx| -> StoreResult<i64> { tx.append_audit(at, "beheer", "balie-1", &event) }).expect("write after upgrade");
        assert_eq!(sequence, 2);
        let entries = database.reader().audit_entries(&AuditFilter::default()).expect("log");
        assert_eq!(entries[0].action, "auditlog begonnen");
        assert_eq!(audit::verify_chain(&entries, database.reader().audit_head().expect("head")).first_broken, None);
    }
}
