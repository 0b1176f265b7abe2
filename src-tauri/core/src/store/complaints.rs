//! Complaints in the store: the complaint record with its procedure state (one query for every
//! screen), intake with its reference, the handler, notes, letters' latest version, the
//! timeline and the search over complaints. The procedure's rows are in procedure.rs, the
//! worklist in worklist.rs, what the AVG keeps in privacy.rs.

use super::catalogue::{sealed, SealedColumn};
use super::search::{SearchHits, SearchReach};
use super::sql::{parse_code, values, Dialect, Row, Value};
use super::{timestamp, At, Reader, StoreResult, Writer};
use crate::domain::complaint::{ComplaintReference, NewComplaint};
use crate::domain::deadlines::TermChanges;
use crate::domain::procedure::{HearingSkipReason, Judgement, Status};
use crate::domain::retention::RetentionMarks;
use chrono::{NaiveDate, NaiveDateTime};

/// The names of the chart entries a complaint is about, as they were at intake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintNames {
    pub department_name: String,
    pub respondent_names: String,
}

/// The officials an open complaint refers to (the chart may not lose them).
#[derive(Debug, Clone)]
pub struct OpenComplaintOfficials {
    pub reference: String,
    pub handler_id: String,
    pub respondent_ids: Vec<String>,
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

/// Where a complaint came from, when not from the intake form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ComplaintOrigin<'a> {
    /// "import" or "seed".
    pub origin: &'a str,
    pub previous_reference: &'a str,
    pub judgement: Option<Judgement>,
    pub hearing_held: bool,
    pub ombudsman: bool,
    /// How it ended: its closed status, whether that was a decision on the formal path, and
    /// when; `None` while it is open (at `ontvangen`).
    pub closed: Option<(Status, bool, NaiveDate)>,
    pub term_changes: &'a TermChanges,
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

/// A complaint's columns as both stores read them. On the shared store a first contact's
/// existence is asked of the server (schema 12): the KCC and the Beheerder read no contact, but
/// the deadlines they see depend on whether one was made.
pub(super) fn complaint_columns(dialect: Dialect) -> &'static str {
    static SHARED: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let counted = COMPLAINT_COLUMNS.replace(CONTACTS_COUNTED, "klachtbalie_contact_count(c.id)");
        assert_ne!(counted, COMPLAINT_COLUMNS, "the contacts' count is in the columns");
        counted
    });
    match dialect {
        Dialect::Sqlite => COMPLAINT_COLUMNS,
        Dialect::Postgres => SHARED.as_str(),
    }
}

const CONTACTS_COUNTED: &str = "(SELECT count(*) FROM contacts x WHERE x.complaint_id = c.id)";

const COMPLAINT_COLUMNS: &str = "c.id, c.reference, c.received_on, c.channel, c.complainant_name, c.street_address,
    c.postcode, c.city, c.phone, c.email, c.representative, c.complaint_type, c.department_id,
    c.respondent_ids, c.conduct_date, c.description, c.desired_outcome, c.department_name, c.handler_name,
    c.handler_function, c.handler_reason, c.status,
    EXISTS (SELECT 1 FROM letters l WHERE l.complaint_id = c.id AND l.kind = 'ontvangstbevestiging'),
    c.handler_id, c.respondent_names, c.advisory_committee, c.postponement_weeks, c.postponed_on, c.agreed_end,
    c.consent_on, c.copy_to_respondent_on, c.hearing_skip_reason, c.was_formal, c.closing_detail, c.closed_on,
    (SELECT count(*) FROM contacts x WHERE x.complaint_id = c.id),
    (SELECT count(*) FROM hearings x WHERE x.complaint_id = c.id),
    (SELECT count(*) FROM hearings x WHERE x.complaint_id = c.id AND x.reported_at IS NOT NULL),
    (SELECT count(*) FROM tasks x WHERE x.complaint_id = c.id AND x.done_at IS NULL),
    EXISTS (SELECT 1 FROM tasks x WHERE x.complaint_id = c.id AND x.done_at IS NULL AND x.kind = 'brief_niet_in_behandeling'),
    c.version, c.changed_at, c.changed_by, c.previous_reference, c.judgement, c.compensation_paid, c.ombudsman,
    c.ombudsman_case_open, c.keep_permanently, c.destroyed_at, c.seal_version";

impl Reader<'_> {
    pub(super) fn complaint_from_row(&self, row: &Row) -> StoreResult<ComplaintRecord> {
        self.complaint_cells_from_row(row).map_err(|error| match row.text(1) {
            Ok(reference) => error.in_complaint(&reference),
            Err(_) => error,
        })
    }

    fn complaint_cells_from_row(&self, row: &Row) -> StoreResult<ComplaintRecord> {
        let id = row.i64(0)?;
        let place = At::complaint(id, row.i64(50)?, &row.text(23)?);
        let open = |index: usize, column: SealedColumn| self.open_text(column, &place, row, index);
        Ok(ComplaintRecord {
            id,
            reference: row.text(1)?,
            complaint: NewComplaint {
                received_on: row.date(2)?,
                channel: row.code(3, "complaints", "channel")?,
                complainant_name: open(4, sealed::complaints::COMPLAINANT_NAME)?,
                street_address: open(5, sealed::complaints::STREET_ADDRESS)?,
                postcode: open(6, sealed::complaints::POSTCODE)?,
                city: open(7, sealed::complaints::CITY)?,
                phone: open(8, sealed::complaints::PHONE)?,
                email: open(9, sealed::complaints::EMAIL)?,
                representative: open(10, sealed::complaints::REPRESENTATIVE)?,
                complaint_type: row.code(11, "complaints", "complaint_type")?,
                department_id: row.opt_text(12)?,
                respondent_ids: row.text(13)?.split(',').filter(|id| !id.is_empty()).map(str::to_string).collect(),
                conduct_date: row.opt_date(14)?,
                description: open(15, sealed::complaints::DESCRIPTION)?,
                desired_outcome: open(16, sealed::complaints::DESIRED_OUTCOME)?,
            },
            department_name: row.text(17)?,
            respondent_names: open(24, sealed::complaints::RESPONDENT_NAMES)?,
            handler: HandlerAssignment {
                id: row.text(23)?,
                name: open(18, sealed::complaints::HANDLER_NAME)?,
                function: row.text(19)?,
                reason: open(20, sealed::complaints::HANDLER_REASON)?,
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
                    .open_optional_text(sealed::complaints::HEARING_SKIP_REASON, &place, row, 31)?
                    // A destroyed complaint's sealed columns are emptied (AVG-02), this one too.
                    .filter(|code| !code.is_empty())
                    .map(|code| parse_code("complaints", "hearing_skip_reason", &code))
                    .transpose()?,
                was_formal: row.bool(32)?,
                closing_detail: open(33, sealed::complaints::CLOSING_DETAIL)?,
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
        // On the shared store the server counts them all (schema 15): a Beheerder's own login
        // reads only the complaints of an import.
        let sql = match self.sql.dialect() {
            Dialect::Sqlite => "SELECT count(*) FROM complaints WHERE origin <> 'seed'",
            Dialect::Postgres => "SELECT klachtbalie_real_complaint_count()",
        };
        self.sql.query_one(sql, &[])?.i64(0)
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

    pub fn complaint_count(&self) -> StoreResult<i64> {
        self.sql.query_one("SELECT count(*) FROM complaints", &[])?.i64(0)
    }

    pub fn notes(&self, complaint_id: i64) -> StoreResult<Vec<(String, String, String)>> {
        self.sql
            .query("SELECT id, at, author, text FROM notes WHERE complaint_id = ?1 ORDER BY at, id", values![complaint_id])?
            .iter()
            .map(|row| Ok((row.text(1)?, row.text(2)?, self.open_text(sealed::notes::TEXT, &At::part(complaint_id, row.i64(0)?), row, 3)?)))
            .collect()
    }

    /// Complaints whose reference, names, address or text match every word of `query`
    /// (accents and case ignored), newest first. The single desk matches the start of any word
    /// (FTS5; words are quoted, so no search syntax leaks through) and always answers in full;
    /// the shared store does so for names, address, phone, e-mail and reference, matches the
    /// free text on whole words, and goes as far as `reach` says.
    pub fn search_complaints(&self, query: &str, reach: SearchReach) -> StoreResult<SearchHits> {
        let all = |rows: Vec<Row>| -> StoreResult<SearchHits> {
            let mut ids: Vec<i64> = rows.iter().map(|row| row.i64(0)).collect::<StoreResult<_>>()?;
            ids.sort_unstable_by(|a, b| b.cmp(a));
            Ok(SearchHits { ids, complete: true })
        };
        // A whole reference is looked up through its unique index on both stores.
        if let Some(reference) = ComplaintReference::parse(&query.trim().to_uppercase()) {
            return all(self.sql.query("SELECT id FROM complaints WHERE reference = ?1", values![reference.to_string()])?);
        }
        let terms: Vec<String> =
            query.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(|word| format!("\"{word}\"*")).collect();
        if terms.is_empty() {
            return Ok(SearchHits::none());
        }
        match self.sql.dialect() {
            Dialect::Sqlite => {
                all(self.sql.query("SELECT rowid FROM complaint_search WHERE complaint_search MATCH ?1", values![terms.join(" ")])?)
            }
            Dialect::Postgres => self.search_by_blind_index(query, reach),
        }
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
        let columns = complaint_columns(self.sql.dialect());
        let sql = format!(
            "SELECT {columns} FROM complaints c
             WHERE c.status NOT IN ({closed})
                OR EXISTS (SELECT 1 FROM tasks t WHERE t.complaint_id = c.id AND t.done_at IS NULL)"
        );
        self.sql.query(&sql, &[])?.iter().map(|row| self.complaint_from_row(row)).collect()
    }

    /// The officials the open complaints (on the worklist: not closed, or with an open task)
    /// refer to: handler and respondents, by reference. On the shared store the server answers
    /// for every complaint (schema 15), also to a Beheerder's own login, which reads no
    /// complaint's contents.
    pub fn open_complaint_officials(&self) -> StoreResult<Vec<OpenComplaintOfficials>> {
        let sql = match self.sql.dialect() {
            Dialect::Sqlite => "SELECT reference, handler_id, respondent_ids FROM complaints WHERE on_worklist = 1 ORDER BY reference",
            Dialect::Postgres => "SELECT reference, handler_id, respondent_ids FROM klachtbalie_open_complaint_officials()",
        };
        self.sql
            .query(sql, &[])?
            .iter()
            .map(|row| {
                Ok(OpenComplaintOfficials {
                    reference: row.text(0)?,
                    handler_id: row.text(1)?,
                    respondent_ids: row.text(2)?.split(',').filter(|id| !id.is_empty()).map(str::to_string).collect(),
                })
            })
            .collect()
    }

    pub fn complaint_by_reference(&self, reference: &str) -> StoreResult<Option<ComplaintRecord>> {
        let columns = complaint_columns(self.sql.dialect());
        let sql = format!("SELECT {columns} FROM complaints c WHERE c.reference = ?1");
        self.sql.query_optional(&sql, values![reference])?.map(|row| self.complaint_from_row(&row)).transpose()
    }

    /// Every complaint, oldest first (moving a single desk to the shared store).
    pub fn all_complaints(&self) -> StoreResult<Vec<ComplaintRecord>> {
        let columns = complaint_columns(self.sql.dialect());
        let sql = format!("SELECT {columns} FROM complaints c ORDER BY c.id");
        self.sql.query(&sql, &[])?.iter().map(|row| self.complaint_from_row(row)).collect()
    }

    /// The plain facts of these complaints that order a list and decide who may see it (the
    /// date received and the handler), without opening a sealed value: a search keeps only the
    /// page it shows and opens just those complaints.
    pub fn complaint_order_and_handlers(&self, ids: &[i64]) -> StoreResult<Vec<(i64, NaiveDate, String)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let sql = format!("SELECT id, received_on, handler_id FROM complaints WHERE id IN ({})", list.join(", "));
        self.sql.query(&sql, &[])?.iter().map(|row| Ok((row.i64(0)?, row.date(1)?, row.text(2)?))).collect()
    }

    /// The complaints with these ids (one query), in id order.
    pub fn complaints_by_ids(&self, ids: &[i64]) -> StoreResult<Vec<ComplaintRecord>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let list: Vec<String> = ids.iter().map(i64::to_string).collect();
        let columns = complaint_columns(self.sql.dialect());
        let sql = format!("SELECT {columns} FROM complaints c WHERE c.id IN ({}) ORDER BY c.id", list.join(", "));
        self.sql.query(&sql, &[])?.iter().map(|row| self.complaint_from_row(row)).collect()
    }

    pub fn complaint_by_id(&self, id: i64) -> StoreResult<Option<ComplaintRecord>> {
        let columns = complaint_columns(self.sql.dialect());
        let sql = format!("SELECT {columns} FROM complaints c WHERE c.id = ?1");
        self.sql.query_optional(&sql, values![id])?.map(|row| self.complaint_from_row(&row)).transpose()
    }

    /// (time, actor, kind, detail) of each event on a complaint's timeline, oldest first.
    pub fn events(&self, complaint_id: i64) -> StoreResult<Vec<(String, String, String, String)>> {
        self.sql
            .query("SELECT id, at, actor, kind, detail FROM events WHERE complaint_id = ?1 ORDER BY at, id", values![complaint_id])?
            .iter()
            .map(|row| {
                Ok((
                    row.text(1)?,
                    row.text(2)?,
                    row.text(3)?,
                    self.open_text(sealed::events::DETAIL, &At::part(complaint_id, row.i64(0)?), row, 4)?,
                ))
            })
            .collect()
    }
}

impl Writer<'_> {
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

    pub fn set_handler(&self, complaint_id: i64, handler: &HandlerAssignment) -> StoreResult<()> {
        self.change_complaint_cells(
            complaint_id,
            &[
                (sealed::complaints::HANDLER_NAME, Some(handler.name.as_str())),
                (sealed::complaints::HANDLER_REASON, Some(handler.reason.as_str())),
            ],
            Some(&handler.id),
        )?;
        self.sql.execute(
            "UPDATE complaints SET handler_id = ?2, handler_function = ?3 WHERE id = ?1",
            values![complaint_id, handler.id, handler.function],
        )?;
        Ok(())
    }

    pub fn insert_note(&self, complaint_id: i64, at: NaiveDateTime, author: &str, text: &str) -> StoreResult<()> {
        let id = self.sql.next_id("notes")?;
        let text = self.read().seal(sealed::notes::TEXT, &At::new_part(complaint_id, id), text)?;
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
        origin: Option<&ComplaintOrigin<'_>>,
    ) -> StoreResult<i64> {
        let id = self.sql.next_id("complaints")?;
        let read = self.read();
        let place = At::new_complaint(id, &handler.id);
        let seal = |column: SealedColumn, text: &str| read.seal(column, &place, text);
        // An import's history is written with the complaint (schema 17: a new complaint starts
        // where the procedure starts, or where an earlier system left it).
        let closed = origin.and_then(|origin| origin.closed);
        let no_changes = TermChanges::default();
        let terms = origin.map_or(&no_changes, |origin| origin.term_changes);
        let complaint_id = self
            .sql
            .query_one(
                "INSERT INTO complaints (id, reference, received_on, channel, complainant_name, street_address, postcode,
                    city, phone, email, representative, complaint_type, department_id, respondent_ids, conduct_date,
                    description, desired_outcome, handler_name, handler_function, handler_reason, status, created_at,
                    created_by, handler_id, department_name, respondent_names, closing_detail, origin, previous_reference,
                    judgement, hearing_held, ombudsman, was_formal, closed_on, advisory_committee, postponement_weeks,
                    agreed_end)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20,
                    ?27, ?21, ?22, ?23, ?24, ?25, ?26, ?28, ?29, ?30, ?31, ?32, ?33, ?34, ?35, ?36, ?37)
                 RETURNING id",
                values![
                    id,
                    reference.to_string(),
                    complaint.received_on,
                    complaint.channel.code(),
                    seal(sealed::complaints::COMPLAINANT_NAME, &complaint.complainant_name)?,
                    seal(sealed::complaints::STREET_ADDRESS, &complaint.street_address)?,
                    seal(sealed::complaints::POSTCODE, &complaint.postcode)?,
                    seal(sealed::complaints::CITY, &complaint.city)?,
                    seal(sealed::complaints::PHONE, &complaint.phone)?,
                    seal(sealed::complaints::EMAIL, &complaint.email)?,
                    seal(sealed::complaints::REPRESENTATIVE, &complaint.representative)?,
                    complaint.complaint_type.code(),
                    complaint.department_id,
                    complaint.respondent_ids.join(","),
                    complaint.conduct_date,
                    seal(sealed::complaints::DESCRIPTION, &complaint.description)?,
                    seal(sealed::complaints::DESIRED_OUTCOME, &complaint.desired_outcome)?,
                    seal(sealed::complaints::HANDLER_NAME, &handler.name)?,
                    handler.function,
                    seal(sealed::complaints::HANDLER_REASON, &handler.reason)?,
                    timestamp(at),
                    created_by,
                    handler.id,
                    names.department_name,
                    seal(sealed::complaints::RESPONDENT_NAMES, &names.respondent_names)?,
                    seal(sealed::complaints::CLOSING_DETAIL, "")?,
                    closed.map_or(Status::Ontvangen, |(status, _, _)| status).code(),
                    origin.map_or("intake", |origin| origin.origin),
                    origin.map(|origin| origin.previous_reference).filter(|reference| !reference.is_empty()),
                    origin.and_then(|origin| origin.judgement).map(Judgement::code),
                    origin.is_some_and(|origin| origin.hearing_held),
                    origin.is_some_and(|origin| origin.ombudsman),
                    closed.is_some_and(|(_, formal, _)| formal),
                    closed.map(|(_, _, closed_on)| closed_on),
                    terms.advisory_committee,
                    terms.postponement_weeks.and_then(|weeks| i64::try_from(weeks).ok()),
                    terms.agreed_end,
                ],
            )?
            .i64(0)?;
        self.index_complaint_for_search(complaint_id, &reference.to_string(), complaint, &names.respondent_names)?;
        self.touch(complaint_id);
        Ok(complaint_id)
    }

    pub fn insert_event(&self, complaint_id: i64, at: NaiveDateTime, actor: &str, kind: &str, detail: &str) -> StoreResult<()> {
        self.touch(complaint_id);
        let id = self.sql.next_id("events")?;
        let detail = self.read().seal(sealed::events::DETAIL, &At::new_part(complaint_id, id), detail)?;
        self.sql.execute(
            "INSERT INTO events (id, complaint_id, at, actor, kind, detail) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            values![id, complaint_id, timestamp(at), actor, kind, detail],
        )?;
        Ok(())
    }
}
