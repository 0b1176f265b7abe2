//! Dates written out in Dutch for letters and screens ("23 november 2026", section 6).

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};

const MONTHS: [&str; 12] =
    ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"];

/// "23 november 2026".
pub fn long_date(date: NaiveDate) -> String {
    format!("{} {} {}", date.day(), MONTHS[date.month0() as usize], date.year())
}

/// "maandag 4 januari 2027": used for deadlines, where the weekday helps the reader.
pub fn long_date_with_weekday(date: NaiveDate) -> String {
    let weekday = match date.weekday() {
        Weekday::Mon => "maandag",
        Weekday::Tue => "dinsdag",
        Weekday::Wed => "woensdag",
        Weekday::Thu => "donderdag",
        Weekday::Fri => "vrijdag",
        Weekday::Sat => "zaterdag",
        Weekday::Sun => "zondag",
    };
    format!("{weekday} {}", long_date(date))
}

/// "23 november 2026, 09:05": a moment on a screen (timeline, notes, audit log, letters), in the
/// same words as every date there.
pub fn moment(at: NaiveDateTime) -> String {
    format!("{}, {}", long_date(at.date()), at.format("%H:%M"))
}

/// "23-11-2026", the short form Dutch users read and type.
pub fn short_date(date: NaiveDate) -> String {
    date.format("%d-%m-%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_written_out_in_dutch() {
        // section 6: date written out in Dutch, e.g. "23 november 2026".
        let date = NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
        assert_eq!(long_date(date), "23 november 2026");
        assert_eq!(moment(date.and_hms_opt(9, 5, 0).expect("time")), "23 november 2026, 09:05");
        assert_eq!(long_date_with_weekday(date), "maandag 23 november 2026");
        assert_eq!(short_date(date), "23-11-2026");
        let march = NaiveDate::from_ymd_opt(2027, 3, 1).expect("date");
        assert_eq!(long_date(march), "1 maart 2027");
    }
}
