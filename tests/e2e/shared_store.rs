//! Two desks on one shared PostgreSQL database: live updates and conflicts in the window.

use crate::support;
use crate::window::*;
use chrono::Local;
use fantoccini::{Client, Locator};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

/// A test database on the shared server, used from async code: its synchronous client may
/// not run on a runtime thread, so creating, using and dropping it go through block_in_place
/// (also when the test fails half-way).
struct SharedDatabase(Option<support::SharedTestDatabase>);

impl SharedDatabase {
    fn create() -> Self {
        Self(Some(tokio::task::block_in_place(support::SharedTestDatabase::create)))
    }

    fn get(&self) -> &support::SharedTestDatabase {
        self.0.as_ref().expect("database")
    }

    fn as_owner(&self, sql: &str) -> Result<(), String> {
        tokio::task::block_in_place(|| self.get().as_owner(sql))
    }
}

impl Drop for SharedDatabase {
    fn drop(&mut self) {
        if let Some(database) = self.0.take() {
            tokio::task::block_in_place(move || drop(database));
        }
    }
}

/// A test-server setting from scripts/with-postgres.sh.
fn postgres_setting(name: &str) -> String {
    std::env::var(format!("KLACHTBALIE_TEST_POSTGRES_{name}"))
        .unwrap_or_else(|_| panic!("KLACHTBALIE_TEST_POSTGRES_{name} is not set: run under scripts/with-postgres.sh"))
}

/// Desk A: the CLI on the shared database as the desks' login, with the database key in a
/// key file. Returns its output and when it had finished.
async fn desk_a(desk: &Path, args: Vec<String>) -> (serde_json::Value, Instant) {
    let desk = desk.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let url = format!(
            "postgres://{}@{}:{}/{}",
            postgres_setting("APP"),
            postgres_setting("HOST"),
            postgres_setting("PORT"),
            std::fs::read_to_string(desk.join("database-name")).expect("database name")
        );
        let started = Instant::now();
        let output = Command::new(cli_binary())
            .args(["--database", &url, "--ca-file", &postgres_setting("CA")])
            .arg("--password-file")
            .arg(desk.join("wachtwoord.txt"))
            .arg("--key-file")
            .arg(desk.join("sleutel.txt"))
            .arg("--data-dir")
            .arg(desk.join("data"))
            .args(&args)
            .output()
            .expect("run klachtbalie-cli");
        let done = Instant::now();
        assert!(output.status.success(), "desk A's {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
        eprintln!("desk A: {} took {} ms", args[0], (done - started).as_millis());
        (serde_json::from_slice(&output.stdout).unwrap_or_default(), done)
    })
    .await
    .expect("desk A")
}

/// Desk A's folder under `root`: the shared database's name, the desks' login password and the
/// database key, unwrapped from the server's wrap with the recovery key the window showed (as
/// `KeyFileStore` writes it with `init --key-file`).
fn desk_a_folder(root: &Path, shared: &support::SharedTestDatabase, recovery_key: &str) -> PathBuf {
    let desk_a = root.join("desk-a");
    std::fs::create_dir_all(&desk_a).expect("desk A");
    std::fs::write(desk_a.join("database-name"), &shared.name).expect("name");
    std::fs::write(desk_a.join("wachtwoord.txt"), format!("{}\n", postgres_setting("APP_PASSWORD"))).expect("password file");
    // The synchronous PostgreSQL client runs its own runtime: not on this test's async worker.
    let wrap = tokio::task::block_in_place(|| klachtbalie_core::store::shared_recovery_wrap(&shared.app))
        .expect("read the wrap")
        .expect("schema 10 has one");
    let recovery_key = klachtbalie_core::store::recovery_key::RecoveryKey::parse(recovery_key).expect("recovery key");
    let key = recovery_key.unwrap(&wrap).expect("the recovery key the window showed unwraps the database key");
    klachtbalie_core::store::key::KeyStore::save(&klachtbalie_core::store::key::KeyFileStore::new(desk_a.join("sleutel.txt")), "", &key)
        .expect("key file");
    desk_a
}

/// Desk A registers a letter complaint (it needs an acknowledgement); returns its reference.
async fn intake_by_desk_a(desk: &Path, name: &str) -> (String, Instant) {
    let form = json!({
        "received_on": Local::now().date_naive().to_string(), "channel": "brief", "complainant_name": name,
        "street_address": "Arent Krijtsstraat 1", "postcode": "1111AB", "city": "Diemen",
        "conduct_date": Local::now().date_naive().to_string(), "complaint_type": "dienstverlening", "department_id": "bz",
        "description": "Ik ben niet teruggebeld over mijn melding."
    });
    let intake_file = desk.join(format!("klacht-{}.json", name.len()));
    std::fs::write(&intake_file, form.to_string()).expect("write intake");
    let (registered, done) = desk_a(desk, vec!["intake".into(), "--json".into(), intake_file.display().to_string()]).await;
    (registered["reference"].as_str().expect("reference").to_string(), done)
}

/// Desk A makes the acknowledgement letter of `reference` (the complaint changes).
async fn acknowledgement_by_desk_a(desk: &Path, reference: &str) -> Instant {
    let out = desk.join(format!("{reference}.pdf"));
    desk_a(desk, vec!["acknowledgement".into(), "--complaint".into(), reference.into(), "--out".into(), out.display().to_string()]).await.1
}

/// Waits (at most `limit`) until the worklist shows `reference`; returns how long it took.
async fn row_appears_within(client: &Client, reference: &str, since: Instant, limit: Duration) -> Duration {
    let css = format!("#worklist tr[data-reference='{reference}']");
    loop {
        if client.find(Locator::Css(&css)).await.is_ok() {
            return since.elapsed();
        }
        assert!(since.elapsed() < limit, "{reference} did not appear in the worklist within {limit:?} without a reload");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// Whether the page is still the one marked before (no reload, no other screen).
async fn still_the_same_worklist(client: &Client) -> bool {
    client
        .execute("return window.__e2eMarker === 'zelfde pagina' && document.querySelector('#worklist')?.dataset.e2eMarker === '1';", vec![])
        .await
        .expect("marker")
        .as_bool()
        .unwrap_or(false)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, a session bus with gnome-keyring, tauri-driver and the test PostgreSQL server: run scripts/test.sh"]
async fn a_shared_database_set_up_in_the_window_shows_another_desks_intake_live() {
    // First start offers the shared database; "Database inrichten" sets it up with the
    // recovery key as on a single desk; the login's password goes into the keyring and the
    // connection (without it) into the desk file; a complaint registered by another desk (the
    // CLI) appears in the open worklist within 2 seconds, without a reload or navigation, also
    // after the server cut this desk's connections.
    let database = SharedDatabase::create();
    let shared = database.get();
    let (root, driver, client) = fresh_app().await;
    let (data_dir, home) = (root.path().join("data"), root.path().join("home"));

    // The choice: this desk alone (today's form) is the default.
    find(&client, "#setup-form").await;
    assert!(find(&client, "#f-storage-local").await.is_selected().await.expect("selected"), "single desk is the default");
    assert!(find(&client, "#shared-connection").await.attr("hidden").await.expect("attr").is_some(), "no database fields yet");
    screenshot(&client, "19-first-start-choice").await;
    axe(&client, "Eerste start: keuze").await;
    click(&client, "#f-storage-shared").await;
    wait_for_text(&client, "#setup-submit", "Database inrichten").await;
    assert_eq!(value_of(&client, "#f-db_port").await, "5432", "default port");
    type_into(&client, "#f-db_host", &postgres_setting("HOST")).await;
    type_into(&client, "#f-db_port", &postgres_setting("PORT")).await;
    type_into(&client, "#f-db_name", &shared.name).await;
    type_into(&client, "#f-db_user", &postgres_setting("OWNER")).await;
    type_into(&client, "#f-db_password", "niet het wachtwoord").await;
    type_into(&client, "#f-db_ca_file", &postgres_setting("CA")).await;
    client.execute("window.scrollTo(0, 0);", vec![]).await.expect("scroll");
    screenshot(&client, "20-first-start-shared-database").await;
    axe(&client, "Eerste start: gedeelde database").await;
    type_into(&client, "#f-desk_user", &postgres_setting("APP")).await;
    type_into(&client, "#f-desk_password", &postgres_setting("APP_PASSWORD")).await;
    type_into(&client, "#f-admin_display_name", "Fatima el Amrani").await;
    type_into(&client, "#f-admin_username", "beheer").await;
    type_into(&client, "#f-admin_password", "een lang wachtwoord").await;
    type_into(&client, "#f-admin_password_repeat", "een lang wachtwoord").await;

    // A wrong database password: the window branches on the error kind and says so at the field.
    click(&client, "#setup-submit").await;
    wait_for_text(&client, "[data-field=db_password] .utrecht-form-field-error-message", "weigert de aanmelding").await;
    assert_eq!(value_of(&client, "#f-admin_display_name").await, "Fatima el Amrani", "typed text kept");
    assert!(!data_dir.join("werkplek.json").exists(), "nothing remembered before the connection worked");
    type_into(&client, "#f-db_password", &postgres_setting("OWNER_PASSWORD")).await;
    click(&client, "#setup-submit").await;

    // The recovery-key screen, exactly as on a single desk.
    let recovery_key = wait_for_text(&client, "#recovery-key", "-").await.trim().to_string();
    assert_eq!(recovery_key.split('-').count(), 17, "{recovery_key}");
    assert!(!data_dir.join("klachtbalie.db").exists(), "no single-desk database on a shared desk");
    let desk_file = std::fs::read_to_string(data_dir.join("werkplek.json")).expect("the desk file");
    assert!(desk_file.contains(&shared.name) && desk_file.contains(&postgres_setting("HOST")), "{desk_file}");
    assert!(!desk_file.contains(&postgres_setting("OWNER_PASSWORD")), "no password in the desk file: {desk_file}");
    assert!(desk_file.contains(&format!("\"{}\"", postgres_setting("APP"))), "the desk goes on with the desks' login: {desk_file}");
    assert!(!desk_file.contains(&format!("\"{}\"", postgres_setting("OWNER"))), "not with the owner's: {desk_file}");
    let database_id = format!("postgres://{}:{}/{}", postgres_setting("HOST"), postgres_setting("PORT"), shared.name);
    let stored = secret_tool(&["lookup", "service", "nl.klachtbalie.databasewachtwoord", "username", &database_id]);
    assert_eq!(
        String::from_utf8_lossy(&stored.stdout).trim_end(),
        postgres_setting("APP_PASSWORD"),
        "the desks' login's password is in the keyring, the owner's is not kept"
    );
    click(&client, "#recovery-confirm").await;
    click(&client, "#recovery-continue").await;
    wait_for_text(&client, "#current-user", "Fatima el Amrani").await;
    click(&client, "#logout").await;
    log_in(&client, "beheer", "een lang wachtwoord").await;
    wait_for_text(&client, "#current-user", "Fatima el Amrani").await;
    import_org_chart(&client).await;

    // The worklist is open; mark the page so a reload or another screen would show.
    click(&client, "#nav-worklist").await;
    wait_for_text(&client, "#worklist tbody", "Geen klachten").await;
    client
        .execute("window.__e2eMarker = 'zelfde pagina'; document.querySelector('#worklist').dataset.e2eMarker = '1';", vec![])
        .await
        .expect("mark the page");

    // Desk A (the CLI, the desks' login, the same key from a key file) registers a complaint.
    let desk_a = desk_a_folder(root.path(), shared, &recovery_key);
    let (reference, done) = intake_by_desk_a(&desk_a, "Wubbo Livebericht").await;
    let took = row_appears_within(&client, &reference, done, Duration::from_secs(2)).await;
    eprintln!("live update: {reference} in the worklist {} ms after desk A's intake finished", took.as_millis());
    wait_for_text(&client, &format!("tr[data-reference='{reference}']"), "Wubbo Livebericht").await;
    assert!(still_the_same_worklist(&client).await, "the row came without a reload or navigation");
    // The pager under the list counts with it (the window reads one page of 50 at a time).
    wait_for_text(&client, "#pager-summary", "1 klacht").await;
    screenshot(&client, "21-worklist-after-live-update").await;

    // The server cuts this desk's connections (as a restart would): the desk connects again,
    // refreshes, and the next change from desk A still arrives live.
    database
        .as_owner(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
             WHERE datname = current_database() AND pid <> pg_backend_pid() AND application_name = 'klachtbalie'",
        )
        .expect("terminate the desk's connections");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let (second, done) = intake_by_desk_a(&desk_a, "Sjoukje Herverbonden").await;
    let took = row_appears_within(&client, &second, done, Duration::from_secs(2)).await;
    eprintln!("after the reconnect: {second} in the worklist {} ms after desk A's intake finished", took.as_millis());
    assert!(still_the_same_worklist(&client).await, "still no reload or navigation");
    wait_for_text(&client, &format!("tr[data-reference='{reference}']"), "Wubbo Livebericht").await;

    // An open complaint file without a form in use is shown anew when desk A changes it.
    let acknowledgement_due = "#running-deadlines [data-kind='ontvangstbevestiging']";
    click(&client, &format!("[data-open='{reference}']")).await;
    wait_for_text(&client, "#complaint-title", &reference).await;
    find(&client, acknowledgement_due).await;
    client.execute("window.__e2eMarker = 'zelfde pagina';", vec![]).await.expect("mark");
    let done = acknowledgement_by_desk_a(&desk_a, &reference).await;
    let took = changes_within(&client, acknowledgement_due, false, done, Duration::from_secs(2)).await;
    eprintln!("open file of {reference} shown anew {} ms after desk A's acknowledgement", took.as_millis());
    wait_for_text(&client, "#complaint-title", &reference).await;

    // While the user types in a form of the file, it is not re-rendered: a notice instead.
    click(&client, "#complaint-back").await;
    click(&client, &format!("[data-open='{second}']")).await;
    wait_for_text(&client, "#complaint-title", &second).await;
    find(&client, acknowledgement_due).await;
    let half_typed = "Klager gebeld, zij belt morgen terug over";
    type_into(&client, "#f-note", half_typed).await;
    let done = acknowledgement_by_desk_a(&desk_a, &second).await;
    let took = changes_within(&client, "#live-notice", true, done, Duration::from_secs(2)).await;
    eprintln!("notice over the open form of {second} {} ms after desk A's acknowledgement", took.as_millis());
    wait_for_text(&client, "#live-notice", "op een andere werkplek gewijzigd").await;
    assert_eq!(value_of(&client, "#f-note").await, half_typed, "what was typed is still there");
    find(&client, acknowledgement_due).await;
    screenshot(&client, "23-open-form-changed-elsewhere").await;
    click(&client, "#live-notice-show").await;
    changes_within(&client, acknowledgement_due, false, Instant::now(), WAIT).await;
    assert!(client.find(Locator::Css("#live-notice")).await.is_err(), "the notice went with the old data");
    let marker = client.execute("return window.__e2eMarker === 'zelfde pagina';", vec![]).await.expect("marker");
    assert_eq!(marker, json!(true), "no reload at any point");

    // Issue 28: closed, the complaint is no longer on the worklist, and the search over all
    // complaints finds it on the shared store too, by name and by reference.
    click(&client, "#complaint-back").await;
    click(&client, &format!("[data-open='{reference}']")).await;
    wait_for_text(&client, "#complaint-title", &reference).await;
    take_step(&client, "log_contact").await;
    find(&client, "#step-log_contact #f-choice").await.select_by_value("telefoon").await.expect("channel");
    type_into(&client, "#step-log_contact #f-text", "Klager gebeld.").await;
    submit_step(&client, "in behandeling").await;
    take_step(&client, "resolve_informally").await;
    type_into(&client, "#step-resolve_informally #f-text", "Klager is tevreden met de uitleg.").await;
    submit_step(&client, "informeel afgehandeld").await;
    let found = search_all(&client, "Wubbo", &reference).await;
    assert!(found.contains("informeel afgehandeld"), "{found}");
    search_all(&client, &reference, "Wubbo Livebericht").await;

    // The dashboard counts desk A's next complaint without a reload.
    click(&client, "#nav-dashboard").await;
    find(&client, "#dash-open[data-count='1']").await;
    client.execute("window.__e2eMarker = 'zelfde pagina';", vec![]).await.expect("mark");
    let (_, done) = intake_by_desk_a(&desk_a, "Derk Dashboard").await;
    let took = changes_within(&client, "#dash-open[data-count='2']", true, done, Duration::from_secs(2)).await;
    eprintln!("dashboard counted desk A's intake {} ms after it finished", took.as_millis());
    let marker = client.execute("return window.__e2eMarker === 'zelfde pagina';", vec![]).await.expect("marker");
    assert_eq!(marker, json!(true), "the dashboard refreshed in place");

    // SEC-07: the Beheerder's audit log shows the server's own record of writes, a change made
    // with psql beside the desks' own, with each login: names and keys, never a value.
    database.as_owner("UPDATE users SET job_title = job_title || ' ' WHERE username = 'beheer'").expect("a change with psql");
    click(&client, "#nav-audit").await;
    wait_for_text(&client, "#audit-status", "intact").await;
    let recorded = wait_for_text(&client, "#server-changes-table", "job_title").await;
    let owner_row = recorded.lines().find(|line| line.contains("job_title")).unwrap_or_default().to_string();
    assert!(owner_row.contains(&postgres_setting("OWNER")) && owner_row.contains("gewijzigd"), "{recorded}");
    assert!(recorded.contains(&postgres_setting("APP")) && recorded.contains(&reference), "desk A's intake: {recorded}");
    assert!(!recorded.contains("Wubbo") && !recorded.contains("Livebericht"), "never a value: {recorded}");
    client.execute("document.querySelector('#server-changes').scrollIntoView();", vec![]).await.expect("scroll");
    screenshot(&client, "42-server-changes").await;
    axe(&client, "Auditlog: wijzigingen volgens de server").await;

    // The desk's log says how it came back; no file of the desk holds the database password.
    let deadline = Instant::now() + WAIT;
    let log = loop {
        let log: String =
            support::files_under(&data_dir.join("logs")).iter().map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned()).collect();
        if log.contains("verbinding met de gedeelde database opnieuw gemaakt") || Instant::now() > deadline {
            break log;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(log.contains("luisterverbinding hersteld"), "the listener connected again:\n{log}");
    assert!(log.contains("verbinding met de gedeelde database opnieuw gemaakt"), "the desk's own connection was made again:\n{log}");
    for (path, bytes) in support::files_under(&data_dir) {
        for password in [postgres_setting("OWNER_PASSWORD"), postgres_setting("APP_PASSWORD")] {
            assert!(!bytes.windows(password.len()).any(|window| window == password.as_bytes()), "{path} holds a database password");
        }
    }
    client.close().await.expect("close");
    drop(driver);

    // The next start finds no server where the desk file says (the port moved): a plain
    // screen with "Opnieuw proberen", not the recovery key.
    let desk_path = data_dir.join("werkplek.json");
    let remembered = std::fs::read_to_string(&desk_path).expect("desk file");
    let port = postgres_setting("PORT");
    let moved = remembered.replace(&format!("\"port\": {port}"), &format!("\"port\": {}", free_port()));
    assert_ne!(moved, remembered);
    std::fs::write(&desk_path, moved).expect("move the port");
    let driver = start_driver(&data_dir, &home);
    let client = connect(&driver).await;
    wait_for_text(&client, "#unreachable-title", "Geen verbinding met de gedeelde database").await;
    wait_for_text(&client, "#unreachable-reason", "De gedeelde database is niet bereikbaar").await;
    assert!(client.find(Locator::Css("#recovery-form")).await.is_err(), "not the recovery-key screen");
    screenshot(&client, "22-shared-database-unreachable").await;
    axe(&client, "Gedeelde database onbereikbaar").await;
    click(&client, "#retry-start").await;
    wait_for_text(&client, "#toast", "nog steeds geen verbinding").await;
    // The Beheerder corrects the port (and gives the password again): the desk remembers it.
    click(&client, "#connection-details summary").await;
    type_into(&client, "#f-db_port", &port).await;
    assert_eq!(value_of(&client, "#f-db_user").await, postgres_setting("APP"), "the desks' login is remembered");
    type_into(&client, "#f-db_password", &postgres_setting("APP_PASSWORD")).await;
    click(&client, "#connection-submit").await;
    log_in(&client, "beheer", "een lang wachtwoord").await;
    wait_for_text(&client, &format!("tr[data-reference='{second}']"), "Sjoukje Herverbonden").await;
    assert_eq!(std::fs::read_to_string(&desk_path).expect("desk file"), remembered, "the working connection is remembered again");
    client.close().await.expect("close");
}

/// "Database inrichten" in the window on the test server (as its owner); the first account
/// (Beheerder and coördinator) is signed in afterwards and imports the example chart. Returns
/// the recovery key.
async fn set_up_shared_through_the_window(client: &Client, shared: &support::SharedTestDatabase) -> String {
    find(client, "#setup-form").await;
    click(client, "#f-storage-shared").await;
    wait_for_text(client, "#setup-submit", "Database inrichten").await;
    type_into(client, "#f-db_host", &postgres_setting("HOST")).await;
    type_into(client, "#f-db_port", &postgres_setting("PORT")).await;
    type_into(client, "#f-db_name", &shared.name).await;
    type_into(client, "#f-db_user", &postgres_setting("OWNER")).await;
    type_into(client, "#f-db_password", &postgres_setting("OWNER_PASSWORD")).await;
    type_into(client, "#f-db_ca_file", &postgres_setting("CA")).await;
    assert_eq!(value_of(client, "#f-desk_user").await, "klachtbalie_app", "the desks' usual login is filled in");
    type_into(client, "#f-desk_user", &postgres_setting("APP")).await;
    type_into(client, "#f-desk_password", &postgres_setting("APP_PASSWORD")).await;
    type_into(client, "#f-admin_display_name", "Fatima el Amrani").await;
    type_into(client, "#f-admin_username", "beheer").await;
    type_into(client, "#f-admin_password", "een lang wachtwoord").await;
    type_into(client, "#f-admin_password_repeat", "een lang wachtwoord").await;
    click(client, "#setup-submit").await;
    let recovery_key = wait_for_text(client, "#recovery-key", "-").await.trim().to_string();
    click(client, "#recovery-confirm").await;
    click(client, "#recovery-continue").await;
    wait_for_text(client, "#current-user", "Fatima el Amrani").await;
    import_org_chart(client).await;
    recovery_key
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, a session bus with gnome-keyring, tauri-driver and the test PostgreSQL server: run scripts/test.sh"]
async fn a_stale_edit_at_desk_b_shows_the_conflict_message_and_keeps_the_typed_text() {
    // Optimistic concurrency: every change is based on the version the user saw. The
    // window (desk B) has a step form open with text typed; desk A (the CLI) reassigns the
    // complaint; desk B's save is refused with who changed it and when, the form keeps what was
    // typed, the file around it shows the new handler, and saving again goes through. Nothing
    // is silently overwritten, nothing is lost, and the notices do not double up.
    let database = SharedDatabase::create();
    let shared = database.get();
    let (root, _driver, client) = fresh_app().await;
    let recovery_key = set_up_shared_through_the_window(&client, shared).await;
    let desk = desk_a_folder(root.path(), shared, &recovery_key);
    let (reference, done) = intake_by_desk_a(&desk, "Geertje Tegelijk").await;

    // Desk B opens the file and starts the contact step: a channel and a summary.
    click(&client, "#nav-worklist").await;
    row_appears_within(&client, &reference, done, WAIT).await;
    click(&client, &format!("[data-open='{reference}']")).await;
    wait_for_text(&client, "#complaint-handler", "Anna de Boer").await;
    take_step(&client, "log_contact").await;
    find(&client, "#step-log_contact #f-choice").await.select_by_value("telefoon").await.expect("channel");
    let summary = "Klager gebeld; zij wil excuses en een nieuwe afspraak bij de balie.";
    type_into(&client, "#step-log_contact #f-text", summary).await;

    // Desk A gives the complaint another handler meanwhile.
    let before = Local::now().format("%H:%M").to_string();
    let reassign = vec![
        "reassign".into(),
        "--complaint".into(),
        reference.clone(),
        "--handler".into(),
        "m-ro".into(),
        "--reason".into(),
        "Anna de Boer is met verlof.".into(),
    ];
    let (reassigned, done) = desk_a(&desk, reassign).await;
    let after = Local::now().format("%H:%M").to_string();
    assert_eq!(reassigned["handler"], "Piet Jansen", "{reassigned}");
    // The live update does not touch the open form: a notice instead.
    changes_within(&client, "#live-notice", true, done, Duration::from_secs(2)).await;
    assert_eq!(value_of(&client, "#step-log_contact #f-text").await, summary);

    // Desk B saves what it typed on the version it saw: refused, saying who and when.
    click(&client, "#step-submit").await;
    let message = wait_for_text(&client, "#step-log_contact #conflict-alert", "Er is niets opgeslagen").await;
    let account = whoami::username().expect("this process's account");
    let who = format!("gewijzigd door klachtbalie-cli ({account})");
    assert!(
        [&before, &after].iter().any(|time| message.contains(&format!("{reference} is om {time} {who}"))),
        "the message names the time ({before}..{after}) and who: {message}"
    );
    wait_for_text(&client, "#complaint-handler", "Piet Jansen").await;
    let alert = find(&client, "#step-log_contact #conflict-alert").await;
    assert_eq!(alert.attr("role").await.expect("role").as_deref(), Some("alert"));
    let focused = client.execute("return document.activeElement?.id ?? '';", vec![]).await.expect("focus");
    assert_eq!(focused, json!("conflict-alert"), "the message has the focus");
    // Everything typed is still there, in the same open form.
    assert_eq!(value_of(&client, "#step-log_contact #f-text").await, summary, "the typed summary is kept");
    assert_eq!(value_of(&client, "#step-log_contact #f-choice").await, "telefoon", "the chosen channel is kept");
    // The file around it shows the new data: handler, why, and the timeline.
    wait_for_text(&client, "#complaint-handler-reason", "Anna de Boer is met verlof.").await;
    wait_for_text(&client, "#timeline", "Piet Jansen").await;
    assert_eq!(find(&client, "#complaint-status").await.text().await.expect("status"), "ontvangen", "nothing was saved");
    assert!(client.find(Locator::Css("#contacts-list")).await.is_err(), "no contact was recorded");
    assert!(client.find(Locator::Css("#live-notice")).await.is_err(), "one message, not the live notice beside it");
    client.execute("document.querySelector('#step-log_contact').scrollIntoView({block: 'center'});", vec![]).await.expect("scroll");
    screenshot(&client, "24-stale-save-conflict").await;
    axe(&client, "Conflict bij opslaan").await;
    client.execute("window.scrollTo(0, 0);", vec![]).await.expect("scroll");
    screenshot(&client, "25-stale-save-fresh-file").await;
    // A late live update about desk A's change finds nothing new: still no second notice.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(client.find(Locator::Css("#live-notice")).await.is_err(), "no notice after the conflict showed the new data");

    // Having read the new data, desk B saves again: it goes through on the version now shown.
    submit_step(&client, "in behandeling").await;
    wait_for_text(&client, "#contacts-list", "wil excuses en een nieuwe afspraak").await;
    wait_for_text(&client, "#timeline", "contact vastleggen").await;
    wait_for_text(&client, "#complaint-handler", "Piet Jansen").await;
    assert!(client.find(Locator::Css("#conflict-alert")).await.is_err(), "the message went with the save");
    client.close().await.expect("close");
}
