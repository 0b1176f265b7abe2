//! What the AVG asks to be kept of a complaint besides the file: to whom its data went (art. 19,
//! AVG-06), its corrections with the previous values (art. 16, AVG-04), and the retention marks
//! (AVG-02).

use super::catalogue::sealed;
use super::complaints::ComplaintRecord;
use super::sql::values;
use super::{timestamp, At, Reader, StoreResult, Writer};
use crate::domain::complaint::NewComplaint;
use crate::domain::recipient::RecipientKind;
use crate::domain::retention::RetentionMarks;
use chrono::{NaiveDate, NaiveDateTime};

/// AVG-06 (art. 19): one recipient of a complaint's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientRecord {
    pub kind: RecipientKind,
    pub recipient: String,
    pub what: String,
    pub sent_on: NaiveDate,
    pub recorded_by: String,
}

impl Reader<'_> {
    /// AVG-06 (art. 19): to whom the complaint's data went, in date order.
    pub fn recipients(&self, complaint_id: i64) -> StoreResult<Vec<RecipientRecord>> {
        self.sql
            .query(
                "SELECT id, kind, recipient, what, sent_on, recorded_by FROM recipients WHERE complaint_id = ?1 ORDER BY sent_on, id",
                values![complaint_id],
            )?
            .iter()
            .map(|row| {
                let place = At::part(complaint_id, row.i64(0)?);
                Ok(RecipientRecord {
                    kind: row.code(1, "recipients", "kind")?,
                    recipient: self.open_text(sealed::recipients::RECIPIENT, &place, row, 2)?,
                    what: self.open_text(sealed::recipients::WHAT, &place, row, 3)?,
                    sent_on: row.date(4)?,
                    recorded_by: row.text(5)?,
                })
            })
            .collect()
    }

    /// AVG-04: the correction history of a complaint (when, by whom, which field, the previous
    /// value), oldest first.
    pub fn corrections(&self, complaint_id: i64) -> StoreResult<Vec<(String, String, String, String)>> {
        self.sql
            .query(
                "SELECT id, at, by_user, field, previous_value FROM corrections WHERE complaint_id = ?1 ORDER BY id",
                values![complaint_id],
            )?
            .iter()
            .map(|row| {
                Ok((
                    row.text(1)?,
                    row.text(2)?,
                    row.text(3)?,
                    self.open_text(sealed::corrections::PREVIOUS_VALUE, &At::part(complaint_id, row.i64(0)?), row, 4)?,
                ))
            })
            .collect()
    }
}

impl Writer<'_> {
    pub fn insert_recipient(&self, complaint_id: i64, recipient: &RecipientRecord, at: NaiveDateTime) -> StoreResult<()> {
        self.touch(complaint_id);
        let id = self.sql.next_id("recipients")?;
        let read = self.read();
        let at_row = At::new_part(complaint_id, id);
        self.sql.execute(
            "INSERT INTO recipients (id, complaint_id, kind, recipient, what, sent_on, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            values![
                id,
                complaint_id,
                recipient.kind.code(),
                read.seal(sealed::recipients::RECIPIENT, &at_row, &recipient.recipient)?,
                read.seal(sealed::recipients::WHAT, &at_row, &recipient.what)?,
                recipient.sent_on,
                recipient.recorded_by,
                timestamp(at)
            ],
        )?;
        Ok(())
    }

    /// AVG-04 (art. 16): the corrected contact data, sealed like at intake, the search index
    /// made anew (FTS5 by its trigger, the blind index here), and each previous value kept
    /// only in the correction history.
    pub fn correct_contact_data(
        &self,
        record: &ComplaintRecord,
        corrected: &NewComplaint,
        previous: &[(&str, String)],
        at: NaiveDateTime,
        by: &str,
    ) -> StoreResult<()> {
        let read = self.read();
        self.change_complaint_cells(
            record.id,
            &[
                (sealed::complaints::COMPLAINANT_NAME, Some(corrected.complainant_name.as_str())),
                (sealed::complaints::STREET_ADDRESS, Some(corrected.street_address.as_str())),
                (sealed::complaints::POSTCODE, Some(corrected.postcode.as_str())),
                (sealed::complaints::CITY, Some(corrected.city.as_str())),
                (sealed::complaints::PHONE, Some(corrected.phone.as_str())),
                (sealed::complaints::EMAIL, Some(corrected.email.as_str())),
                (sealed::complaints::REPRESENTATIVE, Some(corrected.representative.as_str())),
            ],
            None,
        )?;
        if self.sql.sealer().is_some() {
            self.sql.execute("DELETE FROM complaint_tokens WHERE complaint_id = ?1", values![record.id])?;
            self.index_complaint_for_search(record.id, &record.reference, corrected, &record.respondent_names)?;
        }
        for (field, value) in previous {
            let id = self.sql.next_id("corrections")?;
            let sealed = read.seal(sealed::corrections::PREVIOUS_VALUE, &At::new_part(record.id, id), value)?;
            self.sql.execute(
                "INSERT INTO corrections (id, complaint_id, at, by_user, field, previous_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                values![id, record.id, timestamp(at), by, *field, sealed],
            )?;
        }
        Ok(())
    }

    /// AVG-02: the marks that decide a closed complaint's retention class.
    pub fn set_retention_marks(&self, complaint_id: i64, marks: &RetentionMarks) -> StoreResult<()> {
        self.touch(complaint_id);
        self.sql.execute(
            "UPDATE complaints SET compensation_paid = ?2, ombudsman = ?3, ombudsman_case_open = ?4, keep_permanently = ?5 WHERE id = ?1",
            values![complaint_id, marks.compensation_paid, marks.ombudsman, marks.ombudsman_case_open, marks.keep_permanently],
        )?;
        Ok(())
    }
}
