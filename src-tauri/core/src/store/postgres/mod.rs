//! The shared store: the municipality's PostgreSQL server over verified TLS, reached with the
//! synchronous `postgres` client. Queries arrive in the portable form of `store::sql` (`?N`
//! becomes `$N` here); personal values arrive already sealed (`store::sealing`).

mod location;
pub(super) mod recovery;
mod reseal;
mod rotation;
mod upgrade;

pub use location::SharedLocation;
pub use rotation::RotationReport;

pub use upgrade::SCHEMA_VERSION;
use upgrade::{apply_migrations, SCHEMA};

use super::key::DatabaseKey;
use super::sealing::Sealer;
use super::sql::{Dialect, Row, Sql, Value};
use super::{StoreError, StoreResult};
use bytes::BytesMut;
use postgres::error::SqlState;
use postgres::types::{to_sql_checked, IsNull, ToSql, Type};
use postgres::{Client, IsolationLevel, Statement};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// How many times a unit of work is run again after a serialization failure or deadlock.
const RETRIES: usize = 5;

/// The server's "permission denied for table x" in Dutch (its messages are in the server's
/// language, English by default): what was refused, by name, never a value.
fn privilege_refusal_in_dutch(error: &postgres::Error) -> String {
    let message = error.as_db_error().map(|db| db.message().to_string()).unwrap_or_default();
    let Some((kind, name)) = message.strip_prefix("permission denied for ").and_then(|rest| rest.split_once(' ')) else {
        return "deze login heeft daar geen recht op".into();
    };
    let kind = match kind {
        "table" | "relation" => "de tabel",
        "function" => "de functie",
        "schema" => "het schema",
        "sequence" => "de reeks",
        "database" => "de database",
        _ => "het object",
    };
    format!("deze login heeft geen recht op {kind} {name}")
}

impl From<postgres::Error> for StoreError {
    fn from(error: postgres::Error) -> Self {
        if error.is_closed() || (error.code().is_none() && error.as_db_error().is_none()) {
            return Self::SharedUnreachable(error.to_string());
        }
        match error.code() {
            // Class 08 (connection exception) and 57 (the server shut the session down).
            Some(code) if code.code().starts_with("08") || code.code().starts_with("57P") => {
                Self::SharedUnreachable(error.as_db_error().map_or_else(|| error.to_string(), |db| db.message().to_string()))
            }
            Some(code) if *code == SqlState::T_R_SERIALIZATION_FAILURE || *code == SqlState::T_R_DEADLOCK_DETECTED => {
                Self::SharedRetry(without_values(&error))
            }
            Some(code) if *code == SqlState::LOCK_NOT_AVAILABLE || *code == SqlState::QUERY_CANCELED => Self::SharedBusy,
            // The server's audit append (schema 7) refused an entry that does not follow the
            // recorded end of the log.
            Some(code) if code.code() == "KB003" => {
                Self::AuditTampered(error.as_db_error().map_or_else(|| error.to_string(), |db| db.message().to_string()))
            }
            // The schema's own refusals (KB001 a guard, KB005 a server where a desk could plant
            // objects): fixed Dutch texts of ours, never a value, so they are shown as they are.
            Some(code) if code.code().starts_with("KB") => {
                Self::SharedForbidden(error.as_db_error().map_or_else(|| error.to_string(), |db| db.message().to_string()))
            }
            Some(code) if *code == SqlState::INSUFFICIENT_PRIVILEGE => Self::SharedForbidden(privilege_refusal_in_dutch(&error)),
            _ => {
                let described = without_values(&error);
                tracing::error!(error = %described, "fout van de gedeelde database");
                Self::Postgres(described)
            }
        }
    }
}

/// A server error in words that hold no value of a row: its SQLSTATE and the names of the
/// table, column, constraint and type it concerns. PostgreSQL's message, detail and context
/// may quote values ("Failing row contains (…)", "Key (username)=(anna) already exists",
/// "invalid input syntax for type date: …"), and neither the log nor the window may hold
/// personal data or a password hash.
fn without_values(error: &postgres::Error) -> String {
    let Some(db) = error.as_db_error() else {
        return error.code().map_or_else(|| "geen antwoord van de server".to_string(), |code| format!("SQLSTATE {}", code.code()));
    };
    let mut text = format!("SQLSTATE {}", db.code().code());
    for (label, name) in [("tabel", db.table()), ("kolom", db.column()), ("beperking", db.constraint()), ("type", db.datatype())] {
        if let Some(name) = name {
            text.push_str(&format!(", {label} {name}"));
        }
    }
    text
}

/// `?N` (the portable form) to `$N`. Query text never holds a `?` inside a literal.
fn numbered_placeholders(sql: &str) -> String {
    sql.replace('?', "$")
}

impl ToSql for Value {
    fn to_sql(&self, ty: &Type, out: &mut BytesMut) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Integer(number) => match *ty {
                Type::BOOL => (*number != 0).to_sql(ty, out),
                Type::INT2 => i16::try_from(*number)?.to_sql(ty, out),
                Type::INT4 => i32::try_from(*number)?.to_sql(ty, out),
                Type::TEXT | Type::VARCHAR => number.to_string().to_sql(ty, out),
                _ => number.to_sql(ty, out),
            },
            Value::Text(text) => match *ty {
                Type::BYTEA => text.as_bytes().to_sql(ty, out),
                _ => text.as_str().to_sql(ty, out),
            },
            Value::Blob(bytes) => bytes.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

fn row_from(row: &postgres::Row) -> StoreResult<Row> {
    let mut values = Vec::with_capacity(row.len());
    for (index, column) in row.columns().iter().enumerate() {
        let value = match *column.type_() {
            Type::VOID => Value::Null,
            Type::BOOL => row.try_get::<_, Option<bool>>(index)?.map_or(Value::Null, |flag| Value::Integer(i64::from(flag))),
            Type::INT2 => row.try_get::<_, Option<i16>>(index)?.map_or(Value::Null, |number| Value::Integer(i64::from(number))),
            Type::INT4 => row.try_get::<_, Option<i32>>(index)?.map_or(Value::Null, |number| Value::Integer(i64::from(number))),
            Type::INT8 => row.try_get::<_, Option<i64>>(index)?.map_or(Value::Null, Value::Integer),
            Type::BYTEA => row.try_get::<_, Option<Vec<u8>>>(index)?.map_or(Value::Null, Value::Blob),
            _ => row.try_get::<_, Option<String>>(index)?.map_or(Value::Null, Value::Text),
        };
        values.push(value);
    }
    Ok(Row(values))
}

/// Prepared statements per connection: a desk repeats the same few dozen queries.
#[derive(Default)]
struct Statements(RefCell<HashMap<String, Statement>>);

impl Statements {
    fn get(&self, sql: &str, prepare: impl FnOnce(&str) -> Result<Statement, postgres::Error>) -> StoreResult<Statement> {
        if let Some(statement) = self.0.borrow().get(sql) {
            return Ok(statement.clone());
        }
        let statement = prepare(&numbered_placeholders(sql))?;
        self.0.borrow_mut().insert(sql.to_string(), statement.clone());
        Ok(statement)
    }
}

fn parameters(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|value| value as &(dyn ToSql + Sync)).collect()
}

/// An open connection to the shared store with the sealing keys of its database key.
pub struct PostgresStore {
    client: RefCell<Client>,
    /// The server process of this connection: the listener ignores this desk's own changes
    /// (the window already shows them). Replaced on a reconnect.
    backend_pid: Arc<AtomicI32>,
    statements: Statements,
    sealer: Option<Sealer>,
    location: SharedLocation,
}

impl PostgresStore {
    /// `sealer` is `None` only for the benchmark's plain comparison.
    pub fn open(location: &SharedLocation, sealer: Option<Sealer>) -> StoreResult<Self> {
        let mut client = location.connect()?;
        let backend_pid = Arc::new(AtomicI32::new(backend_pid_of(&mut client)?));
        Ok(Self { client: RefCell::new(client), backend_pid, statements: Statements::default(), sealer, location: location.clone() })
    }

    pub fn location(&self) -> &SharedLocation {
        &self.location
    }

    /// The schema version on the server; `None` when the database has no Klachtbalie schema.
    pub fn schema_version(&self) -> StoreResult<Option<i64>> {
        let mut client = self.client.borrow_mut();
        let exists: bool = client.query_one("SELECT to_regclass('klachtbalie_schema') IS NOT NULL", &[])?.try_get(0)?;
        if !exists {
            return Ok(None);
        }
        Ok(Some(client.query_one("SELECT version FROM klachtbalie_schema", &[])?.try_get(0)?))
    }

    /// Creates the schema in an empty database (as its owner), stores the key-check value and
    /// issues the recovery key that wraps `key`, in one transaction (`key` is `None` only for
    /// the benchmark's plain comparison).
    pub fn create_schema(&self, key_check: &str, key: Option<&DatabaseKey>) -> StoreResult<()> {
        let mut client = self.client.borrow_mut();
        let mut transaction = client.transaction()?;
        transaction.batch_execute(SCHEMA)?;
        transaction.execute("INSERT INTO store_info (key, value) VALUES ('key_check', $1)", &[&key_check])?;
        apply_migrations(&mut transaction, 1, &self.statements, self.sealer.as_ref(), key, !key_check.is_empty())?;
        transaction.commit()?;
        Ok(())
    }

    /// `klachtbalie-cli migrate-schema` (as the owner): brings an older schema to this
    /// version in one transaction, holding the version row so two runs cannot interleave.
    /// Returns the version found and the version now; a newer schema is refused.
    pub fn migrate_schema(&self, key: Option<&DatabaseKey>) -> StoreResult<(i64, i64)> {
        let mut client = self.client.borrow_mut();
        let mut transaction = client.transaction()?;
        let found: i64 = transaction.query_one("SELECT version FROM klachtbalie_schema FOR UPDATE", &[])?.try_get(0)?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema { found, known: SCHEMA_VERSION });
        }
        let stored: Option<String> =
            transaction.query_opt("SELECT value FROM store_info WHERE key = 'key_check'", &[])?.map(|row| row.try_get(0)).transpose()?;
        // The re-seal seals with this key and schema 10 wraps it: it must be the database's own.
        let key_check = self.sealer.as_ref().map(Sealer::key_check_value);
        if key_check.is_some() && stored != key_check {
            return Err(StoreError::SharedWrongKey);
        }
        // Only the benchmark's plain comparison store has no key-check value.
        let sealed_store = stored.is_some_and(|value| !value.is_empty());
        apply_migrations(&mut transaction, found, &self.statements, self.sealer.as_ref(), key, sealed_store)?;
        transaction.commit()?;
        Ok((found, SCHEMA_VERSION))
    }

    /// Drops every table and function of the schema (a failed move to a new shared store).
    pub fn drop_schema(&self) -> StoreResult<()> {
        let mut client = self.client.borrow_mut();
        // Every table of a shared store, from the one catalogue.
        let tables = super::catalogue::shared_store_tables().collect::<Vec<_>>().join(", ");
        client.batch_execute(&format!("DROP TABLE IF EXISTS {tables} CASCADE; {}", upgrade::DROP_OUR_FUNCTIONS))?;
        self.statements.0.borrow_mut().clear();
        Ok(())
    }

    /// Whether this login owns the database (or is a superuser) and whether it is (a member
    /// of) the desks' role.
    pub fn login_rights(&self) -> StoreResult<super::LoginRights> {
        let mut client = self.client.borrow_mut();
        let row = client.query_one(
            "SELECT session_user::text,
                    pg_get_userbyid(d.datdba) = session_user OR r.rolsuper,
                    EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AND pg_has_role(session_user, $1, 'MEMBER'),
                    CASE WHEN EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2) THEN pg_has_role(session_user, $2, 'MEMBER') END
               FROM pg_database d, pg_roles r
              WHERE d.datname = current_database() AND r.rolname = session_user",
            &[&super::DESKS_ROLE, &super::PERSONS_ROLE],
        )?;
        Ok(super::LoginRights {
            user: row.try_get(0)?,
            owns_database: row.try_get(1)?,
            desks_member: row.try_get(2)?,
            person: row.try_get::<_, Option<bool>>(3)?.unwrap_or(false),
        })
    }

    /// Whether the database holds any table at all (migrate-to-shared refuses a non-empty one).
    pub fn has_tables(&self) -> StoreResult<bool> {
        let mut client = self.client.borrow_mut();
        Ok(client.query_one("SELECT EXISTS (SELECT 1 FROM pg_tables WHERE schemaname = current_schema())", &[])?.try_get(0)?)
    }

    pub fn key_check(&self) -> StoreResult<Option<String>> {
        let mut client = self.client.borrow_mut();
        Ok(client.query_opt("SELECT value FROM store_info WHERE key = 'key_check'", &[])?.map(|row| row.try_get(0)).transpose()?)
    }

    /// Runs `work` in one READ COMMITTED transaction, again from the start after a
    /// serialization failure or deadlock (the checks inside take the row locks they need).
    pub fn write<T, E: From<StoreError>>(&self, mut work: impl FnMut(&dyn Sql) -> Result<T, E>) -> Result<T, E> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            let outcome = self.write_once(&mut work);
            match outcome {
                Err(WriteFailure::Store(StoreError::SharedRetry(detail))) if attempt < RETRIES => {
                    tracing::info!(%detail, attempt, "gedeelde database: opnieuw na een conflict");
                    std::thread::sleep(Duration::from_millis(5 * attempt as u64));
                }
                Err(WriteFailure::Store(error)) => return Err(E::from(error)),
                Err(WriteFailure::Work(error)) => return Err(error),
                Ok(value) => return Ok(value),
            }
        }
    }

    fn write_once<T, E>(&self, work: &mut impl FnMut(&dyn Sql) -> Result<T, E>) -> Result<T, WriteFailure<E>> {
        self.ensure_connected().map_err(WriteFailure::Store)?;
        let mut client = self.client.borrow_mut();
        let transaction = client.transaction().map_err(|error| WriteFailure::Store(error.into()))?;
        let session = Session { transaction: RefCell::new(transaction), statements: &self.statements, sealer: self.sealer.as_ref() };
        // A desk left open during a key rotation must not seal or link anything with the old
        // key. This read waits (up to the lock timeout, then "busy") while a rotation holds the
        // table, and a rotation waits for a write that read it first, so a write either ends
        // before the rotation (and is sealed anew by it) or sees the new key-check value here.
        if let Some(sealer) = self.sealer.as_ref() {
            let stored =
                session.query_optional("SELECT value FROM store_info WHERE key = 'key_check'", &[]).map_err(WriteFailure::Store)?;
            if stored.map(|row| row.text(0)).transpose().map_err(WriteFailure::Store)?.as_deref() != Some(sealer.key_check_value().as_str())
            {
                return Err(WriteFailure::Store(StoreError::KeyReplaced));
            }
        }
        let value = work(&session).map_err(WriteFailure::Work)?;
        // The work may have swallowed a store error; a failed transaction must not commit.
        session.transaction.into_inner().commit().map_err(|error| WriteFailure::Store(error.into()))?;
        Ok(value)
    }

    /// Runs `work` on one snapshot (REPEATABLE READ, read only).
    pub fn read_consistently<T, E: From<StoreError>>(&self, work: impl FnOnce(&dyn Sql) -> Result<T, E>) -> Result<T, E> {
        self.ensure_connected()?;
        let mut client = self.client.borrow_mut();
        let transaction =
            client.build_transaction().isolation_level(IsolationLevel::RepeatableRead).read_only(true).start().map_err(StoreError::from)?;
        let session = Session { transaction: RefCell::new(transaction), statements: &self.statements, sealer: self.sealer.as_ref() };
        let value = work(&session)?;
        session.transaction.into_inner().commit().map_err(StoreError::from)?;
        Ok(value)
    }

    /// A connection the server closed (restart, network, idle timeout) is replaced before the
    /// next unit of work, so the action after a "niet bereikbaar" message simply works again.
    /// Nothing is retried after a failure during a unit of work: whether it committed is then
    /// unknown, and the user sees the message with the form still filled in.
    fn ensure_connected(&self) -> StoreResult<()> {
        if self.client.borrow().is_closed() {
            tracing::info!("gedeelde database: opnieuw verbinden");
            self.reconnect()?;
        }
        Ok(())
    }

    /// The password the next reconnect logs in with (a person chose a new one).
    pub fn use_password(&mut self, password: &str) {
        self.location.set_password(password);
    }

    /// Connects again after the server went away; prepared statements belong to the old
    /// connection and are forgotten.
    pub fn reconnect(&self) -> StoreResult<()> {
        let mut client = self.location.connect()?;
        self.backend_pid.store(backend_pid_of(&mut client)?, Ordering::SeqCst);
        *self.client.borrow_mut() = client;
        self.statements.0.borrow_mut().clear();
        Ok(())
    }
}

enum WriteFailure<E> {
    Store(StoreError),
    Work(E),
}

impl<E> From<StoreError> for WriteFailure<E> {
    fn from(error: StoreError) -> Self {
        Self::Store(error)
    }
}

/// Queries outside a transaction (each statement its own snapshot): what `Database::reader`
/// gives on the shared store.
impl Sql for PostgresStore {
    fn query(&self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>> {
        self.ensure_connected()?;
        let mut client = self.client.borrow_mut();
        let statement = self.statements.get(sql, |text| client.prepare(text))?;
        client.query(&statement, &parameters(params))?.iter().map(row_from).collect()
    }

    fn execute(&self, sql: &str, params: &[Value]) -> StoreResult<u64> {
        self.ensure_connected()?;
        let mut client = self.client.borrow_mut();
        let statement = self.statements.get(sql, |text| client.prepare(text))?;
        Ok(client.execute(&statement, &parameters(params))?)
    }

    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn sealer(&self) -> Option<&Sealer> {
        self.sealer.as_ref()
    }

    fn next_id(&self, table: &str) -> StoreResult<Option<i64>> {
        next_id(self, table)
    }
}

/// One transaction on the shared store.
struct Session<'c, 's> {
    transaction: RefCell<postgres::Transaction<'c>>,
    statements: &'s Statements,
    sealer: Option<&'s Sealer>,
}

impl Sql for Session<'_, '_> {
    fn query(&self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>> {
        let mut transaction = self.transaction.borrow_mut();
        let statement = self.statements.get(sql, |text| transaction.prepare(text))?;
        transaction.query(&statement, &parameters(params))?.iter().map(row_from).collect()
    }

    fn execute(&self, sql: &str, params: &[Value]) -> StoreResult<u64> {
        let mut transaction = self.transaction.borrow_mut();
        let statement = self.statements.get(sql, |text| transaction.prepare(text))?;
        Ok(transaction.execute(&statement, &parameters(params))?)
    }

    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn sealer(&self) -> Option<&Sealer> {
        self.sealer
    }

    fn next_id(&self, table: &str) -> StoreResult<Option<i64>> {
        next_id(self, table)
    }
}

/// Takes the id of a new row in advance, so its sealed values can name their row.
fn next_id(sql: &dyn Sql, table: &str) -> StoreResult<Option<i64>> {
    Ok(Some(sql.query_one("SELECT nextval(pg_get_serial_sequence(?1, 'id'))", &[Value::Text(table.to_string())])?.i64(0)?))
}

fn backend_pid_of(client: &mut Client) -> StoreResult<i32> {
    Ok(client.query_one("SELECT pg_backend_pid()", &[])?.try_get(0)?)
}

/// One listener connection per desk (SEC-01: only complaint ids travel): the complaints other
/// desks changed, announced by the server at their commit and never after a rollback.
pub struct ChangeListener {
    client: Client,
    /// The desk's own connection: its changes are not announced back to it.
    own_backend_pid: Arc<AtomicI32>,
}

impl ChangeListener {
    pub fn connect(store: &PostgresStore) -> StoreResult<Self> {
        let mut client = store.location.connect()?;
        client.batch_execute("LISTEN klachtbalie")?;
        Ok(Self { client, own_backend_pid: store.backend_pid.clone() })
    }

    /// Waits up to `timeout` for a change and returns the ids of every complaint announced by
    /// then (each once). An error means the connection is gone: reconnect and refresh fully.
    pub fn wait(&mut self, timeout: Duration) -> StoreResult<Vec<i64>> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut ids = Vec::new();
        {
            let mut notifications = self.client.notifications();
            let own = self.own_backend_pid.load(Ordering::SeqCst);
            let first = notifications.timeout_iter(timeout).next()?;
            if let Some(first) = first {
                let mut heard = vec![first];
                let mut pending = notifications.iter();
                while let Some(more) = pending.next()? {
                    heard.push(more);
                }
                ids.extend(heard.iter().filter(|notice| notice.process_id() != own).map(|notice| notice.payload().to_string()));
            }
        }
        if self.client.is_closed() {
            return Err(StoreError::SharedUnreachable("de luisterverbinding is verbroken".into()));
        }
        let mut ids: Vec<i64> = ids.iter().filter_map(|id| id.parse().ok()).collect();
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }
}
