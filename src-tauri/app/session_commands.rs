//! The commands of starting and signing in: first-start setup (single desk or shared store),
//! joining a shared store, the connection, the recovery key, log-in, log-out and passwords. Each
//! calls core on a blocking thread and maps the error; no rule lives here.

use crate::file_dialog::{choose_export, save_export};
use crate::ipc::*;
use crate::state::{self, AppState, Context, Session, Workspace};
use klachtbalie_core::platform;
use klachtbalie_core::service::{self, SetupForm};
use tauri::State;

type CommandResult<T> = Result<T, CommandError>;

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    state.run(|workspace, context| state::status(workspace, context)).await
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
            if let Some(desk) = context.shared_desk() {
                return Err(CommandError::new(
                    "already_set_up",
                    format!(
                        "Deze werkplek werkt met de gedeelde database {}. Richt die in, of vraag de beheerder de werkplek \
                         opnieuw te installeren.",
                        desk.connection.database_id()
                    ),
                ));
            }
            let username = request.admin_username.clone();
            let password = request.admin_password.clone();
            let app = service::set_up(&context.data_dir, context.key_store.as_ref(), context.clock.clone(), &request.into())?;
            sign_in_first_account(workspace, context, app, &username, &password, None)
        })
        .await
}

/// After a set-up: the person who just chose the password is signed in, so they can save
/// the recovery key and go straight on.
fn sign_in_first_account(
    workspace: &mut Workspace,
    context: &Context,
    mut app: service::Klachtbalie,
    username: &str,
    password: &str,
    warning: Option<String>,
) -> CommandResult<SetupResponse> {
    let recovery_key = app.pending_recovery_key()?.unwrap_or_default();
    let user = app.login(username, password)?;
    let session = Session { user: Some(user), last_activity: Some(context.clock.now()), locked_username: None, personal: false };
    *workspace = Workspace::Open { app: Box::new(app), session };
    Ok(SetupResponse { recovery_key, warning })
}

/// The connection fields, checked, with the password as typed; every problem of the form at
/// once (`extra` adds those of the rest of the form).
fn checked_connection(
    request: &SharedConnectionRequest,
    extra: Vec<klachtbalie_core::domain::form::FieldError>,
) -> CommandResult<klachtbalie_core::desk::SharedConnection> {
    let mut problems = Vec::new();
    let connection = request.form().parse().map_err(|found| problems.extend(found)).ok();
    if request.password.is_empty() {
        problems.push(klachtbalie_core::domain::form::FieldError {
            field: "db_password".into(),
            message: "Vul het wachtwoord van de database in.".into(),
        });
    }
    problems.extend(extra);
    match connection {
        Some(connection) if problems.is_empty() => Ok(connection),
        _ => Err(service::ServiceError::Validation(problems).into()),
    }
}

/// The desks' login as typed in the set-up form: present, and not the owner's login.
fn desk_login_problems(request: &SharedSetupRequest) -> Vec<klachtbalie_core::domain::form::FieldError> {
    let problem = |field: &str, message: &str| klachtbalie_core::domain::form::FieldError { field: field.into(), message: message.into() };
    let mut problems = Vec::new();
    let user = request.desk_user.trim();
    if user.is_empty() {
        problems.push(problem("desk_user", "Vul de login in waarmee de werkplekken werken, meestal klachtbalie_app."));
    } else if user == request.connection.user.trim() {
        problems.push(problem(
            "desk_user",
            "Gebruik voor de werkplekken niet de login van de eigenaar: die mag het schema wijzigen. Meestal is het klachtbalie_app.",
        ));
    }
    if request.desk_password.is_empty() {
        problems.push(problem("desk_password", "Vul het wachtwoord van de login voor de werkplekken in."));
    }
    problems
}

/// "Database inrichten": the first desk sets the municipality's shared database up
/// (its login must own the database) and shows the recovery key, exactly as on a single desk.
#[tauri::command]
pub async fn set_up_shared(state: State<'_, AppState>, request: SharedSetupRequest) -> CommandResult<SetupResponse> {
    state
        .run(move |workspace, context| {
            if !matches!(workspace, Workspace::NeedsSetup) {
                return Err(service::ServiceError::AlreadySetUp.into());
            }
            let form: SetupForm = request.setup.clone().into();
            let problems = if request.personal_logins {
                form.validate_as_person().err().unwrap_or_default()
            } else {
                let mut problems = form.validate().err().unwrap_or_default();
                problems.extend(desk_login_problems(&request));
                problems
            };
            let connection = checked_connection(&request.connection, problems)?;
            let location = connection.location(Some(request.connection.password.clone()));
            // With personal logins the desk goes on as the first account's own login.
            let (desk_user, desk_password) = if request.personal_logins {
                (form.admin_username.trim().to_string(), form.admin_password.clone())
            } else {
                (request.desk_user.trim().to_string(), request.desk_password.clone())
            };
            let desk_connection = klachtbalie_core::desk::SharedConnection { user: desk_user, ..connection.clone() };
            let desk_location = desk_connection.location(Some(desk_password.clone()));
            let app = service::set_up_shared(
                &location,
                Some(&desk_location),
                context.key_store.as_ref(),
                context.clock.clone(),
                &form,
                &context.data_dir,
            )
            .map_err(|error| match error {
                service::ServiceError::AlreadySetUp => CommandError {
                    kind: "already_set_up".into(),
                    message: "Deze gedeelde database is al ingericht. Kies 'Werkplek koppelen' en vul de herstelsleutel in.".into(),
                    fields: vec![FieldProblem {
                        field: "shared_action".into(),
                        message: "De database is al ingericht: kies 'Werkplek koppelen'.".into(),
                    }],
                },
                service::ServiceError::Store(klachtbalie_core::store::StoreError::SharedForbidden(detail)) => {
                    let message = format!(
                        "De gebruiker {} mag de database niet inrichten ({detail}). Richt haar in met de login die eigenaar \
                             is van de database, of kies 'Werkplek koppelen' als een andere werkplek haar al heeft ingericht.",
                        connection.user
                    );
                    CommandError {
                        kind: "shared_forbidden".into(),
                        fields: vec![FieldProblem { field: "db_user".into(), message: message.clone() }],
                        message,
                    }
                }
                // With personal logins, what is said of the desks' login is said of the account.
                service::ServiceError::Validation(mut problems) if request.personal_logins => {
                    for problem in &mut problems {
                        if problem.field == "desk_user" {
                            problem.field = "admin_username".into();
                        }
                    }
                    service::ServiceError::Validation(problems).into()
                }
                other => other.into(),
            })?;
            if request.personal_logins {
                let mut app = app;
                let recovery_key = app.pending_recovery_key()?.unwrap_or_default();
                let user = app.sign_in_connected_person()?;
                let warning = context.remember_personal(&desk_connection);
                context.connect_as_person(desk_location);
                *workspace = Workspace::Open { app: Box::new(app), session: personal_session(user, context) };
                return Ok(SetupResponse { recovery_key, warning });
            }
            // The desk goes on with the desks' login; the owner's password is not kept.
            let warning = context.remember_shared(&desk_connection, &request.desk_password);
            sign_in_first_account(workspace, context, app, &request.setup.admin_username, &request.setup.admin_password, warning)
        })
        .await
}

/// "Werkplek koppelen": another desk joins the shared database with the recovery
/// key (a wrong key writes nothing). Returns a warning when the desk could not remember the
/// connection.
#[tauri::command]
pub async fn join_shared(state: State<'_, AppState>, request: SharedJoinRequest) -> CommandResult<Option<String>> {
    state
        .run(move |workspace, context| {
            if !matches!(workspace, Workspace::NeedsSetup) {
                return Err(CommandError::new("not_needed", "Deze werkplek is al ingericht."));
            }
            let missing_key = request.recovery_key.trim().is_empty().then(|| klachtbalie_core::domain::form::FieldError {
                field: "recovery_key".into(),
                message: "Vul de herstelsleutel in die de eerste werkplek bij het inrichten kreeg.".into(),
            });
            let connection = checked_connection(&request.connection, missing_key.into_iter().collect())?;
            let location = connection.location(Some(request.connection.password.clone()));
            let mut app = service::join_shared(
                &location,
                context.key_store.as_ref(),
                context.clock.clone(),
                &request.recovery_key,
                &context.data_dir,
            )?;
            if !request.personal_logins {
                let warning = context.remember_shared(&connection, &request.connection.password);
                *workspace = Workspace::Open { app: Box::new(app), session: Session::default() };
                return Ok(warning);
            }
            // The login typed is the person's own: they are signed in on it at once, and the
            // desk keeps neither the login nor the password.
            let user = app.sign_in_connected_person()?;
            let warning = context.remember_personal(&connection);
            context.connect_as_person(location);
            *workspace = Workspace::Open { app: Box::new(app), session: personal_session(user, context) };
            Ok(warning)
        })
        .await
}

/// "Opnieuw proberen" after the shared database did not answer at start.
#[tauri::command]
pub async fn retry_start(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    state
        .run(|workspace, context| {
            if !matches!(workspace, Workspace::Open { .. }) {
                *workspace = state::open_workspace(context);
            }
            state::status(workspace, context)
        })
        .await
}

/// Other connection details (a new password, a moved server or CA certificate) for a desk
/// whose shared database refused it at start; remembered only once they work.
#[tauri::command]
pub async fn change_connection(state: State<'_, AppState>, request: SharedConnectionRequest) -> CommandResult<AppStatus> {
    state
        .run(move |workspace, context| {
            if !matches!(workspace, Workspace::SharedUnreachable { .. }) {
                return Err(CommandError::new("not_needed", "De verbinding met de database werkt al."));
            }
            let connection = checked_connection(&request, Vec::new())?;
            let location = connection.location(Some(request.password.clone()));
            let startup = service::start_shared(&location, context.key_store.as_ref(), context.clock.clone(), &context.data_dir)?;
            let warning = context.remember_shared(&connection, &request.password);
            *workspace = state::shared_workspace(Ok(startup), &connection);
            let mut status = state::status(workspace, context)?;
            if warning.is_some() {
                status.reason = warning;
            }
            Ok(status)
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
            let (mut app, warning) = match context.shared_desk() {
                // A desk on the shared database without its key (not joined yet, or a wiped
                // keyring): "Werkplek koppelen" with the recovery key. On a desk with personal
                // logins this is the connection of the person who just signed in.
                Some(desk) => (
                    service::join_shared(
                        &desk.location,
                        context.key_store.as_ref(),
                        context.clock.clone(),
                        &recovery_key,
                        &context.data_dir,
                    )?,
                    None,
                ),
                None => {
                    service::unlock_with_recovery_key(&context.data_dir, context.key_store.as_ref(), context.clock.clone(), &recovery_key)?
                }
            };
            let session = match context.shared_desk().filter(|desk| desk.connection.personal_logins) {
                Some(_) => personal_session(app.sign_in_connected_person()?, context),
                None => Session::default(),
            };
            *workspace = Workspace::Open { app: Box::new(app), session };
            Ok(warning)
        })
        .await
}

/// The session of a person signed in with their own login.
fn personal_session(user: service::SessionUser, context: &Context) -> Session {
    Session { user: Some(user), last_activity: Some(context.clock.now()), locked_username: None, personal: true }
}

/// A desk with personal logins: connects as the person, with the password they typed; the
/// server (or the directory behind it) decides whether it is right.
fn sign_in_personally(workspace: &mut Workspace, context: &Context, username: &str, password: String) -> CommandResult<AppStatus> {
    let Some(desk) = context.shared_desk() else {
        return Err(CommandError::new("not_open", "De database is nog niet geopend."));
    };
    let username = username.trim();
    if username.is_empty() || password.is_empty() {
        return Err(service::ServiceError::LoginFailed.into());
    }
    let location = desk.connection.location_of_person(username, password);
    let started = service::sign_in_personally(&location, context.key_store.as_ref(), context.clock.clone(), &context.data_dir)?;
    match started {
        service::PersonalStart::Ready(app, user) => {
            context.connect_as_person(location);
            *workspace = Workspace::Open { app, session: personal_session(user, context) };
        }
        service::PersonalStart::NeedsRecoveryKey { reason } => {
            // The recovery key joins the desk on this person's connection, and signs them in.
            context.connect_as_person(location);
            *workspace = Workspace::NeedsRecoveryKey { reason };
        }
        service::PersonalStart::NeedsSetup => {
            return Err(service::ServiceError::from(klachtbalie_core::store::StoreError::SharedNotSetUp).into())
        }
    }
    state::status(workspace, context)
}

#[tauri::command]
pub async fn log_in(state: State<'_, AppState>, username: String, password: String) -> CommandResult<AppStatus> {
    state
        .run(move |workspace, context| {
            if matches!(workspace, Workspace::AwaitingPerson { .. }) {
                return sign_in_personally(workspace, context, &username, password);
            }
            let Workspace::Open { app, session } = workspace else {
                return Err(CommandError::new("not_open", "De database is nog niet geopend."));
            };
            let user = app.login(&username, &password)?;
            session.user = Some(user);
            session.last_activity = Some(context.clock.now());
            session.locked_username = None;
            state::status(workspace, context)
        })
        .await
}

#[tauri::command]
pub async fn log_out(state: State<'_, AppState>) -> CommandResult<()> {
    state
        .run(|workspace, context| {
            match workspace {
                // The person's own connection closes with their session.
                Workspace::Open { session, .. } if session.personal => {
                    *workspace = Workspace::AwaitingPerson { locked_username: None };
                    context.forget_person();
                }
                Workspace::Open { session, .. } => *session = Session::default(),
                // A person who signed in and was asked for the recovery key goes back to the
                // log-in screen: their connection and password go with them.
                Workspace::NeedsRecoveryKey { .. } if context.shared_desk().is_some_and(|desk| desk.connection.personal_logins) => {
                    *workspace = Workspace::AwaitingPerson { locked_username: None };
                    context.forget_person();
                }
                _ => {}
            }
            // Copies of letters handed to the viewer hold personal data: gone with the user.
            platform::private_folder::empty(&context.viewer_dir);
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
pub async fn save_recovery_key_pdf<R: tauri::Runtime>(handle: tauri::AppHandle<R>, state: State<'_, AppState>) -> CommandResult<SavedFile> {
    let today = state.context.clock.now().date();
    let target = choose_export(&handle, &state.context, &format!("Klachtbalie-herstelsleutel-{today}"), "pdf", "PDF-document").await?;
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let pdf = app.recovery_key_sheet(&actor)?;
            save_export(context, &target, &pdf)?;
            let opened = context.open_viewer && platform::shell::open_in_viewer(&target.path).is_ok();
            Ok(SavedFile { path: target.path.display().to_string(), opened })
        })
        .await
}

#[tauri::command]
pub async fn confirm_recovery_key_saved(state: State<'_, AppState>) -> CommandResult<AppStatus> {
    state
        .run(|workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            app.confirm_recovery_key_saved(&actor)?;
            state::status(workspace, context)
        })
        .await
}

/// The user's own password change; the one command allowed while a change is required.
#[tauri::command]
pub async fn change_password(state: State<'_, AppState>, request: PasswordChangeRequest) -> CommandResult<AppStatus> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let service::Actor::User(user) = actor else {
                return Err(CommandError::new("not_logged_in", "U bent niet ingelogd."));
            };
            let updated = app.change_password(&user, &request.current_password, &request.new_password, &request.new_password_repeat)?;
            // A person's own login (schema 14): the live listener and reconnects use the new one.
            context.use_person_password(&request.new_password);
            if let Workspace::Open { session, .. } = workspace {
                session.user = Some(updated);
            }
            state::status(workspace, context)
        })
        .await
}
