//! The rules every form shares for its fields: how a problem with a field is said, and what a
//! date of something that already happened on a complaint must be. Pure.

use super::complaint::{parse_dutch_or_iso_date, FieldError};
use chrono::NaiveDate;

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
}
