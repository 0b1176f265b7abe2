//! The thin Tauri shell around klachtbalie-core: builder, managed state and commands.

pub mod about;
pub mod access_commands;
pub mod admin_commands;
pub mod backup_commands;
mod command_list;
pub mod complaint_commands;
pub mod dashboard_commands;
pub mod destruction_commands;
pub mod file_dialog;
pub mod ipc;
pub mod letter_commands;
pub mod live;
pub mod organisation_commands;
pub mod reminders;
pub mod report_commands;
pub mod session_commands;
pub mod state;
pub mod viewer;
pub mod window_memory;

use klachtbalie_core::clock::SystemClock;
use klachtbalie_core::store::key::{KeyError, KeyStore, OsKeyStore};
use klachtbalie_core::{paths, platform};
use state::{AppState, Context, DatabasePasswords};
use std::sync::Arc;

/// A key store that always fails with the reason the OS store could not be reached, so that
/// start-up shows that reason instead of crashing.
struct UnavailableKeyStore(String);

impl KeyStore for UnavailableKeyStore {
    fn load(&self, _: &str) -> Result<Option<klachtbalie_core::store::key::DatabaseKey>, KeyError> {
        Err(KeyError::CredentialStoreUnavailable(self.0.clone()))
    }
    fn save(&self, _: &str, _: &klachtbalie_core::store::key::DatabaseKey) -> Result<(), KeyError> {
        Err(KeyError::CredentialStoreUnavailable(self.0.clone()))
    }
}

impl DatabasePasswords for UnavailableKeyStore {
    fn load(&self, _: &str) -> Result<Option<String>, KeyError> {
        Err(KeyError::CredentialStoreUnavailable(self.0.clone()))
    }
    fn save(&self, _: &str, _: &str) -> Result<(), KeyError> {
        Err(KeyError::CredentialStoreUnavailable(self.0.clone()))
    }
}

/// The production context: the OS data folder, the OS credential store, the system clock.
pub fn production_context() -> Context {
    // The database key and the shared database's login password both live in the OS keyring.
    let (key_store, database_passwords): (Arc<dyn KeyStore>, Arc<dyn DatabasePasswords>) = match OsKeyStore::install() {
        Ok(store) => (Arc::new(OsKeyStore), Arc::new(store)),
        Err(error) => {
            let unavailable = Arc::new(UnavailableKeyStore(error.to_string()));
            (unavailable.clone(), unavailable)
        }
    };
    Context {
        data_dir: paths::default_data_dir(),
        key_store,
        database_passwords,
        clock: Arc::new(SystemClock),
        viewer_dir: viewer_folder(),
        open_viewer: std::env::var_os("KLACHTBALIE_NO_VIEWER").is_none(),
        ask_where_to_save: std::env::var_os("KLACHTBALIE_NO_DIALOG").is_none(),
        shared: Default::default(),
    }
}

/// A new private folder for copies handed to the viewer, after removing what a killed run
/// left. If none can be made, the path is still reserved: the first copy tries again and
/// says why it failed.
fn viewer_folder() -> std::path::PathBuf {
    let base = platform::private_folder::base();
    match platform::private_folder::create_in(&base) {
        Ok(folder) => {
            platform::private_folder::remove_leftovers(&base, &folder);
            folder
        }
        Err(error) => {
            tracing::warn!(%error, "geen privémap voor kopieën van brieven");
            platform::private_folder::unused_name_in(&base)
        }
    }
}

/// Registers the commands on a builder; shared by the app and the command tests.
pub fn with_commands<R: tauri::Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        about::about,
        session_commands::app_status,
        session_commands::setup_defaults,
        session_commands::set_up,
        session_commands::set_up_shared,
        session_commands::join_shared,
        session_commands::retry_start,
        session_commands::change_connection,
        session_commands::unlock_with_recovery_key,
        session_commands::log_in,
        session_commands::log_out,
        session_commands::record_activity,
        session_commands::save_recovery_key_pdf,
        session_commands::confirm_recovery_key_saved,
        organisation_commands::list_organisation,
        organisation_commands::import_org_chart,
        complaint_commands::import_complaints,
        complaint_commands::set_retention_marks,
        complaint_commands::correct_contact_data,
        complaint_commands::record_recipient,
        organisation_commands::export_org_chart,
        organisation_commands::save_org_department,
        organisation_commands::save_official,
        complaint_commands::register_complaint,
        complaint_commands::possible_duplicates,
        complaint_commands::worklist,
        complaint_commands::find_complaints,
        complaint_commands::open_acknowledgement,
        admin_commands::get_settings,
        admin_commands::save_settings,
        complaint_commands::complaint_detail,
        complaint_commands::complaint_notes,
        complaint_commands::add_note,
        complaint_commands::reassign_complaint,
        complaint_commands::complaint_audit,
        organisation_commands::list_users,
        organisation_commands::role_options,
        organisation_commands::save_user,
        organisation_commands::reset_user_password,
        session_commands::change_password,
        admin_commands::audit_log,
        admin_commands::export_audit_csv,
        admin_commands::acknowledge_audit_damage,
        admin_commands::server_changes,
        complaint_commands::procedure_options,
        complaint_commands::procedure_step,
        complaint_commands::draft_decision,
        complaint_commands::due_reminders,
        complaint_commands::export_deadlines_ics,
        letter_commands::letter_overview,
        letter_commands::preview_letter,
        letter_commands::finalise_letter,
        letter_commands::open_letter,
        letter_commands::print_letter,
        letter_commands::record_sending,
        letter_commands::todays_letters,
        letter_commands::approval_queue,
        letter_commands::open_letter_draft,
        letter_commands::approve_letter_draft,
        letter_commands::return_letter_draft,
        letter_commands::letter_templates,
        letter_commands::template_history,
        letter_commands::preview_template,
        letter_commands::save_template,
        letter_commands::set_logo,
        file_dialog::choose_file,
        report_commands::annual_report,
        report_commands::export_annual_report,
        report_commands::save_report_texts,
        dashboard_commands::dashboard,
        backup_commands::backup_status,
        access_commands::access_requests,
        access_commands::register_access_request,
        access_commands::extend_access_request,
        access_commands::find_person,
        access_commands::preview_access_answer,
        access_commands::answer_access_request,
        access_commands::open_access_answer,
        destruction_commands::destruction_lists,
        destruction_commands::propose_destruction,
        destruction_commands::propose_erasure,
        destruction_commands::confirm_destruction,
        destruction_commands::retention_periods,
        destruction_commands::save_retention_periods,
        backup_commands::make_backup,
        backup_commands::set_backup_reminder_days,
    ])
}

pub fn run() {
    let context = production_context();
    // Dropped at the Exit event below, which writes the last log lines: Tauri ends the process
    // with exit(), so it would never be dropped otherwise.
    let mut log = klachtbalie_core::logging::init(&context.data_dir, "klachtbalie");
    // The window's engine for a problem report: WebView2's version on Windows (the runtime IT
    // keeps up to date), WebKitGTK's on Linux.
    match tauri::webview_version() {
        Ok(version) => tracing::info!(%version, "webview"),
        Err(error) => tracing::warn!(%error, "webview-versie onbekend (is de WebView2-runtime geïnstalleerd?)"),
    }
    let state = AppState::start(context);
    let viewer_dir = state.context.viewer_dir.clone();
    let reminder_state = state.clone();
    let live_state = state.clone();
    let (window_changes, window_changes_heard) = window_memory::channel();
    let builder = tauri::Builder::default().manage(state);
    // Linux asks GTK directly (file_dialog.rs); elsewhere the official dialog plugin.
    #[cfg(not(target_os = "linux"))]
    let builder = builder.plugin(tauri_plugin_dialog::init());
    let app = with_commands(builder)
        // First: a second start hands over to the running window and exits before anything
        // else (the database is opened only by the window's first command).
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(window) = tauri::Manager::get_webview_window(app, "main") {
                let _ = window.unminimize();
                let _ = window.show();
                let _ = window.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .on_window_event(move |_, event| window_changes.on_window_event(event))
        .plugin(tauri_plugin_notification::init())
        .setup(move |app| {
            reminders::start(app.handle().clone(), reminder_state);
            live::start(app.handle().clone(), live_state);
            window_memory::start(app.handle().clone(), window_changes_heard);
            Ok(())
        })
        .build(tauri::generate_context!())
        .unwrap_or_else(|error| {
            tracing::error!(%error, "venster niet gemaakt");
            platform::startup_failure::report(&platform::startup_failure::window_failed(&error.to_string()));
            std::process::exit(1);
        });
    app.run(move |_, event| {
        if let tauri::RunEvent::Exit = event {
            // Copies handed to the PDF viewer hold personal data: remove them on exit.
            let _ = std::fs::remove_dir_all(&viewer_dir);
            tracing::info!("afgesloten");
            drop(log.take());
        }
    });
}
