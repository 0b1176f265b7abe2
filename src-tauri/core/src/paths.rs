//! Where the data lives: one folder per OS user, shared by the app and the CLI.

use std::path::{Path, PathBuf};

/// The application identifier; also the folder name under the OS data directory.
pub const APP_IDENTIFIER: &str = "nl.klachtbalie.app";
pub const DATABASE_FILE: &str = "klachtbalie.db";

/// `KLACHTBALIE_DATA_DIR` if set (tests, portable installs), otherwise the OS data
/// directory (`~/.local/share/nl.klachtbalie.app` on Linux, `%APPDATA%\…` on Windows).
pub fn default_data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("KLACHTBALIE_DATA_DIR").filter(|dir| !dir.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::data_dir().unwrap_or_else(std::env::temp_dir).join(APP_IDENTIFIER)
}

pub fn database_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DATABASE_FILE)
}

/// The name under which the key is kept in the credential store: the absolute data folder,
/// so two installations (or test runs) never share a key entry.
pub fn database_id(data_dir: &Path) -> String {
    let absolute = crate::platform::canonical(data_dir).unwrap_or_else(|_| data_dir.to_path_buf());
    format!("database:{}", absolute.display())
}

/// Where files the user asked to save (the recovery-key sheet) go: Downloads, else Documents,
/// else the home folder. Never the data folder: a recovery key beside the database protects
/// nothing.
pub fn export_dir() -> PathBuf {
    dirs::download_dir().or_else(dirs::document_dir).or_else(dirs::home_dir).unwrap_or_else(std::env::temp_dir)
}

/// Where the open dialog starts for an import or a logo: the user's documents folder (as the
/// desktop names it, "Documenten" on a Dutch one), if there is one.
pub fn import_dir() -> Option<PathBuf> {
    dirs::document_dir().filter(|folder| folder.is_dir())
}

/// A path in `dir` named `stem.ext`, or `stem (2).ext` etc. if that exists: never overwrite.
pub fn unused_file_name(dir: &Path, stem: &str, ext: &str) -> PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if !first.exists() {
        return first;
    }
    (2..).map(|n| dir.join(format!("{stem} ({n}).{ext}"))).find(|candidate| !candidate.exists()).unwrap_or(first)
}
