//! The Algemene termijnenwet calendar: which days are recognised holidays (Atw art. 3,
//! rule DL-04), which days are working days (DL-08), and the roll-over of a term that ends on
//! a weekend or holiday (Atw art. 1, rule DL-03).

use chrono::{Datelike, Days, NaiveDate, Weekday};
use std::collections::BTreeSet;

/// The holiday calendar in force: the statutory Atw holidays, which are computed, plus the
/// extra days declared by royal decree that an administrator configures.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HolidayCalendar {
    extra_holidays: BTreeSet<NaiveDate>,
}

impl HolidayCalendar {
    /// A calendar with only the statutory holidays.
    pub fn statutory() -> Self {
        Self::default()
    }

    /// A calendar with the statutory holidays and these extra (royal-decree) days.
    pub fn with_extra_holidays(extra: impl IntoIterator<Item = NaiveDate>) -> Self {
        Self { extra_holidays: extra.into_iter().collect() }
    }

    pub fn extra_holidays(&self) -> impl Iterator<Item = &NaiveDate> {
        self.extra_holidays.iter()
    }

    /// The Dutch name of the holiday on this date, if it is one (rule DL-04).
    pub fn holiday_name(&self, date: NaiveDate) -> Option<&'static str> {
        if let Some(name) = statutory_holiday_name(date) {
            return Some(name);
        }
        self.extra_holidays.contains(&date).then_some("bij koninklijk besluit vastgestelde dag")
    }

    pub fn is_holiday(&self, date: NaiveDate) -> bool {
        self.holiday_name(date).is_some()
    }

    /// A working day is neither a Saturday, a Sunday nor a holiday (rule DL-08).
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        !is_weekend(date) && !self.is_holiday(date)
    }

    /// Atw art. 1 (rule DL-03): a term ending on a Saturday, Sunday or holiday ends on the next
    /// day that is none of those.
    pub fn roll_forward(&self, date: NaiveDate) -> NaiveDate {
        let mut day = date;
        while !self.is_working_day(day) {
            day = next_day(day);
        }
        day
    }

    /// The date `count` working days after `start`, not counting `start` itself (DL-08).
    pub fn add_working_days(&self, start: NaiveDate, count: u32) -> NaiveDate {
        let mut day = start;
        let mut remaining = count;
        while remaining > 0 {
            day = next_day(day);
            if self.is_working_day(day) {
                remaining -= 1;
            }
        }
        day
    }

    /// Number of working days after `from` up to and including `to` (0 when `to <= from`).
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            day = next_day(day);
            if self.is_working_day(day) {
                count += 1;
            }
        }
        count
    }
}

fn is_weekend(date: NaiveDate) -> bool {
    matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
}

fn next_day(date: NaiveDate) -> NaiveDate {
    // NaiveDate ends in the year 262143; a complaint date never gets near it.
    date.checked_add_days(Days::new(1)).unwrap_or(date)
}

/// Easter Sunday in the Gregorian calendar (the anonymous Gregorian computus, also known as
/// the Meeus/Jones/Butcher algorithm). Rule DL-04 requires Easter to be computed.
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year % 19;
    let b = year / 100;
    let c = year % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    // The algorithm always yields a day in March or April, which always exists.
    NaiveDate::from_ymd_opt(year, month as u32, day as u32).unwrap_or_default()
}

/// The holidays of Atw art. 3 (rule DL-04). 5 mei counts every year: the Atw names it
/// without the lustrum restriction that some collective labour agreements use.
fn statutory_holiday_name(date: NaiveDate) -> Option<&'static str> {
    let (month, day) = (date.month(), date.day());
    match (month, day) {
        (1, 1) => return Some("Nieuwjaarsdag"),
        (5, 5) => return Some("Bevrijdingsdag"),
        (12, 25) => return Some("Eerste Kerstdag"),
        (12, 26) => return Some("Tweede Kerstdag"),
        _ => {}
    }
    if is_kings_day(date) {
        return Some("Koningsdag");
    }
    let easter = easter_sunday(date.year());
    let offset = date.signed_duration_since(easter).num_days();
    match offset {
        -2 => Some("Goede Vrijdag"),
        0 => Some("Eerste Paasdag"),
        1 => Some("Tweede Paasdag"),
        39 => Some("Hemelvaartsdag"),
        49 => Some("Eerste Pinksterdag"),
        50 => Some("Tweede Pinksterdag"),
        _ => None,
    }
}

/// Koningsdag is 27 April, or 26 April when the 27th is a Sunday (DL-04).
fn is_kings_day(date: NaiveDate) -> bool {
    if date.month() != 4 {
        return false;
    }
    let Some(the_27th) = NaiveDate::from_ymd_opt(date.year(), 4, 27) else { return false };
    if the_27th.weekday() == Weekday::Sun {
        date.day() == 26
    } else {
        date.day() == 27
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn easter_is_computed_for_known_years() {
        // rule DL-04: Easter is computed (Gregorian computus), not typed in.
        for (year, expected) in [
            (2000, "2000-04-23"),
            (2008, "2008-03-23"),
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter_sunday(year), date(expected), "Easter {year}");
        }
    }

    fn check_holiday(day: &str, expected: Option<&str>) {
        let calendar = HolidayCalendar::statutory();
        assert_eq!(calendar.holiday_name(date(day)), expected, "{day}");
    }

    #[test]
    fn statutory_holidays_of_the_atw() {
        // rule DL-04
        check_holiday("2026-01-01", Some("Nieuwjaarsdag"));
        check_holiday("2026-04-03", Some("Goede Vrijdag"));
        check_holiday("2026-04-06", Some("Tweede Paasdag"));
        check_holiday("2026-04-27", Some("Koningsdag"));
        check_holiday("2026-05-05", Some("Bevrijdingsdag"));
        check_holiday("2027-05-05", Some("Bevrijdingsdag")); // not a lustrum year: still a holiday
        check_holiday("2026-05-14", Some("Hemelvaartsdag"));
        check_holiday("2026-05-25", Some("Tweede Pinksterdag"));
        check_holiday("2026-12-25", Some("Eerste Kerstdag"));
        check_holiday("2026-12-26", Some("Tweede Kerstdag"));
        check_holiday("2026-04-28", None);
        check_holiday("2026-11-23", None);
    }

    #[test]
    fn kings_day_moves_to_the_26th_when_the_27th_is_a_sunday() {
        // rule DL-04: 27 April 2025 and 2031 are Sundays.
        check_holiday("2025-04-26", Some("Koningsdag"));
        check_holiday("2025-04-27", None);
        check_holiday("2031-04-26", Some("Koningsdag"));
        check_holiday("2031-04-27", None);
        check_holiday("2026-04-26", None);
    }

    #[test]
    fn extra_royal_decree_days_are_holidays() {
        // rule DL-04: configurable extra dates.
        let calendar = HolidayCalendar::with_extra_holidays([date("2026-05-15")]);
        assert!(calendar.is_holiday(date("2026-05-15")));
        assert!(!HolidayCalendar::statutory().is_holiday(date("2026-05-15")));
    }

    fn check_roll(day: &str, expected: &str) {
        assert_eq!(HolidayCalendar::statutory().roll_forward(date(day)), date(expected), "{day}");
    }

    #[test]
    fn terms_ending_on_weekend_or_holiday_roll_forward() {
        // rule DL-03 (Atw art. 1)
        check_roll("2026-11-23", "2026-11-23"); // Monday stays
        check_roll("2026-11-21", "2026-11-23"); // Saturday -> Monday
        check_roll("2026-11-22", "2026-11-23"); // Sunday -> Monday
        check_roll("2026-12-25", "2026-12-28"); // Christmas Friday -> Monday
        check_roll("2026-04-03", "2026-04-07"); // Good Friday -> past Easter Monday
        check_roll("2026-05-14", "2026-05-15"); // Ascension Thursday -> Friday
        check_roll("2027-01-01", "2027-01-04"); // New Year Friday -> Monday
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        // rule DL-08
        let calendar = HolidayCalendar::statutory();
        assert_eq!(calendar.add_working_days(date("2026-11-23"), 5), date("2026-11-30"));
        assert_eq!(calendar.add_working_days(date("2026-12-23"), 5), date("2026-12-31"));
        assert_eq!(calendar.add_working_days(date("2026-04-01"), 2), date("2026-04-07"));
        assert_eq!(calendar.working_days_between(date("2026-11-23"), date("2026-11-30")), 5);
        assert_eq!(calendar.working_days_between(date("2026-11-30"), date("2026-11-23")), 0);
    }
}
