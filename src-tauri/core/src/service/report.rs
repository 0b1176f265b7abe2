//! The annual complaint report (klachtverslag, Awb 9:12a; RP-01..04) for the coördinator and
//! `klachtbalie-cli report`: the figures of a year, beside the two years before it, over both
//! stores, from plain columns only.

use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::domain::report::{annual_figures, AnnualFigures, ReportTexts};
use crate::letters::annual_report::{render_annual_report, render_annual_report_xlsx, report_sections};
use crate::roles::UseCase;

/// Years a report can be asked for: Klachtbalie and the earlier systems it imports from (the
/// comparison reaches two years further back).
const YEARS: std::ops::RangeInclusive<i32> = 1990..=9999;

/// A year's report beside the two years before it (RP-04), with the chart's department names.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportComparison {
    /// The two previous years and then the year asked for.
    pub years: Vec<AnnualFigures>,
    /// Department id and name, in the chart's order.
    pub departments: Vec<(String, String)>,
    /// RP-04: the municipality's own texts of the year asked for.
    pub texts: ReportTexts,
    /// When and by whom the texts were last saved (`None`: never).
    pub texts_saved: Option<(chrono::NaiveDateTime, String)>,
}

/// The files the report can be saved as (RP-05).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportFile {
    Pdf,
    Xlsx,
    Csv,
}

impl ReportFile {
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "pdf" => Some(Self::Pdf),
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
        }
    }

    fn dutch_name(self) -> &'static str {
        match self {
            Self::Pdf => "PDF",
            Self::Xlsx => "Excel-bestand",
            Self::Csv => "CSV-bestand",
        }
    }
}

impl Klachtbalie {
    /// RP-01/RP-02: the figures of the complaints received in `year`, every department of the
    /// current chart included. The report is recorded in the audit log (who, which year); it
    /// holds no personal data (RP-03).
    pub fn annual_report(&mut self, actor: &Actor, year: i32) -> ServiceResult<AnnualFigures> {
        let mut comparison = self.reports(actor, &[year])?;
        Ok(comparison.years.remove(0))
    }

    /// RP-04: the report of `year` with the same figures for the two years before it.
    pub fn annual_report_comparison(&mut self, actor: &Actor, year: i32) -> ServiceResult<ReportComparison> {
        self.reports(actor, &[year - 2, year - 1, year])
    }

    /// RP-05: the report of `year` as a file to save: the PDF on the letterhead or the
    /// workbook (both beside the two years before it), or the CSV of its figures.
    pub fn annual_report_file(&mut self, actor: &Actor, year: i32, format: ReportFile) -> ServiceResult<Vec<u8>> {
        if format == ReportFile::Csv {
            return Ok(self.annual_report(actor, year)?.to_csv().into_bytes());
        }
        let comparison = self.annual_report_comparison(actor, year)?;
        let sections = report_sections(&comparison.years, &comparison.departments);
        let years: Vec<i32> = comparison.years.iter().map(|figures| figures.year).collect();
        let settings = self.settings()?;
        let rendered = match format {
            ReportFile::Pdf => {
                render_annual_report(&self.letter_municipality(&settings)?, year, &years, &sections, &comparison.texts, self.today())
                    .map_err(|error| error.to_string())
            }
            _ => render_annual_report_xlsx(&settings.municipality.name, year, &years, &sections, &comparison.texts),
        };
        rendered.map_err(|error| {
            ServiceError::Refused(format!("Het klachtverslag kon niet als {} worden gemaakt: {error}", format.dutch_name()))
        })
    }

    /// The figures of `years` (the last is the one asked for), one audit entry.
    fn reports(&mut self, actor: &Actor, years: &[i32]) -> ServiceResult<ReportComparison> {
        self.authorize(actor, UseCase::ViewAnnualReport, "klachtverslag")?;
        let year = years.last().copied().unwrap_or_default();
        if !years.iter().all(|year| YEARS.contains(year)) {
            return Err(ServiceError::Refused(format!(
                "Het jaar {year} kan niet: kies een jaar van {} tot en met {}.",
                YEARS.start() + (years.len() as i32 - 1),
                YEARS.end()
            )));
        }
        let settings = self.settings()?;
        let departments: Vec<(String, String)> =
            self.org_chart()?.departments().iter().map(|department| (department.id.clone(), department.name.clone())).collect();
        let ids: Vec<String> = departments.iter().map(|(id, _)| id.clone()).collect();
        let reader = self.database.reader();
        let figures = years
            .iter()
            .map(|&year| Ok(annual_figures(year, &reader.report_facts(year)?, &ids, &settings.calendar, &settings.norms)))
            .collect::<ServiceResult<Vec<_>>>()?;
        let saved = reader.report_texts(year)?;
        let event = AuditEvent::success("klachtverslag opstellen", format!("klachtverslag {year}"));
        self.record(actor, &event)?;
        let (texts, texts_saved) = match saved {
            Some((texts, at, by)) => (texts, Some((at, by))),
            None => (ReportTexts::default(), None),
        };
        Ok(ReportComparison { years: figures, departments, texts, texts_saved })
    }

    /// RP-04: saves the municipality's own texts of `year`'s report (introduction, lessons
    /// learned, improvement measures and their follow-up). Returns them as stored.
    pub fn save_report_texts(&mut self, actor: &Actor, year: i32, texts: &ReportTexts) -> ServiceResult<ReportTexts> {
        self.authorize(actor, UseCase::ViewAnnualReport, "de toelichting van het klachtverslag")?;
        if !YEARS.contains(&year) {
            return Err(ServiceError::Refused(format!(
                "Het jaar {year} kan niet: kies een jaar van {} tot en met {}.",
                YEARS.start(),
                YEARS.end()
            )));
        }
        let texts = texts.validated().map_err(ServiceError::Validation)?;
        let stamp = self.stamp(actor);
        self.write(|tx| -> ServiceResult<()> {
            tx.save_report_texts(year, &texts, stamp.at, &stamp.actor)?;
            let event = AuditEvent::success("toelichting klachtverslag opslaan", format!("klachtverslag {year}"));
            tx.append_audit(&stamp, &event)?;
            Ok(())
        })?;
        Ok(texts)
    }
}
