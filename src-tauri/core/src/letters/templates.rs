//! The seven letters of section 6 as editable templates: which letters exist and to whom they
//! go, the named placeholders ({{klager.naam}}, ...), the default Dutch texts (B1), template
//! validation, and composing a template with a complaint's facts into a layout document.

use super::layout::{Block, LetterDocument};
use super::Municipality;
use crate::domain::code::coded;
use crate::domain::dutch_date::{long_date, long_date_with_weekday};
use chrono::{NaiveDate, NaiveDateTime};
use std::collections::BTreeMap;

coded! {
    /// The letters of section 6.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum LetterKind {
        Acknowledgement = "ontvangstbevestiging",
        Forwarding = "doorzending",
        NonHandling = "niet_in_behandeling",
        HearingInvitation = "uitnodiging_hoorzitting",
        Postponement = "verdaging",
        InformalConfirmation = "bevestiging_informele_afhandeling",
        Decision = "beslissing",
    }
}

impl LetterKind {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::Acknowledgement => "Ontvangstbevestiging",
            Self::Forwarding => "Doorzending",
            Self::NonHandling => "Niet in behandeling",
            Self::HearingInvitation => "Uitnodiging hoorzitting",
            Self::Postponement => "Verdaging",
            Self::InformalConfirmation => "Bevestiging informele afhandeling",
            Self::Decision => "Beslissing op klacht",
        }
    }

    /// PR-07: letters the responsible handler approves when someone else drafts them.
    pub fn needs_four_eyes(self) -> bool {
        matches!(self, Self::Decision | Self::NonHandling)
    }

    /// Who may receive this letter. The respondent gets the postponement notice (DL-05), the
    /// hearing invitation (PR-05: both are heard) and a copy of the decision.
    pub fn recipients(self) -> &'static [Recipient] {
        match self {
            Self::HearingInvitation | Self::Postponement | Self::Decision => &[Recipient::Complainant, Recipient::Respondent],
            _ => &[Recipient::Complainant],
        }
    }
}

coded! {
    /// To whom a letter is addressed.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
    pub enum Recipient {
        Complainant = "klager",
        Respondent = "beklaagde",
    }
}

impl Recipient {
    /// In a sentence ("gaat niet naar de klager").
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::Complainant => "klager",
            Self::Respondent => "beklaagde",
        }
    }

    /// As a choice in a list ("Aan: Klager").
    pub fn choice_label(self) -> &'static str {
        match self {
            Self::Complainant => "Klager",
            Self::Respondent => "Beklaagde",
        }
    }
}

/// The planned hearing, for the invitation (PR-05).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HearingFacts {
    pub starts_at: NaiveDateTime,
    pub place: String,
    /// The term to respond: after it, not hearing the complainant is allowed (Awb 9:10 lid 2).
    pub respond_by: NaiveDate,
}

/// The decision as approved or drafted (PR-06).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionFacts {
    pub findings: String,
    /// "gegrond", "deels gegrond", "ongegrond" or "geen oordeel".
    pub judgement: String,
    pub conclusions: String,
    pub reasons: String,
}

/// Everything a letter may say about one complaint, read from the file. A placeholder without
/// a value for this complaint renders visibly as missing, and the letter cannot be finalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterFacts {
    pub reference: String,
    pub letter_date: NaiveDate,
    pub recipient: Recipient,
    pub recipient_name: String,
    pub recipient_address: Vec<String>,
    pub complainant_name: String,
    pub respondent_names: String,
    pub received_on: NaiveDate,
    pub subject: String,
    pub handler_name: String,
    pub handler_function: String,
    pub first_contact_due: NaiveDate,
    /// The decision term as it now stands (after postponement or changes of term).
    pub decision_due: NaiveDate,
    /// The statutory term before any postponement (DL-01).
    pub original_decision_due: NaiveDate,
    pub postponement_weeks: Option<u32>,
    pub hearing: Option<HearingFacts>,
    pub forwarded_to: Option<String>,
    pub non_handling_ground: Option<String>,
    pub agreement: Option<String>,
    pub decision: Option<DecisionFacts>,
}

/// A named placeholder the Beheerder can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    pub name: &'static str,
    pub description: &'static str,
    /// None: available in every letter.
    pub only_in: Option<LetterKind>,
}

const fn common(name: &'static str, description: &'static str) -> Placeholder {
    Placeholder { name, description, only_in: None }
}

const fn only(kind: LetterKind, name: &'static str, description: &'static str) -> Placeholder {
    Placeholder { name, description, only_in: Some(kind) }
}

/// The catalogue shown next to the template editor.
pub const PLACEHOLDERS: &[Placeholder] = &[
    common("gemeente.naam", "naam van de gemeente"),
    common("gemeente.telefoon", "telefoonnummer van de gemeente"),
    common("gemeente.website", "website van de gemeente"),
    common("gemeente.postadres", "postadres van de gemeente"),
    common("kenmerk", "kenmerk van de klacht, bijvoorbeeld KL-2026-0001"),
    common("datum", "datum van de brief"),
    common("ontvanger.naam", "naam van wie de brief krijgt (klager of beklaagde)"),
    common("klager.naam", "naam van de klager"),
    common("beklaagde.naam", "naam van de medewerker over wie geklaagd wordt"),
    common("klacht.ontvangen_op", "datum waarop de klacht binnenkwam"),
    common("klacht.onderwerp", "korte omschrijving van de klacht"),
    common("behandelaar.naam", "naam van de klachtbehandelaar"),
    common("behandelaar.functie", "functie van de klachtbehandelaar"),
    common("beslistermijn", "uiterste datum voor de beslissing, met weekdag"),
    only(LetterKind::Acknowledgement, "eerste_contact_uiterlijk", "uiterste datum waarop de gemeente belt, met weekdag"),
    only(LetterKind::Postponement, "verdaging.weken", "aantal weken verdaging"),
    only(LetterKind::Postponement, "verdaging.oorspronkelijke_termijn", "beslistermijn vóór de verdaging"),
    only(LetterKind::Postponement, "verdaging.nieuwe_einddatum", "nieuwe uiterste datum voor de beslissing"),
    only(LetterKind::HearingInvitation, "hoorzitting.datum", "datum van de hoorzitting, met weekdag"),
    only(LetterKind::HearingInvitation, "hoorzitting.tijd", "tijd van de hoorzitting"),
    only(LetterKind::HearingInvitation, "hoorzitting.plaats", "plaats van de hoorzitting"),
    only(LetterKind::HearingInvitation, "hoorzitting.reageren_voor", "datum waarvoor de ontvanger laat weten of hij komt"),
    only(LetterKind::Forwarding, "doorzending.ontvanger", "organisatie waaraan de klacht is doorgezonden"),
    only(LetterKind::NonHandling, "niet_in_behandeling.grond", "wettelijke grond (Awb 9:8)"),
    only(LetterKind::InformalConfirmation, "afspraak", "wat met de klager is afgesproken"),
    only(LetterKind::Decision, "beslissing.bevindingen", "bevindingen: wat er is gebeurd"),
    only(LetterKind::Decision, "beslissing.oordeel", "oordeel: gegrond, deels gegrond, ongegrond of geen oordeel"),
    only(LetterKind::Decision, "beslissing.conclusies", "conclusies en maatregelen"),
    only(LetterKind::Decision, "beslissing.motivering", "motivering van het oordeel"),
];

/// The placeholders a template of this kind may use.
pub fn placeholders_for(kind: LetterKind) -> impl Iterator<Item = &'static Placeholder> {
    PLACEHOLDERS.iter().filter(move |placeholder| placeholder.only_in.is_none_or(|only| only == kind))
}

/// The text of one letter kind as the Beheerder edits it. In the body a blank line starts a
/// new paragraph, a line starting with "## " is a heading, and single line breaks are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template {
    pub subject: String,
    pub body: String,
}

/// What is wrong with a template, in Dutch.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", problems.join(" "))]
pub struct TemplateProblems {
    pub problems: Vec<String>,
}

/// The placeholder names used in `text`, or a problem for braces that do not close.
fn placeholders_in(text: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            let shown: String = rest[start..].chars().take(30).collect();
            return Err(format!("'{shown}' heeft geen sluitende '}}}}'."));
        };
        names.push(after[..end].trim());
        rest = &after[end + 2..];
    }
    Ok(names)
}

/// Refuses unknown placeholders (with the names that do exist for this kind), braces that do
/// not close, and an empty subject or body.
pub fn validate_template(kind: LetterKind, template: &Template) -> Result<(), TemplateProblems> {
    let mut problems = Vec::new();
    if template.subject.trim().is_empty() {
        problems.push("Vul het onderwerp van de brief in.".to_string());
    }
    if template.body.trim().is_empty() {
        problems.push("De brief heeft geen tekst.".to_string());
    }
    if template.subject.chars().count() > 200 || template.body.chars().count() > 20_000 {
        problems.push("De tekst is te lang (onderwerp maximaal 200, brief maximaal 20.000 tekens).".to_string());
    }
    // INT-02: the one rule for text, for what the Beheerder types too (no control or bidi
    // characters; the subject on one line); blank and length are said above.
    use crate::domain::text::{text_problem, Lines};
    for (what, text, lines) in [("Onderwerp", &template.subject, Lines::Single), ("Brief", &template.body, Lines::Multi)] {
        if let Some(problem) = text_problem(text, lines, usize::MAX, None) {
            problems.push(format!("{what}: {problem}"));
        }
    }
    for text in [&template.subject, &template.body] {
        match placeholders_in(text) {
            Err(problem) => problems.push(problem),
            Ok(names) => {
                for name in names {
                    if !placeholders_for(kind).any(|placeholder| placeholder.name == name) {
                        let message = if PLACEHOLDERS.iter().any(|placeholder| placeholder.name == name) {
                            format!("{{{{{name}}}}} bestaat niet in de brief '{}'.", kind.dutch_label())
                        } else {
                            format!("{{{{{name}}}}} is geen bekende invulplaats.")
                        };
                        if !problems.contains(&message) {
                            problems.push(message);
                        }
                    }
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        problems.push("Kies uit de lijst met invulplaatsen.".to_string());
        Err(TemplateProblems { problems })
    }
}

/// The value of every placeholder for these facts; None where this complaint has no value.
pub fn placeholder_values(facts: &LetterFacts, municipality: &Municipality) -> BTreeMap<&'static str, Option<String>> {
    let decision = facts.decision.as_ref();
    let hearing = facts.hearing.as_ref();
    let non_empty = |text: &str| (!text.trim().is_empty()).then(|| text.trim().to_string());
    let postponed_due = facts.postponement_weeks.map(|_| long_date_with_weekday(facts.decision_due));
    BTreeMap::from([
        ("gemeente.naam", Some(municipality.name.clone())),
        ("gemeente.telefoon", non_empty(&municipality.phone)),
        ("gemeente.website", non_empty(&municipality.website)),
        ("gemeente.postadres", non_empty(&municipality.postal_address)),
        ("kenmerk", Some(facts.reference.clone())),
        ("datum", Some(long_date(facts.letter_date))),
        ("ontvanger.naam", Some(facts.recipient_name.clone())),
        ("klager.naam", Some(facts.complainant_name.clone())),
        ("beklaagde.naam", non_empty(&facts.respondent_names)),
        ("klacht.ontvangen_op", Some(long_date(facts.received_on))),
        ("klacht.onderwerp", Some(facts.subject.clone())),
        ("behandelaar.naam", Some(facts.handler_name.clone())),
        ("behandelaar.functie", Some(facts.handler_function.clone())),
        ("beslistermijn", Some(long_date_with_weekday(facts.decision_due))),
        ("eerste_contact_uiterlijk", Some(long_date_with_weekday(facts.first_contact_due))),
        ("verdaging.weken", facts.postponement_weeks.map(|weeks| weeks.to_string())),
        ("verdaging.oorspronkelijke_termijn", Some(long_date(facts.original_decision_due))),
        ("verdaging.nieuwe_einddatum", postponed_due),
        ("hoorzitting.datum", hearing.map(|h| long_date_with_weekday(h.starts_at.date()))),
        ("hoorzitting.tijd", hearing.map(|h| format!("{} uur", h.starts_at.format("%H:%M")))),
        ("hoorzitting.plaats", hearing.map(|h| h.place.clone())),
        ("hoorzitting.reageren_voor", hearing.map(|h| long_date(h.respond_by))),
        ("doorzending.ontvanger", facts.forwarded_to.clone()),
        ("niet_in_behandeling.grond", facts.non_handling_ground.clone()),
        ("afspraak", facts.agreement.clone()),
        ("beslissing.bevindingen", decision.map(|d| d.findings.clone())),
        ("beslissing.oordeel", decision.map(|d| d.judgement.clone())),
        ("beslissing.conclusies", decision.map(|d| d.conclusions.clone())),
        // The reasons may be empty (required in full only for ongegrond, PR-06).
        ("beslissing.motivering", decision.map(|d| d.reasons.trim().to_string())),
    ])
}

/// The mark left where a value is missing; the mandatory-content check refuses it.
pub fn missing_value_mark(name: &str) -> String {
    format!("[ONTBREEKT: {name}]")
}

fn fill(text: &str, values: &BTreeMap<&'static str, Option<String>>) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        let name = after[..end].trim();
        rest = &after[end + 2..];
        match values.get(name) {
            Some(Some(value)) => {
                out.push_str(value);
                // A shortened value ends in "…"; the sentence's own full stop after it would
                // make "….", which is not Dutch.
                if value.ends_with('…') {
                    rest = rest.strip_prefix('.').unwrap_or(rest);
                }
            }
            _ => out.push_str(&missing_value_mark(name)),
        }
    }
    out.push_str(rest);
    out
}

/// Who signs: the responsible official (section 6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub name: String,
    pub function: String,
}

/// A letter after filling in: the layout document and its plain text for the checks.
#[derive(Debug, Clone, PartialEq)]
pub struct ComposedLetter {
    pub document: LetterDocument,
    /// Everything the reader sees, in reading order, for the mandatory-content checks (LT-01).
    pub text: String,
}

/// Fills the template and builds the letter: letterhead, the window address, reference block,
/// body, and the signature (closing lines from the settings, then the signer's name and
/// function). Templates are validated when saved; a placeholder unknown here renders as
/// missing, so an old or damaged template can never produce a letter that passes the checks.
pub fn compose(kind: LetterKind, template: &Template, facts: &LetterFacts, municipality: &Municipality, signer: &Signer) -> ComposedLetter {
    let values = placeholder_values(facts, municipality);
    let allowed: Vec<&str> = placeholders_for(kind).map(|placeholder| placeholder.name).collect();
    let values: BTreeMap<&'static str, Option<String>> =
        values.into_iter().map(|(name, value)| (name, if allowed.contains(&name) { value } else { None })).collect();
    let subject = fill(template.subject.trim(), &values);
    // The structure (paragraphs, headings) is read from the template before its placeholders
    // are filled in: a value someone typed ("waarom?\n\n## Beslissing") stays text in its
    // paragraph and never becomes a heading or a new paragraph of the letter.
    let mut body = Vec::new();
    let push_paragraph = |body: &mut Vec<Block>, lines: &mut Vec<&str>| {
        let text = fill(&lines.join("\n"), &values).replace("\r\n", "\n");
        if !text.trim().is_empty() {
            body.push(Block::Paragraph(text.trim_matches('\n').to_string()));
        }
        lines.clear();
    };
    for chunk in template.body.replace("\r\n", "\n").split("\n\n") {
        let mut paragraph: Vec<&str> = Vec::new();
        for line in chunk.trim_matches('\n').lines() {
            if let Some(heading) = line.trim_start().strip_prefix("## ") {
                push_paragraph(&mut body, &mut paragraph);
                body.push(Block::Heading(fill(heading.trim(), &values).replace(['\r', '\n'], " ")));
            } else {
                paragraph.push(line.trim_end());
            }
        }
        push_paragraph(&mut body, &mut paragraph);
    }
    if kind == LetterKind::Decision && facts.recipient == Recipient::Respondent {
        // The colleague gets a copy of the complainant's letter; say so before it starts.
        body.insert(
            0,
            Block::Paragraph(format!(
                "Afschrift: u ontvangt een kopie van de beslissing die wij aan {} hebben gestuurd. Wat hieronder over de Ombudsman staat, geldt voor de klager.",
                facts.complainant_name
            )),
        );
    }
    let mut signature: Vec<String> =
        municipality.signature_lines.iter().map(|line| line.replace("{{gemeente.naam}}", &municipality.name)).collect();
    signature.push(String::new());
    signature.push(signer.name.clone());
    if !signer.function.is_empty() {
        signature.push(signer.function.clone());
    }
    body.push(Block::Space);
    body.push(Block::Lines(signature));

    let mut recipient = vec![facts.recipient_name.clone()];
    recipient.extend(facts.recipient_address.iter().filter(|line| !line.trim().is_empty()).cloned());
    let reference_block = vec![
        ("Datum".to_string(), long_date(facts.letter_date)),
        ("Ons kenmerk".to_string(), facts.reference.clone()),
        ("Onderwerp".to_string(), subject.clone()),
    ];
    let document = LetterDocument {
        title: format!("{} {}", kind.dutch_label(), facts.reference),
        letterhead: municipality.letterhead(),
        recipient,
        reference_block,
        body,
        footer_note: facts.reference.clone(),
        created_on: facts.letter_date,
    };
    let text = document_text(&document);
    ComposedLetter { document, text }
}

/// The reader-visible text of a document in reading order: the address and reference lines,
/// then each block as its own paragraph.
pub fn document_text(document: &LetterDocument) -> String {
    let mut head: Vec<String> = document.recipient.clone();
    for (label, value) in &document.reference_block {
        head.push(format!("{label}: {value}"));
    }
    let mut parts = vec![head.join("\n")];
    for block in &document.body {
        match block {
            Block::Heading(text) | Block::Paragraph(text) | Block::Emphasis(text) => parts.push(text.clone()),
            Block::Lines(lines) => parts.push(lines.join("\n")),
            Block::Table { title, header, rows } => {
                let table: Vec<String> = std::iter::once(header).chain(rows).map(|row| row.join("\t")).collect();
                parts.push(format!("{title}\n{}", table.join("\n")))
            }
            Block::BarChart(chart) => {
                let rows: Vec<String> = chart.rows.iter().map(|row| format!("{}\t{}", row.label, row.texts.join("\t"))).collect();
                parts.push(format!("{}\n{}", chart.title, rows.join("\n")))
            }
            Block::Space => {}
        }
    }
    parts.join("\n\n")
}

/// The default text of each letter, in clear language (B1).
pub fn default_template(kind: LetterKind) -> Template {
    let (subject, body) = match kind {
        LetterKind::Acknowledgement => (
            "Ontvangstbevestiging van uw klacht",
            "Beste {{ontvanger.naam}},

Op {{klacht.ontvangen_op}} hebben wij uw klacht ontvangen. Uw klacht gaat over: {{klacht.onderwerp}}. Dank u wel dat u dit aan ons laat weten. In deze brief leest u wat er nu gebeurt.

## Wie behandelt uw klacht?
Uw klacht wordt behandeld door {{behandelaar.naam}}, {{behandelaar.functie}}. Iemand over wie u klaagt, behandelt uw klacht nooit zelf.

## Wij bellen u
Wij bellen u uiterlijk op {{eerste_contact_uiterlijk}} om uw klacht te bespreken. Vaak kunnen wij samen met u een oplossing vinden. Lukt dat niet, of wilt u dat liever, dan behandelen wij uw klacht formeel.

## U mag uw klacht mondeling toelichten
Bij een formele behandeling nodigen wij u uit voor een hoorgesprek. U wordt dan gehoord en kunt uw klacht toelichten. Ook de medewerker over wie u klaagt, mag zijn of haar kant van het verhaal vertellen. Dit staat in artikel 9:10 van de Algemene wet bestuursrecht.

## Wanneer krijgt u een beslissing?
U krijgt uiterlijk op {{beslistermijn}} een schriftelijke beslissing op uw klacht. Dit is de termijn van zes weken uit artikel 9:11 van de Algemene wet bestuursrecht. Hebben wij meer tijd nodig, dan mogen wij de termijn één keer met ten hoogste vier weken verlengen. Dat laten wij u dan op tijd schriftelijk weten.

## Vragen?
Heeft u vragen over uw klacht? Bel ons dan op {{gemeente.telefoon}} en noem het kenmerk {{kenmerk}}.",
        ),
        LetterKind::Forwarding => (
            "Uw klacht is doorgestuurd",
            "Beste {{ontvanger.naam}},

Op {{klacht.ontvangen_op}} hebben wij uw klacht ontvangen. Uw klacht gaat over: {{klacht.onderwerp}}.

## Wij hebben uw klacht doorgestuurd
Uw klacht gaat niet over de gemeente {{gemeente.naam}}, maar over een andere organisatie. Daarom hebben wij uw klacht doorgestuurd naar {{doorzending.ontvanger}}. Dat moeten wij doen volgens artikel 2:3 van de Algemene wet bestuursrecht.

## Wat gebeurt er nu?
{{doorzending.ontvanger}} behandelt uw klacht verder en neemt contact met u op. Heeft u vragen over de behandeling? Neem dan contact op met {{doorzending.ontvanger}}.

## Vragen over deze brief?
Bel ons op {{gemeente.telefoon}} en noem het kenmerk {{kenmerk}}.",
        ),
        LetterKind::NonHandling => (
            "Wij behandelen uw klacht niet",
            "Beste {{ontvanger.naam}},

Op {{klacht.ontvangen_op}} hebben wij uw klacht ontvangen. Uw klacht gaat over: {{klacht.onderwerp}}. In deze brief leest u dat wij uw klacht niet behandelen, en waarom.

## Waarom behandelen wij uw klacht niet?
De wet zegt in welke gevallen een gemeente een klacht niet hoeft te behandelen (artikel 9:8 van de Algemene wet bestuursrecht). Bij uw klacht is dat zo, omdat: {{niet_in_behandeling.grond}}.

## Bent u het hier niet mee eens?
Dan kunt u zich wenden tot de Ombudsman Metropool Amsterdam. Dat moet binnen een jaar nadat u deze brief heeft ontvangen. Kijk voor meer informatie op www.ombudsmanmetropool.nl of bel 020 - 625 99 99.

## Vragen?
Bel ons op {{gemeente.telefoon}} en noem het kenmerk {{kenmerk}}.",
        ),
        LetterKind::HearingInvitation => (
            "Uitnodiging voor een hoorzitting over de klacht",
            "Beste {{ontvanger.naam}},

Op {{klacht.ontvangen_op}} hebben wij een klacht ontvangen van {{klager.naam}}. De klacht gaat over: {{klacht.onderwerp}}. Wij nodigen u uit voor een hoorzitting over deze klacht.

## Wanneer en waar?
Datum: {{hoorzitting.datum}}
Tijd: {{hoorzitting.tijd}}
Plaats: {{hoorzitting.plaats}}

## Wat gebeurt er tijdens de hoorzitting?
Wij horen beide partijen: de klager en de medewerker over wie geklaagd wordt. Iedereen kan vertellen wat er is gebeurd. U mag iemand meenemen. Van de hoorzitting maken wij een verslag (artikel 9:10 van de Algemene wet bestuursrecht).

## Laat u ons weten of u komt?
Wilt u vóór {{hoorzitting.reageren_voor}} laten weten of u komt? Bel ons op {{gemeente.telefoon}} en noem het kenmerk {{kenmerk}}. Horen wij niets van u, dan kunnen wij besluiten u niet te horen.",
        ),
        LetterKind::Postponement => (
            "Wij hebben meer tijd nodig voor de beslissing op de klacht",
            "Beste {{ontvanger.naam}},

Op {{klacht.ontvangen_op}} hebben wij een klacht ontvangen van {{klager.naam}}. De klacht gaat over: {{klacht.onderwerp}}. De beslissing op de klacht zou uiterlijk op {{verdaging.oorspronkelijke_termijn}} komen.

## Wij hebben meer tijd nodig
Het lukt ons niet om binnen deze termijn te beslissen. Daarom stellen wij de beslissing {{verdaging.weken}} weken uit. Dat mag één keer volgens artikel 9:11, lid 2, van de Algemene wet bestuursrecht. Deze brief gaat naar de klager en naar de medewerker over wie geklaagd wordt.

## Nieuwe datum
De beslissing op de klacht komt nu uiterlijk op {{verdaging.nieuwe_einddatum}}.

## Vragen?
Bel ons op {{gemeente.telefoon}} en noem het kenmerk {{kenmerk}}.",
        ),
        LetterKind::InformalConfirmation => (
            "Bevestiging: uw klacht is opgelost",
            "Beste {{ontvanger.naam}},

Op {{klacht.ontvangen_op}} hebben wij uw klacht ontvangen. Uw klacht gaat over: {{klacht.onderwerp}}. Wij hebben met u over uw klacht gesproken. Fijn dat wij samen een oplossing hebben gevonden.

## Wat hebben wij afgesproken?
{{afspraak}}

## Toch niet tevreden?
Is de klacht voor u toch niet opgelost? Dan kunt u ons vragen uw klacht alsnog formeel te behandelen. U krijgt dan een schriftelijke beslissing. Bel ons daarvoor op {{gemeente.telefoon}} en noem het kenmerk {{kenmerk}}.",
        ),
        LetterKind::Decision => (
            "Beslissing op uw klacht",
            "Beste {{ontvanger.naam}},

Op {{klacht.ontvangen_op}} hebben wij een klacht ontvangen van {{klager.naam}}. De klacht gaat over: {{klacht.onderwerp}}. Wij hebben de klacht onderzocht. In deze brief leest u wat wij hebben gevonden en wat wij beslissen.

## Wat hebben wij onderzocht?
{{beslissing.bevindingen}}

## Ons oordeel
Ons oordeel over de klacht: {{beslissing.oordeel}}.
{{beslissing.motivering}}

## Conclusies en maatregelen
{{beslissing.conclusies}}

## Niet tevreden met deze beslissing?
Dan kunt u zich wenden tot de Ombudsman Metropool Amsterdam. Dat moet binnen een jaar nadat u deze brief heeft ontvangen. Kijk voor meer informatie op www.ombudsmanmetropool.nl of bel 020 - 625 99 99.

## Vragen?
Bel ons op {{gemeente.telefoon}} en noem het kenmerk {{kenmerk}}.",
        ),
    };
    Template { subject: subject.to_string(), body: body.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shortened_value_is_not_followed_by_a_second_full_stop() {
        let values: BTreeMap<&'static str, Option<String>> =
            [("klacht.onderwerp", Some("De medewerker aan de balie was …".to_string()))].into_iter().collect();
        assert_eq!(
            fill("Uw klacht gaat over: {{klacht.onderwerp}}. Dank u.", &values),
            "Uw klacht gaat over: De medewerker aan de balie was … Dank u."
        );
        let whole: BTreeMap<&'static str, Option<String>> = [("klacht.onderwerp", Some("de balie".to_string()))].into_iter().collect();
        assert_eq!(fill("Over: {{klacht.onderwerp}}.", &whole), "Over: de balie.");
    }
}
