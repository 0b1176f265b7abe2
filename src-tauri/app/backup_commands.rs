//! The Beheerder's backup commands (SEC-06): make a backup of this desk's database into the
//! Downloads folder, see when the last one was made, and set after how many days the app
//! reminds. Restoring is done with `klachtbalie-cli restore` while the app is closed.

use crate::file_dialog::choose_export;
use crate::ipc::CommandError;
use crate::state::{self, AppState};
use klachtbalie_core::domain::dutch_date::long_date;
use klachtbalie_core::paths;
use serde::Serialize;
use tauri::State;
#[cfg(test)]
use ts_rs::TS;

/// When the last backup was made and whether the Beheerder should make one now.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct BackupStatusView {
    /// This desk works on the shared database: backups are the database administrator's.
    pub shared: bool,
    /// "23 november 2026 om 09:14", or `None`: never.
    pub last: Option<String>,
    pub reminder_days: u32,
    /// The reminder is due (the last backup is older than `reminder_days`, or there is none).
    pub due: bool,
}

/// A backup just made.
#[derive(Debug, Clone, Serialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct BackupMadeView {
    pub path: String,
    pub complaints: u32,
    pub megabytes: f64,
}

fn status_of(
    app: &klachtbalie_core::service::Klachtbalie,
    actor: &klachtbalie_core::service::Actor,
) -> Result<BackupStatusView, CommandError> {
    if !app.backs_up_on_the_desk() {
        return Ok(BackupStatusView { shared: true, last: None, reminder_days: 0, due: false });
    }
    let (last, days) = app.backup_schedule()?;
    Ok(BackupStatusView {
        shared: false,
        last: last.map(|at| format!("{} om {}", long_date(at.date()), at.format("%H:%M"))),
        reminder_days: u32::try_from(days).unwrap_or_default(),
        due: app.backup_reminder(actor)?.is_some(),
    })
}

#[tauri::command]
pub async fn backup_status(state: State<'_, AppState>) -> Result<BackupStatusView, CommandError> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in_without_activity(workspace, context.clock.now())?;
            status_of(app, &actor)
        })
        .await
}

/// Makes a backup in the Downloads folder (Beheerder, single desk).
#[tauri::command]
pub async fn make_backup<R: tauri::Runtime>(
    handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<BackupMadeView, CommandError> {
    let _ = std::fs::create_dir_all(paths::export_dir());
    let today = state.context.clock.now().date();
    let target =
        choose_export(&handle, &state.context, &format!("Klachtbalie-back-up-{today}"), "klachtbalie-backup", "Back-up van Klachtbalie")
            .await?;
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let path = target.path;
            // A file chosen in the dialog was confirmed there to be replaced.
            let manifest = app.make_backup(&actor, &path, target.chosen, &[])?;
            Ok(BackupMadeView {
                path: path.display().to_string(),
                complaints: u32::try_from(manifest.complaints()).unwrap_or(u32::MAX),
                megabytes: (manifest.database_bytes as f64 / 1_048_576.0 * 10.0).round() / 10.0,
            })
        })
        .await
}

#[tauri::command]
pub async fn set_backup_reminder_days(state: State<'_, AppState>, days: String) -> Result<BackupStatusView, CommandError> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            app.set_backup_reminder_days(&actor, &days)?;
            status_of(app, &actor)
        })
        .await
}
