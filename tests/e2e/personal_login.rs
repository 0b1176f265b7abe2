//! A desk where every person signs in with their own database login (SEC-07, issue 25 item
//! 1), in the real window: joined with "Iedereen meldt zich aan met een eigen login", it keeps
//! no login or password in its desk file or keyring; a person of the municipality's directory
//! (slapd, checked by the server's `ldap` method) and a person with a SCRAM login sign in and
//! out in turn, each connected as themselves; the second, a Beheerder, makes a new colleague's
//! login in the users screen, and he signs in with it and chooses his own password.

use crate::support;
use crate::window::*;
use klachtbalie_core::clock::SystemClock;
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::{self, Actor, UserForm};
use klachtbalie_core::store::SharedLocation;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn setting(name: &str) -> String {
    std::env::var(format!("KLACHTBALIE_TEST_{name}"))
        .unwrap_or_else(|_| panic!("KLACHTBALIE_TEST_{name} is not set: run under scripts/with-postgres.sh (it starts slapd too)"))
}

/// The shared database set up by its owner (the desks' login for the first desk), with two
/// accounts whose names are database logins: one checked by the directory, one by SCRAM.
/// Returns the recovery key. Synchronous: call it inside block_in_place.
fn database_with_two_people(shared: &support::SharedTestDatabase, directory: (&str, &str), scram: (&str, &str)) -> String {
    let people = setting("LDAP_PEOPLE");
    let (login, password) = directory;
    support::as_directory_admin(
        "ldapadd",
        &format!("dn: uid={login},{people}\nobjectClass: inetOrgPerson\nuid: {login}\ncn: {login}\nsn: Test\nuserPassword: {password}\n"),
    );
    shared.as_owner(&format!("CREATE ROLE {login} LOGIN IN ROLE klachtbalie_directory, klachtbalie_person")).expect("directory login");
    shared.as_owner(&format!("CREATE ROLE {} LOGIN PASSWORD '{}' IN ROLE klachtbalie_person", scram.0, scram.1)).expect("SCRAM login");
    let first_desk = tempfile::tempdir().expect("tempdir");
    let keys = klachtbalie_core::store::key::MemoryKeyStore::default();
    let form = support::setup_form("beheer", "een lang wachtwoord");
    let mut app =
        service::set_up_shared(&shared.owner, Some(&shared.app), &keys, Arc::new(SystemClock), &form, first_desk.path()).expect("set up");
    let beheerder = Actor::User(app.login("beheer", "een lang wachtwoord").expect("log in"));
    // Sanne is a Beheerder too: she makes a new colleague's login in the window.
    let kcc = [Role::KccMedewerker.code().to_string()];
    let kcc_and_beheerder = [Role::KccMedewerker.code().to_string(), Role::Beheerder.code().to_string()];
    for (username, display_name, roles) in [(directory.0, "Dirk Directory", &kcc[..]), (scram.0, "Sanne Scram", &kcc_and_beheerder[..])] {
        let account = UserForm {
            username: username.into(),
            display_name: display_name.into(),
            job_title: "KCC-medewerker".into(),
            official_id: String::new(),
            roles: roles.to_vec(),
            active: true,
            password: "een eerste wachtwoord".into(),
        };
        app.create_user(&beheerder, &account).expect("account");
    }
    app.pending_recovery_key().expect("pending").expect("shown until saved")
}

fn connections_of(shared: &support::SharedTestDatabase, login: &str) -> i64 {
    let mut owner = shared.owner.connect().expect("owner");
    owner
        .query_one("SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND datname = $2", &[&login, &shared.name])
        .expect("pg_stat_activity")
        .get(0)
}

/// The person's connections (the desk's own and its listener) are gone within `limit`.
async fn connections_close(shared: &support::SharedTestDatabase, login: &str, limit: Duration) {
    let started = Instant::now();
    while tokio::task::block_in_place(|| connections_of(shared, login)) > 0 {
        assert!(started.elapsed() < limit, "{login} is still connected {limit:?} after signing out");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs a display, a session bus with gnome-keyring, tauri-driver, slapd and the test PostgreSQL server: run scripts/test.sh"]
async fn people_sign_in_with_their_own_logins_and_the_desk_keeps_no_password() {
    let database = tokio::task::block_in_place(support::SharedTestDatabase::create);
    let pid = std::process::id();
    let (dirk, dirk_password) = (format!("dirk_{pid}"), "Dirk-zijn-directory-wachtwoord");
    let (sanne, sanne_password) = (format!("sanne_{pid}"), "Sanne-haar-eigen-wachtwoord");
    let recovery_key =
        tokio::task::block_in_place(|| database_with_two_people(&database, (&dirk, dirk_password), (&sanne, sanne_password)));
    let (root, _driver, client) = fresh_app().await;
    let data_dir = root.path().join("data");

    // "Werkplek koppelen" with Dirk's own login (his directory password) and the recovery key.
    find(&client, "#setup-form").await;
    click(&client, "#f-storage-shared").await;
    // "Database inrichten" with personal logins asks for no desks' login: the first account is
    // the person's own login.
    click(&client, "#f-personal_logins").await;
    wait_for_text(&client, "#setup-account-personal", "uw eigen login").await;
    assert!(find(&client, "#setup-desk-login").await.attr("hidden").await.expect("attr").is_some(), "no desks' login asked for");
    screenshot(&client, "44-set-up-with-personal-logins").await;
    click(&client, "#f-shared_action-join").await;
    wait_for_text(&client, "#setup-submit", "Werkplek koppelen").await;
    type_into(&client, "#f-db_host", &setting("POSTGRES_HOST")).await;
    type_into(&client, "#f-db_port", &setting("POSTGRES_PORT")).await;
    type_into(&client, "#f-db_name", &database.name).await;
    type_into(&client, "#f-db_user", &dirk).await;
    type_into(&client, "#f-db_password", dirk_password).await;
    type_into(&client, "#f-db_ca_file", &setting("POSTGRES_CA")).await;
    wait_for_text(&client, "#f-db_password-hint", "bewaart het niet").await;
    type_into(&client, "#f-recovery_key", &recovery_key).await;
    screenshot(&client, "45-join-with-personal-logins").await;
    axe(&client, "Werkplek koppelen met eigen logins").await;
    click(&client, "#setup-submit").await;
    // Signed in as Dirk at once: the server checked his directory password.
    wait_for_text(&client, "#current-user", "Dirk Directory").await;
    assert!(tokio::task::block_in_place(|| connections_of(&database, &dirk)) >= 1, "connected as Dirk");

    // Nothing of a login or a password on the desk: not in its folder, its desk file or keyring.
    let desk_file = std::fs::read_to_string(data_dir.join("werkplek.json")).expect("desk file");
    assert!(desk_file.contains("\"personal_logins\": true") && !desk_file.contains(&dirk), "{desk_file}");
    for secret in [dirk_password, sanne_password] {
        assert!(support::files_containing(&data_dir, secret).is_empty(), "no password in the data folder");
    }
    let keyring = secret_tool(&["search", "--all", "service", "nl.klachtbalie.databasewachtwoord"]);
    let found = format!("{}{}", String::from_utf8_lossy(&keyring.stdout), String::from_utf8_lossy(&keyring.stderr));
    assert!(!found.contains(&database.name), "no database password in the keyring: {found}");

    // Signing out closes Dirk's connection; the log-in screen says whose password counts.
    click(&client, "#logout").await;
    wait_for_text(&client, "#login-personal-hint", "eigen login").await;
    connections_close(&database, &dirk, Duration::from_secs(5)).await;
    screenshot(&client, "46-sign-in-with-own-login").await;
    axe(&client, "Inloggen met eigen login").await;

    // A wrong password: the server's refusal in Dutch, naming the login; the name stays typed.
    log_in(&client, &sanne, "niet haar wachtwoord").await;
    wait_for_text(&client, "#login-error", &format!("weigert de aanmelding van {sanne}")).await;
    assert_eq!(value_of(&client, "#f-username").await, sanne);
    type_into(&client, "#f-password", sanne_password).await;
    click(&client, "#login-submit").await;
    // A Beheerder (Dirk, of the KCC, was not shown it) sees the unconfirmed recovery key first.
    wait_for_text(&client, "#recovery-key", "-").await;
    click(&client, "#recovery-confirm").await;
    click(&client, "#recovery-continue").await;
    wait_for_text(&client, "#current-user", "Sanne Scram").await;
    assert!(tokio::task::block_in_place(|| connections_of(&database, &sanne)) >= 1, "connected as Sanne");
    assert_eq!(tokio::task::block_in_place(|| connections_of(&database, &dirk)), 0, "never as Dirk");

    // Sanne, a Beheerder, adds Tim, who has no login yet: the first password she types becomes
    // his own login's (schema 14), and he signs in with it.
    let (tim, tim_password) = (format!("tim_{pid}"), "Tim-zijn-eerste-wachtwoord");
    click(&client, "#nav-users").await;
    click(&client, "#user-new").await;
    wait_for_text(&client, "#f-password-hint", "eigen login bij de gedeelde database").await;
    type_into(&client, "#user-form #f-username", &tim).await;
    type_into(&client, "#user-form #f-display_name", "Tim Nieuw").await;
    type_into(&client, "#user-form #f-job_title", "KCC-medewerker").await;
    click(&client, "#f-roles-kcc_medewerker").await;
    type_into(&client, "#user-form #f-password", tim_password).await;
    screenshot(&client, "47-beheerder-makes-a-login").await;
    click(&client, "#user-submit").await;
    wait_for_text(&client, &format!("tr[data-user='{tim}']"), "actief").await;
    click(&client, "#logout").await;
    log_in(&client, &tim, tim_password).await;
    // He chooses his own password first, as on a single desk; the server keeps only that one.
    wait_for_text(&client, "main", "Kies een eigen wachtwoord").await;
    type_into(&client, "#f-current_password", tim_password).await;
    type_into(&client, "#f-new_password", "Tim-zijn-eigen-wachtwoord").await;
    type_into(&client, "#f-new_password_repeat", "Tim-zijn-eigen-wachtwoord").await;
    click(&client, "#password-submit").await;
    wait_for_text(&client, "#current-user", "Tim Nieuw").await;
    let as_tim = |password: &str| {
        let (_, server) = database.owner.url.split_once('@').expect("postgres://login@server/database");
        let location = SharedLocation::new(format!("postgres://{tim}@{server}"), Some(password.into()), database.owner.ca_file.clone());
        tokio::task::block_in_place(|| location.connect().is_ok())
    };
    assert!(!as_tim(tim_password) && as_tim("Tim-zijn-eigen-wachtwoord"), "the server knows only the password he chose");
    assert!(tokio::task::block_in_place(|| connections_of(&database, &tim)) >= 1, "connected as Tim, with the login Sanne made");
    client.close().await.expect("close");
    tokio::task::block_in_place(move || drop(database));
}
