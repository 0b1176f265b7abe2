//! The commands of the organisation and its users (Beheerder): the org chart with its
//! departments and officials, and the user accounts with their roles. No rule lives here.

use crate::file_dialog::{choose_export, save_export};
use crate::ipc::*;
use crate::state::{self, AppState};
use klachtbalie_core::domain::organisation::{DepartmentEntry, OfficialEntry};
use tauri::State;

type CommandResult<T> = Result<T, CommandError>;

#[tauri::command]
pub async fn list_organisation(state: State<'_, AppState>) -> CommandResult<OrganisationView> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let (chart, labels) = app.organisation(&actor)?;
            Ok(OrganisationView::new(&chart, &labels))
        })
        .await
}

#[tauri::command]
pub async fn import_org_chart(state: State<'_, AppState>, json: String) -> CommandResult<ImportResult> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let summary = app.import_org_chart(&actor, &json)?;
            Ok(ImportResult {
                departments: u32::try_from(summary.departments).unwrap_or(u32::MAX),
                officials: u32::try_from(summary.officials).unwrap_or(u32::MAX),
            })
        })
        .await
}

/// Writes the chart in the import format to the Downloads folder.
#[tauri::command]
pub async fn export_org_chart<R: tauri::Runtime>(handle: tauri::AppHandle<R>, state: State<'_, AppState>) -> CommandResult<SavedFile> {
    let today = state.context.clock.now().date();
    let target = choose_export(&handle, &state.context, &format!("Klachtbalie-organogram-{today}"), "json", "JSON-bestand").await?;
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let json = app.export_org_chart(&actor)?;
            save_export(context, &target, json.as_bytes())?;
            Ok(SavedFile { path: target.path.display().to_string(), opened: false })
        })
        .await
}

#[tauri::command]
pub async fn save_org_department(state: State<'_, AppState>, request: DepartmentSaveRequest) -> CommandResult<OrganisationView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let entry = DepartmentEntry { id: request.id, name: request.name, manager: Some(request.manager_id) };
            app.save_department(&actor, entry)?;
            let (chart, labels) = app.organisation(&actor)?;
            Ok(OrganisationView::new(&chart, &labels))
        })
        .await
}

#[tauri::command]
pub async fn save_official(state: State<'_, AppState>, request: OfficialSaveRequest) -> CommandResult<OrganisationView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let entry = OfficialEntry {
                id: request.id,
                name: request.name,
                function: request.function,
                department: Some(request.department_id),
                deputy: Some(request.deputy_id),
                absent: request.absent,
                loco_burgemeester: request.loco_burgemeester,
            };
            app.save_official(&actor, entry)?;
            let (chart, labels) = app.organisation(&actor)?;
            Ok(OrganisationView::new(&chart, &labels))
        })
        .await
}

#[tauri::command]
pub async fn list_users(state: State<'_, AppState>) -> CommandResult<Vec<UserAccountView>> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.users(&actor)?.into_iter().map(UserAccountView::from).collect())
        })
        .await
}

#[tauri::command]
pub async fn role_options() -> CommandResult<Vec<RoleOption>> {
    Ok(crate::ipc::role_options())
}

/// Creates an account (no id) or changes one.
#[tauri::command]
pub async fn save_user(state: State<'_, AppState>, request: UserSaveRequest) -> CommandResult<UserAccountView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let id = request.id;
            let form = request.into();
            let saved = match id {
                None => app.create_user(&actor, &form)?,
                Some(id) => app.update_user(&actor, i64::from(id), &form)?,
            };
            Ok(saved.into())
        })
        .await
}

#[tauri::command]
pub async fn reset_user_password(state: State<'_, AppState>, id: u32, password: String) -> CommandResult<UserAccountView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.reset_password(&actor, i64::from(id), &password)?.into())
        })
        .await
}
