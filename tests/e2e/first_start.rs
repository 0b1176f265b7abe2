//! The first start through the first complaint's acknowledgement, with imports and settings.

use crate::support;
use crate::window::*;
use chrono::Local;
use klachtbalie_core::domain::calendar::HolidayCalendar;
use klachtbalie_core::domain::deadlines::{compute_deadlines, DeadlineNorms};
use klachtbalie_core::domain::dutch_date::long_date;
use serde_json::json;
use std::time::Instant;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, a session bus with gnome-keyring and tauri-driver: run scripts/test.sh"]
async fn first_start_to_acknowledgement_in_the_real_window() {
    // rules SEC-01 (key in the OS keyring, recovery key shown), SEC-03 (log-in), INT-01..03,
    // DL-01, DL-09 (worklist), section 6 (acknowledgement letter).
    let (root, _driver, client) = fresh_app().await;
    let (data_dir, home) = (root.path().join("data"), root.path().join("home"));

    let recovery_key = set_up_through_the_window(&client, &data_dir, &home).await;
    assert_eq!(recovery_key.split('-').count(), 17);

    // Log in: a wrong password gets a clear message, then the right one.
    type_into(&client, "#f-username", "beheer").await;
    type_into(&client, "#f-password", "verkeerd").await;
    click(&client, "#login-submit").await;
    wait_for_text(&client, "#login-error", "klopt niet").await;
    axe(&client, "Aanmelden, met fout").await;
    type_into(&client, "#f-password", "een lang wachtwoord").await;
    click(&client, "#login-submit").await;
    wait_for_text(&client, "#current-user", "Fatima el Amrani").await;
    // A fresh set-up tells the Beheerder what comes first; the first step leads to
    // the organisation chart.
    wait_for_text(&client, "#first-steps", "Voer het organogram in").await;
    screenshot(&client, "04a-first-steps").await;
    axe(&client, "Werkvoorraad, eerste stappen").await;
    click(&client, "[data-first-step='1']").await;
    find(&client, "#f-org_json").await;

    // The Beheerder imports the organisation chart.
    import_org_chart(&client).await;

    // And a complaint of an earlier year from the previous system; a file with a
    // problem is refused with the record and field named, nothing imported.
    let old_record = |outcome: &str| {
        json!({ "complaints": [{
            "received_on": "2024-05-06", "channel": "telefoon", "complainant_name": "Oud Systeem", "phone": "020 123 4567",
            "complaint_type": "dienstverlening", "department_id": "bz", "description": "Uit het vorige systeem.",
            "previous_reference": "OUD-7", "outcome": outcome, "closed_on": "2024-05-20"
        }] })
    };
    let history = root.path().join("vorig-systeem.json");
    std::fs::write(&history, old_record("gewonnen").to_string()).expect("write");
    choose_file(&client, "#complaints-file", "Bestand met klachten kiezen", &history).await;
    click(&client, "#complaints-import").await;
    wait_for_text(&client, "#complaints-import-result", "record 1, veld outcome").await;
    std::fs::write(&history, old_record("gegrond").to_string()).expect("write");
    choose_file(&client, "#complaints-file", "Bestand met klachten kiezen", &history).await;
    click(&client, "#complaints-import").await;
    wait_for_text(&client, "#complaints-import-result", "1 klacht geïmporteerd (KL-2024-0001").await;
    axe(&client, "Organisatie").await;

    // The Beheerder's settings: the lock time and the letterhead are editable.
    click(&client, "#nav-settings").await;
    assert_eq!(value_of(&client, "#f-lock_minutes").await, "15", "SEC-03 default");
    type_into(&client, "#f-lock_minutes", "20").await;
    click(&client, "#settings-submit").await;
    wait_for_text(&client, "#toast", "opgeslagen").await;
    screenshot(&client, "06-settings").await;
    axe(&client, "Instellingen").await;
    // The About screen lists what is bundled, with licences, generated from the build.
    click(&client, "#nav-about").await;
    wait_for_text(&client, "#about-version", "Klachtbalie versie 0.1.0").await;
    click(&client, "[data-kind='npm'] summary").await;
    wait_for_text(&client, "#licences-npm", "@tauri-apps/api").await;
    click(&client, "[data-kind='lettertype'] summary").await;
    wait_for_text(&client, "#licences-lettertype", "DejaVu Sans").await;
    axe(&client, "Over Klachtbalie").await;

    // SEC-06: no backup yet, so the Beheerder is reminded above every screen; the reminder
    // leads to the settings, where the backup is made, and then it is gone.
    wait_for_text(&client, "#backup-notice", "nog geen back-up").await;
    click(&client, "#backup-notice-go").await;
    click(&client, "#backup-make").await;
    let made = wait_for_text(&client, "#backup-result", "De back-up is opgeslagen in").await;
    wait_for_text(&client, "#backup-last", "De laatste back-up is van").await;
    changes_within(&client, "#backup-notice", false, Instant::now(), WAIT).await;
    screenshot(&client, "28-backup").await;
    axe(&client, "Back-up gemaakt").await;
    // AVG-02: the Beheerder changes a retention term, only with a reason.
    type_into(&client, "#f-retention_years_not_handled", "2").await;
    click(&client, "#retention-periods-save").await;
    wait_for_text(&client, "[data-field=reason] .utrecht-form-field-error-message", "reden").await;
    type_into(&client, "#retention-periods-form #f-reason", "Besluit archivaris 12 januari 2026").await;
    click(&client, "#retention-periods-save").await;
    wait_for_text(&client, "#toast", "bewaartermijnen zijn opgeslagen").await;
    assert_eq!(value_of(&client, "#f-retention_years_not_handled").await, "2");
    let backup_path = made.split("opgeslagen in ").nth(1).expect("path").split(" (").next().expect("path").to_string();
    assert!(std::fs::read(&backup_path).expect("the backup the window made").starts_with(b"KLACHTBALIE-BACKUP 1\n"));
    // It restores with the recovery key into a new folder (the CLI, as the manual says).
    let restored_dir = root.path().join("teruggezet");
    let mut restore = std::process::Command::new(cli_binary())
        .args(["--data-dir", restored_dir.to_str().expect("utf-8"), "--key-file", root.path().join("sleutel.txt").to_str().expect("utf-8")])
        .args(["restore", "--from", &backup_path, "--recovery-key-stdin"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("restore");
    std::io::Write::write_all(&mut restore.stdin.take().expect("stdin"), format!("{recovery_key}\n").as_bytes()).expect("key");
    let restored = restore.wait_with_output().expect("restore");
    assert!(restored.status.success(), "{}", String::from_utf8_lossy(&restored.stderr));
    let restored: serde_json::Value = serde_json::from_slice(&restored.stdout).expect("json");
    assert_eq!((restored["rows"]["users"].as_u64(), restored["rows"]["officials"].as_u64()), (Some(1), Some(9)), "{restored}");

    // Intake, first rejected by validation; nothing typed is lost.
    click(&client, "#nav-intake").await;
    let marker = format!("Wubbo Quirijnsz-{}", std::process::id());
    find(&client, "#intake-form").await;
    // A written complaint (Awb 9:4) needs its address and the date of the conduct: the labels
    // say so once a written channel is chosen, and not for a phone call (issue 28).
    find(&client, "#f-channel").await.select_by_value("telefoon").await.expect("channel");
    let conduct_label = find(&client, "label[for='f-conduct_date']").await.text().await.expect("label");
    assert_eq!(conduct_label, "Datum van de gedraging");
    find(&client, "#f-channel").await.select_by_value("brief").await.expect("channel");
    wait_for_text(&client, "label[for='f-conduct_date']", "Datum van de gedraging (verplicht)").await;
    wait_for_text(&client, "label[for='f-postcode']", "Postcode (verplicht)").await;
    type_into(&client, "#f-complainant_name", &marker).await;
    type_into(&client, "#f-street_address", "Ouddiemerlaan 104").await;
    type_into(&client, "#f-postcode", "11111").await;
    type_into(&client, "#f-city", "Diemen").await;
    type_into(&client, "#f-phone", "06 12345678").await;
    find(&client, "#f-complaint_type").await.select_by_value("dienstverlening").await.expect("type");
    find(&client, "#f-department_id").await.select_by_value("bz").await.expect("department");
    let today = Local::now().date_naive();
    set_value(&client, "#f-conduct_date", &today.to_string()).await;
    // Longer than the letter's subject (120 characters), so the acknowledgement shortens it.
    type_into(
        &client,
        "#f-description",
        "Mijn paspoortaanvraag is kwijtgeraakt en niemand belde terug. Ik heb drie keer gebeld en twee keer aan de balie gestaan, \
         maar niemand wist waar mijn aanvraag was gebleven.",
    )
    .await;
    click(&client, "#intake-submit").await;
    wait_for_text(&client, "[data-field=postcode] .utrecht-form-field-error-message", "1111 AB").await;
    screenshot(&client, "02-intake-validation").await;
    axe(&client, "Klacht registreren, met fouten").await;
    assert_eq!(value_of(&client, "#f-complainant_name").await, marker, "name kept after the error");
    assert!(value_of(&client, "#f-description").await.contains("paspoortaanvraag"), "description kept");
    type_into(&client, "#f-postcode", "1111 HL").await;
    click(&client, "#intake-submit").await;
    let reference = wait_for_text(&client, "#registered-reference", "KL-").await;
    let year = today.format("%Y").to_string();
    assert_eq!(reference.trim(), format!("KL-{year}-0001"));
    wait_for_text(&client, "#registered-handler", "Anna de Boer").await;
    let expected = compute_deadlines(today, &HolidayCalendar::statutory(), &DeadlineNorms::default());
    let decision = find(&client, &format!("[data-deadline='{}']", expected.decision_due)).await.text().await.expect("text");
    assert!(decision.contains(&long_date(expected.decision_due)), "{decision}");
    screenshot(&client, "03-registered").await;
    axe(&client, "Klacht opgeslagen").await;

    // The acknowledgement letter: generated, stored, its text checked.
    click(&client, "#registered-ack").await;
    let result = find(&client, "#letter-result").await;
    let pdf_path = result.attr("data-path").await.expect("attr").expect("data-path");
    let pdf = std::fs::read(&pdf_path).expect("letter PDF");
    let text = support::pdf_text(&pdf);
    for expected_text in
        [reference.trim(), marker.as_str(), "Anna de Boer", "Wij bellen u", "hoorgesprek", &long_date(today), "pagina 1 van 1"]
    {
        assert!(text.contains(expected_text), "letter lacks {expected_text:?}:\n{text}");
    }
    // The shortened description ends in "…" without the sentence's own full stop.
    assert!(text.contains("…") && !text.contains("…."), "the shortened subject reads well:\n{text}");
    std::fs::copy(&pdf_path, std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/e2e-screenshots/03b-acknowledgement.pdf")).ok();
    assert!(!pdf_path.starts_with(data_dir.to_str().expect("utf-8")), "the viewer copy is outside the data folder");

    // INT-04: the same person calls again; while the name is typed the form shows the earlier
    // complaint, which opens to compare, and the way back finds the form as it was typed.
    type_into(&client, "#f-complainant_name", &marker).await;
    wait_for_text(&client, "#intake-duplicates", reference.trim()).await;
    wait_for_text(&client, "#intake-duplicates", "Zelfde naam").await;
    axe(&client, "Klacht registreren, mogelijk dubbel").await;
    screenshot(&client, "38-intake-duplicate").await;
    click(&client, &format!("[data-duplicate='{}']", reference.trim())).await;
    wait_for_text(&client, "#complaint-title", reference.trim()).await;
    click(&client, "#complaint-back").await;
    assert_eq!(value_of(&client, "#f-complainant_name").await, marker, "the typed name is still there");

    // The worklist shows it with the right deadline and light.
    click(&client, "#nav-worklist").await;
    let row_css = format!("tr[data-reference='{}']", reference.trim());
    let row = wait_for_text(&client, &row_css, &marker).await;
    assert!(row.contains(&long_date(expected.decision_due)), "{row}");
    let light = find(&client, &format!("{row_css} [data-light]")).await.attr("data-light").await.expect("attr").expect("light");
    assert_eq!(light, "due_soon", "acknowledged; the first contact (DL-08) is due within 5 working days");
    assert!(row.contains("eerste contact met de klager"), "{row}");
    screenshot(&client, "04-worklist").await;
    axe(&client, "Werkvoorraad").await;

    // The dashboard counts the complaint as due soon; the figure opens the worklist
    // filtered on it.
    click(&client, "#nav-dashboard").await;
    assert_eq!(wait_for_text(&client, "#dash-open", "1").await.trim(), "1");
    assert_eq!(find(&client, "#dash-due-soon").await.text().await.expect("text").trim(), "1");
    assert_eq!(find(&client, "#dash-overdue").await.text().await.expect("text").trim(), "0");
    wait_for_text(&client, "#dash-departments tr[data-id='bz']", "Burgerzaken").await;
    screenshot(&client, "27-dashboard").await;
    axe(&client, "Overzicht").await;
    click(&client, "#dash-due-soon").await;
    wait_for_text(&client, &row_css, &marker).await;
    assert_eq!(find(&client, "#f-due_soon_only").await.prop("checked").await.expect("prop").as_deref(), Some("true"));

    // The coördinator's Klachtverslag: this year beside the two before, a chart,
    // no personal data on the screen, and the figures saved as CSV.
    click(&client, "#nav-report").await;
    let total = wait_for_text(&client, "#report table[data-section='total'] tbody", "Totaal").await;
    assert!(total.ends_with('1') || total.contains("0 0 1"), "one complaint this year: {total:?}");
    find(&client, "#report table[data-section='department']").await;
    let chart = find(&client, "#report svg.report-chart").await;
    let label = chart.attr("aria-label").await.expect("attr").expect("the chart has a name");
    assert!(label.contains(&year), "{label}");
    let page = client.source().await.expect("page source");
    assert!(!page.contains(&marker) && !page.contains("paspoortaanvraag"), "no name or text of a complaint in the report");
    screenshot(&client, "26-annual-report").await;
    axe(&client, "Klachtverslag").await;
    click(&client, "#report-csv").await;
    let saved = wait_for_text(&client, "#toast", "opgeslagen in").await;
    let csv_path = saved.split("opgeslagen in ").nth(1).expect("path").trim().trim_end_matches('.').to_string();
    let csv = std::fs::read_to_string(&csv_path).expect("the CSV the window saved");
    assert!(csv.contains("total,total,1") && csv.contains("by_department,bz,1"), "{csv}");
    assert!(!csv.contains(&marker));
    // RP-04: the municipality's introduction, saved for the year, goes into the PDF.
    let introduction = format!("Inleiding van de gemeente over {year}: terugbellen helpt.");
    type_into(&client, "#f-introduction", &introduction).await;
    click(&client, "#report-texts-save").await;
    wait_for_text(&client, "#report-texts-saved", "Opgeslagen op").await;
    assert_eq!(value_of(&client, "#f-introduction").await, introduction, "shown as saved");
    // The report as a PDF on the letterhead: its text holds the totals (pdftotext).
    click(&client, "#report-pdf").await;
    let saved = wait_for_text(&client, "#toast", "Het klachtverslag is opgeslagen in").await;
    let pdf_path =
        saved.split("opgeslagen in ").nth(1).expect("path").trim().trim_end_matches('.').trim_end_matches(" en geopend").to_string();
    let text = support::pdf_text(&std::fs::read(&pdf_path).expect("the PDF the window saved"));
    assert!(text.contains(&format!("Klachtverslag {year}")) && text.contains("Totaal") && text.contains("Burgerzaken"), "{text}");
    assert!(text.contains("terugbellen helpt"), "the introduction is in the PDF: {text}");
    assert!(!text.contains(&marker) && !text.contains("paspoortaanvraag"), "no personal data in the PDF");
    click(&client, "#report-xlsx").await;
    let saved = wait_for_text(&client, "#toast", "Het rekenblad is opgeslagen in").await;
    let xlsx_path = saved.split("opgeslagen in ").nth(1).expect("path").trim().trim_end_matches('.').to_string();
    assert!(std::fs::read(&xlsx_path).expect("the workbook the window saved").starts_with(b"PK"));

    // Encryption at rest, with the app still running (WAL present).
    assert_eq!(support::files_containing(&data_dir, &marker), Vec::<String>::new());
    assert_eq!(support::files_containing(&data_dir, "Ouddiemerlaan"), Vec::<String>::new());

    client.close().await.expect("close session");
}
