//! IPC types of a complaint: intake, the complaint's file with its deadlines, timeline,
//! recipients and corrections. The worklist is in worklist.rs, the procedure's forms in
//! procedure.rs.

use super::*;

/// INT-04: a complaint that may be the same as the one being typed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct PossibleDuplicateView {
    pub reference: String,
    pub received_on: String,
    pub complainant_name: String,
    pub subject: String,
    pub status: String,
    /// What it has in common with what was typed: "naam", "telefoon", "e-mail", "postcode en huisnummer".
    pub shared: Vec<String>,
}

impl From<service::PossibleDuplicate> for PossibleDuplicateView {
    fn from(d: service::PossibleDuplicate) -> Self {
        Self {
            reference: d.reference,
            received_on: long_date(d.received_on),
            complainant_name: d.complainant_name,
            subject: d.subject,
            status: d.status,
            shared: d.shared.into_iter().map(str::to_string).collect(),
        }
    }
}

impl From<ComplaintRequest> for klachtbalie_core::domain::complaint::ComplaintForm {
    fn from(r: ComplaintRequest) -> Self {
        Self {
            received_on: r.received_on,
            channel: r.channel,
            complainant_name: r.complainant_name,
            street_address: r.street_address,
            postcode: r.postcode,
            city: r.city,
            phone: r.phone,
            email: r.email,
            representative: r.representative,
            complaint_type: r.complaint_type,
            department_id: r.department_id,
            respondent_ids: r.respondent_ids,
            conduct_date: r.conduct_date,
            description: r.description,
            desired_outcome: r.desired_outcome,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct DeadlineView {
    pub label: String,
    /// ISO date, for sorting and tests.
    pub date: String,
    /// Written out in Dutch, e.g. "maandag 4 januari 2027".
    pub date_text: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct RegisteredView {
    pub reference: String,
    pub handler_name: String,
    pub handler_reason: String,
    pub needs_acknowledgement: bool,
    pub deadlines: Vec<DeadlineView>,
}

impl From<service::RegisteredComplaint> for RegisteredView {
    fn from(registered: service::RegisteredComplaint) -> Self {
        let deadlines = deadline_views(&registered.deadlines, registered.needs_acknowledgement);
        Self {
            reference: registered.reference,
            handler_name: format!("{}, {}", registered.handler_name, registered.handler_function),
            handler_reason: registered.handler_reason,
            needs_acknowledgement: registered.needs_acknowledgement,
            deadlines,
        }
    }
}

pub(super) fn deadline_views(d: &ComplaintDeadlines, needs_acknowledgement: bool) -> Vec<DeadlineView> {
    let mut deadlines = vec![];
    if needs_acknowledgement {
        deadlines.push(deadline("Ontvangstbevestiging (interne norm)", d.acknowledgement_due));
    }
    deadlines.push(deadline("Eerste contact met de klager (interne norm)", d.first_contact_due));
    deadlines.push(deadline("Beslissing op de klacht (Awb 9:11)", d.decision_due));
    deadlines
}

pub(super) fn deadline(label: &str, date: chrono::NaiveDate) -> DeadlineView {
    DeadlineView { label: label.into(), date: date.to_string(), date_text: long_date_with_weekday(date) }
}

/// What an import of earlier years brought in.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ComplaintImportResult {
    pub imported: u32,
    /// The first and last reference given (by year of receipt).
    pub first: Option<String>,
    pub last: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct RunningDeadlineView {
    pub kind: String,
    pub label: String,
    pub date: String,
    pub date_text: String,
    pub light: Light,
    pub light_label: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ContactView {
    pub date: String,
    pub channel: String,
    pub by: String,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct HearingView {
    pub when: String,
    pub place: String,
    /// Null when there is no report yet, or the user may not read it (KCC).
    pub report: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct DecisionView {
    pub state: String,
    pub judgement: String,
    pub findings: String,
    pub conclusions: String,
    pub reasons: String,
    pub drafted_by: String,
    pub drafted_at: String,
    pub decided_by: Option<String>,
    pub comment: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct LetterView {
    pub reference: String,
    pub path: String,
    pub sha256: String,
    pub opened: bool,
    pub newly_created: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct TimelineEntry {
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct NoteView {
    pub at: String,
    pub author: String,
    pub text: String,
}

/// One complaint's file. `notes` is null for users who may not read them (KCC).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ComplaintDetailView {
    /// The complaint's number in the database: live updates name complaints by it.
    pub id: u32,
    pub reference: String,
    /// Raised by every step and reassignment; the forms send it back, so a change based on
    /// what another desk has changed since is refused.
    pub version: u32,
    pub status: String,
    pub received_on: String,
    pub channel: String,
    pub complainant_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub representative: String,
    pub complaint_type: String,
    pub department_name: String,
    pub respondent_names: String,
    pub respondent_ids: Vec<String>,
    pub conduct_date: String,
    pub description: String,
    pub desired_outcome: String,
    pub handler_id: String,
    pub handler_name: String,
    pub handler_function: String,
    pub handler_reason: String,
    pub acknowledged: bool,
    pub status_code: String,
    /// What changed the decision term (advisory committee, postponement, agreed delay).
    pub term_notes: Vec<String>,
    /// Every deadline still running, earliest first, with its light (DL-10).
    pub running: Vec<RunningDeadlineView>,
    pub decision_due_text: String,
    pub timeline: Vec<TimelineEntry>,
    pub notes: Option<Vec<NoteView>>,
    pub contacts: Option<Vec<ContactView>>,
    pub hearings: Vec<HearingView>,
    pub decisions: Option<Vec<DecisionView>>,
    pub open_tasks: Vec<String>,
    /// The steps this user can take now.
    pub steps: Vec<Choice>,
    pub closing_detail: String,
    pub may_reassign: bool,
    pub may_add_note: bool,
    /// AVG-02: "Bewaren tot en met 1 maart 2031 (Selectielijst 13.1, afgehandeld)", or why not.
    pub retention: Option<String>,
    /// The marks that decide the retention class; `None` when this user may not change them.
    pub retention_marks: Option<RetentionMarksView>,
    /// The earlier system's reference of an imported complaint.
    pub previous_reference: Option<String>,
    /// AVG-04: the contact data as stored, for the correction form; `None` when this user may
    /// not correct it.
    pub contact: Option<ContactCorrectionRequest>,
    /// AVG-02: "Vernietigd op … (Selectielijst …; voorgesteld door …, bevestigd door …)".
    pub destroyed: Option<String>,
    /// AVG-06 (art. 19): to whom the data went; `None` for those who may not see it.
    pub recipients: Option<Vec<RecipientView>>,
    /// The kinds of recipient the form offers.
    pub recipient_kinds: Vec<Choice>,
}

/// AVG-06 (art. 19): one recipient of the complaint's data.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct RecipientView {
    pub kind: String,
    pub recipient: String,
    pub what: String,
    pub sent_on: String,
}

/// AVG-06 (art. 19): records a recipient of the complaint's data.
#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct RecipientRequest {
    pub reference: String,
    /// As `StepRequest::version`.
    pub version: Option<u32>,
    pub kind: String,
    pub recipient: String,
    pub what: String,
    pub sent_on: String,
}

/// AVG-04 (art. 16): a correction of the complainant's contact data.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct ContactCorrectionRequest {
    pub reference: String,
    /// As `StepRequest::version`.
    pub version: Option<u32>,
    pub complainant_name: String,
    pub street_address: String,
    pub postcode: String,
    pub city: String,
    pub phone: String,
    pub email: String,
    pub representative: String,
}

impl From<&ContactCorrectionRequest> for klachtbalie_core::domain::contact_correction::ContactCorrection {
    fn from(request: &ContactCorrectionRequest) -> Self {
        Self {
            complainant_name: request.complainant_name.clone(),
            street_address: request.street_address.clone(),
            postcode: request.postcode.clone(),
            city: request.city.clone(),
            phone: request.phone.clone(),
            email: request.email.clone(),
            representative: request.representative.clone(),
        }
    }
}

/// AVG-02: the coördinator's marks for a complaint's retention class.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct RetentionMarksView {
    pub compensation_paid: bool,
    pub ombudsman: bool,
    pub ombudsman_case_open: bool,
    pub keep_permanently: bool,
}

impl From<RetentionMarksView> for klachtbalie_core::domain::retention::RetentionMarks {
    fn from(view: RetentionMarksView) -> Self {
        Self {
            compensation_paid: view.compensation_paid,
            ombudsman: view.ombudsman,
            ombudsman_case_open: view.ombudsman_case_open,
            keep_permanently: view.keep_permanently,
        }
    }
}

/// The retention line of a complaint's file (AVG-02).
pub fn retention_line(retention: &klachtbalie_core::domain::retention::Retention) -> Option<String> {
    let class = retention.class?;
    let what = format!("Selectielijst {}, {}", class.code().trim_end_matches("-doorgezonden"), class.dutch_label());
    Some(match (&retention.hold, retention.destroy_after) {
        (Some(hold), _) => format!("Niet vernietigen: {hold} ({what})."),
        (None, Some(after)) => format!("Bewaren tot en met {} ({what}).", long_date(after)),
        (None, None) => format!("Blijvend bewaren ({what})."),
    })
}

pub fn note_view((at, author, text): (String, String, String)) -> NoteView {
    NoteView { at: display_time(&at), author, text }
}

/// "2026-11-23T09:05:00" -> "23 november 2026, 09:05", as every date on the screens is written.
pub(super) fn display_time(stored: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(stored, "%Y-%m-%dT%H:%M:%S")
        .map(klachtbalie_core::domain::dutch_date::moment)
        .unwrap_or_else(|_| stored.to_string())
}

impl From<ComplaintDetail> for ComplaintDetailView {
    fn from(detail: ComplaintDetail) -> Self {
        let record = detail.record;
        let c = record.complaint;
        let procedure = &record.procedure;
        let mut term_notes = Vec::new();
        if procedure.term_changes.advisory_committee {
            term_notes.push("Adviescommissie: beslistermijn 10 weken (Awb 9:14).".to_string());
        }
        if let (Some(weeks), Some(on)) = (procedure.term_changes.postponement_weeks, procedure.postponed_on) {
            term_notes.push(format!("Verdaagd met {weeks} weken op {} (Awb 9:11 lid 2).", long_date(on)));
        }
        if let (Some(end), Some(consent)) = (procedure.term_changes.agreed_end, procedure.consent_on) {
            term_notes.push(format!("Uitstel tot {} met instemming van de klager van {}.", long_date(end), long_date(consent)));
        }
        let contact = detail.may_correct.then(|| ContactCorrectionRequest {
            reference: record.reference.clone(),
            version: Some(count(record.version)),
            complainant_name: c.complainant_name.clone(),
            street_address: c.street_address.clone(),
            postcode: c.postcode.clone(),
            city: c.city.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            representative: c.representative.clone(),
        });
        let destroyed = detail.destruction.as_ref().map(|record| {
            let day = chrono::NaiveDateTime::parse_from_str(&record.destroyed_at, "%Y-%m-%dT%H:%M:%S")
                .map_or_else(|_| record.destroyed_at.clone(), |at| long_date(at.date()));
            format!(
                "Vernietigd op {day}: persoonsgegevens, teksten en brieven (Selectielijst {}; voorgesteld door {}, bevestigd door {}).",
                record.retention_class.trim_end_matches("-doorgezonden"),
                record.proposed_by,
                record.confirmed_by
            )
        });
        let recipients = detail.recipients.as_ref().map(|recipients| {
            recipients
                .iter()
                .map(|r| RecipientView {
                    kind: r.kind.dutch_label().to_string(),
                    recipient: r.recipient.clone(),
                    what: r.what.clone(),
                    sent_on: long_date(r.sent_on),
                })
                .collect()
        });
        Self {
            recipients,
            recipient_kinds: RecipientKind::ALL.iter().map(|kind| choice(kind.code(), kind.dutch_label())).collect(),
            destroyed,
            contact,
            id: count(record.id),
            version: count(record.version),
            reference: record.reference,
            status: detail.status.dutch_label().into(),
            status_code: detail.status.code().into(),
            term_notes,
            running: detail
                .running
                .iter()
                .map(|d| RunningDeadlineView {
                    kind: d.kind.code().into(),
                    label: d.kind.dutch_label().into(),
                    date: d.due.to_string(),
                    date_text: long_date_with_weekday(d.due),
                    light: light(d.light),
                    light_label: d.light.dutch_label().into(),
                })
                .collect(),
            decision_due_text: long_date_with_weekday(detail.deadlines.decision_due),
            contacts: detail.contacts.map(|contacts| {
                contacts
                    .into_iter()
                    .map(|c| ContactView {
                        date: long_date(c.contact_on),
                        channel: c.channel.dutch_label().into(),
                        by: c.by_user,
                        summary: c.summary,
                    })
                    .collect()
            }),
            hearings: detail
                .hearings
                .into_iter()
                .map(|h| HearingView {
                    when: format!("{} om {}", long_date_with_weekday(h.starts_at.date()), h.starts_at.format("%H:%M")),
                    place: h.place,
                    report: h.report,
                })
                .collect(),
            decisions: detail.decisions.map(|decisions| {
                decisions
                    .into_iter()
                    .map(|d| DecisionView {
                        state: d.state.code().into(),
                        judgement: d.judgement.dutch_label().into(),
                        findings: d.findings,
                        conclusions: d.conclusions,
                        reasons: d.reasons,
                        drafted_by: d.drafted_by,
                        drafted_at: display_time(&d.drafted_at),
                        decided_by: d.decided_by,
                        comment: d.comment,
                    })
                    .collect()
            }),
            open_tasks: detail.open_tasks.into_iter().map(|task| task.description).collect(),
            steps: detail
                .possible_steps
                .iter()
                // Sending the decision is recorded on its letter, not as a step of its own.
                .filter(|step| **step != Step::SendDecision)
                .map(|step| choice(&step_code(*step), step.dutch_label()))
                .collect(),
            closing_detail: procedure.closing_detail.clone(),
            received_on: long_date(c.received_on),
            channel: c.channel.dutch_label().into(),
            complainant_name: c.complainant_name,
            address: [c.street_address, format!("{} {}", c.postcode, c.city).trim().to_string()]
                .into_iter()
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            phone: c.phone,
            email: c.email,
            representative: c.representative,
            complaint_type: c.complaint_type.code().into(),
            department_name: record.department_name,
            respondent_names: record.respondent_names,
            respondent_ids: c.respondent_ids,
            conduct_date: c.conduct_date.map(long_date).unwrap_or_default(),
            description: c.description,
            desired_outcome: c.desired_outcome,
            handler_id: record.handler.id,
            handler_name: record.handler.name,
            handler_function: record.handler.function,
            handler_reason: record.handler.reason,
            acknowledged: record.acknowledged,
            timeline: detail
                .timeline
                .into_iter()
                .map(|(at, actor, kind, detail)| TimelineEntry { at: display_time(&at), actor, kind, detail })
                .collect(),
            notes: detail.notes.map(|notes| notes.into_iter().map(note_view).collect()),
            may_reassign: detail.may_reassign,
            may_add_note: detail.may_add_note,
            retention: if detail.destruction.is_some() { None } else { retention_line(&detail.retention) },
            retention_marks: detail.may_mark_retention.then_some(RetentionMarksView {
                compensation_paid: record.retention_marks.compensation_paid,
                ombudsman: record.retention_marks.ombudsman,
                ombudsman_case_open: record.retention_marks.ombudsman_case_open,
                keep_permanently: record.retention_marks.keep_permanently,
            }),
            previous_reference: record.previous_reference,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct ReassignRequest {
    pub reference: String,
    pub handler_id: String,
    pub reason: String,
    /// As `StepRequest::version`.
    pub version: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct UserAccountView {
    pub id: u32,
    pub username: String,
    pub display_name: String,
    pub job_title: String,
    pub roles: Vec<String>,
    pub role_labels: Vec<String>,
    pub official_id: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
}
