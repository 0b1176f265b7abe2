//! End-to-end tests of the real window: the debug binary under a display, driven over
//! WebDriver (tauri-driver + WebKitWebDriver), with the real Secret Service keyring.
//! Run by scripts/test.sh inside scripts/headless-session.sh (Xvfb + dbus + gnome-keyring).
//! They are `#[ignore]`d for a plain `cargo test`, which has no display; the script runs them
//! explicitly with `--ignored`, so they are never silently skipped in CI.

#[path = "../support.rs"]
mod support;

mod window;

mod accessibility;
mod desktop;
mod first_start;
mod personal_login;
mod privacy;
mod procedure;
mod roles;
mod security;
mod shared_store;
