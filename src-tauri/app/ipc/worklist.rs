//! IPC types of the worklist: its rows with the deadline light, its page, filters and scope,
//! and the reminders of deadlines that need attention.

use super::*;

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Light {
    OnTrack,
    DueSoon,
    Overdue,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct WorklistRow {
    pub reference: String,
    pub complainant_name: String,
    pub subject: String,
    pub department_name: String,
    pub handler_name: String,
    pub status: String,
    pub status_code: String,
    pub received_on: String,
    pub decision_due: String,
    pub decision_due_text: String,
    /// ISO date of the next running deadline; empty when only an undated task is open.
    pub next_deadline: String,
    pub next_deadline_text: String,
    pub next_deadline_label: String,
    pub light: Light,
    pub light_label: String,
    pub needs_acknowledgement: bool,
    pub open_tasks: u32,
}

/// Rows the window shows per worklist page: enough to scan, few enough to read fast at any
/// size of the municipality (the window never loads every complaint).
pub const WORKLIST_PAGE_SIZE: i64 = 50;

/// One page of the worklist and where it sits in the whole list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct WorklistPageView {
    pub rows: Vec<WorklistRow>,
    /// How many complaints match the filter on all pages together.
    pub total: u32,
    /// Counted from 0.
    pub page: u32,
    pub page_size: u32,
    /// What a search left out (the shared store stops a very common word after the newest
    /// matches), to show above the list; empty when it looked at everything.
    pub search_note: String,
}

/// A complaint the search over all complaints found (issue 28), to recognise and open.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct FoundComplaintRow {
    pub reference: String,
    pub complainant_name: String,
    pub subject: String,
    pub received_on: String,
    pub status: String,
    pub handler_name: String,
    pub destroyed: bool,
}

/// One page of what the search found and how many in all.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct FoundComplaintsView {
    pub rows: Vec<FoundComplaintRow>,
    pub total: u32,
    pub page_size: u32,
    /// What a search left out (a very common word), empty when it saw every match.
    pub search_note: String,
}

impl From<klachtbalie_core::service::FoundComplaints> for FoundComplaintsView {
    fn from(found: klachtbalie_core::service::FoundComplaints) -> Self {
        Self {
            rows: found
                .items
                .into_iter()
                .map(|item| FoundComplaintRow {
                    reference: item.reference,
                    complainant_name: item.complainant_name,
                    subject: item.subject,
                    received_on: klachtbalie_core::domain::dutch_date::long_date(item.received_on),
                    status: item.status.dutch_label().into(),
                    handler_name: item.handler_name,
                    destroyed: item.destroyed,
                })
                .collect(),
            total: count(found.total),
            page_size: count(found.page_size),
            search_note: if found.complete {
                String::new()
            } else {
                "Zoeken keek naar de nieuwste klachten met deze woorden; oudere zijn niet doorzocht. Maak de zoekopdracht specifieker."
                    .into()
            },
        }
    }
}

impl From<klachtbalie_core::service::WorklistPage> for WorklistPageView {
    fn from(page: klachtbalie_core::service::WorklistPage) -> Self {
        Self {
            rows: page.items.into_iter().map(WorklistRow::from).collect(),
            total: count(page.total),
            page: count(page.page),
            page_size: count(page.page_size),
            search_note: page.search_note,
        }
    }
}

impl From<WorklistItem> for WorklistRow {
    fn from(item: WorklistItem) -> Self {
        Self {
            reference: item.reference,
            complainant_name: item.complainant_name,
            subject: item.subject,
            department_name: item.department_name,
            handler_name: item.handler_name,
            status: item.status.dutch_label().into(),
            status_code: item.status.code().into(),
            received_on: short_date(item.received_on),
            decision_due: item.decision_due.to_string(),
            decision_due_text: long_date(item.decision_due),
            next_deadline: item.next_deadline.map(|d| d.due.to_string()).unwrap_or_default(),
            next_deadline_text: item.next_deadline.map(|d| long_date(d.due)).unwrap_or_else(|| "open taak".into()),
            next_deadline_label: item.next_deadline.map(|d| d.kind.dutch_label().to_string()).unwrap_or_default(),
            light: light(item.light),
            light_label: item.light.dutch_label().into(),
            needs_acknowledgement: item.needs_acknowledgement,
            open_tasks: u32::try_from(item.open_tasks).unwrap_or_default(),
        }
    }
}

/// DL-09's traffic light as the window shows it.
pub(crate) fn light(status: klachtbalie_core::domain::deadlines::DeadlineStatus) -> Light {
    use klachtbalie_core::domain::deadlines::DeadlineStatus;
    match status {
        DeadlineStatus::OnTrack => Light::OnTrack,
        DeadlineStatus::DueSoon => Light::DueSoon,
        DeadlineStatus::Overdue => Light::Overdue,
    }
}

/// The worklist's filters as chosen in the window; empty means "all".
#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct WorklistFilterRequest {
    pub status: String,
    pub department_id: String,
    pub handler_id: String,
    pub complaint_type: String,
    pub overdue_only: bool,
    pub due_soon_only: bool,
    pub search: String,
}

impl From<WorklistFilterRequest> for service::WorklistFilter {
    fn from(request: WorklistFilterRequest) -> Self {
        let some = |text: String| Some(text.trim().to_string()).filter(|text| !text.is_empty());
        Self {
            status: Status::from_code(request.status.trim()),
            department_id: some(request.department_id),
            handler_id: some(request.handler_id),
            complaint_type: klachtbalie_core::domain::complaint::ComplaintType::from_code(request.complaint_type.trim()),
            overdue_only: request.overdue_only,
            due_soon_only: request.due_soon_only,
            search: request.search,
        }
    }
}

/// A deadline that needs attention (DL-09).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ReminderView {
    pub reference: String,
    pub text: String,
    pub light: Light,
}

impl From<service::Reminder> for ReminderView {
    fn from(reminder: service::Reminder) -> Self {
        Self { text: reminder.dutch_text(), light: light(reminder.light), reference: reminder.reference }
    }
}

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[cfg_attr(test, derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum WorklistScopeRequest {
    Mine,
    All,
}

impl From<WorklistScopeRequest> for service::WorklistScope {
    fn from(scope: WorklistScopeRequest) -> Self {
        match scope {
            WorklistScopeRequest::Mine => Self::Mine,
            WorklistScopeRequest::All => Self::All,
        }
    }
}
