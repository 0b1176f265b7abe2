//! INT-04: while the KCC types a complaint, the complaints of the last 30 days
//! from the same complainant (name, phone, e-mail, or postcode with house number), most
//! similar subject first, so a second call about the same thing is recognised. Only for those
//! who register complaints, and only complaints they may see; the audit log records that
//! matches were shown (how many), never what was typed.

use super::access::permits;
use super::{Actor, Klachtbalie, ServiceResult};
use crate::audit::AuditEvent;
use crate::domain::complaint::ComplaintForm;
use crate::domain::duplicates::{subject_similarity, window_start, ContactKey};
use crate::domain::text::subject_of;
use crate::roles::UseCase;

/// A complaint that may be the same as the one being typed.
#[derive(Debug, Clone, PartialEq)]
pub struct PossibleDuplicate {
    pub reference: String,
    pub received_on: chrono::NaiveDate,
    pub complainant_name: String,
    pub subject: String,
    pub status: String,
    /// What it has in common with what was typed ("naam", "telefoon", ...).
    pub shared: Vec<&'static str>,
    /// How alike the descriptions are, 0 to 1.
    pub similarity: f64,
}

/// At most this many are shown: the form is not a search screen.
const SHOWN: usize = 5;

impl Klachtbalie {
    /// INT-04: the possible duplicates of the complaint as typed so far; empty until enough is
    /// typed to look (a two-word name, a full phone number, an e-mail address, or a postcode
    /// with a house number).
    pub fn possible_duplicates(&mut self, actor: &Actor, form: &ComplaintForm) -> ServiceResult<Vec<PossibleDuplicate>> {
        self.authorize(actor, UseCase::RegisterComplaint, "mogelijke dubbele klachten")?;
        let typed = ContactKey::of(&form.complainant_name, &form.phone, &form.email, &form.postcode, &form.street_address);
        if !typed.is_searchable() {
            return Ok(Vec::new());
        }
        let reader = self.database.reader();
        let ids = reader.duplicate_candidates(&typed, window_start(self.today()))?;
        let records = reader.complaints_by_ids(&ids)?;
        // Whose complaints the user handles, read once (the chart), not per candidate.
        let covered = match actor {
            Actor::User(user) => Some(self.officials_covered_by(user)?),
            Actor::System { .. } => None,
        };
        let mut found: Vec<PossibleDuplicate> = Vec::new();
        for record in records {
            let c = &record.complaint;
            let shared = typed.shared_with(&ContactKey::of(&c.complainant_name, &c.phone, &c.email, &c.postcode, &c.street_address));
            if shared.is_empty() {
                continue;
            }
            let assigned = covered.as_ref().is_none_or(|covered| covered.contains(&record.handler.id));
            if !permits(actor, UseCase::ViewComplaint, assigned) {
                continue;
            }
            found.push(PossibleDuplicate {
                similarity: subject_similarity(&form.description, &c.description),
                subject: subject_of(&c.description, 80),
                status: record.status.dutch_label().to_string(),
                reference: record.reference,
                received_on: c.received_on,
                complainant_name: c.complainant_name.clone(),
                shared,
            });
        }
        // Most similar subject first; then the one with most in common; then the newest.
        found.sort_by(|a, b| {
            b.similarity.total_cmp(&a.similarity).then(b.shared.len().cmp(&a.shared.len())).then(b.received_on.cmp(&a.received_on))
        });
        found.truncate(SHOWN);
        if !found.is_empty() {
            let event = AuditEvent::success(
                "mogelijke dubbele klachten tonen",
                found.iter().map(|d| d.reference.as_str()).collect::<Vec<_>>().join(", "),
            );
            self.record(actor, &event)?;
        }
        Ok(found)
    }
}
