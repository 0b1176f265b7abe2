//! Privileged changes checked by the server (SEC-07, AVG-02, issue 25 item 4, schema 13): with
//! a person's own login and a plain PostgreSQL client, only a Beheerder changes settings, the
//! chart and templates; only a coördinator draws up destruction lists, in their own name, and
//! another confirms; nobody writes an audit entry in another's name or acknowledges a damaged
//! end without being Beheerder; the log-in throttle is no person's. Each refusal changes nothing.
//! No desk login holds a right a function or trigger must check, and the app's erasure and
//! access answer work under all of it as two people with their own logins. What the server
//! checks of a complaint itself is in complaint_on_the_server.rs.

use crate::people::{person, refused, sign_in, PASSWORD};
use crate::shared_store::{set_up, shared};
use crate::support::SharedTestDatabase;
use klachtbalie_core::domain::access_request::AccessRequestForm;
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::SettingsForm;
use klachtbalie_core::store::{catalogue, SharedLocation};

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
    let parts = || {
        let parts = catalogue::TABLES.iter().filter(|table| table.part_of_complaint != catalogue::PartOfComplaint::No);
        parts.map(|table| table.name).chain(["complaints"])
    };
    let deletable: Vec<&str> = parts().filter(|table| may(table, "DELETE")).collect();
    // The search tokens: a correction writes them anew, and their trigger lets only the
    // complaint's handler or the coördinator (complaint_on_the_server.rs).
    assert_eq!(deletable, ["complaint_tokens"], "a desk login deletes rows of a complaint in {deletable:?}");
    // Schema 17: what the app only adds (the timeline, notes, contacts, the search tokens,
    // reminders given, letters sent) no desk login changes either. What it updates, the
    // server checks: the complaint and its hearings and tasks by their triggers, decisions and
    // drafts by their contents' policy (their handler's and the coördinator's only).
    let updatable: Vec<&str> = parts().filter(|table| may(table, "UPDATE")).collect();
    assert_eq!(
        updatable,
        ["hearings", "decisions", "tasks", "letter_drafts", "complaints"],
        "a desk login updates rows of a complaint in {updatable:?}"
    );
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
