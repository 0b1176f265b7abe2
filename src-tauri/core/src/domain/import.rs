//! Import of complaints from an earlier system: a file of records with the intake
//! form's fields and their history, checked as a whole. Every problem is named (record, field,
//! reason); a file with any problem imports nothing. Pure: the service stores what passes.

use super::complaint::{ComplaintForm, NewComplaint, FORM_ORDER};
use super::deadlines::TermChanges;
use super::form::parse_dutch_or_iso_date;
use super::json_file::json_problem;
use super::organisation::OrgChart;
use super::report::Outcome;
use super::text::{shown, text_problem, Lines};
use chrono::NaiveDate;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::fmt;

/// DL-05: a postponement is at most four weeks.
const MAX_POSTPONEMENT_WEEKS: u64 = 4;
/// The longest old reference kept (a reference, not a text).
const MAX_PREVIOUS_REFERENCE: usize = 100;

/// What the earlier system knew about a complaint besides the intake form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ImportHistory {
    /// The old system's reference ("" when it had none).
    pub previous_reference: String,
    /// How it ended; `None` while it is still open (it joins the procedure at `ontvangen`).
    pub outcome: Option<Outcome>,
    pub closed_on: Option<NaiveDate>,
    pub term_changes: TermChanges,
    pub hearing_held: bool,
    /// The complainant went on to the ombudsman.
    pub ombudsman: bool,
}

/// One record that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRecord {
    pub complaint: NewComplaint,
    pub history: ImportHistory,
}

/// One problem in the file: the record (1 = the first; 0 = the file as a whole), the field and
/// the reason, in Dutch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportProblem {
    pub record: usize,
    pub field: String,
    pub message: String,
}

impl fmt::Display for ImportProblem {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.record {
            0 => write!(formatter, "bestand: {}", self.message),
            record => write!(formatter, "record {record}, veld {}: {}", self.field, self.message),
        }
    }
}

const HISTORY_FIELDS: [&str; 8] =
    ["previous_reference", "outcome", "closed_on", "advisory_committee", "postponed_weeks", "consent_until", "hearing_held", "ombudsman"];

/// Reads and checks a whole import file `{"complaints": [ ... ]}` against the chart and
/// `today`. Either every record passes, or every problem of every record is returned.
pub fn parse_import_file(text: &str, today: NaiveDate, chart: &OrgChart) -> Result<Vec<ImportRecord>, Vec<ImportProblem>> {
    let file_problem = |message: String| vec![ImportProblem { record: 0, field: String::new(), message }];
    let document: Value = serde_json::from_str(text).map_err(|error| file_problem(json_problem(&error, "importbestand")))?;
    let Some(records) = document.as_object().and_then(|object| object.get("complaints")).and_then(Value::as_array) else {
        return Err(file_problem("verwacht een object met een lijst \"complaints\": {\"complaints\": [ ... ]}.".into()));
    };
    if records.is_empty() {
        return Err(file_problem("de lijst \"complaints\" is leeg; er is niets te importeren.".into()));
    }
    let mut problems = Vec::new();
    let mut accepted = Vec::new();
    let mut first_with_reference: HashMap<String, usize> = HashMap::new();
    for (index, value) in records.iter().enumerate() {
        let number = index + 1;
        let mut fail = |field: &str, message: String| problems.push(ImportProblem { record: number, field: field.into(), message });
        let Some(object) = value.as_object() else {
            fail("", "een record is een object met velden ({ ... }).".into());
            continue;
        };
        // The same old reference twice is named also when either record has other problems.
        let previous = object.get("previous_reference").and_then(Value::as_str).map(str::trim).unwrap_or_default().to_string();
        let duplicate = match first_with_reference.get(&previous) {
            Some(first) if !previous.is_empty() => {
                let message = format!("het oude kenmerk '{}' staat ook in record {first}; een klacht komt één keer mee.", shown(&previous));
                fail("previous_reference", message);
                true
            }
            _ => {
                first_with_reference.insert(previous, number);
                false
            }
        };
        if let Some(record) = check_record(object, today, chart, &mut fail).filter(|_| !duplicate) {
            accepted.push(record);
        }
    }
    if problems.is_empty() {
        Ok(accepted)
    } else {
        Err(problems)
    }
}

/// One record's checks: its fields' types, the intake form's rules (INT-01/02), and the
/// history's own rules. `None` when anything failed (each failure went to `fail`).
fn check_record(
    object: &Map<String, Value>,
    today: NaiveDate,
    chart: &OrgChart,
    fail: &mut impl FnMut(&str, String),
) -> Option<ImportRecord> {
    let mut found: Vec<(String, String)> = Vec::new();
    for key in object.keys() {
        if !FORM_ORDER.contains(&key.as_str()) && !HISTORY_FIELDS.contains(&key.as_str()) {
            found.push((key.clone(), "onbekend veld; controleer de spelling (zie de beschrijving van het importbestand).".into()));
        }
    }
    let text = |found: &mut Vec<(String, String)>, field: &str| take(found, field, text_field(object, field), String::new());
    let form = ComplaintForm {
        received_on: text(&mut found, "received_on"),
        channel: text(&mut found, "channel"),
        complainant_name: text(&mut found, "complainant_name"),
        street_address: text(&mut found, "street_address"),
        postcode: text(&mut found, "postcode"),
        city: text(&mut found, "city"),
        phone: text(&mut found, "phone"),
        email: text(&mut found, "email"),
        representative: text(&mut found, "representative"),
        complaint_type: text(&mut found, "complaint_type"),
        department_id: text(&mut found, "department_id"),
        conduct_date: text(&mut found, "conduct_date"),
        description: text(&mut found, "description"),
        desired_outcome: text(&mut found, "desired_outcome"),
        respondent_ids: take(&mut found, "respondent_ids", id_list(object.get("respondent_ids")), Vec::new()),
    };
    let previous_reference = text(&mut found, "previous_reference").trim().to_string();
    let outcome_code = text(&mut found, "outcome").trim().to_string();
    let closed_on_text = text(&mut found, "closed_on");
    let consent_text = text(&mut found, "consent_until");
    let flag = |found: &mut Vec<(String, String)>, field: &str| take(found, field, flag_field(object, field), false);
    let advisory_committee = flag(&mut found, "advisory_committee");
    let hearing_held = flag(&mut found, "hearing_held");
    let ombudsman = flag(&mut found, "ombudsman");
    let postponement_weeks = take(&mut found, "postponed_weeks", postponement(object.get("postponed_weeks")), None);

    let complaint = match form.validate(today, chart) {
        Ok(complaint) => Some(complaint),
        Err(errors) => {
            found.extend(errors.into_iter().map(|error| (error.field, error.message)));
            None
        }
    };
    let received_on = complaint.as_ref().map(|complaint| complaint.received_on);

    if let Some(problem) = text_problem(&previous_reference, Lines::Single, MAX_PREVIOUS_REFERENCE, None) {
        found.push(("previous_reference".into(), problem));
    }
    let outcome = match outcome_code.as_str() {
        "" => None,
        code => Outcome::from_code(code).or_else(|| {
            let codes: Vec<&str> = Outcome::ALL.iter().map(|outcome| outcome.code()).collect();
            found
                .push(("outcome".into(), format!("'{}' is geen uitkomst; kies uit {} of null (nog open).", shown(code), codes.join(", "))));
            None
        }),
    };
    let closed_on = take(&mut found, "closed_on", date_field(&closed_on_text), None);
    let agreed_end = take(&mut found, "consent_until", date_field(&consent_text), None);
    let mut problem = |field: &str, message: &str| found.push((field.into(), message.into()));
    match (outcome_code.is_empty(), closed_on_text.trim().is_empty()) {
        (false, true) => problem("closed_on", "vul de datum van afsluiten in: die hoort bij een uitkomst."),
        (true, false) => problem("closed_on", "een klacht zonder uitkomst is nog open en heeft geen datum van afsluiten."),
        _ => {}
    }
    if let Some(closed) = closed_on {
        if closed > today {
            problem("closed_on", "de datum van afsluiten kan niet in de toekomst liggen.");
        }
        if received_on.is_some_and(|received| closed < received) {
            problem("closed_on", "de datum van afsluiten kan niet voor de datum van ontvangst liggen.");
        }
    }
    if agreed_end.zip(received_on).is_some_and(|(end, received)| end < received) {
        problem("consent_until", "de afgesproken einddatum kan niet voor de datum van ontvangst liggen (DL-06).");
    }
    if !found.is_empty() {
        for (field, message) in found {
            fail(&field, message);
        }
        return None;
    }
    Some(ImportRecord {
        complaint: complaint?,
        history: ImportHistory {
            previous_reference,
            outcome,
            closed_on,
            term_changes: TermChanges { advisory_committee, postponement_weeks, agreed_end },
            hearing_held,
            ombudsman,
        },
    })
}

/// The value of a check, or `default` with the problem noted for `field`.
fn take<T>(found: &mut Vec<(String, String)>, field: &str, result: Result<T, String>, default: T) -> T {
    result.unwrap_or_else(|message| {
        found.push((field.into(), message));
        default
    })
}

/// A text field: absent and `null` are empty.
fn text_field(object: &Map<String, Value>, field: &str) -> Result<String, String> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(String::new()),
        Some(Value::String(text)) => Ok(text.clone()),
        Some(_) => Err("moet tekst zijn (tussen aanhalingstekens).".into()),
    }
}

/// A yes/no field: absent and `null` are no.
fn flag_field(object: &Map<String, Value>, field: &str) -> Result<bool, String> {
    match object.get(field) {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(value)) => Ok(*value),
        Some(_) => Err("moet true of false zijn.".into()),
    }
}

fn id_list(value: Option<&Value>) -> Result<Vec<String>, String> {
    match value {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(ids)) if ids.iter().all(Value::is_string) => {
            Ok(ids.iter().filter_map(Value::as_str).map(str::to_string).collect())
        }
        Some(_) => Err("moet een lijst van id's uit het organogram zijn, bijvoorbeeld [\"e1\"].".into()),
    }
}

/// DL-05: 0 (none) to 4 weeks.
fn postponement(value: Option<&Value>) -> Result<Option<u64>, String> {
    match value.map(|value| (value, value.as_u64())) {
        None | Some((Value::Null, _)) | Some((_, Some(0))) => Ok(None),
        Some((_, Some(weeks))) if weeks <= MAX_POSTPONEMENT_WEEKS => Ok(Some(weeks)),
        Some(_) => Err(format!("moet een heel aantal weken van 0 tot en met {MAX_POSTPONEMENT_WEEKS} zijn (DL-05).")),
    }
}

fn date_field(text: &str) -> Result<Option<NaiveDate>, String> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    parse_dutch_or_iso_date(text).map(Some).ok_or_else(|| format!("'{}' is geen geldige datum; gebruik jjjj-mm-dd.", shown(text.trim())))
}
