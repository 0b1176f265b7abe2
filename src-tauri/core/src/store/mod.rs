//! The encrypted store: SQLCipher through rusqlite, WAL with `synchronous=FULL` so a saved
//! complaint survives a crash, embedded migrations, and every query the use cases need.

mod access_requests;
mod accounts;
mod audit_log;
mod backup;
pub mod catalogue;
mod cells;
mod complaints;
mod dashboard;
mod destruction;
mod duplicates;
pub mod key;
mod key_check;
pub mod recovery_key;
pub use key_check::{ensure_key_check, key_check_path, verify_key};
mod letters;
mod migrations;
pub mod postgres;
mod privacy;
mod procedure;
mod report;
mod retention;
pub mod sealing;
mod search;
mod server_changes;
mod shared_server;
mod sql;
mod sqlite;
mod transfer;
mod worklist;
pub use access_requests::AccessRequestRecord;
pub use accounts::UserRecord;
pub use audit_log::AuditFilter;
pub use backup::TableFingerprint;
pub use catalogue::backup_tables;
pub use complaints::{ComplaintNames, ComplaintOrigin, ComplaintRecord, HandlerAssignment, OpenComplaintOfficials, ProcedureRecord};
pub use destruction::{DestructionItem, DestructionList, DestructionRecord};
pub use letters::{LetterDraftRecord, LetterSummary, NewLetter, TemplateRecord};
pub use privacy::RecipientRecord;
pub use procedure::{ContactRecord, DecisionRecord, HearingRecord, TaskRecord};
pub use retention::RetentionFacts;
pub use search::{SearchHits, SearchReach};
pub use server_changes::{ServerChange, ServerChangeFilter};
pub use shared_server::{
    migrate_shared_schema, rotate_shared_key, shared_has_tables, shared_key_fits, shared_login_rights, shared_recovery_wrap,
    shared_schema_version, LoginRights, DESKS_ROLE, PERSONS_ROLE,
};
pub use transfer::TransferReport;
pub use worklist::WorklistQuery;

use cells::At;
use chrono::NaiveDateTime;
use key::DatabaseKey;
use postgres::PostgresStore;
/// The shared store's schema version this build works with.
pub use postgres::SCHEMA_VERSION as SHARED_SCHEMA_VERSION;
pub use postgres::{ChangeListener, RotationReport, SharedLocation};
use sealing::{SealError, Sealer};
use sql::Sql;
use sqlite::SqliteStore;
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
    /// A hot rollback journal (a change cut off by a kill or a power cut) that a read-only
    /// connection may not roll back.
    #[error(
        "De database heeft nog een wijziging van een programma dat werd afgebroken. Start Klachtbalie (of `klachtbalie-cli check`) \
         eenmaal op deze werkplek: die draait de halve wijziging terug. Daarna lukt dit wel; er is niets gewijzigd."
    )]
    UnfinishedChange(#[source] rusqlite::Error),
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
    /// SEC-01: a sealed value of a complaint's file does not open where it stands: a part moved
    /// there from another complaint, or an older value put back, on the server.
    #[error("{reference}: gegevens horen niet bij deze klacht ({detail}). Ze zijn op de server verplaatst, teruggezet of gewijzigd; er is niets getoond. Meld dit aan de Beheerder en de beveiligingsfunctionaris (CISO).")]
    NotOfThisComplaint { reference: String, detail: String },
    #[error("De gedeelde database is niet bereikbaar ({0}). Er is niets opgeslagen; wat u typte staat er nog. Controleer de netwerkverbinding en probeer het opnieuw.")]
    SharedUnreachable(String),
    #[error("De beveiligde verbinding met de gedeelde database kon niet worden gecontroleerd: {0}. Controleer het CA-certificaat van de gemeente en de servernaam.")]
    SharedTls(String),
    #[error("De gedeelde database weigert de aanmelding van {0}: de naam of het wachtwoord klopt niet, of het account is geblokkeerd of uitgeschakeld. Controleer de gebruikersnaam en het wachtwoord van de database.")]
    SharedLogin(String),
    #[error("De gedeelde database kan niet worden gevonden: {0}")]
    SharedLocation(String),
    #[error("De gedeelde database is nog niet ingericht. De eerste werkplek richt haar in (als eigenaar van de database).")]
    SharedNotSetUp,
    #[error("De gedeelde database is al ingericht. Koppel deze werkplek met de herstelsleutel.")]
    SharedAlreadySetUp,
    #[error("De sleutel past niet op de gedeelde database. Er is niets gewijzigd. Controleer de herstelsleutel.")]
    SharedWrongKey,
    #[error("Schema {schema} verzegelt versleutelde waarden opnieuw, en daarvoor is de sleutel van deze database nodig. Voer `klachtbalie-cli migrate-schema` uit op een werkplek die aan deze database gekoppeld is (of geef --key-file). Er is niets gewijzigd.")]
    ResealNeedsKey { schema: i64 },
    #[error("Schema 10 maakt een nieuwe herstelsleutel (die de sleutel van de database omhult), en daarvoor is de sleutel van deze database nodig. Voer `klachtbalie-cli migrate-schema` uit op een werkplek die aan deze database gekoppeld is (of geef --key-file). Er is niets gewijzigd.")]
    NewRecoveryKeyNeedsKey,
    #[error("De herstelsleutel die nog bewaard moet worden staat niet (meer) goed op de gedeelde database. Laat de databasebeheerder `klachtbalie-cli new-recovery-key` uitvoeren: dan krijgt de Beheerder een nieuwe.")]
    RecoveryKeyNotOnServer,
    #[error("Op één werkplek is de herstelsleutel de sleutel van de database zelf; een nieuwe herstelsleutel maken kan alleen op de gedeelde database. Er is niets gewijzigd.")]
    NoNewRecoveryKeyOnASingleDesk,
    #[error("De sleutel is niet vervangen: {0}. Er is niets gewijzigd.")]
    RotationRefused(String),
    #[error("De sleutel van de gedeelde database is vervangen. Er is niets opgeslagen. Sluit Klachtbalie en koppel deze werkplek opnieuw met de nieuwe herstelsleutel (de Beheerder heeft hem).")]
    KeyReplaced,
    #[error("migrate-schema kon {count} versleutelde waarde(n) niet opnieuw verzegelen: ze gaan met deze sleutel niet open (beschadigd of op de server gewijzigd). Er is niets gewijzigd. De eerste: {first}. Zet die rijen terug uit een back-up van de database (of laat de databasebeheerder ze leegmaken) en voer migrate-schema opnieuw uit.")]
    ResealRefused { count: usize, first: String },
    #[error("De gedeelde database heeft een ouder schema ({found}; deze versie kent {known}). Laat de Beheerder `klachtbalie-cli migrate-schema` uitvoeren.")]
    SharedSchemaOutdated { found: i64, known: i64 },
    #[error("Een andere werkplek hield de gegevens te lang vast. Er is niets opgeslagen; probeer het opnieuw.")]
    SharedBusy,
    /// A serialization failure or deadlock; the unit of work runs again (never shown if a
    /// retry succeeds).
    #[error("Twee werkplekken wijzigden tegelijk hetzelfde; er is niets opgeslagen. Probeer het opnieuw. ({0})")]
    SharedRetry(String),
    #[error("De gedeelde database staat dit niet toe: {0}")]
    SharedForbidden(String),
    #[error("Fout van de gedeelde database: {0}")]
    Postgres(String),
    #[error("Het overzetten naar de gedeelde database is mislukt: {0}. De database op deze werkplek is niet gewijzigd.")]
    Transfer(String),
}

/// Plain Dutch for what a user can act on (a read-only folder, a full disk); anything else
/// keeps SQLite's own text, which the log file records in detail.
impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode;
        let (code, extended_code) = match &error {
            rusqlite::Error::SqliteFailure(failure, _) => (Some(failure.code), failure.extended_code),
            _ => (None, 0),
        };
        match code {
            Some(ErrorCode::ReadOnly) if extended_code == rusqlite::ffi::SQLITE_READONLY_ROLLBACK => Self::UnfinishedChange(error),
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

impl StoreError {
    /// Names the complaint when a value read for its file does not open where it stands.
    pub fn in_complaint(self, reference: &str) -> Self {
        match self {
            Self::Sealed(SealError::Authentication(detail) | SealError::NotResealed(detail)) => {
                Self::NotOfThisComplaint { reference: reference.to_string(), detail }
            }
            other => other,
        }
    }
}

/// An open store: the single desk's encrypted file or the municipality's shared server.
/// The service layer sees only this, `Reader` and `Writer`.
pub struct Database {
    backend: Backend,
    /// The last audit entry this connection appended: a shared desk remembers it, so a
    /// database administrator who cuts or rewrites the chain is caught (SEC-02).
    last_appended: Option<(i64, String)>,
}

enum Backend {
    Sqlite(SqliteStore),
    // Boxed: the shared store's client and keys are much larger than a SQLite handle.
    Postgres(Box<PostgresStore>),
}

impl std::fmt::Debug for Database {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Database").field("location", &self.location()).finish()
    }
}

impl Database {
    /// Creates a new encrypted database file at a path where nothing exists yet (set-up
    /// builds it under a temporary name and renames it when complete, see `service::set_up`).
    pub fn create(path: &Path, key: &DatabaseKey) -> StoreResult<Self> {
        Ok(Self { last_appended: None, backend: Backend::Sqlite(SqliteStore::create(path, key)?) })
    }

    /// Opens an existing encrypted database file; a wrong key changes nothing.
    pub fn open(path: &Path, key: &DatabaseKey) -> StoreResult<Self> {
        Ok(Self { last_appended: None, backend: Backend::Sqlite(SqliteStore::open(path, key)?) })
    }

    /// Opens a single desk's database only to read it (moving it to the shared store): the
    /// file is not changed in any way, not even by an upgrade, so its hash stays the same.
    pub fn open_read_only(path: &Path, key: &DatabaseKey) -> StoreResult<Self> {
        Ok(Self { last_appended: None, backend: Backend::Sqlite(SqliteStore::open_read_only(path, key)?) })
    }

    /// The same schema and code without encryption, for the benchmark only.
    #[doc(hidden)]
    pub fn open_unencrypted_for_comparison(path: &Path) -> StoreResult<Self> {
        Ok(Self { last_appended: None, backend: Backend::Sqlite(SqliteStore::open_unencrypted_for_comparison(path)?) })
    }

    /// Sets up the shared store in an empty database (run as the database's owner): the
    /// schema and the key-check value of this new key.
    pub fn create_shared(location: &SharedLocation, key: &DatabaseKey) -> StoreResult<Self> {
        let sealer = Sealer::new(key);
        let store = PostgresStore::open(location, Some(Sealer::new(key)))?;
        if store.schema_version()?.is_some() {
            return Err(StoreError::SharedAlreadySetUp);
        }
        store.create_schema(&sealer.key_check_value(), Some(key))?;
        Ok(Self { last_appended: None, backend: Backend::Postgres(Box::new(store)) })
    }

    /// Connects to the shared store and checks the key against the server's key-check value
    /// before anything is read or written.
    pub fn open_shared(location: &SharedLocation, key: &DatabaseKey) -> StoreResult<Self> {
        let sealer = Sealer::new(key);
        let store = PostgresStore::open(location, Some(Sealer::new(key)))?;
        match store.schema_version()? {
            None => return Err(StoreError::SharedNotSetUp),
            Some(found) if found > postgres::SCHEMA_VERSION => {
                return Err(StoreError::NewerSchema { found, known: postgres::SCHEMA_VERSION })
            }
            Some(found) if found < postgres::SCHEMA_VERSION => {
                return Err(StoreError::SharedSchemaOutdated { found, known: postgres::SCHEMA_VERSION })
            }
            Some(_) => {}
        }
        if store.key_check()?.as_deref() != Some(sealer.key_check_value().as_str()) {
            return Err(StoreError::SharedWrongKey);
        }
        Ok(Self { last_appended: None, backend: Backend::Postgres(Box::new(store)) })
    }

    /// The shared store with plain values in its sealed columns: for the benchmark's
    /// comparison only, never for the application.
    #[doc(hidden)]
    pub fn open_shared_unsealed_for_comparison(location: &SharedLocation) -> StoreResult<Self> {
        let store = PostgresStore::open(location, None)?;
        if store.schema_version()?.is_none() {
            store.create_schema("", None)?;
        }
        Ok(Self { last_appended: None, backend: Backend::Postgres(Box::new(store)) })
    }

    /// Removes the shared schema again after a move that failed half-way, so it can be
    /// retried on an empty database (only ever right after `create_shared`).
    pub fn drop_shared_schema(&self) -> StoreResult<()> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(()),
            Backend::Postgres(store) => store.drop_schema(),
        }
    }

    /// Closes the store; a single desk's WAL is checkpointed into the main file first.
    pub fn close(self) -> StoreResult<()> {
        match self.backend {
            Backend::Sqlite(store) => store.close(),
            Backend::Postgres(_) => Ok(()),
        }
    }

    /// The single desk's `PRAGMA integrity_check` (empty when sound). The shared server
    /// checks its own pages; there is nothing for a desk to check there.
    pub fn integrity_problems(&self) -> StoreResult<Vec<String>> {
        match &self.backend {
            Backend::Sqlite(store) => store.integrity_problems(),
            Backend::Postgres(_) => Ok(Vec::new()),
        }
    }

    pub fn schema_version(&self) -> StoreResult<i64> {
        match &self.backend {
            Backend::Sqlite(store) => store.schema_version(),
            Backend::Postgres(store) => Ok(store.schema_version()?.unwrap_or(0)),
        }
    }

    /// Where the data is, for messages: the file, or the server without the password.
    pub fn location(&self) -> String {
        match &self.backend {
            Backend::Sqlite(store) => store.path().display().to_string(),
            Backend::Postgres(store) => store.location().database_id(),
        }
    }

    /// SEC-06: whether the desk itself backs this database up (a single desk's file, with a
    /// manifest of table fingerprints). The municipality's database administrator backs a
    /// shared database up on the server (pg_dump), so the desk neither offers nor reminds.
    pub fn backs_up_on_the_desk(&self) -> bool {
        matches!(self.backend, Backend::Sqlite(_))
    }

    /// On the shared store: the login this desk is connected as (the person's own, on a desk
    /// with personal logins) and what the server lets it do. `None` on a single desk.
    pub fn login_rights(&self) -> StoreResult<Option<LoginRights>> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(None),
            Backend::Postgres(store) => store.login_rights().map(Some),
        }
    }

    /// Whether other desks, and the server's administrators, write to this database too: the
    /// desk then hears their changes, and remembers the last audit entry it appended so that a
    /// chain cut or rewritten on the server is found (AVG-04).
    pub fn others_write_here(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    /// Runs `work` as one transaction: all or nothing. On the shared store it runs again
    /// from the start after a serialization failure or deadlock, so `work` must only
    /// read and write through the `Writer` it is given.
    pub fn write<T, E: From<StoreError>>(&mut self, mut work: impl FnMut(&Writer<'_>) -> Result<T, E>) -> Result<T, E> {
        match &mut self.backend {
            Backend::Sqlite(store) => store.write(|sql| work(&Writer::new(sql))),
            Backend::Postgres(store) => {
                let mut appended = None;
                let witnessed = self.last_appended.clone();
                let value = store.write(|sql| -> Result<T, E> {
                    let mut writer = Writer::new(sql);
                    writer.witnessed = witnessed.clone();
                    let value = work(&writer)?;
                    appended = writer.appended.take();
                    Ok(value)
                })?;
                if appended.is_some() {
                    self.last_appended = appended;
                }
                Ok(value)
            }
        }
    }

    /// The recovery key a Beheerder still has to save, in its text form: on a single desk the
    /// database key itself; on the shared store a secret of its own that wraps the key, kept
    /// on the server sealed under the key until its sheet is saved.
    pub fn recovery_key_text(&self, key: &DatabaseKey) -> StoreResult<String> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(key.recovery_key()),
            Backend::Postgres(store) => Ok(postgres::recovery::pending_on_server(store.as_ref())?.text()),
        }
    }

    /// Seeds the last entry this desk wrote in an earlier session; each write checks it is there.
    pub fn witness_audit_end(&mut self, end: (i64, String)) {
        if self.others_write_here() && self.last_appended.is_none() {
            self.last_appended = Some(end);
        }
    }

    /// The last audit entry this connection appended to the shared store, if any.
    pub fn last_appended_audit_entry(&self) -> Option<&(i64, String)> {
        self.last_appended.as_ref()
    }

    pub fn reader(&self) -> Reader<'_> {
        match &self.backend {
            Backend::Sqlite(store) => Reader { sql: &store.connection },
            Backend::Postgres(store) => Reader { sql: store.as_ref() },
        }
    }

    /// Runs `work` on one read snapshot: every query inside sees the same state, even while
    /// another desk or process commits. Without it, the audit log and its recorded head could
    /// be read at two moments and a healthy chain reported as tampered with.
    pub fn read_consistently<T, E: From<StoreError>>(&self, work: impl FnOnce(&Reader<'_>) -> Result<T, E>) -> Result<T, E> {
        match &self.backend {
            Backend::Sqlite(store) => store.read_consistently(|sql| work(&Reader { sql })),
            Backend::Postgres(store) => store.read_consistently(|sql| work(&Reader { sql })),
        }
    }

    /// A listener for other desks' changes: on the shared store only (a single desk is alone).
    pub fn listen_for_changes(&self) -> StoreResult<Option<ChangeListener>> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(None),
            Backend::Postgres(store) => Ok(Some(ChangeListener::connect(store)?)),
        }
    }

    /// On a shared store with the person's own login: whether `candidate` is the password they
    /// signed in with (their current one). Never true on a single desk.
    pub fn signed_in_with(&self, candidate: &str) -> bool {
        match &self.backend {
            Backend::Sqlite(_) => false,
            Backend::Postgres(store) => store.location().password.as_deref().is_some_and(|password| password.as_str() == candidate),
        }
    }

    /// After the person chose their own password (`Writer::choose_own_password`): the next
    /// reconnect logs in with it.
    pub fn use_password(&mut self, password: &str) {
        if let Backend::Postgres(store) = &mut self.backend {
            store.use_password(password);
        }
    }

    /// Connects the shared store again after the server went away (the next action's retry).
    pub fn reconnect(&self) -> StoreResult<()> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(()),
            Backend::Postgres(store) => store.reconnect(),
        }
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
    /// Complaints this transaction changed: the service refreshes their worklist index
    /// (running deadline) before the transaction commits.
    touched: std::cell::RefCell<Vec<i64>>,
    /// The last audit entry this transaction appended (sequence, hash).
    appended: std::cell::RefCell<Option<(i64, String)>>,
    /// Shared store: the last entry this desk wrote earlier, which must still be in the log.
    witnessed: Option<(i64, String)>,
}

impl<'t> Writer<'t> {
    fn new(sql: &'t dyn Sql) -> Self {
        Self { sql, touched: Default::default(), appended: Default::default(), witnessed: None }
    }

    pub fn read(&self) -> Reader<'_> {
        Reader { sql: self.sql }
    }

    fn touch(&self, complaint_id: i64) {
        let mut touched = self.touched.borrow_mut();
        if !touched.contains(&complaint_id) {
            touched.push(complaint_id);
        }
    }

    /// The complaints changed in this transaction so far (each once).
    pub fn touched_complaints(&self) -> Vec<i64> {
        self.touched.borrow().clone()
    }
}

const TIMESTAMP: &str = "%Y-%m-%dT%H:%M:%S";

fn timestamp(at: NaiveDateTime) -> String {
    at.format(TIMESTAMP).to_string()
}

#[cfg(test)]
mod tests {
    use super::key_check::apply_key;
    use super::*;
    use crate::audit::{self, AuditEvent};
    use rusqlite::Connection;

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
        let broken = database.reader().sql.query_one("SELECT count(*) FROM pragma_foreign_key_check", &[]).expect("fk check");
        let broken = broken.i64(0).expect("count");
        assert_eq!(broken, 0);
        // SEC-02: the upgraded database has accounts but had no audit log; its first entry
        // says so, and writing works (the head check does not take it for a deleted log).
        let mut database = database;
        let event = AuditEvent::success("inloggen", "beheer");
        let at = NaiveDateTime::parse_from_str("2026-11-24T09:00", "%Y-%m-%dT%H:%M").expect("time");
        let stamp = audit::AuditStamp { at, actor: "beheer".into(), workstation: "balie-1".into() };
        let sequence = database.write(|tx| -> StoreResult<i64> { tx.append_audit(&stamp, &event) }).expect("write after upgrade");
        assert_eq!(sequence, 2);
        let entries = database.reader().audit_entries(&AuditFilter::default()).expect("log");
        assert_eq!(entries[0].action, "auditlog begonnen");
        assert_eq!(audit::verify_chain(&entries, database.reader().audit_head().expect("head")).first_broken, None);
    }
}
