//! The Inzageverzoeken commands (AVG-03, art. 15): register a request, extend its term once,
//! find the person's complaints, read the answer before sending, answer and close, and open
//! the answer as sent. Only the coördinator may (core decides); the person's name crosses IPC
//! only to this screen.

use crate::ipc::{light, CommandError, Light, SavedFile};
use crate::state::{self, AppState};
use crate::viewer::hand_to_viewer;
use klachtbalie_core::domain::access_request::{AccessRequestForm, IdentityCheck};
use klachtbalie_core::domain::dutch_date::long_date;
use klachtbalie_core::service::{AccessRequestItem, PersonMatch};
use serde::{Deserialize, Serialize};
use tauri::State;
#[cfg(test)]
use ts_rs::TS;

type CommandResult<T> = Result<T, CommandError>;

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct AccessRequestView {
    pub number: String,
    pub requester: String,
    pub address: String,
    pub identity_check: String,
    pub identity_note: String,
    pub received_on: String,
    pub due_on: String,
    /// The worklist's light of the answer term while open; `None` once answered.
    pub light: Option<Light>,
    pub light_label: Option<String>,
    pub extended_on: Option<String>,
    pub extension_reason: Option<String>,
    pub answered_on: Option<String>,
    pub answered_by: Option<String>,
    pub answer_references: Vec<String>,
    /// Why the term cannot be extended today (`None`: it can).
    pub extension_problem: Option<String>,
}

impl From<AccessRequestItem> for AccessRequestView {
    fn from(item: AccessRequestItem) -> Self {
        let r = item.request;
        Self {
            number: r.number,
            requester: r.requester,
            address: r.address,
            identity_check: r.identity_check.dutch_label().to_string(),
            identity_note: r.identity_note,
            received_on: long_date(r.received_on),
            due_on: long_date(r.due_on),
            light: item.light.map(light),
            light_label: item.light.map(|light| light.dutch_label().to_string()),
            extended_on: r.extended_on.map(long_date),
            extension_reason: r.extension_reason,
            answered_on: r.answered_on.map(long_date),
            answered_by: r.answered_by,
            answer_references: r.answer_references,
            extension_problem: item.extension_problem,
        }
    }
}

/// The registration form; `identity_check` is one of `IdentityCheckOption::code`.
#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct AccessRequestFormRequest {
    pub requester: String,
    pub address: String,
    pub identity_check: String,
    pub identity_note: String,
    pub received_on: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct IdentityCheckOption {
    pub code: String,
    pub label: String,
}

/// The screen: every request (open ones first) and the form's choices.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct AccessRequestsView {
    pub requests: Vec<AccessRequestView>,
    pub identity_checks: Vec<IdentityCheckOption>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct PersonMatchView {
    pub reference: String,
    pub complainant_name: String,
    pub received_on: String,
    pub matched_on: Vec<String>,
    pub exact: bool,
}

impl From<PersonMatch> for PersonMatchView {
    fn from(m: PersonMatch) -> Self {
        Self {
            reference: m.reference,
            complainant_name: m.complainant_name,
            received_on: long_date(m.received_on),
            matched_on: m.matched_on.into_iter().map(str::to_string).collect(),
            exact: m.exact,
        }
    }
}

#[tauri::command]
pub async fn access_requests(state: State<'_, AppState>, open_only: bool) -> CommandResult<AccessRequestsView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(AccessRequestsView {
                requests: app.access_requests(&actor, open_only)?.into_iter().map(AccessRequestView::from).collect(),
                identity_checks: IdentityCheck::ALL
                    .iter()
                    .map(|check| IdentityCheckOption { code: check.code().into(), label: check.dutch_label().into() })
                    .collect(),
            })
        })
        .await
}

#[tauri::command]
pub async fn register_access_request(state: State<'_, AppState>, request: AccessRequestFormRequest) -> CommandResult<AccessRequestView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let form = AccessRequestForm {
                requester: request.requester,
                address: request.address,
                identity_check: request.identity_check,
                identity_note: request.identity_note,
                received_on: request.received_on,
            };
            Ok(app.register_access_request(&actor, &form)?.into())
        })
        .await
}

#[tauri::command]
pub async fn extend_access_request(state: State<'_, AppState>, number: String, reason: String) -> CommandResult<AccessRequestView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.extend_access_request(&actor, &number, &reason)?.into())
        })
        .await
}

#[tauri::command]
pub async fn find_person(state: State<'_, AppState>, query: String) -> CommandResult<Vec<PersonMatchView>> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.find_person(&actor, &query)?.into_iter().map(PersonMatchView::from).collect())
        })
        .await
}

/// The answer as it would be sent, in the viewer; nothing is stored.
#[tauri::command]
pub async fn preview_access_answer(state: State<'_, AppState>, number: String, references: Vec<String>) -> CommandResult<SavedFile> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let pdf = app.preview_access_answer(&actor, &number, &references)?;
            let (path, opened) = hand_to_viewer(context, &format!("{number}-voorbeeld"), &pdf, true)?;
            Ok(SavedFile { path, opened })
        })
        .await
}

/// Answers and closes the request; the PDF as sent opens in the viewer.
#[tauri::command]
pub async fn answer_access_request(state: State<'_, AppState>, number: String, references: Vec<String>) -> CommandResult<SavedFile> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let pdf = app.answer_access_request(&actor, &number, &references)?;
            let (path, opened) = hand_to_viewer(context, &format!("{number}-antwoord"), &pdf, true)?;
            Ok(SavedFile { path, opened })
        })
        .await
}

/// The answer as it was sent, in the viewer.
#[tauri::command]
pub async fn open_access_answer(state: State<'_, AppState>, number: String) -> CommandResult<SavedFile> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let pdf = app.access_answer(&actor, &number)?;
            let (path, opened) = hand_to_viewer(context, &format!("{number}-antwoord"), &pdf, true)?;
            Ok(SavedFile { path, opened })
        })
        .await
}
