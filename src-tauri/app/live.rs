//! Live updates on the shared database: while the workspace is open on the shared
//! store, a background thread holds this desk's listener connection and turns each batch of
//! changed complaint ids into the window event `klachten-gewijzigd`. When the listener's
//! connection is lost it connects again with a growing pause, reopens the desk's own
//! connection if that was lost too, and tells the window to refresh everything (what changed
//! in between was not heard). The listener ignores this desk's own connection (its window
//! already shows its own changes), so it is made from the open workspace: the workspace lock
//! is held for that connect only, and only after the desk's own connection answered; never
//! while waiting, and never on the GTK main thread.

use crate::ipc::LiveChange;
use crate::state::{AppState, Workspace};
use klachtbalie_core::service::{self, Startup};
use klachtbalie_core::store::{ChangeListener, SharedLocation};
use std::time::Duration;
use tauri::Emitter;

/// The window event; its payload is `LiveChange`.
pub const EVENT: &str = "klachten-gewijzigd";
/// How long one wait on the listener lasts before the thread looks whether it is still wanted.
const WAIT: Duration = Duration::from_secs(1);
/// How often a desk that is not (yet) open on the shared database is looked at.
const IDLE: Duration = Duration::from_millis(250);
const FIRST_PAUSE: Duration = Duration::from_secs(1);
const LONGEST_PAUSE: Duration = Duration::from_secs(30);

/// Starts the thread; it runs until the app exits.
pub fn start<R: tauri::Runtime>(handle: tauri::AppHandle<R>, state: AppState) {
    let emit = move |change: LiveChange| {
        if let Err(error) = handle.emit_to("main", EVENT, change) {
            tracing::warn!(%error, "live-update niet aan het venster doorgegeven");
        }
    };
    std::thread::Builder::new()
        .name("klachtbalie-live".into())
        .spawn(move || listen_forever(&state, &emit))
        .map(drop)
        .unwrap_or_else(|error| tracing::error!(%error, "live-updates niet gestart"));
}

/// The shared database to listen to: only while the workspace is open on it. The workspace
/// lock is held just to look, never while connecting or waiting.
fn wanted(state: &AppState) -> Option<SharedLocation> {
    let desk = state.context.shared_desk()?;
    let open_on_shared = match state.workspace.lock() {
        Ok(workspace) => matches!(&*workspace, Workspace::Open { app, .. } if app.others_write_here()),
        Err(_) => false,
    };
    open_on_shared.then_some(desk.location)
}

fn listen_forever(state: &AppState, emit: &dyn Fn(LiveChange)) {
    let mut pause = FIRST_PAUSE;
    // Set when a listener was lost (or could not connect): the next one that connects asks
    // the window for a full refresh.
    let mut lost = false;
    loop {
        let Some(location) = wanted(state) else {
            std::thread::sleep(IDLE);
            continue;
        };
        // After a loss the desk's own connection is made again first, so the listener knows
        // which connection is this desk's (and never connects under the lock to a server
        // that is still away).
        if lost && !reopen_if_lost(state, &location) {
            std::thread::sleep(pause);
            pause = (pause * 2).min(LONGEST_PAUSE);
            continue;
        }
        let mut listener = match connect_listener(state) {
            Ok(Some(listener)) => listener,
            Ok(None) => {
                std::thread::sleep(IDLE);
                continue;
            }
            Err(error) => {
                tracing::warn!(%error, pause_seconds = pause.as_secs(), "luisterverbinding met de gedeelde database mislukt");
                lost = true;
                std::thread::sleep(pause);
                pause = (pause * 2).min(LONGEST_PAUSE);
                continue;
            }
        };
        pause = FIRST_PAUSE;
        if lost {
            tracing::info!("luisterverbinding hersteld; het venster ververst alles");
            emit(LiveChange { complaint_ids: Vec::new(), refresh_all: true });
            lost = false;
        }
        loop {
            match listener.wait(WAIT) {
                Ok(ids) if ids.is_empty() => {}
                Ok(ids) => {
                    let complaint_ids = ids.into_iter().filter_map(|id| u32::try_from(id).ok()).collect();
                    emit(LiveChange { complaint_ids, refresh_all: false });
                }
                Err(error) => {
                    tracing::warn!(%error, "luisterverbinding met de gedeelde database verbroken");
                    lost = true;
                    break;
                }
            }
            // With personal logins the listener is the signed-in person's: it closes when they
            // sign out or the lock falls, also while changes keep coming.
            if wanted(state).map(|now| now.url) != Some(location.url.clone()) {
                break;
            }
        }
    }
}

/// The listener of the workspace's shared database, `None` when the workspace is not (or no
/// longer) open on one.
fn connect_listener(state: &AppState) -> Result<Option<ChangeListener>, service::ServiceError> {
    match state.workspace.lock() {
        Ok(workspace) => match &*workspace {
            Workspace::Open { app, .. } if app.others_write_here() => app.change_listener(),
            _ => Ok(None),
        },
        Err(_) => Ok(None),
    }
}

/// When the server went away the desk's own connection is gone too: a fresh one is made
/// (outside the lock) and put in place of the dead one, keeping who is signed in. A desk
/// whose connection still answers keeps it. Returns whether the desk's connection answers
/// now (a workspace that is no longer open counts as answering: there is nothing to reopen).
fn reopen_if_lost(state: &AppState, location: &SharedLocation) -> bool {
    let still_answers = match state.workspace.lock() {
        Ok(workspace) => match &*workspace {
            Workspace::Open { app, .. } => app.settings().is_ok(),
            _ => return true,
        },
        Err(_) => return true,
    };
    if still_answers {
        return true;
    }
    let context = &state.context;
    match service::start_shared(location, context.key_store.as_ref(), context.clock.clone(), &context.data_dir) {
        Ok(Startup::Ready(fresh)) => {
            if let Ok(mut workspace) = state.workspace.lock() {
                if let Workspace::Open { app, .. } = &mut *workspace {
                    *app = fresh;
                    tracing::info!("verbinding met de gedeelde database opnieuw gemaakt");
                }
            }
            true
        }
        Ok(_) => {
            tracing::warn!("de gedeelde database gaf na het herstel geen gewone start");
            false
        }
        Err(error) => {
            tracing::warn!(%error, "verbinding met de gedeelde database nog niet terug");
            false
        }
    }
}
