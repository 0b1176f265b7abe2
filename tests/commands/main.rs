//! Command tests through tauri::test: the real command handlers and the app's own context
//! (capabilities included) on the mock runtime, no window. Proves the shell's wiring: status
//! phases, setup, log-in, validation errors as `{kind, message, fields}`, the inactivity lock,
//! and the shared database's first start, which needs the test PostgreSQL server
//! (scripts/with-postgres.sh).

#[path = "../support.rs"]
mod support;

mod shared_store;

use chrono::NaiveDateTime;
use klachtbalie_app::state::{AppState, Context, MemoryDatabasePasswords};
use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::store::key::MemoryKeyStore;
use serde_json::{json, Value};
use std::sync::Arc;
use tauri::test::{mock_builder, MockRuntime, INVOKE_KEY};
use tauri::WebviewWindow;

const ORG_CHART: &str = include_str!("../fixtures/organogram-voorbeeld.json");

struct Harness {
    _dir: tempfile::TempDir,
    clock: Arc<FixedClock>,
    window: WebviewWindow<MockRuntime>,
    _app: tauri::App<MockRuntime>,
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").expect("time")
}

fn harness() -> Harness {
    harness_with(|_| {})
}

/// A harness whose data folder `prepare` fills first (a desk file, say).
fn harness_with(prepare: impl FnOnce(&std::path::Path)) -> Harness {
    let dir = tempfile::tempdir().expect("tempdir");
    prepare(&dir.path().join("data"));
    let clock = Arc::new(FixedClock::new(at("2026-11-23T09:00")));
    let state = AppState::start(Context {
        data_dir: dir.path().join("data"),
        key_store: Arc::new(MemoryKeyStore::default()),
        database_passwords: Arc::new(MemoryDatabasePasswords::default()),
        clock: clock.clone(),
        viewer_dir: dir.path().join("viewer"),
        open_viewer: false,
        ask_where_to_save: false,
        shared: Default::default(),
    });
    let app = klachtbalie_app::with_commands(mock_builder().manage(state)).build(tauri::generate_context!()).expect("build app");
    let window = tauri::WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("window");
    Harness { _dir: dir, clock, window, _app: app }
}

impl Harness {
    fn call(&self, cmd: &str, body: Value) -> Result<Value, Value> {
        tauri::test::get_ipc_response(
            &self.window,
            tauri::webview::InvokeRequest {
                cmd: cmd.into(),
                callback: tauri::ipc::CallbackFn(0),
                error: tauri::ipc::CallbackFn(1),
                url: "tauri://localhost".parse().expect("url"),
                body: tauri::ipc::InvokeBody::Json(body),
                headers: Default::default(),
                invoke_key: INVOKE_KEY.to_string(),
            },
        )
        .map(|response| response.deserialize::<Value>().expect("json"))
    }

    fn ok(&self, cmd: &str, body: Value) -> Value {
        self.call(cmd, body).unwrap_or_else(|error| panic!("{cmd} failed: {error}"))
    }

    fn set_up_and_log_in(&self) {
        let mut request = self.ok("setup_defaults", json!({}));
        request["admin_username"] = json!("beheer");
        request["admin_display_name"] = json!("Fatima el Amrani");
        request["admin_password"] = json!("een lang wachtwoord");
        request["admin_password_repeat"] = json!("een lang wachtwoord");
        self.ok("set_up", json!({ "request": request }));
        self.ok("confirm_recovery_key_saved", json!({}));
    }
}

#[test]
fn status_moves_from_setup_to_login_to_ready() {
    let h = harness();
    assert_eq!(h.ok("app_status", json!({}))["phase"], "setup");
    let mut request = h.ok("setup_defaults", json!({}));
    assert_eq!(request["municipality_name"], "Gemeente Diemen");
    request["admin_username"] = json!("beheer");
    request["admin_display_name"] = json!("Fatima el Amrani");
    request["admin_password"] = json!("een lang wachtwoord");
    request["admin_password_repeat"] = json!("een lang wachtwoord");
    let response = h.ok("set_up", json!({ "request": request }));
    assert_eq!(response["recovery_key"].as_str().expect("key").split('-').count(), 17);
    assert_eq!(h.ok("app_status", json!({}))["phase"], "ready", "the new Beheerder is signed in");
    h.ok("log_out", json!({}));
    assert_eq!(h.ok("app_status", json!({}))["phase"], "login");

    let wrong = h.call("log_in", json!({ "username": "beheer", "password": "fout" })).expect_err("wrong password");
    assert_eq!(wrong["kind"], "login_failed");
    assert_eq!(wrong["message"], "Gebruikersnaam of wachtwoord klopt niet.");

    let status = h.ok("log_in", json!({ "username": "beheer", "password": "een lang wachtwoord" }));
    assert_eq!(status["phase"], "ready");
    assert_eq!(status["user"]["role_labels"], json!(["Beheerder", "Klachtcoördinator"]));
    assert!(status["user"]["pending_recovery_key"].is_string(), "shown until confirmed");
    let confirmed = h.ok("confirm_recovery_key_saved", json!({}));
    assert!(confirmed["user"]["pending_recovery_key"].is_null());
}

#[test]
fn setup_validation_errors_come_back_per_field() {
    let h = harness();
    let mut request = h.ok("setup_defaults", json!({}));
    request["admin_password"] = json!("kort");
    request["admin_password_repeat"] = json!("kort");
    let error = h.call("set_up", json!({ "request": request })).expect_err("invalid");
    assert_eq!(error["kind"], "validation");
    let fields: Vec<&str> = error["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["admin_username", "admin_display_name", "admin_password"]);
    assert_eq!(h.ok("app_status", json!({}))["phase"], "setup", "nothing was created");
}

#[test]
fn intake_worklist_and_acknowledgement_through_commands() {
    // rules INT-01..03, DL-09, section 6
    let h = harness();
    h.set_up_and_log_in();
    h.ok("import_org_chart", json!({ "json": ORG_CHART }));
    let complaint = json!({
        "received_on": "2026-11-23", "channel": "brief", "complainant_name": "Jan de Vries",
        "street_address": "Ouddiemerlaan 104", "postcode": "1111 HL", "city": "Diemen",
        "phone": "020 123 4567", "complaint_type": "dienstverlening",
        "department_id": "bz", "conduct_date": "2026-11-20",
        "description": "Twee keer geen afspraak kunnen maken."
    });
    let mut invalid = complaint.clone();
    invalid["postcode"] = json!("12345");
    let error = h.call("register_complaint", json!({ "request": invalid })).expect_err("invalid postcode");
    assert_eq!(error["kind"], "validation");
    assert_eq!(error["fields"][0]["field"], "postcode");

    let registered = h.ok("register_complaint", json!({ "request": complaint }));
    assert_eq!(registered["reference"], "KL-2026-0001");
    assert_eq!(registered["handler_name"], "Anna de Boer, afdelingsmanager van Burgerzaken");
    assert_eq!(
        registered["handler_reason"],
        "afdelingsmanager van Burgerzaken, want de klacht gaat over de dienstverlening van Burgerzaken"
    );
    let decision = registered["deadlines"].as_array().expect("deadlines").last().expect("decision").clone();
    assert_eq!(decision["date"], "2027-01-04");
    assert_eq!(decision["date_text"], "maandag 4 januari 2027");

    let page = h.ok("worklist", json!({ "scope": "all" }));
    assert_eq!((page["total"].as_u64(), page["page"].as_u64(), page["page_size"].as_u64()), (Some(1), Some(0), Some(50)), "{page}");
    let rows = &page["rows"];
    assert_eq!(rows[0]["reference"], "KL-2026-0001");
    assert_eq!(rows[0]["light"], "due_soon");
    assert_eq!(rows[0]["needs_acknowledgement"], true);

    let letter = h.ok("open_acknowledgement", json!({ "reference": "KL-2026-0001" }));
    assert_eq!(letter["opened"], false, "no viewer in tests");
    let pdf = std::fs::read(letter["path"].as_str().expect("path")).expect("pdf handed to the viewer");
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(h.ok("worklist", json!({ "scope": "all" }))["rows"][0]["needs_acknowledgement"], false);
}

#[test]
fn the_window_reads_the_worklist_a_page_at_a_time() {
    // Queries that scale, DL-09: the command gives one page of 50, nearest
    // deadline first, with the total; the pages together hold every open complaint once.
    let h = harness();
    h.set_up_and_log_in();
    h.ok("import_org_chart", json!({ "json": ORG_CHART }));
    for day in 0..53 {
        let received = chrono::NaiveDate::from_ymd_opt(2026, 9, 1).expect("date") + chrono::Days::new(day);
        h.ok(
            "register_complaint",
            json!({ "request": {
                "received_on": received.to_string(), "channel": "telefoon", "complainant_name": format!("Klager {day}"),
                "phone": "020 123 4567", "complaint_type": "dienstverlening", "department_id": "bz",
                "description": "Geen afspraak kunnen maken."
            }}),
        );
    }
    let page = |number: u32| h.ok("worklist", json!({ "scope": "all", "filter": null, "page": number }));
    let (first, second, past) = (page(0), page(1), page(2));
    let references = |page: &serde_json::Value| -> Vec<String> {
        page["rows"].as_array().expect("rows").iter().map(|row| row["reference"].as_str().expect("reference").to_string()).collect()
    };
    assert_eq!((references(&first).len(), references(&second).len(), references(&past).len()), (50, 3, 0));
    for page in [&first, &second, &past] {
        assert_eq!(page["total"], 53, "{}", page["page"]);
    }
    let due: Vec<String> = [&first, &second]
        .iter()
        .flat_map(|page| page["rows"].as_array().expect("rows").iter().map(|row| row["next_deadline"].as_str().expect("due").to_string()))
        .collect();
    assert!(due.windows(2).all(|pair| pair[0] <= pair[1]), "nearest deadline first over the pages: {due:?}");
    let mut all: Vec<String> = references(&first).into_iter().chain(references(&second)).collect();
    assert_eq!(all[0], "KL-2026-0001", "the oldest complaint's deadline is the nearest");
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 53, "every complaint on exactly one page");
}

#[test]
fn the_report_screen_gets_three_years_of_figures_in_titled_tables() {
    // RP-02/RP-04: the year asked for beside the two before it; labels in Dutch,
    // departments by name, no personal data (RP-03).
    let h = harness();
    h.set_up_and_log_in();
    h.ok("import_org_chart", json!({ "json": ORG_CHART }));
    h.ok(
        "register_complaint",
        json!({ "request": {
            "received_on": "2026-11-23", "channel": "telefoon", "complainant_name": "Jan de Vries",
            "phone": "020 123 4567", "complaint_type": "dienstverlening", "department_id": "bz",
            "description": "Geen afspraak kunnen maken."
        }}),
    );
    let report = h.ok("annual_report", json!({ "year": 2026 }));
    assert_eq!(report["years"], json!([2024, 2025, 2026]));
    let section = |id: &str| report["sections"].as_array().expect("sections").iter().find(|s| s["id"] == id).cloned().expect(id);
    assert_eq!(section("total")["rows"][0]["texts"], json!(["0", "0", "1"]));
    let departments = section("department");
    assert_eq!(departments["chart"], true);
    let burgerzaken = departments["rows"].as_array().expect("rows").iter().find(|row| row["label"] == "Burgerzaken").expect("by name");
    assert_eq!(burgerzaken["values"], json!([0.0, 0.0, 1.0]));
    assert_eq!(section("term")["rows"][0]["texts"][2], "geen", "no formal decisions to count");
    assert_eq!(section("days")["rows"][0]["texts"][2], "–");
    for personal in ["Jan de Vries", "afspraak", "Anna"] {
        assert!(!report.to_string().contains(personal), "{personal} in the report");
    }
    let refused = h.call("annual_report", json!({ "year": 1991 })).expect_err("too early");
    assert!(refused["message"].as_str().expect("message").contains("1992"), "{refused}");
}

#[test]
fn import_dashboard_and_report_texts_cross_ipc_as_the_screens_need_them() {
    // The import's problems as a list (record and field in each message), the
    // dashboard's counts with the worklist's filter ids, and the report's texts (RP-04).
    let h = harness();
    h.set_up_and_log_in();
    h.ok("import_org_chart", json!({ "json": ORG_CHART }));
    let record = json!({
        "received_on": "2026-11-02", "channel": "telefoon", "complainant_name": "Oud Klager", "phone": "020 123 4567",
        "complaint_type": "dienstverlening", "department_id": "bz", "description": "Uit het oude systeem.",
        "previous_reference": "OUD-1", "outcome": null
    });
    let mut bad = record.clone();
    bad["outcome"] = json!("gewonnen");
    let refused = h.call("import_complaints", json!({ "json": json!({ "complaints": [record, bad] }).to_string() })).expect_err("refused");
    assert_eq!(refused["kind"], "import_refused");
    let messages: Vec<&str> = refused["fields"].as_array().expect("fields").iter().filter_map(|f| f["message"].as_str()).collect();
    assert!(messages.iter().any(|m| m.starts_with("record 2, veld outcome:")), "{messages:?}");
    assert!(messages.iter().any(|m| m.starts_with("record 2, veld previous_reference:")), "the same old reference twice: {messages:?}");
    let imported = h.ok("import_complaints", json!({ "json": json!({ "complaints": [record] }).to_string() }));
    assert_eq!(imported, json!({ "imported": 1, "first": "KL-2026-0001", "last": "KL-2026-0001" }));

    let dashboard = h.ok("dashboard", json!({}));
    assert_eq!((dashboard["total"]["open"].as_u64(), dashboard["own_only"].as_bool()), (Some(1), Some(false)));
    let burgerzaken = dashboard["departments"].as_array().expect("departments").iter().find(|d| d["id"] == "bz").cloned().expect("bz");
    assert_eq!((burgerzaken["name"].as_str(), burgerzaken["open"].as_u64()), (Some("Burgerzaken"), Some(1)));
    assert_eq!(dashboard["by_status"][0]["code"], "ontvangen", "the worklist's status filter takes the code");
    assert!(!dashboard.to_string().contains("Oud Klager"), "no complainant on the dashboard");

    // AVG-02: the coördinator sees the retention marks of a file and sets them; an open
    // complaint has no retention date yet.
    let detail = h.ok("complaint_detail", json!({ "reference": "KL-2026-0001" }));
    assert_eq!((detail["retention"].clone(), detail["previous_reference"].clone()), (json!(null), json!("OUD-1")));
    assert_eq!(detail["retention_marks"]["ombudsman"], false);
    let marks = json!({ "compensation_paid": false, "ombudsman": true, "ombudsman_case_open": true, "keep_permanently": false });
    let marked = h.ok("set_retention_marks", json!({ "reference": "KL-2026-0001", "marks": marks }));
    assert_eq!(marked["retention_marks"], marks);
    assert!(marked["timeline"].to_string().contains("zaak bij de ombudsman loopt"), "{}", marked["timeline"]);

    let texts = json!({ "introduction": "Een inleiding.", "lessons_learned": "", "measures": "Terugbellen.", "follow_up": "" });
    let report = h.ok("save_report_texts", json!({ "year": 2026, "texts": texts }));
    assert_eq!(report["texts"], texts);
    assert!(report["texts_saved"].as_str().expect("saved").starts_with("Opgeslagen op"), "{report}");
}

#[test]
fn the_session_locks_after_inactivity() {
    // rule SEC-03: the app locks after 15 minutes without input.
    let h = harness();
    h.set_up_and_log_in();
    h.clock.set(at("2026-11-23T09:14"));
    h.ok("record_activity", json!({}));
    h.clock.set(at("2026-11-23T09:29"));
    h.ok("worklist", json!({ "scope": "all" }));
    h.clock.set(at("2026-11-23T09:45"));
    let locked = h.call("worklist", json!({ "scope": "all" })).expect_err("locked");
    assert_eq!(locked["kind"], "locked");
    let status = h.ok("app_status", json!({}));
    assert_eq!(status["phase"], "login");
    assert_eq!(status["locked_username"], "beheer");
    h.ok("log_in", json!({ "username": "beheer", "password": "een lang wachtwoord" }));
    h.ok("worklist", json!({ "scope": "all" }));
}

#[test]
fn commands_refuse_without_login() {
    let h = harness();
    h.set_up_and_log_in();
    h.ok("log_out", json!({}));
    let error = h.call("worklist", json!({ "scope": "all" })).expect_err("logged out");
    assert_eq!(error["kind"], "not_logged_in");
}

#[test]
fn the_beheerder_changes_the_lock_time_and_holidays() {
    // rules SEC-03 (lock configurable), DL-04 (extra holidays configurable), INT-02-style messages.
    let h = harness();
    h.set_up_and_log_in();
    let mut settings = h.ok("get_settings", json!({}));
    assert_eq!(settings["lock_minutes"], "15");
    settings["lock_minutes"] = json!("abc");
    let error = h.call("save_settings", json!({ "request": settings.clone() })).expect_err("invalid");
    assert_eq!(error["fields"][0]["field"], "lock_minutes");
    settings["lock_minutes"] = json!("5");
    settings["extra_holidays"] = json!("04-01-2027");
    let saved = h.ok("save_settings", json!({ "request": settings }));
    assert_eq!(saved["extra_holidays"], "04-01-2027");
    assert_eq!(h.ok("app_status", json!({}))["lock_minutes"], 5);
    // The shorter lock applies at once.
    h.clock.set(at("2026-11-23T09:06"));
    assert_eq!(h.call("worklist", json!({ "scope": "all" })).expect_err("locked")["kind"], "locked");
}

#[test]
fn accounts_roles_and_need_to_know_through_commands() {
    // section 1, AVG-05, SEC-03: a new account must change its password first; the KCC sees
    // status but gets no notes; a handler sees only their own complaints.
    let h = harness();
    h.set_up_and_log_in();
    let refused = h
        .call("import_org_chart", json!({ "json": "{\"departments\": [{\"id\": \"bz\", \"name\": \"B\"}], \"officials\": []}" }))
        .expect_err("no manager");
    assert_eq!(refused["kind"], "invalid_chart");
    let problems = refused["fields"].as_array().expect("fields");
    assert!(problems.iter().any(|p| p["message"].as_str().expect("message").contains("heeft geen manager")), "{refused}");
    h.ok("import_org_chart", json!({ "json": ORG_CHART }));
    let roles: Vec<String> =
        h.ok("role_options", json!({})).as_array().expect("roles").iter().map(|r| r["code"].as_str().expect("code").to_string()).collect();
    assert_eq!(roles, ["kcc_medewerker", "klachtbehandelaar", "klachtcoordinator", "beheerder"]);
    for (username, role, official) in [("kcc", "kcc_medewerker", ""), ("anna", "klachtbehandelaar", "m-bz")] {
        let created = h.ok(
            "save_user",
            json!({ "request": {
                "id": null, "username": username, "display_name": username, "job_title": "medewerker",
                "official_id": official, "roles": [role], "active": true, "password": "tijdelijk wachtwoord"
            }}),
        );
        assert_eq!(created["must_change_password"], true);
    }
    let complaint = |department: &str| {
        json!({ "request": {
            "received_on": "2026-11-23", "channel": "telefoon", "complainant_name": "Jan de Vries",
            "phone": "020 123 4567", "complaint_type": "dienstverlening", "department_id": department,
            "description": "Geen afspraak kunnen maken."
        }})
    };
    let own = h.ok("register_complaint", complaint("bz"))["reference"].as_str().expect("ref").to_string();
    let other = h.ok("register_complaint", complaint("ro"))["reference"].as_str().expect("ref").to_string();

    h.ok("log_out", json!({}));
    let status = h.ok("log_in", json!({ "username": "anna", "password": "tijdelijk wachtwoord" }));
    assert_eq!(status["user"]["must_change_password"], true);
    assert_eq!(h.call("worklist", json!({ "scope": "mine" })).expect_err("change first")["kind"], "password_change_required");
    let status = h.ok("change_password", json!({ "request": {
        "current_password": "tijdelijk wachtwoord", "new_password": "annas eigen wachtwoord", "new_password_repeat": "annas eigen wachtwoord"
    }}));
    assert_eq!(status["user"]["must_change_password"], false);
    let page = h.ok("worklist", json!({ "scope": "all" }));
    let references: Vec<&str> = page["rows"].as_array().expect("rows").iter().filter_map(|row| row["reference"].as_str()).collect();
    assert_eq!(references, [own.as_str()], "a handler sees only their own");
    h.ok("add_note", json!({ "reference": own, "text": "Klager gebeld." }));
    assert_eq!(h.call("complaint_detail", json!({ "reference": other })).expect_err("not hers")["kind"], "forbidden");

    h.ok("log_out", json!({}));
    h.ok("log_in", json!({ "username": "kcc", "password": "tijdelijk wachtwoord" }));
    h.ok("change_password", json!({ "request": {
        "current_password": "tijdelijk wachtwoord", "new_password": "kcc eigen wachtwoord", "new_password_repeat": "kcc eigen wachtwoord"
    }}));
    let detail = h.ok("complaint_detail", json!({ "reference": own }));
    assert_eq!(detail["handler_name"], "Anna de Boer");
    assert!(detail["notes"].is_null(), "no notes for the KCC");
    let error = h.call("complaint_notes", json!({ "reference": own })).expect_err("KCC refused");
    assert_eq!(error["kind"], "forbidden");
    assert!(error["message"].as_str().expect("message").contains("notities"), "{error}");

    // The Beheerder deactivates the KCC account: the open session ends at the next command.
    h.ok("log_out", json!({}));
    h.ok("log_in", json!({ "username": "beheer", "password": "een lang wachtwoord" }));
    let users = h.ok("list_users", json!({}));
    let kcc = users.as_array().expect("users").iter().find(|u| u["username"] == "kcc").expect("kcc").clone();
    h.ok(
        "save_user",
        json!({ "request": {
            "id": kcc["id"], "username": "kcc", "display_name": "kcc", "job_title": "medewerker",
            "official_id": "", "roles": ["kcc_medewerker"], "active": false, "password": ""
        }}),
    );
    let log = h.ok("audit_log", json!({ "filter": { "actor": "kcc", "from": "", "until": "" } }));
    assert_eq!(log["intact"], true);
    assert!(
        log["entries"]
            .as_array()
            .expect("entries")
            .iter()
            .any(|e| e["action"] == "de notities van de behandelaar lezen" && e["result"] == "geweigerd"),
        "{log}"
    );
    h.ok("log_out", json!({}));
    assert_eq!(
        h.call("log_in", json!({ "username": "kcc", "password": "kcc eigen wachtwoord" })).expect_err("inactive")["kind"],
        "login_failed"
    );
}

#[test]
fn procedure_steps_through_commands() {
    // section 4 through the shell: a step the state machine refuses comes back as
    // `{kind: "refused"}` with what is possible instead; a valid one returns the new file.
    let h = harness();
    h.set_up_and_log_in();
    h.ok("import_org_chart", json!({ "json": ORG_CHART }));
    let registered = h.ok(
        "register_complaint",
        json!({ "request": {
            "received_on": "2026-11-23", "channel": "telefoon", "complainant_name": "Jan de Vries",
            "phone": "020 123 4567", "complaint_type": "dienstverlening", "department_id": "bz",
            "description": "Geen afspraak kunnen maken."
        }}),
    );
    let reference = registered["reference"].as_str().expect("reference").to_string();
    let options = h.ok("procedure_options", json!({}));
    assert_eq!(options["non_handling_grounds"].as_array().map(Vec::len), Some(6), "Awb 9:8 has six grounds");
    assert_eq!(options["hearing_skip_reasons"].as_array().map(Vec::len), Some(3), "Awb 9:10 lid 2 has three reasons");
    let detail = h.ok("complaint_detail", json!({ "reference": reference }));
    let steps: Vec<&str> = detail["steps"].as_array().expect("steps").iter().filter_map(|s| s["code"].as_str()).collect();
    assert!(steps.contains(&"log_contact") && !steps.contains(&"approve_decision"), "{steps:?}");

    let refused = h
        .call("procedure_step", json!({ "request": { "reference": reference, "step": "resolve_informally", "text": "tevreden" } }))
        .expect_err("no contact yet");
    assert_eq!(refused["kind"], "refused");
    assert!(refused["message"].as_str().expect("message").contains("Wel mogelijk: contact vastleggen"), "{refused}");
    let unknown =
        h.call("procedure_step", json!({ "request": { "reference": reference, "step": "bestaat_niet" } })).expect_err("unknown step");
    assert_eq!(unknown["kind"], "invalid");

    let detail = h.ok(
        "procedure_step",
        json!({ "request": {
            "reference": reference, "step": "log_contact", "date": "2026-11-23", "choice": "telefoon", "text": "Gebeld."
        }}),
    );
    assert_eq!(detail["status_code"], "in_behandeling");
    assert_eq!(detail["contacts"][0]["summary"], "Gebeld.");
    assert_eq!(detail["running"][0]["kind"], "beslissing", "only the decision term runs after the first contact");
    let reminders = h.ok("due_reminders", json!({}));
    assert!(reminders.as_array().expect("list").is_empty(), "nothing due soon after the contact: {reminders}");
}

#[test]
fn a_stale_save_is_refused_as_a_conflict_and_writes_nothing() {
    // Optimistic concurrency through the shell: the file carries its version, a step
    // or reassignment based on an older one is refused with who and when (kind `conflict`),
    // and nothing is written; based on the current version it goes through.
    let h = harness();
    h.set_up_and_log_in();
    h.ok("import_org_chart", json!({ "json": ORG_CHART }));
    let registered = h.ok(
        "register_complaint",
        json!({ "request": {
            "received_on": "2026-11-23", "channel": "telefoon", "complainant_name": "Jan de Vries",
            "phone": "020 123 4567", "complaint_type": "dienstverlening", "department_id": "bz",
            "description": "Geen afspraak kunnen maken."
        }}),
    );
    let reference = registered["reference"].as_str().expect("reference").to_string();
    let opened = h.ok("complaint_detail", json!({ "reference": reference }));
    let seen = opened["version"].as_u64().expect("the file carries its version");

    // Another form of the same file is saved first (here: by the same desk, five minutes later).
    h.clock.set(at("2026-11-23T09:05"));
    let contact = h.ok(
        "procedure_step",
        json!({ "request": {
            "reference": reference, "step": "log_contact", "date": "2026-11-23", "choice": "telefoon",
            "text": "Gebeld.", "version": seen
        }}),
    );
    let current = contact["version"].as_u64().expect("version");
    assert!(current > seen, "a step raises the version: {seen} -> {current}");

    // The form opened before that is saved: refused, and the file is exactly as it was.
    let stale_step = json!({ "request": {
        "reference": reference, "step": "continue_formally", "text": "Klager wil een formele behandeling.", "version": seen
    }});
    let conflict = h.call("procedure_step", stale_step).expect_err("stale step");
    assert_eq!(conflict["kind"], "conflict", "{conflict}");
    assert_eq!(
        conflict["message"],
        format!(
            "{reference} is om 09:05 gewijzigd door Fatima el Amrani. Er is niets opgeslagen; wat u typte staat er nog. \
             Bekijk de nieuwe gegevens en sla opnieuw op."
        )
    );
    let stale_reassign = json!({ "request": {
        "reference": reference, "handler_id": "e1", "reason": "Jan Smit kent de klager.", "version": seen
    }});
    assert_eq!(h.call("reassign_complaint", stale_reassign).expect_err("stale reassignment")["kind"], "conflict");
    let stale_decision = json!({ "request": {
        "reference": reference, "findings": "x", "judgement": "gegrond", "conclusions": "y", "version": seen
    }});
    assert_eq!(h.call("draft_decision", stale_decision).expect_err("stale decision")["kind"], "conflict");
    let after = h.ok("complaint_detail", json!({ "reference": reference }));
    assert_eq!(after["version"], contact["version"], "nothing written");
    assert_eq!(after["status_code"], "in_behandeling");
    assert_eq!(after["handler_id"], contact["handler_id"]);
    assert_eq!(after["timeline"], contact["timeline"], "no event for a refused save");

    // Saved again on the version now shown, it goes through.
    let saved = h.ok(
        "procedure_step",
        json!({ "request": {
            "reference": reference, "step": "continue_formally", "text": "Klager wil een formele behandeling.", "version": current
        }}),
    );
    assert_eq!(saved["status_code"], "formeel");

    // A version left by a save refused before its write (a missing reason) does not apply to
    // the next change, which has none: that one applies to the complaint as it is.
    let unfinished = json!({ "request": { "reference": reference, "handler_id": "e1", "reason": "", "version": seen } });
    assert_eq!(h.call("reassign_complaint", unfinished).expect_err("no reason")["kind"], "validation");
    let reassigned =
        h.ok("reassign_complaint", json!({ "request": { "reference": reference, "handler_id": "e1", "reason": "Kent de klager." } }));
    assert_eq!(reassigned["handler_name"], "Jan Smit");
}

#[test]
fn a_live_reload_does_not_keep_the_session_open() {
    // rule SEC-03 with the window reloads the worklist, the panels above it and an open
    // complaint file with its letters by itself when another desk changes something; that is
    // not the user's activity.
    let h = harness();
    h.set_up_and_log_in();
    h.ok("import_org_chart", json!({ "json": ORG_CHART }));
    let complaint = json!({ "request": {
        "received_on": "2026-11-23", "channel": "telefoon", "complainant_name": "Jan de Vries",
        "phone": "020 123 4567", "complaint_type": "dienstverlening", "department_id": "bz",
        "description": "Geen afspraak kunnen maken."
    }});
    let reference = h.ok("register_complaint", complaint)["reference"].as_str().expect("reference").to_string();
    h.clock.set(at("2026-11-23T09:14"));
    // Everything the window reads again on a change elsewhere: the worklist page, the deadline
    // reminders, the approval queue, the open file and its letters.
    h.ok("worklist", json!({ "scope": "all", "live": true }));
    h.ok("due_reminders", json!({ "live": true }));
    // Only a Klachtbehandelaar has an approval queue; the session is checked before that.
    assert_eq!(h.call("approval_queue", json!({ "live": true })).expect_err("not a handler")["kind"], "forbidden");
    h.ok("complaint_detail", json!({ "reference": reference, "live": true }));
    h.ok("letter_overview", json!({ "reference": reference, "live": true }));
    h.clock.set(at("2026-11-23T09:16"));
    let locked = h.call("worklist", json!({ "scope": "all", "live": true })).expect_err("locked");
    assert_eq!(locked["kind"], "locked", "15 minutes after the last real command, live reloads included");
}

#[test]
fn the_shared_first_start_names_every_wrong_field_before_connecting() {
    // The connection fields and the set-up fields are checked together; nothing is
    // remembered until a connection worked.
    let h = harness();
    let mut setup = h.ok("setup_defaults", json!({}));
    setup["admin_password"] = json!("kort");
    setup["admin_password_repeat"] = json!("kort");
    let connection =
        json!({ "host": "postgres://db", "port": "", "database": "", "user": "", "password": "", "ca_file": "/bestaat/niet.crt" });
    let request = json!({ "connection": connection, "desk_user": "", "desk_password": "", "setup": setup });
    let error = h.call("set_up_shared", json!({ "request": request })).expect_err("invalid");
    assert_eq!(error["kind"], "validation");
    let fields: Vec<&str> = error["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(
        fields,
        [
            "db_host",
            "db_name",
            "db_user",
            "db_ca_file",
            "db_password",
            "admin_username",
            "admin_display_name",
            "admin_password",
            "desk_user",
            "desk_password"
        ]
    );
    let joined = h.call("join_shared", json!({ "request": { "connection": connection, "recovery_key": " " } })).expect_err("invalid");
    assert!(joined["fields"].as_array().expect("fields").iter().any(|f| f["field"] == "recovery_key"), "{joined}");
    let status = h.ok("app_status", json!({}));
    assert_eq!(status["phase"], "setup");
    assert!(status["shared"].is_null(), "nothing remembered: {status}");
    assert!(!h._dir.path().join("data").join(klachtbalie_core::desk::DESK_FILE).exists());
}

/// `klachtbalie --cli …` runs a CLI command in the app's own program instead of opening its window
/// (on Windows the installed klachtbalie-cli.exe starts it so): same output, same errors, same exit
/// codes as klachtbalie-cli; the whole CLI journey through it runs under Wine in
/// scripts/test-windows-installer.sh.
#[test]
fn the_app_runs_a_cli_command_behind_its_switch() {
    let app = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_klachtbalie"))
            .arg(klachtbalie_cli_launcher::APP_SWITCH)
            .args(args)
            .env_remove("DISPLAY")
            .env_remove("WAYLAND_DISPLAY")
            .output()
            .expect("start the app")
    };
    let output = app(&["deadline", "--received", "2026-11-23"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let terms: Value = serde_json::from_slice(&output.stdout).expect("JSON on stdout");
    let expected = klachtbalie_core::domain::deadlines::compute_deadlines(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        &klachtbalie_core::domain::calendar::HolidayCalendar::with_extra_holidays(Vec::new()),
        &klachtbalie_core::domain::deadlines::DeadlineNorms::default(),
    );
    assert_eq!(terms["decision_due"], expected.decision_due.to_string(), "{terms}");

    let refused = app(&["deadline", "--received", "23-11-2026"]);
    assert_eq!(refused.status.code(), Some(1));
    let message = String::from_utf8_lossy(&refused.stderr);
    assert!(message.starts_with("klachtbalie-cli: --received '23-11-2026'"), "{message}");
    assert!(refused.stdout.is_empty());
}
