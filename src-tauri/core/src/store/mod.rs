//! The encrypted store: SQLCipher through rusqlite, WAL with `synchronous=FULL` so a saved
//! complaint survives a crash, embedded migrations, and every query the use cases need.

mod audit_log;
pub mod key;
mod key_check;
use key_check::{apply_key, check_key};
pub use key_check::{ensure_key_check, key_check_path, verify_key};
mod letters;
mod migrations;
pub use letters::{LetterDraftRecord, LetterSummary, NewLetter, TemplateRecord};

use crate::audit::{self, AuditEntry, AuditEvent};
use crate::domain::complaint::{Channel, ComplaintReference, ComplaintType, NewComplaint};
use crate::domain::deadlines::TermChanges;
use crate::domain::organisation::{DepartmentEntry, OfficialEntry, OrgChart, OrgChartFile};
use crate::domain::procedure::Status;
use chrono::{NaiveDate, NaiveDateTime};
use key::DatabaseKey;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
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
        let writer = Writer { transaction: &transaction };
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
        let result = work(&Writer { transaction: &transaction })?;
        transaction.commit().map_err(StoreError::from)?;
        Ok(result)
    }

    pub fn reader(&self) -> Reader<'_> {
        Reader { connection: &self.connection }
    }

    /// Runs `work` on one read snapshot: every query inside sees the same state, even while
    /// another process commits (WAL). Without it, the audit log and its recorded head could be
    /// read at two moments and a healthy chain reported as tampered with.
    pub fn read_consistently<T, E: From<StoreError>>(&self, work: impl FnOnce(&Reader<'_>) -> Result<T, E>) -> Result<T, E> {
        let transaction = self.connection.unchecked_transaction().map_err(StoreError::from)?;
        let result = work(&Reader { connection: &transaction })?;
        transaction.commit().map_err(StoreError::from)?;
        Ok(result)
    }
}

/// Read queries; also available inside a write transaction through `Writer::read`.
pub struct Reader<'c> {
    connection: &'c Connection,
}

/// Write queries, only reachable inside `Database::write`.
pub struct Writer<'t> {
    transaction: &'t rusqlite::Transaction<'t>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub job_title: String,
    pub password_hash: String,
    pub roles: String,
    pub active: bool,
    /// The official in the organisation chart this account belongs to (handlers).
    pub official_id: Option<String>,
    /// Set when the Beheerder chose the password: the user must pick their own first.
    pub must_change_password: bool,
}

/// The names of the chart entries a complaint is about, as they were at intake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintNames {
    pub department_name: String,
    pub respondent_names: String,
}

/// Who handles a complaint, as stored on it (RT-06).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlerAssignment {
    pub id: String,
    pub name: String,
    pub function: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRecord {
    pub id: i64,
    pub reference: String,
    pub complaint: NewComplaint,
    pub department_name: String,
    pub respondent_names: String,
    pub handler: HandlerAssignment,
    pub status: String,
    pub acknowledged: bool,
    pub procedure: ProcedureRecord,
}

/// The procedure's state on a complaint besides its status (sections 4 and 5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProcedureRecord {
    pub term_changes: TermChanges,
    pub postponed_on: Option<NaiveDate>,
    pub consent_on: Option<NaiveDate>,
    pub copy_to_respondent_on: Option<NaiveDate>,
    pub hearing_skip_reason: Option<String>,
    pub was_formal: bool,
    pub closing_detail: String,
    pub closed_on: Option<NaiveDate>,
    pub contacts: i64,
    pub hearings_planned: i64,
    pub hearings_reported: i64,
    pub open_tasks: i64,
    /// Awb 9:8: the letter saying the complaint is not handled is still to be sent.
    pub non_handling_letter_pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecord {
    pub contact_on: NaiveDate,
    pub channel: String,
    pub by_user: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingRecord {
    pub id: i64,
    pub starts_at: NaiveDateTime,
    pub place: String,
    pub planned_by: String,
    pub report: Option<String>,
    pub reported_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub id: i64,
    pub findings: String,
    pub judgement: String,
    pub conclusions: String,
    pub reasons: String,
    pub drafted_by: String,
    pub drafted_at: String,
    /// concept, goedgekeurd or teruggestuurd.
    pub state: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRecord {
    pub id: i64,
    pub kind: String,
    pub description: String,
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRecord {
    pub id: i64,
    pub kind: String,
    pub pdf: Vec<u8>,
    pub sha256: String,
    pub created_at: String,
}

const TIMESTAMP: &str = "%Y-%m-%dT%H:%M:%S";

fn timestamp(at: NaiveDateTime) -> String {
    at.format(TIMESTAMP).to_string()
}

fn parse_date(text: &str) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|error| rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(error)))
}

fn bad_column(column: &str, value: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("onbekende waarde '{value}' in kolom {column}").into(),
    )
}

const COMPLAINT_COLUMNS: &str = "c.id, c.reference, c.received_on, c.channel, c.complainant_name, c.street_address,
    c.postcode, c.city, c.phone, c.email, c.representative, c.complaint_type, c.department_id,
    c.respondent_ids, c.conduct_date, c.description, c.desired_outcome, c.department_name, c.handler_name,
    c.handler_function, c.handler_reason, c.status,
    EXISTS (SELECT 1 FROM letters l WHERE l.complaint_id = c.id AND l.kind = 'ontvangstbevestiging'),
    c.handler_id, c.respondent_names, c.advisory_committee, c.postponement_weeks, c.postponed_on, c.agreed_end,
    c.consent_on, c.copy_to_respondent_on, c.hearing_skip_reason, c.was_formal, c.closing_detail, c.closed_on,
    (SELECT count(*) FROM contacts x WHERE x.complaint_id = c.id),
    (SELECT count(*) FROM hearings x WHERE x.complaint_id = c.id),
    (SELECT count(*) FROM hearings x WHERE x.complaint_id = c.id AND x.report IS NOT NULL),
    (SELECT count(*) FROM tasks x WHERE x.complaint_id = c.id AND x.done_at IS NULL),
    EXISTS (SELECT 1 FROM tasks x WHERE x.complaint_id = c.id AND x.done_at IS NULL AND x.kind = 'brief_niet_in_behandeling')";

fn complaint_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<ComplaintRecord> {
    let channel: String = row.get(3)?;
    let complaint_type: String = row.get(11)?;
    let conduct_date: Option<String> = row.get(14)?;
    Ok(ComplaintRecord {
        id: row.get(0)?,
        reference: row.get(1)?,
        complaint: NewComplaint {
            received_on: parse_date(&row.get::<_, String>(2)?)?,
            channel: Channel::from_code(&channel).ok_or_else(|| bad_column("channel", &channel))?,
            complainant_name: row.get(4)?,
            street_address: row.get(5)?,
            postcode: row.get(6)?,
            city: row.get(7)?,
            phone: row.get(8)?,
            email: row.get(9)?,
            representative: row.get(10)?,
            complaint_type: ComplaintType::from_code(&complaint_type).ok_or_else(|| bad_column("complaint_type", &complaint_type))?,
            department_id: row.get(12)?,
            respondent_ids: row.get::<_, String>(13)?.split(',').filter(|id| !id.is_empty()).map(str::to_string).collect(),
            conduct_date: conduct_date.as_deref().map(parse_date).transpose()?,
            description: row.get(15)?,
            desired_outcome: row.get(16)?,
        },
        department_name: row.get(17)?,
        respondent_names: row.get(24)?,
        handler: HandlerAssignment { id: row.get(23)?, name: row.get(18)?, function: row.get(19)?, reason: row.get(20)? },
        status: row.get(21)?,
        acknowledged: row.get(22)?,
        procedure: ProcedureRecord {
            term_changes: TermChanges {
                advisory_committee: row.get(25)?,
                postponement_weeks: row.get::<_, Option<i64>>(26)?.and_then(|weeks| u64::try_from(weeks).ok()),
                agreed_end: optional_date(row.get(28)?)?,
            },
            postponed_on: optional_date(row.get(27)?)?,
            consent_on: optional_date(row.get(29)?)?,
            copy_to_respondent_on: optional_date(row.get(30)?)?,
            hearing_skip_reason: row.get(31)?,
            was_formal: row.get(32)?,
            closing_detail: row.get(33)?,
            closed_on: optional_date(row.get(34)?)?,
            contacts: row.get(35)?,
            hearings_planned: row.get(36)?,
            hearings_reported: row.get(37)?,
            open_tasks: row.get(38)?,
            non_handling_letter_pending: row.get(39)?,
        },
    })
}

fn optional_date(text: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    text.as_deref().map(parse_date).transpose()
}

fn user_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<UserRecord> {
    Ok(UserRecord {
        id: row.get(0)?,
        username: row.get(1)?,
        display_name: row.get(2)?,
        job_title: row.get(3)?,
        password_hash: row.get(4)?,
        roles: row.get(5)?,
        active: row.get(6)?,
        official_id: row.get(7)?,
        must_change_password: row.get(8)?,
    })
}

const USER_COLUMNS: &str = "id, username, display_name, job_title, password_hash, roles, active, official_id, must_change_password";

fn audit_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AuditEntry> {
    Ok(AuditEntry {
        sequence: row.get(0)?,
        at: row.get(1)?,
        actor: row.get(2)?,
        workstation: row.get(3)?,
        action: row.get(4)?,
        object: row.get(5)?,
        result: row.get(6)?,
        previous_hash: row.get(7)?,
        hash: row.get(8)?,
    })
}

const AUDIT_COLUMNS: &str = "sequence, at, actor, workstation, action, object, result, previous_hash, hash";

/// Which audit entries to read (the Beheerder's filter).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub object: Option<String>,
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Reader<'_> {
    pub fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(self.connection.query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| row.get(0)).optional()?)
    }

    pub fn complaint_count(&self) -> StoreResult<i64> {
        Ok(self.connection.query_row("SELECT count(*) FROM complaints", [], |row| row.get(0))?)
    }

    pub fn user_count(&self) -> StoreResult<i64> {
        Ok(self.connection.query_row("SELECT count(*) FROM users", [], |row| row.get(0))?)
    }

    pub fn user_by_username(&self, username: &str) -> StoreResult<Option<UserRecord>> {
        Ok(self
            .connection
            .query_row(&format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?1"), [username], user_from_row)
            .optional()?)
    }

    pub fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRecord>> {
        Ok(self.connection.query_row(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"), [id], user_from_row).optional()?)
    }

    /// (consecutive failures, time of the last one) for a typed user name.
    pub fn login_failures(&self, username: &str) -> StoreResult<Option<(u32, NaiveDateTime)>> {
        let row: Option<(u32, String)> = self
            .connection
            .query_row("SELECT consecutive_failures, last_failure_at FROM login_failures WHERE username = ?1", [username], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .optional()?;
        Ok(row.and_then(|(count, at)| NaiveDateTime::parse_from_str(&at, TIMESTAMP).ok().map(|at| (count, at))))
    }

    pub fn users(&self) -> StoreResult<Vec<UserRecord>> {
        let mut statement = self.connection.prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY username"))?;
        let rows = statement.query_map([], user_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The stored organisation chart, in the order it was saved. It was validated before it
    /// was written; the caller validates again, so a hand-edited database cannot slip through.
    pub fn org_chart_file(&self) -> StoreResult<OrgChartFile> {
        let mut statement = self.connection.prepare("SELECT id, name, manager_id FROM org_departments ORDER BY position, id")?;
        let departments = statement
            .query_map([], |row| Ok(DepartmentEntry { id: row.get(0)?, name: row.get(1)?, manager: Some(row.get(2)?) }))?
            .collect::<Result<Vec<_>, _>>()?;
        let mut statement = self.connection.prepare(
            "SELECT id, name, function, department_id, deputy_id, absent, loco_burgemeester FROM officials ORDER BY position, id",
        )?;
        let officials = statement
            .query_map([], |row| {
                Ok(OfficialEntry {
                    id: row.get(0)?,
                    name: row.get(1)?,
                    function: row.get(2)?,
                    department: row.get(3)?,
                    deputy: row.get(4)?,
                    absent: row.get(5)?,
                    loco_burgemeester: row.get(6)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(OrgChartFile { departments, officials })
    }

    pub fn notes(&self, complaint_id: i64) -> StoreResult<Vec<(String, String, String)>> {
        let mut statement = self.connection.prepare("SELECT at, author, text FROM notes WHERE complaint_id = ?1 ORDER BY at, id")?;
        let rows = statement.query_map([complaint_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn contacts(&self, complaint_id: i64) -> StoreResult<Vec<ContactRecord>> {
        let mut statement = self
            .connection
            .prepare("SELECT contact_on, channel, by_user, summary FROM contacts WHERE complaint_id = ?1 ORDER BY contact_on, id")?;
        let rows = statement.query_map([complaint_id], |row| {
            Ok(ContactRecord {
                contact_on: parse_date(&row.get::<_, String>(0)?)?,
                channel: row.get(1)?,
                by_user: row.get(2)?,
                summary: row.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn hearings(&self, complaint_id: i64) -> StoreResult<Vec<HearingRecord>> {
        let mut statement = self
            .connection
            .prepare("SELECT id, starts_at, place, planned_by, report, reported_by FROM hearings WHERE complaint_id = ?1 ORDER BY id")?;
        let rows = statement.query_map([complaint_id], |row| {
            let starts_at: String = row.get(1)?;
            Ok(HearingRecord {
                id: row.get(0)?,
                starts_at: NaiveDateTime::parse_from_str(&starts_at, TIMESTAMP)
                    .map_err(|error| rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, Box::new(error)))?,
                place: row.get(2)?,
                planned_by: row.get(3)?,
                report: row.get(4)?,
                reported_by: row.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every decision draft of a complaint, oldest first.
    pub fn decisions(&self, complaint_id: i64) -> StoreResult<Vec<DecisionRecord>> {
        let mut statement = self.connection.prepare(
            "SELECT id, findings, judgement, conclusions, reasons, drafted_by, drafted_at, state, decided_by, decided_at, comment
             FROM decisions WHERE complaint_id = ?1 ORDER BY id",
        )?;
        let rows = statement.query_map([complaint_id], |row| {
            Ok(DecisionRecord {
                id: row.get(0)?,
                findings: row.get(1)?,
                judgement: row.get(2)?,
                conclusions: row.get(3)?,
                reasons: row.get(4)?,
                drafted_by: row.get(5)?,
                drafted_at: row.get(6)?,
                state: row.get(7)?,
                decided_by: row.get(8)?,
                decided_at: row.get(9)?,
                comment: row.get(10)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn open_tasks(&self, complaint_id: i64) -> StoreResult<Vec<TaskRecord>> {
        let mut statement = self
            .connection
            .prepare("SELECT id, kind, description, created_at FROM tasks WHERE complaint_id = ?1 AND done_at IS NULL ORDER BY id")?;
        let rows = statement.query_map([complaint_id], |row| {
            Ok(TaskRecord { id: row.get(0)?, kind: row.get(1)?, description: row.get(2)?, created_at: row.get(3)? })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Ids of complaints whose reference, names or text match every word of `query`
    /// (prefix match, accents ignored). Words are quoted, so no search syntax leaks through.
    pub fn search_complaints(&self, query: &str) -> StoreResult<Vec<i64>> {
        let terms: Vec<String> =
            query.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(|word| format!("\"{word}\"*")).collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        let mut statement = self.connection.prepare("SELECT rowid FROM complaint_search WHERE complaint_search MATCH ?1")?;
        let rows = statement.query_map([terms.join(" ")], |row| row.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Whether this reminder was already given (DL-09: never twice per deadline and level).
    pub fn reminder_given(&self, username: &str, complaint_id: i64, deadline: &str, due_on: NaiveDate, level: &str) -> StoreResult<bool> {
        Ok(self.connection.query_row(
            "SELECT EXISTS (SELECT 1 FROM reminders_given
                            WHERE username = ?1 AND complaint_id = ?2 AND deadline = ?3 AND due_on = ?4 AND level = ?5)",
            params![username, complaint_id, deadline, due_on.to_string(), level],
            |row| row.get(0),
        )?)
    }

    /// Audit entries matching the filter, oldest first.
    pub fn audit_entries(&self, filter: &AuditFilter) -> StoreResult<Vec<AuditEntry>> {
        let mut statement = self.connection.prepare(&format!(
            "SELECT {AUDIT_COLUMNS} FROM audit_log
             WHERE (?1 IS NULL OR actor = ?1) AND (?2 IS NULL OR object = ?2)
               AND (?3 IS NULL OR at >= ?3) AND (?4 IS NULL OR at < ?4)
             ORDER BY sequence"
        ))?;
        let until = filter.until.and_then(|date| date.succ_opt()).map(|date| date.to_string());
        let rows =
            statement.query_map(params![filter.actor, filter.object, filter.from.map(|date| date.to_string()), until], audit_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The (sequence, hash) of the last entry as recorded when it was written.
    pub fn audit_head(&self) -> StoreResult<Option<(i64, String)>> {
        Ok(self.setting("audit_head")?.and_then(|text| {
            let (sequence, hash) = text.split_once(':')?;
            Some((sequence.parse().ok()?, hash.to_string()))
        }))
    }

    /// Complaints that are not closed or still have an open task, in no particular order
    /// (the caller sorts by deadline).
    pub fn open_complaints(&self) -> StoreResult<Vec<ComplaintRecord>> {
        let closed = Status::ALL
            .iter()
            .filter(|status| status.is_closed())
            .map(|status| format!("'{}'", status.code()))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaints c
             WHERE c.status NOT IN ({closed})
                OR EXISTS (SELECT 1 FROM tasks t WHERE t.complaint_id = c.id AND t.done_at IS NULL)"
        );
        let mut statement = self.connection.prepare(&sql)?;
        let rows = statement.query_map([], complaint_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn complaint_by_reference(&self, reference: &str) -> StoreResult<Option<ComplaintRecord>> {
        let sql = format!("SELECT {COMPLAINT_COLUMNS} FROM complaints c WHERE c.reference = ?1");
        Ok(self.connection.query_row(&sql, [reference], complaint_from_row).optional()?)
    }

    pub fn latest_letter(&self, complaint_id: i64, kind: &str) -> StoreResult<Option<LetterRecord>> {
        Ok(self
            .connection
            .query_row(
                "SELECT id, kind, pdf, sha256, created_at FROM letters WHERE complaint_id = ?1 AND kind = ?2
                 ORDER BY id DESC LIMIT 1",
                params![complaint_id, kind],
                |row| {
                    Ok(LetterRecord { id: row.get(0)?, kind: row.get(1)?, pdf: row.get(2)?, sha256: row.get(3)?, created_at: row.get(4)? })
                },
            )
            .optional()?)
    }

    /// (time, actor, kind, detail) of each event on a complaint's timeline, oldest first.
    pub fn events(&self, complaint_id: i64) -> StoreResult<Vec<(String, String, String, String)>> {
        let mut statement =
            self.connection.prepare("SELECT at, actor, kind, detail FROM events WHERE complaint_id = ?1 ORDER BY at, id")?;
        let rows = statement.query_map([complaint_id], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

impl Writer<'_> {
    pub fn read(&self) -> Reader<'_> {
        Reader { connection: self.transaction }
    }

    pub fn set_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        self.transaction.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    pub fn insert_user(&self, user: &UserRecord, at: NaiveDateTime) -> StoreResult<i64> {
        self.transaction.execute(
            "INSERT INTO users (username, display_name, job_title, password_hash, roles, active, created_at, official_id,
                                must_change_password)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                user.username,
                user.display_name,
                user.job_title,
                user.password_hash,
                user.roles,
                user.active,
                timestamp(at),
                user.official_id,
                user.must_change_password
            ],
        )?;
        Ok(self.transaction.last_insert_rowid())
    }

    pub fn record_login_failure(&self, username: &str, at: NaiveDateTime) -> StoreResult<()> {
        self.transaction.execute(
            "INSERT INTO login_failures (username, consecutive_failures, last_failure_at) VALUES (?1, 1, ?2)
             ON CONFLICT (username) DO UPDATE SET consecutive_failures = consecutive_failures + 1,
                                                  last_failure_at = excluded.last_failure_at",
            params![username, timestamp(at)],
        )?;
        Ok(())
    }

    pub fn clear_login_failures(&self, username: &str) -> StoreResult<()> {
        self.transaction.execute("DELETE FROM login_failures WHERE username = ?1", [username])?;
        Ok(())
    }

    /// Changes what the Beheerder may change of an account: name, function, roles, the link
    /// to the chart and whether it is active. Accounts are never deleted (the audit log
    /// refers to them).
    pub fn update_user(&self, user: &UserRecord) -> StoreResult<()> {
        self.transaction.execute(
            "UPDATE users SET display_name = ?2, job_title = ?3, roles = ?4, active = ?5, official_id = ?6 WHERE id = ?1",
            params![user.id, user.display_name, user.job_title, user.roles, user.active, user.official_id],
        )?;
        Ok(())
    }

    pub fn set_password(&self, user_id: i64, password_hash: &str, must_change: bool) -> StoreResult<()> {
        self.transaction.execute(
            "UPDATE users SET password_hash = ?2, must_change_password = ?3 WHERE id = ?1",
            params![user_id, password_hash, must_change],
        )?;
        Ok(())
    }

    /// Replaces the whole organisation chart (it was validated as a whole).
    pub fn replace_org_chart(&self, chart: &OrgChart) -> StoreResult<()> {
        self.transaction.execute("DELETE FROM org_departments", [])?;
        self.transaction.execute("DELETE FROM officials", [])?;
        for (position, department) in (0_i64..).zip(chart.departments()) {
            self.transaction.execute(
                "INSERT INTO org_departments (id, name, manager_id, position) VALUES (?1, ?2, ?3, ?4)",
                params![department.id, department.name, department.manager, position],
            )?;
        }
        for (position, official) in (0_i64..).zip(chart.officials()) {
            self.transaction.execute(
                "INSERT INTO officials (id, name, function, department_id, deputy_id, absent, loco_burgemeester, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    official.id,
                    official.name,
                    official.function.code(),
                    official.department,
                    official.deputy,
                    official.absent,
                    official.loco_burgemeester,
                    position
                ],
            )?;
        }
        Ok(())
    }

    /// A new status; `closed_on` is set when the complaint closes and cleared when reopened.
    pub fn set_status(
        &self,
        complaint_id: i64,
        status: &str,
        formal: bool,
        closed_on: Option<NaiveDate>,
        closing_detail: &str,
    ) -> StoreResult<()> {
        self.transaction.execute(
            "UPDATE complaints SET status = ?2, was_formal = was_formal OR ?3, closed_on = ?4, closing_detail = ?5 WHERE id = ?1",
            params![complaint_id, status, formal, closed_on.map(|date| date.to_string()), closing_detail],
        )?;
        Ok(())
    }

    pub fn set_term_changes(
        &self,
        complaint_id: i64,
        changes: &TermChanges,
        postponed_on: Option<NaiveDate>,
        consent_on: Option<NaiveDate>,
    ) -> StoreResult<()> {
        self.transaction.execute(
            "UPDATE complaints SET advisory_committee = ?2, postponement_weeks = ?3, agreed_end = ?4, postponed_on = ?5,
                 consent_on = ?6 WHERE id = ?1",
            params![
                complaint_id,
                changes.advisory_committee,
                changes.postponement_weeks.and_then(|weeks| i64::try_from(weeks).ok()),
                changes.agreed_end.map(|date| date.to_string()),
                postponed_on.map(|date| date.to_string()),
                consent_on.map(|date| date.to_string())
            ],
        )?;
        Ok(())
    }

    pub fn set_copy_to_respondent(&self, complaint_id: i64, sent_on: NaiveDate) -> StoreResult<()> {
        self.transaction
            .execute("UPDATE complaints SET copy_to_respondent_on = ?2 WHERE id = ?1", params![complaint_id, sent_on.to_string()])?;
        Ok(())
    }

    pub fn set_hearing_skip_reason(&self, complaint_id: i64, reason: Option<&str>) -> StoreResult<()> {
        self.transaction.execute("UPDATE complaints SET hearing_skip_reason = ?2 WHERE id = ?1", params![complaint_id, reason])?;
        Ok(())
    }

    pub fn insert_contact(&self, complaint_id: i64, contact: &ContactRecord, at: NaiveDateTime) -> StoreResult<()> {
        self.transaction.execute(
            "INSERT INTO contacts (complaint_id, contact_on, channel, by_user, summary, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![complaint_id, contact.contact_on.to_string(), contact.channel, contact.by_user, contact.summary, timestamp(at)],
        )?;
        Ok(())
    }

    pub fn insert_hearing(&self, complaint_id: i64, starts_at: NaiveDateTime, place: &str, by: &str) -> StoreResult<()> {
        self.transaction.execute(
            "INSERT INTO hearings (complaint_id, starts_at, place, planned_by) VALUES (?1, ?2, ?3, ?4)",
            params![complaint_id, timestamp(starts_at), place, by],
        )?;
        Ok(())
    }

    pub fn set_hearing_report(&self, hearing_id: i64, report: &str, by: &str, at: NaiveDateTime) -> StoreResult<()> {
        self.transaction.execute(
            "UPDATE hearings SET report = ?2, reported_by = ?3, reported_at = ?4 WHERE id = ?1",
            params![hearing_id, report, by, timestamp(at)],
        )?;
        Ok(())
    }

    pub fn insert_decision(&self, complaint_id: i64, decision: &DecisionRecord) -> StoreResult<()> {
        self.transaction.execute(
            "INSERT INTO decisions (complaint_id, findings, judgement, conclusions, reasons, drafted_by, drafted_at, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'concept')",
            params![
                complaint_id,
                decision.findings,
                decision.judgement,
                decision.conclusions,
                decision.reasons,
                decision.drafted_by,
                decision.drafted_at
            ],
        )?;
        Ok(())
    }

    /// Approves (`goedgekeurd`) or returns (`teruggestuurd`) a draft.
    pub fn decide_on_draft(&self, decision_id: i64, state: &str, by: &str, at: NaiveDateTime, comment: &str) -> StoreResult<()> {
        self.transaction.execute(
            "UPDATE decisions SET state = ?2, decided_by = ?3, decided_at = ?4, comment = ?5 WHERE id = ?1 AND state = 'concept'",
            params![decision_id, state, by, timestamp(at), comment],
        )?;
        Ok(())
    }

    pub fn insert_task(&self, complaint_id: i64, kind: &str, description: &str, at: NaiveDateTime) -> StoreResult<()> {
        self.transaction.execute(
            "INSERT INTO tasks (complaint_id, kind, description, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![complaint_id, kind, description, timestamp(at)],
        )?;
        Ok(())
    }

    pub fn record_reminder(
        &self,
        username: &str,
        complaint_id: i64,
        deadline: &str,
        due_on: NaiveDate,
        level: &str,
        at: NaiveDateTime,
    ) -> StoreResult<()> {
        self.transaction.execute(
            "INSERT OR IGNORE INTO reminders_given (username, complaint_id, deadline, due_on, level, given_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![username, complaint_id, deadline, due_on.to_string(), level, timestamp(at)],
        )?;
        Ok(())
    }

    pub fn set_handler(&self, complaint_id: i64, handler: &HandlerAssignment) -> StoreResult<()> {
        self.transaction.execute(
            "UPDATE complaints SET handler_id = ?2, handler_name = ?3, handler_function = ?4, handler_reason = ?5 WHERE id = ?1",
            params![complaint_id, handler.id, handler.name, handler.function, handler.reason],
        )?;
        Ok(())
    }

    pub fn insert_note(&self, complaint_id: i64, at: NaiveDateTime, author: &str, text: &str) -> StoreResult<()> {
        self.transaction.execute(
            "INSERT INTO notes (complaint_id, at, author, text) VALUES (?1, ?2, ?3, ?4)",
            params![complaint_id, timestamp(at), author, text],
        )?;
        Ok(())
    }

    /// INT-03: the next number of the year. The counter only goes up, so a number is never
    /// handed out twice, even if a complaint were ever removed.
    pub fn next_reference(&self, year: i32) -> StoreResult<ComplaintReference> {
        let number: u32 = self.transaction.query_row(
            "INSERT INTO reference_sequences (year, last_number) VALUES (?1, 1)
             ON CONFLICT (year) DO UPDATE SET last_number = last_number + 1
             RETURNING last_number",
            [year],
            |row| row.get(0),
        )?;
        Ok(ComplaintReference { year, number })
    }

    #[allow(clippy::too_many_arguments)]
    pub fn insert_complaint(
        &self,
        reference: &ComplaintReference,
        complaint: &NewComplaint,
        names: &ComplaintNames,
        handler: &HandlerAssignment,
        at: NaiveDateTime,
        created_by: &str,
    ) -> StoreResult<i64> {
        self.transaction.execute(
            "INSERT INTO complaints (reference, received_on, channel, complainant_name, street_address, postcode,
                city, phone, email, representative, complaint_type, department_id, respondent_ids, conduct_date,
                description, desired_outcome, handler_name, handler_function, handler_reason, status, created_at,
                created_by, handler_id, department_name, respondent_names)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                'ontvangen', ?20, ?21, ?22, ?23, ?24)",
            params![
                reference.to_string(),
                complaint.received_on.to_string(),
                complaint.channel.code(),
                complaint.complainant_name,
                complaint.street_address,
                complaint.postcode,
                complaint.city,
                complaint.phone,
                complaint.email,
                complaint.representative,
                complaint.complaint_type.code(),
                complaint.department_id,
                complaint.respondent_ids.join(","),
                complaint.conduct_date.map(|date| date.to_string()),
                complaint.description,
                complaint.desired_outcome,
                handler.name,
                handler.function,
                handler.reason,
                timestamp(at),
                created_by,
                handler.id,
                names.department_name,
                names.respondent_names,
            ],
        )?;
        Ok(self.transaction.last_insert_rowid())
    }

    pub fn insert_letter(&self, complaint_id: i64, kind: &str, pdf: &[u8], sha256: &str, at: NaiveDateTime, by: &str) -> StoreResult<i64> {
        self.transaction.execute(
            "INSERT INTO letters (complaint_id, kind, pdf, sha256, created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![complaint_id, kind, pdf, sha256, timestamp(at), by],
        )?;
        Ok(self.transaction.last_insert_rowid())
    }

    pub fn insert_event(&self, complaint_id: i64, at: NaiveDateTime, actor: &str, kind: &str, detail: &str) -> StoreResult<()> {
        self.transaction.execute(
            "INSERT INTO events (complaint_id, at, actor, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![complaint_id, timestamp(at), actor, kind, detail],
        )?;
        Ok(())
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
