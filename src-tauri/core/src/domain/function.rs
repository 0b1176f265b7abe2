//! The positions the klachtregeling routes on (RT-01, RT-03) and what this municipality calls
//! each of them: the routing knows five functions, the screens and letters say the names the
//! Beheerder set.

use super::code::coded;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

coded! {
    /// The positions the klachtregeling routes on. What the municipality calls them is a
    /// setting (`FunctionLabels`): Diemen says teamleider and directeur.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Function {
        Medewerker = "medewerker",
        Afdelingsmanager = "afdelingsmanager",
        Gemeentesecretaris = "gemeentesecretaris",
        Wethouder = "wethouder",
        Burgemeester = "burgemeester",
    }
}

impl Function {
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
    /// The labels as stored in the `function_labels` setting (JSON); the defaults when the
    /// setting is missing or unreadable.
    pub fn from_setting(stored: Option<&str>) -> Self {
        stored.and_then(|text| serde_json::from_str(text).ok()).unwrap_or_default()
    }

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_labels_from_the_stored_setting() {
        let labels = FunctionLabels { afdelingsmanager: "teamleider".into(), ..FunctionLabels::default() };
        let stored = serde_json::to_string(&labels).expect("json");
        assert_eq!(FunctionLabels::from_setting(Some(&stored)), labels);
        assert_eq!(FunctionLabels::from_setting(None), FunctionLabels::default());
        assert_eq!(FunctionLabels::from_setting(Some("kapot")), FunctionLabels::default());
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
