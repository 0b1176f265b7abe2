//! The Beheerder's commands for the whole application: the audit log (viewing, acknowledging
//! damage, exporting), the shared server's record of writes and the settings. No rule lives here.

use crate::file_dialog::{choose_export, save_export};
use crate::ipc::*;
use crate::state::{self, AppState};
use klachtbalie_core::store::ServerChangeFilter;
use tauri::State;

type CommandResult<T> = Result<T, CommandError>;

#[tauri::command]
pub async fn audit_log(state: State<'_, AppState>, filter: AuditFilterRequest) -> CommandResult<AuditLogView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let (entries, verification) = app.audit_log(&actor, &filter.parse()?)?;
            Ok(AuditLogView {
                intact: verification.first_broken.is_none(),
                summary: verification.summary(),
                entries: entries.into_iter().rev().map(AuditEntryView::from).collect(),
            })
        })
        .await
}

/// SEC-07: the newest writes the shared server recorded itself (also those made with psql);
/// `None` on a single desk, which has no server.
#[tauri::command]
pub async fn server_changes(state: State<'_, AppState>) -> CommandResult<Option<Vec<ServerChangeView>>> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let changes = app.server_changes(&actor, &ServerChangeFilter::default())?;
            Ok(changes.map(|changes| changes.into_iter().map(ServerChangeView::from).collect()))
        })
        .await
}

/// SEC-02: the Beheerder acknowledges a damaged end of the audit log, so writing can go on.
/// Returns what was acknowledged, for the screen.
#[tauri::command]
pub async fn acknowledge_audit_damage(state: State<'_, AppState>) -> CommandResult<String> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(match app.acknowledge_audit_damage(&actor)? {
                Some(problem) => format!("Bevestigd en vastgelegd in het auditlog: {problem} Er kan weer worden opgeslagen."),
                None => "Het einde van het auditlog is in orde; er was niets te bevestigen.".into(),
            })
        })
        .await
}

/// Writes the filtered audit log as CSV to the Downloads folder.
#[tauri::command]
pub async fn export_audit_csv<R: tauri::Runtime>(
    handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    filter: AuditFilterRequest,
) -> CommandResult<SavedFile> {
    let today = state.context.clock.now().date();
    let target = choose_export(&handle, &state.context, &format!("Klachtbalie-auditlog-{today}"), "csv", "CSV-bestand").await?;
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let csv = app.audit_csv(&actor, &filter.parse()?)?;
            save_export(context, &target, csv.as_bytes())?;
            Ok(SavedFile { path: target.path.display().to_string(), opened: false })
        })
        .await
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> CommandResult<SettingsData> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let mut settings: SettingsData = app.settings_for(&actor)?.into();
            settings.has_logo = app.has_logo()?;
            Ok(settings)
        })
        .await
}

#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, request: SettingsData) -> CommandResult<SettingsData> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let mut settings: SettingsData = app.update_settings(&actor, &request.into())?.into();
            settings.has_logo = app.has_logo()?;
            Ok(settings)
        })
        .await
}
