//! Desktop notifications for deadlines (DL-09): a background thread looks once a minute
//! whether someone is signed in, and for that user checks right after log-in and then every
//! hour; core decides what is new, so nothing is notified twice for the same level.

use crate::state::{self, AppState};
use std::time::{Duration, Instant};
use tauri_plugin_notification::NotificationExt;

/// How often a signed-in user's deadlines are checked.
const CHECK_EVERY: Duration = Duration::from_secs(60 * 60);
/// How quickly a new log-in is noticed.
const LOOK_EVERY: Duration = Duration::from_secs(60);

/// Starts the checker; it runs until the app exits.
pub fn start(handle: tauri::AppHandle, state: AppState) {
    std::thread::Builder::new()
        .name("klachtbalie-reminders".into())
        .spawn(move || {
            let mut last: Option<(String, Instant)> = None;
            loop {
                let due = check(&state, &mut last);
                for text in due {
                    if let Err(error) = handle.notification().builder().title("Klachtbalie: termijn").body(&text).show() {
                        // No notification service (e.g. a bare X session): the log-in
                        // summary still shows the same list.
                        eprintln!("Klachtbalie: melding niet getoond ({error}): {text}");
                    }
                }
                std::thread::sleep(LOOK_EVERY);
            }
        })
        .map(drop)
        .unwrap_or_else(|error| eprintln!("Klachtbalie: herinneringen niet gestart: {error}"));
}

/// The texts to show now, if a check is due for the signed-in user.
fn check(state: &AppState, last: &mut Option<(String, Instant)>) -> Vec<String> {
    let Ok(mut workspace) = state.workspace.lock() else { return Vec::new() };
    let now = state.context.clock.now();
    // Never extends the session: the inactivity lock must still fall (SEC-03).
    let Some((app, actor)) = state::current_actor(&mut workspace, now) else { return Vec::new() };
    let user = actor.name();
    let checked_recently = last.as_ref().is_some_and(|(who, at)| *who == user && at.elapsed() < CHECK_EVERY);
    if checked_recently {
        return Vec::new();
    }
    *last = Some((user, Instant::now()));
    match app.new_notifications(&actor) {
        Ok(reminders) => reminders.iter().map(|reminder| reminder.dutch_text()).collect(),
        Err(error) => {
            eprintln!("Klachtbalie: termijnen niet gecontroleerd: {error}");
            Vec::new()
        }
    }
}
