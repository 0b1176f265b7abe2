//! Remembers the window's size and position (tauri-plugin-window-state) as soon as the user
//! stops moving or resizing it, not only at a clean exit: a desk switched off, or a session the
//! OS ends without closing the window, still opens the window as it was left.

use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::Duration;
use tauri::{AppHandle, Runtime, WindowEvent};
use tauri_plugin_window_state::{AppHandleExt, StateFlags};

/// Quiet time after the last move or resize before the state is written (a drag sends many).
const SETTLED: Duration = Duration::from_millis(700);

/// The window events' end of the channel: tells the writer the window moved or was resized.
#[derive(Clone)]
pub struct WindowChanges(Sender<()>);

/// A channel between the window events and the writer started by `start`.
pub fn channel() -> (WindowChanges, Receiver<()>) {
    let (sender, receiver) = std::sync::mpsc::channel();
    (WindowChanges(sender), receiver)
}

impl WindowChanges {
    pub fn on_window_event(&self, event: &WindowEvent) {
        if matches!(event, WindowEvent::Moved(_) | WindowEvent::Resized(_)) {
            let _ = self.0.send(());
        }
    }
}

/// Waits on a thread of its own until the window has been still for `SETTLED`, then has the
/// state written on the main thread; ends with the program.
pub fn start<R: Runtime>(app: AppHandle<R>, changes: Receiver<()>) {
    std::thread::spawn(move || {
        while changes.recv().is_ok() {
            loop {
                match changes.recv_timeout(SETTLED) {
                    Ok(()) => continue,
                    Err(RecvTimeoutError::Timeout) => break,
                    Err(RecvTimeoutError::Disconnected) => return,
                }
            }
            // On the main thread: the plugin asks the window for its size while holding its
            // cache lock, which its own window handlers on the main thread take too; from this
            // thread each question would wait for the main thread while holding that lock.
            let handle = app.clone();
            let _ = app.run_on_main_thread(move || {
                if let Err(error) = handle.save_window_state(StateFlags::all()) {
                    tracing::warn!("vensterstand niet bewaard: {error}");
                }
            });
        }
    });
}
