//! The IPC types: what crosses between the window and Rust. They are not the domain types
//! (ARCHITECTURE.md, invariant 2); their TypeScript twins in ui/src/generated/ipc.ts are
//! generated from these definitions by the `typescript_bindings_are_current` test.

use klachtbalie_core::audit::AuditEntry;
use klachtbalie_core::domain::deadlines::ComplaintDeadlines;
use klachtbalie_core::domain::dutch_date::{long_date, long_date_with_weekday, short_date};
use klachtbalie_core::domain::organisation::{Function, FunctionLabels, OrgChart};
use klachtbalie_core::domain::procedure::{HearingSkipReason, Judgement, NonHandlingGround, Status, Step};
use klachtbalie_core::domain::recipient::RecipientKind;
use klachtbalie_core::letters::{LetterKind, Recipient};
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::{self, ComplaintDetail, ServiceError, UserSummary, WorklistItem};
use klachtbalie_core::store::{LetterDraftRecord, LetterSummary};
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
    /// Issue 11: the shared database did not answer, or refused the connection, at start
    /// (see `reason`); the window offers "Opnieuw proberen".
    Unreachable,
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
    /// The municipality's shared database this desk works on (or is setting up), without the
    /// password; `null` on a single desk.
    pub shared: Option<SharedConnectionView>,
}

/// How this desk reaches the shared database, as remembered in its desk file (no password).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct SharedConnectionView {
    pub host: String,
    pub port: String,
    pub database: String,
    pub user: String,
    pub ca_file: String,
}

impl From<&klachtbalie_core::desk::SharedConnection> for SharedConnectionView {
    fn from(connection: &klachtbalie_core::desk::SharedConnection) -> Self {
        let form = connection.to_form();
        Self { host: form.host, port: form.port, database: form.database, user: form.user, ca_file: form.ca_file }
    }
}

/// The shared database's connection as typed in the first-start form. The password goes
/// into the OS keyring once it worked, never into a file or a log (`Debug` leaves it out).
#[derive(Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct SharedConnectionRequest {
    pub host: String,
    pub port: String,
    pub database: String,
    pub user: String,
    pub password: String,
    /// Path of the municipality's CA certificate (PEM).
    pub ca_file: String,
}

impl std::fmt::Debug for SharedConnectionRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedConnectionRequest")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("database", &self.database)
            .field("user", &self.user)
            .field("ca_file", &self.ca_file)
            .finish_non_exhaustive()
    }
}

impl SharedConnectionRequest {
    pub fn form(&self) -> klachtbalie_core::desk::SharedConnectionForm {
        klachtbalie_core::desk::SharedConnectionForm {
            host: self.host.clone(),
            port: self.port.clone(),
            database: self.database.clone(),
            user: self.user.clone(),
            ca_file: self.ca_file.clone(),
        }
    }
}

/// "Database inrichten": the first desk sets the shared database up with the owner's login
/// (`connection`), then works with the desks' login (`desk_user`, `desk_password`); only the
/// latter's password is kept in the keyring.
#[derive(Clone, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct SharedSetupRequest {
    pub connection: SharedConnectionRequest,
    pub desk_user: String,
    pub desk_password: String,
    pub setup: SetupRequest,
}

impl std::fmt::Debug for SharedSetupRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedSetupRequest")
            .field("connection", &self.connection)
            .field("desk_user", &self.desk_user)
            .field("desk_password", &"<verborgen>")
            .finish_non_exhaustive()
    }
}

/// "Werkplek koppelen": another desk joins the shared database with the recovery key.
#[derive(Clone, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct SharedJoinRequest {
    pub connection: SharedConnectionRequest,
    pub recovery_key: String,
}

impl std::fmt::Debug for SharedJoinRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedJoinRequest").field("connection", &self.connection).finish_non_exhaustive()
    }
}

/// The payload of the window event `klachten-gewijzigd` (issue 11): complaints another desk
/// changed, or, after the connection to the shared database was lost and made again,
/// `refresh_all` (changes in between were not heard).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(TS))]
pub struct LiveChange {
    pub complaint_ids: Vec<u32>,
    pub refresh_all: bool,
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
    /// The official of the organisation chart this account acts as (handlers).
    pub official_id: Option<String>,
    /// The Beheerder set the password: the user must choose their own before anything else.
    pub must_change_password: bool,
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
    /// Internal norms in working days (DL-08, DL-09).
    pub acknowledgement_days: String,
    pub first_contact_days: String,
    pub due_soon_days: String,
    /// Extra holidays by royal decree, one dd-mm-jjjj date per line (DL-04).
    pub extra_holidays: String,
    /// What this municipality calls each function (RT-01), shown in the UI and letters.
    pub label_medewerker: String,
    pub label_afdelingsmanager: String,
    pub label_gemeentesecretaris: String,
    pub label_wethouder: String,
    pub label_burgemeester: String,
    /// Closing lines above the signer of every letter, one per line.
    pub signature_lines: String,
    /// Whether a logo is set (it is uploaded separately).
    pub has_logo: bool,
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
            acknowledgement_days: data.acknowledgement_days,
            first_contact_days: data.first_contact_days,
            due_soon_days: data.due_soon_days,
            extra_holidays: data.extra_holidays,
            function_labels: FunctionLabels {
                medewerker: data.label_medewerker,
                afdelingsmanager: data.label_afdelingsmanager,
                gemeentesecretaris: data.label_gemeentesecretaris,
                wethouder: data.label_wethouder,
                burgemeester: data.label_burgemeester,
            },
            signature_lines: data.signature_lines,
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
            acknowledgement_days: settings.norms.acknowledgement_working_days.to_string(),
            first_contact_days: settings.norms.first_contact_working_days.to_string(),
            due_soon_days: settings.norms.due_soon_working_days.to_string(),
            extra_holidays: settings.calendar.extra_holidays().map(|date| short_date(*date)).collect::<Vec<_>>().join("\n"),
            label_medewerker: settings.function_labels.medewerker,
            label_afdelingsmanager: settings.function_labels.afdelingsmanager,
            label_gemeentesecretaris: settings.function_labels.gemeentesecretaris,
            label_wethouder: settings.function_labels.wethouder,
            label_burgemeester: settings.function_labels.burgemeester,
            signature_lines: settings.municipality.signature_lines.join("\n"),
            has_logo: false,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct SetupResponse {
    pub recovery_key: String,
    /// Set when the set-up worked but something around it did not (the desk could not
    /// remember the shared database's connection); the window shows it.
    pub warning: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct SavedFile {
    pub path: String,
    /// False when no PDF viewer could be started; the UI then shows the path.
    pub opened: bool,
}

/// A function of the chart: its code and what this municipality calls it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct FunctionOption {
    pub code: String,
    pub label: String,
}

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

/// INT-04: a complaint that may be the same as the one being typed.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct PossibleDuplicateView {
    pub reference: String,
    pub received_on: String,
    pub complainant_name: String,
    pub subject: String,
    pub status: String,
    /// What it has in common with what was typed: "naam", "telefoon", "e-mail", "postcode en huisnummer".
    pub shared: Vec<String>,
}

impl From<service::PossibleDuplicate> for PossibleDuplicateView {
    fn from(d: service::PossibleDuplicate) -> Self {
        Self {
            reference: d.reference,
            received_on: long_date(d.received_on),
            complainant_name: d.complainant_name,
            subject: d.subject,
            status: d.status,
            shared: d.shared.into_iter().map(str::to_string).collect(),
        }
    }
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
            respondent_ids: r.respondent_ids,
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
        let deadlines = deadline_views(&registered.deadlines, registered.needs_acknowledgement);
        Self {
            reference: registered.reference,
            handler_name: format!("{}, {}", registered.handler_name, registered.handler_function),
            handler_reason: registered.handler_reason,
            needs_acknowledgement: registered.needs_acknowledgement,
            deadlines,
        }
    }
}

fn deadline_views(d: &ComplaintDeadlines, needs_acknowledgement: bool) -> Vec<DeadlineView> {
    let mut deadlines = vec![];
    if needs_acknowledgement {
        deadlines.push(deadline("Ontvangstbevestiging (interne norm)", d.acknowledgement_due));
    }
    deadlines.push(deadline("Eerste contact met de klager (interne norm)", d.first_contact_due));
    deadlines.push(deadline("Beslissing op de klacht (Awb 9:11)", d.decision_due));
    deadlines
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
    pub status_code: String,
    pub received_on: String,
    pub decision_due: String,
    pub decision_due_text: String,
    /// ISO date of the next running deadline; empty when only an undated task is open.
    pub next_deadline: String,
    pub next_deadline_text: String,
    pub next_deadline_label: String,
    pub light: Light,
    pub light_label: String,
    pub needs_acknowledgement: bool,
    pub open_tasks: u32,
}

/// Rows the window shows per worklist page: enough to scan, few enough to read fast at any
/// size of the municipality (issue 11: the window never loads every complaint).
pub const WORKLIST_PAGE_SIZE: i64 = 50;

/// One page of the worklist and where it sits in the whole list.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct WorklistPageView {
    pub rows: Vec<WorklistRow>,
    /// How many complaints match the filter on all pages together.
    pub total: u32,
    /// Counted from 0.
    pub page: u32,
    pub page_size: u32,
}

impl From<klachtbalie_core::service::WorklistPage> for WorklistPageView {
    fn from(page: klachtbalie_core::service::WorklistPage) -> Self {
        Self {
            rows: page.items.into_iter().map(WorklistRow::from).collect(),
            total: count(page.total),
            page: count(page.page),
            page_size: count(page.page_size),
        }
    }
}

impl From<WorklistItem> for WorklistRow {
    fn from(item: WorklistItem) -> Self {
        Self {
            reference: item.reference,
            complainant_name: item.complainant_name,
            subject: item.subject,
            department_name: item.department_name,
            handler_name: item.handler_name,
            status: item.status.dutch_label().into(),
            status_code: item.status.code().into(),
            received_on: short_date(item.received_on),
            decision_due: item.decision_due.to_string(),
            decision_due_text: long_date(item.decision_due),
            next_deadline: item.next_deadline.map(|d| d.due.to_string()).unwrap_or_default(),
            next_deadline_text: item.next_deadline.map(|d| long_date(d.due)).unwrap_or_else(|| "open taak".into()),
            next_deadline_label: item.next_deadline.map(|d| d.kind.dutch_label().to_string()).unwrap_or_default(),
            light: light(item.light),
            light_label: item.light.dutch_label().into(),
            needs_acknowledgement: item.needs_acknowledgement,
            open_tasks: u32::try_from(item.open_tasks).unwrap_or_default(),
        }
    }
}

pub(crate) fn light(status: klachtbalie_core::domain::deadlines::DeadlineStatus) -> Light {
    use klachtbalie_core::domain::deadlines::DeadlineStatus;
    match status {
        DeadlineStatus::OnTrack => Light::OnTrack,
        DeadlineStatus::DueSoon => Light::DueSoon,
        DeadlineStatus::Overdue => Light::Overdue,
    }
}

/// The worklist's filters as chosen in the window; empty means "all".
#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct WorklistFilterRequest {
    pub status: String,
    pub department_id: String,
    pub handler_id: String,
    pub complaint_type: String,
    pub overdue_only: bool,
    pub due_soon_only: bool,
    pub search: String,
}

impl From<WorklistFilterRequest> for service::WorklistFilter {
    fn from(request: WorklistFilterRequest) -> Self {
        let some = |text: String| Some(text.trim().to_string()).filter(|text| !text.is_empty());
        Self {
            status: Status::from_code(request.status.trim()),
            department_id: some(request.department_id),
            handler_id: some(request.handler_id),
            complaint_type: klachtbalie_core::domain::complaint::ComplaintType::from_code(request.complaint_type.trim()),
            overdue_only: request.overdue_only,
            due_soon_only: request.due_soon_only,
            search: request.search,
        }
    }
}

/// Issue 12: what an import of earlier years brought in.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ComplaintImportResult {
    pub imported: u32,
    /// The first and last reference given (by year of receipt).
    pub first: Option<String>,
    pub last: Option<String>,
}

/// A code and its Dutch name, for pick lists.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct Choice {
    pub code: String,
    pub label: String,
}

fn choice(code: &str, label: &str) -> Choice {
    Choice { code: code.into(), label: label.into() }
}

/// The legal lists the procedure forms offer (section 4).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ProcedureOptions {
    pub statuses: Vec<Choice>,
    pub channels: Vec<Choice>,
    pub non_handling_grounds: Vec<Choice>,
    pub hearing_skip_reasons: Vec<Choice>,
    pub judgements: Vec<Choice>,
}

pub fn procedure_options() -> ProcedureOptions {
    use klachtbalie_core::domain::complaint::Channel;
    ProcedureOptions {
        statuses: Status::ALL.iter().map(|s| choice(s.code(), s.dutch_label())).collect(),
        channels: Channel::ALL.iter().map(|c| choice(c.code(), c.dutch_label())).collect(),
        non_handling_grounds: NonHandlingGround::ALL.iter().map(|g| choice(g.code(), g.dutch_label())).collect(),
        hearing_skip_reasons: HearingSkipReason::ALL.iter().map(|r| choice(r.code(), r.dutch_label())).collect(),
        judgements: Judgement::ALL.iter().map(|j| choice(j.code(), j.dutch_label())).collect(),
    }
}

/// One procedure step as submitted by its form; which fields count depends on the step.
#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct StepRequest {
    pub reference: String,
    pub step: String,
    pub date: String,
    pub time: String,
    pub choice: String,
    pub text: String,
    pub weeks: String,
    /// The complaint's `version` the form was opened from (issue 11): a step on a complaint
    /// changed since is refused with kind `conflict`. Null: on the complaint as it is.
    pub version: Option<u32>,
}

impl StepRequest {
    pub fn form(&self) -> service::StepForm {
        service::StepForm {
            date: self.date.clone(),
            time: self.time.clone(),
            choice: self.choice.clone(),
            text: self.text.clone(),
            weeks: self.weeks.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct DecisionRequest {
    pub reference: String,
    pub findings: String,
    pub judgement: String,
    pub conclusions: String,
    pub reasons: String,
    /// As `StepRequest::version`.
    pub version: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct RunningDeadlineView {
    pub kind: String,
    pub label: String,
    pub date: String,
    pub date_text: String,
    pub light: Light,
    pub light_label: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ContactView {
    pub date: String,
    pub channel: String,
    pub by: String,
    pub summary: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct HearingView {
    pub when: String,
    pub place: String,
    /// Null when there is no report yet, or the user may not read it (KCC).
    pub report: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct DecisionView {
    pub state: String,
    pub judgement: String,
    pub findings: String,
    pub conclusions: String,
    pub reasons: String,
    pub drafted_by: String,
    pub drafted_at: String,
    pub decided_by: Option<String>,
    pub comment: String,
}

/// A deadline that needs attention (DL-09).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ReminderView {
    pub reference: String,
    pub text: String,
    pub light: Light,
}

impl From<service::Reminder> for ReminderView {
    fn from(reminder: service::Reminder) -> Self {
        Self { text: reminder.dutch_text(), light: light(reminder.light), reference: reminder.reference }
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

#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[cfg_attr(test, derive(TS))]
#[serde(rename_all = "snake_case")]
pub enum WorklistScopeRequest {
    Mine,
    All,
}

impl From<WorklistScopeRequest> for service::WorklistScope {
    fn from(scope: WorklistScopeRequest) -> Self {
        match scope {
            WorklistScopeRequest::Mine => Self::Mine,
            WorklistScopeRequest::All => Self::All,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct TimelineEntry {
    pub at: String,
    pub actor: String,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct NoteView {
    pub at: String,
    pub author: String,
    pub text: String,
}

/// One complaint's file. `notes` is null for users who may not read them (KCC).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ComplaintDetailView {
    /// The complaint's number in the database: live updates name complaints by it.
    pub id: u32,
    pub reference: String,
    /// Raised by every step and reassignment; the forms send it back, so a change based on
    /// what another desk has changed since is refused (issue 11).
    pub version: u32,
    pub status: String,
    pub received_on: String,
    pub channel: String,
    pub complainant_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub representative: String,
    pub complaint_type: String,
    pub department_name: String,
    pub respondent_names: String,
    pub respondent_ids: Vec<String>,
    pub conduct_date: String,
    pub description: String,
    pub desired_outcome: String,
    pub handler_id: String,
    pub handler_name: String,
    pub handler_function: String,
    pub handler_reason: String,
    pub acknowledged: bool,
    pub status_code: String,
    /// What changed the decision term (advisory committee, postponement, agreed delay).
    pub term_notes: Vec<String>,
    /// Every deadline still running, earliest first, with its light (DL-10).
    pub running: Vec<RunningDeadlineView>,
    pub decision_due_text: String,
    pub timeline: Vec<TimelineEntry>,
    pub notes: Option<Vec<NoteView>>,
    pub contacts: Option<Vec<ContactView>>,
    pub hearings: Vec<HearingView>,
    pub decisions: Option<Vec<DecisionView>>,
    pub open_tasks: Vec<String>,
    /// The steps this user can take now.
    pub steps: Vec<Choice>,
    pub closing_detail: String,
    pub may_reassign: bool,
    pub may_add_note: bool,
    /// AVG-02: "Bewaren tot en met 1 maart 2031 (Selectielijst 13.1, afgehandeld)", or why not.
    pub retention: Option<String>,
    /// The marks that decide the retention class; `None` when this user may not change them.
    pub retention_marks: Option<RetentionMarksView>,
    /// The earlier system's reference of an imported complaint.
    pub previous_reference: Option<String>,
    /// AVG-04: the contact data as stored, for the correction form; `None` when this user may
    /// not correct it.
    pub contact: Option<ContactCorrectionRequest>,
    /// AVG-02: "Vernietigd op … (Selectielijst …; voorgesteld door …, bevestigd door …)".
    pub destroyed: Option<String>,
    /// AVG-06 (art. 19): to whom the data went; `None` for those who may not see it.
    pub recipients: Option<Vec<RecipientView>>,
    /// The kinds of recipient the form offers.
    pub recipient_kinds: Vec<Choice>,
}

/// AVG-06 (art. 19): one recipient of the complaint's data.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct RecipientView {
    pub kind: String,
    pub recipient: String,
    pub what: String,
    pub sent_on: String,
}

/// AVG-06 (art. 19): records a recipient of the complaint's data.
#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct RecipientRequest {
    pub reference: String,
    /// As `StepRequest::version`.
    pub version: Option<u32>,
    pub kind: String,
    pub recipient: String,
    pub what: String,
    pub sent_on: String,
}

/// AVG-04 (art. 16): a correction of the complainant's contact data.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct ContactCorrectionRequest {
    pub reference: String,
    /// As `StepRequest::version`.
    pub version: Option<u32>,
    pub complainant_name: String,
    pub street_address: String,
    pub postcode: String,
    pub city: String,
    pub phone: String,
    pub email: String,
    pub representative: String,
}

impl From<&ContactCorrectionRequest> for klachtbalie_core::domain::complaint::ContactCorrection {
    fn from(request: &ContactCorrectionRequest) -> Self {
        Self {
            complainant_name: request.complainant_name.clone(),
            street_address: request.street_address.clone(),
            postcode: request.postcode.clone(),
            city: request.city.clone(),
            phone: request.phone.clone(),
            email: request.email.clone(),
            representative: request.representative.clone(),
        }
    }
}

/// AVG-02: the coördinator's marks for a complaint's retention class.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct RetentionMarksView {
    pub compensation_paid: bool,
    pub ombudsman: bool,
    pub ombudsman_case_open: bool,
    pub keep_permanently: bool,
}

impl From<RetentionMarksView> for klachtbalie_core::domain::retention::RetentionMarks {
    fn from(view: RetentionMarksView) -> Self {
        Self {
            compensation_paid: view.compensation_paid,
            ombudsman: view.ombudsman,
            ombudsman_case_open: view.ombudsman_case_open,
            keep_permanently: view.keep_permanently,
        }
    }
}

/// The retention line of a complaint's file (AVG-02).
pub fn retention_line(retention: &klachtbalie_core::domain::retention::Retention) -> Option<String> {
    let class = retention.class?;
    let what = format!("Selectielijst {}, {}", class.code().trim_end_matches("-doorgezonden"), class.dutch_label());
    Some(match (&retention.hold, retention.destroy_after) {
        (Some(hold), _) => format!("Niet vernietigen: {hold} ({what})."),
        (None, Some(after)) => format!("Bewaren tot en met {} ({what}).", long_date(after)),
        (None, None) => format!("Blijvend bewaren ({what})."),
    })
}

pub fn note_view((at, author, text): (String, String, String)) -> NoteView {
    NoteView { at: display_time(&at), author, text }
}

/// "2026-11-23T09:05:00" -> "23-11-2026 09:05".
fn display_time(stored: &str) -> String {
    chrono::NaiveDateTime::parse_from_str(stored, "%Y-%m-%dT%H:%M:%S")
        .map(|at| at.format("%d-%m-%Y %H:%M").to_string())
        .unwrap_or_else(|_| stored.to_string())
}

impl From<ComplaintDetail> for ComplaintDetailView {
    fn from(detail: ComplaintDetail) -> Self {
        let record = detail.record;
        let c = record.complaint;
        let procedure = &record.procedure;
        let mut term_notes = Vec::new();
        if procedure.term_changes.advisory_committee {
            term_notes.push("Adviescommissie: beslistermijn 10 weken (Awb 9:14).".to_string());
        }
        if let (Some(weeks), Some(on)) = (procedure.term_changes.postponement_weeks, procedure.postponed_on) {
            term_notes.push(format!("Verdaagd met {weeks} weken op {} (Awb 9:11 lid 2).", long_date(on)));
        }
        if let (Some(end), Some(consent)) = (procedure.term_changes.agreed_end, procedure.consent_on) {
            term_notes.push(format!("Uitstel tot {} met instemming van de klager van {}.", long_date(end), long_date(consent)));
        }
        let contact = detail.may_correct.then(|| ContactCorrectionRequest {
            reference: record.reference.clone(),
            version: Some(count(record.version)),
            complainant_name: c.complainant_name.clone(),
            street_address: c.street_address.clone(),
            postcode: c.postcode.clone(),
            city: c.city.clone(),
            phone: c.phone.clone(),
            email: c.email.clone(),
            representative: c.representative.clone(),
        });
        let destroyed = detail.destruction.as_ref().map(|record| {
            let day = chrono::NaiveDateTime::parse_from_str(&record.destroyed_at, "%Y-%m-%dT%H:%M:%S")
                .map_or_else(|_| record.destroyed_at.clone(), |at| long_date(at.date()));
            format!(
                "Vernietigd op {day}: persoonsgegevens, teksten en brieven (Selectielijst {}; voorgesteld door {}, bevestigd door {}).",
                record.retention_class.trim_end_matches("-doorgezonden"),
                record.proposed_by,
                record.confirmed_by
            )
        });
        let recipients = detail.recipients.as_ref().map(|recipients| {
            recipients
                .iter()
                .map(|r| RecipientView {
                    kind: RecipientKind::from_code(&r.kind).map_or(r.kind.clone(), |kind| kind.dutch_label().to_string()),
                    recipient: r.recipient.clone(),
                    what: r.what.clone(),
                    sent_on: long_date(r.sent_on),
                })
                .collect()
        });
        Self {
            recipients,
            recipient_kinds: RecipientKind::ALL.iter().map(|kind| choice(kind.code(), kind.dutch_label())).collect(),
            destroyed,
            contact,
            id: count(record.id),
            version: count(record.version),
            reference: record.reference,
            status: detail.status.dutch_label().into(),
            status_code: detail.status.code().into(),
            term_notes,
            running: detail
                .running
                .iter()
                .map(|d| RunningDeadlineView {
                    kind: d.kind.code().into(),
                    label: d.kind.dutch_label().into(),
                    date: d.due.to_string(),
                    date_text: long_date_with_weekday(d.due),
                    light: light(d.light),
                    light_label: d.light.dutch_label().into(),
                })
                .collect(),
            decision_due_text: long_date_with_weekday(detail.deadlines.decision_due),
            contacts: detail.contacts.map(|contacts| {
                contacts
                    .into_iter()
                    .map(|c| ContactView { date: long_date(c.contact_on), channel: c.channel, by: c.by_user, summary: c.summary })
                    .collect()
            }),
            hearings: detail
                .hearings
                .into_iter()
                .map(|h| HearingView {
                    when: format!("{} om {}", long_date_with_weekday(h.starts_at.date()), h.starts_at.format("%H:%M")),
                    place: h.place,
                    report: h.report,
                })
                .collect(),
            decisions: detail.decisions.map(|decisions| {
                decisions
                    .into_iter()
                    .map(|d| DecisionView {
                        state: d.state,
                        judgement: Judgement::from_code(&d.judgement).map(Judgement::dutch_label).unwrap_or("onbekend").into(),
                        findings: d.findings,
                        conclusions: d.conclusions,
                        reasons: d.reasons,
                        drafted_by: d.drafted_by,
                        drafted_at: display_time(&d.drafted_at),
                        decided_by: d.decided_by,
                        comment: d.comment,
                    })
                    .collect()
            }),
            open_tasks: detail.open_tasks.into_iter().map(|task| task.description).collect(),
            steps: detail
                .possible_steps
                .iter()
                // Sending the decision is recorded on its letter, not as a step of its own.
                .filter(|step| **step != Step::SendDecision)
                .map(|step| choice(&step_code(*step), step.dutch_label()))
                .collect(),
            closing_detail: procedure.closing_detail.clone(),
            received_on: long_date(c.received_on),
            channel: c.channel.dutch_label().into(),
            complainant_name: c.complainant_name,
            address: [c.street_address, format!("{} {}", c.postcode, c.city).trim().to_string()]
                .into_iter()
                .filter(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join(", "),
            phone: c.phone,
            email: c.email,
            representative: c.representative,
            complaint_type: c.complaint_type.code().into(),
            department_name: record.department_name,
            respondent_names: record.respondent_names,
            respondent_ids: c.respondent_ids,
            conduct_date: c.conduct_date.map(long_date).unwrap_or_default(),
            description: c.description,
            desired_outcome: c.desired_outcome,
            handler_id: record.handler.id,
            handler_name: record.handler.name,
            handler_function: record.handler.function,
            handler_reason: record.handler.reason,
            acknowledged: record.acknowledged,
            timeline: detail
                .timeline
                .into_iter()
                .map(|(at, actor, kind, detail)| TimelineEntry { at: display_time(&at), actor, kind, detail })
                .collect(),
            notes: detail.notes.map(|notes| notes.into_iter().map(note_view).collect()),
            may_reassign: detail.may_reassign,
            may_add_note: detail.may_add_note,
            retention: if detail.destruction.is_some() { None } else { retention_line(&detail.retention) },
            retention_marks: detail.may_mark_retention.then_some(RetentionMarksView {
                compensation_paid: record.retention_marks.compensation_paid,
                ombudsman: record.retention_marks.ombudsman,
                ombudsman_case_open: record.retention_marks.ombudsman_case_open,
                keep_permanently: record.retention_marks.keep_permanently,
            }),
            previous_reference: record.previous_reference,
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct ReassignRequest {
    pub reference: String,
    pub handler_id: String,
    pub reason: String,
    /// As `StepRequest::version`.
    pub version: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct UserAccountView {
    pub id: u32,
    pub username: String,
    pub display_name: String,
    pub job_title: String,
    pub roles: Vec<String>,
    pub role_labels: Vec<String>,
    pub official_id: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
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
        use klachtbalie_core::domain::complaint::parse_dutch_or_iso_date;
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

/// Database counts and ids as the UI's numbers (ids stay far below 2^32).
fn count(value: i64) -> u32 {
    u32::try_from(value).unwrap_or_default()
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

impl LetterKindOption {
    pub fn all() -> Vec<Self> {
        LetterKind::ALL
            .into_iter()
            .map(|kind| Self {
                kind: kind.code().into(),
                label: kind.dutch_label().into(),
                recipients: kind
                    .recipients()
                    .iter()
                    .map(|recipient| Choice { code: recipient.code().into(), label: recipient.dutch_label().into() })
                    .collect(),
                needs_four_eyes: kind.needs_four_eyes(),
            })
            .collect()
    }
}

/// A final letter (without its bytes).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct LetterSummaryView {
    pub id: u32,
    pub reference: String,
    pub kind: String,
    pub kind_label: String,
    pub version: u32,
    pub recipient: String,
    pub recipient_name: String,
    pub sha256: String,
    pub bytes: u32,
    pub pages: u32,
    pub created_at: String,
    pub created_by: String,
    pub approved_by: String,
    pub correction_reason: String,
    /// "24 november 2026 aan Ria Cliteur" for each recorded sending.
    pub sendings: Vec<String>,
}

impl From<LetterSummary> for LetterSummaryView {
    fn from(letter: LetterSummary) -> Self {
        Self {
            kind_label: LetterKind::from_code(&letter.kind).map(LetterKind::dutch_label).unwrap_or("brief").into(),
            sendings: letter
                .sendings
                .iter()
                .map(|(date, to)| {
                    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map(long_date).unwrap_or_else(|_| date.clone());
                    format!("{date} aan {to}")
                })
                .collect(),
            id: count(letter.id),
            reference: letter.reference,
            kind: letter.kind,
            version: count(letter.version),
            recipient: letter.recipient,
            recipient_name: letter.recipient_name,
            sha256: letter.sha256,
            bytes: count(letter.size),
            pages: count(letter.pages),
            created_at: display_time(&letter.created_at),
            created_by: letter.created_by,
            approved_by: letter.approved_by,
            correction_reason: letter.correction_reason,
        }
    }
}

/// A letter waiting for the handler's approval (PR-07).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct LetterDraftView {
    pub id: u32,
    pub reference: String,
    pub kind_label: String,
    pub recipient_name: String,
    pub drafted_by: String,
    pub drafted_at: String,
    pub correction_reason: String,
    pub pages: u32,
    /// The letter's text as it will read, so the handler can read it in the app too.
    pub text: String,
}

impl From<LetterDraftRecord> for LetterDraftView {
    fn from(draft: LetterDraftRecord) -> Self {
        Self {
            kind_label: LetterKind::from_code(&draft.kind).map(LetterKind::dutch_label).unwrap_or("brief").into(),
            id: count(draft.id),
            reference: draft.reference,
            recipient_name: draft.recipient_name,
            drafted_by: draft.drafted_by,
            drafted_at: display_time(&draft.drafted_at),
            correction_reason: draft.correction_reason,
            pages: count(draft.pages),
            text: draft.text,
        }
    }
}

/// The letters part of a complaint's file.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct LetterOverview {
    pub letters: Vec<LetterSummaryView>,
    pub drafts: Vec<LetterDraftView>,
    pub kinds: Vec<LetterKindOption>,
    /// False for the front desk: only the acknowledgement.
    pub may_make_letters: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct LetterRequest {
    pub reference: String,
    pub kind: String,
    pub recipient: String,
    /// Required for a second version (a correction).
    pub correction_reason: String,
}

impl Default for LetterRequest {
    fn default() -> Self {
        Self { reference: String::new(), kind: String::new(), recipient: "klager".into(), correction_reason: String::new() }
    }
}

impl LetterRequest {
    pub fn kind_and_recipient(&self) -> Result<(LetterKind, Recipient), CommandError> {
        let kind = LetterKind::from_code(&self.kind).ok_or_else(|| CommandError::new("validation", "Kies een soort brief."))?;
        let recipient =
            Recipient::from_code(&self.recipient).ok_or_else(|| CommandError::new("validation", "Kies aan wie de brief gaat."))?;
        Ok((kind, recipient))
    }
}

/// A rendered letter that is not stored: the preview, with what LT-01 finds missing.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct LetterPreviewView {
    pub text: String,
    pub missing: Vec<String>,
    pub pages: u32,
    pub bytes: u32,
    /// The PDF in the private viewer folder, opened in the system viewer when possible.
    pub path: String,
    pub opened: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct FinaliseResult {
    pub letter: Option<LetterSummaryView>,
    /// Set when the letter went to the handler's approval queue instead.
    pub awaiting_approval_by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct SendingRequest {
    pub letter_id: u32,
    pub date: String,
    pub recipient: String,
    /// The letter's complaint and the `version` of its file the form was opened from: sending
    /// the decision is a step (it completes the complaint), refused as a `conflict` when the
    /// complaint changed since (issue 11).
    pub reference: String,
    pub version: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct PlaceholderView {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct TemplateView {
    pub kind: String,
    pub label: String,
    pub subject: String,
    pub body: String,
    /// 0: the built-in text.
    pub version: u32,
    pub saved_by: String,
    pub saved_at: String,
    pub placeholders: Vec<PlaceholderView>,
}

impl From<service::TemplateView> for TemplateView {
    fn from(view: service::TemplateView) -> Self {
        Self {
            kind: view.kind.code().into(),
            label: view.kind.dutch_label().into(),
            placeholders: klachtbalie_core::letters::templates::placeholders_for(view.kind)
                .map(|p| PlaceholderView { name: format!("{{{{{}}}}}", p.name), description: p.description.into() })
                .collect(),
            subject: view.template.subject,
            body: view.template.body,
            version: count(view.version),
            saved_by: view.saved_by,
            saved_at: display_time(&view.saved_at),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct TemplateRequest {
    pub kind: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct TemplateSavedView {
    pub version: u32,
    /// What a letter with this text would lack (it cannot be finalised until fixed).
    pub missing_in_sample: Vec<String>,
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
            // Issue 12: every problem of a refused import file, "record N, veld F: reden".
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

/// Issue 11: the kinds of the shared database's connection problems (the window branches on
/// them) and the connection field each is about.
fn shared_kind_and_field(error: &ServiceError) -> Option<(&'static str, &'static str)> {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Every IPC type, in the order it is written to ui/src/generated/ipc.ts.
    fn bindings() -> String {
        let cfg = ts_rs::Config::new();
        let declarations = [
            Phase::decl(&cfg),
            AppStatus::decl(&cfg),
            SharedConnectionView::decl(&cfg),
            SharedConnectionRequest::decl(&cfg),
            SharedSetupRequest::decl(&cfg),
            SharedJoinRequest::decl(&cfg),
            LiveChange::decl(&cfg),
            UserView::decl(&cfg),
            SetupRequest::decl(&cfg),
            SettingsData::decl(&cfg),
            SetupResponse::decl(&cfg),
            SavedFile::decl(&cfg),
            FunctionOption::decl(&cfg),
            OrgDepartmentView::decl(&cfg),
            OfficialView::decl(&cfg),
            OrganisationView::decl(&cfg),
            DepartmentSaveRequest::decl(&cfg),
            OfficialSaveRequest::decl(&cfg),
            ImportResult::decl(&cfg),
            ComplaintImportResult::decl(&cfg),
            crate::file_dialog::OpenPurpose::decl(&cfg),
            crate::file_dialog::ChosenFile::decl(&cfg),
            ComplaintRequest::decl(&cfg),
            DeadlineView::decl(&cfg),
            RegisteredView::decl(&cfg),
            Light::decl(&cfg),
            WorklistRow::decl(&cfg),
            WorklistPageView::decl(&cfg),
            crate::report_commands::ReportRowView::decl(&cfg),
            crate::report_commands::ReportSectionView::decl(&cfg),
            crate::report_commands::ReportTextsView::decl(&cfg),
            crate::report_commands::ReportView::decl(&cfg),
            crate::dashboard_commands::StatusCountView::decl(&cfg),
            crate::dashboard_commands::WorkloadView::decl(&cfg),
            crate::dashboard_commands::DashboardView::decl(&cfg),
            crate::backup_commands::BackupStatusView::decl(&cfg),
            crate::about::LicenceView::decl(&cfg),
            crate::about::AboutView::decl(&cfg),
            crate::access_commands::AccessRequestView::decl(&cfg),
            crate::access_commands::AccessRequestFormRequest::decl(&cfg),
            crate::access_commands::IdentityCheckOption::decl(&cfg),
            crate::access_commands::AccessRequestsView::decl(&cfg),
            crate::access_commands::PersonMatchView::decl(&cfg),
            crate::destruction_commands::DestructionItemView::decl(&cfg),
            crate::destruction_commands::DestructionListView::decl(&cfg),
            crate::destruction_commands::ExclusionRequest::decl(&cfg),
            crate::destruction_commands::DestructionOutcomeView::decl(&cfg),
            crate::destruction_commands::DestructionProgressView::decl(&cfg),
            crate::destruction_commands::RetentionPeriodsView::decl(&cfg),
            crate::backup_commands::BackupMadeView::decl(&cfg),
            LetterView::decl(&cfg),
            WorklistScopeRequest::decl(&cfg),
            WorklistFilterRequest::decl(&cfg),
            Choice::decl(&cfg),
            ProcedureOptions::decl(&cfg),
            StepRequest::decl(&cfg),
            DecisionRequest::decl(&cfg),
            RunningDeadlineView::decl(&cfg),
            ContactView::decl(&cfg),
            HearingView::decl(&cfg),
            DecisionView::decl(&cfg),
            ReminderView::decl(&cfg),
            TimelineEntry::decl(&cfg),
            NoteView::decl(&cfg),
            RetentionMarksView::decl(&cfg),
            ContactCorrectionRequest::decl(&cfg),
            RecipientView::decl(&cfg),
            RecipientRequest::decl(&cfg),
            PossibleDuplicateView::decl(&cfg),
            ComplaintDetailView::decl(&cfg),
            ReassignRequest::decl(&cfg),
            UserAccountView::decl(&cfg),
            RoleOption::decl(&cfg),
            UserSaveRequest::decl(&cfg),
            PasswordChangeRequest::decl(&cfg),
            AuditEntryView::decl(&cfg),
            AuditLogView::decl(&cfg),
            AuditFilterRequest::decl(&cfg),
            LetterKindOption::decl(&cfg),
            LetterSummaryView::decl(&cfg),
            LetterDraftView::decl(&cfg),
            LetterOverview::decl(&cfg),
            LetterRequest::decl(&cfg),
            LetterPreviewView::decl(&cfg),
            FinaliseResult::decl(&cfg),
            SendingRequest::decl(&cfg),
            PlaceholderView::decl(&cfg),
            TemplateView::decl(&cfg),
            TemplateRequest::decl(&cfg),
            TemplateSavedView::decl(&cfg),
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
