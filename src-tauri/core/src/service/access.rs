//! Who may act on a complaint, and the complaint as it is now inside a change: the checks every
//! use case that changes a complaint repeats in its write transaction, because another desk may
//! have reassigned or changed the complaint since the form was opened.

use super::{Actor, ServiceError, ServiceResult};
use crate::audit::{AuditEvent, AuditStamp};
use crate::roles::UseCase;
use crate::store::{ComplaintRecord, StoreResult, Writer};

/// A use case's outcome decided inside its write transaction: a refusal is audited in that
/// transaction, which commits, and is returned after it.
pub(super) type Decided<T> = Result<T, ServiceError>;

/// Whether `use_case` would be allowed on a complaint that is (`assigned`) or is not the
/// user's own, without recording anything: what the screen offers. The use case itself
/// checks again through `authorize_complaint`.
pub(super) fn permits(actor: &Actor, use_case: UseCase, assigned: bool) -> bool {
    match actor {
        Actor::System { .. } => true,
        Actor::User(user) if !use_case.is_allowed_for(&user.roles) || user.must_change_password => false,
        Actor::User(user) => use_case.is_allowed_on_any_complaint(&user.roles) || assigned,
    }
}

/// Whether the complaint is handled by one of `covered` (None: the system account, all).
pub(super) fn assigned_with(covered: Option<&[String]>, record: &ComplaintRecord) -> bool {
    handled_by(covered, &record.handler.id)
}

/// Whether a complaint with this handler is handled by one of `covered` (None: all).
pub(super) fn handled_by(covered: Option<&[String]>, handler_id: &str) -> bool {
    covered.is_none_or(|officials| officials.iter().any(|official| official == handler_id))
}

/// The complaint as it is now, read through the write transaction.
pub(super) fn current_record(tx: &Writer<'_>, reference: &str) -> ServiceResult<ComplaintRecord> {
    tx.read().complaint_by_reference(reference)?.ok_or_else(|| ServiceError::NotFound(format!("Klacht {reference} bestaat niet.")))
}

/// The complaint as it is now, locked for the transaction, and refused as a conflict when it
/// is no longer the version the user's form was based on (two desks at once).
pub(super) fn record_for_change(
    tx: &Writer<'_>,
    reference: &str,
    expected_version: Option<i64>,
) -> ServiceResult<Decided<ComplaintRecord>> {
    let record = tx.complaint_for_change(reference)?.ok_or_else(|| ServiceError::NotFound(format!("Klacht {reference} bestaat niet.")))?;
    match (expected_version, &record.changed) {
        (Some(expected), Some((at, by))) if expected != record.version => Ok(Err(ServiceError::Conflict {
            reference: record.reference.clone(),
            at: at.get(11..16).unwrap_or(at).to_string(),
            by: by.clone(),
        })),
        _ => Ok(Ok(record)),
    }
}

/// Need-to-know again, inside the write transaction, on the complaint as it is now: another
/// desk may have reassigned it since the use case began. `covered` is what
/// `Klachtbalie::covered` gave. A refusal is audited as `authorize_complaint` does and returned.
pub(super) fn refusal_in(
    tx: &Writer<'_>,
    actor: &Actor,
    use_case: UseCase,
    covered: Option<&[String]>,
    record: &ComplaintRecord,
    stamp: &AuditStamp,
) -> StoreResult<Option<ServiceError>> {
    if permits(actor, use_case, assigned_with(covered, record)) {
        return Ok(None);
    }
    let event = AuditEvent::refused(use_case.dutch_description(), record.reference.clone());
    tx.append_audit(stamp, &event)?;
    Ok(Some(ServiceError::Forbidden {
        roles: format!("de behandelaar van {} of de klachtcoördinator", record.reference),
        what: use_case.dutch_description().into(),
    }))
}

/// PR-07: a handler covering the complaint's handler approves; the system account never does.
pub(super) fn responsible_with(actor: &Actor, covered: Option<&[String]>, record: &ComplaintRecord) -> bool {
    match (actor, covered) {
        (Actor::User(user), Some(officials)) => {
            UseCase::ApproveDecision.is_allowed_for(&user.roles) && officials.contains(&record.handler.id)
        }
        _ => false,
    }
}
