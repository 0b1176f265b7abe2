//! A small, pure page-layout engine for A4 letters on printpdf: letterhead, window-envelope
//! address block, reference block, wrapped and paginated body text, "pagina X van Y" footer.
//! Data in, bytes out; nothing here touches a file. The output aims at PDF/A-2b (LT-02): fonts
//! embedded and subset, an sRGB output intent, XMP metadata matching the document info.

use chrono::NaiveDate;
use printpdf::{
    Color, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, RawImageData,
    RawImageFormat, Rect, Rgb, TextItem, XObjectTransform,
};
use sha2::{Digest, Sha256};
use std::sync::{Arc, OnceLock};

/// sRGB v2 profile from icc-profiles-free (Kai-Uwe Behrmann, zlib licence; see assets/icc).
const SRGB_ICC: &[u8] = include_bytes!("../../assets/icc/sRGB.icc");
const REGULAR_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
const BOLD_TTF: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const PAGE_WIDTH_MM: f32 = 210.0;
const PAGE_HEIGHT_MM: f32 = 297.0;
const LEFT_MM: f32 = 25.0;
const RIGHT_MM: f32 = 20.0;
const BODY_TOP_FIRST_PAGE_MM: f32 = 107.0;
const BODY_TOP_NEXT_PAGES_MM: f32 = 30.0;
const BODY_BOTTOM_MM: f32 = 272.0;
const BODY_SIZE: f32 = 10.0;
const LINE_FACTOR: f32 = 1.35;
/// Space after a paragraph, as a fraction of a line.
const PARAGRAPH_GAP: f32 = 0.5;
const BRAND: (f32, f32, f32) = (0.0, 0.45, 0.40);

struct Fonts {
    regular: ParsedFont,
    bold: ParsedFont,
}

/// The embedded fonts, parsed once per process: parsing DejaVu costs milliseconds.
fn fonts() -> Option<&'static Fonts> {
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
#[derive(Debug, Clone, PartialEq, Eq)]
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
    Space,
}

/// A whole document ready to lay out.
#[derive(Debug, Clone, PartialEq, Eq)]
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

/// The width of `text` in millimetres at `size` points.
fn text_width_mm(font: &ParsedFont, text: &str, size: f32) -> f32 {
    let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
    let advance: f32 = text
        .chars()
        .map(|c| font.lookup_glyph_index(c as u32).map_or(units_per_em * 0.5, |gid| f32::from(font.get_horizontal_advance(gid))))
        .sum();
    advance / units_per_em * size * 25.4 / 72.0
}

/// Greedy word wrap to `width_mm`. A word longer than a line is broken by characters so that
/// no text is ever lost off the edge.
fn wrap(font: &ParsedFont, text: &str, size: f32, width_mm: f32) -> Vec<String> {
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

fn line_height_mm(size: f32) -> f32 {
    size * LINE_FACTOR * 25.4 / 72.0
}

/// Lays out the document into placed lines, page by page.
pub fn lay_out(document: &LetterDocument) -> Result<Vec<PlacedLine>, LayoutError> {
    let fonts = fonts().ok_or(LayoutError::FontUnavailable)?;
    let mut placed = Vec::new();
    let mut put = |page: usize, x_mm: f32, top_mm: f32, size: f32, weight: Weight, text: String| {
        placed.push(PlacedLine { page, x_mm, top_mm, size, weight, text });
    };

    // Letterhead: organisation name beside the brand mark (or under the logo), contact lines
    // top right.
    match &document.letterhead.logo {
        None => put(0, LEFT_MM + 15.0, 22.0, 16.0, Weight::Bold, document.letterhead.organisation.clone()),
        Some(logo) => {
            let (_, height) = logo.size_mm();
            put(0, LEFT_MM, 12.0 + height + 6.0, 11.0, Weight::Bold, document.letterhead.organisation.clone());
        }
    }
    for (index, line) in document.letterhead.contact_lines.iter().enumerate() {
        put(0, 140.0, 17.0 + index as f32 * 4.2, 8.0, Weight::Regular, line.clone());
    }

    // Window envelope (NEN 1026 / EA5/6 window: 20 mm from the left, from 48 mm down).
    if !document.recipient.is_empty() {
        put(0, LEFT_MM, 52.0, 7.0, Weight::Regular, document.letterhead.return_address.clone());
        for (index, line) in document.recipient.iter().enumerate() {
            put(0, LEFT_MM, 58.0 + index as f32 * 5.0, 10.5, Weight::Regular, line.clone());
        }
    }

    for (index, (label, value)) in document.reference_block.iter().enumerate() {
        let top = 88.0 + index as f32 * 5.5;
        put(0, LEFT_MM, top, 8.0, Weight::Regular, label.clone());
        put(0, LEFT_MM + 28.0, top, 10.0, Weight::Regular, value.clone());
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
            Block::Table { title, header, rows } => {
                let figures = header.len().saturating_sub(1).max(1) as f32;
                // The label column takes what the figure columns leave (each at least 28 mm).
                let figure_width = (body_width * 0.62 / figures).max(28.0).min(body_width / (figures + 1.0));
                let label_width = body_width - figure_width * figures;
                let size = BODY_SIZE - 1.0;
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
    Ok(placed)
}

fn pt(mm: f32) -> Pt {
    Mm(mm).into_pt()
}

/// Renders the document to PDF bytes: A4, DejaVu Sans embedded and subset, PDF/A-2b metadata.
pub fn render(document: &LetterDocument) -> Result<Vec<u8>, LayoutError> {
    let fonts = fonts().ok_or(LayoutError::FontUnavailable)?;
    let lines = lay_out(document)?;
    let mut pdf = PdfDocument::new(&document.title);
    // printpdf's own PDF/A mode embeds a 490 KB CMYK intent that does not match RGB pages, so
    // the PDF/A parts (sRGB intent, XMP) are added in `make_archival` instead.
    pdf.metadata.info.author = document.letterhead.organisation.clone();
    pdf.metadata.info.creator = "Klachtbalie".into();
    pdf.metadata.info.producer = "Klachtbalie (printpdf)".into();
    let regular = pdf.add_font(&fonts.regular);
    let bold = pdf.add_font(&fonts.bold);
    let logo = document.letterhead.logo.as_ref().map(|logo| {
        let image = RawImage {
            pixels: RawImageData::U8(logo.pixels.clone()),
            width: logo.width,
            height: logo.height,
            data_format: if logo.has_alpha { RawImageFormat::RGBA8 } else { RawImageFormat::RGB8 },
            tag: Vec::new(),
        };
        (pdf.add_image(&image), logo.clone())
    });

    let page_count = lines.iter().map(|line| line.page + 1).max().unwrap_or(1);
    let mut pages = Vec::with_capacity(page_count);
    for page in 0..page_count {
        let mut ops = Vec::new();
        if let (0, Some((id, logo))) = (page, &logo) {
            let (width, height) = logo.size_mm();
            // printpdf scales an image to its pixel size at `dpi`; choose the dpi that gives
            // the printed width.
            let dpi = logo.width as f32 * 25.4 / width;
            ops.push(Op::UseXobject {
                id: id.clone(),
                transform: XObjectTransform {
                    translate_x: Some(pt(LEFT_MM)),
                    translate_y: Some(pt(PAGE_HEIGHT_MM - 12.0 - height)),
                    dpi: Some(dpi),
                    ..XObjectTransform::default()
                },
            });
        } else if page == 0 {
            // The brand mark: a block in the municipality's colour until a logo is configured.
            let (r, g, b) = BRAND;
            ops.push(Op::SetFillColor { col: Color::Rgb(Rgb { r, g, b, icc_profile: None }) });
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    mode: Some(PaintMode::Fill),
                    ..Rect::from_xywh(pt(LEFT_MM), pt(PAGE_HEIGHT_MM - 26.0), pt(11.0), pt(11.0))
                },
            });
        }
        ops.push(Op::SetFillColor { col: Color::Rgb(Rgb { r: 0.1, g: 0.1, b: 0.1, icc_profile: None }) });
        for line in lines.iter().filter(|line| line.page == page) {
            let font = match line.weight {
                Weight::Regular => regular.clone(),
                Weight::Bold => bold.clone(),
            };
            ops.extend([
                Op::StartTextSection,
                Op::SetFont { font: PdfFontHandle::External(font), size: Pt(line.size) },
                Op::SetTextCursor { pos: Point { x: pt(line.x_mm), y: pt(PAGE_HEIGHT_MM - line.top_mm) } },
                Op::ShowText { items: vec![TextItem::Text(line.text.clone())] },
                Op::EndTextSection,
            ]);
        }
        pages.push(PdfPage::new(Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM), ops));
    }
    let options = PdfSaveOptions { subset_fonts: true, ..PdfSaveOptions::default() };
    let mut warnings = Vec::new();
    let mut doc = printpdf::serialize::to_lopdf_doc(pdf.with_pages(pages), &options, &mut warnings);
    if std::env::var_os("KLACHTBALIE_PDF_DEBUG").is_some() {
        eprintln!("{warnings:#?}");
    }
    // PDF/A-2 builds on PDF 1.7.
    doc.version = "1.7".into();
    make_archival(&mut doc, document)?;
    if options.optimize {
        doc.compress();
    }
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).map_err(|_| LayoutError::Serialise)?;
    Ok(bytes)
}

/// A PDF text string: UTF-16BE with byte-order mark, so "ĳ" and "€" survive in the metadata.
fn text_string(text: &str) -> lopdf::Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    lopdf::Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The PDF/A-2b parts printpdf does not write: an sRGB output intent for the RGB pages, XMP
/// metadata with the PDF/A identification that matches the document info dictionary, and a
/// document ID derived from the content (the same letter gives the same bytes).
fn make_archival(doc: &mut lopdf::Document, document: &LetterDocument) -> Result<(), LayoutError> {
    use lopdf::{dictionary, Object, Stream};
    let date = document.created_on.format("%Y%m%d000000Z").to_string();
    let xmp_date = document.created_on.format("%Y-%m-%dT00:00:00Z").to_string();
    let producer = "Klachtbalie (printpdf)";
    let info = dictionary! {
        "Title" => text_string(&document.title),
        "Author" => text_string(&document.letterhead.organisation),
        "Creator" => text_string("Klachtbalie"),
        "Producer" => text_string(producer),
        "CreationDate" => Object::string_literal(format!("D:{date}")),
        "ModDate" => Object::string_literal(format!("D:{date}")),
    };
    // Replaced in place: printpdf's own info carries PDF/X keys and the time of rendering.
    match doc.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(info_id) => doc.objects.insert(info_id, Object::Dictionary(info)).map(|_| ()).unwrap_or(()),
        Err(_) => {
            let info_id = doc.add_object(info);
            doc.trailer.set("Info", Object::Reference(info_id));
        }
    }

    let xmp = format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>B</pdfaid:conformance>
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
<xmp:CreatorTool>Klachtbalie</xmp:CreatorTool>
<xmp:CreateDate>{xmp_date}</xmp:CreateDate>
<xmp:ModifyDate>{xmp_date}</xmp:ModifyDate>
<pdf:Producer>{producer}</pdf:Producer>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{feff}',
        title = xml_escape(&document.title),
        author = xml_escape(&document.letterhead.organisation),
    );
    let mut metadata = Stream::new(dictionary! { "Type" => "Metadata", "Subtype" => "XML" }, xmp.into_bytes());
    // PDF/A: the metadata stays readable without decoding.
    metadata.allows_compression = false;
    let metadata_id = doc.add_object(metadata);
    let profile_id = doc.add_object(Stream::new(dictionary! { "N" => 3 }, SRGB_ICC.to_vec()));
    let intent = dictionary! {
        "Type" => "OutputIntent",
        "S" => "GTS_PDFA1",
        "OutputConditionIdentifier" => Object::string_literal("sRGB IEC61966-2.1"),
        "Info" => Object::string_literal("sRGB IEC61966-2.1"),
        "DestOutputProfile" => Object::Reference(profile_id),
    };
    let root_id = doc.trailer.get(b"Root").and_then(Object::as_reference).map_err(|_| LayoutError::Serialise)?;
    let catalog = doc.get_object_mut(root_id).and_then(Object::as_dict_mut).map_err(|_| LayoutError::Serialise)?;
    catalog.set("Metadata", Object::Reference(metadata_id));
    catalog.set("OutputIntents", Object::Array(vec![Object::Dictionary(intent)]));
    catalog.set("Lang", Object::string_literal("nl-NL"));

    let mut hasher = Sha256::new();
    for text in document_strings(document) {
        hasher.update(text.as_bytes());
        hasher.update([0]);
    }
    let id = hasher.finalize()[..16].to_vec();
    doc.trailer.set(
        "ID",
        Object::Array(vec![
            Object::String(id.clone(), lopdf::StringFormat::Hexadecimal),
            Object::String(id, lopdf::StringFormat::Hexadecimal),
        ]),
    );
    Ok(())
}

/// Every string of the document, for the content-derived document ID.
fn document_strings(document: &LetterDocument) -> Vec<&str> {
    let mut strings = vec![document.title.as_str(), document.footer_note.as_str()];
    strings.extend(document.recipient.iter().map(String::as_str));
    for (label, value) in &document.reference_block {
        strings.push(label);
        strings.push(value);
    }
    for block in &document.body {
        match block {
            Block::Heading(text) | Block::Paragraph(text) | Block::Emphasis(text) => strings.push(text),
            Block::Lines(lines) => strings.extend(lines.iter().map(String::as_str)),
            Block::Table { title, header, rows } => {
                strings.push(title);
                strings.extend(header.iter().map(String::as_str));
                strings.extend(rows.iter().flatten().map(String::as_str));
            }
            Block::Space => {}
        }
    }
    strings
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
