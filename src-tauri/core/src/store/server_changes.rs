//! The shared store's own record of writes (SEC-07, schema 6): every insert, update and delete
//! of the municipality's data as the server saw it, with the login that made it, also when it
//! was made with psql instead of a desk. Read here for the Beheerder; a single desk has none.

use super::sql::{values, Dialect, Row};
use super::{Reader, StoreResult};

/// One write as the server recorded it: names and keys, never a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerChange {
    pub sequence: i64,
    /// Local time (Europe/Amsterdam), `YYYY-MM-DDTHH:MM:SS`.
    pub at: String,
    /// The database login that made the change (`session_user`).
    pub login: String,
    /// The address it connected from; empty for a local socket.
    pub client: String,
    pub table: String,
    /// `insert`, `update`, `delete` or `truncate`.
    pub operation: String,
    /// The row's primary key (parts joined with `/`).
    pub row_key: String,
    /// The reference of the complaint the row belongs to, if any and if it still exists.
    pub complaint: Option<String>,
    /// The columns an update changed.
    pub columns: Vec<String>,
}

impl ServerChange {
    /// The operation as the Beheerder reads it.
    pub fn operation_label(&self) -> &'static str {
        match self.operation.as_str() {
            "insert" => "toegevoegd",
            "update" => "gewijzigd",
            "delete" => "verwijderd",
            _ => "geleegd",
        }
    }
}

/// Which recorded changes to read, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerChangeFilter {
    pub login: Option<String>,
    pub table: Option<String>,
    /// At most this many.
    pub limit: u32,
}

impl Default for ServerChangeFilter {
    fn default() -> Self {
        Self { login: None, table: None, limit: 200 }
    }
}

fn change_from_row(row: &Row) -> StoreResult<ServerChange> {
    let columns = row.opt_text(9)?.unwrap_or_default();
    let complaint = match (row.opt_text(8)?, row.opt_i64(7)?) {
        (Some(reference), _) => Some(reference),
        (None, Some(id)) => Some(format!("klacht {id} (niet meer aanwezig)")),
        (None, None) => None,
    };
    Ok(ServerChange {
        sequence: row.i64(0)?,
        at: row.text(1)?,
        login: row.text(2)?,
        client: row.opt_text(3)?.unwrap_or_default(),
        table: row.text(4)?,
        operation: row.text(5)?,
        row_key: row.opt_text(6)?.unwrap_or_default(),
        complaint,
        columns: columns.split(',').filter(|name| !name.is_empty()).map(str::to_string).collect(),
    })
}

impl Reader<'_> {
    /// The server's record of writes, newest first; `None` on a single desk, which has no
    /// server (its one OS account is its boundary, and its audit log records every change).
    pub fn server_changes(&self, filter: &ServerChangeFilter) -> StoreResult<Option<Vec<ServerChange>>> {
        if self.sql.dialect() != Dialect::Postgres {
            return Ok(None);
        }
        let rows = self.sql.query(
            "SELECT s.sequence, to_char(s.at AT TIME ZONE 'Europe/Amsterdam', 'YYYY-MM-DD\"T\"HH24:MI:SS'), s.login, s.client,
                    s.table_name, s.operation, s.row_key, s.complaint_id, c.reference, array_to_string(s.columns, ',')
               FROM server_changes s LEFT JOIN complaints c ON c.id = s.complaint_id
              WHERE (CAST(?1 AS TEXT) IS NULL OR s.login = ?1) AND (CAST(?2 AS TEXT) IS NULL OR s.table_name = ?2)
              ORDER BY s.sequence DESC LIMIT ?3",
            values![filter.login, filter.table, i64::from(filter.limit)],
        )?;
        rows.iter().map(change_from_row).collect::<StoreResult<Vec<_>>>().map(Some)
    }
}
