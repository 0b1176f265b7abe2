//! Procedure use cases (section 4, DL-05/06): every step a handler or the coördinator takes
//! on a complaint. Each goes through `take_step`: permission, then one transaction that reads
//! the complaint again and decides on that state (need-to-know, the state machine, the step's
//! own checks) before it writes the change, the timeline event and the audit entry.

use super::access::{record_for_change, refusal_in, Decided};
use super::letter_drafts::approve_draft_in;
use super::letters::{incomplete, letter_context_in};
use super::{Actor, Klachtbalie, ServiceError, ServiceResult, Settings};
use crate::audit::AuditEvent;
use crate::domain::complaint::{Channel, MAX_LONG_TEXT, MAX_SHORT_TEXT};
use crate::domain::deadlines::{compute_deadlines_with, MAX_POSTPONEMENT_WEEKS};
use crate::domain::form::{parse_dutch_or_iso_date, FieldError};
use crate::domain::form::{past_date, problem};
use crate::domain::procedure::{
    self, DecisionState, HearingSkipReason, Judgement, LetterDraftState, NonHandlingGround, ProcedureFacts, Step, TaskKind,
};
use crate::letters::templates::DecisionFacts;
use crate::letters::{LetterKind, Recipient};
use crate::roles::UseCase;
use crate::store::{ComplaintRecord, ContactRecord, DecisionRecord, HearingRecord, Reader, StoreResult, Writer};
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

/// The input of a step, as typed in the form; validated by `take_step`'s caller.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StepForm {
    /// A date (contact, sending, consent, hearing): dd-mm-jjjj or jjjj-mm-dd.
    pub date: String,
    /// The hearing's time (HH:MM).
    pub time: String,
    /// Channel of a contact, place of a hearing, receiving body, ground or reason code.
    pub choice: String,
    /// Summary, report, statement, reason, comment.
    pub text: String,
    /// Postponement weeks, or the new end date agreed (DL-06) in `date`.
    pub weeks: String,
}

/// The decision draft as typed (PR-06).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecisionForm {
    pub findings: String,
    pub judgement: String,
    pub conclusions: String,
    pub reasons: String,
}

/// What a step writes besides the status: returns the timeline text.
type StepWrite<'a> = Box<dyn FnOnce(&Writer<'_>, &ComplaintRecord, NaiveDateTime, &str) -> StoreResult<String> + 'a>;

/// The facts the state machine needs, from the stored file, on `today`.
fn facts_on(record: &ComplaintRecord, hearings: &[HearingRecord], settings: &Settings, today: NaiveDate) -> ProcedureFacts {
    let p = &record.procedure;
    let deadlines = compute_deadlines_with(record.complaint.received_on, &p.term_changes, &settings.calendar, &settings.norms);
    ProcedureFacts {
        hearing_planned: p.hearings_planned > 0,
        hearing_reported: p.hearings_reported > 0,
        hearing_ahead: hearings.last().is_some_and(|hearing| hearing.starts_at.date() > today),
        hearing_skipped: p.hearing_skip_reason.is_some(),
        postponed: p.term_changes.postponement_weeks.is_some(),
        decision_term_passed: deadlines.decision_due < today,
        was_formal: p.was_formal,
    }
}

/// A step's text through the one rule for free text (INT-02: no control or bidi characters,
/// not blank, at most `limit` characters).
fn required_text(errors: &mut Vec<FieldError>, field: &str, text: &str, message: &str, limit: usize) -> String {
    if let Some(refused) = crate::domain::text::text_problem(text, crate::domain::text::Lines::Multi, limit, Some(message)) {
        errors.push(problem(field, refused));
    }
    text.trim().to_string()
}

impl Klachtbalie {
    /// The facts the state machine needs, from the stored file.
    pub(super) fn procedure_facts(&self, record: &ComplaintRecord, hearings: &[HearingRecord], settings: &Settings) -> ProcedureFacts {
        facts_on(record, hearings, settings, self.today())
    }

    /// The one path of every step. The role and need-to-know come first (a refusal is audited,
    /// as in every use case). Then one write transaction reads the complaint again and decides
    /// on that state: need-to-know (it may have been reassigned), the state machine and the
    /// step's own checks (`check`, with a reader on the same transaction: its validation
    /// errors refuse the step, any other error rolls it back); only then status,
    /// write, event and audit. So another process (the CLI, a second desk) cannot change the
    /// complaint between the check and the write.
    pub(super) fn take_step(
        &mut self,
        actor: &Actor,
        reference: &str,
        step: Step,
        use_case: UseCase,
        check: impl Fn(&Reader<'_>, &ComplaintRecord, NaiveDate) -> ServiceResult<StepWrite<'static>>,
    ) -> ServiceResult<ComplaintRecord> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, use_case, &record)?;
        let covered = self.covered(actor)?;
        let settings = self.settings()?;
        let stamp = self.stamp(actor);
        let today = stamp.at.date();
        let display_name = actor.display_name();
        let expected_version = self.take_expected_version(&record.reference);
        self.write(|tx| -> ServiceResult<Decided<()>> {
            let record = match record_for_change(tx, &record.reference, expected_version)? {
                Ok(record) => record,
                Err(conflict) => return Ok(Err(conflict)),
            };
            if let Some(refusal) = refusal_in(tx, actor, use_case, covered.as_deref(), &record, &stamp)? {
                return Ok(Err(refusal));
            }
            let status = record.status;
            let new_status = match procedure::apply(status, step, &facts_on(&record, &tx.read().hearings(record.id)?, &settings, today)) {
                Ok(new_status) => new_status,
                Err(refusal) => {
                    // Allowed to act, but not in this state: "mislukt", not a refused access.
                    let event = AuditEvent::failed(step.dutch_label(), record.reference.clone());
                    tx.append_audit(&stamp, &event)?;
                    return Ok(Err(ServiceError::Refused(refusal.message)));
                }
            };
            let write = match check(&tx.read(), &record, today) {
                Ok(write) => write,
                Err(error @ ServiceError::Validation(_)) => return Ok(Err(error)),
                Err(other) => return Err(other),
            };
            let detail = write(tx, &record, stamp.at, &display_name)?;
            if new_status != status {
                let closed_on = new_status.is_closed().then_some(stamp.at.date());
                let closing_detail = if new_status.is_closed() { detail.clone() } else { String::new() };
                tx.set_status(record.id, new_status.code(), new_status.is_formal(), closed_on, &closing_detail)?;
            }
            let event_detail = if new_status == status { detail } else { format!("{detail} → {}", new_status.dutch_label()) };
            tx.insert_event(record.id, stamp.at, &stamp.actor, step.dutch_label(), &event_detail)?;
            tx.mark_changed(record.id, stamp.at, &display_name)?;
            let event = AuditEvent::success(step.dutch_label(), record.reference.clone());
            tx.append_audit(&stamp, &event)?;
            Ok(Ok(()))
        })??;
        self.complaint(reference)
    }

    /// PR-02: a contact with the complainant (date, channel, summary); the first one starts
    /// the informal handling.
    pub fn log_contact(&mut self, actor: &Actor, reference: &str, form: &StepForm) -> ServiceResult<ComplaintRecord> {
        let form = form.clone();
        self.take_step(actor, reference, Step::LogContact, UseCase::WorkOnComplaint, move |_, record, today| {
            let mut errors = Vec::new();
            let contact_on = past_date(&mut errors, "date", &form.date, record.complaint.received_on, today);
            let channel = Channel::from_code(form.choice.trim());
            if channel.is_none() {
                errors.push(problem("choice", "Kies hoe het contact was."));
            }
            let summary = required_text(&mut errors, "text", &form.text, "Vat kort samen wat er is besproken.", MAX_LONG_TEXT);
            // Without a channel there is already an error for it.
            let (Some(channel), true) = (channel, errors.is_empty()) else {
                return Err(ServiceError::Validation(errors));
            };
            Ok(Box::new(move |tx, record, now, by| {
                let contact = ContactRecord { contact_on, channel, by_user: by.to_string(), summary };
                tx.insert_contact(record.id, &contact, now)?;
                Ok(format!("{} ({})", crate::domain::dutch_date::long_date(contact_on), channel.dutch_label()))
            }))
        })
    }

    /// PR-02: closing informally needs the complainant's recorded satisfaction.
    pub fn resolve_informally(&mut self, actor: &Actor, reference: &str, statement: &str) -> ServiceResult<ComplaintRecord> {
        let statement = statement.to_string();
        self.take_step(actor, reference, Step::ResolveInformally, UseCase::WorkOnComplaint, move |_, _, _| {
            let mut errors = Vec::new();
            let statement = required_text(
                &mut errors,
                "text",
                &statement,
                "Leg vast dat en waarom de klager tevreden is (bijvoorbeeld: 'Klager is tevreden met de excuses en de nieuwe afspraak').",
                MAX_LONG_TEXT,
            );
            if !errors.is_empty() {
                return Err(ServiceError::Validation(errors));
            }
            Ok(Box::new(move |_, _, _, _| Ok(format!("klager tevreden: {statement}"))))
        })
    }

    /// The complainant is not satisfied, or asks for it: the formal path (Awb 9:11).
    pub fn continue_formally(&mut self, actor: &Actor, reference: &str, reason: &str) -> ServiceResult<ComplaintRecord> {
        let reason = reason.trim().to_string();
        self.take_step(actor, reference, Step::ContinueFormally, UseCase::WorkOnComplaint, move |_, _, _| {
            let reason = reason.clone();
            Ok(Box::new(move |_, _, _, _| Ok(if reason.is_empty() { "formele behandeling".to_string() } else { reason })))
        })
    }

    /// PR-04: the copy of the complaint sent to the person complained about.
    pub fn record_copy_to_respondent(&mut self, actor: &Actor, reference: &str, sent_on: &str) -> ServiceResult<ComplaintRecord> {
        let sent_on = sent_on.to_string();
        self.take_step(actor, reference, Step::SendCopyToRespondent, UseCase::WorkOnComplaint, move |_, record, today| {
            let mut errors = Vec::new();
            if record.complaint.respondent_ids.is_empty() {
                errors.push(problem("date", "Deze klacht noemt geen persoon; er is niemand om een kopie aan te sturen."));
            }
            let date = past_date(&mut errors, "date", &sent_on, record.complaint.received_on, today);
            if !errors.is_empty() {
                return Err(ServiceError::Validation(errors));
            }
            Ok(Box::new(move |tx, record, _, _| {
                tx.set_copy_to_respondent(record.id, date)?;
                Ok(format!("kopie gestuurd aan {} op {}", record.respondent_names, crate::domain::dutch_date::long_date(date)))
            }))
        })
    }

    /// PR-05: plan (or re-plan) the hearing: date, time and place; both parties are invited.
    pub fn plan_hearing(&mut self, actor: &Actor, reference: &str, form: &StepForm) -> ServiceResult<ComplaintRecord> {
        let form = form.clone();
        let now = self.now();
        self.take_step(actor, reference, Step::PlanHearing, UseCase::WorkOnComplaint, move |_, record, today| {
            let mut errors = Vec::new();
            let date = parse_dutch_or_iso_date(&form.date);
            match date {
                None => errors.push(problem("date", "Vul de datum van de hoorzitting in (dd-mm-jjjj).")),
                Some(date) if date < today => errors.push(problem("date", "Een hoorzitting plant u niet in het verleden.")),
                Some(date) if date < record.complaint.received_on => errors.push(problem("date", "Deze datum ligt vóór de ontvangst.")),
                Some(_) => {}
            }
            let time = NaiveTime::parse_from_str(form.time.trim(), "%H:%M").ok();
            if time.is_none() {
                errors.push(problem("time", "Vul de tijd in als uu:mm, bijvoorbeeld 14:30."));
            }
            let place = required_text(
                &mut errors,
                "choice",
                &form.choice,
                "Vul de plaats in, bijvoorbeeld 'Raadhuis, kamer 2.14'.",
                MAX_SHORT_TEXT,
            );
            let (Some(date), Some(time)) = (date, time) else { return Err(ServiceError::Validation(errors)) };
            if !errors.is_empty() {
                return Err(ServiceError::Validation(errors));
            }
            let starts_at = date.and_time(time);
            if starts_at < now {
                // Earlier today: a typo, not a hearing anyone can still attend.
                return Err(ServiceError::Validation(vec![problem("time", "Dit tijdstip is vandaag al voorbij; controleer de tijd.")]));
            }
            Ok(Box::new(move |tx, record, _, by| {
                tx.insert_hearing(record.id, starts_at, &place, by)?;
                Ok(format!(
                    "hoorzitting op {} om {} in {place}; klager en beklaagde uitgenodigd",
                    crate::domain::dutch_date::long_date(starts_at.date()),
                    starts_at.format("%H:%M")
                ))
            }))
        })
    }

    /// PR-05: the written report (verslag) of the hearing; needed before a decision.
    pub fn report_hearing(&mut self, actor: &Actor, reference: &str, report: &str) -> ServiceResult<ComplaintRecord> {
        let record = self.complaint(reference)?;
        let hearing = self.database.reader().hearings(record.id)?.into_iter().last();
        let report = report.to_string();
        self.take_step(actor, reference, Step::ReportHearing, UseCase::WorkOnComplaint, move |_, _, today| {
            let mut errors = Vec::new();
            let report = required_text(&mut errors, "text", &report, "Schrijf het verslag van de hoorzitting.", MAX_LONG_TEXT);
            match &hearing {
                None => errors.push(problem("text", "Er is geen hoorzitting gepland.")),
                Some(hearing) if hearing.starts_at.date() > today => {
                    errors.push(problem("text", "De hoorzitting heeft nog niet plaatsgevonden; het verslag volgt daarna."))
                }
                Some(_) => {}
            }
            if !errors.is_empty() {
                return Err(ServiceError::Validation(errors));
            }
            let hearing_id = hearing.as_ref().map(|hearing| hearing.id).unwrap_or_default();
            Ok(Box::new(move |tx, record, now, by| {
                tx.set_hearing_report(record.id, hearing_id, &report, by, now)?;
                Ok("verslag van de hoorzitting vastgelegd".to_string())
            }))
        })
    }

    /// PR-05: not hearing the complainant, only for one of the three legal reasons.
    pub fn skip_hearing(&mut self, actor: &Actor, reference: &str, reason: &str) -> ServiceResult<ComplaintRecord> {
        let reason = reason.to_string();
        self.take_step(actor, reference, Step::SkipHearing, UseCase::WorkOnComplaint, move |_, _, _| {
            let Some(reason) = HearingSkipReason::from_code(reason.trim()) else {
                return Err(ServiceError::Validation(vec![problem("choice", "Kies een van de redenen uit de wet (Awb 9:10 lid 2).")]));
            };
            Ok(Box::new(move |tx, record, _, _| {
                tx.set_hearing_skip_reason(record.id, Some(reason.code()))?;
                Ok(format!("niet gehoord: {}", reason.dutch_label()))
            }))
        })
    }

    /// DL-05: the one postponement, at most 4 weeks, before the term ends; the letters to
    /// complainant and respondent stay an open task until they are sent.
    pub fn postpone(&mut self, actor: &Actor, reference: &str, weeks: &str) -> ServiceResult<ComplaintRecord> {
        let weeks = weeks.to_string();
        let settings = self.settings()?;
        self.take_step(actor, reference, Step::Postpone, UseCase::WorkOnComplaint, move |_, record, today| {
            let weeks = match weeks.trim().parse::<u64>() {
                Ok(weeks) if (1..=MAX_POSTPONEMENT_WEEKS).contains(&weeks) => weeks,
                _ => {
                    return Err(ServiceError::Validation(vec![problem(
                        "weeks",
                        format!("Verdagen kan met 1 tot en met {MAX_POSTPONEMENT_WEEKS} weken (Awb 9:11 lid 2)."),
                    )]))
                }
            };
            let mut changes = record.procedure.term_changes;
            changes.postponement_weeks = Some(weeks);
            let new_due = compute_deadlines_with(record.complaint.received_on, &changes, &settings.calendar, &settings.norms).decision_due;
            Ok(Box::new(move |tx, record, now, _| {
                tx.set_term_changes(record.id, &changes, Some(today), record.procedure.consent_on)?;
                let recipients = if record.complaint.respondent_ids.is_empty() {
                    "de klager".to_string()
                } else {
                    format!("de klager en {}", record.respondent_names)
                };
                tx.insert_task(
                    record.id,
                    TaskKind::PostponementLetters,
                    &format!(
                        "Verdagingsbrief sturen aan {recipients} (nieuwe beslistermijn {})",
                        crate::domain::dutch_date::long_date(new_due)
                    ),
                    now,
                )?;
                Ok(format!("verdaagd met {weeks} weken; nieuwe beslistermijn {}", crate::domain::dutch_date::long_date(new_due)))
            }))
        })
    }

    /// DL-06: a further delay only with the complainant's written consent and a new end date.
    pub fn record_further_delay(&mut self, actor: &Actor, reference: &str, form: &StepForm) -> ServiceResult<ComplaintRecord> {
        let form = form.clone();
        let settings = self.settings()?;
        self.take_step(actor, reference, Step::RecordFurtherDelay, UseCase::WorkOnComplaint, move |_, record, today| {
            let mut errors = Vec::new();
            let consent_on = past_date(&mut errors, "date", &form.date, record.complaint.received_on, today);
            let current_due =
                compute_deadlines_with(record.complaint.received_on, &record.procedure.term_changes, &settings.calendar, &settings.norms)
                    .decision_due;
            let new_end = parse_dutch_or_iso_date(&form.weeks);
            match new_end {
                None => errors.push(problem("weeks", "Vul de nieuwe einddatum in die met de klager is afgesproken.")),
                Some(end) if end <= current_due => errors.push(problem(
                    "weeks",
                    format!(
                        "De nieuwe einddatum moet na de huidige beslistermijn ({}) liggen.",
                        crate::domain::dutch_date::long_date(current_due)
                    ),
                )),
                Some(_) => {}
            }
            let consent = required_text(
                &mut errors,
                "text",
                &form.text,
                "Leg vast hoe de klager schriftelijk instemde (brief, e-mail).",
                MAX_SHORT_TEXT,
            );
            let Some(new_end) = new_end else { return Err(ServiceError::Validation(errors)) };
            if !errors.is_empty() {
                return Err(ServiceError::Validation(errors));
            }
            let mut changes = record.procedure.term_changes;
            changes.agreed_end = Some(new_end);
            Ok(Box::new(move |tx, record, _, _| {
                tx.set_term_changes(record.id, &changes, record.procedure.postponed_on, Some(consent_on))?;
                Ok(format!(
                    "uitstel tot {} met schriftelijke instemming van {} ({consent})",
                    crate::domain::dutch_date::long_date(new_end),
                    crate::domain::dutch_date::long_date(consent_on)
                ))
            }))
        })
    }

    /// DL-01 (Awb 9:14): an advisory committee handles the complaint; the term becomes 10 weeks.
    pub fn refer_to_advisory_committee(&mut self, actor: &Actor, reference: &str) -> ServiceResult<ComplaintRecord> {
        let settings = self.settings()?;
        self.take_step(actor, reference, Step::ReferToAdvisoryCommittee, UseCase::WorkOnComplaint, move |_, record, _| {
            if record.procedure.term_changes.advisory_committee {
                return Err(ServiceError::Validation(vec![problem("choice", "De adviescommissie behandelt deze klacht al.")]));
            }
            let mut changes = record.procedure.term_changes;
            changes.advisory_committee = true;
            let new_due = compute_deadlines_with(record.complaint.received_on, &changes, &settings.calendar, &settings.norms).decision_due;
            Ok(Box::new(move |tx, record, _, _| {
                tx.set_term_changes(record.id, &changes, record.procedure.postponed_on, record.procedure.consent_on)?;
                Ok(format!("adviescommissie; beslistermijn 10 weken: {}", crate::domain::dutch_date::long_date(new_due)))
            }))
        })
    }

    /// PR-06: the decision draft; ongegrond needs its reasons in full.
    /// The decision letter is rendered from the draft at once (LT-01 checked) and waits in
    /// the responsible handler's approval queue (PR-07) with exactly that PDF.
    pub fn draft_decision(&mut self, actor: &Actor, reference: &str, form: &DecisionForm) -> ServiceResult<ComplaintRecord> {
        let form = form.clone();
        let settings = self.settings()?;
        self.take_step(actor, reference, Step::DraftDecision, UseCase::WorkOnComplaint, move |reader, record, today| {
            let mut errors = Vec::new();
            let findings =
                required_text(&mut errors, "findings", &form.findings, "Beschrijf wat er is gebeurd (de bevindingen).", MAX_LONG_TEXT);
            let judgement = Judgement::from_code(form.judgement.trim());
            if judgement.is_none() {
                errors.push(problem("judgement", "Kies het oordeel: gegrond, deels gegrond, ongegrond of geen oordeel."));
            }
            let conclusions = required_text(
                &mut errors,
                "conclusions",
                &form.conclusions,
                "Schrijf de conclusies en eventuele maatregelen op (of 'geen maatregelen').",
                MAX_LONG_TEXT,
            );
            let reasons = form.reasons.trim().to_string();
            if judgement == Some(Judgement::Ongegrond) && reasons.chars().count() < 20 {
                errors.push(problem("reasons", "Bij 'ongegrond' hoort een volledige motivering (PR-06): leg uit waarom."));
            }
            if let Some(refused) = crate::domain::text::text_problem(&reasons, crate::domain::text::Lines::Multi, MAX_LONG_TEXT, None) {
                errors.push(problem("reasons", refused));
            }
            let Some(judgement) = judgement else { return Err(ServiceError::Validation(errors)) };
            if !errors.is_empty() {
                return Err(ServiceError::Validation(errors));
            }
            // The letter is made from the complaint as it is now, in this transaction.
            let mut context = letter_context_in(reader, &settings, today, record, LetterKind::Decision, Recipient::Complainant)?;
            context.facts.decision = Some(DecisionFacts {
                findings: findings.clone(),
                judgement: judgement.dutch_label().into(),
                conclusions: conclusions.clone(),
                reasons: reasons.clone(),
            });
            context.deliverable()?;
            let rendered = match context.render() {
                Ok(rendered) => rendered,
                Err(error) => return Err(ServiceError::Validation(vec![problem("letter", error.to_string())])),
            };
            if !rendered.missing.is_empty() {
                return Err(ServiceError::Validation(vec![problem(
                    "letter",
                    incomplete(LetterKind::Decision, &rendered.missing).to_string(),
                )]));
            }
            Ok(Box::new(move |tx, record, now, by| {
                let draft = DecisionRecord {
                    id: 0,
                    findings,
                    judgement,
                    conclusions,
                    reasons,
                    drafted_by: by.to_string(),
                    drafted_at: now.format("%Y-%m-%dT%H:%M:%S").to_string(),
                    state: DecisionState::Concept,
                    decided_by: None,
                    decided_at: None,
                    comment: String::new(),
                };
                tx.insert_decision(record.id, &draft)?;
                let letter = context.draft(record, rendered, by, "");
                tx.insert_letter_draft(&letter, now)?;
                Ok(format!("conceptbeslissing: {}; ter goedkeuring bij {}", judgement.dutch_label(), record.handler.name))
            }))
        })
    }

    /// PR-07: only the responsible handler (or the deputy of an absent one) approves.
    pub fn approve_decision(&mut self, actor: &Actor, reference: &str) -> ServiceResult<ComplaintRecord> {
        self.decide_on_draft(actor, reference, Step::ApproveDecision, "")
    }

    /// PR-07: the handler sends the draft back with a comment.
    pub fn return_decision(&mut self, actor: &Actor, reference: &str, comment: &str) -> ServiceResult<ComplaintRecord> {
        if comment.trim().is_empty() {
            return Err(ServiceError::Validation(vec![problem("text", "Schrijf erbij wat er anders moet.")]));
        }
        self.decide_on_draft(actor, reference, Step::ReturnDecision, comment.trim())
    }

    fn decide_on_draft(&mut self, actor: &Actor, reference: &str, step: Step, comment: &str) -> ServiceResult<ComplaintRecord> {
        let comment = comment.to_string();
        self.take_step(actor, reference, step, UseCase::ApproveDecision, move |reader, record, _| {
            let draft = reader.decisions(record.id)?.into_iter().rev().find(|decision| decision.state == DecisionState::Concept);
            let Some(draft) = draft else { return Err(ServiceError::Validation(vec![problem("text", "Er is geen conceptbeslissing.")])) };
            let comment = comment.clone();
            Ok(Box::new(move |tx, record, now, by| {
                let (state, mut text) = match step {
                    Step::ApproveDecision => (DecisionState::Approved, format!("beslissing goedgekeurd door {by}")),
                    _ => (DecisionState::Returned, format!("conceptbeslissing teruggestuurd: {comment}")),
                };
                tx.decide_on_draft(record.id, draft.id, state, by, now, &comment)?;
                // PR-07: the decision letter the handler previewed becomes final with it.
                let letter_drafts = tx.read().waiting_letter_drafts(Some(record.id))?;
                for letter in letter_drafts.iter().filter(|letter| letter.kind == LetterKind::Decision) {
                    match step {
                        Step::ApproveDecision => {
                            text = format!("{text}; {}", approve_draft_in(tx, letter, by, now)?);
                        }
                        _ => {
                            tx.decide_on_letter_draft(letter.complaint_id, letter.id, LetterDraftState::Returned, by, now, &comment, None)?
                        }
                    }
                }
                Ok(text)
            }))
        })
    }

    /// Side exit: the complainant withdraws the complaint.
    pub fn withdraw(&mut self, actor: &Actor, reference: &str, note: &str) -> ServiceResult<ComplaintRecord> {
        let note = note.to_string();
        self.take_step(actor, reference, Step::Withdraw, UseCase::WorkOnComplaint, move |_, _, _| {
            let mut errors = Vec::new();
            let note = required_text(&mut errors, "text", &note, "Leg vast hoe en wanneer de klager de klacht introk.", MAX_SHORT_TEXT);
            if !errors.is_empty() {
                return Err(ServiceError::Validation(errors));
            }
            Ok(Box::new(move |_, _, _, _| Ok(format!("ingetrokken: {note}"))))
        })
    }

    /// PR-03 (Awb 9:8): not handled, on a ground from the legal list; the letter is due
    /// within 4 weeks of receipt (DL-07) and stays an open task until sent.
    pub fn not_handle(&mut self, actor: &Actor, reference: &str, ground: &str) -> ServiceResult<ComplaintRecord> {
        let ground = ground.to_string();
        self.take_step(actor, reference, Step::NotHandle, UseCase::WorkOnComplaint, move |_, _, _| {
            let Some(ground) = NonHandlingGround::from_code(ground.trim()) else {
                return Err(ServiceError::Validation(vec![problem("choice", "Kies de grond uit de wet (Awb 9:8).")]));
            };
            Ok(Box::new(move |tx, record, now, _| {
                tx.insert_task(
                    record.id,
                    TaskKind::NonHandlingLetter,
                    "Brief 'niet in behandeling' sturen met de grond en de Ombudsman Metropool",
                    now,
                )?;
                Ok(format!("niet in behandeling: {}", ground.dutch_label()))
            }))
        })
    }

    /// INT-05 (Awb 2:3): forwarded to the body it belongs to.
    pub fn forward(&mut self, actor: &Actor, reference: &str, body: &str) -> ServiceResult<ComplaintRecord> {
        let body = body.to_string();
        self.take_step(actor, reference, Step::Forward, UseCase::WorkOnComplaint, move |_, _, _| {
            let mut errors = Vec::new();
            let body = required_text(
                &mut errors,
                "choice",
                &body,
                "Vul in naar wie de klacht is doorgezonden, bijvoorbeeld 'Politie Amsterdam'.",
                MAX_SHORT_TEXT,
            );
            if !errors.is_empty() {
                return Err(ServiceError::Validation(errors));
            }
            Ok(Box::new(move |_, _, _, _| Ok(format!("doorgezonden aan {body}"))))
        })
    }

    /// Section 4: the coördinator reopens a closed complaint with a reason; the original
    /// receipt date keeps counting.
    pub fn reopen(&mut self, actor: &Actor, reference: &str, reason: &str) -> ServiceResult<ComplaintRecord> {
        let reason = reason.to_string();
        self.take_step(actor, reference, Step::Reopen, UseCase::ReopenComplaint, move |_, _, _| {
            let mut errors = Vec::new();
            let reason = required_text(&mut errors, "text", &reason, "Schrijf op waarom de klacht weer open gaat.", MAX_SHORT_TEXT);
            if !errors.is_empty() {
                return Err(ServiceError::Validation(errors));
            }
            Ok(Box::new(move |_, _, _, _| Ok(format!("heropend: {reason}"))))
        })
    }
}
