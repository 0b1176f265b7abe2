//! The shared store as an insider at a desk tries it (SEC-07): with a plain PostgreSQL client
//! and the desks' login, not the app. What the server already refuses or records by itself:
//! its record of writes, and the audit log's end (schema 6 and 7).

use crate::shared_store::{form, set_up, shared};
use klachtbalie_core::store::{ServerChange, ServerChangeFilter};

fn login(which: &str) -> String {
    std::env::var(format!("KLACHTBALIE_TEST_POSTGRES_{which}")).expect("the test server's login names (scripts/with-postgres.sh)")
}

#[test]
fn the_server_records_every_write_with_its_login_also_one_made_with_psql() {
    // SEC-07: a write made with psql instead of a desk is on record with the login that made
    // it; the record names tables, keys and changed columns, never a value.
    let (store, mut app, actor) = set_up();
    app.register_complaint(&actor, &form("Jan de Vries")).expect("register");
    let database = shared(&store);
    database
        .as_app(
            "UPDATE users SET roles = 'klachtcoordinator,beheerder' WHERE username = 'beheer';
             UPDATE complaints SET handler_reason = handler_reason || '.' WHERE reference = 'KL-2026-0001';
             DELETE FROM login_failures;",
        )
        .expect("the desks' login may still write rows (per-person logins are to come)");

    let changes = app.server_changes(&actor, &ServerChangeFilter::default()).expect("read").expect("a shared store has a record");
    let find = |table: &str, operation: &str| -> Vec<&ServerChange> {
        changes.iter().filter(|change| change.table == table && change.operation == operation).collect()
    };
    let roles = find("users", "update");
    assert_eq!(roles.len(), 1, "{changes:#?}");
    assert_eq!((roles[0].login.as_str(), roles[0].columns.clone()), (login("APP").as_str(), vec!["roles".to_string()]));
    let handler = find("complaints", "update");
    assert!(
        handler.iter().any(|change| change.columns == ["handler_reason"] && change.complaint.as_deref() == Some("KL-2026-0001")),
        "{handler:#?}"
    );
    let registered = find("complaints", "insert");
    assert_eq!(registered.len(), 1);
    assert_eq!(registered[0].login, login("APP"), "the desk's own writes are recorded with its login");
    let set_up_by_owner = find("settings", "insert");
    assert!(!set_up_by_owner.is_empty() && set_up_by_owner.iter().all(|change| change.login == login("OWNER")), "{set_up_by_owner:#?}");
    assert!(
        find("settings", "update").iter().all(|change| change.row_key != "audit_head"),
        "the audit head is checked by the desks, not recorded"
    );
    assert!(find("events", "insert").iter().all(|change| change.complaint.as_deref() == Some("KL-2026-0001")));
    let newest_first: Vec<i64> = changes.iter().map(|change| change.sequence).collect();
    assert!(newest_first.windows(2).all(|pair| pair[0] > pair[1]));

    // Nothing in the record is a value: the name typed at intake is not in it, nor the roles.
    let text = format!("{changes:?}");
    assert!(!text.contains("Jan de Vries") && !text.contains("klachtcoordinator"), "{text}");

    // The filter: one login's changes.
    let owner_only = ServerChangeFilter { login: Some(login("OWNER")), ..ServerChangeFilter::default() };
    let by_owner = app.server_changes(&actor, &owner_only).expect("read").expect("shared");
    assert!(!by_owner.is_empty() && by_owner.iter().all(|change| change.login == login("OWNER")));
}

#[test]
fn the_desks_login_can_neither_hide_a_write_nor_move_the_audit_log_s_end() {
    // SEC-07: the record is written only by the server's trigger; the desks' login cannot
    // insert into it, change or empty it, switch the trigger off or build objects of its own.
    // SEC-02: nor delete or move the audit log's recorded end, nor append an entry except
    // through the server's function, which checks the link and the end.
    let (store, mut app, actor) = set_up();
    app.register_complaint(&actor, &form("Jan de Vries")).expect("register");
    let database = shared(&store);
    for (sql, why) in [
        ("INSERT INTO server_changes (table_name, operation) VALUES ('users', 'update')", "forge a record"),
        ("UPDATE server_changes SET login = 'iemand'", "rewrite the record"),
        ("DELETE FROM server_changes", "delete the record"),
        ("TRUNCATE server_changes", "empty the record"),
        ("ALTER TABLE users DISABLE TRIGGER record_change", "switch the record off"),
        ("DROP TRIGGER record_change ON complaints", "drop the trigger"),
        ("ALTER TABLE complaints DISABLE TRIGGER ALL", "switch every trigger off"),
        ("SET session_replication_role = replica", "skip triggers for its session"),
        ("CREATE TABLE public.eigen (x int)", "create a table"),
        ("CREATE FUNCTION public.eigen() RETURNS int LANGUAGE sql AS 'SELECT 1'", "create a function"),
        // SEC-02: the log's end is the server's; an entry is appended only through its function.
        ("DELETE FROM audit_head", "delete the audit head (every desk would stop writing)"),
        ("UPDATE audit_head SET sequence = 1", "move the audit head"),
        ("INSERT INTO audit_log SELECT sequence + 1000, at, actor, workstation, action, object, result, previous_hash, hash FROM audit_log LIMIT 1",
         "insert an audit entry past the server's checks"),
        ("SELECT klachtbalie_append_audit(1000, 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', false)", "append an entry that does not follow the log"),
    ] {
        assert!(database.as_app(sql).is_err(), "the desks' login could {why}");
    }
    let unlinked = database.as_app("SELECT klachtbalie_append_audit(1000, 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', false)");
    assert!(unlinked.as_ref().is_err_and(|refused| refused.contains("aansluiten")), "{unlinked:?}");
    let before = app.server_changes(&actor, &ServerChangeFilter::default()).expect("read").expect("shared").len();
    for sql in ["DELETE FROM server_changes", "UPDATE server_changes SET login = 'x'", "TRUNCATE server_changes"] {
        let refused = database.as_owner(sql).expect_err("the owner is stopped by the trigger");
        assert!(refused.contains("kunnen niet"), "{sql}: {refused}");
    }
    let after = app.server_changes(&actor, &ServerChangeFilter::default()).expect("read").expect("shared");
    assert_eq!(after.len(), before, "nothing was removed from the record");

    // The server itself refuses to continue a log whose end is not the recorded one, even when
    // the new entry links correctly to what is left (a desk that skipped its own check).
    database
        .as_owner(
            "ALTER TABLE audit_log DISABLE TRIGGER audit_is_append_only;
             DELETE FROM audit_log WHERE sequence = (SELECT max(sequence) FROM audit_log);
             ALTER TABLE audit_log ENABLE TRIGGER audit_is_append_only;",
        )
        .expect("the administrator cuts the last entry");
    let continued = database.as_app(
        "SELECT klachtbalie_append_audit(sequence + 1, 'x', 'x', 'x', 'x', 'x', 'x', hash, 'x', false)
           FROM audit_log ORDER BY sequence DESC LIMIT 1",
    );
    assert!(continued.as_ref().is_err_and(|refused| refused.contains("vastgelegde einde")), "{continued:?}");
    // Passing the acknowledgement's flag with another entry does not get past the end.
    let disguised = database.as_app(
        "SELECT klachtbalie_append_audit(sequence + 1, 'x', 'x', 'x', 'klacht inzien', 'x', 'x', hash, 'x', true)
           FROM audit_log ORDER BY sequence DESC LIMIT 1",
    );
    assert!(disguised.as_ref().is_err_and(|refused| refused.contains("Alleen de bevestiging")), "{disguised:?}");
}

#[test]
fn the_desks_login_cannot_destroy_a_complaint_or_its_avg_records_past_the_four_eyes_list() {
    // AVG-02/SEC-07: a complaint's parts go only through the server's destruction function,
    // which wants the complaint on a proposed list and a confirmer who is not the proposer.
    let (store, mut app, actor) = set_up();
    app.register_complaint(&actor, &form("Jan de Vries")).expect("register");
    app.add_note(&actor, "KL-2026-0001", "Teruggebeld.").expect("note");
    let database = shared(&store);
    for (sql, why) in [
        ("DELETE FROM notes", "delete a note"),
        ("DELETE FROM events", "delete the timeline"),
        ("DELETE FROM corrections", "delete the AVG art. 16 record"),
        ("DELETE FROM recipients", "delete the AVG art. 19 record"),
        ("DELETE FROM complaints", "delete a complaint"),
        ("DELETE FROM users", "delete an account"),
        ("DELETE FROM settings", "delete the settings"),
        (
            "INSERT INTO destruction_records (complaint_id, reference, retention_class, closed_on, destroyed_at, proposed_by, confirmed_by)
             SELECT id, reference, '13.1', '2026-01-01', '2026-01-01', 'a', 'b' FROM complaints",
            "write a destruction record",
        ),
        ("SELECT klachtbalie_destroy_complaint(id, NULL, 'iemand', 'nu') FROM complaints", "destroy without a list"),
    ] {
        assert!(database.as_app(sql).is_err(), "the desks' login could {why}");
    }
    // A list proposed by one name and "confirmed" by the same: refused by the server too.
    database
        .as_app(
            "UPDATE complaints SET destroyed_at = 'nu';
             INSERT INTO destruction_lists (id, as_of, proposed_at, proposed_by) VALUES (99, '2026-01-01', 'nu', 'iemand');
             INSERT INTO destruction_list_items (list_id, complaint_id, reference, retention_class, closed_on, destroy_after)
                 SELECT 99, id, reference, '13.1', '2026-01-01', '2026-01-01' FROM complaints;",
        )
        .expect("the desks' login may still write lists (per-person logins are to come)");
    let own = database.as_app("SELECT klachtbalie_destroy_complaint(id, 99, 'iemand', 'nu') FROM complaints");
    assert!(own.as_ref().is_err_and(|refused| refused.contains("Vier ogen")), "{own:?}");
    database
        .as_owner(
            "DO $$ BEGIN
                 IF (SELECT count(*) FROM notes) <> 1 OR (SELECT count(*) FROM events) = 0 OR EXISTS (SELECT 1 FROM destruction_records) THEN
                     RAISE EXCEPTION 'something was destroyed';
                 END IF;
             END $$;",
        )
        .expect("the note and the timeline are there and no destruction record: nothing was deleted");
}
