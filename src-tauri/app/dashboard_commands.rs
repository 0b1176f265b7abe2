//! The Overzicht screen's command: the dashboard of every complaint for the
//! coördinator, of their own for a handler. Aggregate figures and the chart's names only; each
//! figure carries the worklist filter that shows the complaints behind it.

use crate::ipc::CommandError;
use crate::state::signed_in_for;
use crate::state::AppState;
use klachtbalie_core::domain::dashboard::Workload;
use klachtbalie_core::domain::dutch_date::long_date;
use klachtbalie_core::service::Dashboard;
use serde::{Deserialize, Serialize};
use tauri::State;
#[cfg(test)]
use ts_rs::TS;

const MONTHS: [&str; 12] =
    ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

/// Open complaints in one status.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct StatusCountView {
    /// The status code, as the worklist's status filter takes it.
    pub code: String,
    pub label: String,
    pub count: u32,
}

/// On the worklist, due soon and overdue for one handler, department or all together.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct WorkloadView {
    /// The handler's or department's id, as the worklist's filter takes it ("" for the total
    /// or "zonder afdeling").
    pub id: String,
    pub name: String,
    pub open: u32,
    pub due_soon: u32,
    pub overdue: u32,
}

/// The Overzicht screen.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct DashboardView {
    /// "1 december 2026".
    pub today: String,
    /// Only the user's own complaints (a handler).
    pub own_only: bool,
    pub by_status: Vec<StatusCountView>,
    pub closed_with_open_task: u32,
    pub total: WorkloadView,
    pub handlers: Vec<WorkloadView>,
    pub departments: Vec<WorkloadView>,
    /// "december 2026" and "november 2026".
    pub this_month: String,
    pub last_month: String,
    pub received_this_month: u32,
    pub received_last_month: u32,
    pub year: u32,
    pub within_term: u32,
    pub decided: u32,
    /// Percent with one decimal; `None` before the first formal decision of the year.
    pub within_term_percent: Option<f64>,
    /// "t/m 8 december 2026": the last day counted as due soon.
    pub due_soon_until: String,
}

/// Counts cross IPC as 32-bit numbers (plain numbers in TypeScript); no municipality has more.
fn n(count: u64) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}

fn workload(id: &str, name: &str, load: &Workload) -> WorkloadView {
    WorkloadView { id: id.into(), name: name.into(), open: n(load.open), due_soon: n(load.due_soon), overdue: n(load.overdue) }
}

fn month(date: chrono::NaiveDate) -> String {
    use chrono::Datelike;
    format!("{} {}", MONTHS[date.month0() as usize], date.year())
}

impl DashboardView {
    pub fn new(dashboard: &Dashboard) -> Self {
        use chrono::Datelike;
        let summary = &dashboard.worklist;
        let none = Workload::default();
        let handlers = dashboard
            .handler_names
            .iter()
            .map(|(id, name)| workload(id, name, summary.by_handler.get(id).unwrap_or(&none)))
            .collect::<Vec<_>>();
        // Every department of the chart for the coördinator (a zero says something too); a
        // handler sees the departments of their own complaints.
        let mut departments: Vec<WorkloadView> = dashboard
            .departments
            .iter()
            .map(|(id, name)| workload(id, name, summary.by_department.get(id).unwrap_or(&none)))
            .filter(|view| !dashboard.own_only || view.open > 0)
            .collect();
        if let Some(without) = summary.by_department.get("") {
            departments.push(workload("", "Zonder afdeling", without));
        }
        let previous = dashboard.today.with_day(1).and_then(|first| first.pred_opt()).unwrap_or(dashboard.today);
        Self {
            today: long_date(dashboard.today),
            own_only: dashboard.own_only,
            by_status: summary
                .by_status
                .iter()
                .map(|(status, count)| StatusCountView { code: status.code().into(), label: status.dutch_label().into(), count: n(*count) })
                .collect(),
            closed_with_open_task: n(summary.closed_with_open_task),
            total: workload("", "Totaal", &summary.total),
            handlers,
            departments,
            this_month: month(dashboard.today),
            last_month: month(previous),
            received_this_month: n(dashboard.received_this_month),
            received_last_month: n(dashboard.received_last_month),
            year: u32::try_from(dashboard.today.year()).unwrap_or_default(),
            within_term: n(dashboard.within_term_this_year.within),
            decided: n(dashboard.within_term_this_year.of),
            within_term_percent: dashboard.within_term_this_year.percent,
            due_soon_until: format!("t/m {}", long_date(dashboard.due_soon_until)),
        }
    }
}

/// The dashboard; `live` when the window reloads it by itself after a change (not activity).
#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>, live: Option<bool>) -> Result<DashboardView, CommandError> {
    state
        .run(move |workspace, context| {
            let (app, actor) = signed_in_for(workspace, context, live)?;
            Ok(DashboardView::new(&app.dashboard(&actor)?))
        })
        .await
}
