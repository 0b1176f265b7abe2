//! Retention of closed complaints (AVG-02): which complaints are past their term on a day
//! (`klachtbalie-cli retention list`, the coördinator), each complaint's class and date in its
//! file, and the coördinator's marks that change the class (compensation paid, the ombudsman,
//! an ombudsman case still running, keep permanently).

use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::domain::form::FieldError;
use crate::domain::report::Outcome;
use crate::domain::retention::{may_be_destroyed, retention, Retention, RetentionClass, RetentionMarks, RetentionPeriods};
use crate::domain::text::{text_problem, Lines};
use crate::roles::UseCase;
use crate::store::ComplaintRecord;
use chrono::{Months, NaiveDate};

/// A complaint past its retention term on the day asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetentionItem {
    pub complaint_id: i64,
    pub reference: String,
    pub outcome: Outcome,
    pub class: RetentionClass,
    pub closed_on: NaiveDate,
    /// The last day it must be kept.
    pub destroy_after: NaiveDate,
}

/// Where a setting's number of years goes in the terms.
type PeriodField = fn(&mut RetentionPeriods) -> &mut u32;

/// Settings that override the Selectielijst's terms (years), per class.
const PERIOD_SETTINGS: [(&str, PeriodField); 6] = [
    ("retention_years_handled", |p| &mut p.handled),
    ("retention_years_compensation", |p| &mut p.compensation),
    ("retention_years_ombudsman", |p| &mut p.ombudsman),
    ("retention_years_not_handled", |p| &mut p.not_handled),
    ("retention_years_withdrawn", |p| &mut p.withdrawn),
    ("retention_years_forwarded", |p| &mut p.forwarded),
];

impl Klachtbalie {
    /// The terms in force: the Selectielijst's, unless the Beheerder set others.
    pub fn retention_periods(&self) -> ServiceResult<RetentionPeriods> {
        let mut periods = RetentionPeriods::default();
        let reader = self.database.reader();
        for (key, field) in PERIOD_SETTINGS {
            if let Some(years) = reader.setting(key)?.and_then(|text| text.parse::<u32>().ok()) {
                *field(&mut periods) = years;
            }
        }
        Ok(periods)
    }

    /// AVG-02: the Beheerder changes the terms (years, 1 to 100; "permanent" is the
    /// coördinator's mark per complaint), always with a reason; the change and the reason are
    /// in the audit log.
    pub fn set_retention_periods(&mut self, actor: &Actor, periods: &RetentionPeriods, reason: &str) -> ServiceResult<RetentionPeriods> {
        self.authorize(actor, UseCase::ManageSettings, "bewaartermijnen")?;
        let before = self.retention_periods()?;
        let mut problems = Vec::new();
        let mut changed = Vec::new();
        for (key, field) in PERIOD_SETTINGS {
            let (mut new, mut old) = (*periods, before);
            let (years, was) = (*field(&mut new), *field(&mut old));
            if !(1..=100).contains(&years) {
                problems.push(FieldError { field: key.into(), message: "Vul een aantal jaren in van 1 tot en met 100.".into() });
            } else if years != was {
                changed.push((key, was, years));
            }
        }
        if let Some(problem) =
            text_problem(reason, Lines::Single, 500, Some("Geef de reden van de wijziging (bijvoorbeeld het besluit van de archivaris)."))
        {
            problems.push(FieldError { field: "reason".into(), message: problem });
        }
        if !problems.is_empty() {
            return Err(ServiceError::Validation(problems));
        }
        if changed.is_empty() {
            return Ok(before);
        }
        let stamp = self.stamp(actor);
        let summary = changed
            .iter()
            .map(|(key, was, years)| format!("{} {was}→{years} jaar", key.trim_start_matches("retention_years_")))
            .collect::<Vec<_>>()
            .join(", ");
        self.write(|tx| -> ServiceResult<()> {
            for (key, _, years) in &changed {
                tx.set_setting(key, &years.to_string())?;
            }
            let event = AuditEvent::success("bewaartermijnen wijzigen", format!("{summary}; reden: {}", reason.trim()));
            tx.append_audit(&stamp, &event)?;
            Ok(())
        })?;
        self.retention_periods()
    }

    /// AVG-02: a complaint's class and destruction date as it is now (no date while open).
    pub fn retention_of(&self, record: &ComplaintRecord) -> ServiceResult<Retention> {
        Ok(retention_with(record, &self.retention_periods()?))
    }

    /// AVG-02: the complaints whose destruction date has passed on `as_of` (coördinator, or a
    /// scheduled task through the CLI), oldest first. Audited.
    pub fn retention_due(&mut self, actor: &Actor, as_of: NaiveDate) -> ServiceResult<Vec<RetentionItem>> {
        self.authorize(actor, UseCase::ManageRetention, "bewaartermijnen")?;
        let periods = self.retention_periods()?;
        // No term ends within a year of closing (the ombudsman window), so older ones only.
        let closed_until = as_of.checked_sub_months(Months::new(12)).unwrap_or(NaiveDate::MIN);
        let due: Vec<RetentionItem> = self
            .database
            .reader()
            .closed_complaints_until(closed_until)?
            .into_iter()
            .filter_map(|facts| {
                let found = retention(facts.outcome, Some(facts.closed_on), facts.marks, &periods);
                match (facts.outcome, found.class, found.destroy_after) {
                    (Some(outcome), Some(class), Some(destroy_after)) if may_be_destroyed(&found, as_of) => Some(RetentionItem {
                        complaint_id: facts.complaint_id,
                        reference: facts.reference,
                        outcome,
                        class,
                        closed_on: facts.closed_on,
                        destroy_after,
                    }),
                    _ => None,
                }
            })
            .collect();
        let event = AuditEvent::success(
            "bewaartermijnen inzien",
            format!("{} klachten na hun termijn op {}", due.len(), crate::domain::dutch_date::long_date(as_of)),
        );
        self.record(actor, &event)?;
        Ok(due)
    }

    /// AVG-02: the coördinator's marks that decide a complaint's retention class.
    pub fn set_retention_marks(&mut self, actor: &Actor, reference: &str, marks: RetentionMarks) -> ServiceResult<Retention> {
        let record = self.complaint(reference)?;
        self.authorize_complaint(actor, UseCase::ManageRetention, &record)?;
        let stamp = self.stamp(actor);
        let described = describe(&marks);
        self.write(|tx| -> ServiceResult<()> {
            tx.set_retention_marks(record.id, &marks)?;
            tx.insert_event(record.id, stamp.at, &stamp.actor, "bewaarklasse", &described)?;
            let event = AuditEvent::success("bewaarklasse vastleggen", record.reference.clone());
            tx.append_audit(&stamp, &event)?;
            Ok(())
        })?;
        let record = self.complaint(reference)?;
        self.retention_of(&record)
    }
}

/// AVG-02 for a complaint as stored, under terms already read (a loop reads them once).
pub(super) fn retention_with(record: &ComplaintRecord, periods: &RetentionPeriods) -> Retention {
    let outcome = Outcome::of(record.status, record.judgement);
    retention(outcome, record.procedure.closed_on.filter(|_| outcome.is_some()), record.retention_marks, periods)
}

/// The marks in words, for the complaint's timeline.
fn describe(marks: &RetentionMarks) -> String {
    let parts: Vec<&str> = [
        (marks.compensation_paid, "schadevergoeding betaald"),
        (marks.ombudsman, "doorgegaan naar de ombudsman"),
        (marks.ombudsman_case_open, "zaak bij de ombudsman loopt"),
        (marks.keep_permanently, "blijvend bewaren"),
    ]
    .into_iter()
    .filter_map(|(set, text)| set.then_some(text))
    .collect();
    if parts.is_empty() {
        "geen bijzonderheden voor de bewaartermijn".into()
    } else {
        parts.join(", ")
    }
}
