//! Complaints that did not come in through the intake form: the import of earlier
//! years from the previous system (Beheerder, `klachtbalie-cli import-complaints`) and synthetic
//! complaints for benchmarks and demos (`klachtbalie-cli seed`). Both go through the intake's
//! validation and routing and are stored like any complaint: sealed, searchable, on the
//! worklist while open, counted by the report.

use super::complaints::routed;
use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::domain::complaint::{ComplaintForm, NewComplaint};
use crate::domain::deadlines::TermChanges;
use crate::domain::dutch_date::long_date;
use crate::domain::import::{parse_import_file, ImportHistory, ImportProblem, ImportRecord};
use crate::domain::report::Outcome;
use crate::roles::UseCase;
use crate::store::{ComplaintNames, ComplaintOrigin, HandlerAssignment};
use chrono::{Datelike, Days, NaiveDate};

/// A complaint ready to store: validated, routed, with its history.
struct Prepared {
    complaint: NewComplaint,
    names: ComplaintNames,
    handler: HandlerAssignment,
    history: ImportHistory,
}

/// How many seeded complaints go in one transaction: big enough to be fast, small enough that
/// the progress moves and a stopped seed keeps what it wrote.
const SEED_BATCH: usize = 5_000;

impl Klachtbalie {
    /// Imports the complaints of an earlier system from an import file (see README): all of
    /// them in one transaction, or none when any record has a problem (every problem is named)
    /// or was imported before. Returns the references they got, in the file's order.
    pub fn import_complaints(&mut self, actor: &Actor, file: &str) -> ServiceResult<Vec<String>> {
        self.authorize(actor, UseCase::ImportComplaints, "klachten importeren")?;
        let chart = self.org_chart()?;
        let settings = self.settings()?;
        let records = parse_import_file(file, self.today(), &chart).map_err(ServiceError::ImportRefused)?;
        let mut problems = Vec::new();
        let mut prepared = Vec::new();
        for (index, ImportRecord { complaint, history }) in records.into_iter().enumerate() {
            match routed(&chart, &settings, complaint) {
                Ok((complaint, names, handler)) => prepared.push(Prepared { complaint, names, handler, history }),
                Err(error) => problems.push(ImportProblem { record: index + 1, field: error.field, message: error.message }),
            }
        }
        // Importing the same export twice would count every complaint twice in the report.
        let previous: Vec<String> = prepared.iter().map(|item| item.history.previous_reference.clone()).filter(|r| !r.is_empty()).collect();
        for (old, reference) in self.database.reader().imported_previous_references(&previous)? {
            if let Some(index) = prepared.iter().position(|item| item.history.previous_reference == old) {
                problems.push(ImportProblem {
                    record: index + 1,
                    field: "previous_reference".into(),
                    message: format!("het oude kenmerk '{old}' is al eerder geïmporteerd als {reference}."),
                });
            }
        }
        if !problems.is_empty() {
            problems.sort_by_key(|problem| problem.record);
            return Err(ServiceError::ImportRefused(problems));
        }
        let event = AuditEvent::success("klachten importeren", format!("{} klachten", prepared.len()));
        self.store_prepared(actor, &prepared, "import", event)
    }

    /// `count` synthetic complaints received in `year`, clearly fake (names "Testklager …",
    /// addresses in "Teststad"), spread over the chart's departments and every outcome, through
    /// the intake's validation and routing. Refused on a database that holds real complaints
    /// unless `force`. `progress` hears how many are stored so far.
    pub fn seed_complaints(
        &mut self,
        actor: &Actor,
        count: usize,
        year: i32,
        force: bool,
        mut progress: impl FnMut(usize),
    ) -> ServiceResult<usize> {
        self.authorize(actor, UseCase::ImportComplaints, "testklachten aanmaken")?;
        let today = self.today();
        if !(1999..=today.year()).contains(&year) {
            return Err(ServiceError::Refused(format!("Kies een jaar van 1999 tot en met {}.", today.year())));
        }
        let real = self.database.reader().real_complaint_count()?;
        if real > 0 && !force {
            return Err(ServiceError::Refused(format!(
                "Deze database bevat {real} echte klachten. Testklachten horen in een lege of een testdatabase; \
                 gebruik --force alleen als u zeker weet dat u ze hier wilt."
            )));
        }
        let chart = self.org_chart()?;
        let settings = self.settings()?;
        let departments: Vec<String> = chart.departments().iter().map(|department| department.id.clone()).collect();
        if departments.is_empty() {
            return Err(ServiceError::Refused("Het organogram is nog leeg: importeer eerst het organogram.".into()));
        }
        let mut stored = 0;
        while stored < count {
            let batch: Vec<Prepared> = (stored..count.min(stored + SEED_BATCH))
                .map(|n| {
                    let (form, history) = synthetic(n, year, today, &departments);
                    let complaint = form.validate(today, &chart).map_err(ServiceError::Validation)?;
                    let (complaint, names, handler) =
                        routed(&chart, &settings, complaint).map_err(|error| ServiceError::Validation(vec![error]))?;
                    Ok(Prepared { complaint, names, handler, history })
                })
                .collect::<ServiceResult<_>>()?;
            // Each batch is its own transaction, so each has its own entry: a stopped seed's
            // log says exactly what it stored.
            let event = AuditEvent::success(
                "testklachten aanmaken",
                format!("{} klachten in {year} ({} tot en met {} van {count})", batch.len(), stored + 1, stored + batch.len()),
            );
            stored += self.store_prepared(actor, &batch, "seed", event)?.len();
            progress(stored);
        }
        Ok(stored)
    }

    /// Stores prepared complaints in one transaction with the audit `event`, each with its own
    /// `KL-YYYY-NNNN` by its year of receipt, its closing and term changes, and a line on its
    /// timeline.
    fn store_prepared(&mut self, actor: &Actor, items: &[Prepared], origin: &str, event: AuditEvent) -> ServiceResult<Vec<String>> {
        let now = self.clock.now();
        let actor_name = actor.name();
        self.change(actor, |tx| {
            let mut references = Vec::with_capacity(items.len());
            for item in items {
                let history = &item.history;
                let number = tx.next_reference(item.complaint.received_on.year())?;
                // Where it came from is part of its registration, which no one changes later
                // (schema 15), and how far it got there is its history: both are written with it
                // (schema 17), so its later treatment is checked as every complaint's is.
                let source = ComplaintOrigin {
                    origin,
                    previous_reference: &history.previous_reference,
                    judgement: history.outcome.and_then(|outcome| outcome.closing().1),
                    hearing_held: history.hearing_held,
                    ombudsman: history.ombudsman,
                    closed: history
                        .outcome
                        .zip(history.closed_on)
                        .map(|(outcome, closed_on)| (outcome.closing().0, outcome.is_formal_decision(), closed_on)),
                    term_changes: &history.term_changes,
                };
                let id = tx.insert_complaint(&number, &item.complaint, &item.names, &item.handler, now, &actor_name, Some(&source))?;
                tx.insert_event(id, now, &actor_name, "overgenomen", &timeline_line(origin, history))?;
                references.push(number.to_string());
            }
            Ok((references, event.clone()))
        })
    }
}

/// What the complaint's timeline says about where it came from.
fn timeline_line(origin: &str, history: &ImportHistory) -> String {
    let source = match (origin, history.previous_reference.as_str()) {
        ("seed", _) => "testklacht, gegenereerd voor een test of demonstratie".to_string(),
        (_, "") => "uit het vorige systeem".to_string(),
        (_, old) => format!("uit het vorige systeem, kenmerk daar {old}"),
    };
    match (history.outcome, history.closed_on) {
        (Some(outcome), Some(closed_on)) => format!("{source}; afgesloten op {} als {}", long_date(closed_on), outcome.dutch_label()),
        _ => format!("{source}; nog open"),
    }
}

/// The `n`th synthetic complaint of `year`: a fixed spread over channels, types, departments
/// and outcomes (with postponements, advisory committees, agreed end dates, hearings and
/// ombudsman cases), so that every figure of the report has something to count.
fn synthetic(n: usize, year: i32, today: NaiveDate, departments: &[String]) -> (ComplaintForm, ImportHistory) {
    const CHANNELS: [&str; 6] = ["telefoon", "balie", "brief", "email", "webformulier", "sociale_media"];
    const OUTCOMES: [Option<Outcome>; 20] = [
        Some(Outcome::InformeelAfgehandeld),
        Some(Outcome::InformeelAfgehandeld),
        Some(Outcome::InformeelAfgehandeld),
        Some(Outcome::InformeelAfgehandeld),
        Some(Outcome::InformeelAfgehandeld),
        Some(Outcome::InformeelAfgehandeld),
        Some(Outcome::InformeelAfgehandeld),
        Some(Outcome::Gegrond),
        Some(Outcome::Gegrond),
        Some(Outcome::DeelsGegrond),
        Some(Outcome::DeelsGegrond),
        Some(Outcome::Ongegrond),
        Some(Outcome::Ongegrond),
        Some(Outcome::Ongegrond),
        Some(Outcome::GeenOordeel),
        Some(Outcome::Ingetrokken),
        Some(Outcome::NietInBehandeling),
        Some(Outcome::Doorgezonden),
        None,
        None,
    ];
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    let days_in_year =
        u64::try_from((NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today).min(today) - first).num_days() + 1).unwrap_or(1);
    let received = first + Days::new((n as u64).wrapping_mul(7919) % days_in_year);
    let mut outcome = OUTCOMES[n % OUTCOMES.len()];
    let handling_days = 3 + (n as u64).wrapping_mul(31) % 75;
    let closed_on = received + Days::new(handling_days);
    if closed_on > today {
        outcome = None;
    }
    let formal = outcome.is_some_and(Outcome::is_formal_decision);
    let bejegening = n.is_multiple_of(3);
    let form = ComplaintForm {
        received_on: received.to_string(),
        // Different strides, so that channel, type and department are not tied to each other.
        channel: CHANNELS[(n / 7) % CHANNELS.len()].into(),
        complainant_name: format!("Testklager {n:07}"),
        street_address: format!("Proefstraat {}", n % 300 + 1),
        postcode: "9999 ZZ".into(),
        city: "Teststad".into(),
        phone: String::new(),
        email: format!("testklager{n}@example.org"),
        representative: String::new(),
        complaint_type: if bejegening { "bejegening" } else { "dienstverlening" }.into(),
        department_id: departments[(n / 5 + n) % departments.len()].clone(),
        respondent_ids: Vec::new(),
        conduct_date: received.to_string(),
        description: "Testklacht: gegenereerde tekst zonder betekenis, voor een test of demonstratie.".into(),
        desired_outcome: String::new(),
    };
    let history = ImportHistory {
        previous_reference: String::new(),
        outcome,
        closed_on: outcome.map(|_| closed_on),
        term_changes: TermChanges {
            advisory_committee: formal && n.is_multiple_of(11),
            postponement_weeks: (formal && n.is_multiple_of(7)).then_some(4),
            agreed_end: (formal && n.is_multiple_of(13)).then(|| received + Days::new(90)),
        },
        hearing_held: formal && n.is_multiple_of(2),
        ombudsman: formal && n.is_multiple_of(17),
    };
    (form, history)
}
