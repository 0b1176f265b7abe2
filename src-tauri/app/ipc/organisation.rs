//! IPC types of the Beheerder's screens: the organisation chart, users and roles, the audit log.

use super::*;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct OrgDepartmentView {
    pub id: String,
    pub name: String,
    pub manager_id: String,
    pub manager_name: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct OfficialView {
    pub id: String,
    pub name: String,
    pub function: String,
    pub function_label: String,
    /// "afdelingsmanager van Burgerzaken": the position as it reads in reasons and letters.
    pub position: String,
    pub department_id: Option<String>,
    pub deputy_id: Option<String>,
    pub deputy_name: Option<String>,
    pub absent: bool,
    pub loco_burgemeester: bool,
}

/// The organisation chart for the intake form and the Organisatie screen.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct OrganisationView {
    pub departments: Vec<OrgDepartmentView>,
    pub officials: Vec<OfficialView>,
    pub functions: Vec<FunctionOption>,
}

impl OrganisationView {
    pub fn new(chart: &OrgChart, labels: &FunctionLabels) -> Self {
        let name_of = |id: &str| chart.official(id).map(|official| official.name.clone());
        Self {
            departments: chart
                .departments()
                .iter()
                .map(|department| OrgDepartmentView {
                    id: department.id.clone(),
                    name: department.name.clone(),
                    manager_id: department.manager.clone(),
                    manager_name: name_of(&department.manager).unwrap_or_default(),
                })
                .collect(),
            officials: chart
                .officials()
                .iter()
                .map(|official| OfficialView {
                    id: official.id.clone(),
                    name: official.name.clone(),
                    function: official.function.code().into(),
                    function_label: labels.label(official.function).into(),
                    position: chart.position(official, labels),
                    department_id: official.department.clone(),
                    deputy_id: official.deputy.clone(),
                    deputy_name: official.deputy.as_deref().and_then(name_of),
                    absent: official.absent,
                    loco_burgemeester: official.loco_burgemeester,
                })
                .collect(),
            functions: Function::ALL
                .iter()
                .map(|function| FunctionOption { code: function.code().into(), label: labels.label(*function).into() })
                .collect(),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct DepartmentSaveRequest {
    pub id: String,
    pub name: String,
    pub manager_id: String,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct OfficialSaveRequest {
    pub id: String,
    pub name: String,
    pub function: String,
    pub department_id: String,
    pub deputy_id: String,
    pub absent: bool,
    pub loco_burgemeester: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ImportResult {
    pub departments: u32,
    pub officials: u32,
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
    pub respondent_ids: Vec<String>,
    pub conduct_date: String,
    pub description: String,
    pub desired_outcome: String,
}

impl From<UserSummary> for UserAccountView {
    fn from(user: UserSummary) -> Self {
        Self {
            id: u32::try_from(user.id).unwrap_or_default(),
            username: user.username,
            display_name: user.display_name,
            job_title: user.job_title,
            roles: user.roles.iter().map(|role| role.code().to_string()).collect(),
            role_labels: user.roles.iter().map(|role| role.dutch_label().to_string()).collect(),
            official_id: user.official_id,
            active: user.active,
            must_change_password: user.must_change_password,
        }
    }
}

/// A role that can be given to an account: its code and Dutch name.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct RoleOption {
    pub code: String,
    pub label: String,
}

pub fn role_options() -> Vec<RoleOption> {
    Role::ALL.iter().map(|role| RoleOption { code: role.code().into(), label: role.dutch_label().into() }).collect()
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct UserSaveRequest {
    /// Absent for a new account.
    pub id: Option<u32>,
    pub username: String,
    pub display_name: String,
    pub job_title: String,
    pub official_id: String,
    pub roles: Vec<String>,
    pub active: bool,
    /// The first password of a new account (ignored when changing one).
    pub password: String,
}

impl From<UserSaveRequest> for service::UserForm {
    fn from(request: UserSaveRequest) -> Self {
        Self {
            username: request.username,
            display_name: request.display_name,
            job_title: request.job_title,
            official_id: request.official_id,
            roles: request.roles,
            active: request.active,
            password: request.password,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct PasswordChangeRequest {
    pub current_password: String,
    pub new_password: String,
    pub new_password_repeat: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct AuditEntryView {
    pub sequence: u32,
    pub at: String,
    pub actor: String,
    pub workstation: String,
    pub action: String,
    pub object: String,
    pub result: String,
}

impl From<AuditEntry> for AuditEntryView {
    fn from(entry: AuditEntry) -> Self {
        Self {
            sequence: u32::try_from(entry.sequence).unwrap_or_default(),
            at: display_time(&entry.at),
            actor: entry.actor,
            workstation: entry.workstation,
            action: entry.action,
            object: entry.object,
            result: entry.result,
        }
    }
}

/// SEC-07: one write as the shared server recorded it (names and keys, never a value).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ServerChangeView {
    pub at: String,
    /// The database login that made it.
    pub login: String,
    pub client: String,
    pub table: String,
    /// "toegevoegd", "gewijzigd", "verwijderd" or "geleegd".
    pub operation: String,
    pub row: String,
    pub complaint: String,
    /// The columns an update changed, comma-separated.
    pub columns: String,
}

impl From<ServerChange> for ServerChangeView {
    fn from(change: ServerChange) -> Self {
        Self {
            at: display_time(&change.at),
            operation: change.operation_label().to_string(),
            login: change.login,
            client: change.client,
            table: change.table,
            row: change.row_key,
            complaint: change.complaint.unwrap_or_default(),
            columns: change.columns.join(", "),
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct AuditLogView {
    pub entries: Vec<AuditEntryView>,
    /// Whether the whole chain verified (SEC-02).
    pub intact: bool,
    pub summary: String,
}

/// The Beheerder's filter: user name and a period (dd-mm-jjjj or jjjj-mm-dd), each optional.
#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct AuditFilterRequest {
    pub actor: String,
    pub from: String,
    pub until: String,
}

impl AuditFilterRequest {
    pub fn parse(&self) -> Result<klachtbalie_core::store::AuditFilter, CommandError> {
        use klachtbalie_core::domain::form::parse_dutch_or_iso_date;
        let mut fields = Vec::new();
        let mut date = |name: &str, text: &str| {
            if text.trim().is_empty() {
                return None;
            }
            let parsed = parse_dutch_or_iso_date(text);
            if parsed.is_none() {
                fields.push(FieldProblem { field: name.into(), message: "Dit is geen geldige datum. Gebruik dd-mm-jjjj.".into() });
            }
            parsed
        };
        let from = date("from", &self.from);
        let until = date("until", &self.until);
        if !fields.is_empty() {
            return Err(CommandError { kind: "validation".into(), message: "Niet alle velden zijn goed ingevuld.".into(), fields });
        }
        Ok(klachtbalie_core::store::AuditFilter {
            actor: Some(self.actor.trim().to_string()).filter(|actor| !actor.is_empty()),
            object: None,
            from,
            until,
        })
    }
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(TS))]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}
