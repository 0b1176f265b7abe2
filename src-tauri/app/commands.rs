//! The Tauri commands: each deserialises, calls core on a blocking thread, maps the error.
//! No rule lives here.

use crate::ipc::*;
use crate::state::{self, AppState, Session, Workspace};
use klachtbalie_core::paths;
use klachtbalie_core::service::{self, SetupForm};
use tauri::State;

type CommandResult<T> = Result<T, CommandError>;

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    state.run(|workspace, _| state::status(workspace)).await
}

#[tauri::command]
pub async fn setup_defaults() -> CommandResult<SetupRequest> {
    Ok(SetupForm::diemen_defaults().into())
}

#[tauri::command]
pub async fn set_up(state: State<'_, AppState>, request: SetupRequest) -> CommandResult<SetupResponse> {
    state
        .run(move |workspace, context| {
            if !matches!(workspace, Workspace::NeedsSetup) {
                return Err(service::ServiceError::AlreadySetUp.into());
            }
            let username = request.admin_username.clone();
            let password = request.admin_password.clone();
            let mut app = service::set_up(&context.data_dir, context.key_store.as_ref(), context.clock.clone(), &request.into())?;
            let recovery_key = app.pending_recovery_key()?.unwrap_or_default();
            // The person who just chose the password is signed in, so they can save the
            // recovery key and go straight on.
            let user = app.login(&username, &password)?;
            let session = Session { user: Some(user), last_activity: Some(context.clock.now()), locked_username: None };
            *workspace = Workspace::Open { app: Box::new(app), session };
            Ok(SetupResponse { recovery_key })
        })
        .await
}

#[tauri::command]
pub async fn unlock_with_recovery_key(state: State<'_, AppState>, recovery_key: String) -> CommandResult<Option<String>> {
    state
        .run(move |workspace, context| {
            if !matches!(workspace, Workspace::NeedsRecoveryKey { .. }) {
                return Err(CommandError::new("not_needed", "De database is al geopend."));
            }
            let (app, warning) = service::unlock_with_recovery_key(
                &context.data_dir,
                context.key_store.as_ref(),
                context.clock.clone(),
                &recovery_key,
            )?;
            *workspace = Workspace::Open { app: Box::new(app), session: Session::default() };
            Ok(warning)
        })
        .await
}

#[tauri::command]
pub async fn log_in(state: State<'_, AppState>, username: String, password: String) -> CommandResult<AppStatus> {
    state
        .run(move |workspace, context| {
            let Workspace::Open { app, session } = workspace else {
                return Err(CommandError::new("not_open", "De database is nog niet geopend."));
            };
            let user = app.login(&username, &password)?;
            session.user = Some(user);
            session.last_activity = Some(context.clock.now());
            session.locked_username = None;
            state::status(workspace)
        })
        .await
}

#[tauri::command]
pub async fn log_out(state: State<'_, AppState>) -> CommandResult<()> {
    state
        .run(|workspace, _| {
            if let Workspace::Open { session, .. } = workspace {
                *session = Session::default();
            }
            Ok(())
        })
        .await
}

/// Keeps the session alive while the user types (the window calls this at most once a
/// minute); returns the `locked` error once the inactivity limit has passed.
#[tauri::command]
pub async fn record_activity(state: State<'_, AppState>) -> CommandResult<()> {
    state.run(|workspace, context| state::signed_in(workspace, context.clock.now()).map(|_| ())).await
}

#[tauri::command]
pub async fn save_recovery_key_pdf(state: State<'_, AppState>) -> CommandResult<SavedFile> {
    state
        .run(|workspace, context| {
            let (app, _) = state::signed_in(workspace, context.clock.now())?;
            let pdf = app.recovery_key_sheet()?;
            let dir = paths::export_dir();
            let path = paths::unused_file_name(&dir, &format!("Klachtbalie-herstelsleutel-{}", app.today()), "pdf");
            klachtbalie_core::store::key::write_private_file(&path, &pdf)
                .map_err(|error| CommandError::new("io", format!("{} kon niet worden opgeslagen: {error}", path.display())))?;
            let opened = context.open_viewer && open::that_detached(&path).is_ok();
            Ok(SavedFile { path: path.display().to_string(), opened })
        })
        .await
}

#[tauri::command]
pub async fn confirm_recovery_key_saved(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let is_admin = matches!(&actor, service::Actor::User(user) if user.roles.contains(&klachtbalie_core::roles::Role::Beheerder));
            if !is_admin {
                return Err(CommandError::new("forbidden", "Alleen de beheerder bevestigt de herstelsleutel."));
            }
            app.confirm_recovery_key_saved()?;
            state::status(workspace)
        })
        .await
}

#[tauri::command]
pub async fn list_departments(state: State<'_, AppState>) -> CommandResult<Vec<DepartmentView>> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.departments(&actor)?.into_iter().map(department_view).collect())
        })
        .await
}

fn department_view(record: klachtbalie_core::store::DepartmentRecord) -> DepartmentView {
    DepartmentView {
        id: u32::try_from(record.id).unwrap_or_default(),
        name: record.name,
        manager_name: record.manager_name,
        manager_function: record.manager_function,
    }
}

#[tauri::command]
pub async fn save_department(state: State<'_, AppState>, request: DepartmentRequest) -> CommandResult<DepartmentView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let saved = app.save_department(
                &actor,
                request.id.map(i64::from),
                &request.name,
                &request.manager_name,
                &request.manager_function,
            )?;
            Ok(department_view(saved))
        })
        .await
}

#[tauri::command]
pub async fn register_complaint(state: State<'_, AppState>, request: ComplaintRequest) -> CommandResult<RegisteredView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.register_complaint(&actor, &request.into())?.into())
        })
        .await
}

#[tauri::command]
pub async fn worklist(state: State<'_, AppState>) -> CommandResult<Vec<WorklistRow>> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.worklist(&actor)?.into_iter().map(WorklistRow::from).collect())
        })
        .await
}

/// Makes (once) and opens the acknowledgement letter. The stored PDF stays encrypted in the
/// database; the viewer gets a copy in a private temporary folder that is removed on exit.
#[tauri::command]
pub async fn open_acknowledgement(state: State<'_, AppState>, reference: String) -> CommandResult<LetterView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let letter = app.acknowledgement_letter(&actor, &reference)?;
            let path = context.viewer_dir.join(format!("{}-{}.pdf", letter.reference, letter.kind));
            create_private_dir(&context.viewer_dir)?;
            std::fs::write(&path, &letter.pdf)
                .map_err(|error| CommandError::new("io", format!("De PDF kon niet worden klaargezet: {error}")))?;
            let opened = context.open_viewer && open::that_detached(&path).is_ok();
            Ok(LetterView {
                reference: letter.reference,
                path: path.display().to_string(),
                sha256: letter.sha256,
                opened,
                newly_created: letter.newly_created,
            })
        })
        .await
}

fn create_private_dir(dir: &std::path::Path) -> CommandResult<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir).map_err(|error| CommandError::new("io", format!("Map {} kon niet worden gemaakt: {error}", dir.display())))
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> CommandResult<SettingsData> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.settings_for(&actor)?.into())
        })
        .await
}

#[tauri::command]
pub async fn save_settings(state: State<'_, AppState>, request: SettingsData) -> CommandResult<SettingsData> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            Ok(app.update_settings(&actor, &request.into())?.into())
        })
        .await
}
