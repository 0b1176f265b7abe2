//! Roles and need-to-know in the real window.

use crate::window::*;
use fantoccini::Locator;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, a session bus with gnome-keyring and tauri-driver: run scripts/test.sh"]
async fn roles_and_need_to_know_in_the_real_window() {
    // rules AVG-05 and section 1 (a handler sees only their own complaints; the KCC sees status
    // but not the handler's notes), RT-01/RT-06 (routing from the imported chart), SEC-02
    // (refusals in the audit log), SEC-03 (a new account chooses its own password).
    let (root, _driver, client) = fresh_app().await;
    let (data_dir, home) = (root.path().join("data"), root.path().join("home"));
    set_up_with_chart(&client, &data_dir, &home).await;
    screenshot(&client, "07-organisation").await;
    axe(&client, "Organisatie, organogram").await;
    click(&client, "#nav-users").await;
    create_user(&client, "kcc", "Kim Claassen", "kcc_medewerker", "").await;
    create_user(&client, "anna", "Anna de Boer", "klachtbehandelaar", "m-bz").await;
    screenshot(&client, "08-users").await;
    axe(&client, "Gebruikers").await;
    // The Beheerder is also coördinator here, so may register complaints.
    let own = register_by_phone(&client, "Klager Burgerzaken", "bz", 1).await;
    wait_for_text(&client, "#registered-handler", "Anna de Boer").await;
    let other = register_by_phone(&client, "Klager Ruimte", "ro", 2).await;
    wait_for_text(&client, "#registered-handler", "Piet Jansen").await;
    click(&client, "#logout").await;

    // Anna, handler for Burgerzaken, sees only her own complaint and writes a note.
    first_log_in(&client, "anna", "Anna de Boer").await;
    wait_for_text(&client, "main h1", "Mijn klachten").await;
    let worklist = wait_for_text(&client, "#worklist", &own).await;
    assert!(!worklist.contains(&other), "a handler sees only their own complaints:\n{worklist}");
    assert!(!worklist.contains("Klager Ruimte"), "{worklist}");
    click(&client, &format!("[data-open='{own}']")).await;
    wait_for_text(&client, "#complaint-title", &own).await;
    wait_for_text(&client, "#complaint-handler-reason", "want de klacht gaat over de dienstverlening van Burgerzaken").await;
    type_into(&client, "#f-note", "Klager gebeld; afspraak op dinsdag.").await;
    click(&client, "#note-submit").await;
    wait_for_text(&client, "#notes-list", "afspraak op dinsdag").await;
    screenshot(&client, "09-handler-complaint").await;
    axe(&client, "Klachtdossier als behandelaar").await;
    click(&client, "#logout").await;

    // The KCC sees status, handler and deadlines of any complaint, but not the notes.
    first_log_in(&client, "kcc", "Kim Claassen").await;
    let worklist = wait_for_text(&client, "#worklist", &own).await;
    assert!(worklist.contains(&other), "the KCC looks up every complaint:\n{worklist}");
    click(&client, &format!("[data-open='{own}']")).await;
    wait_for_text(&client, "#complaint-handler", "Anna de Boer").await;
    wait_for_text(&client, "#notes-hidden", "alleen te lezen voor de behandelaar").await;
    let page = find(&client, "main").await.text().await.expect("text");
    assert!(!page.contains("afspraak op dinsdag"), "the KCC must not see the handler's note:\n{page}");
    assert!(client.find(Locator::Css("#notes-list")).await.is_err());
    screenshot(&client, "10-kcc-complaint").await;
    axe(&client, "Klachtdossier als KCC").await;
    // Not just hidden: asking Rust for the notes directly is refused.
    let answer = client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             window.__TAURI_INTERNALS__.invoke('complaint_notes', { reference: arguments[0] })
               .then((notes) => done({ notes }), (error) => done({ error }));",
            vec![json!(own)],
        )
        .await
        .expect("invoke");
    assert_eq!(answer["error"]["kind"], "forbidden", "{answer}");
    assert!(answer["notes"].is_null(), "{answer}");
    click(&client, "#logout").await;

    // The Beheerder sees the refusal in the audit log, and the chain is intact.
    log_in(&client, "beheer", "een lang wachtwoord").await;
    click(&client, "#nav-audit").await;
    // WCAG 2.4.3: after a menu click the focus is on the new screen's heading, not on <body>.
    wait_for_text(&client, "main h1", "Auditlog").await;
    assert_eq!(focused(&client).await, "H1#: Auditlog");
    type_into(&client, "#f-actor", "kcc").await;
    click(&client, "#audit-submit").await;
    wait_for_text(&client, "#audit-status", "intact").await;
    wait_for_text(&client, "#audit-entries", "geweigerd").await;
    let entries = wait_for_text(&client, "#audit-entries", &own).await;
    assert!(entries.contains("klacht inzien (status)"), "{entries}");
    screenshot(&client, "11-audit-log").await;
    axe(&client, "Auditlog").await;
    client.close().await.expect("close");
}
