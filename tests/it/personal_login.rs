//! A desk where every person signs in with their own database login (SEC-07, issue 25 item
//! 1): the server checks the password (SCRAM here; the directory in directory_login.rs) and
//! the desk connects only then, as that person. Klachtbalie keeps no password for it, the
//! server records the person's login with every write, and each refusal names the login in
//! Dutch and lets nobody in.

use crate::people::{account, as_login};
use crate::shared_store::{clock, form, set_up, shared};
use crate::support::{self, SharedTestDatabase};
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::{self, Actor, PersonalStart, ServiceError, UserForm};
use klachtbalie_core::store::key::MemoryKeyStore;
use klachtbalie_core::store::{SharedLocation, StoreError};

fn audit_entries(database: &SharedTestDatabase) -> i64 {
    let mut owner = database.owner.connect().expect("owner");
    owner.query_one("SELECT count(*) FROM audit_log", &[]).expect("count").get(0)
}

fn sign_in(location: &SharedLocation, keys: &MemoryKeyStore, dir: &std::path::Path) -> service::ServiceResult<PersonalStart> {
    service::sign_in_personally(location, keys, clock(), dir)
}

#[test]
fn a_person_signs_in_with_their_own_login_and_the_server_records_it_with_their_writes() {
    // SEC-07, issue 25 item 1: "the log-in screen of a shared desk asks for the person's name
    // and password and connects as that person"; no shared desk password is kept anywhere.
    let (store, mut app, beheerder) = set_up();
    let database = shared(&store);
    let password = "Mijn-eigen-wachtwoord-2026";
    let (login, _) = crate::people::login(database, "persoon", password);
    app.create_user(&beheerder, &account(&login, &[Role::KccMedewerker], "")).expect("account");

    let dir = tempfile::tempdir().expect("tempdir");
    let PersonalStart::Ready(mut desk, user) = sign_in(&as_login(database, &login, password), &store.keys, dir.path()).expect("sign in")
    else {
        panic!("the desk opens as the person")
    };
    assert_eq!(user.username, login);
    assert_eq!(user.roles, vec![Role::KccMedewerker]);
    // The server checked the password: Klachtbalie's first password is never asked for.
    assert!(!user.must_change_password);
    assert!(!desk.user(user.id).expect("read").expect("active").must_change_password, "cleared on the server too");

    let registered = desk.register_complaint(&Actor::User(user), &form("Els Eigenlogin")).expect("intake as the person");
    let mut owner = database.owner.connect().expect("owner");
    let recorded: String = owner
        .query_one(
            "SELECT login FROM server_changes WHERE table_name = 'complaints' AND operation = 'insert' ORDER BY sequence DESC LIMIT 1",
            &[],
        )
        .expect("recorded")
        .get(0);
    assert_eq!(recorded, login, "{} is on record with the person's own login", registered.reference);
    let signed_in: i64 = owner
        .query_one(
            "SELECT count(*) FROM audit_log WHERE actor = $1 AND action = 'inloggen' AND result = 'gelukt' AND object LIKE '%server%'",
            &[&login],
        )
        .expect("audit")
        .get(0);
    assert_eq!(signed_in, 1, "the sign-in is in the audit log, as checked by the server");
    drop(desk);
    assert!(support::files_containing(dir.path(), password).is_empty(), "the desk's folder holds no password");
}

#[test]
fn a_wrong_password_no_account_a_disabled_account_and_the_owner_are_refused_in_dutch() {
    // SEC-07, issue 25 item 1: the server refuses a wrong password (nothing is written); a
    // login without an active Klachtbalie account and the owner's login get in nowhere.
    let (store, mut app, beheerder) = set_up();
    let database = shared(&store);
    let password = "Nog-een-eigen-wachtwoord-26";
    let (login, _) = crate::people::login(database, "persoon", password);
    let created = app.create_user(&beheerder, &account(&login, &[Role::KccMedewerker], "")).expect("account");
    let dir = tempfile::tempdir().expect("tempdir");
    // The control: the right password gets in.
    assert!(matches!(sign_in(&as_login(database, &login, password), &store.keys, dir.path()), Ok(PersonalStart::Ready(..))));

    let before = audit_entries(database);
    match sign_in(&as_login(database, &login, "een fout wachtwoord"), &store.keys, dir.path()) {
        Err(error @ ServiceError::Store(StoreError::SharedLogin(_))) => {
            let message = error.to_string();
            assert!(message.contains(&format!("weigert de aanmelding van {login}")), "{message}");
            assert!(!message.contains("password") && !message.contains("authentication"), "no server English: {message}");
        }
        other => panic!("a wrong password is the server's refusal: {:?}", other.err()),
    }
    assert_eq!(audit_entries(database), before, "a password the server refused writes nothing");

    let refused = |location: SharedLocation, expected: &str| match sign_in(&location, &store.keys, dir.path()) {
        Err(ServiceError::Refused(message)) => assert!(message.contains(expected), "{message}"),
        Err(other) => panic!("refused for another reason: {other:?}"),
        Ok(_) => panic!("must be refused: {expected}"),
    };
    // A login the server knows but Klachtbalie has no account for: refused, and audited.
    let stranger_password = "Geen-account-wachtwoord-26";
    let (stranger, _) = crate::people::login(database, "persoon", stranger_password);
    refused(as_login(database, &stranger, stranger_password), "geen actief account");
    let mut owner = database.owner.connect().expect("owner");
    let failed: i64 =
        owner.query_one("SELECT count(*) FROM audit_log WHERE actor = $1 AND result = 'mislukt'", &[&stranger]).expect("audit").get(0);
    assert_eq!(failed, 1, "the refused sign-in is audited");
    // The Beheerder disables the account: the right password no longer gets in.
    let disabled = UserForm { active: false, password: String::new(), ..account(&login, &[Role::KccMedewerker], "") };
    app.update_user(&beheerder, created.id, &disabled).expect("disable");
    refused(as_login(database, &login, password), "geen actief account");
    // The owner's login may change the schema: nobody works on complaints with it.
    let owner_location = database.owner.clone();
    refused(owner_location, "eigenaar");
    // The desks' shared login of before is no person's login.
    refused(database.app.clone(), "geen persoonlijke login");
}

#[test]
fn a_new_desk_is_joined_with_the_recovery_key_on_the_person_s_own_connection() {
    // SEC-08 with SEC-07: a desk without the key asks for the recovery key after the server
    // let the person in, and joins on that connection; the desk keeps no password.
    let (store, mut app, beheerder) = set_up();
    let database = shared(&store);
    let recovery_key = app.pending_recovery_key().expect("pending").expect("shown until saved");
    let password = "Koppel-wachtwoord-2026-X";
    let (login, _) = crate::people::login(database, "persoon", password);
    app.create_user(&beheerder, &account(&login, &[Role::KccMedewerker], "")).expect("account");

    let keys = MemoryKeyStore::default();
    let dir = tempfile::tempdir().expect("tempdir");
    let location = as_login(database, &login, password);
    assert!(matches!(sign_in(&location, &keys, dir.path()), Ok(PersonalStart::NeedsRecoveryKey { .. })), "no key on this desk yet");
    let mut desk = service::join_shared(&location, &keys, clock(), &recovery_key, dir.path()).expect("join");
    let user = desk.sign_in_connected_person().expect("signed in as the person");
    assert_eq!(user.username, login);
    // The next start of this desk signs the person in with the key from its key store.
    assert!(matches!(sign_in(&location, &keys, dir.path()), Ok(PersonalStart::Ready(..))));
    assert!(support::files_containing(dir.path(), password).is_empty(), "the desk's folder holds no password");
}
