//! Integration test of backups (SEC-06) on the single desk's real SQLCipher file:
//! a backup taken while the app runs restores to identical data (every table's fingerprint and
//! the complaints as read through the app), and a corrupted, truncated, foreign or wrong-key
//! backup is refused with the target untouched; replacing a live database keeps a safety copy.

use crate::support;
use support::{at, TestStore};

use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::domain::complaint::ComplaintForm;
use klachtbalie_core::paths;
use klachtbalie_core::service::{self, Actor, ServiceError, Startup};
use klachtbalie_core::store::key::{DatabaseKey, MemoryKeyStore};
use klachtbalie_core::store::Database;
use std::path::Path;
use std::sync::Arc;

const PASSWORD: &str = "een lang wachtwoord";
const ORG_CHART: &str = include_str!("../fixtures/organogram-voorbeeld.json");

fn form(name: &str) -> ComplaintForm {
    ComplaintForm {
        received_on: "2026-11-20".into(),
        channel: "brief".into(),
        complainant_name: name.into(),
        street_address: "Zwaluwstraat 7".into(),
        postcode: "1111 CE".into(),
        city: "Diemen".into(),
        phone: "020 123 4567".into(),
        complaint_type: "dienstverlening".into(),
        department_id: "bz".into(),
        conduct_date: "2026-11-18".into(),
        description: format!("Klacht van {name}: de vergunning is kwijt."),
        ..Default::default()
    }
}

/// Every file under `dir` with its bytes, to show that a refusal changed nothing.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    support::files_under(dir)
}

fn refusal(result: service::ServiceResult<service::RestoreReport>) -> String {
    match result {
        Err(ServiceError::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_backup_taken_while_the_app_runs_restores_to_identical_data() {
    // SEC-06: consistent, encrypted, with a checksum; restore verifies before it touches anything.
    let store = TestStore::single_desk();
    let clock = Arc::new(FixedClock::new(at("2026-11-23T09:00")));
    let mut app = store.set_up(clock.clone(), &support::setup_form("beheer", PASSWORD)).expect("set up");
    let recovery_key = app.pending_recovery_key().expect("key").expect("shown once");
    let beheerder = Actor::User(app.login("beheer", PASSWORD).expect("login"));
    app.confirm_recovery_key_saved(&beheerder).expect("saved");
    app.import_org_chart(&beheerder, ORG_CHART).expect("chart");
    let mut references = Vec::new();
    for name in ["Wubbo Backupper", "Ria Reservekopie", "Hans Herstel"] {
        references.push(app.register_complaint(&beheerder, &form(name)).expect("register").reference);
    }
    app.acknowledgement_letter(&beheerder, &references[0]).expect("a letter (a PDF blob in the backup)");
    let outside = tempfile::tempdir().expect("tempdir");
    let backup = outside.path().join("klachtbalie-2026-11-23.backup");

    // Never into the data folder; the Beheerder is reminded until there is a backup.
    assert!(app.backup_reminder(&beheerder).expect("reminder").is_some_and(|reminder| reminder.last.is_none()));
    let inside = store.dir.path().join("backup");
    let message = match app.make_backup(&beheerder, &inside, false, &[]) {
        Err(ServiceError::Refused(message)) => message,
        other => panic!("expected a refusal, got {other:?}"),
    };
    assert!(!inside.exists(), "{message}");

    let before = app.database_fingerprints().expect("fingerprints");
    let manifest = app.make_backup(&beheerder, &backup, false, &[]).expect("backup while the app runs");
    assert_eq!(manifest.tables, before, "the copy is the database as it was at that moment");
    assert_eq!(manifest.complaints(), 3);
    assert!(before.iter().any(|table| table.table == "letters" && table.rows == 1), "{before:?}");
    let bytes = std::fs::read(&backup).expect("backup file");
    for personal in ["Wubbo Backupper", "Zwaluwstraat", "vergunning"] {
        assert!(!bytes.windows(personal.len()).any(|window| window == personal.as_bytes()), "{personal} readable in the backup");
    }
    assert!(app.backup_reminder(&beheerder).expect("reminder").is_none(), "just made");
    clock.set(at("2026-12-01T09:00"));
    assert_eq!(app.backup_reminder(&beheerder).expect("reminder").map(|reminder| reminder.days), Some(7), "8 days later");
    assert!(matches!(app.make_backup(&beheerder, &backup, false, &[]), Err(ServiceError::Refused(_))), "no overwrite without force");

    // Restored with the recovery key into a new folder: every table identical, and the app
    // starts on it and reads the complaints as they were.
    let restored_dir = outside.path().join("teruggezet");
    let keys = MemoryKeyStore::default();
    let report =
        service::restore_backup(&backup, &restored_dir, &keys, Some(&recovery_key), false, at("2026-12-01T10:00")).expect("restore");
    assert_eq!((report.safety_copy.as_ref(), report.key_warning.as_ref()), (None, None));
    let key = DatabaseKey::from_recovery_key(&recovery_key).expect("key");
    let restored = Database::open_read_only(&paths::database_path(&restored_dir), &key).expect("open the restored database");
    assert_eq!(restored.reader().table_fingerprints().expect("fingerprints"), before, "every table identical");
    restored.close().expect("close");
    let Ok(Startup::Ready(mut again)) = service::start(&restored_dir, &keys, clock.clone()) else {
        panic!("the app starts on the restored folder")
    };
    let beheerder_again = Actor::User(again.login("beheer", PASSWORD).expect("the same accounts"));
    let detail = again.complaint_detail(&beheerder_again, &references[1]).expect("detail");
    assert_eq!(detail.record.complaint.complainant_name, "Ria Reservekopie");
    drop(again);

    // Damaged backups are refused and the target folder is left as it was.
    let target = outside.path().join("doel");
    let try_restore = |file: &Path| service::restore_backup(file, &target, &keys, Some(&recovery_key), false, at("2026-12-01T10:00"));
    let corrupted = outside.path().join("beschadigd.backup");
    let mut flipped = bytes.clone();
    let last = flipped.len() - 100;
    flipped[last] ^= 0xff;
    std::fs::write(&corrupted, &flipped).expect("write");
    assert!(refusal(try_restore(&corrupted)).contains("controlegetal klopt niet"));
    let truncated = outside.path().join("afgebroken.backup");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    assert!(refusal(try_restore(&truncated)).contains("onvolledig"));
    let foreign = outside.path().join("iets-anders.backup");
    std::fs::write(&foreign, b"SQLite format 3\0 en verder niets").expect("write");
    assert!(refusal(try_restore(&foreign)).contains("geen back-up van Klachtbalie"));
    let other_key = DatabaseKey::generate().recovery_key();
    let wrong = service::restore_backup(&backup, &target, &keys, Some(&other_key), false, at("2026-12-01T10:00"));
    assert!(refusal(wrong).contains("sleutel past niet"));
    assert!(!paths::database_path(&target).exists(), "nothing restored");
    assert!(snapshot(&target).is_empty(), "no file left behind: {:?}", snapshot(&target).iter().map(|(name, _)| name).collect::<Vec<_>>());

    // Over the live folder only with --replace; without it nothing changes, with it the old
    // database is kept as a safety copy first.
    drop(app);
    let live = snapshot(store.dir.path());
    let refused = service::restore_backup(&backup, store.dir.path(), &store.keys, None, false, at("2026-12-01T10:00"));
    assert!(refusal(refused).contains("--replace"));
    assert_eq!(snapshot(store.dir.path()), live, "the live folder is untouched");
    let replaced = service::restore_backup(&backup, store.dir.path(), &store.keys, None, true, at("2026-12-01T10:00")).expect("replace");
    let safety = replaced.safety_copy.expect("a safety copy");
    assert!(safety.join(paths::DATABASE_FILE).exists(), "the replaced database is kept in {}", safety.display());
    let Ok(Startup::Ready(_)) = store.start(clock) else { panic!("the app starts on the replaced database") };
}
