//! Moving a single desk's database to the shared store (`klachtbalie-cli migrate-to-shared`):
//! every table copied row by row with the same ids, personal values sealed on the way, the
//! audit chain re-linked with the shared store's keyed MAC after the original chain was
//! verified, and everything read back and compared before the move counts as done.

use super::catalogue::{self, sealed_columns};
use super::cells::At;
use super::sql::{Row, Sql, Value};
use super::{Database, Reader, StoreError, StoreResult, Writer};
use crate::audit::{self, AuditEntry};

/// What was moved, per table, and the audit entries re-linked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TransferReport {
    pub rows: Vec<(String, u64)>,
    pub audit_entries: u64,
    pub sealed_values_checked: u64,
}

fn columns_of(source: &dyn Sql, table: &str) -> StoreResult<Vec<String>> {
    source.query(&format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"), &[])?.iter().map(|row| row.text(0)).collect()
}

/// Where a copied row's sealed values belong (its id and, by the catalogue, its complaint or
/// seal version), from the row as the single desk holds it.
fn place_of(table: &str, columns: &[String], row: &Row) -> StoreResult<At> {
    let place = At::place_columns(table)
        .iter()
        .map(|name| match columns.iter().position(|column| column == name) {
            Some(index) => row.raw(index),
            None => Err(StoreError::Column(format!("{table} heeft geen kolom {name}"))),
        })
        .collect::<StoreResult<Vec<_>>>()?;
    At::of_row(table, &Row(place))
}

/// The stored bytes of a sealed column as the single desk holds them (text or blob).
fn plain_bytes(value: &Value) -> Option<Vec<u8>> {
    match value {
        Value::Null => None,
        Value::Text(text) => Some(text.as_bytes().to_vec()),
        Value::Blob(bytes) => Some(bytes.clone()),
        Value::Integer(number) => Some(number.to_string().into_bytes()),
    }
}

impl Database {
    /// Copies this single-desk database into `target`, a freshly set-up shared store under the
    /// same key, and verifies the copy. The source is only read.
    pub fn transfer_to(&self, target: &mut Database) -> StoreResult<TransferReport> {
        let source = self.reader();
        let entries = source.audit_entries(&super::AuditFilter::default())?;
        let verification = audit::verify_chain(&entries, source.audit_head()?);
        if let Some(broken) = verification.first_broken {
            return Err(StoreError::Transfer(format!(
                "het auditlog van deze werkplek is niet intact (regel {}: {}); er is niets overgezet",
                broken.sequence, broken.problem
            )));
        }
        let mut rows = Vec::new();
        target.write(|tx| -> StoreResult<()> {
            rows.clear();
            for table in catalogue::data_tables() {
                rows.push((table.name.to_string(), copy_table(source.sql, tx, table.name)?));
            }
            for table in catalogue::data_tables().filter(|table| table.identity).map(|table| table.name) {
                tx.sql.query(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                    ),
                    &[],
                )?;
            }
            relink_audit_log(tx, &entries)?;
            // A destroyed complaint has no search tokens (its values are gone).
            for complaint in source.all_complaints()?.into_iter().filter(|complaint| complaint.destroyed_at.is_none()) {
                tx.index_complaint_for_search(complaint.id, &complaint.reference, &complaint.complaint, &complaint.respondent_names)?;
            }
            Ok(())
        })?;
        let sealed_values_checked = verify_copy(&source, &target.reader(), &rows)?;
        let copied = target.reader().audit_entries(&super::AuditFilter::default())?;
        let target_reader = target.reader();
        let relinked = audit::verify_chain_with(&copied, target_reader.audit_head()?, |entry| target_reader.audit_entry_hash(entry));
        if copied.len() != entries.len() || relinked.first_broken.is_some() {
            return Err(StoreError::Transfer(format!("het overgezette auditlog klopt niet: {}", relinked.summary())));
        }
        Ok(TransferReport { rows, audit_entries: entries.len() as u64, sealed_values_checked })
    }
}

fn copy_table(source: &dyn Sql, tx: &Writer<'_>, table: &str) -> StoreResult<u64> {
    let columns = columns_of(source, table)?;
    let sealed = sealed_columns(table);
    let sealer = tx.sql.sealer().ok_or_else(|| StoreError::Transfer("het doel is geen gedeelde database".into()))?;
    let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("?{n}")).collect();
    let insert = format!("INSERT INTO {table} ({}) VALUES ({})", columns.join(", "), placeholders.join(", "));
    let order = if columns.iter().any(|column| column == "id") { " ORDER BY id" } else { "" };
    let mut copied = 0;
    for row in source.query(&format!("SELECT {} FROM {table}{order}", columns.join(", ")), &[])? {
        let mut values = row.0.clone();
        if !sealed.is_empty() {
            let place = place_of(table, &columns, &row)?;
            for (index, column) in columns.iter().enumerate() {
                if let Some(sealed_column) = sealed.iter().find(|sealed| sealed.name == column) {
                    if let Some(bytes) = plain_bytes(&values[index]) {
                        values[index] = Value::Blob(sealer.seal(&place.cell(*sealed_column)?, &bytes)?);
                    }
                }
            }
        }
        tx.sql.execute(&insert, &values)?;
        copied += 1;
    }
    Ok(copied)
}

/// The shared store's chain is keyed: the same entries, linked again with its MAC, after the
/// single desk's own chain was verified above. The recorded head follows the new chain.
fn relink_audit_log(tx: &Writer<'_>, entries: &[AuditEntry]) -> StoreResult<()> {
    let mut previous_hash = audit::GENESIS_HASH.to_string();
    for entry in entries {
        let mut relinked = AuditEntry { previous_hash: previous_hash.clone(), hash: String::new(), ..entry.clone() };
        relinked.hash = tx.read().audit_entry_hash(&relinked);
        tx.insert_audit_entry(&relinked)?;
        previous_hash = relinked.hash;
    }
    if let Some(last) = entries.last() {
        tx.record_audit_head(last.sequence, &previous_hash)?;
    }
    Ok(())
}

/// Counts per table, and every sealed value opened on the shared store and compared with the
/// single desk's. Returns how many sealed values were checked.
fn verify_copy(source: &Reader<'_>, target: &Reader<'_>, rows: &[(String, u64)]) -> StoreResult<u64> {
    let sealer = target.sql.sealer().ok_or_else(|| StoreError::Transfer("het doel is geen gedeelde database".into()))?;
    let mut checked = 0;
    for (table, copied) in rows {
        let count =
            |reader: &Reader<'_>| -> StoreResult<i64> { reader.sql.query_one(&format!("SELECT count(*) FROM {table}"), &[])?.i64(0) };
        let (in_source, in_target) = (count(source)?, count(target)?);
        if in_source != in_target || u64::try_from(in_source).ok() != Some(*copied) {
            return Err(StoreError::Transfer(format!("{table}: {in_source} rijen op de werkplek, {in_target} in de gedeelde database")));
        }
        let sealed = sealed_columns(table);
        if sealed.is_empty() {
            continue;
        }
        let list = sealed.iter().map(|column| column.name).collect::<Vec<_>>().join(", ");
        let place_columns = At::place_columns(table);
        let select = format!("SELECT {}, {list} FROM {table} ORDER BY id", place_columns.join(", "));
        let (original, moved) = (source.sql.query(&select, &[])?, target.sql.query(&select, &[])?);
        for (before, after) in original.iter().zip(&moved) {
            let id = before.opt_text(0)?.unwrap_or_default();
            if (0..place_columns.len()).map(|index| before.raw(index)).collect::<StoreResult<Vec<_>>>()?
                != (0..place_columns.len()).map(|index| after.raw(index)).collect::<StoreResult<Vec<_>>>()?
            {
                return Err(StoreError::Transfer(format!("{table}: rij {id} ontbreekt of staat op een andere plaats")));
            }
            let place = At::of_row(table, after)?;
            for (index, column) in sealed.iter().enumerate() {
                let expected = plain_bytes(&before.raw(place_columns.len() + index)?);
                let opened = match after.raw(place_columns.len() + index)? {
                    Value::Null => None,
                    _ => Some(sealer.open(&place.cell(*column)?, &after.blob(place_columns.len() + index)?)?),
                };
                if opened != expected {
                    return Err(StoreError::Transfer(format!("{table}.{} van rij {id} is niet gelijk na het overzetten", column.name)));
                }
                checked += 1;
            }
        }
    }
    Ok(checked)
}
