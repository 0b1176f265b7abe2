//! Integration tests of klachtbalie-core against a real, temporary SQLCipher database:
//! first start, log-in, intake, worklist, acknowledgement letter, recovery, encryption at rest.

use crate::support;

use chrono::{NaiveDate, NaiveDateTime};
use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::domain::complaint::ComplaintForm;
use klachtbalie_core::domain::deadlines::{DeadlineKind, DeadlineStatus};
use klachtbalie_core::paths;
use klachtbalie_core::service::{self, Actor, Klachtbalie, ServiceError, SetupForm, Startup, WorklistScope};
use klachtbalie_core::store::key::{KeyStore, MemoryKeyStore};
use std::sync::Arc;

const PASSWORD: &str = "een lang wachtwoord";
const ORG_CHART: &str = include_str!("../fixtures/organogram-voorbeeld.json");

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").expect("time")
}

fn setup_form() -> SetupForm {
    SetupForm {
        admin_username: "beheer".into(),
        admin_display_name: "Fatima el Amrani".into(),
        admin_password: PASSWORD.into(),
        admin_password_repeat: PASSWORD.into(),
        ..SetupForm::diemen_defaults()
    }
}

struct World {
    store: support::TestStore,
    dir: std::path::PathBuf,
    clock: Arc<FixedClock>,
}

impl World {
    fn new(store: support::TestStore) -> Self {
        Self { dir: store.dir.path().to_path_buf(), store, clock: Arc::new(FixedClock::new(at("2026-11-23T09:00"))) }
    }

    fn keys(&self) -> &MemoryKeyStore {
        &self.store.keys
    }

    fn set_up(&self) -> (Klachtbalie, Actor) {
        let mut app = self.store.set_up(self.clock.clone(), &setup_form()).expect("set up");
        let user = app.login("beheer", PASSWORD).expect("login");
        let actor = Actor::User(user);
        app.import_org_chart(&actor, ORG_CHART).expect("organisation chart");
        (app, actor)
    }

    fn reopen(&self) -> Klachtbalie {
        self.store.open(self.clock.clone())
    }
}

fn letter_form(name: &str) -> ComplaintForm {
    ComplaintForm {
        received_on: "2026-11-23".into(),
        channel: "brief".into(),
        complainant_name: name.into(),
        street_address: "Ouddiemerlaan 104".into(),
        postcode: "1111 HL".into(),
        city: "Diemen".into(),
        phone: "06 12345678".into(),
        complaint_type: "dienstverlening".into(),
        department_id: "bz".into(),
        conduct_date: "2026-11-16".into(),
        description: "Mijn aanvraag voor een rijbewijs is twee keer zoekgeraakt; ik moest drie keer terugkomen.".into(),
        desired_outcome: "Excuses en een snelle afspraak.".into(),
        ..Default::default()
    }
}

fn first_start_intake_worklist_and_acknowledgement(store: support::TestStore) {
    // rules INT-01..03, DL-01, DL-08, DL-09, section 6 (ontvangstbevestiging), PR-08.
    let world = World::new(store);
    assert!(matches!(world.store.start(world.clock.clone()).expect("start"), Startup::NeedsSetup));
    let (mut app, actor) = world.set_up();
    // The first account is Beheerder and Klachtcoördinator, so it may register complaints.
    let registered = app.register_complaint(&actor, &letter_form("Jan de Vries")).expect("register");
    assert_eq!(registered.reference, "KL-2026-0001");
    assert_eq!(registered.handler_name, "Anna de Boer");
    assert!(registered.handler_reason.contains("Burgerzaken"), "{}", registered.handler_reason);
    assert_eq!(registered.deadlines.decision_due, NaiveDate::from_ymd_opt(2027, 1, 4).expect("date"));
    let second = app.register_complaint(&actor, &letter_form("Els Jansen")).expect("second");
    assert_eq!(second.reference, "KL-2026-0002", "INT-03: sequence per year");

    // An older complaint becomes the most urgent: received 2026-10-09 -> decision 2026-11-20, overdue.
    let older = ComplaintForm {
        received_on: "2026-10-09".into(),
        conduct_date: "2026-10-01".into(),
        channel: "telefoon".into(),
        ..letter_form("Piet Bakker")
    };
    let older_ref = app.register_complaint(&actor, &older).expect("older").reference;

    let list = app.worklist(&actor, WorklistScope::All).expect("worklist");
    assert_eq!(list.len(), 3);
    assert_eq!(list[0].reference, older_ref, "nearest deadline first");
    assert_eq!(list[0].light, DeadlineStatus::Overdue);
    let next = list[1].next_deadline.expect("a running deadline");
    assert_eq!(
        (next.kind, next.due),
        (DeadlineKind::Acknowledgement, NaiveDate::from_ymd_opt(2026, 11, 30).expect("date")),
        "acknowledgement due in 5 working days"
    );
    assert_eq!(list[1].light, DeadlineStatus::DueSoon);

    let letter = app.acknowledgement_letter(&actor, "KL-2026-0001").expect("letter");
    assert!(letter.newly_created);
    assert!(letter.pdf.starts_with(b"%PDF-"));
    let text = support::pdf_text(&letter.pdf);
    for expected in [
        "Gemeente Diemen",
        "KL-2026-0001",
        "23 november 2026", // letter date and receipt date in Dutch
        "Jan de Vries",
        "Anna de Boer",           // who handles it
        "maandag 4 januari 2027", // the decision term
        "hoorgesprek",            // the right to be heard
        "Wij bellen u",           // that the municipality will call
        "pagina 1 van 1",
        "1111 HL", // PostNL: postcode, two spaces, city in capitals
        "DIEMEN",
        "Bel ons dan op 14 020",
    ] {
        assert!(text.contains(expected), "letter lacks {expected:?}:\n{text}");
    }
    assert!(!text.contains(".."), "no doubled full stop after the subject:\n{text}");
    assert_eq!(support::pdf_pages(&letter.pdf), 1, "the acknowledgement fits on one page");
    // Printing again reuses the stored PDF: same bytes, same hash.
    let again = app.acknowledgement_letter(&actor, "KL-2026-0001").expect("again");
    assert!(!again.newly_created);
    assert_eq!(again.pdf, letter.pdf);
    assert_eq!(again.sha256, letter.sha256);
    // Once acknowledged, the next deadline is the first contact (DL-08), then the decision.
    let list = app.worklist(&actor, WorklistScope::All).expect("worklist");
    let first = list.iter().find(|item| item.reference == "KL-2026-0001").expect("row");
    assert_eq!(first.next_deadline.map(|d| d.kind), Some(DeadlineKind::FirstContact));
    let contact =
        service::StepForm { date: "23-11-2026".into(), choice: "telefoon".into(), text: "Klager gebeld.".into(), ..Default::default() };
    app.log_contact(&actor, "KL-2026-0001", &contact).expect("contact");
    let list = app.worklist(&actor, WorklistScope::All).expect("worklist");
    let first = list.iter().find(|item| item.reference == "KL-2026-0001").expect("row");
    assert_eq!(first.next_deadline.map(|d| (d.kind, d.due)), Some((DeadlineKind::Decision, registered.deadlines.decision_due)));

    let events = app.complaint_detail(&actor, "KL-2026-0001").expect("detail").timeline;
    let kinds: Vec<&str> = events.iter().map(|(_, _, kind, _)| kind.as_str()).collect();
    assert_eq!(kinds, ["geregistreerd", "toegewezen", "brief", "contact vastleggen"], "PR-08 timeline");
}

fn the_worklist_lights_change_when_the_date_changes(store: support::TestStore) {
    // rule DL-09 with an injected clock: the same complaint moves from on track to due soon to overdue.
    let world = World::new(store);
    let (mut app, actor) = world.set_up();
    let form = ComplaintForm { channel: "telefoon".into(), ..letter_form("Kees Visser") };
    app.register_complaint(&actor, &form).expect("register");
    let light = |app: &mut Klachtbalie| app.worklist(&actor, WorklistScope::All).expect("list")[0].light;
    // First the first-contact norm runs (DL-08): due within 5 working days.
    assert_eq!(light(&mut app), DeadlineStatus::DueSoon);
    world.clock.set(at("2026-12-01T09:00"));
    assert_eq!(light(&mut app), DeadlineStatus::Overdue, "no contact by 30 November");
    let contact = service::StepForm { date: "01-12-2026".into(), choice: "telefoon".into(), text: "Gebeld.".into(), ..Default::default() };
    app.log_contact(&actor, "KL-2026-0001", &contact).expect("contact");
    // Then only the decision term runs.
    assert_eq!(light(&mut app), DeadlineStatus::OnTrack);
    world.clock.set(at("2026-12-28T09:00")); // 5 working days before 4 January 2027
    assert_eq!(light(&mut app), DeadlineStatus::DueSoon);
    world.clock.set(at("2027-01-05T09:00"));
    assert_eq!(light(&mut app), DeadlineStatus::Overdue);
}

fn validation_errors_name_the_fields_and_store_nothing(store: support::TestStore) {
    // rule INT-02: invalid input gets a clear Dutch message per field; nothing is saved.
    let world = World::new(store);
    let (mut app, actor) = world.set_up();
    let bad = ComplaintForm { postcode: "12".into(), description: String::new(), ..letter_form("Jan") };
    match app.register_complaint(&actor, &bad) {
        Err(ServiceError::Validation(problems)) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(fields, ["postcode", "description"]);
            assert!(problems[0].message.contains("1111 AB"));
        }
        other => panic!("expected validation errors, got {other:?}"),
    }
    assert!(app.worklist(&actor, WorklistScope::All).expect("list").is_empty());
    // The number was not consumed by the failed attempt.
    assert_eq!(app.register_complaint(&actor, &letter_form("Jan")).expect("ok").reference, "KL-2026-0001");
}

#[test]
fn nothing_readable_in_the_data_folder() {
    // rule SEC-01: the database, its WAL and temp files hold no readable personal data.
    let world = World::new(support::TestStore::single_desk());
    let (mut app, actor) = world.set_up();
    let marker = "Zwaantje Vlinderhoeve-Quist";
    app.register_complaint(&actor, &letter_form(marker)).expect("register");
    app.acknowledgement_letter(&actor, "KL-2026-0001").expect("letter");
    // Scan while the connection is open (WAL not yet checkpointed) and after closing.
    let wal = paths::database_path(&world.dir).with_extension("db-wal");
    assert!(wal.exists(), "the WAL file exists while open, so it is scanned too");
    assert_eq!(support::files_containing(&world.dir, marker), Vec::<String>::new());
    assert_eq!(support::files_containing(&world.dir, "Ouddiemerlaan"), Vec::<String>::new());
    assert_eq!(support::files_containing(&world.dir, "SQLite format 3"), Vec::<String>::new());
    drop(app);
    assert_eq!(support::files_containing(&world.dir, marker), Vec::<String>::new());
    // And the data is really there: reopening with the key finds the complaint.
    let mut app = world.reopen();
    assert_eq!(app.worklist(&actor, WorklistScope::All).expect("list")[0].complainant_name, marker);
}

#[test]
fn recovery_key_reopens_and_a_wrong_one_touches_nothing() {
    // rule SEC-01: without the keyring the recovery key opens the data; a wrong key changes no file.
    let world = World::new(support::TestStore::single_desk());
    let (mut app, actor) = world.set_up();
    app.register_complaint(&actor, &letter_form("Jan de Vries")).expect("register");
    let recovery_key = app.pending_recovery_key().expect("pending").expect("shown until confirmed");
    app.confirm_recovery_key_saved(&actor).expect("confirm");
    assert_eq!(app.pending_recovery_key().expect("pending"), None, "shown once: not after confirmation");
    drop(app);

    let empty_keyring = MemoryKeyStore::default();
    let startup = service::start(&world.dir, &empty_keyring, world.clock.clone()).expect("start");
    assert!(matches!(startup, Startup::NeedsRecoveryKey { ref reason } if reason.contains("sleutelkluis")));

    let before = support::snapshot(&world.dir);
    let other_key = klachtbalie_core::store::key::DatabaseKey::generate().recovery_key();
    let wrong = service::unlock_with_recovery_key(&world.dir, &empty_keyring, world.clock.clone(), &other_key);
    assert!(matches!(wrong, Err(ServiceError::WrongRecoveryKey)), "{:?}", wrong.err());
    let typo = service::unlock_with_recovery_key(
        &world.dir,
        &empty_keyring,
        world.clock.clone(),
        &recovery_key.replacen('-', "", 1).replacen(|c: char| c.is_ascii_hexdigit(), "G", 1),
    );
    assert!(typo.is_err());
    assert_eq!(support::snapshot(&world.dir), before, "a wrong recovery key must not change any file");

    let (mut app, warning) =
        service::unlock_with_recovery_key(&world.dir, &empty_keyring, world.clock.clone(), &recovery_key).expect("unlock");
    assert_eq!(warning, None);
    assert_eq!(app.worklist(&actor, WorklistScope::All).expect("list").len(), 1);
    assert!(empty_keyring.load(&paths::database_id(&world.dir)).expect("load").is_some(), "key stored again");
}

fn login_failures_are_throttled_after_five(store: support::TestStore) {
    // rule SEC-03
    let world = World::new(store);
    let (mut app, _) = world.set_up();
    for _ in 0..5 {
        assert!(matches!(app.login("beheer", "fout"), Err(ServiceError::LoginFailed)));
    }
    match app.login("beheer", PASSWORD) {
        Err(ServiceError::LoginThrottled { seconds }) => assert!((1..=30).contains(&seconds)),
        other => panic!("expected throttling, got {other:?}"),
    }
    world.clock.set(at("2026-11-23T09:01"));
    assert!(app.login("beheer", PASSWORD).is_ok(), "allowed again after the wait");
    assert!(app.login("beheer", "fout").is_err());
    assert!(app.login("beheer", PASSWORD).is_ok(), "a success resets the count");
}

fn reopening_keeps_every_row_and_the_schema_version(store: support::TestStore) {
    // invariant 7: opening an existing database loses no row.
    let world = World::new(store);
    let (mut app, actor) = world.set_up();
    for n in 0..25 {
        app.register_complaint(&actor, &letter_form(&format!("Klager {n}"))).expect("register");
    }
    drop(app);
    let mut app = world.reopen();
    assert_eq!(app.worklist(&actor, WorklistScope::All).expect("list").len(), 25);
}

fn roles_are_checked_in_core(store: support::TestStore) {
    // rule AVG-05: the Beheerder alone does not see complaint contents.
    let world = World::new(store);
    let (mut app, actor) = world.set_up();
    app.register_complaint(&actor, &letter_form("Jan")).expect("register");
    let Actor::User(mut admin_only) = actor else { panic!("user") };
    admin_only.roles = vec![klachtbalie_core::roles::Role::Beheerder];
    let admin_only = Actor::User(admin_only);
    assert!(matches!(app.worklist(&admin_only, WorklistScope::All), Err(ServiceError::Forbidden { .. })));
    assert!(matches!(app.acknowledgement_letter(&admin_only, "KL-2026-0001"), Err(ServiceError::Forbidden { .. })));
}

fn a_long_acknowledgement_paginates(store: support::TestStore) {
    // rule LT-02: long text wraps onto further pages with page numbers.
    let world = World::new(store);
    let (mut app, actor) = world.set_up();
    let long = ComplaintForm { description: "Ĳsselmeer-straat € café naïef ".repeat(300), ..letter_form("Zoë van Dijk-Ĳzerman") };
    app.register_complaint(&actor, &long).expect("register");
    let letter = app.acknowledgement_letter(&actor, "KL-2026-0001").expect("letter");
    let text = support::pdf_text(&letter.pdf);
    assert!(text.contains("Zoë van Dijk-Ĳzerman"), "Dutch characters survive:\n{text}");
    assert!(text.contains("€ café naïef"));
    assert!(letter.pdf.len() < 100_000, "subset fonts keep the letter small: {} bytes", letter.pdf.len());
    assert_eq!(support::pdf_pages(&letter.pdf), 1, "the subject is cut to one line, so the letter stays one page");
}

fn settings_change_the_lock_and_the_holiday_calendar(store: support::TestStore) {
    // rules DL-04 (configurable royal-decree days move deadlines) and SEC-03 (configurable lock).
    let world = World::new(store);
    let (mut app, actor) = world.set_up();
    let form = service::SettingsForm {
        municipality_name: "Gemeente Diemen".into(),
        postal_address: "Postbus 191, 1110 AD Diemen".into(),
        lock_minutes: "5".into(),
        acknowledgement_days: "5".into(),
        first_contact_days: "3".into(),
        due_soon_days: "5".into(),
        extra_holidays: "04-01-2027\n2027-01-05\n".into(),
        ..Default::default()
    };
    let settings = app.update_settings(&actor, &form).expect("save");
    assert_eq!(settings.lock_minutes, 5);
    // DL-08: the first-contact norm is configurable: 3 working days from Mon 23 Nov is Thu 26 Nov.
    assert_eq!(settings.norms.first_contact_working_days, 3);
    assert_eq!(
        app.deadlines_for(NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")).expect("d").first_contact_due,
        NaiveDate::from_ymd_opt(2026, 11, 26).expect("date")
    );
    let received = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    assert_eq!(app.deadlines_for(received).expect("deadlines").decision_due, NaiveDate::from_ymd_opt(2027, 1, 6).expect("date"));

    let bad = service::SettingsForm { lock_minutes: "0".into(), extra_holidays: "morgen".into(), ..form.clone() };
    match app.update_settings(&actor, &bad) {
        Err(ServiceError::Validation(problems)) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(fields, ["lock_minutes", "extra_holidays"]);
        }
        other => panic!("expected validation errors, got {other:?}"),
    }
    assert_eq!(app.settings().expect("settings").lock_minutes, 5, "a refused form changes nothing");
}

#[test]
fn a_database_from_a_newer_version_is_refused_with_a_clear_message() {
    // invariant 7: never run old code on a newer schema; say what to do instead.
    let world = World::new(support::TestStore::single_desk());
    let (app, _) = world.set_up();
    let recovery_key = app.pending_recovery_key().expect("pending").expect("key");
    drop(app);
    let connection = crate::desk_file::open(&world.dir, &recovery_key);
    connection.execute_batch("PRAGMA user_version = 99;").expect("bump version");
    drop(connection);
    match service::start(&world.dir, world.keys(), world.clock.clone()) {
        Err(error) => assert!(error.to_string().contains("nieuwere versie"), "{error}"),
        Ok(_) => panic!("a newer schema must not open"),
    }
}

#[test]
fn contacts_logged_before_channel_codes_keep_their_channel_after_the_upgrade() {
    // invariant 7 and typed codes: schema 11 stored a contact's channel as its Dutch label
    // ("e-mail", "sociale media"); migration 12 turns those into codes, so the strict read
    // (an unknown code is an error) still opens every older file.
    let world = World::new(support::TestStore::single_desk());
    let (mut app, actor) = world.set_up();
    app.register_complaint(&actor, &letter_form("Jan de Vries")).expect("register");
    for (date, channel) in [("23-11-2026", "email"), ("23-11-2026", "sociale_media"), ("23-11-2026", "telefoon")] {
        let contact = service::StepForm { date: date.into(), choice: channel.into(), text: "Gesproken.".into(), ..Default::default() };
        app.log_contact(&actor, "KL-2026-0001", &contact).expect("contact");
    }
    let recovery_key = app.pending_recovery_key().expect("pending").expect("key");
    drop(app);
    let connection = crate::desk_file::open(&world.dir, &recovery_key);
    let stored: Vec<String> = connection
        .prepare("SELECT channel FROM contacts ORDER BY id")
        .expect("query")
        .query_map([], |row| row.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("channels");
    assert_eq!(stored, ["email", "sociale_media", "telefoon"], "stored as codes");
    // As the previous version left them: labels, at schema 11.
    connection
        .execute_batch(
            "UPDATE contacts SET channel = 'e-mail' WHERE channel = 'email';
             UPDATE contacts SET channel = 'sociale media' WHERE channel = 'sociale_media';
             ALTER TABLE complaints DROP COLUMN seal_version;
             PRAGMA user_version = 11;",
        )
        .expect("as schema 11");
    drop(connection);
    let mut app = world.reopen();
    let contacts = app.complaint_detail(&actor, "KL-2026-0001").expect("detail").contacts.expect("the coördinator reads contacts");
    let channels: Vec<&str> = contacts.iter().map(|contact| contact.channel.dutch_label()).collect();
    assert_eq!(channels, ["e-mail", "sociale media", "telefoon"]);
}

fn the_worklist_comes_in_pages_nearest_deadline_first_through_its_index(store: support::TestStore) {
    // Queries that scale with DL-09: the store reads one page through the worklist
    // index; the pages together are the whole list in the same order; a closed complaint
    // leaves the list and an overdue filter is answered by the index too.
    let world = World::new(store);
    let (mut app, actor) = world.set_up();
    for (n, received) in ["2026-11-20", "2026-10-05", "2026-11-23", "2026-10-20", "2026-11-02"].iter().enumerate() {
        let form = ComplaintForm {
            received_on: (*received).into(),
            conduct_date: (*received).into(),
            channel: "telefoon".into(),
            ..letter_form(&format!("Klager {n}"))
        };
        app.register_complaint(&actor, &form).expect("register");
    }
    let all = app.worklist(&actor, WorklistScope::All).expect("worklist");
    assert_eq!(all.len(), 5);
    let due: Vec<NaiveDate> = all.iter().map(|item| item.next_deadline.expect("deadline").due).collect();
    assert!(due.windows(2).all(|pair| pair[0] <= pair[1]), "nearest deadline first: {due:?}");
    let filter = service::WorklistFilter::default();
    let mut paged = Vec::new();
    for page in 0..3 {
        let result = app.worklist_page(&actor, WorklistScope::All, &filter, page, 2).expect("page");
        assert_eq!(result.total, 5);
        assert_eq!(result.items.len(), if page < 2 { 2 } else { 1 });
        paged.extend(result.items.into_iter().map(|item| item.reference));
    }
    assert_eq!(paged, all.iter().map(|item| item.reference.clone()).collect::<Vec<_>>(), "the pages are the list");
    let overdue = service::WorklistFilter { overdue_only: true, ..Default::default() };
    let expected = all.iter().filter(|item| item.light == DeadlineStatus::Overdue).count();
    assert!(expected > 0);
    assert_eq!(app.filtered_worklist(&actor, WorklistScope::All, &overdue).expect("overdue").len(), expected);
    let first = all[0].reference.clone();
    app.withdraw(&actor, &first, "Klager trok de klacht in.").expect("withdraw");
    let after = app.worklist(&actor, WorklistScope::All).expect("worklist");
    assert_eq!(after.len(), 4, "a closed complaint without open tasks leaves the worklist");
    assert!(after.iter().all(|item| item.reference != first));
}

fn search_finds_a_complaint_by_name_street_postcode_phone_email_reference_and_text(store: support::TestStore) {
    // The same search on both stores (FTS5 on the single desk, blind-index tokens on
    // the shared store): accents and case ignored, every word must match.
    let world = World::new(store);
    let (mut app, actor) = world.set_up();
    let form = ComplaintForm {
        complainant_name: "Zoë Brouwer-Öztürk".into(),
        street_address: "Kastanjelaan 12".into(),
        postcode: "1112 AB".into(),
        phone: "06-98 76 54 32".into(),
        email: "zoe.ozturk@voorbeeld.nl".into(),
        description: "De vergunning voor de dakkapel bleef liggen.".into(),
        ..letter_form("")
    };
    let reference = app.register_complaint(&actor, &form).expect("register").reference;
    app.register_complaint(&actor, &letter_form("Els Jansen")).expect("another");
    let search = |app: &mut Klachtbalie, words: &str| -> Vec<String> {
        let filter = service::WorklistFilter { search: words.into(), ..Default::default() };
        app.filtered_worklist(&actor, WorklistScope::All, &filter).expect("search").into_iter().map(|item| item.reference).collect()
    };
    for words in
        ["ozturk", "ZOË brouwer", "kastanjelaan", "1112AB", "1112 ab", "0698765432", "zoe.ozturk@voorbeeld.nl", "dakkapel", &reference]
    {
        assert_eq!(search(&mut app, words), std::slice::from_ref(&reference), "search for {words:?}");
    }
    assert_eq!(search(&mut app, "ozturk jansen"), Vec::<String>::new(), "every word must match");
}

on_both_stores!(
    search_finds_a_complaint_by_name_street_postcode_phone_email_reference_and_text,
    the_worklist_comes_in_pages_nearest_deadline_first_through_its_index,
    first_start_intake_worklist_and_acknowledgement,
    the_worklist_lights_change_when_the_date_changes,
    validation_errors_name_the_fields_and_store_nothing,
    login_failures_are_throttled_after_five,
    reopening_keeps_every_row_and_the_schema_version,
    roles_are_checked_in_core,
    a_long_acknowledgement_paginates,
    settings_change_the_lock_and_the_holiday_calendar,
);
