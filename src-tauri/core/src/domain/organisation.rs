//! The organisation chart (RT-01): departments, officials, their functions, deputies and
//! absence, as the Beheerder maintains it. The JSON import/export format is defined here and
//! a chart is only ever built through whole-chart validation.

use super::function::{Function, FunctionLabels};
use super::json_file::json_problem;
use super::text::{id_problem, shown, text_problem, Lines};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// One department as written in the import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentEntry {
    pub id: String,
    pub name: String,
    /// Optional in the file only so that a missing manager gets a clear message instead of
    /// a parser error; a valid chart always has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub manager: Option<String>,
}

/// One official as written in the import file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficialEntry {
    pub id: String,
    pub name: String,
    pub function: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deputy: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub absent: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub loco_burgemeester: bool,
}

/// The import/export file (README: "Organogram importeren"). Both lists are required: a file
/// without them (such as `{}`) is a mistake, not a request to empty the chart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgChartFile {
    pub departments: Vec<DepartmentEntry>,
    pub officials: Vec<OfficialEntry>,
}

/// The file as read, so that a missing list gets a Dutch message instead of serde's.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgChartFileAsRead {
    departments: Option<Vec<DepartmentEntry>>,
    officials: Option<Vec<OfficialEntry>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: String,
    pub name: String,
    pub manager: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Official {
    pub id: String,
    pub name: String,
    pub function: Function,
    pub department: Option<String>,
    pub deputy: Option<String>,
    pub absent: bool,
    pub loco_burgemeester: bool,
}

/// A chart that passed every check of `OrgChart::validate`; routing only accepts this type.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrgChart {
    departments: Vec<Department>,
    officials: Vec<Official>,
}

/// Largest import accepted, so a wrong file cannot exhaust memory.
pub const MAX_IMPORT_BYTES: usize = 5 * 1024 * 1024;

/// Longest name of a department or official: it has to fit a letter's address block.
pub const MAX_NAME_CHARS: usize = 200;

impl OrgChartFile {
    /// Parses the JSON text of an import file; the message says, in Dutch, where it went
    /// wrong ("regel 3, kolom 7"). A leading byte order mark (Notepad saves one) is skipped.
    pub fn from_json(text: &str) -> Result<Self, Vec<String>> {
        if text.len() > MAX_IMPORT_BYTES {
            return Err(vec![format!("Het bestand is te groot ({} bytes, maximaal {MAX_IMPORT_BYTES}).", text.len())]);
        }
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let read: OrgChartFileAsRead = serde_json::from_str(text).map_err(|error| vec![json_problem(&error, "organogram")])?;
        let missing = |list: &str, what: &str| {
            format!(
                "Het bestand heeft geen lijst \"{list}\" ({what}). Een organogram heeft altijd \"departments\" en \"officials\"; het huidige organogram blijft staan. Zie de README voor het formaat."
            )
        };
        match (read.departments, read.officials) {
            (Some(departments), Some(officials)) => Ok(Self { departments, officials }),
            (departments, officials) => Err([
                departments.is_none().then(|| missing("departments", "de afdelingen")),
                officials.is_none().then(|| missing("officials", "de functionarissen")),
            ]
            .into_iter()
            .flatten()
            .collect()),
        }
    }

    pub fn to_json(&self) -> String {
        // Serialising plain strings and booleans cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

/// INT-02 for the text of a new chart, through `domain::text`: every id follows the id rule
/// (`text::id_problem`) unless it is already in the `stored` chart (complaints and accounts may
/// refer to an id stored by an older version, so it cannot be refused now), and names have no
/// control or bidi characters and at most `MAX_NAME_CHARS`. Blank ids and names are left to
/// `OrgChart::validate`.
fn input_problems(file: &OrgChartFile, stored: &OrgChartFile) -> Vec<String> {
    let mut problems = Vec::new();
    let mut check = |kind: &str, id: &str, name: &str, stored_ids: &HashSet<&str>| {
        if !id.trim().is_empty() && !stored_ids.contains(id) {
            if let Some(problem) = id_problem(id) {
                problems.push(format!("{kind} '{}' heeft geen geldig id. {problem}", shown(name)));
            }
        }
        if let Some(problem) = text_problem(name, Lines::Single, MAX_NAME_CHARS, None) {
            problems.push(format!("De naam van {} '{}' klopt niet. {problem}", kind.to_lowercase(), shown(id)));
        }
    };
    let stored_departments: HashSet<&str> = stored.departments.iter().map(|department| department.id.as_str()).collect();
    for department in &file.departments {
        check("Afdeling", &department.id, &department.name, &stored_departments);
    }
    let stored_officials: HashSet<&str> = stored.officials.iter().map(|official| official.id.as_str()).collect();
    for official in &file.officials {
        check("Functionaris", &official.id, &official.name, &stored_officials);
    }
    problems
}

impl OrgChart {
    /// Checks the structure of the whole chart and names every problem; nothing partial is
    /// ever accepted. This is what any chart must satisfy, also one stored by an older version;
    /// a chart that is to replace the stored one goes through `validate_replacement`. Values
    /// are repeated in messages through `text::shown`, so a 100 KB id or an escape code does
    /// not end up in a message as such.
    pub fn validate(file: &OrgChartFile, labels: &FunctionLabels) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let mut department_ids = HashSet::new();
        for department in &file.departments {
            if department.id.trim().is_empty() {
                problems.push(format!("Afdeling '{}' heeft geen id.", shown(&department.name)));
            } else if !department_ids.insert(department.id.as_str()) {
                problems.push(format!("Afdelings-id '{}' komt meer dan één keer voor.", shown(&department.id)));
            }
            if department.name.trim().is_empty() {
                problems.push(format!("Afdeling '{}' heeft geen naam.", shown(&department.id)));
            }
        }
        let mut official_ids = HashSet::new();
        for official in &file.officials {
            if official.id.trim().is_empty() {
                problems.push(format!("Functionaris '{}' heeft geen id.", shown(&official.name)));
            } else if !official_ids.insert(official.id.as_str()) {
                problems.push(format!("Functionaris-id '{}' komt meer dan één keer voor.", shown(&official.id)));
            }
            if official.name.trim().is_empty() {
                problems.push(format!("Functionaris '{}' heeft geen naam.", shown(&official.id)));
            }
        }
        let functions: HashMap<&str, Function> = file
            .officials
            .iter()
            .filter_map(|official| labels.parse(&official.function).map(|function| (official.id.as_str(), function)))
            .collect();
        let allowed = Function::ALL.iter().map(|function| labels.label(*function)).collect::<Vec<_>>().join(", ");
        let mut officials = Vec::new();
        for entry in &file.officials {
            let function = labels.parse(&entry.function);
            if function.is_none() {
                problems.push(format!(
                    "Functionaris '{}' heeft een onbekende functie '{}'. Mogelijk: {allowed}.",
                    shown(&entry.id),
                    shown(&entry.function)
                ));
            }
            if let Some(department) = &entry.department {
                if !department_ids.contains(department.as_str()) {
                    problems.push(format!("Functionaris '{}' verwijst naar onbekende afdeling '{}'.", shown(&entry.id), shown(department)));
                }
            } else if function == Some(Function::Medewerker) {
                problems.push(format!(
                    "Functionaris '{}' is {} maar hoort bij geen afdeling; klachten over hem of haar kunnen dan niet worden toegewezen.",
                    shown(&entry.id),
                    labels.label(Function::Medewerker)
                ));
            }
            if let Some(deputy) = &entry.deputy {
                if deputy == &entry.id {
                    problems.push(format!("Functionaris '{}' kan niet zijn of haar eigen vervanger zijn.", shown(&entry.id)));
                } else if !official_ids.contains(deputy.as_str()) {
                    problems.push(format!("Functionaris '{}' heeft een onbekende vervanger '{}'.", shown(&entry.id), shown(deputy)));
                }
            }
            if entry.loco_burgemeester && function.is_some() && function != Some(Function::Wethouder) {
                problems.push(format!(
                    "Functionaris '{}' is loco-burgemeester maar geen {}.",
                    shown(&entry.id),
                    labels.label(Function::Wethouder)
                ));
            }
            if let Some(function) = function {
                officials.push(Official {
                    id: entry.id.trim().to_string(),
                    name: entry.name.trim().to_string(),
                    function,
                    department: entry.department.clone(),
                    deputy: entry.deputy.clone(),
                    absent: entry.absent,
                    loco_burgemeester: entry.loco_burgemeester,
                });
            }
        }
        let locos: Vec<String> = file.officials.iter().filter(|o| o.loco_burgemeester).map(|o| shown(&o.id)).collect();
        if locos.len() > 1 {
            problems.push(format!("Er kan maar één loco-burgemeester zijn; nu zijn het er {}: {}.", locos.len(), locos.join(", ")));
        }
        for function in [Function::Gemeentesecretaris, Function::Burgemeester] {
            let holders: Vec<String> = functions.iter().filter(|(_, f)| **f == function).map(|(id, _)| shown(id)).collect::<Vec<_>>();
            if holders.len() > 1 {
                let mut holders = holders;
                holders.sort_unstable();
                problems.push(format!("Er kan maar één {} zijn; nu: {}.", labels.label(function), holders.join(", ")));
            }
        }
        let mut departments = Vec::new();
        for entry in &file.departments {
            match entry.manager.as_deref().map(str::trim).filter(|manager| !manager.is_empty()) {
                None => problems.push(format!("Afdeling '{}' ({}) heeft geen manager.", shown(&entry.id), shown(&entry.name))),
                Some(manager) if !official_ids.contains(manager) => {
                    problems.push(format!("Afdeling '{}' heeft een onbekende manager '{}'.", shown(&entry.id), shown(manager)));
                }
                Some(manager) => {
                    if functions.get(manager) == Some(&Function::Medewerker) {
                        problems.push(format!(
                            "De manager van afdeling '{}' ('{manager}') is {}; kies iemand met functie {} of hoger.",
                            shown(&entry.id),
                            labels.label(Function::Medewerker),
                            labels.label(Function::Afdelingsmanager)
                        ));
                    }
                    departments.push(Department {
                        id: entry.id.trim().to_string(),
                        name: entry.name.trim().to_string(),
                        manager: manager.to_string(),
                    });
                }
            }
        }
        if problems.is_empty() {
            Ok(Self { departments, officials })
        } else {
            Err(problems)
        }
    }

    /// A chart about to replace `stored` (import or a form edit): `validate`, the text rules of
    /// `input_problems` (INT-02: ids and names) and at least one official. The stored chart of
    /// a new installation is empty, which is why `validate` alone allows that.
    pub fn validate_replacement(file: &OrgChartFile, labels: &FunctionLabels, stored: &OrgChartFile) -> Result<Self, Vec<String>> {
        let validated = Self::validate(file, labels);
        let mut problems = input_problems(file, stored);
        if file.officials.is_empty() {
            problems.push(
                "Het nieuwe organogram heeft geen functionarissen; dan kan geen klacht worden toegewezen. Het huidige organogram blijft staan."
                    .into(),
            );
        }
        match validated {
            Ok(chart) if problems.is_empty() => Ok(chart),
            validated => {
                problems.extend(validated.err().unwrap_or_default());
                Err(problems)
            }
        }
    }

    pub fn departments(&self) -> &[Department] {
        &self.departments
    }

    pub fn officials(&self) -> &[Official] {
        &self.officials
    }

    pub fn department(&self, id: &str) -> Option<&Department> {
        self.departments.iter().find(|department| department.id == id)
    }

    pub fn official(&self, id: &str) -> Option<&Official> {
        self.officials.iter().find(|official| official.id == id)
    }

    pub fn holder_of(&self, function: Function) -> Option<&Official> {
        self.officials.iter().find(|official| official.function == function)
    }

    pub fn loco_burgemeester(&self) -> Option<&Official> {
        self.officials.iter().find(|official| official.loco_burgemeester)
    }

    /// The departments this official manages.
    pub fn managed_by<'a>(&'a self, official_id: &'a str) -> impl Iterator<Item = &'a Department> {
        self.departments.iter().filter(move |department| department.manager == official_id)
    }

    /// Officials whose complaints this official handles while they are absent (RT-04).
    pub fn deputised_by<'a>(&'a self, official_id: &'a str) -> impl Iterator<Item = &'a Official> {
        self.officials.iter().filter(move |official| official.absent && official.deputy.as_deref() == Some(official_id))
    }

    /// "afdelingsmanager van Burgerzaken" / "medewerker van Burgerzaken" / "burgemeester":
    /// how the official's position reads in a reason.
    pub fn position(&self, official: &Official, labels: &FunctionLabels) -> String {
        let label = if official.loco_burgemeester { "wethouder en loco-burgemeester" } else { labels.label(official.function) };
        let department = self.managed_by(&official.id).next().or_else(|| official.department.as_deref().and_then(|id| self.department(id)));
        match department {
            Some(department) if official.function <= Function::Afdelingsmanager => format!("{label} van {}", department.name),
            _ => label.to_string(),
        }
    }

    /// Back to the file format, for export and for editing one entry at a time.
    pub fn to_file(&self) -> OrgChartFile {
        OrgChartFile {
            departments: self
                .departments
                .iter()
                .map(|d| DepartmentEntry { id: d.id.clone(), name: d.name.clone(), manager: Some(d.manager.clone()) })
                .collect(),
            officials: self
                .officials
                .iter()
                .map(|o| OfficialEntry {
                    id: o.id.clone(),
                    name: o.name.clone(),
                    function: o.function.code().into(),
                    department: o.department.clone(),
                    deputy: o.deputy.clone(),
                    absent: o.absent,
                    loco_burgemeester: o.loco_burgemeester,
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const DIEMEN_EXAMPLE: &str = r#"{
      "departments": [{"id": "bz", "name": "Burgerzaken", "manager": "m-bz"},
                      {"id": "ro", "name": "Ruimtelijke Ordening", "manager": "m-ro"}],
      "officials": [
        {"id": "m-bz", "name": "Anna de Boer", "function": "afdelingsmanager", "department": "bz", "deputy": "m-ro", "absent": false},
        {"id": "m-ro", "name": "Piet Jansen", "function": "afdelingsmanager", "department": "ro"},
        {"id": "e1", "name": "Jan Smit", "function": "medewerker", "department": "bz"},
        {"id": "gs", "name": "Gea Secretaris", "function": "gemeentesecretaris"},
        {"id": "bm", "name": "Bert Burgemeester", "function": "burgemeester"},
        {"id": "wh1", "name": "Wim Wethouder", "function": "wethouder", "loco_burgemeester": true}
      ]
    }"#;

    fn problems_of(json: &str) -> Vec<String> {
        let file = OrgChartFile::from_json(json).expect("parses");
        OrgChart::validate(&file, &FunctionLabels::default()).err().unwrap_or_default()
    }

    /// The problems of `json` as a replacement of an empty stored chart (a new installation).
    fn replacement_problems(json: &str) -> Vec<String> {
        let file = OrgChartFile::from_json(json).expect("parses");
        OrgChart::validate_replacement(&file, &FunctionLabels::default(), &OrgChartFile::default()).err().unwrap_or_default()
    }

    #[test]
    fn the_example_of_the_readme_is_valid_and_round_trips() {
        // rule RT-01: the chart is data; export gives back an equal chart.
        let file = OrgChartFile::from_json(DIEMEN_EXAMPLE).expect("parses");
        let chart = OrgChart::validate(&file, &FunctionLabels::default()).expect("valid");
        assert_eq!(chart.departments().len(), 2);
        assert_eq!(chart.loco_burgemeester().map(|o| o.id.as_str()), Some("wh1"));
        let again = OrgChartFile::from_json(&chart.to_file().to_json()).expect("re-parses");
        assert_eq!(OrgChart::validate(&again, &FunctionLabels::default()).expect("valid"), chart);
    }

    #[test]
    fn every_problem_of_an_import_is_named() {
        let problems = problems_of(
            r#"{"departments": [{"id": "bz", "name": "Burgerzaken", "manager": "nobody"},
                                {"id": "bz", "name": "Dubbel", "manager": "a"},
                                {"id": "ro", "name": "Ruimte"}],
                "officials": [
                  {"id": "a", "name": "A", "function": "afdelingsmanager", "department": "xx", "deputy": "zz"},
                  {"id": "a", "name": "A2", "function": "medewerker", "department": "bz"},
                  {"id": "w1", "name": "W1", "function": "wethouder", "loco_burgemeester": true},
                  {"id": "w2", "name": "W2", "function": "wethouder", "loco_burgemeester": true},
                  {"id": "k", "name": "K", "function": "koning"}]}"#,
        );
        let expect = [
            "Afdelings-id 'bz' komt meer dan één keer voor",
            "Functionaris-id 'a' komt meer dan één keer voor",
            "onbekende afdeling 'xx'",
            "onbekende vervanger 'zz'",
            "maar één loco-burgemeester",
            "onbekende functie 'koning'",
            "Afdeling 'ro' (Ruimte) heeft geen manager",
            "onbekende manager 'nobody'",
        ];
        for expected in expect {
            assert!(problems.iter().any(|p| p.contains(expected)), "missing '{expected}' in {problems:#?}");
        }
    }

    #[test]
    fn a_parse_error_says_where() {
        let problems = OrgChartFile::from_json("{\"departments\": [}").expect_err("invalid JSON");
        assert!(problems[0].contains("regel 1"), "{problems:?}");
        let unknown_field = OrgChartFile::from_json(r#"{"afdelingen": []}"#).expect_err("unknown field");
        assert!(unknown_field[0].contains("afdelingen"), "{unknown_field:?}");
    }

    #[test]
    fn an_empty_file_or_one_without_a_list_is_refused_not_an_empty_chart() {
        // rule INT-02: `import-org {}` wiped the chart.
        let empty = OrgChartFile::from_json("{}").expect_err("no lists");
        assert_eq!(empty.len(), 2, "{empty:?}");
        assert!(empty[0].contains("\"departments\"") && empty[1].contains("\"officials\""), "{empty:?}");
        let no_officials = OrgChartFile::from_json(r#"{"departments": []}"#).expect_err("no officials list");
        assert_eq!(no_officials.len(), 1);
        assert!(no_officials[0].contains("\"officials\""), "{no_officials:?}");
        assert!(OrgChartFile::from_json(r#"{"officials": [], "departments": null}"#).is_err());
        // Both lists present but no official: a valid stored state (a new installation), yet
        // never a replacement.
        let file = OrgChartFile::from_json(r#"{"departments": [], "officials": []}"#).expect("parses");
        assert!(OrgChart::validate(&file, &FunctionLabels::default()).is_ok());
        let refused = OrgChart::validate_replacement(&file, &FunctionLabels::default(), &file).expect_err("no officials");
        assert!(refused[0].contains("geen functionarissen"), "{refused:?}");
        let example = OrgChartFile::from_json(DIEMEN_EXAMPLE).expect("parses");
        assert!(OrgChart::validate_replacement(&example, &FunctionLabels::default(), &file).is_ok());
    }

    #[test]
    fn a_byte_order_mark_from_notepad_is_read() {
        // rule INT-02: Notepad saves UTF-8 with a BOM.
        let with_bom = format!("\u{FEFF}{DIEMEN_EXAMPLE}");
        let file = OrgChartFile::from_json(&with_bom).expect("a leading BOM is skipped");
        assert_eq!(file, OrgChartFile::from_json(DIEMEN_EXAMPLE).expect("parses"));
    }

    #[test]
    fn json_errors_say_in_dutch_where() {
        // rule INT-02
        let syntax = OrgChartFile::from_json("{\n  \"departments\": [],\n  \"officials\": [,]\n}").expect_err("syntax");
        assert!(syntax[0].contains("geen geldige JSON (regel 3, kolom 17): hier werd een waarde verwacht"), "{syntax:?}");
        assert!(!syntax[0].contains(" at line "), "no English place: {syntax:?}");
        let cut_off = OrgChartFile::from_json("{\"departments\": [").expect_err("eof");
        assert!(cut_off[0].contains("te vroeg op") && cut_off[0].contains("regel 1"), "{cut_off:?}");
        let wrong_type = OrgChartFile::from_json(
            r#"{"departments": [], "officials": [{"id": "a", "name": "A", "function": "wethouder", "absent": "ja"}]}"#,
        )
        .expect_err("absent is a boolean");
        assert!(wrong_type[0].contains("verkeerd soort waarde") && wrong_type[0].contains("regel 1, kolom"), "{wrong_type:?}");
        let missing = OrgChartFile::from_json(r#"{"departments": [{"id": "bz"}], "officials": []}"#).expect_err("no name");
        assert!(missing[0].contains("het veld `name` ontbreekt"), "{missing:?}");
    }

    #[test]
    fn ids_and_names_refuse_line_breaks_bidi_overrides_control_characters_and_excess() {
        // rule INT-02: ids with newlines or RTL overrides and 100 KB ids were accepted.
        let huge = "x".repeat(100 * 1024);
        for bad_id in ["e1\n", "e\n1", "e1\u{202E}", "\u{2066}e1", "e 1", " e1", "", &huge] {
            let json = serde_json::json!({
                "departments": [{"id": "bz", "name": "Burgerzaken", "manager": "m-bz"}],
                "officials": [{"id": "m-bz", "name": "Anna", "function": "afdelingsmanager", "department": "bz"},
                              {"id": bad_id, "name": "Jan", "function": "medewerker", "department": "bz"}]
            });
            let problems = replacement_problems(&json.to_string());
            assert!(problems.iter().any(|p| p.contains("geen geldig id") || p.contains("geen id")), "{bad_id:?}: {problems:#?}");
            assert!(problems.iter().all(|p| p.len() < 500 && !p.contains('\n') && !p.contains('\u{202E}')), "{problems:#?}");
        }
        let bad_department = replacement_problems(
            r#"{"departments": [{"id": "b\nz", "name": "Burgerzaken", "manager": "m"}],
                "officials": [{"id": "m", "name": "M", "function": "afdelingsmanager"}]}"#,
        );
        assert!(bad_department.iter().any(|p| p.starts_with("Afdeling 'Burgerzaken' heeft geen geldig id")), "{bad_department:#?}");
        for bad_name in ["Jan\u{0000}", "\u{1b}[31mJan", "Jan\nSmit", "Jan \u{202E}timS", &"n".repeat(MAX_NAME_CHARS + 1)] {
            let json = serde_json::json!({
                "departments": [{"id": "bz", "name": bad_name, "manager": "m-bz"}],
                "officials": [{"id": "m-bz", "name": bad_name, "function": "afdelingsmanager", "department": "bz"}]
            });
            let problems = replacement_problems(&json.to_string());
            assert_eq!(problems.len(), 2, "{bad_name:?}: {problems:#?}");
            assert!(problems[0].starts_with("De naam van afdeling 'bz' klopt niet"), "{problems:#?}");
            assert!(problems[1].starts_with("De naam van functionaris 'm-bz' klopt niet"), "{problems:#?}");
        }
        let longest = "n".repeat(MAX_NAME_CHARS);
        let json = serde_json::json!({"departments": [], "officials": [{"id": "bm", "name": longest, "function": "burgemeester"}]});
        assert_eq!(replacement_problems(&json.to_string()), Vec::<String>::new());
    }

    #[test]
    fn ids_stored_by_an_older_version_are_kept_but_new_ones_follow_the_rule() {
        // rule INT-02, without breaking a chart that complaints already refer to.
        let stored = OrgChartFile::from_json(
            r#"{"departments": [{"id": "burgerzaken en dienstverlening aan inwoners", "name": "Burgerzaken", "manager": "Anna de Boer"}],
                "officials": [{"id": "Anna de Boer", "name": "Anna de Boer", "function": "afdelingsmanager",
                               "department": "burgerzaken en dienstverlening aan inwoners"}]}"#,
        )
        .expect("parses");
        let labels = FunctionLabels::default();
        assert!(OrgChart::validate(&stored, &labels).is_ok(), "the stored chart still opens");
        assert!(OrgChart::validate_replacement(&stored, &labels, &stored).is_ok(), "and can be saved again unchanged");
        let mut with_new = stored.clone();
        with_new.officials.push(OfficialEntry {
            id: "Jan Smit".into(),
            name: "Jan Smit".into(),
            function: "medewerker".into(),
            department: Some("burgerzaken en dienstverlening aan inwoners".into()),
            deputy: None,
            absent: false,
            loco_burgemeester: false,
        });
        let problems = OrgChart::validate_replacement(&with_new, &labels, &stored).expect_err("a new id follows the rule");
        assert_eq!(problems.len(), 1, "{problems:#?}");
        assert!(problems[0].contains("'Jan Smit' is ongeldig"), "{problems:#?}");
    }

    #[test]
    fn configured_function_names_are_accepted_in_an_import() {
        // rule RT-01: Diemen calls the afdelingsmanager "teamleider".
        let labels =
            FunctionLabels { afdelingsmanager: "teamleider".into(), gemeentesecretaris: "directeur".into(), ..FunctionLabels::default() };
        let file = OrgChartFile::from_json(
            r#"{"departments": [{"id": "bz", "name": "Burgerzaken", "manager": "t"}],
                "officials": [{"id": "t", "name": "T", "function": "Teamleider", "department": "bz"},
                              {"id": "d", "name": "D", "function": "directeur"}]}"#,
        )
        .expect("parses");
        let chart = OrgChart::validate(&file, &labels).expect("valid");
        assert_eq!(chart.official("t").map(|o| o.function), Some(Function::Afdelingsmanager));
        assert_eq!(chart.position(chart.official("t").expect("t"), &labels), "teamleider van Burgerzaken");
    }

    #[test]
    fn a_manager_must_outrank_a_medewerker_and_a_medewerker_needs_a_department() {
        let problems = problems_of(
            r#"{"departments": [{"id": "bz", "name": "Burgerzaken", "manager": "e"}],
                "officials": [{"id": "e", "name": "E", "function": "medewerker", "department": "bz"},
                              {"id": "f", "name": "F", "function": "medewerker"}]}"#,
        );
        assert_eq!(problems.len(), 2, "{problems:#?}");
    }
}
