//! The rules every form shares for its fields: how a problem with a field is said, the Dutch
//! ways of typing a date, a postcode, a phone number and an e-mail address, and what a date of
//! something that already happened on a complaint must be. Pure.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One validation problem, in Dutch, tied to the form field it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Trims and folds inner runs of white space, for names and single-line fields.
pub fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Accepts `dd-mm-jjjj` (what Dutch users type), `d-m-jjjj`, `dd/mm/jjjj` and ISO `jjjj-mm-dd`
/// (what an `<input type=date>` sends).
pub fn parse_dutch_or_iso_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text, "%d-%m-%Y"))
        .or_else(|_| NaiveDate::parse_from_str(text, "%d/%m/%Y"))
        .ok()
        .filter(|date| (1900..=9999).contains(&chrono::Datelike::year(date)))
}

/// A Dutch postcode: four digits (not starting with 0) and two letters, shown as `1234 AB`.
/// SA, SD and SS are not issued, as PostNL does not use them.
pub fn normalise_postcode(text: &str) -> Option<String> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let (digits, letters) = compact.split_at_checked(4)?;
    let digits_ok = digits.chars().all(|c| c.is_ascii_digit()) && !digits.starts_with('0');
    let letters_ok = letters.len() == 2 && letters.chars().all(|c| c.is_ascii_uppercase());
    (digits_ok && letters_ok && !matches!(letters, "SA" | "SD" | "SS")).then(|| format!("{digits} {letters}"))
}

/// A Dutch phone number: 10 digits starting with 0 (spaces, dashes, brackets allowed), or
/// +31 / 0031 followed by 9 digits. Returned in the national form, digits only.
pub fn normalise_phone(text: &str) -> Option<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    if trimmed.chars().any(|c| !(c.is_ascii_digit() || " -()+".contains(c))) {
        return None;
    }
    let digits: String = trimmed.chars().filter(char::is_ascii_digit).collect();
    let national = if trimmed.starts_with('+') {
        digits.strip_prefix("31").map(|rest| format!("0{}", rest.trim_start_matches('0')))?
    } else if let Some(rest) = digits.strip_prefix("0031") {
        format!("0{}", rest.trim_start_matches('0'))
    } else {
        digits
    };
    (national.len() == 10 && national.starts_with('0') && !national.starts_with("00")).then_some(national)
}

pub fn is_plausible_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else { return false };
    !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !text.chars().any(char::is_whitespace)
}

/// A problem with one field of a form, as the window shows it beside that field.
pub fn problem(field: &str, message: impl Into<String>) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// A date that is filled in, valid, not in the future and not before the complaint was received
/// (`received_on`); on a problem the error is added and a stand-in date returned.
pub fn past_date(errors: &mut Vec<FieldError>, field: &str, text: &str, received_on: NaiveDate, today: NaiveDate) -> NaiveDate {
    match parse_dutch_or_iso_date(text) {
        None => {
            errors.push(problem(field, "Vul een geldige datum in (dd-mm-jjjj)."));
            today
        }
        Some(date) if date > today => {
            errors.push(problem(field, "Deze datum ligt in de toekomst."));
            today
        }
        Some(date) if date < received_on => {
            errors.push(problem(field, "Deze datum ligt vóór de ontvangst van de klacht."));
            date
        }
        Some(date) => date,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("a date")
    }

    #[test]
    fn a_past_date_is_valid_not_in_the_future_and_not_before_receipt() {
        // rule INT-02: a date is valid, not in the future, and not before receipt
        let (received, today) = (day("2026-03-02"), day("2026-03-10"));
        let mut errors = Vec::new();
        assert_eq!(past_date(&mut errors, "date", "05-03-2026", received, today), day("2026-03-05"));
        assert!(errors.is_empty());
        for (text, message) in [
            ("gisteren", "Vul een geldige datum in (dd-mm-jjjj)."),
            ("11-03-2026", "Deze datum ligt in de toekomst."),
            ("01-03-2026", "Deze datum ligt vóór de ontvangst van de klacht."),
        ] {
            let mut errors = Vec::new();
            past_date(&mut errors, "date", text, received, today);
            assert_eq!(errors, [problem("date", message)], "{text}");
        }
    }

    #[test]
    fn dutch_formats_for_postcode_phone_and_email() {
        // rule INT-02
        for (postcode, ok) in
            [("1111 GE", true), ("1111ge", true), ("0111 GE", false), ("1111 SS", false), ("11111", false), ("1111 G", false)]
        {
            assert_eq!(normalise_postcode(postcode).is_some(), ok, "postcode {postcode}");
        }
        for (phone, expected) in [
            ("020 123 4567", Some("0201234567")),
            ("06-12345678", Some("0612345678")),
            ("+31 6 12345678", Some("0612345678")),
            ("+31 (0)20 1234567", Some("0201234567")),
            ("0031 20 1234567", Some("0201234567")),
            ("12345", None),
            ("+44 20 1234 5678", None),
            ("06-1234567x", None),
        ] {
            assert_eq!(normalise_phone(phone).as_deref(), expected, "phone {phone}");
        }
        assert!(is_plausible_email("jan@voorbeeld.nl") && !is_plausible_email("jan@voorbeeld"));
    }
}
