//! The dashboard: open complaints by status, due soon and overdue per handler and
//! department, received this month against last month, and this year's share of formal
//! decisions within their term. The coördinator sees every complaint, a handler their own
//! (and those of an absent colleague they stand in for). Aggregate figures only.

use super::{Actor, Klachtbalie, ServiceResult};
use crate::domain::dashboard::{last_due_soon_date, summarise, WorklistSummary};
use crate::domain::report::{annual_figures, Share};
use crate::roles::UseCase;
use chrono::{Datelike, Months, NaiveDate};

/// What the dashboard shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub today: NaiveDate,
    /// Only the user's own complaints (a handler) instead of every complaint.
    pub own_only: bool,
    pub worklist: WorklistSummary,
    /// The name of every handler in `worklist.by_handler`, from the organisation chart.
    pub handler_names: Vec<(String, String)>,
    /// Every department of the chart (id, name), in the chart's order.
    pub departments: Vec<(String, String)>,
    pub received_this_month: u64,
    pub received_last_month: u64,
    /// RP-02's share for the complaints received this year so far.
    pub within_term_this_year: Share,
    /// The last date counted as "binnenkort" (DL-09), for the worklist's filter.
    pub due_soon_until: NaiveDate,
}

impl Klachtbalie {
    pub fn dashboard(&mut self, actor: &Actor) -> ServiceResult<Dashboard> {
        self.authorize(actor, UseCase::ViewDashboard, "het overzicht")?;
        self.ensure_worklist_index()?;
        let handlers = match actor {
            Actor::User(user) if !UseCase::ViewDashboard.is_allowed_on_any_complaint(&user.roles) => Some(self.officials_covered_by(user)?),
            _ => None,
        };
        let settings = self.settings()?;
        let chart = self.org_chart()?;
        let today = self.today();
        let reader = self.database.reader();
        let worklist = summarise(&reader.worklist_facts(handlers.as_deref())?, today, &settings.calendar, &settings.norms);
        let month_start = today.with_day(1).unwrap_or(today);
        let previous_start = month_start - Months::new(1);
        let previous_end = month_start.pred_opt().unwrap_or(month_start);
        let received_this_month = reader.received_between(month_start, today, handlers.as_deref())?;
        let received_last_month = reader.received_between(previous_start, previous_end, handlers.as_deref())?;
        let departments: Vec<(String, String)> = chart.departments().iter().map(|d| (d.id.clone(), d.name.clone())).collect();
        let ids: Vec<String> = departments.iter().map(|(id, _)| id.clone()).collect();
        let facts = reader.report_facts_of(today.year(), handlers.as_deref())?;
        let within_term_this_year = annual_figures(today.year(), &facts, &ids, &settings.calendar, &settings.norms).within_term;
        let handler_names = worklist
            .by_handler
            .keys()
            .map(|id| (id.clone(), chart.official(id).map_or_else(|| id.clone(), |official| official.name.clone())))
            .collect();
        Ok(Dashboard {
            today,
            own_only: handlers.is_some(),
            worklist,
            handler_names,
            departments,
            received_this_month,
            received_last_month,
            within_term_this_year,
            due_soon_until: last_due_soon_date(today, &settings.calendar, &settings.norms),
        })
    }
}
