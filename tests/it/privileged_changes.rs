//! Privileged changes checked by the server (SEC-07, AVG-02, issue 25 item 4, schema 13): with
//! a person's own login and a plain PostgreSQL client, only a Beheerder changes settings, the
//! chart and templates; only a coördinator draws up destruction lists, in their own name, and
//! another confirms; nobody writes an audit entry in another's name or acknowledges a damaged
//! end without being Beheerder; the log-in throttle is no person's. Each refusal changes nothing.
//! A complaint's registration is fixed for every login (schema 15), its treatment is its
//! handler's and the coördinator's (schema 16), and the app's erasure and access answer work
//! under all of it as two people with their own logins.

use crate::people::{person, sign_in, PASSWORD};
use crate::shared_store::{set_up, shared};
use crate::support::SharedTestDatabase;
use klachtbalie_core::domain::access_request::AccessRequestForm;
use klachtbalie_core::domain::procedure::{self, Status};
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::{DecisionForm, SettingsForm, StepForm};
use klachtbalie_core::store::{catalogue, SharedLocation};

/// The server's refusal of `sql` as the person (panics when it ran).
fn refused(location: &SharedLocation, sql: &str) -> String {
    crate::people::refusal(location, sql).unwrap_or_else(|| panic!("must be refused: {sql}"))
}

/// The rows that an attack could change, as the owner reads them.
fn guarded_rows(database: &SharedTestDatabase) -> String {
    let mut owner = database.owner.connect().expect("owner");
    let mut text = String::new();
    for sql in [
        "SELECT key || '=' || value FROM settings ORDER BY key",
        "SELECT id || ':' || absent FROM officials ORDER BY id",
        "SELECT kind || ':' || version FROM letter_templates ORDER BY kind, version",
        "SELECT id || ':' || proposed_by || ':' || coalesce(confirmed_by, '') FROM destruction_lists ORDER BY id",
        "SELECT username FROM login_failures ORDER BY username",
        "SELECT sequence || ':' || actor FROM audit_log ORDER BY sequence",
    ] {
        for row in owner.query(sql, &[]).expect(sql) {
            text.push_str(&row.get::<_, String>(0));
            text.push('\n');
        }
    }
    text
}

/// klachtbalie_append_audit as the desk calls it, after the log's real end, in `actor`'s name.
fn append_as(location: &SharedLocation, actor: &str, action: &str, acknowledges_damage: bool) -> String {
    let mut client = location.connect().expect("connect");
    let last = client.query_one("SELECT sequence, hash FROM audit_log ORDER BY sequence DESC LIMIT 1", &[]).expect("end");
    let (sequence, hash): (i64, String) = (last.get(0), last.get(1));
    let error = client
        .execute(
            "SELECT klachtbalie_append_audit($1, '2026-11-23 09:00:00', $2, 'psql', $3, 'x', 'gelukt', $4, $5, $6)",
            &[&(sequence + 1), &actor, &action, &hash, &"0".repeat(64), &acknowledges_damage],
        )
        .expect_err("refused");
    error.as_db_error().map_or_else(|| error.to_string(), |db| db.message().to_string())
}

#[test]
fn only_the_right_role_changes_what_is_privileged_and_in_its_own_name() {
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let (_, kees) = person(database, &mut app, &beheer, "kees", &[Role::KccMedewerker], "");
    let (coen_login, coen) = person(database, &mut app, &beheer, "coen", &[Role::Klachtcoordinator], "");
    let (bea_login, bea) = person(database, &mut app, &beheer, "bea", &[Role::Beheerder], "");
    let complaint = app.register_complaint(&beheer, &crate::shared_store::form("Els Vernietigd")).expect("a complaint").reference;
    // A person's login the DBA made before the Beheerder made its account: no rights yet.
    let (_, nobody) = crate::people::login(database, "nog_geen_account", PASSWORD);
    let before = guarded_rows(database);

    // A KCC employee with psql.
    for (attack, expected) in [
        ("UPDATE settings SET value = 'Gemeente Nergens' WHERE key = 'municipality_name'", "Alleen een Beheerder wijzigt de instellingen"),
        ("UPDATE settings SET key = 'worklist_index_filled' WHERE key = 'municipality_name'", "Alleen een Beheerder wijzigt de instellingen"),
        ("UPDATE officials SET absent = true WHERE id = 'm-bz'", "Alleen een Beheerder wijzigt het organogram"),
        ("DELETE FROM org_departments WHERE id = 'wo'", "Alleen een Beheerder wijzigt het organogram"),
        (
            "INSERT INTO letter_templates (kind, version, subject, body, saved_by, saved_at) VALUES ('ontvangstbevestiging', 99, 'x', 'x', 'kees', 'nu')",
            "Alleen een Beheerder wijzigt de briefsjablonen",
        ),
        (
            "INSERT INTO login_failures (username, consecutive_failures, last_failure_at) VALUES ('beheer', 0, '2026-11-23 09:00:00')",
            "niet van een persoonlijke login",
        ),
        (
            "INSERT INTO destruction_lists (as_of, proposed_at, proposed_by) VALUES ('2026-11-23', '2026-11-23 09:00:00', 'kees')",
            "Alleen de klachtcoördinator stelt vernietigingslijsten op",
        ),
        ("UPDATE complaints SET destroyed_at = '2026-11-23 09:00:00'", "Alleen de klachtcoördinator vernietigt klachten"),
        ("UPDATE complaints SET handler_id = 'm-ro'", "Alleen de klachtcoördinator draagt een klacht over"),
        ("SELECT klachtbalie_destroy_complaint(id, 1, session_user, 'nu') FROM complaints", "alleen een klachtcoördinator vernietigt"),
    ] {
        let message = refused(&kees, attack);
        assert!(message.contains(expected), "{attack}: {message}");
    }
    // Without an account a person's login reads no complaint and changes nothing privileged.
    let mut client = nobody.connect().expect("connect");
    let seen: i64 = client.query_one("SELECT count(*) FROM complaints", &[]).expect("count").get(0);
    assert_eq!(seen, 0, "{complaint} is not for a login without an account");
    for attack in ["UPDATE settings SET value = 'x' WHERE key = 'municipality_name'", "UPDATE officials SET absent = true"] {
        assert!(refused(&nobody, attack).contains("Alleen een Beheerder"), "{attack}");
    }
    assert!(append_as(&nobody, "beheer", "inloggen", false).contains("Zonder actief account"));
    assert!(append_as(&kees, &bea_login, "inloggen", false).contains("in uw eigen naam"), "no entry in Bea's name");
    let kees_login = kees.login().expect("login");
    assert!(append_as(&kees, &kees_login, "aantasting auditlog bevestigd", true).contains("Alleen een Beheerder bevestigt"));

    // A coördinator proposes in their own name only, and cannot confirm their own list.
    let other_name =
        "INSERT INTO destruction_lists (as_of, proposed_at, proposed_by) VALUES ('2026-11-23', '2026-11-23 09:00:00', 'beheer')";
    assert!(refused(&coen, other_name).contains("in uw eigen naam"));
    let other_case = format!(
        "INSERT INTO destruction_lists (as_of, proposed_at, proposed_by) VALUES ('2026-11-23', '2026-11-23 09:00:00', '{}')",
        coen_login.to_uppercase()
    );
    assert!(refused(&coen, &other_case).contains("in uw eigen naam"), "a name in other letters is another name");
    let already_confirmed = format!(
        "INSERT INTO destruction_lists (as_of, proposed_at, proposed_by, state, confirmed_by, confirmed_at)
         VALUES ('2026-11-23', '2026-11-23 09:00:00', '{coen_login}', 'bevestigd', 'beheer', '2026-11-23 09:00:00')"
    );
    assert!(refused(&coen, &already_confirmed).contains("nog niet bevestigd"));
    let own = format!(
        "INSERT INTO destruction_lists (as_of, proposed_at, proposed_by) VALUES ('2026-11-23', '2026-11-23 09:00:00', '{coen_login}');
         UPDATE destruction_lists SET confirmed_by = '{coen_login}', state = 'bevestigd' WHERE proposed_by = '{coen_login}'"
    );
    assert!(refused(&coen, &own).contains("Vier ogen"), "the proposer never confirms, and the batch is undone whole");
    assert_eq!(guarded_rows(database), before, "every refusal changed nothing");

    // The Beheerder changes the settings through the app as herself: the server lets her.
    let (mut bea_desk, bea_actor) = sign_in(&bea, &store.keys);
    let current = bea_desk.settings_for(&bea_actor).expect("settings");
    let form = SettingsForm {
        municipality_name: current.municipality.name.clone(),
        postal_address: current.municipality.postal_address.clone(),
        lock_minutes: "10".into(),
        acknowledgement_days: "5".into(),
        first_contact_days: "5".into(),
        due_soon_days: "5".into(),
        ..Default::default()
    };
    assert_eq!(bea_desk.update_settings(&bea_actor, &form).expect("the Beheerder saves").lock_minutes, 10);
    let chart = bea_desk.export_org_chart(&bea_actor).expect("chart");
    bea_desk.import_org_chart(&bea_actor, &chart).expect("the Beheerder replaces the chart");
}

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
    anna_desk.approve_decision(&anna_actor, &reference).expect("the handler approves it");
    assert_eq!(status(), "besluit_goedgekeurd");
}

#[test]
fn no_desk_login_holds_a_right_that_a_function_or_trigger_must_check() {
    // SEC-07 item 4, read from the server's own catalogue rather than tried one by one: no desk
    // login (klachtbalie_app, and so every person's) deletes a row of a complaint or changes
    // the record of what happened; every function with the owner's rights has a fixed
    // search_path and is not open to PUBLIC; nobody but the owner creates objects in public.
    let (store, _app, _beheer) = set_up();
    let database = shared(&store);
    let mut owner = database.owner.connect().expect("owner");
    let may = |table: &str, privilege: &str| -> bool {
        let mut owner = database.owner.connect().expect("owner");
        owner.query_one("SELECT has_table_privilege('klachtbalie_app', $1, $2)", &[&table, &privilege]).expect("asked").get(0)
    };
    let parts = catalogue::TABLES.iter().filter(|table| table.part_of_complaint != catalogue::PartOfComplaint::No).map(|table| table.name);
    let deletable: Vec<&str> = parts.chain(["complaints"]).filter(|table| may(table, "DELETE")).collect();
    // The search tokens: a correction writes them anew, and their trigger lets only the
    // complaint's handler or the coördinator (a_complaint_s_treatment_is_changed_only_by_…).
    assert_eq!(deletable, ["complaint_tokens"], "a desk login deletes rows of a complaint in {deletable:?}");
    let records = [
        "audit_log",
        "audit_head",
        "corrections",
        "recipients",
        "role_changes",
        "server_changes",
        "first_passwords",
        "destruction_records",
    ];
    let changeable: Vec<String> = records
        .iter()
        .flat_map(|table| ["UPDATE", "DELETE", "TRUNCATE"].map(|privilege| (table, privilege)))
        .filter(|(table, privilege)| may(table, privilege))
        .map(|(table, privilege)| format!("{privilege} {table}"))
        .collect();
    assert!(changeable.is_empty(), "a desk login changes a record: {changeable:?}");

    let loose: Vec<String> = owner
        .query(
            "SELECT p.oid::regprocedure::text FROM pg_proc p
              WHERE p.proname LIKE 'klachtbalie\\_%' AND p.prosecdef
                AND (p.proconfig IS NULL OR NOT 'search_path=pg_catalog, pg_temp' = ANY (p.proconfig)
                     OR has_function_privilege('public', p.oid, 'EXECUTE'))
              ORDER BY 1",
            &[],
        )
        .expect("functions")
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert!(loose.is_empty(), "functions with the owner's rights but a loose search_path or open to PUBLIC: {loose:?}");
    let definers: i64 =
        owner.query_one("SELECT count(*) FROM pg_proc WHERE proname LIKE 'klachtbalie\\_%' AND prosecdef", &[]).expect("count").get(0);
    assert!(definers >= 10, "the check saw the functions ({definers})");
    let creates: bool = owner.query_one("SELECT has_schema_privilege('klachtbalie_app', 'public', 'CREATE')", &[]).expect("asked").get(0);
    assert!(!creates, "a desk login creates objects in public");
}

#[test]
fn two_coordinators_erase_a_complaint_and_answer_an_access_request_with_their_own_logins() {
    // AVG-02 and SEC-07: the app's own flows for an erasure at a person's request (AVG art. 17,
    // four eyes) and an access request's answer (art. 15) work under the server's checks of
    // schemas 13 and 15, as two people with their own logins; the server records their logins.
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let erased = app.register_complaint(&beheer, &crate::shared_store::form("Rosa Recentelijk")).expect("a complaint").reference;
    let asked = app.register_complaint(&beheer, &crate::shared_store::form("Ria Cliteur")).expect("a complaint").reference;
    let (coen_login, coen) = person(database, &mut app, &beheer, "coen", &[Role::Klachtcoordinator], "");
    let (cora_login, cora) = person(database, &mut app, &beheer, "cora", &[Role::Klachtcoordinator], "");
    let (mut coen_desk, coen_actor) = sign_in(&coen, &store.keys);
    let (mut cora_desk, cora_actor) = sign_in(&cora, &store.keys);

    coen_desk.withdraw(&coen_actor, &erased, "De klager trekt de klacht in.").expect("withdrawn");
    let reason = "Verzoek van de klager van 23 november 2026 (art. 17)";
    let list = coen_desk.propose_erasure(&coen_actor, &erased, reason).expect("proposed by Coen");
    assert!(coen_desk.confirm_destruction(&coen_actor, list.id, &[], |_, _| ()).is_err(), "never by the proposer");
    let done = cora_desk.confirm_destruction(&cora_actor, list.id, &[], |_, _| ()).expect("confirmed by Cora");
    assert_eq!(done.destroyed, vec![erased.clone()]);
    let detail = cora_desk.complaint_detail(&cora_actor, &erased).expect("what is left of it");
    assert_eq!(detail.record.complaint.complainant_name, "", "the personal data is gone");
    let mut owner = database.owner.connect().expect("owner");
    let names = owner.query_one("SELECT proposed_by, confirmed_by FROM destruction_lists WHERE id = $1", &[&list.id]).expect("list");
    assert_eq!((names.get::<_, String>(0), names.get::<_, Option<String>>(1)), (coen_login.clone(), Some(cora_login.clone())));

    let request = AccessRequestForm {
        requester: "R. Cliteur".into(),
        address: "Ouddiemerlaan 104\n1111 HL Diemen".into(),
        identity_check: "legitimatie_balie".into(),
        identity_note: "rijbewijs gezien".into(),
        received_on: "23-11-2026".into(),
    };
    let number = coen_desk.register_access_request(&coen_actor, &request).expect("registered by Coen").request.number;
    // With a plain client: no one but a coördinator touches an access request, and no
    // coördinator answers one in another's name (nor registers one answered already).
    let (_, kees) = person(database, &mut app, &beheer, "kees", &[Role::KccMedewerker], "");
    let unanswered = || -> (Option<String>, Option<String>) {
        let mut owner = database.owner.connect().expect("owner");
        let row = owner.query_one("SELECT answered_by, answered_on FROM access_requests WHERE number = $1", &[&number]).expect("request");
        (row.get(0), row.get(1))
    };
    for (location, attack, expected) in [
        (
            &kees,
            format!("UPDATE access_requests SET answered_by = session_user, answered_on = '2026-11-23' WHERE number = '{number}'"),
            "Alleen de klachtcoördinator behandelt inzageverzoeken",
        ),
        (
            &coen,
            format!("UPDATE access_requests SET answered_by = '{cora_login}', answered_on = '2026-11-23' WHERE number = '{number}'"),
            "in uw eigen naam",
        ),
        (
            &coen,
            "INSERT INTO access_requests (number, requester, address, identity_check, identity_note, received_on, due_on,
                                          answered_on, answered_by, registered_at, registered_by)
             SELECT 'IV-2026-9999', requester, address, identity_check, identity_note, received_on, due_on,
                    '2026-11-23', session_user, registered_at, session_user FROM access_requests LIMIT 1"
                .to_string(),
            "nog niet beantwoord",
        ),
    ] {
        let message = refused(location, &attack);
        assert!(message.contains(expected), "{attack}: {message}");
    }
    assert_eq!(unanswered(), (None, None), "no refusal answered it");
    let found: Vec<String> = cora_desk.find_person(&cora_actor, "Ria Cliteur").expect("found").into_iter().map(|m| m.reference).collect();
    assert_eq!(found, vec![asked.clone()]);
    let pdf = cora_desk.answer_access_request(&cora_actor, &number, &found).expect("answered by Cora");
    assert!(crate::support::pdf_text(&pdf).contains("Cliteur"), "the answer holds her data");
    let answered = owner.query_one("SELECT answered_by FROM access_requests WHERE number = $1", &[&number]).expect("request");
    assert_eq!(answered.get::<_, Option<String>>(0), Some(cora_login), "in her own name, as the server requires");
}
