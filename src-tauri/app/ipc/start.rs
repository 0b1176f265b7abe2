//! IPC types of the app's life cycle: status and phase, the first start (one desk or the
//! shared database), settings, live changes.

use super::*;

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
    /// The shared database did not answer, or refused the connection, at start
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
    /// Every person logs in with their own login: the log-in screen asks for it, and
    /// Klachtbalie keeps no password (a password is changed at the server or directory).
    pub personal_logins: bool,
}

impl From<&klachtbalie_core::desk::SharedConnection> for SharedConnectionView {
    fn from(connection: &klachtbalie_core::desk::SharedConnection) -> Self {
        let form = connection.to_form();
        Self {
            host: form.host,
            port: form.port,
            database: form.database,
            user: form.user,
            ca_file: form.ca_file,
            personal_logins: connection.personal_logins,
        }
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
    /// SEC-07: the first account is the person's own database login (its password is the
    /// server's); no desks' login is asked for or kept, and everyone signs in with their own.
    #[serde(default)]
    pub personal_logins: bool,
}

impl std::fmt::Debug for SharedSetupRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedSetupRequest")
            .field("connection", &self.connection)
            .field("desk_user", &self.desk_user)
            .field("desk_password", &"<verborgen>")
            .field("personal_logins", &self.personal_logins)
            .finish_non_exhaustive()
    }
}

/// "Werkplek koppelen": another desk joins the shared database with the recovery key.
#[derive(Clone, Deserialize)]
#[cfg_attr(test, derive(TS))]
pub struct SharedJoinRequest {
    pub connection: SharedConnectionRequest,
    pub recovery_key: String,
    /// The connection's login and password are the person's own (SEC-07): the desk keeps
    /// neither, and afterwards everyone signs in with their own login.
    #[serde(default)]
    pub personal_logins: bool,
}

impl std::fmt::Debug for SharedJoinRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedJoinRequest")
            .field("connection", &self.connection)
            .field("personal_logins", &self.personal_logins)
            .finish_non_exhaustive()
    }
}

/// The payload of the window event `klachten-gewijzigd`: complaints another desk
/// changed, or, after the connection to the shared database was lost and made again,
/// `refresh_all` (changes in between were not heard).
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[cfg_attr(test, derive(TS))]
pub struct LiveChange {
    pub complaint_ids: Vec<u32>,
    pub refresh_all: bool,
}

/// What the signed-in user may do, as the window needs it to show screens and buttons:
/// computed from `UseCase::allowed_roles`, the one permission table, so the window never
/// repeats which role may do what. Every use case checks again in core.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct Abilities {
    pub worklist: bool,
    pub dashboard: bool,
    pub intake: bool,
    pub annual_report: bool,
    pub access_requests: bool,
    pub destruction: bool,
    pub organisation: bool,
    pub users: bool,
    pub audit_log: bool,
    pub settings: bool,
    pub backup: bool,
    /// Every complaint, not only the user's own (KCC and coördinator; AVG-05).
    pub all_complaints: bool,
    /// Works on complaints: deadlines, reminders, the calendar file, batch printing.
    pub work_on_complaints: bool,
    pub approve_decisions: bool,
    pub print_acknowledgements: bool,
    pub complaint_audit: bool,
}

impl Abilities {
    pub fn of(roles: &[klachtbalie_core::roles::Role]) -> Self {
        use klachtbalie_core::roles::UseCase;
        let may = |use_case: UseCase| use_case.is_allowed_for(roles);
        Self {
            worklist: may(UseCase::ViewWorklist),
            dashboard: may(UseCase::ViewDashboard),
            intake: may(UseCase::RegisterComplaint),
            annual_report: may(UseCase::ViewAnnualReport),
            access_requests: may(UseCase::AnswerAccessRequest),
            destruction: may(UseCase::ManageRetention),
            organisation: may(UseCase::ManageOrganisation),
            users: may(UseCase::ManageUsers),
            audit_log: may(UseCase::ViewAuditLog),
            settings: may(UseCase::ManageSettings),
            backup: may(UseCase::MakeBackup),
            all_complaints: UseCase::ViewWorklist.is_allowed_on_any_complaint(roles),
            work_on_complaints: may(UseCase::WorkOnComplaint),
            approve_decisions: may(UseCase::ApproveDecision),
            print_acknowledgements: may(UseCase::PrintAcknowledgement),
            complaint_audit: may(UseCase::ViewComplaintAudit),
        }
    }
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
    /// Which screens and buttons the window offers.
    pub may: Abilities,
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

#[cfg(test)]
mod abilities_tests {
    use super::Abilities;
    use klachtbalie_core::roles::Role;

    #[test]
    fn each_role_is_offered_the_screens_of_its_use_cases_and_no_others() {
        // Section 1 of the domain: the KCC takes complaints in, the handler works on their own,
        // the coördinator watches everything and reports, the Beheerder runs the application.
        let kcc = Abilities::of(&[Role::KccMedewerker]);
        assert!(kcc.worklist && kcc.intake && kcc.all_complaints && kcc.print_acknowledgements);
        assert!(!kcc.dashboard && !kcc.work_on_complaints && !kcc.settings && !kcc.complaint_audit);
        let handler = Abilities::of(&[Role::Klachtbehandelaar]);
        assert!(handler.worklist && handler.dashboard && handler.work_on_complaints && handler.approve_decisions);
        assert!(!handler.all_complaints && !handler.intake && !handler.annual_report);
        let coordinator = Abilities::of(&[Role::Klachtcoordinator]);
        assert!(coordinator.all_complaints && coordinator.annual_report && coordinator.destruction && coordinator.complaint_audit);
        assert!(!coordinator.approve_decisions, "PR-07: only the responsible handler approves");
        let admin = Abilities::of(&[Role::Beheerder]);
        assert!(admin.organisation && admin.users && admin.audit_log && admin.settings && admin.backup);
        assert!(!admin.worklist && !admin.all_complaints && !admin.intake);
        assert_eq!(Abilities::of(&[]), Abilities::default());
    }
}
