//! The shared store as a database administrator without the key tries it (SEC-01, issue 25):
//! a part of a complaint (a note, contact, hearing or decision) moved to another complaint, an older value put back after a
//! correction, a complaint handed to another handler, and the re-seals that bring a store of
//! schema 8 and one of schema 14 to these bindings.

use crate::shared_store::{form, set_up, shared};
use klachtbalie_core::domain::contact_correction::ContactCorrection;
use klachtbalie_core::service::{self, Actor, DecisionForm, Klachtbalie, ServiceError, StepForm};
use klachtbalie_core::store::catalogue::sealed;
use klachtbalie_core::store::key::{DatabaseKey, KeyStore};
use klachtbalie_core::store::sealing::{Cell, Sealer};
use klachtbalie_core::store::{SharedLocation, StoreError};

/// The complaint whose file does not open, and the cell that gave it away.
fn not_of_this_complaint(app: &mut Klachtbalie, actor: &Actor, reference: &str) -> String {
    match app.complaint_detail(actor, reference) {
        Err(ServiceError::Store(refused @ StoreError::NotOfThisComplaint { .. })) => {
            let text = refused.to_string();
            assert!(text.starts_with(&format!("{reference}: gegevens horen niet bij deze klacht")), "{text}");
            text
        }
        other => panic!("{reference} must not open: {:?}", other.map(|detail| detail.record.complaint.complainant_name)),
    }
}

/// A desk started on the migrated store, with the first Beheerder signed in.
fn signed_in_on_the_migrated_store(store: &crate::support::TestStore, location: &SharedLocation) -> (Box<Klachtbalie>, Actor) {
    let mut app = match service::start_shared(location, &store.keys, crate::shared_store::clock(), store.dir.path()).expect("start") {
        service::Startup::Ready(app) => app,
        _ => panic!("the desk starts on the migrated store"),
    };
    let actor = Actor::User(app.login("beheer", crate::shared_store::PASSWORD).expect("login"));
    (app, actor)
}

#[test]
fn a_part_moved_to_another_complaint_or_an_older_value_put_back_does_not_open() {
    let (store, mut app, actor) = set_up();
    app.register_complaint(&actor, &form("Jan de Vries")).expect("first");
    app.register_complaint(&actor, &form("Els Jansen")).expect("second");
    app.add_note(&actor, "KL-2026-0001", "Belde terug over de zoekgeraakte aanvraag.").expect("note");
    let database = shared(&store);

    // A note of the first complaint re-parented to the second: its seal names the first.
    let id = |reference: &str| format!("(SELECT id FROM complaints WHERE reference = '{reference}')");
    let (first, second) = (id("KL-2026-0001"), id("KL-2026-0002"));
    database.as_owner(&format!("UPDATE notes SET complaint_id = {second} WHERE complaint_id = {first}")).expect("moved");
    let refused = not_of_this_complaint(&mut app, &actor, "KL-2026-0002");
    assert!(refused.contains("notes.text"), "{refused}");
    database.as_owner(&format!("UPDATE notes SET complaint_id = {first} WHERE complaint_id = {second}")).expect("moved back");
    // So is a contact, a hearing and a decision of the first complaint.
    let contact = StepForm { date: "23-11-2026".into(), choice: "telefoon".into(), text: "Gebeld.".into(), ..Default::default() };
    app.log_contact(&actor, "KL-2026-0001", &contact).expect("contact");
    app.continue_formally(&actor, "KL-2026-0001", "Klager wil een formele behandeling.").expect("formal");
    let hearing = StepForm { date: "23-11-2026".into(), time: "14:00".into(), choice: "Raadhuis".into(), ..Default::default() };
    app.plan_hearing(&actor, "KL-2026-0001", &hearing).expect("hearing");
    app.report_hearing(&actor, "KL-2026-0001", "Verslag.").expect("report");
    let decision = DecisionForm {
        findings: "Bevinding.".into(),
        judgement: "gegrond".into(),
        conclusions: "Conclusie.".into(),
        reasons: "Motivering.".into(),
    };
    app.draft_decision(&actor, "KL-2026-0001", &decision).expect("draft");
    for (table, cell) in [("contacts", "contacts.summary"), ("hearings", "hearings.place"), ("decisions", "decisions.findings")] {
        database.as_owner(&format!("UPDATE {table} SET complaint_id = {second} WHERE complaint_id = {first}")).expect("moved");
        let refused = not_of_this_complaint(&mut app, &actor, "KL-2026-0002");
        assert!(refused.contains(cell), "{table}: {refused}");
        database.as_owner(&format!("UPDATE {table} SET complaint_id = {first} WHERE complaint_id = {second}")).expect("moved back");
    }
    let notes = app.complaint_detail(&actor, "KL-2026-0001").expect("back in place").notes.expect("the coordinator reads notes");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].1, "Fatima el Amrani", "a note names the person, as the timeline does (issue 28)");

    // AVG-04: a corrected name, and the old sealed name (with its version) put back from a copy.
    database.as_owner("CREATE TABLE kept AS SELECT id, complainant_name, seal_version FROM complaints").expect("a copy");
    let record = app.complaint_detail(&actor, "KL-2026-0001").expect("detail").record;
    let correction = ContactCorrection { complainant_name: "Jan de Vries-Smit".into(), ..ContactCorrection::of(&record.complaint) };
    app.correct_contact_data(&actor, "KL-2026-0001", &correction).expect("corrected");
    let put_back = "UPDATE complaints c SET complainant_name = k.complainant_name FROM kept k
                     WHERE k.id = c.id AND c.reference = 'KL-2026-0001'";
    database.as_owner(put_back).expect("the old name put back");
    assert!(not_of_this_complaint(&mut app, &actor, "KL-2026-0001").contains("complainant_name"));
    // With the old version too, the name opens but every other cell was sealed anew with
    // the correction, so the file still does not open.
    database
        .as_owner("UPDATE complaints c SET seal_version = k.seal_version FROM kept k WHERE k.id = c.id AND c.reference = 'KL-2026-0001'")
        .expect("the old version put back");
    let refused = not_of_this_complaint(&mut app, &actor, "KL-2026-0001");
    assert!(!refused.contains("complainant_name"), "{refused}");
    // SEC-07: a complaint handed to another handler on the server (the DBA, without the key,
    // past every desk and the coördinator's four eyes) no longer opens; handed back, it does.
    database.as_owner("UPDATE complaints SET handler_id = 'm-wo' WHERE reference = 'KL-2026-0002'").expect("handed over");
    assert!(not_of_this_complaint(&mut app, &actor, "KL-2026-0002").contains("complaints."));
    database.as_owner("UPDATE complaints SET handler_id = 'm-bz' WHERE reference = 'KL-2026-0002'").expect("handed back");
    // The other complaint is untouched and opens.
    assert_eq!(app.complaint_detail(&actor, "KL-2026-0002").expect("intact").record.complaint.complainant_name, "Els Jansen");
}

#[test]
fn migrate_schema_seals_a_schema_8_store_anew_with_the_key_and_refuses_without_it() {
    let (store, mut app, actor) = set_up();
    app.register_complaint(&actor, &form("Jan de Vries")).expect("register");
    app.add_note(&actor, "KL-2026-0001", "Belde terug.").expect("note");
    let chart_before = app.export_org_chart(&actor).expect("chart");
    drop(app);
    let database = shared(&store);
    let location = database.app.clone();
    let key = store.keys.load(&location.database_id()).expect("key store").expect("the desk's key");

    // Rewrite some values as schemas 1–8 sealed them (table, column, row only): a complaint's
    // own cells, a note, an official's name; the rest stays in the new format.
    let sealer = Sealer::new(&key);
    let mut owner = database.owner.connect().expect("owner");
    let complaint_id: i64 = owner.query_one("SELECT id FROM complaints", &[]).expect("complaint").get(0);
    let note_id: i64 = owner.query_one("SELECT id FROM notes", &[]).expect("note").get(0);
    let official: String = owner.query_one("SELECT id FROM officials WHERE id = 'm-bz'", &[]).expect("official").get(0);
    let old = |column, row: &str, plain: &str| {
        sealer.seal_before_schema_9(&Cell { column, row, complaint: None, version: None, handler: None }, plain.as_bytes())
    };
    // The server refuses the old format (schema 9's checks); a store of schema 8 had none.
    let (row, note_row) = (complaint_id.to_string(), note_id.to_string());
    let refused =
        owner.execute("UPDATE notes SET text = $2 WHERE id = $1", &[&note_id, &old(sealed::notes::TEXT, &note_row, "Belde terug.")]);
    assert!(
        refused.is_err_and(|error| error.as_db_error().and_then(|db| db.constraint()) == Some("notes_text_sealed")),
        "the server refuses the old format"
    );
    database
        .as_owner(
            "DO $$ DECLARE c record; BEGIN
                 FOR c IN SELECT conrelid::regclass AS t, conname FROM pg_constraint WHERE conname LIKE '%\\_sealed' LOOP
                     EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I', c.t, c.conname);
                 END LOOP;
             END $$",
        )
        .expect("as schema 8: no format checks");
    owner
        .execute(
            "UPDATE complaints SET complainant_name = $2, description = $3 WHERE id = $1",
            &[
                &complaint_id,
                &old(sealed::complaints::COMPLAINANT_NAME, &row, "Jan de Vries"),
                &old(sealed::complaints::DESCRIPTION, &row, "Mijn aanvraag is zoekgeraakt."),
            ],
        )
        .expect("old complaint cells");
    owner
        .execute("UPDATE notes SET text = $2 WHERE id = $1", &[&note_id, &old(sealed::notes::TEXT, &note_row, "Belde terug.")])
        .expect("old note");
    owner
        .execute("UPDATE officials SET name = $2 WHERE id = $1", &[&official, &old(sealed::officials::NAME, &official, "Anna de Boer")])
        .expect("old official");
    database.as_owner(crate::support::BACK_TO_SCHEMA_10).expect("schema 10");
    database.as_owner("ALTER TABLE complaints DROP COLUMN seal_version; UPDATE klachtbalie_schema SET version = 8").expect("schema 8");

    // A value that does not open with the key (here: sealed for another row) stops the
    // migration with its name, and nothing changes.
    let official_name: Vec<u8> = owner.query_one("SELECT name FROM officials WHERE id = $1", &[&official]).expect("name").get(0);
    owner
        .execute("UPDATE officials SET name = $2 WHERE id = $1", &[&official, &old(sealed::officials::NAME, "m-ro", "Anna de Boer")])
        .expect("misplaced");
    let damaged = klachtbalie_core::store::migrate_shared_schema(&database.owner, Some(&key)).expect_err("a value that does not open");
    assert!(
        matches!(&damaged, StoreError::ResealRefused { count: 1, first } if first.contains("officials.name (rij m-bz)")),
        "{damaged:?}"
    );
    assert!(damaged.to_string().contains("Er is niets gewijzigd"), "{damaged}");
    owner.execute("UPDATE officials SET name = $2 WHERE id = $1", &[&official, &official_name]).expect("put right");

    // Without the key (or with another) the owner's migration changes nothing.
    let without = klachtbalie_core::store::migrate_shared_schema(&database.owner, None).expect_err("needs the key");
    assert!(matches!(without, StoreError::ResealNeedsKey { schema: 9 }), "{without:?}");
    assert!(without.to_string().contains("Er is niets gewijzigd"), "{without}");
    let stranger = DatabaseKey::generate();
    let wrong = klachtbalie_core::store::migrate_shared_schema(&database.owner, Some(&stranger)).expect_err("another key");
    assert!(matches!(wrong, StoreError::SharedWrongKey), "{wrong:?}");
    let version: i64 = owner.query_one("SELECT version FROM klachtbalie_schema", &[]).expect("version").get(0);
    assert_eq!(version, 8, "a refused migration leaves the schema as it was");

    let recorded_before: i64 = owner.query_one("SELECT max(sequence) FROM server_changes", &[]).expect("record").get(0);
    assert_eq!(
        klachtbalie_core::store::migrate_shared_schema(&database.owner, Some(&key)).expect("migrate with the key"),
        (8, klachtbalie_core::store::SHARED_SCHEMA_VERSION)
    );
    let left: i64 = owner
        .query_one(
            "SELECT (SELECT count(*) FROM complaints WHERE get_byte(complainant_name, 0) = 1 OR get_byte(description, 0) = 1)
                  + (SELECT count(*) FROM notes WHERE get_byte(text, 0) = 1)
                  + (SELECT count(*) FROM officials WHERE get_byte(name, 0) = 1)",
            &[],
        )
        .expect("count")
        .get(0);
    assert_eq!(left, 0, "no value of the old format is left");
    let put_back =
        owner.execute("UPDATE notes SET text = $2 WHERE id = $1", &[&note_id, &old(sealed::notes::TEXT, &note_row, "Belde terug.")]);
    assert!(put_back.is_err(), "after the migration the server refuses the old format again");
    // The re-seal is on the server's record, with the owner's login.
    let recorded: i64 = owner
        .query_one(
            "SELECT count(*) FROM server_changes
              WHERE sequence > $1 AND table_name = 'notes' AND operation = 'update' AND login = session_user AND columns = '{text}'",
            &[&recorded_before],
        )
        .expect("record")
        .get(0);
    assert_eq!(recorded, 1);

    // Every value reads as before.
    let (mut app, actor) = signed_in_on_the_migrated_store(&store, &location);
    let detail = app.complaint_detail(&actor, "KL-2026-0001").expect("the file opens");
    assert_eq!(detail.record.complaint.complainant_name, "Jan de Vries");
    assert_eq!(detail.record.complaint.description, "Mijn aanvraag is zoekgeraakt.");
    assert_eq!(detail.notes.expect("notes")[0].2, "Belde terug.");
    assert_eq!(app.export_org_chart(&actor).expect("chart"), chart_before, "the officials' names read as before");
}

#[test]
fn migrate_schema_seals_a_schema_14_store_for_each_complaint_s_handler_with_the_key_only() {
    // SEC-07, schema 15: a complaint's own cells are sealed for its handler too. A store of
    // schema 14 (cells sealed for complaint and version only) is sealed anew by migrate-schema
    // with the key, and refused without it; after it, the app reaches the coördinator's
    // handover (a new handler, sealed anew) and a DBA's handover is found.
    let (store, mut app, actor) = set_up();
    app.register_complaint(&actor, &form("Jan de Vries")).expect("register");
    app.add_note(&actor, "KL-2026-0001", "Belde terug.").expect("note");
    drop(app);
    let database = shared(&store);
    let location = database.app.clone();
    let key = store.keys.load(&location.database_id()).expect("key store").expect("the desk's key");
    let sealer = Sealer::new(&key);
    let mut owner = database.owner.connect().expect("owner");
    let row = owner.query_one("SELECT id, seal_version, handler_id FROM complaints", &[]).expect("complaint");
    let (id, version, handler): (i64, i64, String) = (row.get(0), row.get(1), row.get(2));
    let row_id = id.to_string();
    database.as_owner(crate::support::BACK_TO_SCHEMA_14).expect("schema 14");
    database.as_owner("UPDATE klachtbalie_schema SET version = 14").expect("schema 14");
    for column in klachtbalie_core::store::catalogue::sealed_columns("complaints") {
        let select = format!("SELECT {} FROM complaints WHERE id = $1", column.name);
        let Some(stored) = owner.query_one(&select, &[&id]).expect("cell").get::<_, Option<Vec<u8>>>(0) else { continue };
        let cell = Cell { column: *column, row: &row_id, complaint: None, version: Some(version), handler: Some(&handler) };
        let plain = sealer.open(&cell, &stored).expect("sealed for its handler");
        let as_schema_14 = sealer.seal_before_schema_15(&cell, &plain);
        owner.execute(&format!("UPDATE complaints SET {} = $2 WHERE id = $1", column.name), &[&id, &as_schema_14]).expect("as schema 14");
    }

    let without = klachtbalie_core::store::migrate_shared_schema(&database.owner, None).expect_err("needs the key");
    assert!(matches!(without, StoreError::ResealNeedsKey { schema: 15 }), "{without:?}");
    assert!(without.to_string().contains("Er is niets gewijzigd"), "{without}");
    let version_now: i64 = owner.query_one("SELECT version FROM klachtbalie_schema", &[]).expect("version").get(0);
    assert_eq!(version_now, 14, "a refused migration leaves the schema as it was");
    assert_eq!(
        klachtbalie_core::store::migrate_shared_schema(&database.owner, Some(&key)).expect("migrate with the key"),
        (14, klachtbalie_core::store::SHARED_SCHEMA_VERSION)
    );

    let (mut app, actor) = signed_in_on_the_migrated_store(&store, &location);
    let detail = app.complaint_detail(&actor, "KL-2026-0001").expect("the file opens");
    assert_eq!(detail.record.complaint.complainant_name, "Jan de Vries");
    assert_eq!(detail.notes.expect("notes")[0].2, "Belde terug.");
    // The coördinator's handover seals the complaint anew for its new handler.
    app.reassign(&actor, "KL-2026-0001", "m-wo", "Wonen behandelt dit.").expect("handed over");
    let moved = app.complaint_detail(&actor, "KL-2026-0001").expect("the file opens for its new handler");
    assert_eq!((moved.record.handler.id.as_str(), moved.record.complaint.complainant_name.as_str()), ("m-wo", "Jan de Vries"));
    // The server refuses a complaint's cell in the format of before (a desk of schema 14 left
    // open), and the DBA's hand-back is found.
    let old_cell = owner.execute(
        "UPDATE complaints SET city = $1",
        &[&sealer.seal_before_schema_15(
            &Cell { column: sealed::complaints::CITY, row: &row_id, complaint: None, version: Some(1), handler: Some("m-wo") },
            b"Diemen",
        )],
    );
    assert!(
        old_cell.is_err_and(|error| error.as_db_error().and_then(|db| db.constraint()) == Some("complaints_city_sealed")),
        "the server refuses the format of before"
    );
    database.as_owner("UPDATE complaints SET handler_id = 'm-bz'").expect("handed back on the server");
    assert!(not_of_this_complaint(&mut app, &actor, "KL-2026-0001").contains("complaints."));
}
