//! What the benchmarks share: a generated complaint and one intake written as the app writes
//! it (its own transaction with the reference, the row, two timeline events, the worklist
//! index and the audit entry), so that every benchmark measures the same unit of work.

use chrono::{NaiveDate, NaiveDateTime};
use klachtbalie_core::audit::{AuditEvent, AuditStamp};
use klachtbalie_core::domain::complaint::{Channel, ComplaintType, NewComplaint};
use klachtbalie_core::store::{ComplaintNames, Database, HandlerAssignment, StoreError};

/// The year every benchmark registers in.
pub const YEAR: i32 = 2026;

/// The `n`th generated complaint with the complainant and street address given.
pub fn complaint(n: usize, complainant_name: String, street_address: String) -> NewComplaint {
    let received = NaiveDate::from_ymd_opt(YEAR, 1, 1).expect("date") + chrono::Days::new((n % 300) as u64);
    NewComplaint {
        received_on: received,
        channel: if n.is_multiple_of(3) { Channel::Brief } else { Channel::Telefoon },
        complainant_name,
        street_address,
        postcode: "1111 CE".into(),
        city: "Diemen".into(),
        phone: format!("06{:08}", n),
        email: format!("klager{n}@example.nl"),
        representative: String::new(),
        complaint_type: if n.is_multiple_of(2) { ComplaintType::Dienstverlening } else { ComplaintType::Bejegening },
        department_id: Some("bz".into()),
        respondent_ids: if n.is_multiple_of(2) { Vec::new() } else { vec!["e1".into()] },
        conduct_date: Some(received),
        description: "De aanvraag is niet op tijd behandeld en niemand heeft teruggebeld. ".repeat(4),
        desired_outcome: "Excuses en een snelle oplossing.".into(),
    }
}

/// The parts every intake shares.
pub struct Desk {
    now: NaiveDateTime,
    names: ComplaintNames,
    handler: HandlerAssignment,
}

impl Desk {
    pub fn new() -> Self {
        Self {
            now: NaiveDate::from_ymd_opt(YEAR, 11, 23).and_then(|d| d.and_hms_opt(9, 0, 0)).expect("time"),
            names: ComplaintNames { department_name: "Burgerzaken".into(), respondent_names: "Jan Smit".into() },
            handler: HandlerAssignment {
                id: "m-bz".into(),
                name: "Anna de Boer".into(),
                function: "afdelingsmanager van Burgerzaken".into(),
                reason: "bench".into(),
            },
        }
    }

    /// One intake in its own transaction; returns the reference it got.
    pub fn register(&self, database: &mut Database, form: &NewComplaint) -> String {
        database
            .write(|tx| -> Result<String, StoreError> {
                let reference = tx.next_reference(YEAR)?;
                let id = tx.insert_complaint(&reference, form, &self.names, &self.handler, self.now, "bench", None)?;
                tx.insert_event(id, self.now, "bench", "geregistreerd", "via brief")?;
                tx.insert_event(id, self.now, "bench", "toegewezen", "Anna de Boer")?;
                // The worklist index as the service keeps it: the decision is due six weeks on.
                tx.set_worklist_index(id, true, Some(form.received_on + chrono::Days::new(42)))?;
                let event = AuditEvent::success("klacht registreren", reference.to_string());
                let stamp = AuditStamp { at: self.now, actor: "bench".into(), workstation: "werkplek".into() };
                tx.append_audit(&stamp, &event)?;
                Ok(reference.to_string())
            })
            .expect("intake")
    }
}
