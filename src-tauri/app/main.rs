//! Entry point of the Klachtbalie desktop app.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    klachtbalie_app::run();
}
