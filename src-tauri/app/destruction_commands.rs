//! The retention commands (AVG-02): the Vernietiging screen (the destruction lists, proposing
//! one of the complaints past their term today, confirming one by a second coördinator with
//! items kept off it) and the Beheerder's retention terms. Only references, classes, dates and
//! terms cross IPC, never personal data.

use crate::ipc::CommandError;
use crate::state::{self, AppState};
use klachtbalie_core::domain::dutch_date::long_date;
use klachtbalie_core::domain::retention::DestructionListState;
use klachtbalie_core::domain::retention::RetentionPeriods;
use klachtbalie_core::store::DestructionList;
use serde::{Deserialize, Serialize};
use tauri::ipc::Channel;
use tauri::State;
#[cfg(test)]
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct DestructionItemView {
    pub reference: String,
    pub class: String,
    pub closed_on: String,
    pub destroy_after: String,
    pub excluded_reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct DestructionListView {
    pub id: u32,
    pub as_of: String,
    pub proposed_by: String,
    /// "voorgesteld" or "uitgevoerd".
    pub state: String,
    /// Why, when the list erases a complaint at the person's request (AVG art. 17).
    pub request_reason: Option<String>,
    pub confirmed_by: Option<String>,
    /// This user may confirm it (four eyes: not the one who proposed it).
    pub may_confirm: bool,
    pub items: Vec<DestructionItemView>,
}

/// A complaint kept off a list, with the reason.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct ExclusionRequest {
    pub reference: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct DestructionOutcomeView {
    pub destroyed: Vec<String>,
    pub excluded: Vec<String>,
    pub no_longer_due: Vec<String>,
}

fn view(list: DestructionList, username: &str) -> DestructionListView {
    DestructionListView {
        id: u32::try_from(list.id).unwrap_or_default(),
        as_of: long_date(list.as_of),
        may_confirm: list.state == DestructionListState::Proposed && list.proposed_by != username,
        proposed_by: list.proposed_by,
        state: list.state.code().into(),
        request_reason: list.reason,
        confirmed_by: list.confirmed_by,
        items: list
            .items
            .into_iter()
            .map(|item| DestructionItemView {
                reference: item.reference,
                class: item.retention_class,
                closed_on: long_date(item.closed_on),
                destroy_after: long_date(item.destroy_after),
                excluded_reason: item.excluded_reason,
            })
            .collect(),
    }
}

#[tauri::command]
pub async fn destruction_lists(state: State<'_, AppState>) -> Result<Vec<DestructionListView>, CommandError> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let name = actor.name();
            Ok(app.destruction_lists(&actor)?.into_iter().map(|list| view(list, &name)).collect())
        })
        .await
}

/// AVG art. 17: erasing one closed complaint at the person's request, with the reason.
#[tauri::command]
pub async fn propose_erasure(state: State<'_, AppState>, reference: String, reason: String) -> Result<DestructionListView, CommandError> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(view(app.propose_erasure(&actor, &reference, &reason)?, &actor.name()))
        })
        .await
}

/// A list of the complaints past their term today.
#[tauri::command]
pub async fn propose_destruction(state: State<'_, AppState>) -> Result<DestructionListView, CommandError> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let today = app.today();
            Ok(view(app.propose_destruction(&actor, today)?, &actor.name()))
        })
        .await
}

/// How far a confirmed list has come: sent after each complaint (each is its own transaction),
/// so the window shows progress over a long list.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct DestructionProgressView {
    pub done: u32,
    pub total: u32,
}

#[tauri::command]
pub async fn confirm_destruction(
    state: State<'_, AppState>,
    list_id: u32,
    exclusions: Vec<ExclusionRequest>,
    on_progress: Channel<DestructionProgressView>,
) -> Result<DestructionOutcomeView, CommandError> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let exclusions: Vec<(String, String)> = exclusions.into_iter().map(|item| (item.reference, item.reason)).collect();
            let outcome = app.confirm_destruction(&actor, i64::from(list_id), &exclusions, |done, total| {
                let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
                // A window that went away cannot be told; the destruction goes on.
                let _ = on_progress.send(DestructionProgressView { done: count(done), total: count(total) });
            })?;
            Ok(DestructionOutcomeView { destroyed: outcome.destroyed, excluded: outcome.excluded, no_longer_due: outcome.no_longer_due })
        })
        .await
}

/// The retention terms in years (Selectielijst 13.1, 13.1.1, 13.1.2, 13.1.4, 13.2).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct RetentionPeriodsView {
    pub handled: u32,
    pub compensation: u32,
    pub ombudsman: u32,
    pub not_handled: u32,
    pub withdrawn: u32,
    pub forwarded: u32,
}

impl From<RetentionPeriods> for RetentionPeriodsView {
    fn from(p: RetentionPeriods) -> Self {
        Self {
            handled: p.handled,
            compensation: p.compensation,
            ombudsman: p.ombudsman,
            not_handled: p.not_handled,
            withdrawn: p.withdrawn,
            forwarded: p.forwarded,
        }
    }
}

impl From<RetentionPeriodsView> for RetentionPeriods {
    fn from(v: RetentionPeriodsView) -> Self {
        Self {
            handled: v.handled,
            compensation: v.compensation,
            ombudsman: v.ombudsman,
            not_handled: v.not_handled,
            withdrawn: v.withdrawn,
            forwarded: v.forwarded,
        }
    }
}

#[tauri::command]
pub async fn retention_periods(state: State<'_, AppState>) -> Result<RetentionPeriodsView, CommandError> {
    state
        .run(|workspace, context| {
            let (app, _) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.retention_periods()?.into())
        })
        .await
}

/// The Beheerder changes the terms, with a reason (audited).
#[tauri::command]
pub async fn save_retention_periods(
    state: State<'_, AppState>,
    periods: RetentionPeriodsView,
    reason: String,
) -> Result<RetentionPeriodsView, CommandError> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.set_retention_periods(&actor, &periods.into(), &reason)?.into())
        })
        .await
}
