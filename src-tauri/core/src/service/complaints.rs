//! Complaint use cases: intake with routing, the worklist, one complaint's file, the
//! handler's notes, reassignment (RT-05) and the acknowledgement letter. Every read of
//! personal data and every change is audited (SEC-02); handlers only see their own (AVG-05).

use super::access::{permits, record_for_change, refusal_in};
use super::{Actor, Klachtbalie, ServiceError, ServiceResult, Settings};
use crate::audit::{AuditEvent, AuditResult};
use crate::domain::complaint::{ComplaintForm, ComplaintType, NewComplaint};
use crate::domain::contact_correction::{changed_contact_fields, contact_field_label, ContactCorrection};
use crate::domain::dashboard::last_due_soon_date;
use crate::domain::deadlines::{
    compute_deadlines, compute_deadlines_with, deadline_status, running_deadlines, ComplaintDeadlines, DeadlineKind, DeadlineStatus,
    RunningFacts,
};
use crate::domain::form::FieldError;
use crate::domain::organisation::OrgChart;
use crate::domain::procedure::{self, Status, Step};
use crate::domain::recipient::RecipientForm;
use crate::domain::routing::{self, RoutingSubject};
use crate::domain::text::subject_of;
use crate::roles::UseCase;
use crate::store::{
    ComplaintNames, ComplaintRecord, ContactRecord, DecisionRecord, HandlerAssignment, HearingRecord, TaskRecord, WorklistQuery,
};
use chrono::NaiveDate;

/// Longest note accepted.
pub const MAX_NOTE: usize = 10_000;

/// A row of the worklist (DL-09): the nearest open deadline decides the order and the light.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorklistItem {
    pub complaint_id: i64,
    pub reference: String,
    pub complainant_name: String,
    pub subject: String,
    pub department_id: Option<String>,
    pub department_name: String,
    pub handler_id: String,
    pub handler_name: String,
    pub status: Status,
    pub complaint_type: ComplaintType,
    pub received_on: NaiveDate,
    pub decision_due: NaiveDate,
    /// The earliest running deadline; `None` only for a closed complaint with an open task
    /// that has no date.
    pub next_deadline: Option<RunningDeadline>,
    pub light: DeadlineStatus,
    pub acknowledged: bool,
    pub needs_acknowledgement: bool,
    pub open_tasks: i64,
    /// Every running deadline, earliest first (for reminders and the calendar export).
    pub running: Vec<RunningDeadline>,
}

/// A deadline that still runs for a complaint, with its light (DL-09).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunningDeadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub light: DeadlineStatus,
}

/// The worklist's filters (all optional) and the search text (FTS5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorklistFilter {
    pub status: Option<Status>,
    pub department_id: Option<String>,
    pub handler_id: Option<String>,
    pub complaint_type: Option<ComplaintType>,
    pub overdue_only: bool,
    /// Only complaints whose next deadline is "binnenkort" (DL-09).
    pub due_soon_only: bool,
    pub search: String,
}

/// One page of the worklist and how many complaints match in total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorklistPage {
    pub items: Vec<WorklistItem>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredComplaint {
    pub reference: String,
    pub handler_name: String,
    pub handler_function: String,
    pub handler_reason: String,
    pub deadlines: ComplaintDeadlines,
    pub needs_acknowledgement: bool,
}

/// Which complaints the worklist shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorklistScope {
    /// Complaints assigned to the user (and those of absent officials they deputise for).
    Mine,
    /// Every open complaint (KCC and coördinator).
    All,
}

/// One complaint as a user with `ViewComplaint` sees it. `notes` is `None` when the user may
/// not read them (the KCC, section 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintDetail {
    pub record: ComplaintRecord,
    pub status: Status,
    pub deadlines: ComplaintDeadlines,
    /// Every running deadline, earliest first (DL-10: from the one deadline function).
    pub running: Vec<RunningDeadline>,
    pub timeline: Vec<(String, String, String, String)>,
    pub notes: Option<Vec<(String, String, String)>>,
    /// Contacts, hearing reports and decision drafts: like the notes, not for the KCC.
    pub contacts: Option<Vec<ContactRecord>>,
    pub hearings: Vec<HearingRecord>,
    pub decisions: Option<Vec<DecisionRecord>>,
    pub open_tasks: Vec<TaskRecord>,
    /// The steps this user can take now (state machine and permissions both allow them).
    pub possible_steps: Vec<Step>,
    pub may_reassign: bool,
    pub may_add_note: bool,
    /// AVG-02: the retention class and destruction date as they are now.
    pub retention: crate::domain::retention::Retention,
    pub may_mark_retention: bool,
    /// AVG-04: this user may correct the complainant's contact data.
    pub may_correct: bool,
    /// AVG-02: what is kept of a destroyed complaint's destruction.
    pub destruction: Option<crate::store::DestructionRecord>,
    /// AVG-06 (art. 19): to whom the data went (like the contacts, not for the KCC).
    pub recipients: Option<Vec<crate::store::RecipientRecord>>,
}

impl Klachtbalie {
    /// Checks the role and, for a handler, that the complaint is theirs (AVG-05). Refusals
    /// are audited.
    pub(super) fn authorize_complaint(&mut self, actor: &Actor, use_case: UseCase, record: &ComplaintRecord) -> ServiceResult<()> {
        self.authorize(actor, use_case, &record.reference)?;
        // AVG-02: of a destroyed complaint only what the report needs is left; it can be looked
        // at (what remains and its destruction), never worked on again.
        if record.destroyed_at.is_some() && !matches!(use_case, UseCase::ViewComplaint | UseCase::ViewComplaintAudit) {
            return Err(ServiceError::Refused(format!(
                "Klacht {} is vernietigd (bewaartermijn voorbij); er kan niets meer aan worden gedaan.",
                record.reference
            )));
        }
        let Actor::User(user) = actor else { return Ok(()) };
        if use_case.is_allowed_on_any_complaint(&user.roles) || self.is_assigned_to(user, record)? {
            return Ok(());
        }
        let event =
            AuditEvent { action: use_case.dutch_description().into(), object: record.reference.clone(), result: AuditResult::Refused };
        self.record(actor, &event)?;
        Err(ServiceError::Forbidden {
            roles: format!("de behandelaar van {} of de klachtcoördinator", record.reference),
            what: use_case.dutch_description().into(),
        })
    }

    /// Whether the complaint is assigned to the user's official, or to an absent official
    /// whose deputy they are (RT-04).
    fn is_assigned_to(&self, user: &super::SessionUser, record: &ComplaintRecord) -> ServiceResult<bool> {
        Ok(self.officials_covered_by(user)?.contains(&record.handler.id))
    }

    /// The user's own official and the absent officials they deputise for.
    pub(super) fn officials_covered_by(&self, user: &super::SessionUser) -> ServiceResult<Vec<String>> {
        let Some(official) = user.official_id.as_deref() else { return Ok(Vec::new()) };
        let chart = self.org_chart()?;
        let mut covered = vec![official.to_string()];
        covered.extend(chart.deputised_by(official).map(|absent| absent.id.clone()));
        Ok(covered)
    }

    pub(super) fn complaint(&self, reference: &str) -> ServiceResult<ComplaintRecord> {
        self.database
            .reader()
            .complaint_by_reference(reference.trim())?
            .ok_or_else(|| ServiceError::NotFound(format!("Klacht {} bestaat niet.", reference.trim())))
    }

    /// INT-01..03, RT-01..06: validates, numbers, routes and stores a complaint in one
    /// transaction.
    pub fn register_complaint(&mut self, actor: &Actor, form: &ComplaintForm) -> ServiceResult<RegisteredComplaint> {
        self.authorize(actor, UseCase::RegisterComplaint, "nieuwe klacht")?;
        let chart = self.org_chart()?;
        let settings = self.settings()?;
        let complaint = form.validate(self.today(), &chart).map_err(ServiceError::Validation)?;
        let (complaint, names, handler) = routed(&chart, &settings, complaint).map_err(|error| ServiceError::Validation(vec![error]))?;
        let now = self.clock.now();
        let actor_name = actor.name();
        let workstation = self.workstation.clone();
        let year = chrono::Datelike::year(&now.date());
        let reference = self.write(|tx| -> ServiceResult<String> {
            let number = tx.next_reference(year)?;
            let reference = number.to_string();
            let id = tx.insert_complaint(&number, &complaint, &names, &handler, now, &actor_name)?;
            tx.insert_event(id, now, &actor_name, "geregistreerd", &format!("via {}", complaint.channel.dutch_label()))?;
            tx.insert_event(id, now, &actor_name, "toegewezen", &format!("{}: {}", handler.name, handler.reason))?;
            let event = AuditEvent { action: "klacht registreren".into(), object: reference.clone(), result: AuditResult::Success };
            tx.append_audit(now, &actor_name, &workstation, &event)?;
            Ok(reference)
        })?;
        Ok(RegisteredComplaint {
            reference,
            handler_name: handler.name,
            handler_function: handler.function,
            handler_reason: handler.reason,
            deadlines: compute_deadlines(complaint.received_on, &settings.calendar, &settings.norms),
            needs_acknowledgement: complaint.channel.is_written(),
        })
    }

    /// DL-09: open complaints, nearest deadline first, with their traffic light. A user who
    /// is only a handler always gets their own complaints, whatever scope they ask for.
    pub fn worklist(&mut self, actor: &Actor, scope: WorklistScope) -> ServiceResult<Vec<WorklistItem>> {
        self.filtered_worklist(actor, scope, &WorklistFilter::default())
    }

    /// DL-09 with the worklist's filters and search: every matching complaint.
    pub fn filtered_worklist(&mut self, actor: &Actor, scope: WorklistScope, filter: &WorklistFilter) -> ServiceResult<Vec<WorklistItem>> {
        Ok(self.worklist_page(actor, scope, filter, 0, i64::MAX)?.items)
    }

    /// DL-09: one page of the worklist, nearest deadline first, with the number of matching
    /// complaints in total. The store reads the page through the worklist index (issue 11),
    /// so a page costs the same with 1,000 or 1,000,000 complaints.
    pub fn worklist_page(
        &mut self,
        actor: &Actor,
        scope: WorklistScope,
        filter: &WorklistFilter,
        page: i64,
        page_size: i64,
    ) -> ServiceResult<WorklistPage> {
        self.authorize(actor, UseCase::ViewWorklist, "werkvoorraad")?;
        self.ensure_worklist_index()?;
        let settings = self.settings()?;
        let today = self.today();
        let handlers = match actor {
            Actor::System { .. } => None,
            Actor::User(user) if UseCase::ViewWorklist.is_allowed_on_any_complaint(&user.roles) && scope == WorklistScope::All => None,
            Actor::User(user) => Some(self.officials_covered_by(user)?),
        };
        let ids = if filter.search.trim().is_empty() { None } else { Some(self.database.reader().search_complaints(&filter.search)?) };
        let page_size = page_size.max(1);
        let query = WorklistQuery {
            handlers,
            ids,
            status: filter.status.map(|status| status.code().to_string()),
            department_id: filter.department_id.clone(),
            handler_id: filter.handler_id.clone(),
            complaint_type: filter.complaint_type.map(|kind| kind.code().to_string()),
            // "Te laat" before today; "binnenkort" from today to the last due-soon date (DL-09),
            // the same windows the dashboard counts.
            due_before: [
                filter.overdue_only.then_some(today),
                filter.due_soon_only.then(|| last_due_soon_date(today, &settings.calendar, &settings.norms) + chrono::Days::new(1)),
            ]
            .into_iter()
            .flatten()
            .min(),
            due_from: filter.due_soon_only.then_some(today),
            limit: page_size,
            offset: page.max(0).saturating_mul(page_size),
        };
        let (records, total) = self.database.reader().worklist_page(&query)?;
        let items: Vec<WorklistItem> = records.into_iter().map(|record| worklist_item(record, &settings, today)).collect();
        let object = format!("werkvoorraad ({total} klachten)");
        self.record(actor, &AuditEvent { action: "werkvoorraad inzien".into(), object, result: AuditResult::Success })?;
        Ok(WorklistPage { items, total, page, page_size })
    }

    /// One complaint's file: intake data, handler and reason, deadlines, timeline, and the
    /// notes only for those who may read them.
    pub fn complaint_detail(&mut self, actor: &Actor, reference: &str) -> ServiceResult<ComplaintDetail> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::ViewComplaint, &record)?;
        // Loaded once: whether the complaint is the user's own decides several permissions.
        let assigned = match actor {
            Actor::User(user) => self.is_assigned_to(user, &record)?,
            Actor::System { .. } => true,
        };
        let may_read_notes = permits(actor, UseCase::ReadNotes, assigned);
        let reader = self.database.reader();
        let notes = if may_read_notes { Some(reader.notes(record.id)?) } else { None };
        let contacts = if may_read_notes { Some(reader.contacts(record.id)?) } else { None };
        let decisions = if may_read_notes { Some(reader.decisions(record.id)?) } else { None };
        let mut hearings = reader.hearings(record.id)?;
        if !may_read_notes {
            // The KCC may tell a caller when the hearing is, but not what was said there.
            for hearing in &mut hearings {
                hearing.report = None;
            }
        }
        // The timeline names the person who acted, not their account name.
        let people: std::collections::HashMap<String, String> =
            reader.users()?.into_iter().map(|user| (user.username, user.display_name)).collect();
        let timeline: Vec<(String, String, String, String)> = reader
            .events(record.id)?
            .into_iter()
            .map(|(at, by, kind, detail)| (at, people.get(&by).cloned().unwrap_or(by), kind, detail))
            .collect();
        let open_tasks = reader.open_tasks(record.id)?;
        let settings = self.settings()?;
        let status = record.status;
        let facts = self.procedure_facts(&record, &settings);
        let possible_steps = procedure::possible_steps(status, &facts)
            .into_iter()
            .filter(|step| {
                let use_case = match step {
                    Step::ApproveDecision | Step::ReturnDecision => UseCase::ApproveDecision,
                    Step::Reopen => UseCase::ReopenComplaint,
                    _ => UseCase::WorkOnComplaint,
                };
                permits(actor, use_case, assigned)
            })
            .collect();
        let (deadlines, running) = complaint_deadlines(&record, &settings, self.today());
        let retention = self.retention_of(&record)?;
        let destruction = self.database.reader().destruction_record(record.id)?;
        let destroyed = destruction.is_some();
        let recipients = if may_read_notes { Some(self.database.reader().recipients(record.id)?) } else { None };
        let detail = ComplaintDetail {
            recipients,
            destruction,
            retention,
            may_mark_retention: !destroyed && permits(actor, UseCase::ManageRetention, assigned),
            may_correct: permits(actor, UseCase::WorkOnComplaint, assigned) && record.destroyed_at.is_none(),
            status,
            deadlines,
            running,
            timeline,
            notes,
            contacts,
            hearings,
            decisions,
            open_tasks,
            possible_steps: if destroyed { Vec::new() } else { possible_steps },
            may_reassign: !destroyed && permits(actor, UseCase::ReassignHandler, assigned),
            may_add_note: !destroyed && permits(actor, UseCase::AddNote, assigned),
            record,
        };
        let action = if may_read_notes { "klacht en notities inzien" } else { "klacht inzien (status)" };
        self.record(actor, &AuditEvent { action: action.into(), object: detail.record.reference.clone(), result: AuditResult::Success })?;
        Ok(detail)
    }

    /// The handler's notes (time, author, text), for the handler and the coördinator only.
    pub fn notes(&mut self, actor: &Actor, reference: &str) -> ServiceResult<Vec<(String, String, String)>> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::ReadNotes, &record)?;
        let notes = self.database.reader().notes(record.id)?;
        self.record(actor, &AuditEvent { action: "notities inzien".into(), object: record.reference, result: AuditResult::Success })?;
        Ok(notes)
    }

    pub fn add_note(&mut self, actor: &Actor, reference: &str, text: &str) -> ServiceResult<()> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::AddNote, &record)?;
        let text = text.trim();
        if text.is_empty() {
            return Err(ServiceError::Validation(vec![FieldError { field: "note".into(), message: "Typ eerst een notitie.".into() }]));
        }
        if text.chars().count() > MAX_NOTE {
            return Err(ServiceError::Validation(vec![FieldError {
                field: "note".into(),
                message: format!("Deze notitie is te lang: maximaal {MAX_NOTE} tekens."),
            }]));
        }
        let now = self.clock.now();
        let actor_name = actor.name();
        let workstation = self.workstation.clone();
        self.write(|tx| -> ServiceResult<()> {
            tx.insert_note(record.id, now, &actor_name, text)?;
            tx.insert_event(record.id, now, &actor_name, "notitie", "notitie toegevoegd")?;
            let event = AuditEvent { action: "notitie toevoegen".into(), object: record.reference.clone(), result: AuditResult::Success };
            tx.append_audit(now, &actor_name, &workstation, &event)?;
            Ok(())
        })
    }

    /// RT-05: the coördinator assigns another handler, with a reason; never a respondent.
    pub fn reassign(&mut self, actor: &Actor, reference: &str, handler_id: &str, reason: &str) -> ServiceResult<ComplaintRecord> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::ReassignHandler, &record)?;
        let mut errors = Vec::new();
        if reason.trim().is_empty() {
            errors.push(FieldError {
                field: "reason".into(),
                message: "Schrijf op waarom de klacht naar een andere behandelaar gaat.".into(),
            });
        }
        if handler_id.trim() == record.handler.id {
            errors.push(FieldError { field: "handler_id".into(), message: format!("{} behandelt deze klacht al.", record.handler.name) });
        }
        let chart = self.org_chart()?;
        let settings = self.settings()?;
        let subject = RoutingSubject { respondents: record.complaint.respondent_ids.clone(), involved: Vec::new(), department: None };
        match routing::check_manual_assignment(&chart, &subject, handler_id) {
            Ok(_) => {}
            Err(error) => errors.push(FieldError { field: "handler_id".into(), message: error.to_string() }),
        }
        if !errors.is_empty() {
            let event =
                AuditEvent { action: "behandelaar wijzigen".into(), object: record.reference.clone(), result: AuditResult::Refused };
            self.record(actor, &event)?;
            return Err(ServiceError::Validation(errors));
        }
        let reason = format!("met de hand toegewezen door {}: {}", actor.display_name(), reason.trim());
        let handler = assignment(&chart, &settings, handler_id.trim(), reason);
        let now = self.clock.now();
        let actor_name = actor.name();
        let display_name = actor.display_name();
        let workstation = self.workstation.clone();
        let expected_version = self.take_expected_version(&record.reference);
        self.write(|tx| -> ServiceResult<Result<(), ServiceError>> {
            let record = match record_for_change(tx, &record.reference, expected_version)? {
                Ok(record) => record,
                Err(conflict) => return Ok(Err(conflict)),
            };
            tx.set_handler(record.id, &handler)?;
            tx.insert_event(record.id, now, &actor_name, "toegewezen", &format!("{}: {}", handler.name, handler.reason))?;
            tx.mark_changed(record.id, now, &display_name)?;
            let event =
                AuditEvent { action: "behandelaar wijzigen".into(), object: record.reference.clone(), result: AuditResult::Success };
            tx.append_audit(now, &actor_name, &workstation, &event)?;
            Ok(Ok(()))
        })??;
        self.complaint(reference)
    }

    /// AVG-04 (art. 16): corrects the complainant's contact data with the intake's rules. The
    /// timeline and the audit log say which fields were corrected and by whom, never the
    /// values; the previous values are kept only in the (sealed) correction history. Letters
    /// already sent stay as they were sent.
    pub fn correct_contact_data(
        &mut self,
        actor: &Actor,
        reference: &str,
        correction: &ContactCorrection,
    ) -> ServiceResult<ComplaintRecord> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::WorkOnComplaint, &record)?;
        let corrected = correction.apply_to(&record.complaint, self.today(), &self.org_chart()?).map_err(ServiceError::Validation)?;
        let changed = changed_contact_fields(&record.complaint, &corrected);
        if changed.is_empty() {
            return Err(ServiceError::Validation(vec![FieldError {
                field: "complainant_name".into(),
                message: "Er is niets veranderd: pas eerst een gegeven aan.".into(),
            }]));
        }
        let fields = changed.iter().map(|(field, _)| contact_field_label(field)).collect::<Vec<_>>().join(", ");
        let covered = self.covered(actor)?;
        let (now, actor_name, display_name, workstation) = (self.clock.now(), actor.name(), actor.display_name(), self.workstation.clone());
        let expected_version = self.take_expected_version(&record.reference);
        self.write(|tx| -> ServiceResult<Result<(), ServiceError>> {
            let record = match record_for_change(tx, &record.reference, expected_version)? {
                Ok(record) => record,
                Err(conflict) => return Ok(Err(conflict)),
            };
            // Reassigned on another desk since the check above: refused as `take_step` does.
            if let Some(refusal) = refusal_in(tx, actor, UseCase::WorkOnComplaint, covered.as_deref(), &record, (now, &workstation))? {
                return Ok(Err(refusal));
            }
            tx.correct_contact_data(&record, &corrected, &changed, now, &actor_name)?;
            tx.insert_event(record.id, now, &actor_name, "gegevens gecorrigeerd", &format!("gecorrigeerd: {fields}"))?;
            tx.mark_changed(record.id, now, &display_name)?;
            let object = format!("{} ({fields})", record.reference);
            tx.append_audit(
                now,
                &actor_name,
                &workstation,
                &AuditEvent { action: "gegevens corrigeren".into(), object, result: AuditResult::Success },
            )?;
            Ok(Ok(()))
        })??;
        self.complaint(reference)
    }

    /// AVG-06 (art. 19): records to whom the complaint's data went (the handler or coördinator), so
    /// that a correction or an erasure can be passed on. The audit log names no recipient.
    pub fn record_recipient(&mut self, actor: &Actor, reference: &str, form: &RecipientForm) -> ServiceResult<ComplaintRecord> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::WorkOnComplaint, &record)?;
        let recipient = form.validate(record.complaint.received_on, self.today()).map_err(ServiceError::Validation)?;
        let covered = self.covered(actor)?;
        let (now, actor_name, display_name, workstation) = (self.clock.now(), actor.name(), actor.display_name(), self.workstation.clone());
        let stored = crate::store::RecipientRecord {
            kind: recipient.kind,
            recipient: recipient.recipient.clone(),
            what: recipient.what.clone(),
            sent_on: recipient.sent_on,
            recorded_by: actor_name.clone(),
        };
        let expected_version = self.take_expected_version(&record.reference);
        self.write(|tx| -> ServiceResult<Result<(), ServiceError>> {
            let record = match record_for_change(tx, &record.reference, expected_version)? {
                Ok(record) => record,
                Err(conflict) => return Ok(Err(conflict)),
            };
            // Reassigned on another desk since the check above: refused as `take_step` does.
            if let Some(refusal) = refusal_in(tx, actor, UseCase::WorkOnComplaint, covered.as_deref(), &record, (now, &workstation))? {
                return Ok(Err(refusal));
            }
            tx.insert_recipient(record.id, &stored, now)?;
            let detail = format!("verstrekt aan {}: {} ({})", recipient.kind.dutch_label(), recipient.recipient, recipient.what);
            tx.insert_event(record.id, now, &actor_name, "gegevens verstrekt", &detail)?;
            tx.mark_changed(record.id, now, &display_name)?;
            let object = format!("{} ({})", record.reference, recipient.kind.code());
            tx.append_audit(
                now,
                &actor_name,
                &workstation,
                &AuditEvent { action: "ontvanger vastleggen".into(), object, result: AuditResult::Success },
            )?;
            Ok(Ok(()))
        })??;
        self.complaint(reference)
    }

    /// AVG-04: a complaint's correction history with the previous values (coördinator,
    /// audited): what an access request or a passed-on correction needs.
    pub fn correction_history(&mut self, actor: &Actor, reference: &str) -> ServiceResult<Vec<(String, String, String, String)>> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::ViewComplaintAudit, &record)?;
        let history = self.database.reader().corrections(record.id)?;
        self.record(
            actor,
            &AuditEvent { action: "correctiegeschiedenis inzien".into(), object: record.reference, result: AuditResult::Success },
        )?;
        Ok(history)
    }
}

/// The stored assignment: the official's name and their position as the municipality calls it.
/// RT-01..04 for a validated complaint: its handler, and the department and names it is stored
/// with (the annual report counts by department, also when only a person was named). A
/// routing problem is tied to the subject field it is about, with what to do about it. The one
/// path for the intake form and the import.
pub(super) fn routed(
    chart: &OrgChart,
    settings: &Settings,
    complaint: NewComplaint,
) -> Result<(NewComplaint, ComplaintNames, HandlerAssignment), FieldError> {
    let subject =
        RoutingSubject { respondents: complaint.respondent_ids.clone(), involved: Vec::new(), department: complaint.department_id.clone() };
    let routing = routing::route(chart, &settings.function_labels, &subject).map_err(|error| {
        let field = if complaint.respondent_ids.is_empty() { "department_id" } else { "respondent_ids" };
        FieldError { field: field.into(), message: error.to_string() }
    })?;
    let handler = assignment(chart, settings, &routing.handler, routing.reason);
    let (department_id, names) =
        complaint_names(chart, &complaint.respondent_ids, complaint.department_id.as_deref(), complaint.complaint_type);
    Ok((NewComplaint { department_id, ..complaint }, names, handler))
}

fn assignment(chart: &OrgChart, settings: &Settings, handler_id: &str, reason: String) -> HandlerAssignment {
    let official = chart.official(handler_id);
    HandlerAssignment {
        id: handler_id.to_string(),
        name: official.map(|o| o.name.clone()).unwrap_or_else(|| handler_id.to_string()),
        function: official.map(|o| chart.position(o, &settings.function_labels)).unwrap_or_default(),
        reason,
    }
}

/// The department (chosen, or that of the highest-ranking respondent) and the names to store.
fn complaint_names(
    chart: &OrgChart,
    respondents: &[String],
    department: Option<&str>,
    complaint_type: ComplaintType,
) -> (Option<String>, ComplaintNames) {
    let named: Vec<_> = respondents.iter().filter_map(|id| chart.official(id)).collect();
    let department_id = department.map(str::to_string).or_else(|| {
        named
            .iter()
            .max_by_key(|official| official.function.rank())
            .and_then(|official| official.department.clone().or_else(|| chart.managed_by(&official.id).next().map(|d| d.id.clone())))
    });
    let department_name = department_id.as_deref().and_then(|id| chart.department(id)).map(|d| d.name.clone());
    let names = ComplaintNames {
        department_name: department_name.unwrap_or_else(|| match complaint_type {
            ComplaintType::Bejegening => "Bestuur".into(),
            ComplaintType::Dienstverlening => String::new(),
        }),
        respondent_names: named.iter().map(|official| official.name.as_str()).collect::<Vec<_>>().join(", "),
    };
    (department_id, names)
}

/// All terms of a complaint with its changes of term, and the deadlines still running with
/// their lights: what every screen shows (DL-10).
pub(super) fn complaint_deadlines(
    record: &ComplaintRecord,
    settings: &Settings,
    today: NaiveDate,
) -> (ComplaintDeadlines, Vec<RunningDeadline>) {
    let complaint = &record.complaint;
    let deadlines = compute_deadlines_with(complaint.received_on, &record.procedure.term_changes, &settings.calendar, &settings.norms);
    let open = !record.status.is_closed();
    let facts = RunningFacts {
        open,
        acknowledgement_pending: open && complaint.channel.is_written() && !record.acknowledged,
        contact_pending: record.procedure.contacts == 0,
        non_handling_letter_pending: record.procedure.non_handling_letter_pending,
    };
    let running = running_deadlines(&deadlines, &facts)
        .into_iter()
        .map(|(kind, due)| RunningDeadline { kind, due, light: deadline_status(due, today, &settings.calendar, &settings.norms) })
        .collect();
    (deadlines, running)
}

fn worklist_item(record: ComplaintRecord, settings: &Settings, today: NaiveDate) -> WorklistItem {
    let (deadlines, running) = complaint_deadlines(&record, settings, today);
    let next_deadline = running.first().copied();
    let complaint = &record.complaint;
    let needs_acknowledgement = running.iter().any(|deadline| deadline.kind == DeadlineKind::Acknowledgement);
    WorklistItem {
        complaint_id: record.id,
        subject: subject_of(&complaint.description, 80),
        complainant_name: complaint.complainant_name.clone(),
        department_id: complaint.department_id.clone(),
        complaint_type: complaint.complaint_type,
        received_on: complaint.received_on,
        reference: record.reference,
        department_name: record.department_name,
        handler_id: record.handler.id,
        handler_name: record.handler.name,
        status: record.status,
        decision_due: deadlines.decision_due,
        light: next_deadline.map_or(DeadlineStatus::OnTrack, |deadline| deadline.light),
        next_deadline,
        acknowledged: record.acknowledged,
        needs_acknowledgement,
        open_tasks: record.procedure.open_tasks,
        running,
    }
}
