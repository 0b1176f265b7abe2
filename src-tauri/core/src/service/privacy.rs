//! The AVG on a complaint's file: correcting the contact data (art. 16, AVG-04) with its history,
//! and recording to whom the data went (art. 19, AVG-06). Both re-check, inside the write, that
//! the user may still act on the complaint.

use super::access::{record_for_change, refusal_in};
use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::domain::contact_correction::{changed_contact_fields, contact_field_label, ContactCorrection};
use crate::domain::form::FieldError;
use crate::domain::recipient::RecipientForm;
use crate::roles::UseCase;
use crate::store::ComplaintRecord;

impl Klachtbalie {
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
        let stamp = self.stamp(actor);
        let display_name = actor.display_name();
        let expected_version = self.take_expected_version(&record.reference);
        self.write(|tx| -> ServiceResult<Result<(), ServiceError>> {
            let record = match record_for_change(tx, &record.reference, expected_version)? {
                Ok(record) => record,
                Err(conflict) => return Ok(Err(conflict)),
            };
            // Reassigned on another desk since the check above: refused as `take_step` does.
            if let Some(refusal) = refusal_in(tx, actor, UseCase::WorkOnComplaint, covered.as_deref(), &record, &stamp)? {
                return Ok(Err(refusal));
            }
            tx.correct_contact_data(&record, &corrected, &changed, stamp.at, &stamp.actor)?;
            tx.insert_event(record.id, stamp.at, &stamp.actor, "gegevens gecorrigeerd", &format!("gecorrigeerd: {fields}"))?;
            tx.mark_changed(record.id, stamp.at, &display_name)?;
            let object = format!("{} ({fields})", record.reference);
            tx.append_audit(&stamp, &AuditEvent::success("gegevens corrigeren", object))?;
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
        let stamp = self.stamp(actor);
        let display_name = actor.display_name();
        let stored = crate::store::RecipientRecord {
            kind: recipient.kind,
            recipient: recipient.recipient.clone(),
            what: recipient.what.clone(),
            sent_on: recipient.sent_on,
            recorded_by: stamp.actor.clone(),
        };
        let expected_version = self.take_expected_version(&record.reference);
        self.write(|tx| -> ServiceResult<Result<(), ServiceError>> {
            let record = match record_for_change(tx, &record.reference, expected_version)? {
                Ok(record) => record,
                Err(conflict) => return Ok(Err(conflict)),
            };
            // Reassigned on another desk since the check above: refused as `take_step` does.
            if let Some(refusal) = refusal_in(tx, actor, UseCase::WorkOnComplaint, covered.as_deref(), &record, &stamp)? {
                return Ok(Err(refusal));
            }
            tx.insert_recipient(record.id, &stored, stamp.at)?;
            let detail = format!("verstrekt aan {}: {} ({})", recipient.kind.dutch_label(), recipient.recipient, recipient.what);
            tx.insert_event(record.id, stamp.at, &stamp.actor, "gegevens verstrekt", &detail)?;
            tx.mark_changed(record.id, stamp.at, &display_name)?;
            let object = format!("{} ({})", record.reference, recipient.kind.code());
            tx.append_audit(&stamp, &AuditEvent::success("ontvanger vastleggen", object))?;
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
        self.record(actor, &AuditEvent::success("correctiegeschiedenis inzien", record.reference))?;
        Ok(history)
    }
}
