//! Letters and printable documents: the seven letters of section 6 from editable templates,
//! their mandatory-content checks (LT-01), and the recovery-key sheet. Each is a pure function
//! from data to PDF bytes.

pub mod annual_report;
pub mod delivery;
pub mod layout;
pub mod mandatory;
pub mod templates;

use crate::domain::dutch_date::long_date;
use chrono::NaiveDate;
pub use layout::{Block, LayoutError, LetterDocument, Letterhead, Logo};
use std::sync::Arc;
pub use templates::{LetterFacts, LetterKind, Recipient, Signer, Template};

/// What the municipality's letters carry at the top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    pub name: String,
    pub postal_address: String,
    pub visiting_address: String,
    pub phone: String,
    pub website: String,
    /// Closing lines above the signer's name, e.g. "Met vriendelijke groet," and "namens het
    /// college van burgemeester en wethouders van Diemen,".
    pub signature_lines: Vec<String>,
    pub logo: Option<Arc<Logo>>,
}

impl Municipality {
    /// Diemen's letterhead: the first-start defaults, the benchmark and the letter gallery.
    pub fn diemen_example() -> Self {
        Self {
            name: "Gemeente Diemen".into(),
            postal_address: "Postbus 191, 1110 AD Diemen".into(),
            visiting_address: "Wilhelminaplein 1, 1111 CE Diemen".into(),
            phone: "14 020".into(),
            website: "www.diemen.nl".into(),
            signature_lines: default_signature_lines("Gemeente Diemen"),
            logo: None,
        }
    }
}

/// The closing lines until the Beheerder sets their own.
pub fn default_signature_lines(municipality_name: &str) -> Vec<String> {
    let place =
        municipality_name.strip_prefix("Gemeente ").or_else(|| municipality_name.strip_prefix("gemeente ")).unwrap_or(municipality_name);
    vec!["Met vriendelijke groet,".into(), format!("namens het college van burgemeester en wethouders van {place},")]
}

impl Municipality {
    pub fn letterhead(&self) -> Letterhead {
        Letterhead {
            organisation: self.name.clone(),
            contact_lines: [&self.visiting_address, &self.postal_address, &self.phone, &self.website]
                .into_iter()
                .filter(|line| !line.is_empty())
                .cloned()
                .collect(),
            return_address: format!("Retouradres: {}", self.postal_address),
            logo: self.logo.clone(),
        }
    }
}

/// A letter rendered from its template, with what LT-01 finds missing.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedLetter {
    pub pdf: Vec<u8>,
    pub text: String,
    pub missing: Vec<String>,
    pub pages: usize,
}

/// Composes, checks and renders one letter.
pub fn render_letter(
    kind: LetterKind,
    template: &Template,
    facts: &LetterFacts,
    municipality: &Municipality,
    signer: &Signer,
) -> Result<RenderedLetter, LayoutError> {
    let composed = templates::compose(kind, template, facts, municipality, signer);
    let missing = mandatory::missing_elements(kind, facts, &composed.text);
    let document = composed.document;
    let pages = layout::lay_out(&document)?.iter().map(|line| line.page + 1).max().unwrap_or(1);
    let pdf = layout::render(&document)?;
    Ok(RenderedLetter { pdf, text: composed.text, missing, pages })
}

/// The sheet to print or save with the recovery key (SEC-01).
pub fn render_recovery_key_sheet(
    municipality: &Municipality,
    recovery_key: &str,
    created_on: NaiveDate,
    database_location: &str,
) -> Result<Vec<u8>, LayoutError> {
    let document = LetterDocument {
        title: "Herstelsleutel Klachtbalie".into(),
        letterhead: municipality.letterhead(),
        recipient: vec![],
        reference_block: vec![],
        body: vec![
            Block::Heading("Herstelsleutel van de Klachtbalie-database".into()),
            Block::Paragraph(format!("Gemaakt op {} voor de database in {}.", long_date(created_on), database_location)),
            // Broken at group boundaries, six groups a line, so no group is ever split.
            Block::Emphasis(
                recovery_key.split('-').collect::<Vec<_>>().chunks(6).map(|groups| groups.join("-")).collect::<Vec<_>>().join("-\n"),
            ),
            Block::Heading("Waarom deze sleutel belangrijk is".into()),
            Block::Paragraph(
                "Alle klachten zijn versleuteld opgeslagen. De sleutel staat in de sleutelkluis van deze computer. \
                 Gaat die kluis verloren (nieuwe computer, nieuw account, kluis gewist), dan kunt u de gegevens alleen \
                 nog lezen met deze herstelsleutel. Zonder sleutel en zonder herstelsleutel zijn de gegevens voorgoed \
                 onleesbaar."
                    .into(),
            ),
            Block::Heading("Zo bewaart u hem".into()),
            Block::Paragraph(
                "Print dit blad en bewaar het in een afgesloten kast of kluis, of bewaar het bestand in de \
                 wachtwoordkluis van de gemeente. Bewaar het niet op dezelfde computer als de database. Iedereen die \
                 deze sleutel en de database heeft, kan alle klachten lezen."
                    .into(),
            ),
        ],
        footer_note: "Vertrouwelijk".into(),
        created_on,
    };
    layout::render(&document)
}
