//! LT-01: what each letter must contain (section 6), checked on the letter's rendered text,
//! so an edited template can never produce a final letter without it.

use super::templates::{LetterFacts, LetterKind};
use crate::domain::dutch_date::long_date;

/// One element a letter must (or must not) contain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// What the user reads when it is missing, e.g. "de nieuwe einddatum (2 februari 2027)".
    pub label: String,
    test: Test,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Test {
    /// The text contains this value (names, dates, recorded texts).
    Contains(String),
    /// The text contains at least one of these phrasings.
    AnyOf(Vec<&'static str>),
    /// The text contains none of these phrases.
    NoneOf(Vec<&'static str>),
}

/// Lower case, accents folded, whitespace collapsed: a line break or "één" never hides an
/// element that is there.
fn normalise(text: &str) -> String {
    let folded: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'á' | 'à' | 'ä' | 'â' => 'a',
            'é' | 'è' | 'ë' | 'ê' => 'e',
            'í' | 'ì' | 'ï' | 'î' => 'i',
            'ó' | 'ò' | 'ö' | 'ô' => 'o',
            'ú' | 'ù' | 'ü' | 'û' => 'u',
            other => other,
        })
        .collect();
    folded.replace('ĳ', "ij").split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Requirement {
    fn contains(label: impl Into<String>, value: &str) -> Self {
        Self { label: label.into(), test: Test::Contains(value.to_string()) }
    }

    fn any_of(label: &str, phrases: &[&'static str]) -> Self {
        Self { label: label.into(), test: Test::AnyOf(phrases.to_vec()) }
    }

    fn none_of(label: &str, phrases: &[&'static str]) -> Self {
        Self { label: label.into(), test: Test::NoneOf(phrases.to_vec()) }
    }

    fn is_met_by(&self, normalised_text: &str) -> bool {
        match &self.test {
            Test::Contains(value) => !value.trim().is_empty() && normalised_text.contains(&normalise(value)),
            Test::AnyOf(phrases) => phrases.iter().any(|phrase| normalised_text.contains(&normalise(phrase))),
            Test::NoneOf(phrases) => !phrases.iter().any(|phrase| normalised_text.contains(&normalise(phrase))),
        }
    }
}

/// The Ombudsman and the one-year term (Awb 9:8 letter and decision).
fn ombudsman() -> [Requirement; 2] {
    [
        Requirement::any_of("de verwijzing naar de Ombudsman Metropool", &["Ombudsman Metropool"]),
        Requirement::any_of("de termijn van één jaar voor de ombudsman", &["binnen een jaar", "binnen 1 jaar", "binnen twaalf maanden"]),
    ]
}

/// A long recorded text counts as present when its opening words are there: the letter wraps
/// it, but never shortens it.
fn opening_words(text: &str) -> String {
    text.split_whitespace().take(12).collect::<Vec<_>>().join(" ")
}

/// The elements of section 6 for this letter and these facts.
pub fn requirements(kind: LetterKind, facts: &LetterFacts) -> Vec<Requirement> {
    let mut required = vec![
        Requirement::contains(format!("het kenmerk ({})", facts.reference), &facts.reference),
        Requirement::contains(format!("de naam van de ontvanger ({})", facts.recipient_name), &facts.recipient_name),
    ];
    match kind {
        LetterKind::Acknowledgement => {
            let received = long_date(facts.received_on);
            required.push(Requirement::contains(format!("de datum van ontvangst ({received})"), &received));
            required.push(Requirement::contains(format!("wie de klacht behandelt ({})", facts.handler_name), &facts.handler_name));
            let due = long_date(facts.decision_due);
            required.push(Requirement::contains(format!("de beslistermijn ({due})"), &due));
            required.push(Requirement::any_of("het recht om gehoord te worden", &["gehoord", "hoorgesprek", "hoorzitting"]));
            required.push(Requirement::any_of(
                "dat de gemeente de klager belt",
                &["bellen u", "wij bellen", "bellen wij", "neemt telefonisch contact", "nemen telefonisch contact"],
            ));
        }
        LetterKind::Forwarding => {
            let to = facts.forwarded_to.clone().unwrap_or_default();
            required.push(Requirement::contains(format!("aan wie de klacht is doorgezonden ({to})"), &to));
        }
        LetterKind::NonHandling => {
            let ground = facts.non_handling_ground.clone().unwrap_or_default();
            required.push(Requirement::contains(format!("de grond uit artikel 9:8 Awb ({ground})"), &ground));
            required.extend(ombudsman());
        }
        LetterKind::HearingInvitation => match &facts.hearing {
            Some(hearing) => {
                let date = long_date(hearing.starts_at.date());
                let time = hearing.starts_at.format("%H:%M").to_string();
                required.push(Requirement::contains(format!("de datum van de hoorzitting ({date})"), &date));
                required.push(Requirement::contains(format!("de tijd van de hoorzitting ({time})"), &time));
                required.push(Requirement::contains(format!("de plaats van de hoorzitting ({})", hearing.place), &hearing.place));
                required.push(Requirement::any_of(
                    "dat beide partijen worden gehoord",
                    &["beide partijen", "beide kanten", "klager en de medewerker", "u en de medewerker"],
                ));
                let respond_by = long_date(hearing.respond_by);
                required.push(Requirement::contains(format!("de termijn om te reageren ({respond_by})"), &respond_by));
            }
            None => required.push(Requirement::contains("een geplande hoorzitting (plan die eerst)", "")),
        },
        LetterKind::Postponement => {
            let due = long_date(facts.decision_due);
            if facts.postponement_weeks.is_some() {
                required.push(Requirement::contains(format!("de nieuwe einddatum ({due})"), &due));
            } else {
                required.push(Requirement::contains("een vastgelegde verdaging (verdaag eerst)", ""));
            }
        }
        LetterKind::InformalConfirmation => {
            let agreement = facts.agreement.clone().unwrap_or_default();
            required.push(Requirement::contains("wat is afgesproken", &opening_words(&agreement)));
            required.push(Requirement::any_of("dat de klager nog om formele behandeling kan vragen", &["formeel", "formele behandeling"]));
        }
        LetterKind::Decision => match &facts.decision {
            Some(decision) => {
                required.push(Requirement::contains("de bevindingen", &opening_words(&decision.findings)));
                required.push(Requirement::contains(format!("het oordeel ({})", decision.judgement), &decision.judgement));
                required.push(Requirement::contains("de conclusies", &opening_words(&decision.conclusions)));
                if !decision.reasons.trim().is_empty() {
                    required.push(Requirement::contains("de motivering", &opening_words(&decision.reasons)));
                }
                required.extend(ombudsman());
                required.push(Requirement::none_of(
                    "géén bezwaar- of beroepsclausule (Awb 9:3: tegen een beslissing op een klacht staat geen bezwaar of beroep open)",
                    &[
                        "bezwaarschrift",
                        "bezwaar maken",
                        "bezwaar indienen",
                        "bezwaar aantekenen",
                        "beroep instellen",
                        "in beroep gaan",
                        "beroepschrift",
                    ],
                ));
            }
            None => required.push(Requirement::contains("een conceptbeslissing (stel die eerst op)", "")),
        },
    }
    required.push(Requirement::none_of("alle gegevens ingevuld (de brief bevat '[ONTBREEKT: ...]')", &["[ONTBREEKT:"]));
    required
}

/// LT-01: the labels of every element this letter text lacks; empty when it may be finalised.
pub fn missing_elements(kind: LetterKind, facts: &LetterFacts, text: &str) -> Vec<String> {
    let normalised = normalise(text);
    requirements(kind, facts)
        .into_iter()
        .filter(|requirement| !requirement.is_met_by(&normalised))
        .map(|requirement| requirement.label)
        .collect()
}
