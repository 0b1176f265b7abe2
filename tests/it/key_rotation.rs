//! `klachtbalie-cli rotate-key` on a real server (SEC-01/SEC-08, issue 25 item 7): a new
//! database key takes over every sealed value, search token and audit link in one transaction;
//! the old key and the old recovery key open nothing afterwards, and a refused rotation changes
//! nothing, not even the key this desk keeps.

use crate::shared_store::{clock, form, set_up, shared, PASSWORD};
use klachtbalie_core::service::{self, Actor, ServiceError};
use klachtbalie_core::store::key::{DatabaseKey, KeyStore, MemoryKeyStore};
use klachtbalie_core::store::{AuditFilter, StoreError};
use std::collections::BTreeSet;

fn operator() -> Actor {
    Actor::System { description: "rotate-key".into() }
}

/// Every sealed value in a `pg_dump` (COPY's bytea text `\\x02…`, format 2).
fn sealed_values(dump: &[u8]) -> BTreeSet<String> {
    String::from_utf8_lossy(dump)
        .split(['\t', '\n'])
        .filter(|field| field.starts_with("\\\\x02") && field.len() > 60)
        .map(str::to_string)
        .collect()
}

/// The server holds exactly what it held: the lines of two dumps that differ are named. A
/// sequence's position is not data (PostgreSQL never takes a number back, also not in a
/// transaction that was rolled back), so those lines are left out.
fn assert_same_dump(now: &[u8], before: &[u8]) {
    let (now, before) = (String::from_utf8_lossy(now), String::from_utf8_lossy(before));
    let changed: Vec<&str> = now
        .lines()
        .filter(|line| !line.starts_with("SELECT pg_catalog.setval(") && !before.lines().any(|old| old == *line))
        .take(5)
        .collect();
    assert!(changed.is_empty(), "nothing may change on the server; new lines: {changed:#?}");
}

#[test]
fn a_new_key_takes_over_every_sealed_value_token_and_audit_link_and_the_old_key_opens_nothing() {
    let (store, mut app, actor) = set_up();
    let registered = app.register_complaint(&actor, &form("Truus Sleutelwissel")).expect("register");
    let reference = registered.reference.clone();
    app.add_note(&actor, &reference, "Gebeld met mevrouw Sleutelwissel over haar aanvraag.").expect("note");
    app.acknowledgement_letter(&actor, &reference).expect("letter");
    let old_recovery_key = app.pending_recovery_key().expect("pending").expect("shown");
    app.confirm_recovery_key_saved(&actor).expect("the sheet is kept");
    let before = app.complaint_detail(&actor, &reference).expect("file");
    let found = app.find_complaints(&actor, "sleutelwissel", 0, 50).expect("search");
    assert_eq!(found.items.len(), 1, "found before the rotation");
    // This desk is left open during the rotation (README says to close them all).
    let mut left_open = app;
    let database = shared(&store);
    let id = database.app.database_id();
    let old_key = store.keys.load(&id).expect("load").expect("key");
    let sealed_before = sealed_values(&database.dump());
    assert!(sealed_before.len() > 15, "the store holds sealed values: {}", sealed_before.len());

    let report = service::rotate_shared_key(&database.owner, &store.keys, clock(), &operator(), store.dir.path()).expect("rotate the key");
    assert_eq!(report.complaints_indexed, 1);
    assert!(report.sealed_values >= sealed_before.len() as u64 - 2, "{report:?}");
    assert!(report.audit_entries > 5, "{report:?}");
    let new_key = store.keys.load(&id).expect("load").expect("the new key is kept on this desk");
    assert_ne!(new_key, old_key);
    let dump_after = database.dump();
    let sealed_after = sealed_values(&dump_after);
    assert_eq!(sealed_before.intersection(&sealed_after).count(), 0, "no value sealed under the old key is left on the server");
    // The desk left open writes nothing with the old key: every write first checks the key.
    let refused = left_open.confirm_recovery_key_saved(&actor).expect_err("a write with the old key");
    assert!(matches!(refused, ServiceError::Store(StoreError::KeyReplaced)), "{refused:?}");
    assert!(refused.to_string().contains("nieuwe herstelsleutel"), "{refused}");
    drop(left_open);
    assert_same_dump(&database.dump(), &dump_after);

    // A desk that still has the old key is asked for the recovery key; the old one joins nothing.
    let old_desk = MemoryKeyStore::default();
    old_desk.save(&id, &old_key).expect("save");
    let dir = tempfile::tempdir().expect("tempdir");
    match service::start_shared(&database.app, &old_desk, clock(), dir.path()).expect("start") {
        service::Startup::NeedsRecoveryKey { reason } => assert!(reason.contains("past niet"), "{reason}"),
        _ => panic!("the old key must not open the store"),
    }
    let refused = service::join_shared(&database.app, &MemoryKeyStore::default(), clock(), &old_recovery_key, dir.path());
    assert!(matches!(refused, Err(ServiceError::WrongRecoveryKey)), "{:?}", refused.err());

    // The new recovery key joins a desk, and everything reads as before.
    let new_desk = MemoryKeyStore::default();
    let mut joined = service::join_shared(&database.app, &new_desk, clock(), &report.recovery_key, dir.path()).expect("join");
    assert_eq!(new_desk.load(&id).expect("load"), Some(new_key));
    let actor = Actor::User(joined.login("beheer", PASSWORD).expect("log-in"));
    let shown = joined.pending_recovery_key().expect("pending");
    assert_eq!(shown.as_deref(), Some(report.recovery_key.as_str()), "a Beheerder is shown the new recovery key too");
    let after = joined.complaint_detail(&actor, &reference).expect("the file opens with the new key");
    assert_eq!(after.record.complaint, before.record.complaint);
    assert_eq!(after.notes, before.notes);
    assert_eq!(after.timeline, before.timeline);
    let found = joined.find_complaints(&actor, "sleutelwissel", 0, 50).expect("search");
    assert_eq!(
        found.items.iter().map(|item| item.reference.as_str()).collect::<Vec<_>>(),
        [reference.as_str()],
        "search by the new tokens"
    );
    let letters = joined.complaint_letters(&actor, &reference).expect("letters");
    let (_, pdf) = joined.stored_letter(&actor, letters[0].id).expect("the stored letter opens");
    assert!(pdf.starts_with(b"%PDF"));
    let (entries, verification) = joined.audit_log(&actor, &AuditFilter::default()).expect("audit");
    assert!(verification.first_broken.is_none(), "the chain verifies with the new key: {}", verification.summary());
    let rotated = entries.iter().find(|entry| entry.action == "databasesleutel vervangen").expect("the rotation is on record");
    assert_eq!(rotated.actor, "rotate-key");
    joined.register_complaint(&actor, &form("Kees Nasleutel")).expect("the desk writes with the new key");
}

#[test]
fn a_rotation_that_meets_a_value_that_does_not_open_changes_nothing() {
    let (store, mut app, actor) = set_up();
    let registered = app.register_complaint(&actor, &form("Wim Beschadigd")).expect("register");
    app.add_note(&actor, &registered.reference, "Een notitie die op de server beschadigd raakt.").expect("note");
    drop(app);
    let database = shared(&store);
    database.as_owner("UPDATE notes SET text = overlay(text PLACING '\\x00'::bytea FROM 40 FOR 1)").expect("damage a note");
    let id = database.app.database_id();
    let key = store.keys.load(&id).expect("load").expect("key");
    let dump = database.dump();

    let refused = service::rotate_shared_key(&database.owner, &store.keys, clock(), &operator(), store.dir.path())
        .expect_err("a value that does not open");
    assert!(matches!(refused, ServiceError::Store(StoreError::RotationRefused(_))), "{refused:?}");
    let message = refused.to_string();
    assert!(message.contains("notes.text") && message.contains("Er is niets gewijzigd"), "{message}");
    assert_same_dump(&database.dump(), &dump);
    assert_eq!(store.keys.load(&id).expect("load"), Some(key.clone()), "this desk keeps the old key");

    // With another database's key it is refused before anything is read.
    let other = MemoryKeyStore::default();
    other.save(&id, &DatabaseKey::generate()).expect("save");
    let wrong = service::rotate_shared_key(&database.owner, &other, clock(), &operator(), store.dir.path()).expect_err("wrong key");
    assert!(matches!(wrong, ServiceError::Store(StoreError::SharedWrongKey)), "{wrong:?}");
    // And the desks' login may not rotate: the server refuses, in Dutch.
    let by_desk = service::rotate_shared_key(&database.app, &store.keys, clock(), &operator(), store.dir.path()).expect_err("desks");
    assert!(by_desk.to_string().contains("geen recht op"), "{by_desk}");
    assert_same_dump(&database.dump(), &dump);
    assert_eq!(store.keys.load(&id).expect("load"), Some(key));
}
