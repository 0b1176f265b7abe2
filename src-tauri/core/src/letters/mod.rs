//! Letters and printable documents: the acknowledgement of receipt (ontvangstbevestiging,
//! section 6) and the recovery-key sheet. Each is a pure function from data to PDF bytes.

pub mod layout;

use crate::domain::dutch_date::{long_date, long_date_with_weekday};
use chrono::NaiveDate;
pub use layout::{Block, LayoutError, LetterDocument, Letterhead};

/// What the municipality's letters carry at the top.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    pub name: String,
    pub postal_address: String,
    pub visiting_address: String,
    pub phone: String,
    pub website: String,
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
        }
    }
}

/// Everything the acknowledgement needs (Awb 9:6; section 6: receipt date, who handles it,
/// the term, the right to be heard, that the municipality will call).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AcknowledgementData {
    pub municipality: Municipality,
    pub reference: String,
    pub letter_date: NaiveDate,
    pub complainant_name: String,
    pub address_lines: Vec<String>,
    pub received_on: NaiveDate,
    pub subject: String,
    pub handler_name: String,
    pub handler_function: String,
    pub first_contact_due: NaiveDate,
    pub decision_due: NaiveDate,
    pub signer_name: String,
    pub signer_function: String,
}

pub fn acknowledgement_document(data: &AcknowledgementData) -> LetterDocument {
    let mut recipient = vec![data.complainant_name.clone()];
    recipient.extend(data.address_lines.iter().filter(|line| !line.is_empty()).cloned());
    LetterDocument {
        title: format!("Ontvangstbevestiging klacht {}", data.reference),
        letterhead: data.municipality.letterhead(),
        recipient,
        reference_block: vec![
            ("Datum".into(), long_date(data.letter_date)),
            ("Ons kenmerk".into(), data.reference.clone()),
            ("Onderwerp".into(), "Ontvangstbevestiging van uw klacht".into()),
        ],
        body: vec![
            Block::Paragraph(format!("Beste {},", data.complainant_name)),
            Block::Paragraph(format!(
                "Op {} hebben wij uw klacht ontvangen. Uw klacht gaat over: {}. Dank u wel dat u dit aan ons \
                 laat weten. In deze brief leest u wat er nu gebeurt.",
                long_date(data.received_on),
                data.subject.trim_end_matches(['.', ' '])
            )),
            Block::Heading("Wie behandelt uw klacht?".into()),
            Block::Paragraph(format!(
                "Uw klacht wordt behandeld door {}, {}. Iemand over wie u klaagt, behandelt uw klacht nooit zelf.",
                data.handler_name, data.handler_function
            )),
            Block::Heading("Wij bellen u".into()),
            Block::Paragraph(format!(
                "Wij bellen u uiterlijk op {} om uw klacht te bespreken. Vaak kunnen wij samen met u een oplossing \
                 vinden. Lukt dat niet, of wilt u dat liever, dan behandelen wij uw klacht formeel.",
                long_date_with_weekday(data.first_contact_due)
            )),
            Block::Heading("U mag uw klacht mondeling toelichten".into()),
            Block::Paragraph(
                "Bij een formele behandeling nodigen wij u uit voor een hoorgesprek. U kunt dan uw klacht toelichten. \
                 Ook de medewerker over wie u klaagt, mag zijn of haar kant van het verhaal vertellen. Dit staat in \
                 artikel 9:10 van de Algemene wet bestuursrecht."
                    .into(),
            ),
            Block::Heading("Wanneer krijgt u een beslissing?".into()),
            Block::Paragraph(format!(
                "U krijgt uiterlijk op {} een schriftelijke beslissing op uw klacht. Dit is de termijn van zes weken \
                 uit artikel 9:11 van de Algemene wet bestuursrecht. Hebben wij meer tijd nodig, dan mogen wij de \
                 termijn één keer met ten hoogste vier weken verlengen. Dat laten wij u dan vóór {} schriftelijk weten.",
                long_date_with_weekday(data.decision_due),
                long_date(data.decision_due)
            )),
            Block::Heading("Vragen?".into()),
            Block::Paragraph(format!(
                "Heeft u vragen over uw klacht? Bel ons dan op {} en noem het kenmerk {}.",
                data.municipality.phone, data.reference
            )),
            Block::Space,
            Block::Lines(vec![
                "Met vriendelijke groet,".into(),
                format!("namens {},", data.municipality.name),
                String::new(),
                data.signer_name.clone(),
                data.signer_function.clone(),
            ]),
        ],
        footer_note: data.reference.clone(),
    }
}

pub fn render_acknowledgement(data: &AcknowledgementData) -> Result<Vec<u8>, LayoutError> {
    layout::render(&acknowledgement_document(data))
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
            Block::Paragraph(format!(
                "Gemaakt op {} voor de database in {}.",
                long_date(created_on),
                database_location
            )),
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
    };
    layout::render(&document)
}
