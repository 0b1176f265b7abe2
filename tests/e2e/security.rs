//! The keyring and the lock screen (SEC-*) in the real window.

use crate::support;
use crate::window::*;
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, a session bus with gnome-keyring and tauri-driver: run scripts/test.sh"]
async fn a_lost_keyring_entry_is_recovered_with_the_recovery_key() {
    // rule SEC-01: the key lives in the OS credential store; without it the recovery key opens
    // the data, and a wrong recovery key is refused without touching the database file.
    let root = tempfile::tempdir().expect("tempdir");
    let data_dir = root.path().join("data");
    let home = root.path().join("home");
    std::fs::create_dir_all(&home).expect("home");
    let entry = klachtbalie_core::paths::database_id(&data_dir);
    let recovery_key = {
        let driver = start_driver(&data_dir, &home);
        let client = connect(&driver).await;
        let key = set_up_through_the_window(&client, &data_dir, &home).await;
        client.close().await.expect("close");
        key
    };

    // The key really is in the Secret Service (gnome-keyring), under this data folder's name.
    let stored = secret_tool(&["lookup", "service", "nl.klachtbalie.database", "username", &entry]);
    assert!(stored.status.success() && !stored.stdout.is_empty(), "key not found in the Secret Service");
    // Wipe it, as a new OS account or a reset keyring would.
    assert!(secret_tool(&["clear", "service", "nl.klachtbalie.database", "username", &entry]).status.success());

    let driver = start_driver(&data_dir, &home);
    let client = connect(&driver).await;
    wait_for_text(&client, "main", "Herstelsleutel nodig").await;
    wait_for_text(&client, "main", "sleutelkluis").await;
    // Taken once the new app is waiting for the key (the first one has exited by then).
    let before = support::snapshot(&data_dir);
    screenshot(&client, "05-recovery-needed").await;
    axe(&client, "Herstelsleutel nodig").await;
    let wrong = klachtbalie_core::store::key::DatabaseKey::generate().recovery_key();
    type_into(&client, "#f-recovery_key", &wrong).await;
    click(&client, "#recovery-submit").await;
    wait_for_text(&client, "[data-field=recovery_key] .utrecht-form-field-error-message", "hoort niet bij deze database").await;
    let after = support::snapshot(&data_dir);
    let names =
        |files: &[(String, Vec<u8>)]| files.iter().map(|(name, bytes)| format!("{name} ({} bytes)", bytes.len())).collect::<Vec<_>>();
    assert!(
        after == before,
        "a wrong recovery key changed a file in the data folder: before {:?}, after {:?}",
        names(&before),
        names(&after)
    );

    type_into(&client, "#f-recovery_key", &recovery_key.to_lowercase().replace('-', " ")).await;
    click(&client, "#recovery-submit").await;
    find(&client, "#login-form").await;
    let restored = secret_tool(&["lookup", "service", "nl.klachtbalie.database", "username", &entry]);
    assert!(restored.status.success() && !restored.stdout.is_empty(), "key stored again in the Secret Service");
    type_into(&client, "#f-username", "beheer").await;
    type_into(&client, "#f-password", "een lang wachtwoord").await;
    click(&client, "#login-submit").await;
    wait_for_text(&client, "#current-user", "Fatima el Amrani").await;
    client.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, a session bus with gnome-keyring and tauri-driver: run scripts/test.sh"]
async fn the_lock_screen_hides_everything_personal_and_keeps_what_was_typed() {
    // rules SEC-03 (the lock), AVG-05 (nothing personal on the screen or in the document for a
    // screen reader while locked), and the lock lies over the open form: nothing typed is lost.
    let (root, _driver, client) = fresh_app().await;
    let (data_dir, home) = (root.path().join("data"), root.path().join("home"));
    set_up_with_chart(&client, &data_dir, &home).await;
    let marker = format!("Wubbo Vergrendeld-{}", std::process::id());
    let reference = register_by_phone(&client, &marker, "bz", 1).await;
    click(&client, "#nav-worklist").await;
    wait_for_text(&client, &format!("tr[data-reference='{reference}']"), &marker).await;
    click(&client, &format!("[data-open='{reference}']")).await;
    wait_for_text(&client, "#complaint-title", &reference).await;
    wait_for_text(&client, "main", &marker).await;
    let note = format!("Halve notitie over de balie {}", std::process::id());
    type_into(&client, "#f-note", &note).await;
    assert!(client.source().await.expect("source").contains(&marker), "the file shows the name before the lock");

    // Rust ends the session (as the inactivity lock does after the set minutes); the next
    // command the window sends meets it and shows the lock screen over the open form.
    client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke('log_out').then(() => done(true), (error) => done(error));",
            vec![],
        )
        .await
        .expect("log out in Rust");
    click(&client, "#note-submit").await;
    wait_for_text(&client, "#lock-title", "vergrendeld").await;
    find(&client, "#lock #login-form").await;
    let source = client.source().await.expect("source");
    for personal in [marker.as_str(), note.as_str(), "Fatima el Amrani", "Anna de Boer"] {
        assert!(!source.contains(personal), "{personal:?} is in the document while locked:\n{source}");
    }
    assert!(client.find(Locator::Css("main")).await.is_err(), "the content is out of the document");
    let title = client.title().await.expect("title");
    assert!(!title.contains(&marker) && !title.contains(&reference), "{title}");
    screenshot(&client, "17-locked").await;
    axe(&client, "Vergrendeld").await;

    // The same user unlocks: the very same form comes back with what was typed.
    type_into(&client, "#lock #f-username", "beheer").await;
    type_into(&client, "#lock #f-password", "een lang wachtwoord").await;
    click(&client, "#lock #login-submit").await;
    wait_for_text(&client, "#complaint-title", &reference).await;
    assert!(find(&client, "#lock").await.attr("hidden").await.expect("attr").is_some(), "the lock screen is gone");
    assert_eq!(value_of(&client, "#f-note").await, note, "the typed note survived the lock");
    wait_for_text(&client, "main", &marker).await;
    assert_eq!(client.title().await.expect("title"), "Klachtbalie");
    client.close().await.expect("close");
}
