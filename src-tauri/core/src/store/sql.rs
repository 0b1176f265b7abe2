//! The seam between the queries and the two stores: query text is written once (`?N`
//! placeholders, `RETURNING`, qualified upserts) and runs on SQLCipher or on PostgreSQL
//! through the `Sql` trait; values and rows travel as store-neutral `Value`s.

use super::sealing::Sealer;
use super::{StoreError, StoreResult};
use crate::domain::code::Code;
use chrono::NaiveDate;

/// One value sent to or read from either store. Booleans are integers 0/1 (SQLite has no
/// boolean type; on PostgreSQL an integer parameter bound to a `boolean` column is sent as one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Null,
    Integer(i64),
    Text(String),
    Blob(Vec<u8>),
}

/// Turns a Rust value into a `Value` without taking it (the `values!` macro borrows).
pub trait ToValue {
    fn to_value(&self) -> Value;
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}
impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}
impl ToValue for i64 {
    fn to_value(&self) -> Value {
        Value::Integer(*self)
    }
}
impl ToValue for i32 {
    fn to_value(&self) -> Value {
        Value::Integer(i64::from(*self))
    }
}
impl ToValue for u32 {
    fn to_value(&self) -> Value {
        Value::Integer(i64::from(*self))
    }
}
impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Integer(i64::from(*self))
    }
}
impl ToValue for [u8] {
    fn to_value(&self) -> Value {
        Value::Blob(self.to_vec())
    }
}
impl ToValue for Vec<u8> {
    fn to_value(&self) -> Value {
        Value::Blob(self.clone())
    }
}
impl ToValue for NaiveDate {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}
impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}
impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        self.as_ref().map_or(Value::Null, ToValue::to_value)
    }
}

/// `values![a, b]`: the parameters of one statement, borrowed like rusqlite's `params!`.
macro_rules! values {
    ($($value:expr),* $(,)?) => {
        &[$($crate::store::sql::ToValue::to_value(&$value)),*] as &[$crate::store::sql::Value]
    };
}
pub(crate) use values;

/// One result row, read by column index.
#[derive(Debug, Clone)]
pub struct Row(pub(super) Vec<Value>);

impl Row {
    fn value(&self, index: usize) -> StoreResult<&Value> {
        self.0.get(index).ok_or_else(|| StoreError::Column(format!("kolom {index} ontbreekt")))
    }

    pub fn i64(&self, index: usize) -> StoreResult<i64> {
        self.opt_i64(index)?.ok_or_else(|| StoreError::Column(format!("kolom {index} is leeg")))
    }

    pub fn opt_i64(&self, index: usize) -> StoreResult<Option<i64>> {
        match self.value(index)? {
            Value::Null => Ok(None),
            Value::Integer(number) => Ok(Some(*number)),
            other => Err(StoreError::Column(format!("kolom {index} is geen getal: {other:?}"))),
        }
    }

    pub fn bool(&self, index: usize) -> StoreResult<bool> {
        Ok(self.i64(index)? != 0)
    }

    pub fn text(&self, index: usize) -> StoreResult<String> {
        self.opt_text(index)?.ok_or_else(|| StoreError::Column(format!("kolom {index} is leeg")))
    }

    pub fn opt_text(&self, index: usize) -> StoreResult<Option<String>> {
        match self.value(index)? {
            Value::Null => Ok(None),
            Value::Text(text) => Ok(Some(text.clone())),
            Value::Blob(bytes) => {
                String::from_utf8(bytes.clone()).map(Some).map_err(|_| StoreError::Column(format!("kolom {index} is geen tekst")))
            }
            Value::Integer(number) => Ok(Some(number.to_string())),
        }
    }

    pub fn blob(&self, index: usize) -> StoreResult<Vec<u8>> {
        match self.value(index)? {
            Value::Blob(bytes) => Ok(bytes.clone()),
            Value::Text(text) => Ok(text.clone().into_bytes()),
            other => Err(StoreError::Column(format!("kolom {index} is geen bytes: {other:?}"))),
        }
    }

    pub fn date(&self, index: usize) -> StoreResult<NaiveDate> {
        parse_date(&self.text(index)?)
    }

    pub fn opt_date(&self, index: usize) -> StoreResult<Option<NaiveDate>> {
        self.opt_text(index)?.as_deref().map(parse_date).transpose()
    }

    /// A coded column (a status, a kind) as its enum, parsed here once; an unknown value is an
    /// error naming table, column and value, never a default.
    pub fn code<T: Code>(&self, index: usize, table: &str, column: &str) -> StoreResult<T> {
        parse_code(table, column, &self.text(index)?)
    }

    pub fn opt_code<T: Code>(&self, index: usize, table: &str, column: &str) -> StoreResult<Option<T>> {
        self.opt_text(index)?.map(|code| parse_code(table, column, &code)).transpose()
    }

    /// The raw value (sealed cells are opened by the reader, which knows the row).
    pub fn raw(&self, index: usize) -> StoreResult<Value> {
        self.value(index).cloned()
    }
}

/// A stored code as its enum (see `Row::code`).
pub fn parse_code<T: Code>(table: &str, column: &str, code: &str) -> StoreResult<T> {
    T::from_code(code).ok_or_else(|| StoreError::Column(format!("onbekende waarde '{code}' in {table}.{column}")))
}

pub fn parse_date(text: &str) -> StoreResult<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| StoreError::Column(format!("'{text}' is geen datum")))
}

/// Which store a session talks to: only what truly differs asks (search, audit append).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

/// A connection or transaction of either store.
pub trait Sql {
    fn query(&self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>>;
    fn execute(&self, sql: &str, params: &[Value]) -> StoreResult<u64>;
    fn dialect(&self) -> Dialect;
    /// The shared store's sealing keys; `None` on the single desk, whose whole file is
    /// encrypted by SQLCipher, so its values are stored as they are.
    fn sealer(&self) -> Option<&Sealer>;

    /// The id a new row of `table` will get, taken before the INSERT so that its sealed values
    /// can name their row. `None` on the single desk: SQLite assigns the id at the INSERT.
    fn next_id(&self, _table: &str) -> StoreResult<Option<i64>> {
        Ok(None)
    }

    fn query_optional(&self, sql: &str, params: &[Value]) -> StoreResult<Option<Row>> {
        Ok(self.query(sql, params)?.into_iter().next())
    }

    fn query_one(&self, sql: &str, params: &[Value]) -> StoreResult<Row> {
        self.query_optional(sql, params)?.ok_or_else(|| StoreError::Column("de query gaf geen rij".into()))
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Integer(number) => ValueRef::Integer(*number),
            Value::Text(text) => ValueRef::Text(text.as_bytes()),
            Value::Blob(bytes) => ValueRef::Blob(bytes),
        }))
    }
}

fn sqlite_row(row: &rusqlite::Row<'_>, columns: usize) -> rusqlite::Result<Row> {
    use rusqlite::types::ValueRef;
    let mut values = Vec::with_capacity(columns);
    for index in 0..columns {
        values.push(match row.get_ref(index)? {
            ValueRef::Null => Value::Null,
            ValueRef::Integer(number) => Value::Integer(number),
            // No column holds a real; SQLite reports integer division results as integers.
            ValueRef::Real(number) => Value::Text(number.to_string()),
            ValueRef::Text(text) => Value::Text(String::from_utf8_lossy(text).into_owned()),
            ValueRef::Blob(bytes) => Value::Blob(bytes.to_vec()),
        });
    }
    Ok(Row(values))
}

impl Sql for rusqlite::Connection {
    fn query(&self, sql: &str, params: &[Value]) -> StoreResult<Vec<Row>> {
        let mut statement = self.prepare_cached(sql)?;
        let columns = statement.column_count();
        let rows = statement.query_map(rusqlite::params_from_iter(params), |row| sqlite_row(row, columns))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn execute(&self, sql: &str, params: &[Value]) -> StoreResult<u64> {
        let mut statement = self.prepare_cached(sql)?;
        let changed = statement.execute(rusqlite::params_from_iter(params))?;
        Ok(u64::try_from(changed).unwrap_or(u64::MAX))
    }

    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn sealer(&self) -> Option<&Sealer> {
        None
    }
}
