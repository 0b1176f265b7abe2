//! Schema 9's re-seal (SEC-01, issue 25): every value sealed before it is opened with its old
//! binding and sealed again with its place, in the migration's transaction, as the owner.

use super::{Session, Statements};
use crate::store::catalogue;
use crate::store::cells::At;
use crate::store::sealing::{is_sealed_before_schema_9, Cell, Sealer, FORMAT_BOUND_TO_HANDLER, FORMAT_VERSION};
use crate::store::sql::{Row, Sql, Value};
use crate::store::{StoreError, StoreResult};
use std::cell::RefCell;

/// The schema whose migration seals every older sealed value anew (with the key).
pub(super) const RESEALED_IN: i64 = 9;

/// Schema 9's re-seal, as the owner: the triggers that keep stored letters, decisions, drafts
/// and answers unchanged are lifted for this transaction only (ALTER TABLE is transactional,
/// and its lock holds every desk's write to those tables until the re-seal is committed or
/// undone). Each re-sealed row is on record in `server_changes` with the owner's login. On a
/// sealed store every sealed column then gets a check that refuses any other format, so a
/// desk of an older version left open cannot write the old format, and old bytes cannot be put
/// back (`sealed_store` is false only for the benchmark's plain comparison store).
pub(super) fn reseal(
    transaction: &mut postgres::Transaction<'_>,
    statements: &Statements,
    sealer: Option<&Sealer>,
    sealed_store: bool,
) -> StoreResult<()> {
    let triggers = IMMUTABLE_ROW_TRIGGERS;
    for (table, trigger) in triggers {
        transaction.batch_execute(&format!("ALTER TABLE {table} DISABLE TRIGGER {trigger}"))?;
    }
    let resealed = {
        let session = Session { transaction: RefCell::new(transaction.transaction()?), statements, sealer };
        let resealed = reseal_before_schema_9(&session)?;
        session.transaction.into_inner().commit()?;
        resealed
    };
    for (table, trigger) in triggers {
        transaction.batch_execute(&format!("ALTER TABLE {table} ENABLE TRIGGER {trigger}"))?;
    }
    if sealed_store {
        // A complaint's own cells have a format of their own from schema 15, which always
        // follows in the same migration and sets their check.
        for table in catalogue::data_tables().filter(|table| table.name != COMPLAINTS) {
            require_format(transaction, table.name, Some(FORMAT_VERSION))?;
        }
    }
    tracing::info!(resealed, "schema 9: versleutelde waarden opnieuw verzegeld");
    Ok(())
}

/// The tables whose triggers refuse every update of a stored row (a letter, an approved
/// decision, a decided draft, an answered access request): the re-seal of schema 9 lifts them
/// for its own transaction only.
pub(super) const IMMUTABLE_ROW_TRIGGERS: &[(&str, &str)] = &[
    ("letters", "letters_are_immutable"),
    ("decisions", "approved_decisions_are_immutable"),
    ("letter_drafts", "decided_letter_drafts_are_immutable"),
    ("access_requests", "access_answers_are_kept"),
];

/// Rows read at a time by the re-seal, so a store with many letters is not read at once.
const RESEAL_BATCH: usize = 500;

/// Schema 9 (`migrate-schema`): every value sealed before it (format 1: table, column, row) is
/// opened with that binding and sealed again with its place (complaint, seal version), in the
/// migration's transaction. A value of format 2 is left as it is. Returns how many values
/// were sealed anew; without the database key a store holding format-1 values is refused.
fn reseal_before_schema_9(sql: &dyn Sql) -> StoreResult<u64> {
    let sealer = sql.sealer();
    seal_every_value_anew(sql, None, |cell, stored| {
        if !is_sealed_before_schema_9(stored) {
            return Ok(None);
        }
        let sealer = sealer.ok_or(StoreError::ResealNeedsKey { schema: RESEALED_IN })?;
        match sealer.open_before_schema_9(cell, stored) {
            Ok(plain) => Ok(Some(Ok(sealer.seal(cell, &plain)?))),
            Err(problem) => Ok(Some(Err(problem.to_string()))),
        }
    })
}

/// The schema whose migration seals a complaint's own cells anew for its handler.
pub(super) const BOUND_TO_HANDLER_IN: i64 = 15;
const COMPLAINTS: &str = "complaints";

/// The server's check that every sealed column of `table` holds only cells of `format` (or,
/// with `None`, no check): a desk of an older version left open cannot write another format,
/// and old bytes cannot be put back.
fn require_format(transaction: &mut postgres::Transaction<'_>, table: &str, format: Option<u8>) -> StoreResult<()> {
    for column in catalogue::sealed_columns(table) {
        let column = column.name;
        let check = format
            .map(|format| {
                format!(
                    ", ADD CONSTRAINT {table}_{column}_sealed
                       CHECK ({column} IS NULL OR substring({column} FROM 1 FOR 1) = '\\x{format:02x}'::bytea)"
                )
            })
            .unwrap_or_default();
        transaction.batch_execute(&format!("ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {table}_{column}_sealed{check}"))?;
    }
    Ok(())
}

/// Schema 15 (`migrate-schema`): a complaint's own cells, sealed for their complaint and
/// version, are sealed anew for its handler too, so a database administrator who hands a
/// complaint to another handler on the server (`handler_id`) is found by every desk: the
/// file no longer opens. A cell that opens for its handler already (one that schema 9's
/// re-seal or a desk of this version sealed) is left. Returns how many were sealed anew.
pub(super) fn bind_complaints_to_their_handler(
    transaction: &mut postgres::Transaction<'_>,
    statements: &Statements,
    sealer: Option<&Sealer>,
) -> StoreResult<u64> {
    require_format(transaction, COMPLAINTS, None)?;
    let resealed = {
        let session = Session { transaction: RefCell::new(transaction.transaction()?), statements, sealer };
        let resealed = seal_every_value_anew(&session, Some(COMPLAINTS), |cell, stored| {
            let sealer = sealer.ok_or(StoreError::ResealNeedsKey { schema: BOUND_TO_HANDLER_IN })?;
            if sealer.open(cell, stored).is_ok() {
                return Ok(None);
            }
            match sealer.open_before_schema_15(cell, stored) {
                Ok(plain) => Ok(Some(Ok(sealer.seal(cell, &plain)?))),
                Err(problem) => Ok(Some(Err(problem.to_string()))),
            }
        })?;
        session.transaction.into_inner().commit()?;
        resealed
    };
    require_format(transaction, COMPLAINTS, Some(FORMAT_BOUND_TO_HANDLER))?;
    tracing::info!(resealed, "schema 15: de eigen waarden van elke klacht verzegeld voor haar behandelaar");
    Ok(resealed)
}

/// Walks every sealed value of every data table (or of table `only`), a batch of rows at a time, and writes back
/// what `change` makes of it: `None` leaves it, `Some(Ok(bytes))` replaces it, `Some(Err(why))`
/// names a value that does not open. Every such value is named at once (not only the first)
/// and then nothing is kept: the caller's transaction ends with the error. Returns how many
/// values were replaced.
pub(super) fn seal_every_value_anew(
    sql: &dyn Sql,
    only: Option<&str>,
    mut change: impl FnMut(&Cell<'_>, &[u8]) -> StoreResult<Option<Result<Vec<u8>, String>>>,
) -> StoreResult<u64> {
    let mut resealed = 0;
    let mut unopened: Vec<String> = Vec::new();
    for table in catalogue::data_tables().filter(|table| !table.sealed.is_empty() && only.is_none_or(|only| only == table.name)) {
        let place_columns = At::place_columns(table.name);
        let list = table.sealed.iter().map(|column| column.name).collect::<Vec<_>>().join(", ");
        let select = format!("SELECT {}, {list} FROM {}", place_columns.join(", "), table.name);
        let mut last: Option<Value> = None;
        loop {
            let rows = match &last {
                None => sql.query(&format!("{select} ORDER BY id LIMIT {RESEAL_BATCH}"), &[])?,
                Some(id) => sql.query(&format!("{select} WHERE id > ?1 ORDER BY id LIMIT {RESEAL_BATCH}"), std::slice::from_ref(id))?,
            };
            for row in &rows {
                let place = At::of_row(table.name, &Row(row.0[..place_columns.len()].to_vec()))?;
                let mut params = vec![row.raw(0)?];
                let mut sets = Vec::new();
                for (index, column) in table.sealed.iter().enumerate() {
                    let Value::Blob(stored) = row.raw(place_columns.len() + index)? else { continue };
                    match change(&place.cell(*column)?, &stored)? {
                        None => {}
                        Some(Ok(sealed)) => {
                            params.push(Value::Blob(sealed));
                            sets.push(format!("{} = ?{}", column.name, params.len()));
                        }
                        Some(Err(problem)) => unopened.push(problem),
                    }
                }
                if !sets.is_empty() {
                    sql.execute(&format!("UPDATE {} SET {} WHERE id = ?1", table.name, sets.join(", ")), &params)?;
                    resealed += sets.len() as u64;
                }
            }
            match rows.last() {
                Some(row) if rows.len() == RESEAL_BATCH => last = Some(row.raw(0)?),
                _ => break,
            }
        }
    }
    if !unopened.is_empty() {
        return Err(StoreError::ResealRefused {
            count: unopened.len(),
            first: unopened.into_iter().take(10).collect::<Vec<_>>().join("; "),
        });
    }
    Ok(resealed)
}
