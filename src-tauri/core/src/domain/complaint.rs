//! Intake of a complaint: the raw form, its validation into a `NewComplaint` (rules INT-01,
//! INT-02, AWB-04 via the written-channel requirements) and the human reference (INT-03).

use super::code::coded;
use super::form::{clean, is_plausible_email, normalise_phone, normalise_postcode, parse_dutch_or_iso_date, FieldError};
use super::organisation::OrgChart;
use super::text::{shown, text_problem, Lines};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

coded! {
    /// How the complaint came in (INT-01).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Channel {
        Telefoon = "telefoon",
        Balie = "balie",
        Brief = "brief",
        Email = "email",
        Webformulier = "webformulier",
        SocialeMedia = "sociale_media",
    }
}

impl Channel {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::Telefoon => "telefoon",
            Self::Balie => "balie",
            Self::Brief => "brief",
            Self::Email => "e-mail",
            Self::Webformulier => "webformulier",
            Self::SocialeMedia => "sociale media",
        }
    }

    /// A written complaint (Awb 9:4) must carry name, address, date and description, and
    /// gets a written acknowledgement (Awb 9:6, PR-01).
    pub fn is_written(self) -> bool {
        matches!(self, Self::Brief | Self::Email | Self::Webformulier)
    }
}

/// The intake fields a written complaint needs beyond those every complaint needs (Awb 9:4
/// lid 2): the form marks them "(verplicht)" when a written channel is chosen. The tests below
/// check this list against `ComplaintForm::validate`, so the two cannot drift apart.
pub const REQUIRED_WHEN_WRITTEN: &[&str] = &["street_address", "postcode", "city", "conduct_date"];

coded! {
    /// Bejegening (conduct of a named official) or dienstverlening (service in general).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ComplaintType {
        Bejegening = "bejegening",
        Dienstverlening = "dienstverlening",
    }
}

/// The intake form exactly as typed: every field a string, so that nothing the user typed is
/// lost when validation fails and the form is shown again (INT-02).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ComplaintForm {
    pub received_on: String,
    pub channel: String,
    pub complainant_name: String,
    pub street_address: String,
    pub postcode: String,
    pub city: String,
    pub phone: String,
    pub email: String,
    pub representative: String,
    pub complaint_type: String,
    /// Chart id of the department the complaint is about (required for dienstverlening).
    pub department_id: String,
    /// Chart ids of the officials complained about (bejegening).
    pub respondent_ids: Vec<String>,
    pub conduct_date: String,
    pub description: String,
    pub desired_outcome: String,
}

/// A validated complaint, ready to be stored. Only the fields of INT-01 (AVG-01).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComplaint {
    pub received_on: NaiveDate,
    pub channel: Channel,
    pub complainant_name: String,
    pub street_address: String,
    pub postcode: String,
    pub city: String,
    pub phone: String,
    pub email: String,
    pub representative: String,
    pub complaint_type: ComplaintType,
    pub department_id: Option<String>,
    pub respondent_ids: Vec<String>,
    pub conduct_date: Option<NaiveDate>,
    pub description: String,
    pub desired_outcome: String,
}

pub const MAX_SHORT_TEXT: usize = 200;
pub const MAX_LONG_TEXT: usize = 10_000;

/// Awb titel 9.1 (klachtbehandeling) came into force on 1 July 1999: no complaint under it can
/// have been received earlier (INT-02).
pub const EARLIEST_RECEIPT_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1999, 7, 1) {
    Some(date) => date,
    None => panic!("1 July 1999 is a date"),
};

/// The last year a date of receipt may lie in; far beyond any real complaint, but it keeps
/// deadline arithmetic clear of chrono's limits.
pub const LATEST_RECEIPT_YEAR: i32 = 2999;

/// The oldest conduct a complaint can be about.
pub const EARLIEST_CONDUCT_DATE: NaiveDate = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(date) => date,
    None => panic!("1 January 1900 is a date"),
};

/// The ONE rule for the range of a date of receipt (INT-02): not before 1 July 1999 and not
/// after the year 2999. The intake adds "not in the future" (`receipt_date_problem`); the CLI
/// `deadline` command, which also plans ahead, uses this alone (so it refuses 0000 and -0001).
pub fn receipt_date_range_problem(date: NaiveDate) -> Option<String> {
    if date < EARLIEST_RECEIPT_DATE {
        Some(format!(
            "De datum van ontvangst kan niet voor {} liggen: toen ging de klachtregeling van de Awb (titel 9.1) in.",
            super::dutch_date::long_date(EARLIEST_RECEIPT_DATE)
        ))
    } else if date.year() > LATEST_RECEIPT_YEAR {
        Some(format!("De datum van ontvangst kan niet na het jaar {LATEST_RECEIPT_YEAR} liggen; controleer het jaartal."))
    } else {
        None
    }
}

/// A date of receipt on the intake form: within `receipt_date_range_problem` and not after
/// `today`.
pub fn receipt_date_problem(date: NaiveDate, today: NaiveDate) -> Option<String> {
    if date > today {
        return Some("De datum van ontvangst kan niet in de toekomst liggen.".into());
    }
    receipt_date_range_problem(date)
}

impl ComplaintForm {
    /// Validates the form against INT-01/INT-02. `today` is injected so that "not in the
    /// future" is testable; `chart` says which departments and officials exist.
    pub fn validate(&self, today: NaiveDate, chart: &OrgChart) -> Result<NewComplaint, Vec<FieldError>> {
        let channel = Channel::from_code(self.channel.trim());
        let written = channel.is_some_and(Channel::is_written);
        // Free text pasted from Windows may end its lines with CR LF; a lone CR is refused.
        let description_text = self.description.replace("\r\n", "\n");
        let desired_outcome_text = self.desired_outcome.replace("\r\n", "\n");
        let text_errors = self.text_problems(written, &description_text, &desired_outcome_text);
        let refused = |field: &str| text_errors.iter().any(|error| error.field == field);

        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| {
            errors.push(FieldError { field: field.to_string(), message });
        };

        let received_on = match parse_dutch_or_iso_date(&self.received_on) {
            None if self.received_on.trim().is_empty() => {
                fail("received_on", "Vul de datum van ontvangst in.".into());
                None
            }
            None => {
                fail("received_on", "Dit is geen geldige datum. Gebruik dd-mm-jjjj.".into());
                None
            }
            Some(date) => match receipt_date_problem(date, today) {
                Some(problem) => {
                    fail("received_on", problem);
                    None
                }
                None => Some(date),
            },
        };

        if channel.is_none() {
            fail("channel", "Kies hoe de klacht binnenkwam.".into());
        }

        // Characters, required fields (Awb 9:4 lid 2 for the address of a written complaint)
        // and lengths; the format checks below only look at fields that passed these.
        for error in &text_errors {
            fail(&error.field, error.message.clone());
        }
        let complainant_name = clean(&self.complainant_name);
        let street_address = clean(&self.street_address);
        let postcode = normalise_postcode(&self.postcode);
        let city = clean(&self.city);
        if !refused("postcode") && !self.postcode.trim().is_empty() && postcode.is_none() {
            fail("postcode", "Een postcode heeft vier cijfers en twee letters, bijvoorbeeld 1111 AB.".into());
        }

        let phone = normalise_phone(&self.phone);
        if !refused("phone") && !self.phone.trim().is_empty() && phone.is_none() {
            fail("phone", "Dit is geen geldig Nederlands telefoonnummer, bijvoorbeeld 020 123 4567 of 06 12345678.".into());
        }
        let email = self.email.trim().to_string();
        if !refused("email") && !email.is_empty() && !is_plausible_email(&email) {
            fail("email", "Dit is geen geldig e-mailadres, bijvoorbeeld naam@voorbeeld.nl.".into());
        }
        let reachable_fields_refused = ["phone", "email", "street_address"].into_iter().any(&refused);
        if !reachable_fields_refused && phone.is_none() && email.is_empty() && street_address.is_empty() {
            fail("phone", "Vul een telefoonnummer, e-mailadres of adres in, zodat wij de klager kunnen bereiken.".into());
        }

        let complaint_type = ComplaintType::from_code(self.complaint_type.trim());
        if complaint_type.is_none() {
            fail("complaint_type", "Kies of de klacht over bejegening of over dienstverlening gaat.".into());
        }
        let department_id = Some(self.department_id.trim()).filter(|id| !id.is_empty()).map(str::to_string);
        if department_id.as_deref().is_some_and(|id| chart.department(id).is_none()) {
            fail("department_id", "Deze afdeling staat niet (meer) in het organogram. Kies een andere.".into());
        }
        let mut respondent_ids: Vec<String> = Vec::new();
        if complaint_type == Some(ComplaintType::Bejegening) {
            for id in self.respondent_ids.iter().map(|id| id.trim()).filter(|id| !id.is_empty()) {
                if chart.official(id).is_none() {
                    fail("respondent_ids", format!("'{}' staat niet (meer) in het organogram. Kies opnieuw.", shown(id)));
                } else if !respondent_ids.iter().any(|known| known == id) {
                    respondent_ids.push(id.to_string());
                }
            }
            if self.respondent_ids.iter().all(|id| id.trim().is_empty()) && department_id.is_none() {
                fail(
                    "respondent_ids",
                    "Bij een klacht over bejegening: kies over wie de klacht gaat, of kies de afdeling als de naam niet bekend is.".into(),
                );
            }
        } else if complaint_type == Some(ComplaintType::Dienstverlening) && department_id.is_none() {
            fail("department_id", "Kies de afdeling waar de klacht over gaat.".into());
        }

        let conduct_date = if self.conduct_date.trim().is_empty() {
            if written {
                // Awb 9:4 lid 2 sub c: a written complaint describes the conduct and its date.
                fail("conduct_date", "Een schriftelijke klacht vermeldt wanneer de gedraging plaatsvond: vul de datum in.".into());
            }
            None
        } else {
            match parse_dutch_or_iso_date(&self.conduct_date) {
                None => {
                    fail("conduct_date", "Dit is geen geldige datum. Gebruik dd-mm-jjjj.".into());
                    None
                }
                Some(date) if date < EARLIEST_CONDUCT_DATE => {
                    fail("conduct_date", "De datum van de gedraging kan niet voor 1900 liggen; controleer het jaartal.".into());
                    None
                }
                Some(date) if received_on.is_some_and(|received| date > received) => {
                    fail("conduct_date", "De gedraging kan niet na de datum van ontvangst liggen.".into());
                    None
                }
                Some(date) if date > today => {
                    fail("conduct_date", "De datum van de gedraging kan niet in de toekomst liggen.".into());
                    None
                }
                Some(date) => Some(date),
            }
        };

        let description = description_text.trim().to_string();
        let desired_outcome = desired_outcome_text.trim().to_string();

        // In the order of the form, so the first message is about the first wrong field.
        errors.sort_by_key(|error| FORM_ORDER.iter().position(|field| *field == error.field).unwrap_or(FORM_ORDER.len()));
        match (received_on, channel, complaint_type) {
            (Some(received_on), Some(channel), Some(complaint_type)) if errors.is_empty() => Ok(NewComplaint {
                received_on,
                channel,
                complainant_name,
                street_address,
                postcode: postcode.unwrap_or_default(),
                city,
                phone: phone.unwrap_or_default(),
                email,
                representative: clean(&self.representative),
                complaint_type,
                department_id,
                respondent_ids,
                conduct_date,
                description,
                desired_outcome,
            }),
            _ => Err(errors),
        }
    }
}

/// The fields of `ComplaintForm` in the order the form shows them (also the import file's
/// names of them).
pub(crate) const FORM_ORDER: [&str; 15] = [
    "received_on",
    "channel",
    "complainant_name",
    "street_address",
    "postcode",
    "city",
    "phone",
    "email",
    "representative",
    "complaint_type",
    "department_id",
    "respondent_ids",
    "conduct_date",
    "description",
    "desired_outcome",
];

impl ComplaintForm {
    /// INT-02 for every text field, through `domain::text`: no control characters (free text
    /// may have line breaks and tabs) or bidi overrides, required fields filled in, lengths.
    /// A written complaint (Awb 9:4 lid 2) needs the complainant's address.
    fn text_problems(&self, written: bool, description: &str, desired_outcome: &str) -> Vec<FieldError> {
        let address = |what: &str| written.then(|| format!("Een schriftelijke klacht heeft een adres nodig: vul {what} in."));
        let fields: [(&str, &str, Lines, usize, Option<String>); 9] = [
            ("complainant_name", &self.complainant_name, Lines::Single, MAX_SHORT_TEXT, Some("Vul de naam van de klager in.".into())),
            ("street_address", &self.street_address, Lines::Single, MAX_SHORT_TEXT, address("straat en huisnummer")),
            ("postcode", &self.postcode, Lines::Single, MAX_SHORT_TEXT, address("de postcode")),
            ("city", &self.city, Lines::Single, MAX_SHORT_TEXT, address("de woonplaats")),
            ("phone", &self.phone, Lines::Single, MAX_SHORT_TEXT, None),
            ("email", &self.email, Lines::Single, MAX_SHORT_TEXT, None),
            ("representative", &self.representative, Lines::Single, MAX_SHORT_TEXT, None),
            ("description", description, Lines::Multi, MAX_LONG_TEXT, Some("Beschrijf waar de klacht over gaat.".into())),
            ("desired_outcome", desired_outcome, Lines::Multi, MAX_LONG_TEXT, None),
        ];
        fields
            .into_iter()
            .filter_map(|(field, text, lines, limit, missing)| {
                text_problem(text, lines, limit, missing.as_deref()).map(|message| FieldError { field: field.into(), message })
            })
            .collect()
    }
}

/// The human reference `KL-YYYY-NNNN` (INT-03): a sequence per year, never reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
pub struct ComplaintReference {
    pub year: i32,
    pub number: u32,
}

impl fmt::Display for ComplaintReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KL-{}-{:04}", self.year, self.number)
    }
}

impl ComplaintReference {
    pub fn parse(text: &str) -> Option<Self> {
        let rest = text.trim().strip_prefix("KL-")?;
        let (year, number) = rest.split_once('-')?;
        if year.len() != 4 || number.len() < 4 {
            return None;
        }
        Some(Self { year: year.parse().ok()?, number: number.parse().ok()? })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart() -> OrgChart {
        let file = crate::domain::organisation::OrgChartFile::from_json(
            r#"{"departments": [{"id": "bz", "name": "Burgerzaken", "manager": "m-bz"}],
                "officials": [{"id": "m-bz", "name": "Anna de Boer", "function": "afdelingsmanager", "department": "bz"},
                              {"id": "e1", "name": "Jan Smit", "function": "medewerker", "department": "bz"}]}"#,
        )
        .expect("parses");
        OrgChart::validate(&file, &crate::domain::function::FunctionLabels::default()).expect("valid")
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).expect("date")
    }

    fn valid_letter_form() -> ComplaintForm {
        ComplaintForm {
            received_on: "2026-11-20".into(),
            channel: "brief".into(),
            complainant_name: "  Jan   de Vries ".into(),
            street_address: "Wilhelminaplein 1".into(),
            postcode: "1111 ge".into(),
            city: "Diemen".into(),
            phone: "06-12345678".into(),
            email: "jan@example.nl".into(),
            complaint_type: "dienstverlening".into(),
            department_id: "bz".into(),
            conduct_date: "12-11-2026".into(),
            description: "Mijn paspoortaanvraag is kwijtgeraakt.".into(),
            ..Default::default()
        }
    }

    fn fields(form: &ComplaintForm) -> Vec<String> {
        match form.validate(today(), &chart()) {
            Ok(_) => vec![],
            Err(errors) => errors.into_iter().map(|e| e.field).collect(),
        }
    }

    #[test]
    fn a_complete_written_complaint_is_accepted_and_normalised() {
        // rule INT-01, INT-02
        let complaint = valid_letter_form().validate(today(), &chart()).expect("valid");
        assert_eq!(complaint.complainant_name, "Jan de Vries");
        assert_eq!(complaint.postcode, "1111 GE");
        assert_eq!(complaint.phone, "0612345678");
        assert_eq!(complaint.conduct_date, NaiveDate::from_ymd_opt(2026, 11, 12));
    }

    #[test]
    fn a_written_complaint_needs_name_address_date_and_description() {
        // rule INT-02 (Awb 9:4 lid 2)
        let form = ComplaintForm {
            complainant_name: String::new(),
            street_address: String::new(),
            postcode: String::new(),
            city: String::new(),
            conduct_date: String::new(),
            description: "   ".into(),
            ..valid_letter_form()
        };
        let got = fields(&form);
        for field in ["complainant_name", "street_address", "postcode", "city", "conduct_date", "description"] {
            assert!(got.contains(&field.to_string()), "{field} missing from {got:?}");
        }
        // What the form marks as required for a written channel is exactly what it refuses.
        let by_phone = ComplaintForm { channel: "telefoon".into(), ..form.clone() };
        let only_when_written: Vec<String> = got.iter().filter(|field| !fields(&by_phone).contains(field)).cloned().collect();
        assert_eq!(only_when_written, REQUIRED_WHEN_WRITTEN);
    }

    #[test]
    fn a_phone_complaint_needs_no_address() {
        // rule INT-02: required fields depend on the channel.
        let form = ComplaintForm {
            channel: "telefoon".into(),
            street_address: String::new(),
            postcode: String::new(),
            city: String::new(),
            conduct_date: String::new(),
            ..valid_letter_form()
        };
        assert_eq!(fields(&form), Vec::<String>::new());
    }

    #[test]
    fn dates_in_the_future_or_conduct_after_receipt_are_refused() {
        // rule INT-02
        let future = ComplaintForm { received_on: "2026-11-24".into(), ..valid_letter_form() };
        assert_eq!(fields(&future), vec!["received_on"]);
        let conduct_after = ComplaintForm { conduct_date: "2026-11-21".into(), ..valid_letter_form() };
        assert_eq!(fields(&conduct_after), vec!["conduct_date"]);
        let nonsense = ComplaintForm { received_on: "31-02-2026".into(), ..valid_letter_form() };
        assert_eq!(fields(&nonsense), vec!["received_on"]);
    }

    #[test]
    fn an_implausible_email_address_is_refused() {
        // rule INT-02
        let bad_email = ComplaintForm { email: "jan@voorbeeld".into(), ..valid_letter_form() };
        assert_eq!(fields(&bad_email), vec!["email"]);
    }

    #[test]
    fn conduct_complaints_name_the_official_and_text_has_a_limit() {
        // rule INT-01 (bejegening names an official), INT-02 (free text limit)
        let conduct = ComplaintForm { complaint_type: "bejegening".into(), department_id: String::new(), ..valid_letter_form() };
        assert_eq!(fields(&conduct), vec!["respondent_ids"]);
        let unnamed_official = ComplaintForm { complaint_type: "bejegening".into(), ..valid_letter_form() };
        assert_eq!(fields(&unnamed_official), Vec::<String>::new(), "the department suffices when the name is unknown");
        let unknown_official =
            ComplaintForm { complaint_type: "bejegening".into(), respondent_ids: vec!["x".into()], ..valid_letter_form() };
        assert_eq!(fields(&unknown_official), vec!["respondent_ids"]);
        let named =
            ComplaintForm { complaint_type: "bejegening".into(), respondent_ids: vec!["e1".into(), " e1 ".into()], ..valid_letter_form() };
        assert_eq!(named.validate(today(), &chart()).map(|c| c.respondent_ids), Ok(vec!["e1".to_string()]));
        let service_without_department = ComplaintForm { department_id: String::new(), ..valid_letter_form() };
        assert_eq!(fields(&service_without_department), vec!["department_id"]);
        let long = ComplaintForm { description: "x".repeat(MAX_LONG_TEXT + 1), ..valid_letter_form() };
        assert_eq!(fields(&long), vec!["description"]);
        let unknown_department = ComplaintForm { department_id: "7".into(), ..valid_letter_form() };
        assert_eq!(fields(&unknown_department), vec!["department_id"]);
    }

    #[test]
    fn control_characters_and_bidi_overrides_are_refused_in_every_single_line_field() {
        // rule INT-02: a name of only NUL was accepted and the letter said "Beste".
        let only_nul = ComplaintForm { complainant_name: "\u{0000}".into(), ..valid_letter_form() };
        assert_eq!(fields(&only_nul), vec!["complainant_name"]);
        for bad in
            ["Jan\u{0000}", "\u{1b}[2J\u{1b}[31mJan", "Jan\nde Vries", "Jan\tde Vries", "Jan \u{202E}seirV", "Jan\u{2066}x", "a\u{7f}"]
        {
            for field in ["complainant_name", "street_address", "postcode", "city", "phone", "email", "representative"] {
                let mut form = valid_letter_form();
                let value = match field {
                    "complainant_name" => &mut form.complainant_name,
                    "street_address" => &mut form.street_address,
                    "postcode" => &mut form.postcode,
                    "city" => &mut form.city,
                    "phone" => &mut form.phone,
                    "email" => &mut form.email,
                    _ => &mut form.representative,
                };
                value.push_str(bad);
                assert_eq!(fields(&form), vec![field.to_string()], "{field} with {bad:?}");
            }
        }
        let message = match only_nul.validate(today(), &chart()) {
            Err(errors) => errors[0].message.clone(),
            Ok(_) => String::new(),
        };
        assert!(message.contains("U+0000"), "the message names the character: {message}");
    }

    #[test]
    fn problems_come_in_the_order_of_the_form() {
        // rule INT-02: the first message is about the first wrong field.
        let form = ComplaintForm {
            received_on: "1900-01-01".into(),
            complainant_name: "\u{0000}".into(),
            postcode: "12".into(),
            description: String::new(),
            ..valid_letter_form()
        };
        assert_eq!(fields(&form), vec!["received_on", "complainant_name", "postcode", "description"]);
    }

    #[test]
    fn free_text_keeps_line_breaks_and_tabs_but_no_escape_codes() {
        // rule INT-02: escape codes would break the PDF.
        let multi_line = ComplaintForm {
            description: "Eerste regel.\r\nTweede regel.\n\tMet tab.".into(),
            desired_outcome: "Excuses.\nEn een nieuwe afspraak.".into(),
            ..valid_letter_form()
        };
        let complaint = multi_line.validate(today(), &chart()).expect("line breaks and tabs are fine in free text");
        assert_eq!(complaint.description, "Eerste regel.\nTweede regel.\n\tMet tab.", "CR LF from Windows becomes LF");
        for bad in ["\u{1b}[1mvet", "nul\u{0000}", "los\rCR", "\u{202E}omgekeerd", "bel\u{7}"] {
            let description = ComplaintForm { description: format!("Tekst {bad}"), ..valid_letter_form() };
            assert_eq!(fields(&description), vec!["description"], "{bad:?}");
            let outcome = ComplaintForm { desired_outcome: format!("Tekst {bad}"), ..valid_letter_form() };
            assert_eq!(fields(&outcome), vec!["desired_outcome"], "{bad:?}");
        }
    }

    #[test]
    fn a_receipt_date_before_awb_titel_9_1_or_conduct_before_1900_is_refused() {
        // rule INT-02: 1900-01-01 was accepted as a date of receipt.
        for date in ["1900-01-01", "01-01-1999", "30-06-1999"] {
            let old =
                ComplaintForm { received_on: date.into(), conduct_date: String::new(), channel: "telefoon".into(), ..valid_letter_form() };
            assert_eq!(fields(&old), vec!["received_on"], "{date}");
        }
        let first_day = ComplaintForm { received_on: "01-07-1999".into(), conduct_date: "1999-06-30".into(), ..valid_letter_form() };
        assert_eq!(fields(&first_day), Vec::<String>::new());
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("date");
        assert!(receipt_date_problem(ymd(1900, 1, 1), today()).is_some_and(|p| p.contains("1 juli 1999")));
        assert_eq!(receipt_date_problem(EARLIEST_RECEIPT_DATE, today()), None);
        // The same rule for the CLI `deadline`, which has no "today": years 0000 and -0001, 3000.
        for date in [ymd(0, 1, 1), ymd(-1, 12, 31), ymd(1999, 6, 30), ymd(3000, 1, 1)] {
            assert!(receipt_date_range_problem(date).is_some(), "{date}");
        }
        assert_eq!(receipt_date_range_problem(ymd(2999, 12, 31)), None);
        assert!(EARLIEST_CONDUCT_DATE == ymd(1900, 1, 1));
        let old_conduct = ComplaintForm { conduct_date: "31-12-1899".into(), ..valid_letter_form() };
        assert_eq!(fields(&old_conduct), vec!["conduct_date"]);
    }

    #[test]
    fn an_unknown_respondent_id_is_repeated_shortened_and_visible() {
        // rule INT-02: a 100 KB id or one with an escape code is not echoed as such.
        let huge = ComplaintForm {
            complaint_type: "bejegening".into(),
            respondent_ids: vec![format!("\u{1b}[2J{}", "x".repeat(100 * 1024))],
            ..valid_letter_form()
        };
        let errors = huge.validate(today(), &chart()).expect_err("unknown official");
        assert!(errors[0].message.len() < 300 && !errors[0].message.contains('\u{1b}'), "{}", errors[0].message);
    }

    #[test]
    fn references_format_and_parse() {
        // rule INT-03
        let reference = ComplaintReference { year: 2026, number: 7 };
        assert_eq!(reference.to_string(), "KL-2026-0007");
        assert_eq!(ComplaintReference::parse("KL-2026-0007"), Some(reference));
        assert_eq!(ComplaintReference::parse("KL-2026-12345"), Some(ComplaintReference { year: 2026, number: 12345 }));
        assert_eq!(ComplaintReference::parse("KL-26-0007"), None);
    }
}
