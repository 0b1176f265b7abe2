//! Integration test of the import of earlier years, on both stores: a file from the
//! previous system is imported, the report of each year is compared with figures this test
//! works out itself from the records it wrote (RP-01, RP-02), the exports hold no name from
//! the file (RP-03), and a file with problems imports nothing and names every problem.

use crate::support;
use support::{at, TestStore};

use chrono::{Days, NaiveDate};
use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::service::{Actor, ReportFile, ServiceError, WorklistScope};
use klachtbalie_core::store::AuditFilter;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

const PASSWORD: &str = "een lang wachtwoord";
const ORG_CHART: &str = include_str!("../fixtures/organogram-voorbeeld.json");
const OUTCOMES: [Option<&str>; 10] = [
    Some("informeel_afgehandeld"),
    Some("gegrond"),
    Some("deels_gegrond"),
    Some("ongegrond"),
    Some("geen_oordeel"),
    Some("ingetrokken"),
    Some("niet_in_behandeling"),
    Some("doorgezonden"),
    None,
    Some("ongegrond"),
];
const CHANNELS: [&str; 6] = ["telefoon", "balie", "brief", "email", "webformulier", "sociale_media"];
const DEPARTMENTS: [&str; 3] = ["bz", "ro", "wo"];
/// Handling times chosen away from every possible term (42 or 70 days, plus 28 postponed,
/// or the agreed end at 120 days, each plus at most a few days of Atw roll-over), so that the
/// test can tell "within the term" without the deadline code.
const HANDLING_DAYS: [u64; 6] = [10, 30, 60, 85, 110, 140];

/// The `n`th record of the old system's export, received in `year`.
fn record(n: usize, year: i32) -> Value {
    let received = NaiveDate::from_ymd_opt(year, 1, 5).expect("date") + Days::new((n as u64 * 37) % 300);
    let outcome = OUTCOMES[n % OUTCOMES.len()];
    let closed_on = outcome.map(|_| (received + Days::new(HANDLING_DAYS[n % HANDLING_DAYS.len()])).to_string());
    let formal = matches!(outcome, Some("gegrond" | "deels_gegrond" | "ongegrond" | "geen_oordeel"));
    let bejegening = n.is_multiple_of(4);
    json!({
        "previous_reference": format!("OUD/{year}/{n:03}"),
        "received_on": received.to_string(),
        "channel": CHANNELS[n % CHANNELS.len()],
        "complainant_name": format!("Geïmporteerde Klager{n}"),
        "street_address": format!("Oudestraat {n}"),
        "postcode": "1111 AB",
        "city": "Diemen",
        "phone": null,
        "email": format!("oud{n}@example.org"),
        "complaint_type": if bejegening { "bejegening" } else { "dienstverlening" },
        "department_id": if bejegening { "" } else { DEPARTMENTS[n % DEPARTMENTS.len()] },
        "respondent_ids": if bejegening { json!(["e1"]) } else { json!([]) },
        "conduct_date": received.to_string(),
        "description": format!("Oude klacht nummer {n} over de Vuilnisophaling."),
        "outcome": outcome,
        "closed_on": closed_on,
        "advisory_committee": formal && n.is_multiple_of(3),
        "postponed_weeks": if formal && n % 5 == 1 { 4 } else { 0 },
        "consent_until": (formal && n.is_multiple_of(7)).then(|| (received + Days::new(120)).to_string()),
        "hearing_held": formal && n % 2 == 1,
        "ombudsman": formal && n % 6 == 1,
    })
}

fn days_between(from: &str, to: &str) -> i64 {
    let date = |text: &str| NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date");
    (date(to) - date(from)).num_days()
}

/// RP-01: mean and median with one decimal (an even count: the mean of the middle two).
fn mean_and_median(mut days: Vec<i64>) -> Value {
    if days.is_empty() {
        return json!({ "mean": null, "median": null });
    }
    days.sort_unstable();
    let round = |value: f64| (value * 10.0).round() / 10.0;
    let mean = days.iter().sum::<i64>() as f64 / days.len() as f64;
    let middle = days.len() / 2;
    let median = if days.len().is_multiple_of(2) { (days[middle - 1] + days[middle]) as f64 / 2.0 } else { days[middle] as f64 };
    json!({ "mean": round(mean), "median": round(median) })
}

fn share(within: u64, of: u64) -> Value {
    let percent = (of > 0).then(|| ((within as f64 / of as f64) * 1000.0).round() / 10.0);
    json!({ "within": within, "of": of, "percent": percent })
}

/// The report of `year` worked out from the file's records alone (RP-01, RP-02).
fn expected_report(records: &[Value], year: i32) -> Value {
    let of_year: Vec<&Value> =
        records.iter().filter(|r| r["received_on"].as_str().is_some_and(|d| d.starts_with(&year.to_string()))).collect();
    let count = |pick: &dyn Fn(&Value) -> bool| of_year.iter().filter(|r| pick(r)).count();
    let mut by_type = BTreeMap::new();
    for kind in ["bejegening", "dienstverlening"] {
        by_type.insert(kind, count(&|r| r["complaint_type"] == kind));
    }
    let mut by_channel = BTreeMap::new();
    for channel in CHANNELS {
        by_channel.insert(channel, count(&|r| r["channel"] == channel));
    }
    let mut by_department = BTreeMap::new();
    for department in DEPARTMENTS {
        // A bejegening complaint about e1 belongs to Burgerzaken through the official.
        by_department.insert(department, count(&|r| r["department_id"] == department || (department == "bz" && r["department_id"] == "")));
    }
    let mut by_outcome = BTreeMap::new();
    for outcome in OUTCOMES.iter().flatten() {
        by_outcome.insert(*outcome, count(&|r| r["outcome"] == *outcome));
    }
    by_outcome.insert("open", count(&|r| r["outcome"].is_null()));
    let formal = |r: &Value| matches!(r["outcome"].as_str(), Some("gegrond" | "deels_gegrond" | "ongegrond" | "geen_oordeel"));
    let handling = |r: &Value| days_between(r["received_on"].as_str().unwrap_or_default(), r["closed_on"].as_str().unwrap_or_default());
    let formal_records: Vec<&&Value> = of_year.iter().filter(|r| formal(r)).collect();
    let statutory = |r: &Value| if r["advisory_committee"] == true { 70 } else { 42 };
    let applied = |r: &Value| match r["consent_until"].as_str() {
        Some(end) => days_between(r["received_on"].as_str().unwrap_or_default(), end),
        None => statutory(r) + 7 * r["postponed_weeks"].as_i64().unwrap_or(0),
    };
    let within = formal_records.iter().filter(|r| handling(r) <= applied(r)).count() as u64;
    let within_statutory = formal_records.iter().filter(|r| handling(r) <= statutory(r)).count() as u64;
    json!({
        "year": year,
        "total": of_year.len(),
        "by_type": by_type,
        "by_channel": by_channel,
        "by_department": by_department,
        "by_outcome": by_outcome,
        "within_term": share(within, formal_records.len() as u64),
        "within_statutory_term": share(within_statutory, formal_records.len() as u64),
        "handling_days": mean_and_median(of_year.iter().filter(|r| !r["outcome"].is_null()).map(|r| handling(r)).collect()),
        "formal_handling_days": mean_and_median(formal_records.iter().map(|r| handling(r)).collect()),
        "postponed": count(&|r| r["postponed_weeks"].as_u64().unwrap_or(0) > 0),
        "consent_extensions": count(&|r| !r["consent_until"].is_null()),
        "advisory_committee": count(&|r| r["advisory_committee"] == true),
        "hearings_held": count(&|r| r["hearing_held"] == true),
        "ombudsman": count(&|r| r["ombudsman"] == true),
    })
}

fn an_imported_file_counts_in_the_report_as_the_test_works_it_out(store: TestStore) {
    // Import, RP-01, RP-02, RP-03, RP-04 (comparison with earlier years).
    let clock = Arc::new(FixedClock::new(at("2026-03-02T09:00")));
    let mut app = store.set_up(clock.clone(), &support::setup_form("coord", PASSWORD)).expect("set up");
    let beheerder = Actor::User(app.login("coord", PASSWORD).expect("login"));
    app.import_org_chart(&beheerder, ORG_CHART).expect("chart");
    let records: Vec<Value> = (0..40).map(|n| record(n, 2024)).chain((0..60).map(|n| record(n, 2025))).collect();
    let file = json!({ "complaints": records }).to_string();

    let references = app.import_complaints(&beheerder, &file).expect("import");
    assert_eq!(references.len(), 100);
    // Numbered by year of receipt, in the file's order, also though it is 2026 now.
    assert_eq!((references[0].as_str(), references[39].as_str()), ("KL-2024-0001", "KL-2024-0040"));
    assert_eq!((references[40].as_str(), references[99].as_str()), ("KL-2025-0001", "KL-2025-0060"));

    for year in [2024, 2025] {
        let report = serde_json::to_value(app.annual_report(&beheerder, year).expect("report")).expect("json");
        let expected = expected_report(&records, year);
        assert_eq!(report, expected, "{year}: got {}", serde_json::to_string_pretty(&report).unwrap_or_default());
        // The data set reaches every figure, so the comparison above means something.
        for figure in ["postponed", "consent_extensions", "advisory_committee", "hearings_held", "ombudsman"] {
            assert!(expected[figure].as_u64().unwrap_or(0) > 0, "{year}: the file has no {figure}");
        }
        assert!(expected["within_term"]["within"] != expected["within_term"]["of"], "{year}: some decisions are late");
    }
    let comparison = app.annual_report_comparison(&beheerder, 2026).expect("comparison");
    let totals: Vec<u64> = comparison.years.iter().map(|figures| figures.total).collect();
    assert_eq!(totals, vec![40, 60, 0], "2024, 2025 and 2026 side by side");

    // An open imported complaint is on the worklist at `ontvangen`, with its old reference
    // and where it came from on its timeline; its personal data opens as typed.
    let open_reference = &references[40 + 8];
    let detail = app.complaint_detail(&beheerder, open_reference).expect("detail");
    assert_eq!((detail.status.code(), detail.record.previous_reference.as_deref()), ("ontvangen", Some("OUD/2025/008")));
    assert_eq!(detail.record.complaint.complainant_name, "Geïmporteerde Klager8");
    assert!(
        detail
            .timeline
            .iter()
            .any(|(_, _, kind, text)| kind == "overgenomen" && text.contains("kenmerk daar OUD/2025/008") && text.contains("nog open")),
        "{:?}",
        detail.timeline
    );
    let worklist = app.worklist(&beheerder, WorklistScope::All).expect("worklist");
    assert!(worklist.iter().any(|item| &item.reference == open_reference), "the open one is on the worklist");
    let closed_reference = &references[0];
    assert!(!worklist.iter().any(|item| &item.reference == closed_reference), "a closed one is not");
    assert_eq!(app.complaint_detail(&beheerder, closed_reference).expect("closed").status.code(), "informeel_afgehandeld");

    // RP-03: no name, street, e-mail or description from the file in any export.
    let csv = String::from_utf8(app.annual_report_file(&beheerder, 2025, ReportFile::Csv).expect("csv")).expect("utf-8");
    let pdf = support::pdf_text(&app.annual_report_file(&beheerder, 2025, ReportFile::Pdf).expect("pdf"));
    let xlsx = app.annual_report_file(&beheerder, 2025, ReportFile::Xlsx).expect("xlsx");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).expect("zip");
    let mut workbook = String::new();
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).expect("entry");
        let mut text = String::new();
        if std::io::Read::read_to_string(&mut entry, &mut text).is_ok() {
            workbook.push_str(&text);
        }
    }
    assert!(pdf.contains("Klachtverslag 2025") && pdf.contains("60"), "{pdf}");
    for personal in ["Klager", "Oudestraat", "example.org", "Vuilnisophaling", "OUD/"] {
        for (name, text) in [("CSV", &csv), ("PDF", &pdf), ("XLSX", &workbook)] {
            assert!(!text.contains(personal), "{personal} in the {name}");
        }
    }

    // The same export again would count every complaint twice: refused, nothing added.
    match app.import_complaints(&beheerder, &file) {
        Err(ServiceError::ImportRefused(problems)) => {
            assert_eq!(problems.len(), 100, "every record is named");
            assert_eq!((problems[0].record, problems[0].field.as_str()), (1, "previous_reference"));
            assert!(problems[0].message.contains("al eerder geïmporteerd als KL-2024-0001"), "{}", problems[0].message);
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(app.annual_report(&beheerder, 2025).expect("report").total, 60, "nothing was imported twice");

    // The import is in the audit log, with how many.
    let (entries, _) = app.audit_log(&beheerder, &AuditFilter::default()).expect("log");
    assert!(entries.iter().any(|entry| entry.action == "klachten importeren" && entry.object == "100 klachten"), "audited");
}

fn a_file_with_problems_imports_nothing_and_names_every_problem(store: TestStore) {
    // The file is checked as a whole; record, field and reason of every problem.
    let clock = Arc::new(FixedClock::new(at("2026-03-02T09:00")));
    let mut app = store.set_up(clock, &support::setup_form("coord", PASSWORD)).expect("set up");
    let beheerder = Actor::User(app.login("coord", PASSWORD).expect("login"));
    app.import_org_chart(&beheerder, ORG_CHART).expect("chart");
    let good = record(1, 2025);
    let mut bad_postcode_and_outcome = record(2, 2025);
    bad_postcode_and_outcome["postcode"] = json!("11 AB");
    bad_postcode_and_outcome["outcome"] = json!("gewonnen");
    let mut closed_before_received = record(3, 2025);
    closed_before_received["closed_on"] = json!("2024-12-31");
    closed_before_received["ombudsmam"] = json!(true);
    let mut open_with_a_closing_date = record(8, 2025);
    open_with_a_closing_date["closed_on"] = json!("2025-06-01");
    let mut wrong_types = record(4, 2025);
    wrong_types["postponed_weeks"] = json!(6);
    wrong_types["hearing_held"] = json!("ja");
    wrong_types["department_id"] = json!("onbekend");
    let mut future = record(5, 2025);
    future["received_on"] = json!("2027-01-01");
    let mut same_old_reference = record(6, 2025);
    same_old_reference["previous_reference"] = good["previous_reference"].clone();
    let file = json!({ "complaints": [good, bad_postcode_and_outcome, closed_before_received, open_with_a_closing_date, wrong_types, future, same_old_reference] });

    let problems = match app.import_complaints(&beheerder, &file.to_string()) {
        Err(ServiceError::ImportRefused(problems)) => problems,
        other => panic!("expected a refusal, got {other:?}"),
    };
    let found: Vec<(usize, &str)> = problems.iter().map(|problem| (problem.record, problem.field.as_str())).collect();
    for expected in [
        (2, "postcode"),
        (2, "outcome"),
        (3, "closed_on"),
        (3, "ombudsmam"),
        (4, "closed_on"),
        (5, "postponed_weeks"),
        (5, "hearing_held"),
        (5, "department_id"),
        (6, "received_on"),
        (7, "previous_reference"),
    ] {
        assert!(found.contains(&expected), "{expected:?} missing from {problems:#?}");
    }
    assert!(!found.iter().any(|(record, _)| *record == 1), "the good record has no problem: {problems:#?}");
    let message = ServiceError::ImportRefused(problems.clone()).to_string();
    assert!(
        message.starts_with("Er is niets geïmporteerd") && message.contains("record 2, veld outcome: 'gewonnen' is geen uitkomst"),
        "{message}"
    );
    assert!(message.contains("record 7, veld previous_reference: het oude kenmerk 'OUD/2025/001' staat ook in record 1"), "{message}");
    assert_eq!(app.annual_report(&beheerder, 2025).expect("report").total, 0, "nothing was imported");
    assert!(app.worklist(&beheerder, WorklistScope::All).expect("worklist").is_empty());

    // Not JSON, or not the expected shape: one problem about the file.
    for (text, expected) in [("{\"complaints\": [", "geen geldige JSON"), ("[]", "\"complaints\""), ("{\"complaints\": []}", "leeg")] {
        match app.import_complaints(&beheerder, text) {
            Err(ServiceError::ImportRefused(problems)) => {
                assert_eq!((problems.len(), problems[0].record), (1, 0), "{problems:?}");
                assert!(problems[0].to_string().contains(expected), "{}", problems[0]);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}

fn the_dashboard_counts_what_the_worklist_shows(store: TestStore) {
    // Dashboard, DL-09 (te laat / binnenkort), AVG-05 (a handler sees their own).
    use klachtbalie_core::service::{SessionUser, WorklistFilter};
    let clock = Arc::new(FixedClock::new(at("2026-03-16T09:00")));
    let mut app = store.set_up(clock.clone(), &support::setup_form("coord", PASSWORD)).expect("set up");
    let coordinator = Actor::User(app.login("coord", PASSWORD).expect("login"));
    app.import_org_chart(&coordinator, ORG_CHART).expect("chart");
    // Open complaints received over the last months (some late, some due soon, some not yet),
    // and closed ones of this year: two formal decisions, one of them late.
    let open_on = ["2026-01-05", "2026-02-02", "2026-02-20", "2026-03-02", "2026-03-09", "2026-03-13", "2026-03-16"];
    let mut records: Vec<Value> = open_on
        .iter()
        .enumerate()
        .map(|(n, received)| {
            let mut open = record(n * 10 + 8, 2026);
            open["received_on"] = json!(received);
            open["conduct_date"] = json!(received);
            open
        })
        .collect();
    for (n, received, closed) in [(1, "2026-01-12", "2026-02-02"), (3, "2026-01-06", "2026-03-13"), (0, "2026-02-16", "2026-02-20")] {
        let mut closed_record = record(n, 2026);
        closed_record["received_on"] = json!(received);
        closed_record["conduct_date"] = json!(received);
        closed_record["closed_on"] = json!(closed);
        closed_record["postponed_weeks"] = json!(0);
        closed_record["consent_until"] = Value::Null;
        closed_record["advisory_committee"] = json!(false);
        records.push(closed_record);
    }
    app.import_complaints(&coordinator, &json!({ "complaints": records }).to_string()).expect("import");

    let dashboard = app.dashboard(&coordinator).expect("dashboard");
    assert!(!dashboard.own_only);
    let summary = &dashboard.worklist;
    let count = |app: &mut klachtbalie_core::service::Klachtbalie, actor: &Actor, filter: WorklistFilter| {
        app.worklist_page(actor, WorklistScope::All, &filter, 0, 50).expect("page").total as u64
    };
    assert_eq!(summary.total.open, 7);
    assert_eq!(summary.by_status.iter().map(|(_, n)| n).sum::<u64>(), 7, "{:?}", summary.by_status);
    // Every figure is what the worklist shows behind its link.
    assert_eq!(summary.total.overdue, count(&mut app, &coordinator, WorklistFilter { overdue_only: true, ..Default::default() }));
    assert_eq!(summary.total.due_soon, count(&mut app, &coordinator, WorklistFilter { due_soon_only: true, ..Default::default() }));
    assert!(summary.total.overdue > 0 && summary.total.due_soon > 0, "the data reaches both: {summary:?}");
    for (handler, load) in &summary.by_handler {
        let filter = |overdue_only, due_soon_only| WorklistFilter {
            handler_id: Some(handler.clone()),
            overdue_only,
            due_soon_only,
            ..Default::default()
        };
        assert_eq!(load.open, count(&mut app, &coordinator, filter(false, false)), "{handler}");
        assert_eq!(load.overdue, count(&mut app, &coordinator, filter(true, false)), "{handler}");
        assert_eq!(load.due_soon, count(&mut app, &coordinator, filter(false, true)), "{handler}");
    }
    for (department, load) in &summary.by_department {
        let filter = WorklistFilter { department_id: Some(department.clone()), overdue_only: true, ..Default::default() };
        assert_eq!(load.overdue, count(&mut app, &coordinator, filter), "{department}");
    }
    // Received: March 2, 9, 13, 16 (open) this month; February 2, 20 (open) and 16 (closed) last.
    assert_eq!((dashboard.received_this_month, dashboard.received_last_month), (4, 3));
    // Formal decisions of 2026: one after 21 days (within), one after 66 days (late).
    assert_eq!((dashboard.within_term_this_year.within, dashboard.within_term_this_year.of), (1, 2));

    // Anna (manager of Burgerzaken) sees only her own complaints.
    let anna = Actor::User(SessionUser {
        id: 1000,
        username: "anna".into(),
        display_name: "Anna de Boer".into(),
        job_title: "afdelingsmanager".into(),
        roles: vec![klachtbalie_core::roles::Role::Klachtbehandelaar],
        official_id: Some("m-bz".into()),
        must_change_password: false,
    });
    let own = app.dashboard(&anna).expect("own dashboard");
    assert!(own.own_only);
    assert_eq!(own.worklist.by_handler.keys().collect::<Vec<_>>(), vec!["m-bz"], "only her own");
    let mine = app.worklist_page(&anna, WorklistScope::Mine, &WorklistFilter::default(), 0, 50).expect("mine").total as u64;
    assert_eq!(own.worklist.total.open, mine);
    assert!(mine > 0 && mine < 7, "{mine}");
    // The KCC and the Beheerder have no dashboard.
    let beheerder_only = Actor::User(SessionUser {
        roles: vec![klachtbalie_core::roles::Role::Beheerder],
        official_id: None,
        ..match &anna {
            Actor::User(user) => user.clone(),
            Actor::System { .. } => unreachable!(),
        }
    });
    assert!(matches!(app.dashboard(&beheerder_only), Err(ServiceError::Forbidden { .. })));
}

fn retention_dates_follow_the_selectielijst_and_the_list_shows_what_is_past_its_term(store: TestStore) {
    // AVG-02: the term per class from the closing date, the holds, the coördinator's marks.
    use klachtbalie_core::domain::retention::{RetentionClass, RetentionMarks};
    let clock = Arc::new(FixedClock::new(at("2026-03-02T09:00")));
    let mut app = store.set_up(clock, &support::setup_form("coord", PASSWORD)).expect("set up");
    let coordinator = Actor::User(app.login("coord", PASSWORD).expect("login"));
    app.import_org_chart(&coordinator, ORG_CHART).expect("chart");
    let closed = |n: usize, received: &str, outcome: Option<&str>, closed_on: Option<&str>, ombudsman: bool| {
        let mut item = record(n, 2019);
        item["received_on"] = json!(received);
        item["conduct_date"] = json!(received);
        item["outcome"] = json!(outcome);
        item["closed_on"] = json!(closed_on);
        item["ombudsman"] = json!(ombudsman);
        item["postponed_weeks"] = json!(0);
        item["consent_until"] = Value::Null;
        item
    };
    let records = vec![
        closed(0, "2019-02-01", Some("gegrond"), Some("2019-03-01"), false), // 5 years: until 1 March 2024
        closed(1, "2024-05-01", Some("ingetrokken"), Some("2024-06-01"), false), // 1 year: until 1 June 2025
        closed(2, "2025-04-01", Some("niet_in_behandeling"), Some("2025-05-01"), false), // until 1 May 2026
        closed(3, "2019-02-01", Some("gegrond"), Some("2019-03-01"), true),  // ombudsman, 10 years: 2029
        closed(4, "2022-01-03", Some("informeel_afgehandeld"), Some("2022-01-10"), false), // 2027
        closed(5, "2025-11-03", Some("doorgezonden"), Some("2025-12-01"), false), // 1 December 2026
        closed(6, "2026-02-02", None, None, false),                          // open: no date
    ];
    let references = app.import_complaints(&coordinator, &json!({ "complaints": records }).to_string()).expect("import");
    let due = |app: &mut klachtbalie_core::service::Klachtbalie, day: &str| -> Vec<(String, String)> {
        let day = NaiveDate::parse_from_str(day, "%Y-%m-%d").expect("date");
        app.retention_due(&coordinator, day)
            .expect("list")
            .into_iter()
            .map(|item| (item.reference, item.destroy_after.to_string()))
            .collect()
    };
    assert_eq!(
        due(&mut app, "2026-03-02"),
        vec![(references[0].clone(), "2024-03-01".into()), (references[1].clone(), "2025-06-01".into())],
        "oldest first; the others are still within their term"
    );
    assert_eq!(due(&mut app, "2026-05-01").len(), 2, "on its date a complaint is still kept");
    assert_eq!(due(&mut app, "2026-05-02").len(), 3);
    assert_eq!(due(&mut app, "2040-01-01").len(), 6, "every closed one in the end; never the open one");

    // The file shows the class and the date; the open one has none.
    let detail = app.complaint_detail(&coordinator, &references[3]).expect("detail");
    assert_eq!(detail.retention.class, Some(RetentionClass::Ombudsman));
    assert_eq!(detail.retention.destroy_after.map(|date| date.to_string()).as_deref(), Some("2029-03-01"));
    assert!(detail.may_mark_retention);
    assert_eq!(app.complaint_detail(&coordinator, &references[6]).expect("open").retention.destroy_after, None);

    // The coördinator's marks: compensation makes it 7 years, keep permanently takes it off
    // the list for good; a running ombudsman case holds it.
    let compensation = RetentionMarks { compensation_paid: true, ..Default::default() };
    let retention = app.set_retention_marks(&coordinator, &references[0], compensation).expect("mark");
    assert_eq!(
        (retention.class, retention.destroy_after.map(|date| date.to_string())),
        (Some(RetentionClass::Compensation), Some("2026-03-01".into()))
    );
    app.set_retention_marks(&coordinator, &references[0], RetentionMarks { keep_permanently: true, ..compensation }).expect("keep");
    app.set_retention_marks(
        &coordinator,
        &references[1],
        RetentionMarks { ombudsman: true, ombudsman_case_open: true, ..Default::default() },
    )
    .expect("case running");
    assert_eq!(due(&mut app, "2040-01-01").len(), 4, "kept permanently and held by the ombudsman case");
    let held = app.complaint_detail(&coordinator, &references[1]).expect("detail");
    assert!(held.retention.hold.as_deref().is_some_and(|hold| hold.contains("ombudsman")), "{:?}", held.retention);
    assert!(held.timeline.iter().any(|(_, _, kind, text)| kind == "bewaarklasse" && text.contains("zaak bij de ombudsman loopt")));
    // The ombudsman mark counts in the report of the year of receipt too.
    assert_eq!(app.annual_report(&coordinator, 2024).expect("report").ombudsman, 1);

    // The Beheerder ("coord" is both) changes a term, only with a reason; it is audited.
    use klachtbalie_core::domain::retention::RetentionPeriods;
    let longer = RetentionPeriods { not_handled: 2, ..RetentionPeriods::default() };
    match app.set_retention_periods(&coordinator, &longer, " ") {
        Err(ServiceError::Validation(problems)) => assert_eq!(problems[0].field, "reason"),
        other => panic!("a reason is required: {other:?}"),
    }
    match app.set_retention_periods(&coordinator, &RetentionPeriods { handled: 0, ..longer }, "test") {
        Err(ServiceError::Validation(problems)) => assert_eq!(problems[0].field, "retention_years_handled"),
        other => panic!("at least a year: {other:?}"),
    }
    assert_eq!(due(&mut app, "2026-05-02"), vec![(references[2].clone(), "2026-05-01".to_string())], "the other two are kept or held");
    app.set_retention_periods(&coordinator, &longer, "Besluit archivaris 12 januari 2026").expect("longer");
    assert_eq!(app.retention_periods().expect("periods").not_handled, 2);
    assert!(due(&mut app, "2026-05-02").is_empty(), "niet in behandeling is now kept two years");
    let (entries, _) = app.audit_log(&coordinator, &AuditFilter::default()).expect("log");
    assert!(entries.iter().any(
        |entry| entry.action == "bewaartermijnen wijzigen" && entry.object.contains("not_handled 1→2 jaar; reden: Besluit archivaris")
    ));
}

fn destruction_with_four_eyes_removes_the_personal_data_and_keeps_the_report(store: TestStore) {
    // AVG-02: proposed by one coördinator, confirmed by another (never the same), items kept
    // off with a reason; the destroyed complaint keeps only what the report needs, a
    // destruction record, and a timeline line "vernietigd"; the year's report is identical.
    use klachtbalie_core::roles::Role;
    use klachtbalie_core::service::SessionUser;
    let clock = Arc::new(FixedClock::new(at("2026-03-02T09:00")));
    let mut app = store.set_up(clock, &support::setup_form("coord", PASSWORD)).expect("set up");
    let coordinator = Actor::User(app.login("coord", PASSWORD).expect("login"));
    app.import_org_chart(&coordinator, ORG_CHART).expect("chart");
    let second = Actor::User(SessionUser {
        id: 1001,
        username: "tweede".into(),
        display_name: "Tweede Coördinator".into(),
        job_title: "klachtcoördinator".into(),
        roles: vec![Role::Klachtcoordinator],
        official_id: None,
        must_change_password: false,
    });
    let old = |n: usize, name: &str, outcome: &str| {
        let mut item = record(n, 2019);
        item["received_on"] = json!("2019-02-01");
        item["conduct_date"] = json!("2019-02-01");
        item["complainant_name"] = json!(name);
        item["description"] = json!(format!("Oude klacht over de Zeehondenbrug van {name}."));
        item["outcome"] = json!(outcome);
        item["closed_on"] = json!("2019-03-01");
        item["postponed_weeks"] = json!(0);
        item["consent_until"] = Value::Null;
        item["ombudsman"] = json!(false);
        item
    };
    let records =
        vec![old(1, "Vera Vernietigbaar", "gegrond"), old(2, "Bert Bewaard", "ongegrond"), old(3, "Ina Ingetrokken", "ingetrokken")];
    let references = app.import_complaints(&coordinator, &json!({ "complaints": records }).to_string()).expect("import");
    let report_before = serde_json::to_value(app.annual_report(&coordinator, 2019).expect("report")).expect("json");

    let today = NaiveDate::from_ymd_opt(2026, 3, 2).expect("date");
    let list = app.propose_destruction(&coordinator, today).expect("propose");
    assert_eq!(
        list.items.iter().map(|item| item.reference.as_str()).collect::<Vec<_>>(),
        references.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert!(matches!(app.propose_destruction(&coordinator, today), Err(ServiceError::Refused(_))), "already on an open list");
    // Four eyes: the proposer cannot confirm, and the refusal is audited.
    let refused = app.confirm_destruction(&coordinator, list.id, &[], |_, _| ()).expect_err("four eyes");
    assert!(refused.to_string().contains("Vier ogen"), "{refused}");
    // AVG-02: a system task (the CLI without --user) proves no person, whatever name it gives
    // itself: it may propose the routine list but never confirm one or propose an erasure.
    let task = Actor::System { description: "klachtbalie-cli (tweede)".into() };
    let refused = app.confirm_destruction(&task, list.id, &[], |_, _| ()).expect_err("no person");
    assert!(refused.to_string().contains("geen systeemtaak"), "{refused}");
    assert!(app.propose_erasure(&task, &references[0], "verzoek van 2 maart").expect_err("no person").to_string().contains("Vier ogen"));
    // An exclusion needs a reason and a reference on the list.
    let bad = [(references[1].clone(), " ".to_string()), ("KL-2019-0999".to_string(), "x".to_string())];
    match app.confirm_destruction(&second, list.id, &bad, |_, _| ()) {
        Err(ServiceError::Validation(problems)) => assert_eq!(problems.len(), 2, "{problems:?}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
    let mut seen = Vec::new();
    let keep = [(references[1].clone(), "Loopt een verzoek van de archivaris.".to_string())];
    let outcome = app.confirm_destruction(&second, list.id, &keep, |done, total| seen.push((done, total))).expect("confirm");
    assert_eq!((outcome.destroyed.len(), outcome.excluded.clone()), (2, vec![references[1].clone()]));
    assert_eq!(seen.last(), Some(&(3, 3)), "progress is told");

    // What is left of a destroyed complaint: the report's facts and the destruction.
    let destroyed = app.complaint_detail(&coordinator, &references[0]).expect("still findable by its reference");
    assert_eq!(destroyed.record.complaint.complainant_name, "");
    assert_eq!(destroyed.record.complaint.description, "");
    assert!(destroyed.record.destroyed_at.is_some());
    let record = destroyed.destruction.clone().expect("the destruction record");
    assert_eq!((record.proposed_by.as_str(), record.confirmed_by.as_str(), record.retention_class.as_str()), ("coord", "tweede", "13.1"));
    let kinds: Vec<&str> = destroyed.timeline.iter().map(|(_, _, kind, _)| kind.as_str()).collect();
    assert_eq!(kinds, ["vernietigd"], "every earlier line went with the personal data");
    assert!(destroyed.possible_steps.is_empty() && !destroyed.may_add_note && !destroyed.may_correct, "nothing more to do");
    match app.add_note(&coordinator, &references[0], "Nog iets.") {
        Err(ServiceError::Refused(message)) => assert!(message.contains("is vernietigd"), "{message}"),
        other => panic!("a destroyed complaint cannot be worked on: {other:?}"),
    }
    // The excluded one is untouched; the report of 2019 is exactly as it was.
    assert_eq!(app.complaint_detail(&coordinator, &references[1]).expect("kept").record.complaint.complainant_name, "Bert Bewaard");
    let report_after = serde_json::to_value(app.annual_report(&coordinator, 2019).expect("report")).expect("json");
    assert_eq!(report_after, report_before, "the annual report is identical after destruction");
    let lists = app.destruction_lists(&coordinator).expect("lists");
    assert_eq!((lists[0].state.code(), lists[0].confirmed_by.as_deref()), ("uitgevoerd", Some("tweede")));
    assert_eq!(lists[0].items[1].excluded_reason.as_deref(), Some("Loopt een verzoek van de archivaris."));
    // Nothing of it is found any more; the kept one comes back on the next list.
    let filter = klachtbalie_core::service::WorklistFilter { search: "Vernietigbaar".into(), ..Default::default() };
    assert!(app.filtered_worklist(&coordinator, WorklistScope::All, &filter).expect("search").is_empty());
    let due: Vec<String> = app.retention_due(&coordinator, today).expect("due").into_iter().map(|item| item.reference).collect();
    assert_eq!(due, vec![references[1].clone()]);
    let (entries, _) = app.audit_log(&coordinator, &AuditFilter::default()).expect("log");
    assert!(entries.iter().any(|entry| entry.action == "klacht vernietigen" && entry.object == references[0] && entry.actor == "tweede"));
    assert!(entries.iter().any(|entry| entry.action == "vernietigingslijst bevestigen" && entry.result == "geweigerd"));

    // AVG art. 17: an informally closed complaint erased at the person's request, before its
    // term, through the same four eyes; an open complaint cannot be; the report stays the same.
    let mut recent = old(4, "Rosa Recentelijk", "informeel_afgehandeld");
    recent["received_on"] = json!("2026-02-02");
    recent["conduct_date"] = json!("2026-02-02");
    recent["closed_on"] = json!("2026-02-10");
    let mut open = old(5, "Otto Openstaand", "gegrond");
    open["received_on"] = json!("2026-02-03");
    open["conduct_date"] = json!("2026-02-03");
    open["outcome"] = Value::Null;
    open["closed_on"] = Value::Null;
    let more = app.import_complaints(&coordinator, &json!({ "complaints": [recent, open] }).to_string()).expect("import");
    let before_2026 = serde_json::to_value(app.annual_report(&coordinator, 2026).expect("report")).expect("json");
    assert!(matches!(app.propose_erasure(&coordinator, &more[1], "verzoek van 2 maart"), Err(ServiceError::Refused(_))), "open");
    assert!(matches!(app.propose_erasure(&coordinator, &more[0], " "), Err(ServiceError::Validation(_))), "a reason is required");
    let erasure = app.propose_erasure(&coordinator, &more[0], "Verzoek van de klager van 2 maart 2026 (art. 17)").expect("propose");
    assert_eq!((erasure.kind.code(), erasure.reason.as_deref()), ("verzoek", Some("Verzoek van de klager van 2 maart 2026 (art. 17)")));
    assert!(app.confirm_destruction(&coordinator, erasure.id, &[], |_, _| ()).is_err(), "four eyes here too");
    let done = app.confirm_destruction(&second, erasure.id, &[], |_, _| ()).expect("confirm");
    assert_eq!(done.destroyed, vec![more[0].clone()], "erased before its term, at the request");
    assert_eq!(app.complaint_detail(&coordinator, &more[0]).expect("detail").record.complaint.complainant_name, "");
    assert_eq!(serde_json::to_value(app.annual_report(&coordinator, 2026).expect("report")).expect("json"), before_2026);
}

on_both_stores!(
    an_imported_file_counts_in_the_report_as_the_test_works_it_out,
    a_file_with_problems_imports_nothing_and_names_every_problem,
    the_dashboard_counts_what_the_worklist_shows,
    retention_dates_follow_the_selectielijst_and_the_list_shows_what_is_past_its_term,
    destruction_with_four_eyes_removes_the_personal_data_and_keeps_the_report
);
