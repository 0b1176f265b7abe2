//! The dashboard: what is open and what is late, at a glance, from the worklist
//! index's facts (status, handler, department, earliest running deadline). Pure: the service
//! supplies the facts, the holidays and today. Aggregate figures and the chart's names only.

use super::calendar::HolidayCalendar;
use super::deadlines::{deadline_status, DeadlineNorms, DeadlineStatus};
use super::procedure::Status;
use chrono::{Days, NaiveDate};
use std::collections::BTreeMap;

/// `count` complaints on the worklist with the same status, handler, department and earliest
/// running deadline (`None`: a closed complaint with an open task without a date).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorklistFacts {
    pub count: u64,
    pub status: Status,
    pub handler_id: String,
    pub department_id: Option<String>,
    pub next_deadline: Option<NaiveDate>,
}

/// Open, due soon and overdue for one handler or department.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Workload {
    pub open: u64,
    pub due_soon: u64,
    pub overdue: u64,
}

impl Workload {
    fn add(&mut self, count: u64, light: Option<DeadlineStatus>) {
        self.open += count;
        match light {
            Some(DeadlineStatus::DueSoon) => self.due_soon += count,
            Some(DeadlineStatus::Overdue) => self.overdue += count,
            _ => {}
        }
    }
}

/// The dashboard's worklist figures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorklistSummary {
    /// Open complaints per status, in the procedure's order, statuses with none left out.
    pub by_status: Vec<(Status, u64)>,
    /// Closed complaints that still have an open task (a letter to register as sent).
    pub closed_with_open_task: u64,
    pub total: Workload,
    pub by_handler: BTreeMap<String, Workload>,
    /// Keyed by department id; "" for a complaint without one.
    pub by_department: BTreeMap<String, Workload>,
}

/// DL-09 applied to the worklist's earliest deadlines: per status, handler and department how
/// many are open, due soon ("binnenkort") and overdue ("te laat").
pub fn summarise(facts: &[WorklistFacts], today: NaiveDate, calendar: &HolidayCalendar, norms: &DeadlineNorms) -> WorklistSummary {
    let mut summary = WorklistSummary::default();
    let mut by_status: BTreeMap<usize, u64> = BTreeMap::new();
    for fact in facts {
        let light = fact.next_deadline.map(|due| deadline_status(due, today, calendar, norms));
        if fact.status.is_closed() {
            summary.closed_with_open_task += fact.count;
        } else {
            let order = Status::ALL.iter().position(|status| *status == fact.status).unwrap_or(usize::MAX);
            *by_status.entry(order).or_default() += fact.count;
        }
        summary.total.add(fact.count, light);
        summary.by_handler.entry(fact.handler_id.clone()).or_default().add(fact.count, light);
        summary.by_department.entry(fact.department_id.clone().unwrap_or_default()).or_default().add(fact.count, light);
    }
    summary.by_status = by_status.into_iter().filter_map(|(order, count)| Status::ALL.get(order).map(|status| (*status, count))).collect();
    summary
}

/// The last date that is still "binnenkort" from `today` (DL-09), so the worklist can filter
/// on the same window the dashboard counts.
pub fn last_due_soon_date(today: NaiveDate, calendar: &HolidayCalendar, norms: &DeadlineNorms) -> NaiveDate {
    let mut last = today;
    // The window is a few working days; a month of holidays is far beyond any calendar.
    for days in 1..=(u64::from(norms.due_soon_working_days) * 2 + 31) {
        let day = today + Days::new(days);
        if deadline_status(day, today, calendar, norms) != DeadlineStatus::DueSoon {
            break;
        }
        last = day;
    }
    last
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn fact(count: u64, status: Status, handler: &str, department: Option<&str>, due: Option<&str>) -> WorklistFacts {
        WorklistFacts { count, status, handler_id: handler.into(), department_id: department.map(Into::into), next_deadline: due.map(date) }
    }

    #[test]
    fn open_late_and_soon_per_handler_and_department_follow_the_worklist_light() {
        // DL-09: "te laat" after the due date, "binnenkort" within the configured working days.
        let norms = DeadlineNorms::default();
        let calendar = HolidayCalendar::statutory();
        let today = date("2026-11-23"); // a Monday
        let soon = last_due_soon_date(today, &calendar, &norms);
        assert_eq!(deadline_status(soon, today, &calendar, &norms), DeadlineStatus::DueSoon);
        assert_eq!(deadline_status(soon + Days::new(1), today, &calendar, &norms), DeadlineStatus::OnTrack, "{soon}");
        let facts = [
            fact(3, Status::Ontvangen, "m-bz", Some("bz"), Some("2026-11-20")),
            fact(2, Status::Formeel, "m-bz", Some("bz"), Some(&soon.to_string())),
            fact(4, Status::InBehandeling, "m-ro", Some("ro"), Some("2027-01-15")),
            fact(1, Status::Afgehandeld, "m-ro", Some("ro"), None),
            fact(5, Status::Ontvangen, "m-ro", None, Some("2026-11-23")),
        ];
        let summary = summarise(&facts, today, &calendar, &norms);
        assert_eq!(summary.by_status, vec![(Status::Ontvangen, 8), (Status::InBehandeling, 4), (Status::Formeel, 2)]);
        assert_eq!(summary.closed_with_open_task, 1);
        assert_eq!(summary.total, Workload { open: 15, due_soon: 7, overdue: 3 });
        assert_eq!(summary.by_handler["m-bz"], Workload { open: 5, due_soon: 2, overdue: 3 });
        assert_eq!(summary.by_handler["m-ro"], Workload { open: 10, due_soon: 5, overdue: 0 });
        assert_eq!(summary.by_department[""], Workload { open: 5, due_soon: 5, overdue: 0 });
        assert_eq!(summarise(&[], today, &calendar, &norms), WorklistSummary::default());
    }
}
