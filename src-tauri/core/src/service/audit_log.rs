//! Audit-log use cases (SEC-02): the Beheerder reads, filters, verifies and exports the whole
//! log; the coördinator reads the trail of one complaint. Reading the log is itself logged.

use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::{self, AuditEntry, AuditEvent, AuditResult, AuditVerification};
use crate::domain::text::csv_field;
use crate::roles::UseCase;
use crate::store::{AuditFilter, Reader, ServerChange, ServerChangeFilter, StoreError};

impl Klachtbalie {
    /// Entries matching the filter, and the verification of the whole chain. Works also while
    /// writing is stopped because the log's end was damaged: the Beheerder must be able to see it.
    pub fn audit_log(&mut self, actor: &Actor, filter: &AuditFilter) -> ServiceResult<(Vec<AuditEntry>, AuditVerification)> {
        self.authorize(actor, UseCase::ViewAuditLog, "auditlog")?;
        let (entries, verification) =
            self.database.read_consistently(|reader| -> ServiceResult<_> { Ok((reader.audit_entries(filter)?, verify_with(reader)?)) })?;
        match self.record(actor, &AuditEvent::success("auditlog inzien", "auditlog")) {
            Ok(()) | Err(ServiceError::Store(StoreError::AuditTampered(_))) => Ok((entries, verification)),
            Err(other) => Err(other),
        }
    }

    /// Checks every link of the chain and the recorded head (`klachtbalie-cli verify-audit`).
    pub fn verify_audit(&mut self, actor: &Actor) -> ServiceResult<AuditVerification> {
        self.authorize(actor, UseCase::ViewAuditLog, "auditlog")?;
        let verification = self.verify_audit_chain()?;
        let result = if verification.first_broken.is_none() { AuditResult::Success } else { AuditResult::Failed };
        match self.record(actor, &AuditEvent::with_result("auditlog controleren", "auditlog", result)) {
            Ok(()) | Err(ServiceError::Store(StoreError::AuditTampered(_))) => Ok(verification),
            Err(other) => Err(other),
        }
    }

    /// The log and its recorded head read in one snapshot, so a write committed by another
    /// process in between is never taken for tampering.
    fn verify_audit_chain(&self) -> ServiceResult<AuditVerification> {
        let verification = self.database.read_consistently(verify_with)?;
        if verification.first_broken.is_some() {
            return Ok(verification);
        }
        // A shared desk knows the last entry it wrote itself: a database administrator who
        // removed or rewrote entries and made the chain and head consistent again is caught.
        let Some((sequence, hash)) = self.remembered_audit_end() else { return Ok(verification) };
        let filter = AuditFilter::default();
        let entries = self.database.reader().audit_entries(&filter)?;
        if entries.iter().any(|entry| entry.sequence == sequence && entry.hash == hash) {
            return Ok(verification);
        }
        Ok(AuditVerification {
            entries: verification.entries,
            first_broken: Some(audit::BrokenLink { sequence, problem: audit::own_entry_missing(sequence) }),
        })
    }

    /// SEC-02: the Beheerder acknowledges that the end of the log was damaged (entries cut off,
    /// the recorded head removed). One entry records what was found; then writing goes on.
    /// Returns the problem that was acknowledged, or `None` if the log's end was in order.
    pub fn acknowledge_audit_damage(&mut self, actor: &Actor) -> ServiceResult<Option<String>> {
        self.authorize(actor, UseCase::ViewAuditLog, "auditlog")?;
        let stamp = self.stamp(actor);
        let acknowledged = self.database.write(|tx| -> ServiceResult<Option<String>> { Ok(tx.acknowledge_audit_problem(&stamp)?) })?;
        // The acknowledgement is now the last entry this desk wrote: remembered, so the next
        // start (a CLI run ends here) does not find the old, missing one again.
        self.remember_audit_end();
        Ok(acknowledged)
    }

    /// The filtered log as CSV (semicolon-separated, as Dutch Excel expects), for the CISO.
    pub fn audit_csv(&mut self, actor: &Actor, filter: &AuditFilter) -> ServiceResult<String> {
        self.authorize(actor, UseCase::ViewAuditLog, "auditlog")?;
        let entries = self.database.reader().audit_entries(filter)?;
        let mut csv = String::from("volgnummer;tijdstip;gebruiker;werkplek;actie;object;resultaat;vorige_hash;hash\r\n");
        for entry in &entries {
            let fields = [
                entry.sequence.to_string(),
                entry.at.clone(),
                entry.actor.clone(),
                entry.workstation.clone(),
                entry.action.clone(),
                entry.object.clone(),
                entry.result.clone(),
                entry.previous_hash.clone(),
                entry.hash.clone(),
            ];
            csv.push_str(&fields.iter().map(|field| csv_field(field, ';')).collect::<Vec<_>>().join(";"));
            csv.push_str("\r\n");
        }
        let object = format!("auditlog ({} regels)", entries.len());
        // The CISO needs this copy most when the log's end is damaged: it is not blocked then.
        match self.record(actor, &AuditEvent::success("auditlog exporteren", object)) {
            Ok(()) | Err(ServiceError::Store(StoreError::AuditTampered(_))) => Ok(csv),
            Err(other) => Err(other),
        }
    }

    /// SEC-07: the shared server's own record of writes (with the login that made each, also
    /// a change made with psql), newest first; `None` on a single desk. Reading it is logged.
    pub fn server_changes(&mut self, actor: &Actor, filter: &ServerChangeFilter) -> ServiceResult<Option<Vec<ServerChange>>> {
        self.authorize(actor, UseCase::ViewAuditLog, "wijzigingen volgens de server")?;
        let changes = self.database.reader().server_changes(filter)?;
        if changes.is_none() {
            return Ok(None);
        }
        // Needed most while the log's end is damaged: not blocked then, like the log itself.
        match self.record(actor, &AuditEvent::success("wijzigingen volgens de server inzien", "server")) {
            Ok(()) | Err(ServiceError::Store(StoreError::AuditTampered(_))) => Ok(changes),
            Err(other) => Err(other),
        }
    }

    /// The audit trail of one complaint, for the coördinator.
    pub fn complaint_audit(&mut self, actor: &Actor, reference: &str) -> ServiceResult<Vec<AuditEntry>> {
        self.authorize(actor, UseCase::ViewComplaintAudit, reference.trim())?;
        let reference = reference.trim().to_string();
        if self.database.reader().complaint_by_reference(&reference)?.is_none() {
            return Err(ServiceError::NotFound(format!("Klacht {reference} bestaat niet.")));
        }
        let filter = AuditFilter { object: Some(reference.clone()), ..AuditFilter::default() };
        let entries = self.database.reader().audit_entries(&filter)?;
        self.record(actor, &AuditEvent::success("auditspoor inzien", reference))?;
        Ok(entries)
    }
}

/// The whole chain and its recorded head, as one reader sees them. A set-up database always
/// has entries; an empty log with accounts means the log itself was removed.
fn verify_with(reader: &Reader<'_>) -> ServiceResult<AuditVerification> {
    let entries = reader.audit_entries(&AuditFilter::default())?;
    let head = reader.audit_head()?;
    if entries.is_empty() && head.is_none() && reader.user_count()? > 0 {
        return Ok(AuditVerification {
            entries: 0,
            first_broken: Some(audit::BrokenLink {
                sequence: 1,
                problem: "het hele log en de controlewaarde van de laatste regel ontbreken.".into(),
            }),
        });
    }
    Ok(audit::verify_chain_with(&entries, head, |entry| reader.audit_entry_hash(entry)))
}
