//! Letter use cases (section 6, LT-01, PR-07, PR-08): templates and their versions, previews,
//! finalising with the mandatory-content check, the handler's approval queue, corrections as
//! new versions, recording that a letter was sent, and the letters to print today.

use super::complaints::{permits, subject_of};
use super::procedure::{current_record, past_date, problem, refusal_in, Decided};
use super::{Actor, Klachtbalie, ServiceError, ServiceResult, Settings};
use crate::audit::{AuditEvent, AuditResult};
use crate::domain::complaint::MAX_SHORT_TEXT;
use crate::domain::deadlines::{compute_deadlines, compute_deadlines_with, TermChanges};
use crate::domain::dutch_date::long_date;
use crate::domain::procedure::{DecisionState, LetterDraftState, Status, Step, TaskKind};
use crate::files::sha256_hex;
use crate::letters::templates::{self, DecisionFacts, HearingFacts};
use crate::letters::{self, LetterFacts, LetterKind, Logo, Municipality, Recipient, RenderedLetter, Signer, Template};
use crate::roles::UseCase;
use crate::store::{ComplaintRecord, LetterDraftRecord, LetterSummary, NewLetter, Reader, TemplateRecord, Writer};
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use std::sync::Arc;

/// The largest logo accepted (PNG bytes).
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

/// A template as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateView {
    pub kind: LetterKind,
    pub template: Template,
    /// 0: the built-in default, never saved.
    pub version: i64,
    pub saved_by: String,
    pub saved_at: String,
}

/// What saving a template did: the new version, and what the sample letter would lack (a
/// letter with such a template cannot be finalised until the text is fixed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSaved {
    pub version: i64,
    pub missing_in_sample: Vec<String>,
}

/// The outcome of finalising: a stored letter, or a draft in the handler's approval queue.
/// One value per use case, handed straight to the caller: the size difference costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finalised {
    Final(LetterSummary),
    AwaitingApproval { draft_id: i64, approver: String },
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
}

impl LetterContext {
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

/// Fictional facts for the template editor's preview: the Beheerder sees no complaints
/// (AVG-05), so the preview never shows a real one.
pub fn sample_facts(kind: LetterKind, today: NaiveDate) -> LetterFacts {
    // A Monday two weeks back: every sample term then falls on a working day.
    let received = today - Duration::days(i64::from(today.weekday().num_days_from_monday()) + 14);
    let recipient = if kind == LetterKind::Postponement { Recipient::Respondent } else { Recipient::Complainant };
    LetterFacts {
        reference: format!("KL-{}-0000", today.format("%Y")),
        letter_date: today,
        recipient,
        recipient_name: if recipient == Recipient::Respondent { "P. Jansen".into() } else { "mevrouw J. de Vries-Ĳsselmeer".into() },
        recipient_address: vec!["Voorbeeldstraat 1".into(), "1111 AA  DIEMEN".into()],
        complainant_name: "mevrouw J. de Vries-Ĳsselmeer".into(),
        respondent_names: "P. Jansen".into(),
        received_on: received,
        subject: "de behandeling aan de balie bij het aanvragen van een paspoort".into(),
        handler_name: "A. de Boer".into(),
        handler_function: "afdelingsmanager Burgerzaken".into(),
        first_contact_due: received + Duration::days(7),
        decision_due: received + Duration::weeks(10),
        original_decision_due: received + Duration::weeks(6),
        postponement_weeks: Some(4),
        hearing: Some(HearingFacts {
            starts_at: (received + Duration::days(29)).and_hms_opt(10, 30, 0).unwrap_or_default(),
            place: "Raadhuis, Wilhelminaplein 1, Diemen".into(),
            respond_by: received + Duration::days(22),
        }),
        forwarded_to: Some("Politie Eenheid Amsterdam".into()),
        non_handling_ground: Some("de gedraging was eerder al onderwerp van een klacht die is behandeld".into()),
        agreement: Some("U krijgt uw nieuwe paspoort op vrijdag thuisbezorgd en de medewerker heeft zijn excuses aangeboden.".into()),
        decision: Some(DecisionFacts {
            findings: "Op de dag van uw bezoek was het druk aan de balie. De medewerker heeft u niet goed uitgelegd waarom u een nieuwe pasfoto nodig had.".into(),
            judgement: "gegrond".into(),
            conclusions: "Wij hebben met de medewerkers van de balie besproken hoe zij dit voortaan uitleggen. Daarnaast bieden wij u onze excuses aan.".into(),
            reasons: "De uitleg die u kreeg was onvolledig; dat had anders gemoeten.".into(),
        }),
    }
}

impl Klachtbalie {
    /// The letterhead with the logo decoded (only letters need it, so settings stay cheap).
    pub fn letter_municipality(&self, settings: &Settings) -> ServiceResult<Municipality> {
        municipality_in(&self.database.reader(), settings)
    }

    /// Section 6: the Beheerder sets (or removes, with None) the logo on the letterhead.
    pub fn set_logo(&mut self, actor: &Actor, png: Option<&[u8]>) -> ServiceResult<()> {
        self.authorize(actor, UseCase::ManageSettings, "logo")?;
        if let Some(png) = png {
            if png.len() > MAX_LOGO_BYTES {
                return Err(ServiceError::Validation(vec![problem("logo", "Het logo is groter dan 1 MB. Kies een kleiner PNG-bestand.")]));
            }
            Logo::from_png(png).map_err(|message| ServiceError::Validation(vec![problem("logo", message)]))?;
        }
        let value = png.map(hex::encode).unwrap_or_default();
        let (now, name, workstation) = (self.clock.now(), actor.name(), self.workstation.clone());
        let event = AuditEvent { action: "logo wijzigen".into(), object: "instellingen".into(), result: AuditResult::Success };
        self.write(|tx| -> ServiceResult<()> {
            tx.set_setting("logo_png", &value)?;
            tx.append_audit(now, &name, &workstation, &event)?;
            Ok(())
        })
    }

    pub fn has_logo(&self) -> ServiceResult<bool> {
        Ok(logo_png(&self.database.reader())?.is_some())
    }

    fn template_in_force(&self, kind: LetterKind) -> ServiceResult<TemplateView> {
        template_in_force(&self.database.reader(), kind)
    }

    /// The editor's list: every kind with the template in force.
    pub fn letter_templates(&mut self, actor: &Actor) -> ServiceResult<Vec<TemplateView>> {
        self.authorize(actor, UseCase::ManageSettings, "briefsjablonen")?;
        LetterKind::ALL.into_iter().map(|kind| self.template_in_force(kind)).collect()
    }

    /// Every saved version of one template, newest first.
    pub fn template_history(&mut self, actor: &Actor, kind: LetterKind) -> ServiceResult<Vec<TemplateView>> {
        self.authorize(actor, UseCase::ManageSettings, "briefsjablonen")?;
        Ok(self.database.reader().template_history(kind)?.into_iter().map(|record| view_of(kind, record)).collect())
    }

    /// Renders a template with fictional facts: the live preview of the editor.
    pub fn preview_template(&mut self, actor: &Actor, kind: LetterKind, template: &Template) -> ServiceResult<RenderedLetter> {
        self.authorize(actor, UseCase::ManageSettings, "briefsjablonen")?;
        templates::validate_template(kind, template).map_err(|problems| ServiceError::InvalidTemplate(problems.problems))?;
        let settings = self.settings()?;
        let municipality = self.letter_municipality(&settings)?;
        let facts = sample_facts(kind, self.today());
        let signer = Signer { name: facts.handler_name.clone(), function: facts.handler_function.clone() };
        Ok(letters::render_letter(kind, template, &facts, &municipality, &signer)?)
    }

    /// Saves a new version (validated: unknown placeholders are refused). Older versions
    /// stay in the history; letters already made keep the text they were made with.
    pub fn save_template(&mut self, actor: &Actor, kind: LetterKind, template: &Template) -> ServiceResult<TemplateSaved> {
        let preview = self.preview_template(actor, kind, template)?;
        let (now, name, workstation) = (self.clock.now(), actor.name(), self.workstation.clone());
        let display = actor.display_name();
        let event = AuditEvent { action: "briefsjabloon opslaan".into(), object: kind.code().into(), result: AuditResult::Success };
        let version = self.write(|tx| -> ServiceResult<i64> {
            let version = tx.insert_template(kind, template.subject.trim(), template.body.trim_end(), &display, now)?;
            tx.append_audit(now, &name, &workstation, &event)?;
            Ok(version)
        })?;
        Ok(TemplateSaved { version, missing_in_sample: preview.missing })
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
        let rendered = context.render()?;
        self.record(
            actor,
            &AuditEvent { action: format!("briefvoorbeeld {}", kind.code()), object: record.reference, result: AuditResult::Success },
        )?;
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
        let rendered = context.render()?;
        if !rendered.missing.is_empty() {
            let event = AuditEvent {
                action: format!("brief definitief maken {}", kind.code()),
                object: record.reference.clone(),
                result: AuditResult::Failed,
            };
            self.record(actor, &event)?;
            return Err(incomplete(kind, &rendered.missing));
        }
        let (now, name, workstation, display) = (self.clock.now(), actor.name(), self.workstation.clone(), actor.display_name());
        let event = AuditEvent {
            action: format!("brief definitief maken {}", kind.code()),
            object: record.reference.clone(),
            result: AuditResult::Success,
        };
        if kind.needs_four_eyes() && !self.is_responsible_handler(actor, &record)? {
            let draft = context.draft(&record, rendered, &display, &reason);
            let draft_id = self.write(|tx| -> ServiceResult<i64> {
                let id = tx.insert_letter_draft(&draft, now)?;
                let detail = format!("{} ter goedkeuring bij {}", kind.dutch_label(), record.handler.name);
                tx.insert_event(record.id, now, &name, "brief", &detail)?;
                tx.append_audit(now, &name, &workstation, &event)?;
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
            let (id, version) = tx.insert_final_letter(&letter, now)?;
            tx.insert_event(record.id, now, &name, "brief", &final_letter_detail(kind, recipient, version, &reason))?;
            tx.append_audit(now, &name, &workstation, &event)?;
            Ok(Ok(id))
        })??;
        Ok(Finalised::Final(
            self.database.reader().letter_summary(letter_id)?.ok_or_else(|| ServiceError::NotFound("Brief niet gevonden.".into()))?,
        ))
    }

    /// The drafts this user may approve (PR-07), oldest first; no audit entries for the
    /// complaints they may not see.
    pub fn approval_queue(&mut self, actor: &Actor) -> ServiceResult<Vec<LetterDraftRecord>> {
        self.authorize(actor, UseCase::ApproveDecision, "goedkeuringen")?;
        let covered = self.covered(actor)?;
        let mut mine = Vec::new();
        for draft in self.database.reader().waiting_letter_drafts(None)? {
            let Some(record) = self.database.reader().complaint_by_reference(&draft.reference)? else { continue };
            if responsible_with(actor, covered.as_deref(), &record) {
                mine.push(draft);
            }
        }
        Ok(mine)
    }

    /// Whether the actor works on this complaint (makes its letters); asks, does not audit.
    pub fn may_work_on(&self, actor: &Actor, reference: &str) -> ServiceResult<bool> {
        let record = self.complaint(reference)?;
        Ok(permits(actor, UseCase::WorkOnComplaint, self.is_assigned(actor, &record)?))
    }

    /// The drafts waiting on one complaint (shown in its file to whoever works on it).
    pub fn complaint_drafts(&mut self, actor: &Actor, reference: &str) -> ServiceResult<Vec<LetterDraftRecord>> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::WorkOnComplaint, &record)?;
        Ok(self.database.reader().waiting_letter_drafts(Some(record.id))?)
    }

    /// A draft's PDF, for the handler's (or the drafter's) preview.
    pub fn letter_draft(&mut self, actor: &Actor, draft_id: i64) -> ServiceResult<LetterDraftRecord> {
        let draft = self
            .database
            .reader()
            .letter_draft(draft_id)?
            .ok_or_else(|| ServiceError::NotFound("Deze conceptbrief bestaat niet.".into()))?;
        let record = self.complaint(&draft.reference)?;
        self.authorize_complaint(actor, UseCase::WorkOnComplaint, &record)?;
        self.record(actor, &AuditEvent { action: "conceptbrief bekijken".into(), object: record.reference, result: AuditResult::Success })?;
        Ok(draft)
    }

    /// PR-07: the handler approves a waiting draft; its PDF, exactly as previewed, becomes the
    /// final letter. A decision draft approves the decision too (`approve_decision`).
    pub fn approve_letter_draft(&mut self, actor: &Actor, draft_id: i64) -> ServiceResult<LetterSummary> {
        let draft = self.waiting_draft(draft_id)?;
        let record = self.complaint(&draft.reference)?;
        if draft.kind == LetterKind::Decision && record.status == Status::BesluitConcept {
            self.approve_decision(actor, &record.reference)?;
        } else {
            self.authorize_complaint(actor, UseCase::ApproveDecision, &record)?;
            let covered = self.covered(actor)?;
            let (now, name, workstation, display) = (self.clock.now(), actor.name(), self.workstation.clone(), actor.display_name());
            let event = AuditEvent { action: "brief goedkeuren".into(), object: record.reference.clone(), result: AuditResult::Success };
            self.write(|tx| -> ServiceResult<Decided<()>> {
                let (draft, record) = match draft_to_decide_in(tx, draft_id, actor, covered.as_deref(), (now, &workstation))? {
                    Ok(found) => found,
                    Err(refusal) => return Ok(Err(refusal)),
                };
                let detail = approve_draft_in(tx, &draft, &display, now)?;
                tx.insert_event(record.id, now, &name, "brief", &detail)?;
                tx.append_audit(now, &name, &workstation, &event)?;
                Ok(Ok(()))
            })??;
        }
        self.database
            .reader()
            .letters_of(record.id)?
            .into_iter()
            .rev()
            .find(|letter| letter.kind == draft.kind && letter.recipient == draft.recipient)
            .ok_or_else(|| ServiceError::NotFound("De goedgekeurde brief is niet gevonden.".into()))
    }

    /// PR-07: the handler sends a draft back with a comment; nothing becomes final.
    pub fn return_letter_draft(&mut self, actor: &Actor, draft_id: i64, comment: &str) -> ServiceResult<()> {
        if comment.trim().is_empty() {
            return Err(ServiceError::Validation(vec![problem("text", "Schrijf erbij wat er anders moet.")]));
        }
        let draft = self.waiting_draft(draft_id)?;
        let record = self.complaint(&draft.reference)?;
        if draft.kind == LetterKind::Decision && record.status == Status::BesluitConcept {
            self.return_decision(actor, &record.reference, comment)?;
            return Ok(());
        }
        self.authorize_complaint(actor, UseCase::ApproveDecision, &record)?;
        let covered = self.covered(actor)?;
        let (now, name, workstation, display) = (self.clock.now(), actor.name(), self.workstation.clone(), actor.display_name());
        let event = AuditEvent { action: "brief terugsturen".into(), object: record.reference.clone(), result: AuditResult::Success };
        let comment = comment.trim().to_string();
        self.write(|tx| -> ServiceResult<Decided<()>> {
            let (draft, record) = match draft_to_decide_in(tx, draft_id, actor, covered.as_deref(), (now, &workstation))? {
                Ok(found) => found,
                Err(refusal) => return Ok(Err(refusal)),
            };
            tx.decide_on_letter_draft(draft.id, LetterDraftState::Returned, &display, now, &comment, None)?;
            let label = draft.kind.dutch_label();
            tx.insert_event(record.id, now, &name, "brief", &format!("{label} teruggestuurd: {comment}"))?;
            tx.append_audit(now, &name, &workstation, &event)?;
            Ok(Ok(()))
        })?
    }

    fn waiting_draft(&self, draft_id: i64) -> ServiceResult<LetterDraftRecord> {
        let draft = self
            .database
            .reader()
            .letter_draft(draft_id)?
            .ok_or_else(|| ServiceError::NotFound("Deze conceptbrief bestaat niet.".into()))?;
        match already_decided(&draft) {
            Some(refusal) => Err(refusal),
            None => Ok(draft),
        }
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
        self.record(
            actor,
            &AuditEvent { action: format!("brief openen {}", summary.kind.code()), object: record.reference, result: AuditResult::Success },
        )?;
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
        let sent_on = past_date(&mut errors, "date", sent_on, &record, self.today());
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
            let (now, name, workstation, display) = (self.clock.now(), actor.name(), self.workstation.clone(), actor.display_name());
            let event = AuditEvent { action: "brief verzonden".into(), object: record.reference.clone(), result: AuditResult::Success };
            self.write(|tx| -> ServiceResult<Decided<()>> {
                // Decided on the complaint as it is now: another desk may have reassigned it, or
                // approved its decision, since the checks above.
                let record = current_record(tx, &record.reference)?;
                if let Some(refusal) = refusal_in(tx, actor, UseCase::WorkOnComplaint, covered.as_deref(), &record, (now, &workstation))? {
                    return Ok(Err(refusal));
                }
                if completes_complaint(kind, &summary, record.status) {
                    return Ok(Err(ServiceError::Refused(format!(
                        "De beslissing op klacht {} is intussen goedgekeurd. Leg de verzending opnieuw vast; dan wordt de klacht ook afgehandeld.",
                        record.reference
                    ))));
                }
                let respondent_expected = !record.respondent_names.trim().is_empty();
                tx.insert_sending(letter_id, sent_on, &to, &display, now)?;
                tx.insert_event(record.id, now, &name, "brief", &detail)?;
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
                    if tx.close_tasks(record.id, task, now)? > 0 {
                        tx.insert_event(record.id, now, &name, "taak", &format!("taak afgerond: {}", kind.dutch_label().to_lowercase()))?;
                    }
                }
                tx.append_audit(now, &name, &workstation, &event)?;
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
    let template = template_in_force(reader, kind)?;
    Ok(LetterContext {
        kind,
        template: template.template,
        template_version: template.version,
        facts,
        municipality: municipality_in(reader, settings)?,
        signer: Signer { name: record.handler.name.clone(), function: record.handler.function.clone() },
    })
}

/// The letterhead with the logo decoded (only letters need it, so settings stay cheap).
fn municipality_in(reader: &Reader<'_>, settings: &Settings) -> ServiceResult<Municipality> {
    let mut municipality = settings.municipality.clone();
    if let Some(png) = logo_png(reader)? {
        municipality.logo = Logo::from_png(&png).ok().map(Arc::new);
    }
    Ok(municipality)
}

fn logo_png(reader: &Reader<'_>) -> ServiceResult<Option<Vec<u8>>> {
    Ok(reader.setting("logo_png")?.and_then(|text| hex::decode(text).ok()).filter(|bytes| !bytes.is_empty()))
}

/// The template in force for a kind: the newest saved version, or the default.
fn template_in_force(reader: &Reader<'_>, kind: LetterKind) -> ServiceResult<TemplateView> {
    Ok(match reader.current_template(kind)? {
        Some(record) => view_of(kind, record),
        None => {
            TemplateView { kind, template: templates::default_template(kind), version: 0, saved_by: String::new(), saved_at: String::new() }
        }
    })
}

/// Whether the complaint is handled by one of `covered` (None: the system account, all).
pub(super) fn assigned_with(covered: Option<&[String]>, record: &ComplaintRecord) -> bool {
    covered.is_none_or(|officials| officials.contains(&record.handler.id))
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

/// PR-07: a draft is decided on once.
fn already_decided(draft: &LetterDraftRecord) -> Option<ServiceError> {
    (draft.state != LetterDraftState::AwaitingApproval)
        .then(|| ServiceError::Refused(format!("Over deze conceptbrief is al beslist ({}).", draft.state.dutch_label())))
}

/// The draft and its complaint as they are now, inside the write transaction that decides on
/// it: still waiting, and the actor still the responsible handler. Another desk may have
/// decided on it, or reassigned the complaint, since the use case began.
fn draft_to_decide_in(
    tx: &Writer<'_>,
    draft_id: i64,
    actor: &Actor,
    covered: Option<&[String]>,
    when: (NaiveDateTime, &str),
) -> ServiceResult<Decided<(LetterDraftRecord, ComplaintRecord)>> {
    let Some(draft) = tx.read().letter_draft(draft_id)? else {
        return Ok(Err(ServiceError::NotFound("Deze conceptbrief bestaat niet.".into())));
    };
    if let Some(refusal) = already_decided(&draft) {
        return Ok(Err(refusal));
    }
    let record = current_record(tx, &draft.reference)?;
    if let Some(refusal) = refusal_in(tx, actor, UseCase::ApproveDecision, covered, &record, when)? {
        return Ok(Err(refusal));
    }
    if !responsible_with(actor, covered, &record) {
        return Ok(Err(ServiceError::Refused(format!(
            "Alleen de verantwoordelijke behandelaar ({}) beslist over deze brief.",
            record.handler.name
        ))));
    }
    Ok(Ok((draft, record)))
}

/// PR-07: a handler covering the complaint's handler approves; the system account never does.
fn responsible_with(actor: &Actor, covered: Option<&[String]>, record: &ComplaintRecord) -> bool {
    match (actor, covered) {
        (Actor::User(user), Some(officials)) => {
            UseCase::ApproveDecision.is_allowed_for(&user.roles) && officials.contains(&record.handler.id)
        }
        _ => false,
    }
}

/// Makes a waiting draft final inside the caller's transaction: its PDF becomes the next
/// version and the draft records the approval and the letter. Returns the timeline text.
pub(super) fn approve_draft_in(
    tx: &crate::store::Writer<'_>,
    draft: &LetterDraftRecord,
    approver: &str,
    now: NaiveDateTime,
) -> crate::store::StoreResult<String> {
    let sha256 = sha256_hex(&draft.pdf);
    let letter = NewLetter {
        complaint_id: draft.complaint_id,
        kind: draft.kind,
        recipient: draft.recipient,
        recipient_name: &draft.recipient_name,
        pdf: &draft.pdf,
        sha256: &sha256,
        pages: draft.pages,
        template_version: draft.template_version,
        correction_reason: &draft.correction_reason,
        drafted_by: &draft.drafted_by,
        approved_by: approver,
    };
    let (letter_id, version) = tx.insert_final_letter(&letter, now)?;
    tx.decide_on_letter_draft(draft.id, LetterDraftState::Approved, approver, now, "", Some(letter_id))?;
    Ok(format!("{}; goedgekeurd door {approver}", final_letter_detail(draft.kind, draft.recipient, version, &draft.correction_reason)))
}

fn final_letter_detail(kind: LetterKind, recipient: Recipient, version: i64, reason: &str) -> String {
    let correction = if reason.is_empty() { String::new() } else { format!(", correctie: {reason}") };
    // The fingerprint is in the letters table and the audit log; the timeline is for people.
    format!("{} aan {} definitief (versie {version}{correction})", kind.dutch_label(), recipient.dutch_label())
}

fn view_of(kind: LetterKind, record: TemplateRecord) -> TemplateView {
    TemplateView {
        kind,
        template: Template { subject: record.subject, body: record.body },
        version: record.version,
        saved_by: record.saved_by,
        saved_at: record.saved_at,
    }
}
