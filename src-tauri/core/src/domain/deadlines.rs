//! The one place that computes every complaint term (rule DL-10): Awb 9:6, 9:8, 9:11, 9:14
//! and the internal norms, with the Algemene termijnenwet roll-over applied.

use super::calendar::HolidayCalendar;
use super::code::coded;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// Internal norms that an administrator may configure (rule DL-08, DL-09).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeadlineNorms {
    /// Working days to send the acknowledgement of a written complaint (PR-01).
    pub acknowledgement_working_days: u32,
    /// Working days to make first contact with the complainant (DL-08).
    pub first_contact_working_days: u32,
    /// A deadline within this many working days counts as "due soon" (DL-09).
    pub due_soon_working_days: u32,
}

impl Default for DeadlineNorms {
    fn default() -> Self {
        Self { acknowledgement_working_days: 5, first_contact_working_days: 5, due_soon_working_days: 5 }
    }
}

/// Statutory terms in weeks after receipt.
pub const DECISION_WEEKS: u64 = 6; // Awb 9:11 lid 1 (DL-01)
pub const ADVISORY_COMMITTEE_WEEKS: u64 = 10; // Awb 9:14 (DL-01)
pub const MAX_POSTPONEMENT_WEEKS: u64 = 4; // Awb 9:11 lid 2 (DL-05)
pub const NON_HANDLING_WEEKS: u64 = 4; // Awb 9:8 lid 3 (DL-07)

/// All terms that follow from a receipt date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ComplaintDeadlines {
    pub received: NaiveDate,
    pub acknowledgement_due: NaiveDate,
    pub first_contact_due: NaiveDate,
    pub non_handling_due: NaiveDate,
    pub decision_due: NaiveDate,
    pub advisory_due: NaiveDate,
    pub postponed_due: NaiveDate,
}

/// DL-02: N weeks after receipt is the receipt date plus 7×N calendar days, then DL-03.
pub fn weeks_after(received: NaiveDate, weeks: u64, calendar: &HolidayCalendar) -> NaiveDate {
    let raw = received.checked_add_days(Days::new(7 * weeks)).unwrap_or(received);
    calendar.roll_forward(raw)
}

/// What changed a complaint's decision term after intake (DL-01, DL-05, DL-06).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TermChanges {
    /// Awb 9:14: an advisory committee handles the complaint (10 weeks instead of 6).
    pub advisory_committee: bool,
    /// Awb 9:11 lid 2: the one postponement, in weeks (1..=4).
    pub postponement_weeks: Option<u64>,
    /// DL-06: a later end date agreed in writing with the complainant.
    pub agreed_end: Option<NaiveDate>,
}

/// Computes every term for a complaint received on `received`, before any change of term.
pub fn compute_deadlines(received: NaiveDate, calendar: &HolidayCalendar, norms: &DeadlineNorms) -> ComplaintDeadlines {
    compute_deadlines_with(received, &TermChanges::default(), calendar, norms)
}

/// Computes every term for a complaint received on `received`, with the changes of its
/// decision term. This is the only function that turns a receipt date into deadlines;
/// screens, letters, the CLI and reminders all call it (DL-10).
pub fn compute_deadlines_with(
    received: NaiveDate,
    changes: &TermChanges,
    calendar: &HolidayCalendar,
    norms: &DeadlineNorms,
) -> ComplaintDeadlines {
    let statutory_weeks = if changes.advisory_committee { ADVISORY_COMMITTEE_WEEKS } else { DECISION_WEEKS };
    let postponement = changes.postponement_weeks.unwrap_or(0).min(MAX_POSTPONEMENT_WEEKS);
    // DL-05: the postponement is counted from receipt (e.g. 6 + 4 weeks), and the roll-over
    // applies once, to the final date. DL-06: an agreed end date replaces the term as agreed.
    let decision_due = changes.agreed_end.unwrap_or_else(|| weeks_after(received, statutory_weeks + postponement, calendar));
    ComplaintDeadlines {
        received,
        acknowledgement_due: calendar.add_working_days(received, norms.acknowledgement_working_days),
        first_contact_due: calendar.add_working_days(received, norms.first_contact_working_days),
        non_handling_due: weeks_after(received, NON_HANDLING_WEEKS, calendar),
        decision_due,
        advisory_due: weeks_after(received, ADVISORY_COMMITTEE_WEEKS, calendar),
        // DL-05: the postponement is counted from receipt (6 + 4 weeks), not from the rolled
        // end of the first term; the roll-over applies once, to the final date.
        postponed_due: weeks_after(received, DECISION_WEEKS + MAX_POSTPONEMENT_WEEKS, calendar),
    }
}

coded! {
    /// The deadlines a complaint can have running (DL-08..10).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum DeadlineKind {
        Acknowledgement = "ontvangstbevestiging",
        FirstContact = "eerste_contact",
        NonHandlingLetter = "brief_niet_in_behandeling",
        Decision = "beslissing",
    }
}

impl DeadlineKind {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::Acknowledgement => "ontvangstbevestiging versturen",
            Self::FirstContact => "eerste contact met de klager",
            Self::NonHandlingLetter => "brief niet-in-behandeling versturen (Awb 9:8)",
            Self::Decision => "beslissing op de klacht",
        }
    }
}

/// What decides which deadlines still run for a complaint.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RunningFacts {
    /// Open: not closed (a decision is still due).
    pub open: bool,
    /// Written complaint (Awb 9:6) without its acknowledgement yet.
    pub acknowledgement_pending: bool,
    /// No contact with the complainant logged yet.
    pub contact_pending: bool,
    /// Not handled (Awb 9:8) and the letter saying so is not sent yet.
    pub non_handling_letter_pending: bool,
}

/// The deadlines still running, earliest first; the first is "the next one that matters".
pub fn running_deadlines(deadlines: &ComplaintDeadlines, facts: &RunningFacts) -> Vec<(DeadlineKind, NaiveDate)> {
    let mut running = Vec::new();
    if facts.acknowledgement_pending {
        running.push((DeadlineKind::Acknowledgement, deadlines.acknowledgement_due));
    }
    if facts.open && facts.contact_pending {
        running.push((DeadlineKind::FirstContact, deadlines.first_contact_due));
    }
    if facts.non_handling_letter_pending {
        running.push((DeadlineKind::NonHandlingLetter, deadlines.non_handling_due));
    }
    if facts.open {
        running.push((DeadlineKind::Decision, deadlines.decision_due));
    }
    running.sort_by_key(|(kind, date)| (*date, *kind as u8));
    running
}

/// The traffic light of a deadline (DL-09).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineStatus {
    OnTrack,
    DueSoon,
    Overdue,
}

impl DeadlineStatus {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::OnTrack => "op tijd",
            Self::DueSoon => "binnenkort",
            Self::Overdue => "te laat",
        }
    }
}

/// DL-09: "te laat" once the due date has passed; "binnenkort" when it falls within the
/// configured number of working days from today (the due date itself included).
pub fn deadline_status(due: NaiveDate, today: NaiveDate, calendar: &HolidayCalendar, norms: &DeadlineNorms) -> DeadlineStatus {
    if due < today {
        DeadlineStatus::Overdue
    } else if calendar.working_days_between(today, due) <= norms.due_soon_working_days {
        DeadlineStatus::DueSoon
    } else {
        DeadlineStatus::OnTrack
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    /// One table row: receipt date and the expected (acknowledgement, non-handling, decision,
    /// advisory, postponed) dates.
    fn check(received: &str, expected: [&str; 5]) {
        let d = compute_deadlines(date(received), &HolidayCalendar::statutory(), &DeadlineNorms::default());
        let got = [d.acknowledgement_due, d.non_handling_due, d.decision_due, d.advisory_due, d.postponed_due];
        let want = expected.map(date);
        assert_eq!(got, want, "received {received}: [ack, 9:8, decision, advisory, postponed]");
    }

    #[test]
    fn deadline_table() {
        // rules DL-01 (6 and 10 weeks), DL-02 (7×N days), DL-03 (roll-over), DL-05 (6+4),
        // DL-07 (4 weeks), DL-08 (5 working days).
        check("2026-11-23", ["2026-11-30", "2026-12-21", "2027-01-04", "2027-02-01", "2027-02-01"]);
        // Receipt on a Friday 6 weeks before Christmas: decision term 25 Dec -> Mon 28 Dec.
        check("2026-11-13", ["2026-11-20", "2026-12-11", "2026-12-28", "2027-01-22", "2027-01-22"]);
        // Six weeks after 20 Nov 2026 is 1 Jan 2027 (New Year, Friday) -> Monday 4 Jan.
        check("2026-11-20", ["2026-11-27", "2026-12-18", "2027-01-04", "2027-01-29", "2027-01-29"]);
        // Decision term ending on Good Friday 2026 (3 April) rolls past Easter Monday.
        check("2026-02-20", ["2026-02-27", "2026-03-20", "2026-04-07", "2026-05-01", "2026-05-01"]);
        // Four weeks after 7 April 2026 is 5 May (every year a holiday) -> 6 May.
        check("2026-04-07", ["2026-04-14", "2026-05-06", "2026-05-19", "2026-06-16", "2026-06-16"]);
        // Six weeks after 16 March 2025 is Sunday 27 April 2025 -> Monday 28 (Koningsdag was
        // Saturday the 26th). Acknowledgement from a Sunday receipt: 5 working days.
        check("2025-03-16", ["2025-03-21", "2025-04-14", "2025-04-28", "2025-05-26", "2025-05-26"]);
        // Ten weeks after 2 Oct 2026 = 11 Dec; decision 13 Nov 2026.
        check("2026-10-02", ["2026-10-09", "2026-10-30", "2026-11-13", "2026-12-11", "2026-12-11"]);
        // Acknowledgement over Christmas: 23 Dec -> 24, 28, 29, 30, 31 Dec.
        check("2026-12-23", ["2026-12-31", "2027-01-20", "2027-02-03", "2027-03-03", "2027-03-03"]);
    }

    #[test]
    fn postponement_counts_from_receipt_not_from_the_rolled_first_term() {
        // rule DL-05: received Fri 13 Nov 2026; the first term rolls from Fri 25 Dec to Mon
        // 28 Dec, but the postponed term is 10 weeks after receipt: Fri 22 Jan 2027.
        let d = compute_deadlines(date("2026-11-13"), &HolidayCalendar::statutory(), &DeadlineNorms::default());
        assert_eq!(d.decision_due, date("2026-12-28"));
        assert_eq!(d.postponed_due, date("2027-01-22"));
    }

    #[test]
    fn extra_holidays_move_deadlines() {
        // rule DL-04: a royal-decree day on the decision date moves the term one day.
        let calendar = HolidayCalendar::with_extra_holidays([date("2027-01-04")]);
        let d = compute_deadlines(date("2026-11-23"), &calendar, &DeadlineNorms::default());
        assert_eq!(d.decision_due, date("2027-01-05"));
    }

    /// One row: receipt date, the changes of term, and the expected decision date.
    fn check_changed(received: &str, changes: TermChanges, expected: &str) {
        let d = compute_deadlines_with(date(received), &changes, &HolidayCalendar::statutory(), &DeadlineNorms::default());
        assert_eq!(d.decision_due, date(expected), "received {received} with {changes:?}");
    }

    #[test]
    fn changed_decision_terms() {
        // rules DL-01 (advisory committee: 10 weeks), DL-05 (one postponement of at most 4
        // weeks, from receipt, roll-over once), DL-06 (agreed end date with consent).
        let none = TermChanges::default();
        check_changed("2026-11-23", none, "2027-01-04");
        check_changed("2026-11-23", TermChanges { advisory_committee: true, ..none }, "2027-02-01");
        check_changed("2026-11-23", TermChanges { postponement_weeks: Some(2), ..none }, "2027-01-18");
        check_changed("2026-11-13", TermChanges { postponement_weeks: Some(4), ..none }, "2027-01-22");
        check_changed("2026-11-23", TermChanges { postponement_weeks: Some(9), ..none }, "2027-02-01"); // capped at 4
        check_changed("2026-11-23", TermChanges { advisory_committee: true, postponement_weeks: Some(4), ..none }, "2027-03-01");
        let agreed = TermChanges { postponement_weeks: Some(4), agreed_end: Some(date("2027-03-15")), ..none };
        check_changed("2026-11-23", agreed, "2027-03-15");
    }

    #[test]
    fn running_deadlines_follow_the_procedure() {
        // rules DL-08 (first contact), DL-07 (9:8 letter), DL-10 (one function), PR-01.
        let d = compute_deadlines(date("2026-11-23"), &HolidayCalendar::statutory(), &DeadlineNorms::default());
        let kinds = |facts: RunningFacts| running_deadlines(&d, &facts).into_iter().map(|(kind, _)| kind).collect::<Vec<_>>();
        let fresh = RunningFacts { open: true, acknowledgement_pending: true, contact_pending: true, non_handling_letter_pending: false };
        assert_eq!(kinds(fresh), [DeadlineKind::Acknowledgement, DeadlineKind::FirstContact, DeadlineKind::Decision]);
        assert_eq!(kinds(RunningFacts { acknowledgement_pending: false, contact_pending: false, ..fresh }), [DeadlineKind::Decision]);
        let not_handled =
            RunningFacts { open: false, acknowledgement_pending: false, contact_pending: true, non_handling_letter_pending: true };
        assert_eq!(running_deadlines(&d, &not_handled), [(DeadlineKind::NonHandlingLetter, date("2026-12-21"))]);
        assert!(kinds(RunningFacts::default()).is_empty(), "a closed complaint runs no deadline");
    }

    fn check_status(due: &str, today: &str, expected: DeadlineStatus) {
        let got = deadline_status(date(due), date(today), &HolidayCalendar::statutory(), &DeadlineNorms::default());
        assert_eq!(got, expected, "due {due}, today {today}");
    }

    #[test]
    fn status_lights() {
        // rule DL-09
        check_status("2026-11-20", "2026-11-23", DeadlineStatus::Overdue);
        check_status("2026-11-23", "2026-11-23", DeadlineStatus::DueSoon);
        check_status("2026-11-30", "2026-11-23", DeadlineStatus::DueSoon); // 5 working days
        check_status("2026-12-01", "2026-11-23", DeadlineStatus::OnTrack); // 6 working days
                                                                           // Over Christmas, 5 working days reach further in calendar days.
        check_status("2026-12-31", "2026-12-23", DeadlineStatus::DueSoon);
    }
}
