//! The Klachtverslag screen's commands (RP-01..05): a year's figures beside the two
//! years before it as titled tables the window shows and charts, and the PDF, XLSX and CSV exports. Only
//! aggregate figures cross IPC: no name and no text of any complaint (RP-03).

use crate::file_dialog::{choose_export, save_export};
use crate::ipc::{CommandError, SavedFile};
use crate::state::{self, AppState};
use klachtbalie_core::domain::dutch_date::long_date;
use klachtbalie_core::domain::report::ReportTexts;
use klachtbalie_core::letters::annual_report::report_sections;
use klachtbalie_core::service::{ReportComparison, ReportFile};
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

/// RP-04: the municipality's own texts of a year's report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct ReportTextsView {
    pub introduction: String,
    pub lessons_learned: String,
    pub measures: String,
    pub follow_up: String,
}

impl From<&ReportTexts> for ReportTextsView {
    fn from(texts: &ReportTexts) -> Self {
        Self {
            introduction: texts.introduction.clone(),
            lessons_learned: texts.lessons_learned.clone(),
            measures: texts.measures.clone(),
            follow_up: texts.follow_up.clone(),
        }
    }
}

impl From<ReportTextsView> for ReportTexts {
    fn from(view: ReportTextsView) -> Self {
        Self { introduction: view.introduction, lessons_learned: view.lessons_learned, measures: view.measures, follow_up: view.follow_up }
    }
}

/// The Klachtverslag screen: the year asked for and the two before it (RP-04).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct ReportView {
    pub year: u32,
    /// The columns, oldest first; the last is `year`.
    pub years: Vec<u32>,
    pub sections: Vec<ReportSectionView>,
    pub texts: ReportTextsView,
    /// "Opgeslagen op 1 december 2026 om 09:14 door coord" (`None`: never saved).
    pub texts_saved: Option<String>,
}

impl ReportView {
    pub fn new(year: i32, comparison: &ReportComparison) -> Self {
        let sections = report_sections(&comparison.years, &comparison.departments);
        Self {
            year: u32::try_from(year).unwrap_or_default(),
            years: comparison.years.iter().map(|figures| u32::try_from(figures.year).unwrap_or_default()).collect(),
            sections: sections
                .into_iter()
                .map(|section| ReportSectionView {
                    id: section.id.into(),
                    title: section.title.into(),
                    chart: section.chart,
                    rows: section
                        .rows
                        .into_iter()
                        .map(|row| ReportRowView { label: row.label, values: row.values, texts: row.texts })
                        .collect(),
                })
                .collect(),
            texts: ReportTextsView::from(&comparison.texts),
            texts_saved: comparison.texts_saved.as_ref().map(|(at, by)| saved_line(at, by)),
        }
    }
}

/// "Opgeslagen op 1 december 2026 om 09:14 door coord".
fn saved_line(at: &chrono::NaiveDateTime, by: &str) -> String {
    format!("Opgeslagen op {} om {} door {by}", long_date(at.date()), at.format("%H:%M"))
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

/// The report of `year` saved in the Downloads folder (RP-05) as `pdf` (on the letterhead,
/// opened when a viewer runs), `xlsx` (a sheet per table with charts) or `csv` (the figures).
#[tauri::command]
pub async fn export_annual_report<R: tauri::Runtime>(
    handle: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    year: u32,
    format: String,
) -> CommandResult<SavedFile> {
    let format = ReportFile::from_code(&format)
        .ok_or_else(|| CommandError::new("validation", format!("Onbekend bestandsformaat '{format}': kies pdf, xlsx of csv.")))?;
    let kind = match format {
        ReportFile::Pdf => "PDF-document",
        ReportFile::Xlsx => "Rekenblad",
        ReportFile::Csv => "CSV-bestand",
    };
    let target = choose_export(&handle, &state.context, &format!("Klachtverslag-{year}"), format.extension(), kind).await?;
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let bytes = app.annual_report_file(&actor, i32::try_from(year).unwrap_or(i32::MAX), format)?;
            save_export(context, &target, &bytes)?;
            let opened =
                format == ReportFile::Pdf && context.open_viewer && klachtbalie_core::platform::shell::open_in_viewer(&target.path).is_ok();
            Ok(SavedFile { path: target.path.display().to_string(), opened })
        })
        .await
}

/// RP-04: saves the municipality's own texts of `year`'s report; returns the report as it is
/// now (so the window shows what was stored and when).
#[tauri::command]
pub async fn save_report_texts(state: State<'_, AppState>, year: u32, texts: ReportTextsView) -> CommandResult<ReportView> {
    state
        .run(move |workspace, context| {
            let (app, actor) = state::signed_in(workspace, context.clock.now())?;
            let year = i32::try_from(year).unwrap_or(i32::MAX);
            app.save_report_texts(&actor, year, &ReportTexts::from(texts))?;
            Ok(ReportView::new(year, &app.annual_report_comparison(&actor, year)?))
        })
        .await
}
