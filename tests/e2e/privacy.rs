//! Privacy in the real window: destruction with four eyes, requests for access (AVG-02, AVG-03).

use crate::support;
use crate::window::*;
use chrono::Local;
use fantoccini::Locator;
use serde_json::json;
use std::path::Path;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, a session bus with gnome-keyring and tauri-driver: run scripts/test.sh"]
async fn destruction_with_four_eyes_in_the_real_window() {
    // AVG-02: one coördinator proposes the destruction list, the proposer cannot confirm it, a
    // second coördinator confirms it, and the complaint file then says "vernietigd" and holds
    // no personal data.
    let (root, _driver, client) = fresh_app().await;
    let (data_dir, home) = (root.path().join("data"), root.path().join("home"));
    set_up_with_chart(&client, &data_dir, &home).await;
    // A complaint of 2019 from the previous system, closed long past its five years.
    let history = root.path().join("vorig-systeem.json");
    let old = json!({ "complaints": [{
        "received_on": "2019-02-04", "channel": "telefoon", "complainant_name": "Vera Vernietigbaar", "phone": "020 123 4567",
        "complaint_type": "dienstverlening", "department_id": "bz", "description": "Over de Zeehondenbrug.",
        "previous_reference": "OUD-2019-1", "outcome": "gegrond", "closed_on": "2019-03-01"
    }] });
    std::fs::write(&history, old.to_string()).expect("write");
    choose_file(&client, "#complaints-file", "Bestand met klachten kiezen", &history).await;
    click(&client, "#complaints-import").await;
    wait_for_text(&client, "#complaints-import-result", "1 klacht geïmporteerd (KL-2019-0001").await;
    click(&client, "#nav-users").await;
    create_user(&client, "tweede", "Tom Tweede", "klachtcoordinator", "").await;

    click(&client, "#nav-destruction").await;
    click(&client, "#destruction-propose").await;
    wait_for_text(&client, "#destruction-list-1", "KL-2019-0001").await;
    wait_for_text(&client, "#destruction-four-eyes-1", "Een andere klachtcoördinator").await;
    assert!(client.find(Locator::Css("#destruction-confirm-1")).await.is_err(), "the proposer is not offered the confirmation");
    screenshot(&client, "29-destruction-proposed").await;
    axe(&client, "Vernietiging, voorgesteld").await;
    click(&client, "#logout").await;

    first_log_in(&client, "tweede", "Tom Tweede").await;
    click(&client, "#nav-destruction").await;
    click(&client, "#destruction-confirm-1").await;
    wait_for_text(&client, "#toast", "Vernietigd: 1").await;
    // The progress the run reported, complaint by complaint, ends in its summary.
    wait_for_text(&client, "#destruction-done", "Klaar: 1 van 1 klachten vernietigd").await;
    wait_for_text(&client, "#destruction-list-1", "uitgevoerd").await;
    screenshot(&client, "30-destruction-confirmed").await;
    axe(&client, "Vernietiging, uitgevoerd").await;
    click(&client, "[data-open='KL-2019-0001']").await;
    wait_for_text(&client, "#complaint-destroyed", "Vernietigd op").await;
    let destroyed = wait_for_text(&client, "#complaint-destroyed", "bevestigd door tweede").await;
    assert!(destroyed.contains("voorgesteld door beheer"), "{destroyed}");
    let page = client.source().await.expect("page");
    assert!(!page.contains("Vernietigbaar") && !page.contains("Zeehondenbrug"), "no personal data or text in the file");
    wait_for_text(&client, "#timeline", "vernietigd").await;
    screenshot(&client, "31-destroyed-complaint").await;
    axe(&client, "Vernietigde klacht").await;
    client.close().await.expect("close");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, a session bus with gnome-keyring and tauri-driver: run scripts/test.sh"]
async fn an_access_request_in_the_real_window() {
    // AVG-03 (art. 15): the coördinator registers a request (who, the identity check), sees its
    // term above the worklist, extends it once with a reason, finds the person's complaint,
    // ticks it, answers after an explicit confirmation, and the PDF as sent holds their data and
    // the art. 15 information and nobody else's name.
    let (root, _driver, client) = fresh_app().await;
    let (data_dir, home) = (root.path().join("data"), root.path().join("home"));
    set_up_with_chart(&client, &data_dir, &home).await;
    let reference = register_by_phone(&client, "Ria Cliteur", "bz", 1).await;
    register_by_phone(&client, "Jan Jansen", "bz", 2).await;

    click(&client, "#nav-access").await;
    find(&client, "#access-register").await;
    click(&client, "#access-register-save").await;
    wait_for_text(&client, "[data-field='requester'] .utrecht-form-field-error-message", "Vul de naam in").await;
    type_into(&client, "#f-requester", "R. Cliteur").await;
    set_value(&client, "#f-address", "Arent Krijtsstraat 1\n1111 AB Diemen").await;
    find(&client, "#f-identity_check").await.select_by_value("legitimatie_balie").await.expect("identity check");
    type_into(&client, "#f-identity_note", "rijbewijs gezien").await;
    click(&client, "#access-register-save").await;
    let year = Local::now().date_naive().format("%Y").to_string();
    let number = format!("IV-{year}-0001");
    wait_for_text(&client, "#access-request-title", &number).await;
    wait_for_text(&client, "#access-term", "op tijd").await;
    screenshot(&client, "32-access-request-registered").await;
    axe(&client, "Inzageverzoek geregistreerd").await;

    // The term is on the worklist like the others, and leads back to the request.
    click(&client, "#nav-worklist").await;
    wait_for_text(&client, "#access-due", &number).await;
    click(&client, &format!("[data-access='{number}']")).await;
    wait_for_text(&client, "#access-request-title", &number).await;

    // Extended once, with the reason the person is told.
    click(&client, "#access-extend-details summary").await;
    type_into(&client, "#access-extend #f-reason", "Wij moeten oude dossiers doorzoeken.").await;
    click(&client, "#access-extend-save").await;
    wait_for_text(&client, "#access-extension", "oude dossiers").await;
    wait_for_text(&client, "#access-extension-problem", "één keer").await;

    set_value(&client, "#access-search #f-query", "Ria Cliteur").await;
    click(&client, "#access-search-submit").await;
    wait_for_text(&client, "#access-matches", &reference).await;
    click(&client, &format!("#pick-{reference}")).await;
    screenshot(&client, "33-access-request-matches").await;
    axe(&client, "Inzageverzoek, gevonden klachten").await;
    click(&client, "#access-answer").await;
    wait_for_text(&client, "#access-answer-question", &reference).await;
    click(&client, "#access-answer-yes").await;
    let saved = wait_for_text(&client, "#toast", "is beantwoord en afgesloten").await;
    let path = saved.split("staat in ").nth(1).expect("path").trim().trim_end_matches('.').to_string();
    let answer = std::fs::read(&path).expect("the answer the window made");
    // Kept beside the screenshots, to look at as a person would (pdftoppm).
    std::fs::write(Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots/34-access-answer.pdf"), &answer).expect("keep");
    let text = support::pdf_text(&answer);
    for expected in
        ["Inzage in uw persoonsgegevens", "R. Cliteur", "Ria Cliteur", reference.as_str(), number.as_str(), "Autoriteit Persoonsgegevens"]
    {
        assert!(text.contains(expected), "the answer lacks {expected:?}: {text}");
    }
    assert!(!text.contains("Jan Jansen"), "nobody else's name: {text}");
    wait_for_text(&client, "#access-answered", &reference).await;
    wait_for_text(&client, &format!("tr[data-number='{number}']"), "beantwoord").await;
    screenshot(&client, "34-access-request-answered").await;
    axe(&client, "Inzageverzoek beantwoord").await;
    client.close().await.expect("close");
}
