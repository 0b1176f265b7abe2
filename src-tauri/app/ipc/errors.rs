//! The error every command returns: a kind the window acts on, a Dutch message, and the
//! fields it concerns.

use super::*;

/// The code of a step as the window sends it back: its serde name (snake_case).
pub fn step_code(step: Step) -> String {
    serde_json::to_value(step).ok().and_then(|value| value.as_str().map(str::to_string)).unwrap_or_default()
}

/// Every command's error: the UI branches on `kind` and shows `message` (and `fields` next
/// to the form fields for kind `validation`).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(TS))]
pub struct CommandError {
    pub kind: String,
    pub message: String,
    pub fields: Vec<FieldProblem>,
}

/// A letter kind and to whom it can go, with whether this complaint's file has what it needs.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct LetterKindOption {
    pub kind: String,
    pub label: String,
    /// (code, label) of each possible recipient.
    pub recipients: Vec<Choice>,
    pub needs_four_eyes: bool,
}

impl CommandError {
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        Self { kind: kind.into(), message: message.into(), fields: vec![] }
    }
}

impl From<ServiceError> for CommandError {
    fn from(error: ServiceError) -> Self {
        // Store and file errors in detail in the log file; never what the user typed.
        if matches!(error, ServiceError::Store(_) | ServiceError::Io(_) | ServiceError::Key(_) | ServiceError::Letter(_)) {
            tracing::error!(kind = error.kind(), detail = ?error, "fout");
        }
        let fields = match &error {
            ServiceError::Validation(problems) => {
                problems.iter().map(|problem| FieldProblem { field: problem.field.clone(), message: problem.message.clone() }).collect()
            }
            // Each problem of a refused organisation chart, so the screen can list them.
            ServiceError::InvalidChart(problems) => {
                problems.iter().map(|problem| FieldProblem { field: "chart".into(), message: problem.clone() }).collect()
            }
            // LT-01: each missing element, so the screen can list them.
            ServiceError::IncompleteLetter { missing, .. } => {
                missing.iter().map(|element| FieldProblem { field: "letter".into(), message: element.clone() }).collect()
            }
            // Every problem of a refused import file, "record N, veld F: reden".
            ServiceError::ImportRefused(problems) => {
                problems.iter().map(|problem| FieldProblem { field: problem.field.clone(), message: problem.to_string() }).collect()
            }
            ServiceError::InvalidTemplate(problems) => {
                problems.iter().map(|problem| FieldProblem { field: "template".into(), message: problem.clone() }).collect()
            }
            _ => vec![],
        };
        let (kind, fields) = match shared_kind_and_field(&error) {
            // The shared database's connection problems carry the connection field they are
            // about, so the first-start form can show them next to it.
            Some((kind, field)) => (kind, vec![FieldProblem { field: field.into(), message: error.to_string() }]),
            None => (error.kind(), fields),
        };
        Self { kind: kind.into(), message: error.to_string(), fields }
    }
}

/// The kinds of the shared database's connection problems (the window branches on
/// them) and the connection field each is about.
pub(super) fn shared_kind_and_field(error: &ServiceError) -> Option<(&'static str, &'static str)> {
    use klachtbalie_core::store::StoreError;
    let ServiceError::Store(store) = error else { return None };
    Some(match store {
        StoreError::SharedUnreachable(_) => ("shared_unreachable", "db_host"),
        StoreError::SharedTls(_) => ("shared_tls", "db_ca_file"),
        StoreError::SharedLogin(_) => ("shared_login", "db_password"),
        StoreError::SharedLocation(_) => ("shared_location", "db_name"),
        StoreError::SharedForbidden(_) => ("shared_forbidden", "db_user"),
        StoreError::SharedNotSetUp => ("shared_not_set_up", "shared_action"),
        _ => return None,
    })
}
