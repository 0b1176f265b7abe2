//! Requests for access (AVG-03, art. 15): registering one, extending its term once, and
//! keeping the answer as sent. On the shared store the requester, address, identity note,
//! extension reason, the complaints found and the answer PDF are sealed; a request once
//! answered cannot change (a trigger refuses it on both stores).

use super::catalogue::{sealed, SealedColumn};
use super::sql::values;
use super::{timestamp, At, Reader, StoreResult, Writer};
use crate::domain::access_request::{IdentityCheck, NewAccessRequest};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

const TABLE: &str = "access_requests";

/// A registered request, without its answer PDF (read apart: it can be large).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRequestRecord {
    pub id: i64,
    /// "IV-2026-0003": the number the person and the coördinator refer to.
    pub number: String,
    pub requester: String,
    pub address: String,
    pub identity_check: IdentityCheck,
    pub identity_note: String,
    pub received_on: NaiveDate,
    /// The answer term now running (one month, or three once extended).
    pub due_on: NaiveDate,
    pub extended_on: Option<NaiveDate>,
    pub extension_reason: Option<String>,
    pub answered_on: Option<NaiveDate>,
    pub answered_by: Option<String>,
    /// The complaints the coördinator found to be the person's, as answered.
    pub answer_references: Vec<String>,
    pub registered_at: String,
    pub registered_by: String,
}

const COLUMNS: &str = "id, number, requester, address, identity_check, identity_note, received_on, due_on, extended_on, extension_reason,
    answered_on, answered_by, answer_references, registered_at, registered_by";

impl Reader<'_> {
    fn access_request_from(&self, row: &super::sql::Row) -> StoreResult<AccessRequestRecord> {
        let id = row.i64(0)?;
        let place = At::row(id);
        let references = self.open_optional_text(sealed::access_requests::ANSWER_REFERENCES, &place, row, 12)?.unwrap_or_default();
        Ok(AccessRequestRecord {
            id,
            number: row.text(1)?,
            requester: self.open_text(sealed::access_requests::REQUESTER, &place, row, 2)?,
            address: self.open_text(sealed::access_requests::ADDRESS, &place, row, 3)?,
            identity_check: row.code(4, TABLE, "identity_check")?,
            identity_note: self.open_text(sealed::access_requests::IDENTITY_NOTE, &place, row, 5)?,
            received_on: row.date(6)?,
            due_on: row.date(7)?,
            extended_on: row.opt_date(8)?,
            extension_reason: self.open_optional_text(sealed::access_requests::EXTENSION_REASON, &place, row, 9)?,
            answered_on: row.opt_date(10)?,
            answered_by: row.opt_text(11)?,
            answer_references: references.lines().map(str::to_string).collect(),
            registered_at: row.text(13)?,
            registered_by: row.text(14)?,
        })
    }

    /// The requests still to be answered, nearest term first, then (unless `open_only`) the
    /// answered ones, newest first. The worklist asks for the open ones only (a partial index).
    pub fn access_requests(&self, open_only: bool) -> StoreResult<Vec<AccessRequestRecord>> {
        let only_open = if open_only { "WHERE answered_on IS NULL" } else { "" };
        let rows = self.sql.query(
            &format!(
                "SELECT {COLUMNS} FROM access_requests {only_open}
                  ORDER BY CASE WHEN answered_on IS NULL THEN 0 ELSE 1 END, CASE WHEN answered_on IS NULL THEN due_on END,
                           answered_on DESC, id DESC"
            ),
            values![],
        )?;
        rows.iter().map(|row| self.access_request_from(row)).collect()
    }

    pub fn access_request(&self, number: &str) -> StoreResult<Option<AccessRequestRecord>> {
        self.sql
            .query_optional(&format!("SELECT {COLUMNS} FROM access_requests WHERE number = ?1"), values![number])?
            .map(|row| self.access_request_from(&row))
            .transpose()
    }

    /// The answer as it was sent (`None` while the request is open).
    pub fn access_answer_pdf(&self, id: i64) -> StoreResult<Option<Vec<u8>>> {
        match self.sql.query_optional("SELECT answer_pdf FROM access_requests WHERE id = ?1 AND answer_pdf IS NOT NULL", values![id])? {
            Some(row) => Ok(Some(self.open_bytes(sealed::access_requests::ANSWER_PDF, &At::row(id), &row, 0)?)),
            None => Ok(None),
        }
    }
}

impl Writer<'_> {
    /// Registers a request; its number is "IV-" + the year of receipt + its row id.
    pub fn insert_access_request(&self, request: &NewAccessRequest, due_on: NaiveDate, at: NaiveDateTime, by: &str) -> StoreResult<String> {
        // The shared store hands out the id in advance (it seals with it); the single desk,
        // whose writes are serialised, takes the next one.
        let id = match self.sql.next_id(TABLE)? {
            Some(id) => id,
            None => self.sql.query_one("SELECT COALESCE(MAX(id), 0) + 1 FROM access_requests", values![])?.i64(0)?,
        };
        let number = format!("IV-{}-{id:04}", request.received_on.year());
        let read = self.read();
        let place = At::row(id);
        let seal = |column: SealedColumn, text: &str| read.seal(column, &place, text);
        self.sql.execute(
            "INSERT INTO access_requests (id, number, requester, address, identity_check, identity_note, received_on, due_on,
                                          registered_at, registered_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            values![
                id,
                number,
                seal(sealed::access_requests::REQUESTER, &request.requester)?,
                seal(sealed::access_requests::ADDRESS, &request.address)?,
                request.identity_check.code(),
                seal(sealed::access_requests::IDENTITY_NOTE, &request.identity_note)?,
                request.received_on,
                due_on,
                timestamp(at),
                by
            ],
        )?;
        Ok(number)
    }

    /// The one extension (AVG art. 12 lid 3); false when another desk extended or answered it first.
    pub fn extend_access_request(&self, id: i64, due_on: NaiveDate, reason: &str, on: NaiveDate) -> StoreResult<bool> {
        let changed = self.sql.execute(
            "UPDATE access_requests SET due_on = ?2, extension_reason = ?3, extended_on = ?4
              WHERE id = ?1 AND extended_on IS NULL AND answered_on IS NULL",
            values![id, due_on, self.read().seal(sealed::access_requests::EXTENSION_REASON, &At::row(id), reason)?, on],
        )?;
        Ok(changed == 1)
    }

    /// Stores the answer as sent and closes the request; false when it was answered already
    /// (by another desk in the meantime).
    pub fn answer_access_request(&self, id: i64, references: &[String], pdf: &[u8], on: NaiveDate, by: &str) -> StoreResult<bool> {
        let read = self.read();
        let changed = self.sql.execute(
            "UPDATE access_requests SET answered_on = ?2, answered_by = ?3, answer_references = ?4, answer_pdf = ?5
              WHERE id = ?1 AND answered_on IS NULL",
            values![
                id,
                on,
                by,
                read.seal(sealed::access_requests::ANSWER_REFERENCES, &At::row(id), &references.join("\n"))?,
                read.seal_bytes(sealed::access_requests::ANSWER_PDF, &At::row(id), pdf)?
            ],
        )?;
        Ok(changed == 1)
    }
}
