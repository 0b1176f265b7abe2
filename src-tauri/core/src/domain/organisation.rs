//! The organisation chart (RT-01): departments, officials, their functions, deputies and
//! absence, as the Beheerder maintains it. The JSON import/export format is defined here and
//! a chart is only ever built through whole-chart validation.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

/// The positions the klachtregeling routes on. What the municipality calls them is a
/// setting (`FunctionLabels`): Diemen says teamleider and directeur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    Medewerker,
    Afdelingsmanager,
    Gemeentesecretaris,
    Wethouder,
    Burgemeester,
}

impl Function {
    pub const ALL: [Function; 5] =
        [Self::Medewerker, Self::Afdelingsmanager, Self::Gemeentesecretaris, Self::Wethouder, Self::Burgemeester];

    /// The code used in the import file and the database.
    pub fn code(self) -> &'static str {
        match self {
            Self::Medewerker => "medewerker",
            Self::Afdelingsmanager => "afdelingsmanager",
            Self::Gemeentesecretaris => "gemeentesecretaris",
            Self::Wethouder => "wethouder",
            Self::Burgemeester => "burgemeester",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|function| function.code() == code)
    }

    /// RT-03: the order used to find "the highest-ranking" of several respondents.
    pub fn rank(self) -> u8 {
        match self {
            Self::Medewerker => 1,
            Self::Afdelingsmanager => 2,
            Self::Gemeentesecretaris => 3,
            Self::Wethouder => 4,
            Self::Burgemeester => 5,
        }
    }
}

/// The names shown for each function in the UI and the letters (RT-01: configurable).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FunctionLabels {
    pub medewerker: String,
    pub afdelingsmanager: String,
    pub gemeentesecretaris: String,
    pub wethouder: String,
    pub burgemeester: String,
}

impl Default for FunctionLabels {
    fn default() -> Self {
        Self {
            medewerker: "medewerker".into(),
            afdelingsmanager: "afdelingsmanager".into(),
            gemeentesecretaris: "gemeentesecretaris".into(),
            wethouder: "wethouder".into(),
            burgemeester: "burgemeester".into(),
        }
    }
}

impl FunctionLabels {
    pub fn label(&self, function: Function) -> &str {
        match function {
            Function::Medewerker => &self.medewerker,
            Function::Afdelingsmanager => &self.afdelingsmanager,
            Function::Gemeentesecretaris => &self.gemeentesecretaris,
            Function::Wethouder => &self.wethouder,
            Function::Burgemeester => &self.burgemeester,
        }
    }

    /// Reads a function as written in an import file: the code or this municipality's name
    /// for it, in any letter case ("teamleider" when that is the configured name).
    pub fn parse(&self, text: &str) -> Option<Function> {
        let wanted = text.trim().to_lowercase();
        Function::ALL.into_iter().find(|function| function.code() == wanted || self.label(*function).trim().to_lowercase() == wanted)
    }

    /// Every label filled in and no two functions with the same name.
    pub fn problems(&self) -> Vec<(Function, String)> {
        let mut problems = Vec::new();
        let mut seen = HashMap::new();
        for function in Function::ALL {
            let label = self.label(function).trim().to_lowercase();
            let code_of_another = Function::ALL.into_iter().find(|other| *other != function && other.code() == label);
            if label.is_empty() {
                problems.push((function, "Vul een naam in voor deze functie.".into()));
            } else if let Some(other) = code_of_another {
                // An import names functions by code or label; this would make them ambiguous.
                problems.push((function, format!("'{label}' is de vaste naam van de functie {}; kies een andere.", other.code())));
            } else if let Some(other) = seen.insert(label, function) {
                problems.push((function, format!("Deze naam is al gebruikt voor {}.", other.code())));
            }
        }
        problems
    }
}

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

/// The import/export file (README: "Organogram importeren").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgChartFile {
    #[serde(default)]
    pub departments: Vec<DepartmentEntry>,
    #[serde(default)]
    pub officials: Vec<OfficialEntry>,
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

impl OrgChartFile {
    /// Parses the JSON text of an import file; the message says where it went wrong.
    pub fn from_json(text: &str) -> Result<Self, Vec<String>> {
        if text.len() > MAX_IMPORT_BYTES {
            return Err(vec![format!("Het bestand is te groot ({} bytes, maximaal {MAX_IMPORT_BYTES}).", text.len())]);
        }
        serde_json::from_str(text).map_err(|error| {
            vec![format!(
                "Het bestand is geen geldig organogram (regel {}, kolom {}): {}. Zie de README voor het formaat.",
                error.line(),
                error.column(),
                error
            )]
        })
    }

    pub fn to_json(&self) -> String {
        // Serialising plain strings and booleans cannot fail.
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}

impl OrgChart {
    /// Checks the whole chart and names every problem; nothing partial is ever accepted.
    pub fn validate(file: &OrgChartFile, labels: &FunctionLabels) -> Result<Self, Vec<String>> {
        let mut problems = Vec::new();
        let mut department_ids = HashSet::new();
        for department in &file.departments {
            if department.id.trim().is_empty() {
                problems.push(format!("Afdeling '{}' heeft geen id.", department.name));
            } else if !department_ids.insert(department.id.as_str()) {
                problems.push(format!("Afdelings-id '{}' komt meer dan één keer voor.", department.id));
            }
            if department.name.trim().is_empty() {
                problems.push(format!("Afdeling '{}' heeft geen naam.", department.id));
            }
        }
        let mut official_ids = HashSet::new();
        for official in &file.officials {
            if official.id.trim().is_empty() {
                problems.push(format!("Functionaris '{}' heeft geen id.", official.name));
            } else if !official_ids.insert(official.id.as_str()) {
                problems.push(format!("Functionaris-id '{}' komt meer dan één keer voor.", official.id));
            }
            if official.name.trim().is_empty() {
                problems.push(format!("Functionaris '{}' heeft geen naam.", official.id));
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
                problems
                    .push(format!("Functionaris '{}' heeft een onbekende functie '{}'. Mogelijk: {allowed}.", entry.id, entry.function));
            }
            if let Some(department) = &entry.department {
                if !department_ids.contains(department.as_str()) {
                    problems.push(format!("Functionaris '{}' verwijst naar onbekende afdeling '{department}'.", entry.id));
                }
            } else if function == Some(Function::Medewerker) {
                problems.push(format!(
                    "Functionaris '{}' is {} maar hoort bij geen afdeling; klachten over hem of haar kunnen dan niet worden toegewezen.",
                    entry.id,
                    labels.label(Function::Medewerker)
                ));
            }
            if let Some(deputy) = &entry.deputy {
                if deputy == &entry.id {
                    problems.push(format!("Functionaris '{}' kan niet zijn of haar eigen vervanger zijn.", entry.id));
                } else if !official_ids.contains(deputy.as_str()) {
                    problems.push(format!("Functionaris '{}' heeft een onbekende vervanger '{deputy}'.", entry.id));
                }
            }
            if entry.loco_burgemeester && function.is_some() && function != Some(Function::Wethouder) {
                problems.push(format!("Functionaris '{}' is loco-burgemeester maar geen {}.", entry.id, labels.label(Function::Wethouder)));
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
        let locos: Vec<&str> = file.officials.iter().filter(|o| o.loco_burgemeester).map(|o| o.id.as_str()).collect();
        if locos.len() > 1 {
            problems.push(format!("Er kan maar één loco-burgemeester zijn; nu zijn het er {}: {}.", locos.len(), locos.join(", ")));
        }
        for function in [Function::Gemeentesecretaris, Function::Burgemeester] {
            let holders: Vec<&str> = functions.iter().filter(|(_, f)| **f == function).map(|(id, _)| *id).collect::<Vec<_>>();
            if holders.len() > 1 {
                let mut holders = holders;
                holders.sort_unstable();
                problems.push(format!("Er kan maar één {} zijn; nu: {}.", labels.label(function), holders.join(", ")));
            }
        }
        let mut departments = Vec::new();
        for entry in &file.departments {
            match entry.manager.as_deref().map(str::trim).filter(|manager| !manager.is_empty()) {
                None => problems.push(format!("Afdeling '{}' ({}) heeft geen manager.", entry.id, entry.name)),
                Some(manager) if !official_ids.contains(manager) => {
                    problems.push(format!("Afdeling '{}' heeft een onbekende manager '{manager}'.", entry.id));
                }
                Some(manager) => {
                    if functions.get(manager) == Some(&Function::Medewerker) {
                        problems.push(format!(
                            "De manager van afdeling '{}' ('{manager}') is {}; kies iemand met functie {} of hoger.",
                            entry.id,
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

    #[test]
    fn duplicate_function_labels_are_refused() {
        let labels = FunctionLabels { wethouder: "Burgemeester".into(), ..FunctionLabels::default() };
        assert_eq!(labels.problems().len(), 1);
        let swapped = FunctionLabels { afdelingsmanager: "medewerker".into(), medewerker: "collega".into(), ..FunctionLabels::default() };
        assert_eq!(swapped.problems().len(), 1, "a label may not be another function's code");
        assert!(FunctionLabels::default().problems().is_empty());
    }
}
