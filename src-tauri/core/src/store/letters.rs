//! Letter storage (section 6, PR-07): template versions, final letters with their versions,
//! drafts waiting for the handler's approval, and the record of sending.

use super::catalogue::{sealed, SealedColumn};
use super::sql::{values, Row};
use super::{timestamp, At, Reader, StoreResult, Writer};
use crate::domain::procedure::{LetterDraftState, TaskKind};
use crate::letters::{LetterKind, Recipient};
use chrono::{NaiveDate, NaiveDateTime};

/// One saved version of a letter template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateRecord {
    pub kind: LetterKind,
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
    pub kind: LetterKind,
    pub version: i64,
    pub recipient: Recipient,
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
    pub kind: LetterKind,
    pub recipient: Recipient,
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
    pub kind: LetterKind,
    pub recipient: Recipient,
    pub recipient_name: String,
    pub correction_reason: String,
    pub pdf: Vec<u8>,
    pub text: String,
    pub pages: i64,
    pub template_version: i64,
    pub approver_id: String,
    pub drafted_by: String,
    pub drafted_at: String,
    pub state: LetterDraftState,
    pub comment: String,
}

const SUMMARY_COLUMNS: &str = "l.id, l.complaint_id, c.reference, l.kind, l.version, l.recipient, l.recipient_name, l.sha256,
    length(l.pdf), l.pages, l.created_at, l.created_by, l.approved_by, l.correction_reason";

const DRAFT_COLUMNS: &str = "d.id, d.complaint_id, c.reference, d.kind, d.recipient, d.recipient_name, d.correction_reason, d.pdf,
    d.text, d.pages, d.template_version, d.approver_id, d.drafted_by, d.drafted_at, d.state, d.comment";

fn template_from_row(row: &Row) -> StoreResult<TemplateRecord> {
    Ok(TemplateRecord {
        kind: row.code(0, "letter_templates", "kind")?,
        version: row.i64(1)?,
        subject: row.text(2)?,
        body: row.text(3)?,
        saved_by: row.text(4)?,
        saved_at: row.text(5)?,
    })
}

impl Reader<'_> {
    fn summary_from_row(&self, row: &Row) -> StoreResult<LetterSummary> {
        let id = row.i64(0)?;
        let place = At::part(row.i64(1)?, id);
        let open = |index: usize, column: SealedColumn| self.open_text(column, &place, row, index);
        Ok(LetterSummary {
            id,
            complaint_id: row.i64(1)?,
            reference: row.text(2)?,
            kind: row.code(3, "letters", "kind")?,
            version: row.i64(4)?,
            recipient: row.code(5, "letters", "recipient")?,
            recipient_name: open(6, sealed::letters::RECIPIENT_NAME)?,
            sha256: open(7, sealed::letters::SHA256)?,
            size: self.plain_length(row.i64(8)?),
            pages: row.i64(9)?,
            created_at: row.text(10)?,
            created_by: row.text(11)?,
            approved_by: row.text(12)?,
            correction_reason: open(13, sealed::letters::CORRECTION_REASON)?,
            sendings: Vec::new(),
        })
    }

    fn draft_from_row(&self, row: &Row) -> StoreResult<LetterDraftRecord> {
        let id = row.i64(0)?;
        let place = At::part(row.i64(1)?, id);
        let open = |index: usize, column: SealedColumn| self.open_text(column, &place, row, index);
        Ok(LetterDraftRecord {
            id,
            complaint_id: row.i64(1)?,
            reference: row.text(2)?,
            kind: row.code(3, "letter_drafts", "kind")?,
            recipient: row.code(4, "letter_drafts", "recipient")?,
            recipient_name: open(5, sealed::letter_drafts::RECIPIENT_NAME)?,
            correction_reason: open(6, sealed::letter_drafts::CORRECTION_REASON)?,
            pdf: self.open_bytes(sealed::letter_drafts::PDF, &place, row, 7)?,
            text: open(8, sealed::letter_drafts::TEXT)?,
            pages: row.i64(9)?,
            template_version: row.i64(10)?,
            approver_id: row.text(11)?,
            drafted_by: row.text(12)?,
            drafted_at: row.text(13)?,
            state: row.code(14, "letter_drafts", "state")?,
            comment: open(15, sealed::letter_drafts::COMMENT)?,
        })
    }

    /// The newest saved version of a template, if the Beheerder ever saved one.
    pub fn current_template(&self, kind: LetterKind) -> StoreResult<Option<TemplateRecord>> {
        self.sql
            .query_optional(
                "SELECT kind, version, subject, body, saved_by, saved_at FROM letter_templates WHERE kind = ?1
                 ORDER BY version DESC LIMIT 1",
                values![kind.code()],
            )?
            .as_ref()
            .map(template_from_row)
            .transpose()
    }

    /// Every saved version of a template, newest first.
    pub fn template_history(&self, kind: LetterKind) -> StoreResult<Vec<TemplateRecord>> {
        self.sql
            .query(
                "SELECT kind, version, subject, body, saved_by, saved_at FROM letter_templates WHERE kind = ?1 ORDER BY version DESC",
                values![kind.code()],
            )?
            .iter()
            .map(template_from_row)
            .collect()
    }

    fn with_sendings(&self, mut letters: Vec<LetterSummary>) -> StoreResult<Vec<LetterSummary>> {
        for letter in &mut letters {
            letter.sendings = self
                .sql
                .query("SELECT sent_on, recipient FROM letter_sendings WHERE letter_id = ?1 ORDER BY id", values![letter.id])?
                .iter()
                .map(|row| Ok((row.text(0)?, row.text(1)?)))
                .collect::<StoreResult<_>>()?;
        }
        Ok(letters)
    }

    fn summaries(&self, condition: &str, params: &[super::sql::Value]) -> StoreResult<Vec<LetterSummary>> {
        let sql =
            format!("SELECT {SUMMARY_COLUMNS} FROM letters l JOIN complaints c ON c.id = l.complaint_id WHERE {condition} ORDER BY l.id");
        let letters = self.sql.query(&sql, params)?.iter().map(|row| self.summary_from_row(row)).collect::<StoreResult<_>>()?;
        self.with_sendings(letters)
    }

    /// The final letters of one complaint, oldest first.
    pub fn letters_of(&self, complaint_id: i64) -> StoreResult<Vec<LetterSummary>> {
        self.summaries("l.complaint_id = ?1", values![complaint_id])
    }

    /// The letters finalised on one day (batch printing), oldest first.
    pub fn letters_finalised_on(&self, day: NaiveDate) -> StoreResult<Vec<LetterSummary>> {
        let next = day.succ_opt().unwrap_or(day);
        self.summaries("l.created_at >= ?1 AND l.created_at < ?2", values![day, next])
    }

    pub fn letter_summary(&self, letter_id: i64) -> StoreResult<Option<LetterSummary>> {
        Ok(self.summaries("l.id = ?1", values![letter_id])?.pop())
    }

    pub fn letter_pdf(&self, letter_id: i64) -> StoreResult<Option<Vec<u8>>> {
        self.sql
            .query_optional("SELECT pdf, complaint_id FROM letters WHERE id = ?1", values![letter_id])?
            .map(|row| self.open_bytes(sealed::letters::PDF, &At::part(row.i64(1)?, letter_id), &row, 0))
            .transpose()
    }

    /// Drafts waiting for approval; all of them, or those of one complaint.
    pub fn waiting_letter_drafts(&self, complaint_id: Option<i64>) -> StoreResult<Vec<LetterDraftRecord>> {
        let sql = format!(
            "SELECT {DRAFT_COLUMNS} FROM letter_drafts d JOIN complaints c ON c.id = d.complaint_id
             WHERE d.state = '{waiting}' AND (CAST(?1 AS BIGINT) IS NULL OR d.complaint_id = ?1) ORDER BY d.id",
            // A literal, not a parameter: the partial index letter_drafts_waiting is only used
            // when the planner sees the same value as the index's WHERE.
            waiting = LetterDraftState::AwaitingApproval.code()
        );
        self.sql.query(&sql, values![complaint_id])?.iter().map(|row| self.draft_from_row(row)).collect()
    }

    pub fn letter_draft(&self, draft_id: i64) -> StoreResult<Option<LetterDraftRecord>> {
        let sql = format!("SELECT {DRAFT_COLUMNS} FROM letter_drafts d JOIN complaints c ON c.id = d.complaint_id WHERE d.id = ?1");
        self.sql.query_optional(&sql, values![draft_id])?.map(|row| self.draft_from_row(&row)).transpose()
    }

    /// The highest version of this letter for this complaint and recipient (0: none yet).
    pub fn latest_letter_version(&self, complaint_id: i64, kind: LetterKind, recipient: Recipient) -> StoreResult<i64> {
        self.sql
            .query_one(
                "SELECT coalesce(max(version), 0) FROM letters WHERE complaint_id = ?1 AND kind = ?2 AND recipient = ?3",
                values![complaint_id, kind.code(), recipient.code()],
            )?
            .i64(0)
    }
}

impl Writer<'_> {
    /// Saves a new version of a template; returns its version number. The number is taken
    /// under the lock of the template's kind, so two Beheerders saving at once get two
    /// consecutive versions (UNIQUE (kind, version) would refuse a duplicate anyway).
    pub fn insert_template(&self, kind: LetterKind, subject: &str, body: &str, by: &str, at: NaiveDateTime) -> StoreResult<i64> {
        self.lock("letter_templates", kind.code())?;
        let version = self
            .sql
            .query_one("SELECT coalesce(max(version), 0) + 1 FROM letter_templates WHERE kind = ?1", values![kind.code()])?
            .i64(0)?;
        self.sql.execute(
            "INSERT INTO letter_templates (kind, version, subject, body, saved_by, saved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            values![kind.code(), version, subject, body, by, timestamp(at)],
        )?;
        Ok(version)
    }

    /// Stores a final letter as the next version of its kind for its recipient; returns (id,
    /// version). The version is taken under the complaint's lock, in the caller's write
    /// transaction, so two desks finalising at once get versions 1 and 2, never two versions 1.
    pub fn insert_final_letter(&self, letter: &NewLetter<'_>, at: NaiveDateTime) -> StoreResult<(i64, i64)> {
        self.touch(letter.complaint_id);
        self.lock_complaint(letter.complaint_id)?;
        let version = self.read().latest_letter_version(letter.complaint_id, letter.kind, letter.recipient)? + 1;
        let id = self.sql.next_id("letters")?;
        let read = self.read();
        let place = At::new_part(letter.complaint_id, id);
        let seal = |column: SealedColumn, text: &str| read.seal(column, &place, text);
        let id = self
            .sql
            .query_one(
                "INSERT INTO letters (id, complaint_id, kind, pdf, sha256, created_at, created_by, version, recipient, recipient_name,
                                      correction_reason, approved_by, template_version, pages)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)
                 RETURNING id",
                values![
                    id,
                    letter.complaint_id,
                    letter.kind.code(),
                    read.seal_bytes(sealed::letters::PDF, &place, letter.pdf)?,
                    seal(sealed::letters::SHA256, letter.sha256)?,
                    timestamp(at),
                    letter.drafted_by,
                    version,
                    letter.recipient.code(),
                    seal(sealed::letters::RECIPIENT_NAME, letter.recipient_name)?,
                    seal(sealed::letters::CORRECTION_REASON, letter.correction_reason)?,
                    letter.approved_by,
                    letter.template_version,
                    letter.pages
                ],
            )?
            .i64(0)?;
        Ok((id, version))
    }

    pub fn insert_letter_draft(&self, draft: &LetterDraftRecord, at: NaiveDateTime) -> StoreResult<i64> {
        let id = self.sql.next_id("letter_drafts")?;
        let read = self.read();
        let place = At::new_part(draft.complaint_id, id);
        let seal = |column: SealedColumn, text: &str| read.seal(column, &place, text);
        self.sql
            .query_one(
                "INSERT INTO letter_drafts (id, complaint_id, kind, recipient, recipient_name, correction_reason, pdf, text, pages,
                                            template_version, approver_id, drafted_by, drafted_at, state, comment)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?15, ?14)
                 RETURNING id",
                values![
                    id,
                    draft.complaint_id,
                    draft.kind.code(),
                    draft.recipient.code(),
                    seal(sealed::letter_drafts::RECIPIENT_NAME, &draft.recipient_name)?,
                    seal(sealed::letter_drafts::CORRECTION_REASON, &draft.correction_reason)?,
                    read.seal_bytes(sealed::letter_drafts::PDF, &place, &draft.pdf)?,
                    seal(sealed::letter_drafts::TEXT, &draft.text)?,
                    draft.pages,
                    draft.template_version,
                    draft.approver_id,
                    draft.drafted_by,
                    timestamp(at),
                    seal(sealed::letter_drafts::COMMENT, "")?,
                    LetterDraftState::AwaitingApproval.code()
                ],
            )?
            .i64(0)
    }

    #[allow(clippy::too_many_arguments)]
    pub fn decide_on_letter_draft(
        &self,
        complaint_id: i64,
        draft_id: i64,
        state: LetterDraftState,
        by: &str,
        at: NaiveDateTime,
        comment: &str,
        letter_id: Option<i64>,
    ) -> StoreResult<()> {
        let comment = self.read().seal(sealed::letter_drafts::COMMENT, &At::part(complaint_id, draft_id), comment)?;
        self.sql.execute(
            "UPDATE letter_drafts SET state = ?2, decided_by = ?3, decided_at = ?4, comment = ?5, letter_id = ?6
              WHERE id = ?1 AND complaint_id = ?7",
            values![draft_id, state.code(), by, timestamp(at), comment, letter_id, complaint_id],
        )?;
        Ok(())
    }

    pub fn insert_sending(&self, letter_id: i64, sent_on: NaiveDate, recipient: &str, by: &str, at: NaiveDateTime) -> StoreResult<()> {
        self.sql.execute(
            "INSERT INTO letter_sendings (letter_id, sent_on, recipient, recorded_by, recorded_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            values![letter_id, sent_on, recipient, by, timestamp(at)],
        )?;
        Ok(())
    }

    /// Closes the open tasks of this kind on a complaint (e.g. the postponement letters).
    pub fn close_tasks(&self, complaint_id: i64, kind: TaskKind, at: NaiveDateTime) -> StoreResult<usize> {
        self.touch(complaint_id);
        let closed = self.sql.execute(
            "UPDATE tasks SET done_at = ?3 WHERE complaint_id = ?1 AND kind = ?2 AND done_at IS NULL",
            values![complaint_id, kind.code(), timestamp(at)],
        )?;
        Ok(usize::try_from(closed).unwrap_or(usize::MAX))
    }
}
