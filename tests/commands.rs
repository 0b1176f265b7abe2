//! Command tests through tauri::test: the real command handlers and the app's own context
//! (capabilities included) on the mock runtime, no window. Proves the shell's wiring: status
//! phases, setup, log-in, validation errors as `{kind, message, fields}`, the inactivity lock.

use chrono::NaiveDateTime;
use klachtbalie_app::state::{AppState, Context};
use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::store::key::MemoryKeyStore;
use serde_json::{json, Value};
use std::sync::Arc;
use tauri::test::{mock_builder, MockRuntime, INVOKE_KEY};
use tauri::WebviewWindow;

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
    let dir = tempfile::tempdir().expect("tempdir");
    let clock = Arc::new(FixedClock::new(at("2026-11-23T09:00")));
    let state = AppState::start(Context {
        data_dir: dir.path().join("data"),
        key_store: Arc::new(MemoryKeyStore::default()),
        clock: clock.clone(),
        viewer_dir: dir.path().join("viewer"),
        open_viewer: false,
    });
    let app = klachtbalie_app::with_commands(mock_builder().manage(state))
        .build(tauri::generate_context!())
        .expect("build app");
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
    let department = h.ok("save_department", json!({ "request": { "id": null, "name": "Burgerzaken", "manager_name": "Anna de Boer", "manager_function": "afdelingsmanager" } }));
    let complaint = json!({
        "received_on": "2026-11-23", "channel": "brief", "complainant_name": "Jan de Vries",
        "street_address": "Ouddiemerlaan 104", "postcode": "1111 HL", "city": "Diemen",
        "phone": "020 123 4567", "complaint_type": "dienstverlening",
        "department_id": department["id"].to_string(), "conduct_date": "2026-11-20",
        "description": "Twee keer geen afspraak kunnen maken."
    });
    let mut invalid = complaint.clone();
    invalid["postcode"] = json!("12345");
    let error = h.call("register_complaint", json!({ "request": invalid })).expect_err("invalid postcode");
    assert_eq!(error["kind"], "validation");
    assert_eq!(error["fields"][0]["field"], "postcode");

    let registered = h.ok("register_complaint", json!({ "request": complaint }));
    assert_eq!(registered["reference"], "KL-2026-0001");
    assert_eq!(registered["handler_name"], "Anna de Boer, afdelingsmanager");
    let decision = registered["deadlines"].as_array().expect("deadlines").last().expect("decision").clone();
    assert_eq!(decision["date"], "2027-01-04");
    assert_eq!(decision["date_text"], "maandag 4 januari 2027");

    let rows = h.ok("worklist", json!({}));
    assert_eq!(rows[0]["reference"], "KL-2026-0001");
    assert_eq!(rows[0]["light"], "due_soon");
    assert_eq!(rows[0]["needs_acknowledgement"], true);

    let letter = h.ok("open_acknowledgement", json!({ "reference": "KL-2026-0001" }));
    assert_eq!(letter["opened"], false, "no viewer in tests");
    let pdf = std::fs::read(letter["path"].as_str().expect("path")).expect("pdf handed to the viewer");
    assert!(pdf.starts_with(b"%PDF"));
    assert_eq!(h.ok("worklist", json!({}))[0]["needs_acknowledgement"], false);
}

#[test]
fn the_session_locks_after_inactivity() {
    // rule SEC-03: the app locks after 15 minutes without input.
    let h = harness();
    h.set_up_and_log_in();
    h.clock.set(at("2026-11-23T09:14"));
    h.ok("record_activity", json!({}));
    h.clock.set(at("2026-11-23T09:29"));
    h.ok("worklist", json!({}));
    h.clock.set(at("2026-11-23T09:45"));
    let locked = h.call("worklist", json!({})).expect_err("locked");
    assert_eq!(locked["kind"], "locked");
    let status = h.ok("app_status", json!({}));
    assert_eq!(status["phase"], "login");
    assert_eq!(status["locked_username"], "beheer");
    h.ok("log_in", json!({ "username": "beheer", "password": "een lang wachtwoord" }));
    h.ok("worklist", json!({}));
}

#[test]
fn commands_refuse_without_login() {
    let h = harness();
    h.set_up_and_log_in();
    h.ok("log_out", json!({}));
    let error = h.call("worklist", json!({})).expect_err("logged out");
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
    assert_eq!(h.call("worklist", json!({})).expect_err("locked")["kind"], "locked");
}
