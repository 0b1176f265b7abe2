//! A complaint on the server (SEC-07, issue 25 items 3 and 4): with a person's own login and a
//! plain PostgreSQL client, its registration is fixed (schema 15), its treatment is its
//! handler's and the coördinator's and its status follows the procedure (schema 16, for an
//! import's complaints too since schema 17), and it stays on the worklist while open (schema
//! 17). Each refusal changes nothing, and the app's own steps keep working. How a complaint
//! starts and how its terms change: complaint_start_and_terms.rs.

use crate::people::{person, refused, sign_in};
use crate::shared_store::{set_up, shared};
use klachtbalie_core::domain::procedure::{self, Status};
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::{DecisionForm, StepForm};
use klachtbalie_core::store::SharedLocation;

#[test]
fn a_complaint_s_registration_is_fixed_for_every_login() {
    // SEC-07 and DL-01 (schema 15): no use case changes a complaint's registration once it is
    // made, so no login does either. A handler who could move the date of receipt of a
    // complaint they handle would move every deadline with it; the coördinator and the desks'
    // shared login of before are refused alike. The app's own steps keep working.
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let reference = app.register_complaint(&beheer, &crate::shared_store::form("Els Burgerzaken")).expect("to m-bz").reference;
    let (_, anna) = person(database, &mut app, &beheer, "anna", &[Role::Klachtbehandelaar], "m-bz");
    let (_, coen) = person(database, &mut app, &beheer, "coen", &[Role::Klachtcoordinator], "");
    let registration = || -> String {
        let mut owner = database.owner.connect().expect("owner");
        let sql = "SELECT concat_ws('|', reference, received_on, channel, complaint_type, department_id, respondent_ids,
                                      conduct_date, origin, previous_reference, created_at, created_by)
                     FROM complaints WHERE reference = $1";
        owner.query_one(sql, &[&reference]).expect("the complaint").get(0)
    };
    let before = registration();
    for (who, location) in [("the handler", &anna), ("the coördinator", &coen), ("the desks' login", &database.app)] {
        for change in [
            "received_on = '2026-01-05'",
            "reference = 'KL-1999-0001'",
            "channel = 'x' || channel",
            "department_id = 'wo'",
            "respondent_ids = 'm-wo'",
            "created_by = 'iemand'",
            "origin = 'import', previous_reference = 'OUD-1'",
        ] {
            let attack = format!("UPDATE complaints SET {change} WHERE reference = '{reference}'");
            let message = refused(location, &attack);
            assert!(message.contains("verandert niet meer na de registratie"), "{who}: {attack}: {message}");
        }
    }
    assert_eq!(registration(), before, "every refusal changed nothing");
    // What the procedure changes is not the registration: the handler works on as before.
    let (mut anna_desk, anna_actor) = sign_in(&anna, &store.keys);
    anna_desk.add_note(&anna_actor, &reference, "Gebeld met klager").expect("her note");
    let mut client = anna.connect().expect("connect");
    let changed = client.execute("UPDATE complaints SET status = status WHERE reference = $1", &[&reference]).expect("a step's column");
    assert_eq!(changed, 1);
}

#[test]
fn a_complaint_s_treatment_is_changed_only_by_its_handler_or_the_coordinator() {
    // SEC-07 (schema 16): WorkOnComplaint is the handler's (and the deputy's) and the
    // coördinator's; the retention marks and the handover are the coördinator's alone. With a
    // plain client the KCC's login cannot close a complaint, extend its terms or overwrite a
    // sealed cell, and the handler cannot set the retention marks; each refusal changes nothing.
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let reference = app.register_complaint(&beheer, &crate::shared_store::form("Els Burgerzaken")).expect("to m-bz").reference;
    let (_, anna) = person(database, &mut app, &beheer, "anna", &[Role::Klachtbehandelaar], "m-bz");
    let (_, kees) = person(database, &mut app, &beheer, "kees", &[Role::KccMedewerker], "");
    let (_, coen) = person(database, &mut app, &beheer, "coen", &[Role::Klachtcoordinator], "");
    let treatment = || -> String {
        let mut owner = database.owner.connect().expect("owner");
        let sql = "SELECT concat_ws('|', status, closed_on, postponement_weeks, agreed_end, judgement, seal_version,
                                      md5(description), keep_permanently, ombudsman, handler_function)
                     FROM complaints WHERE reference = $1";
        owner.query_one(sql, &[&reference]).expect("the complaint").get(0)
    };
    let before = treatment();
    for change in [
        "status = 'afgehandeld', closed_on = '2026-11-23'",
        "postponement_weeks = 52, postponed_on = '2026-11-23'",
        "agreed_end = '2027-12-31'",
        "judgement = 'ongegrond'",
        "description = '\\x00'",
        "seal_version = seal_version + 1",
    ] {
        let attack = format!("UPDATE complaints SET {change} WHERE reference = '{reference}'");
        let message = refused(&kees, &attack);
        assert!(message.contains("aan de behandeling werken alleen de behandelaar"), "the KCC: {attack}: {message}");
    }
    for (who, location) in [("the KCC", &kees), ("the handler", &anna)] {
        for change in ["keep_permanently = true", "ombudsman = true", "handler_function = 'iets anders'"] {
            let attack = format!("UPDATE complaints SET {change} WHERE reference = '{reference}'");
            let message = refused(location, &attack);
            assert!(message.contains("Alleen de klachtcoördinator"), "{who}: {attack}: {message}");
        }
    }
    // Nor the parts only the treatment writes: a hearing, a task, a correction, a recipient.
    let id: i64 = database
        .owner
        .connect()
        .expect("owner")
        .query_one("SELECT id FROM complaints WHERE reference = $1", &[&reference])
        .expect("id")
        .get(0);
    for attack in [
        format!("INSERT INTO hearings (complaint_id, starts_at, place, planned_by) VALUES ({id}, '2026-12-01T10:00:00', '\\x00', 'kees')"),
        format!("INSERT INTO tasks (complaint_id, kind, description, created_at) VALUES ({id}, 'verdagingsbrieven', '\\x00', '2026-11-23T09:00:00')"),
        format!("INSERT INTO corrections (complaint_id, at, by_user, field, previous_value) VALUES ({id}, '2026-11-23T09:00:00', 'kees', 'phone', '\\x00')"),
        format!(
            "INSERT INTO recipients (complaint_id, kind, recipient, what, sent_on, recorded_by, recorded_at)
             VALUES ({id}, 'verstrekking', '\\x00', '\\x00', '2026-11-23', 'kees', '2026-11-23T09:00:00')"
        ),
    ] {
        let message = refused(&kees, &attack);
        assert!(message.contains("aan de behandeling werken alleen de behandelaar"), "the KCC: {attack}: {message}");
    }
    let tokens = format!("SELECT count(*) FROM complaint_tokens WHERE complaint_id = {id}");
    let tokens_before: i64 = database.owner.connect().expect("owner").query_one(&tokens, &[]).expect("tokens").get(0);
    assert!(tokens_before > 0);
    let message = refused(&kees, &format!("DELETE FROM complaint_tokens WHERE complaint_id = {id}"));
    assert!(message.contains("aan de behandeling werken alleen de behandelaar"), "the KCC hides it from search: {message}");
    let tokens_after: i64 = database.owner.connect().expect("owner").query_one(&tokens, &[]).expect("tokens").get(0);
    assert_eq!(tokens_after, tokens_before);
    let parts = format!(
        "SELECT (SELECT count(*) FROM hearings WHERE complaint_id = {id}) + (SELECT count(*) FROM tasks WHERE complaint_id = {id})
              + (SELECT count(*) FROM corrections WHERE complaint_id = {id}) + (SELECT count(*) FROM recipients WHERE complaint_id = {id})"
    );
    let none: i64 = database.owner.connect().expect("owner").query_one(&parts, &[]).expect("parts").get(0);
    assert_eq!(none, 0);
    assert_eq!(treatment(), before, "every refusal changed nothing");

    // The KCC's own work is no treatment: the worklist's index and the acknowledgement.
    let (mut kees_desk, kees_actor) = sign_in(&kees, &store.keys);
    kees_desk.acknowledgement_letter(&kees_actor, &reference).expect("the KCC makes the acknowledgement");
    let mut client = kees.connect().expect("connect");
    let indexed = client.execute("UPDATE complaints SET on_worklist = on_worklist WHERE reference = $1", &[&reference]).expect("index");
    assert_eq!(indexed, 1);
    // The handler and the coördinator work on it; the coördinator keeps it.
    let (mut anna_desk, anna_actor) = sign_in(&anna, &store.keys);
    anna_desk.continue_formally(&anna_actor, &reference, "Klager wil een formele behandeling.").expect("her step");
    let (mut coen_desk, coen_actor) = sign_in(&coen, &store.keys);
    coen_desk.postpone(&coen_actor, &reference, "4").expect("the coördinator's step, with its task");
    let hearing = StepForm { date: "23-11-2026".into(), time: "14:00".into(), choice: "Raadhuis, kamer 2".into(), ..Default::default() };
    anna_desk.plan_hearing(&anna_actor, &reference, &hearing).expect("her hearing");
    let mut coordinator = coen.connect().expect("connect");
    let kept = coordinator.execute("UPDATE complaints SET keep_permanently = true WHERE reference = $1", &[&reference]).expect("kept");
    assert_eq!(kept, 1);
}

#[test]
fn a_complaint_s_status_follows_the_procedure_on_the_server_too() {
    // SEC-07 and section 4 (schema 16): the server lets a status change only as a step of the
    // procedure changes it (the same list as domain::procedure), a closed complaint is reopened
    // by the coördinator only, a decision is drafted only after the hearing's report or a
    // reason not to hear (Awb 9:10) and approved by its handler only (PR-07), and a closing
    // date goes with a closed status.
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let mut owner = database.owner.connect().expect("owner");
    for before in Status::ALL {
        let closed: bool = owner.query_one("SELECT klachtbalie_is_closed($1)", &[&before.code()]).expect("asked").get(0);
        assert_eq!(closed, before.is_closed(), "{}: the server's closed statuses are the app's", before.code());
        for after in Status::ALL {
            let allowed: bool =
                owner.query_one("SELECT klachtbalie_status_may_follow($1, $2)", &[&before.code(), &after.code()]).expect("asked").get(0);
            let made_by_a_step = procedure::status_changes().contains(&(before, after));
            assert_eq!(allowed, made_by_a_step, "{} -> {}", before.code(), after.code());
        }
    }

    let reference = app.register_complaint(&beheer, &crate::shared_store::form("Els Burgerzaken")).expect("to m-bz").reference;
    let (_, anna) = person(database, &mut app, &beheer, "anna", &[Role::Klachtbehandelaar], "m-bz");
    let (_, coen) = person(database, &mut app, &beheer, "coen", &[Role::Klachtcoordinator], "");
    let status = || -> String {
        let mut owner = database.owner.connect().expect("owner");
        owner
            .query_one("SELECT concat_ws('|', status, closed_on) FROM complaints WHERE reference = $1", &[&reference])
            .expect("status")
            .get(0)
    };
    let attack = |location: &SharedLocation, change: &str, expected: &str| {
        let before = status();
        let message = refused(location, &format!("UPDATE complaints SET {change} WHERE reference = '{reference}'"));
        assert!(message.contains(expected), "{change}: {message}");
        assert_eq!(status(), before, "{change} changed nothing");
    };
    attack(&anna, "status = 'afgehandeld', closed_on = '2026-11-23'", "zo verloopt de klachtprocedure niet");
    attack(&anna, "closed_on = '2026-11-23'", "een gesloten klacht heeft een sluitingsdatum");
    let (mut anna_desk, anna_actor) = sign_in(&anna, &store.keys);
    anna_desk.continue_formally(&anna_actor, &reference, "Klager wil een formele behandeling.").expect("her step");
    attack(&anna, "status = 'besluit_concept'", "(Awb 9:10)");
    attack(&coen, "status = 'besluit_concept'", "(Awb 9:10)");
    anna_desk.withdraw(&anna_actor, &reference, "De klager trekt de klacht in.").expect("withdrawn");
    attack(&anna, "status = 'formeel', closed_on = NULL", "alleen de klachtcoördinator heropent");
    attack(&coen, "status = 'in_behandeling', closed_on = NULL", "terug naar de behandeling die zij had");
    let (mut coen_desk, coen_actor) = sign_in(&coen, &store.keys);
    coen_desk.reopen(&coen_actor, &reference, "Ten onrechte ingetrokken.").expect("the coördinator reopens it");
    assert_eq!(status(), "formeel");
    // PR-07: the handler approves the decision, not the coördinator.
    anna_desk.skip_hearing(&anna_actor, &reference, "afgezien").expect("the complainant waived the hearing");
    let decision = DecisionForm {
        findings: "Bevinding.".into(),
        judgement: "gegrond".into(),
        conclusions: "Conclusie.".into(),
        reasons: "Motivering.".into(),
    };
    coen_desk.draft_decision(&coen_actor, &reference, &decision).expect("the coördinator drafts it");
    attack(&coen, "status = 'besluit_goedgekeurd'", "alleen de behandelaar (of de vervanger van een afwezige behandelaar) keurt");
    // Nor the decision's own row (schema 17): the coördinator does not approve their own draft,
    // the handler does not change its text while approving, and no decision starts approved.
    let decisions = || -> String {
        let mut owner = database.owner.connect().expect("owner");
        let sql = "SELECT string_agg(concat_ws('|', d.state, d.judgement, md5(d.findings)), ';' ORDER BY d.id)
                     FROM decisions d JOIN complaints c ON c.id = d.complaint_id WHERE c.reference = $1";
        owner.query_one(sql, &[&reference]).expect("decisions").get(0)
    };
    let drafted = decisions();
    let decide = |location: &SharedLocation, change: &str, expected: &str| {
        let sql = format!("UPDATE decisions SET {change} WHERE complaint_id = (SELECT id FROM complaints WHERE reference = '{reference}')");
        let message = refused(location, &sql);
        assert!(message.contains(expected), "{change}: {message}");
        assert_eq!(decisions(), drafted, "{change} changed nothing");
    };
    decide(&coen, "state = 'goedgekeurd', decided_by = 'coen'", "keurt de beslissing goed of stuurt haar terug");
    decide(&anna, "state = 'goedgekeurd', judgement = 'ongegrond'", "De tekst van een beslissing verandert niet");
    decide(&anna, "judgement = 'ongegrond'", "De tekst van een beslissing verandert niet");
    let message = refused(
        &coen,
        &format!(
            "INSERT INTO decisions (complaint_id, findings, judgement, conclusions, reasons, drafted_by, drafted_at, state, comment)
             SELECT complaint_id, findings, judgement, conclusions, reasons, drafted_by, drafted_at, 'goedgekeurd', comment
               FROM decisions WHERE complaint_id = (SELECT id FROM complaints WHERE reference = '{reference}')"
        ),
    );
    assert!(message.contains("Een beslissing begint als concept"), "{message}");
    assert_eq!(decisions(), drafted);
    anna_desk.approve_decision(&anna_actor, &reference).expect("the handler approves it");
    assert_eq!(status(), "besluit_goedgekeurd");
}

#[test]
fn a_complaint_stays_on_the_worklist_while_it_is_open_or_has_an_open_task() {
    // SEC-07 and DL-10 (schema 17): the worklist index is the app's (the one deadline
    // function), and a KCC login writes it for every complaint it changes. Whatever it writes,
    // the server keeps a complaint on every worklist while it is open or has an open task, and
    // takes it off once it is neither.
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let reference = app.register_complaint(&beheer, &crate::shared_store::form("Els Burgerzaken")).expect("to m-bz").reference;
    let (_, kees) = person(database, &mut app, &beheer, "kees", &[Role::KccMedewerker], "");
    let (_, anna) = person(database, &mut app, &beheer, "anna", &[Role::Klachtbehandelaar], "m-bz");
    let on_worklist = || -> i64 {
        let mut owner = database.owner.connect().expect("owner");
        owner.query_one("SELECT on_worklist FROM complaints WHERE reference = $1", &[&reference]).expect("index").get(0)
    };
    let take_off = format!("UPDATE complaints SET on_worklist = 0 WHERE reference = '{reference}'");
    for (who, location) in [("the KCC", &kees), ("the handler", &anna)] {
        let message = refused(location, &take_off);
        assert!(message.contains("staat op de werkvoorraad zolang zij open is of een open taak heeft"), "{who}: {message}");
    }
    assert_eq!(on_worklist(), 1);
    // The handler closes it with a step: the app takes it off, and the server lets it.
    let (mut anna_desk, anna_actor) = sign_in(&anna, &store.keys);
    anna_desk.withdraw(&anna_actor, &reference, "De klager trekt de klacht in.").expect("withdrawn");
    let tasks: i64 = database
        .owner
        .connect()
        .expect("owner")
        .query_one(
            "SELECT count(*) FROM tasks t JOIN complaints c ON c.id = t.complaint_id WHERE c.reference = $1 AND t.done_at IS NULL",
            &[&reference],
        )
        .expect("tasks")
        .get(0);
    assert_eq!((on_worklist(), tasks), (0, 0), "closed without an open task: off the worklist");
    let message = refused(&kees, &format!("UPDATE complaints SET on_worklist = 1 WHERE reference = '{reference}'"));
    assert!(message.contains("en anders niet"), "{message}");
    assert_eq!(on_worklist(), 0);
    // Checked when the transaction ends, on the complaint as it is then: a task of the handler's
    // on the closed complaint, or the coördinator reopening it, with the index left as it was.
    let id: i64 = database
        .owner
        .connect()
        .expect("owner")
        .query_one("SELECT id FROM complaints WHERE reference = $1", &[&reference])
        .expect("id")
        .get(0);
    // A sealed cell of the same format as a task's (the server checks the format's byte).
    let task = format!(
        "INSERT INTO tasks (complaint_id, kind, description, created_at)
         SELECT {id}, 'verdagingsbrieven', detail, '2026-11-23T09:00:00' FROM events WHERE complaint_id = {id} LIMIT 1"
    );
    let message = refused(&anna, &task);
    assert!(message.contains("staat op de werkvoorraad zolang zij open is of een open taak heeft"), "the handler's task: {message}");
    let (_, coen) = person(database, &mut app, &beheer, "coen", &[Role::Klachtcoordinator], "");
    let reopen = format!("UPDATE complaints SET status = 'in_behandeling', closed_on = NULL WHERE reference = '{reference}'");
    let message = refused(&coen, &reopen);
    assert!(message.contains("staat op de werkvoorraad zolang zij open is"), "the coördinator reopens: {message}");
    assert_eq!(on_worklist(), 0, "nothing changed");
    // With the index as the app writes it, the same change lands.
    let mut client = coen.connect().expect("connect");
    client
        .batch_execute(&format!("BEGIN; {reopen}; UPDATE complaints SET on_worklist = 1 WHERE reference = '{reference}'; COMMIT;"))
        .expect("the coördinator reopens it with its place on the worklist");
    assert_eq!(on_worklist(), 1);
}
