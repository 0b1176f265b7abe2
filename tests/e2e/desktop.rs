//! The desktop: one instance, the window's state, the OS's file dialogs, the
//! installed program.

use crate::support;
use crate::window::*;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, a session bus with gnome-keyring and tauri-driver: run scripts/test.sh"]
async fn a_second_start_hands_over_to_the_running_window() {
    // Tauri-plugin-single-instance: starting Klachtbalie again while it runs opens
    // no second window and never the database: the second process hands over and ends.
    let (root, _driver, client) = fresh_app().await;
    let (data_dir, home) = (root.path().join("data"), root.path().join("home"));
    find(&client, "#setup-form").await;
    let started = Instant::now();
    let mut second = Command::new(env!("CARGO_BIN_EXE_klachtbalie"))
        .env("KLACHTBALIE_DATA_DIR", &data_dir)
        .env("HOME", &home)
        .env("KLACHTBALIE_NO_VIEWER", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("second start");
    let status = loop {
        if let Some(status) = second.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > WAIT {
            let _ = second.kill();
            panic!("the second start kept running: it opened a window of its own");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "the second start ends normally: {status}");
    assert!(!data_dir.join("klachtbalie.db").exists(), "the second start opened no database");
    // The first window still works.
    type_into(&client, "#f-admin_display_name", "Nog steeds hier").await;
    assert_eq!(value_of(&client, "#f-admin_display_name").await, "Nog steeds hier");
    client.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, a session bus with gnome-keyring and tauri-driver: run scripts/test.sh"]
async fn the_window_opens_where_and_as_large_as_it_was_left() {
    // Tauri-plugin-window-state: the user moves the window and makes it smaller;
    // the next start opens it there and at that size, not at the configured 1200×800. The
    // state is written once the window is still, so even a program that is killed (here: by
    // the driver) keeps it.
    let (root, driver, client) = fresh_app().await;
    let (data_dir, home) = (root.path().join("data"), root.path().join("home"));
    find(&client, "#setup-form").await;
    client.set_window_rect(40, 30, 900, 640).await.expect("move and resize");
    let saved = home.join(".config/nl.klachtbalie.app/.window-state.json");
    let deadline = Instant::now() + WAIT;
    let state = loop {
        let state: serde_json::Value = std::fs::read(&saved).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default();
        if state["main"]["width"].as_u64() == Some(900) {
            break state;
        }
        assert!(Instant::now() < deadline, "the window's new size was never saved at {}: {state}", saved.display());
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(state["main"]["height"].as_u64(), Some(640), "{state}");
    let _ = client.close().await;
    drop(driver);

    let driver = start_driver(&data_dir, &home);
    let client = connect(&driver).await;
    find(&client, "#setup-form").await;
    let (x, y, width, height) = client.get_window_rect().await.expect("window");
    assert_eq!((width, height), (900, 640), "the window opens as large as it was left");
    assert_eq!((x, y), (state["main"]["x"].as_u64().expect("x"), state["main"]["y"].as_u64().expect("y")), "and where it was left");
    screenshot(&client, "40-window-as-left").await;
    client.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, a session bus with gnome-keyring and tauri-driver: run scripts/test.sh"]
async fn the_os_file_dialogs_save_and_open_where_the_user_chooses() {
    // Tauri-plugin-dialog: the recovery sheet is saved where the user points the
    // OS's save dialog (cancelling it changes nothing), and the letterhead's logo is opened
    // with the OS's open dialog; the dialogs are answered with real key presses.
    let root = tempfile::tempdir().expect("tempdir");
    let (data_dir, home) = (root.path().join("data"), root.path().join("home"));
    let elsewhere = root.path().join("op de USB-stick");
    std::fs::create_dir_all(&home).expect("home");
    std::fs::create_dir_all(&elsewhere).expect("folder");
    let driver = start_driver_with(&data_dir, &home, true);
    let client = connect(&driver).await;
    find(&client, "#setup-form").await;
    type_into(&client, "#f-admin_display_name", "Fatima el Amrani").await;
    type_into(&client, "#f-admin_username", "beheer").await;
    type_into(&client, "#f-admin_password", "een lang wachtwoord").await;
    type_into(&client, "#f-admin_password_repeat", "een lang wachtwoord").await;
    click(&client, "#setup-submit").await;
    let recovery_key = wait_for_text(&client, "#recovery-key", "-").await;

    // Cancelled: the dialog goes, and no file is written and nothing is said.
    click(&client, "#recovery-save").await;
    cancel_file_dialog("Opslaan als").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(find(&client, "#recovery-save-result").await.text().await.expect("text"), "", "cancelling says nothing");
    assert!(find(&client, "#toast").await.text().await.expect("text").is_empty(), "and shows no error");
    assert_eq!(std::fs::read_dir(&elsewhere).expect("folder").count(), 0, "and saves nothing");

    let chosen = elsewhere.join("herstelsleutel Diemen.pdf");
    click(&client, "#recovery-save").await;
    answer_file_dialog("Opslaan als", &chosen).await;
    wait_for_text(&client, "#recovery-save-result", "opgeslagen").await;
    let sheet = support::pdf_text(&std::fs::read(&chosen).expect("the sheet where the user chose"));
    let sheet_compact: String = sheet.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(sheet_compact.contains(recovery_key.trim()), "the sheet holds the key:\n{sheet}");
    click(&client, "#recovery-confirm").await;
    click(&client, "#recovery-continue").await;
    wait_for_text(&client, "#current-user", "Fatima el Amrani").await;

    click(&client, "#nav-settings").await;
    let logo = Path::new(env!("CARGO_MANIFEST_DIR")).join("icons/128x128.png");
    choose_file(&client, "#f-logo", "Logo kiezen", &logo).await;
    wait_for_text(&client, "#logo-state", "Het logo is opgeslagen").await;
    assert!(find(&client, "#logo-remove").await.attr("disabled").await.expect("attr").is_none(), "a logo can now be removed");
    screenshot(&client, "41-logo-chosen").await;
    // The header shows a new municipality name as soon as it is saved, and keeps it.
    type_into(&client, "#f-municipality_name", "Gemeente Diemen-Zuid").await;
    click(&client, "#settings-submit").await;
    wait_for_text(&client, "#toast", "opgeslagen").await;
    wait_for_text(&client, "#brand", "Gemeente Diemen-Zuid").await;
    click(&client, "#nav-about").await;
    wait_for_text(&client, "#about-version", "Klachtbalie").await;
    wait_for_text(&client, "#brand", "Gemeente Diemen-Zuid").await;
    client.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs the installed .deb: run scripts/test-installer.sh"]
async fn the_installed_program_reaches_the_first_start() {
    // The program apt-get installed from the .deb starts and shows the first start.
    let installed =
        std::env::var("KLACHTBALIE_APP_BINARY").expect("KLACHTBALIE_APP_BINARY: the installed program (scripts/test-installer.sh)");
    assert!(installed.starts_with("/usr/"), "the installed program, not the one in target/: {installed}");
    let (_root, _driver, client) = fresh_app().await;
    find(&client, "#setup-form").await;
    assert_eq!(value_of(&client, "#f-municipality_name").await, "Gemeente Diemen");
    screenshot(&client, "39-installed-first-start").await;
    client.close().await.expect("close");
}
