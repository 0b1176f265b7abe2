//! Destruction of complaints past their retention term (AVG-02), with four eyes: a
//! coördinator (or `klachtbalie-cli retention propose`) proposes a list of the complaints past
//! their date; a second person with the role confirms it, may keep items off it with a reason,
//! and the complaints' personal data, texts and letters are destroyed for good. What the annual
//! report needs stays, and a destruction record is kept permanently.

use super::retention::retention_with;
use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::domain::dutch_date::long_date;
use crate::domain::form::FieldError;
use crate::domain::retention::may_be_destroyed;
use crate::domain::retention::{DestructionListKind, DestructionListState};
use crate::domain::text::{text_problem, Lines};
use crate::roles::UseCase;
use crate::store::{DestructionItem, DestructionList, DestructionRecord};
use chrono::NaiveDate;
use std::collections::HashMap;

/// What a confirmation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DestructionOutcome {
    pub list_id: i64,
    pub destroyed: Vec<String>,
    /// Kept off by the confirmer, with the reason.
    pub excluded: Vec<String>,
    /// No longer past their term when confirmed (a mark or a hold changed since).
    pub no_longer_due: Vec<String>,
}

/// The longest reason to keep a complaint off a destruction list.
const MAX_REASON: usize = 1_000;

impl Klachtbalie {
    /// AVG-02: proposes a destruction list of every complaint past its term on `as_of` that
    /// is not on another open list. Refused when there is nothing to destroy.
    pub fn propose_destruction(&mut self, actor: &Actor, as_of: NaiveDate) -> ServiceResult<DestructionList> {
        self.authorize(actor, UseCase::ManageRetention, "vernietigingslijst")?;
        if as_of > self.today() {
            return Err(ServiceError::Refused(
                "Een vernietigingslijst kan niet vooruit worden gemaakt: alleen klachten waarvan de bewaartermijn vandaag voorbij is. Gebruik `retention list --as-of` om vooruit te kijken.".into(),
            ));
        }
        let due = self.retention_due(actor, as_of)?;
        let on_lists = self.database.reader().complaints_on_open_destruction_lists()?;
        let items: Vec<DestructionItem> = due
            .into_iter()
            .filter(|item| !on_lists.contains(&item.complaint_id))
            .map(|item| DestructionItem {
                id: 0,
                complaint_id: item.complaint_id,
                reference: item.reference,
                retention_class: item.class.code().to_string(),
                closed_on: item.closed_on,
                destroy_after: item.destroy_after,
                excluded_reason: None,
            })
            .collect();
        if items.is_empty() {
            return Err(ServiceError::Refused(format!(
                "Er zijn op {} geen klachten na hun bewaartermijn die nog niet op een vernietigingslijst staan.",
                long_date(as_of)
            )));
        }
        let stamp = self.stamp(actor);
        let list_id = self.write(|tx| -> ServiceResult<i64> {
            let id = tx.insert_destruction_list(as_of, stamp.at, &stamp.actor, &items, None)?;
            let event = AuditEvent::success("vernietigingslijst voorstellen", format!("lijst {id}: {} klachten", items.len()));
            tx.append_audit(&stamp, &event)?;
            Ok(id)
        })?;
        self.destruction_list(actor, list_id)
    }

    /// AVG art. 17: proposes to erase one closed complaint at the person's request, with the
    /// reason; a second coördinator confirms it like any destruction list (four eyes). What
    /// the annual report needs stays.
    pub fn propose_erasure(&mut self, actor: &Actor, reference: &str, reason: &str) -> ServiceResult<DestructionList> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::ManageRetention, &record)?;
        self.person_required(actor, "wissen op verzoek voorstellen", reference)?;
        if let Some(problem) =
            text_problem(reason, Lines::Single, MAX_REASON, Some("Geef de reden: wie vroeg het en wanneer (zonder namen)."))
        {
            return Err(ServiceError::Validation(vec![FieldError { field: "reason".into(), message: problem }]));
        }
        let retention = self.retention_of(&record)?;
        let (Some(class), Some(closed_on)) = (retention.class, record.procedure.closed_on) else {
            return Err(ServiceError::Refused(format!(
                "Klacht {reference} is nog open: sluit haar eerst af (bijvoorbeeld ingetrokken) en stel dan het wissen voor."
            )));
        };
        if self.database.reader().complaints_on_open_destruction_lists()?.contains(&record.id) {
            return Err(ServiceError::Refused(format!("Klacht {reference} staat al op een vernietigingslijst.")));
        }
        let item = DestructionItem {
            id: 0,
            complaint_id: record.id,
            reference: record.reference.clone(),
            retention_class: class.code().to_string(),
            closed_on,
            destroy_after: self.today(),
            excluded_reason: None,
        };
        let stamp = self.stamp(actor);
        let today = self.today();
        let reason = reason.trim().to_string();
        let list_id = self.write(|tx| -> ServiceResult<i64> {
            let id = tx.insert_destruction_list(today, stamp.at, &stamp.actor, std::slice::from_ref(&item), Some(&reason))?;
            let event = AuditEvent::success("wissen op verzoek voorstellen", format!("lijst {id}: {}", item.reference));
            tx.append_audit(&stamp, &event)?;
            Ok(id)
        })?;
        self.destruction_list(actor, list_id)
    }

    /// The destruction lists, newest first (coördinator).
    pub fn destruction_lists(&mut self, actor: &Actor) -> ServiceResult<Vec<DestructionList>> {
        self.authorize(actor, UseCase::ManageRetention, "vernietigingslijsten")?;
        Ok(self.database.reader().destruction_lists()?)
    }

    fn destruction_list(&mut self, actor: &Actor, list_id: i64) -> ServiceResult<DestructionList> {
        self.destruction_lists(actor)?
            .into_iter()
            .find(|list| list.id == list_id)
            .ok_or_else(|| ServiceError::NotFound(format!("Vernietigingslijst {list_id} bestaat niet.")))
    }

    /// AVG-02, four eyes: a second coördinator confirms list `list_id`; `exclusions` keeps
    /// complaints off it (reference and reason). Each complaint is destroyed in its own
    /// transaction (`progress` hears how far), so an interrupted confirmation can be run again
    /// and goes on where it stopped. A complaint no longer past its term is skipped.
    pub fn confirm_destruction(
        &mut self,
        actor: &Actor,
        list_id: i64,
        exclusions: &[(String, String)],
        mut progress: impl FnMut(usize, usize),
    ) -> ServiceResult<DestructionOutcome> {
        let list = self.destruction_list(actor, list_id)?;
        self.person_required(actor, "vernietigingslijst bevestigen", &format!("lijst {list_id}"))?;
        let name = actor.name();
        if list.state != DestructionListState::Proposed {
            return Err(ServiceError::Refused(format!("Vernietigingslijst {list_id} is al {}.", list.state.dutch_label())));
        }
        if list.proposed_by.eq_ignore_ascii_case(&name) {
            let event = AuditEvent::refused("vernietigingslijst bevestigen", format!("lijst {list_id} (eigen voorstel)"));
            self.record(actor, &event)?;
            return Err(ServiceError::Refused(
                "Vier ogen: wie de vernietigingslijst voorstelde, kan haar niet zelf bevestigen. Vraag een andere klachtcoördinator."
                    .into(),
            ));
        }
        let reasons = checked_exclusions(&list, exclusions)?;
        // The terms once for the whole list, not once per complaint.
        let periods = self.retention_periods()?;
        let mut outcome = DestructionOutcome { list_id, destroyed: Vec::new(), excluded: Vec::new(), no_longer_due: Vec::new() };
        let total = list.items.len();
        for (done, item) in list.items.iter().enumerate() {
            // Each complaint's entry has its own time: a long list takes a while.
            let stamp = self.stamp(actor);
            let now = stamp.at;
            let current = self.database.reader().complaint_by_id(item.complaint_id)?;
            let Some(record) = current.filter(|record| record.destroyed_at.is_none()) else {
                outcome.destroyed.push(item.reference.clone());
                continue;
            };
            let retention = retention_with(&record, &periods);
            // A list on request (art. 17) does not wait for the term; no list passes a hold.
            let due =
                if list.kind == DestructionListKind::Request { retention.hold.is_none() } else { may_be_destroyed(&retention, now.date()) };
            let reason = reasons.get(item.reference.as_str()).map(|reason| reason.to_string()).or_else(|| {
                (!due).then(|| match &retention.hold {
                    Some(hold) => format!("niet vernietigd: {hold}"),
                    None => format!("niet meer na de bewaartermijn op {}", long_date(now.date())),
                })
            });
            let destroyed_line = format!(
                "persoonsgegevens, teksten en brieven vernietigd (Selectielijst {}, lijst {list_id})",
                retention.class.map_or(item.retention_class.as_str(), |class| class.code())
            );
            self.write(|tx| -> ServiceResult<()> {
                let (action, object) = match &reason {
                    Some(reason) => {
                        tx.exclude_from_destruction(item.id, reason)?;
                        ("klacht niet vernietigen", item.reference.clone())
                    }
                    None => {
                        let destruction = DestructionRecord {
                            reference: record.reference.clone(),
                            retention_class: item.retention_class.clone(),
                            closed_on: item.closed_on,
                            destroyed_at: now.format("%Y-%m-%dT%H:%M:%S").to_string(),
                            proposed_by: list.proposed_by.clone(),
                            confirmed_by: name.clone(),
                        };
                        tx.destroy_complaint(record.id, &destruction, Some(list_id))?;
                        tx.insert_event(record.id, now, &name, "vernietigd", &destroyed_line)?;
                        ("klacht vernietigen", item.reference.clone())
                    }
                };
                tx.append_audit(&stamp, &AuditEvent::success(action, object))?;
                Ok(())
            })?;
            match reason {
                Some(_) if reasons.contains_key(item.reference.as_str()) => outcome.excluded.push(item.reference.clone()),
                Some(_) => outcome.no_longer_due.push(item.reference.clone()),
                None => outcome.destroyed.push(item.reference.clone()),
            }
            progress(done + 1, total);
        }
        let stamp = self.stamp(actor);
        self.write(|tx| -> ServiceResult<()> {
            tx.set_destruction_list_state(list_id, DestructionListState::Executed, stamp.at, &stamp.actor)?;
            let event = AuditEvent::success(
                "vernietigingslijst bevestigen",
                format!(
                    "lijst {list_id}: {} vernietigd, {} uitgezonderd, {} niet meer na de termijn",
                    outcome.destroyed.len(),
                    outcome.excluded.len(),
                    outcome.no_longer_due.len()
                ),
            );
            tx.append_audit(&stamp, &event)?;
            Ok(())
        })?;
        self.database.purge_destroyed()?;
        Ok(outcome)
    }
}

impl Klachtbalie {
    /// Four eyes need two people who each proved who they are (AVG-02): a system task (a
    /// scheduled `klachtbalie-cli` without `--user`) may propose the routine list, but an
    /// erasure on request is a person's proposal and every confirmation a person's act. A
    /// name a process can choose for itself (an environment variable) proves nothing.
    fn person_required(&mut self, actor: &Actor, action: &str, object: &str) -> ServiceResult<()> {
        if matches!(actor, Actor::User(_)) {
            return Ok(());
        }
        self.record(actor, &AuditEvent::refused(action, format!("{object} (geen persoon)")))?;
        Err(ServiceError::Refused(format!(
            "Vier ogen: {action} kan alleen een persoon met een eigen account, geen systeemtaak. Meld u aan met uw naam en wachtwoord \
             (op de opdrachtregel: --user NAAM)."
        )))
    }
}

/// The exclusions by reference, each on the list and with a reason; every problem named.
fn checked_exclusions<'a>(list: &DestructionList, exclusions: &'a [(String, String)]) -> ServiceResult<HashMap<&'a str, &'a str>> {
    let mut problems = Vec::new();
    let mut reasons = HashMap::new();
    for (reference, reason) in exclusions {
        let reference = reference.trim();
        if !list.items.iter().any(|item| item.reference == reference) {
            problems.push(FieldError {
                field: "exclusions".into(),
                message: format!("{reference} staat niet op vernietigingslijst {}.", list.id),
            });
        } else if let Some(problem) = text_problem(reason, Lines::Multi, MAX_REASON, Some("Geef bij elke uitgezonderde klacht de reden.")) {
            problems.push(FieldError { field: "exclusions".into(), message: format!("{reference}: {problem}") });
        } else {
            reasons.insert(reference, reason.trim());
        }
    }
    if problems.is_empty() {
        Ok(reasons)
    } else {
        Err(ServiceError::Validation(problems))
    }
}
