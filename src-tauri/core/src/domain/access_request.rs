//! AVG-03 (art. 15): a request for access as the coördinator registers it (who
//! asked, how their identity was checked, when it came in) and its answer term: one month,
//! extendable once by two months when the person is told why within the first month
//! (AVG art. 12 lid 3). Pure: the form's rules and the term arithmetic.

use super::calendar::HolidayCalendar;
use super::code::coded;
use super::form::{parse_dutch_or_iso_date, FieldError};
use super::text::{text_problem, Lines};
use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

coded! {
    /// How the municipality made sure the request comes from the person it is about (an answer
    /// to the wrong person would itself be a data breach).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub enum IdentityCheck {
        /// Seen at the desk: passport, identity card or driving licence.
        DocumentAtDesk = "legitimatie_balie",
        /// Sent through the municipality's DigiD form.
        DigiD = "digid",
        /// Answered only to the postal address the municipality already holds.
        KnownAddress = "bekend_adres",
        /// A representative: the authorisation and both identities were checked.
        Representative = "gemachtigde",
    }
}

impl IdentityCheck {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::DocumentAtDesk => "legitimatiebewijs gezien aan de balie",
            Self::DigiD => "ingediend met DigiD",
            Self::KnownAddress => "antwoord alleen naar het bij ons bekende adres",
            Self::Representative => "machtiging en legitimatie van de gemachtigde gecontroleerd",
        }
    }
}

/// The registration form as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AccessRequestForm {
    /// The person asking, as the answer will be addressed.
    pub requester: String,
    /// Where the answer goes (usually their postal address).
    pub address: String,
    pub identity_check: String,
    /// Which document, or other details of the check (never a document number: not needed).
    pub identity_note: String,
    pub received_on: String,
}

/// A validated registration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAccessRequest {
    pub requester: String,
    pub address: String,
    pub identity_check: IdentityCheck,
    pub identity_note: String,
    pub received_on: NaiveDate,
}

impl AccessRequestForm {
    /// The rules: a name (required), an address for the answer, a known identity check, a
    /// receipt date not in the future and not over a year ago (an older request is long overdue
    /// and belongs in a complaint, not in a late registration).
    pub fn validate(&self, today: NaiveDate) -> Result<NewAccessRequest, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| errors.push(FieldError { field: field.into(), message });
        if let Some(problem) = text_problem(&self.requester, Lines::Single, 200, Some("Vul de naam in van wie om inzage vraagt.")) {
            fail("requester", problem);
        }
        if let Some(problem) = text_problem(&self.address, Lines::Multi, 300, None) {
            fail("address", problem);
        }
        let identity_check = IdentityCheck::from_code(self.identity_check.trim());
        if identity_check.is_none() {
            fail("identity_check", "Kies hoe de identiteit is vastgesteld.".into());
        }
        if let Some(problem) = text_problem(&self.identity_note, Lines::Single, 300, None) {
            fail("identity_note", problem);
        }
        let received_on = match parse_dutch_or_iso_date(self.received_on.trim()) {
            None => {
                fail("received_on", "Vul de datum van ontvangst in als dd-mm-jjjj.".into());
                None
            }
            Some(date) if date > today => {
                fail("received_on", "De datum van ontvangst ligt in de toekomst.".into());
                None
            }
            Some(date) if date.checked_add_months(Months::new(12)).is_some_and(|year_later| year_later < today) => {
                fail("received_on", "De datum van ontvangst ligt meer dan een jaar terug.".into());
                None
            }
            Some(date) => Some(date),
        };
        match (identity_check, received_on) {
            (Some(identity_check), Some(received_on)) if errors.is_empty() => Ok(NewAccessRequest {
                requester: self.requester.trim().to_string(),
                address: self.address.trim().to_string(),
                identity_check,
                identity_note: self.identity_note.trim().to_string(),
                received_on,
            }),
            _ => Err(errors),
        }
    }
}

/// A term of `months` from `received_on` (Regulation 1182/71, which governs the AVG's terms):
/// it ends on the same date in the last month, or that month's last day when there is no such
/// date (31 January + 1 month = 28/29 February), and moves to the next working day when it ends
/// on a Saturday, Sunday or public holiday (art. 3 lid 4).
fn months_after(received_on: NaiveDate, months: u32, calendar: &HolidayCalendar) -> NaiveDate {
    let end = received_on.checked_add_months(Months::new(months)).unwrap_or(NaiveDate::MAX);
    calendar.roll_forward(end)
}

/// AVG art. 12 lid 3: the answer is due one month after receipt.
pub fn answer_due(received_on: NaiveDate, calendar: &HolidayCalendar) -> NaiveDate {
    months_after(received_on, 1, calendar)
}

/// AVG art. 12 lid 3: extended, the answer is due two months later still: three months after
/// receipt.
pub fn extended_answer_due(received_on: NaiveDate, calendar: &HolidayCalendar) -> NaiveDate {
    months_after(received_on, 3, calendar)
}

/// Whether the term may be extended today, and if not, why (Dutch): once only, with a reason,
/// and only while the first month runs (the person must be told within it).
pub fn extension_problem(
    received_on: NaiveDate,
    already_extended: bool,
    answered: bool,
    today: NaiveDate,
    calendar: &HolidayCalendar,
) -> Option<String> {
    let first_month_ends = answer_due(received_on, calendar);
    if answered {
        Some("Dit verzoek is al beantwoord.".into())
    } else if already_extended {
        Some("De termijn is al eens verlengd; dat kan maar één keer (AVG artikel 12 lid 3).".into())
    } else if today > first_month_ends {
        Some(format!(
            "De termijn kan alleen binnen de eerste maand worden verlengd (tot en met {}); die is voorbij.",
            super::dutch_date::long_date(first_month_ends)
        ))
    } else {
        None
    }
}

/// Art. 15 lid 4: the answer must not reveal other people's data. The complainant's own words
/// may name an official; each such name (the full name, and the surname alone when it is at
/// least four letters and not part of the person's own name) is blacked out, as whole words
/// and whatever the case.
pub fn black_out_names(text: &str, names: &[&str], own_name: &str) -> String {
    let own: Vec<String> = own_name.split_whitespace().map(str::to_lowercase).collect();
    let mut needles: Vec<Vec<char>> = Vec::new();
    for name in names {
        let name = name.trim();
        if name.chars().count() >= 3 {
            needles.push(name.chars().collect());
        }
        if let Some(surname) = name.split_whitespace().last() {
            if surname.chars().count() >= 4 && surname != name && !own.contains(&surname.to_lowercase()) {
                needles.push(surname.chars().collect());
            }
        }
    }
    // Longest first, so "Jan Smit" is blacked out whole before "Smit" could be.
    needles.sort_by_key(|needle| std::cmp::Reverse(needle.len()));
    let chars: Vec<char> = text.chars().collect();
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let boundary = |index: Option<usize>| index.and_then(|i| chars.get(i)).is_none_or(|c| !c.is_alphanumeric());
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'text: while i < chars.len() {
        if boundary(i.checked_sub(1)) {
            for needle in &needles {
                let end = i + needle.len();
                if end <= chars.len() && chars[i..end].iter().zip(needle).all(|(a, b)| same(*a, *b)) && boundary(Some(end)) {
                    out.push_str("[naam medewerker]");
                    i = end;
                    continue 'text;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn avg03_the_answer_is_due_a_month_later_moved_past_weekends_and_holidays() {
        let calendar = HolidayCalendar::statutory();
        // 1 January 2027 is a holiday (Nieuwjaarsdag), then a weekend: Monday 4 January.
        assert_eq!(answer_due(date("2026-12-01"), &calendar), date("2027-01-04"));
        // No 31 February: the last day of February, a Sunday in 2027 → Monday 1 March.
        assert_eq!(answer_due(date("2027-01-31"), &calendar), date("2027-03-01"));
        // 2028 is a leap year: 29 February, a Tuesday.
        assert_eq!(answer_due(date("2028-01-31"), &calendar), date("2028-02-29"));
        // An ordinary working day stays.
        assert_eq!(answer_due(date("2026-11-10"), &calendar), date("2026-12-10"));
        // Extended: three months after receipt; 10 February 2027 is a Wednesday.
        assert_eq!(extended_answer_due(date("2026-11-10"), &calendar), date("2027-02-10"));
    }

    #[test]
    fn avg03_the_term_is_extended_once_with_a_reason_told_within_the_first_month() {
        let calendar = HolidayCalendar::statutory();
        let received = date("2026-11-10");
        assert_eq!(extension_problem(received, false, false, date("2026-12-10"), &calendar), None, "on the last day of the month");
        assert!(extension_problem(received, false, false, date("2026-12-11"), &calendar).expect("too late").contains("10 december 2026"));
        assert!(extension_problem(received, true, false, date("2026-11-20"), &calendar).expect("twice").contains("één keer"));
        assert!(extension_problem(received, false, true, date("2026-11-20"), &calendar).expect("answered").contains("beantwoord"));
    }

    #[test]
    fn avg03_a_registration_names_the_person_the_check_and_a_past_date() {
        let today = date("2026-12-01");
        let form = AccessRequestForm {
            requester: " Ria Cliteur ".into(),
            address: "Arent Krijtsstraat 1\n1111 AA Diemen".into(),
            identity_check: "legitimatie_balie".into(),
            identity_note: "rijbewijs".into(),
            received_on: "30-11-2026".into(),
        };
        let valid = form.validate(today).expect("valid");
        assert_eq!(
            (valid.requester.as_str(), valid.identity_check, valid.received_on),
            ("Ria Cliteur", IdentityCheck::DocumentAtDesk, date("2026-11-30"))
        );
        let empty = AccessRequestForm { received_on: "02-12-2026".into(), ..AccessRequestForm::default() };
        let fields: Vec<String> = empty.validate(today).expect_err("invalid").into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["requester", "identity_check", "received_on"]);
        let old = AccessRequestForm { received_on: "01-11-2025".into(), ..form };
        assert_eq!(old.validate(today).expect_err("too old")[0].field, "received_on");
    }

    #[test]
    fn avg03_officials_named_in_the_complainants_words_are_blacked_out() {
        let text = "Jan Smit van Burgerzaken en later mevrouw DE BOER zeiden nee; smith en Smitje niet.";
        let out = black_out_names(text, &["Jan Smit", "Anna de Boer"], "Ria Cliteur");
        assert_eq!(out, "[naam medewerker] van Burgerzaken en later mevrouw DE [naam medewerker] zeiden nee; smith en Smitje niet.");
        // The person's own surname stays, even when an official shares it.
        assert_eq!(black_out_names("Ik, Ria Boer, en Anna de Boer.", &["Anna de Boer"], "Ria Boer"), "Ik, Ria Boer, en [naam medewerker].");
    }
}
