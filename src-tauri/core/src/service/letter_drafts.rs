//! PR-07, four eyes on letters: a decision or non-handling letter made by someone other than the
//! responsible handler waits as a draft until that handler approves it (its PDF, exactly as
//! previewed, becomes the final letter) or returns it with a comment.

use super::access::{current_record, refusal_in, responsible_with, Decided};
use super::letters::final_letter_detail;
use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::{AuditEvent, AuditStamp};
use crate::domain::form::problem;
use crate::domain::procedure::{LetterDraftState, Status};
use crate::files::sha256_hex;
use crate::letters::LetterKind;
use crate::roles::UseCase;
use crate::store::{ComplaintRecord, LetterDraftRecord, LetterSummary, NewLetter, Writer};
use chrono::NaiveDateTime;

impl Klachtbalie {
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
        self.record(actor, &AuditEvent::success("conceptbrief bekijken", record.reference))?;
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
            let stamp = self.stamp(actor);
            let display = actor.display_name();
            let event = AuditEvent::success("brief goedkeuren", record.reference.clone());
            self.write(|tx| -> ServiceResult<Decided<()>> {
                let (draft, record) = match draft_to_decide_in(tx, draft_id, actor, covered.as_deref(), &stamp)? {
                    Ok(found) => found,
                    Err(refusal) => return Ok(Err(refusal)),
                };
                let detail = approve_draft_in(tx, &draft, &display, stamp.at)?;
                tx.insert_event(record.id, stamp.at, &stamp.actor, "brief", &detail)?;
                tx.append_audit(&stamp, &event)?;
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
        let stamp = self.stamp(actor);
        let display = actor.display_name();
        let event = AuditEvent::success("brief terugsturen", record.reference.clone());
        let comment = comment.trim().to_string();
        self.write(|tx| -> ServiceResult<Decided<()>> {
            let (draft, record) = match draft_to_decide_in(tx, draft_id, actor, covered.as_deref(), &stamp)? {
                Ok(found) => found,
                Err(refusal) => return Ok(Err(refusal)),
            };
            tx.decide_on_letter_draft(draft.complaint_id, draft.id, LetterDraftState::Returned, &display, stamp.at, &comment, None)?;
            let label = draft.kind.dutch_label();
            tx.insert_event(record.id, stamp.at, &stamp.actor, "brief", &format!("{label} teruggestuurd: {comment}"))?;
            tx.append_audit(&stamp, &event)?;
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
    stamp: &AuditStamp,
) -> ServiceResult<Decided<(LetterDraftRecord, ComplaintRecord)>> {
    let Some(draft) = tx.read().letter_draft(draft_id)? else {
        return Ok(Err(ServiceError::NotFound("Deze conceptbrief bestaat niet.".into())));
    };
    if let Some(refusal) = already_decided(&draft) {
        return Ok(Err(refusal));
    }
    let record = current_record(tx, &draft.reference)?;
    if let Some(refusal) = refusal_in(tx, actor, UseCase::ApproveDecision, covered, &record, stamp)? {
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
    tx.decide_on_letter_draft(draft.complaint_id, draft.id, LetterDraftState::Approved, approver, now, "", Some(letter_id))?;
    Ok(format!("{}; goedgekeurd door {approver}", final_letter_detail(draft.kind, draft.recipient, version, &draft.correction_reason)))
}
