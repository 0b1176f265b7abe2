//! Logging in to the shared database with the municipality's directory (issue 25 item 1,
//! SEC-07): PostgreSQL's `ldap` method asks a real OpenLDAP (slapd over StartTLS, started by
//! scripts/with-postgres.sh) for the password of every member of `klachtbalie_directory`. A
//! person then works with their own login and directory password, which the server does not
//! keep; a wrong password, an account the municipality disabled, and the directory's own
//! lockout after wrong passwords are refused by the server, not by a table a desk can write.

use crate::shared_store::{clock, form, set_up, shared, PASSWORD};
use klachtbalie_core::service::{self, Actor, ServiceError};
use klachtbalie_core::store::{SharedLocation, StoreError};

fn setting(name: &str) -> String {
    std::env::var(format!("KLACHTBALIE_TEST_{name}")).unwrap_or_else(|_| {
        panic!("KLACHTBALIE_TEST_{name} is not set: run the tests through scripts/with-postgres.sh, which starts slapd")
    })
}

/// A login name no other test of this run uses (roles are the whole server's).
fn unique_login(what: &str) -> String {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{what}_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::SeqCst))
}

/// A person in the directory with a password, and their database login without one: a member
/// of the desks' role and of the role whose members the server checks against the directory.
fn person(database: &crate::support::SharedTestDatabase, password: &str) -> String {
    let login = unique_login("medewerker");
    let people = setting("LDAP_PEOPLE");
    crate::support::as_directory_admin(
        "ldapadd",
        &format!("dn: uid={login},{people}\nobjectClass: inetOrgPerson\nuid: {login}\ncn: {login}\nsn: Test\nuserPassword: {password}\n"),
    );
    database.as_owner(&format!("CREATE ROLE {login} LOGIN IN ROLE klachtbalie_directory, klachtbalie_app")).expect("login");
    login
}

fn as_person(database: &crate::support::SharedTestDatabase, login: &str, password: &str) -> SharedLocation {
    let host = format!("{}:{}", setting("POSTGRES_HOST"), setting("POSTGRES_PORT"));
    SharedLocation::new(format!("postgres://{login}@{host}/{}", database.name), Some(password.into()), Some(setting("POSTGRES_CA").into()))
}

/// The desk's start as `login`: refused by the server with the Dutch message naming the login.
fn assert_refused(database: &crate::support::SharedTestDatabase, store: &crate::support::TestStore, login: &str, password: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    match service::start_shared(&as_person(database, login, password), &store.keys, clock(), dir.path()) {
        Err(error @ ServiceError::Store(StoreError::SharedLogin(_))) => {
            let message = error.to_string();
            assert!(message.contains(&format!("weigert de aanmelding van {login}")), "{message}");
            assert!(!message.contains("LDAP") && !message.contains("failed"), "no server English: {message}");
        }
        Err(other) => panic!("refused for another reason: {other:?}"),
        Ok(_) => panic!("{login} must be refused"),
    }
}

#[test]
fn a_person_logs_in_with_the_directory_password_and_the_server_and_desk_keep_none() {
    // SEC-07, issue 25 item 1: one login per person, the password checked by the directory.
    let (store, _app, _) = set_up();
    let database = shared(&store);
    let directory_password = "Winter-2026-Diemen!";
    let login = person(database, directory_password);

    let dir = tempfile::tempdir().expect("tempdir");
    let service::Startup::Ready(mut desk) =
        service::start_shared(&as_person(database, &login, directory_password), &store.keys, clock(), dir.path()).expect("start")
    else {
        panic!("the desk opens with the person's own login")
    };
    let actor = Actor::User(desk.login("beheer", PASSWORD).expect("log-in"));
    let registered = desk.register_complaint(&actor, &form("Jet Directory")).expect("register as that person");
    // The server records the person's own login with the write (SEC-07 item 5).
    let mut owner = database.owner.connect().expect("owner");
    let recorded: String = owner
        .query_one(
            "SELECT login FROM server_changes WHERE table_name = 'complaints' AND operation = 'insert' ORDER BY sequence DESC LIMIT 1",
            &[],
        )
        .expect("recorded")
        .get(0);
    assert_eq!(recorded, login, "{} is on record with the person's login", registered.reference);
    drop(desk);
    // Nothing of the password on the desk (its data folder) or in the server's files.
    assert!(crate::support::files_containing(dir.path(), directory_password).is_empty(), "not in the desk's folder");
    let data = crate::support::SharedTestDatabase::data_directory();
    let mut server_files = crate::support::files_containing(&data, directory_password);
    // The server's log (beside its data folder) names a refused bind, never a password.
    if let Some(log) = data.parent().map(|folder| folder.join("server.log")).filter(|log| log.exists()) {
        if crate::support::contains(&std::fs::read(&log).expect("server log"), directory_password.as_bytes()) {
            server_files.push(log.display().to_string());
        }
    }
    assert!(server_files.is_empty(), "the server keeps no password of a directory login: {server_files:?}");
}

#[test]
fn a_wrong_password_a_disabled_account_and_the_directory_s_lockout_are_refused_by_the_server() {
    // SEC-07, issue 25 item 1: "lockout after wrong passwords is the server's or the
    // directory's, not a table desks can write".
    let (store, _app, _) = set_up();
    let database = shared(&store);
    let password = "Herfst-2026-Diemen!";
    let login = person(database, password);
    assert_logs_in(database, &store, &login, password);
    assert_refused(database, &store, &login, "een fout wachtwoord");

    // The municipality disables the account in its directory: the right password no longer works.
    let disabled = person(database, password);
    assert_logs_in(database, &store, &disabled, password);
    crate::support::as_directory_admin(
        "ldapmodify",
        &format!(
            "dn: uid={disabled},{}\nchangetype: modify\nadd: pwdAccountLockedTime\npwdAccountLockedTime: 000001010000Z\n",
            setting("LDAP_PEOPLE")
        ),
    );
    assert_refused(database, &store, &disabled, password);

    // Three wrong passwords in a row (the directory's policy): then the right one is refused too.
    for _ in 0..2 {
        assert_refused(database, &store, &login, "nog een fout wachtwoord");
    }
    assert_refused(database, &store, &login, password);
}

/// The desk's start as `login` with the right password works (before it is disabled or locked).
fn assert_logs_in(database: &crate::support::SharedTestDatabase, store: &crate::support::TestStore, login: &str, password: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let started = service::start_shared(&as_person(database, login, password), &store.keys, clock(), dir.path());
    assert!(matches!(started, Ok(service::Startup::Ready(_))), "{login} logs in with the right password: {:?}", started.err());
}
