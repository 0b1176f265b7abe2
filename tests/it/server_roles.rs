//! A person's Klachtbalie roles are PostgreSQL roles (SEC-07, issue 25 item 2, schema 11):
//! only a Beheerder assigns them, through `klachtbalie_set_roles`, which the server checks
//! (the caller is a Beheerder, an active Beheerder remains) and records with before and
//! after. Tried as the people themselves with a plain PostgreSQL client, not the app.

use crate::people::{account, as_login, login, person, refusal as as_person, sign_in, PASSWORD};
use crate::shared_store::{set_up, shared};
use crate::support::unique_login;
use crate::support::SharedTestDatabase;
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::{Actor, ServiceError, UserForm, UserSummary, WorklistScope};
use klachtbalie_core::store::SharedLocation;

/// The login's Klachtbalie roles as the server holds them (its memberships).
fn server_roles(database: &SharedTestDatabase, login: &str) -> String {
    let mut owner = database.owner.connect().expect("owner");
    owner.query_one("SELECT klachtbalie_roles_of($1)", &[&login]).expect("roles").get(0)
}

fn account_row(database: &SharedTestDatabase, login: &str) -> (String, bool, Option<String>, String) {
    let mut owner = database.owner.connect().expect("owner");
    let row =
        owner.query_one("SELECT roles, active, official_id, password_hash FROM users WHERE username = $1", &[&login]).expect("account");
    (row.get(0), row.get(1), row.get(2), row.get(3))
}

fn find<'a>(users: &'a [UserSummary], username: &str) -> &'a UserSummary {
    users.iter().find(|user| user.username == username).expect("account listed")
}

#[test]
fn a_person_s_roles_are_the_server_s_and_only_a_beheerder_assigns_them() {
    // SEC-07, issue 25 item 2: "Roles are PostgreSQL roles … The Beheerder assigns them in the
    // app through a function that checks, on the server, that the caller is a Beheerder and that
    // the last Beheerder is never removed; the change and its before/after roles are audited by
    // the server." With the core bypassed, a KCC person changes no account, not even their own.
    let (store, mut app, first_beheerder) = set_up();
    let database = shared(&store);
    let (bea_password, karel_password) = ("Bea-haar-eigen-wachtwoord", "Karel-zijn-eigen-wachtwoord");
    let (bea, _) = crate::people::login(database, "bea", bea_password);
    let (karel, _) = crate::people::login(database, "karel", karel_password);
    app.create_user(&first_beheerder, &account(&bea, &[Role::Beheerder, Role::Klachtcoordinator], "")).expect("Bea");
    app.create_user(&first_beheerder, &account(&karel, &[Role::KccMedewerker], "")).expect("Karel");
    assert_eq!(server_roles(database, &bea), "klachtcoordinator,beheerder", "the server holds Bea's roles");
    assert_eq!(server_roles(database, &karel), "kcc_medewerker");
    let (_, _, _, hash) = account_row(database, &karel);
    assert_eq!(hash, "", "no password of Klachtbalie's for a person: the server checks theirs");

    // Karel, with psql, tries to make himself Beheerder and to move his account: all refused.
    let karel_at_psql = as_login(database, &karel, karel_password);
    let before = account_row(database, &karel);
    for (attack, expected) in [
        (format!("SELECT klachtbalie_set_roles('{karel}', ARRAY['beheerder'])"), "Alleen een Beheerder wijst rollen toe"),
        (format!("UPDATE users SET roles = 'beheerder' WHERE username = '{karel}'"), "Alleen een Beheerder wijzigt accounts"),
        (format!("UPDATE users SET official_id = 'bz-1' WHERE username = '{karel}'"), "Alleen een Beheerder wijzigt accounts"),
        (format!("UPDATE users SET active = false WHERE username = '{bea}'"), "Alleen een Beheerder wijzigt accounts"),
        (
            "INSERT INTO users (username, display_name, job_title, password_hash, roles, active, created_at, must_change_password)
             VALUES ('nep', 'Nep', 'Nep', '', 'beheerder', true, '2026-11-23 09:00:00', false)"
                .to_string(),
            "Alleen een Beheerder wijzigt accounts",
        ),
        (format!("GRANT klachtbalie_beheerder TO {karel}"), "admin option"),
    ] {
        let refused = as_person(&karel_at_psql, &attack).unwrap_or_else(|| panic!("must be refused: {attack}"));
        assert!(refused.contains(expected), "{attack}: {refused}");
    }
    assert_eq!(account_row(database, &karel), before, "nothing changed");
    assert_eq!(server_roles(database, &karel), "kcc_medewerker");
    let (_, karel_actor) = sign_in(&karel_at_psql, &store.keys);
    let Actor::User(karel_session) = &karel_actor else { unreachable!() };
    assert_eq!(karel_session.roles, vec![Role::KccMedewerker], "the app sees the server's roles");

    // Bea, a Beheerder, changes Karel's roles in the app: the server's memberships follow and
    // the change is on record with who made it, before and after.
    let (mut bea_desk, bea_actor) = sign_in(&as_login(database, &bea, bea_password), &store.keys);
    let karel_account = find(&bea_desk.users(&bea_actor).expect("users"), &karel).clone();
    let promoted = UserForm { password: String::new(), ..account(&karel, &[Role::Klachtcoordinator], "") };
    bea_desk.update_user(&bea_actor, karel_account.id, &promoted).expect("Bea assigns roles");
    assert_eq!(server_roles(database, &karel), "klachtcoordinator");
    let mut owner = database.owner.connect().expect("owner");
    let recorded = owner
        .query_one("SELECT changed_by, before, after FROM role_changes WHERE account = $1 ORDER BY sequence DESC LIMIT 1", &[&karel])
        .expect("recorded");
    assert_eq!(
        (recorded.get::<_, String>(0), recorded.get::<_, String>(1), recorded.get::<_, String>(2)),
        (bea.clone(), "kcc_medewerker".to_string(), "klachtcoordinator".to_string())
    );
    let refused = as_person(&karel_at_psql, "DELETE FROM role_changes").expect("the record is append-only");
    assert!(refused.contains("permission denied") || refused.contains("kunnen niet"), "{refused}");

    // The last Beheerder: the first account loses the role, then Bea (the only one left)
    // cannot lose hers or be disabled, also with the core bypassed.
    let first = find(&bea_desk.users(&bea_actor).expect("users"), "beheer").clone();
    let coordinator_only = UserForm {
        username: "beheer".into(),
        display_name: first.display_name.clone(),
        job_title: first.job_title.clone(),
        official_id: String::new(),
        roles: vec![Role::Klachtcoordinator.code().into()],
        active: true,
        password: String::new(),
    };
    bea_desk.update_user(&bea_actor, first.id, &coordinator_only).expect("the first account is no Beheerder any more");
    let bea_at_psql = as_login(database, &bea, bea_password);
    for attack in [
        format!("SELECT klachtbalie_set_roles('{bea}', ARRAY['klachtcoordinator'])"),
        format!("UPDATE users SET active = false WHERE username = '{bea}'"),
    ] {
        let refused = as_person(&bea_at_psql, &attack).unwrap_or_else(|| panic!("must be refused: {attack}"));
        assert!(refused.contains("Er moet een actieve Beheerder blijven"), "{attack}: {refused}");
    }
    assert_eq!(server_roles(database, &bea), "klachtcoordinator,beheerder", "Bea is still Beheerder");
    assert!(account_row(database, &bea).1, "and active");
}

#[test]
fn every_rule_tells_the_desks_login_from_a_person_and_the_owner_alike() {
    // SEC-07: schema 11 tells a desks' shared login by its name (the account triggers, which
    // are given a name) and schema 12 by the session (an inlinable function, for the
    // policies). The two must agree for each kind of login, or one login would be a desk to
    // one rule and a person to another.
    let (store, _app, _beheer) = set_up();
    let database = shared(&store);
    let (_, person) = login(database, "ina", PASSWORD);
    for (what, location, is_desks_login) in
        [("the desks' login", &database.app, true), ("a person", &person, false), ("the owner", &database.owner, false)]
    {
        let mut client = location.connect().expect("connect");
        let row = client.query_one("SELECT klachtbalie_is_desks_login(), klachtbalie_is_desks_login_name(session_user)", &[]).expect(what);
        let (by_session, by_name): (bool, bool) = (row.get(0), row.get(1));
        assert_eq!((by_session, by_name), (is_desks_login, is_desks_login), "{what}");
    }
}

#[test]
fn a_beheerder_makes_a_new_colleague_s_login_with_the_account_and_no_one_else_can() {
    // SEC-07 items 1 and 9 (schema 14): the Beheerder's first password becomes the new
    // colleague's own login, made by the server in the same transaction as the account; the
    // desk sends a SCRAM verifier, never the password; the colleague replaces it at the first
    // sign-in, as on a single desk; a login the DBA made is kept.
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let (_, bea_location) = person(database, &mut app, &beheer, "bea", &[Role::Beheerder], "");
    let (mut bea_desk, bea) = sign_in(&bea_location, &store.keys);

    let nina = unique_login("nina");
    let first_password = "Nina-eerste-wachtwoord";
    let made = bea_desk.create_user(&bea, &UserForm { password: first_password.into(), ..account(&nina, &[Role::KccMedewerker], "") });
    assert!(made.expect("account and login").must_change_password, "she chooses her own password at her first sign-in");
    assert_eq!(server_roles(database, &nina), "kcc_medewerker");
    assert_eq!(account_row(database, &nina).3, "", "no password of Klachtbalie's in her account");

    // Nina signs in with the first password and must replace it before anything else; the
    // server then knows only her own.
    let (mut nina_desk, nina_at_desk) = sign_in(&as_login(database, &nina, first_password), &store.keys);
    let Actor::User(nina_session) = &nina_at_desk else { panic!("Nina is signed in") };
    assert!(nina_session.must_change_password);
    assert!(matches!(nina_desk.worklist(&nina_at_desk, WorklistScope::All), Err(ServiceError::PasswordChangeRequired)));
    let wrong =
        nina_desk.change_password(nina_session, "niet het eerste wachtwoord", "Nina-haar-eigen-wachtwoord", "Nina-haar-eigen-wachtwoord");
    assert!(matches!(wrong, Err(ServiceError::Validation(errors)) if errors[0].field == "current_password"));
    let own_password = "Nina-haar-eigen-wachtwoord";
    let chosen = nina_desk.change_password(nina_session, first_password, own_password, own_password).expect("her own password");
    assert!(!chosen.must_change_password);
    nina_desk.worklist(&Actor::User(chosen.clone()), WorklistScope::All).expect("at work, on the same connection");
    assert!(as_login(database, &nina, first_password).connect().is_err(), "the first password no longer logs in");
    sign_in(&as_login(database, &nina, own_password), &store.keys);
    let again = nina_desk.change_password(&chosen, own_password, "Nog-een-ander-wachtwoord", "Nog-een-ander-wachtwoord");
    assert!(again.expect_err("a chosen password is changed at the server").to_string().contains("niet in Klachtbalie"));
    let mut owner = database.owner.connect().expect("owner");
    let row = owner.query_one("SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls FROM pg_roles WHERE rolname = $1", &[&nina]);
    assert!(!row.expect("her login").get::<_, bool>(0), "an ordinary login, nothing more");
    let memberships: Vec<String> = owner
        .query(
            "SELECT g.rolname::text FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid JOIN pg_roles r ON r.oid = m.member
              WHERE r.rolname = $1 ORDER BY 1",
            &[&nina],
        )
        .expect("memberships")
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(memberships, ["klachtbalie_kcc_medewerker", "klachtbalie_person"], "klachtbalie_person and her roles, nothing else");

    // A login the DBA made (the directory's) is kept: its own password still works.
    let (dirk, dirk_location) = login(database, "dirk", PASSWORD);
    let with_unused_password = UserForm { password: "wordt niet gebruikt".into(), ..account(&dirk, &[Role::Klachtbehandelaar], "m-bz") };
    let dirk_account = bea_desk.create_user(&bea, &with_unused_password).expect("the account for the DBA's login");
    assert!(!dirk_account.must_change_password, "his password is the directory's or the DBA's, not a Beheerder's");
    sign_in(&dirk_location, &store.keys);

    // A name the server has for something else than a colleague is refused, and nothing is made.
    let owner_name = database.owner.login().expect("the owner's login name");
    let taken = bea_desk.create_user(&bea, &account(&owner_name, &[Role::KccMedewerker], "")).expect_err("the owner's name");
    assert!(taken.to_string().contains("geen medewerkerslogin"), "{taken}");
    assert!(!bea_desk.users(&bea).expect("accounts").iter().any(|user| user.username == owner_name), "no account made");

    // With a plain client: no one but a Beheerder makes a login, never with a clear password
    // (nor anything PostgreSQL would take for one), and never for an account that exists: the
    // first Beheerder's account, made before personal logins, is no one's to take over.
    let (_, karel) = person(database, &mut app, &beheer, "karel", &[Role::KccMedewerker], "");
    let verifier = postgres_protocol::password::scram_sha_256(b"Een-wachtwoord-van-Bea");
    let create_login = |location: &SharedLocation, login: &str, verifier: &str| {
        as_person(location, &format!("SELECT klachtbalie_create_login('{login}', '{verifier}')")).unwrap_or_default()
    };
    assert!(create_login(&karel, &unique_login("x"), &verifier).contains("Alleen een Beheerder"));
    assert!(create_login(&bea_location, &unique_login("y"), "geheim-wachtwoord").contains("nooit het wachtwoord zelf"));
    let almost = "SCRAM-SHA-256$4096:c2FsdA==$c3RvcmVk:c2VydmVy";
    assert!(create_login(&bea_location, &unique_login("y"), almost).contains("nooit het wachtwoord zelf"), "keys of 32 bytes only");
    assert!(create_login(&bea_location, "beheer", &verifier).contains("Er bestaat al een account beheer"));
    assert!(create_login(&bea_location, &"a".repeat(64), &verifier).contains("63 tekens"));
    assert!(as_login(database, "beheer", "Een-wachtwoord-van-Bea").connect().is_err(), "no login made for beheer");
    let others = as_person(&bea_location, &format!("SELECT klachtbalie_choose_own_password('{verifier}')"));
    assert!(others.expect("refused").contains("niet in Klachtbalie"), "Bea's login was not made with a first password");
}

#[test]
fn a_first_password_opens_nothing_on_the_server_until_its_person_chooses_their_own() {
    // SEC-07 (schema 15): the app refuses every use case while a login still has the first
    // password a Beheerder gave it; with the core bypassed the server refuses too, so whoever
    // knows that first password (the Beheerder who chose it) reads and changes nothing with it.
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let reference = app.register_complaint(&beheer, &crate::shared_store::form("Els Burgerzaken")).expect("a complaint").reference;
    app.add_note(&beheer, &reference, "Notitie bij de klacht").expect("a note");
    let (bea_login, bea_location) = person(database, &mut app, &beheer, "bea", &[Role::Beheerder], "");
    let (mut bea_desk, bea) = sign_in(&bea_location, &store.keys);
    let kim = unique_login("kim");
    let first_password = "Kim-eerste-wachtwoord";
    let roles = [Role::Klachtcoordinator, Role::Beheerder];
    bea_desk.create_user(&bea, &UserForm { password: first_password.into(), ..account(&kim, &roles, "") }).expect("Kim's login");
    let count = |location: &SharedLocation, table: &str| -> i64 {
        let sql = format!("SELECT count(*) FROM {table}");
        location.connect().expect("connect").query_one(&sql, &[]).unwrap_or_else(|error| panic!("{sql}: {error}")).get(0)
    };

    // With the first password and a plain client: no complaint, part or content is read, and
    // neither role works; each refusal is the server's, in Dutch.
    let kim_first = as_login(database, &kim, first_password);
    for table in ["complaints", "events", "complaint_tokens", "notes"] {
        assert_eq!(count(&kim_first, table), 0, "{table} with the first password");
    }
    let settings_before =
        database.owner.connect().expect("owner").query_one("SELECT string_agg(key || value, ',' ORDER BY key) FROM settings", &[]);
    let settings_before: Option<String> = settings_before.expect("settings").get(0);
    for (attack, expected) in [
        ("UPDATE settings SET value = value".to_string(), "Alleen een Beheerder wijzigt de instellingen"),
        (format!("SELECT klachtbalie_set_roles('{bea_login}', ARRAY['kcc_medewerker'])"), "Alleen een Beheerder wijst rollen toe"),
        (
            format!("SELECT klachtbalie_create_login('{}', 'SCRAM-SHA-256$4096:c2FsdA==$x:y')", unique_login("mallory")),
            "Alleen een Beheerder maakt de login",
        ),
        (
            "INSERT INTO destruction_lists (as_of, proposed_at, proposed_by) VALUES ('2026-12-01', '2026-12-01 09:00:00', session_user)"
                .to_string(),
            "Alleen de klachtcoördinator stelt vernietigingslijsten op",
        ),
    ] {
        let refusal = as_person(&kim_first, &attack).unwrap_or_else(|| panic!("must be refused: {attack}"));
        assert!(refusal.contains(expected), "{attack}: {refusal}");
    }
    let real: i64 =
        kim_first.connect().expect("connect").query_one("SELECT klachtbalie_real_complaint_count()", &[]).expect("count").get(0);
    assert_eq!(real, 0, "not even how many complaints there are");
    let settings_after =
        database.owner.connect().expect("owner").query_one("SELECT string_agg(key || value, ',' ORDER BY key) FROM settings", &[]);
    assert_eq!(settings_after.expect("settings").get::<_, Option<String>>(0), settings_before, "nothing changed");
    assert_eq!(server_roles(database, &bea_login), "beheerder");

    // Schema 16: the last Beheerder who can work is not taken away in favour of Kim, who cannot
    // yet: the first account stops being one in the app, then Bea (the only one left who can
    // work) can neither lose the role nor be disabled with a plain client.
    let first = bea_desk.users(&bea).expect("users").into_iter().find(|user| user.username == "beheer").expect("first account");
    let first_form = UserForm {
        username: "beheer".into(),
        display_name: first.display_name.clone(),
        job_title: first.job_title.clone(),
        official_id: String::new(),
        roles: vec![Role::Klachtcoordinator.code().into()],
        active: true,
        password: String::new(),
    };
    bea_desk.update_user(&bea, first.id, &first_form).expect("the first account is no Beheerder any more");
    for attack in [
        format!("SELECT klachtbalie_set_roles('{bea_login}', ARRAY['klachtcoordinator'])"),
        format!("UPDATE users SET active = false WHERE username = '{bea_login}'"),
    ] {
        let refused = as_person(&bea_location, &attack).unwrap_or_else(|| panic!("must be refused: {attack}"));
        assert!(refused.contains("Er moet een Beheerder blijven die nu kan werken"), "{attack}: {refused}");
    }
    assert_eq!(server_roles(database, &bea_login), "beheerder", "Bea is still Beheerder");

    // Kim signs in with it (on record in her name) and chooses her own; from then on the server
    // lets her read what a coördinator reads.
    let (mut kim_desk, kim_at_desk) = sign_in(&kim_first, &store.keys);
    let Actor::User(kim_session) = &kim_at_desk else { panic!("Kim is signed in") };
    let own_password = "Kim-haar-eigen-wachtwoord";
    kim_desk.change_password(kim_session, first_password, own_password, own_password).expect("her own password");
    let kim_own = as_login(database, &kim, own_password);
    assert_eq!(count(&kim_own, "complaints"), 1);
    assert_eq!(count(&kim_own, "notes"), 1);
    let mut owner = database.owner.connect().expect("owner");
    let entries: Vec<String> = owner
        .query("SELECT action || ':' || result FROM audit_log WHERE actor = $1 ORDER BY sequence", &[&kim])
        .expect("her entries")
        .iter()
        .map(|row| row.get(0))
        .collect();
    assert_eq!(entries, ["inloggen:gelukt", "eigen wachtwoord wijzigen:gelukt"], "her first sign-in and her choice, in her name");
}

#[test]
fn an_account_of_the_shared_login_s_days_gets_its_own_login_as_the_readme_says() {
    // SEC-07, README "From the desks' shared login to one login per person": the DBA makes a
    // login with the account's user name; until a Beheerder (still on the desks' login, or the
    // owner) saves the account's roles once, the server gives that login nothing; after it, the
    // person signs in as themselves with the roles the account had.
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let reference = app.register_complaint(&beheer, &crate::shared_store::form("Els Burgerzaken")).expect("a complaint").reference;
    let oud = unique_login("oud");
    let form = account(&oud, &[Role::KccMedewerker], "");
    let made = app.create_user(&beheer, &form).expect("an account of the desks' login's days");
    database.as_owner(&format!("CREATE ROLE {oud} LOGIN PASSWORD '{PASSWORD}' IN ROLE klachtbalie_person")).expect("the DBA's login");
    let location = as_login(database, &oud, PASSWORD);
    let seen = |location: &SharedLocation| -> i64 {
        location.connect().expect("connect").query_one("SELECT count(*) FROM complaints", &[]).expect("count").get(0)
    };
    assert_eq!(server_roles(database, &oud), "", "no role on the server yet");
    assert_eq!(seen(&location), 0, "{reference} is not read without the role");

    app.update_user(&beheer, made.id, &form).expect("the roles saved once");
    assert_eq!(server_roles(database, &oud), "kcc_medewerker");
    assert_eq!(seen(&location), 1);
    let (mut desk, person) = sign_in(&location, &store.keys);
    let Actor::User(session) = &person else { panic!("signed in") };
    assert!(!session.must_change_password, "the server checks the password the DBA gave");
    let listed = desk.worklist(&person, WorklistScope::All).expect("the KCC's worklist");
    assert_eq!(listed.len(), 1);
}
