//! The procedure rows of a complaint (section 4 and 5): contacts, hearings, draft decisions and
//! their approval, open tasks, and the status and terms the steps set.

use super::catalogue::{sealed, SealedColumn};
use super::sql::{values, Dialect};
use super::{timestamp, At, Reader, StoreResult, Writer, TIMESTAMP};
use crate::domain::complaint::Channel;
use crate::domain::deadlines::TermChanges;
use crate::domain::procedure::{DecisionState, Judgement, TaskKind};
use chrono::{NaiveDate, NaiveDateTime};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecord {
    pub contact_on: NaiveDate,
    pub channel: Channel,
    pub by_user: String,
    pub summary: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingRecord {
    pub id: i64,
    pub starts_at: NaiveDateTime,
    pub place: String,
    pub planned_by: String,
    pub report: Option<String>,
    pub reported_by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub id: i64,
    pub findings: String,
    pub judgement: Judgement,
    pub conclusions: String,
    pub reasons: String,
    pub drafted_by: String,
    pub drafted_at: String,
    pub state: DecisionState,
    pub decided_by: Option<String>,
    pub decided_at: Option<String>,
    pub comment: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRecord {
    pub id: i64,
    pub kind: TaskKind,
    pub description: String,
    pub created_at: String,
}

impl Reader<'_> {
    pub fn contacts(&self, complaint_id: i64) -> StoreResult<Vec<ContactRecord>> {
        self.sql
            .query(
                "SELECT id, contact_on, channel, by_user, summary FROM contacts WHERE complaint_id = ?1 ORDER BY contact_on, id",
                values![complaint_id],
            )?
            .iter()
            .map(|row| {
                Ok(ContactRecord {
                    contact_on: row.date(1)?,
                    channel: row.code(2, "contacts", "channel")?,
                    by_user: row.text(3)?,
                    summary: self.open_text(sealed::contacts::SUMMARY, &At::part(complaint_id, row.i64(0)?), row, 4)?,
                })
            })
            .collect()
    }

    /// A complaint's hearings; the report only for whoever reads the complaint's contents. On
    /// the shared store the server decides that (schema 16: no desk login reads the column).
    pub fn hearings(&self, complaint_id: i64) -> StoreResult<Vec<HearingRecord>> {
        let query = match self.sql.dialect() {
            Dialect::Sqlite => {
                "SELECT id, starts_at, place, planned_by, report, reported_by FROM hearings WHERE complaint_id = ?1 ORDER BY id"
            }
            Dialect::Postgres => {
                "SELECT h.id, h.starts_at, h.place, h.planned_by, r.report, h.reported_by
                   FROM hearings h LEFT JOIN klachtbalie_hearing_reports(?1) r ON r.hearing = h.id
                  WHERE h.complaint_id = ?1 ORDER BY h.id"
            }
        };
        self.sql
            .query(query, values![complaint_id])?
            .iter()
            .map(|row| {
                let id = row.i64(0)?;
                let starts_at = row.text(1)?;
                Ok(HearingRecord {
                    id,
                    starts_at: NaiveDateTime::parse_from_str(&starts_at, TIMESTAMP)
                        .map_err(|_| super::StoreError::Column(format!("'{starts_at}' is geen tijdstip")))?,
                    place: self.open_text(sealed::hearings::PLACE, &At::part(complaint_id, id), row, 2)?,
                    planned_by: row.text(3)?,
                    report: self.open_optional_text(sealed::hearings::REPORT, &At::part(complaint_id, id), row, 4)?,
                    reported_by: row.opt_text(5)?,
                })
            })
            .collect()
    }

    /// Every decision draft of a complaint, oldest first.
    pub fn decisions(&self, complaint_id: i64) -> StoreResult<Vec<DecisionRecord>> {
        self.sql
            .query(
                "SELECT id, findings, judgement, conclusions, reasons, drafted_by, drafted_at, state, decided_by, decided_at, comment
                 FROM decisions WHERE complaint_id = ?1 ORDER BY id",
                values![complaint_id],
            )?
            .iter()
            .map(|row| {
                let id = row.i64(0)?;
                let place = At::part(complaint_id, id);
                let open = |index: usize, column: SealedColumn| self.open_text(column, &place, row, index);
                Ok(DecisionRecord {
                    id,
                    findings: open(1, sealed::decisions::FINDINGS)?,
                    judgement: row.code(2, "decisions", "judgement")?,
                    conclusions: open(3, sealed::decisions::CONCLUSIONS)?,
                    reasons: open(4, sealed::decisions::REASONS)?,
                    drafted_by: row.text(5)?,
                    drafted_at: row.text(6)?,
                    state: row.code(7, "decisions", "state")?,
                    decided_by: row.opt_text(8)?,
                    decided_at: row.opt_text(9)?,
                    comment: open(10, sealed::decisions::COMMENT)?,
                })
            })
            .collect()
    }

    pub fn open_tasks(&self, complaint_id: i64) -> StoreResult<Vec<TaskRecord>> {
        self.sql
            .query(
                "SELECT id, kind, description, created_at FROM tasks WHERE complaint_id = ?1 AND done_at IS NULL ORDER BY id",
                values![complaint_id],
            )?
            .iter()
            .map(|row| {
                let id = row.i64(0)?;
                Ok(TaskRecord {
                    id,
                    kind: row.code(1, "tasks", "kind")?,
                    description: self.open_text(sealed::tasks::DESCRIPTION, &At::part(complaint_id, id), row, 2)?,
                    created_at: row.text(3)?,
                })
            })
            .collect()
    }
}

impl Writer<'_> {
    /// A new status; `closed_on` is set when the complaint closes and cleared when reopened.
    pub fn set_status(
        &self,
        complaint_id: i64,
        status: &str,
        formal: bool,
        closed_on: Option<NaiveDate>,
        closing_detail: &str,
    ) -> StoreResult<()> {
        self.change_complaint_cells(complaint_id, &[(sealed::complaints::CLOSING_DETAIL, Some(closing_detail))], None)?;
        self.sql.execute(
            "UPDATE complaints SET status = ?2, was_formal = (was_formal OR ?3), closed_on = ?4 WHERE id = ?1",
            values![complaint_id, status, formal, closed_on],
        )?;
        Ok(())
    }

    pub fn set_term_changes(
        &self,
        complaint_id: i64,
        changes: &TermChanges,
        postponed_on: Option<NaiveDate>,
        consent_on: Option<NaiveDate>,
    ) -> StoreResult<()> {
        self.touch(complaint_id);
        self.sql.execute(
            "UPDATE complaints SET advisory_committee = ?2, postponement_weeks = ?3, agreed_end = ?4, postponed_on = ?5,
                 consent_on = ?6 WHERE id = ?1",
            values![
                complaint_id,
                changes.advisory_committee,
                changes.postponement_weeks.and_then(|weeks| i64::try_from(weeks).ok()),
                changes.agreed_end,
                postponed_on,
                consent_on
            ],
        )?;
        Ok(())
    }

    pub fn set_copy_to_respondent(&self, complaint_id: i64, sent_on: NaiveDate) -> StoreResult<()> {
        self.sql.execute("UPDATE complaints SET copy_to_respondent_on = ?2 WHERE id = ?1", values![complaint_id, sent_on])?;
        Ok(())
    }

    pub fn set_hearing_skip_reason(&self, complaint_id: i64, reason: Option<&str>) -> StoreResult<()> {
        self.change_complaint_cells(complaint_id, &[(sealed::complaints::HEARING_SKIP_REASON, reason)], None)
    }

    pub fn insert_contact(&self, complaint_id: i64, contact: &ContactRecord, at: NaiveDateTime) -> StoreResult<()> {
        self.touch(complaint_id);
        let id = self.sql.next_id("contacts")?;
        let summary = self.read().seal(sealed::contacts::SUMMARY, &At::new_part(complaint_id, id), &contact.summary)?;
        self.sql.execute(
            "INSERT INTO contacts (id, complaint_id, contact_on, channel, by_user, summary, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            values![id, complaint_id, contact.contact_on, contact.channel.code(), contact.by_user, summary, timestamp(at)],
        )?;
        Ok(())
    }

    pub fn insert_hearing(&self, complaint_id: i64, starts_at: NaiveDateTime, place: &str, by: &str) -> StoreResult<()> {
        let id = self.sql.next_id("hearings")?;
        let place = self.read().seal(sealed::hearings::PLACE, &At::new_part(complaint_id, id), place)?;
        self.sql.execute(
            "INSERT INTO hearings (id, complaint_id, starts_at, place, planned_by) VALUES (?1, ?2, ?3, ?4, ?5)",
            values![id, complaint_id, timestamp(starts_at), place, by],
        )?;
        Ok(())
    }

    pub fn set_hearing_report(&self, complaint_id: i64, hearing_id: i64, report: &str, by: &str, at: NaiveDateTime) -> StoreResult<()> {
        let report = self.read().seal(sealed::hearings::REPORT, &At::part(complaint_id, hearing_id), report)?;
        self.sql.execute(
            "UPDATE hearings SET report = ?2, reported_by = ?3, reported_at = ?4 WHERE id = ?1 AND complaint_id = ?5",
            values![hearing_id, report, by, timestamp(at), complaint_id],
        )?;
        // The report counts hearings held from the complaint's own row (migration 10).
        self.sql.execute(
            "UPDATE complaints SET hearing_held = TRUE WHERE id = (SELECT complaint_id FROM hearings WHERE id = ?1)",
            values![hearing_id],
        )?;
        Ok(())
    }

    pub fn insert_decision(&self, complaint_id: i64, decision: &DecisionRecord) -> StoreResult<()> {
        let id = self.sql.next_id("decisions")?;
        let read = self.read();
        let place = At::new_part(complaint_id, id);
        let seal = |column: SealedColumn, text: &str| read.seal(column, &place, text);
        self.sql.execute(
            "INSERT INTO decisions (id, complaint_id, findings, judgement, conclusions, reasons, drafted_by, drafted_at, state, comment)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?10, ?9)",
            values![
                id,
                complaint_id,
                seal(sealed::decisions::FINDINGS, &decision.findings)?,
                decision.judgement.code(),
                seal(sealed::decisions::CONCLUSIONS, &decision.conclusions)?,
                seal(sealed::decisions::REASONS, &decision.reasons)?,
                decision.drafted_by,
                decision.drafted_at,
                seal(sealed::decisions::COMMENT, "")?,
                DecisionState::Concept.code()
            ],
        )?;
        Ok(())
    }

    /// Approves (`goedgekeurd`) or returns (`teruggestuurd`) a draft.
    pub fn decide_on_draft(
        &self,
        complaint_id: i64,
        decision_id: i64,
        state: DecisionState,
        by: &str,
        at: NaiveDateTime,
        comment: &str,
    ) -> StoreResult<()> {
        let comment = self.read().seal(sealed::decisions::COMMENT, &At::part(complaint_id, decision_id), comment)?;
        self.sql.execute(
            "UPDATE decisions SET state = ?2, decided_by = ?3, decided_at = ?4, comment = ?5
              WHERE id = ?1 AND state = ?6 AND complaint_id = ?7",
            values![decision_id, state.code(), by, timestamp(at), comment, DecisionState::Concept.code(), complaint_id],
        )?;
        // The report reads the approved judgement from the complaint's own row (migration 10):
        // the last approved decision's, as before.
        self.sql.execute(
            "UPDATE complaints SET judgement = (SELECT judgement FROM decisions WHERE id = ?1 AND state = 'goedgekeurd')
              WHERE id = (SELECT complaint_id FROM decisions WHERE id = ?1 AND state = 'goedgekeurd')",
            values![decision_id],
        )?;
        Ok(())
    }

    pub fn insert_task(&self, complaint_id: i64, kind: TaskKind, description: &str, at: NaiveDateTime) -> StoreResult<()> {
        self.touch(complaint_id);
        let id = self.sql.next_id("tasks")?;
        let description = self.read().seal(sealed::tasks::DESCRIPTION, &At::new_part(complaint_id, id), description)?;
        self.sql.execute(
            "INSERT INTO tasks (id, complaint_id, kind, description, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            values![id, complaint_id, kind.code(), description, timestamp(at)],
        )?;
        Ok(())
    }
}
