//! The right of access (AVG-03, art. 15), the answer's content: find what is held about a
//! person (by name, address, postcode, phone or e-mail; exact and similar matches, the
//! coördinator decides which are theirs) and compose the PDF for that person: their data in
//! each chosen complaint, the letters sent to them, to whom it went, and the art. 15
//! information. Other people's data is left out, and officials named in the person's own words
//! are blacked out. The request's registration and term are in access_request.rs.

use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::domain::access_request::black_out_names;
use crate::domain::dutch_date::long_date;
use crate::domain::report::Outcome;
use crate::letters::layout::{self, Block, LetterDocument};
use crate::letters::Recipient;
use crate::roles::UseCase;
use crate::store::{AccessRequestRecord, ComplaintRecord, SearchReach};

/// A complaint that may be about the person asking.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonMatch {
    pub reference: String,
    pub complainant_name: String,
    pub received_on: chrono::NaiveDate,
    /// The complainant's fields the search words were found in (Dutch names).
    pub matched_on: Vec<&'static str>,
    /// One field equals the whole search text (a name, e-mail address, phone number or postcode).
    pub exact: bool,
}

fn normalised(text: &str) -> String {
    text.to_lowercase().chars().filter(|c| c.is_alphanumeric() || *c == '@' || *c == '.').collect()
}

/// The complainant's own fields of a complaint, with their Dutch names.
fn own_fields(record: &ComplaintRecord) -> [(&'static str, &str); 7] {
    let c = &record.complaint;
    [
        ("naam", c.complainant_name.as_str()),
        ("adres", c.street_address.as_str()),
        ("postcode", c.postcode.as_str()),
        ("woonplaats", c.city.as_str()),
        ("telefoon", c.phone.as_str()),
        ("e-mail", c.email.as_str()),
        ("gemachtigde", c.representative.as_str()),
    ]
}

impl Klachtbalie {
    /// AVG-03: the complaints whose complainant's own data matches `query`; matches found only
    /// in an official's name or a complaint's text are not the person's and are left out.
    pub fn find_person(&mut self, actor: &Actor, query: &str) -> ServiceResult<Vec<PersonMatch>> {
        self.authorize(actor, UseCase::AnswerAccessRequest, "inzageverzoek")?;
        let words: Vec<String> = query.split_whitespace().map(normalised).filter(|word| !word.is_empty()).collect();
        if words.is_empty() {
            return Err(ServiceError::Validation(vec![crate::domain::form::FieldError {
                field: "query".into(),
                message: "Vul een naam, adres, postcode, telefoonnummer of e-mailadres in.".into(),
            }]));
        }
        let reader = self.database.reader();
        // Complete, however common the name: an access request must find all of it (AVG-03).
        let ids = reader.search_complaints(query, SearchReach::Complete)?.ids;
        let whole = normalised(query);
        let matches: Vec<PersonMatch> = reader
            .complaints_by_ids(&ids)?
            .into_iter()
            .filter(|record| record.destroyed_at.is_none())
            .filter_map(|record| {
                let fields = own_fields(&record);
                let matched_on: Vec<&'static str> = fields
                    .iter()
                    .filter(|(_, value)| {
                        let value = normalised(value);
                        !value.is_empty() && words.iter().any(|word| value.contains(word.as_str()))
                    })
                    .map(|(name, _)| *name)
                    .collect();
                let exact = fields.iter().any(|(_, value)| !value.is_empty() && normalised(value) == whole);
                (!matched_on.is_empty()).then(|| PersonMatch {
                    reference: record.reference.clone(),
                    complainant_name: record.complaint.complainant_name.clone(),
                    received_on: record.complaint.received_on,
                    matched_on,
                    exact,
                })
            })
            .collect();
        let event = AuditEvent::success("persoon zoeken (inzageverzoek)", format!("{} klachten", matches.len()));
        self.record(actor, &event)?;
        Ok(matches)
    }

    /// AVG-03: the answer to `request` as a PDF on the letterhead, over the complaints the
    /// coördinator found to be the person's (none: the answer says nothing was found).
    pub(super) fn compose_access_answer(&mut self, request: &AccessRequestRecord, references: &[String]) -> ServiceResult<Vec<u8>> {
        let chart = self.org_chart()?;
        let settings = self.settings()?;
        let periods = self.retention_periods()?;
        let mut body = vec![
            Block::Heading("Inzage in uw persoonsgegevens".into()),
            Block::Paragraph(format!(
                "U vroeg op {} welke persoonsgegevens wij over u verwerken (artikel 15 van de Algemene verordening \
                 gegevensbescherming; ons nummer {}). {}",
                long_date(request.received_on),
                request.number,
                match references.len() {
                    0 => "Wij hebben in onze klachtenregistratie geen persoonsgegevens van u gevonden.".to_string(),
                    1 => "Hieronder staan de gegevens uit de klacht die over u gaat. Gegevens van anderen, zoals de namen van medewerkers, staan er niet in.".to_string(),
                    n => format!("Hieronder staan de gegevens uit de {n} klachten die over u gaan. Gegevens van anderen, zoals de namen van medewerkers, staan er niet in."),
                }
            )),
        ];
        for reference in references {
            let record = self.complaint(reference)?;
            if record.destroyed_at.is_some() {
                continue;
            }
            let c = &record.complaint;
            let status = record.status;
            let outcome = Outcome::of(status, record.judgement)
                .map_or_else(|| format!("in behandeling ({})", status.dutch_label()), |o| o.dutch_label().to_string());
            body.push(Block::Heading(format!("Klacht {} van {}", record.reference, long_date(c.received_on))));
            let mut lines = vec![format!("Ontvangen via: {}", c.channel.dutch_label())];
            for (label, value) in [
                ("Naam", &c.complainant_name),
                ("Adres", &format!("{} {} {}", c.street_address, c.postcode, c.city).trim().to_string()),
                ("Telefoon", &c.phone),
                ("E-mail", &c.email),
                ("Gemachtigde", &c.representative),
            ] {
                if !value.trim().is_empty() {
                    lines.push(format!("{label}: {value}"));
                }
            }
            lines.push(format!("Stand van zaken: {outcome}"));
            body.push(Block::Lines(lines));
            // The officials of the chart and those the complaint was about (an official who
            // has since left the chart is still on the complaint).
            let names: Vec<&str> =
                chart.officials().iter().map(|official| official.name.as_str()).chain(record.respondent_names.split(", ")).collect();
            let own_words = |text: &str| black_out_names(text, &names, &c.complainant_name);
            body.push(Block::Paragraph(format!("Uw klacht: {}", own_words(&c.description))));
            if !c.desired_outcome.is_empty() {
                body.push(Block::Paragraph(format!("Wat u wilde bereiken: {}", own_words(&c.desired_outcome))));
            }
            let sent: Vec<String> = self
                .database
                .reader()
                .letters_of(record.id)?
                .into_iter()
                .filter(|letter| letter.recipient == Recipient::Complainant)
                .map(|letter| {
                    let kind = letter.kind.dutch_label();
                    // Sent on the recorded day, else made on its creation day.
                    let day = letter.sendings.first().map_or(letter.created_at.as_str(), |(on, _)| on.as_str());
                    let when = day
                        .get(..10)
                        .and_then(|day| chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok())
                        .map_or_else(|| day.to_string(), long_date);
                    format!("{kind} ({when})")
                })
                .collect();
            if !sent.is_empty() {
                body.push(Block::Paragraph(format!("Brieven aan u: {}.", sent.join("; "))));
            }
            let recipients = self.database.reader().recipients(record.id)?;
            if !recipients.is_empty() {
                let list: Vec<String> = recipients.iter().map(|r| format!("{} ({})", r.recipient, long_date(r.sent_on))).collect();
                body.push(Block::Paragraph(format!("Aan anderen verstrekt: {}.", list.join("; "))));
            }
        }
        body.push(Block::Heading("Wat u verder moet weten".into()));
        body.extend(article_15(&settings.municipality.name, &periods).into_iter().map(Block::Paragraph));
        let document = LetterDocument {
            title: "Inzage in uw persoonsgegevens".into(),
            letterhead: self.letter_municipality(&settings)?.letterhead(),
            recipient: std::iter::once(request.requester.clone())
                .chain(request.address.lines().map(|line| line.trim().to_string()))
                .collect(),
            reference_block: vec![
                ("Datum".into(), long_date(self.today())),
                ("Ons nummer".into(), request.number.clone()),
                ("Onderwerp".into(), "Uw verzoek om inzage".into()),
            ],
            body,
            footer_note: "Inzage persoonsgegevens".into(),
            created_on: self.today(),
        };
        Ok(layout::render(&document)?)
    }
}

/// The information art. 15 lid 1 and 2 asks for, in plain Dutch.
fn article_15(municipality: &str, periods: &crate::domain::retention::RetentionPeriods) -> Vec<String> {
    vec![
        format!("Waarom wij deze gegevens hebben: om uw klacht te behandelen (Algemene wet bestuursrecht, hoofdstuk 9) en om jaarlijks over klachten te rapporteren. {municipality} is verantwoordelijk voor deze verwerking."),
        "Welke soorten gegevens: uw naam, adres, telefoonnummer en e-mailadres, wat u over de klacht schreef of vertelde, en de brieven en beslissingen over uw klacht.".into(),
        "Aan wie wij gegevens geven: alleen aan wie nodig is voor de behandeling, zoals de klachtadviescommissie, de ombudsman als u daarheen gaat, of de organisatie waaraan uw klacht is doorgezonden. Hierboven staat aan wie wij uw gegevens gaven.".into(),
        format!("Hoe lang wij ze bewaren: vanaf het afsluiten van de klacht {} jaar, {} jaar als er een schadevergoeding is betaald, {} jaar als u naar de ombudsman ging, en {} jaar als de klacht niet in behandeling is genomen of is ingetrokken (Selectielijst gemeenten). Daarna vernietigen wij ze.", periods.handled, periods.compensation, periods.ombudsman, periods.not_handled),
        "Uw rechten: u kunt ons vragen uw gegevens te verbeteren, aan te vullen of te verwijderen, de verwerking te beperken, of bezwaar maken tegen de verwerking.".into(),
        "Bent u het niet eens met hoe wij met uw gegevens omgaan? Dan kunt u een klacht indienen bij de Autoriteit Persoonsgegevens (www.autoriteitpersoonsgegevens.nl).".into(),
        "Waar de gegevens vandaan komen: van uzelf, toen u de klacht indiende, en uit de behandeling van uw klacht.".into(),
    ]
}
