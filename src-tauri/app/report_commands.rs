//! The Klachtverslag screen's commands (issue 12, RP-01..05): a year's figures beside the two
//! years before it as titled tables the window shows and charts, and the CSV export. Only
//! aggregate figures cross IPC: no name and no text of any complaint (RP-03).

use crate::commands::write_export;
use crate::ipc::{CommandError, SavedFile};
use crate::state::{self, AppState};
use klachtbalie_core::domain::complaint::{Channel, ComplaintType};
use klachtbalie_core::domain::report::{AnnualFigures, HandlingDays, Outcome, Share, OPEN};
use klachtbalie_core::paths;
use klachtbalie_core::service::ReportComparison;
use serde::{Deserialize, Serialize};
use tauri::State;
#[cfg(test)]
use ts_rs::TS;

type CommandResult<T> = Result<T, CommandError>;

/// One line of a report table: a label and the figure per year (oldest first), as a number
/// for the chart (`None`: nothing to count) and as the text shown.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct ReportRowView {
    pub label: String,
    pub values: Vec<Option<f64>>,
    pub texts: Vec<String>,
}

/// A titled table of the report; `chart` when its rows are parts of a whole worth a bar chart.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct ReportSectionView {
    pub id: String,
    pub title: String,
    pub chart: bool,
    pub rows: Vec<ReportRowView>,
}

/// The Klachtverslag screen: the year asked for and the two before it (RP-04).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct ReportView {
    pub year: u32,
    /// The columns, oldest first; the last is `year`.
    pub years: Vec<u32>,
    pub sections: Vec<ReportSectionView>,
}

fn dutch_number(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

fn counts(label: &str, years: &[AnnualFigures], pick: impl Fn(&AnnualFigures) -> u64) -> ReportRowView {
    let values: Vec<u64> = years.iter().map(pick).collect();
    ReportRowView {
        label: label.to_string(),
        values: values.iter().map(|value| Some(*value as f64)).collect(),
        texts: values.iter().map(u64::to_string).collect(),
    }
}

fn share(label: &str, years: &[AnnualFigures], pick: impl Fn(&AnnualFigures) -> Share) -> ReportRowView {
    let shares: Vec<Share> = years.iter().map(pick).collect();
    ReportRowView {
        label: label.to_string(),
        values: shares.iter().map(|share| share.percent).collect(),
        texts: shares
            .iter()
            .map(|share| match share.percent {
                Some(percent) => format!("{} van {} ({} %)", share.within, share.of, dutch_number(percent)),
                None => "geen formele beslissingen".into(),
            })
            .collect(),
    }
}

fn days(label: &str, years: &[AnnualFigures], pick: impl Fn(&AnnualFigures) -> Option<f64>) -> ReportRowView {
    let values: Vec<Option<f64>> = years.iter().map(pick).collect();
    ReportRowView { label: label.to_string(), texts: values.iter().map(|value| value.map_or("–".into(), dutch_number)).collect(), values }
}

fn section(id: &str, title: &str, chart: bool, rows: Vec<ReportRowView>) -> ReportSectionView {
    ReportSectionView { id: id.into(), title: title.into(), chart, rows }
}

impl ReportView {
    pub fn new(year: i32, comparison: &ReportComparison) -> Self {
        let years = &comparison.years;
        let handling = |pick: fn(&HandlingDays) -> Option<f64>, formal: bool| {
            move |figures: &AnnualFigures| pick(if formal { &figures.formal_handling_days } else { &figures.handling_days })
        };
        let mut departments: Vec<ReportRowView> = comparison
            .departments
            .iter()
            .map(|(id, name)| counts(name, years, |figures| figures.by_department.get(id).copied().unwrap_or(0)))
            .collect();
        // A department since removed from the chart still counts, under its id.
        let known: Vec<&String> = comparison.departments.iter().map(|(id, _)| id).collect();
        let mut former: Vec<&String> =
            years.iter().flat_map(|figures| figures.by_department.keys()).filter(|id| !known.contains(id)).collect();
        former.sort();
        former.dedup();
        departments.extend(former.into_iter().map(|id| {
            counts(&format!("{id} (niet meer in het organogram)"), years, |figures| figures.by_department.get(id).copied().unwrap_or(0))
        }));
        let outcomes = Outcome::ALL
            .iter()
            .map(|outcome| counts(outcome.dutch_label(), years, |figures| figures.by_outcome.get(outcome.code()).copied().unwrap_or(0)))
            .chain([counts("nog open", years, |figures| figures.by_outcome.get(OPEN).copied().unwrap_or(0))])
            .collect();
        Self {
            year: u32::try_from(year).unwrap_or_default(),
            years: years.iter().map(|figures| u32::try_from(figures.year).unwrap_or_default()).collect(),
            sections: vec![
                section("total", "Ontvangen klachten", false, vec![counts("Totaal", years, |figures| figures.total)]),
                section(
                    "type",
                    "Soort klacht",
                    true,
                    ComplaintType::ALL
                        .iter()
                        .map(|kind| {
                            let label = if *kind == ComplaintType::Bejegening { "bejegening" } else { "dienstverlening" };
                            counts(label, years, |figures| figures.by_type.get(kind.code()).copied().unwrap_or(0))
                        })
                        .collect(),
                ),
                section(
                    "channel",
                    "Binnengekomen via",
                    true,
                    Channel::ALL
                        .iter()
                        .map(|channel| {
                            counts(channel.dutch_label(), years, |figures| figures.by_channel.get(channel.code()).copied().unwrap_or(0))
                        })
                        .collect(),
                ),
                section("department", "Per afdeling", true, departments),
                section("outcome", "Uitkomst", true, outcomes),
                section(
                    "term",
                    "Formele beslissingen op tijd",
                    false,
                    vec![
                        share("binnen de termijn die gold (met verdaging, instemming of adviescommissie)", years, |figures| {
                            figures.within_term
                        }),
                        share("binnen de wettelijke termijn (zonder verlenging)", years, |figures| figures.within_statutory_term),
                    ],
                ),
                section(
                    "days",
                    "Behandelduur in kalenderdagen",
                    false,
                    vec![
                        days("gemiddeld, alle afgehandelde klachten", years, handling(|days| days.mean, false)),
                        days("mediaan, alle afgehandelde klachten", years, handling(|days| days.median, false)),
                        days("gemiddeld, formele beslissingen", years, handling(|days| days.mean, true)),
                        days("mediaan, formele beslissingen", years, handling(|days| days.median, true)),
                    ],
                ),
                section(
                    "other",
                    "Verder",
                    false,
                    vec![
                        counts("verdaagd", years, |figures| figures.postponed),
                        counts("verder uitgesteld met instemming van de klager", years, |figures| figures.consent_extensions),
                        counts("met een klachtadviescommissie", years, |figures| figures.advisory_committee),
                        counts("hoorzittingen gehouden", years, |figures| figures.hearings_held),
                        counts("doorgegaan naar de ombudsman", years, |figures| figures.ombudsman),
                    ],
                ),
            ],
        }
    }
}

/// The Klachtverslag of `year` beside the two years before it (coördinator).
#[tauri::command]
pub async fn annual_report(state: State<'_, AppState>, year: u32) -> CommandResult<ReportView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let year = i32::try_from(year).unwrap_or(i32::MAX);
            Ok(ReportView::new(year, &app.annual_report_comparison(&actor, year)?))
        })
        .await
}

/// The figures of `year` as CSV in the Downloads folder (RP-05), without personal data.
#[tauri::command]
pub async fn export_annual_report_csv(state: State<'_, AppState>, year: u32) -> CommandResult<SavedFile> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let figures = app.annual_report(&actor, i32::try_from(year).unwrap_or(i32::MAX))?;
            let path = paths::unused_file_name(&paths::export_dir(), &format!("Klachtverslag-{year}"), "csv");
            write_export(&path, figures.to_csv().as_bytes())?;
            Ok(SavedFile { path: path.display().to_string(), opened: false })
        })
        .await
}
