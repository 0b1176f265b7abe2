//! Complaint use cases: intake with routing, one complaint's file with its deadlines, the
//! handler's notes and reassignment (RT-05). Every read of personal data and every change is
//! audited (SEC-02); handlers only see their own (AVG-05). The worklist is in worklist.rs, the
//! AVG's corrections and recipients in privacy.rs.

use super::access::{permits, record_for_change};
use super::{Actor, Klachtbalie, ServiceError, ServiceResult, Settings};
use crate::audit::AuditEvent;
use crate::domain::complaint::{ComplaintForm, ComplaintType, NewComplaint};
use crate::domain::deadlines::{
    compute_deadlines, compute_deadlines_with, deadline_status, running_deadlines, ComplaintDeadlines, DeadlineKind, DeadlineStatus,
    RunningFacts,
};
use crate::domain::form::FieldError;
use crate::domain::organisation::OrgChart;
use crate::domain::procedure::{self, Status, Step};
use crate::domain::routing::{self, RoutingSubject};
use crate::roles::UseCase;
use crate::store::{ComplaintNames, ComplaintRecord, ContactRecord, DecisionRecord, HandlerAssignment, HearingRecord, TaskRecord};
use chrono::NaiveDate;

/// Longest note accepted.
pub const MAX_NOTE: usize = 10_000;

/// A deadline that still runs for a complaint, with its light (DL-09).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RunningDeadline {
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub light: DeadlineStatus,
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
        let event = AuditEvent::refused(use_case.dutch_description(), record.reference.clone());
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
        let stamp = self.stamp(actor);
        let year = chrono::Datelike::year(&stamp.at.date());
        let reference = self.write(|tx| -> ServiceResult<String> {
            let number = tx.next_reference(year)?;
            let reference = number.to_string();
            let id = tx.insert_complaint(&number, &complaint, &names, &handler, stamp.at, &stamp.actor, None)?;
            tx.insert_event(id, stamp.at, &stamp.actor, "geregistreerd", &format!("via {}", complaint.channel.dutch_label()))?;
            tx.insert_event(id, stamp.at, &stamp.actor, "toegewezen", &format!("{}: {}", handler.name, handler.reason))?;
            let event = AuditEvent::success("klacht registreren", reference.clone());
            tx.append_audit(&stamp, &event)?;
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

    /// One complaint's file: intake data, handler and reason, deadlines, timeline, and the
    /// notes only for those who may read them.
    pub fn complaint_detail(&mut self, actor: &Actor, reference: &str) -> ServiceResult<ComplaintDetail> {
        self.complaint_file(actor, reference).map_err(|error| match error {
            ServiceError::Store(store) => ServiceError::Store(store.in_complaint(reference)),
            other => other,
        })
    }

    fn complaint_file(&mut self, actor: &Actor, reference: &str) -> ServiceResult<ComplaintDetail> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::ViewComplaint, &record)?;
        // Loaded once: whether the complaint is the user's own decides several permissions.
        let assigned = match actor {
            Actor::User(user) => self.is_assigned_to(user, &record)?,
            Actor::System { .. } => true,
        };
        let may_read_notes = permits(actor, UseCase::ReadNotes, assigned);
        let reader = self.database.reader();
        // Notes and the timeline name the person who acted, not their account name.
        let people: std::collections::HashMap<String, String> =
            reader.users()?.into_iter().map(|user| (user.username, user.display_name)).collect();
        let person = |username: String| people.get(&username).cloned().unwrap_or(username);
        let notes = if may_read_notes {
            Some(reader.notes(record.id)?.into_iter().map(|(at, author, text)| (at, person(author), text)).collect())
        } else {
            None
        };
        let contacts = if may_read_notes { Some(reader.contacts(record.id)?) } else { None };
        let decisions = if may_read_notes { Some(reader.decisions(record.id)?) } else { None };
        let mut hearings = reader.hearings(record.id)?;
        if !may_read_notes {
            // The KCC may tell a caller when the hearing is, but not what was said there.
            for hearing in &mut hearings {
                hearing.report = None;
            }
        }
        let timeline: Vec<(String, String, String, String)> =
            reader.events(record.id)?.into_iter().map(|(at, by, kind, detail)| (at, person(by), kind, detail)).collect();
        let open_tasks = reader.open_tasks(record.id)?;
        let settings = self.settings()?;
        let status = record.status;
        let facts = self.procedure_facts(&record, &hearings, &settings);
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
        self.record(actor, &AuditEvent::success(action, detail.record.reference.clone()))?;
        Ok(detail)
    }

    /// The handler's notes (time, author, text), for the handler and the coördinator only.
    pub fn notes(&mut self, actor: &Actor, reference: &str) -> ServiceResult<Vec<(String, String, String)>> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::ReadNotes, &record)?;
        let notes = self.database.reader().notes(record.id)?;
        self.record(actor, &AuditEvent::success("notities inzien", record.reference))?;
        Ok(notes)
    }

    pub fn add_note(&mut self, actor: &Actor, reference: &str, text: &str) -> ServiceResult<()> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::AddNote, &record)?;
        let text = text.trim();
        // INT-02: the one rule for free text (no control or bidi characters, a maximum length).
        let problem = crate::domain::text::text_problem(text, crate::domain::text::Lines::Multi, MAX_NOTE, Some("Typ eerst een notitie."));
        if let Some(message) = problem {
            return Err(ServiceError::Validation(vec![FieldError { field: "note".into(), message }]));
        }
        let stamp = self.stamp(actor);
        self.write(|tx| -> ServiceResult<()> {
            tx.insert_note(record.id, stamp.at, &stamp.actor, text)?;
            tx.insert_event(record.id, stamp.at, &stamp.actor, "notitie", "notitie toegevoegd")?;
            let event = AuditEvent::success("notitie toevoegen", record.reference.clone());
            tx.append_audit(&stamp, &event)?;
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
            let event = AuditEvent::refused("behandelaar wijzigen", record.reference.clone());
            self.record(actor, &event)?;
            return Err(ServiceError::Validation(errors));
        }
        let reason = format!("met de hand toegewezen door {}: {}", actor.display_name(), reason.trim());
        let handler = assignment(&chart, &settings, handler_id.trim(), reason);
        let stamp = self.stamp(actor);
        let display_name = actor.display_name();
        let expected_version = self.take_expected_version(&record.reference);
        self.write(|tx| -> ServiceResult<Result<(), ServiceError>> {
            let record = match record_for_change(tx, &record.reference, expected_version)? {
                Ok(record) => record,
                Err(conflict) => return Ok(Err(conflict)),
            };
            tx.set_handler(record.id, &handler)?;
            tx.insert_event(record.id, stamp.at, &stamp.actor, "toegewezen", &format!("{}: {}", handler.name, handler.reason))?;
            tx.mark_changed(record.id, stamp.at, &display_name)?;
            let event = AuditEvent::success("behandelaar wijzigen", record.reference.clone());
            tx.append_audit(&stamp, &event)?;
            Ok(Ok(()))
        })??;
        self.complaint(reference)
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
