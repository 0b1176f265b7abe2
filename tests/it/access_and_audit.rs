//! Integration tests of access and audit (section 1, SEC-02), each run on both stores (a temporary SQLCipher database and a
//! fresh database on the test PostgreSQL server): the role matrix (every use case × every
//! role), need-to-know for handlers and deputies, user administration, the organisation chart
//! import, two desks changing accounts at once, and the audit log. Tampering with the log
//! through SQLite itself is tried on the single desk only.

use crate::support;
use support::{at, InterleavingClock, TestStore};

use klachtbalie_core::audit::AuditVerification;
use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::domain::complaint::ComplaintForm;
use klachtbalie_core::domain::organisation::OfficialEntry;
use klachtbalie_core::roles::{Role, UseCase};
use klachtbalie_core::service::{self, Actor, Klachtbalie, ServiceError, SessionUser, UserForm, WorklistScope};
use klachtbalie_core::store::AuditFilter;
use std::sync::Arc;

const PASSWORD: &str = "een lang wachtwoord";
const ORG_CHART: &str = include_str!("../fixtures/organogram-voorbeeld.json");

struct World {
    store: TestStore,
    clock: Arc<FixedClock>,
}

impl World {
    /// A database on `store` with the example chart, set up by an account that is Beheerder
    /// and Klachtcoördinator. The desk is returned apart: drop it before the world.
    fn new(store: TestStore) -> (Self, Klachtbalie, Actor) {
        let world = Self { store, clock: Arc::new(FixedClock::new(at("2026-11-23T09:00"))) };
        let form = support::setup_form("beheer", PASSWORD);
        let mut app = world.store.set_up(world.clock.clone(), &form).expect("set up");
        let admin = Actor::User(app.login("beheer", PASSWORD).expect("login"));
        app.import_org_chart(&admin, ORG_CHART).expect("chart");
        (world, app, admin)
    }

    fn reopen(&self) -> Klachtbalie {
        self.store.open(self.clock.clone())
    }

    /// A raw connection to the encrypted file, as an attacker with the key would have (single
    /// desk only).
    fn raw_connection(&self, app: &Klachtbalie) -> rusqlite::Connection {
        assert!(!self.store.is_shared(), "a raw SQLite connection needs the single-desk file");
        let recovery_key = app.pending_recovery_key().expect("pending").expect("key still shown");
        crate::desk_file::open(self.store.dir.path(), &recovery_key)
    }
}

/// A synthetic signed-in user with exactly these roles (the log-in itself is tested apart).
fn user(username: &str, roles: &[Role], official: Option<&str>) -> Actor {
    Actor::User(SessionUser {
        id: 1000,
        username: username.into(),
        display_name: username.into(),
        job_title: "medewerker".into(),
        roles: roles.to_vec(),
        official_id: official.map(str::to_string),
        must_change_password: false,
    })
}

fn complaint_about(department: &str, respondents: &[&str], name: &str) -> ComplaintForm {
    ComplaintForm {
        received_on: "2026-11-20".into(),
        channel: "telefoon".into(),
        complainant_name: name.into(),
        phone: "06 12345678".into(),
        street_address: "Ouddiemerlaan 104".into(),
        postcode: "1111 HL".into(),
        city: "Diemen".into(),
        complaint_type: if respondents.is_empty() { "dienstverlening" } else { "bejegening" }.into(),
        department_id: department.into(),
        respondent_ids: respondents.iter().map(|id| id.to_string()).collect(),
        description: "Niemand belde terug over mijn melding.".into(),
        ..Default::default()
    }
}

fn contact_form() -> service::StepForm {
    service::StepForm { date: "2026-11-23".into(), choice: "telefoon".into(), text: "Klager gebeld.".into(), ..Default::default() }
}

/// Performs one use case; `Ok(())` unless it was refused for lack of permission.
fn attempt(app: &mut Klachtbalie, actor: &Actor, use_case: UseCase, reference: &str) -> Result<(), String> {
    let result: Result<(), ServiceError> = match use_case {
        UseCase::RegisterComplaint => app.register_complaint(actor, &complaint_about("bz", &[], "Nieuwe Klager")).map(drop),
        UseCase::ViewWorklist => app.worklist(actor, WorklistScope::All).map(drop),
        UseCase::ViewComplaint => app.complaint_detail(actor, reference).map(drop),
        UseCase::ReadNotes => app.notes(actor, reference).map(drop),
        UseCase::AddNote => app.add_note(actor, reference, "Klager gebeld, voicemail ingesproken."),
        UseCase::PrintAcknowledgement => app.acknowledgement_letter(actor, reference).map(drop),
        UseCase::ReassignHandler => app.reassign(actor, reference, "m-wo", "Anna is met verlof").map(drop),
        UseCase::WorkOnComplaint => app.log_contact(actor, reference, &contact_form()).map(drop),
        // Not in the right state: refused by the procedure, after the permission check.
        UseCase::ApproveDecision => match app.approve_decision(actor, reference) {
            Err(ServiceError::Refused(_)) => Ok(()),
            other => other.map(drop),
        },
        UseCase::ReopenComplaint => match app.reopen(actor, reference, "fout gesloten") {
            Err(ServiceError::Refused(_)) => Ok(()),
            other => other.map(drop),
        },
        UseCase::ViewComplaintAudit => app.complaint_audit(actor, reference).map(drop),
        UseCase::ViewOrganisation => app.organisation(actor).map(drop),
        UseCase::ManageOrganisation => app.export_org_chart(actor).map(drop),
        UseCase::ManageUsers => app.users(actor).map(drop),
        UseCase::ViewAuditLog => app.verify_audit(actor).map(drop),
        UseCase::ManageSettings => app.settings_for(actor).map(drop),
        UseCase::ViewAnnualReport => app.annual_report(actor, 2026).map(drop),
        // An empty file: refused by the import's checks, after the permission check.
        UseCase::ImportComplaints => match app.import_complaints(actor, r#"{"complaints": []}"#) {
            Err(ServiceError::ImportRefused(_)) => Ok(()),
            other => other.map(drop),
        },
        UseCase::ViewDashboard => app.dashboard(actor).map(drop),
        UseCase::AnswerAccessRequest => app.find_person(actor, "Jansen").map(drop),
        UseCase::ManageRetention => app.retention_due(actor, chrono::NaiveDate::from_ymd_opt(2040, 1, 1).expect("date")).map(drop),
        // Already kept (or still pending): refused after the permission check, or made.
        UseCase::SaveRecoveryKey => match app.recovery_key_sheet(actor) {
            Err(ServiceError::NotFound(_)) => Ok(()),
            other => other.map(drop),
        },
        // A backup next to the test's files; on the shared store refused after the permission check.
        UseCase::MakeBackup => {
            let out = std::env::temp_dir().join(format!("matrix-{}-{}.klachtbalie-backup", std::process::id(), actor.name()));
            let result = app.make_backup(actor, &out, true, &[]);
            let _ = std::fs::remove_file(&out);
            match result {
                Err(ServiceError::Refused(message)) if message.contains("pg_dump") => Ok(()),
                other => other.map(drop),
            }
        }
    };
    match result {
        Err(ServiceError::Forbidden { .. }) => Err("geweigerd".into()),
        Err(other) => panic!("{use_case:?} failed for another reason than permission: {other}"),
        Ok(()) => Ok(()),
    }
}

fn the_role_matrix_every_use_case_times_every_role(store: TestStore) {
    // rule AVG-05 and section 1. Written out by hand, not derived from the permission table,
    // so that a change to the table must be made here too. The handler is the assigned one.
    //                                  KCC    behand. coörd. beheer
    let expected: [(UseCase, [bool; 4]); 23] = [
        (UseCase::RegisterComplaint, [true, false, true, false]),
        (UseCase::ViewWorklist, [true, true, true, false]),
        (UseCase::ViewComplaint, [true, true, true, false]),
        (UseCase::ReadNotes, [false, true, true, false]),
        (UseCase::AddNote, [false, true, true, false]),
        (UseCase::PrintAcknowledgement, [true, false, true, false]),
        (UseCase::ReassignHandler, [false, false, true, false]),
        (UseCase::WorkOnComplaint, [false, true, true, false]),
        (UseCase::ApproveDecision, [false, true, false, false]),
        (UseCase::ReopenComplaint, [false, false, true, false]),
        (UseCase::ViewComplaintAudit, [false, false, true, false]),
        (UseCase::ViewOrganisation, [true, true, true, true]),
        (UseCase::ManageOrganisation, [false, false, false, true]),
        (UseCase::ManageUsers, [false, false, false, true]),
        (UseCase::ViewAuditLog, [false, false, false, true]),
        (UseCase::ManageSettings, [false, false, false, true]),
        (UseCase::ViewAnnualReport, [false, false, true, false]),
        (UseCase::ImportComplaints, [false, false, false, true]),
        (UseCase::ViewDashboard, [false, true, true, false]),
        (UseCase::MakeBackup, [false, false, false, true]),
        (UseCase::ManageRetention, [false, false, true, false]),
        (UseCase::AnswerAccessRequest, [false, false, true, false]),
        (UseCase::SaveRecoveryKey, [false, false, false, true]),
    ];
    assert_eq!(expected.len(), UseCase::ALL.len(), "every use case is in the matrix");
    let roles = [Role::KccMedewerker, Role::Klachtbehandelaar, Role::Klachtcoordinator, Role::Beheerder];
    for (column, role) in roles.into_iter().enumerate() {
        // A fresh database per role, on the kind of store under test.
        let (_world, mut app, admin) = World::new(store.another());
        let reference = app.register_complaint(&admin, &complaint_about("bz", &[], "Jan de Vries")).expect("register").reference;
        let actor = user("tester", &[role], (role == Role::Klachtbehandelaar).then_some("m-bz"));
        for (use_case, allowed) in expected {
            let outcome = attempt(&mut app, &actor, use_case, &reference);
            assert_eq!(outcome.is_ok(), allowed[column], "{use_case:?} as {role:?}");
        }
        // Every refusal is in the audit log with the user and the result.
        let (entries, _) = app.audit_log(&admin, &AuditFilter { actor: Some("tester".into()), ..Default::default() }).expect("log");
        let refused = entries.iter().filter(|entry| entry.result == "geweigerd").count();
        let expected_refusals = expected.iter().filter(|(_, allowed)| !allowed[column]).count();
        assert_eq!(refused, expected_refusals, "refusals audited for {role:?}");
    }
}

fn a_handler_sees_only_their_own_complaints_and_a_deputy_those_of_the_absent(store: TestStore) {
    // rules AVG-05, RT-04
    let (_world, mut app, admin) = World::new(store);
    let bz = app.register_complaint(&admin, &complaint_about("bz", &[], "Klager Burgerzaken")).expect("bz").reference;
    let ro = app.register_complaint(&admin, &complaint_about("ro", &[], "Klager Ruimte")).expect("ro").reference;
    let anna = user("anna", &[Role::Klachtbehandelaar], Some("m-bz"));
    let piet = user("piet", &[Role::Klachtbehandelaar], Some("m-ro"));

    let references = |app: &mut Klachtbalie, actor: &Actor| -> Vec<String> {
        app.worklist(actor, WorklistScope::All).expect("worklist").into_iter().map(|item| item.reference).collect()
    };
    assert_eq!(references(&mut app, &anna), vec![bz.clone()], "asking for all still gives only her own");
    assert_eq!(references(&mut app, &piet), vec![ro.clone()]);
    assert!(matches!(app.complaint_detail(&anna, &ro), Err(ServiceError::Forbidden { .. })));
    assert!(matches!(app.notes(&anna, &ro), Err(ServiceError::Forbidden { .. })));
    app.add_note(&anna, &bz, "Klager gebeld; wil een gesprek.").expect("own complaint");

    // Anna is absent; Piet is her deputy and now sees her complaint (and its notes) too.
    let (chart, _) = app.organisation(&admin).expect("chart");
    let anna_entry = chart.to_file().officials.into_iter().find(|o| o.id == "m-bz").expect("anna");
    app.save_official(&admin, OfficialEntry { absent: true, ..anna_entry }).expect("absent");
    assert_eq!(references(&mut app, &piet), vec![bz.clone(), ro.clone()]);
    assert_eq!(app.notes(&piet, &bz).expect("deputy reads notes").len(), 1);

    // The coördinator sees everything; the KCC sees status but not the notes.
    let coordinator = user("coord", &[Role::Klachtcoordinator], None);
    assert_eq!(references(&mut app, &coordinator).len(), 2);
    assert_eq!(app.worklist(&coordinator, WorklistScope::Mine).expect("mine").len(), 0, "no official: nothing of his own");
    let kcc = user("kcc", &[Role::KccMedewerker], None);
    let detail = app.complaint_detail(&kcc, &bz).expect("KCC sees status");
    assert_eq!(detail.notes, None, "section 1: no handler notes for the KCC");
    assert_eq!(detail.record.handler.name, "Anna de Boer");
    assert!(matches!(app.notes(&kcc, &bz), Err(ServiceError::Forbidden { .. })));
}

fn reassignment_needs_a_reason_and_never_goes_to_a_respondent(store: TestStore) {
    // rule RT-05, RT-02
    let (_world, mut app, admin) = World::new(store);
    let reference = app.register_complaint(&admin, &complaint_about("", &["e1", "m-bz"], "Ria")).expect("register").reference;
    let detail = app.complaint_detail(&admin, &reference).expect("detail");
    assert_eq!(detail.record.handler.id, "gs", "rule RT-03: highest-ranking respondent decides");
    assert_eq!(detail.record.respondent_names, "Jan Smit, Anna de Boer");
    assert_eq!(detail.record.department_name, "Burgerzaken");

    match app.reassign(&admin, &reference, "m-bz", "") {
        Err(ServiceError::Validation(problems)) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(fields, ["reason", "handler_id"]);
            assert!(problems[1].message.contains("Awb 9:7"), "{}", problems[1].message);
        }
        other => panic!("expected refusal, got {other:?}"),
    }
    let record = app.reassign(&admin, &reference, "m-ro", "Gea is met verlof").expect("reassign");
    assert_eq!(record.handler.name, "Piet Jansen");
    assert!(record.handler.reason.contains("Gea is met verlof"), "{}", record.handler.reason);
    let timeline = app.complaint_detail(&admin, &reference).expect("detail").timeline;
    assert_eq!(timeline.last().map(|(_, _, kind, _)| kind.as_str()), Some("toegewezen"));
    let trail = app.complaint_audit(&admin, &reference).expect("trail");
    assert!(trail.iter().any(|entry| entry.action == "behandelaar wijzigen" && entry.result == "gelukt"));
    assert!(trail.iter().any(|entry| entry.action == "behandelaar wijzigen" && entry.result == "geweigerd"));
}

fn a_wrong_import_is_refused_as_a_whole_and_changes_nothing(store: TestStore) {
    // rule RT-01: unknown references, duplicates, two loco-burgemeesters, no manager.
    let (_world, mut app, admin) = World::new(store);
    let before = app.export_org_chart(&admin).expect("export");
    let broken = r#"{"departments": [{"id": "bz", "name": "Burgerzaken", "manager": "x"}, {"id": "bz", "name": "Twee"},
                                     {"id": "ro", "name": "Ruimte"}],
                     "officials": [{"id": "w1", "name": "W1", "function": "wethouder", "loco_burgemeester": true},
                                   {"id": "w2", "name": "W2", "function": "wethouder", "loco_burgemeester": true},
                                   {"id": "w2", "name": "W2b", "function": "wethouder", "deputy": "nobody"}]}"#;
    match app.import_org_chart(&admin, broken) {
        Err(ServiceError::InvalidChart(problems)) => {
            for expected in [
                "onbekende manager 'x'",
                "'bz' komt meer dan één keer",
                "maar één loco-burgemeester",
                "'ro' (Ruimte) heeft geen manager",
                "'w2' komt meer dan één keer",
                "onbekende vervanger 'nobody'",
            ] {
                assert!(problems.iter().any(|p| p.contains(expected)), "missing {expected:?} in {problems:#?}");
            }
        }
        other => panic!("expected refusal, got {other:?}"),
    }
    assert_eq!(app.export_org_chart(&admin).expect("export"), before, "the chart is untouched");

    // A chart that drops the official of an open complaint or of an account is refused too.
    app.register_complaint(&admin, &complaint_about("wo", &[], "Kees")).expect("register");
    let without_karin = before.replace(r#""manager": "m-wo""#, r#""manager": "m-bz""#);
    let without_karin: serde_json::Value = serde_json::from_str(&without_karin).expect("json");
    let mut without_karin = without_karin;
    without_karin["officials"].as_array_mut().expect("array").retain(|o| o["id"] != "m-wo");
    match app.import_org_chart(&admin, &without_karin.to_string()) {
        Err(ServiceError::InvalidChart(problems)) => assert!(problems[0].contains("Wijs de klacht eerst toe"), "{problems:?}"),
        other => panic!("expected refusal, got {other:?}"),
    }
}

fn user_administration_create_roles_deactivate_and_reset(store: TestStore) {
    // section 1: accounts are created, changed and deactivated, never deleted; SEC-03.
    let (_world, mut app, admin) = World::new(store);
    let form = UserForm {
        username: "anna".into(),
        display_name: "Anna de Boer".into(),
        job_title: "afdelingsmanager".into(),
        official_id: "m-bz".into(),
        roles: vec!["klachtbehandelaar".into()],
        active: true,
        password: "tijdelijk wachtwoord 1".into(),
    };
    let bad = UserForm { official_id: String::new(), password: "kort".into(), ..form.clone() };
    match app.create_user(&admin, &bad) {
        Err(ServiceError::Validation(problems)) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            assert_eq!(fields, ["official_id", "password"], "a handler needs an official; the password policy applies");
        }
        other => panic!("expected validation errors, got {other:?}"),
    }
    let created = app.create_user(&admin, &form).expect("create");
    assert!(created.must_change_password);
    assert!(matches!(app.create_user(&admin, &form), Err(ServiceError::Validation(_))), "the name is taken");

    // First log-in: nothing but a password change is possible.
    let anna = app.login("anna", "tijdelijk wachtwoord 1").expect("login");
    assert!(anna.must_change_password);
    assert!(matches!(app.worklist(&Actor::User(anna.clone()), WorklistScope::Mine), Err(ServiceError::PasswordChangeRequired)));
    assert!(matches!(app.recovery_key_sheet(&Actor::User(anna.clone())), Err(ServiceError::PasswordChangeRequired)));
    assert!(matches!(
        app.change_password(&anna, "fout", "mijn eigen wachtwoord", "mijn eigen wachtwoord"),
        Err(ServiceError::Validation(_))
    ));
    let anna = app.change_password(&anna, "tijdelijk wachtwoord 1", "mijn eigen wachtwoord", "mijn eigen wachtwoord").expect("change");
    assert!(!anna.must_change_password);
    assert!(app.worklist(&Actor::User(anna.clone()), WorklistScope::Mine).is_ok());
    // SEC-08: the recovery key opens every complaint: only a Beheerder saves or confirms it.
    assert!(matches!(app.recovery_key_sheet(&Actor::User(anna.clone())), Err(ServiceError::Forbidden { .. })));
    assert!(matches!(app.confirm_recovery_key_saved(&Actor::User(anna.clone())), Err(ServiceError::Forbidden { .. })));

    // Reset: a new temporary password, to be changed again.
    app.reset_password(&admin, created.id, "nog een tijdelijk ww").expect("reset");
    assert!(app.login("anna", "mijn eigen wachtwoord").is_err());
    assert!(app.login("anna", "nog een tijdelijk ww").expect("login").must_change_password);

    // Deactivate: she can no longer log in, and the account stays (the audit log refers to it).
    let deactivate = UserForm { active: false, ..form.clone() };
    app.update_user(&admin, created.id, &deactivate).expect("deactivate");
    assert!(matches!(app.login("anna", "nog een tijdelijk ww"), Err(ServiceError::LoginFailed)));
    assert_eq!(app.users(&admin).expect("users").iter().filter(|u| u.username == "anna" && !u.active).count(), 1);

    // The Beheerder cannot lock themselves out.
    let Actor::User(me) = &admin else { panic!("user") };
    let me_form = UserForm {
        username: "beheer".into(),
        display_name: "Fatima el Amrani".into(),
        job_title: "Klachtcoördinator".into(),
        roles: vec!["klachtcoordinator".into()],
        active: false,
        ..UserForm::default()
    };
    match app.update_user(&admin, me.id, &me_form) {
        Err(ServiceError::Validation(problems)) => {
            let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
            assert!(fields.contains(&"active") && fields.contains(&"roles"), "{fields:?}");
        }
        other => panic!("expected refusal, got {other:?}"),
    }
}

/// Runs a few audited actions, then lets `tamper` edit the log directly in the database (as
/// someone with the key and a SQLite shell could), and verifies the result.
fn verify_after(tamper: &str) -> AuditVerification {
    let (world, mut app, admin) = World::new(TestStore::single_desk());
    for name in ["Eén", "Twee", "Drie"] {
        app.register_complaint(&admin, &complaint_about("bz", &[], name)).expect("register");
    }
    assert_eq!(app.verify_audit(&admin).expect("verify").first_broken, None, "intact before tampering");
    let connection = world.raw_connection(&app);
    drop(app);
    // An attacker with the key can drop the append-only triggers; the chain still tells.
    connection.execute_batch(&format!("DROP TRIGGER audit_is_append_only; DROP TRIGGER audit_is_never_deleted; {tamper}")).expect("tamper");
    drop(connection);
    let mut app = world.reopen();
    app.verify_audit(&admin).expect("verify")
}

#[test]
fn the_audit_chain_detects_changes_deletions_and_reordering() {
    // rule SEC-02
    let changed = verify_after("UPDATE audit_log SET actor = 'iemand-anders' WHERE sequence = 3;");
    assert_eq!(changed.first_broken.as_ref().map(|b| b.sequence), Some(3), "{changed:?}");
    assert!(changed.summary().contains("gewijzigd"), "{}", changed.summary());

    let deleted = verify_after("DELETE FROM audit_log WHERE sequence = 3;");
    assert_eq!(deleted.first_broken.as_ref().map(|b| b.sequence), Some(3), "{deleted:?}");
    assert!(deleted.summary().contains("ontbreekt"), "{}", deleted.summary());

    // Swap the contents of entries 2 and 3, keeping their numbers.
    let reordered = verify_after(
        "CREATE TEMP TABLE swap AS SELECT * FROM audit_log WHERE sequence IN (2, 3);
         UPDATE audit_log SET (at, actor, workstation, action, object, result, previous_hash, hash) =
           (SELECT at, actor, workstation, action, object, result, previous_hash, hash FROM swap
            WHERE swap.sequence = 5 - audit_log.sequence)
         WHERE sequence IN (2, 3);",
    );
    assert_eq!(reordered.first_broken.as_ref().map(|b| b.sequence), Some(2), "{reordered:?}");

    // Renumbering after a deletion hides the gap, but not the broken link.
    let renumbered =
        verify_after("DELETE FROM audit_log WHERE sequence = 3; UPDATE audit_log SET sequence = sequence - 1 WHERE sequence > 3;");
    assert_eq!(renumbered.first_broken.as_ref().map(|b| b.sequence), Some(3), "{renumbered:?}");

    let tail_cut = verify_after("DELETE FROM audit_log WHERE sequence = (SELECT max(sequence) FROM audit_log);");
    assert!(tail_cut.first_broken.is_some(), "a removed last entry is found through the recorded head");
    assert!(tail_cut.summary().contains("eind"), "{}", tail_cut.summary());
}

fn the_audit_log_records_reads_and_changes_but_never_complaint_text_or_secrets(store: TestStore) {
    // rule SEC-02: action, object, result, origin, actor, time; no complaint text, no passwords.
    let (_world, mut app, admin) = World::new(store);
    let mut form = complaint_about("bz", &[], "Zwaantje Vlinderhoeve");
    form.description = "Geheime-klachttekst-1234".into();
    let reference = app.register_complaint(&admin, &form).expect("register").reference;
    app.complaint_detail(&admin, &reference).expect("read");
    let _ = app.login("beheer", "een-fout-wachtwoord");
    let _ = app.login("een lang wachtwoord", "x"); // a password typed into the name field
    let (entries, verification) = app.audit_log(&admin, &AuditFilter::default()).expect("log");
    assert_eq!(verification.first_broken, None);
    let actions: Vec<&str> = entries.iter().map(|entry| entry.action.as_str()).collect();
    for expected in ["klachtbalie inrichten", "inloggen", "organogram importeren", "klacht registreren", "klacht en notities inzien"] {
        assert!(actions.contains(&expected), "{expected} missing from {actions:?}");
    }
    let read = entries.iter().find(|entry| entry.action == "klacht en notities inzien").expect("read entry");
    assert_eq!(
        (read.object.as_str(), read.actor.as_str(), read.result.as_str(), read.at.as_str()),
        (reference.as_str(), "beheer", "gelukt", "2026-11-23T09:00:00")
    );
    assert!(!read.workstation.is_empty(), "origin recorded");
    let everything: String = entries.iter().map(|e| format!("{e:?}")).collect();
    for secret in ["Zwaantje", "Geheime-klachttekst", "een-fout-wachtwoord", "een lang wachtwoord", "Ouddiemerlaan"] {
        assert!(!everything.contains(secret), "the audit log contains {secret:?}");
    }
    // Filter by user and period, and the CSV export.
    let filter = AuditFilter {
        actor: Some("beheer".into()),
        from: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
        until: chrono::NaiveDate::from_ymd_opt(2026, 11, 23),
        ..Default::default()
    };
    let (filtered, _) = app.audit_log(&admin, &filter).expect("filtered");
    assert!(filtered.iter().all(|entry| entry.actor == "beheer") && !filtered.is_empty());
    let other_day = AuditFilter { from: chrono::NaiveDate::from_ymd_opt(2026, 11, 24), ..Default::default() };
    assert!(app.audit_log(&admin, &other_day).expect("none").0.is_empty());
    let csv = app.audit_csv(&admin, &filter).expect("csv");
    assert!(csv.starts_with("volgnummer;tijdstip;gebruiker;werkplek;actie;object;resultaat"));
    assert!(csv.contains(&format!(";klacht registreren;{reference};gelukt;")), "{csv}");
}

fn two_desks_cannot_each_remove_one_of_the_last_two_beheerders(store: TestStore) {
    // section 1: there is always an active Beheerder, also when two desks (two processes, each
    // with its own connection) change accounts at the same moment: the second is refused.
    let clock = Arc::new(InterleavingClock::at("2026-11-23T09:00"));
    let form = support::setup_form("beheer", PASSWORD);
    let mut desk = store.set_up(clock.clone(), &form).expect("set up");
    let first = desk.login("beheer", PASSWORD).expect("login");
    let admin = Actor::User(first.clone());
    let second_form = UserForm {
        username: "beheer2".into(),
        display_name: "Bram Beheer".into(),
        job_title: "functioneel beheerder".into(),
        roles: vec!["beheerder".into()],
        active: true,
        password: "tijdelijk wachtwoord 2".into(),
        ..UserForm::default()
    };
    let second_id = desk.create_user(&admin, &second_form).expect("second Beheerder").id;
    let second = desk.login("beheer2", "tijdelijk wachtwoord 2").expect("login");
    let second = desk.change_password(&second, "tijdelijk wachtwoord 2", "eigen wachtwoord 2", "eigen wachtwoord 2").expect("own");
    let second_admin = Actor::User(second);
    let mut other_desk = store.open(Arc::new(FixedClock::new(at("2026-11-23T09:00"))));

    // Desk one deactivates the second Beheerder; in that moment desk two, as that second
    // Beheerder, takes the Beheerder role from the first.
    let demote_first = UserForm {
        username: "beheer".into(),
        display_name: "Fatima el Amrani".into(),
        job_title: "Klachtcoördinator".into(),
        roles: vec!["klachtcoordinator".into()],
        active: true,
        ..UserForm::default()
    };
    let (other_admin, first_id) = (second_admin.clone(), first.id);
    let other_desk_used = Arc::new(std::sync::Mutex::new(false));
    let used = other_desk_used.clone();
    clock.then(move || {
        other_desk.update_user(&other_admin, first_id, &demote_first).expect("demoted at the other desk");
        *used.lock().expect("flag") = true;
    });
    let deactivate_second = UserForm { active: false, password: String::new(), ..second_form };
    match desk.update_user(&admin, second_id, &deactivate_second) {
        Err(ServiceError::Validation(problems)) => {
            assert!(problems.iter().any(|p| p.field == "roles" && p.message.contains("minstens één actieve beheerder")), "{problems:?}")
        }
        other => panic!("expected the second change to be refused, got {other:?}"),
    }
    assert!(*other_desk_used.lock().expect("flag"), "the other desk acted between the check and the write");
    let admins: Vec<String> = desk
        .users(&second_admin)
        .expect("users")
        .into_iter()
        .filter(|user| user.active && user.roles.contains(&Role::Beheerder))
        .map(|user| user.username)
        .collect();
    assert_eq!(admins, ["beheer2"], "exactly one active Beheerder is left");
}

fn the_last_beheerder_who_can_work_is_not_replaced_by_one_who_must_still_choose_a_password(store: TestStore) {
    // section 1 (schema 16 on the shared store): a Beheerder whose first password is still the
    // one another Beheerder chose can do nothing until they choose their own. The command line
    // (no person of its own) cannot take the last Beheerder who can work away in favour of
    // them; once they have chosen it, it can.
    let clock = Arc::new(FixedClock::new(at("2026-11-23T09:00")));
    let mut desk = store.set_up(clock, &support::setup_form("beheer", PASSWORD)).expect("set up");
    let admin = Actor::User(desk.login("beheer", PASSWORD).expect("login"));
    let first = desk.users(&admin).expect("users").into_iter().find(|user| user.username == "beheer").expect("the first account");
    let second_form = UserForm {
        username: "beheer2".into(),
        display_name: "Bram Beheer".into(),
        job_title: "functioneel beheerder".into(),
        roles: vec!["beheerder".into()],
        active: true,
        password: "tijdelijk wachtwoord 2".into(),
        ..UserForm::default()
    };
    desk.create_user(&admin, &second_form).expect("a second Beheerder, with a first password");
    let command_line = Actor::System { description: "klachtbalie-cli (test)".into() };
    let demote_first = UserForm {
        username: "beheer".into(),
        display_name: first.display_name.clone(),
        job_title: first.job_title.clone(),
        roles: vec!["klachtcoordinator".into()],
        active: true,
        ..UserForm::default()
    };
    match desk.update_user(&command_line, first.id, &demote_first) {
        Err(ServiceError::Validation(problems)) => {
            assert!(problems.iter().any(|p| p.field == "roles" && p.message.contains("die nu kan werken")), "{problems:?}")
        }
        other => panic!("expected the change to be refused, got {other:?}"),
    }
    let still = desk.users(&admin).expect("users").into_iter().find(|user| user.username == "beheer").expect("first");
    assert!(still.roles.contains(&Role::Beheerder), "nothing changed");

    let second = desk.login("beheer2", "tijdelijk wachtwoord 2").expect("login");
    desk.change_password(&second, "tijdelijk wachtwoord 2", "eigen wachtwoord 2", "eigen wachtwoord 2").expect("own");
    desk.update_user(&command_line, first.id, &demote_first).expect("now Bram can work: allowed");
}

/// The stored password hash of `username`, read (and first replaced by `replacement`, if
/// given) directly in the database: with the key on a desk, as the owner on the shared store.
fn stored_hash(store: &TestStore, recovery_key: &str, username: &str, replacement: Option<&str>) -> String {
    match &store.shared {
        None => {
            let connection = crate::desk_file::open(store.dir.path(), recovery_key);
            if let Some(hash) = replacement {
                connection.execute("UPDATE users SET password_hash = ?1 WHERE username = ?2", [hash, username]).expect("replace");
            }
            connection.query_row("SELECT password_hash FROM users WHERE username = ?1", [username], |row| row.get(0)).expect("hash")
        }
        Some(shared) => {
            let mut client = shared.owner.connect().expect("connect as the owner");
            if let Some(hash) = replacement {
                client.execute("UPDATE users SET password_hash = $1 WHERE username = $2", &[&hash, &username]).expect("replace");
            }
            client.query_one("SELECT password_hash FROM users WHERE username = $1", &[&username]).expect("hash").get(0)
        }
    }
}

fn a_hash_of_an_earlier_version_is_made_stronger_at_the_next_log_in(store: TestStore) {
    // SEC-03: an account whose hash an earlier version made with Argon2's defaults (19 MiB,
    // 2 passes) still logs in, and that log-in stores a hash with 64 MiB and 3 passes; a wrong
    // password changes nothing.
    let (world, mut app, _admin) = World::new(store);
    let recovery_key = app.pending_recovery_key().expect("key").expect("still shown");
    let earlier = "$argon2id$v=19$m=19456,t=2,p=1$v27pewsxXsjq60MLx32qaw$WBbKrZP9pnzBz1nytYbUV2u7/zFnVs+V3MKcE15Of7s";
    assert!(stored_hash(&world.store, &recovery_key, "beheer", None).contains("$m=65536,t=3,p=1$"), "new accounts");
    stored_hash(&world.store, &recovery_key, "beheer", Some(earlier));
    assert!(matches!(app.login("beheer", "een ander wachtwoord"), Err(ServiceError::LoginFailed)));
    assert_eq!(stored_hash(&world.store, &recovery_key, "beheer", None), earlier, "a failed log-in changes nothing");
    let session = app.login("beheer", PASSWORD).expect("the earlier hash still verifies");
    let stronger = stored_hash(&world.store, &recovery_key, "beheer", None);
    assert!(stronger.starts_with("$argon2id$v=19$m=65536,t=3,p=1$"), "{stronger}");
    assert!(!session.must_change_password, "the account is otherwise unchanged");
    assert!(app.login("beheer", PASSWORD).is_ok(), "and the new hash verifies");
}

on_both_stores!(
    the_role_matrix_every_use_case_times_every_role,
    a_handler_sees_only_their_own_complaints_and_a_deputy_those_of_the_absent,
    reassignment_needs_a_reason_and_never_goes_to_a_respondent,
    a_wrong_import_is_refused_as_a_whole_and_changes_nothing,
    user_administration_create_roles_deactivate_and_reset,
    the_audit_log_records_reads_and_changes_but_never_complaint_text_or_secrets,
    two_desks_cannot_each_remove_one_of_the_last_two_beheerders,
    the_last_beheerder_who_can_work_is_not_replaced_by_one_who_must_still_choose_a_password,
    a_hash_of_an_earlier_version_is_made_stronger_at_the_next_log_in,
);
