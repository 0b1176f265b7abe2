//! Sealed cells (SEC-01): where a personal value on the shared store belongs, the helpers every
//! table's reader and writer seal and open with, and the one way a complaint's own sealed cells
//! change. On the single desk values pass through as they are: the whole SQLCipher file is
//! encrypted.

use super::catalogue::{seal_binding, sealed_columns, SealBinding, SealedColumn};
use super::sealing::Cell;
use super::sql::{values, Row, Value};
use super::{Reader, StoreError, StoreResult, Writer};

/// Where a sealed value belongs beyond its column: its row, for a part of a complaint also the
/// complaint, for a complaint's own cells its `seal_version` and its `handler_id` (schema 15).
/// A row of a new record has no id on the single desk (`None`), where nothing is sealed.
#[derive(Debug, Clone)]
pub(crate) struct At {
    row: Option<String>,
    complaint: Option<i64>,
    version: Option<i64>,
    handler: Option<String>,
}

impl At {
    /// A row of a table that is not about one complaint (officials, lists, access requests).
    pub(crate) fn row(id: impl std::fmt::Display) -> Self {
        Self { row: Some(id.to_string()), complaint: None, version: None, handler: None }
    }

    /// A row that is part of a complaint (note, hearing, decision, letter, …).
    pub(crate) fn part(complaint_id: i64, id: impl std::fmt::Display) -> Self {
        Self { row: Some(id.to_string()), complaint: Some(complaint_id), version: None, handler: None }
    }

    /// A new row that is part of a complaint, with the id taken in advance (shared store).
    pub(crate) fn new_part(complaint_id: i64, id: Option<i64>) -> Self {
        Self { row: id.map(|id| id.to_string()), complaint: Some(complaint_id), version: None, handler: None }
    }

    /// A new row of a table that is not about one complaint.
    pub(crate) fn new_row(id: Option<i64>) -> Self {
        Self { row: id.map(|id| id.to_string()), complaint: None, version: None, handler: None }
    }

    /// A complaint's own cells at its seal version, with its handler.
    pub(crate) fn complaint(id: i64, seal_version: i64, handler_id: &str) -> Self {
        Self { row: Some(id.to_string()), complaint: None, version: Some(seal_version), handler: Some(handler_id.to_string()) }
    }

    fn complaint_at(row: String, seal_version: i64, handler_id: &str) -> Self {
        Self { row: Some(row), complaint: None, version: Some(seal_version), handler: Some(handler_id.to_string()) }
    }

    /// A new complaint (its first seal version) for its handler, with the id taken in advance.
    pub(crate) fn new_complaint(id: Option<i64>, handler_id: &str) -> Self {
        Self { row: id.map(|id| id.to_string()), complaint: None, version: Some(1), handler: Some(handler_id.to_string()) }
    }

    /// The columns that give a row's place in `table` (the catalogue's binding decides), for
    /// the operations over all tables: the move to a shared store and the re-seal of schema 9.
    pub(crate) fn place_columns(table: &str) -> &'static [&'static str] {
        match seal_binding(table) {
            SealBinding::RowOnly => &["id"],
            SealBinding::PartOfComplaint => &["id", "complaint_id"],
            SealBinding::ComplaintVersion => &["id", "seal_version", "handler_id"],
        }
    }

    /// A row's place from the values of its `place_columns`, in that order.
    pub(crate) fn of_row(table: &str, place: &Row) -> StoreResult<Self> {
        let id = place.opt_text(0)?.ok_or_else(|| StoreError::Column(format!("{table}: rij zonder id")))?;
        Ok(match seal_binding(table) {
            SealBinding::RowOnly => Self::row(id),
            SealBinding::PartOfComplaint => Self::part(place.i64(1)?, id),
            SealBinding::ComplaintVersion => Self::complaint_at(id, place.i64(1)?, &place.text(2)?),
        })
    }

    pub(crate) fn cell(&self, column: SealedColumn) -> StoreResult<Cell<'_>> {
        match &self.row {
            Some(row) => Ok(Cell { column, row, complaint: self.complaint, version: self.version, handler: self.handler.as_deref() }),
            // Never store a personal value unsealed on the server.
            None => Err(StoreError::Column(format!("{}: geen rij-id om {} te versleutelen", column.table, column.name))),
        }
    }
}

impl Reader<'_> {
    /// The stored form of a personal value.
    pub(crate) fn seal(&self, column: SealedColumn, at: &At, text: &str) -> StoreResult<Value> {
        match self.sql.sealer() {
            None => Ok(Value::Text(text.to_string())),
            Some(_) => self.seal_bytes(column, at, text.as_bytes()),
        }
    }

    pub(crate) fn seal_bytes(&self, column: SealedColumn, at: &At, bytes: &[u8]) -> StoreResult<Value> {
        match self.sql.sealer() {
            None => Ok(Value::Blob(bytes.to_vec())),
            Some(sealer) => Ok(Value::Blob(sealer.seal(&at.cell(column)?, bytes)?)),
        }
    }

    pub(crate) fn open_bytes(&self, column: SealedColumn, at: &At, row: &Row, index: usize) -> StoreResult<Vec<u8>> {
        let stored = row.blob(index)?;
        match self.sql.sealer() {
            None => Ok(stored),
            Some(sealer) => Ok(sealer.open(&at.cell(column)?, &stored)?),
        }
    }

    pub(crate) fn open_optional_text(&self, column: SealedColumn, at: &At, row: &Row, index: usize) -> StoreResult<Option<String>> {
        if row.raw(index)? == Value::Null {
            return Ok(None);
        }
        let bytes = self.open_bytes(column, at, row, index)?;
        String::from_utf8(bytes).map(Some).map_err(|_| StoreError::Column(format!("{}.{} is geen tekst", column.table, column.name)))
    }

    pub(crate) fn open_text(&self, column: SealedColumn, at: &At, row: &Row, index: usize) -> StoreResult<String> {
        self.open_optional_text(column, at, row, index)?
            .ok_or_else(|| StoreError::Column(format!("{}.{} is leeg", column.table, column.name)))
    }
}

impl Writer<'_> {
    /// Changes sealed cells of a complaint (`None` empties a cell that may be empty). Its
    /// `seal_version` goes up by one and, on the shared store, every sealed cell of the
    /// complaint is sealed anew under it in the same statement, so no cell of an older
    /// version opens any more: a value put back from before a correction is refused.
    /// `new_handler`: the handler the complaint is about to be handed to (its cells are
    /// sealed for it), or `None` to keep its handler.
    pub(crate) fn change_complaint_cells(
        &self,
        complaint_id: i64,
        changes: &[(SealedColumn, Option<&str>)],
        new_handler: Option<&str>,
    ) -> StoreResult<()> {
        self.touch(complaint_id);
        let read = self.read();
        let mut params: Vec<Value> = vec![Value::Integer(complaint_id)];
        let mut sets = vec!["seal_version = seal_version + 1".to_string()];
        let mut set = |column: SealedColumn, value: Value| {
            params.push(value);
            sets.push(format!("{} = ?{}", column.name, params.len()));
        };
        if self.sql.sealer().is_none() {
            for (column, text) in changes {
                set(*column, text.map_or(Value::Null, |text| Value::Text(text.to_string())));
            }
        } else {
            let columns = sealed_columns("complaints");
            let names = columns.iter().map(|column| column.name).collect::<Vec<_>>().join(", ");
            let row = self.sql.query_one(
                &format!("SELECT seal_version, handler_id, {names} FROM complaints WHERE id = ?1 FOR UPDATE"),
                values![complaint_id],
            )?;
            let (version, handler) = (row.i64(0)?, row.text(1)?);
            let old = At::complaint(complaint_id, version, &handler);
            let new = At::complaint(complaint_id, version + 1, new_handler.unwrap_or(&handler));
            for (index, column) in columns.iter().enumerate() {
                let text = match changes.iter().find(|(changed, _)| changed == column) {
                    Some((_, text)) => text.map(str::to_string),
                    None => read.open_optional_text(*column, &old, &row, index + 2)?,
                };
                let value = match text {
                    Some(text) => read.seal(*column, &new, &text)?,
                    None => Value::Null,
                };
                set(*column, value);
            }
        }
        self.sql.execute(&format!("UPDATE complaints SET {} WHERE id = ?1", sets.join(", ")), &params)?;
        Ok(())
    }
}
