//! The OS's own file dialogs: GTK's file chooser on Linux, run on the window's own
//! main loop; tauri-plugin-dialog on Windows and macOS. Saving: opened before the work
//! and without holding the workspace lock, starting in the Downloads folder with a suggested
//! name; automated tests that cannot answer a dialog (`KLACHTBALIE_NO_DIALOG`) get the suggested
//! file in the Downloads folder instead; exports are written by the core's one writer (files.rs).
//! Opening (imports, the logo): the dialog with a title and filter for what is asked, and the
//! file read here, within the size its use allows, so the web view never touches the disk.

use crate::ipc::CommandError;
use crate::state::Context;
use klachtbalie_core::paths;
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::path::PathBuf;
use tauri::{AppHandle, Runtime};
#[cfg(test)]
use ts_rs::TS;

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
    if !context.ask_where_to_save {
        return Ok(ExportTarget { path: suggested, chosen: false });
    }
    let file_name = suggested.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let question = Question {
        title: "Opslaan als",
        save_as: Some(file_name),
        folder: folder.is_dir().then_some(folder),
        kind: kind.to_string(),
        extensions: vec![extension.to_string()],
    };
    let path = ask(app, question).await?.ok_or_else(|| CommandError::new("cancelled", "Niet opgeslagen."))?;
    with_extension(path, extension)
}

/// A name typed without the extension gets it, so the file opens in the right program
/// ("verslag.2025" becomes "verslag.2025.pdf"). The dialog only asked about replacing the name
/// as typed: a file under the longer name is never replaced.
fn with_extension(path: PathBuf, extension: &str) -> CommandResult<ExportTarget> {
    if path.extension().is_some_and(|typed| typed.eq_ignore_ascii_case(extension)) {
        return Ok(ExportTarget { path, chosen: true });
    }
    let mut name = path.file_name().map(std::ffi::OsStr::to_os_string).unwrap_or_default();
    name.push(format!(".{extension}"));
    let path = path.with_file_name(name);
    if path.exists() {
        return Err(CommandError::new(
            "io",
            format!("{} bestaat al; er is niets overschreven. Kies een andere naam of kies dat bestand zelf.", path.display()),
        ));
    }
    Ok(ExportTarget { path, chosen: true })
}

/// What the dialog asks: a file to save (`save_as`: the suggested name) or to open.
struct Question {
    title: &'static str,
    save_as: Option<String>,
    folder: Option<PathBuf>,
    /// The filter's name ("PDF-document") and the extensions it shows.
    kind: String,
    extensions: Vec<String>,
}

/// Shows the dialog and waits for the answer on a blocking thread, so neither the window nor
/// other commands wait; `None`: cancelled.
async fn ask<R: Runtime>(app: &AppHandle<R>, question: Question) -> CommandResult<Option<PathBuf>> {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || ask_and_wait(&app, question))
        .await
        .map_err(|error| CommandError::new("internal", format!("Interne fout: {error}")))?
}

#[cfg(target_os = "linux")]
thread_local! {
    /// The dialogs being shown: GTK does not keep a native dialog alive by itself (main thread).
    static SHOWN_DIALOGS: std::cell::RefCell<Vec<gtk::FileChooserNative>> = const { std::cell::RefCell::new(Vec::new()) };
}

#[cfg(target_os = "linux")]
fn ask_and_wait<R: Runtime>(app: &AppHandle<R>, question: Question) -> CommandResult<Option<PathBuf>> {
    use gtk::prelude::*;
    use tauri::Manager;
    let (answer, answered) = std::sync::mpsc::channel();
    let window = app.get_webview_window("main");
    app.run_on_main_thread(move || {
        let parent = window.and_then(|window| window.gtk_window().ok());
        let (action, accept) = match question.save_as {
            Some(_) => (gtk::FileChooserAction::Save, "_Opslaan"),
            None => (gtk::FileChooserAction::Open, "_Openen"),
        };
        // GTK's own chooser (through the desktop portal where there is one, as in a Flatpak).
        let dialog = gtk::FileChooserNative::new(Some(question.title), parent.as_ref(), action, Some(accept), Some("_Annuleren"));
        dialog.set_modal(true);
        // Replacing a file is confirmed in the dialog; the export then replaces it whole.
        dialog.set_do_overwrite_confirmation(true);
        let filter = gtk::FileFilter::new();
        filter.set_name(Some(&question.kind));
        for extension in &question.extensions {
            filter.add_pattern(&format!("*.{extension}"));
            filter.add_pattern(&format!("*.{}", extension.to_uppercase()));
        }
        dialog.add_filter(filter);
        if let Some(folder) = &question.folder {
            dialog.set_current_folder(folder);
        }
        if let Some(name) = &question.save_as {
            dialog.set_current_name(name);
        }
        dialog.connect_response(move |dialog, response| {
            let chosen = match (response, dialog.filename()) {
                (gtk::ResponseType::Accept, Some(path)) => Ok(Some(path)),
                // A place that is not a file on this computer (a network location, say).
                (gtk::ResponseType::Accept, None) => Err(()),
                _ => Ok(None),
            };
            let _ = answer.send(chosen);
            dialog.destroy();
            // Let go of it once this signal is over, not inside it.
            let done = dialog.clone();
            gtk::glib::idle_add_local_once(move || SHOWN_DIALOGS.with(|shown| shown.borrow_mut().retain(|kept| kept != &done)));
        });
        dialog.show();
        SHOWN_DIALOGS.with(|shown| shown.borrow_mut().push(dialog));
    })
    .map_err(|error| CommandError::new("internal", format!("Het venster om een bestand te kiezen ging niet open: {error}")))?;
    match answered.recv() {
        Ok(Ok(chosen)) => Ok(chosen),
        Ok(Err(())) => {
            Err(CommandError::new("io", "Klachtbalie kan alleen bestanden op deze computer gebruiken. Kies een map op deze computer."))
        }
        Err(_) => Err(CommandError::new("internal", "Het venster om een bestand te kiezen is onverwacht gesloten.")),
    }
}

#[cfg(not(target_os = "linux"))]
fn ask_and_wait<R: Runtime>(app: &AppHandle<R>, question: Question) -> CommandResult<Option<PathBuf>> {
    use tauri_plugin_dialog::DialogExt;
    let extensions: Vec<&str> = question.extensions.iter().map(String::as_str).collect();
    let mut dialog = app.dialog().file().set_title(question.title).add_filter(&question.kind, &extensions);
    if let Some(folder) = &question.folder {
        dialog = dialog.set_directory(folder);
    }
    let chosen = match question.save_as {
        Some(name) => dialog.set_file_name(name).blocking_save_file(),
        None => dialog.blocking_pick_file(),
    };
    chosen
        .map(|chosen| {
            chosen.into_path().map_err(|error| {
                CommandError::new("io", format!("Deze plek kan Klachtbalie niet gebruiken: {error}. Kies een map op deze computer."))
            })
        })
        .transpose()
}

/// Saves an export through the core's one writer of exports (never into the data folder,
/// written whole beside the target and renamed): a file the user chose to replace in the
/// dialog is replaced, any other existing file is left alone.
pub fn save_export(context: &Context, target: &ExportTarget, bytes: &[u8]) -> CommandResult<()> {
    klachtbalie_core::files::write_export(&target.path, bytes, target.chosen, &context.data_dir, &[])
        .map_err(|message| CommandError::new("io", message))
}

/// What a file is opened for: the dialog's title and filter, and how large it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum OpenPurpose {
    /// The organisation chart (JSON), Organisatie.
    OrgChart,
    /// Complaints of earlier years from the previous system (JSON), Organisatie.
    Complaints,
    /// The letterhead's logo (PNG), Instellingen.
    Logo,
}

impl OpenPurpose {
    fn title(self) -> &'static str {
        match self {
            OpenPurpose::OrgChart => "Organogram kiezen",
            OpenPurpose::Complaints => "Bestand met klachten kiezen",
            OpenPurpose::Logo => "Logo kiezen",
        }
    }

    fn filter(self) -> (&'static str, &'static [&'static str]) {
        match self {
            OpenPurpose::OrgChart | OpenPurpose::Complaints => ("JSON-bestand", &["json"]),
            OpenPurpose::Logo => ("PNG-afbeelding", &["png"]),
        }
    }

    /// The largest file read: the limits the service checks, with room for a text's BOM; a
    /// previous system's complaints may run to many years.
    fn max_bytes(self) -> u64 {
        match self {
            OpenPurpose::OrgChart => klachtbalie_core::domain::organisation::MAX_IMPORT_BYTES as u64 + 16,
            // The text goes to the window and back: large enough for many years of complaints.
            OpenPurpose::Complaints => 50 * 1024 * 1024,
            OpenPurpose::Logo => klachtbalie_core::service::MAX_LOGO_BYTES as u64,
        }
    }

    fn is_text(self) -> bool {
        !matches!(self, OpenPurpose::Logo)
    }
}

/// A file the user chose: its name, and its text (JSON) or its bytes (the logo).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ChosenFile {
    pub name: String,
    pub text: Option<String>,
    pub bytes: Option<Vec<u8>>,
}

/// Asks which file to open for `purpose` and reads it. Cancelling is the error kind
/// `cancelled`, which the window ignores.
#[tauri::command]
pub async fn choose_file<R: Runtime>(app: AppHandle<R>, purpose: OpenPurpose) -> CommandResult<ChosenFile> {
    let (kind, extensions) = purpose.filter();
    let question = Question {
        title: purpose.title(),
        save_as: None,
        folder: paths::import_dir(),
        kind: kind.to_string(),
        extensions: extensions.iter().map(|extension| extension.to_string()).collect(),
    };
    let path = ask(&app, question).await?.ok_or_else(|| CommandError::new("cancelled", "Geen bestand gekozen."))?;
    tauri::async_runtime::spawn_blocking(move || read_chosen(&path, purpose))
        .await
        .map_err(|error| CommandError::new("internal", format!("Interne fout: {error}")))?
}

/// Reads the chosen file within `purpose`'s size; text must be UTF-8 (a BOM is dropped).
pub fn read_chosen(path: &std::path::Path, purpose: OpenPurpose) -> CommandResult<ChosenFile> {
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let unreadable = |error: std::io::Error| CommandError::new("io", format!("{name} kon niet worden gelezen: {error}."));
    let too_large = |size: u64| {
        CommandError::new(
            "io",
            format!("{name} is te groot ({} kB; maximaal {} kB). Kies het juiste bestand.", size / 1024, purpose.max_bytes() / 1024),
        )
    };
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(CommandError::new("io", format!("{name} is geen gewoon bestand. Kies een bestand.")));
    }
    if metadata.len() > purpose.max_bytes() {
        return Err(too_large(metadata.len()));
    }
    // Read no more than allowed, even if the file grew since it was measured.
    let mut bytes = Vec::new();
    let file = std::fs::File::open(path).map_err(unreadable)?;
    file.take(purpose.max_bytes() + 1).read_to_end(&mut bytes).map_err(unreadable)?;
    if bytes.len() as u64 > purpose.max_bytes() {
        return Err(too_large(bytes.len() as u64));
    }
    if !purpose.is_text() {
        return Ok(ChosenFile { name, text: None, bytes: Some(bytes) });
    }
    let text = String::from_utf8(bytes).map_err(|_| {
        CommandError::new("io", format!("{name} is geen tekstbestand in UTF-8; sla het als UTF-8 op (JSON) en kies het opnieuw."))
    })?;
    let text = klachtbalie_core::files::without_bom(&text).to_string();
    Ok(ChosenFile { name, text: Some(text), bytes: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chosen_file_is_read_within_its_size_and_as_text_when_it_should_be() {
        let folder = tempfile::tempdir().expect("tempdir");
        let chart = folder.path().join("organogram.json");
        std::fs::write(&chart, "\u{feff}{\"departments\": []}").expect("write");
        let read = read_chosen(&chart, OpenPurpose::OrgChart).expect("read");
        assert_eq!((read.name.as_str(), read.text.as_deref(), read.bytes), ("organogram.json", Some("{\"departments\": []}"), None));
        let latin1 = folder.path().join("oud.json");
        std::fs::write(&latin1, b"{\"naam\": \"Jos\xe9\"}").expect("write");
        assert!(read_chosen(&latin1, OpenPurpose::Complaints).expect_err("not UTF-8").message.contains("UTF-8"));
        let logo = folder.path().join("logo.png");
        std::fs::write(&logo, vec![0u8; klachtbalie_core::service::MAX_LOGO_BYTES + 1]).expect("write");
        assert!(read_chosen(&logo, OpenPurpose::Logo).expect_err("too large").message.contains("te groot"));
        std::fs::write(&logo, [0x89, b'P', b'N', b'G']).expect("write");
        assert_eq!(read_chosen(&logo, OpenPurpose::Logo).expect("read").bytes, Some(vec![0x89, b'P', b'N', b'G']));
        assert!(read_chosen(folder.path(), OpenPurpose::Logo).expect_err("a folder").message.contains("geen gewoon bestand"));
    }

    #[test]
    fn a_name_typed_without_its_extension_gets_it_but_never_replaces_a_file_under_that_name() {
        let folder = tempfile::tempdir().expect("tempdir");
        let typed = |name: &str| with_extension(folder.path().join(name), "pdf");
        assert_eq!(typed("verslag.PDF").expect("kept").path, folder.path().join("verslag.PDF"));
        assert_eq!(typed("verslag.2025").expect("added").path, folder.path().join("verslag.2025.pdf"));
        std::fs::write(folder.path().join("rapport.pdf"), b"van gisteren").expect("write");
        assert!(typed("rapport").expect_err("exists").message.contains("niets overschreven"));
        assert_eq!(std::fs::read(folder.path().join("rapport.pdf")).expect("read"), b"van gisteren");
    }
}
