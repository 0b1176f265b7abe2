//! People with their own database login on the shared test server (SEC-07), for the tests
//! that try what each person can do: their login, their account, signing in as them, and
//! running SQL as them with a plain client.

use crate::shared_store::clock;
use crate::support::{unique_login, SharedTestDatabase};
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::{self, Actor, PersonalStart, UserForm};
use klachtbalie_core::store::key::MemoryKeyStore;
use klachtbalie_core::store::SharedLocation;

/// The password of every person these tests make (the server's, not Klachtbalie's).
pub(crate) const PASSWORD: &str = "Een-eigen-wachtwoord-2026";

/// A person's own login (SCRAM, a member of klachtbalie_person) with a name no other test of
/// this run uses, and where to connect as them.
pub(crate) fn login(database: &SharedTestDatabase, what: &str, password: &str) -> (String, SharedLocation) {
    let login = unique_login(what);
    database.as_owner(&format!("CREATE ROLE {login} LOGIN PASSWORD '{password}' IN ROLE klachtbalie_person")).expect("login");
    let location = as_login(database, &login, password);
    (login, location)
}

/// The test database as `login` with `password`: the owner's server, another login.
pub(crate) fn as_login(database: &SharedTestDatabase, login: &str, password: &str) -> SharedLocation {
    let (_, server) = database.owner.url.split_once('@').expect("postgres://login@server/database");
    SharedLocation::new(format!("postgres://{login}@{server}"), Some(password.into()), database.owner.ca_file.clone())
}

/// The Beheerder's form for a person's account (its first password is not used).
pub(crate) fn account(username: &str, roles: &[Role], official: &str) -> UserForm {
    UserForm {
        username: username.into(),
        display_name: format!("Medewerker {username}"),
        job_title: "Medewerker".into(),
        official_id: official.into(),
        roles: roles.iter().map(|role| role.code().to_string()).collect(),
        active: true,
        password: "een eerste wachtwoord".into(),
    }
}

/// A person's login (with `PASSWORD`) and the account the Beheerder made for it.
pub(crate) fn person(
    database: &SharedTestDatabase,
    app: &mut service::Klachtbalie,
    beheerder: &Actor,
    what: &str,
    roles: &[Role],
    official: &str,
) -> (String, SharedLocation) {
    let (login, location) = login(database, what, PASSWORD);
    app.create_user(beheerder, &account(&login, roles, official)).expect("account");
    (login, location)
}

/// Signs the person of `location` in on a desk of its own, with the key store's key.
pub(crate) fn sign_in(location: &SharedLocation, keys: &MemoryKeyStore) -> (service::Klachtbalie, Actor) {
    let dir = tempfile::tempdir().expect("tempdir");
    match service::sign_in_personally(location, keys, clock(), dir.path()).expect("sign in") {
        PersonalStart::Ready(app, user) => (*app, Actor::User(user)),
        _ => panic!("the desk opens as the person"),
    }
}

/// The server's refusal of `sql` as the person (panics when it ran).
pub(crate) fn refused(location: &SharedLocation, sql: &str) -> String {
    refusal(location, sql).unwrap_or_else(|| panic!("must be refused: {sql}"))
}

/// Runs `sql` as the person with a plain client: the server's refusal, or `None` if it ran.
pub(crate) fn refusal(location: &SharedLocation, sql: &str) -> Option<String> {
    let mut client = location.connect().expect("connect as the person");
    client.batch_execute(sql).err().map(|error| error.as_db_error().map_or_else(|| error.to_string(), |db| db.message().to_string()))
}
