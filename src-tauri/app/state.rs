//! The app's managed state: the open database (or why it is not open), the logged-in user
//! and the inactivity lock (SEC-03). One mutex, never held across an `.await`. A desk works
//! on its own encrypted file or, once its first start chose it, on the municipality's shared
//! database (the desk file in the data folder says which).

use crate::ipc::{AppStatus, CommandError, Phase, SharedConnectionView, UserView};
use chrono::NaiveDateTime;
use klachtbalie_core::clock::Clock;
use klachtbalie_core::desk::{self, SharedConnection};
use klachtbalie_core::service::{self, Actor, Klachtbalie, ServiceError, SessionUser, Startup};
use klachtbalie_core::store::key::{KeyError, KeyStore, OsKeyStore};
use klachtbalie_core::store::{SharedLocation, StoreError};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What the window is connected to.
pub enum Workspace {
    /// A desk that works on the shared database has not connected yet: the first command
    /// connects (on a blocking thread), so a slow or absent server never delays the window.
    Starting,
    NeedsSetup,
    NeedsRecoveryKey {
        reason: String,
    },
    /// Opening failed for a reason the recovery key cannot fix (newer schema, disk error).
    Unavailable {
        reason: String,
    },
    /// The shared database did not answer, or refused the connection (login, TLS),
    /// at start. Never the recovery-key screen: the key is fine, the way to it is not.
    SharedUnreachable {
        reason: String,
    },
    /// A desk where every person logs in with their own login (SEC-07): nothing is
    /// connected until someone signs in, and a log-out or the inactivity lock closes the
    /// connection again. `locked_username` is the person the lock signed out.
    AwaitingPerson {
        locked_username: Option<String>,
    },
    Open {
        app: Box<Klachtbalie>,
        session: Session,
    },
}

#[derive(Default)]
pub struct Session {
    pub user: Option<SessionUser>,
    pub last_activity: Option<NaiveDateTime>,
    /// Set when the inactivity lock closed a session; the lock screen offers this name.
    pub locked_username: Option<String>,
    /// The connection is the signed-in person's own login: it goes when they do.
    pub personal: bool,
}

/// Where the login passwords of shared databases are kept: the OS keyring in the app (never a
/// file or a log), memory in the command tests.
pub trait DatabasePasswords: Send + Sync {
    fn load(&self, database_id: &str) -> Result<Option<String>, KeyError>;
    fn save(&self, database_id: &str, password: &str) -> Result<(), KeyError>;
}

impl DatabasePasswords for OsKeyStore {
    fn load(&self, database_id: &str) -> Result<Option<String>, KeyError> {
        self.load_database_password(database_id)
    }

    fn save(&self, database_id: &str, password: &str) -> Result<(), KeyError> {
        self.save_database_password(database_id, password)
    }
}

/// Passwords in memory, for tests.
#[derive(Default)]
pub struct MemoryDatabasePasswords(Mutex<HashMap<String, String>>);

impl DatabasePasswords for MemoryDatabasePasswords {
    fn load(&self, database_id: &str) -> Result<Option<String>, KeyError> {
        Ok(self.0.lock().map_err(|_| KeyError::CredentialStoreUnavailable("poisoned".into()))?.get(database_id).cloned())
    }

    fn save(&self, database_id: &str, password: &str) -> Result<(), KeyError> {
        self.0.lock().map_err(|_| KeyError::CredentialStoreUnavailable("poisoned".into()))?.insert(database_id.into(), password.into());
        Ok(())
    }
}

/// The shared database this desk works on: what its desk file says, and how to connect
/// (with the password from the keyring).
#[derive(Clone)]
pub struct SharedDesk {
    pub connection: SharedConnection,
    pub location: SharedLocation,
}

/// Fixed for the app's lifetime, except which shared database the desk works on, which the
/// first start chooses.
pub struct Context {
    pub data_dir: PathBuf,
    pub key_store: Arc<dyn KeyStore>,
    pub database_passwords: Arc<dyn DatabasePasswords>,
    pub clock: Arc<dyn Clock>,
    /// Private folder for PDFs handed to the system viewer (platform::private_folder): emptied
    /// at log-out and lock, removed when the app exits and, after a kill, at the next start.
    pub viewer_dir: PathBuf,
    /// Whether to start the system PDF viewer (off in automated tests).
    pub open_viewer: bool,
    /// Whether exports ask where to go in the OS's save dialog (off in automated tests, which
    /// cannot answer it: they get the suggested file in the Downloads folder).
    pub ask_where_to_save: bool,
    /// Set once the desk works on (or is connecting to) a shared database. Its own small
    /// lock, so the live-update thread reads it without the workspace lock.
    pub shared: Mutex<Option<SharedDesk>>,
}

impl Context {
    /// The shared database of this desk, if it has one.
    pub fn shared_desk(&self) -> Option<SharedDesk> {
        self.shared.lock().ok().and_then(|shared| shared.clone())
    }

    fn set_shared_desk(&self, desk: Option<SharedDesk>) {
        if let Ok(mut shared) = self.shared.lock() {
            *shared = desk;
        }
    }

    /// A person signed in with their own login: the connection (for live updates and a
    /// reconnect after the server was away) uses it until they sign out. Memory only.
    pub fn connect_as_person(&self, location: klachtbalie_core::store::SharedLocation) {
        if let Ok(mut shared) = self.shared.lock() {
            if let Some(desk) = shared.as_mut() {
                desk.location = location;
            }
        }
    }

    /// The signed-in person chose a new password for their own login: reconnects and the live
    /// listener use it. Nothing changes on a desk without personal logins.
    pub fn use_person_password(&self, password: &str) {
        if let Ok(mut shared) = self.shared.lock() {
            if let Some(desk) = shared.as_mut().filter(|desk| desk.connection.personal_logins) {
                desk.location.set_password(password);
            }
        }
    }

    /// The person signed out (or the lock fell): their password leaves memory and nothing
    /// connects until the next person signs in.
    pub fn forget_person(&self) {
        if let Ok(mut shared) = self.shared.lock() {
            if let Some(desk) = shared.as_mut().filter(|desk| desk.connection.personal_logins) {
                desk.location = desk.connection.location(None);
            }
        }
    }

    /// After a join with personal logins: the desk file remembers the server, never a login
    /// or a password.
    pub fn remember_personal(&self, connection: &SharedConnection) -> Option<String> {
        let personal = connection.for_personal_logins();
        let problem = desk::save(&self.data_dir, &personal).err().map(|error| {
            tracing::error!(detail = %error, "verbinding met de gedeelde database niet onthouden");
            error.to_string()
        });
        self.set_shared_desk(Some(SharedDesk { location: personal.location(None), connection: personal }));
        problem
    }

    /// After a set-up, a join or a changed connection worked: the password goes into the
    /// keyring and the connection into the desk file, for the next start. Returns what could
    /// not be remembered (the database itself is fine), for the window to show.
    pub fn remember_shared(&self, connection: &SharedConnection, password: &str) -> Option<String> {
        let mut problems = Vec::new();
        if let Err(error) = self.database_passwords.save(&connection.database_id(), password) {
            tracing::error!(detail = %error, "wachtwoord van de gedeelde database niet bewaard");
            problems.push(format!("Het wachtwoord van de database kon niet in de sleutelkluis worden bewaard ({error}); bij de volgende start vraagt Klachtbalie het opnieuw."));
        }
        if let Err(error) = desk::save(&self.data_dir, connection) {
            tracing::error!(detail = %error, "verbinding met de gedeelde database niet onthouden");
            problems.push(error.to_string());
        }
        self.set_shared_desk(Some(SharedDesk { connection: connection.clone(), location: connection.location(Some(password.into())) }));
        (!problems.is_empty()).then(|| problems.join(" "))
    }
}

/// Where a start on the shared database ended: the window's next screen.
pub fn shared_workspace(startup: service::ServiceResult<Startup>, connection: &SharedConnection) -> Workspace {
    match startup {
        Ok(Startup::NeedsSetup) => Workspace::NeedsSetup,
        Ok(Startup::NeedsRecoveryKey { reason }) => Workspace::NeedsRecoveryKey { reason },
        Ok(Startup::Ready(app)) => Workspace::Open { app, session: Session::default() },
        Err(ServiceError::Store(StoreError::SharedUnreachable(detail))) => {
            tracing::warn!(%detail, "gedeelde database niet bereikbaar bij de start");
            Workspace::SharedUnreachable {
                reason: format!(
                    "De gedeelde database is niet bereikbaar (server {}, poort {}). Controleer de netwerkverbinding, of vraag de \
                     servicedesk of de databaseserver draait, en probeer het daarna opnieuw. Technische melding: {detail}",
                    connection.host, connection.port
                ),
            }
        }
        Err(error @ ServiceError::Store(StoreError::SharedTls(_) | StoreError::SharedLogin(_) | StoreError::SharedLocation(_))) => {
            Workspace::SharedUnreachable { reason: error.to_string() }
        }
        Err(error) => Workspace::Unavailable { reason: error.to_string() },
    }
}

/// Opens what this desk works on: the shared database its desk file names, or else its own
/// encrypted file. Connecting may take seconds, so this runs on a blocking thread.
pub fn open_workspace(context: &Context) -> Workspace {
    let connection = match desk::load(&context.data_dir) {
        Ok(connection) => connection,
        Err(error) => return Workspace::Unavailable { reason: error.to_string() },
    };
    let Some(connection) = connection else {
        return match service::start(&context.data_dir, context.key_store.as_ref(), context.clock.clone()) {
            Ok(Startup::NeedsSetup) => Workspace::NeedsSetup,
            Ok(Startup::NeedsRecoveryKey { reason }) => Workspace::NeedsRecoveryKey { reason },
            Ok(Startup::Ready(app)) => Workspace::Open { app, session: Session::default() },
            Err(error) => Workspace::Unavailable { reason: error.to_string() },
        };
    };
    if connection.personal_logins {
        context.set_shared_desk(Some(SharedDesk { location: connection.location(None), connection }));
        return Workspace::AwaitingPerson { locked_username: None };
    }
    let password = match context.database_passwords.load(&connection.database_id()) {
        Ok(password) => password,
        Err(error) => {
            return Workspace::SharedUnreachable {
                reason: format!("Het wachtwoord van de gedeelde database kon niet uit de sleutelkluis worden gehaald: {error}"),
            }
        }
    };
    let location = connection.location(password);
    context.set_shared_desk(Some(SharedDesk { connection: connection.clone(), location: location.clone() }));
    let startup = service::start_shared(&location, context.key_store.as_ref(), context.clock.clone(), &context.data_dir);
    shared_workspace(startup, &connection)
}

#[derive(Clone)]
pub struct AppState {
    pub workspace: Arc<Mutex<Workspace>>,
    pub context: Arc<Context>,
}

impl AppState {
    /// A single desk opens its file at once, as before; a desk on the shared database
    /// connects at the window's first command (see `Workspace::Starting`).
    pub fn start(context: Context) -> Self {
        let workspace = match desk::load(&context.data_dir) {
            Ok(Some(_)) => Workspace::Starting,
            _ => open_workspace(&context),
        };
        Self { workspace: Arc::new(Mutex::new(workspace)), context: Arc::new(context) }
    }

    /// Runs `work` on a blocking thread (never on the GTK main thread: invariant 3), with the
    /// workspace locked for the duration of `work` only.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Workspace, &Context) -> Result<T, CommandError> + Send + 'static,
    ) -> Result<T, CommandError> {
        let workspace = self.workspace.clone();
        let context = self.context.clone();
        tauri::async_runtime::spawn_blocking(move || {
            let mut guard = workspace.lock().map_err(|_| CommandError::new("internal", "Interne fout: start Klachtbalie opnieuw."))?;
            if matches!(*guard, Workspace::Starting) {
                *guard = open_workspace(&context);
            }
            let result = work(&mut guard, &context);
            // The inactivity lock fell: the copies handed to the viewer go with the session.
            if result.as_ref().is_err_and(|error| error.kind == "locked") {
                klachtbalie_core::platform::private_folder::empty(&context.viewer_dir);
                if matches!(*guard, Workspace::AwaitingPerson { .. }) {
                    context.forget_person();
                }
            }
            result
        })
        .await
        .map_err(|error| CommandError::new("internal", format!("Interne fout: {error}")))?
    }
}

/// The open database and the acting user, after the inactivity check. Every command that
/// needs a logged-in user goes through here, so the lock cannot be bypassed.
pub fn signed_in(workspace: &mut Workspace, now: NaiveDateTime) -> Result<(&mut Klachtbalie, Actor), CommandError> {
    signed_in_as(workspace, now, true)
}

/// Like `signed_in`, for what the window reloads by itself (a live update from another desk):
/// the lock is checked, but the reload does not count as the user's activity, so the
/// inactivity lock still falls while other desks keep working (SEC-03).
pub fn signed_in_without_activity(workspace: &mut Workspace, now: NaiveDateTime) -> Result<(&mut Klachtbalie, Actor), CommandError> {
    signed_in_as(workspace, now, false)
}

fn signed_in_as(workspace: &mut Workspace, now: NaiveDateTime, activity: bool) -> Result<(&mut Klachtbalie, Actor), CommandError> {
    let Workspace::Open { app, session } = &*workspace else {
        return Err(CommandError::new("not_open", "De database is nog niet geopend."));
    };
    let Some(session_user) = session.user.as_ref() else {
        return Err(CommandError::new("not_logged_in", "U bent niet ingelogd."));
    };
    // Read once per command: the limit the Beheerder set applies at once.
    let lock_minutes = app.settings()?.lock_minutes;
    let past_its_lock = session.last_activity.is_some_and(|last| now - last > chrono::Duration::minutes(i64::from(lock_minutes)));
    if past_its_lock && session.personal {
        // The person's own connection goes with them: whoever signs in next connects with
        // their own login (AppState::run forgets the password).
        let locked_username = Some(session_user.username.clone());
        *workspace = Workspace::AwaitingPerson { locked_username };
        return Err(service::ServiceError::Locked { minutes: lock_minutes }.into());
    }
    let Workspace::Open { app, session } = workspace else {
        return Err(CommandError::new("not_open", "De database is nog niet geopend."));
    };
    let Some(session_user) = session.user.clone() else {
        return Err(CommandError::new("not_logged_in", "U bent niet ingelogd."));
    };
    // Roles, chart link and active state are read again on every command, so a change by
    // the Beheerder (or a deactivation) takes effect at once.
    let Some(user) = app.user(session_user.id)? else {
        session.user = None;
        return Err(CommandError::new(
            "not_logged_in",
            "Uw account is gedeactiveerd of bestaat niet meer. Neem contact op met de beheerder.",
        ));
    };
    session.user = Some(user.clone());
    if past_its_lock {
        session.locked_username = Some(user.username.clone());
        session.user = None;
        return Err(service::ServiceError::Locked { minutes: lock_minutes }.into());
    }
    if activity {
        session.last_activity = Some(now);
    }
    Ok((app, Actor::User(user)))
}

/// The signed-in user for background work, without counting as activity; `None` when no
/// one is signed in or the session has passed its inactivity limit.
pub fn current_actor(workspace: &mut Workspace, now: NaiveDateTime) -> Option<(&mut Klachtbalie, Actor)> {
    let Workspace::Open { app, session } = workspace else { return None };
    let user = session.user.clone()?;
    let lock_minutes = app.settings().ok()?.lock_minutes;
    let idle = session.last_activity.map(|last| now - last).unwrap_or_default();
    if idle > chrono::Duration::minutes(i64::from(lock_minutes)) {
        return None;
    }
    let user = app.user(user.id).ok()??;
    if user.must_change_password {
        return None;
    }
    Some((app, Actor::User(user)))
}

pub fn status(workspace: &Workspace, context: &Context) -> Result<AppStatus, CommandError> {
    let shared = context.shared_desk().map(|desk| SharedConnectionView::from(&desk.connection));
    let before_open = |phase: Phase, reason: Option<&String>| AppStatus {
        phase,
        reason: reason.cloned(),
        municipality_name: None,
        user: None,
        locked_username: None,
        lock_minutes: 15,
        shared: shared.clone(),
    };
    Ok(match workspace {
        // Never seen by the window: `AppState::run` connects first.
        Workspace::Starting => before_open(Phase::Unreachable, None),
        Workspace::NeedsSetup => before_open(Phase::Setup, None),
        Workspace::Unavailable { reason } => before_open(Phase::Unavailable, Some(reason)),
        Workspace::SharedUnreachable { reason } => before_open(Phase::Unreachable, Some(reason)),
        Workspace::NeedsRecoveryKey { reason } => before_open(Phase::Recovery, Some(reason)),
        Workspace::AwaitingPerson { locked_username } => {
            AppStatus { locked_username: locked_username.clone(), ..before_open(Phase::Login, None) }
        }
        Workspace::Open { app, session } => {
            let settings = app.settings()?;
            let user = match &session.user {
                Some(user) => Some(user_view(app, user)?),
                None => None,
            };
            AppStatus {
                phase: if user.is_some() { Phase::Ready } else { Phase::Login },
                reason: None,
                municipality_name: Some(settings.municipality.name),
                user,
                locked_username: session.locked_username.clone(),
                lock_minutes: settings.lock_minutes,
                shared,
            }
        }
    })
}

pub fn user_view(app: &Klachtbalie, user: &SessionUser) -> Result<UserView, CommandError> {
    let keeps_the_key = klachtbalie_core::roles::UseCase::SaveRecoveryKey.is_allowed_for(&user.roles) && !user.must_change_password;
    Ok(UserView {
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        job_title: user.job_title.clone(),
        roles: user.roles.iter().map(|role| role.code().to_string()).collect(),
        role_labels: user.roles.iter().map(|role| role.dutch_label().to_string()).collect(),
        pending_recovery_key: if keeps_the_key { app.pending_recovery_key()? } else { None },
        official_id: user.official_id.clone(),
        must_change_password: user.must_change_password,
        may: crate::ipc::Abilities::of(&user.roles),
    })
}

/// `live`: the window reloads by itself after another desk changed something, which does
/// not count as the user's activity (SEC-03).
pub(crate) fn signed_in_for<'w>(
    workspace: &'w mut Workspace,
    context: &Context,
    live: Option<bool>,
) -> Result<(&'w mut Klachtbalie, Actor), CommandError> {
    if live.unwrap_or(false) {
        signed_in_without_activity(workspace, context.clock.now())
    } else {
        signed_in(workspace, context.clock.now())
    }
}

/// Two desks at once: the change the window sends is based on the `version`
/// of the complaint its form was opened from, so a complaint another desk changed since is
/// refused with who and when (kind `conflict`) and nothing is written. Called inside the
/// command's `run` closure right before the use case, so nothing runs in between.
pub(crate) fn based_on(app: &mut Klachtbalie, reference: &str, version: Option<u32>) {
    // Without a version the change applies to the complaint as it is, and an expectation an
    // earlier, refused command left unused is cleared.
    app.expect_version(reference, version.map(i64::from));
}
