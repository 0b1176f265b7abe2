//! How a complaint starts and how its terms change, on the server (SEC-07, DL-05, DL-06, Awb
//! 9:7, 9:11 and 9:14; schema 17): with a person's own login and a plain PostgreSQL client, a
//! registration starts where the procedure starts, only a Beheerder imports (each complaint open
//! or closed with its date, and checked as every complaint afterwards), and the terms change
//! only as the steps change them. Each refusal changes nothing; the app's own steps land.

use crate::people::{person, refused, sign_in};
use crate::shared_store::{set_up, shared};
use klachtbalie_core::roles::Role;

/// An INSERT of a complaint with a plain client: a registration's columns as the intake writes
/// them (cells sealed as nothing, which the server cannot tell), with `changes` over them.
fn new_complaint(changes: &[(&str, &str)]) -> String {
    let mut columns: std::collections::BTreeMap<&str, String> = [
        ("id", "999999"),
        ("reference", "'KL-2026-9999'"),
        ("received_on", "'2026-11-23'"),
        ("channel", "'brief'"),
        ("complaint_type", "'dienstverlening'"),
        ("department_id", "'bz'"),
        ("department_name", "'Burgerzaken'"),
        ("respondent_ids", "''"),
        ("handler_id", "'m-bz'"),
        ("handler_function", "'afdelingsmanager'"),
        ("status", "'ontvangen'"),
        ("created_at", "'2026-11-23T09:00:00'"),
        ("created_by", "session_user"),
    ]
    .into_iter()
    .map(|(column, value)| (column, value.to_string()))
    .collect();
    for cell in [
        "complainant_name",
        "street_address",
        "postcode",
        "city",
        "phone",
        "email",
        "representative",
        "respondent_names",
        "description",
        "desired_outcome",
        "handler_name",
        "handler_reason",
        "closing_detail",
    ] {
        columns.insert(cell, "'\\x00'".into());
    }
    for (column, value) in changes {
        columns.insert(column, (*value).to_string());
    }
    let names: Vec<&str> = columns.keys().copied().collect();
    let values: Vec<&str> = columns.values().map(String::as_str).collect();
    format!("INSERT INTO complaints ({}) VALUES ({})", names.join(", "), values.join(", "))
}

#[test]
fn a_new_complaint_starts_where_the_procedure_starts_and_an_import_where_it_ended() {
    // SEC-07 (schema 17): the server checked only who registers a complaint, so a KCC login
    // could INSERT one already closed, kept for ever, destroyed, off the worklist or posing as
    // an import. A registration now starts as the intake makes it; only a Beheerder imports,
    // and an import's complaint is open at 'ontvangen' or closed with its date, and from then on
    // checked as every complaint (schema 16 let the Beheerder work on it for ever).
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let (_, kees) = person(database, &mut app, &beheer, "kees", &[Role::KccMedewerker], "");
    let (_, anna) = person(database, &mut app, &beheer, "anna", &[Role::Klachtbehandelaar], "m-bz");
    let (_, bea) = person(database, &mut app, &beheer, "bea", &[Role::Beheerder], "");
    let count = || -> i64 {
        let mut owner = database.owner.connect().expect("owner");
        owner.query_one("SELECT count(*) FROM complaints", &[]).expect("count").get(0)
    };
    let before = count();
    let new = "begint als ontvangen en open: nog niet formeel, niet gehoord, zonder oordeel, ombudsman of eerder kenmerk";
    let untreated =
        "nog geen afschrift aan de betrokkene, reden om niet te horen, vergoeding, lopende ombudszaak, blijvende bewaring of vernietiging";
    for (changes, expected) in [
        (&[("status", "'afgehandeld'"), ("closed_on", "'2026-11-23'")][..], new),
        (&[("judgement", "'ongegrond'")], new),
        (&[("was_formal", "true")], new),
        (&[("hearing_held", "true")], new),
        (&[("ombudsman", "true")], new),
        (&[("previous_reference", "'OUD-1'")], new),
        (&[("postponement_weeks", "4")], "nog geen gewijzigde termijn"),
        (&[("postponed_on", "'2026-11-23'")], "nog geen gewijzigde termijn"),
        (&[("agreed_end", "'2027-12-31'")], "nog geen gewijzigde termijn"),
        (&[("keep_permanently", "true")], untreated),
        (&[("destroyed_at", "'2026-11-23T09:00:00'")], untreated),
        (&[("copy_to_respondent_on", "'2026-11-23'")], untreated),
        (&[("hearing_skip_reason", "'\\x00'")], untreated),
        (&[("on_worklist", "0")], "staat op de werkvoorraad tot de app haar plaats berekent"),
        (&[("created_by", "'anna'")], "u registreert een klacht in uw eigen naam (kees_"),
        (&[("respondent_ids", "'m-bz'")], "behandelt de klacht niet (Awb 9:7)"),
        (&[("origin", "'import'"), ("status", "'afgehandeld'"), ("closed_on", "'2026-11-23'")], "Alleen een Beheerder importeert"),
        (&[("origin", "'handwerk'")], "niet uit \"handwerk\""),
    ] {
        let attack = new_complaint(changes);
        let message = refused(&kees, &attack);
        assert!(message.contains(expected), "the KCC: {attack}: {message}");
    }
    let message = refused(&anna, &new_complaint(&[]));
    assert!(message.contains("Een klacht registreren de KCC-medewerker en de klachtcoördinator"), "the handler: {message}");
    let imported = "is open (ontvangen, nog niet formeel en zonder oordeel) of gesloten met haar sluitingsdatum";
    for (changes, expected) in [
        (&[][..], "een Beheerder importeert alleen klachten uit een vorig systeem"),
        (&[("origin", "'import'"), ("status", "'formeel'")], imported),
        (&[("origin", "'import'"), ("status", "'afgehandeld'")], imported),
        (&[("origin", "'seed'"), ("closed_on", "'2026-11-23'")], imported),
        (&[("origin", "'import'"), ("judgement", "'gegrond'")], imported),
        (&[("origin", "'import'"), ("postponement_weeks", "4"), ("postponed_on", "'2026-11-23'")], "brengt geen datum van verdagen"),
        (&[("origin", "'import'"), ("keep_permanently", "true")], untreated),
        (&[("origin", "'import'"), ("destroyed_at", "'2026-11-23T09:00:00'")], untreated),
    ] {
        let attack = new_complaint(changes);
        let message = refused(&bea, &attack);
        assert!(message.contains(expected), "the Beheerder: {attack}: {message}");
    }
    assert_eq!(count(), before, "every refusal added nothing");

    // The app's own registration and import pass: the KCC registers, the Beheerder imports one
    // closed and one open complaint of an earlier system with their history.
    let (mut kees_desk, kees_actor) = sign_in(&kees, &store.keys);
    kees_desk.register_complaint(&kees_actor, &crate::shared_store::form("Els Burgerzaken")).expect("the KCC registers");
    let (mut bea_desk, bea_actor) = sign_in(&bea, &store.keys);
    let record = |previous: &str, outcome: Option<&str>, closed_on: Option<&str>| {
        serde_json::json!({
            "previous_reference": previous, "received_on": "2026-03-02", "channel": "brief",
            "complainant_name": "Oude Klager", "street_address": "Oudestraat 1", "postcode": "1111 AB", "city": "Diemen",
            "phone": null, "email": null, "complaint_type": "dienstverlening", "department_id": "bz", "respondent_ids": [],
            "conduct_date": "2026-02-27", "description": "Een oude klacht.", "outcome": outcome, "closed_on": closed_on,
            "advisory_committee": false, "postponed_weeks": if outcome.is_some() { 4 } else { 0 }, "consent_until": null,
            "hearing_held": outcome.is_some(), "ombudsman": false,
        })
    };
    let file = serde_json::json!({ "complaints": [record("OUD/1", Some("gegrond"), Some("2026-05-11")), record("OUD/2", None, None)] });
    let imported = bea_desk.import_complaints(&bea_actor, &file.to_string()).expect("the Beheerder imports");
    let state = |reference: &str| -> String {
        let mut owner = database.owner.connect().expect("owner");
        let sql = "SELECT concat_ws('|', origin, status, was_formal, closed_on, postponement_weeks, hearing_held, on_worklist)
                     FROM complaints WHERE reference = $1";
        owner.query_one(sql, &[&reference]).expect("the complaint").get(0)
    };
    assert_eq!(state(&imported[0]), "import|afgehandeld|t|2026-05-11|4|t|0", "the history, written with the complaint");
    assert_eq!(state(&imported[1]), "import|ontvangen|f|f|1");
    // From then on the Beheerder who imported it does not work on it; its handler does.
    let open = &imported[1];
    for change in ["status = 'in_behandeling'", "agreed_end = '2027-12-31'"] {
        let attack = format!("UPDATE complaints SET {change} WHERE reference = '{open}'");
        let message = refused(&bea, &attack);
        assert!(message.contains("aan de behandeling werken alleen de behandelaar"), "the Beheerder: {attack}: {message}");
    }
    let message = refused(&bea, &format!("UPDATE complaints SET status = 'formeel', closed_on = NULL WHERE reference = '{}'", imported[0]));
    assert!(message.contains("aan de behandeling werken alleen de behandelaar"), "the Beheerder reopens: {message}");
    assert_eq!(state(open), "import|ontvangen|f|f|1", "nothing changed");
    let (mut anna_desk, anna_actor) = sign_in(&anna, &store.keys);
    anna_desk.continue_formally(&anna_actor, open, "Klager wil een formele behandeling.").expect("its handler works on it");
    assert_eq!(state(open), "import|formeel|t|f|1");
}

#[test]
fn a_complaint_s_terms_change_only_as_the_awb_allows() {
    // DL-05, DL-06 and Awb 9:14 on the server (schema 17): a handler with a plain client could
    // postpone their own complaint a second time or for longer, take it back from the advisory
    // committee, or move the agreed end date without consent or back. Each is refused and
    // changes nothing; the app's steps and a psql change the app would make land.
    let (store, mut app, beheer) = set_up();
    let database = shared(&store);
    let reference = app.register_complaint(&beheer, &crate::shared_store::form("Els Burgerzaken")).expect("to m-bz").reference;
    let (_, anna) = person(database, &mut app, &beheer, "anna", &[Role::Klachtbehandelaar], "m-bz");
    let terms = || -> String {
        let mut owner = database.owner.connect().expect("owner");
        let sql = "SELECT concat_ws('|', postponement_weeks, postponed_on, advisory_committee, agreed_end, consent_on)
                     FROM complaints WHERE reference = $1";
        owner.query_one(sql, &[&reference]).expect("the terms").get(0)
    };
    let attack = |change: &str, expected: &str| {
        let before = terms();
        let message = refused(&anna, &format!("UPDATE complaints SET {change} WHERE reference = '{reference}'"));
        assert!(message.contains(expected), "{change}: {message}");
        assert_eq!(terms(), before, "{change} changed nothing");
    };
    let once = "een klacht wordt één keer verdaagd, met 1 tot en met 4 weken; de datum van verdagen wordt vastgelegd en verandert niet";
    attack("postponement_weeks = 6, postponed_on = '2026-11-23'", once);
    attack("postponement_weeks = 2", once);
    let (mut anna_desk, anna_actor) = sign_in(&anna, &store.keys);
    anna_desk.continue_formally(&anna_actor, &reference, "Klager wil een formele behandeling.").expect("her step");
    anna_desk.postpone(&anna_actor, &reference, "4").expect("the one postponement");
    attack("postponement_weeks = 3", once);
    attack("postponement_weeks = NULL, postponed_on = NULL", once);
    attack("postponed_on = '2026-12-24'", once);
    anna_desk.refer_to_advisory_committee(&anna_actor, &reference).expect("the advisory committee");
    attack("advisory_committee = false", "blijft bij haar (Awb 9:14)");
    let later = "een afgesproken einddatum vraagt de schriftelijke instemming van de klager en ligt na de vorige";
    attack("agreed_end = '2027-12-31'", later);
    let mut client = anna.connect().expect("connect");
    let agreed = client
        .execute("UPDATE complaints SET agreed_end = '2027-06-30', consent_on = '2026-11-23' WHERE reference = $1", &[&reference])
        .expect("an agreed end with consent, as the app records it");
    assert_eq!(agreed, 1);
    attack("agreed_end = '2027-03-31'", later);
    attack("agreed_end = NULL", later);
    attack("consent_on = '2026-11-30'", later);
    assert!(terms().starts_with("4|2026-11-23|t|2027-06-30|2026-11-23"), "{}", terms());
}
