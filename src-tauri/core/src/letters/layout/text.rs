//! Text measuring for the layout: the embedded DejaVu fonts, widths in millimetres, and word
//! wrapping that never loses a word off the edge.

use super::{BOLD_TTF, LINE_FACTOR, REGULAR_TTF};
use printpdf::ParsedFont;
use std::sync::OnceLock;

pub(super) struct Fonts {
    pub(super) regular: ParsedFont,
    pub(super) bold: ParsedFont,
}

/// The embedded fonts, parsed once per process: parsing DejaVu costs milliseconds.
pub(super) fn fonts() -> Option<&'static Fonts> {
    static FONTS: OnceLock<Option<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Some(Fonts {
                regular: ParsedFont::from_bytes(REGULAR_TTF, 0, &mut Vec::new())?,
                bold: ParsedFont::from_bytes(BOLD_TTF, 0, &mut Vec::new())?,
            })
        })
        .as_ref()
}

/// The width of `text` in millimetres at `size` points.
pub(super) fn text_width_mm(font: &ParsedFont, text: &str, size: f32) -> f32 {
    let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    let advance: f32 = text
        .chars()
        .map(|c| font.lookup_glyph_index(c as u32).map_or(units_per_em * 0.5, |gid| f32::from(font.get_horizontal_advance(gid))))
        .sum();
    advance / units_per_em * size * 25.4 / 72.0
}

/// Greedy word wrap to `width_mm`. A word longer than a line is broken by characters so that
/// no text is ever lost off the edge.
pub(super) fn wrap(font: &ParsedFont, text: &str, size: f32, width_mm: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for source_line in text.split('\n') {
        let mut current = String::new();
        for word in source_line.split_whitespace() {
            let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
            if text_width_mm(font, &candidate, size) <= width_mm {
                current = candidate;
                continue;
            }
            if !current.is_empty() {
                lines.push(std::mem::take(&mut current));
            }
            if text_width_mm(font, word, size) <= width_mm {
                current = word.to_string();
            } else {
                for c in word.chars() {
                    let mut attempt = current.clone();
                    attempt.push(c);
                    if text_width_mm(font, &attempt, size) > width_mm && !current.is_empty() {
                        lines.push(std::mem::replace(&mut current, c.to_string()));
                    } else {
                        current = attempt;
                    }
                }
            }
        }
        lines.push(current);
    }
    lines
}

/// `text` wrapped to `width_mm` in at most `max_lines` lines: what does not fit ends in "…".
/// For the letterhead and the address window, whose room is fixed: never off the page, never
/// over the next block.
pub(super) fn fit(font: &ParsedFont, text: &str, size: f32, width_mm: f32, max_lines: usize) -> Vec<String> {
    let mut lines = wrap(font, text, size, width_mm);
    if lines.len() <= max_lines {
        return lines;
    }
    lines.truncate(max_lines.max(1));
    if let Some(last) = lines.last_mut() {
        while !last.is_empty() && text_width_mm(font, &format!("{last} …"), size) > width_mm {
            last.pop();
        }
        *last = format!("{} …", last.trim_end());
    }
    lines
}

/// Several values in `room` lines, each wrapped in its share of them (at least one), so that
/// one long value never pushes the others out: a long name leaves the street and the town.
pub(super) fn fit_each(font: &ParsedFont, values: &[String], size: f32, width_mm: f32, room: usize) -> Vec<String> {
    let each = (room / values.len().max(1)).max(1);
    values.iter().flat_map(|value| fit(font, value, size, width_mm, each)).take(room).collect()
}

pub(super) fn line_height_mm(size: f32) -> f32 {
    size * LINE_FACTOR * 25.4 / 72.0
}
