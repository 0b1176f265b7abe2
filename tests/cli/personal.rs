//! The CLI with a person's own login on the shared store (SEC-07, issue 25 items 8 and 9): the
//! server checked who connects, so that person acts, with the roles the server holds, and
//! `--user` cannot name anyone else; a Beheerder manages accounts (and makes new colleagues'
//! logins) without a password of ours.

use crate::journey::{cli, json, psql, server, SharedDatabase};

#[test]
fn with_a_person_s_own_login_the_cli_acts_as_that_person_and_as_nobody_else() {
    let database = SharedDatabase::create();
    let dir = tempfile::tempdir().expect("tempdir");
    let file = |name: &str, text: &str| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("{text}\n")).expect("write");
        path.display().to_string()
    };
    let owner_password = file("eigenaar.txt", &server("OWNER_PASSWORD"));
    let app_password = file("app.txt", &server("APP_PASSWORD"));
    let beheer_password = file("beheer.txt", "een lang wachtwoord");
    let (key, data, ca) =
        (dir.path().join("sleutel.txt").display().to_string(), dir.path().join("data").display().to_string(), server("CA"));
    let url = |login: &str| format!("postgres://{login}@{}:{}/{}", server("HOST"), server("PORT"), database.name);
    let run = |url: &str, password: &str, extra: &[&str], stdin: &str| {
        let mut args = vec!["--database", url, "--password-file", password, "--ca-file", &ca, "--key-file", &key, "--data-dir", &data];
        args.extend_from_slice(extra);
        cli(&args, stdin)
    };
    let init = run(
        &database.url_owner,
        &owner_password,
        &["init", "--admin-username", "beheer", "--admin-name", "Fatima"],
        "een lang wachtwoord\n",
    );
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));

    // The DBA makes two people's logins; the first Beheerder (the desks' login of before) makes
    // Bea's account, a Beheerder.
    let pid = std::process::id();
    let (bea, karel) = (format!("cli_bea_{pid}"), format!("cli_karel_{pid}"));
    psql(&database.name, &format!("CREATE ROLE {bea} LOGIN PASSWORD 'Bea-wachtwoord-2026' IN ROLE klachtbalie_person"));
    psql(&database.name, &format!("CREATE ROLE {karel} LOGIN PASSWORD 'Karel-wachtwoord-2026' IN ROLE klachtbalie_person"));
    let added = run(
        &database.url_app,
        &app_password,
        &[
            "--user",
            "beheer",
            "--user-password-file",
            &beheer_password,
            "user",
            "add",
            "--username",
            &bea,
            "--name",
            "Bea",
            "--function",
            "Beheerder",
            "--roles",
            "beheerder",
        ],
        "een eerste wachtwoord\n",
    );
    assert_eq!(json(&added)["roles"], serde_json::json!(["beheerder"]));

    // Bea works with her own login: no --user, no password of Klachtbalie's.
    let bea_password = file("bea.txt", "Bea-wachtwoord-2026");
    let karel_added = run(
        &url(&bea),
        &bea_password,
        &["user", "add", "--username", &karel, "--name", "Karel", "--function", "KCC-medewerker", "--roles", "kcc_medewerker"],
        "wordt niet gebruikt\n",
    );
    let karel_account = json(&karel_added);
    assert_eq!(karel_account["roles"], serde_json::json!(["kcc_medewerker"]));
    assert_eq!(karel_account["must_change_password"], false, "the server checks Karel's own password");
    // Lisa has no login yet: Bea's `user add` makes it (schema 14), with the first password
    // from standard input, and Lisa works with it at once.
    let lisa = format!("cli_lisa_{pid}");
    let lisa_added = run(
        &url(&bea),
        &bea_password,
        &["user", "add", "--username", &lisa, "--name", "Lisa", "--function", "KCC-medewerker", "--roles", "kcc_medewerker"],
        "Lisa-eerste-wachtwoord\n",
    );
    assert_eq!(json(&lisa_added)["roles"], serde_json::json!(["kcc_medewerker"]));
    assert_eq!(json(&lisa_added)["must_change_password"], true, "Lisa chooses her own first");
    let lisa_first = file("lisa.txt", "Lisa-eerste-wachtwoord");
    let before = run(&url(&lisa), &lisa_first, &["list", "--json"], "");
    assert!(!before.status.success(), "nothing before she has chosen her own password");
    assert!(
        String::from_utf8_lossy(&before.stderr).contains("Kies eerst een eigen wachtwoord"),
        "{}",
        String::from_utf8_lossy(&before.stderr)
    );
    let chosen = run(&url(&lisa), &lisa_first, &["user", "password"], "Lisa-haar-eigen-wachtwoord\n");
    assert_eq!(json(&chosen)["must_change_password"], false);
    let with_first = run(&url(&lisa), &lisa_first, &["list", "--json"], "");
    let said = String::from_utf8_lossy(&with_first.stderr);
    assert!(!with_first.status.success() && said.contains("weigert de aanmelding"), "the first password no longer logs in: {said}");
    let lisa_own = file("lisa-eigen.txt", "Lisa-haar-eigen-wachtwoord");
    let lisa_list = run(&url(&lisa), &lisa_own, &["list", "--json"], "");
    assert!(lisa_list.status.success(), "Lisa works with her own password: {}", String::from_utf8_lossy(&lisa_list.stderr));

    // Karel (KCC) is refused by the core in Dutch, and cannot pose as Bea.
    let karel_password = file("karel.txt", "Karel-wachtwoord-2026");
    let promote = run(&url(&karel), &karel_password, &["user", "roles", "--username", &karel, "--roles", "beheerder"], "");
    assert!(!promote.status.success());
    let said = String::from_utf8_lossy(&promote.stderr);
    assert!(said.contains("geen toegang"), "{said}");
    let posing = run(&url(&karel), &karel_password, &["--user", &bea, "--user-password-file", &bea_password, "user", "list"], "");
    assert!(!posing.status.success());
    assert!(String::from_utf8_lossy(&posing.stderr).contains("--user kan geen ander zijn"), "{}", String::from_utf8_lossy(&posing.stderr));
    let password = run(&url(&karel), &karel_password, &["user", "password"], "nieuw\n");
    assert!(String::from_utf8_lossy(&password.stderr).contains("niet in Klachtbalie"), "{}", String::from_utf8_lossy(&password.stderr));
    // What Karel may do, he does as himself: the audit log names him.
    assert!(run(&url(&karel), &karel_password, &["list", "--json"], "").status.success());
    let owner =
        klachtbalie_core::store::SharedLocation::new(database.url_owner.clone(), Some(server("OWNER_PASSWORD")), Some(ca.clone().into()));
    let mut owner = owner.connect().expect("owner");
    let as_karel: i64 = owner.query_one("SELECT count(*) FROM audit_log WHERE actor = $1", &[&karel]).expect("audit").get(0);
    assert!(as_karel >= 2, "Karel's commands are in the audit log under his own login: {as_karel}");
    let listed = json(&run(&url(&bea), &bea_password, &["user", "list"], ""));
    let roles_of =
        |login: &str| listed.as_array().expect("accounts").iter().find(|user| user["username"] == login).map(|user| user["roles"].clone());
    assert_eq!(roles_of(&karel), Some(serde_json::json!(["kcc_medewerker"])), "unchanged");

    // Bea gives Karel a role; the owner with a Beheerder still on the desks' login (README: from
    // the desks' shared login to one login per person, step 4, exactly) saves Lisa's; Bea
    // disables Karel, whose login then opens nothing.
    let server_roles = |login: &str| -> String {
        let mut owner = klachtbalie_core::store::SharedLocation::new(
            database.url_owner.clone(),
            Some(server("OWNER_PASSWORD")),
            Some(ca.clone().into()),
        )
        .connect()
        .expect("owner");
        owner.query_one("SELECT klachtbalie_roles_of($1)", &[&login]).expect("roles").get(0)
    };
    let given = run(&url(&bea), &bea_password, &["user", "roles", "--username", &karel, "--roles", "kcc_medewerker,klachtcoordinator"], "");
    assert!(given.status.success(), "{}", String::from_utf8_lossy(&given.stderr));
    assert_eq!(server_roles(&karel), "kcc_medewerker,klachtcoordinator");
    let by_owner = run(
        &database.url_owner,
        &owner_password,
        &[
            "--user",
            "beheer",
            "--user-password-file",
            &beheer_password,
            "user",
            "roles",
            "--username",
            &lisa,
            "--roles",
            "klachtcoordinator",
        ],
        "",
    );
    assert!(by_owner.status.success(), "{}", String::from_utf8_lossy(&by_owner.stderr));
    assert_eq!(server_roles(&lisa), "klachtcoordinator");
    let disabled = run(&url(&bea), &bea_password, &["user", "disable", "--username", &karel], "");
    assert!(disabled.status.success(), "{}", String::from_utf8_lossy(&disabled.stderr));
    let after = run(&url(&karel), &karel_password, &["list", "--json"], "");
    assert!(!after.status.success(), "a disabled account's login works no more");
    let said = String::from_utf8_lossy(&after.stderr);
    assert!(said.contains("geen actief account met die naam"), "{said}");
}
