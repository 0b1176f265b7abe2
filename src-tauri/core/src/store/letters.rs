//! Letter storage (section 6, PR-07): template versions, final letters with their versions,
//! drafts waiting for the handler's approval, and the record of sending.

use super::{timestamp, Reader, StoreResult, Writer};
use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::{params, OptionalExtension, Row};

/// One saved version of a letter template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRecord {
    pub kind: String,
    pub version: i64,
    pub subject: String,
    pub body: String,
    pub saved_by: String,
    pub saved_at: String,
}

/// A final letter without its PDF bytes: what lists and the timeline show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterSummary {
    pub id: i64,
    pub complaint_id: i64,
    pub reference: String,
    pub kind: String,
    pub version: i64,
    pub recipient: String,
    pub recipient_name: String,
    pub sha256: String,
    pub size: i64,
    pub pages: i64,
    pub created_at: String,
    pub created_by: String,
    pub approved_by: String,
    pub correction_reason: String,
    /// (date sent, to whom) of each recorded sending.
    pub sendings: Vec<(String, String)>,
}

/// What a new final letter stores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLetter<'a> {
    pub complaint_id: i64,
    pub kind: &'a str,
    pub recipient: &'a str,
    pub recipient_name: &'a str,
    pub pdf: &'a [u8],
    pub sha256: &'a str,
    pub pages: i64,
    pub template_version: i64,
    pub correction_reason: &'a str,
    pub drafted_by: &'a str,
    pub approved_by: &'a str,
}

/// A letter drafted by someone other than the responsible handler (PR-07).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterDraftRecord {
    pub id: i64,
    pub complaint_id: i64,
    pub reference: String,
    pub kind: String,
    pub recipient: String,
    pub recipient_name: String,
    pub correction_reason: String,
    pub pdf: Vec<u8>,
    pub text: String,
    pub pages: i64,
    pub template_version: i64,
    pub approver_id: String,
    pub drafted_by: String,
    pub drafted_at: String,
    /// ter_goedkeuring, goedgekeurd or teruggestuurd.
    pub state: String,
    pub comment: String,
}

const SUMMARY_COLUMNS: &str = "l.id, l.complaint_id, c.reference, l.kind, l.version, l.recipient, l.recipient_name, l.sha256,
    length(l.pdf), l.pages, l.created_at, l.created_by, l.approved_by, l.correction_reason";

fn summary_from_row(row: &Row<'_>) -> rusqlite::Result<LetterSummary> {
    Ok(LetterSummary {
        id: row.get(0)?,
        complaint_id: row.get(1)?,
        reference: row.get(2)?,
        kind: row.get(3)?,
        version: row.get(4)?,
        recipient: row.get(5)?,
        recipient_name: row.get(6)?,
        sha256: row.get(7)?,
        size: row.get(8)?,
        pages: row.get(9)?,
        created_at: row.get(10)?,
        created_by: row.get(11)?,
        approved_by: row.get(12)?,
        correction_reason: row.get(13)?,
        sendings: Vec::new(),
    })
}

const DRAFT_COLUMNS: &str = "d.id, d.complaint_id, c.reference, d.kind, d.recipient, d.recipient_name, d.correction_reason, d.pdf,
    d.text, d.pages, d.template_version, d.approver_id, d.drafted_by, d.drafted_at, d.state, d.comment";

fn draft_from_row(row: &Row<'_>) -> rusqlite::Result<LetterDraftRecord> {
    Ok(LetterDraftRecord {
        id: row.get(0)?,
        complaint_id: row.get(1)?,
        reference: row.get(2)?,
        kind: row.get(3)?,
        recipient: row.get(4)?,
        recipient_name: row.get(5)?,
        correction_reason: row.get(6)?,
        pdf: row.get(7)?,
        text: row.get(8)?,
        pages: row.get(9)?,
        template_version: row.get(10)?,
        approver_id: row.get(11)?,
        drafted_by: row.get(12)?,
        drafted_at: row.get(13)?,
        state: row.get(14)?,
        comment: row.get(15)?,
    })
}

impl Reader<'_> {
    /// The newest saved version of a template, if the Beheerder ever saved one.
    pub fn current_template(&self, kind: &str) -> StoreResult<Option<TemplateRecord>> {
        Ok(self
            .connection
            .query_row(
                "SELECT kind, version, subject, body, saved_by, saved_at FROM letter_templates WHERE kind = ?1
                 ORDER BY version DESC LIMIT 1",
                [kind],
                template_from_row,
            )
            .optional()?)
    }

    /// Every saved version of a template, newest first.
    pub fn template_history(&self, kind: &str) -> StoreResult<Vec<TemplateRecord>> {
        let mut statement = self.connection.prepare(
            "SELECT kind, version, subject, body, saved_by, saved_at FROM letter_templates WHERE kind = ?1 ORDER BY version DESC",
        )?;
        let rows = statement.query_map([kind], template_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn with_sendings(&self, mut letters: Vec<LetterSummary>) -> StoreResult<Vec<LetterSummary>> {
        let mut statement = self.connection.prepare("SELECT sent_on, recipient FROM letter_sendings WHERE letter_id = ?1 ORDER BY id")?;
        for letter in &mut letters {
            let rows = statement.query_map([letter.id], |row| Ok((row.get(0)?, row.get(1)?)))?;
            letter.sendings = rows.collect::<Result<_, _>>()?;
        }
        Ok(letters)
    }

    /// The final letters of one complaint, oldest first.
    pub fn letters_of(&self, complaint_id: i64) -> StoreResult<Vec<LetterSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM letters l JOIN complaints c ON c.id = l.complaint_id WHERE l.complaint_id = ?1 ORDER BY l.id"
        );
        let mut statement = self.connection.prepare(&sql)?;
        let rows = statement.query_map([complaint_id], summary_from_row)?;
        self.with_sendings(rows.collect::<Result<_, _>>()?)
    }

    /// The letters finalised on one day (batch printing), oldest first.
    pub fn letters_finalised_on(&self, day: NaiveDate) -> StoreResult<Vec<LetterSummary>> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM letters l JOIN complaints c ON c.id = l.complaint_id
             WHERE l.created_at >= ?1 AND l.created_at < ?2 ORDER BY l.id"
        );
        let mut statement = self.connection.prepare(&sql)?;
        let next = day.succ_opt().unwrap_or(day);
        let rows = statement.query_map(params![day.to_string(), next.to_string()], summary_from_row)?;
        self.with_sendings(rows.collect::<Result<_, _>>()?)
    }

    pub fn letter_summary(&self, letter_id: i64) -> StoreResult<Option<LetterSummary>> {
        let sql = format!("SELECT {SUMMARY_COLUMNS} FROM letters l JOIN complaints c ON c.id = l.complaint_id WHERE l.id = ?1");
        let letter = self.connection.query_row(&sql, [letter_id], summary_from_row).optional()?;
        Ok(self.with_sendings(letter.into_iter().collect())?.pop())
    }

    pub fn letter_pdf(&self, letter_id: i64) -> StoreResult<Option<Vec<u8>>> {
        Ok(self.connection.query_row("SELECT pdf FROM letters WHERE id = ?1", [letter_id], |row| row.get(0)).optional()?)
    }

    /// Drafts waiting for approval; all of them, or those of one complaint.
    pub fn waiting_letter_drafts(&self, complaint_id: Option<i64>) -> StoreResult<Vec<LetterDraftRecord>> {
        let sql = format!(
            "SELECT {DRAFT_COLUMNS} FROM letter_drafts d JOIN complaints c ON c.id = d.complaint_id
             WHERE d.state = 'ter_goedkeuring' AND (?1 IS NULL OR d.complaint_id = ?1) ORDER BY d.id"
        );
        let mut statement = self.connection.prepare(&sql)?;
        let rows = statement.query_map([complaint_id], draft_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn letter_draft(&self, draft_id: i64) -> StoreResult<Option<LetterDraftRecord>> {
        let sql = format!("SELECT {DRAFT_COLUMNS} FROM letter_drafts d JOIN complaints c ON c.id = d.complaint_id WHERE d.id = ?1");
        Ok(self.connection.query_row(&sql, [draft_id], draft_from_row).optional()?)
    }

    /// The highest version of this letter for this complaint and recipient (0: none yet).
    pub fn latest_letter_version(&self, complaint_id: i64, kind: &str, recipient: &str) -> StoreResult<i64> {
        Ok(self.connection.query_row(
            "SELECT coalesce(max(version), 0) FROM letters WHERE complaint_id = ?1 AND kind = ?2 AND recipient = ?3",
            params![complaint_id, kind, recipient],
            |row| row.get(0),
        )?)
    }
}

fn template_from_row(row: &Row<'_>) -> rusqlite::Result<TemplateRecord> {
    Ok(TemplateRecord {
        kind: row.get(0)?,
        version: row.get(1)?,
        subject: row.get(2)?,
        body: row.get(3)?,
        saved_by: row.get(4)?,
        saved_at: row.get(5)?,
    })
}

impl Writer<'_> {
    /// Saves a new version of a template; returns its version number. The number is taken in
    /// the INSERT itself, so it is the next one even if another writer saved a version just
    /// before (UNIQUE (kind, version) would refuse a duplicate).
    pub fn insert_template(&self, kind: &str, subject: &str, body: &str, by: &str, at: NaiveDateTime) -> StoreResult<i64> {
        Ok(self.transaction.query_row(
            "INSERT INTO letter_templates (kind, version, subject, body, saved_by, saved_at)
             SELECT ?1, coalesce(max(version), 0) + 1, ?2, ?3, ?4, ?5 FROM letter_templates WHERE kind = ?1
             RETURNING version",
            params![kind, subject, body, by, timestamp(at)],
            |row| row.get(0),
        )?)
    }

    /// Stores a final letter as the next version of its kind for its recipient; returns (id,
    /// version). The version is taken in the INSERT itself, in the caller's write transaction,
    /// so two desks finalising at once get versions 1 and 2, never two versions 1.
    pub fn insert_final_letter(&self, letter: &NewLetter<'_>, at: NaiveDateTime) -> StoreResult<(i64, i64)> {
        Ok(self.transaction.query_row(
            "INSERT INTO letters (complaint_id, kind, pdf, sha256, created_at, created_by, version, recipient, recipient_name,
                                  correction_reason, approved_by, template_version, pages)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, coalesce(max(version), 0) + 1, ?7, ?8, ?9, ?10, ?11, ?12
               FROM letters WHERE complaint_id = ?1 AND kind = ?2 AND recipient = ?7
             RETURNING id, version",
            params![
                letter.complaint_id,
                letter.kind,
                letter.pdf,
                letter.sha256,
                timestamp(at),
                letter.drafted_by,
                letter.recipient,
                letter.recipient_name,
                letter.correction_reason,
                letter.approved_by,
                letter.template_version,
                letter.pages
            ],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?)
    }

    pub fn insert_letter_draft(&self, draft: &LetterDraftRecord, at: NaiveDateTime) -> StoreResult<i64> {
        self.transaction.execute(
            "INSERT INTO letter_drafts (complaint_id, kind, recipient, recipient_name, correction_reason, pdf, text, pages,
                                        template_version, approver_id, drafted_by, drafted_at, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 'ter_goedkeuring')",
            params![
                draft.complaint_id,
                draft.kind,
                draft.recipient,
                draft.recipient_name,
                draft.correction_reason,
                draft.pdf,
                draft.text,
                draft.pages,
                draft.template_version,
                draft.approver_id,
                draft.drafted_by,
                timestamp(at)
            ],
        )?;
        Ok(self.transaction.last_insert_rowid())
    }

    pub fn decide_on_letter_draft(
        &self,
        draft_id: i64,
        state: &str,
        by: &str,
        at: NaiveDateTime,
        comment: &str,
        letter_id: Option<i64>,
    ) -> StoreResult<()> {
        self.transaction.execute(
            "UPDATE letter_drafts SET state = ?2, decided_by = ?3, decided_at = ?4, comment = ?5, letter_id = ?6 WHERE id = ?1",
            params![draft_id, state, by, timestamp(at), comment, letter_id],
        )?;
        Ok(())
    }

    pub fn insert_sending(&self, letter_id: i64, sent_on: NaiveDate, recipient: &str, by: &str, at: NaiveDateTime) -> StoreResult<()> {
        self.transaction.execute(
            "INSERT INTO letter_sendings (letter_id, sent_on, recipient, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![letter_id, sent_on.to_string(), recipient, by, timestamp(at)],
        )?;
        Ok(())
    }

    /// Closes the open tasks of this kind on a complaint (e.g. the postponement letters).
    pub fn close_tasks(&self, complaint_id: i64, kind: &str, at: NaiveDateTime) -> StoreResult<usize> {
        Ok(self.transaction.execute(
            "UPDATE tasks SET done_at = ?3 WHERE complaint_id = ?1 AND kind = ?2 AND done_at IS NULL",
            params![complaint_id, kind, timestamp(at)],
        )?)
    }
}
