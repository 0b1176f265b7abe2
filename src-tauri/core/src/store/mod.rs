//! The encrypted store: SQLCipher through rusqlite, WAL with `synchronous=FULL` so a saved
//! complaint survives a crash, embedded migrations, and every query the use cases need.

pub mod key;
mod migrations;

use crate::domain::complaint::{Channel, ComplaintReference, ComplaintType, NewComplaint};
use chrono::{NaiveDate, NaiveDateTime};
use key::DatabaseKey;
use rusqlite::{params, Connection, OpenFlags, OptionalExtension, TransactionBehavior};
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("De sleutel past niet op de database in {0}. Er is niets gewijzigd.")]
    WrongKey(PathBuf),
    #[error("De database in {0} bestaat niet.")]
    Missing(PathBuf),
    #[error("De database is gemaakt door een nieuwere versie van Klachtbalie (schema {found}, deze versie kent {known}). Installeer de nieuwste versie.")]
    NewerSchema { found: i64, known: i64 },
    #[error("Databasefout: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

pub type StoreResult<T> = Result<T, StoreError>;

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

/// Checks that `key` opens the database at `path` without writing anything: the file is
/// opened read-only and immutable, so no journal, WAL or lock file is created or changed.
pub fn verify_key(path: &Path, key: &DatabaseKey) -> StoreResult<()> {
    if !path.exists() {
        return Err(StoreError::Missing(path.to_path_buf()));
    }
    let uri = format!("file:{}?immutable=1", percent_encode_path(path));
    let connection = Connection::open_with_flags(
        uri,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    apply_key(&connection, key)?;
    check_key(&connection, path)
}

fn percent_encode_path(path: &Path) -> String {
    let mut encoded = String::new();
    for byte in path.to_string_lossy().bytes() {
        match byte {
            b'%' | b'?' | b'#' | b' ' | b'&' | b'=' => encoded.push_str(&format!("%{byte:02X}")),
            _ => encoded.push(byte as char),
        }
    }
    encoded
}

fn apply_key(connection: &Connection, key: &DatabaseKey) -> StoreResult<()> {
    // Without this SQLCipher prints HMAC failures to stderr when a wrong key is tried.
    connection.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    connection.execute_batch(&key.sqlcipher_pragma())?;
    Ok(())
}

fn check_key(connection: &Connection, path: &Path) -> StoreResult<()> {
    // SQLCipher only notices a wrong key on the first read of page 1.
    match connection.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0)) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(error, _)) if error.code == rusqlite::ErrorCode::NotADatabase => {
            Err(StoreError::WrongKey(path.to_path_buf()))
        }
        Err(other) => Err(other.into()),
    }
}

impl Database {
    /// Creates a new encrypted database; refuses if a file is already there.
    pub fn create(path: &Path, key: &DatabaseKey) -> StoreResult<Self> {
        if path.exists() {
            return Self::open(path, key);
        }
        let connection = Connection::open(path)?;
        apply_key(&connection, key)?;
        Self::prepare(connection, path)
    }

    /// Opens an existing encrypted database. The key is verified read-only first, so a wrong
    /// key leaves every file in the data folder exactly as it was.
    pub fn open(path: &Path, key: &DatabaseKey) -> StoreResult<Self> {
        verify_key(path, key)?;
        let connection = Connection::open(path)?;
        apply_key(&connection, key)?;
        check_key(&connection, path)?;
        Self::prepare(connection, path)
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
             PRAGMA temp_store = MEMORY;
             PRAGMA busy_timeout = 5000;",
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
        for (version, sql) in migrations::MIGRATIONS.iter().filter(|(version, _)| *version > current) {
            let transaction = self.connection.transaction_with_behavior(TransactionBehavior::Immediate)?;
            transaction.execute_batch(sql)?;
            transaction.execute_batch(&format!("PRAGMA user_version = {version};"))?;
            transaction.commit()?;
        }
        Ok(())
    }

    pub fn schema_version(&self) -> StoreResult<i64> {
        Ok(self.connection.query_row("PRAGMA user_version", [], |row| row.get(0))?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `work` in an immediate (write-locking) transaction: all or nothing.
    pub fn write<T, E: From<StoreError>>(
        &mut self,
        work: impl FnOnce(&Writer<'_>) -> Result<T, E>,
    ) -> Result<T, E> {
        let transaction = self
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(StoreError::from)?;
        let result = work(&Writer { transaction: &transaction })?;
        transaction.commit().map_err(StoreError::from)?;
        Ok(result)
    }

    pub fn reader(&self) -> Reader<'_> {
        Reader { connection: &self.connection }
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
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DepartmentRecord {
    pub id: i64,
    pub name: String,
    pub manager_name: String,
    pub manager_function: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRecord {
    pub id: i64,
    pub reference: String,
    pub complaint: NewComplaint,
    pub department_name: String,
    pub handler_name: String,
    pub handler_function: String,
    pub handler_reason: String,
    pub status: String,
    pub acknowledged: bool,
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
    c.respondent_name, c.conduct_date, c.description, c.desired_outcome, d.name, c.handler_name,
    c.handler_function, c.handler_reason, c.status,
    EXISTS (SELECT 1 FROM letters l WHERE l.complaint_id = c.id AND l.kind = 'ontvangstbevestiging')";

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
            complaint_type: ComplaintType::from_code(&complaint_type)
                .ok_or_else(|| bad_column("complaint_type", &complaint_type))?,
            department_id: row.get(12)?,
            respondent_name: row.get(13)?,
            conduct_date: conduct_date.as_deref().map(parse_date).transpose()?,
            description: row.get(15)?,
            desired_outcome: row.get(16)?,
        },
        department_name: row.get(17)?,
        handler_name: row.get(18)?,
        handler_function: row.get(19)?,
        handler_reason: row.get(20)?,
        status: row.get(21)?,
        acknowledged: row.get(22)?,
    })
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
    })
}

fn department_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<DepartmentRecord> {
    Ok(DepartmentRecord { id: row.get(0)?, name: row.get(1)?, manager_name: row.get(2)?, manager_function: row.get(3)? })
}

impl Reader<'_> {
    pub fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        Ok(self
            .connection
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| row.get(0))
            .optional()?)
    }

    pub fn user_count(&self) -> StoreResult<i64> {
        Ok(self.connection.query_row("SELECT count(*) FROM users", [], |row| row.get(0))?)
    }

    pub fn user_by_username(&self, username: &str) -> StoreResult<Option<UserRecord>> {
        Ok(self
            .connection
            .query_row(
                "SELECT id, username, display_name, job_title, password_hash, roles, active FROM users WHERE username = ?1",
                [username],
                user_from_row,
            )
            .optional()?)
    }

    pub fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRecord>> {
        Ok(self
            .connection
            .query_row(
                "SELECT id, username, display_name, job_title, password_hash, roles, active FROM users WHERE id = ?1",
                [id],
                user_from_row,
            )
            .optional()?)
    }

    /// (consecutive failures, time of the last one) for a typed user name.
    pub fn login_failures(&self, username: &str) -> StoreResult<Option<(u32, NaiveDateTime)>> {
        let row: Option<(u32, String)> = self
            .connection
            .query_row(
                "SELECT consecutive_failures, last_failure_at FROM login_failures WHERE username = ?1",
                [username],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()?;
        Ok(row.and_then(|(count, at)| NaiveDateTime::parse_from_str(&at, TIMESTAMP).ok().map(|at| (count, at))))
    }

    pub fn departments(&self) -> StoreResult<Vec<DepartmentRecord>> {
        let mut statement = self
            .connection
            .prepare("SELECT id, name, manager_name, manager_function FROM departments ORDER BY name")?;
        let rows = statement.query_map([], department_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn department(&self, id: i64) -> StoreResult<Option<DepartmentRecord>> {
        Ok(self
            .connection
            .query_row(
                "SELECT id, name, manager_name, manager_function FROM departments WHERE id = ?1",
                [id],
                department_from_row,
            )
            .optional()?)
    }

    /// Complaints that are not closed, in no particular order (the caller sorts by deadline).
    pub fn open_complaints(&self) -> StoreResult<Vec<ComplaintRecord>> {
        let sql = format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaints c JOIN departments d ON d.id = c.department_id
             WHERE c.status NOT IN ('afgehandeld', 'informeel_afgehandeld', 'ingetrokken', 'niet_in_behandeling', 'doorgezonden')"
        );
        let mut statement = self.connection.prepare(&sql)?;
        let rows = statement.query_map([], complaint_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn complaint_by_reference(&self, reference: &str) -> StoreResult<Option<ComplaintRecord>> {
        let sql = format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaints c JOIN departments d ON d.id = c.department_id WHERE c.reference = ?1"
        );
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
                    Ok(LetterRecord {
                        id: row.get(0)?,
                        kind: row.get(1)?,
                        pdf: row.get(2)?,
                        sha256: row.get(3)?,
                        created_at: row.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// (time, actor, kind, detail) of each event on a complaint's timeline, oldest first.
    pub fn events(&self, complaint_id: i64) -> StoreResult<Vec<(String, String, String, String)>> {
        let mut statement = self
            .connection
            .prepare("SELECT at, actor, kind, detail FROM events WHERE complaint_id = ?1 ORDER BY at, id")?;
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
            "INSERT INTO users (username, display_name, job_title, password_hash, roles, active, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![user.username, user.display_name, user.job_title, user.password_hash, user.roles, user.active, timestamp(at)],
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

    /// Inserts (id `None`) or updates a department; returns its id.
    pub fn save_department(&self, id: Option<i64>, name: &str, manager_name: &str, manager_function: &str) -> StoreResult<i64> {
        match id {
            Some(id) => {
                self.transaction.execute(
                    "UPDATE departments SET name = ?2, manager_name = ?3, manager_function = ?4 WHERE id = ?1",
                    params![id, name, manager_name, manager_function],
                )?;
                Ok(id)
            }
            None => {
                self.transaction.execute(
                    "INSERT INTO departments (name, manager_name, manager_function) VALUES (?1, ?2, ?3)",
                    params![name, manager_name, manager_function],
                )?;
                Ok(self.transaction.last_insert_rowid())
            }
        }
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
        handler_name: &str,
        handler_function: &str,
        handler_reason: &str,
        at: NaiveDateTime,
        created_by: &str,
    ) -> StoreResult<i64> {
        self.transaction.execute(
            "INSERT INTO complaints (reference, received_on, channel, complainant_name, street_address, postcode,
                city, phone, email, representative, complaint_type, department_id, respondent_name, conduct_date,
                description, desired_outcome, handler_name, handler_function, handler_reason, status, created_at,
                created_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
                'ontvangen', ?20, ?21)",
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
                complaint.respondent_name,
                complaint.conduct_date.map(|date| date.to_string()),
                complaint.description,
                complaint.desired_outcome,
                handler_name,
                handler_function,
                handler_reason,
                timestamp(at),
                created_by,
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
