//! Audit-log use cases (SEC-02): the Beheerder reads, filters, verifies and exports the whole
//! log; the coördinator reads the trail of one complaint. Reading the log is itself logged.

use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::{self, AuditEntry, AuditEvent, AuditResult, AuditVerification};
use crate::roles::UseCase;
use crate::store::AuditFilter;

impl Klachtbalie {
    /// Entries matching the filter, and the verification of the whole chain.
    pub fn audit_log(&mut self, actor: &Actor, filter: &AuditFilter) -> ServiceResult<(Vec<AuditEntry>, AuditVerification)> {
        self.authorize(actor, UseCase::ViewAuditLog, "auditlog")?;
        let verification = self.verify_audit_chain()?;
        let entries = self.database.reader().audit_entries(filter)?;
        self.record(actor, &AuditEvent { action: "auditlog inzien".into(), object: "auditlog".into(), result: AuditResult::Success })?;
        Ok((entries, verification))
    }

    /// Checks every link of the chain and the recorded head (`klachtbalie-cli verify-audit`).
    pub fn verify_audit(&mut self, actor: &Actor) -> ServiceResult<AuditVerification> {
        self.authorize(actor, UseCase::ViewAuditLog, "auditlog")?;
        let verification = self.verify_audit_chain()?;
        let result = if verification.first_broken.is_none() { AuditResult::Success } else { AuditResult::Failed };
        self.record(actor, &AuditEvent { action: "auditlog controleren".into(), object: "auditlog".into(), result })?;
        Ok(verification)
    }

    fn verify_audit_chain(&self) -> ServiceResult<AuditVerification> {
        let reader = self.database.reader();
        let entries = reader.audit_entries(&AuditFilter::default())?;
        Ok(audit::verify_chain(&entries, reader.audit_head()?))
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
            csv.push_str(&fields.iter().map(|field| csv_field(field)).collect::<Vec<_>>().join(";"));
            csv.push_str("\r\n");
        }
        let object = format!("auditlog ({} regels)", entries.len());
        self.record(actor, &AuditEvent { action: "auditlog exporteren".into(), object, result: AuditResult::Success })?;
        Ok(csv)
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
        self.record(actor, &AuditEvent { action: "auditspoor inzien".into(), object: reference, result: AuditResult::Success })?;
        Ok(entries)
    }
}

/// Quotes a field when needed; a leading =, +, - or @ is neutralised so that a spreadsheet
/// never runs a value as a formula.
fn csv_field(value: &str) -> String {
    let value = if value.starts_with(['=', '+', '-', '@']) { format!("'{value}") } else { value.to_string() };
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_field("gewoon"), "gewoon");
        assert_eq!(csv_field("a;b"), "\"a;b\"");
        assert_eq!(csv_field("zei \"ja\""), "\"zei \"\"ja\"\"\"");
        assert_eq!(csv_field("=SOM(A1)"), "'=SOM(A1)");
    }
}
