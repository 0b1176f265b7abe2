//! iCalendar (RFC 5545) export of deadlines, so handlers see them in Outlook (DL-09). Pure:
//! events in, text out. Events carry the reference and the kind of deadline, never the
//! complainant's name: a calendar leaves the encrypted store.

use chrono::{Days, NaiveDate, NaiveDateTime};

/// One all-day event with a reminder the day before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    /// Stable across exports, so re-importing updates instead of duplicating.
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
}

/// Escapes TEXT values (RFC 5545 3.3.11).
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace("\r\n", "\\n").replace('\n', "\\n")
}

/// Folds a content line at 75 octets (RFC 5545 3.1), never inside a UTF-8 character.
fn fold(line: &str) -> String {
    let mut folded = String::new();
    let mut length = 0;
    for character in line.chars() {
        let size = character.len_utf8();
        if length + size > 75 {
            folded.push_str("\r\n ");
            length = 1;
        }
        folded.push(character);
        length += size;
    }
    folded.push_str("\r\n");
    folded
}

/// The calendar; `stamp_utc` is the export time in UTC (DTSTAMP).
pub fn calendar(events: &[CalendarEvent], stamp_utc: NaiveDateTime) -> String {
    let mut text = String::new();
    for line in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Klachtbalie//Termijnen//NL", "CALSCALE:GREGORIAN", "METHOD:PUBLISH"] {
        text.push_str(&fold(line));
    }
    let stamp = stamp_utc.format("%Y%m%dT%H%M%SZ").to_string();
    for event in events {
        let next_day = event.date.checked_add_days(Days::new(1)).unwrap_or(event.date);
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!("UID:{}", escape(&event.uid)),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", event.date.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", next_day.format("%Y%m%d")),
            format!("SUMMARY:{}", escape(&event.summary)),
            format!("DESCRIPTION:{}", escape(&event.description)),
            "TRANSP:TRANSPARENT".to_string(),
            "BEGIN:VALARM".to_string(),
            "ACTION:DISPLAY".to_string(),
            format!("DESCRIPTION:{}", escape(&event.summary)),
            "TRIGGER:-P1D".to_string(),
            "END:VALARM".to_string(),
            "END:VEVENT".to_string(),
        ] {
            text.push_str(&fold(&line));
        }
    }
    text.push_str(&fold("END:VCALENDAR"));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_calendar_with_escaped_folded_all_day_events() {
        // rule DL-09: deadlines exported as iCalendar for Outlook.
        let event = CalendarEvent {
            uid: "KL-2026-0001-beslissing-20270104@klachtbalie".into(),
            date: NaiveDate::from_ymd_opt(2027, 1, 4).expect("date"),
            summary: "KL-2026-0001: beslissing op de klacht".into(),
            description: format!("Termijn; zie Klachtbalie, kenmerk KL-2026-0001. {}", "é".repeat(60)),
        };
        let stamp = NaiveDate::from_ymd_opt(2026, 11, 23).and_then(|d| d.and_hms_opt(8, 0, 0)).expect("stamp");
        let text = calendar(&[event], stamp);
        assert!(text.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(text.ends_with("END:VCALENDAR\r\n"));
        assert!(text.contains("DTSTART;VALUE=DATE:20270104\r\nDTEND;VALUE=DATE:20270105\r\n"));
        assert!(text.contains("DTSTAMP:20261123T080000Z"));
        assert!(text.contains("Termijn\\; zie Klachtbalie\\, kenmerk"), "{text}");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "line longer than 75 octets: {line:?}");
        }
        let unfolded = text.replace("\r\n ", "");
        assert!(unfolded.contains(&"é".repeat(60)), "folding keeps characters whole");
    }
}
