//! Horizontal bar charts in the PDF (the annual report, RP-05): per row a label and a bar per
//! series (the years, newest darkest), scaled to the largest value, each bar with its figure,
//! and a legend. A chart is never split over two pages.

use super::text::{line_height_mm, text_width_mm, wrap, Fonts};
use super::{PlacedBar, Weight, BODY_BOTTOM_MM, BODY_SIZE, BODY_TOP_NEXT_PAGES_MM, LEFT_MM, PAGE_WIDTH_MM, PARAGRAPH_GAP, RIGHT_MM};

/// A bar chart: the series' names (the legend, oldest first) and the rows.
#[derive(Debug, Clone, PartialEq)]
pub struct BarChart {
    pub title: String,
    pub series: Vec<String>,
    pub rows: Vec<BarRow>,
}

/// One row: its label, a value per series (`None`: nothing to count) and the figure shown.
#[derive(Debug, Clone, PartialEq)]
pub struct BarRow {
    pub label: String,
    pub values: Vec<Option<f64>>,
    pub texts: Vec<String>,
}

const SIZE: f32 = 8.0;
const LABEL_WIDTH_MM: f32 = 58.0;
const BAR_HEIGHT_MM: f32 = 2.8;
const BAR_GAP_MM: f32 = 0.6;
const ROW_GAP_MM: f32 = 2.2;
/// Room right of the longest bar for its figure.
const FIGURE_ROOM_MM: f32 = 16.0;

/// Lays `chart` out from `top` on `page` (moving both on), as text through `put` and bars
/// into `bars`.
pub(super) fn lay_out_chart(
    chart: &BarChart,
    fonts: &Fonts,
    page: &mut usize,
    top: &mut f32,
    put: &mut impl FnMut(usize, f32, f32, f32, Weight, String),
    bars: &mut Vec<PlacedBar>,
) {
    let series = chart.series.len().max(1);
    let line = line_height_mm(SIZE);
    let labels: Vec<Vec<String>> = chart.rows.iter().map(|row| wrap(&fonts.regular, &row.label, SIZE, LABEL_WIDTH_MM - 3.0)).collect();
    let row_heights: Vec<f32> =
        labels.iter().map(|lines| (lines.len() as f32 * line).max(series as f32 * (BAR_HEIGHT_MM + BAR_GAP_MM)) + ROW_GAP_MM).collect();
    let title_height = line_height_mm(BODY_SIZE) * 1.3;
    let height = title_height + row_heights.iter().sum::<f32>() + line * 1.8;
    // The whole chart on one page, unless it is longer than a page.
    if *top + height > BODY_BOTTOM_MM && height < BODY_BOTTOM_MM - BODY_TOP_NEXT_PAGES_MM {
        *page += 1;
        *top = BODY_TOP_NEXT_PAGES_MM;
    }
    put(*page, LEFT_MM, *top, BODY_SIZE, Weight::Bold, chart.title.clone());
    *top += title_height;

    let bar_left = LEFT_MM + LABEL_WIDTH_MM;
    let bar_room = PAGE_WIDTH_MM - RIGHT_MM - bar_left - FIGURE_ROOM_MM;
    let largest = chart.rows.iter().flat_map(|row| row.values.iter().flatten()).fold(0.0_f64, |a, b| a.max(*b)).max(1.0);
    for ((row, label), row_height) in chart.rows.iter().zip(&labels).zip(&row_heights) {
        for (index, text) in label.iter().enumerate() {
            put(*page, LEFT_MM, *top + BAR_HEIGHT_MM - 0.3 + index as f32 * line, SIZE, Weight::Regular, text.clone());
        }
        for (column, value) in row.values.iter().enumerate() {
            let bar_top = *top + column as f32 * (BAR_HEIGHT_MM + BAR_GAP_MM);
            let width = (value.unwrap_or(0.0) / largest) as f32 * bar_room;
            // A zero still shows a hairline, so a missing bar does not look like a missing year.
            bars.push(PlacedBar {
                page: *page,
                x_mm: bar_left,
                top_mm: bar_top,
                width_mm: width.max(0.3),
                height_mm: BAR_HEIGHT_MM,
                shade: series - 1 - column.min(series - 1),
            });
            let figure = row.texts.get(column).cloned().unwrap_or_default();
            put(*page, bar_left + width.max(0.3) + 1.2, bar_top + BAR_HEIGHT_MM - 0.35, SIZE - 1.0, Weight::Regular, figure);
        }
        *top += row_height;
    }
    // The legend: a square in each series' shade and its name.
    let mut x = bar_left;
    for (column, name) in chart.series.iter().enumerate() {
        bars.push(PlacedBar { page: *page, x_mm: x, top_mm: *top, width_mm: 2.5, height_mm: 2.5, shade: series - 1 - column });
        put(*page, x + 3.5, *top + 2.3, SIZE, Weight::Regular, name.clone());
        x += 3.5 + text_width_mm(&fonts.regular, name, SIZE) + 6.0;
    }
    *top += line * 1.8 + line_height_mm(BODY_SIZE) * PARAGRAPH_GAP;
}
