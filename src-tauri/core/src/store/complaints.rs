//! Complaints in the store: the complaint record with its procedure state, and what hangs
//! off a complaint (notes, contacts, hearings, decisions, tasks, reminders, timeline).

use super::sql::{parse_code, values, Dialect, Row, Value};
use super::{timestamp, Reader, StoreResult, Writer, TIMESTAMP};
use crate::domain::complaint::{ComplaintReference, NewComplaint};
use crate::domain::deadlines::TermChanges;
use crate::domain::procedure::{DecisionState, HearingSkipReason, Judgement, Status, TaskKind};
use crate::domain::recipient::RecipientKind;
use crate::domain::retention::RetentionMarks;
use crate::letters::LetterKind;
use chrono::{NaiveDate, NaiveDateTime};

/// The names of the chart entries a complaint is about, as they were at intake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintNames {
    pub department_name: String,
    pub respondent_names: String,
}

/// Who handles a complaint, as stored on it (RT-06).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HandlerAssignment {
    pub id: String,
    pub name: String,
    pub function: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRecord {
    pub id: i64,
    pub reference: String,
    pub complaint: NewComplaint,
    pub department_name: String,
    pub respondent_names: String,
    pub handler: HandlerAssignment,
    pub status: Status,
    pub acknowledged: bool,
    pub procedure: ProcedureRecord,
    /// Raised by every change; a change based on an older version is refused.
    pub version: i64,
    /// When and by whom the last change was made (`None` before the first change).
    pub changed: Option<(String, String)>,
    /// The earlier system's reference of an imported complaint.
    pub previous_reference: Option<String>,
    /// The judgement of the last approved decision (or the imported one).
    pub judgement: Option<crate::domain::procedure::Judgement>,
    /// What retention needs besides the outcome (AVG-02).
    pub retention_marks: RetentionMarks,
    /// When its personal data, texts and letters were destroyed (AVG-02).
    pub destroyed_at: Option<String>,
}

/// AVG-06 (art. 19): one recipient of a complaint's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientRecord {
    pub kind: RecipientKind,
    pub recipient: String,
    pub what: String,
    pub sent_on: NaiveDate,
    pub recorded_by: String,
}

/// Where a complaint came from, when not from the intake form (issue 12).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplaintOrigin<'a> {
    /// "import" or "seed".
    pub origin: &'a str,
    pub previous_reference: &'a str,
    pub judgement: Option<Judgement>,
    pub hearing_held: bool,
    pub ombudsman: bool,
}

/// The procedure's state on a complaint besides its status (sections 4 and 5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProcedureRecord {
    pub term_changes: TermChanges,
    pub postponed_on: Option<NaiveDate>,
    pub consent_on: Option<NaiveDate>,
    pub copy_to_respondent_on: Option<NaiveDate>,
    pub hearing_skip_reason: Option<HearingSkipReason>,
    pub was_formal: bool,
    pub closing_detail: String,
    pub closed_on: Option<NaiveDate>,
    pub contacts: i64,
    pub hearings_planned: i64,
    pub hearings_reported: i64,
    pub open_tasks: i64,
    /// Awb 9:8: the letter saying the complaint is not handled is still to be sent.
    pub non_handling_letter_pending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecord {
    pub contact_on: NaiveDate,
    pub channel: String,
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

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRecord {
    pub id: i64,
    pub kind: LetterKind,
    pub pdf: Vec<u8>,
    pub sha256: String,
    pub created_at: String,
}

const COMPLAINT_COLUMNS: &str = "c.id, c.reference, c.received_on, c.channel, c.complainant_name, c.street_address,
    c.postcode, c.city, c.phone, c.email, c.representative, c.complaint_type, c.department_id,
    c.respondent_ids, c.conduct_date, c.description, c.desired_outcome, c.department_name, c.handler_name,
    c.handler_function, c.handler_reason, c.status,
    EXISTS (SELECT 1 FROM letters l WHERE l.complaint_id = c.id AND l.kind = 'ontvangstbevestiging'),
    c.handler_id, c.respondent_names, c.advisory_committee, c.postponement_weeks, c.postponed_on, c.agreed_end,
    c.consent_on, c.copy_to_respondent_on, c.hearing_skip_reason, c.was_formal, c.closing_detail, c.closed_on,
    (SELECT count(*) FROM contacts x WHERE x.complaint_id = c.id),
    (SELECT count(*) FROM hearings x WHERE x.complaint_id = c.id),
    (SELECT count(*) FROM hearings x WHERE x.complaint_id = c.id AND x.report IS NOT NULL),
    (SELECT count(*) FROM tasks x WHERE x.complaint_id = c.id AND x.done_at IS NULL),
    EXISTS (SELECT 1 FROM tasks x WHERE x.complaint_id = c.id AND x.done_at IS NULL AND x.kind = 'brief_niet_in_behandeling'),
    c.version, c.changed_at, c.changed_by, c.previous_reference, c.judgement, c.compensation_paid, c.ombudsman,
    c.ombudsman_case_open, c.keep_permanently, c.destroyed_at";

impl Reader<'_> {
    fn complaint_from_row(&self, row: &Row) -> StoreResult<ComplaintRecord> {
        let id = row.i64(0)?;
        let open = |index: usize, column: &str| self.open_text("complaints", column, id, row, index);
        Ok(ComplaintRecord {
            id,
            reference: row.text(1)?,
            complaint: NewComplaint {
                received_on: row.date(2)?,
                channel: row.code(3, "complaints", "channel")?,
                complainant_name: open(4, "complainant_name")?,
                street_address: open(5, "street_address")?,
                postcode: open(6, "postcode")?,
                city: open(7, "city")?,
                phone: open(8, "phone")?,
                email: open(9, "email")?,
                representative: open(10, "representative")?,
                complaint_type: row.code(11, "complaints", "complaint_type")?,
                department_id: row.opt_text(12)?,
                respondent_ids: row.text(13)?.split(',').filter(|id| !id.is_empty()).map(str::to_string).collect(),
                conduct_date: row.opt_date(14)?,
                description: open(15, "description")?,
                desired_outcome: open(16, "desired_outcome")?,
            },
            department_name: row.text(17)?,
            respondent_names: open(24, "respondent_names")?,
            handler: HandlerAssignment {
                id: row.text(23)?,
                name: open(18, "handler_name")?,
                function: row.text(19)?,
                reason: open(20, "handler_reason")?,
            },
            status: row.code(21, "complaints", "status")?,
            acknowledged: row.bool(22)?,
            procedure: ProcedureRecord {
                term_changes: TermChanges {
                    advisory_committee: row.bool(25)?,
                    postponement_weeks: row.opt_i64(26)?.and_then(|weeks| u64::try_from(weeks).ok()),
                    agreed_end: row.opt_date(28)?,
                },
                postponed_on: row.opt_date(27)?,
                consent_on: row.opt_date(29)?,
                copy_to_respondent_on: row.opt_date(30)?,
                hearing_skip_reason: self
                    .open_optional_text("complaints", "hearing_skip_reason", id, row, 31)?
                    // A destroyed complaint's sealed columns are emptied (AVG-02), this one too.
                    .filter(|code| !code.is_empty())
                    .map(|code| parse_code("complaints", "hearing_skip_reason", &code))
                    .transpose()?,
                was_formal: row.bool(32)?,
                closing_detail: open(33, "closing_detail")?,
                closed_on: row.opt_date(34)?,
                contacts: row.i64(35)?,
                hearings_planned: row.i64(36)?,
                hearings_reported: row.i64(37)?,
                open_tasks: row.i64(38)?,
                non_handling_letter_pending: row.bool(39)?,
            },
            version: row.i64(40)?,
            changed: row.opt_text(41)?.zip(row.opt_text(42)?),
            previous_reference: row.opt_text(43)?,
            judgement: row.opt_code(44, "complaints", "judgement")?,
            retention_marks: RetentionMarks {
                compensation_paid: row.bool(45)?,
                ombudsman: row.bool(46)?,
                ombudsman_case_open: row.bool(47)?,
                keep_permanently: row.bool(48)?,
            },
            destroyed_at: row.opt_text(49)?,
        })
    }

    /// Complaints that are not synthetic (a seed for a benchmark or demo refuses to mix with them).
    pub fn real_complaint_count(&self) -> StoreResult<i64> {
        self.sql.query_one("SELECT count(*) FROM complaints WHERE origin <> 'seed'", &[])?.i64(0)
    }

    /// Of these old references, the ones already imported, with the complaint they became.
    pub fn imported_previous_references(&self, previous: &[String]) -> StoreResult<Vec<(String, String)>> {
        let mut known = Vec::new();
        for chunk in previous.chunks(500) {
            let placeholders: Vec<String> = (1..=chunk.len()).map(|n| format!("?{n}")).collect();
            let params: Vec<Value> = chunk.iter().map(|reference| Value::Text(reference.clone())).collect();
            let sql = format!(
                "SELECT previous_reference, reference FROM complaints WHERE previous_reference IN ({}) ORDER BY id",
                placeholders.join(", ")
            );
            for row in self.sql.query(&sql, &params)?.iter() {
                known.push((row.text(0)?, row.text(1)?));
            }
        }
        Ok(known)
    }

    /// AVG-06 (art. 19): to whom the complaint's data went, in date order.
    pub fn recipients(&self, complaint_id: i64) -> StoreResult<Vec<RecipientRecord>> {
        self.sql
            .query(
                "SELECT id, kind, recipient, what, sent_on, recorded_by FROM recipients WHERE complaint_id = ?1 ORDER BY sent_on, id",
                values![complaint_id],
            )?
            .iter()
            .map(|row| {
                let id = row.i64(0)?;
                Ok(RecipientRecord {
                    kind: row.code(1, "recipients", "kind")?,
                    recipient: self.open_text("recipients", "recipient", id, row, 2)?,
                    what: self.open_text("recipients", "what", id, row, 3)?,
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
                Ok((row.text(1)?, row.text(2)?, row.text(3)?, self.open_text("corrections", "previous_value", row.i64(0)?, row, 4)?))
            })
            .collect()
    }

    pub fn complaint_count(&self) -> StoreResult<i64> {
        self.sql.query_one("SELECT count(*) FROM complaints", &[])?.i64(0)
    }

    pub fn notes(&self, complaint_id: i64) -> StoreResult<Vec<(String, String, String)>> {
        self.sql
            .query("SELECT id, at, author, text FROM notes WHERE complaint_id = ?1 ORDER BY at, id", values![complaint_id])?
            .iter()
            .map(|row| Ok((row.text(1)?, row.text(2)?, self.open_text("notes", "text", row.i64(0)?, row, 3)?)))
            .collect()
    }

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
                    channel: row.text(2)?,
                    by_user: row.text(3)?,
                    summary: self.open_text("contacts", "summary", row.i64(0)?, row, 4)?,
                })
            })
            .collect()
    }

    pub fn hearings(&self, complaint_id: i64) -> StoreResult<Vec<HearingRecord>> {
        self.sql
            .query(
                "SELECT id, starts_at, place, planned_by, report, reported_by FROM hearings WHERE complaint_id = ?1 ORDER BY id",
                values![complaint_id],
            )?
            .iter()
            .map(|row| {
                let id = row.i64(0)?;
                let starts_at = row.text(1)?;
                Ok(HearingRecord {
                    id,
                    starts_at: NaiveDateTime::parse_from_str(&starts_at, TIMESTAMP)
                        .map_err(|_| super::StoreError::Column(format!("'{starts_at}' is geen tijdstip")))?,
                    place: self.open_text("hearings", "place", id, row, 2)?,
                    planned_by: row.text(3)?,
                    report: self.open_optional_text("hearings", "report", id, row, 4)?,
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
                let open = |index: usize, column: &str| self.open_text("decisions", column, id, row, index);
                Ok(DecisionRecord {
                    id,
                    findings: open(1, "findings")?,
                    judgement: row.code(2, "decisions", "judgement")?,
                    conclusions: open(3, "conclusions")?,
                    reasons: open(4, "reasons")?,
                    drafted_by: row.text(5)?,
                    drafted_at: row.text(6)?,
                    state: row.code(7, "decisions", "state")?,
                    decided_by: row.opt_text(8)?,
                    decided_at: row.opt_text(9)?,
                    comment: open(10, "comment")?,
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
                    description: self.open_text("tasks", "description", id, row, 2)?,
                    created_at: row.text(3)?,
                })
            })
            .collect()
    }

    /// Ids of complaints whose reference, names, address or text match every word of `query`
    /// (accents and case ignored). The single desk matches the start of any word (FTS5;
    /// words are quoted, so no search syntax leaks through); the shared store does so for
    /// names, address, phone, e-mail and reference and matches the free text on whole words.
    pub fn search_complaints(&self, query: &str) -> StoreResult<Vec<i64>> {
        // A whole reference is looked up through its unique index on both stores.
        if let Some(reference) = ComplaintReference::parse(&query.trim().to_uppercase()) {
            return self
                .sql
                .query("SELECT id FROM complaints WHERE reference = ?1", values![reference.to_string()])?
                .iter()
                .map(|row| row.i64(0))
                .collect();
        }
        let terms: Vec<String> =
            query.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(|word| format!("\"{word}\"*")).collect();
        if terms.is_empty() {
            return Ok(Vec::new());
        }
        match self.sql.dialect() {
            Dialect::Sqlite => self
                .sql
                .query("SELECT rowid FROM complaint_search WHERE complaint_search MATCH ?1", values![terms.join(" ")])?
                .iter()
                .map(|row| row.i64(0))
                .collect(),
            Dialect::Postgres => self.search_by_blind_index(query),
        }
    }

    /// Whether this reminder was already given (DL-09: never twice per deadline and level).
    pub fn reminder_given(&self, username: &str, complaint_id: i64, deadline: &str, due_on: NaiveDate, level: &str) -> StoreResult<bool> {
        self.sql
            .query_one(
                "SELECT EXISTS (SELECT 1 FROM reminders_given
                                WHERE username = ?1 AND complaint_id = ?2 AND deadline = ?3 AND due_on = ?4 AND level = ?5)",
                values![username, complaint_id, deadline, due_on, level],
            )?
            .bool(0)
    }

    /// Complaints that are not closed or still have an open task, in no particular order
    /// (the caller sorts by deadline).
    pub fn open_complaints(&self) -> StoreResult<Vec<ComplaintRecord>> {
        let closed = Status::ALL
            .iter()
            .filter(|status| status.is_closed())
            .map(|status| format!("'{}'", status.code()))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaints c
             WHERE c.status NOT IN ({closed})
                OR EXISTS (SELECT 1 FROM tasks t WHERE t.complaint_id = c.id AND t.done_at IS NULL)"
        );
        self.sql.query(&sql, &[])?.iter().map(|row| self.complaint_from_row(row)).collect()
    }

    pub fn complaint_by_reference(&self, reference: &str) -> StoreResult<Option<ComplaintRecord>> {
        let sql = format!("SELECT {COMPLAINT_COLUMNS} FROM complaints c WHERE c.reference = ?1");
        self.sql.query_optional(&sql, values![reference])?.map(|row| self.complaint_from_row(&row)).transpose()
    }

    /// Every complaint, oldest first (moving a single desk to the shared store).
    pub fn all_complaints(&self) -> StoreResult<Vec<ComplaintRecord>> {
        let sql = format!("SELECT {COMPLAINT_COLUMNS} FROM complaints c ORDER BY c.id");
        self.sql.query(&sql, &[])?.iter().map(|row| self.complaint_from_row(row)).collect()
    }

    /// The complaints with these ids (one query), in id order.
    pub fn complaints_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<ComplaintRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let sql = format!("SELECT {COMPLAINT_COLUMNS} FROM complaints c WHERE c.id IN ({}) ORDER BY c.id", list.join(", "));
        self.sql.query(&sql, &[])?.iter().map(|row| self.complaint_from_row(row)).collect()
    }

    pub fn complaint_by_id(&self, id: i64) -> StoreResult<Option<ComplaintRecord>> {
        let sql = format!("SELECT {COMPLAINT_COLUMNS} FROM complaints c WHERE c.id = ?1");
        self.sql.query_optional(&sql, values![id])?.map(|row| self.complaint_from_row(&row)).transpose()
    }

    pub fn latest_letter(&self, complaint_id: i64, kind: LetterKind) -> StoreResult<Option<LetterRecord>> {
        let Some(row) = self.sql.query_optional(
            "SELECT id, kind, pdf, sha256, created_at FROM letters WHERE complaint_id = ?1 AND kind = ?2 ORDER BY id DESC LIMIT 1",
            values![complaint_id, kind.code()],
        )?
        else {
            return Ok(None);
        };
        let id = row.i64(0)?;
        Ok(Some(LetterRecord {
            id,
            kind: row.code(1, "letters", "kind")?,
            pdf: self.open_bytes("letters", "pdf", id, &row, 2)?,
            sha256: row.text(3)?,
            created_at: row.text(4)?,
        }))
    }

    /// (time, actor, kind, detail) of each event on a complaint's timeline, oldest first.
    pub fn events(&self, complaint_id: i64) -> StoreResult<Vec<(String, String, String, String)>> {
        self.sql
            .query("SELECT id, at, actor, kind, detail FROM events WHERE complaint_id = ?1 ORDER BY at, id", values![complaint_id])?
            .iter()
            .map(|row| Ok((row.text(1)?, row.text(2)?, row.text(3)?, self.open_text("events", "detail", row.i64(0)?, row, 4)?)))
            .collect()
    }
}

/// "No running deadline" in the worklist index: sorts after every date on both stores (a NULL
/// sorts first on one and last on the other).
pub(super) const NO_DEADLINE: &str = "9999-12-31";

/// One page of the worklist as the store selects it: what the user filtered on, through the
/// worklist index, nearest deadline first. `handlers` limits it to the complaints of these
/// chart entries (a handler's own worklist); `ids` to the matches of a search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorklistQuery {
    pub handlers: Option<Vec<String>>,
    pub ids: Option<Vec<i64>>,
    pub status: Option<String>,
    pub department_id: Option<String>,
    pub handler_id: Option<String>,
    pub complaint_type: Option<String>,
    /// Only complaints whose next deadline is before this date (overdue).
    pub due_before: Option<NaiveDate>,
    /// Only complaints whose next deadline is on or after this date.
    pub due_from: Option<NaiveDate>,
    pub limit: i64,
    pub offset: i64,
}

impl Reader<'_> {
    /// One page of the worklist and the number of complaints on it in total. Reads only the
    /// page (the partial indexes on `on_worklist`), never every complaint.
    pub fn worklist_page(&self, query: &WorklistQuery) -> StoreResult<(Vec<ComplaintRecord>, i64)> {
        let mut conditions = vec!["c.on_worklist = 1".to_string()];
        let mut params: Vec<Value> = Vec::new();
        let bind = |value: Value, params: &mut Vec<Value>| {
            params.push(value);
            format!("?{}", params.len())
        };
        if let Some(handlers) = &query.handlers {
            let list: Vec<String> = handlers.iter().map(|handler| bind(Value::Text(handler.clone()), &mut params)).collect();
            conditions.push(if list.is_empty() { "1 = 0".into() } else { format!("c.handler_id IN ({})", list.join(", ")) });
        }
        if let Some(ids) = &query.ids {
            let list: Vec<String> = ids.iter().map(i64::to_string).collect();
            conditions.push(if list.is_empty() { "1 = 0".into() } else { format!("c.id IN ({})", list.join(", ")) });
        }
        for (column, value) in [
            ("c.status", &query.status),
            ("c.department_id", &query.department_id),
            ("c.handler_id", &query.handler_id),
            ("c.complaint_type", &query.complaint_type),
        ] {
            if let Some(value) = value {
                conditions.push(format!("{column} = {}", bind(Value::Text(value.clone()), &mut params)));
            }
        }
        if let Some(date) = query.due_before {
            conditions.push(format!("c.next_deadline_on < {}", bind(Value::Text(date.to_string()), &mut params)));
        }
        if let Some(date) = query.due_from {
            conditions.push(format!("c.next_deadline_on >= {}", bind(Value::Text(date.to_string()), &mut params)));
        }
        let condition = conditions.join(" AND ");
        let total = self.sql.query_one(&format!("SELECT count(*) FROM complaints c WHERE {condition}"), &params)?.i64(0)?;
        let limit = bind(Value::Integer(query.limit), &mut params);
        let offset = bind(Value::Integer(query.offset), &mut params);
        let sql = format!(
            "SELECT {COMPLAINT_COLUMNS} FROM complaints c WHERE {condition} ORDER BY c.next_deadline_on, c.reference LIMIT {limit} OFFSET {offset}"
        );
        let records = self.sql.query(&sql, &params)?.iter().map(|row| self.complaint_from_row(row)).collect::<StoreResult<_>>()?;
        Ok((records, total))
    }

    /// Ids of every complaint (filling the worklist index of an older database once).
    pub fn all_complaint_ids(&self) -> StoreResult<Vec<i64>> {
        self.sql.query("SELECT id FROM complaints ORDER BY id", &[])?.iter().map(|row| row.i64(0)).collect()
    }
}

impl Writer<'_> {
    /// Stores a complaint's place in the worklist: whether it is on it and its earliest
    /// running deadline (computed by the service's one deadline function).
    pub fn set_worklist_index(&self, complaint_id: i64, on_worklist: bool, next_deadline_on: Option<NaiveDate>) -> StoreResult<()> {
        let due = next_deadline_on.map_or(NO_DEADLINE.to_string(), |date| date.to_string());
        self.sql.execute(
            "UPDATE complaints SET on_worklist = ?2, next_deadline_on = ?3 WHERE id = ?1",
            values![complaint_id, i64::from(on_worklist), due],
        )?;
        Ok(())
    }

    /// Locks a complaint for this transaction and reads it as it is now: the version
    /// compared with the one the user saw cannot change before the write lands.
    pub fn complaint_for_change(&self, reference: &str) -> StoreResult<Option<ComplaintRecord>> {
        if self.sql.dialect() == Dialect::Postgres {
            self.sql.query("SELECT id FROM complaints WHERE reference = ?1 FOR UPDATE", values![reference])?;
        }
        self.read().complaint_by_reference(reference)
    }

    /// Records a change of the complaint: the next version, when and by whom.
    pub fn mark_changed(&self, complaint_id: i64, at: NaiveDateTime, by: &str) -> StoreResult<()> {
        self.touch(complaint_id);
        self.sql.execute(
            "UPDATE complaints SET version = version + 1, changed_at = ?2, changed_by = ?3 WHERE id = ?1",
            values![complaint_id, timestamp(at), by],
        )?;
        Ok(())
    }

    /// A new status; `closed_on` is set when the complaint closes and cleared when reopened.
    pub fn set_status(
        &self,
        complaint_id: i64,
        status: &str,
        formal: bool,
        closed_on: Option<NaiveDate>,
        closing_detail: &str,
    ) -> StoreResult<()> {
        self.touch(complaint_id);
        let detail = self.read().seal("complaints", "closing_detail", complaint_id, closing_detail);
        self.sql.execute(
            "UPDATE complaints SET status = ?2, was_formal = (was_formal OR ?3), closed_on = ?4, closing_detail = ?5 WHERE id = ?1",
            values![complaint_id, status, formal, closed_on, detail],
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
        let sealed = reason.map(|reason| self.read().seal("complaints", "hearing_skip_reason", complaint_id, reason));
        self.sql.execute("UPDATE complaints SET hearing_skip_reason = ?2 WHERE id = ?1", values![complaint_id, sealed])?;
        Ok(())
    }

    pub fn insert_contact(&self, complaint_id: i64, contact: &ContactRecord, at: NaiveDateTime) -> StoreResult<()> {
        self.touch(complaint_id);
        let id = self.sql.next_id("contacts")?;
        let summary = self.read().seal_for_new_row("contacts", "summary", id, &contact.summary)?;
        self.sql.execute(
            "INSERT INTO contacts (id, complaint_id, contact_on, channel, by_user, summary, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            values![id, complaint_id, contact.contact_on, contact.channel, contact.by_user, summary, timestamp(at)],
        )?;
        Ok(())
    }

    pub fn insert_hearing(&self, complaint_id: i64, starts_at: NaiveDateTime, place: &str, by: &str) -> StoreResult<()> {
        let id = self.sql.next_id("hearings")?;
        let place = self.read().seal_for_new_row("hearings", "place", id, place)?;
        self.sql.execute(
            "INSERT INTO hearings (id, complaint_id, starts_at, place, planned_by) VALUES (?1, ?2, ?3, ?4, ?5)",
            values![id, complaint_id, timestamp(starts_at), place, by],
        )?;
        Ok(())
    }

    pub fn set_hearing_report(&self, hearing_id: i64, report: &str, by: &str, at: NaiveDateTime) -> StoreResult<()> {
        let report = self.read().seal("hearings", "report", hearing_id, report);
        self.sql.execute(
            "UPDATE hearings SET report = ?2, reported_by = ?3, reported_at = ?4 WHERE id = ?1",
            values![hearing_id, report, by, timestamp(at)],
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
        let seal = |column: &str, text: &str| read.seal_for_new_row("decisions", column, id, text);
        self.sql.execute(
            "INSERT INTO decisions (id, complaint_id, findings, judgement, conclusions, reasons, drafted_by, drafted_at, state, comment)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'concept', ?9)",
            values![
                id,
                complaint_id,
                seal("findings", &decision.findings)?,
                decision.judgement.code(),
                seal("conclusions", &decision.conclusions)?,
                seal("reasons", &decision.reasons)?,
                decision.drafted_by,
                decision.drafted_at,
                seal("comment", "")?
            ],
        )?;
        Ok(())
    }

    /// Approves (`goedgekeurd`) or returns (`teruggestuurd`) a draft.
    pub fn decide_on_draft(&self, decision_id: i64, state: DecisionState, by: &str, at: NaiveDateTime, comment: &str) -> StoreResult<()> {
        let comment = self.read().seal("decisions", "comment", decision_id, comment);
        self.sql.execute(
            "UPDATE decisions SET state = ?2, decided_by = ?3, decided_at = ?4, comment = ?5 WHERE id = ?1 AND state = 'concept'",
            values![decision_id, state.code(), by, timestamp(at), comment],
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
        let description = self.read().seal_for_new_row("tasks", "description", id, description)?;
        self.sql.execute(
            "INSERT INTO tasks (id, complaint_id, kind, description, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            values![id, complaint_id, kind.code(), description, timestamp(at)],
        )?;
        Ok(())
    }

    pub fn record_reminder(
        &self,
        username: &str,
        complaint_id: i64,
        deadline: &str,
        due_on: NaiveDate,
        level: &str,
        at: NaiveDateTime,
    ) -> StoreResult<()> {
        self.sql.execute(
            "INSERT INTO reminders_given (username, complaint_id, deadline, due_on, level, given_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING",
            values![username, complaint_id, deadline, due_on, level, timestamp(at)],
        )?;
        Ok(())
    }

    pub fn set_handler(&self, complaint_id: i64, handler: &HandlerAssignment) -> StoreResult<()> {
        self.touch(complaint_id);
        let read = self.read();
        self.sql.execute(
            "UPDATE complaints SET handler_id = ?2, handler_name = ?3, handler_function = ?4, handler_reason = ?5 WHERE id = ?1",
            values![
                complaint_id,
                handler.id,
                read.seal("complaints", "handler_name", complaint_id, &handler.name),
                handler.function,
                read.seal("complaints", "handler_reason", complaint_id, &handler.reason)
            ],
        )?;
        Ok(())
    }

    pub fn insert_note(&self, complaint_id: i64, at: NaiveDateTime, author: &str, text: &str) -> StoreResult<()> {
        let id = self.sql.next_id("notes")?;
        let text = self.read().seal_for_new_row("notes", "text", id, text)?;
        self.sql.execute(
            "INSERT INTO notes (id, complaint_id, at, author, text) VALUES (?1, ?2, ?3, ?4, ?5)",
            values![id, complaint_id, timestamp(at), author, text],
        )?;
        Ok(())
    }

    /// INT-03: the next number of the year. The counter only goes up, so a number is never
    /// handed out twice, even if a complaint were ever removed. On the shared store the
    /// counter row is the lock that makes concurrent intakes take consecutive numbers.
    pub fn next_reference(&self, year: i32) -> StoreResult<ComplaintReference> {
        let number = self
            .sql
            .query_one(
                "INSERT INTO reference_sequences (year, last_number) VALUES (?1, 1)
                 ON CONFLICT (year) DO UPDATE SET last_number = reference_sequences.last_number + 1
                 RETURNING last_number",
                values![year],
            )?
            .i64(0)?;
        Ok(ComplaintReference { year, number: u32::try_from(number).unwrap_or(u32::MAX) })
    }

    #[allow(clippy::too_many_arguments)]
    pub fn insert_complaint(
        &self,
        reference: &ComplaintReference,
        complaint: &NewComplaint,
        names: &ComplaintNames,
        handler: &HandlerAssignment,
        at: NaiveDateTime,
        created_by: &str,
    ) -> StoreResult<i64> {
        let id = self.sql.next_id("complaints")?;
        let read = self.read();
        let seal = |column: &str, text: &str| read.seal_for_new_row("complaints", column, id, text);
        let complaint_id = self
            .sql
            .query_one(
                "INSERT INTO complaints (id, reference, received_on, channel, complainant_name, street_address, postcode,
                    city, phone, email, representative, complaint_type, department_id, respondent_ids, conduct_date,
                    description, desired_outcome, handler_name, handler_function, handler_reason, status, created_at,
                    created_by, handler_id, department_name, respondent_names, closing_detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                    'ontvangen', ?21, ?22, ?23, ?24, ?25, ?26)
                 RETURNING id",
                values![
                    id,
                    reference.to_string(),
                    complaint.received_on,
                    complaint.channel.code(),
                    seal("complainant_name", &complaint.complainant_name)?,
                    seal("street_address", &complaint.street_address)?,
                    seal("postcode", &complaint.postcode)?,
                    seal("city", &complaint.city)?,
                    seal("phone", &complaint.phone)?,
                    seal("email", &complaint.email)?,
                    seal("representative", &complaint.representative)?,
                    complaint.complaint_type.code(),
                    complaint.department_id,
                    complaint.respondent_ids.join(","),
                    complaint.conduct_date,
                    seal("description", &complaint.description)?,
                    seal("desired_outcome", &complaint.desired_outcome)?,
                    seal("handler_name", &handler.name)?,
                    handler.function,
                    seal("handler_reason", &handler.reason)?,
                    timestamp(at),
                    created_by,
                    handler.id,
                    names.department_name,
                    seal("respondent_names", &names.respondent_names)?,
                    seal("closing_detail", "")?,
                ],
            )?
            .i64(0)?;
        self.index_complaint_for_search(complaint_id, &reference.to_string(), complaint, &names.respondent_names)?;
        self.touch(complaint_id);
        Ok(complaint_id)
    }

    pub fn insert_recipient(&self, complaint_id: i64, recipient: &RecipientRecord, at: NaiveDateTime) -> StoreResult<()> {
        self.touch(complaint_id);
        let id = self.sql.next_id("recipients")?;
        let read = self.read();
        self.sql.execute(
            "INSERT INTO recipients (id, complaint_id, kind, recipient, what, sent_on, recorded_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            values![
                id,
                complaint_id,
                recipient.kind.code(),
                read.seal_for_new_row("recipients", "recipient", id, &recipient.recipient)?,
                read.seal_for_new_row("recipients", "what", id, &recipient.what)?,
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
        self.touch(record.id);
        let read = self.read();
        let seal = |column: &str, text: &str| read.seal("complaints", column, record.id, text);
        self.sql.execute(
            "UPDATE complaints SET complainant_name = ?2, street_address = ?3, postcode = ?4, city = ?5, phone = ?6, email = ?7,
                 representative = ?8 WHERE id = ?1",
            values![
                record.id,
                seal("complainant_name", &corrected.complainant_name),
                seal("street_address", &corrected.street_address),
                seal("postcode", &corrected.postcode),
                seal("city", &corrected.city),
                seal("phone", &corrected.phone),
                seal("email", &corrected.email),
                seal("representative", &corrected.representative)
            ],
        )?;
        if self.sql.sealer().is_some() {
            self.sql.execute("DELETE FROM complaint_tokens WHERE complaint_id = ?1", values![record.id])?;
            self.index_complaint_for_search(record.id, &record.reference, corrected, &record.respondent_names)?;
        }
        for (field, value) in previous {
            let id = self.sql.next_id("corrections")?;
            let sealed = read.seal_for_new_row("corrections", "previous_value", id, value)?;
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

    /// Issue 12: where a complaint came from other than the intake form ("import" or "seed"),
    /// with what the earlier system knew that the app otherwise records in its own tables.
    pub fn record_origin(&self, complaint_id: i64, origin: &ComplaintOrigin<'_>) -> StoreResult<()> {
        self.touch(complaint_id);
        self.sql.execute(
            "UPDATE complaints SET origin = ?2, previous_reference = ?3, judgement = ?4, hearing_held = ?5,
                 ombudsman = ?6 WHERE id = ?1",
            values![
                complaint_id,
                origin.origin,
                Some(origin.previous_reference).filter(|reference| !reference.is_empty()),
                origin.judgement.map(Judgement::code),
                origin.hearing_held,
                origin.ombudsman
            ],
        )?;
        Ok(())
    }

    pub fn insert_event(&self, complaint_id: i64, at: NaiveDateTime, actor: &str, kind: &str, detail: &str) -> StoreResult<()> {
        self.touch(complaint_id);
        let id = self.sql.next_id("events")?;
        let detail = self.read().seal_for_new_row("events", "detail", id, detail)?;
        self.sql.execute(
            "INSERT INTO events (id, complaint_id, at, actor, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            values![id, complaint_id, timestamp(at), actor, kind, detail],
        )?;
        Ok(())
    }
}
