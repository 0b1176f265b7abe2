//! Retention of closed complaints (AVG-02; Selectielijst gemeenten 2020, procestype 13
//! "Geschillen behandelen"): the class a complaint falls in by its outcome and marks, and the
//! date after which it may be destroyed, counted from the closing date, with the holds that
//! keep it (the ombudsman window of Awb 9:24, an open ombudsman case). Pure.

use super::code::coded;
use super::report::Outcome;
use chrono::{Months, NaiveDate};
use serde::Serialize;

coded! {
    /// AVG-02: where a destruction list stands (four eyes: proposed by one, executed by another).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum DestructionListState {
        Proposed = "voorgesteld",
        Executed = "uitgevoerd",
        Withdrawn = "ingetrokken",
    }
}

impl DestructionListState {
    /// As the list and its messages say it ("Vernietigingslijst 3 is al uitgevoerd").
    pub fn dutch_label(self) -> &'static str {
        self.code()
    }
}

coded! {
    /// Why a destruction list was made: retention terms that ran out, or a request to erase (AVG art. 17).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum DestructionListKind {
        Retention = "bewaartermijn",
        Request = "verzoek",
    }
}

coded! {
    /// The result classes of the Selectielijst this app uses.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
    pub enum RetentionClass {
        /// 13.1: afgehandeld (formally or informally).
        Handled = "13.1",
        /// 13.1.1: afgehandeld with financial consequences (compensation paid).
        Compensation = "13.1.1",
        /// 13.1.2: afgehandeld via the ombudsman.
        Ombudsman = "13.1.2",
        /// 13.1.3: the outcome changed a permanently kept file (marked by the coördinator).
        Permanent = "13.1.3",
        /// 13.1.4: niet in behandeling genomen (Awb 9:8).
        NotHandled = "13.1.4",
        /// 13.2: ingetrokken.
        Withdrawn = "13.2",
        /// 13.2 by analogy: doorgezonden (Awb 2:3).
        Forwarded = "13.2-doorgezonden",
    }
}

impl RetentionClass {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::Handled => "afgehandeld",
            Self::Compensation => "afgehandeld met financiële gevolgen",
            Self::Ombudsman => "afgehandeld via de ombudsman",
            Self::Permanent => "van invloed op een blijvend te bewaren dossier",
            Self::NotHandled => "niet in behandeling genomen",
            Self::Withdrawn => "ingetrokken",
            Self::Forwarded => "doorgezonden",
        }
    }
}

/// How long each class is kept, in years; `None` = permanently (B). The Beheerder may change
/// them (AVG-02); these are the Selectielijst's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetentionPeriods {
    pub handled: u32,
    pub compensation: u32,
    pub ombudsman: u32,
    pub not_handled: u32,
    pub withdrawn: u32,
    pub forwarded: u32,
}

impl Default for RetentionPeriods {
    fn default() -> Self {
        Self { handled: 5, compensation: 7, ombudsman: 10, not_handled: 1, withdrawn: 1, forwarded: 1 }
    }
}

impl RetentionPeriods {
    pub fn years(&self, class: RetentionClass) -> Option<u32> {
        match class {
            RetentionClass::Handled => Some(self.handled),
            RetentionClass::Compensation => Some(self.compensation),
            RetentionClass::Ombudsman => Some(self.ombudsman),
            RetentionClass::Permanent => None,
            RetentionClass::NotHandled => Some(self.not_handled),
            RetentionClass::Withdrawn => Some(self.withdrawn),
            RetentionClass::Forwarded => Some(self.forwarded),
        }
    }
}

/// What retention needs to know of a complaint besides its outcome.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RetentionMarks {
    /// Compensation was paid (a financial consequence of the decision).
    pub compensation_paid: bool,
    /// The complainant went on to the ombudsman.
    pub ombudsman: bool,
    /// The ombudsman's case is still running.
    pub ombudsman_case_open: bool,
    /// The coördinator marked that the outcome changed a permanently kept file.
    pub keep_permanently: bool,
}

/// A complaint's retention: its class, and the first day it may be destroyed (`None` while it
/// is open, kept permanently, or held).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retention {
    pub class: Option<RetentionClass>,
    pub destroy_after: Option<NaiveDate>,
    /// Why there is no date although the complaint is closed, in Dutch.
    pub hold: Option<String>,
}

/// Awb 9:24: the complainant may go to the ombudsman within a year after the decision.
const OMBUDSMAN_WINDOW: Months = Months::new(12);

/// AVG-02: the class by outcome and marks (the most demanding one wins: permanent, ombudsman,
/// compensation, then the outcome), and the date counted from the closing date. The complaint
/// is never destroyed while the ombudsman window is open or an ombudsman case runs; an open or
/// reopened complaint has no date.
pub fn retention(outcome: Option<Outcome>, closed_on: Option<NaiveDate>, marks: RetentionMarks, periods: &RetentionPeriods) -> Retention {
    let (Some(outcome), Some(closed_on)) = (outcome, closed_on) else {
        return Retention { class: None, destroy_after: None, hold: None };
    };
    let class = if marks.keep_permanently {
        RetentionClass::Permanent
    } else if marks.ombudsman {
        RetentionClass::Ombudsman
    } else if marks.compensation_paid {
        RetentionClass::Compensation
    } else {
        match outcome {
            Outcome::NietInBehandeling => RetentionClass::NotHandled,
            Outcome::Ingetrokken => RetentionClass::Withdrawn,
            Outcome::Doorgezonden => RetentionClass::Forwarded,
            _ => RetentionClass::Handled,
        }
    };
    if marks.ombudsman_case_open {
        return Retention { class: Some(class), destroy_after: None, hold: Some("de zaak bij de ombudsman loopt nog".into()) };
    }
    let Some(years) = periods.years(class) else {
        return Retention { class: Some(class), destroy_after: None, hold: None };
    };
    let term_end = closed_on.checked_add_months(Months::new(years * 12)).unwrap_or(NaiveDate::MAX);
    let window_end = closed_on.checked_add_months(OMBUDSMAN_WINDOW).unwrap_or(NaiveDate::MAX);
    Retention { class: Some(class), destroy_after: Some(term_end.max(window_end)), hold: None }
}

/// Whether a complaint with this retention may be destroyed on `day` (AVG-02).
pub fn may_be_destroyed(retention: &Retention, day: NaiveDate) -> bool {
    retention.destroy_after.is_some_and(|after| day > after)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn closed(outcome: Outcome, marks: RetentionMarks) -> Retention {
        retention(Some(outcome), Some(date("2026-03-31")), marks, &RetentionPeriods::default())
    }

    #[test]
    fn every_class_gets_its_term_from_the_closing_date() {
        // AVG-02, the Selectielijst table: 5, 7, 10 years, permanent, 1 year.
        let none = RetentionMarks::default();
        let cases = [
            (closed(Outcome::Gegrond, none), RetentionClass::Handled, Some("2031-03-31")),
            (closed(Outcome::InformeelAfgehandeld, none), RetentionClass::Handled, Some("2031-03-31")),
            (
                closed(Outcome::Ongegrond, RetentionMarks { compensation_paid: true, ..none }),
                RetentionClass::Compensation,
                Some("2033-03-31"),
            ),
            (closed(Outcome::DeelsGegrond, RetentionMarks { ombudsman: true, ..none }), RetentionClass::Ombudsman, Some("2036-03-31")),
            (closed(Outcome::Gegrond, RetentionMarks { keep_permanently: true, ombudsman: true, ..none }), RetentionClass::Permanent, None),
            (closed(Outcome::NietInBehandeling, none), RetentionClass::NotHandled, Some("2027-03-31")),
            (closed(Outcome::Ingetrokken, none), RetentionClass::Withdrawn, Some("2027-03-31")),
            (closed(Outcome::Doorgezonden, none), RetentionClass::Forwarded, Some("2027-03-31")),
        ];
        for (found, class, after) in cases {
            assert_eq!((found.class, found.destroy_after), (Some(class), after.map(date)), "{class:?}");
        }
        // Month ends stay month ends: closed 29 February, five years on is 28 February.
        let leap = retention(Some(Outcome::Gegrond), Some(date("2028-02-29")), none, &RetentionPeriods::default());
        assert_eq!(leap.destroy_after, Some(date("2033-02-28")));
    }

    #[test]
    fn holds_keep_a_complaint_and_an_open_one_has_no_date() {
        // AVG-02 holds: an open ombudsman case; the Awb 9:24 window of one year; a reopened
        // (open) complaint has no date until it closes again.
        let running = closed(Outcome::Gegrond, RetentionMarks { ombudsman: true, ombudsman_case_open: true, ..Default::default() });
        assert_eq!((running.destroy_after, running.hold.is_some()), (None, true));
        let reopened = retention(None, None, RetentionMarks::default(), &RetentionPeriods::default());
        assert_eq!((reopened.class, reopened.destroy_after), (None, None));
        // A Beheerder who shortened a term below a year still cannot destroy inside the window.
        let short = RetentionPeriods { withdrawn: 0, ..RetentionPeriods::default() };
        let withdrawn = retention(Some(Outcome::Ingetrokken), Some(date("2026-03-31")), RetentionMarks::default(), &short);
        assert_eq!(withdrawn.destroy_after, Some(date("2027-03-31")));
        assert!(!may_be_destroyed(&withdrawn, date("2027-03-31")), "on the date itself it is still kept");
        assert!(may_be_destroyed(&withdrawn, date("2027-04-01")));
        let permanent = closed(Outcome::Gegrond, RetentionMarks { keep_permanently: true, ..Default::default() });
        assert!(!may_be_destroyed(&permanent, date("2999-01-01")));
    }
}
