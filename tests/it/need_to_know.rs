//! Need-to-know by the server (SEC-07, AVG-05, issue 25 item 3, schemas 12 and 15): with
//! row-level security a person's own login reads only the complaints the app would show them,
//! tried with a plain PostgreSQL client as each person, and the app keeps working for them
//! under it; the Beheerder reads only the complaints of an import; a hearing's report only
//! whoever reads the complaint's contents (schema 16).

use crate::people::{person, sign_in};
use crate::shared_store::{form, set_up, shared};
use crate::support::SharedTestDatabase;
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::{StepForm, UserForm, WorklistScope};
use klachtbalie_core::store::SharedLocation;

/// What `sql` (one number) gives the person with a plain client.
fn count(location: &SharedLocation, sql: &str) -> i64 {
    let mut client = location.connect().expect("connect as the person");
    client.query_one(sql, &[]).unwrap_or_else(|error| panic!("{sql}: {error}")).get(0)
}

fn references(location: &SharedLocation) -> Vec<String> {
    let mut client = location.connect().expect("connect as the person");
    client.query("SELECT reference FROM complaints ORDER BY reference", &[]).expect("complaints").iter().map(|row| row.get(0)).collect()
}

fn database_id(database: &SharedTestDatabase, reference: &str) -> i64 {
    let mut owner = database.owner.connect().expect("owner");
    owner.query_one("SELECT id FROM complaints WHERE reference = $1", &[&reference]).expect("complaint").get(0)
}

#[test]
fn each_person_s_login_reads_only_what_the_app_would_show_them() {
    // SEC-07 item 3: "row-level security so a Klachtbehandelaar's login reads only the
    // complaints it handles or stands in for (while the official is absent); the KCC reads
    // status, handler, deadlines … but not notes, contacts … or drafts; the coördinator all."
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let in_bz = app.register_complaint(&beheer, &form("Els Burgerzaken")).expect("to m-bz").reference;
    let in_wo = app.register_complaint(&beheer, &crate::shared_store::form_for("Wim Wonen", "wo")).expect("to m-wo").reference;
    app.add_note(&beheer, &in_bz, "Notitie bij Burgerzaken").expect("note");
    app.add_note(&beheer, &in_wo, "Notitie bij Wonen").expect("note");
    let (_, anna) = person(database, &mut app, &beheer, "anna", &[Role::Klachtbehandelaar], "m-bz");
    let (_, piet) = person(database, &mut app, &beheer, "piet", &[Role::Klachtbehandelaar], "m-ro");
    let (_, kees) = person(database, &mut app, &beheer, "kees", &[Role::KccMedewerker], "");
    let (_, bert) = person(database, &mut app, &beheer, "bert", &[Role::Beheerder], "");
    let (_, coen) = person(database, &mut app, &beheer, "coen", &[Role::Klachtcoordinator], "");

    // The handler: her own complaint and its parts, nothing of another's, also not by changing it.
    assert_eq!(references(&anna), vec![in_bz.clone()]);
    assert_eq!(count(&anna, "SELECT count(*) FROM notes"), 1);
    assert_eq!(count(&anna, "SELECT count(DISTINCT complaint_id) FROM events"), 1);
    assert_eq!(count(&anna, "SELECT count(DISTINCT complaint_id) FROM complaint_tokens"), 1);
    let mut client = anna.connect().expect("connect");
    let changed = client.execute("UPDATE complaints SET handler_id = 'm-bz' WHERE reference = $1", &[&in_wo]).expect("update");
    assert_eq!(changed, 0, "a complaint she cannot read she cannot change either");
    // Piet reads nothing of Anna's while she is there; as her deputy while she is absent, all of it.
    assert!(references(&piet).is_empty());
    assert_eq!(count(&piet, "SELECT count(*) FROM notes"), 0);
    database.as_owner("UPDATE officials SET absent = true WHERE id = 'm-bz'").expect("Anna is absent");
    assert_eq!(references(&piet), vec![in_bz.clone()], "the deputy of an absent official");
    assert_eq!(count(&piet, "SELECT count(*) FROM notes"), 1);
    database.as_owner("UPDATE officials SET absent = false WHERE id = 'm-bz'").expect("Anna is back");

    // The KCC: every complaint's status and timeline, no notes, contacts, decisions or drafts.
    assert_eq!(references(&kees), vec![in_bz.clone(), in_wo.clone()]);
    assert!(count(&kees, "SELECT count(*) FROM events") >= 2);
    for contents in ["notes", "contacts", "decisions", "letter_drafts"] {
        assert_eq!(count(&kees, &format!("SELECT count(*) FROM {contents}")), 0, "{contents}");
        assert_eq!(count(&bert, &format!("SELECT count(*) FROM {contents}")), 0, "the Beheerder: {contents}");
    }
    // The Beheerder reads no complaint of the intake at all (schema 15), nor its timeline.
    assert!(references(&bert).is_empty(), "the Beheerder reads no complaint's contents");
    assert_eq!(count(&bert, "SELECT count(*) FROM events"), 0);
    // The coördinator: everything; the desks' shared login of before: everything (the desk decides).
    assert_eq!(count(&coen, "SELECT count(*) FROM notes"), 2);
    assert_eq!(count(&database.app, "SELECT count(*) FROM notes"), 2);

    // The app works under it: the handler's worklist and file, a note; the KCC's intake and file.
    let (mut anna_desk, anna_actor) = sign_in(&anna, &store.keys);
    let mine: Vec<String> =
        anna_desk.worklist(&anna_actor, WorklistScope::Mine).expect("worklist").into_iter().map(|item| item.reference).collect();
    assert_eq!(mine, vec![in_bz.clone()]);
    anna_desk.add_note(&anna_actor, &in_bz, "Gebeld met klager").expect("her note");
    assert_eq!(anna_desk.notes(&anna_actor, &in_bz).expect("notes").len(), 2);
    assert!(anna_desk.complaint_detail(&anna_actor, &in_wo).is_err(), "the core refuses another's complaint too");
    let (mut kees_desk, kees_actor) = sign_in(&kees, &store.keys);
    let registered = kees_desk.register_complaint(&kees_actor, &form("Karel Kcc")).expect("the KCC registers");
    let detail = kees_desk.complaint_detail(&kees_actor, &registered.reference).expect("and opens it");
    assert_eq!(detail.record.reference, registered.reference);
    kees_desk.acknowledgement_letter(&kees_actor, &registered.reference).expect("the KCC makes the acknowledgement");
    assert_eq!(references(&anna).len(), 2, "the new complaint went to Anna (Burgerzaken): she reads it");

    // A first contact counts for everyone's deadlines, also the KCC's, who reads no contact
    // itself; a handler learns nothing of another's complaint's contacts.
    database
        .as_owner(&format!(
            "INSERT INTO contacts (complaint_id, contact_on, channel, by_user, summary, recorded_at)
             SELECT id, '2026-11-24', 'telefoon', 'beheer', '\\x0200', '2026-11-24 10:00:00' FROM complaints WHERE reference IN ('{in_bz}', '{in_wo}')"
        ))
        .expect("a contact on each");
    assert_eq!(count(&kees, "SELECT count(*) FROM contacts"), 0, "the KCC reads no contact");
    let kees_sees = kees_desk.complaint_detail(&kees_actor, &in_bz).expect("file").record.procedure.contacts;
    assert_eq!(kees_sees, 1, "but its deadlines know a first contact was made");
    let asked = format!("SELECT klachtbalie_contact_count(id) FROM complaints WHERE reference = '{in_wo}'");
    assert_eq!(count(&database.app, &asked), 1, "the desks' login reads it");
    let mut anna_client = anna.connect().expect("connect");
    let id_of_wo: i64 = database_id(database, &in_wo);
    let anna_asks: i64 = anna_client.query_one("SELECT klachtbalie_contact_count($1)", &[&id_of_wo]).expect("count").get(0);
    assert_eq!(anna_asks, 0, "nothing of a complaint she does not handle");

    // A disabled account's login reads nothing any more, whatever its memberships.
    let kees_login = kees.login().expect("login");
    let kees_account = app.users(&beheer).expect("users").into_iter().find(|user| user.username == kees_login).expect("Kees");
    let disabled = UserForm {
        username: kees_login.clone(),
        display_name: kees_account.display_name.clone(),
        job_title: kees_account.job_title.clone(),
        official_id: String::new(),
        roles: vec![Role::KccMedewerker.code().into()],
        active: false,
        password: String::new(),
    };
    app.update_user(&beheer, kees_account.id, &disabled).expect("disable Kees");
    assert!(references(&kees).is_empty(), "disabled: no complaint");
    assert_eq!(count(&kees, "SELECT count(*) FROM events"), 0);
}

#[test]
fn the_beheerder_reads_only_the_complaints_of_an_import_and_still_guards_the_open_ones() {
    // SEC-07 item 3 (schema 15): "the Beheerder reads no complaint contents". The Beheerder's
    // work that needs every complaint gets it from the server without contents: a seed is
    // still refused on a database with real complaints, and a chart that would lose the
    // handler of an open complaint is still refused.
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let intake = app.register_complaint(&beheer, &form("Els Burgerzaken")).expect("to m-bz").reference;
    let (_, bert) = person(database, &mut app, &beheer, "bert", &[Role::Beheerder], "");
    let (mut bert_desk, bert_actor) = sign_in(&bert, &store.keys);

    let refused = bert_desk.seed_complaints(&bert_actor, 3, 2025, false, |_| ()).expect_err("real complaints are there");
    assert!(refused.to_string().contains("1 echte klachten"), "{refused}");
    assert_eq!(bert_desk.seed_complaints(&bert_actor, 3, 2025, true, |_| ()).expect("with --force"), 3);
    let seen = references(&bert);
    assert_eq!(seen.len(), 3, "the three of his import, not {intake}: {seen:?}");
    assert!(!seen.contains(&intake));
    assert!(count(&bert, "SELECT count(*) FROM events") >= 3, "and their timelines");

    let mut chart: serde_json::Value = serde_json::from_str(&bert_desk.export_org_chart(&bert_actor).expect("chart")).expect("json");
    chart["officials"].as_array_mut().expect("officials").retain(|official| official["id"] != "m-bz");
    let lost = bert_desk.import_org_chart(&bert_actor, &chart.to_string()).expect_err("the handler of an open complaint");
    assert!(lost.to_string().contains(&format!("Klacht {intake} wordt behandeld door 'm-bz'")), "{lost}");

    // With a plain client the server answers that question to a Beheerder or coördinator only.
    let (_, anna) = person(database, &mut app, &beheer, "anna", &[Role::Klachtbehandelaar], "m-bz");
    let asked = "SELECT count(*) FROM klachtbalie_open_complaint_officials()";
    let refusal = crate::people::refusal(&anna, asked).expect("refused to a handler");
    assert!(refusal.contains("Alleen een Beheerder of de klachtcoördinator"), "{refusal}");
}

#[test]
fn the_kcc_reads_when_and_where_a_hearing_is_but_not_its_report() {
    // SEC-07 item 3 (schema 16): "the KCC reads status, handler, deadlines and hearing
    // date/place but not notes, contacts, hearing reports or drafts". The report column is the
    // server's to give: to the handler, the deputy of an absent handler and the coördinator.
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let reference = app.register_complaint(&beheer, &form("Els Burgerzaken")).expect("to m-bz").reference;
    app.continue_formally(&beheer, &reference, "Klager wil een formele behandeling.").expect("formal");
    let hearing = StepForm { date: "23-11-2026".into(), time: "14:00".into(), choice: "Raadhuis, kamer 2".into(), ..Default::default() };
    app.plan_hearing(&beheer, &reference, &hearing).expect("planned");
    app.report_hearing(&beheer, &reference, "Klager en medewerker gehoord.").expect("reported");
    let (_, anna) = person(database, &mut app, &beheer, "anna", &[Role::Klachtbehandelaar], "m-bz");
    let (_, piet) = person(database, &mut app, &beheer, "piet", &[Role::Klachtbehandelaar], "m-ro");
    let (_, kees) = person(database, &mut app, &beheer, "kees", &[Role::KccMedewerker], "");
    let (_, coen) = person(database, &mut app, &beheer, "coen", &[Role::Klachtcoordinator], "");
    let id = database_id(database, &reference);
    let reports = |location: &SharedLocation| -> i64 {
        let mut client = location.connect().expect("connect");
        client.query_one("SELECT count(*) FROM klachtbalie_hearing_reports($1)", &[&id]).expect("reports").get(0)
    };

    // The KCC: when, where and that it was reported, with a plain client; never the report.
    let planned = "SELECT count(*) FROM hearings WHERE starts_at LIKE '2026-11-23T14:00%' AND reported_at IS NOT NULL";
    assert_eq!(count(&kees, planned), 1, "the KCC reads when the hearing is and that it was reported");
    let refusal = crate::people::refusal(&kees, "SELECT count(report) FROM hearings").expect("the column is refused");
    assert!(refusal.contains("permission denied"), "{refusal}");
    assert_eq!(reports(&kees), 0, "nor through the function");
    assert_eq!(reports(&piet), 0, "nor a handler of other complaints");
    assert_eq!(reports(&anna), 1, "its handler");
    assert_eq!(reports(&coen), 1, "the coördinator");
    assert_eq!(reports(&database.app), 1, "the desks' shared login of before (the desk decides)");
    database.as_owner("UPDATE officials SET absent = true WHERE id = 'm-bz'").expect("Anna is absent");
    assert_eq!(reports(&piet), 1, "the deputy of an absent handler");

    // The app under it: the KCC's file shows the hearing without its report, the handler's with.
    let (mut kees_desk, kees_actor) = sign_in(&kees, &store.keys);
    let kees_file = kees_desk.complaint_detail(&kees_actor, &reference).expect("the KCC's file");
    assert_eq!(kees_file.hearings.len(), 1);
    assert_eq!(kees_file.hearings[0].report, None);
    assert_eq!(kees_file.record.procedure.hearings_reported, 1, "its deadlines know the hearing was held");
    database.as_owner("UPDATE officials SET absent = false WHERE id = 'm-bz'").expect("Anna is back");
    let (mut anna_desk, anna_actor) = sign_in(&anna, &store.keys);
    let anna_file = anna_desk.complaint_detail(&anna_actor, &reference).expect("her file");
    assert_eq!(anna_file.hearings[0].report.as_deref(), Some("Klager en medewerker gehoord."));
}
