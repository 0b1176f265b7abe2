//! Letter templates (section 6, LT-01): the municipality's own text of each letter with its saved
//! versions, the sample letter that checks a template before it is saved, and the logo.

use super::{Actor, Klachtbalie, ServiceError, ServiceResult, Settings};
use crate::audit::AuditEvent;
use crate::domain::form::problem;
use crate::letters::templates::{self, DecisionFacts, HearingFacts};
use crate::letters::{self, LetterFacts, LetterKind, Logo, Municipality, Recipient, RenderedLetter, Signer, Template};
use crate::roles::UseCase;
use crate::store::{Reader, TemplateRecord};
use chrono::{Datelike, Duration, NaiveDate};
use std::sync::Arc;

impl Klachtbalie {
    /// The letterhead with the logo decoded (only letters need it, so settings stay cheap).
    pub fn letter_municipality(&self, settings: &Settings) -> ServiceResult<Municipality> {
        municipality_in(&self.database.reader(), settings)
    }

    /// Section 6: the Beheerder sets (or removes, with None) the logo on the letterhead.
    pub fn set_logo(&mut self, actor: &Actor, png: Option<&[u8]>) -> ServiceResult<()> {
        self.authorize(actor, UseCase::ManageSettings, "logo")?;
        if let Some(png) = png {
            if png.len() > MAX_LOGO_BYTES {
                return Err(ServiceError::Validation(vec![problem("logo", "Het logo is groter dan 1 MB. Kies een kleiner PNG-bestand.")]));
            }
            Logo::from_png(png).map_err(|message| ServiceError::Validation(vec![problem("logo", message)]))?;
        }
        let value = png.map(hex::encode).unwrap_or_default();
        let stamp = self.stamp(actor);
        let event = AuditEvent::success("logo wijzigen", "instellingen");
        self.write(|tx| -> ServiceResult<()> {
            tx.set_setting("logo_png", &value)?;
            tx.append_audit(&stamp, &event)?;
            Ok(())
        })
    }

    pub fn has_logo(&self) -> ServiceResult<bool> {
        Ok(logo_png(&self.database.reader())?.is_some())
    }

    fn template_in_force(&self, kind: LetterKind) -> ServiceResult<TemplateView> {
        template_in_force(&self.database.reader(), kind)
    }

    /// The editor's list: every kind with the template in force.
    pub fn letter_templates(&mut self, actor: &Actor) -> ServiceResult<Vec<TemplateView>> {
        self.authorize(actor, UseCase::ManageSettings, "briefsjablonen")?;
        LetterKind::ALL.into_iter().map(|kind| self.template_in_force(kind)).collect()
    }

    /// Every saved version of one template, newest first.
    pub fn template_history(&mut self, actor: &Actor, kind: LetterKind) -> ServiceResult<Vec<TemplateView>> {
        self.authorize(actor, UseCase::ManageSettings, "briefsjablonen")?;
        Ok(self.database.reader().template_history(kind)?.into_iter().map(|record| view_of(kind, record)).collect())
    }

    /// Renders a template with fictional facts: the live preview of the editor.
    pub fn preview_template(&mut self, actor: &Actor, kind: LetterKind, template: &Template) -> ServiceResult<RenderedLetter> {
        self.authorize(actor, UseCase::ManageSettings, "briefsjablonen")?;
        templates::validate_template(kind, template).map_err(|problems| ServiceError::InvalidTemplate(problems.problems))?;
        let settings = self.settings()?;
        let municipality = self.letter_municipality(&settings)?;
        let facts = sample_facts(kind, self.today());
        let signer = Signer { name: facts.handler_name.clone(), function: facts.handler_function.clone() };
        Ok(letters::render_letter(kind, template, &facts, &municipality, &signer)?)
    }

    /// Saves a new version (validated: unknown placeholders are refused). Older versions
    /// stay in the history; letters already made keep the text they were made with.
    pub fn save_template(&mut self, actor: &Actor, kind: LetterKind, template: &Template) -> ServiceResult<TemplateSaved> {
        let preview = self.preview_template(actor, kind, template)?;
        let stamp = self.stamp(actor);
        let display = actor.display_name();
        let event = AuditEvent::success("briefsjabloon opslaan", kind.code());
        let version = self.write(|tx| -> ServiceResult<i64> {
            let version = tx.insert_template(kind, template.subject.trim(), template.body.trim_end(), &display, stamp.at)?;
            tx.append_audit(&stamp, &event)?;
            Ok(version)
        })?;
        Ok(TemplateSaved { version, missing_in_sample: preview.missing })
    }
}

/// The largest logo accepted (PNG bytes).
pub const MAX_LOGO_BYTES: usize = 1024 * 1024;

/// A template as the editor shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateView {
    pub kind: LetterKind,
    pub template: Template,
    /// 0: the built-in default, never saved.
    pub version: i64,
    pub saved_by: String,
    pub saved_at: String,
}

/// What saving a template did: the new version, and what the sample letter would lack (a
/// letter with such a template cannot be finalised until the text is fixed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateSaved {
    pub version: i64,
    pub missing_in_sample: Vec<String>,
}

/// Fictional facts for the template editor's preview: the Beheerder sees no complaints
/// (AVG-05), so the preview never shows a real one.
pub fn sample_facts(kind: LetterKind, today: NaiveDate) -> LetterFacts {
    // A Monday two weeks back: every sample term then falls on a working day.
    let received = today - Duration::days(i64::from(today.weekday().num_days_from_monday()) + 14);
    let recipient = if kind == LetterKind::Postponement { Recipient::Respondent } else { Recipient::Complainant };
    LetterFacts {
        reference: format!("KL-{}-0000", today.format("%Y")),
        letter_date: today,
        recipient,
        recipient_name: if recipient == Recipient::Respondent { "P. Jansen".into() } else { "mevrouw J. de Vries-Ĳsselmeer".into() },
        recipient_address: vec!["Voorbeeldstraat 1".into(), "1111 AA  DIEMEN".into()],
        complainant_name: "mevrouw J. de Vries-Ĳsselmeer".into(),
        respondent_names: "P. Jansen".into(),
        received_on: received,
        subject: "de behandeling aan de balie bij het aanvragen van een paspoort".into(),
        handler_name: "A. de Boer".into(),
        handler_function: "afdelingsmanager Burgerzaken".into(),
        first_contact_due: received + Duration::days(7),
        decision_due: received + Duration::weeks(10),
        original_decision_due: received + Duration::weeks(6),
        postponement_weeks: Some(4),
        hearing: Some(HearingFacts {
            starts_at: (received + Duration::days(29)).and_hms_opt(10, 30, 0).unwrap_or_default(),
            place: "Raadhuis, Wilhelminaplein 1, Diemen".into(),
            respond_by: received + Duration::days(22),
        }),
        forwarded_to: Some("Politie Eenheid Amsterdam".into()),
        non_handling_ground: Some("de gedraging was eerder al onderwerp van een klacht die is behandeld".into()),
        agreement: Some("U krijgt uw nieuwe paspoort op vrijdag thuisbezorgd en de medewerker heeft zijn excuses aangeboden.".into()),
        decision: Some(DecisionFacts {
            findings: "Op de dag van uw bezoek was het druk aan de balie. De medewerker heeft u niet goed uitgelegd waarom u een nieuwe pasfoto nodig had.".into(),
            judgement: "gegrond".into(),
            conclusions: "Wij hebben met de medewerkers van de balie besproken hoe zij dit voortaan uitleggen. Daarnaast bieden wij u onze excuses aan.".into(),
            reasons: "De uitleg die u kreeg was onvolledig; dat had anders gemoeten.".into(),
        }),
    }
}

/// The letterhead with the logo decoded (only letters need it, so settings stay cheap).
pub(super) fn municipality_in(reader: &Reader<'_>, settings: &Settings) -> ServiceResult<Municipality> {
    let mut municipality = settings.municipality.clone();
    if let Some(png) = logo_png(reader)? {
        municipality.logo = Logo::from_png(&png).ok().map(Arc::new);
    }
    Ok(municipality)
}

fn logo_png(reader: &Reader<'_>) -> ServiceResult<Option<Vec<u8>>> {
    Ok(reader.setting("logo_png")?.and_then(|text| hex::decode(text).ok()).filter(|bytes| !bytes.is_empty()))
}

/// The template in force for a kind: the newest saved version, or the default.
pub(super) fn template_in_force(reader: &Reader<'_>, kind: LetterKind) -> ServiceResult<TemplateView> {
    Ok(match reader.current_template(kind)? {
        Some(record) => view_of(kind, record),
        None => {
            TemplateView { kind, template: templates::default_template(kind), version: 0, saved_by: String::new(), saved_at: String::new() }
        }
    })
}

fn view_of(kind: LetterKind, record: TemplateRecord) -> TemplateView {
    TemplateView {
        kind,
        template: Template { subject: record.subject, body: record.body },
        version: record.version,
        saved_by: record.saved_by,
        saved_at: record.saved_at,
    }
}
