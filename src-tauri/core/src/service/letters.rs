//! Letter use cases (section 6, LT-01, PR-07, PR-08): templates and their versions, previews,
//! finalising with the mandatory-content check, the handler's approval queue, corrections as
//! new versions, recording that a letter was sent, and the letters to print today.

use super::access::{assigned_with, current_record, permits, refusal_in, responsible_with, Decided};
use super::letter_templates::{municipality_in, template_in_force};
use super::{Actor, Klachtbalie, ServiceError, ServiceResult, Settings};
use crate::audit::AuditEvent;
use crate::domain::complaint::MAX_SHORT_TEXT;
use crate::domain::deadlines::{compute_deadlines, compute_deadlines_with, TermChanges};
use crate::domain::dutch_date::long_date;
use crate::domain::form::{past_date, problem};
use crate::domain::procedure::{DecisionState, LetterDraftState, Status, Step, TaskKind};
use crate::domain::text::subject_of;
use crate::files::sha256_hex;
use crate::letters::delivery;
use crate::letters::templates::{DecisionFacts, HearingFacts};
use crate::letters::{self, LetterFacts, LetterKind, Municipality, Recipient, RenderedLetter, Signer, Template};
use crate::roles::UseCase;
use crate::store::{ComplaintRecord, LetterDraftRecord, LetterSummary, NewLetter, Reader};
use chrono::{Duration, NaiveDate};

/// The outcome of finalising: a stored letter, or a draft in the handler's approval queue.
/// One value per use case, handed straight to the caller: the size difference costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finalised {
    Final(LetterSummary),
    AwaitingApproval { draft_id: i64, approver: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLetter {
    pub reference: String,
    pub kind: LetterKind,
    pub pdf: Vec<u8>,
    pub sha256: String,
    pub newly_created: bool,
}

/// A letter about to be made: its template, the facts, the letterhead and the signer.
#[derive(Debug, Clone)]
pub(super) struct LetterContext {
    pub kind: LetterKind,
    pub template: Template,
    pub template_version: i64,
    pub facts: LetterFacts,
    pub municipality: Municipality,
    pub signer: Signer,
    /// LT-03: the parts of the addressee's postal address that are missing.
    pub undeliverable: Vec<&'static str>,
}

impl LetterContext {
    /// LT-03: a letter that cannot reach its addressee is refused, naming what is missing.
    pub fn deliverable(&self) -> ServiceResult<()> {
        if self.undeliverable.is_empty() {
            return Ok(());
        }
        Err(ServiceError::UndeliverableLetter { letter: self.kind.dutch_label().into(), missing: delivery::in_words(&self.undeliverable) })
    }

    pub fn render(&self) -> ServiceResult<RenderedLetter> {
        Ok(letters::render_letter(self.kind, &self.template, &self.facts, &self.municipality, &self.signer)?)
    }

    /// The rendered letter as a draft for the responsible handler's approval queue (PR-07).
    pub fn draft(
        &self,
        record: &ComplaintRecord,
        rendered: RenderedLetter,
        drafted_by: &str,
        correction_reason: &str,
    ) -> LetterDraftRecord {
        LetterDraftRecord {
            id: 0,
            complaint_id: record.id,
            reference: record.reference.clone(),
            kind: self.kind,
            recipient: self.facts.recipient,
            recipient_name: self.facts.recipient_name.clone(),
            correction_reason: correction_reason.into(),
            pdf: rendered.pdf,
            text: rendered.text,
            pages: rendered.pages as i64,
            template_version: self.template_version,
            approver_id: record.handler.id.clone(),
            drafted_by: drafted_by.into(),
            drafted_at: String::new(),
            state: LetterDraftState::AwaitingApproval,
            comment: String::new(),
        }
    }
}

/// LT-01: the refusal that names every missing element.
pub(super) fn incomplete(kind: LetterKind, missing: &[String]) -> ServiceError {
    ServiceError::IncompleteLetter { letter: kind.dutch_label().to_string(), missing: missing.to_vec() }
}

/// The value recorded by a closing step, without the timeline's wording before it.
fn recorded_value(closing_detail: &str, prefix: &str) -> Option<String> {
    let value = closing_detail.strip_prefix(prefix).unwrap_or(closing_detail).trim();
    (!value.is_empty()).then(|| value.to_string())
}

impl Klachtbalie {
    /// Section 6: makes the acknowledgement once from its template (LT-01 checked), stores it
    /// with its SHA-256, and afterwards always returns the stored PDF (printing reuses it; a
    /// correction is a new version through `finalise_letter`).
    pub fn acknowledgement_letter(&mut self, actor: &Actor, reference: &str) -> ServiceResult<StoredLetter> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::PrintAcknowledgement, &record)?;
        let stored =
            self.database.reader().letters_of(record.id)?.into_iter().rev().find(|letter| letter.kind == LetterKind::Acknowledgement);
        if let Some(letter) = stored {
            let (summary, pdf) = self.stored_letter(actor, letter.id)?;
            return Ok(StoredLetter { reference: record.reference, kind: summary.kind, pdf, sha256: summary.sha256, newly_created: false });
        }
        match self.finalise_letter(actor, reference, LetterKind::Acknowledgement, Recipient::Complainant, "")? {
            Finalised::Final(summary) => {
                let pdf = self.database.reader().letter_pdf(summary.id)?.unwrap_or_default();
                Ok(StoredLetter { reference: record.reference, kind: summary.kind, pdf, sha256: summary.sha256, newly_created: true })
            }
            Finalised::AwaitingApproval { .. } => Err(ServiceError::Refused("De ontvangstbevestiging wacht op goedkeuring.".into())),
        }
    }

    /// Whether the complaint's file has what this letter is about, in Dutch if not.
    fn letter_applies(
        kind: LetterKind,
        recipient: Recipient,
        record: &ComplaintRecord,
        status: Status,
        decision_approved: bool,
    ) -> Result<(), String> {
        if !kind.recipients().contains(&recipient) {
            return Err(format!("De brief '{}' gaat niet naar de {}.", kind.dutch_label(), recipient.dutch_label()));
        }
        if recipient == Recipient::Respondent && record.respondent_names.trim().is_empty() {
            return Err("Bij deze klacht is geen medewerker als beklaagde vastgelegd.".into());
        }
        let p = &record.procedure;
        let applies = match kind {
            LetterKind::Acknowledgement => true,
            LetterKind::Forwarding => status == Status::Doorgezonden,
            LetterKind::NonHandling => status == Status::NietInBehandeling,
            LetterKind::HearingInvitation => p.hearings_planned > 0,
            LetterKind::Postponement => p.term_changes.postponement_weeks.is_some(),
            LetterKind::InformalConfirmation => status == Status::InformeelAfgehandeld,
            LetterKind::Decision => decision_approved,
        };
        if applies {
            return Ok(());
        }
        Err(match kind {
            LetterKind::Forwarding => "Deze brief hoort bij een doorgezonden klacht; leg eerst de doorzending vast.",
            LetterKind::NonHandling => {
                "Deze brief hoort bij een klacht die niet in behandeling wordt genomen (Awb 9:8); leg dat eerst vast."
            }
            LetterKind::HearingInvitation => "Plan eerst de hoorzitting.",
            LetterKind::Postponement => "Leg eerst de verdaging vast.",
            LetterKind::InformalConfirmation => "Deze brief hoort bij een informeel afgehandelde klacht.",
            LetterKind::Decision => "De beslissingsbrief wordt definitief als de behandelaar de beslissing goedkeurt.",
            LetterKind::Acknowledgement => "",
        }
        .to_string())
    }

    /// Everything needed to make this letter for this complaint, read from the file.
    pub(super) fn letter_context(&self, record: &ComplaintRecord, kind: LetterKind, recipient: Recipient) -> ServiceResult<LetterContext> {
        letter_context_in(&self.database.reader(), &self.settings()?, self.today(), record, kind, recipient)
    }

    fn letter_use_case(kind: LetterKind) -> UseCase {
        if kind == LetterKind::Acknowledgement {
            UseCase::PrintAcknowledgement
        } else {
            UseCase::WorkOnComplaint
        }
    }

    /// Checks permission and applicability, and gives the context to render.
    fn prepare_letter(
        &mut self,
        actor: &Actor,
        reference: &str,
        kind: LetterKind,
        recipient: Recipient,
    ) -> ServiceResult<(ComplaintRecord, LetterContext)> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, Self::letter_use_case(kind), &record)?;
        let status = record.status;
        let approved = self.database.reader().decisions(record.id)?.iter().any(|decision| decision.state == DecisionState::Approved);
        Self::letter_applies(kind, recipient, &record, status, approved).map_err(ServiceError::Refused)?;
        let context = self.letter_context(&record, kind, recipient)?;
        Ok((record, context))
    }

    /// The letter as it would be made now, not stored: the preview before finalising.
    pub fn preview_letter(
        &mut self,
        actor: &Actor,
        reference: &str,
        kind: LetterKind,
        recipient: Recipient,
    ) -> ServiceResult<RenderedLetter> {
        let (record, context) = self.prepare_letter(actor, reference, kind, recipient)?;
        let mut rendered = context.render()?;
        if !context.undeliverable.is_empty() {
            rendered.missing.push(format!("een volledig postadres van de klager ({})", delivery::in_words(&context.undeliverable)));
        }
        self.record(actor, &AuditEvent::success(format!("briefvoorbeeld {}", kind.code()), record.reference))?;
        Ok(rendered)
    }

    /// Whether the actor is the responsible handler (or the deputy of an absent one): who
    /// approves under PR-07.
    fn is_responsible_handler(&self, actor: &Actor, record: &ComplaintRecord) -> ServiceResult<bool> {
        Ok(responsible_with(actor, self.covered(actor)?.as_deref(), record))
    }

    /// The officials whose complaints the actor handles (own and deputised); None for the
    /// system account, which acts on all. Read once per use case, not per complaint.
    pub(super) fn covered(&self, actor: &Actor) -> ServiceResult<Option<Vec<String>>> {
        Ok(match actor {
            Actor::System { .. } => None,
            Actor::User(user) => Some(self.officials_covered_by(user)?),
        })
    }

    /// LT-01 then PR-07: a complete letter is stored as the next version with its SHA-256, or,
    /// for a decision or non-handling letter made by someone other than the responsible
    /// handler, put in that handler's approval queue. A second version needs a reason.
    pub fn finalise_letter(
        &mut self,
        actor: &Actor,
        reference: &str,
        kind: LetterKind,
        recipient: Recipient,
        correction_reason: &str,
    ) -> ServiceResult<Finalised> {
        let (record, context) = self.prepare_letter(actor, reference, kind, recipient)?;
        let reason = correction_reason.trim().to_string();
        // Asked early, so a missing reason is said before the letter is rendered; decided again
        // in the write transaction below.
        let existing = self.database.reader().latest_letter_version(record.id, kind, recipient)?;
        if let Some(problem) = correction_without_reason(existing, &reason) {
            return Err(problem);
        }
        if reason.chars().count() > MAX_SHORT_TEXT {
            return Err(ServiceError::Validation(vec![problem("reason", format!("Maximaal {MAX_SHORT_TEXT} tekens."))]));
        }
        if let Err(undeliverable) = context.deliverable() {
            self.record(actor, &AuditEvent::failed(format!("brief definitief maken {}", kind.code()), record.reference.clone()))?;
            return Err(undeliverable);
        }
        let rendered = context.render()?;
        if !rendered.missing.is_empty() {
            let event = AuditEvent::failed(format!("brief definitief maken {}", kind.code()), record.reference.clone());
            self.record(actor, &event)?;
            return Err(incomplete(kind, &rendered.missing));
        }
        let stamp = self.stamp(actor);
        let display = actor.display_name();
        let event = AuditEvent::success(format!("brief definitief maken {}", kind.code()), record.reference.clone());
        if kind.needs_four_eyes() && !self.is_responsible_handler(actor, &record)? {
            let draft = context.draft(&record, rendered, &display, &reason);
            let draft_id = self.write(|tx| -> ServiceResult<i64> {
                let id = tx.insert_letter_draft(&draft, stamp.at)?;
                let detail = format!("{} ter goedkeuring bij {}", kind.dutch_label(), record.handler.name);
                tx.insert_event(record.id, stamp.at, &stamp.actor, "brief", &detail)?;
                tx.append_audit(&stamp, &event)?;
                Ok(id)
            })?;
            return Ok(Finalised::AwaitingApproval { draft_id, approver: record.handler.name });
        }
        let sha256 = sha256_hex(&rendered.pdf);
        let letter = NewLetter {
            complaint_id: record.id,
            kind,
            recipient,
            recipient_name: &context.facts.recipient_name,
            pdf: &rendered.pdf,
            sha256: &sha256,
            pages: rendered.pages as i64,
            template_version: context.template_version,
            correction_reason: &reason,
            drafted_by: &display,
            approved_by: "",
        };
        let letter_id = self.write(|tx| -> ServiceResult<Decided<i64>> {
            // Another desk may have made a version since the check above: a second version
            // needs a reason, whoever made the first.
            let existing = tx.read().latest_letter_version(record.id, kind, recipient)?;
            if let Some(problem) = correction_without_reason(existing, &reason) {
                return Ok(Err(problem));
            }
            let (id, version) = tx.insert_final_letter(&letter, stamp.at)?;
            tx.insert_event(record.id, stamp.at, &stamp.actor, "brief", &final_letter_detail(kind, recipient, version, &reason))?;
            tx.append_audit(&stamp, &event)?;
            Ok(Ok(id))
        })??;
        Ok(Finalised::Final(
            self.database.reader().letter_summary(letter_id)?.ok_or_else(|| ServiceError::NotFound("Brief niet gevonden.".into()))?,
        ))
    }

    /// Whether the actor works on this complaint (makes its letters); asks, does not audit.
    pub fn may_work_on(&self, actor: &Actor, reference: &str) -> ServiceResult<bool> {
        let record = self.complaint(reference)?;
        Ok(permits(actor, UseCase::WorkOnComplaint, self.is_assigned(actor, &record)?))
    }

    /// The final letters of a complaint, with their sendings.
    pub fn complaint_letters(&mut self, actor: &Actor, reference: &str) -> ServiceResult<Vec<LetterSummary>> {
        let record = self.complaint(reference)?;
        let may_see_all = self.authorize_letter_read(actor, &record, LetterKind::Acknowledgement)?;
        let letters = self.database.reader().letters_of(record.id)?;
        Ok(letters.into_iter().filter(|letter| may_see_all || letter.kind == LetterKind::Acknowledgement).collect())
    }

    /// Who works on the complaint reads all its letters; the front desk only the
    /// acknowledgement (AVG-05). Returns whether the actor may read every letter.
    fn authorize_letter_read(&mut self, actor: &Actor, record: &ComplaintRecord, kind: LetterKind) -> ServiceResult<bool> {
        if permits(actor, UseCase::WorkOnComplaint, self.is_assigned(actor, record)?) {
            return Ok(true);
        }
        self.authorize_complaint(actor, Self::letter_use_case(kind), record)?;
        Ok(false)
    }

    fn is_assigned(&self, actor: &Actor, record: &ComplaintRecord) -> ServiceResult<bool> {
        Ok(assigned_with(self.covered(actor)?.as_deref(), record))
    }

    /// The stored PDF of a final letter, exactly as stored (printing reuses it).
    pub fn stored_letter(&mut self, actor: &Actor, letter_id: i64) -> ServiceResult<(LetterSummary, Vec<u8>)> {
        let summary =
            self.database.reader().letter_summary(letter_id)?.ok_or_else(|| ServiceError::NotFound("Deze brief bestaat niet.".into()))?;
        let record = self.complaint(&summary.reference)?;
        let kind = summary.kind;
        self.authorize_letter_read(actor, &record, kind)?;
        let pdf = self.database.reader().letter_pdf(letter_id)?.unwrap_or_default();
        self.record(actor, &AuditEvent::success(format!("brief openen {}", summary.kind.code()), record.reference))?;
        Ok((summary, pdf))
    }

    /// PR-08: records that a final letter was sent (date, to whom) on the timeline. Sending the
    /// decision to the complainant completes the complaint; the postponement letters (all
    /// recipients) and the Awb 9:8 letter close their open tasks.
    pub fn record_sending(&mut self, actor: &Actor, letter_id: i64, sent_on: &str, recipient: &str) -> ServiceResult<LetterSummary> {
        let summary =
            self.database.reader().letter_summary(letter_id)?.ok_or_else(|| ServiceError::NotFound("Deze brief bestaat niet.".into()))?;
        let record = self.complaint(&summary.reference)?;
        let kind = summary.kind;
        let mut errors = Vec::new();
        let sent_on = past_date(&mut errors, "date", sent_on, record.complaint.received_on, self.today());
        let to = if recipient.trim().is_empty() { summary.recipient_name.clone() } else { recipient.trim().to_string() };
        if to.chars().count() > MAX_SHORT_TEXT {
            errors.push(problem("recipient", format!("Maximaal {MAX_SHORT_TEXT} tekens.")));
        }
        if !errors.is_empty() {
            return Err(ServiceError::Validation(errors));
        }
        let detail = format!("{} (versie {}) verzonden op {} aan {}", kind.dutch_label(), summary.version, long_date(sent_on), to);
        if completes_complaint(kind, &summary, record.status) {
            // The step's own transaction decides on the complaint as it is then, and records the
            // sending, the event and the new status.
            self.take_step(actor, &record.reference, Step::SendDecision, UseCase::WorkOnComplaint, move |_, _, _| {
                let (to, detail) = (to.clone(), detail.clone());
                Ok(Box::new(move |tx, _, now, by| {
                    tx.insert_sending(letter_id, sent_on, &to, by, now)?;
                    Ok(detail)
                }))
            })?;
        } else {
            self.authorize_complaint(actor, UseCase::WorkOnComplaint, &record)?;
            let covered = self.covered(actor)?;
            let stamp = self.stamp(actor);
            let display = actor.display_name();
            let event = AuditEvent::success("brief verzonden", record.reference.clone());
            self.write(|tx| -> ServiceResult<Decided<()>> {
                // Decided on the complaint as it is now: another desk may have reassigned it, or
                // approved its decision, since the checks above.
                let record = current_record(tx, &record.reference)?;
                if let Some(refusal) = refusal_in(tx, actor, UseCase::WorkOnComplaint, covered.as_deref(), &record, &stamp)? {
                    return Ok(Err(refusal));
                }
                if completes_complaint(kind, &summary, record.status) {
                    return Ok(Err(ServiceError::Refused(format!(
                        "De beslissing op klacht {} is intussen goedgekeurd. Leg de verzending opnieuw vast; dan wordt de klacht ook afgehandeld.",
                        record.reference
                    ))));
                }
                let respondent_expected = !record.respondent_names.trim().is_empty();
                tx.insert_sending(letter_id, sent_on, &to, &display, stamp.at)?;
                tx.insert_event(record.id, stamp.at, &stamp.actor, "brief", &detail)?;
                let task = match kind {
                    LetterKind::Postponement => {
                        let sent: Vec<Recipient> = tx
                            .read()
                            .letters_of(record.id)?
                            .into_iter()
                            .filter(|letter| letter.kind == kind && !letter.sendings.is_empty())
                            .map(|letter| letter.recipient)
                            .collect();
                        let complete = sent.contains(&Recipient::Complainant) && (!respondent_expected || sent.contains(&Recipient::Respondent));
                        complete.then_some(TaskKind::PostponementLetters)
                    }
                    LetterKind::NonHandling => Some(TaskKind::NonHandlingLetter),
                    _ => None,
                };
                if let Some(task) = task {
                    if tx.close_tasks(record.id, task, stamp.at)? > 0 {
                        tx.insert_event(record.id, stamp.at, &stamp.actor, "taak", &format!("taak afgerond: {}", kind.dutch_label().to_lowercase()))?;
                    }
                }
                tx.append_audit(&stamp, &event)?;
                Ok(Ok(()))
            })??;
        }
        self.database.reader().letter_summary(letter_id)?.ok_or_else(|| ServiceError::NotFound("Deze brief bestaat niet.".into()))
    }

    /// The letters finalised today that this user may print (batch printing).
    pub fn letters_finalised_today(&mut self, actor: &Actor) -> ServiceResult<Vec<LetterSummary>> {
        self.authorize(actor, UseCase::WorkOnComplaint, "brieven van vandaag")?;
        let covered = self.covered(actor)?;
        let mut allowed = Vec::new();
        for letter in self.database.reader().letters_finalised_on(self.today())? {
            let Some(record) = self.database.reader().complaint_by_reference(&letter.reference)? else { continue };
            if permits(actor, UseCase::WorkOnComplaint, assigned_with(covered.as_deref(), &record)) {
                allowed.push(letter);
            }
        }
        Ok(allowed)
    }
}

/// Everything needed to make this letter for this complaint, read through `reader` (inside a
/// write transaction: the complaint as it is now).
pub(super) fn letter_context_in(
    reader: &Reader<'_>,
    settings: &Settings,
    today: NaiveDate,
    record: &ComplaintRecord,
    kind: LetterKind,
    recipient: Recipient,
) -> ServiceResult<LetterContext> {
    let complaint = &record.complaint;
    let p = &record.procedure;
    let current = compute_deadlines_with(complaint.received_on, &p.term_changes, &settings.calendar, &settings.norms);
    let original = compute_deadlines_with(
        complaint.received_on,
        &TermChanges { advisory_committee: p.term_changes.advisory_committee, ..TermChanges::default() },
        &settings.calendar,
        &settings.norms,
    );
    let plain = compute_deadlines(complaint.received_on, &settings.calendar, &settings.norms);
    let hearing = reader.hearings(record.id)?.into_iter().last().map(|hearing| {
        let day = hearing.starts_at.date();
        let respond_by = (day - Duration::days(7)).max(today + Duration::days(3)).min(day - Duration::days(1));
        HearingFacts { starts_at: hearing.starts_at, place: hearing.place, respond_by }
    });
    let decision =
        reader.decisions(record.id)?.into_iter().rev().find(|decision| decision.state == DecisionState::Approved).map(|decision| {
            DecisionFacts {
                judgement: decision.judgement.dutch_label().to_string(),
                findings: decision.findings,
                conclusions: decision.conclusions,
                reasons: decision.reasons,
            }
        });
    let status = record.status;
    let closing = |wanted: Status, prefix: &str| if status == wanted { recorded_value(&p.closing_detail, prefix) } else { None };
    let (recipient_name, recipient_address) = match recipient {
        Recipient::Complainant => (
            complaint.complainant_name.clone(),
            vec![complaint.street_address.clone(), format!("{}  {}", complaint.postcode, complaint.city.to_uppercase()).trim().to_string()],
        ),
        // Colleagues get their letter through the internal mail at the town hall.
        Recipient::Respondent => (
            record.respondent_names.clone(),
            vec![format!("p/a {}", settings.municipality.name), settings.municipality.postal_address.clone()],
        ),
    };
    let facts = LetterFacts {
        reference: record.reference.clone(),
        letter_date: today,
        recipient,
        recipient_name,
        recipient_address,
        complainant_name: complaint.complainant_name.clone(),
        respondent_names: record.respondent_names.clone(),
        received_on: complaint.received_on,
        subject: subject_of(&complaint.description, 120).trim_end_matches(['.', ' ']).to_string(),
        handler_name: record.handler.name.clone(),
        handler_function: record.handler.function.clone(),
        first_contact_due: plain.first_contact_due,
        decision_due: current.decision_due,
        original_decision_due: original.decision_due,
        postponement_weeks: p.term_changes.postponement_weeks.map(|weeks| weeks as u32),
        hearing,
        forwarded_to: closing(Status::Doorgezonden, "doorgezonden aan "),
        non_handling_ground: closing(Status::NietInBehandeling, "niet in behandeling: "),
        agreement: closing(Status::InformeelAfgehandeld, "klager tevreden: "),
        decision,
    };
    let undeliverable = match recipient {
        Recipient::Complainant => delivery::missing_postal_address(&complaint.street_address, &complaint.postcode, &complaint.city),
        Recipient::Respondent => Vec::new(),
    };
    let template = template_in_force(reader, kind)?;
    Ok(LetterContext {
        undeliverable,
        kind,
        template: template.template,
        template_version: template.version,
        facts,
        municipality: municipality_in(reader, settings)?,
        signer: Signer { name: record.handler.name.clone(), function: record.handler.function.clone() },
    })
}

/// PR-08: sending this letter completes the complaint (the approved decision, to the complainant).
fn completes_complaint(kind: LetterKind, letter: &LetterSummary, status: Status) -> bool {
    kind == LetterKind::Decision && letter.recipient == Recipient::Complainant && status == Status::BesluitGoedgekeurd
}

/// A second version of a letter needs a reason (the correction), whoever made the first.
fn correction_without_reason(existing: i64, reason: &str) -> Option<ServiceError> {
    (existing > 0 && reason.is_empty()).then(|| {
        ServiceError::Validation(vec![problem(
            "reason",
            format!("Er is al een definitieve brief (versie {existing}). Een correctie wordt een nieuwe versie: schrijf op waarom."),
        )])
    })
}

pub(super) fn final_letter_detail(kind: LetterKind, recipient: Recipient, version: i64, reason: &str) -> String {
    let correction = if reason.is_empty() { String::new() } else { format!(", correctie: {reason}") };
    // The fingerprint is in the letters table and the audit log; the timeline is for people.
    format!("{} aan {} definitief (versie {version}{correction})", kind.dutch_label(), recipient.dutch_label())
}
