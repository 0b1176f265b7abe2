//! The annual complaint report (klachtverslag, Awb 9:12a; rules RP-01..RP-03): the figures of
//! one year computed from the facts of the complaints received in it. Pure: the facts hold no
//! personal data (no names, no free text), so neither can the figures.

use super::calendar::HolidayCalendar;
use super::code::coded;
use super::complaint::{Channel, ComplaintType};
use super::deadlines::{compute_deadlines_with, DeadlineNorms, TermChanges};
use super::procedure::{Judgement, Status};
use super::text::csv_field;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

coded! {
    /// How a complaint ended (RP-02), or `None` while it is still open.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Outcome {
        InformeelAfgehandeld = "informeel_afgehandeld",
        Gegrond = "gegrond",
        DeelsGegrond = "deels_gegrond",
        Ongegrond = "ongegrond",
        GeenOordeel = "geen_oordeel",
        Ingetrokken = "ingetrokken",
        NietInBehandeling = "niet_in_behandeling",
        Doorgezonden = "doorgezonden",
    }
}

impl Outcome {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::InformeelAfgehandeld => "informeel afgehandeld",
            Self::Gegrond => "gegrond",
            Self::DeelsGegrond => "deels gegrond",
            Self::Ongegrond => "ongegrond",
            Self::GeenOordeel => "geen oordeel",
            Self::Ingetrokken => "ingetrokken",
            Self::NietInBehandeling => "niet in behandeling genomen",
            Self::Doorgezonden => "doorgezonden",
        }
    }

    /// The outcome of a complaint handled in the app: its closing status, and for a formal
    /// decision the judgement of the approved decision (PR-06). `None` while it is open
    /// (also after a reopening).
    pub fn of(status: Status, approved_judgement: Option<Judgement>) -> Option<Self> {
        match status {
            Status::InformeelAfgehandeld => Some(Self::InformeelAfgehandeld),
            Status::Ingetrokken => Some(Self::Ingetrokken),
            Status::NietInBehandeling => Some(Self::NietInBehandeling),
            Status::Doorgezonden => Some(Self::Doorgezonden),
            // The procedure only closes formally after an approved decision (PR-06, PR-07); a
            // closed complaint without one is counted as "geen oordeel", not lost from the
            // outcomes.
            Status::Afgehandeld => Some(match approved_judgement {
                Some(Judgement::Gegrond) => Self::Gegrond,
                Some(Judgement::DeelsGegrond) => Self::DeelsGegrond,
                Some(Judgement::Ongegrond) => Self::Ongegrond,
                Some(Judgement::GeenOordeel) | None => Self::GeenOordeel,
            }),
            Status::Ontvangen
            | Status::InBehandeling
            | Status::Formeel
            | Status::Hoorzitting
            | Status::BesluitConcept
            | Status::BesluitGoedgekeurd => None,
        }
    }

    /// The other way round from `of`, for a complaint imported with its outcome: the status it
    /// closes in and, for a formal decision, the judgement.
    pub fn closing(self) -> (Status, Option<Judgement>) {
        match self {
            Self::InformeelAfgehandeld => (Status::InformeelAfgehandeld, None),
            Self::Gegrond => (Status::Afgehandeld, Some(Judgement::Gegrond)),
            Self::DeelsGegrond => (Status::Afgehandeld, Some(Judgement::DeelsGegrond)),
            Self::Ongegrond => (Status::Afgehandeld, Some(Judgement::Ongegrond)),
            Self::GeenOordeel => (Status::Afgehandeld, Some(Judgement::GeenOordeel)),
            Self::Ingetrokken => (Status::Ingetrokken, None),
            Self::NietInBehandeling => (Status::NietInBehandeling, None),
            Self::Doorgezonden => (Status::Doorgezonden, None),
        }
    }

    /// A formal decision on the complaint (Awb 9:12): the outcomes whose term RP-02 checks.
    pub fn is_formal_decision(self) -> bool {
        matches!(self, Self::Gegrond | Self::DeelsGegrond | Self::Ongegrond | Self::GeenOordeel)
    }
}

/// What the report needs to know of `count` complaints that share these facts (the store
/// groups them, so a year of a big city is a few thousand rows); nothing that names or
/// describes anyone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFacts {
    pub count: u64,
    pub received_on: NaiveDate,
    pub complaint_type: ComplaintType,
    pub channel: Channel,
    pub department_id: Option<String>,
    pub outcome: Option<Outcome>,
    pub closed_on: Option<NaiveDate>,
    /// Advisory committee (DL-01), postponement (DL-05), agreed end date (DL-06).
    pub term_changes: TermChanges,
    /// Of the `count` complaints, how many had a hearing and how many went to the ombudsman.
    pub hearings_held: u64,
    pub ombudsman: u64,
}

/// RP-04: the municipality's own texts of a year's report, written by the coördinator for
/// publication.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ReportTexts {
    pub introduction: String,
    pub lessons_learned: String,
    /// Improvement measures taken or planned.
    pub measures: String,
    /// How the measures of earlier years were followed up.
    pub follow_up: String,
}

/// The longest text of one part of the report.
pub const MAX_REPORT_TEXT: usize = 20_000;

impl ReportTexts {
    /// The parts with their Dutch headings, in the report's order.
    pub fn parts(&self) -> [(&'static str, &'static str, &str); 4] {
        [
            ("introduction", "Inleiding", &self.introduction),
            ("lessons_learned", "Lessen uit de klachten", &self.lessons_learned),
            ("measures", "Verbetermaatregelen", &self.measures),
            ("follow_up", "Opvolging van eerdere maatregelen", &self.follow_up),
        ]
    }

    /// Line breaks normalised and outer white space trimmed, or the problems per field (the
    /// same text rules as every free text, INT-02).
    pub fn validated(&self) -> Result<Self, Vec<super::form::FieldError>> {
        let errors: Vec<_> = self
            .parts()
            .into_iter()
            .filter_map(|(field, _, text)| {
                super::text::text_problem(&text.replace("\r\n", "\n"), super::text::Lines::Multi, MAX_REPORT_TEXT, None)
                    .map(|message| super::form::FieldError { field: field.into(), message })
            })
            .collect();
        if !errors.is_empty() {
            return Err(errors);
        }
        let clean = |text: &str| text.replace("\r\n", "\n").trim().to_string();
        Ok(Self {
            introduction: clean(&self.introduction),
            lessons_learned: clean(&self.lessons_learned),
            measures: clean(&self.measures),
            follow_up: clean(&self.follow_up),
        })
    }

    pub fn is_empty(&self) -> bool {
        self.parts().iter().all(|(_, _, text)| text.trim().is_empty())
    }
}

/// A count of a total, with the share in percent (one decimal; `None` of nothing).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Share {
    pub within: u64,
    pub of: u64,
    pub percent: Option<f64>,
}

impl Share {
    fn new(within: u64, of: u64) -> Self {
        Self { within, of, percent: (of > 0).then(|| one_decimal(100.0 * within as f64 / of as f64)) }
    }
}

/// Handling time in calendar days (RP-01): mean and median with one decimal.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HandlingDays {
    pub mean: Option<f64>,
    pub median: Option<f64>,
}

impl HandlingDays {
    /// From (days, how many complaints took that long).
    fn of(mut days: Vec<(i64, u64)>) -> Self {
        let count: u64 = days.iter().map(|(_, count)| count).sum();
        if count == 0 {
            return Self { mean: None, median: None };
        }
        days.sort_unstable();
        let mean = days.iter().map(|(days, count)| *days as f64 * *count as f64).sum::<f64>() / count as f64;
        // The value at a position (0-based) of the sorted list all complaints make.
        let at = |position: u64| {
            let mut seen = 0;
            days.iter()
                .find(|(_, count)| {
                    seen += count;
                    seen > position
                })
                .map_or(0, |(days, _)| *days)
        };
        // RP-01: the median of an even count is the mean of the middle two.
        let median = if count % 2 == 1 { at(count / 2) as f64 } else { (at(count / 2 - 1) + at(count / 2)) as f64 / 2.0 };
        Self { mean: Some(one_decimal(mean)), median: Some(one_decimal(median)) }
    }
}

/// The figures of one year (RP-02), with exactly the keys `klachtbalie-cli report` prints.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AnnualFigures {
    pub year: i32,
    pub total: u64,
    pub by_type: BTreeMap<&'static str, u64>,
    pub by_channel: BTreeMap<&'static str, u64>,
    /// Every department of the organisation chart, zeros included, by id.
    pub by_department: BTreeMap<String, u64>,
    /// Every outcome, and `open`.
    pub by_outcome: BTreeMap<&'static str, u64>,
    pub within_term: Share,
    pub within_statutory_term: Share,
    pub handling_days: HandlingDays,
    pub formal_handling_days: HandlingDays,
    pub postponed: u64,
    pub consent_extensions: u64,
    pub advisory_committee: u64,
    pub hearings_held: u64,
    pub ombudsman: u64,
}

impl AnnualFigures {
    /// The figures as rows of (section, key, value) in the order of the JSON, for CSV and
    /// spreadsheets (RP-05). A share gives three rows (within, of, percent); an empty value
    /// is "nothing to count".
    pub fn rows(&self) -> Vec<(&'static str, String, String)> {
        let count = |value: u64| value.to_string();
        let decimal = |value: Option<f64>| value.map(|value| format!("{value:.1}")).unwrap_or_default();
        let mut rows = vec![("year", "year".to_string(), self.year.to_string()), ("total", "total".to_string(), count(self.total))];
        for (section, map) in [("by_type", &self.by_type), ("by_channel", &self.by_channel), ("by_outcome", &self.by_outcome)] {
            rows.extend(map.iter().map(|(key, value)| (section, key.to_string(), count(*value))));
        }
        rows.extend(self.by_department.iter().map(|(key, value)| ("by_department", key.clone(), count(*value))));
        for (section, share) in [("within_term", &self.within_term), ("within_statutory_term", &self.within_statutory_term)] {
            rows.push((section, "within".into(), count(share.within)));
            rows.push((section, "of".into(), count(share.of)));
            rows.push((section, "percent".into(), decimal(share.percent)));
        }
        for (section, days) in [("handling_days", &self.handling_days), ("formal_handling_days", &self.formal_handling_days)] {
            rows.push((section, "mean".into(), decimal(days.mean)));
            rows.push((section, "median".into(), decimal(days.median)));
        }
        for (key, value) in [
            ("postponed", self.postponed),
            ("consent_extensions", self.consent_extensions),
            ("advisory_committee", self.advisory_committee),
            ("hearings_held", self.hearings_held),
            ("ombudsman", self.ombudsman),
        ] {
            rows.push((key, key.to_string(), count(value)));
        }
        rows
    }

    /// RP-05: the figures as CSV (RFC 4180, comma-separated, a header line).
    pub fn to_csv(&self) -> String {
        let field = |text: &str| csv_field(text, ',');
        let mut csv = String::from("section,key,value\r\n");
        for (section, key, value) in self.rows() {
            csv.push_str(&format!("{},{},{}\r\n", field(section), field(&key), field(&value)));
        }
        csv
    }
}

/// The key of complaints still open in `by_outcome`.
pub const OPEN: &str = "open";

fn one_decimal(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// RP-01/RP-02: the figures of `year` from the facts of complaints (those received in another
/// year are left out). `departments` are the chart's department ids; a complaint of a
/// department no longer in the chart still counts under its own id.
pub fn annual_figures<'a>(
    year: i32,
    facts: impl IntoIterator<Item = &'a ReportFacts>,
    departments: &[String],
    calendar: &HolidayCalendar,
    norms: &DeadlineNorms,
) -> AnnualFigures {
    let mut figures = AnnualFigures {
        year,
        total: 0,
        by_type: ComplaintType::ALL.iter().map(|kind| (kind.code(), 0)).collect(),
        by_channel: Channel::ALL.iter().map(|channel| (channel.code(), 0)).collect(),
        by_department: departments.iter().map(|id| (id.clone(), 0)).collect(),
        by_outcome: Outcome::ALL.iter().map(|outcome| outcome.code()).chain([OPEN]).map(|code| (code, 0)).collect(),
        within_term: Share::new(0, 0),
        within_statutory_term: Share::new(0, 0),
        handling_days: HandlingDays::of(Vec::new()),
        formal_handling_days: HandlingDays::of(Vec::new()),
        postponed: 0,
        consent_extensions: 0,
        advisory_committee: 0,
        hearings_held: 0,
        ombudsman: 0,
    };
    let (mut within, mut within_statutory, mut formal) = (0, 0, 0);
    let (mut all_days, mut formal_days) = (Vec::new(), Vec::new());
    let mut terms: std::collections::HashMap<(NaiveDate, TermChanges), (NaiveDate, NaiveDate)> = std::collections::HashMap::new();
    for complaint in facts.into_iter().filter(|complaint| complaint.received_on.year() == year) {
        let count = complaint.count;
        figures.total += count;
        *figures.by_type.entry(complaint.complaint_type.code()).or_default() += count;
        *figures.by_channel.entry(complaint.channel.code()).or_default() += count;
        if let Some(department) = &complaint.department_id {
            *figures.by_department.entry(department.clone()).or_default() += count;
        }
        *figures.by_outcome.entry(complaint.outcome.map_or(OPEN, Outcome::code)).or_default() += count;
        let changes = &complaint.term_changes;
        let counted = |yes: bool| if yes { count } else { 0 };
        figures.postponed += counted(changes.postponement_weeks.is_some_and(|weeks| weeks > 0));
        figures.consent_extensions += counted(changes.agreed_end.is_some());
        figures.advisory_committee += counted(changes.advisory_committee);
        figures.hearings_held += complaint.hearings_held;
        figures.ombudsman += complaint.ombudsman;
        let (Some(outcome), Some(closed_on)) = (complaint.outcome, complaint.closed_on) else { continue };
        let days = (closed_on - complaint.received_on).num_days();
        all_days.push((days, count));
        if outcome.is_formal_decision() {
            formal += count;
            formal_days.push((days, count));
            // The term that applied (DL-01, DL-05, DL-06, DL-03) and the statutory one
            // without extensions (DL-01 and DL-03 only), from the one deadline function; once
            // per receipt date and change of term (a year has few of them, and many complaints).
            let (applied, unextended) = *terms.entry((complaint.received_on, *changes)).or_insert_with(|| {
                let statutory = TermChanges { advisory_committee: changes.advisory_committee, ..TermChanges::default() };
                (
                    compute_deadlines_with(complaint.received_on, changes, calendar, norms).decision_due,
                    compute_deadlines_with(complaint.received_on, &statutory, calendar, norms).decision_due,
                )
            });
            within += counted(closed_on <= applied);
            within_statutory += counted(closed_on <= unextended);
        }
    }
    figures.within_term = Share::new(within, formal);
    figures.within_statutory_term = Share::new(within_statutory, formal);
    figures.handling_days = HandlingDays::of(all_days);
    figures.formal_handling_days = HandlingDays::of(formal_days);
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_imported_outcome_closes_in_the_status_that_reports_it_again() {
        // RP-02: an imported complaint counts under the outcome it was imported with.
        for outcome in Outcome::ALL {
            let (status, judgement) = outcome.closing();
            assert!(status.is_closed(), "{outcome:?}");
            assert_eq!(Outcome::of(status, judgement), Some(outcome));
        }
    }

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn received(on: &str) -> ReportFacts {
        ReportFacts {
            count: 1,
            received_on: date(on),
            complaint_type: ComplaintType::Dienstverlening,
            channel: Channel::Telefoon,
            department_id: Some("bz".into()),
            outcome: None,
            closed_on: None,
            term_changes: TermChanges::default(),
            hearings_held: 0,
            ombudsman: 0,
        }
    }

    fn closed(on: &str, outcome: Outcome, closed_on: &str) -> ReportFacts {
        ReportFacts { outcome: Some(outcome), closed_on: Some(date(closed_on)), ..received(on) }
    }

    fn figures(year: i32, facts: &[ReportFacts]) -> AnnualFigures {
        annual_figures(year, facts, &["bz".to_string(), "ro".to_string()], &HolidayCalendar::statutory(), &DeadlineNorms::default())
    }

    #[test]
    fn an_empty_year_has_zeros_for_every_key_and_no_percentages() {
        // RP-02: every department and outcome appears, zeros included; nothing to count is null.
        let report = figures(2026, &[]);
        assert_eq!(report.total, 0);
        assert_eq!(report.by_department, BTreeMap::from([("bz".to_string(), 0), ("ro".to_string(), 0)]));
        assert_eq!(report.by_outcome.len(), 9);
        assert!(report.by_outcome.values().all(|count| *count == 0));
        assert_eq!(report.by_channel.len(), 6);
        assert_eq!(report.within_term, Share { within: 0, of: 0, percent: None });
        assert_eq!(report.handling_days, HandlingDays { mean: None, median: None });
        let json = serde_json::to_value(&report).expect("json");
        assert_eq!(json["within_term"]["percent"], serde_json::Value::Null);
    }

    #[test]
    fn the_year_is_the_year_of_receipt_not_of_closing() {
        // RP-01: a complaint received in December and closed in January counts in December's year.
        let facts = [closed("2025-12-20", Outcome::Ongegrond, "2026-01-20"), received("2026-01-02"), received("2027-01-01")];
        assert_eq!(figures(2025, &facts).total, 1);
        assert_eq!(figures(2026, &facts).total, 1);
        assert_eq!(figures(2026, &facts).by_outcome[OPEN], 1);
    }

    #[test]
    fn handling_days_mean_and_median_with_one_decimal() {
        // RP-01: calendar days from receipt to closing; the median of an even count is the mean
        // of the middle two.
        let facts = [
            closed("2026-03-02", Outcome::InformeelAfgehandeld, "2026-03-05"), // 3
            closed("2026-03-02", Outcome::Gegrond, "2026-03-12"),              // 10
            closed("2026-03-02", Outcome::Ongegrond, "2026-03-13"),            // 11
            closed("2026-03-02", Outcome::Ingetrokken, "2026-03-03"),          // 1
        ];
        let report = figures(2026, &facts);
        assert_eq!(report.handling_days, HandlingDays { mean: Some(6.3), median: Some(6.5) });
        assert_eq!(report.formal_handling_days, HandlingDays { mean: Some(10.5), median: Some(10.5) });
        assert_eq!(report.by_outcome["informeel_afgehandeld"], 1);
        assert_eq!(report.by_outcome["ingetrokken"], 1);
    }

    #[test]
    fn within_term_uses_the_term_that_applied_and_the_statutory_one_apart() {
        // RP-02 with DL-01, DL-03, DL-05, DL-06. Received Monday 2 March 2026: six weeks end on
        // Monday 13 April; 13 April is no holiday (Easter Monday 2026 is 6 April).
        let plain_on_time = closed("2026-03-02", Outcome::Gegrond, "2026-04-13");
        let plain_late = closed("2026-03-02", Outcome::Gegrond, "2026-04-14");
        // DL-05: postponed 4 weeks, so 10 weeks: 11 May; closed 1 May is within the applied term
        // but not within the statutory six weeks.
        let mut postponed = closed("2026-03-02", Outcome::DeelsGegrond, "2026-05-01");
        postponed.term_changes.postponement_weeks = Some(4);
        // DL-06: an agreed end date of 1 June; closed 29 May.
        let mut consent = closed("2026-03-02", Outcome::GeenOordeel, "2026-05-29");
        consent.term_changes.agreed_end = Some(date("2026-06-01"));
        // DL-01: with an advisory committee the statutory term itself is ten weeks.
        let mut committee = closed("2026-03-02", Outcome::Ongegrond, "2026-05-11");
        committee.term_changes.advisory_committee = true;
        // Informal and withdrawn complaints have no decision term: not counted.
        let informal = closed("2026-03-02", Outcome::InformeelAfgehandeld, "2026-09-01");
        let report = figures(2026, &[plain_on_time, plain_late, postponed, consent, committee, informal]);
        assert_eq!(report.within_term, Share { within: 4, of: 5, percent: Some(80.0) });
        assert_eq!(report.within_statutory_term, Share { within: 2, of: 5, percent: Some(40.0) });
        assert_eq!((report.postponed, report.consent_extensions, report.advisory_committee), (1, 1, 1));
    }

    #[test]
    fn a_term_ending_on_a_holiday_rolls_over_before_it_is_compared() {
        // DL-03 in RP-02: received Friday 13 November 2026, six weeks end on Friday 25 December
        // (Eerste Kerstdag), which rolls to Monday 28 December (26 and 27 are a holiday and a
        // Sunday). Closing on the 28th is within the term.
        let report = figures(2026, &[closed("2026-11-13", Outcome::Gegrond, "2026-12-28")]);
        assert_eq!(report.within_term, Share { within: 1, of: 1, percent: Some(100.0) });
        let late = figures(2026, &[closed("2026-11-13", Outcome::Gegrond, "2026-12-29")]);
        assert_eq!(late.within_term.within, 0);
    }

    #[test]
    fn a_postponed_term_ending_on_a_holiday_rolls_over_too() {
        // RP-02 with DL-05 and DL-03: received Friday 16 October 2026 and postponed four weeks,
        // the ten weeks end on Friday 25 December (Eerste Kerstdag) and roll to Monday 28
        // December; the statutory six weeks end on Friday 27 November.
        let postponed = |closed_on: &str| {
            let mut facts = closed("2026-10-16", Outcome::Ongegrond, closed_on);
            facts.term_changes.postponement_weeks = Some(4);
            facts
        };
        let report = figures(2026, &[postponed("2026-12-28"), postponed("2026-12-29"), postponed("2026-11-27")]);
        assert_eq!(report.within_term, Share { within: 2, of: 3, percent: Some(66.7) });
        assert_eq!(report.within_statutory_term, Share { within: 1, of: 3, percent: Some(33.3) });
        assert_eq!(report.postponed, 3);
    }

    #[test]
    fn the_municipalitys_texts_are_trimmed_and_checked_like_every_free_text() {
        // RP-04: introduction, lessons learned, measures and follow-up; Windows line ends kept
        // as line breaks, control characters refused at their field, too long refused.
        let texts = ReportTexts {
            introduction: "  Inleiding.\r\n\r\nTweede alinea.  ".into(),
            lessons_learned: "Les.".into(),
            measures: String::new(),
            follow_up: "Opvolging.".into(),
        };
        let clean = texts.validated().expect("valid");
        assert_eq!(clean.introduction, "Inleiding.\n\nTweede alinea.");
        assert!(!clean.is_empty() && ReportTexts::default().is_empty());
        let parts: Vec<&str> = clean.parts().iter().map(|(_, heading, _)| *heading).collect();
        assert_eq!(parts, ["Inleiding", "Lessen uit de klachten", "Verbetermaatregelen", "Opvolging van eerdere maatregelen"]);
        let broken = ReportTexts { measures: "bel\u{7}".into(), follow_up: "x".repeat(MAX_REPORT_TEXT + 1), ..texts };
        let fields: Vec<String> = broken.validated().expect_err("refused").into_iter().map(|error| error.field).collect();
        assert_eq!(fields, ["measures", "follow_up"]);
    }

    #[test]
    fn grouped_facts_count_as_many_complaints_as_they_stand_for() {
        // RP-01/RP-02: three complaints with the same facts as one group of three give the
        // same figures as three single ones, medians included.
        let mut group = closed("2026-03-02", Outcome::Gegrond, "2026-03-12");
        group.count = 3;
        group.hearings_held = 2;
        let single = closed("2026-03-02", Outcome::Gegrond, "2026-03-12");
        let one = closed("2026-03-02", Outcome::Ongegrond, "2026-05-01");
        let grouped = figures(2026, &[group, one.clone()]);
        let mut three = single.clone();
        three.hearings_held = 1;
        let separate = figures(2026, &[three.clone(), three, single, one]);
        assert_eq!(grouped.total, 4);
        assert_eq!(grouped.formal_handling_days, HandlingDays { mean: Some(22.5), median: Some(10.0) });
        assert_eq!(grouped.within_term, Share { within: 3, of: 4, percent: Some(75.0) });
        assert_eq!(grouped, separate);
    }

    #[test]
    fn the_outcome_follows_the_closing_status_and_the_approved_judgement() {
        // RP-02: informal, withdrawn, not handled and forwarded by status; a formal decision by
        // its approved judgement; every other status is still open.
        assert_eq!(Outcome::of(Status::InformeelAfgehandeld, None), Some(Outcome::InformeelAfgehandeld));
        assert_eq!(Outcome::of(Status::Afgehandeld, Some(Judgement::DeelsGegrond)), Some(Outcome::DeelsGegrond));
        assert_eq!(Outcome::of(Status::Doorgezonden, None), Some(Outcome::Doorgezonden));
        for open in [Status::Ontvangen, Status::Formeel, Status::BesluitGoedgekeurd] {
            assert_eq!(Outcome::of(open, Some(Judgement::Gegrond)), None, "{open:?}");
        }
        for outcome in Outcome::ALL {
            assert_eq!(Outcome::from_code(outcome.code()), Some(outcome));
        }
    }

    #[test]
    fn the_csv_holds_every_figure_of_the_json_once() {
        // RP-05: the same figures in CSV as in JSON.
        let report = figures(2026, &[closed("2026-03-02", Outcome::Gegrond, "2026-04-13"), received("2026-05-01")]);
        let csv = report.to_csv();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines[0], "section,key,value");
        assert!(lines.contains(&"total,total,2"), "{csv}");
        assert!(lines.contains(&"by_outcome,gegrond,1") && lines.contains(&"by_outcome,open,1"), "{csv}");
        assert!(lines.contains(&"within_term,percent,100.0") && lines.contains(&"handling_days,median,42.0"), "{csv}");
        assert!(lines.contains(&"by_department,ro,0"), "{csv}");
        // One line per leaf of the JSON: nothing left out, nothing twice.
        let json = serde_json::to_value(&report).expect("json");
        let leaves: usize = json.as_object().expect("object").values().map(|value| value.as_object().map_or(1, |inner| inner.len())).sum();
        assert_eq!(lines.len() - 1, leaves);
    }

    #[test]
    fn a_reopened_complaint_counts_as_open_until_it_closes_again() {
        // RP-02: a reopened complaint has no outcome and no closing date, so it is open and has
        // no handling time.
        let report = figures(2026, &[received("2026-02-02")]);
        assert_eq!(report.by_outcome[OPEN], 1);
        assert_eq!(report.handling_days.mean, None);
    }

    #[test]
    fn departments_outside_the_chart_still_count_and_percentages_round_to_one_decimal() {
        // RP-02: every chart department appears; one removed since still counts under its id.
        let mut elsewhere = closed("2026-01-05", Outcome::Gegrond, "2026-01-06");
        elsewhere.department_id = Some("oud".into());
        let late = closed("2026-01-05", Outcome::Gegrond, "2026-12-01");
        let report = figures(2026, &[elsewhere, late.clone(), late]);
        assert_eq!(report.by_department["oud"], 1);
        assert_eq!(report.by_department["ro"], 0);
        assert_eq!(report.within_term, Share { within: 1, of: 3, percent: Some(33.3) });
    }
}
