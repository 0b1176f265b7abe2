//! AVG-06 (art. 19): to whom a complaint's personal data went (the ombudsman, an
//! advisory committee, the body it was forwarded to, another), so that a correction or an
//! erasure can be passed on. Pure: the kinds and the form's rules.

use super::code::coded;
use super::form::{parse_dutch_or_iso_date, FieldError};
use super::text::{text_problem, Lines};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded! {
    /// The kinds of recipient the file records.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum RecipientKind {
        Ombudsman = "ombudsman",
        AdvisoryCommittee = "adviescommissie",
        ForwardedTo = "doorgezonden",
        Other = "anders",
    }
}

impl RecipientKind {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::Ombudsman => "de ombudsman",
            Self::AdvisoryCommittee => "de klachtadviescommissie",
            Self::ForwardedTo => "het bestuursorgaan waaraan de klacht is doorgezonden",
            Self::Other => "een andere ontvanger",
        }
    }
}

/// The form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecipientForm {
    pub kind: String,
    /// The body or person, e.g. "Ombudsman Metropool Amsterdam".
    pub recipient: String,
    /// Which data went, e.g. "het klachtdossier met de beslissing".
    pub what: String,
    pub sent_on: String,
}

/// A validated recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub kind: RecipientKind,
    pub recipient: String,
    pub what: String,
    pub sent_on: NaiveDate,
}

impl RecipientForm {
    /// The rules: a known kind, who (required), what (required), a date not before the
    /// complaint was received and not in the future.
    pub fn validate(&self, received_on: NaiveDate, today: NaiveDate) -> Result<Recipient, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| errors.push(FieldError { field: field.into(), message });
        let kind = RecipientKind::from_code(self.kind.trim());
        if kind.is_none() {
            fail("kind", "Kies aan wie de gegevens zijn verstrekt.".into());
        }
        if let Some(problem) = text_problem(&self.recipient, Lines::Single, 200, Some("Vul de naam van de ontvanger in.")) {
            fail("recipient", problem);
        }
        if let Some(problem) = text_problem(&self.what, Lines::Single, 500, Some("Vul in welke gegevens zijn verstrekt.")) {
            fail("what", problem);
        }
        let sent_on = match parse_dutch_or_iso_date(&self.sent_on) {
            None => {
                fail("sent_on", "Vul een geldige datum in (dd-mm-jjjj).".into());
                None
            }
            Some(date) if date > today => {
                fail("sent_on", "De datum kan niet in de toekomst liggen.".into());
                None
            }
            Some(date) if date < received_on => {
                fail("sent_on", "De datum kan niet voor de ontvangst van de klacht liggen.".into());
                None
            }
            Some(date) => Some(date),
        };
        match (kind, sent_on) {
            (Some(kind), Some(sent_on)) if errors.is_empty() => {
                Ok(Recipient { kind, recipient: self.recipient.trim().to_string(), what: self.what.trim().to_string(), sent_on })
            }
            _ => Err(errors),
        }
    }
}
