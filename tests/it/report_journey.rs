//! Integration test of the annual complaint report (RP-01..03), on both stores:
//! complaints go through the real procedure over a year (withdrawn, informal, a formal
//! decision sent to the complainant, forwarded, still open), and the report's figures are
//! compared with figures the test works out itself from what it did.

use crate::support;
use support::{at, TestStore};

use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::domain::complaint::ComplaintForm;
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::{Actor, DecisionForm, Klachtbalie, ReportFile, ServiceError, SessionUser, StepForm};
use klachtbalie_core::store::AuditFilter;
use std::sync::Arc;

const PASSWORD: &str = "een lang wachtwoord";
const ORG_CHART: &str = include_str!("../fixtures/organogram-voorbeeld.json");

fn anna() -> Actor {
    Actor::User(SessionUser {
        id: 1000,
        username: "anna".into(),
        display_name: "Anna de Boer".into(),
        job_title: "afdelingsmanager".into(),
        roles: vec![Role::Klachtbehandelaar],
        official_id: Some("m-bz".into()),
        must_change_password: false,
    })
}

/// A complaint received on `received_on` (yyyy-mm-dd) by `channel`; a bejegening complaint
/// names medewerker e1 of Burgerzaken, a dienstverlening complaint a department.
fn complaint(name: &str, received_on: &str, channel: &str, department: Option<&str>) -> ComplaintForm {
    let (complaint_type, respondent_ids, department_id) = match department {
        Some(department) => ("dienstverlening", Vec::new(), department.to_string()),
        None => ("bejegening", vec!["e1".to_string()], String::new()),
    };
    ComplaintForm {
        received_on: received_on.into(),
        channel: channel.into(),
        complainant_name: name.into(),
        street_address: "Zwaluwstraat 7".into(),
        postcode: "1111 CE".into(),
        city: "Diemen".into(),
        phone: "020 123 4567".into(),
        complaint_type: complaint_type.into(),
        respondent_ids,
        department_id,
        conduct_date: received_on.into(),
        description: format!("Klacht van {name} over de gang van zaken."),
        ..Default::default()
    }
}

fn register(app: &mut Klachtbalie, actor: &Actor, clock: &FixedClock, form: &ComplaintForm) -> String {
    clock.set(at(&format!("{}T09:00", form.received_on)));
    app.register_complaint(actor, form).expect("register").reference
}

fn a_year_of_complaints_gives_the_figures_worked_out_by_hand(store: TestStore) {
    // RP-01 (year of receipt, handling days), RP-02 (every figure), RP-03 (no personal data).
    let clock = Arc::new(FixedClock::new(at("2025-12-15T08:00")));
    let mut app = store.set_up(clock.clone(), &support::setup_form("coord", PASSWORD)).expect("set up");
    let coordinator = Actor::User(app.login("coord", PASSWORD).expect("login"));
    app.import_org_chart(&coordinator, ORG_CHART).expect("chart");

    // Received in 2025, withdrawn in 2026: counts in 2025 (RP-01).
    let withdrawn = register(&mut app, &coordinator, &clock, &complaint("Wim Decembermaand", "2025-12-15", "brief", None));
    clock.set(at("2026-01-10T10:00"));
    app.withdraw(&anna(), &withdrawn, "Klager trekt de klacht in.").expect("withdraw");

    // Informal, closed after 8 days.
    let informal = register(&mut app, &coordinator, &clock, &complaint("Ina Informeel", "2026-02-02", "telefoon", Some("bz")));
    let contact = StepForm { date: "02-02-2026".into(), choice: "telefoon".into(), text: "Klager gebeld.".into(), ..Default::default() };
    app.log_contact(&anna(), &informal, &contact).expect("contact");
    clock.set(at("2026-02-10T11:00"));
    app.resolve_informally(&anna(), &informal, "Klager is tevreden met de uitleg.").expect("informal");

    // Formal: a decision (gegrond) drafted, approved and sent after 30 days, within six weeks.
    let formal = register(&mut app, &coordinator, &clock, &complaint("Frits Formeel", "2026-03-02", "email", None));
    app.continue_formally(&anna(), &formal, "Klager wil een oordeel.").expect("formal");
    app.skip_hearing(&anna(), &formal, "afgezien").expect("hearing waived");
    let decision = DecisionForm {
        findings: "De medewerker was niet bereikbaar.".into(),
        judgement: "gegrond".into(),
        conclusions: "Excuses aangeboden.".into(),
        reasons: String::new(),
    };
    app.draft_decision(&coordinator, &formal, &decision).expect("draft");
    clock.set(at("2026-04-01T10:00"));
    let draft = app.approval_queue(&anna()).expect("queue")[0].id;
    let letter = app.approve_letter_draft(&anna(), draft).expect("approve");
    app.record_sending(&coordinator, letter.id, "01-04-2026", "").expect("sent");

    // Still open at the end of the year.
    let open = register(&mut app, &coordinator, &clock, &complaint("Olga Openstaand", "2026-05-04", "balie", Some("ro")));
    // Forwarded two days after receipt.
    let forwarded = register(&mut app, &coordinator, &clock, &complaint("Door Gestuurd", "2026-06-01", "webformulier", Some("bz")));
    clock.set(at("2026-06-03T09:00"));
    app.forward(&anna(), &forwarded, "Gaat over het waterschap; doorgezonden aan het waterschap.").expect("forward");

    clock.set(at("2026-11-23T09:00"));
    // Only the coördinator writes the annual report.
    assert!(matches!(app.annual_report(&anna(), 2026), Err(ServiceError::Forbidden { .. })));
    let report = app.annual_report(&coordinator, 2026).expect("report");
    let json = serde_json::to_value(&report).expect("json");

    // The figures worked out from the steps above.
    let expected = serde_json::json!({
        "year": 2026,
        "total": 4,
        "by_type": { "bejegening": 1, "dienstverlening": 3 },
        "by_channel": { "telefoon": 1, "balie": 1, "brief": 0, "email": 1, "webformulier": 1, "sociale_media": 0 },
        // The bejegening complaint about e1 belongs to Burgerzaken through the official.
        "by_department": { "bz": 3, "ro": 1, "wo": 0 },
        "by_outcome": {
            "informeel_afgehandeld": 1, "gegrond": 1, "deels_gegrond": 0, "ongegrond": 0, "geen_oordeel": 0,
            "ingetrokken": 0, "niet_in_behandeling": 0, "doorgezonden": 1, "open": 1
        },
        "within_term": { "within": 1, "of": 1, "percent": 100.0 },
        "within_statutory_term": { "within": 1, "of": 1, "percent": 100.0 },
        // Closed: 8 (informal), 30 (formal), 2 (forwarded) days.
        "handling_days": { "mean": 13.3, "median": 8.0 },
        "formal_handling_days": { "mean": 30.0, "median": 30.0 },
        "postponed": 0, "consent_extensions": 0, "advisory_committee": 0, "hearings_held": 0, "ombudsman": 0
    });
    assert_eq!(json, expected, "{}", serde_json::to_string_pretty(&json).unwrap_or_default());

    let previous = serde_json::to_value(app.annual_report(&coordinator, 2025).expect("2025")).expect("json");
    assert_eq!((previous["total"].as_u64(), previous["by_outcome"]["ingetrokken"].as_u64()), (Some(1), Some(1)), "{previous}");
    assert_eq!(previous["handling_days"]["mean"], 26.0, "15 Dec 2025 to 10 Jan 2026");
    let empty = serde_json::to_value(app.annual_report(&coordinator, 2024).expect("2024")).expect("json");
    assert_eq!((empty["total"].as_u64(), &empty["within_term"]["percent"]), (Some(0), &serde_json::Value::Null));

    // RP-03: no name, no text of any complaint in the report or its CSV.
    let csv = String::from_utf8(app.annual_report_file(&coordinator, 2026, ReportFile::Csv).expect("csv")).expect("utf-8");
    assert_eq!(csv, report.to_csv(), "the CSV file holds the figures of the report");
    for personal in ["Ina", "Informeel", "Frits", "Olga", "Gestuurd", "Decembermaand", "Anna", "Zwaluwstraat", "waterschap"] {
        assert!(!json.to_string().contains(personal) && !csv.contains(personal), "{personal} in the report");
    }
    // RP-05: the PDF on the letterhead holds the same figures beside 2024 and 2025, and no
    // personal data either.
    let pdf = app.annual_report_file(&coordinator, 2026, ReportFile::Pdf).expect("pdf");
    let text = support::pdf_text(&pdf);
    for expected in
        ["Klachtverslag 2026", "Gemeente Diemen", "2024", "2025", "Totaal", "Burgerzaken", "1 van 1 (100,0 %)", "13,3", "doorgezonden"]
    {
        assert!(text.contains(expected), "the PDF lacks {expected:?}:\n{text}");
    }
    for personal in ["Ina", "Frits", "Olga", "Zwaluwstraat", "waterschap", "Anna"] {
        assert!(!text.contains(personal), "{personal} in the PDF");
    }

    // RP-05: the XLSX has a sheet per table with the figures as numbers, a chart per
    // breakdown, and no personal data.
    let xlsx = app.annual_report_file(&coordinator, 2026, ReportFile::Xlsx).expect("xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("an XLSX is a zip");
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut archive.by_name(name).unwrap_or_else(|_| panic!("{name} in the workbook")), &mut text)
            .expect("read");
        text
    };
    let workbook = read("xl/workbook.xml");
    for sheet in ["Klachtverslag", "Ontvangen klachten", "Per afdeling", "Uitkomst", "Formele beslissingen op tijd"] {
        assert!(workbook.contains(&format!("name=\"{sheet}\"")), "sheet {sheet}: {workbook}");
    }
    let strings = read("xl/sharedStrings.xml");
    assert!(strings.contains("Burgerzaken") && strings.contains("1 van 1 (100,0 %)"), "{strings}");
    for personal in ["Ina", "Frits", "Olga", "Zwaluwstraat", "waterschap", "Anna"] {
        assert!(!strings.contains(personal), "{personal} in the workbook");
    }
    // Per afdeling is the fifth sheet: Burgerzaken's 2026 figure (3) is a number in column D.
    let departments = read("xl/worksheets/sheet5.xml");
    assert!(departments.contains(r#"<c r="D3"><v>3</v></c>"#), "{departments}");
    let charts = (1..=4).map(|n| format!("xl/charts/chart{n}.xml")).filter(|name| archive.by_name(name).is_ok()).count();
    assert_eq!(charts, 4, "type, channel, department and outcome are charted");

    // RP-04: the municipality's own texts, saved per year, in the PDF and the workbook; a text
    // with a control character is refused at its field and nothing is saved.
    let texts = klachtbalie_core::domain::report::ReportTexts {
        introduction: "In 2026 kwamen minder klachten binnen dan verwacht.".into(),
        lessons_learned: "Terugbellen voorkomt veel klachten.".into(),
        measures: "Een terugbelbelofte binnen twee werkdagen.\n\nEen training bejegening.".into(),
        follow_up: String::new(),
    };
    let broken = klachtbalie_core::domain::report::ReportTexts { follow_up: "stuk\u{7}".into(), ..texts.clone() };
    match app.save_report_texts(&coordinator, 2026, &broken) {
        Err(ServiceError::Validation(problems)) => assert_eq!(problems[0].field, "follow_up", "{problems:?}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(app.annual_report_comparison(&coordinator, 2026).expect("report").texts_saved, None, "nothing was saved");
    assert!(matches!(app.save_report_texts(&anna(), 2026, &texts), Err(ServiceError::Forbidden { .. })));
    app.save_report_texts(&coordinator, 2026, &texts).expect("save texts");
    let comparison = app.annual_report_comparison(&coordinator, 2026).expect("report");
    assert_eq!((comparison.texts.clone(), comparison.texts_saved.as_ref().map(|(_, by)| by.as_str())), (texts.clone(), Some("coord")));
    let text = support::pdf_text(&app.annual_report_file(&coordinator, 2026, ReportFile::Pdf).expect("pdf"));
    for expected in ["Inleiding", "minder klachten binnen", "Lessen uit de klachten", "Verbetermaatregelen", "training bejegening"] {
        assert!(text.contains(expected), "the PDF lacks {expected:?}:\n{text}");
    }
    assert!(!text.contains("Opvolging van eerdere"), "an empty part has no heading");
    let introduction = text.find("minder klachten binnen").unwrap_or_default();
    assert!(introduction < text.find("Totaal").unwrap_or_default(), "the introduction comes before the figures");
    let xlsx = app.annual_report_file(&coordinator, 2026, ReportFile::Xlsx).expect("xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("zip");
    let mut strings = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("xl/sharedStrings.xml").expect("strings"), &mut strings).expect("read");
    assert!(strings.contains("Terugbellen voorkomt veel klachten."), "{strings}");
    assert_eq!(app.annual_report_comparison(&coordinator, 2025).expect("2025").texts, Default::default(), "per year");

    // The report is in the audit log, with the year; the refusal too.
    let admin = Actor::System { description: "test".into() };
    let (entries, _) = app.audit_log(&admin, &AuditFilter::default()).expect("log");
    let reports: Vec<(&str, &str, &str)> = entries
        .iter()
        .filter(|entry| entry.object.starts_with("klachtverslag"))
        .map(|entry| (entry.actor.as_str(), entry.object.as_str(), entry.result.as_str()))
        .collect();
    assert!(reports.contains(&("coord", "klachtverslag 2026", "gelukt")), "{reports:?}");
    assert!(reports.contains(&("anna", "klachtverslag", "geweigerd")), "{reports:?}");
    // The complaints of 2026 are still there as they were: the report changed nothing.
    for reference in [informal, formal, open, forwarded] {
        assert_eq!(app.complaint_detail(&coordinator, &reference).expect("detail").record.reference, reference);
    }
}

on_both_stores!(a_year_of_complaints_gives_the_figures_worked_out_by_hand);
