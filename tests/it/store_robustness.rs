//! The encrypted store when someone cuts the audit log short or the audit entry of a change
//! cannot be written, and the plain Dutch a user gets for a read-only folder or a full disk.

use crate::support;

use chrono::NaiveDateTime;
use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::domain::access_request::AccessRequestForm;
use klachtbalie_core::domain::complaint::ComplaintForm;
use klachtbalie_core::domain::procedure::Status;
use klachtbalie_core::paths;
use klachtbalie_core::service::{self, Actor, Klachtbalie, ServiceError, SettingsForm, Startup, UserForm};
use klachtbalie_core::store::key::MemoryKeyStore;
use klachtbalie_core::store::StoreError;
use std::sync::Arc;

const PASSWORD: &str = "een lang wachtwoord";
const ORG_CHART: &str = include_str!("../fixtures/organogram-voorbeeld.json");

struct World {
    dir: tempfile::TempDir,
    keys: MemoryKeyStore,
    clock: Arc<FixedClock>,
    recovery_key: String,
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").expect("time")
}

fn complaint(name: &str) -> ComplaintForm {
    ComplaintForm {
        received_on: "2026-11-20".into(),
        channel: "telefoon".into(),
        complainant_name: name.into(),
        phone: "06 12345678".into(),
        street_address: "Ouddiemerlaan 104".into(),
        postcode: "1111 HL".into(),
        city: "Diemen".into(),
        complaint_type: "dienstverlening".into(),
        department_id: "bz".into(),
        description: "Niemand belde terug over mijn melding.".into(),
        ..Default::default()
    }
}

impl World {
    /// Set up with the chart, a KCC account and three complaints; returns the Beheerder.
    fn new() -> (Self, Klachtbalie, Actor) {
        let dir = tempfile::tempdir().expect("tempdir");
        let keys = MemoryKeyStore::default();
        let clock = Arc::new(FixedClock::new(at("2026-11-23T09:00")));
        let form = support::setup_form("beheer", PASSWORD);
        let mut app = service::set_up(dir.path(), &keys, clock.clone(), &form).expect("set up");
        let recovery_key = app.pending_recovery_key().expect("pending").expect("shown");
        let admin = Actor::User(app.login("beheer", PASSWORD).expect("login"));
        app.import_org_chart(&admin, ORG_CHART).expect("chart");
        let kcc = UserForm {
            username: "kcc1".into(),
            display_name: "Kees Balie".into(),
            job_title: "KCC-medewerker".into(),
            roles: vec!["kcc_medewerker".into()],
            active: true,
            password: PASSWORD.into(),
            ..Default::default()
        };
        app.create_user(&admin, &kcc).expect("kcc account");
        for name in ["Eén", "Twee", "Drie"] {
            app.register_complaint(&admin, &complaint(name)).expect("register");
        }
        (Self { dir, keys, clock, recovery_key }, app, admin)
    }

    fn reopen(&self) -> Klachtbalie {
        match service::start(self.dir.path(), &self.keys, self.clock.clone()).expect("start") {
            Startup::Ready(app) => *app,
            _ => panic!("expected the database to open"),
        }
    }

    /// The encrypted file opened as someone with the key and a SQLite shell could.
    fn raw(&self) -> rusqlite::Connection {
        crate::desk_file::open(self.dir.path(), &self.recovery_key)
    }

    /// Changes the audit log behind the app's back: its protecting triggers dropped first.
    fn tamper(&self, sql: &str) {
        self.raw()
            .execute_batch(&format!("DROP TRIGGER IF EXISTS audit_is_append_only; DROP TRIGGER IF EXISTS audit_is_never_deleted; {sql}"))
            .expect("tamper");
    }
}

fn is_audit_block(error: &ServiceError) -> bool {
    matches!(error, ServiceError::Store(StoreError::AuditTampered(_)))
}

#[test]
fn entries_cut_off_the_end_stop_every_write_until_the_beheerder_acknowledges_it() {
    // rule SEC-02 (defect 6): the next write used to chain onto the shortened log,
    // after which the log verified as intact.
    let (world, app, admin) = World::new();
    drop(app);
    world.tamper("DELETE FROM audit_log WHERE sequence > (SELECT max(sequence) - 2 FROM audit_log);");
    let mut app = world.reopen();

    let refused = app.register_complaint(&admin, &complaint("Vier")).expect_err("writing stops");
    assert!(is_audit_block(&refused), "{refused:?}");
    assert!(refused.to_string().contains("Beheerder") && refused.to_string().contains("CISO"), "{refused}");
    assert!(app.login("kcc1", PASSWORD).is_err_and(|error| is_audit_block(&error)), "others cannot work on a damaged log");
    let beheerder = app.login("beheer", PASSWORD).expect("the Beheerder still gets in to look");
    let verification = app.verify_audit(&Actor::User(beheerder.clone())).expect("verify");
    assert!(verification.first_broken.is_some(), "{verification:?}");
    assert!(verification.summary().contains("eind"), "{}", verification.summary());

    let kcc = Actor::User(service::SessionUser { roles: vec![klachtbalie_core::roles::Role::KccMedewerker], ..beheerder.clone() });
    assert!(app.acknowledge_audit_damage(&kcc).is_err(), "only the Beheerder acknowledges");
    let acknowledged = app.acknowledge_audit_damage(&admin).expect("acknowledge").expect("there was a problem");
    assert!(acknowledged.contains("verwijderd"), "{acknowledged}");
    app.register_complaint(&admin, &complaint("Vier")).expect("writing goes on after the acknowledgement");
    let (entries, verification) = app.audit_log(&admin, &Default::default()).expect("log");
    assert_eq!(verification.first_broken, None, "{verification:?}");
    assert!(entries.iter().any(|entry| entry.action == "aantasting auditlog bevestigd"), "the gap stays on record");
    assert_eq!(app.acknowledge_audit_damage(&admin).expect("again"), None, "nothing left to acknowledge");
}

#[test]
fn a_deleted_head_or_a_deleted_log_is_itself_detected() {
    // rule SEC-02 (defect 6).
    let (world, app, admin) = World::new();
    drop(app);
    world.tamper("DELETE FROM settings WHERE key = 'audit_head';");
    let mut app = world.reopen();
    assert!(app.register_complaint(&admin, &complaint("Vier")).is_err_and(|error| is_audit_block(&error)));
    assert!(app.verify_audit(&admin).expect("verify").first_broken.is_some());
    drop(app);

    world.tamper("DELETE FROM audit_log;");
    let mut app = world.reopen();
    let verification = app.verify_audit(&admin).expect("verify");
    assert!(verification.summary().contains("hele log"), "{}", verification.summary());
    assert!(app.register_complaint(&admin, &complaint("Vier")).is_err_and(|error| is_audit_block(&error)));
}

#[test]
fn a_read_only_database_and_a_full_disk_are_told_in_plain_dutch() {
    // Defect 8: raw SQLite English reached the user. Root ignores file modes, so the
    // read-only case uses a read-only connection and the full disk SQLite's page limit.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plain.db");
    let connection = rusqlite::Connection::open(&path).expect("open");
    connection.execute_batch("CREATE TABLE t (x TEXT);").expect("schema");
    drop(connection);
    let read_only = rusqlite::Connection::open_with_flags(&path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).expect("ro");
    let error = StoreError::from(read_only.execute("INSERT INTO t VALUES ('a')", []).expect_err("read-only"));
    assert!(matches!(error, StoreError::ReadOnly(_)), "{error:?}");
    assert!(error.to_string().contains("alleen-lezen") && !error.to_string().contains("readonly"), "{error}");

    let full = rusqlite::Connection::open(&path).expect("open");
    let pages: i64 = full.query_row("PRAGMA page_count", [], |row| row.get(0)).expect("pages");
    full.execute_batch(&format!("PRAGMA max_page_count = {pages};")).expect("limit");
    let error = StoreError::from(full.execute("INSERT INTO t VALUES (?1)", [&"x".repeat(100_000)]).expect_err("full"));
    assert!(matches!(error, StoreError::DiskFull(_)), "{error:?}");
    assert!(error.to_string().contains("schijf is vol") && error.to_string().contains("blijft bewaard"), "{error}");
}

#[test]
fn a_stale_key_check_file_never_locks_out_the_right_key() {
    // A database restored from elsewhere keeps the old key-check file beside it: the database
    // decides, and the check file is rewritten.
    let (world, app, _admin) = World::new();
    drop(app);
    let check = klachtbalie_core::store::key_check_path(&paths::database_path(world.dir.path()));
    let stale = "0".repeat(64);
    std::fs::write(&check, &stale).expect("stale check");
    let _app = world.reopen();
    assert_ne!(std::fs::read_to_string(&check).expect("check").trim(), stale, "rewritten once the key opened the database");
}

#[test]
fn a_change_cut_off_by_a_kill_is_rolled_back_when_the_desk_opens_again() {
    // Windows CI (under Wine, one run in many): a set-up killed while its database switched
    // back to WAL left a hot rollback journal, and the next start was refused as "alleen-lezen"
    // (SQLITE_READONLY_ROLLBACK of the read-only key check). The state after such a kill is
    // made here without a kill: the files are copied while a write transaction in rollback-
    // journal mode is open, so the copy holds a journal that no process owns.
    let (world, app, admin) = World::new();
    drop(app);
    let database = paths::database_path(world.dir.path());
    let journal = database.with_file_name(format!("{}-journal", paths::DATABASE_FILE));
    let killed = tempfile::tempdir().expect("tempdir");
    let raw = world.raw();
    raw.execute_batch(
        // A cache of two pages spills to the file during the transaction: the journal is
        // synced with its header, the main file half rewritten, as in a commit that was cut off.
        "PRAGMA journal_mode = DELETE;
         PRAGMA cache_size = 2;
         BEGIN IMMEDIATE;
         CREATE TABLE half_written (x BLOB);
         WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)
         INSERT INTO half_written SELECT randomblob(3000) FROM n;
         UPDATE settings SET value = 'half' WHERE key = 'recovery_key_confirmed';",
    )
    .expect("a write transaction");
    let header = std::fs::read(&journal).expect("the transaction has its rollback journal");
    assert_eq!(header.get(..8), Some(&[0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7][..]), "a journal SQLite takes as hot");
    let files: Vec<_> = std::fs::read_dir(world.dir.path()).expect("data").filter_map(Result::ok).map(|entry| entry.path()).collect();
    for file in files.iter().filter(|file| file.is_file()) {
        std::fs::copy(file, killed.path().join(file.file_name().expect("name"))).expect("copy");
    }
    raw.execute_batch("ROLLBACK").expect("rollback");
    drop(raw);
    for file in std::fs::read_dir(killed.path()).expect("copy").filter_map(Result::ok) {
        std::fs::copy(file.path(), world.dir.path().join(file.file_name())).expect("put back");
    }
    assert!(journal.exists(), "the journal of the killed transaction is back");

    // A read-only open (moving the desk to the shared store) may not roll back: it says so.
    let key = klachtbalie_core::store::key::DatabaseKey::from_recovery_key(&world.recovery_key).expect("key");
    let Err(refused) = klachtbalie_core::store::Database::open_read_only(&database, &key) else { panic!("refused read-only") };
    assert!(matches!(refused, StoreError::UnfinishedChange(_)), "{refused:?}");
    assert!(refused.to_string().contains("afgebroken") && !refused.to_string().contains("readonly"), "{refused}");
    assert!(journal.exists(), "a read-only open changes nothing");

    let mut app = world.reopen();
    let all = app.worklist(&admin, service::WorklistScope::All).expect("worklist");
    assert_eq!(all.len(), 3, "every saved complaint is there");
    assert!(!journal.exists(), "the cut-off change was rolled back");
    let tables: i64 =
        world.raw().query_row("SELECT count(*) FROM sqlite_master WHERE name = 'half_written'", [], |row| row.get(0)).expect("schema");
    assert_eq!(tables, 0, "nothing of the cut-off change is left");
}

#[test]
fn a_destroyed_complaint_leaves_nothing_in_the_file_its_free_pages_or_the_wal() {
    // AVG-02: destruction removes the personal data "for good" on the single desk: with
    // secure_delete, the search index merged and the WAL checkpointed, no byte of it is left.
    // Run on the same store code without encryption, so that a scan of the raw files can see
    // anything that was left (on the encrypted file every byte is ciphertext anyway).
    use klachtbalie_core::domain::complaint::{Channel, ComplaintType, NewComplaint};
    use klachtbalie_core::store::{ComplaintNames, Database, DestructionRecord, HandlerAssignment};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("plain.db");
    let mut database = Database::open_unencrypted_for_comparison(&path).expect("open");
    let marker = "Quirijntje Zeldzaamnaam";
    let text = "Vertelde over de Fladderkrokodil bij het loket.";
    let now = at("2031-04-02T09:00");
    let complaint = NewComplaint {
        received_on: chrono::NaiveDate::from_ymd_opt(2026, 1, 5).expect("date"),
        channel: Channel::Telefoon,
        complainant_name: marker.into(),
        street_address: "Kwartelkade 3".into(),
        postcode: "1111 AB".into(),
        city: "Diemen".into(),
        phone: "0612345678".into(),
        email: "quirijntje@example.org".into(),
        representative: String::new(),
        complaint_type: ComplaintType::Dienstverlening,
        department_id: Some("bz".into()),
        respondent_ids: Vec::new(),
        conduct_date: None,
        description: text.into(),
        desired_outcome: String::new(),
    };
    let names = ComplaintNames { department_name: "Burgerzaken".into(), respondent_names: String::new() };
    let handler =
        HandlerAssignment { id: "m-bz".into(), name: "Anna de Boer".into(), function: "afdelingsmanager".into(), reason: "test".into() };
    let id = database
        .write(|tx| -> Result<i64, StoreError> {
            let reference = tx.next_reference(2026)?;
            let id = tx.insert_complaint(&reference, &complaint, &names, &handler, now, "test", None)?;
            tx.insert_event(id, now, "test", "geregistreerd", &format!("klacht van {marker}"))?;
            tx.insert_note(id, now, "test", &format!("Gebeld met {marker} over de Fladderkrokodil."))?;
            Ok(id)
        })
        .expect("register");
    let scan = |needle: &str| support::files_containing(dir.path(), needle);
    assert!(!scan("Fladderkrokodil").is_empty(), "the scan sees plain text before the destruction (it is not vacuous)");
    let record = DestructionRecord {
        reference: "KL-2026-0001".into(),
        retention_class: "13.1".into(),
        closed_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1).expect("date"),
        destroyed_at: "2031-04-02T09:00:00".into(),
        proposed_by: "coord".into(),
        confirmed_by: "tweede".into(),
    };
    database.write(|tx| tx.destroy_complaint(id, &record, None)).expect("destroy");
    database.purge_destroyed().expect("purge");
    for needle in [marker, "Zeldzaamnaam", "Fladderkrokodil", "Kwartelkade", "quirijntje@example", "0612345678", "Anna de Boer"] {
        assert_eq!(scan(needle), Vec::<String>::new(), "{needle} is still in a file of the data folder (database, free pages or WAL)");
    }
    assert!(!scan("KL-2026-0001").is_empty(), "the reference and the destruction record stay");
    database.close().expect("close");
    for needle in [marker, "Fladderkrokodil"] {
        assert_eq!(scan(needle), Vec::<String>::new(), "{needle} after closing");
    }
}

/// The database under a test as its administrator sees it: the desk's SQLCipher file opened
/// with its key, or the shared database as its owner.
enum Administrator<'a> {
    Desk(rusqlite::Connection),
    Shared(&'a support::SharedTestDatabase),
}

impl Administrator<'_> {
    fn execute(&self, sql: &str) {
        match self {
            Self::Desk(connection) => connection.execute_batch(sql).expect("SQL on the desk's file"),
            Self::Shared(database) => database.as_owner(sql).expect("SQL as the owner"),
        }
    }

    /// Every row of every table, audit log included, one line each: equal before and after
    /// means nothing was written.
    fn every_row(&self) -> std::collections::BTreeSet<String> {
        let mut lines = std::collections::BTreeSet::new();
        match self {
            Self::Desk(connection) => {
                let tables: Vec<String> = connection
                    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
                    .and_then(|mut statement| statement.query_map([], |row| row.get(0))?.collect())
                    .expect("tables");
                for table in tables {
                    let mut statement = connection.prepare(&format!("SELECT * FROM \"{table}\"")).expect("select");
                    let columns = statement.column_count();
                    let mut rows = statement.query([]).expect("rows");
                    while let Some(row) = rows.next().expect("row") {
                        let values: Vec<String> = (0..columns)
                            .map(|i| match row.get_ref(i).expect("value") {
                                rusqlite::types::ValueRef::Text(text) => String::from_utf8_lossy(text).into_owned(),
                                other => format!("{other:?}"),
                            })
                            .collect();
                        lines.insert(format!("{table}: {}", values.join(" | ")));
                    }
                }
            }
            Self::Shared(database) => {
                let mut client = database.owner.connect().expect("connect as the owner");
                let tables: Vec<String> = client
                    .query("SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema()", &[])
                    .expect("tables")
                    .iter()
                    .map(|row| row.get(0))
                    .collect();
                for table in tables {
                    for row in client.query(&format!("SELECT row_to_json(t)::text FROM \"{table}\" t"), &[]).expect("rows") {
                        lines.insert(format!("{table}: {}", row.get::<_, String>(0)));
                    }
                }
            }
        }
        lines
    }

    fn audit_entries(&self) -> usize {
        self.every_row().iter().filter(|line| line.starts_with("audit_log: ")).count()
    }
}

/// A set-up store with its chart, the Beheerder signed in, and the same database as its
/// administrator sees it behind the app's back.
fn administered(store: &support::TestStore) -> (Klachtbalie, Administrator<'_>, Actor) {
    let mut app =
        store.set_up(Arc::new(FixedClock::new(at("2026-11-23T09:00"))), &support::setup_form("beheer", PASSWORD)).expect("set up");
    let administrator = match &store.shared {
        Some(database) => Administrator::Shared(database),
        None => {
            let recovery_key = app.pending_recovery_key().expect("pending").expect("shown");
            Administrator::Desk(crate::desk_file::open(store.dir.path(), &recovery_key))
        }
    };
    let admin = Actor::User(app.login("beheer", PASSWORD).expect("login"));
    app.import_org_chart(&admin, ORG_CHART).expect("chart");
    (app, administrator, admin)
}

fn a_change_whose_audit_entry_cannot_be_written_leaves_nothing_behind(store: support::TestStore) {
    // Invariant 11, rule SEC-02: a change and its audit entry are one transaction. These six
    // changes used to append their entry in a second transaction, so a crash or a failing append
    // in between kept a change that the audit log does not show.
    let (mut app, administrator, admin) = administered(&store);
    app.register_complaint(&admin, &complaint("Eén")).expect("register");
    let request_form = AccessRequestForm {
        requester: "R. Cliteur".into(),
        address: "Arent Krijtsstraat 1\n1111 AB Diemen".into(),
        identity_check: "legitimatie_balie".into(),
        identity_note: "rijbewijs gezien".into(),
        received_on: "23-11-2026".into(),
    };
    let number = app.register_access_request(&admin, &request_form).expect("an earlier request").request.number;
    let settings_form = SettingsForm {
        municipality_name: "Gemeente Diemen".into(),
        postal_address: "Postbus 191, 1110 AD Diemen".into(),
        lock_minutes: "5".into(),
        acknowledgement_days: "5".into(),
        first_contact_days: "3".into(),
        due_soon_days: "5".into(),
        extra_holidays: "04-01-2027".into(),
        ..Default::default()
    };
    let import_file = serde_json::json!({ "complaints": [{
        "previous_reference": "OUD/2025/001", "received_on": "2025-03-04", "channel": "brief",
        "complainant_name": "Geïmporteerde Klager", "street_address": "Oudestraat 1", "postcode": "1111 AB",
        "city": "Diemen", "phone": null, "email": "oud@example.org", "complaint_type": "dienstverlening",
        "department_id": "bz", "respondent_ids": [], "conduct_date": "2025-03-04",
        "description": "Een oude klacht over de vuilnisophaling.", "outcome": "ongegrond", "closed_on": "2025-04-01",
        "advisory_committee": false, "postponed_weeks": 0, "consent_until": null, "hearing_held": false, "ombudsman": false,
    }]})
    .to_string();
    type Change<'a> = (&'a str, Box<dyn Fn(&mut Klachtbalie) -> Result<(), ServiceError> + 'a>);
    let changes: Vec<Change> = vec![
        ("register an access request", Box::new(|app| app.register_access_request(&admin, &request_form).map(drop))),
        ("extend an access request", Box::new(|app| app.extend_access_request(&admin, &number, "Veel klachten door te nemen.").map(drop))),
        ("answer an access request", Box::new(|app| app.answer_access_request(&admin, &number, &[]).map(drop))),
        ("change the settings", Box::new(|app| app.update_settings(&admin, &settings_form).map(drop))),
        ("import complaints", Box::new(|app| app.import_complaints(&admin, &import_file).map(drop))),
        ("seed test complaints", Box::new(|app| app.seed_complaints(&admin, 3, 2026, true, |_| ()).map(drop))),
    ];
    let (failing_append, working_append) = if store.is_shared() {
        (
            "CREATE FUNCTION audit_append_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'de auditregel faalt'; END $$;
             CREATE TRIGGER audit_append_fails BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_append_fails();",
            "DROP TRIGGER audit_append_fails ON audit_log; DROP FUNCTION audit_append_fails();",
        )
    } else {
        (
            "CREATE TRIGGER audit_append_fails BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'de auditregel faalt'); END;",
            "DROP TRIGGER audit_append_fails;",
        )
    };
    for (what, change) in &changes {
        administrator.execute(failing_append);
        let before = administrator.every_row();
        match change(&mut app) {
            Err(ServiceError::Store(_)) => {}
            other => panic!("{what}: expected the failing audit append to refuse the change, got {other:?}"),
        }
        let after = administrator.every_row();
        let kept: Vec<&String> = after.symmetric_difference(&before).collect();
        assert!(kept.is_empty(), "{what}: a change was kept without its audit entry: {kept:#?}");
        // The same change goes through once the entry can be written, with its entry.
        administrator.execute(working_append);
        let entries = administrator.audit_entries();
        change(&mut app).unwrap_or_else(|error| panic!("{what}: {error:?}"));
        assert!(administrator.audit_entries() > entries, "{what}: written without an audit entry");
    }
}

fn an_unknown_code_in_the_database_is_an_error_naming_table_column_and_value(store: support::TestStore) {
    // Rule INT-02 (no value is guessed) and SEC-02 (what the audit and the file show is what is
    // stored). A status or judgement the program does not know (a hand-edited database, a newer version's
    // value) used to become "ontvangen" or no judgement without a word; the store now parses
    // each code once and refuses what it does not know, so nothing is shown or decided on a guess.
    let (mut app, administrator, admin) = administered(&store);
    let reference = app.register_complaint(&admin, &complaint("Eén")).expect("register").reference;
    for (column, value) in [("status", "zoekgeraakt"), ("judgement", "half_gegrond")] {
        administrator.execute(&format!("UPDATE complaints SET {column} = '{value}'"));
        let message = match app.complaint_detail(&admin, &reference) {
            Err(ServiceError::Store(error)) => error.to_string(),
            other => panic!("{column} = {value}: expected a store error, got {other:?}"),
        };
        assert!(message.contains(&format!("complaints.{column}")) && message.contains(value), "names table, column and value: {message}");
        assert!(message.starts_with("De database bevat een onverwachte waarde"), "in Dutch: {message}");
        administrator.execute(&format!("UPDATE complaints SET {column} = {}", if column == "status" { "'ontvangen'" } else { "NULL" }));
    }
    assert_eq!(app.complaint_detail(&admin, &reference).expect("readable again").record.status, Status::Ontvangen);
}

on_both_stores!(
    a_change_whose_audit_entry_cannot_be_written_leaves_nothing_behind,
    an_unknown_code_in_the_database_is_an_error_naming_table_column_and_value,
);
