//! Input that must be refused (defect 9), through the use cases against a real,
//! temporary SQLCipher database: control characters and bidi overrides at intake, in the
//! organisation chart and in account names; receipt dates before Awb titel 9.1; broken or empty
//! chart files; a chart that drops an official an open complaint is about; and the chart
//! replacement deciding inside its write transaction.

use crate::support;
use support::{at, InterleavingClock};

use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::domain::complaint::ComplaintForm;
use klachtbalie_core::domain::organisation::OfficialEntry;
use klachtbalie_core::service::{self, Actor, Klachtbalie, ServiceError, Startup, UserForm};
use klachtbalie_core::store::key::MemoryKeyStore;
use klachtbalie_core::store::AuditFilter;
use std::sync::{Arc, Mutex};

const PASSWORD: &str = "een lang wachtwoord";
const ORG_CHART: &str = include_str!("../fixtures/organogram-voorbeeld.json");

struct World {
    dir: tempfile::TempDir,
    keys: MemoryKeyStore,
    clock: Arc<InterleavingClock>,
}

impl World {
    /// A database with the example chart, set up by an account that is Beheerder and
    /// Klachtcoördinator.
    fn new() -> (Self, Klachtbalie, Actor) {
        let world = Self {
            dir: tempfile::tempdir().expect("tempdir"),
            keys: MemoryKeyStore::default(),
            clock: Arc::new(InterleavingClock::at("2026-11-23T09:00")),
        };
        let form = support::setup_form("beheer", PASSWORD);
        let mut app = service::set_up(world.dir.path(), &world.keys, world.clock.clone(), &form).expect("set up");
        let admin = Actor::User(app.login("beheer", PASSWORD).expect("login"));
        app.import_org_chart(&admin, ORG_CHART).expect("chart");
        (world, app, admin)
    }

    /// A second desk on the same file: its own connection, as a second process would have.
    fn other_desk(&self) -> Klachtbalie {
        match service::start(self.dir.path(), &self.keys, Arc::new(FixedClock::new(at("2026-11-23T09:00")))).expect("start") {
            Startup::Ready(app) => *app,
            _ => panic!("the second desk did not open the database"),
        }
    }
}

fn phone_complaint(name: &str) -> ComplaintForm {
    ComplaintForm {
        received_on: "2026-11-20".into(),
        channel: "telefoon".into(),
        complainant_name: name.into(),
        phone: "06 12345678".into(),
        complaint_type: "dienstverlening".into(),
        department_id: "bz".into(),
        description: "Niemand belde terug over mijn melding.".into(),
        ..Default::default()
    }
}

fn letter_complaint() -> ComplaintForm {
    ComplaintForm {
        channel: "brief".into(),
        street_address: "Ouddiemerlaan 104".into(),
        postcode: "1111 HL".into(),
        city: "Diemen".into(),
        conduct_date: "2026-11-12".into(),
        ..phone_complaint("Jan de Vries")
    }
}

/// The fields a refusal names, or a panic if it was not a validation refusal.
fn refused_fields<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> Vec<String> {
    match result {
        Err(ServiceError::Validation(problems)) => problems.into_iter().map(|problem| problem.field).collect(),
        other => panic!("expected a validation refusal, got {other:?}"),
    }
}

/// The problems of a refused chart change, or a panic.
fn chart_problems<T: std::fmt::Debug>(result: Result<T, ServiceError>) -> Vec<String> {
    match result {
        Err(ServiceError::InvalidChart(problems)) => problems,
        other => panic!("expected the chart to be refused, got {other:?}"),
    }
}

/// The example chart with one official left out (and nothing referring to them).
fn chart_without(official: &str) -> String {
    let mut chart: serde_json::Value = serde_json::from_str(ORG_CHART).expect("json");
    chart["officials"].as_array_mut().expect("officials").retain(|entry| entry["id"] != official);
    chart.to_string()
}

#[test]
fn intake_refuses_control_characters_and_bidi_overrides() {
    // rule INT-02: a name of only NUL was accepted and the acknowledgement said "Beste".
    let (_world, mut app, admin) = World::new();
    assert_eq!(refused_fields(app.register_complaint(&admin, &phone_complaint("\u{0000}"))), ["complainant_name"]);
    let escape_in_address = ComplaintForm { street_address: "Ouddiemerlaan 104\u{1b}[2J".into(), ..letter_complaint() };
    assert_eq!(refused_fields(app.register_complaint(&admin, &escape_in_address)), ["street_address"]);
    let reversed_city = ComplaintForm { city: "Diemen \u{202E}madretsmA".into(), ..letter_complaint() };
    assert_eq!(refused_fields(app.register_complaint(&admin, &reversed_city)), ["city"]);
    let bidi_email = ComplaintForm { email: "jan\u{2066}@example.nl".into(), ..letter_complaint() };
    assert_eq!(refused_fields(app.register_complaint(&admin, &bidi_email)), ["email"]);
    let escape_in_text = ComplaintForm { description: "Zie hier:\u{1b}[31m rood".into(), ..letter_complaint() };
    assert_eq!(refused_fields(app.register_complaint(&admin, &escape_in_text)), ["description"]);

    // Line breaks and tabs in free text are fine; nothing refused was stored.
    let multi_line = ComplaintForm { description: "Eerste regel.\r\n\tTweede regel.".into(), ..letter_complaint() };
    let registered = app.register_complaint(&admin, &multi_line).expect("free text may span lines");
    assert_eq!(registered.reference, "KL-2026-0001", "the refused intakes took no reference");
}

#[test]
fn a_receipt_date_before_awb_titel_9_1_is_refused() {
    // rule INT-02: 1900-01-01 was accepted; the complaint procedure of the Awb began on
    // 1 July 1999.
    let (_world, mut app, admin) = World::new();
    for date in ["1900-01-01", "30-06-1999"] {
        let old = ComplaintForm { received_on: date.into(), ..phone_complaint("Jan de Vries") };
        assert_eq!(refused_fields(app.register_complaint(&admin, &old)), ["received_on"], "{date}");
    }
    let first_day = ComplaintForm { received_on: "01-07-1999".into(), ..phone_complaint("Jan de Vries") };
    app.register_complaint(&admin, &first_day).expect("the first day of titel 9.1");
}

#[test]
fn account_names_and_job_titles_refuse_control_characters_and_bidi_overrides() {
    // rule INT-02: both are printed under letters.
    let (_world, mut app, admin) = World::new();
    let form = UserForm {
        username: "anna".into(),
        display_name: "Anna de Boer".into(),
        job_title: "afdelingsmanager".into(),
        official_id: "m-bz".into(),
        roles: vec!["klachtbehandelaar".into()],
        active: true,
        password: "tijdelijk wachtwoord 1".into(),
    };
    let escape_name = UserForm { display_name: "Anna\u{1b}[8m de Boer".into(), ..form.clone() };
    assert_eq!(refused_fields(app.create_user(&admin, &escape_name)), ["display_name"]);
    let reversed_title = UserForm { job_title: "\u{202E}reganamsgnileda".into(), ..form.clone() };
    assert_eq!(refused_fields(app.create_user(&admin, &reversed_title)), ["job_title"]);
    let nul_name = UserForm { display_name: "\u{0000}".into(), ..form.clone() };
    assert_eq!(refused_fields(app.create_user(&admin, &nul_name)), ["display_name"]);
    let created = app.create_user(&admin, &form).expect("plain names are fine");
    let renamed = UserForm { display_name: "Anna\u{0000}".into(), ..form };
    assert_eq!(refused_fields(app.update_user(&admin, created.id, &renamed)), ["display_name"]);
}

#[test]
fn an_empty_or_incomplete_chart_file_is_refused_and_changes_nothing() {
    // rule INT-02: `import-org {}` wiped the chart.
    let (_world, mut app, admin) = World::new();
    let before = app.export_org_chart(&admin).expect("export");
    for file in ["{}", r#"{"departments": []}"#, r#"{"officials": []}"#, r#"{"departments": [], "officials": []}"#] {
        let problems = chart_problems(app.import_org_chart(&admin, file));
        assert!(problems.iter().any(|p| p.contains("geen lijst") || p.contains("geen functionarissen")), "{file}: {problems:#?}");
    }
    let syntax = chart_problems(app.import_org_chart(&admin, "{\n  \"departments\": [\n    {\"id\": \"bz\",}\n  ]\n}"));
    assert!(syntax[0].contains("regel 3, kolom 17") && syntax[0].contains("geen geldige JSON"), "{syntax:?}");
    assert_eq!(app.export_org_chart(&admin).expect("export"), before, "the chart is untouched");
}

#[test]
fn a_chart_saved_by_notepad_with_a_byte_order_mark_is_imported() {
    // rule INT-02
    let (_world, mut app, admin) = World::new();
    let summary = app.import_org_chart(&admin, &format!("\u{FEFF}{ORG_CHART}")).expect("a leading BOM is skipped");
    assert_eq!((summary.departments, summary.officials), (3, 9));
}

#[test]
fn chart_ids_and_names_refuse_line_breaks_bidi_overrides_and_excess() {
    // rule INT-02: ids with newlines or RTL overrides and 100 KB ids were accepted.
    let (_world, mut app, admin) = World::new();
    let before = app.export_org_chart(&admin).expect("export");
    let huge = "e".repeat(100 * 1024);
    for bad_id in ["e3\n", "e\n3", "e3\u{202E}", "\u{2067}e3", huge.as_str()] {
        let mut chart: serde_json::Value = serde_json::from_str(ORG_CHART).expect("json");
        chart["officials"].as_array_mut().expect("officials").push(serde_json::json!(
            {"id": bad_id, "name": "Nieuwe Collega", "function": "medewerker", "department": "bz"}
        ));
        let problems = chart_problems(app.import_org_chart(&admin, &chart.to_string()));
        assert!(problems.iter().any(|p| p.contains("geen geldig id")), "{bad_id:?}: {problems:#?}");
        assert!(problems.iter().all(|p| p.len() < 500 && !p.contains('\n') && !p.contains('\u{202E}')), "{problems:#?}");
    }
    let entry = |id: &str, name: &str| OfficialEntry {
        id: id.into(),
        name: name.into(),
        function: "medewerker".into(),
        department: Some("bz".into()),
        deputy: None,
        absent: false,
        loco_burgemeester: false,
    };
    for (id, name) in [("e3", "Kees\u{1b}[2J"), ("e3", "Kees \u{202E}nesnaJ"), ("e3", &"K".repeat(201)), ("e 3", "Kees")] {
        let problems = chart_problems(app.save_official(&admin, entry(id, name)));
        assert_eq!(problems.len(), 1, "{id:?} {name:?}: {problems:#?}");
    }
    assert_eq!(app.export_org_chart(&admin).expect("export"), before, "the chart is untouched");
    app.save_official(&admin, entry("e3", "Kees Jansen")).expect("a plain entry is saved");
}

#[test]
fn a_new_department_and_its_manager_are_entered_by_hand_in_two_steps() {
    // Issue 28: entering the chart by hand looked circular (a department needs its manager, an
    // official a department). The manager is entered first without a department; saving the
    // department makes it theirs, and an employee can then join it.
    use klachtbalie_core::domain::organisation::DepartmentEntry;
    let (_world, mut app, admin) = World::new();
    let official = |id: &str, function: &str, department: Option<&str>| OfficialEntry {
        id: id.into(),
        name: format!("Collega {id}"),
        function: function.into(),
        department: department.map(str::to_string),
        deputy: None,
        absent: false,
        loco_burgemeester: false,
    };
    let refused = chart_problems(app.save_official(&admin, official("e-sz", "medewerker", Some("sz"))));
    assert!(refused.iter().any(|problem| problem.contains("onbekende afdeling")), "{refused:?}");
    app.save_official(&admin, official("m-sz", "afdelingsmanager", None)).expect("the manager first, without a department");
    let department = DepartmentEntry { id: "sz".into(), name: "Sociale Zaken".into(), manager: Some("m-sz".into()) };
    let chart = app.save_department(&admin, department).expect("then the department with that manager");
    assert_eq!(chart.official("m-sz").and_then(|manager| manager.department.as_deref()), Some("sz"), "the manager belongs to it");
    app.save_official(&admin, official("e-sz", "medewerker", Some("sz"))).expect("and an employee can join it");
    let secretary = chart.officials().iter().find(|official| official.department.is_none() && official.id != "m-sz");
    assert!(secretary.is_some(), "officials without a department who manage none stay so");
}

#[test]
fn a_chart_that_drops_the_respondent_of_an_open_complaint_is_refused() {
    // rule INT-02 / README: a chart may not remove an official an open complaint refers to;
    // only the handler was checked, so the person complained about could vanish.
    let (_world, mut app, admin) = World::new();
    let about_jan = ComplaintForm {
        complaint_type: "bejegening".into(),
        department_id: String::new(),
        respondent_ids: vec!["e1".into()],
        ..phone_complaint("Kees Klager")
    };
    let registered = app.register_complaint(&admin, &about_jan).expect("register");
    let before = app.export_org_chart(&admin).expect("export");
    let problems = chart_problems(app.import_org_chart(&admin, &chart_without("e1")));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert!(problems[0].contains(&registered.reference) && problems[0].contains("'e1'"), "{problems:?}");
    assert_eq!(app.export_org_chart(&admin).expect("export"), before, "the chart is untouched");
    let (entries, _) = app.audit_log(&admin, &AuditFilter { object: Some("organogram".into()), ..AuditFilter::default() }).expect("audit");
    let refusals = entries.iter().filter(|entry| entry.action == "organogram importeren" && entry.result == "geweigerd").count();
    assert_eq!(refusals, 1, "the refusal is in the audit log");
    // An official nobody refers to may go.
    app.import_org_chart(&admin, &chart_without("e2")).expect("e2 is not referred to");
}

#[test]
fn the_chart_replacement_is_decided_inside_its_write_transaction() {
    // Hygiene: another desk links an account to e1 after the import has read the
    // chart, but before it writes. The decision must rest on what is stored when it writes.
    let (world, mut app, admin) = World::new();
    let mut other_desk = world.other_desk();
    let other_admin = Actor::User(other_desk.login("beheer", PASSWORD).expect("login at the other desk"));
    let acted = Arc::new(Mutex::new(false));
    let flag = acted.clone();
    world.clock.then(move || {
        let jan = UserForm {
            username: "jan".into(),
            display_name: "Jan Smit".into(),
            job_title: "medewerker".into(),
            official_id: "e1".into(),
            roles: vec!["klachtbehandelaar".into()],
            active: true,
            password: "tijdelijk wachtwoord 1".into(),
        };
        other_desk.create_user(&other_admin, &jan).expect("account created at the other desk");
        *flag.lock().expect("flag") = true;
    });
    let problems = chart_problems(app.import_org_chart(&admin, &chart_without("e1")));
    assert!(*acted.lock().expect("flag"), "the other desk acted during the import");
    assert!(problems.iter().any(|p| p.contains("Gebruiker 'jan'") && p.contains("'e1'")), "{problems:#?}");
    let export = app.export_org_chart(&admin).expect("export");
    assert!(export.contains("\"e1\""), "e1 is still in the chart");
}

#[test]
fn every_text_the_desk_takes_goes_through_one_rule() {
    // INT-02 (issue 28): the settings, a note, a procedure step's text, a letter template and a
    // user name refuse control and bidi characters and excess like the intake does, and a
    // refused save changes nothing.
    use klachtbalie_core::letters::{LetterKind, Template};
    let (_world, mut app, admin) = World::new();
    let reversed = "Gemeente \u{202E}nemeiD";

    let settings = service::SettingsForm {
        municipality_name: "Gemeente Diemen".into(),
        postal_address: "Postbus 191, 1110 AD Diemen".into(),
        lock_minutes: "15".into(),
        acknowledgement_days: "5".into(),
        first_contact_days: "5".into(),
        due_soon_days: "5".into(),
        ..Default::default()
    };
    app.update_settings(&admin, &settings).expect("plain settings");
    for (name, why) in [(reversed.to_string(), "leesrichting"), ("x".repeat(5_000), "te lang")] {
        let refused = app.update_settings(&admin, &service::SettingsForm { municipality_name: name, ..settings.clone() });
        match refused {
            Err(ServiceError::Validation(problems)) => {
                assert_eq!(problems[0].field, "municipality_name");
                assert!(problems[0].message.contains(why), "{}", problems[0].message);
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
    let signature = service::SettingsForm { signature_lines: "Met vriendelijke groet,\n\u{1b}[8mB. Beheer".into(), ..settings.clone() };
    assert_eq!(refused_fields(app.update_settings(&admin, &signature)), ["signature_lines"]);
    assert_eq!(app.settings().expect("settings").municipality.name, "Gemeente Diemen", "nothing changed");

    let reference = app.register_complaint(&admin, &phone_complaint("Jan de Vries")).expect("register").reference;
    assert_eq!(refused_fields(app.add_note(&admin, &reference, "Belde \u{202E}terug")), ["note"]);
    assert_eq!(refused_fields(app.add_note(&admin, &reference, &"x".repeat(10_001))), ["note"]);
    let contact =
        service::StepForm { date: "23-11-2026".into(), choice: "telefoon".into(), text: "Gesproken\u{0007}.".into(), ..Default::default() };
    assert_eq!(refused_fields(app.log_contact(&admin, &reference, &contact)), ["text"]);
    let detail = app.complaint_detail(&admin, &reference).expect("detail");
    assert!(detail.notes.expect("notes").is_empty() && detail.contacts.expect("contacts").is_empty(), "nothing was saved");

    let template = app
        .letter_templates(&admin)
        .expect("templates")
        .into_iter()
        .find(|view| view.kind == LetterKind::Acknowledgement)
        .expect("the acknowledgement")
        .template;
    let subject = Template { subject: "Ontvangst \u{202E}van uw klacht".into(), ..template.clone() };
    match app.save_template(&admin, LetterKind::Acknowledgement, &subject) {
        Err(ServiceError::InvalidTemplate(problems)) => assert!(problems[0].starts_with("Onderwerp: "), "{problems:?}"),
        other => panic!("expected a refused template, got {other:?}"),
    }

    // User names: nothing invisible, no look-alike of an existing name.
    let user = UserForm {
        username: "beheer\u{200B}".into(),
        display_name: "Tweede Beheerder".into(),
        job_title: "beheerder".into(),
        official_id: String::new(),
        roles: vec!["beheerder".into()],
        active: true,
        password: "tijdelijk wachtwoord 1".into(),
    };
    assert_eq!(refused_fields(app.create_user(&admin, &user)), ["username"]);
    assert_eq!(refused_fields(app.create_user(&admin, &UserForm { username: "Beheer".into(), ..user.clone() })), ["username"]);
    assert_eq!(refused_fields(app.create_user(&admin, &UserForm { username: "x".repeat(5_000), ..user.clone() })), ["username"]);
    app.create_user(&admin, &UserForm { username: "beheer2".into(), ..user }).expect("a plain, distinct name");
}
