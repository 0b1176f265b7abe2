//! Where an export goes (issue 14): the OS's own save dialog (tauri-plugin-dialog), opened
//! before the work and without holding the workspace lock, starting in the Downloads folder
//! with a suggested name. Automated tests (`KLACHTBALIE_NO_DIALOG`) and the mock runtime get the
//! suggested file in the Downloads folder instead. Exports are written by the core's one writer (files.rs).

use crate::ipc::CommandError;
use crate::state::Context;
use klachtbalie_core::paths;
use std::path::PathBuf;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_dialog::DialogExt;

type CommandResult<T> = Result<T, CommandError>;

/// The file an export is written to.
#[derive(Debug, Clone)]
pub struct ExportTarget {
    pub path: PathBuf,
    /// Chosen in the dialog: the user confirmed replacing it if it existed.
    pub chosen: bool,
}

/// Asks where `name.extension` goes; `kind` names the file type in the dialog's filter
/// ("PDF-document"). Cancelling is the error kind `cancelled`, which the window ignores.
pub async fn choose_export<R: Runtime>(
    app: &AppHandle<R>,
    context: &Context,
    name: &str,
    extension: &str,
    kind: &str,
) -> CommandResult<ExportTarget> {
    let folder = paths::export_dir();
    let suggested = paths::unused_file_name(&folder, name, extension);
    if !context.choose_files || app.try_state::<tauri_plugin_dialog::Dialog<R>>().is_none() {
        return Ok(ExportTarget { path: suggested, chosen: false });
    }
    let file_name = suggested.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let (app, kind, extension) = (app.clone(), kind.to_string(), extension.to_string());
    // The dialog runs on the GTK main thread; this waits for it on a blocking thread, so
    // neither the window nor other commands wait.
    let chosen = tauri::async_runtime::spawn_blocking(move || {
        let mut dialog = app.dialog().file().set_title("Opslaan als").set_file_name(file_name).add_filter(kind, &[extension.as_str()]);
        if folder.is_dir() {
            dialog = dialog.set_directory(&folder);
        }
        dialog.blocking_save_file()
    })
    .await
    .map_err(|error| CommandError::new("internal", format!("Interne fout: {error}")))?;
    let path = chosen.ok_or_else(|| CommandError::new("cancelled", "Niet opgeslagen."))?.into_path().map_err(|error| {
        CommandError::new("io", format!("Deze plek kan Klachtbalie niet gebruiken: {error}. Kies een map op deze computer."))
    })?;
    Ok(ExportTarget { path, chosen: true })
}

/// Saves an export through the core's one writer of exports (never into the data folder,
/// written whole beside the target and renamed): a file the user chose to replace in the
/// dialog is replaced, any other existing file is left alone.
pub fn save_export(context: &Context, target: &ExportTarget, bytes: &[u8]) -> CommandResult<()> {
    klachtbalie_core::files::write_export(&target.path, bytes, target.chosen, &context.data_dir, &[])
        .map_err(|message| CommandError::new("io", message))
}
