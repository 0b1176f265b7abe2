//! The shared store's recovery key (SEC-08, issue 25 item 7) on a real server: it wraps the
//! database key instead of being it, a changed wrap or an old sheet joins no desk, a new one
//! replaces it while the desks keep working, and schema 10 gives an older store its first.

use crate::shared_store::{clock, form, set_up, shared, PASSWORD};
use crate::support;
use klachtbalie_core::service::{self, Actor, ServiceError};
use klachtbalie_core::store::key::{DatabaseKey, KeyStore, MemoryKeyStore};
use klachtbalie_core::store::{self as store, recovery_key::RecoveryKey, AuditFilter, StoreError};

/// The database key the set-up desk keeps in its key store.
fn database_key(store: &support::TestStore) -> DatabaseKey {
    let location = &shared(store).app;
    store.keys.load(&location.database_id()).expect("load").expect("the set-up desk keeps the key")
}

/// A new desk joins with `recovery_key`; returns the outcome and the key it kept, if any.
fn join(store: &support::TestStore, recovery_key: &str) -> (Result<(), ServiceError>, Option<DatabaseKey>) {
    let desk = MemoryKeyStore::default();
    let dir = tempfile::tempdir().expect("tempdir");
    let location = &shared(store).app;
    let outcome = service::join_shared(location, &desk, clock(), recovery_key, dir.path()).map(drop);
    (outcome, desk.load(&location.database_id()).expect("load"))
}

#[test]
fn the_recovery_key_wraps_the_database_key_and_an_old_sheet_or_a_changed_wrap_joins_no_desk() {
    // SEC-08: the key typed at a new desk is not the key that seals every value; the server
    // keeps only its wrap, which is worth nothing without the recovery key.
    let (store, mut app, actor) = set_up();
    app.register_complaint(&actor, &form("Jan de Vries")).expect("register");
    let recovery_key = app.pending_recovery_key().expect("pending").expect("shown until saved");
    let key = database_key(&store);
    assert_ne!(recovery_key, key.recovery_key(), "the recovery key is not the database key");
    let dump = String::from_utf8_lossy(&shared(&store).dump()).to_uppercase();
    for (secret, what) in [(key.recovery_key(), "database key"), (recovery_key.clone(), "recovery key")] {
        assert!(!dump.contains(&secret.replace('-', "")[..64]), "the {what} is not on the server");
    }

    // A sheet of before schema 10 held the database key itself: refused as replaced, and
    // nothing is written or kept.
    let before = shared(&store).dump();
    let (refused, kept) = join(&store, &key.recovery_key());
    let message = refused.expect_err("the database key is no recovery key").to_string();
    assert!(message.contains("vervangen") && message.contains("Er is niets gewijzigd"), "{message}");
    assert!(kept.is_none(), "not kept");
    assert_eq!(shared(&store).dump(), before, "an old sheet changes nothing on the server");
    let (wrong, kept) = join(&store, &DatabaseKey::generate().recovery_key());
    assert!(matches!(wrong, Err(ServiceError::WrongRecoveryKey)), "{wrong:?}");
    assert!(kept.is_none());

    // A database administrator who changes the wrap (one bit) locks new desks out, and is
    // found: the right recovery key no longer opens it. Put back, it joins.
    let database = shared(&store);
    database
        .as_owner("UPDATE store_info SET value = overlay(value PLACING '00' FROM 41 FOR 2) WHERE key = 'recovery_wrap'")
        .expect("change the wrap");
    let (changed, kept) = join(&store, &recovery_key);
    assert!(matches!(changed, Err(ServiceError::WrongRecoveryKey)), "{changed:?}");
    assert!(kept.is_none());
    database.as_owner("DELETE FROM store_info WHERE key = 'recovery_wrap'").expect("drop the wrap");
    let (missing, kept) = join(&store, &recovery_key);
    let message = missing.expect_err("no wrap").to_string();
    assert!(message.contains("geen herstelsleutel") && message.contains("new-recovery-key"), "{message}");
    assert!(kept.is_none());
    app.confirm_recovery_key_saved(&actor).expect("the sheet is kept");
    assert_eq!(app.pending_recovery_key().expect("pending"), None);

    let owner_desk = service::start_shared(&database.owner, &store.keys, clock(), store.dir.path()).expect("owner");
    let service::Startup::Ready(mut owner_desk) = owner_desk else { panic!("the owner's desk opens with the key") };
    owner_desk.issue_new_recovery_key(&Actor::System { description: "new-recovery-key".into() }).expect("a new one");
    let renewed = app.pending_recovery_key().expect("pending").expect("shown again after a new one");
    let (joined, kept) = join(&store, &renewed);
    joined.expect("the new recovery key joins");
    assert_eq!(kept.as_ref(), Some(&key), "the desk keeps the database key itself, unwrapped");
}

#[test]
fn a_new_recovery_key_replaces_the_old_one_while_the_desks_keep_working() {
    // SEC-08 (a lost or seen sheet): only the owner may issue one, the old recovery key then
    // unwraps nothing, the database key stays, so a desk goes on without a step.
    let (store, mut app, actor) = set_up();
    let old = app.pending_recovery_key().expect("pending").expect("shown");
    app.confirm_recovery_key_saved(&actor).expect("kept");
    assert_eq!(app.pending_recovery_key().expect("pending"), None, "not shown once kept");

    // The desks' login cannot write the wrap, not even for a Beheerder: the server refuses.
    let refused = app.issue_new_recovery_key(&actor).expect_err("the desks' login may not");
    assert!(matches!(refused, ServiceError::Store(StoreError::SharedForbidden(_))), "{refused:?}");
    assert!(refused.to_string().contains("geen recht op de tabel store_info"), "the server's refusal in Dutch: {refused}");
    let database = shared(&store);
    assert!(database.as_app("UPDATE store_info SET value = '' WHERE key = 'recovery_wrap'").is_err(), "not with psql either");

    let service::Startup::Ready(mut owner_desk) =
        service::start_shared(&database.owner, &store.keys, clock(), store.dir.path()).expect("owner")
    else {
        panic!("the owner's desk opens")
    };
    owner_desk.issue_new_recovery_key(&Actor::System { description: "new-recovery-key".into() }).expect("a new one");
    let new = app.pending_recovery_key().expect("pending").expect("a Beheerder is shown the new one");
    assert_ne!(new, old);
    let (refused, kept) = join(&store, &old);
    assert!(matches!(refused, Err(ServiceError::WrongRecoveryKey)), "{refused:?}");
    assert!(kept.is_none());
    join(&store, &new).0.expect("the new recovery key joins");

    // The desk that was working goes on: same key, nothing sealed anew.
    let registered = app.register_complaint(&actor, &form("Els Doorgewerkt")).expect("register after the new key");
    let detail = app.complaint_detail(&actor, &registered.reference).expect("file");
    assert_eq!(detail.record.complaint.complainant_name, "Els Doorgewerkt");
    let (audit, _) = app.audit_log(&actor, &AuditFilter::default()).expect("audit");
    assert!(audit.iter().any(|entry| entry.action == "nieuwe herstelsleutel gemaakt"), "on record");
}

#[test]
fn schema_10_gives_an_older_store_a_recovery_key_of_its_own_and_needs_the_key_for_it() {
    // SEC-08 upgrade: a store of schema 9 (its sheet is the database key) gets a wrap and a
    // new recovery key for its Beheerder; without the key nothing changes.
    let (store, mut app, actor) = set_up();
    app.confirm_recovery_key_saved(&actor).expect("kept");
    let key = database_key(&store);
    let database = shared(&store);
    database.as_owner(crate::support::BACK_TO_SCHEMA_10).expect("back to schema 10");
    database
        .as_owner(
            "DELETE FROM store_info WHERE key IN ('recovery_wrap', 'recovery_key_pending'); UPDATE klachtbalie_schema SET version = 9",
        )
        .expect("back to schema 9");
    drop(app);

    let without = store::migrate_shared_schema(&database.owner, None).expect_err("needs the key");
    assert!(matches!(without, StoreError::NewRecoveryKeyNeedsKey), "{without:?}");
    assert!(without.to_string().contains("Er is niets gewijzigd"), "{without}");
    let stranger = DatabaseKey::generate();
    let wrong = store::migrate_shared_schema(&database.owner, Some(&stranger)).expect_err("another database's key");
    assert!(matches!(wrong, StoreError::SharedWrongKey), "{wrong:?}");
    assert_eq!(store::shared_schema_version(&database.owner).expect("version"), Some(9), "nothing changed");

    assert_eq!(store::migrate_shared_schema(&database.owner, Some(&key)).expect("migrate"), (9, store::SHARED_SCHEMA_VERSION));
    let mut app = store.open(clock());
    let admin = Actor::User(app.login("beheer", PASSWORD).expect("login"));
    let recovery_key = app.pending_recovery_key().expect("pending").expect("the Beheerder is shown the new recovery key");
    assert_ne!(recovery_key, key.recovery_key());
    let wrap = store::shared_recovery_wrap(&database.app).expect("read").expect("a wrap");
    assert_eq!(RecoveryKey::parse(&recovery_key).expect("parse").unwrap(&wrap), Some(key.clone()), "it wraps the same key");
    let (old_sheet, _) = join(&store, &key.recovery_key());
    assert!(old_sheet.expect_err("the old sheet").to_string().contains("vervangen"));
    join(&store, &recovery_key).0.expect("the new one joins");
    app.register_complaint(&admin, &form("Piet Bijgewerkt")).expect("the desk works on schema 10");
}
