//! What the CLI launcher and the app agree on, and how the launcher runs the app: Windows
//! starts a program either as a console program (the shell waits, shows its output, gets its
//! exit code) or as a window program (no console window behind the app). The installed
//! `klachtbalie-cli.exe` is the first kind and nothing more; `klachtbalie.exe --cli` holds the
//! CLI, so the core is in the installer once instead of twice.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;

/// The first argument that makes the app run one CLI command instead of opening its window.
pub const APP_SWITCH: &str = "--cli";

/// The app's program beside the launcher.
pub const APP_FILE_NAME: &str = if cfg!(windows) { "klachtbalie.exe" } else { "klachtbalie" };

/// Runs one CLI command in the app beside `launcher`, on this process's standard input,
/// output and error, and waits for it: its exit code, or what went wrong, in Dutch.
pub fn run_app_beside(launcher: &Path, args: impl IntoIterator<Item = OsString>) -> Result<i32, String> {
    let app = launcher.with_file_name(APP_FILE_NAME);
    let status = Command::new(&app).arg(APP_SWITCH).args(args).status().map_err(|error| {
        let reason = match error.kind() {
            std::io::ErrorKind::NotFound => "het bestand ontbreekt".to_string(),
            std::io::ErrorKind::PermissionDenied => "geen toestemming om het te starten".to_string(),
            _ => format!("{error}"),
        };
        format!("{} kan niet worden gestart ({reason}); installeer Klachtbalie opnieuw of vraag het de beheerder", app.display())
    })?;
    // A program ended by a signal (Unix) has no code: a failure all the same.
    Ok(status.code().unwrap_or(1))
}
