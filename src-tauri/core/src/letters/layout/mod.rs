//! A small, pure page-layout engine for A4 letters on printpdf: letterhead, window-envelope
//! address block, reference block, wrapped and paginated body text, "pagina X van Y" footer.
//! Data in, bytes out; nothing here touches a file. The output aims at PDF/A-2b (LT-02): fonts
//! embedded and subset, an sRGB output intent, XMP metadata matching the document info.

mod chart;
mod pdf;
mod text;

pub use chart::{BarChart, BarRow};
use chrono::NaiveDate;
pub use pdf::render;
use printpdf::ParsedFont;
use std::sync::Arc;
use text::{fit, fit_each, fonts, line_height_mm, text_width_mm, wrap};

/// sRGB v2 profile from icc-profiles-free (Kai-Uwe Behrmann, zlib licence; see assets/icc).
const SRGB_ICC: &[u8] = include_bytes!("../../../assets/icc/sRGB.icc");
const REGULAR_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../../assets/fonts/DejaVuSans-Bold.ttf");

const PAGE_WIDTH_MM: f32 = 210.0;
const PAGE_HEIGHT_MM: f32 = 297.0;
const LEFT_MM: f32 = 25.0;
const RIGHT_MM: f32 = 20.0;
const BODY_TOP_FIRST_PAGE_MM: f32 = 107.0;
/// Where the sender's contact lines start, top right.
const CONTACT_X_MM: f32 = 140.0;
/// The window of a window envelope (EA5/6): its top and its width from 20 mm.
const WINDOW_TOP_MM: f32 = 48.0;
const WINDOW_WIDTH_MM: f32 = 90.0;
const BODY_TOP_NEXT_PAGES_MM: f32 = 30.0;
const BODY_BOTTOM_MM: f32 = 272.0;
const BODY_SIZE: f32 = 10.0;
const LINE_FACTOR: f32 = 1.35;
/// Space after a paragraph, as a fraction of a line.
const PARAGRAPH_GAP: f32 = 0.5;
const BRAND: (f32, f32, f32) = (0.0, 0.45, 0.40);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// What the sender's block at the top shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letterhead {
    pub organisation: String,
    /// Visiting or postal address lines, phone, website: shown top right.
    pub contact_lines: Vec<String>,
    /// One line above the recipient, e.g. "Retouradres: Postbus 191, 1110 AD Diemen".
    pub return_address: String,
    /// The municipality's logo; without it a block in the brand colour.
    pub logo: Option<Arc<Logo>>,
}

/// A decoded logo image (8-bit RGB, with an optional alpha channel).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logo {
    pub width: usize,
    pub height: usize,
    pub pixels: Vec<u8>,
    pub has_alpha: bool,
}

/// Tallest the logo may be, and the widest, in millimetres.
const LOGO_MAX_HEIGHT_MM: f32 = 16.0;
const LOGO_MAX_WIDTH_MM: f32 = 60.0;

impl Logo {
    /// Decodes a PNG; refuses anything that is not one, or is unreasonably large.
    pub fn from_png(bytes: &[u8]) -> Result<Logo, String> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::normalize_to_color8());
        let mut reader = decoder.read_info().map_err(|_| "Het logo is geen geldig PNG-bestand.".to_string())?;
        let (width, height) = (reader.info().width as usize, reader.info().height as usize);
        if width == 0 || height == 0 || width > 4000 || height > 4000 {
            return Err("Het logo is te groot: maximaal 4000 bij 4000 beeldpunten.".into());
        }
        let mut buffer = vec![0; reader.output_buffer_size().ok_or("Het logo is te groot.")?];
        let frame = reader.next_frame(&mut buffer).map_err(|_| "Het logo kon niet worden gelezen.".to_string())?;
        buffer.truncate(frame.buffer_size());
        let (pixels, has_alpha) = match frame.color_type {
            png::ColorType::Rgb => (buffer, false),
            png::ColorType::Rgba => (buffer, true),
            png::ColorType::Grayscale => (buffer.iter().flat_map(|&g| [g, g, g]).collect(), false),
            png::ColorType::GrayscaleAlpha => (buffer.chunks(2).flat_map(|ga| [ga[0], ga[0], ga[0], ga[1]]).collect(), true),
            png::ColorType::Indexed => return Err("Het logo kon niet worden gelezen (palet).".into()),
        };
        Ok(Logo { width, height, pixels, has_alpha })
    }

    /// The printed size in millimetres: at most 16 mm high and 60 mm wide, aspect kept.
    fn size_mm(&self) -> (f32, f32) {
        let aspect = self.width as f32 / self.height as f32;
        let height = LOGO_MAX_HEIGHT_MM.min(LOGO_MAX_WIDTH_MM / aspect);
        (height * aspect, height)
    }
}

/// A block of the body.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(String),
    Paragraph(String),
    /// Lines kept as they are (signature, addresses).
    Lines(Vec<String>),
    /// Large monospaced-looking text kept on one line, e.g. a recovery key.
    Emphasis(String),
    /// A table (the annual report) under its title: the first column is text that wraps, the
    /// others are figures aligned right. The title stays with the header and the first row;
    /// rows are never split over two pages; the header comes again at the top of a new page.
    Table {
        title: String,
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A horizontal bar chart under its title (the annual report), kept on one page.
    BarChart(BarChart),
    Space,
}

/// A whole document ready to lay out.
#[derive(Debug, Clone, PartialEq)]
pub struct LetterDocument {
    pub title: String,
    pub letterhead: Letterhead,
    /// Lines in the envelope window; empty for documents that are not posted.
    pub recipient: Vec<String>,
    /// (label, value) pairs shown above the body: date, reference, subject.
    pub reference_block: Vec<(String, String)>,
    pub body: Vec<Block>,
    /// Shown left in the footer of every page, e.g. the reference.
    pub footer_note: String,
    /// The document's date: its metadata dates, so the same input gives the same bytes.
    pub created_on: NaiveDate,
}

#[derive(Debug, thiserror::Error)]
pub enum LayoutError {
    #[error("Het ingebouwde lettertype kon niet worden geladen.")]
    FontUnavailable,
    #[error("De PDF kon niet worden opgebouwd.")]
    Serialise,
}

/// One laid-out line: where and what, before it becomes PDF operations. Tests inspect these.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedLine {
    pub page: usize,
    pub x_mm: f32,
    pub top_mm: f32,
    pub size: f32,
    pub weight: Weight,
    pub text: String,
}

/// Lays out the document into placed lines, page by page.
pub fn lay_out(document: &LetterDocument) -> Result<Vec<PlacedLine>, LayoutError> {
    Ok(lay_out_with_bars(document)?.0)
}

/// A filled bar of a chart, in shade `shade` of the brand colour (0 darkest).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlacedBar {
    pub page: usize,
    pub x_mm: f32,
    pub top_mm: f32,
    pub width_mm: f32,
    pub height_mm: f32,
    pub shade: usize,
}

/// The placed lines and the charts' bars.
fn lay_out_with_bars(document: &LetterDocument) -> Result<(Vec<PlacedLine>, Vec<PlacedBar>), LayoutError> {
    let fonts = fonts().ok_or(LayoutError::FontUnavailable)?;
    let mut bars = Vec::new();
    let mut placed = Vec::new();
    let mut put = |page: usize, x_mm: f32, top_mm: f32, size: f32, weight: Weight, text: String| {
        placed.push(PlacedLine { page, x_mm, top_mm, size, weight, text });
    };

    // Letterhead: organisation name beside the brand mark (or under the logo), contact lines
    // top right. Each has fixed room above the address window: a long value wraps, a name
    // that still does not fit is set smaller, and what is left over ends in "…".
    let name = &document.letterhead.organisation;
    let (name_x, name_top, name_width, mut name_size) = match &document.letterhead.logo {
        None => (LEFT_MM + 15.0, 22.0, CONTACT_X_MM - LEFT_MM - 20.0, 16.0),
        Some(logo) => (LEFT_MM, 12.0 + logo.size_mm().1 + 6.0, CONTACT_X_MM - LEFT_MM - 5.0, 11.0),
    };
    if wrap(&fonts.bold, name, name_size, name_width).len() > 2 {
        name_size = 11.0;
    }
    let name_lines = (WINDOW_TOP_MM - 4.0 - name_top) / line_height_mm(name_size);
    for (index, line) in fit(&fonts.bold, name, name_size, name_width, (name_lines as usize).clamp(1, 3)).into_iter().enumerate() {
        put(0, name_x, name_top + index as f32 * line_height_mm(name_size), name_size, Weight::Bold, line);
    }
    let contact_width = PAGE_WIDTH_MM - RIGHT_MM - CONTACT_X_MM;
    let contact_room = ((WINDOW_TOP_MM - 17.0) / 4.2) as usize;
    for (index, line) in
        fit_each(&fonts.regular, &document.letterhead.contact_lines, 8.0, contact_width, contact_room).into_iter().enumerate()
    {
        put(0, CONTACT_X_MM, 17.0 + index as f32 * 4.2, 8.0, Weight::Regular, line);
    }

    // Window envelope (NEN 1026 / EA5/6 window: 20 mm from the left, from 48 mm down, 90 mm
    // wide): the return address on one line, the recipient in at most six.
    if !document.recipient.is_empty() {
        let window_width = WINDOW_WIDTH_MM - (LEFT_MM - 20.0);
        let return_address = fit(&fonts.regular, &document.letterhead.return_address, 7.0, window_width, 1);
        put(0, LEFT_MM, 52.0, 7.0, Weight::Regular, return_address.concat());
        // Each line of the address keeps its own room, so a long name never pushes the street
        // or the town out of the window.
        let recipient = fit_each(&fonts.regular, &document.recipient, 10.5, window_width, 6);
        for (index, line) in recipient.into_iter().enumerate() {
            put(0, LEFT_MM, 58.0 + index as f32 * 5.0, 10.5, Weight::Regular, line);
        }
    }

    // The reference block: one line per row (the next row is 5.5 mm below).
    let value_width = PAGE_WIDTH_MM - RIGHT_MM - LEFT_MM - 28.0;
    for (index, (label, value)) in document.reference_block.iter().enumerate() {
        let top = 88.0 + index as f32 * 5.5;
        put(0, LEFT_MM, top, 8.0, Weight::Regular, label.clone());
        put(0, LEFT_MM + 28.0, top, 10.0, Weight::Regular, fit(&fonts.regular, value, 10.0, value_width, 1).concat());
    }

    let body_width = PAGE_WIDTH_MM - LEFT_MM - RIGHT_MM;
    let mut page = 0;
    let mut top = if document.recipient.is_empty() && document.reference_block.is_empty() { 45.0 } else { BODY_TOP_FIRST_PAGE_MM };
    let advance_line = |page: &mut usize, top: &mut f32, height: f32| {
        if *top + height > BODY_BOTTOM_MM {
            *page += 1;
            *top = BODY_TOP_NEXT_PAGES_MM;
        }
        let at = *top;
        *top += height;
        at
    };

    for block in &document.body {
        match block {
            Block::Space => {
                top += line_height_mm(BODY_SIZE) * PARAGRAPH_GAP;
            }
            Block::Heading(text) => {
                // Keep a heading with at least two lines of what follows.
                if top + 3.0 * line_height_mm(BODY_SIZE) > BODY_BOTTOM_MM {
                    page += 1;
                    top = BODY_TOP_NEXT_PAGES_MM;
                }
                for line in wrap(&fonts.bold, text, BODY_SIZE, body_width) {
                    let at = advance_line(&mut page, &mut top, line_height_mm(BODY_SIZE));
                    put(page, LEFT_MM, at, BODY_SIZE, Weight::Bold, line);
                }
            }
            Block::Paragraph(text) => {
                for line in wrap(&fonts.regular, text, BODY_SIZE, body_width) {
                    let at = advance_line(&mut page, &mut top, line_height_mm(BODY_SIZE));
                    put(page, LEFT_MM, at, BODY_SIZE, Weight::Regular, line);
                }
                top += line_height_mm(BODY_SIZE) * PARAGRAPH_GAP;
            }
            Block::Lines(lines) => {
                // A signature or address block is never split over two pages.
                let needed = lines.len() as f32 * line_height_mm(BODY_SIZE);
                if top + needed > BODY_BOTTOM_MM && needed < BODY_BOTTOM_MM - BODY_TOP_NEXT_PAGES_MM {
                    page += 1;
                    top = BODY_TOP_NEXT_PAGES_MM;
                }
                for line in lines {
                    for part in wrap(&fonts.regular, line, BODY_SIZE, body_width) {
                        let at = advance_line(&mut page, &mut top, line_height_mm(BODY_SIZE));
                        put(page, LEFT_MM, at, BODY_SIZE, Weight::Regular, part);
                    }
                }
                top += line_height_mm(BODY_SIZE) * PARAGRAPH_GAP;
            }
            Block::Emphasis(text) => {
                for line in wrap(&fonts.bold, text, 14.0, body_width) {
                    let at = advance_line(&mut page, &mut top, line_height_mm(14.0) * 1.2);
                    put(page, LEFT_MM, at, 14.0, Weight::Bold, line);
                }
                top += line_height_mm(BODY_SIZE) * PARAGRAPH_GAP;
            }
            Block::BarChart(chart) => chart::lay_out_chart(chart, fonts, &mut page, &mut top, &mut put, &mut bars),
            Block::Table { title, header, rows } => {
                let figures = header.len().saturating_sub(1).max(1) as f32;
                let size = BODY_SIZE - 1.0;
                // The label column takes what the figure columns leave (each at least 28 mm, and
                // wide enough for the widest figure such as "205 van 320 (64,1 %)" when the
                // label column keeps at least the width of one figure column).
                let widest = rows
                    .iter()
                    .flat_map(|row| row.iter().skip(1))
                    .map(|text| text_width_mm(&fonts.regular, text, size))
                    .fold(0.0_f32, f32::max);
                let figure_width = (body_width * 0.62 / figures).max(28.0).max(widest + 3.0).min(body_width / (figures + 1.0));
                let label_width = body_width - figure_width * figures;
                let height = line_height_mm(size);
                let cells_of = |row: &[String], font: &ParsedFont| -> Vec<Vec<String>> {
                    row.iter()
                        .enumerate()
                        .map(|(column, text)| {
                            let width = if column == 0 { label_width - 3.0 } else { figure_width - 2.0 };
                            wrap(font, text, size, width)
                        })
                        .collect()
                };
                let header_cells = cells_of(header, &fonts.bold);
                let header_height = header_cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * height;
                let title_lines = if title.is_empty() { Vec::new() } else { wrap(&fonts.bold, title, BODY_SIZE, body_width) };
                let title_height = title_lines.len() as f32 * line_height_mm(BODY_SIZE);
                // The title and the header with at least one row stay together.
                if top + title_height + header_height + 2.0 * height > BODY_BOTTOM_MM {
                    page += 1;
                    top = BODY_TOP_NEXT_PAGES_MM;
                }
                for line in title_lines {
                    put(page, LEFT_MM, top, BODY_SIZE, Weight::Bold, line);
                    top += line_height_mm(BODY_SIZE);
                }
                let mut put_row = |page: usize, top: f32, cells: &[Vec<String>], weight: Weight| {
                    for (column, lines) in cells.iter().enumerate() {
                        for (index, line) in lines.iter().enumerate() {
                            let at = top + index as f32 * height;
                            if column == 0 {
                                put(page, LEFT_MM, at, size, weight, line.clone());
                            } else {
                                let font = if weight == Weight::Bold { &fonts.bold } else { &fonts.regular };
                                let right = LEFT_MM + label_width + figure_width * column as f32;
                                put(page, right - text_width_mm(font, line, size), at, size, weight, line.clone());
                            }
                        }
                    }
                };
                put_row(page, top, &header_cells, Weight::Bold);
                top += header_height + height * 0.3;
                for row in rows {
                    let cells = cells_of(row, &fonts.regular);
                    let row_height = cells.iter().map(Vec::len).max().unwrap_or(1) as f32 * height;
                    if top + row_height > BODY_BOTTOM_MM {
                        page += 1;
                        top = BODY_TOP_NEXT_PAGES_MM;
                        put_row(page, top, &header_cells, Weight::Bold);
                        top += header_height + height * 0.3;
                    }
                    put_row(page, top, &cells, Weight::Regular);
                    top += row_height;
                }
                top += line_height_mm(BODY_SIZE) * PARAGRAPH_GAP;
            }
        }
    }

    let page_count = page + 1;
    for page in 0..page_count {
        let footer = format!("pagina {} van {}", page + 1, page_count);
        let width = text_width_mm(&fonts.regular, &footer, 8.0);
        put(page, PAGE_WIDTH_MM - RIGHT_MM - width, 285.0, 8.0, Weight::Regular, footer);
        if !document.footer_note.is_empty() {
            put(page, LEFT_MM, 285.0, 8.0, Weight::Regular, document.footer_note.clone());
        }
    }
    Ok((placed, bars))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(body: Vec<Block>) -> LetterDocument {
        LetterDocument {
            title: "Test".into(),
            letterhead: Letterhead {
                organisation: "Gemeente Diemen".into(),
                contact_lines: vec!["Wilhelminaplein 1".into()],
                return_address: "Retouradres: Postbus 191, 1110 AD Diemen".into(),
                logo: None,
            },
            recipient: vec!["J. de Vries".into()],
            reference_block: vec![("Ons kenmerk".into(), "KL-2026-0001".into())],
            body,
            footer_note: "KL-2026-0001".into(),
            created_on: NaiveDate::from_ymd_opt(2026, 11, 23).expect("date"),
        }
    }

    #[test]
    fn the_longest_value_of_every_field_stays_on_the_page_and_in_its_block() {
        // Issue 28: a long municipality name ran over the address window and off the page,
        // contact lines were cut at the page edge, recipient lines at about 90 characters
        // although the fields allow 200. Every field here at its 200 characters.
        let long = |word: &str| std::iter::repeat_n(word, 200 / (word.len() + 1)).collect::<Vec<_>>().join(" ");
        let mut letter = document(vec![Block::Paragraph("Geachte heer, mevrouw,".into())]);
        letter.letterhead.organisation = long("Gemeentelijke");
        letter.letterhead.contact_lines = vec![long("Wilhelminaplein"), long("020-1234567"), "x".repeat(200)];
        letter.letterhead.return_address = format!("Retouradres: {}", long("Postbus"));
        letter.recipient = vec![long("Vriesendorp"), "W".repeat(200), long("1111AB")];
        letter.reference_block = vec![("Onderwerp".into(), long("onvriendelijk")), ("Ons kenmerk".into(), "KL-2026-0001".into())];
        let fonts = fonts().expect("fonts");
        let lines = lay_out(&letter).expect("layout");
        for line in lines.iter().filter(|line| line.page == 0) {
            let font = if line.weight == Weight::Bold { &fonts.bold } else { &fonts.regular };
            let right = line.x_mm + text_width_mm(font, &line.text, line.size);
            assert!(right <= PAGE_WIDTH_MM - RIGHT_MM + 0.01, "off the page at {right:.1} mm: {:?}", line.text);
        }
        let block = |x: f32, from: f32, to: f32| {
            lines.iter().filter(move |line| line.page == 0 && line.x_mm == x && line.top_mm >= from && line.top_mm < to)
        };
        let name: Vec<_> = block(LEFT_MM + 15.0, 0.0, 300.0).collect();
        assert!(name.iter().all(|line| line.top_mm < WINDOW_TOP_MM - 4.0), "the name stays above the window: {name:?}");
        assert!(name.last().is_some_and(|line| line.text.ends_with('…')), "what does not fit ends in …: {name:?}");
        let contact: Vec<_> = block(CONTACT_X_MM, 0.0, 300.0).collect();
        assert!(contact.len() >= 6 && contact.iter().all(|line| line.top_mm < WINDOW_TOP_MM), "{contact:?}");
        assert!(contact.last().is_some_and(|line| line.text.starts_with("xxx")), "every contact line keeps its room: {contact:?}");
        let window: Vec<_> = block(LEFT_MM, 50.0, 88.0).collect();
        assert_eq!(window.len(), 7, "the return address and six recipient lines: {window:?}");
        assert!(window.iter().all(|line| line.top_mm < 86.0), "the window ends above the reference block");
        assert!(window.iter().filter(|line| line.text.starts_with("WWWW")).count() == 2, "a long line wraps instead of being cut");
        assert!(window.iter().any(|line| line.text.starts_with("1111AB")), "a long name leaves room for the town: {window:?}");
        if let Ok(folder) = std::env::var("LETTER_LOOK_DIR") {
            std::fs::write(std::path::Path::new(&folder).join("langste-waarden.pdf"), pdf::render(&letter).expect("pdf")).expect("write");
        }
    }

    #[test]
    fn a_table_aligns_figures_right_keeps_rows_whole_and_repeats_its_header_on_a_new_page() {
        // RP-05: the report's tables in the PDF; no cell is lost over a page break.
        let rows: Vec<Vec<String>> = (0..90)
            .map(|n| vec![format!("afdeling nummer {n} met een lange naam die over twee regels loopt"), n.to_string(), "1".into()])
            .collect();
        let header = vec![String::new(), "2025".to_string(), "2026".to_string()];
        let lines = lay_out(&document(vec![Block::Table { title: "Per afdeling".into(), header, rows }])).expect("layout");
        let pages = lines.iter().map(|line| line.page).max().unwrap_or(0) + 1;
        assert!(pages > 2, "90 two-line rows take several pages");
        for n in 0..90 {
            assert!(lines.iter().any(|line| line.text == n.to_string()), "row {n} is on a page");
        }
        // The header is on every page, and the figures' right edges line up.
        let fonts = fonts().expect("fonts");
        for page in 0..pages {
            assert!(
                lines.iter().any(|line| line.page == page && line.text == "2026" && line.weight == Weight::Bold),
                "header on page {page}"
            );
        }
        let right_edges: Vec<f32> = lines
            .iter()
            .filter(|line| line.text == "1234" || line.text == "2026")
            .map(|line| line.x_mm + text_width_mm(&fonts.regular, &line.text, line.size))
            .collect();
        let spread = right_edges.iter().cloned().fold(f32::MIN, f32::max) - right_edges.iter().cloned().fold(f32::MAX, f32::min);
        assert!(spread < 1.0, "right-aligned figures: spread {spread} mm");
        // A label that wraps keeps its row together: both parts of row 5 are on one page.
        let parts: Vec<&PlacedLine> = lines.iter().filter(|line| line.text.contains("nummer 5 ") || line.text == "5").collect();
        assert!(parts.iter().all(|line| line.page == parts[0].page), "{parts:?}");
    }

    #[test]
    fn a_bar_chart_scales_its_bars_keeps_to_one_page_and_shades_the_newest_darkest() {
        // RP-05: the report's charts in the PDF.
        let chart = BarChart {
            title: "Per afdeling (grafiek)".into(),
            series: vec!["2025".into(), "2026".into()],
            rows: vec![
                BarRow { label: "Burgerzaken".into(), values: vec![Some(10.0), Some(20.0)], texts: vec!["10".into(), "20".into()] },
                BarRow { label: "Wonen".into(), values: vec![Some(5.0), Some(0.0)], texts: vec!["5".into(), "0".into()] },
            ],
        };
        let filler: Vec<Block> = (0..44).map(|n| Block::Paragraph(format!("Regel {n}"))).collect();
        let (lines, bars) = lay_out_with_bars(&document([filler, vec![Block::BarChart(chart)]].concat())).expect("layout");
        let title_page = lines.iter().find(|line| line.text == "Per afdeling (grafiek)").map(|line| line.page);
        assert!(bars.iter().all(|bar| Some(bar.page) == title_page), "the chart is on one page");
        assert!(lines.iter().filter(|line| line.text == "20" || line.text == "Wonen").all(|line| Some(line.page) == title_page));
        let data_bars: Vec<&PlacedBar> = bars.iter().filter(|bar| bar.height_mm > 2.6).collect();
        assert_eq!(data_bars.len(), 4, "a bar per row and year");
        let (old, new) = (data_bars[0], data_bars[1]);
        assert!((new.width_mm - 2.0 * old.width_mm).abs() < 0.01, "20 is twice 10: {old:?} {new:?}");
        assert_eq!((old.shade, new.shade), (1, 0), "the newest year darkest");
        assert!(data_bars[3].width_mm > 0.0 && data_bars[3].width_mm < 0.5, "a zero is a hairline");
        assert!(bars.iter().all(|bar| bar.x_mm + bar.width_mm <= PAGE_WIDTH_MM - RIGHT_MM), "inside the margins");
    }

    #[test]
    fn long_text_is_wrapped_and_paginated_without_losing_a_word() {
        // rule LT-02: long texts wrapped and paginated with no line lost.
        let words: Vec<String> = (0..2500).map(|n| format!("woord{n}")).collect();
        let doc = document(vec![Block::Paragraph(words.join(" "))]);
        let lines = lay_out(&doc).expect("layout");
        let body_text: Vec<&str> = lines
            .iter()
            .filter(|line| line.size == BODY_SIZE && line.top_mm >= BODY_TOP_NEXT_PAGES_MM && line.top_mm < BODY_BOTTOM_MM)
            .flat_map(|line| line.text.split(' '))
            .filter(|word| word.starts_with("woord"))
            .collect();
        assert_eq!(body_text.len(), 2500, "every word appears exactly once");
        let pages = lines.iter().map(|line| line.page).max().expect("lines") + 1;
        assert!(pages >= 3, "2500 words need several pages, got {pages}");
        assert!(lines.iter().any(|line| line.text == format!("pagina {pages} van {pages}")));
        for line in &lines {
            assert!(line.top_mm <= 286.0, "line below the page: {line:?}");
        }
    }

    #[test]
    fn a_signature_block_is_never_split_over_two_pages() {
        // rule LT-02: pagination keeps the signature (name and function) together.
        for filler in 30..60 {
            let mut body: Vec<Block> = (0..filler).map(|n| Block::Paragraph(format!("Regel {n}"))).collect();
            body.push(Block::Lines(vec!["Met vriendelijke groet,".into(), String::new(), "A. de Boer".into(), "afdelingsmanager".into()]));
            let lines = lay_out(&document(body)).expect("layout");
            let page_of = |text: &str| lines.iter().find(|line| line.text == text).map(|line| line.page);
            assert_eq!(page_of("Met vriendelijke groet,"), page_of("afdelingsmanager"), "split with {filler} paragraphs");
        }
    }

    #[test]
    fn a_word_longer_than_the_line_is_broken_not_cut() {
        let long_word = "x".repeat(400);
        let doc = document(vec![Block::Paragraph(long_word.clone())]);
        let lines = lay_out(&doc).expect("layout");
        let joined: String = lines.iter().filter(|l| l.text.starts_with('x')).map(|l| l.text.as_str()).collect();
        assert_eq!(joined, long_word);
    }
}
