//! The annual complaint report as people read it (RP-02, RP-04, RP-05): titled tables in
//! Dutch with a year's figures beside the two years before, the same for the window and the
//! PDF, and the PDF itself on the municipality's letterhead. Only aggregate figures (RP-03).

use super::layout::{self, BarChart, BarRow, Block, LayoutError, LetterDocument};
use super::Municipality;
use crate::domain::complaint::{Channel, ComplaintType};
use crate::domain::dutch_date::long_date;
use crate::domain::report::{AnnualFigures, HandlingDays, Outcome, ReportTexts, Share, OPEN};
use chrono::NaiveDate;

/// One line of a report table: a label and the figure per year (oldest first), as a number
/// for a chart (`None`: nothing to count) and as the text shown.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportRow {
    pub label: String,
    pub values: Vec<Option<f64>>,
    pub texts: Vec<String>,
}

/// A titled table; `chart` when its rows are parts of a whole worth a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportSection {
    pub id: &'static str,
    pub title: &'static str,
    pub chart: bool,
    pub rows: Vec<ReportRow>,
}

fn dutch_number(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

fn counts(label: &str, years: &[AnnualFigures], pick: impl Fn(&AnnualFigures) -> u64) -> ReportRow {
    let values: Vec<u64> = years.iter().map(pick).collect();
    ReportRow {
        label: label.to_string(),
        values: values.iter().map(|value| Some(*value as f64)).collect(),
        texts: values.iter().map(u64::to_string).collect(),
    }
}

fn share(label: &str, years: &[AnnualFigures], pick: impl Fn(&AnnualFigures) -> Share) -> ReportRow {
    let shares: Vec<Share> = years.iter().map(pick).collect();
    ReportRow {
        label: label.to_string(),
        values: shares.iter().map(|share| share.percent).collect(),
        texts: shares
            .iter()
            .map(|share| match share.percent {
                Some(percent) => format!("{} van {} ({} %)", share.within, share.of, dutch_number(percent)),
                None => "geen".into(),
            })
            .collect(),
    }
}

fn days(label: &str, years: &[AnnualFigures], pick: impl Fn(&AnnualFigures) -> Option<f64>) -> ReportRow {
    let values: Vec<Option<f64>> = years.iter().map(pick).collect();
    ReportRow { label: label.to_string(), texts: values.iter().map(|value| value.map_or("–".into(), dutch_number)).collect(), values }
}

fn count_of(map: &std::collections::BTreeMap<&'static str, u64>, key: &str) -> u64 {
    map.get(key).copied().unwrap_or(0)
}

/// The report's tables for `years` (oldest first), departments by name in the chart's order;
/// a department since removed from the chart still counts, under its id.
pub fn report_sections(years: &[AnnualFigures], departments: &[(String, String)]) -> Vec<ReportSection> {
    fn department_count(id: &str) -> impl Fn(&AnnualFigures) -> u64 + '_ {
        move |figures| figures.by_department.get(id).copied().unwrap_or(0)
    }
    let mut department_rows: Vec<ReportRow> = departments.iter().map(|(id, name)| counts(name, years, department_count(id))).collect();
    let mut former: Vec<&String> = years
        .iter()
        .flat_map(|figures| figures.by_department.keys())
        .filter(|id| !departments.iter().any(|(known, _)| known == *id))
        .collect();
    former.sort();
    former.dedup();
    department_rows
        .extend(former.into_iter().map(|id| counts(&format!("{id} (niet meer in het organogram)"), years, department_count(id))));
    let handling = |pick: fn(&HandlingDays) -> Option<f64>, formal: bool| {
        move |figures: &AnnualFigures| pick(if formal { &figures.formal_handling_days } else { &figures.handling_days })
    };
    let mut sections = vec![
        ReportSection {
            id: "total",
            title: "Ontvangen klachten",
            chart: false,
            rows: vec![counts("Totaal", years, |figures| figures.total)],
        },
        ReportSection {
            id: "type",
            title: "Soort klacht",
            chart: true,
            rows: ComplaintType::ALL
                .iter()
                .map(|kind| {
                    let label = if *kind == ComplaintType::Bejegening { "bejegening" } else { "dienstverlening" };
                    counts(label, years, |figures| count_of(&figures.by_type, kind.code()))
                })
                .collect(),
        },
        ReportSection {
            id: "channel",
            title: "Binnengekomen via",
            chart: true,
            rows: Channel::ALL
                .iter()
                .map(|channel| counts(channel.dutch_label(), years, |figures| count_of(&figures.by_channel, channel.code())))
                .collect(),
        },
        ReportSection { id: "department", title: "Per afdeling", chart: true, rows: department_rows },
        ReportSection {
            id: "outcome",
            title: "Uitkomst",
            chart: true,
            rows: Outcome::ALL
                .iter()
                .map(|outcome| counts(outcome.dutch_label(), years, |figures| count_of(&figures.by_outcome, outcome.code())))
                .chain([counts("nog open", years, |figures| count_of(&figures.by_outcome, OPEN))])
                .collect(),
        },
        ReportSection {
            id: "term",
            title: "Formele beslissingen op tijd",
            chart: false,
            rows: vec![
                share("binnen de termijn die gold (met verdaging, instemming of adviescommissie)", years, |figures| figures.within_term),
                share("binnen de wettelijke termijn (zonder verlenging)", years, |figures| figures.within_statutory_term),
            ],
        },
        ReportSection {
            id: "days",
            title: "Behandelduur in kalenderdagen",
            chart: false,
            rows: vec![
                days("gemiddeld, alle afgehandelde klachten", years, handling(|days| days.mean, false)),
                days("mediaan, alle afgehandelde klachten", years, handling(|days| days.median, false)),
                days("gemiddeld, formele beslissingen", years, handling(|days| days.mean, true)),
                days("mediaan, formele beslissingen", years, handling(|days| days.median, true)),
            ],
        },
        ReportSection {
            id: "other",
            title: "Verder",
            chart: false,
            rows: vec![
                counts("verdaagd", years, |figures| figures.postponed),
                counts("verder uitgesteld met instemming van de klager", years, |figures| figures.consent_extensions),
                counts("met een klachtadviescommissie", years, |figures| figures.advisory_committee),
                counts("hoorzittingen gehouden", years, |figures| figures.hearings_held),
                counts("doorgegaan naar de ombudsman", years, |figures| figures.ombudsman),
            ],
        },
    ];
    // A chart of nothing but zeros says no more than its table: left out (window and PDF).
    for section in &mut sections {
        section.chart &= section.rows.iter().flat_map(|row| &row.values).any(|value| value.is_some_and(|value| value != 0.0));
    }
    sections
}

/// RP-05: the report of `year` as a PDF on the letterhead (A4, DejaVu Sans embedded, the
/// letters' PDF/A-2b parts): the municipality's texts (RP-04) and every table, the years side
/// by side, each breakdown also as a bar chart.
pub fn render_annual_report(
    municipality: &Municipality,
    year: i32,
    years: &[i32],
    sections: &[ReportSection],
    texts: &ReportTexts,
    created_on: NaiveDate,
) -> Result<Vec<u8>, LayoutError> {
    let mut body = vec![
        Block::Heading(format!("Klachtverslag {year}")),
        Block::Paragraph(format!(
            "Dit verslag telt alle klachten die {} in {year} ontving, ook de klachten die informeel zijn afgehandeld \
             (Algemene wet bestuursrecht, artikel 9:12a). Ter vergelijking staan de cijfers van {} en {} ernaast. \
             Het verslag bevat geen namen en geen tekst uit klachten.",
            municipality.name.strip_prefix("Gemeente ").map_or(municipality.name.clone(), |place| format!("de gemeente {place}")),
            year - 2,
            year - 1
        )),
    ];
    // RP-04: the municipality's introduction before the figures, what it learned and does
    // about it after them.
    let [introduction, after @ ..] = texts.parts();
    push_text(&mut body, introduction);
    for section in sections {
        body.push(Block::Table {
            title: section.title.to_string(),
            header: std::iter::once(String::new()).chain(years.iter().map(i32::to_string)).collect(),
            rows: section.rows.iter().map(|row| std::iter::once(row.label.clone()).chain(row.texts.iter().cloned()).collect()).collect(),
        });
        if section.chart && !section.rows.is_empty() {
            body.push(Block::BarChart(BarChart {
                title: format!("{} (grafiek)", section.title),
                series: years.iter().map(i32::to_string).collect(),
                rows: section
                    .rows
                    .iter()
                    .map(|row| BarRow { label: row.label.clone(), values: row.values.clone(), texts: row.texts.clone() })
                    .collect(),
            }));
        }
    }
    for part in after {
        push_text(&mut body, part);
    }
    body.push(Block::Paragraph(format!("Opgesteld op {} met Klachtbalie.", long_date(created_on))));
    let document = LetterDocument {
        title: format!("Klachtverslag {year} — {}", municipality.name),
        letterhead: municipality.letterhead(),
        recipient: vec![],
        reference_block: vec![],
        body,
        footer_note: format!("Klachtverslag {year}"),
        created_on,
    };
    layout::render(&document)
}

/// One of the municipality's texts under its heading, a paragraph per blank-line-separated
/// part; nothing when it was left empty.
fn push_text(body: &mut Vec<Block>, (_, heading, text): (&str, &str, &str)) {
    if text.trim().is_empty() {
        return;
    }
    body.push(Block::Heading(heading.to_string()));
    for paragraph in text.split("\n\n").map(str::trim).filter(|paragraph| !paragraph.is_empty()) {
        body.push(Block::Paragraph(paragraph.to_string()));
    }
}

/// RP-05: the report of `year` as a spreadsheet: a first sheet saying what it is, then one
/// sheet per table with the years side by side (figures as numbers) and, for the breakdowns,
/// a native bar chart of the same cells.
pub fn render_annual_report_xlsx(
    municipality_name: &str,
    year: i32,
    years: &[i32],
    sections: &[ReportSection],
    texts: &ReportTexts,
) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Chart, ChartType, Format, Workbook};
    let problem = |error: rust_xlsxwriter::XlsxError| format!("het rekenblad kon niet worden gemaakt: {error}");
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let cover = workbook.add_worksheet().set_name("Klachtverslag").map_err(problem)?;
    cover.write_string_with_format(0, 0, format!("Klachtverslag {year} — {municipality_name}"), &bold).map_err(problem)?;
    cover
        .write_string(2, 0, "Alle klachten die in het jaar zijn ontvangen, ook de informeel afgehandelde, naast de twee jaren ervoor.")
        .map_err(problem)?;
    cover
        .write_string(3, 0, "Het verslag bevat geen namen en geen tekst uit klachten. Elke tabel staat op een eigen blad.")
        .map_err(problem)?;
    // RP-04: the municipality's own texts, one part per row under its heading.
    let wrapped = Format::new().set_text_wrap().set_align(rust_xlsxwriter::FormatAlign::Top);
    cover.set_column_width(0, 100).map_err(problem)?;
    let mut row = 5;
    for (_, heading, text) in texts.parts().into_iter().filter(|(_, _, text)| !text.trim().is_empty()) {
        cover.write_string_with_format(row, 0, heading, &bold).map_err(problem)?;
        cover.write_string_with_format(row + 1, 0, text, &wrapped).map_err(problem)?;
        row += 3;
    }
    for section in sections {
        let sheet = workbook.add_worksheet().set_name(section.title).map_err(problem)?;
        sheet.set_column_width(0, 60).map_err(problem)?;
        sheet.write_string_with_format(0, 0, section.title, &bold).map_err(problem)?;
        for (column, year) in years.iter().enumerate() {
            sheet.write_number_with_format(1, column as u16 + 1, f64::from(*year), &bold).map_err(problem)?;
        }
        for (index, row) in section.rows.iter().enumerate() {
            let at = index as u32 + 2;
            sheet.write_string(at, 0, &row.label).map_err(problem)?;
            for (column, (value, text)) in row.values.iter().zip(&row.texts).enumerate() {
                let column = column as u16 + 1;
                // A share reads as "3 van 4 (75,0 %)"; every other figure is a number.
                match value {
                    Some(value) if section.id != "term" => sheet.write_number(at, column, *value).map(drop),
                    _ => sheet.write_string(at, column, text).map(drop),
                }
                .map_err(problem)?;
            }
        }
        if section.chart && !section.rows.is_empty() {
            let last = section.rows.len() as u32 + 1;
            let mut chart = Chart::new(ChartType::Bar);
            chart.title().set_name(section.title);
            for (column, year) in years.iter().enumerate() {
                let column = column as u16 + 1;
                chart.add_series().set_name(&year.to_string()).set_categories((section.title, 2, 0, last, 0)).set_values((
                    section.title,
                    2,
                    column,
                    last,
                    column,
                ));
            }
            sheet.insert_chart(last + 2, 0, &chart).map_err(problem)?;
        }
    }
    workbook.save_to_buffer().map_err(problem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::HolidayCalendar;
    use crate::domain::deadlines::DeadlineNorms;
    use crate::domain::report::annual_figures;

    #[test]
    fn a_breakdown_of_only_zeros_gets_no_chart() {
        // RP-04 (issue 28): a chart of nothing but zeros is left out; its table stays.
        let empty = |year| annual_figures(year, &[], &["bz".to_string()], &HolidayCalendar::statutory(), &DeadlineNorms::default());
        let departments = [("bz".to_string(), "Burgerzaken".to_string())];
        let sections = report_sections(&[empty(2024), empty(2025), empty(2026)], &departments);
        assert_eq!(sections.len(), 8, "every table is there");
        assert!(sections.iter().all(|section| !section.chart), "{:?}", sections.iter().map(|section| section.id).collect::<Vec<_>>());
        let mut one = empty(2026);
        one.total = 1;
        one.by_channel.insert("brief", 1);
        let charted: Vec<&str> =
            report_sections(&[empty(2024), empty(2025), one], &departments).iter().filter(|s| s.chart).map(|s| s.id).collect();
        assert_eq!(charted, ["channel"]);
    }
}
