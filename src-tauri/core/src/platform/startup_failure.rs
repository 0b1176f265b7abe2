//! Telling the user that the app could not start at all, when there is no window to say it
//! in: on Windows a message box (a release build has no console), elsewhere the terminal.

/// Shows `text` as the reason the program stops.
pub fn report(text: &str) {
    eprintln!("{text}");
    #[cfg(windows)]
    super::windows_api::message_box("Klachtbalie kon niet starten", text);
}

/// What to tell the user when the window could not be made: on Windows almost always a
/// missing WebView2 runtime, which IT installs.
pub fn window_failed(detail: &str) -> String {
    if cfg!(windows) {
        format!(
            "Klachtbalie kon het venster niet openen ({detail}). Klachtbalie gebruikt de Microsoft Edge \
             WebView2-runtime; vraag uw IT-afdeling die te installeren of te herstellen."
        )
    } else {
        format!("Klachtbalie kon niet starten: {detail}")
    }
}
