//! From placed lines to PDF bytes: pages, fonts embedded and subset, the logo or brand mark,
//! and the PDF/A-2b parts printpdf does not write (sRGB output intent, XMP, a content-derived ID).

use super::text::fonts;
use super::{Block, LayoutError, LetterDocument, Weight, BRAND, LEFT_MM, PAGE_HEIGHT_MM, PAGE_WIDTH_MM, SRGB_ICC};
use printpdf::{
    Color, Mm, Op, PaintMode, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, RawImageData, RawImageFormat, Rect,
    Rgb, TextItem, XObjectTransform,
};
use sha2::{Digest, Sha256};

fn pt(mm: f32) -> Pt {
    Mm(mm).into_pt()
}

/// Renders the document to PDF bytes: A4, DejaVu Sans embedded and subset, PDF/A-2b metadata.
pub fn render(document: &LetterDocument) -> Result<Vec<u8>, LayoutError> {
    let fonts = fonts().ok_or(LayoutError::FontUnavailable)?;
    let (lines, bars) = super::lay_out_with_bars(document)?;
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
        for bar in bars.iter().filter(|bar| bar.page == page) {
            let (r, g, b) = shade(bar.shade);
            ops.push(Op::SetFillColor { col: Color::Rgb(Rgb { r, g, b, icc_profile: None }) });
            ops.push(Op::DrawRectangle {
                rectangle: Rect {
                    mode: Some(PaintMode::Fill),
                    ..Rect::from_xywh(pt(bar.x_mm), pt(PAGE_HEIGHT_MM - bar.top_mm - bar.height_mm), pt(bar.width_mm), pt(bar.height_mm))
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

/// The brand colour for the newest series of a chart, lighter for each older one.
fn shade(index: usize) -> (f32, f32, f32) {
    let (r, g, b) = BRAND;
    let lighter = (index as f32 * 0.3).min(0.75);
    (r + (1.0 - r) * lighter, g + (1.0 - g) * lighter, b + (1.0 - b) * lighter)
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
            Block::BarChart(chart) => {
                strings.push(&chart.title);
                strings.extend(chart.series.iter().map(String::as_str));
                for row in &chart.rows {
                    strings.push(&row.label);
                    strings.extend(row.texts.iter().map(String::as_str));
                }
            }
            Block::Space => {}
        }
    }
    strings
}
