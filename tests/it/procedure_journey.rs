//! Integration tests of the complaint procedure (section 4) and its deadlines (section 5),
//! each run on both stores (a temporary SQLCipher database and a fresh database on the test
//! PostgreSQL server): the informal path, the formal path with hearing, postponement and
//! four-eyes approval, the side exits and reopening, changes of term, the worklist's filters
//! and search, and two desks acting on one complaint at the same moment.

use crate::support;
use support::{at, two_desks_on, TestStore, TwoDesks};

use chrono::NaiveDate;
use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::domain::access_request::AccessRequestForm;
use klachtbalie_core::domain::complaint::ComplaintForm;
use klachtbalie_core::domain::deadlines::{DeadlineKind, DeadlineStatus};
use klachtbalie_core::domain::procedure::{Status, Step};
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::{
    self, Actor, DecisionForm, Klachtbalie, ServiceError, SessionUser, StepForm, WorklistFilter, WorklistScope,
};
use std::sync::Arc;

const PASSWORD: &str = "een lang wachtwoord";
const ORG_CHART: &str = include_str!("../fixtures/organogram-voorbeeld.json");

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

struct World {
    clock: Arc<FixedClock>,
    app: Klachtbalie,
    coordinator: Actor,
}

/// The example chart on `store` (the test keeps it until the end), set up by "coord"
/// (Beheerder and Klachtcoördinator).
fn world(store: &TestStore) -> World {
    let clock = Arc::new(FixedClock::new(at("2026-11-23T09:00")));
    let form = support::setup_form("coord", PASSWORD);
    let mut app = store.set_up(clock.clone(), &form).expect("set up");
    let coordinator = Actor::User(app.login("coord", PASSWORD).expect("login"));
    app.import_org_chart(&coordinator, ORG_CHART).expect("chart");
    World { clock, app, coordinator }
}

fn user(username: &str, roles: &[Role], official: Option<&str>) -> Actor {
    Actor::User(SessionUser {
        id: 1000,
        username: username.into(),
        display_name: username.into(),
        job_title: "afdelingsmanager".into(),
        roles: roles.to_vec(),
        official_id: official.map(str::to_string),
        must_change_password: false,
    })
}

fn anna() -> Actor {
    user("anna", &[Role::Klachtbehandelaar], Some("m-bz"))
}

fn letter(name: &str) -> ComplaintForm {
    ComplaintForm {
        received_on: "2026-11-23".into(),
        channel: "brief".into(),
        complainant_name: name.into(),
        street_address: "Arent Krijtsstraat 1".into(),
        postcode: "1111 AB".into(),
        city: "Diemen".into(),
        phone: "06 12345678".into(),
        complaint_type: "bejegening".into(),
        respondent_ids: vec!["e1".into()],
        conduct_date: "2026-11-18".into(),
        description: "De medewerker aan de balie was onvriendelijk.".into(),
        ..Default::default()
    }
}

fn form(date: &str, choice: &str, text: &str) -> StepForm {
    StepForm { date: date.into(), choice: choice.into(), text: text.into(), ..Default::default() }
}

fn status(app: &mut Klachtbalie, actor: &Actor, reference: &str) -> Status {
    app.complaint_detail(actor, reference).expect("detail").status
}

fn fields(result: Result<impl std::fmt::Debug, ServiceError>) -> Vec<String> {
    match result {
        Err(ServiceError::Validation(problems)) => problems.into_iter().map(|p| p.field).collect(),
        other => panic!("expected validation errors, got {other:?}"),
    }
}

fn refused(result: Result<impl std::fmt::Debug, ServiceError>) -> String {
    match result {
        Err(ServiceError::Refused(message)) => message,
        other => panic!("expected a refusal by the procedure, got {other:?}"),
    }
}

fn informal_first_then_formal_with_hearing_postponement_and_approval(store: TestStore) {
    // rules PR-02, PR-04, PR-05, PR-06, PR-07, PR-08, DL-05, DL-08
    let World { mut app, coordinator, clock, .. } = world(&store);
    let reference = app.register_complaint(&coordinator, &letter("Ria Cliteur")).expect("register").reference;
    let anna = anna();
    assert_eq!(status(&mut app, &anna, &reference), Status::Ontvangen);

    // Informal: a contact starts it; closing informally needs the satisfaction statement.
    assert_eq!(fields(app.log_contact(&anna, &reference, &form("2026-11-24", "telefoon", "x"))), ["date"], "not in the future");
    app.log_contact(&anna, &reference, &form("23-11-2026", "telefoon", "Klager gebeld; wil excuses.")).expect("contact");
    assert_eq!(status(&mut app, &anna, &reference), Status::InBehandeling);
    assert_eq!(fields(app.resolve_informally(&anna, &reference, " ")), ["text"]);
    // Not satisfied: the formal path.
    app.continue_formally(&anna, &reference, "Klager is niet tevreden met het gesprek").expect("formal");
    assert_eq!(status(&mut app, &anna, &reference), Status::Formeel);
    app.record_copy_to_respondent(&anna, &reference, "23-11-2026").expect("copy");

    // No decision without hearing (or a legal reason to skip it).
    let decision = DecisionForm {
        findings: "De medewerker sprak de klager toe op onvriendelijke toon.".into(),
        judgement: "gegrond".into(),
        conclusions: "Excuses aangeboden; gesprek met de medewerker gevoerd.".into(),
        reasons: String::new(),
    };
    let message = refused(app.draft_decision(&coordinator, &reference, &decision));
    assert!(message.contains("Awb 9:10") && message.contains("Wel mogelijk"), "{message}");
    let hearing = StepForm { date: "2026-11-23".into(), time: "14:30".into(), choice: "Raadhuis, kamer 2.14".into(), ..Default::default() };
    assert_eq!(fields(app.plan_hearing(&anna, &reference, &StepForm { time: "half drie".into(), ..hearing.clone() })), ["time"]);
    assert_eq!(fields(app.plan_hearing(&anna, &reference, &StepForm { time: "08:30".into(), ..hearing.clone() })), ["time"], "past today");
    // Planned for tomorrow first: its report is neither offered nor taken before that day.
    app.plan_hearing(&anna, &reference, &StepForm { date: "24-11-2026".into(), ..hearing.clone() }).expect("tomorrow");
    let offered = app.complaint_detail(&anna, &reference).expect("detail").possible_steps;
    assert!(!offered.contains(&Step::ReportHearing) && offered.contains(&Step::PlanHearing), "{offered:?}");
    assert!(refused(app.report_hearing(&anna, &reference, "Te vroeg.")).contains("nog niet plaatsgevonden"));
    app.plan_hearing(&anna, &reference, &hearing).expect("moved to this afternoon");
    assert_eq!(status(&mut app, &anna, &reference), Status::Hoorzitting);
    refused(app.draft_decision(&coordinator, &reference, &decision));
    app.report_hearing(&anna, &reference, "Klager en medewerker gehoord; medewerker erkent de toon.").expect("report");

    // Postponement: once, at most 4 weeks, with an open task for the letters.
    assert_eq!(fields(app.postpone(&anna, &reference, "6")), ["weeks"]);
    app.postpone(&anna, &reference, "4").expect("postpone");
    let detail = app.complaint_detail(&anna, &reference).expect("detail");
    assert_eq!(detail.deadlines.decision_due, date("2027-02-01"), "6 + 4 weeks from receipt");
    assert_eq!(detail.open_tasks.len(), 1);
    assert!(detail.open_tasks[0].description.contains("Jan Smit"), "the respondent gets the letter too: {:?}", detail.open_tasks);
    assert!(refused(app.postpone(&anna, &reference, "1")).contains("maar één keer"));

    // The coördinator drafts; ongegrond would need reasons in full.
    let unfounded = DecisionForm { judgement: "ongegrond".into(), ..decision.clone() };
    assert_eq!(fields(app.draft_decision(&coordinator, &reference, &unfounded)), ["reasons"]);
    app.draft_decision(&coordinator, &reference, &decision).expect("draft");
    assert_eq!(status(&mut app, &anna, &reference), Status::BesluitConcept);

    // PR-07: not the coördinator, not another handler; the responsible handler approves.
    assert!(matches!(app.approve_decision(&coordinator, &reference), Err(ServiceError::Forbidden { .. })));
    let piet = user("piet", &[Role::Klachtbehandelaar], Some("m-ro"));
    assert!(matches!(app.approve_decision(&piet, &reference), Err(ServiceError::Forbidden { .. })));
    let detail = app.complaint_detail(&anna, &reference).expect("detail");
    assert!(detail.possible_steps.contains(&Step::ApproveDecision), "{:?}", detail.possible_steps);
    let coordinator_view = app.complaint_detail(&coordinator, &reference).expect("detail");
    assert!(!coordinator_view.possible_steps.contains(&Step::ApproveDecision), "the screen does not offer it either");
    clock.set(at("2026-11-24T10:00"));
    app.approve_decision(&anna, &reference).expect("approve");
    let detail = app.complaint_detail(&anna, &reference).expect("detail");
    assert_eq!(detail.status, Status::BesluitGoedgekeurd);
    let decisions = detail.decisions.expect("the handler reads decisions");
    assert_eq!((decisions[0].state.code(), decisions[0].decided_by.as_deref()), ("goedgekeurd", Some("anna")));
    // RP-02: the hearing held and the postponement count in the year's report (read from the
    // complaint's own row, which the hearing report and the approval keep up to date); it is
    // still open until the decision is sent.
    let report = serde_json::to_value(app.annual_report(&coordinator, 2026).expect("report")).expect("json");
    assert_eq!(
        (&report["hearings_held"], &report["postponed"], &report["by_outcome"]["open"]),
        (&1.into(), &1.into(), &1.into()),
        "{report}"
    );

    // PR-08: every step on the timeline, in order.
    let kinds: Vec<&str> = detail.timeline.iter().map(|(_, _, kind, _)| kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "geregistreerd",
            "toegewezen",
            "contact vastleggen",
            "formeel verder behandelen",
            "kopie naar de beklaagde",
            "hoorzitting plannen",
            "hoorzitting plannen",
            "verslag van de hoorzitting vastleggen",
            "verdagen",
            "conceptbeslissing opstellen",
            "beslissing goedkeuren",
        ]
    );
    // The KCC sees status and deadlines, not the contacts, the hearing report or the draft.
    let kcc = user("kcc", &[Role::KccMedewerker], None);
    let kcc_view = app.complaint_detail(&kcc, &reference).expect("detail");
    assert!(kcc_view.contacts.is_none() && kcc_view.decisions.is_none());
    assert_eq!(kcc_view.hearings[0].report, None);
    assert_eq!(kcc_view.hearings[0].place, "Raadhuis, kamer 2.14");
    assert!(kcc_view.possible_steps.is_empty());
}

fn a_returned_draft_goes_back_and_skipping_the_hearing_needs_a_legal_reason(store: TestStore) {
    // rules PR-05 (Awb 9:10 lid 2), PR-07
    let World { mut app, coordinator, .. } = world(&store);
    let reference = app.register_complaint(&coordinator, &letter("Els")).expect("register").reference;
    let anna = anna();
    app.continue_formally(&anna, &reference, "").expect("formal");
    assert_eq!(fields(app.skip_hearing(&anna, &reference, "geen zin")), ["choice"]);
    app.skip_hearing(&anna, &reference, "afgezien").expect("waived");
    let decision = DecisionForm {
        findings: "Bevindingen.".into(),
        judgement: "ongegrond".into(),
        conclusions: "Geen maatregelen.".into(),
        reasons: "De medewerker volgde het protocol; de camerabeelden tonen geen onvriendelijkheid.".into(),
    };
    app.draft_decision(&anna, &reference, &decision).expect("draft");
    assert_eq!(fields(app.return_decision(&anna, &reference, "")), ["text"]);
    app.return_decision(&anna, &reference, "Motivering aanvullen met de camerabeelden").expect("return");
    assert_eq!(status(&mut app, &anna, &reference), Status::Formeel);
    app.draft_decision(&anna, &reference, &decision).expect("second draft");
    app.approve_decision(&anna, &reference).expect("the handler approves their own draft");
    let decisions = app.complaint_detail(&anna, &reference).expect("detail").decisions.expect("decisions");
    let states: Vec<&str> = decisions.iter().map(|d| d.state.code()).collect();
    assert_eq!(states, ["teruggestuurd", "goedgekeurd"]);
}

fn side_exits_reopening_and_changes_of_term(store: TestStore) {
    // rules PR-03 (Awb 9:8), DL-07, INT-05 (Awb 2:3), DL-01 (Awb 9:14), DL-06, section 4 (reopen)
    let World { mut app, coordinator, clock, .. } = world(&store);
    let anna = anna();
    let not_handled = app.register_complaint(&coordinator, &letter("Ground")).expect("a").reference;
    assert_eq!(fields(app.not_handle(&anna, &not_handled, "geen_zin")), ["choice"]);
    app.not_handle(&anna, &not_handled, "ouder_dan_een_jaar").expect("9:8");
    let detail = app.complaint_detail(&anna, &not_handled).expect("detail");
    assert_eq!(detail.status, Status::NietInBehandeling);
    assert!(detail.record.procedure.closing_detail.contains("meer dan een jaar"));
    // Closed, but its letter is still due within 4 weeks of receipt: it stays in the worklist.
    let row = app.worklist(&coordinator, WorklistScope::All).expect("list").into_iter().find(|i| i.reference == not_handled).expect("row");
    assert_eq!(row.next_deadline.map(|d| (d.kind, d.due)), Some((DeadlineKind::NonHandlingLetter, date("2026-12-21"))));
    assert!(refused(app.log_contact(&anna, &not_handled, &form("2026-11-23", "telefoon", "x"))).contains("gesloten"));
    assert!(matches!(app.reopen(&anna, &not_handled, "fout"), Err(ServiceError::Forbidden { .. })), "only the coördinator reopens");
    app.reopen(&coordinator, &not_handled, "Klager stuurde nieuwe feiten").expect("reopen");
    assert_eq!(status(&mut app, &coordinator, &not_handled), Status::InBehandeling);

    let withdrawn = app.register_complaint(&coordinator, &letter("Withdrawn")).expect("b").reference;
    app.withdraw(&anna, &withdrawn, "Klager belde: probleem opgelost").expect("withdraw");
    let forwarded = app.register_complaint(&coordinator, &letter("Forwarded")).expect("c").reference;
    app.forward(&coordinator, &forwarded, "Politie Amsterdam").expect("forward");
    let open: Vec<String> = app.worklist(&coordinator, WorklistScope::All).expect("list").into_iter().map(|i| i.reference).collect();
    assert!(!open.contains(&withdrawn) && !open.contains(&forwarded), "closed complaints leave the worklist: {open:?}");

    // Advisory committee: 10 weeks; then postponement and an agreed further delay.
    let long = app.register_complaint(&coordinator, &letter("Long")).expect("d").reference;
    app.refer_to_advisory_committee(&anna, &long).expect("advisory");
    assert_eq!(app.complaint_detail(&anna, &long).expect("detail").deadlines.decision_due, date("2027-02-01"));
    app.postpone(&anna, &long, "2").expect("postpone");
    assert_eq!(app.complaint_detail(&anna, &long).expect("detail").deadlines.decision_due, date("2027-02-15"));
    let delay =
        StepForm { date: "2026-11-23".into(), weeks: "2027-02-10".into(), text: "E-mail van de klager".into(), ..Default::default() };
    assert_eq!(fields(app.record_further_delay(&anna, &long, &delay)), ["weeks"], "must be after the current term");
    let delay = StepForm { weeks: "01-03-2027".into(), ..delay };
    app.record_further_delay(&anna, &long, &delay).expect("further delay");
    assert_eq!(app.complaint_detail(&anna, &long).expect("detail").deadlines.decision_due, date("2027-03-01"));

    // Postponing after the term has ended is refused (DL-05).
    let late = app.register_complaint(&coordinator, &letter("Late")).expect("e").reference;
    clock.set(at("2027-01-05T09:00"));
    assert!(refused(app.postpone(&anna, &late, "4")).contains("verstreken"));
}

fn the_worklist_filters_and_searches(store: TestStore) {
    // rule DL-09 (worklist), filters and search (FTS5 inside the encrypted file on the
    // single desk, blind-index tokens of whole words on the shared store)
    let World { mut app, coordinator, .. } = world(&store);
    let bz = app.register_complaint(&coordinator, &letter("Zoë Ĳzerman")).expect("bz").reference;
    let mut service_complaint = letter("Kees Visser");
    service_complaint.complaint_type = "dienstverlening".into();
    service_complaint.department_id = "ro".into();
    service_complaint.respondent_ids = Vec::new();
    service_complaint.description = "Vergunning voor de dakkapel te laat behandeld.".into();
    let ro = app.register_complaint(&coordinator, &service_complaint).expect("ro").reference;
    app.log_contact(&coordinator, &ro, &form("2026-11-23", "telefoon", "Gebeld")).expect("contact");

    let mut list = |filter: WorklistFilter| -> Vec<String> {
        app.filtered_worklist(&coordinator, WorklistScope::All, &filter).expect("list").into_iter().map(|i| i.reference).collect()
    };
    assert_eq!(list(WorklistFilter::default()).len(), 2);
    assert_eq!(list(WorklistFilter { search: "zoe".into(), ..Default::default() }), [bz.as_str()], "accents ignored");
    assert_eq!(list(WorklistFilter { search: "dakkapel".into(), ..Default::default() }), [ro.as_str()], "a word of the text");
    if !store.is_shared() {
        // The shared store's blind index holds a token per whole word, so only FTS5 matches a prefix.
        assert_eq!(list(WorklistFilter { search: "dakkap".into(), ..Default::default() }), [ro.as_str()], "prefix over the text");
    }
    assert_eq!(list(WorklistFilter { search: "Smit".into(), ..Default::default() }), [bz.as_str()], "respondent names");
    assert_eq!(list(WorklistFilter { search: bz.clone(), ..Default::default() }), [bz.as_str()], "the reference");
    assert!(list(WorklistFilter { search: "\" OR * NEAR(".into(), ..Default::default() }).is_empty(), "no search syntax leaks");
    assert_eq!(list(WorklistFilter { status: Some(Status::InBehandeling), ..Default::default() }), [ro.as_str()]);
    assert_eq!(list(WorklistFilter { department_id: Some("bz".into()), ..Default::default() }), [bz.as_str()]);
    assert_eq!(list(WorklistFilter { handler_id: Some("m-ro".into()), ..Default::default() }), [ro.as_str()]);
    assert_eq!(
        list(WorklistFilter {
            complaint_type: Some(klachtbalie_core::domain::complaint::ComplaintType::Dienstverlening),
            ..Default::default()
        }),
        [ro.as_str()]
    );
    assert!(list(WorklistFilter { overdue_only: true, ..Default::default() }).is_empty());
    let rows = app.worklist(&coordinator, WorklistScope::All).expect("list");
    assert_eq!(rows[0].light, DeadlineStatus::DueSoon);
}

fn reminders_notify_once_per_level_and_export_as_icalendar(store: TestStore) {
    // rule DL-09: a summary after log-in, a notification once per deadline and level (due
    // soon, then overdue), and the deadlines as iCalendar without personal data.
    let World { mut app, coordinator, clock, .. } = world(&store);
    let reference = app.register_complaint(&coordinator, &letter("Zwaantje Vlinderhoeve")).expect("register").reference;
    let anna = anna();
    let kinds = |reminders: &[service::Reminder]| reminders.iter().map(|r| (r.kind, r.light)).collect::<Vec<_>>();
    // Fresh written complaint: acknowledgement and first contact are due within 5 working days.
    let due_soon = app.reminders(&anna).expect("reminders");
    assert_eq!(
        kinds(&due_soon),
        [(DeadlineKind::Acknowledgement, DeadlineStatus::DueSoon), (DeadlineKind::FirstContact, DeadlineStatus::DueSoon)]
    );
    assert_eq!(app.new_notifications(&anna).expect("first").len(), 2);
    assert!(app.new_notifications(&anna).expect("again").is_empty(), "never twice for the same deadline and level");
    assert_eq!(app.new_notifications(&coordinator).expect("coordinator").len(), 2, "each user is told once");
    let kcc = user("kcc", &[Role::KccMedewerker], None);
    assert!(app.reminders(&kcc).expect("kcc").is_empty(), "the KCC watches no deadlines");

    // A week later both are overdue: one more notification each, at the new level.
    clock.set(at("2026-12-01T09:00"));
    let overdue = app.new_notifications(&anna).expect("overdue");
    assert_eq!(
        kinds(&overdue),
        [(DeadlineKind::Acknowledgement, DeadlineStatus::Overdue), (DeadlineKind::FirstContact, DeadlineStatus::Overdue)]
    );
    assert!(
        overdue[0].dutch_text().starts_with(&format!("{reference}: ontvangstbevestiging versturen is te laat")),
        "{}",
        overdue[0].dutch_text()
    );
    assert!(app.new_notifications(&anna).expect("again").is_empty());

    let ics = app.deadlines_calendar(&anna).expect("ics");
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3, "acknowledgement, first contact, decision:\n{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20270104"), "the decision term");
    assert!(ics.contains(&format!("SUMMARY:{reference}: beslissing op de klacht")));
    assert!(!ics.contains("Zwaantje") && !ics.contains("Vlinderhoeve"), "no complainant data in a calendar");
}

fn timeline_kinds(app: &mut Klachtbalie, actor: &Actor, reference: &str) -> Vec<String> {
    app.complaint_detail(actor, reference).expect("detail").timeline.into_iter().map(|(_, _, kind, _)| kind).collect()
}

fn a_step_decides_on_the_complaint_as_it_is_when_written_not_as_it_was_first_read(store: TestStore) {
    // rule: section 4's state machine holds across processes (every check that
    // decides a write runs inside the write transaction); SEC-02 (the refusal is audited)
    let TwoDesks { mut desk, other_desk, clock, coordinator, .. } = two_desks_on(&store, PASSWORD);
    let reference = desk.register_complaint(&coordinator, &letter("Ria Tweebalie")).expect("register").reference;
    desk.log_contact(&coordinator, &reference, &form("23-11-2026", "telefoon", "Klager gebeld; wil excuses.")).expect("contact");

    // This desk is closing the complaint informally; in that moment the other desk records
    // that the complainant withdrew it.
    let (other_coordinator, other_reference) = (coordinator.clone(), reference.clone());
    clock.then(move || {
        let mut other_desk = other_desk.lock().expect("other desk");
        other_desk.withdraw(&other_coordinator, &other_reference, "Klager trok de klacht telefonisch in.").expect("withdrawn elsewhere");
    });
    let message = refused(desk.resolve_informally(&coordinator, &reference, "Klager is tevreden met de excuses."));
    assert!(message.contains("ingetrokken") && message.contains("gesloten"), "a clear refusal on the state as it is now: {message}");
    assert_eq!(status(&mut desk, &coordinator, &reference), Status::Ingetrokken, "the withdrawal stands");
    let kinds = timeline_kinds(&mut desk, &coordinator, &reference);
    assert!(!kinds.iter().any(|kind| kind == Step::ResolveInformally.dutch_label()), "nothing written on the stale state: {kinds:?}");
    let trail = desk.complaint_audit(&coordinator, &reference).expect("audit");
    assert!(
        trail.iter().any(|entry| entry.action == Step::ResolveInformally.dutch_label() && entry.result == "mislukt"),
        "the refused step is in the audit log: {trail:?}"
    );
}

fn a_step_by_a_handler_is_refused_when_the_complaint_was_reassigned_in_the_meantime(store: TestStore) {
    // rules AVG-05 (need-to-know, decided on the complaint as it is when written), SEC-02
    let TwoDesks { mut desk, other_desk, clock, coordinator, .. } = two_desks_on(&store, PASSWORD);
    let reference = desk.register_complaint(&coordinator, &letter("Henk Tweebalie")).expect("register").reference;
    let anna = anna();
    let (other_coordinator, other_reference) = (coordinator.clone(), reference.clone());
    clock.then(move || {
        let mut other_desk = other_desk.lock().expect("other desk");
        other_desk.reassign(&other_coordinator, &other_reference, "m-wo", "Karin Visser kent de klager").expect("reassigned elsewhere");
    });
    match desk.log_contact(&anna, &reference, &form("23-11-2026", "telefoon", "Klager gebeld.")) {
        Err(ServiceError::Forbidden { roles, .. }) => assert!(roles.contains(&reference), "{roles}"),
        other => panic!("expected a refusal: the complaint is no longer Anna's; got {other:?}"),
    }
    let detail = desk.complaint_detail(&coordinator, &reference).expect("detail");
    assert_eq!(detail.record.handler.id, "m-wo");
    assert_eq!(detail.status, Status::Ontvangen, "no contact written on a complaint that is no longer hers");
    assert!(detail.contacts.unwrap_or_default().is_empty());
    let trail = desk.complaint_audit(&coordinator, &reference).expect("audit");
    assert!(
        trail.iter().any(|entry| entry.actor == "anna" && entry.result == "geweigerd"),
        "the refusal is audited as every refused access is: {trail:?}"
    );
}

fn two_people_saving_the_same_complaint_get_one_save_and_one_conflict_naming_who_and_when(store: TestStore) {
    // Every change is based on the version the user saw; of two saves based on the
    // same version, at the same moment at two desks, exactly one lands and the other is
    // refused with who changed it and when. Nothing is silently overwritten.
    let TwoDesks { mut desk, other_desk, coordinator, .. } = two_desks_on(&store, PASSWORD);
    let reference = desk.register_complaint(&coordinator, &letter("Ria Tweebalie")).expect("register").reference;
    let seen = desk.complaint_detail(&coordinator, &reference).expect("detail").record.version;
    let barrier = std::sync::Barrier::new(2);
    let (here, there) = std::thread::scope(|scope| {
        let here = scope.spawn(|| {
            desk.expect_version(&reference, Some(seen));
            barrier.wait();
            desk.log_contact(&coordinator, &reference, &form("23-11-2026", "telefoon", "Gebeld vanaf bureau A."))
        });
        let there = scope.spawn(|| {
            let mut other_desk = other_desk.lock().expect("other desk");
            other_desk.expect_version(&reference, Some(seen));
            barrier.wait();
            other_desk.log_contact(&coordinator, &reference, &form("23-11-2026", "brief", "Gemaild vanaf bureau B."))
        });
        (here.join().expect("desk A"), there.join().expect("desk B"))
    });
    let conflicts: Vec<&ServiceError> = [&here, &there].into_iter().filter_map(|result| result.as_ref().err()).collect();
    assert_eq!(conflicts.len(), 1, "exactly one of the two saves is refused: {here:?} / {there:?}");
    match conflicts[0] {
        ServiceError::Conflict { reference: conflicted, at, by } => {
            assert_eq!((conflicted.as_str(), at.as_str(), by.as_str()), (reference.as_str(), "09:00", "Fatima el Amrani"));
            let message = conflicts[0].to_string();
            assert!(message.contains("is om 09:00 gewijzigd door Fatima el Amrani"), "{message}");
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    let detail = desk.complaint_detail(&coordinator, &reference).expect("detail");
    assert_eq!(detail.contacts.unwrap_or_default().len(), 1, "the refused save wrote nothing");
    assert_eq!(detail.record.version, seen + 1);
    // Based on the fresh version, the same save goes through.
    desk.expect_version(&reference, Some(detail.record.version));
    desk.log_contact(&coordinator, &reference, &form("23-11-2026", "brief", "Tweede contact.")).expect("a save on the fresh data");
}

fn a_correction_of_contact_data_keeps_the_old_value_only_in_the_sealed_history(store: TestStore) {
    // AVG-04 (art. 16): the audit log and the timeline name the corrected field, never a value;
    // the previous value is only in the correction history; search finds the new value.
    use klachtbalie_core::domain::contact_correction::ContactCorrection;
    let World { mut app, coordinator, .. } = world(&store);
    let reference = app.register_complaint(&coordinator, &letter("Ria Cliteur")).expect("register").reference;
    app.acknowledgement_letter(&coordinator, &reference).expect("a letter sent with the old address");
    let record = app.complaint_detail(&coordinator, &reference).expect("detail").record;
    let current = ContactCorrection::of(&record.complaint);
    // The intake's rules: a written complaint keeps an address; a postcode must be one.
    let wrong = ContactCorrection { postcode: "11 AB".into(), street_address: String::new(), ..current.clone() };
    assert_eq!(fields(app.correct_contact_data(&coordinator, &reference, &wrong)), ["street_address", "postcode"]);
    assert_eq!(fields(app.correct_contact_data(&coordinator, &reference, &current)), ["complainant_name"], "nothing changed");
    // A KCC employee may not correct; a handler of another department neither.
    let kcc = user("kcc", &[Role::KccMedewerker], None);
    assert!(matches!(app.correct_contact_data(&kcc, &reference, &current), Err(ServiceError::Forbidden { .. })));
    let old_street = record.complaint.street_address.clone();
    let corrected = ContactCorrection { street_address: "Kornoeljestraat 99".into(), email: " ria.nieuw@example.nl ".into(), ..current };
    let after = app.correct_contact_data(&coordinator, &reference, &corrected).expect("corrected");
    assert_eq!((after.complaint.street_address.as_str(), after.complaint.email.as_str()), ("Kornoeljestraat 99", "ria.nieuw@example.nl"));
    assert!(after.version > record.version, "a correction is a change of the complaint");

    let history = app.correction_history(&coordinator, &reference).expect("history");
    let corrected_fields: Vec<(&str, &str)> =
        history.iter().map(|(_, _, field, old)| (field.as_str(), old.as_str())).filter(|(field, _)| !field.is_empty()).collect();
    assert_eq!(corrected_fields, [("street_address", old_street.as_str()), ("email", "")]);
    assert!(history.iter().all(|(_, by, _, _)| by == "coord"));
    let (entries, _) = app.audit_log(&coordinator, &klachtbalie_core::store::AuditFilter::default()).expect("log");
    let correction = entries.iter().find(|entry| entry.action == "gegevens corrigeren").expect("audited");
    assert_eq!(correction.object, format!("{reference} (straat en huisnummer, e-mailadres)"));
    let log = entries.iter().map(|entry| format!("{} {}", entry.action, entry.object)).collect::<Vec<_>>().join("\n");
    for value in [old_street.as_str(), "Kornoeljestraat", "ria.nieuw"] {
        assert!(!log.contains(value), "{value} in the audit log");
    }
    let detail = app.complaint_detail(&coordinator, &reference).expect("detail");
    assert!(detail
        .timeline
        .iter()
        .any(|(_, _, kind, text)| kind == "gegevens gecorrigeerd" && text == "gecorrigeerd: straat en huisnummer, e-mailadres"));
    assert!(!detail.timeline.iter().any(|(_, _, _, text)| text.contains("Kornoeljestraat")));
    // Search follows the correction.
    let search = |app: &mut Klachtbalie, words: &str| {
        let filter = klachtbalie_core::service::WorklistFilter { search: words.into(), ..Default::default() };
        app.filtered_worklist(&coordinator, WorklistScope::All, &filter).expect("search").len()
    };
    assert_eq!(search(&mut app, "Kornoeljestraat"), 1);
    assert_eq!(search(&mut app, old_street.split(' ').next().unwrap_or_default()), 0, "the old street is no longer found");
    // The letter sent before stays as it was sent.
    let letters = app.complaint_letters(&coordinator, &reference).expect("letters");
    let (_, pdf) = app.stored_letter(&coordinator, letters[0].id).expect("pdf");
    assert!(support::pdf_text(&pdf).contains(&old_street), "the acknowledgement keeps the address it was sent to");
}

fn recipients_are_recorded_so_a_correction_can_be_passed_on(store: TestStore) {
    // AVG-06 (art. 19): the file lists to whom data went; the audit log names no recipient; the
    // KCC does not see the list; the recipients go when the complaint is destroyed (AVG-02).
    use klachtbalie_core::domain::recipient::RecipientForm;
    let World { mut app, coordinator, .. } = world(&store);
    let reference = app.register_complaint(&coordinator, &letter("Ria Cliteur")).expect("register").reference;
    let empty = RecipientForm { kind: "ergens".into(), sent_on: "2026-11-24".into(), ..Default::default() };
    assert_eq!(fields(app.record_recipient(&coordinator, &reference, &empty)), ["kind", "recipient", "what", "sent_on"]);
    let ombudsman = RecipientForm {
        kind: "ombudsman".into(),
        recipient: "Ombudsman Metropool Amsterdam".into(),
        what: "het klachtdossier met de beslissing".into(),
        sent_on: "23-11-2026".into(),
    };
    app.record_recipient(&coordinator, &reference, &ombudsman).expect("recorded");
    let detail = app.complaint_detail(&coordinator, &reference).expect("detail");
    let recipients = detail.recipients.expect("the coördinator sees them");
    assert_eq!((recipients[0].kind.code(), recipients[0].recipient.as_str()), ("ombudsman", "Ombudsman Metropool Amsterdam"));
    assert!(detail.timeline.iter().any(|(_, _, kind, text)| kind == "gegevens verstrekt" && text.contains("Metropool")));
    let kcc = user("kcc", &[Role::KccMedewerker], None);
    assert!(app.complaint_detail(&kcc, &reference).expect("kcc").recipients.is_none(), "not for the KCC");
    assert!(matches!(app.record_recipient(&kcc, &reference, &ombudsman), Err(ServiceError::Forbidden { .. })));
    let (entries, _) = app.audit_log(&coordinator, &klachtbalie_core::store::AuditFilter::default()).expect("log");
    let recorded = entries.iter().find(|entry| entry.action == "ontvanger vastleggen").expect("audited");
    assert_eq!(recorded.object, format!("{reference} (ombudsman)"), "no recipient's name in the audit log");
}

fn an_access_request_finds_the_person_and_answers_with_their_data_only(store: TestStore) {
    // AVG-03 (art. 15): a registered request (who asked, the identity check, the date) has a
    // one-month term on the worklist's light, extendable once with a reason within that month;
    // the search finds exact and similar matches on the complainant's own data (not on an
    // official's name); the answer holds the person's data, the letters sent to them and the
    // art. 15 information, and no one else's name (an official named in their own words is
    // blacked out); it is stored as sent and closes the request.
    let World { clock, mut app, coordinator } = world(&store);
    let own_words = ComplaintForm { description: "Jan Smit aan de balie was onvriendelijk tegen mij.".into(), ..letter("Ria Cliteur") };
    let first = app.register_complaint(&coordinator, &own_words).expect("register").reference;
    let second = app.register_complaint(&coordinator, &letter("Ria Cliteur")).expect("register").reference;
    let other = ComplaintForm {
        complainant_name: "Jan Jansen".into(),
        street_address: "Velddreef 2".into(),
        complaint_type: "dienstverlening".into(),
        respondent_ids: Vec::new(),
        department_id: "bz".into(),
        ..letter("x")
    };
    app.register_complaint(&coordinator, &other).expect("register");
    app.acknowledgement_letter(&coordinator, &first).expect("a letter to her");

    let kcc = user("kcc", &[Role::KccMedewerker], None);
    let request_form = AccessRequestForm {
        requester: "R. Cliteur".into(),
        address: "Arent Krijtsstraat 1\n1111 AB Diemen".into(),
        identity_check: "legitimatie_balie".into(),
        identity_note: "rijbewijs gezien".into(),
        received_on: "23-11-2026".into(),
    };
    assert!(matches!(app.register_access_request(&kcc, &request_form), Err(ServiceError::Forbidden { .. })));
    let wrong = AccessRequestForm { identity_check: String::new(), received_on: "24-11-2026".into(), ..request_form.clone() };
    assert_eq!(fields(app.register_access_request(&coordinator, &wrong)), ["identity_check", "received_on"]);
    let item = app.register_access_request(&coordinator, &request_form).expect("register the request");
    let number = item.request.number.clone();
    assert_eq!((number.as_str(), item.request.due_on, item.light), ("IV-2026-0001", date("2026-12-23"), Some(DeadlineStatus::OnTrack)));

    // The light turns as the term comes near and passes, like a complaint's deadline.
    clock.set(at("2026-12-22T09:00"));
    assert_eq!(app.access_requests(&coordinator, true).expect("list")[0].light, Some(DeadlineStatus::DueSoon));
    assert!(matches!(app.extend_access_request(&coordinator, &number, " "), Err(ServiceError::Validation(_))), "a reason is required");
    let extended = app.extend_access_request(&coordinator, &number, "Veel klachten door te nemen.").expect("extend in the first month");
    assert_eq!((extended.request.due_on, extended.light), (date("2027-02-23"), Some(DeadlineStatus::OnTrack)));
    assert_eq!(extended.request.extension_reason.as_deref(), Some("Veel klachten door te nemen."));
    match app.extend_access_request(&coordinator, &number, "Nog eens.") {
        Err(ServiceError::Refused(message)) => assert!(message.contains("één keer"), "{message}"),
        other => panic!("a second extension: {other:?}"),
    }

    let found = app.find_person(&coordinator, "Ria Cliteur").expect("find");
    let mut references: Vec<&str> = found.iter().map(|m| m.reference.as_str()).collect();
    references.sort_unstable();
    assert_eq!(references, [first.as_str(), second.as_str()]);
    assert!(found.iter().all(|m| m.exact && m.matched_on.contains(&"naam")), "{found:?}");
    let similar = app.find_person(&coordinator, "cliteur").expect("find");
    assert!(similar.len() == 2 && similar.iter().all(|m| !m.exact), "{similar:?}");
    assert_eq!(app.find_person(&coordinator, "Arent Krijtsstraat").expect("by address").len(), 2);
    assert!(app.find_person(&coordinator, "Smit").expect("the official").is_empty(), "an official's name is not the person's data");
    assert!(matches!(app.find_person(&kcc, "Cliteur"), Err(ServiceError::Forbidden { .. })));

    let chosen = [first.clone(), second.clone()];
    let preview = app.preview_access_answer(&coordinator, &number, &chosen).expect("preview");
    assert!(app.access_request(&coordinator, &number).expect("still open").request.answered_on.is_none(), "a preview does not answer");
    let pdf = app.answer_access_request(&coordinator, &number, &chosen).expect("answer");
    assert_eq!(support::pdf_text(&preview), support::pdf_text(&pdf), "the preview is what is sent");
    let text = support::pdf_text(&pdf);
    for expected in [
        "Inzage in uw persoonsgegevens",
        "R. Cliteur",
        "1111 AB Diemen",
        "IV-2026-0001",
        "Ria Cliteur",
        "Arent Krijtsstraat",
        first.as_str(),
        second.as_str(),
        "[naam medewerker] aan de balie",
        "Ontvangstbevestiging (23 november 2026)",
        "Autoriteit Persoonsgegevens",
        "bezwaar",
        "Selectielijst",
        "Waar de gegevens vandaan komen",
    ] {
        assert!(text.contains(expected), "the answer lacks {expected:?}:\n{text}");
    }
    for other_person in ["Jan Jansen", "Velddreef", "Jan Smit", "Smit", "Anna de Boer"] {
        assert!(!text.contains(other_person), "{other_person} in the answer to Ria Cliteur");
    }

    // Stored as sent and closed; answered once.
    let closed = app.access_request(&coordinator, &number).expect("closed");
    assert_eq!((closed.request.answered_on, closed.light), (Some(date("2026-12-22")), None));
    assert_eq!(closed.request.answer_references, chosen);
    assert_eq!(app.access_answer(&coordinator, &number).expect("the stored answer"), pdf);
    assert!(matches!(app.answer_access_request(&coordinator, &number, &chosen), Err(ServiceError::Refused(_))));
    assert!(matches!(app.extend_access_request(&coordinator, &number, "Te laat."), Err(ServiceError::Refused(_))));

    let (entries, _) = app.audit_log(&coordinator, &klachtbalie_core::store::AuditFilter::default()).expect("log");
    for (action, object) in [
        ("inzageverzoek registreren", "IV-2026-0001"),
        ("inzageverzoek verlengen", "IV-2026-0001"),
        ("inzageverzoek beantwoorden", "IV-2026-0001 (2 klachten)"),
    ] {
        assert!(entries.iter().any(|entry| entry.action == action && entry.object == object), "{action} {object} not audited");
    }
    assert!(
        !entries.iter().any(|entry| entry.object.contains("Cliteur") || entry.object.contains("rijbewijs")),
        "no name in the audit log"
    );
}

fn an_access_request_can_only_be_extended_within_its_first_month(store: TestStore) {
    // AVG-03, AVG art. 12 lid 3: the person must be told of the extension within the first
    // month; after it, the term cannot be extended and the light shows "te laat". An answer
    // that found nothing is an answer too.
    let World { clock, mut app, coordinator } = world(&store);
    let form = AccessRequestForm {
        requester: "P. Onbekend".into(),
        identity_check: "digid".into(),
        received_on: "2026-11-23".into(),
        ..AccessRequestForm::default()
    };
    let number = app.register_access_request(&coordinator, &form).expect("register").request.number;
    clock.set(at("2026-12-24T09:00"));
    let late = app.access_request(&coordinator, &number).expect("read");
    assert_eq!(late.light, Some(DeadlineStatus::Overdue));
    assert!(late.extension_problem.as_deref().is_some_and(|problem| problem.contains("23 december 2026")), "{late:?}");
    assert!(matches!(app.extend_access_request(&coordinator, &number, "Te laat bedacht."), Err(ServiceError::Refused(_))));
    let pdf = app.answer_access_request(&coordinator, &number, &[]).expect("nothing found is an answer");
    assert!(support::pdf_text(&pdf).contains("geen persoonsgegevens van u gevonden"));
    assert!(app.access_requests(&coordinator, false).expect("list").iter().all(|item| item.light.is_none()), "nothing left open");
    assert!(app.access_requests(&coordinator, true).expect("open list").is_empty(), "the worklist asks for open requests only");
}

fn possible_duplicates_are_shown_while_typing(store: TestStore) {
    // INT-04: the same complainant (name, phone, e-mail, postcode with house number) with a
    // complaint in the last 30 days, most similar subject first; not an older one, not another
    // person at the same street; only for those who register complaints; audited without what
    // was typed.
    let World { mut app, coordinator, .. } = world(&store);
    let older = ComplaintForm { received_on: "2026-10-10".into(), conduct_date: "2026-10-09".into(), ..letter("Ria Cliteur") };
    let old_reference = app.register_complaint(&coordinator, &older).expect("register").reference;
    let about_the_bin =
        ComplaintForm { description: "De vuilnisbak is niet geleegd in de Arent Krijtsstraat.".into(), ..letter("Ria Cliteur") };
    let bin = app.register_complaint(&coordinator, &about_the_bin).expect("register").reference;
    let rude = app.register_complaint(&coordinator, &letter("Ria Cliteur")).expect("register").reference;
    let neighbour = ComplaintForm { street_address: "Arent Krijtsstraat 3".into(), phone: "020 1234567".into(), ..letter("Piet Buur") };
    app.register_complaint(&coordinator, &neighbour).expect("register");

    let kcc = user("kcc", &[Role::KccMedewerker], None);
    let typed = ComplaintForm {
        complainant_name: "ria CLITEUR".into(),
        description: "Alweer is de vuilnisbak niet geleegd".into(),
        ..ComplaintForm::default()
    };
    let found = app.possible_duplicates(&kcc, &typed).expect("check");
    let references: Vec<&str> = found.iter().map(|d| d.reference.as_str()).collect();
    assert_eq!(references, [bin.as_str(), rude.as_str()], "the most similar subject first, nothing older than 30 days: {found:?}");
    assert_eq!(found[0].shared, ["naam"]);
    assert!(!references.contains(&old_reference.as_str()));

    let by_phone = ComplaintForm { phone: "+31 6 1234 5678".into(), ..ComplaintForm::default() };
    assert_eq!(app.possible_duplicates(&kcc, &by_phone).expect("phone").len(), 2, "the same number in another form");
    let by_address = ComplaintForm { postcode: "1111ab".into(), street_address: "Arent Krijtsstraat 1".into(), ..ComplaintForm::default() };
    let at_home = app.possible_duplicates(&kcc, &by_address).expect("address");
    assert!(
        at_home.len() == 2 && at_home.iter().all(|d| d.shared == ["postcode en huisnummer"]),
        "not the neighbour at number 3: {at_home:?}"
    );
    let by_mail = ComplaintForm { email: "r.cliteur@example.nl".into(), ..letter("R. C.") };
    let mailed = app.register_complaint(&coordinator, &by_mail).expect("register").reference;
    let same_address = ComplaintForm { email: "R.Cliteur@Example.nl".into(), ..ComplaintForm::default() };
    let found = app.possible_duplicates(&kcc, &same_address).expect("e-mail");
    assert!(found.iter().any(|d| d.reference == mailed && d.shared.contains(&"e-mail")), "the same address in capitals: {found:?}");
    let swapped = ComplaintForm { email: "cliteur.r@example.nl".into(), ..ComplaintForm::default() };
    assert!(!app.possible_duplicates(&kcc, &swapped).expect("e-mail").iter().any(|d| d.reference == mailed), "another address");
    let no_words = ComplaintForm { email: "-@-".into(), ..ComplaintForm::default() };
    assert!(app.possible_duplicates(&kcc, &no_words).expect("no error for an address without words").is_empty());
    let too_little = ComplaintForm { complainant_name: "Ria".into(), phone: "0612".into(), ..ComplaintForm::default() };
    assert!(app.possible_duplicates(&kcc, &too_little).expect("check").is_empty(), "a first name alone is not enough to look");
    assert!(matches!(app.possible_duplicates(&anna(), &typed), Err(ServiceError::Forbidden { .. })), "handlers do not register");

    let (entries, _) = app.audit_log(&coordinator, &klachtbalie_core::store::AuditFilter::default()).expect("log");
    let shown = entries.iter().find(|entry| entry.action == "mogelijke dubbele klachten tonen").expect("audited");
    assert!(!shown.object.contains("Cliteur") && shown.object.contains(&bin), "{}", shown.object);
}

fn a_closed_complaint_is_found_by_name_and_by_reference(store: TestStore) {
    // Issue 28: a closed complaint could not be found from the worklist (it searches open
    // complaints); the search over all complaints finds it, newest first, paged, and a handler
    // only their own.
    let World { mut app, coordinator, .. } = world(&store);
    let closed = app.register_complaint(&coordinator, &letter("Ria Gesloten")).expect("register").reference;
    app.withdraw(&anna(), &closed, "Klager trekt de klacht in.").expect("withdrawn");
    let other = ComplaintForm { respondent_ids: vec!["e2".into()], ..letter("Ria Elders") };
    let elsewhere = app.register_complaint(&coordinator, &other).expect("register").reference;
    let on_worklist = WorklistFilter { search: "Gesloten".into(), ..WorklistFilter::default() };
    assert!(app.filtered_worklist(&coordinator, WorklistScope::All, &on_worklist).expect("worklist").is_empty(), "not open");

    let found = app.find_complaints(&coordinator, "Gesloten", 0, 20).expect("search");
    assert_eq!(found.items.iter().map(|item| item.reference.as_str()).collect::<Vec<_>>(), [closed.as_str()]);
    assert!(found.items[0].status.is_closed() && found.items[0].complainant_name == "Ria Gesloten", "{found:?}");
    let by_reference = app.find_complaints(&coordinator, &format!(" {} ", closed.to_lowercase()), 0, 20).expect("search");
    assert_eq!(by_reference.items.len(), 1, "the reference is an exact hit: {by_reference:?}");
    let both = app.find_complaints(&coordinator, "Ria", 0, 1).expect("page 1");
    assert_eq!((both.total, both.items.len(), both.items[0].reference.as_str()), (2, 1, elsewhere.as_str()), "newest first, paged");
    let mine = app.find_complaints(&anna(), "Ria", 0, 20).expect("anna");
    assert_eq!(mine.items.iter().map(|item| item.reference.as_str()).collect::<Vec<_>>(), [closed.as_str()], "a handler finds her own");
    assert!(app.find_complaints(&anna(), &elsewhere, 0, 20).expect("anna").items.is_empty(), "not another handler's");
}

on_both_stores!(
    two_people_saving_the_same_complaint_get_one_save_and_one_conflict_naming_who_and_when,
    informal_first_then_formal_with_hearing_postponement_and_approval,
    a_returned_draft_goes_back_and_skipping_the_hearing_needs_a_legal_reason,
    side_exits_reopening_and_changes_of_term,
    the_worklist_filters_and_searches,
    reminders_notify_once_per_level_and_export_as_icalendar,
    a_step_decides_on_the_complaint_as_it_is_when_written_not_as_it_was_first_read,
    a_step_by_a_handler_is_refused_when_the_complaint_was_reassigned_in_the_meantime,
    a_correction_of_contact_data_keeps_the_old_value_only_in_the_sealed_history,
    recipients_are_recorded_so_a_correction_can_be_passed_on,
    an_access_request_finds_the_person_and_answers_with_their_data_only,
    an_access_request_can_only_be_extended_within_its_first_month,
    possible_duplicates_are_shown_while_typing,
    a_closed_complaint_is_found_by_name_and_by_reference,
);
