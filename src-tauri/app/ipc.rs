//! The IPC types: what crosses between the window and Rust. They are not the domain types
//! (ARCHITECTURE.md, invariant 2); their TypeScript twins in ui/src/generated/ipc.ts are
//! generated from these definitions by the `typescript_bindings_are_current` test.

use klachtbalie_core::domain::dutch_date::{long_date, long_date_with_weekday, short_date};
use klachtbalie_core::service::{self, ServiceError, WorklistItem};
use serde::{Deserialize, Serialize};

#[cfg(test)]
use ts_rs::TS;

/// Where the app is in its life cycle; the UI shows the matching screen.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Setup,
    Recovery,
    Login,
    Ready,
    /// The database cannot be opened for a reason a key will not fix (see `reason`).
    Unavailable,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct AppStatus {
    pub phase: Phase,
    /// Why the recovery key is needed (phase `recovery`) or why the database cannot be
    /// opened (phase `unavailable`), in Dutch.
    pub reason: Option<String>,
    pub municipality_name: Option<String>,
    pub user: Option<UserView>,
    /// The user name of a locked session, so the lock screen can offer to resume it.
    pub locked_username: Option<String>,
    pub lock_minutes: u32,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct UserView {
    pub username: String,
    pub display_name: String,
    pub job_title: String,
    pub roles: Vec<String>,
    pub role_labels: Vec<String>,
    /// Set while the first account has not yet confirmed that the recovery key was saved.
    pub pending_recovery_key: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
pub struct SetupRequest {
    pub municipality_name: String,
    pub postal_address: String,
    pub visiting_address: String,
    pub phone: String,
    pub website: String,
    pub admin_username: String,
    pub admin_display_name: String,
    pub admin_job_title: String,
    pub admin_password: String,
    pub admin_password_repeat: String,
}

impl From<SetupRequest> for service::SetupForm {
    fn from(request: SetupRequest) -> Self {
        Self {
            municipality_name: request.municipality_name,
            postal_address: request.postal_address,
            visiting_address: request.visiting_address,
            phone: request.phone,
            website: request.website,
            admin_username: request.admin_username,
            admin_display_name: request.admin_display_name,
            admin_job_title: request.admin_job_title,
            admin_password: request.admin_password,
            admin_password_repeat: request.admin_password_repeat,
        }
    }
}

impl From<service::SetupForm> for SetupRequest {
    fn from(form: service::SetupForm) -> Self {
        Self {
            municipality_name: form.municipality_name,
            postal_address: form.postal_address,
            visiting_address: form.visiting_address,
            phone: form.phone,
            website: form.website,
            admin_username: form.admin_username,
            admin_display_name: form.admin_display_name,
            admin_job_title: form.admin_job_title,
            admin_password: String::new(),
            admin_password_repeat: String::new(),
        }
    }
}

/// The Beheerder's settings; the same shape goes both ways.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct SettingsData {
    pub municipality_name: String,
    pub postal_address: String,
    pub visiting_address: String,
    pub phone: String,
    pub website: String,
    /// Minutes without input before the app locks (SEC-03).
    pub lock_minutes: String,
    /// Extra holidays by royal decree, one dd-mm-jjjj date per line (DL-04).
    pub extra_holidays: String,
}

impl From<SettingsData> for service::SettingsForm {
    fn from(data: SettingsData) -> Self {
        Self {
            municipality_name: data.municipality_name,
            postal_address: data.postal_address,
            visiting_address: data.visiting_address,
            phone: data.phone,
            website: data.website,
            lock_minutes: data.lock_minutes,
            extra_holidays: data.extra_holidays,
        }
    }
}

impl From<service::Settings> for SettingsData {
    fn from(settings: service::Settings) -> Self {
        Self {
            municipality_name: settings.municipality.name,
            postal_address: settings.municipality.postal_address,
            visiting_address: settings.municipality.visiting_address,
            phone: settings.municipality.phone,
            website: settings.municipality.website,
            lock_minutes: settings.lock_minutes.to_string(),
            extra_holidays: settings.calendar.extra_holidays().map(|date| short_date(*date)).collect::<Vec<_>>().join("\n"),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct SetupResponse {
    pub recovery_key: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct SavedFile {
    pub path: String,
    /// False when no PDF viewer could be started; the UI then shows the path.
    pub opened: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct DepartmentView {
    pub id: u32,
    pub name: String,
    pub manager_name: String,
    pub manager_function: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct DepartmentRequest {
    /// Absent for a new department.
    pub id: Option<u32>,
    pub name: String,
    pub manager_name: String,
    pub manager_function: String,
}

/// The intake form as typed; every field a string so nothing is lost on a validation error.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct ComplaintRequest {
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
    pub department_id: String,
    pub respondent_name: String,
    pub conduct_date: String,
    pub description: String,
    pub desired_outcome: String,
}

impl From<ComplaintRequest> for klachtbalie_core::domain::complaint::ComplaintForm {
    fn from(r: ComplaintRequest) -> Self {
        Self {
            received_on: r.received_on,
            channel: r.channel,
            complainant_name: r.complainant_name,
            street_address: r.street_address,
            postcode: r.postcode,
            city: r.city,
            phone: r.phone,
            email: r.email,
            representative: r.representative,
            complaint_type: r.complaint_type,
            department_id: r.department_id,
            respondent_name: r.respondent_name,
            conduct_date: r.conduct_date,
            description: r.description,
            desired_outcome: r.desired_outcome,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct DeadlineView {
    pub label: String,
    /// ISO date, for sorting and tests.
    pub date: String,
    /// Written out in Dutch, e.g. "maandag 4 januari 2027".
    pub date_text: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct RegisteredView {
    pub reference: String,
    pub handler_name: String,
    pub handler_reason: String,
    pub needs_acknowledgement: bool,
    pub deadlines: Vec<DeadlineView>,
}

impl From<service::RegisteredComplaint> for RegisteredView {
    fn from(registered: service::RegisteredComplaint) -> Self {
        let d = registered.deadlines;
        let mut deadlines = vec![];
        if registered.needs_acknowledgement {
            deadlines.push(deadline("Ontvangstbevestiging (interne norm)", d.acknowledgement_due));
        }
        deadlines.push(deadline("Eerste contact met de klager (interne norm)", d.first_contact_due));
        deadlines.push(deadline("Beslissing op de klacht (Awb 9:11)", d.decision_due));
        Self {
            reference: registered.reference,
            handler_name: format!("{}, {}", registered.handler_name, registered.handler_function),
            handler_reason: registered.handler_reason,
            needs_acknowledgement: registered.needs_acknowledgement,
            deadlines,
        }
    }
}

fn deadline(label: &str, date: chrono::NaiveDate) -> DeadlineView {
    DeadlineView { label: label.into(), date: date.to_string(), date_text: long_date_with_weekday(date) }
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum Light {
    OnTrack,
    DueSoon,
    Overdue,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct WorklistRow {
    pub reference: String,
    pub complainant_name: String,
    pub subject: String,
    pub department_name: String,
    pub handler_name: String,
    pub status: String,
    pub received_on: String,
    pub decision_due: String,
    pub decision_due_text: String,
    pub next_deadline: String,
    pub next_deadline_text: String,
    pub next_deadline_label: String,
    pub light: Light,
    pub light_label: String,
    pub needs_acknowledgement: bool,
}

impl From<WorklistItem> for WorklistRow {
    fn from(item: WorklistItem) -> Self {
        use klachtbalie_core::domain::deadlines::DeadlineStatus;
        Self {
            reference: item.reference,
            complainant_name: item.complainant_name,
            subject: item.subject,
            department_name: item.department_name,
            handler_name: item.handler_name,
            status: item.status.replace('_', " "),
            received_on: short_date(item.received_on),
            decision_due: item.decision_due.to_string(),
            decision_due_text: long_date(item.decision_due),
            next_deadline: item.next_deadline.to_string(),
            next_deadline_text: long_date(item.next_deadline),
            next_deadline_label: item.next_deadline_label,
            light: match item.light {
                DeadlineStatus::OnTrack => Light::OnTrack,
                DeadlineStatus::DueSoon => Light::DueSoon,
                DeadlineStatus::Overdue => Light::Overdue,
            },
            light_label: item.light.dutch_label().into(),
            needs_acknowledgement: item.needs_acknowledgement,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct LetterView {
    pub reference: String,
    pub path: String,
    pub sha256: String,
    pub opened: bool,
    pub newly_created: bool,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(TS))]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
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

impl CommandError {
    pub fn new(kind: &str, message: impl Into<String>) -> Self {
        Self { kind: kind.into(), message: message.into(), fields: vec![] }
    }
}

impl From<ServiceError> for CommandError {
    fn from(error: ServiceError) -> Self {
        let fields = match &error {
            ServiceError::Validation(problems) => problems
                .iter()
                .map(|problem| FieldProblem { field: problem.field.clone(), message: problem.message.clone() })
                .collect(),
            _ => vec![],
        };
        Self { kind: error.kind().into(), message: error.to_string(), fields }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every IPC type, in the order it is written to ui/src/generated/ipc.ts.
    fn bindings() -> String {
        let cfg = ts_rs::Config::new();
        let declarations = [
            Phase::decl(&cfg),
            AppStatus::decl(&cfg),
            UserView::decl(&cfg),
            SetupRequest::decl(&cfg),
            SettingsData::decl(&cfg),
            SetupResponse::decl(&cfg),
            SavedFile::decl(&cfg),
            DepartmentView::decl(&cfg),
            DepartmentRequest::decl(&cfg),
            ComplaintRequest::decl(&cfg),
            DeadlineView::decl(&cfg),
            RegisteredView::decl(&cfg),
            Light::decl(&cfg),
            WorklistRow::decl(&cfg),
            LetterView::decl(&cfg),
            FieldProblem::decl(&cfg),
            CommandError::decl(&cfg),
        ];
        let mut text = String::from(
            "// Generated from src-tauri/app/ipc.rs by the `typescript_bindings_are_current` test.\n\
             // Do not edit: run `UPDATE_TS_BINDINGS=1 cargo test --lib typescript_bindings` instead.\n\n",
        );
        for declaration in declarations {
            text.push_str("export ");
            text.push_str(&declaration);
            text.push_str("\n\n");
        }
        text
    }

    #[test]
    fn typescript_bindings_are_current() {
        // Invariant 2: the TS types are generated from Rust, never written twice by hand.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/generated/ipc.ts");
        let expected = bindings();
        if std::env::var_os("UPDATE_TS_BINDINGS").is_some() {
            std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
            std::fs::write(&path, &expected).expect("write bindings");
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == expected,
            "ui/src/generated/ipc.ts is out of date: run `UPDATE_TS_BINDINGS=1 cargo test --lib typescript_bindings`"
        );
    }
}
