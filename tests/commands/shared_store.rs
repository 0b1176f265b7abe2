//! The shared database through the commands: the owner's first start, joining with the
//! recovery key, an unreachable server, and a desk where every person signs in with their
//! own database login (SEC-07). Needs the test PostgreSQL server (scripts/with-postgres.sh).

use super::{harness, harness_with, json, support, Value};

#[test]
fn an_unreachable_shared_database_gets_its_own_screen_not_the_recovery_key() {
    // The desk file names a server that does not answer; the window gets the phase
    // `unreachable` with a plain Dutch reason (not the recovery key), "Opnieuw proberen" tries
    // again, and new connection details are checked before anything is remembered.
    let ca_dir = tempfile::tempdir().expect("tempdir");
    let ca = ca_dir.path().join("gemeente-ca.crt");
    std::fs::write(&ca, UNUSED_CA).expect("ca file");
    let closed_port = std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port();
    let connection = klachtbalie_core::desk::SharedConnection {
        host: "127.0.0.1".into(),
        port: closed_port,
        database: "klachtbalie".into(),
        user: "balie".into(),
        ca_file: ca.clone(),
        personal_logins: false,
    };
    let remembered = connection.clone();
    let h = harness_with(move |data_dir| klachtbalie_core::desk::save(data_dir, &remembered).expect("desk file"));
    let status = h.ok("app_status", json!({}));
    assert_eq!(status["phase"], "unreachable", "{status}");
    let reason = status["reason"].as_str().expect("reason");
    assert!(reason.starts_with("De gedeelde database is niet bereikbaar"), "{reason}");
    assert_eq!(status["shared"]["host"], "127.0.0.1");
    assert_eq!(status["shared"]["port"], closed_port.to_string());
    assert_eq!(h.ok("retry_start", json!({}))["phase"], "unreachable");
    let refused = h.call("unlock_with_recovery_key", json!({ "recoveryKey": "0000" })).expect_err("no recovery key here");
    assert_eq!(refused["kind"], "not_needed");

    let request = |port: &str, password: &str, ca_file: &std::path::Path| json!({ "request": { "host": "127.0.0.1", "port": port, "database": "klachtbalie", "user": "balie", "password": password, "ca_file": ca_file } });
    let error = h.call("change_connection", request("0", "", &ca)).expect_err("invalid");
    let fields: Vec<&str> = error["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["db_port", "db_password"]);
    let error = h.call("change_connection", request(&closed_port.to_string(), "geheim", &ca)).expect_err("still unreachable");
    assert_eq!(error["kind"], "shared_unreachable");
    assert_eq!(error["fields"][0]["field"], "db_host");
    // A file that is no certificate: said next to the certificate field.
    let not_a_certificate = ca_dir.path().join("leeg.crt");
    std::fs::write(&not_a_certificate, "geen certificaat").expect("write");
    let error = h.call("change_connection", request(&closed_port.to_string(), "geheim", &not_a_certificate)).expect_err("bad CA");
    assert_eq!(error["kind"], "shared_tls");
    assert_eq!(error["fields"][0]["field"], "db_ca_file");
    assert_eq!(klachtbalie_core::desk::load(&h._dir.path().join("data")).expect("desk file"), Some(connection), "nothing changed");
}

fn postgres_setting(name: &str) -> String {
    std::env::var(format!("KLACHTBALIE_TEST_POSTGRES_{name}"))
        .unwrap_or_else(|_| panic!("KLACHTBALIE_TEST_POSTGRES_{name} is not set: run under scripts/with-postgres.sh"))
}

fn shared_connection(database: &str, user: &str, password: &str) -> Value {
    json!({
        "host": postgres_setting("HOST"), "port": postgres_setting("PORT"), "database": database,
        "user": postgres_setting(user), "password": password, "ca_file": postgres_setting("CA"),
    })
}

#[test]
fn a_shared_database_is_set_up_by_its_owner_and_joined_with_the_recovery_key() {
    // The shared store through the commands: "Database inrichten" needs the owner's login (the desks'
    // login is told so next to the user field); a second desk joins with the recovery key (a
    // wrong key is refused at the key field) and then signs in with the first account.
    let database = support::SharedTestDatabase::create();
    let first = harness();
    let mut setup = first.ok("setup_defaults", json!({}));
    setup["admin_username"] = json!("beheer");
    setup["admin_display_name"] = json!("Fatima el Amrani");
    setup["admin_password"] = json!("een lang wachtwoord");
    setup["admin_password_repeat"] = json!("een lang wachtwoord");
    let as_desks_login = shared_connection(&database.name, "APP", &postgres_setting("APP_PASSWORD"));
    let (desk_user, desk_password) = (postgres_setting("APP"), postgres_setting("APP_PASSWORD"));
    let set_up = |connection: &serde_json::Value, desk_user: &str, desk_password: &str| {
        first.call(
            "set_up_shared",
            json!({ "request": { "connection": connection, "desk_user": desk_user, "desk_password": desk_password, "setup": setup } }),
        )
    };
    let error = set_up(&as_desks_login, "een_ander", "x").expect_err("the desks' login owns nothing");
    assert_eq!(error["kind"], "shared_forbidden", "{error}");
    assert_eq!(error["fields"][0]["field"], "db_user");
    assert_eq!(first.ok("app_status", json!({}))["phase"], "setup", "nothing remembered");

    // The desks' login is checked before anything is written: not the owner, a login that
    // works, and a member of klachtbalie_app.
    let as_owner = shared_connection(&database.name, "OWNER", &postgres_setting("OWNER_PASSWORD"));
    for (user, password, why) in [
        (postgres_setting("OWNER"), postgres_setting("OWNER_PASSWORD"), "the owner's login"),
        (desk_user.clone(), "niet het wachtwoord".to_string(), "a wrong password"),
    ] {
        let error = set_up(&as_owner, &user, &password).expect_err(why);
        assert_eq!(error["fields"][0]["field"], "desk_user", "{why}: {error}");
        assert_eq!(first.ok("app_status", json!({}))["phase"], "setup", "{why}: nothing set up");
    }
    assert!(database.as_owner("SELECT 1 FROM klachtbalie_schema").is_err(), "no schema was created");

    let response = set_up(&as_owner, &desk_user, &desk_password).expect("set up");
    let recovery_key = response["recovery_key"].as_str().expect("recovery key").to_string();
    assert_eq!(recovery_key.split('-').count(), 17);
    assert!(response["warning"].is_null(), "{response}");
    let status = first.ok("app_status", json!({}));
    assert_eq!(status["phase"], "ready");
    assert_eq!(status["shared"]["database"], database.name.as_str());
    assert_eq!(status["shared"]["user"], desk_user.as_str(), "after the set-up the desk works with the desks' login, not the owner's");
    let again = set_up(&as_owner, &desk_user, &desk_password).expect_err("done");
    assert_eq!(again["kind"], "already_set_up");

    let second = harness();
    let wrong = klachtbalie_core::store::key::DatabaseKey::generate().recovery_key();
    let error =
        second.call("join_shared", json!({ "request": { "connection": as_desks_login, "recovery_key": wrong } })).expect_err("wrong key");
    assert_eq!(error["kind"], "wrong_recovery_key", "{error}");
    assert_eq!(second.ok("app_status", json!({}))["phase"], "setup");
    assert!(second.ok("join_shared", json!({ "request": { "connection": as_desks_login, "recovery_key": recovery_key } })).is_null());
    assert_eq!(second.ok("app_status", json!({}))["phase"], "login");
    let status = second.ok("log_in", json!({ "username": "beheer", "password": "een lang wachtwoord" }));
    assert_eq!(status["phase"], "ready");
    assert_eq!(status["shared"]["user"], postgres_setting("APP").as_str());
}

/// A CA certificate of no server: enough for TLS set-up to read it; the server it should
/// vouch for is never reached in these tests.
const UNUSED_CA: &str = "-----BEGIN CERTIFICATE-----
MIIBkjCCATmgAwIBAgIUQHRoYnBVNs4DnheMXmp1UwBn/QkwCgYIKoZIzj0EAwIw
HjEcMBoGA1UEAwwTS2xhY2h0YmFsaWUgdGVzdCBDQTAgFw0yNjEyMDEwMDEzMDla
GA8yMTI2MTEwNzAwMTMwOVowHjEcMBoGA1UEAwwTS2xhY2h0YmFsaWUgdGVzdCBD
QTBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABL/Y3Afj3VCzpvzxvbndAMk+rHRv
YOn4++PYp95YT25LpG+dfYCOpcb4i0gjShmKZc949ixVR2JithC5o3w2h6KjUzBR
MB0GA1UdDgQWBBRN3nt9IWfkWllj3DmM0Nom9DVZhjAfBgNVHSMEGDAWgBRN3nt9
IWfkWllj3DmM0Nom9DVZhjAPBgNVHRMBAf8EBTADAQH/MAoGCCqGSM49BAMCA0cA
MEQCIAvMyDKqdPPGL00VkVLaCop9y1HfRLn+5aDpLvsgSJDYAiBVR356Awy7ABJX
KouL9GRA6rvOYkpvSmlEX29cS4u4Yw==
-----END CERTIFICATE-----
";

/// A database login of a person (SCRAM), member of the desks' role, with the password given.
fn person_login(database: &support::SharedTestDatabase, what: &str, password: &str) -> String {
    let login = format!("{what}_{}", std::process::id());
    database.as_owner(&format!("CREATE ROLE {login} LOGIN PASSWORD '{password}' IN ROLE klachtbalie_person")).expect("login");
    login
}

/// The server's open connections of `login` to this database (the desk's own and its listener).
fn connections_of(database: &support::SharedTestDatabase, login: &str) -> i64 {
    let mut owner = database.owner.connect().expect("owner");
    owner
        .query_one("SELECT count(*) FROM pg_stat_activity WHERE usename = $1 AND datname = $2", &[&login, &database.name])
        .expect("pg_stat_activity")
        .get(0)
}

#[test]
fn a_desk_with_personal_logins_connects_only_as_the_person_signed_in() {
    // SEC-07, issue 25 item 1: a desk joined with "Iedereen meldt zich aan met een eigen login"
    // keeps no login and no password; the log-in screen connects as the person (the server
    // checks the password); log-out and the inactivity lock close that connection, and the
    // next person connects as themselves.
    let database = support::SharedTestDatabase::create();
    let first = harness();
    let mut setup = first.ok("setup_defaults", json!({}));
    setup["admin_username"] = json!("beheer");
    setup["admin_display_name"] = json!("Fatima el Amrani");
    setup["admin_password"] = json!("een lang wachtwoord");
    setup["admin_password_repeat"] = json!("een lang wachtwoord");
    let as_owner = shared_connection(&database.name, "OWNER", &postgres_setting("OWNER_PASSWORD"));
    let request = json!({ "request": { "connection": as_owner, "desk_user": postgres_setting("APP"),
        "desk_password": postgres_setting("APP_PASSWORD"), "setup": setup } });
    let recovery_key = first.ok("set_up_shared", request)["recovery_key"].as_str().expect("recovery key").to_string();
    let (anna_password, bert_password) = ("Anna-haar-eigen-wachtwoord", "Bert-zijn-eigen-wachtwoord");
    let anna = person_login(&database, "anna", anna_password);
    let bert = person_login(&database, "bert", bert_password);
    for login in [&anna, &bert] {
        let account = json!({ "request": { "id": null, "username": login, "display_name": format!("Medewerker {login}"),
            "job_title": "KCC-medewerker", "official_id": "", "roles": ["kcc_medewerker"], "active": true,
            "password": "een eerste wachtwoord" } });
        first.ok("save_user", account);
    }

    let desk = harness();
    let mut as_anna = shared_connection(&database.name, "APP", anna_password);
    as_anna["user"] = json!(anna);
    let joined = json!({ "request": { "connection": as_anna, "recovery_key": recovery_key, "personal_logins": true } });
    assert!(desk.ok("join_shared", joined).is_null());
    let status = desk.ok("app_status", json!({}));
    assert_eq!(status["phase"], "ready", "the person who joined is signed in: {status}");
    assert_eq!(status["user"]["username"], anna.as_str());
    assert_eq!(status["user"]["must_change_password"], false, "the server checked the password");
    assert_eq!(status["shared"]["personal_logins"], true);
    assert_eq!(status["shared"]["user"], "", "the desk remembers no login");
    let data_dir = desk._dir.path().join("data");
    let desk_file = std::fs::read_to_string(data_dir.join(klachtbalie_core::desk::DESK_FILE)).expect("desk file");
    assert!(!desk_file.contains(&anna) && desk_file.contains("\"personal_logins\": true"), "{desk_file}");
    for secret in [anna_password, bert_password, &postgres_setting("APP_PASSWORD")] {
        assert!(support::files_containing(&data_dir, secret).is_empty(), "no password in the desk's folder");
    }
    assert!(connections_of(&database, &anna) >= 1, "connected as Anna");

    desk.ok("log_out", json!({}));
    let status = desk.ok("app_status", json!({}));
    assert_eq!(status["phase"], "login");
    assert!(status["municipality_name"].is_null(), "nothing is read before someone signs in");
    assert_eq!(connections_of(&database, &anna), 0, "Anna's connection closed with her session");
    let refused = desk.call("worklist", json!({ "scope": "all" })).expect_err("nobody signed in");
    assert_eq!(refused["kind"], "not_open");

    // A wrong password is the server's refusal, in Dutch, naming the login; nothing opens.
    let wrong = desk.call("log_in", json!({ "username": bert, "password": "niet zijn wachtwoord" })).expect_err("refused");
    let message = wrong["message"].as_str().expect("message");
    assert!(message.contains(&format!("weigert de aanmelding van {bert}")), "{message}");
    assert_eq!(desk.ok("app_status", json!({}))["phase"], "login");
    assert_eq!(connections_of(&database, &bert), 0);

    let status = desk.ok("log_in", json!({ "username": bert, "password": bert_password }));
    assert_eq!(status["phase"], "ready");
    assert_eq!(status["user"]["username"], bert.as_str());
    assert_eq!(status["municipality_name"], "Gemeente Diemen");
    // A password the DBA gave Bert's login is changed at the server or the directory, not in
    // the window (only a Beheerder's first password is, schema 14); nothing changes and he works on.
    let new_password = "Een-nieuw-wachtwoord-2026";
    let change =
        json!({ "request": { "current_password": bert_password, "new_password": new_password, "new_password_repeat": new_password } });
    let refused = desk.call("change_password", change).expect_err("not here");
    assert!(refused["message"].as_str().expect("message").contains("niet in Klachtbalie"), "{refused}");
    desk.ok("worklist", json!({ "scope": "all" }));

    // The inactivity lock signs Bert out and closes his connection; Anna signs in as herself.
    desk.clock.set(chrono::NaiveDateTime::parse_from_str("2026-11-23T09:45", "%Y-%m-%dT%H:%M").expect("time"));
    assert_eq!(desk.call("worklist", json!({ "scope": "all" })).expect_err("locked")["kind"], "locked");
    let status = desk.ok("app_status", json!({}));
    assert_eq!(status["phase"], "login");
    assert_eq!(status["locked_username"], bert.as_str());
    assert_eq!(connections_of(&database, &bert), 0, "Bert's connection closed with the lock");
    let status = desk.ok("log_in", json!({ "username": anna, "password": anna_password }));
    assert_eq!(status["user"]["username"], anna.as_str());
    desk.ok("worklist", json!({ "scope": "all" }));
}

#[test]
fn the_first_desk_sets_up_with_personal_logins_and_keeps_no_password_at_all() {
    // SEC-07, issue 25 item 1: "no shared desk password is kept anywhere". The owner sets the
    // database up; the first account is the person's own login (its password the server's, with
    // no rule of ours), who is then signed in as themselves; no desks' login is asked for.
    let database = support::SharedTestDatabase::create();
    let password = "kort-maar-goed"; // the server's password, not Klachtbalie's: no length rule
    let login = person_login(&database, "eerste", password);
    let first = harness();
    let mut setup = first.ok("setup_defaults", json!({}));
    setup["admin_username"] = json!(login);
    setup["admin_display_name"] = json!("Fatima el Amrani");
    setup["admin_password"] = json!(password);
    setup["admin_password_repeat"] = json!(password);
    let as_owner = shared_connection(&database.name, "OWNER", &postgres_setting("OWNER_PASSWORD"));
    let request = |admin_password: &str| {
        let mut setup = setup.clone();
        setup["admin_password"] = json!(admin_password);
        setup["admin_password_repeat"] = json!(admin_password);
        json!({ "request": { "connection": as_owner, "desk_user": "", "desk_password": "", "setup": setup, "personal_logins": true } })
    };
    // A wrong password of the person's login is found before anything is written.
    let wrong = first.call("set_up_shared", request("niet het wachtwoord")).expect_err("refused");
    assert_eq!(wrong["fields"][0]["field"], "admin_username", "{wrong}");
    assert!(database.as_owner("SELECT 1 FROM klachtbalie_schema").is_err(), "no schema was created");

    let response = first.ok("set_up_shared", request(password));
    assert_eq!(response["recovery_key"].as_str().expect("recovery key").split('-').count(), 17);
    let status = first.ok("app_status", json!({}));
    assert_eq!(status["phase"], "ready", "{status}");
    assert_eq!(status["user"]["username"], login.as_str());
    assert_eq!(status["user"]["role_labels"], json!(["Beheerder", "Klachtcoördinator"]));
    assert_eq!(status["shared"]["personal_logins"], true);
    let mut owner = database.owner.connect().expect("owner");
    let row =
        owner.query_one("SELECT password_hash, klachtbalie_roles_of(username) FROM users WHERE username = $1", &[&login]).expect("account");
    assert_eq!((row.get::<_, String>(0), row.get::<_, String>(1)), (String::new(), "klachtcoordinator,beheerder".to_string()));
    let data_dir = first._dir.path().join("data");
    for secret in [password, &postgres_setting("OWNER_PASSWORD"), &postgres_setting("APP_PASSWORD")] {
        assert!(support::files_containing(&data_dir, secret).is_empty(), "no password in the desk's folder");
    }
    first.ok("log_out", json!({}));
    assert_eq!(connections_of(&database, &login), 0, "signed out: not connected");
    assert_eq!(first.ok("log_in", json!({ "username": login, "password": password }))["phase"], "ready");
}
