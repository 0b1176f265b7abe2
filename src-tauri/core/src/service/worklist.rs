//! The worklist (DL-09): the complaints a user works on or watches, each with its next running
//! deadline and light, filtered and paged from the index every change keeps current.

use super::access::{assigned_with, handled_by, permits};
use super::complaints::{complaint_deadlines, RunningDeadline};
use super::{Actor, Klachtbalie, ServiceResult, Settings};
use crate::audit::AuditEvent;
use crate::domain::complaint::{ComplaintReference, ComplaintType};
use crate::domain::dashboard::last_due_soon_date;
use crate::domain::deadlines::{DeadlineKind, DeadlineStatus};
use crate::domain::procedure::Status;
use crate::domain::text::subject_of;
use crate::roles::UseCase;
use crate::store::{ComplaintRecord, SearchReach, WorklistQuery};
use chrono::NaiveDate;

/// A row of the worklist (DL-09): the nearest open deadline decides the order and the light.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorklistItem {
    pub complaint_id: i64,
    pub reference: String,
    pub complainant_name: String,
    pub subject: String,
    pub department_id: Option<String>,
    pub department_name: String,
    pub handler_id: String,
    pub handler_name: String,
    pub status: Status,
    pub complaint_type: ComplaintType,
    pub received_on: NaiveDate,
    pub decision_due: NaiveDate,
    /// The earliest running deadline; `None` only for a closed complaint with an open task
    /// that has no date.
    pub next_deadline: Option<RunningDeadline>,
    pub light: DeadlineStatus,
    pub acknowledged: bool,
    pub needs_acknowledgement: bool,
    pub open_tasks: i64,
    /// Every running deadline, earliest first (for reminders and the calendar export).
    pub running: Vec<RunningDeadline>,
}

/// The worklist's filters (all optional) and the search text (FTS5).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorklistFilter {
    pub status: Option<Status>,
    pub department_id: Option<String>,
    pub handler_id: Option<String>,
    pub complaint_type: Option<ComplaintType>,
    pub overdue_only: bool,
    /// Only complaints whose next deadline is "binnenkort" (DL-09).
    pub due_soon_only: bool,
    pub search: String,
}

/// On the shared store a search opens its candidates on the desk: one for a word most
/// complaints share stops after the newest this many matches, and the worklist says so.
pub const WORKLIST_SEARCH_REACH: usize = 2000;

/// One page of the worklist and how many complaints match in total.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorklistPage {
    pub items: Vec<WorklistItem>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
    /// What a search left out, in words for the window; empty when it looked at everything.
    pub search_note: String,
}

/// Which complaints the worklist shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WorklistScope {
    /// Complaints assigned to the user (and those of absent officials they deputise for).
    Mine,
    /// Every open complaint (KCC and coördinator).
    All,
}

fn worklist_item(record: ComplaintRecord, settings: &Settings, today: NaiveDate) -> WorklistItem {
    let (deadlines, running) = complaint_deadlines(&record, settings, today);
    let next_deadline = running.first().copied();
    let complaint = &record.complaint;
    let needs_acknowledgement = running.iter().any(|deadline| deadline.kind == DeadlineKind::Acknowledgement);
    WorklistItem {
        complaint_id: record.id,
        subject: subject_of(&complaint.description, 80),
        complainant_name: complaint.complainant_name.clone(),
        department_id: complaint.department_id.clone(),
        complaint_type: complaint.complaint_type,
        received_on: complaint.received_on,
        reference: record.reference,
        department_name: record.department_name,
        handler_id: record.handler.id,
        handler_name: record.handler.name,
        status: record.status,
        decision_due: deadlines.decision_due,
        light: next_deadline.map_or(DeadlineStatus::OnTrack, |deadline| deadline.light),
        next_deadline,
        acknowledged: record.acknowledged,
        needs_acknowledgement,
        open_tasks: record.procedure.open_tasks,
        running,
    }
}

impl Klachtbalie {
    /// DL-09: open complaints, nearest deadline first, with their traffic light. A user who
    /// is only a handler always gets their own complaints, whatever scope they ask for.
    pub fn worklist(&mut self, actor: &Actor, scope: WorklistScope) -> ServiceResult<Vec<WorklistItem>> {
        self.filtered_worklist(actor, scope, &WorklistFilter::default())
    }

    /// DL-09 with the worklist's filters and search: every matching complaint.
    pub fn filtered_worklist(&mut self, actor: &Actor, scope: WorklistScope, filter: &WorklistFilter) -> ServiceResult<Vec<WorklistItem>> {
        Ok(self.worklist_page(actor, scope, filter, 0, i64::MAX)?.items)
    }

    /// DL-09: one page of the worklist, nearest deadline first, with the number of matching
    /// complaints in total. The store reads the page through the worklist index,
    /// so a page costs the same with 1,000 or 1,000,000 complaints.
    pub fn worklist_page(
        &mut self,
        actor: &Actor,
        scope: WorklistScope,
        filter: &WorklistFilter,
        page: i64,
        page_size: i64,
    ) -> ServiceResult<WorklistPage> {
        self.authorize(actor, UseCase::ViewWorklist, "werkvoorraad")?;
        self.ensure_worklist_index()?;
        let settings = self.settings()?;
        let today = self.today();
        let handlers = match actor {
            Actor::System { .. } => None,
            Actor::User(user) if UseCase::ViewWorklist.is_allowed_on_any_complaint(&user.roles) && scope == WorklistScope::All => None,
            Actor::User(user) => Some(self.officials_covered_by(user)?),
        };
        let hits = if filter.search.trim().is_empty() {
            None
        } else {
            Some(self.database.reader().search_complaints(&filter.search, SearchReach::Newest(WORKLIST_SEARCH_REACH))?)
        };
        let search_note = match &hits {
            Some(hits) if !hits.complete => format!(
                "Zoeken keek naar de nieuwste {} klachten met deze woorden; oudere zijn niet doorzocht. Maak de zoekopdracht specifieker \
                 (bijvoorbeeld met een postcode of kenmerk).",
                hits.ids.len()
            ),
            _ => String::new(),
        };
        let ids = hits.map(|hits| hits.ids);
        let page_size = page_size.max(1);
        let query = WorklistQuery {
            handlers,
            ids,
            status: filter.status.map(|status| status.code().to_string()),
            department_id: filter.department_id.clone(),
            handler_id: filter.handler_id.clone(),
            complaint_type: filter.complaint_type.map(|kind| kind.code().to_string()),
            // "Te laat" before today; "binnenkort" from today to the last due-soon date (DL-09),
            // the same windows the dashboard counts.
            due_before: [
                filter.overdue_only.then_some(today),
                filter.due_soon_only.then(|| last_due_soon_date(today, &settings.calendar, &settings.norms) + chrono::Days::new(1)),
            ]
            .into_iter()
            .flatten()
            .min(),
            due_from: filter.due_soon_only.then_some(today),
            limit: page_size,
            offset: page.max(0).saturating_mul(page_size),
        };
        let (records, total) = self.database.reader().worklist_page(&query)?;
        let items: Vec<WorklistItem> = records.into_iter().map(|record| worklist_item(record, &settings, today)).collect();
        let object = format!("werkvoorraad ({total} klachten)");
        self.record(actor, &AuditEvent::success("werkvoorraad inzien", object))?;
        Ok(WorklistPage { items, total, page, page_size, search_note })
    }

    /// Issue 28: any complaint the user may see, open, closed or destroyed, from every screen:
    /// the reference as an exact hit first, then names, addresses and text as on the worklist,
    /// newest first, `page_size` at a time. A handler finds their own complaints only.
    pub fn find_complaints(&mut self, actor: &Actor, text: &str, page: i64, page_size: i64) -> ServiceResult<FoundComplaints> {
        self.authorize(actor, UseCase::ViewComplaint, "klachten zoeken")?;
        let covered = self.covered(actor)?;
        let text = text.trim();
        let reader = self.database.reader();
        let mut ids = Vec::new();
        if let Some(reference) = ComplaintReference::parse(text) {
            ids.extend(reader.complaint_by_reference(&reference.to_string())?.map(|record| record.id));
        }
        let mut complete = true;
        if ids.is_empty() && !text.is_empty() {
            let hits = reader.search_complaints(text, SearchReach::Newest(WORKLIST_SEARCH_REACH))?;
            complete = hits.complete;
            ids = hits.ids;
        }
        // Who may see them and their order come from plain columns; only the page shown is read
        // as whole complaints (the shared store's word check itself still opens its candidates).
        let mut found = reader.complaint_order_and_handlers(&ids)?;
        found.retain(|(_, _, handler)| permits(actor, UseCase::ViewComplaint, handled_by(covered.as_deref(), handler)));
        found.sort_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0)));
        let total = found.len() as i64;
        let page_size = page_size.max(1);
        let page_ids: Vec<i64> = found
            .iter()
            .skip(usize::try_from(page.max(0).saturating_mul(page_size)).unwrap_or(usize::MAX))
            .take(usize::try_from(page_size).unwrap_or(usize::MAX))
            .map(|(id, _, _)| *id)
            .collect();
        let mut records = reader.complaints_by_ids(&page_ids)?;
        // Checked again on what is shown: a complaint reassigned between the two reads is not.
        records.retain(|record| permits(actor, UseCase::ViewComplaint, assigned_with(covered.as_deref(), record)));
        records.sort_by_key(|record| page_ids.iter().position(|id| *id == record.id));
        let items = records
            .into_iter()
            .map(|record| FoundComplaint {
                subject: if record.destroyed_at.is_some() { String::new() } else { subject_of(&record.complaint.description, 80) },
                reference: record.reference,
                complainant_name: record.complaint.complainant_name,
                received_on: record.complaint.received_on,
                status: record.status,
                handler_name: record.handler.name,
                destroyed: record.destroyed_at.is_some(),
            })
            .collect();
        self.record(actor, &AuditEvent::success("klachten zoeken", format!("zoeken ({total} klachten)")))?;
        Ok(FoundComplaints { items, total, page_size, complete })
    }
}

/// A complaint found by `find_complaints`: enough to recognise it and open its file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundComplaint {
    pub reference: String,
    pub complainant_name: String,
    pub subject: String,
    pub received_on: NaiveDate,
    pub status: Status,
    pub handler_name: String,
    /// Destroyed under the Selectielijst: only the reference and the destruction record remain.
    pub destroyed: bool,
}

/// One page of what a search found, how many in all, and whether the search saw every match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundComplaints {
    pub items: Vec<FoundComplaint>,
    pub total: i64,
    pub page_size: i64,
    pub complete: bool,
}
