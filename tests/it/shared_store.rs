//! The shared PostgreSQL store on a real server (started by scripts/with-postgres.sh): joining
//! a desk with the recovery key, least privilege, sealing (SEC-01: the dump scan), search over
//! sealed values, concurrent desks, and change notifications between desks.

use crate::support;

use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::domain::complaint::ComplaintForm;
use klachtbalie_core::service::{self, Actor, DecisionForm, Klachtbalie, ServiceError, StepForm, WorklistFilter, WorklistScope};
use klachtbalie_core::store::key::{KeyStore, MemoryKeyStore};
use klachtbalie_core::store::{Database, SearchReach, StoreError};
use std::sync::Arc;
use std::time::{Duration, Instant};
use support::{at, TestStore};

pub(crate) const PASSWORD: &str = "een lang wachtwoord";

pub(crate) fn clock() -> Arc<FixedClock> {
    Arc::new(FixedClock::new(at("2026-11-23T09:00")))
}

/// A shared database set up by the owner, with the example chart; the desk works as the
/// desks' login.
pub(crate) fn set_up() -> (TestStore, Klachtbalie, Actor) {
    set_up_with_chart(EXAMPLE_CHART)
}

const EXAMPLE_CHART: &str = include_str!("../fixtures/organogram-voorbeeld.json");

fn set_up_with_chart(chart: &str) -> (TestStore, Klachtbalie, Actor) {
    let store = TestStore::shared();
    let mut app = store.set_up(clock(), &support::setup_form("beheer", PASSWORD)).expect("set up");
    let actor = Actor::User(app.login("beheer", PASSWORD).expect("login"));
    app.import_org_chart(&actor, chart).expect("chart");
    (store, app, actor)
}

pub(crate) fn form(name: &str) -> ComplaintForm {
    form_for(name, "bz")
}

/// A complaint about a department's service (routed to its manager).
pub(crate) fn form_for(name: &str, department: &str) -> ComplaintForm {
    ComplaintForm {
        received_on: "2026-11-23".into(),
        channel: "brief".into(),
        complainant_name: name.into(),
        street_address: "Ouddiemerlaan 104".into(),
        postcode: "1111 HL".into(),
        city: "Diemen".into(),
        complaint_type: "dienstverlening".into(),
        department_id: department.into(),
        conduct_date: "2026-11-16".into(),
        description: "Mijn aanvraag is zoekgeraakt.".into(),
        ..Default::default()
    }
}

pub(crate) fn shared(store: &TestStore) -> &support::SharedTestDatabase {
    store.shared.as_ref().expect("a shared store")
}

#[test]
fn another_desk_joins_with_the_recovery_key_and_a_wrong_key_writes_nothing() {
    // SEC-01/SEC-04: the key is checked against the server's key-check value before anything
    // is written, and it never reaches the server.
    let (store, mut app, actor) = set_up();
    app.register_complaint(&actor, &form("Jan de Vries")).expect("register");
    let recovery_key = app.pending_recovery_key().expect("pending").expect("shown once");
    let key = store.keys.load(&shared(&store).app.database_id()).expect("load").expect("the set-up desk's key");
    let key_hex = crate::desk_file::key_hex(&key.recovery_key()).to_lowercase();
    drop(app);

    let other_desk = MemoryKeyStore::default();
    let dir = tempfile::tempdir().expect("tempdir");
    let location = &shared(&store).app;
    match service::start_shared(location, &other_desk, clock(), dir.path()).expect("start") {
        service::Startup::NeedsRecoveryKey { reason } => assert!(reason.contains("nog niet gekoppeld"), "{reason}"),
        _ => panic!("a desk without the key must be asked for the recovery key"),
    }
    let before = shared(&store).dump();
    let wrong = klachtbalie_core::store::key::DatabaseKey::generate().recovery_key();
    let refused = service::join_shared(location, &other_desk, clock(), &wrong, dir.path());
    assert!(matches!(refused, Err(ServiceError::WrongRecoveryKey)), "{:?}", refused.err());
    assert_eq!(shared(&store).dump(), before, "a wrong key must not change the shared database");
    assert!(other_desk.load(&location.database_id()).expect("load").is_none(), "a wrong key is not kept");

    let mut joined = service::join_shared(location, &other_desk, clock(), &recovery_key, dir.path()).expect("join");
    let actor = Actor::User(joined.login("beheer", PASSWORD).expect("login at the second desk"));
    assert_eq!(joined.worklist(&actor, WorklistScope::All).expect("worklist")[0].complainant_name, "Jan de Vries");
    assert!(other_desk.load(&location.database_id()).expect("load").is_some(), "the key is kept in this desk's key store");
    let dump = String::from_utf8_lossy(&shared(&store).dump()).to_lowercase();
    assert!(!dump.contains(&key_hex), "the database key must never reach the server");
}

#[test]
fn the_desks_login_owns_nothing_and_cannot_rewrite_history() {
    // Least privilege: rows only; append-only tables refuse UPDATE/DELETE by grant and, for
    // the owner too, by trigger.
    let (store, mut app, actor) = set_up();
    app.register_complaint(&actor, &form("Jan de Vries")).expect("register");
    app.acknowledgement_letter(&actor, "KL-2026-0001").expect("letter");
    let database = shared(&store);
    for (sql, why) in [
        ("ALTER TABLE complaints ADD COLUMN x bigint", "change the schema"),
        ("DROP TABLE notes", "drop a table"),
        ("UPDATE audit_log SET actor = 'iemand'", "rewrite the audit log"),
        ("DELETE FROM audit_log", "delete the audit log"),
        ("UPDATE letters SET kind = 'x'", "change a final letter"),
        ("DELETE FROM letter_templates", "delete template versions"),
        ("UPDATE store_info SET value = 'x'", "replace the key check"),
    ] {
        let refused = database.as_app(sql);
        assert!(refused.is_err(), "the desks' login could {why}");
    }
    for sql in ["UPDATE audit_log SET actor = 'iemand'", "DELETE FROM letters", "TRUNCATE audit_log CASCADE"] {
        let refused = database.as_owner(sql).expect_err("the owner is stopped by the trigger");
        assert!(refused.contains("kan niet") || refused.contains("cannot"), "{sql}: {refused}");
    }
    assert!(app.verify_audit(&actor).expect("verify").first_broken.is_none());
}

#[test]
fn no_personal_value_is_readable_on_the_server_and_search_still_finds_it() {
    // SEC-01: after a journey through intake, contact, note, hearing, decision, approval and
    // letters, neither pg_dump nor any file under the server's data directory holds a seeded
    // name, street, phone number, e-mail address or description word. The handler gets a name
    // only this test uses: tests beside it on the same server write the example chart's names
    // as who changed a complaint (plain, as the accounts' names are), and the scan reads the
    // whole server.
    let (store, mut app, actor) = set_up_with_chart(&EXAMPLE_CHART.replace("Anna de Boer", "Annabel Wilgenroosje"));
    let seeded = ComplaintForm {
        complainant_name: "Zwaantje Vlinderhoeve-Quist".into(),
        street_address: "Kwakkelsteeg 17".into(),
        postcode: "1113 XQ".into(),
        phone: "06 98127364".into(),
        email: "zwaantje.quist@voorbeeldmail.nl".into(),
        description: "De Plofkraakverwarring bij het loket duurde eindeloos.".into(),
        desired_outcome: "Schriftelijke Knipoogexcuses graag.".into(),
        ..form("")
    };
    let reference = app.register_complaint(&actor, &seeded).expect("register").reference;
    app.acknowledgement_letter(&actor, &reference).expect("acknowledgement");
    let contact = StepForm {
        date: "23-11-2026".into(),
        choice: "telefoon".into(),
        text: "Gesproken over Tulpenbolderij.".into(),
        ..Default::default()
    };
    app.log_contact(&actor, &reference, &contact).expect("contact");
    app.add_note(&actor, &reference, "Notitie over Wervelwindmolen.").expect("note");
    app.continue_formally(&actor, &reference, "Klager wil een formele Zandlopertoets.").expect("formal");
    let hearing =
        StepForm { date: "23-11-2026".into(), time: "14:00".into(), choice: "Raadhuis, kamer Pauwenveer".into(), ..Default::default() };
    app.plan_hearing(&actor, &reference, &hearing).expect("hearing");
    app.report_hearing(&actor, &reference, "Verslag: Klager noemde de Kikkerdril-balie.").expect("report");
    let decision = DecisionForm {
        findings: "Bevinding Spreeuwenzwerm.".into(),
        judgement: "gegrond".into(),
        conclusions: "Conclusie Egelstekel.".into(),
        reasons: "Motivering Otterplons.".into(),
    };
    app.draft_decision(&actor, &reference, &decision).expect("draft");

    // Search over sealed values: blind-index tokens narrow, the desk re-checks.
    let search = |app: &mut Klachtbalie, words: &str| {
        let filter = WorklistFilter { search: words.into(), ..Default::default() };
        app.filtered_worklist(&actor, WorklistScope::All, &filter)
            .expect("search")
            .into_iter()
            .map(|item| item.reference)
            .collect::<Vec<_>>()
    };
    app.register_complaint(&actor, &form("Els Jansen")).expect("second complaint");
    for words in [
        "vlinderhoeve",
        "QUIST zwaantje",
        "Kwakkelsteeg",
        "1113XQ",
        "0698127364",
        "zwaantje.quist@voorbeeldmail.nl",
        "plofkraakverwarring",
        "vlinder",
        "kwakkel",
        reference.as_str(),
    ] {
        assert_eq!(search(&mut app, words), std::slice::from_ref(&reference), "search for {words:?}");
    }
    assert_eq!(search(&mut app, "Vlinderhoeve Jansen"), Vec::<String>::new(), "every word must match");
    assert_eq!(search(&mut app, "Onbekendwoord"), Vec::<String>::new());
    assert_eq!(search(&mut app, "plofkraak"), Vec::<String>::new(), "the free text matches whole words only");

    let database = shared(&store);
    let dump = database.dump();
    let data_dir = support::SharedTestDatabase::data_directory();
    // The scans are not vacuous: the dump holds the plain reference, the data folder the WAL.
    assert!(String::from_utf8_lossy(&dump).contains(&reference), "the dump holds the complaint");
    assert!(data_dir.join("pg_wal").is_dir(), "the server's data directory is scanned");
    let markers = [
        "Vlinderhoeve",
        "Zwaantje",
        "Kwakkelsteeg",
        "1113 XQ",
        "98127364",
        "voorbeeldmail",
        "Plofkraakverwarring",
        "Knipoogexcuses",
        "Tulpenbolderij",
        "Wervelwindmolen",
        "Zandlopertoets",
        "Pauwenveer",
        "Kikkerdril",
        "Spreeuwenzwerm",
        "Egelstekel",
        "Otterplons",
        "Annabel Wilgenroosje",
    ];
    for marker in markers {
        assert!(!String::from_utf8_lossy(&dump).contains(marker), "pg_dump contains {marker:?}");
    }
    assert_eq!(support::files_containing_any(&data_dir, &markers), Vec::<(String, String)>::new(), "the server's files hold them");
    // And it is all there for the desk.
    let detail = app.complaint_detail(&actor, &reference).expect("detail");
    assert_eq!(detail.record.complaint.complainant_name, "Zwaantje Vlinderhoeve-Quist");

    // SEC-06 on the shared store: the dump is the municipality's backup. Loaded with psql into
    // a new database (README.md), a desk with the same key works on it as before.
    let restored = support::SharedTestDatabase::create();
    restored.restore_dump(&dump);
    let key = store.keys.load(&database.app.database_id()).expect("keyring").expect("the desk's key");
    store.keys.save(&restored.app.database_id(), &key).expect("the same key for the restored database");
    let Ok(service::Startup::Ready(mut desk)) = service::start_shared(&restored.app, &store.keys, clock(), store.dir.path()) else {
        panic!("a desk starts on the restored dump")
    };
    let restored_detail = desk.complaint_detail(&actor, &reference).expect("detail from the restored database");
    assert_eq!(restored_detail.record.complaint.complainant_name, "Zwaantje Vlinderhoeve-Quist");
    assert_eq!(restored_detail.timeline, detail.timeline, "the whole file, as it was");
    assert!(desk.verify_audit(&actor).expect("verify").first_broken.is_none(), "the audit chain is intact after the restore");
    assert_eq!(search(&mut desk, "vlinderhoeve"), std::slice::from_ref(&reference), "the blind index came along");
}

#[test]
fn eight_desks_register_400_complaints_with_consecutive_numbers_and_an_intact_audit_chain() {
    // INT-03 and SEC-02 under concurrency: 8 desks × 50 intakes at once.
    let (store, mut app, actor) = set_up();
    let started = Instant::now();
    let references: Vec<String> = std::thread::scope(|scope| {
        let desks: Vec<_> = (0..8)
            .map(|desk| {
                let store = &store;
                let actor = actor.clone();
                scope.spawn(move || {
                    let mut app = store.open(clock());
                    (0..50)
                        .map(|n| app.register_complaint(&actor, &form(&format!("Klager {desk}-{n}"))).expect("register").reference)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        desks.into_iter().flat_map(|desk| desk.join().expect("desk thread")).collect()
    });
    let elapsed = started.elapsed();
    let mut sorted = references.clone();
    sorted.sort();
    let expected: Vec<String> = (1..=400).map(|n| format!("KL-2026-{n:04}")).collect();
    assert_eq!(sorted, expected, "400 distinct, consecutive numbers");
    eprintln!("8 desks x 50 intakes: {:.1} s ({:.0} intakes/s)", elapsed.as_secs_f64(), 400.0 / elapsed.as_secs_f64());
    let verification = app.verify_audit(&actor).expect("verify");
    assert_eq!(verification.first_broken, None, "{}", verification.summary());
    assert!(verification.entries > 400, "every intake is in the chain: {}", verification.entries);
    assert_eq!(app.worklist(&actor, WorklistScope::All).expect("worklist").len(), 400);
}

#[test]
fn other_desks_hear_of_a_change_at_commit_and_never_after_a_rollback() {
    let (store, mut app, actor) = set_up();
    let mut listener = app.change_listener().expect("listener").expect("the shared store announces changes");
    let mut other = store.open(clock());
    other.register_complaint(&actor, &form("Jan de Vries")).expect("register at the other desk");
    let started = Instant::now();
    let heard = listener.wait(Duration::from_secs(2)).expect("wait");
    assert_eq!(heard.len(), 1, "the new complaint is announced: {heard:?}");
    assert!(started.elapsed() < Duration::from_secs(2));
    let id = heard[0];

    // A unit of work that fails is rolled back and announces nothing.
    let key = store.keys.load(&shared(&store).app.database_id()).expect("load").expect("key");
    let mut database = Database::open_shared(&shared(&store).app, &key).expect("open");
    let now = at("2026-11-23T10:00");
    let failed = database.write(|tx| -> Result<(), StoreError> {
        tx.insert_event(id, now, "test", "notitie", "wordt teruggedraaid")?;
        Err(StoreError::Column("afgebroken".into()))
    });
    assert!(failed.is_err());
    assert_eq!(listener.wait(Duration::from_millis(700)).expect("wait"), Vec::<i64>::new(), "nothing after a rollback");
    database.write(|tx| tx.insert_event(id, now, "test", "notitie", "blijft staan")).expect("commit");
    assert_eq!(listener.wait(Duration::from_secs(2)).expect("wait"), [id], "announced at commit");
    assert_eq!(app.complaint_detail(&actor, "KL-2026-0001").expect("detail").timeline.len(), 3, "the other desk sees it at once");
    // This desk's own changes are not announced back to it (its window already shows them).
    app.add_note(&actor, "KL-2026-0001", "Eigen notitie.").expect("note");
    app.register_complaint(&actor, &form("Els Jansen")).expect("own intake");
    assert_eq!(listener.wait(Duration::from_millis(700)).expect("wait"), Vec::<i64>::new(), "own changes are not echoed");
}

#[test]
fn a_sealed_value_moved_to_another_row_or_changed_is_refused() {
    // SEC-01: the associated data binds a sealed value to its table, column and row.
    let (store, mut app, actor) = set_up();
    app.register_complaint(&actor, &form("Jan de Vries")).expect("first");
    app.register_complaint(&actor, &form("Els Jansen")).expect("second");
    shared(&store)
        .as_owner(
            "UPDATE complaints SET complainant_name = (SELECT complainant_name FROM complaints WHERE reference = 'KL-2026-0001')
             WHERE reference = 'KL-2026-0002'",
        )
        .expect("a database administrator moves a value");
    match app.complaint_detail(&actor, "KL-2026-0002") {
        Err(ServiceError::Store(StoreError::NotOfThisComplaint { reference, detail })) => {
            assert_eq!(reference, "KL-2026-0002");
            assert!(detail.contains("complainant_name"), "{detail}");
        }
        other => panic!("a moved value must not open: {:?}", other.map(|detail| detail.record.complaint.complainant_name)),
    }
    assert_eq!(app.complaint_detail(&actor, "KL-2026-0001").expect("intact").record.complaint.complainant_name, "Jan de Vries");
}

#[test]
fn an_unreachable_server_and_a_schema_of_another_version_are_told_plainly() {
    let (store, app, _) = set_up();
    drop(app);
    let location = shared(&store).app.clone();
    let mut unreachable = location.clone();
    unreachable.url = unreachable.url.replace(&std::env::var("KLACHTBALIE_TEST_POSTGRES_PORT").expect("port"), "1");
    match service::start_shared(&unreachable, &store.keys, clock(), store.dir.path()) {
        Err(ServiceError::Store(StoreError::SharedUnreachable(_))) => {}
        other => panic!("expected 'niet bereikbaar', got {:?}", other.err()),
    }
    shared(&store).as_owner("UPDATE klachtbalie_schema SET version = 99").expect("newer schema");
    let newer = service::start_shared(&location, &store.keys, clock(), store.dir.path()).err().expect("refused");
    assert!(newer.to_string().contains("nieuwere versie"), "{newer}");
    // A database of schema 1 (as the first desks set it up, before the report's index and the
    // import's columns).
    shared(&store).as_owner(support::BACK_TO_SCHEMA_10).expect("back to schema 10");
    shared(&store)
        .as_owner(
            "DROP FUNCTION klachtbalie_destroy_complaint;
             INSERT INTO settings (key, value) SELECT 'audit_head', sequence || ':' || hash FROM audit_head;
             DROP TABLE audit_head; DROP FUNCTION klachtbalie_append_audit; GRANT INSERT ON audit_log TO klachtbalie_app;
             DROP TABLE server_changes; DROP FUNCTION klachtbalie_record_change CASCADE;
             DROP TABLE access_requests; DROP FUNCTION klachtbalie_refuse_once_answered; DROP TABLE report_texts; DROP TABLE corrections; DROP TABLE recipients; DROP TABLE destruction_records; DROP TABLE destruction_list_items;
             DROP TABLE destruction_lists; DROP TRIGGER letters_are_never_deleted ON letters;
             DROP TRIGGER letter_drafts_are_never_deleted ON letter_drafts; DROP FUNCTION klachtbalie_refuse_unless_destroyed;
             DROP TRIGGER letters_are_immutable ON letters;
             CREATE TRIGGER letters_are_immutable BEFORE UPDATE OR DELETE ON letters FOR EACH ROW EXECUTE FUNCTION klachtbalie_refuse('x');
             CREATE TRIGGER letter_drafts_are_never_deleted BEFORE DELETE ON letter_drafts FOR EACH ROW EXECUTE FUNCTION klachtbalie_refuse('x');
             ALTER TABLE complaints DROP COLUMN destroyed_at, DROP COLUMN seal_version; DROP INDEX complaints_for_report; DROP INDEX complaints_by_previous_reference; DROP INDEX worklist_for_dashboard;
             ALTER TABLE complaints DROP COLUMN origin, DROP COLUMN previous_reference, DROP COLUMN judgement,
                 DROP COLUMN hearing_held, DROP COLUMN ombudsman, DROP COLUMN ombudsman_case_open,
                 DROP COLUMN compensation_paid, DROP COLUMN keep_permanently;
             UPDATE klachtbalie_schema SET version = 1",
        )
        .expect("back to schema 1");
    let older = service::start_shared(&location, &store.keys, clock(), store.dir.path()).err().expect("refused");
    assert!(older.to_string().contains("migrate-schema"), "{older}");
    // The desks' login may not change the schema; the owner brings it to this version.
    let refused = klachtbalie_core::store::migrate_shared_schema(&location, None).expect_err("the desks' login owns nothing");
    assert!(matches!(refused, StoreError::SharedForbidden(_)), "{refused:?}");
    let owner = shared(&store).owner.clone();
    // Schema 6 refuses a server where the desks' role may create objects in public (where a
    // look-alike could stand in for what the owner's functions call), with what to do.
    shared(&store).as_owner("GRANT CREATE ON SCHEMA public TO klachtbalie_app").expect("grant");
    let planted = klachtbalie_core::store::migrate_shared_schema(&owner, None).expect_err("refused");
    assert!(planted.to_string().contains("REVOKE CREATE ON SCHEMA public"), "{planted}");
    shared(&store).as_owner("REVOKE CREATE ON SCHEMA public FROM klachtbalie_app").expect("revoke");
    assert_eq!(
        klachtbalie_core::store::migrate_shared_schema(&owner, None).expect("migrate"),
        (1, klachtbalie_core::store::SHARED_SCHEMA_VERSION)
    );
    assert_eq!(
        klachtbalie_core::store::migrate_shared_schema(&owner, None).expect("again"),
        (klachtbalie_core::store::SHARED_SCHEMA_VERSION, klachtbalie_core::store::SHARED_SCHEMA_VERSION),
        "nothing twice"
    );
    shared(&store).as_owner("SELECT 'complaints_for_report'::regclass").expect("the migration made the index");
    shared(&store)
        .as_owner(
            "SELECT origin, ombudsman FROM complaints LIMIT 1; SELECT 1 FROM report_texts; SELECT 1 FROM server_changes;
             DO $$ BEGIN
                 IF EXISTS (SELECT 1 FROM settings WHERE key = 'audit_head') OR NOT EXISTS (SELECT 1 FROM audit_head) THEN
                     RAISE EXCEPTION 'the audit head was not moved';
                 END IF;
             END $$;",
        )
        .expect("and schema 3's columns, schema 6's record and schema 7's audit head, moved from the settings");
    assert!(matches!(service::start_shared(&location, &store.keys, clock(), store.dir.path()), Ok(service::Startup::Ready(_))));
}

#[test]
fn a_desk_notices_when_the_server_cut_its_audit_entries_even_with_a_consistent_head() {
    // SEC-02 on the shared store: a database administrator who removes the last entries and
    // sets the recorded head to the new end leaves a valid keyed chain; the desk that wrote
    // the removed entries remembers its last one and reports the cut.
    let (store, mut app, actor) = set_up();
    app.register_complaint(&actor, &form("Jan de Vries")).expect("register");
    app.register_complaint(&actor, &form("Els Jansen")).expect("register");
    assert_eq!(app.verify_audit(&actor).expect("verify").first_broken, None);
    shared(&store)
        .as_owner(
            "ALTER TABLE audit_log DISABLE TRIGGER audit_is_append_only;
             DELETE FROM audit_log WHERE sequence > (SELECT max(sequence) - 3 FROM audit_log);
             UPDATE audit_head SET (sequence, hash) = (SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1);",
        )
        .expect("the administrator cuts the tail and fixes the head");
    let verification = app.verify_audit(&actor).expect("verify");
    let broken = verification.first_broken.expect("the cut is found");
    assert!(broken.problem.contains("deze werkplek schreef regel"), "{}", broken.problem);

    // Found at the next write too, and after a restart: nothing is chained onto the cut log
    // until the Beheerder acknowledges it on this desk; then writing goes on.
    let refused = app.register_complaint(&actor, &form("Piet Bakker")).expect_err("nothing is chained onto the cut log");
    assert!(refused.to_string().contains("deze werkplek schreef regel"), "{refused}");
    drop(app);
    let Ok(service::Startup::Ready(mut again)) = service::start_shared(&shared(&store).app, &store.keys, clock(), store.dir.path()) else {
        panic!("the desk starts again")
    };
    let actor = Actor::User(again.login("beheer", PASSWORD).expect("a Beheerder still gets in"));
    let refused = again.register_complaint(&actor, &form("Piet Bakker")).expect_err("the desk remembers across a restart");
    assert!(refused.to_string().contains("op deze werkplek"), "{refused}");
    let recorded = again.server_changes(&actor, &Default::default()).expect("the server's record stays readable");
    assert!(recorded.is_some_and(|changes| !changes.is_empty()));
    let acknowledged = again.acknowledge_audit_damage(&actor).expect("acknowledge").expect("something to acknowledge");
    assert!(acknowledged.contains("deze werkplek schreef regel"), "{acknowledged}");
    // As after `klachtbalie-cli acknowledge-audit`: the next start remembers the acknowledgement.
    drop(again);
    let Ok(service::Startup::Ready(mut again)) = service::start_shared(&shared(&store).app, &store.keys, clock(), store.dir.path()) else {
        panic!("the desk starts again")
    };
    let actor = Actor::User(again.login("beheer", PASSWORD).expect("login"));
    again.register_complaint(&actor, &form("Piet Bakker")).expect("writing goes on after the acknowledgement");
    assert_eq!(again.worklist(&actor, WorklistScope::All).expect("worklist").len(), 3, "two before the cut, one after");
    assert_eq!(again.verify_audit(&actor).expect("verify").first_broken, None);
}

#[test]
fn an_entry_remembered_for_an_earlier_database_at_the_same_address_is_forgotten_at_set_up() {
    // A desk that worked with a database at this address before (since dropped and made anew)
    // must not take the new log for a cut one.
    let store = TestStore::shared();
    let remembered = format!("{}\n999\n{}\n", shared(&store).app.database_id(), "ab".repeat(32));
    std::fs::write(store.dir.path().join("gedeeld-auditlog-laatste-regel.txt"), remembered).expect("an old memory");
    let mut app = store.set_up(clock(), &support::setup_form("beheer", PASSWORD)).expect("set up");
    let actor = Actor::User(app.login("beheer", PASSWORD).expect("login"));
    app.import_org_chart(&actor, EXAMPLE_CHART).expect("the first writes work");
    app.register_complaint(&actor, &form("Jan de Vries")).expect("register");
}

#[test]
fn a_lost_connection_is_told_plainly_and_the_next_action_reconnects_without_half_writes() {
    // Item 7: the server drops the desk's connection mid-work; the action gets a
    // plain Dutch message, nothing half-written remains, and the next action works again.
    let (store, mut app, actor) = set_up();
    app.register_complaint(&actor, &form("Jan de Vries")).expect("register");
    // A login may end its own role's other sessions (of this test's database only): as the
    // server would on a restart.
    shared(&store)
        .as_app("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND usename = 'klachtbalie_app' AND pid <> pg_backend_pid()")
        .expect("the server drops the desks' connections");
    match app.register_complaint(&actor, &form("Els Jansen")) {
        Err(ServiceError::Store(StoreError::SharedUnreachable(_))) => {}
        other => panic!("expected 'niet bereikbaar', got {other:?}"),
    }
    let again = app.register_complaint(&actor, &form("Els Jansen")).expect("the next action reconnects");
    assert_eq!(again.reference, "KL-2026-0002", "the failed attempt took no number and left no half complaint");
    assert_eq!(app.worklist(&actor, WorklistScope::All).expect("worklist").len(), 2);
}

/// A writer for `tracing` that keeps what was logged, to read it back in a test.
#[derive(Clone, Default)]
struct CapturedLog(Arc<std::sync::Mutex<Vec<u8>>>);

impl std::io::Write for CapturedLog {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn a_server_error_is_logged_and_shown_without_the_values_of_the_row() {
    // AVG and SEC-02: PostgreSQL's detail of a check violation quotes the whole row ("Failing
    // row contains (…)": a name, a password hash). The log and the message hold the SQLSTATE
    // and the names of what failed, never a value.
    let (store, mut app, admin) = set_up();
    shared(&store).as_owner("ALTER TABLE users ADD CONSTRAINT geen_anna CHECK (username <> 'anna')").expect("a constraint");
    let form = service::UserForm {
        username: "anna".into(),
        display_name: "Anna Geheimnaam".into(),
        job_title: "KCC-medewerker".into(),
        roles: vec!["kcc_medewerker".into()],
        active: true,
        password: "tijdelijk wachtwoord 1".into(),
        ..Default::default()
    };
    let log = CapturedLog::default();
    let writer = log.clone();
    let subscriber = tracing_subscriber::fmt().with_writer(move || writer.clone()).with_ansi(false).finish();
    let error = tracing::subscriber::with_default(subscriber, || app.create_user(&admin, &form)).expect_err("refused by the server");
    let logged = String::from_utf8_lossy(&log.0.lock().expect("log")).to_string();
    assert!(logged.contains("SQLSTATE 23514") && logged.contains("geen_anna"), "says what failed: {logged}");
    let shown = error.to_string();
    assert!(shown.contains("SQLSTATE 23514"), "{shown}");
    for secret in ["Geheimnaam", "argon2", "Failing row"] {
        assert!(!logged.contains(secret) && !shown.contains(secret), "{secret} must not appear: {logged} / {shown}");
    }
}

#[test]
fn a_search_for_a_common_name_is_newest_first_and_says_when_it_stopped() {
    // AVG-03 and the worklist: a search never silently drops matches. Before, the shared store
    // took the 2,000 oldest candidates without a word; now the worklist's search takes the
    // newest and says when older ones were left, and an access request's search is complete.
    let (store, mut app, actor) = set_up();
    let mut jansen = Vec::new();
    for n in 0..7 {
        jansen.push(app.register_complaint(&actor, &form(&format!("Jansen nummer {n}"))).expect("register").reference);
        app.register_complaint(&actor, &form(&format!("Pietersen nummer {n}"))).expect("register");
    }
    let key = store.keys.load(&shared(&store).app.database_id()).expect("load").expect("key");
    let database = Database::open_shared(&shared(&store).app, &key).expect("open");
    let reader = database.reader();
    let references = |ids: &[i64]| -> Vec<String> {
        ids.iter().map(|id| reader.complaint_by_id(*id).expect("read").expect("exists").reference).collect()
    };
    let newest_first: Vec<String> = jansen.iter().rev().cloned().collect();

    let all = reader.search_complaints("jansen", SearchReach::Complete).expect("search");
    assert!(all.complete);
    assert_eq!(references(&all.ids), newest_first, "every match, newest first");
    let newest = reader.search_complaints("jansen", SearchReach::Newest(3)).expect("search");
    assert!(!newest.complete, "older matches were left: it says so");
    assert_eq!(references(&newest.ids), newest_first[..3], "the newest, not the oldest");
    let enough = reader.search_complaints("jansen", SearchReach::Newest(7)).expect("search");
    assert!(enough.complete && enough.ids.len() == 7, "all there are: complete");
    let narrowed = reader.search_complaints("jansen 3", SearchReach::Newest(3)).expect("search");
    assert_eq!((references(&narrowed.ids), narrowed.complete), (vec![jansen[3].clone()], true));

    // The access request's person search is complete, whatever the worklist's reach.
    let found = app.find_person(&actor, "Jansen").expect("find");
    assert_eq!(found.len(), 7, "{found:?}");
}
