//! Integration tests of the letters (section 6, LT-01, LT-02, PR-07, PR-08), each run on both
//! stores (a temporary SQLCipher database and a fresh database on the test PostgreSQL server):
//! templates with placeholders and versions, the mandatory content checked on the rendered
//! text, four-eyes approval of the decision and non-handling letters, corrections as new
//! versions, sending, closing tasks, two desks deciding on one letter at the same moment, and
//! the PDFs themselves (pdftotext, pdfinfo, the PDF/A-2b structure).

use crate::support;

use klachtbalie_core::clock::FixedClock;
use klachtbalie_core::domain::complaint::ComplaintForm;
use klachtbalie_core::domain::procedure::{Status, TaskKind};
use klachtbalie_core::letters::{LetterKind, Recipient, Template};
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::{Actor, DecisionForm, Finalised, Klachtbalie, ServiceError, SessionUser, StepForm};
use sha2::{Digest, Sha256};
use std::sync::Arc;
use support::{at, pdf_pages, pdf_text, two_desks_on, TestStore, TwoDesks};

const PASSWORD: &str = "een lang wachtwoord";
const ORG_CHART: &str = include_str!("../fixtures/organogram-voorbeeld.json");

struct World {
    clock: Arc<FixedClock>,
    app: Klachtbalie,
    coordinator: Actor,
    admin: Actor,
}

/// The example chart on `store` (the test keeps it until the end), set up by "coord"
/// (Beheerder and Klachtcoördinator).
fn world(store: &TestStore) -> World {
    let clock = Arc::new(FixedClock::new(at("2026-11-23T09:00")));
    let form = support::setup_form("coord", PASSWORD);
    let mut app = store.set_up(clock.clone(), &form).expect("set up");
    let coordinator = Actor::User(app.login("coord", PASSWORD).expect("login"));
    app.import_org_chart(&coordinator, ORG_CHART).expect("chart");
    let admin = user("beheer", &[Role::Beheerder], None);
    World { clock, app, coordinator, admin }
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

fn complaint(name: &str) -> ComplaintForm {
    ComplaintForm {
        received_on: "2026-11-23".into(),
        channel: "brief".into(),
        complainant_name: name.into(),
        street_address: "Arent Krijtsstraat 1".into(),
        postcode: "1111 AB".into(),
        city: "Diemen".into(),
        complaint_type: "bejegening".into(),
        respondent_ids: vec!["e1".into()],
        conduct_date: "2026-11-18".into(),
        description: "De medewerker aan de balie was onvriendelijk over de € 75 leges.".into(),
        ..Default::default()
    }
}

fn decision() -> DecisionForm {
    DecisionForm {
        findings: "De medewerker sprak de klager toe op een onvriendelijke toon; dat blijkt uit beide verklaringen.".into(),
        judgement: "gegrond".into(),
        conclusions: "Wij bieden excuses aan en hebben een gesprek met de medewerker gevoerd.".into(),
        reasons: String::new(),
    }
}

/// A complaint on the formal path with the hearing skipped (waived): ready for a decision.
fn ready_for_decision(app: &mut Klachtbalie, coordinator: &Actor, name: &str) -> String {
    let reference = app.register_complaint(coordinator, &complaint(name)).expect("register").reference;
    app.continue_formally(&anna(), &reference, "formeel").expect("formal");
    app.skip_hearing(&anna(), &reference, "afgezien").expect("waived");
    reference
}

fn incomplete(result: Result<impl std::fmt::Debug, ServiceError>) -> Vec<String> {
    match result {
        Err(ServiceError::IncompleteLetter { missing, .. }) => missing,
        other => panic!("expected an incomplete letter, got {other:?}"),
    }
}

/// The letter's text with every run of whitespace as one space: pdftotext keeps the line
/// breaks and the layout's spacing, the checks look at words.
fn text_of(pdf: &[u8]) -> String {
    pdf_text(pdf).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn the_coordinator_drafts_the_decision_and_only_the_handler_makes_it_final(store: TestStore) {
    // rules PR-07, PR-08, LT-01, section 6 (stored with its hash, never changed; printing reuses it)
    let World { mut app, coordinator, clock, .. } = world(&store);
    let reference = ready_for_decision(&mut app, &coordinator, "Ria Cliteur-Ĳzerman");
    app.draft_decision(&coordinator, &reference, &decision()).expect("draft");

    // The draft waits in Anna's queue only: not the coördinator's, not another handler's.
    let queue = app.approval_queue(&anna()).expect("queue");
    assert_eq!(queue.len(), 1);
    assert_eq!((queue[0].kind.code(), queue[0].reference.as_str()), ("beslissing", reference.as_str()));
    assert!(matches!(app.approval_queue(&coordinator), Err(ServiceError::Forbidden { .. })));
    assert!(app.approval_queue(&user("piet", &[Role::Klachtbehandelaar], Some("m-ro"))).expect("queue").is_empty());
    // Nothing is final yet.
    assert!(app.complaint_letters(&coordinator, &reference).expect("letters").is_empty());

    // What Anna reads in the preview.
    let draft = app.letter_draft(&anna(), queue[0].id).expect("draft");
    let text = text_of(&draft.pdf);
    for needed in [
        "onvriendelijke toon",
        "gegrond",
        "excuses aan",
        "Ombudsman Metropool",
        "binnen een jaar",
        "Ria Cliteur-Ĳzerman",
        "Anna de Boer",
        "€ 75",
    ] {
        assert!(text.contains(needed), "decision letter lacks {needed:?}:\n{text}");
    }
    assert!(!text.to_lowercase().contains("bezwaar"), "no bezwaar/beroep clause (Awb 9:3)");

    // Only the responsible handler approves; the coördinator cannot.
    assert!(matches!(app.approve_letter_draft(&coordinator, draft.id), Err(ServiceError::Forbidden { .. })));
    clock.set(at("2026-11-24T10:00"));
    let letter = app.approve_letter_draft(&anna(), draft.id).expect("approve");
    let (stored, pdf) = app.stored_letter(&coordinator, letter.id).expect("stored");
    assert_eq!(pdf, draft.pdf, "the final letter is exactly the PDF the handler previewed");
    assert_eq!(stored.sha256, sha256(&pdf));
    assert_eq!((stored.version, stored.approved_by.as_str()), (1, "anna"));
    let detail = app.complaint_detail(&anna(), &reference).expect("detail");
    assert_eq!(detail.status, Status::BesluitGoedgekeurd);
    assert!(app.approval_queue(&anna()).expect("queue").is_empty());
    assert!(matches!(app.approve_letter_draft(&anna(), draft.id), Err(ServiceError::Refused(_))), "decided once");

    // A correction is a new version with a reason, through the same four eyes.
    let no_reason = app.finalise_letter(&coordinator, &reference, LetterKind::Decision, Recipient::Complainant, "");
    assert!(matches!(no_reason, Err(ServiceError::Validation(ref problems)) if problems[0].field == "reason"), "{no_reason:?}");
    let outcome = app
        .finalise_letter(&coordinator, &reference, LetterKind::Decision, Recipient::Complainant, "huisnummer klager verbeterd")
        .expect("correction");
    let Finalised::AwaitingApproval { draft_id, approver } = outcome else {
        panic!("a correction by the coördinator needs approval: {outcome:?}")
    };
    assert_eq!(approver, "Anna de Boer");
    let second = app.approve_letter_draft(&anna(), draft_id).expect("approve correction");
    assert_eq!((second.version, second.correction_reason.as_str()), (2, "huisnummer klager verbeterd"));
    let (first_again, first_pdf) = app.stored_letter(&coordinator, letter.id).expect("version 1 kept");
    assert_eq!((first_again.sha256, first_pdf), (stored.sha256.clone(), pdf), "version 1 never changes");

    // Sending the decision to the complainant completes the complaint (PR-08).
    let bad_date = app.record_sending(&coordinator, second.id, "morgen", "");
    assert!(matches!(bad_date, Err(ServiceError::Validation(ref problems)) if problems[0].field == "date"));
    let sent = app.record_sending(&coordinator, second.id, "24-11-2026", "").expect("sent");
    assert_eq!(sent.sendings, [("2026-11-24".to_string(), "Ria Cliteur-Ĳzerman".to_string())]);
    let detail = app.complaint_detail(&coordinator, &reference).expect("detail");
    assert_eq!(detail.status, Status::Afgehandeld);
    let events: Vec<&str> = detail.timeline.iter().map(|(_, _, _, detail)| detail.as_str()).collect();
    assert!(events.iter().any(|e| e.contains("verzonden op 24 november 2026 aan Ria Cliteur-Ĳzerman")), "{events:#?}");
    assert!(events.iter().any(|e| e.contains("goedgekeurd door anna") && e.contains("definitief (versie 1")), "{events:#?}");
}

fn a_returned_letter_is_not_final_and_the_handler_may_finalise_directly(store: TestStore) {
    // rules PR-03 (Awb 9:8 letter with the ombudsman), PR-07 for the non-handling letter
    let World { mut app, coordinator, .. } = world(&store);
    let reference = app.register_complaint(&coordinator, &complaint("Els Post")).expect("register").reference;
    app.not_handle(&coordinator, &reference, "ouder_dan_een_jaar").expect("not handled");
    let outcome = app.finalise_letter(&coordinator, &reference, LetterKind::NonHandling, Recipient::Complainant, "").expect("draft");
    let Finalised::AwaitingApproval { draft_id, .. } = outcome else { panic!("{outcome:?}") };
    let draft_text = text_of(&app.letter_draft(&anna(), draft_id).expect("draft").pdf);
    assert!(draft_text.contains("Ombudsman Metropool") && draft_text.contains("binnen een jaar"), "{draft_text}");
    assert!(draft_text.contains("meer dan een jaar"), "the ground is in the letter:\n{draft_text}");
    let no_comment = app.return_letter_draft(&anna(), draft_id, " ");
    assert!(matches!(no_comment, Err(ServiceError::Validation(_))));
    app.return_letter_draft(&anna(), draft_id, "Graag de datum van de gedraging noemen").expect("returned");
    assert!(app.complaint_letters(&coordinator, &reference).expect("letters").is_empty(), "nothing final");
    assert!(app.approval_queue(&anna()).expect("queue").is_empty());

    // The handler herself: final at once (she is the four eyes).
    let outcome = app.finalise_letter(&anna(), &reference, LetterKind::NonHandling, Recipient::Complainant, "").expect("final");
    let Finalised::Final(letter) = outcome else { panic!("{outcome:?}") };
    let tasks = |app: &mut Klachtbalie| {
        app.complaint_detail(&coordinator, &reference).expect("detail").open_tasks.iter().map(|t| t.kind).collect::<Vec<_>>()
    };
    assert_eq!(tasks(&mut app), [TaskKind::NonHandlingLetter]);
    app.record_sending(&coordinator, letter.id, "23-11-2026", "").expect("sent");
    assert!(tasks(&mut app).is_empty(), "sending the letter closes the task");
}

fn both_postponement_letters_close_the_task(store: TestStore) {
    // rules DL-05 (notice to complainant and person complained about), section 6 Verdaging
    let World { mut app, coordinator, .. } = world(&store);
    let reference = app.register_complaint(&coordinator, &complaint("Kees Bakker")).expect("register").reference;
    assert!(matches!(
        app.finalise_letter(&anna(), &reference, LetterKind::Postponement, Recipient::Complainant, ""),
        Err(ServiceError::Refused(message)) if message.contains("verdaging")
    ));
    app.postpone(&anna(), &reference, "3").expect("postpone");
    let mut sent = Vec::new();
    for recipient in [Recipient::Complainant, Recipient::Respondent] {
        let Finalised::Final(letter) = app.finalise_letter(&anna(), &reference, LetterKind::Postponement, recipient, "").expect("final")
        else {
            panic!("postponement letters need no approval")
        };
        let (_, pdf) = app.stored_letter(&anna(), letter.id).expect("pdf");
        let text = text_of(&pdf);
        assert!(text.contains("25 januari 2027"), "the new end date (6 + 3 weeks): {text}");
        sent.push((recipient, letter, text));
    }
    assert!(sent[1].2.contains("Jan Smit") && sent[1].2.contains("p/a Gemeente Diemen"), "addressed to the respondent:\n{}", sent[1].2);
    let open = |app: &mut Klachtbalie| {
        app.complaint_detail(&anna(), &reference).expect("detail").open_tasks.iter().any(|t| t.kind == TaskKind::PostponementLetters)
    };
    assert!(open(&mut app));
    app.record_sending(&anna(), sent[0].1.id, "23-11-2026", "").expect("sent");
    assert!(open(&mut app), "one of two letters sent: the task stays open");
    app.record_sending(&anna(), sent[1].1.id, "23-11-2026", "").expect("sent");
    assert!(!open(&mut app), "both sent: the task is closed");
}

fn templates_refuse_unknown_placeholders_keep_versions_and_cannot_bypass_mandatory_content(store: TestStore) {
    // rules LT-01 (checks on the rendered text), section 6 (templates the Beheerder edits)
    let World { mut app, coordinator, admin, .. } = world(&store);
    let mut decision_template =
        app.letter_templates(&admin).expect("templates").into_iter().find(|t| t.kind == LetterKind::Decision).expect("decision").template;
    assert!(matches!(app.letter_templates(&anna()), Err(ServiceError::Forbidden { .. })), "only the Beheerder edits templates");

    let unknown = Template {
        body: format!("{}\n\n{{{{klager.telefoon}}}} en {{{{hoorzitting.plaats}}}}", decision_template.body),
        ..decision_template.clone()
    };
    match app.save_template(&admin, LetterKind::Decision, &unknown) {
        Err(ServiceError::InvalidTemplate(problems)) => {
            let text = problems.join(" ");
            assert!(text.contains("{{klager.telefoon}} is geen bekende invulplaats"), "{text}");
            assert!(text.contains("{{hoorzitting.plaats}} bestaat niet in de brief 'Beslissing op klacht'"), "{text}");
        }
        other => panic!("expected the template to be refused: {other:?}"),
    }
    let open_brace = Template { subject: "Beslissing {{kenmerk".into(), ..decision_template.clone() };
    assert!(matches!(app.save_template(&admin, LetterKind::Decision, &open_brace), Err(ServiceError::InvalidTemplate(_))));

    // An edit that drops the ombudsman and adds a bezwaar clause is saved (with a warning), but
    // no letter made with it can become final.
    decision_template.body = decision_template.body.replace("Ombudsman Metropool Amsterdam", "gemeenteraad")
        + "\n\nBent u het niet eens met dit besluit, dan kunt u binnen zes weken een bezwaarschrift indienen.";
    let saved = app.save_template(&admin, LetterKind::Decision, &decision_template).expect("saved");
    assert_eq!(saved.version, 1);
    assert!(saved.missing_in_sample.iter().any(|m| m.contains("Ombudsman Metropool")), "{:?}", saved.missing_in_sample);
    let reference = ready_for_decision(&mut app, &coordinator, "Ria Cliteur");
    let refused = app.draft_decision(&coordinator, &reference, &decision());
    let Err(ServiceError::Validation(problems)) = refused else { panic!("expected refusal: {refused:?}") };
    assert!(problems[0].message.contains("Ombudsman Metropool") && problems[0].message.contains("bezwaar"), "{problems:?}");
    assert_eq!(app.complaint_detail(&anna(), &reference).expect("detail").status, Status::Formeel, "nothing was drafted");

    // The default text comes back as version 2; the history keeps both.
    let default = klachtbalie_core::letters::templates::default_template(LetterKind::Decision);
    assert_eq!(app.save_template(&admin, LetterKind::Decision, &default).expect("saved").version, 2);
    let history = app.template_history(&admin, LetterKind::Decision).expect("history");
    assert_eq!(history.iter().map(|t| t.version).collect::<Vec<_>>(), [2, 1]);
    assert!(history[1].template.body.contains("bezwaarschrift"));
    app.draft_decision(&coordinator, &reference, &decision()).expect("draft with the fixed template");

    // The same for another kind: the acknowledgement without "we will call you".
    let mut acknowledgement = default_of(&mut app, &admin, LetterKind::Acknowledgement);
    acknowledgement.body = acknowledgement
        .body
        .replace("## Wij bellen u\nWij bellen u uiterlijk op {{eerste_contact_uiterlijk}} om uw klacht te bespreken.", "");
    app.save_template(&admin, LetterKind::Acknowledgement, &acknowledgement).expect("saved");
    let other = app.register_complaint(&coordinator, &complaint("Piet")).expect("register").reference;
    let missing = incomplete(app.acknowledgement_letter(&coordinator, &other));
    assert!(missing.iter().any(|m| m.contains("belt")), "{missing:?}");
}

fn default_of(app: &mut Klachtbalie, admin: &Actor, kind: LetterKind) -> Template {
    app.letter_templates(admin).expect("templates").into_iter().find(|t| t.kind == kind).expect("kind").template
}

fn every_letter_kind_is_complete_small_and_archival(store: TestStore) {
    // rules section 6 (all seven letters), LT-01, LT-02 (fonts embedded, é ë ï ĳ €, PDF/A-2b aim)
    let World { mut app, coordinator, .. } = world(&store);
    let anna = anna();
    let mut made: Vec<(LetterKind, Vec<u8>)> = Vec::new();
    let finalise =
        |app: &mut Klachtbalie, made: &mut Vec<(LetterKind, Vec<u8>)>, reference: &str, kind: LetterKind, recipient: Recipient| match app
            .finalise_letter(&anna, reference, kind, recipient, "")
            .expect("final")
        {
            Finalised::Final(letter) => made.push((kind, app.stored_letter(&anna, letter.id).expect("pdf").1)),
            other => panic!("the handler finalises directly: {other:?}"),
        };
    let a = ready_for_decision(&mut app, &coordinator, "Zoë Ĳsbrand-Müller");
    // The acknowledgement is made at the front desk (KCC or coördinator).
    let acknowledgement = app.acknowledgement_letter(&coordinator, &a).expect("acknowledgement");
    made.push((LetterKind::Acknowledgement, acknowledgement.pdf));
    app.plan_hearing(
        &anna,
        &a,
        &StepForm { date: "2026-12-10".into(), time: "14:30".into(), choice: "Raadhuis, kamer 2.14".into(), ..Default::default() },
    )
    .expect("hearing");
    finalise(&mut app, &mut made, &a, LetterKind::HearingInvitation, Recipient::Complainant);
    app.postpone(&anna, &a, "2").expect("postponed");
    finalise(&mut app, &mut made, &a, LetterKind::Postponement, Recipient::Complainant);
    app.draft_decision(&anna, &a, &decision()).expect("draft");
    app.approve_decision(&anna, &a).expect("approved");
    let b = app.register_complaint(&coordinator, &complaint("Eva")).expect("register").reference;
    app.forward(&anna, &b, "Politie Eenheid Amsterdam").expect("forwarded");
    finalise(&mut app, &mut made, &b, LetterKind::Forwarding, Recipient::Complainant);
    let c = app.register_complaint(&coordinator, &complaint("Noël")).expect("register").reference;
    app.log_contact(
        &anna,
        &c,
        &StepForm { date: "23-11-2026".into(), choice: "telefoon".into(), text: "gebeld".into(), ..Default::default() },
    )
    .expect("contact");
    app.resolve_informally(&anna, &c, "Klager krijgt het geld voor de leges (€ 75) terug en is tevreden.").expect("informal");
    finalise(&mut app, &mut made, &c, LetterKind::InformalConfirmation, Recipient::Complainant);
    let d = app.register_complaint(&coordinator, &complaint("Daan")).expect("register").reference;
    app.not_handle(&anna, &d, "bezwaar_of_beroep").expect("not handled");
    finalise(&mut app, &mut made, &d, LetterKind::NonHandling, Recipient::Complainant);

    let decision_letter =
        app.complaint_letters(&anna, &a).expect("letters").into_iter().find(|l| l.kind == LetterKind::Decision).expect("decision letter");
    made.push((LetterKind::Decision, app.stored_letter(&anna, decision_letter.id).expect("pdf").1));
    // The copy of the decision for the colleague complained about (internal mail).
    let Finalised::Final(copy) = app.finalise_letter(&anna, &a, LetterKind::Decision, Recipient::Respondent, "").expect("copy") else {
        panic!("the handler makes the copy final")
    };
    let copy_text = text_of(&app.stored_letter(&anna, copy.id).expect("pdf").1);
    assert!(copy_text.contains("Jan Smit") && copy_text.contains("p/a Gemeente Diemen") && copy_text.contains("Afschrift"), "{copy_text}");
    let kinds: Vec<LetterKind> = made.iter().map(|(kind, _)| *kind).collect();
    for kind in LetterKind::ALL {
        assert!(kinds.contains(&kind), "{kind:?} was not made");
    }

    for (kind, pdf) in &made {
        let text = text_of(pdf);
        assert!(pdf.len() <= 100 * 1024, "{kind:?} is {} bytes; goal ≤ 100 KB without logo", pdf.len());
        assert!(text.contains("Gemeente Diemen") && text.contains("pagina 1 van 1") && text.contains("Anna de Boer"), "{kind:?}:\n{text}");
        assert!(text.contains("23 november 2026"), "date in Dutch: {kind:?}");
        let expected = match kind {
            LetterKind::Acknowledgement => vec!["Zoë Ĳsbrand-Müller", "Wij bellen u", "gehoord", "4 januari 2027"],
            LetterKind::HearingInvitation => vec!["donderdag 10 december 2026", "14:30 uur", "Raadhuis, kamer 2.14", "beide partijen"],
            LetterKind::Postponement => vec!["18 januari 2027"],
            LetterKind::Forwarding => vec!["Politie Eenheid Amsterdam"],
            LetterKind::InformalConfirmation => vec!["€ 75", "formeel"],
            LetterKind::NonHandling => vec!["bezwaar of beroep", "Ombudsman Metropool", "binnen een jaar"],
            LetterKind::Decision => vec!["Ombudsman Metropool", "gegrond", "onvriendelijke toon"],
        };
        for needed in expected {
            assert!(text.contains(needed), "{kind:?} lacks {needed:?}:\n{text}");
        }
        assert_pdfa_structure(pdf);
    }
}

/// The PDF/A-2b parts checked structurally (veraPDF is not in the reachable registries):
/// identification in XMP, an RGB output intent with an embedded profile, every font embedded,
/// a document ID, no encryption, and the info dictionary matching the XMP.
fn assert_pdfa_structure(pdf: &[u8]) {
    let doc = lopdf::Document::load_mem(pdf).expect("valid PDF");
    assert!(doc.trailer.get(b"Encrypt").is_err(), "not encrypted");
    assert!(doc.trailer.get(b"ID").is_ok(), "document ID");
    let catalog = doc.catalog().expect("catalog");
    let metadata = doc
        .get_object(catalog.get(b"Metadata").and_then(lopdf::Object::as_reference).expect("metadata"))
        .and_then(lopdf::Object::as_stream)
        .expect("stream");
    assert!(metadata.dict.get(b"Filter").is_err(), "XMP uncompressed");
    let xmp = String::from_utf8(metadata.content.clone()).expect("xmp");
    assert!(xmp.contains("<pdfaid:part>2</pdfaid:part>") && xmp.contains("<pdfaid:conformance>B</pdfaid:conformance>"));
    let intents = catalog.get(b"OutputIntents").and_then(lopdf::Object::as_array).expect("output intents");
    let intent = intents[0].as_dict().expect("intent");
    assert_eq!(intent.get(b"S").and_then(lopdf::Object::as_name).expect("S"), b"GTS_PDFA1");
    let profile = doc
        .get_object(intent.get(b"DestOutputProfile").and_then(lopdf::Object::as_reference).expect("profile"))
        .and_then(lopdf::Object::as_stream)
        .expect("icc");
    assert_eq!(profile.dict.get(b"N").and_then(lopdf::Object::as_i64).expect("N"), 3, "RGB profile for RGB pages");
    let info = doc
        .get_object(doc.trailer.get(b"Info").and_then(lopdf::Object::as_reference).expect("info"))
        .and_then(lopdf::Object::as_dict)
        .expect("dict");
    assert!(info.get(b"GTS_PDFXVersion").is_err() && info.get(b"Trapped").is_err(), "only keys mirrored in XMP");
    for (_, object) in doc.objects.iter() {
        if let Ok(dict) = object.as_dict() {
            if dict.get(b"Type").and_then(lopdf::Object::as_name).ok() == Some(b"FontDescriptor") {
                assert!(dict.get(b"FontFile2").is_ok(), "every font embedded");
            }
        }
    }
}

fn a_long_decision_is_paginated_without_losing_a_word(store: TestStore) {
    // rule LT-02: long texts wrapped and paginated with no line lost, page X van Y
    let World { mut app, coordinator, .. } = world(&store);
    let reference = ready_for_decision(&mut app, &coordinator, "Ria");
    let findings: Vec<String> = (0..1100).map(|n| format!("feit{n}")).collect();
    let long = DecisionForm { findings: findings.join(" "), ..decision() };
    app.draft_decision(&coordinator, &reference, &long).expect("draft");
    let draft = app.approval_queue(&anna()).expect("queue").remove(0);
    let pages = pdf_pages(&draft.pdf);
    assert!(pages >= 2, "{pages} pages");
    assert_eq!(draft.pages as usize, pages);
    let text = pdf_text(&draft.pdf);
    let words: std::collections::BTreeSet<&str> = text.split_whitespace().filter(|w| w.starts_with("feit")).collect();
    assert_eq!(words.len(), 1100, "every word of the findings is in the letter");
    assert!(text.contains(&format!("pagina {pages} van {pages}")));
    assert!(text.contains("Ombudsman Metropool"), "the ombudsman paragraph after the long findings");
}

/// A small RGBA PNG (a green square with a transparent corner), encoded here so the test needs
/// no binary fixture.
fn logo_png() -> Vec<u8> {
    let (width, height) = (120u32, 60u32);
    let mut pixels = Vec::new();
    for y in 0..height {
        for x in 0..width {
            let alpha = if x < 10 && y < 10 { 0 } else { 255 };
            pixels.extend([0, 115, 102, alpha]);
        }
    }
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.write_header().expect("header").write_image_data(&pixels).expect("pixels");
    bytes
}

fn the_logo_is_on_the_letterhead_and_bad_files_are_refused(store: TestStore) {
    // section 6 (letterhead with the logo), LT-02 (still archival with an image)
    let World { mut app, coordinator, admin, .. } = world(&store);
    let refused = app.set_logo(&admin, Some(b"GIF89a not a png"));
    assert!(matches!(refused, Err(ServiceError::Validation(ref problems)) if problems[0].message.contains("PNG")), "{refused:?}");
    assert!(matches!(app.set_logo(&anna(), Some(&logo_png())), Err(ServiceError::Forbidden { .. })), "only the Beheerder");
    assert!(!app.has_logo().expect("logo"));
    app.set_logo(&admin, Some(&logo_png())).expect("logo");
    assert!(app.has_logo().expect("logo"));

    let reference = app.register_complaint(&coordinator, &complaint("Ria")).expect("register").reference;
    let letter = app.acknowledgement_letter(&coordinator, &reference).expect("letter");
    let doc = lopdf::Document::load_mem(&letter.pdf).expect("pdf");
    let images = doc
        .objects
        .values()
        .filter(|object| object.as_stream().is_ok_and(|s| s.dict.get(b"Subtype").and_then(lopdf::Object::as_name).ok() == Some(b"Image")))
        .count();
    assert!(images >= 1, "the logo is embedded as an image");
    assert!(text_of(&letter.pdf).contains("Gemeente Diemen"), "the name stays under the logo");
    assert_pdfa_structure(&letter.pdf);

    // Removing it brings back the brand block; letters already made keep their logo.
    app.set_logo(&admin, None).expect("removed");
    assert!(!app.has_logo().expect("logo"));
    let first = app.complaint_letters(&coordinator, &reference).expect("letters")[0].id;
    let (_, stored) = app.stored_letter(&coordinator, first).expect("stored");
    assert_eq!(stored, letter.pdf, "a stored letter never changes");
}

fn the_front_desk_sees_only_the_acknowledgement(store: TestStore) {
    // rules AVG-05 and section 1: the KCC prints acknowledgements but reads no other letters
    let World { mut app, coordinator, .. } = world(&store);
    let reference = ready_for_decision(&mut app, &coordinator, "Ria");
    app.acknowledgement_letter(&coordinator, &reference).expect("acknowledgement");
    app.postpone(&anna(), &reference, "2").expect("postpone");
    let Finalised::Final(postponement) =
        app.finalise_letter(&anna(), &reference, LetterKind::Postponement, Recipient::Complainant, "").expect("letter")
    else {
        panic!("final")
    };
    let kcc = user("kcc", &[Role::KccMedewerker], None);
    let seen: Vec<LetterKind> = app.complaint_letters(&kcc, &reference).expect("letters").into_iter().map(|l| l.kind).collect();
    assert_eq!(seen, [LetterKind::Acknowledgement]);
    assert!(matches!(app.stored_letter(&kcc, postponement.id), Err(ServiceError::Forbidden { .. })));
    assert!(matches!(
        app.finalise_letter(&kcc, &reference, LetterKind::Postponement, Recipient::Complainant, "x"),
        Err(ServiceError::Forbidden { .. })
    ));
    // Another handler neither.
    let piet = user("piet", &[Role::Klachtbehandelaar], Some("m-ro"));
    assert!(matches!(app.complaint_letters(&piet, &reference), Err(ServiceError::Forbidden { .. })));
}

/// A non-handling letter drafted by the coördinator, waiting for Anna's approval (PR-07).
fn waiting_non_handling_letter(desk: &mut Klachtbalie, coordinator: &Actor, name: &str) -> (String, i64) {
    let reference = desk.register_complaint(coordinator, &complaint(name)).expect("register").reference;
    desk.not_handle(coordinator, &reference, "ouder_dan_een_jaar").expect("not handled");
    match desk.finalise_letter(coordinator, &reference, LetterKind::NonHandling, Recipient::Complainant, "").expect("draft") {
        Finalised::AwaitingApproval { draft_id, .. } => (reference, draft_id),
        other => panic!("the coördinator's non-handling letter needs approval: {other:?}"),
    }
}

fn a_draft_decided_on_at_another_desk_meanwhile_is_refused_clearly(store: TestStore) {
    // rule PR-07 (a draft is decided on once), across processes: the decision is taken inside
    // the write transaction, so the answer is a plain refusal, not a database error
    let TwoDesks { mut desk, other_desk, clock, coordinator, .. } = two_desks_on(&store, PASSWORD);
    let (reference, draft_id) = waiting_non_handling_letter(&mut desk, &coordinator, "Els Tweebalie");
    clock.then_on_read(1, move || {
        let mut other_desk = other_desk.lock().expect("other desk");
        other_desk.return_letter_draft(&anna(), draft_id, "Graag de datum van de gedraging noemen").expect("returned elsewhere");
    });
    match desk.approve_letter_draft(&anna(), draft_id) {
        Err(ServiceError::Refused(message)) => assert!(message.contains("al beslist (teruggestuurd)"), "{message}"),
        other => panic!("expected a refusal: the draft was returned at the other desk; got {other:?}"),
    }
    assert!(desk.complaint_letters(&coordinator, &reference).expect("letters").is_empty(), "nothing became final");
}

fn a_draft_of_a_complaint_reassigned_meanwhile_is_not_approved_by_the_former_handler(store: TestStore) {
    // rules PR-07 (only the responsible handler approves) and AVG-05, decided on the complaint
    // as it is when written; SEC-02 (the refusal is audited)
    let TwoDesks { mut desk, other_desk, clock, coordinator, .. } = two_desks_on(&store, PASSWORD);
    let (reference, draft_id) = waiting_non_handling_letter(&mut desk, &coordinator, "Jan Tweebalie");
    let (other_coordinator, other_reference) = (coordinator.clone(), reference.clone());
    clock.then_on_read(1, move || {
        let mut other_desk = other_desk.lock().expect("other desk");
        other_desk.reassign(&other_coordinator, &other_reference, "m-wo", "Karin Visser neemt het over").expect("reassigned");
    });
    assert!(matches!(desk.approve_letter_draft(&anna(), draft_id), Err(ServiceError::Forbidden { .. })));
    assert!(desk.complaint_letters(&coordinator, &reference).expect("letters").is_empty(), "nothing became final");
    let trail = desk.complaint_audit(&coordinator, &reference).expect("audit");
    assert!(trail.iter().any(|entry| entry.actor == "anna" && entry.result == "geweigerd"), "{trail:?}");
}

fn sending_is_decided_on_the_complaint_as_it_is_when_written(store: TestStore) {
    // rule PR-08 (recording a sending closes the Awb 9:8 task) by whoever works on the complaint
    // now (AVG-05): the other desk reassigns it between the checks and the write
    let TwoDesks { mut desk, other_desk, clock, coordinator, .. } = two_desks_on(&store, PASSWORD);
    let reference = desk.register_complaint(&coordinator, &complaint("Piet Tweebalie")).expect("register").reference;
    desk.not_handle(&anna(), &reference, "ouder_dan_een_jaar").expect("not handled");
    let Finalised::Final(letter) =
        desk.finalise_letter(&anna(), &reference, LetterKind::NonHandling, Recipient::Complainant, "").expect("final")
    else {
        panic!("the handler's own letter is final at once")
    };
    let (other_coordinator, other_reference) = (coordinator.clone(), reference.clone());
    // The first look at the clock is the sending date's check; the second is the write's.
    clock.then_on_read(2, move || {
        let mut other_desk = other_desk.lock().expect("other desk");
        other_desk.reassign(&other_coordinator, &other_reference, "m-wo", "Karin Visser neemt het over").expect("reassigned");
    });
    assert!(matches!(desk.record_sending(&anna(), letter.id, "23-11-2026", ""), Err(ServiceError::Forbidden { .. })));
    let detail = desk.complaint_detail(&coordinator, &reference).expect("detail");
    assert_eq!(detail.record.handler.id, "m-wo", "the other desk did reassign it");
    assert!(detail.open_tasks.iter().any(|task| task.kind == TaskKind::NonHandlingLetter), "the task stays open");
    let letters = desk.complaint_letters(&coordinator, &reference).expect("letters");
    assert!(letters[0].sendings.is_empty(), "no sending written: {letters:?}");
}

fn two_desks_finalising_the_same_letter_make_one_version_and_a_second_needs_its_reason(store: TestStore) {
    // section 6 (a correction is a new version with a reason), across processes: the version
    // is decided inside the write transaction
    let TwoDesks { mut desk, other_desk, clock, coordinator, .. } = two_desks_on(&store, PASSWORD);
    let reference = desk.register_complaint(&coordinator, &complaint("Kees Tweebalie")).expect("register").reference;
    let (other_coordinator, other_reference) = (coordinator.clone(), reference.clone());
    // The first look at the clock is the letter date; the second is the write's.
    clock.then_on_read(2, move || {
        let mut other_desk = other_desk.lock().expect("other desk");
        other_desk
            .finalise_letter(&other_coordinator, &other_reference, LetterKind::Acknowledgement, Recipient::Complainant, "")
            .expect("v1");
    });
    match desk.finalise_letter(&coordinator, &reference, LetterKind::Acknowledgement, Recipient::Complainant, "") {
        Err(ServiceError::Validation(problems)) => {
            assert!(problems.iter().any(|p| p.field == "reason" && p.message.contains("versie 1")), "{problems:?}")
        }
        other => panic!("expected the second version without a reason to be refused, got {other:?}"),
    }
    let letters = desk.complaint_letters(&coordinator, &reference).expect("letters");
    assert_eq!(letters.iter().map(|letter| letter.version).collect::<Vec<_>>(), [1], "one version, made at the other desk");
    let Finalised::Final(correction) = desk
        .finalise_letter(&coordinator, &reference, LetterKind::Acknowledgement, Recipient::Complainant, "adres verbeterd")
        .expect("correction")
    else {
        panic!("the acknowledgement needs no approval")
    };
    assert_eq!((correction.version, correction.correction_reason.as_str()), (2, "adres verbeterd"));
}

fn contact_data_and_recipients_are_decided_on_the_complaint_as_it_is_when_written(store: TestStore) {
    // rules AVG-04 (correction) and AVG-06 (recipients) by whoever works on the complaint now
    // (AVG-05), SEC-02 (the refusal is audited): the other desk reassigns the complaint between
    // the checks and the write, as for a step or a sending.
    use klachtbalie_core::domain::contact_correction::ContactCorrection;
    use klachtbalie_core::domain::recipient::RecipientForm;
    let TwoDesks { mut desk, other_desk, clock, coordinator, .. } = two_desks_on(&store, PASSWORD);
    let reference = desk.register_complaint(&coordinator, &complaint("Ria Tweebalie")).expect("register").reference;
    let before = desk.complaint_detail(&coordinator, &reference).expect("detail").record;
    let reassign_at_the_write = |other_desk: &Arc<std::sync::Mutex<Klachtbalie>>, to: &'static str| {
        let (other_desk, other_coordinator, other_reference) = (other_desk.clone(), coordinator.clone(), reference.clone());
        // The first look at the clock is the form's date check; the second comes before the write.
        clock.then_on_read(2, move || {
            let mut other_desk = other_desk.lock().expect("other desk");
            other_desk.reassign(&other_coordinator, &other_reference, to, "Karin Visser neemt het over").expect("reassigned");
        });
    };

    reassign_at_the_write(&other_desk, "m-wo");
    let correction = ContactCorrection {
        complainant_name: before.complaint.complainant_name.clone(),
        street_address: "Kornoeljestraat 99".into(),
        postcode: before.complaint.postcode.clone(),
        city: before.complaint.city.clone(),
        phone: before.complaint.phone.clone(),
        email: before.complaint.email.clone(),
        representative: before.complaint.representative.clone(),
    };
    assert!(matches!(desk.correct_contact_data(&anna(), &reference, &correction), Err(ServiceError::Forbidden { .. })));
    let detail = desk.complaint_detail(&coordinator, &reference).expect("detail");
    assert_eq!(detail.record.handler.id, "m-wo", "the other desk did reassign it");
    assert_eq!(detail.record.complaint.street_address, before.complaint.street_address, "nothing corrected");

    desk.reassign(&coordinator, &reference, "m-bz", "Anna de Boer weer").expect("back to Anna");
    reassign_at_the_write(&other_desk, "m-wo");
    let recipient = RecipientForm {
        kind: "ombudsman".into(),
        recipient: "Ombudsman Metropool Amsterdam".into(),
        what: "het klachtdossier".into(),
        sent_on: "23-11-2026".into(),
    };
    assert!(matches!(desk.record_recipient(&anna(), &reference, &recipient), Err(ServiceError::Forbidden { .. })));
    let detail = desk.complaint_detail(&coordinator, &reference).expect("detail");
    assert_eq!(detail.record.handler.id, "m-wo", "the other desk did reassign it again");
    assert_eq!(detail.recipients.map(|recipients| recipients.len()), Some(0), "no recipient written");
    let trail = desk.complaint_audit(&coordinator, &reference).expect("audit");
    let refusals = trail.iter().filter(|entry| entry.actor == "anna" && entry.result == "geweigerd").count();
    assert_eq!(refusals, 2, "both refusals audited: {trail:?}");
}

fn a_letter_without_a_postal_address_is_refused_until_the_address_is_added(store: TestStore) {
    // rule LT-03: a complainant who called in and left only a name and a phone number cannot
    // get a letter; the acknowledgement and the decision are refused, naming what is missing,
    // nothing is stored, and once the address is corrected (AVG-04) both are made.
    use klachtbalie_core::domain::contact_correction::ContactCorrection;
    let World { mut app, coordinator, .. } = world(&store);
    let caller = ComplaintForm {
        channel: "telefoon".into(),
        phone: "06 12345678".into(),
        street_address: String::new(),
        postcode: String::new(),
        city: String::new(),
        conduct_date: String::new(),
        ..complaint("Piet Beller")
    };
    let reference = app.register_complaint(&coordinator, &caller).expect("a phone complaint needs no address").reference;
    let undeliverable = |result: Result<(), ServiceError>| match result {
        Err(error @ ServiceError::UndeliverableLetter { .. }) => error.to_string(),
        other => panic!("expected an undeliverable letter, got {other:?}"),
    };
    let refused = undeliverable(app.acknowledgement_letter(&coordinator, &reference).map(drop));
    assert!(
        refused.contains("straat en huisnummer, postcode en woonplaats") && refused.contains("Gegevens van de klager corrigeren"),
        "{refused}"
    );
    let preview = app.preview_letter(&coordinator, &reference, LetterKind::Acknowledgement, Recipient::Complainant).expect("preview");
    assert!(preview.missing.iter().any(|missing| missing.contains("postadres")), "{:?}", preview.missing);
    assert!(app.complaint_letters(&coordinator, &reference).expect("letters").is_empty(), "no letter stored");

    app.continue_formally(&anna(), &reference, "formeel").expect("formal");
    app.skip_hearing(&anna(), &reference, "afgezien").expect("waived");
    undeliverable(app.draft_decision(&coordinator, &reference, &decision()).map(drop));
    let detail = app.complaint_detail(&coordinator, &reference).expect("detail");
    assert_ne!(detail.record.status, Status::BesluitConcept, "no decision drafted");
    let refusals = app.complaint_audit(&coordinator, &reference).expect("audit");
    assert!(refusals.iter().any(|entry| entry.action.starts_with("brief definitief maken") && entry.result != "gelukt"), "{refusals:?}");

    let mut correction = ContactCorrection::of(&detail.record.complaint);
    correction.street_address = "Arent Krijtsstraat 1".into();
    correction.postcode = "1111 AB".into();
    correction.city = "Diemen".into();
    app.correct_contact_data(&coordinator, &reference, &correction).expect("address added");
    let letter = app.acknowledgement_letter(&coordinator, &reference).expect("now it can be delivered");
    assert!(text_of(&letter.pdf).contains("Arent Krijtsstraat 1"), "the address is in the letter");
    app.draft_decision(&coordinator, &reference, &decision()).expect("and the decision can be drafted");
}

on_both_stores!(
    the_coordinator_drafts_the_decision_and_only_the_handler_makes_it_final,
    a_returned_letter_is_not_final_and_the_handler_may_finalise_directly,
    both_postponement_letters_close_the_task,
    templates_refuse_unknown_placeholders_keep_versions_and_cannot_bypass_mandatory_content,
    every_letter_kind_is_complete_small_and_archival,
    a_long_decision_is_paginated_without_losing_a_word,
    the_logo_is_on_the_letterhead_and_bad_files_are_refused,
    the_front_desk_sees_only_the_acknowledgement,
    a_draft_decided_on_at_another_desk_meanwhile_is_refused_clearly,
    a_draft_of_a_complaint_reassigned_meanwhile_is_not_approved_by_the_former_handler,
    sending_is_decided_on_the_complaint_as_it_is_when_written,
    contact_data_and_recipients_are_decided_on_the_complaint_as_it_is_when_written,
    two_desks_finalising_the_same_letter_make_one_version_and_a_second_needs_its_reason,
    a_letter_without_a_postal_address_is_refused_until_the_address_is_added,
);

#[test]
fn text_someone_typed_stays_text_in_the_letter() {
    // LT-01 and the letters' one rule for text: a blank line and "## Beslissing" typed into a
    // decision's findings stay words of that paragraph; only the template makes headings.
    use klachtbalie_core::letters::templates::{compose, default_template};
    use klachtbalie_core::letters::{Block, Municipality, Signer};
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
    let mut facts = klachtbalie_core::service::sample_facts(LetterKind::Decision, today);
    let typed = "Waarom is de klager tevreden?\n\n## Beslissing\nAlles is goed.";
    facts.decision.as_mut().expect("a decision").findings = typed.into();
    let signer = Signer { name: "Anna de Boer".into(), function: "afdelingsmanager".into() };
    let letter = compose(LetterKind::Decision, &default_template(LetterKind::Decision), &facts, &Municipality::diemen_example(), &signer);
    let headings: Vec<&str> =
        letter.document.body.iter().filter_map(|block| if let Block::Heading(text) = block { Some(text.as_str()) } else { None }).collect();
    assert!(!headings.is_empty(), "the template's own headings are there");
    assert!(!headings.contains(&"Beslissing"), "a typed heading is no heading: {headings:?}");
    assert!(
        letter.document.body.iter().any(|block| matches!(block, Block::Paragraph(text) if text.contains(typed))),
        "the typed text is one paragraph's words, as typed"
    );
}
