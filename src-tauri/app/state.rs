//! The app's managed state: the open database (or why it is not open), the logged-in user
//! and the inactivity lock (SEC-03). One mutex, never held across an `.await`.

use crate::ipc::{AppStatus, CommandError, Phase, UserView};
use chrono::NaiveDateTime;
use klachtbalie_core::clock::Clock;
use klachtbalie_core::service::{self, Actor, Klachtbalie, SessionUser, Startup};
use klachtbalie_core::store::key::KeyStore;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What the window is connected to.
pub enum Workspace {
    NeedsSetup,
    NeedsRecoveryKey {
        reason: String,
    },
    /// Opening failed for a reason the recovery key cannot fix (newer schema, disk error).
    Unavailable {
        reason: String,
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
}

/// Fixed for the app's lifetime.
pub struct Context {
    pub data_dir: PathBuf,
    pub key_store: Arc<dyn KeyStore>,
    pub clock: Arc<dyn Clock>,
    /// Private folder for PDFs handed to the system viewer; removed when the app exits.
    pub viewer_dir: PathBuf,
    /// Whether to start the system PDF viewer (off in automated tests).
    pub open_viewer: bool,
}

#[derive(Clone)]
pub struct AppState {
    pub workspace: Arc<Mutex<Workspace>>,
    pub context: Arc<Context>,
}

impl AppState {
    pub fn start(context: Context) -> Self {
        let workspace = match service::start(&context.data_dir, context.key_store.as_ref(), context.clock.clone()) {
            Ok(Startup::NeedsSetup) => Workspace::NeedsSetup,
            Ok(Startup::NeedsRecoveryKey { reason }) => Workspace::NeedsRecoveryKey { reason },
            Ok(Startup::Ready(app)) => Workspace::Open { app, session: Session::default() },
            Err(error) => Workspace::Unavailable { reason: error.to_string() },
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
            work(&mut guard, &context)
        })
        .await
        .map_err(|error| CommandError::new("internal", format!("Interne fout: {error}")))?
    }
}

/// The open database and the acting user, after the inactivity check. Every command that
/// needs a logged-in user goes through here, so the lock cannot be bypassed.
pub fn signed_in(workspace: &mut Workspace, now: NaiveDateTime) -> Result<(&mut Klachtbalie, Actor), CommandError> {
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
    let lock_minutes = app.settings()?.lock_minutes;
    let idle = session.last_activity.map(|last| now - last).unwrap_or_default();
    if idle > chrono::Duration::minutes(i64::from(lock_minutes)) {
        session.locked_username = Some(user.username.clone());
        session.user = None;
        return Err(service::ServiceError::Locked { minutes: lock_minutes }.into());
    }
    session.last_activity = Some(now);
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

pub fn status(workspace: &Workspace) -> Result<AppStatus, CommandError> {
    Ok(match workspace {
        Workspace::NeedsSetup => {
            AppStatus { phase: Phase::Setup, reason: None, municipality_name: None, user: None, locked_username: None, lock_minutes: 15 }
        }
        Workspace::Unavailable { reason } => AppStatus {
            phase: Phase::Unavailable,
            reason: Some(reason.clone()),
            municipality_name: None,
            user: None,
            locked_username: None,
            lock_minutes: 15,
        },
        Workspace::NeedsRecoveryKey { reason } => AppStatus {
            phase: Phase::Recovery,
            reason: Some(reason.clone()),
            municipality_name: None,
            user: None,
            locked_username: None,
            lock_minutes: 15,
        },
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
            }
        }
    })
}

pub fn user_view(app: &Klachtbalie, user: &SessionUser) -> Result<UserView, CommandError> {
    let is_admin = user.roles.contains(&klachtbalie_core::roles::Role::Beheerder);
    Ok(UserView {
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        job_title: user.job_title.clone(),
        roles: user.roles.iter().map(|role| role.code().to_string()).collect(),
        role_labels: user.roles.iter().map(|role| role.dutch_label().to_string()).collect(),
        pending_recovery_key: if is_admin { app.pending_recovery_key()? } else { None },
        official_id: user.official_id.clone(),
        must_change_password: user.must_change_password,
    })
}
