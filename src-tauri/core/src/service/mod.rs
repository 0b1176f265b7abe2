//! Use cases: everything a user can do, each with its permission check, its audit entry, its
//! transaction and its timeline event, callable without a window (the app, the CLI and the
//! tests share it). Split by subject: complaints, organisation, users, audit log.

mod access;
mod access_answer;
mod access_request;
mod audit_log;
mod backup;
mod change;
mod complaints;
mod dashboard;
mod destruction;
mod duplicates;
mod import;
mod letter_drafts;
mod letter_templates;
mod letters;
mod organisation;
mod personal_login;
mod privacy;
mod procedure;
mod recovery_key;
mod reminders;
mod report;
mod retention;
pub use access_answer::PersonMatch;
pub use access_request::AccessRequestItem;
pub use backup::{read_backup, restore_backup, BackupManifest, BackupReminder, RestoreReport};
pub use dashboard::Dashboard;
pub use destruction::DestructionOutcome;
pub use duplicates::PossibleDuplicate;
pub use report::{ReportComparison, ReportFile};
pub use retention::RetentionItem;
mod shared;
mod startup;
mod users;
mod worklist;
mod worklist_index;

pub use complaints::{ComplaintDetail, RegisteredComplaint, RunningDeadline};
pub use letter_templates::{sample_facts, TemplateSaved, TemplateView, MAX_LOGO_BYTES};
pub use letters::{Finalised, StoredLetter};
pub use organisation::ImportSummary;
pub use personal_login::{sign_in_personally, PersonalStart};
pub use procedure::{DecisionForm, StepForm};
pub use reminders::Reminder;
pub use shared::{join_shared, migrate_to_shared, rotate_shared_key, set_up_shared, start_shared};
pub use startup::{set_up, start, unlock_with_recovery_key, SetupForm, Startup};
pub use users::{UserForm, UserSummary};
pub use worklist::{FoundComplaint, FoundComplaints, WorklistFilter, WorklistItem, WorklistPage, WorklistScope};

use crate::audit::{AuditEvent, AuditStamp};
use crate::auth;
use crate::clock::Clock;
use crate::domain::calendar::HolidayCalendar;
use crate::domain::deadlines::{compute_deadlines, ComplaintDeadlines, DeadlineNorms};
use crate::domain::form::FieldError;
use crate::domain::function::FunctionLabels;
use crate::domain::organisation::OrgChart;
use crate::domain::routing::RoutingError;
use crate::letters::{default_signature_lines, LayoutError, Municipality};
use crate::roles::{Role, UseCase};
use crate::store::key::{DatabaseKey, KeyError};
use crate::store::{self, Database, StoreError, UserRecord};
use chrono::{NaiveDate, NaiveDateTime};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("Niet alle velden zijn goed ingevuld.")]
    Validation(Vec<FieldError>),
    #[error("U heeft geen toegang: alleen {roles} mag {what}.")]
    Forbidden { roles: String, what: String },
    #[error("{0}")]
    NotFound(String),
    #[error("Het organogram is niet opgeslagen; er is niets gewijzigd. {}", .0.join(" "))]
    InvalidChart(Vec<String>),
    #[error("{0}")]
    Routing(#[from] RoutingError),
    #[error("Kies eerst een eigen wachtwoord; daarna kunt u verder.")]
    PasswordChangeRequired,
    #[error("{0}")]
    Refused(String),
    /// An import file with problems; nothing was imported.
    #[error("Er is niets geïmporteerd: het bestand heeft {} {}. Verbeter het bestand en importeer het opnieuw.\n{}",
        .0.len(), if .0.len() == 1 { "probleem" } else { "problemen" },
        .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    ImportRefused(Vec<crate::domain::import::ImportProblem>),
    /// The complaint changed after the user opened it; nothing was saved.
    #[error("{reference} is om {at} gewijzigd door {by}. Er is niets opgeslagen; wat u typte staat er nog. Bekijk de nieuwe gegevens en sla opnieuw op.")]
    Conflict { reference: String, at: String, by: String },
    #[error("Gebruikersnaam of wachtwoord klopt niet.")]
    LoginFailed,
    #[error("Te veel mislukte pogingen. Probeer het over {seconds} seconden opnieuw.")]
    LoginThrottled { seconds: i64 },
    #[error("Klachtbalie is vergrendeld na {} zonder activiteit. Log opnieuw in.", if *minutes == 1 { "1 minuut".to_string() } else { format!("{minutes} minuten") })]
    Locked { minutes: u32 },
    #[error("Klachtbalie is al ingericht op deze computer.")]
    AlreadySetUp,
    #[error(
        "Deze herstelsleutel hoort niet bij deze database. Er is niets gewijzigd. Controleer of u de sleutel van deze installatie heeft."
    )]
    WrongRecoveryKey,
    #[error("{0}")]
    Key(#[from] KeyError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("De brief kon niet worden gemaakt: {0}")]
    Letter(#[from] LayoutError),
    /// LT-01: what the letter lacks, each element named.
    #[error("De brief '{letter}' kan niet definitief worden. Er ontbreekt: {}.", missing.join("; "))]
    IncompleteLetter { letter: String, missing: Vec<String> },
    /// LT-03: the complainant's postal address lacks these parts.
    #[error("De brief '{letter}' kan niet worden bezorgd: het postadres van de klager is niet compleet (er ontbreekt: {missing}). Vul het aan onder 'Gegevens van de klager corrigeren'; er is niets opgeslagen of verzonden.")]
    UndeliverableLetter { letter: String, missing: String },
    #[error("Het sjabloon is niet opgeslagen. {}", .0.join(" "))]
    InvalidTemplate(Vec<String>),
    #[error("{0}")]
    Io(String),
}

pub type ServiceResult<T> = Result<T, ServiceError>;

/// Who is acting: a logged-in user (checked against their roles) or the local system account
/// of the CLI, which holds the database key and so may do anything the data allows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    User(SessionUser),
    System { description: String },
}

impl Actor {
    /// The name recorded in the audit log and on the timeline.
    pub fn name(&self) -> String {
        match self {
            Self::User(user) => user.username.clone(),
            Self::System { description } => description.clone(),
        }
    }

    fn display_name(&self) -> String {
        match self {
            Self::User(user) => user.display_name.clone(),
            Self::System { description } => description.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionUser {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub job_title: String,
    pub roles: Vec<Role>,
    /// The chart official this account acts as (for handlers).
    pub official_id: Option<String>,
    pub must_change_password: bool,
}

impl From<&UserRecord> for SessionUser {
    fn from(record: &UserRecord) -> Self {
        Self {
            id: record.id,
            username: record.username.clone(),
            display_name: record.display_name.clone(),
            job_title: record.job_title.clone(),
            roles: Role::decode(&record.roles),
            official_id: record.official_id.clone(),
            must_change_password: record.must_change_password,
        }
    }
}

/// The role part of the permission check (invariant 5); `Klachtbalie::authorize` wraps it
/// with the audit entry for a refusal.
fn role_check(actor: &Actor, use_case: UseCase) -> ServiceResult<()> {
    match actor {
        Actor::System { .. } => Ok(()),
        Actor::User(user) if user.must_change_password => Err(ServiceError::PasswordChangeRequired),
        Actor::User(user) if use_case.is_allowed_for(&user.roles) => Ok(()),
        Actor::User(_) => Err(ServiceError::Forbidden {
            roles: use_case.allowed_roles().iter().map(|role| role.dutch_label()).collect::<Vec<_>>().join(" of "),
            what: use_case.dutch_description().into(),
        }),
    }
}

/// The Beheerder's settings form, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SettingsForm {
    pub municipality_name: String,
    pub postal_address: String,
    pub visiting_address: String,
    pub phone: String,
    pub website: String,
    pub lock_minutes: String,
    /// DL-08/DL-09 internal norms in working days: acknowledgement, first contact, "due soon".
    pub acknowledgement_days: String,
    pub first_contact_days: String,
    pub due_soon_days: String,
    /// One date per line (dd-mm-jjjj or jjjj-mm-dd).
    pub extra_holidays: String,
    /// What this municipality calls each function (RT-01).
    pub function_labels: FunctionLabels,
    /// The closing lines above the signer of every letter, one per line.
    pub signature_lines: String,
}

/// Settings kept in the database; defaults apply where none is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub municipality: Municipality,
    pub lock_minutes: u32,
    pub norms: DeadlineNorms,
    pub calendar: HolidayCalendar,
    pub function_labels: FunctionLabels,
}

/// An open, unlocked Klachtbalie database and the clock it runs on.
pub struct Klachtbalie {
    database: Database,
    key: DatabaseKey,
    clock: Arc<dyn Clock>,
    data_dir: PathBuf,
    /// The computer's name, recorded as the origin of every audit entry (SEC-02).
    workstation: String,
    /// The version of a complaint the user's open form was based on, for the next change of
    /// that complaint (a stale save is refused, never silently applied).
    expected_version: Option<(String, i64)>,
    /// The person whose own login this connection is (personal_login), if any.
    connected_person: Option<String>,
}

impl std::fmt::Debug for Klachtbalie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Klachtbalie").field("data_dir", &self.data_dir).finish()
    }
}

impl ServiceError {
    /// A stable, machine-readable kind for the UI to branch on.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation",
            Self::Forbidden { .. } => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::InvalidChart(_) => "invalid_chart",
            Self::Routing(_) => "routing",
            Self::PasswordChangeRequired => "password_change_required",
            Self::Refused(_) => "refused",
            Self::ImportRefused(_) => "import_refused",
            Self::Conflict { .. } => "conflict",
            Self::LoginFailed => "login_failed",
            Self::LoginThrottled { .. } => "login_throttled",
            Self::Locked { .. } => "locked",
            Self::AlreadySetUp => "already_set_up",
            Self::WrongRecoveryKey => "wrong_recovery_key",
            Self::Key(_) => "key",
            Self::Store(_) => "store",
            Self::Letter(_) => "letter",
            Self::IncompleteLetter { .. } => "incomplete_letter",
            Self::UndeliverableLetter { .. } => "undeliverable_letter",
            Self::InvalidTemplate(_) => "invalid_template",
            Self::Io(_) => "io",
        }
    }
}

impl Klachtbalie {
    fn new(database: Database, key: DatabaseKey, clock: Arc<dyn Clock>, data_dir: &Path) -> Self {
        let workstation = gethostname::gethostname().to_string_lossy().into_owned();
        let mut service =
            Self { database, key, clock, data_dir: data_dir.into(), workstation, expected_version: None, connected_person: None };
        // SEC-02 on the shared store: the last entry this desk wrote before, checked at its
        // next write, so a log cut and rewritten on the server is found before anything more.
        if let Some(end) = service.remembered_audit_end() {
            service.database.witness_audit_end(end);
        }
        service
    }

    /// The next change of `reference` is based on `version` (what the user's form showed):
    /// if another desk changed the complaint since, the change is refused with who and when.
    /// `None` (the CLI, scheduled tasks, a form without a version) applies the next change to
    /// the complaint as it is, and clears an expectation an earlier, refused request left.
    pub fn expect_version(&mut self, reference: &str, version: Option<i64>) {
        self.expected_version = version.map(|version| (reference.to_string(), version));
    }

    /// The version expected for `reference`, taken once.
    fn take_expected_version(&mut self, reference: &str) -> Option<i64> {
        self.expected_version.take().filter(|(expected, _)| expected == reference).map(|(_, version)| version)
    }

    /// Who acts, from this workstation, now: what every audit entry of the use case `actor`
    /// starts is stamped with (SEC-02).
    fn stamp(&self, actor: &Actor) -> AuditStamp {
        AuditStamp { at: self.clock.now(), actor: actor.name(), workstation: self.workstation.clone() }
    }

    /// Writes one audit entry in its own transaction (SEC-02).
    fn record(&mut self, actor: &Actor, event: &AuditEvent) -> ServiceResult<()> {
        let stamp = self.stamp(actor);
        self.database.write(|tx| -> ServiceResult<()> {
            tx.append_audit(&stamp, event)?;
            Ok(())
        })?;
        self.remember_audit_end();
        Ok(())
    }

    /// The permission check every use case starts with (invariant 5). A refusal is itself
    /// recorded in the audit log.
    fn authorize(&mut self, actor: &Actor, use_case: UseCase, object: &str) -> ServiceResult<()> {
        match role_check(actor, use_case) {
            Err(error @ ServiceError::Forbidden { .. }) => {
                let event = AuditEvent::refused(use_case.dutch_description(), object);
                self.record(actor, &event)?;
                Err(error)
            }
            other => other,
        }
    }

    /// The organisation chart as stored, validated again with the configured labels.
    fn org_chart(&self) -> ServiceResult<OrgChart> {
        let file = self.database.reader().org_chart_file()?;
        let labels = self.settings()?.function_labels;
        OrgChart::validate(&file, &labels).map_err(ServiceError::InvalidChart)
    }

    /// On the shared store, a connection that hears which complaints other desks changed
    /// (the window turns it into an event); `None` on a single desk.
    pub fn change_listener(&self) -> ServiceResult<Option<crate::store::ChangeListener>> {
        Ok(self.database.listen_for_changes()?)
    }

    /// SEC-06: whether the desk itself makes this database's backups (a single desk); the
    /// shared database is backed up on the server by the municipality.
    pub fn backs_up_on_the_desk(&self) -> bool {
        self.database.backs_up_on_the_desk()
    }

    /// Whether other desks write to this database too, so the window should hear their
    /// changes (see `change_listener`).
    pub fn others_write_here(&self) -> bool {
        self.database.others_write_here()
    }

    /// SQLite's `integrity_check` of the database file: empty when sound.
    pub fn integrity_problems(&self) -> ServiceResult<Vec<String>> {
        Ok(self.database.integrity_problems()?)
    }

    pub fn data_dir(&self) -> &Path {
        &self.data_dir
    }

    pub fn now(&self) -> NaiveDateTime {
        self.clock.now()
    }

    pub fn today(&self) -> NaiveDate {
        self.clock.now().date()
    }

    pub fn settings(&self) -> ServiceResult<Settings> {
        let reader = self.database.reader();
        let get = |key: &str| -> ServiceResult<String> { Ok(reader.setting(key)?.unwrap_or_default()) };
        let extra_holidays = get("extra_holidays")?
            .split(',')
            .filter_map(|text| NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok())
            .collect::<Vec<_>>();
        Ok(Settings {
            municipality: Municipality {
                name: get("municipality_name")?,
                postal_address: get("postal_address")?,
                visiting_address: get("visiting_address")?,
                phone: get("phone")?,
                website: get("website")?,
                signature_lines: match get("signature_lines")? {
                    lines if lines.trim().is_empty() => default_signature_lines(&get("municipality_name")?),
                    lines => lines.lines().map(str::to_string).collect(),
                },
                logo: None,
            },
            lock_minutes: get("lock_minutes")?.parse().unwrap_or(15),
            norms: {
                let defaults = DeadlineNorms::default();
                let days = |key: &str, default: u32| -> ServiceResult<u32> { Ok(get(key)?.parse().unwrap_or(default)) };
                DeadlineNorms {
                    acknowledgement_working_days: days("norm_acknowledgement_days", defaults.acknowledgement_working_days)?,
                    first_contact_working_days: days("norm_first_contact_days", defaults.first_contact_working_days)?,
                    due_soon_working_days: days("norm_due_soon_days", defaults.due_soon_working_days)?,
                }
            },
            calendar: HolidayCalendar::with_extra_holidays(extra_holidays),
            function_labels: serde_json::from_str(&get("function_labels")?).unwrap_or_default(),
        })
    }

    /// SEC-03: checks the password; five failures in a row make further attempts wait.
    pub fn login(&mut self, username: &str, password: &str) -> ServiceResult<SessionUser> {
        let username = username.trim();
        let now = self.clock.now();
        if let Some((failures, last)) = self.database.reader().login_failures(username)? {
            if let Some(allowed_at) = auth::next_attempt_allowed_at(failures, last) {
                if allowed_at > now {
                    return Err(ServiceError::LoginThrottled { seconds: (allowed_at - now).num_seconds().max(1) });
                }
            }
        }
        let user = self.database.reader().user_by_username(username)?;
        let verified = match &user {
            Some(record) if record.active => auth::verify_password(password, &record.password_hash),
            _ => {
                // Spend the same effort as a real check, so timing does not reveal accounts.
                let _ = auth::verify_password(password, auth::DUMMY_HASH);
                false
            }
        };
        let stamp_as = |name: &str| AuditStamp { at: now, actor: name.to_string(), workstation: self.workstation.clone() };
        // The typed name is recorded only when it is an account: a password typed into the
        // name field must never end up in the log.
        let object = if user.is_some() { username.to_string() } else { "onbekende gebruikersnaam".to_string() };
        match user {
            Some(record) if verified => {
                let stamp = stamp_as(&record.username);
                // A hash of an earlier version's weaker parameters is made again now that the
                // password is proven (SEC-03), in the same transaction as the log-in.
                let stronger = auth::needs_rehash(&record.password_hash).then(|| auth::hash_password(password)).transpose();
                let stronger = stronger.map_err(ServiceError::Io)?;
                let written = self.database.write(|tx| -> ServiceResult<()> {
                    if let Some(hash) = &stronger {
                        tx.set_password(record.id, hash, record.must_change_password)?;
                    }
                    tx.clear_login_failures(username)?;
                    let event = AuditEvent::success("inloggen", object.clone());
                    tx.append_audit(&stamp, &event)?;
                    Ok(())
                });
                self.remember_audit_end();
                let session = SessionUser::from(&record);
                match written {
                    // SEC-02: while the log's end is damaged nothing is written, but a Beheerder
                    // must still get in to see it and acknowledge it (Auditlog).
                    Err(ServiceError::Store(StoreError::AuditTampered(_))) if session.roles.contains(&Role::Beheerder) => {
                        tracing::warn!(user = %session.username, "Beheerder ingelogd terwijl het auditlog aangetast is");
                        self.database.write(|tx| -> ServiceResult<()> { Ok(tx.clear_login_failures(username)?) })?;
                        Ok(session)
                    }
                    Err(error) => Err(error),
                    Ok(()) => Ok(session),
                }
            }
            _ => {
                let stamp = stamp_as(&object);
                let written = self.database.write(|tx| -> ServiceResult<()> {
                    tx.record_login_failure(username, now)?;
                    let event = AuditEvent::failed("inloggen", object.clone());
                    tx.append_audit(&stamp, &event)?;
                    Ok(())
                });
                if let Err(ServiceError::Store(StoreError::AuditTampered(_))) = written {
                    tracing::warn!("mislukte inlogpoging terwijl het auditlog aangetast is (niet in het auditlog)");
                    // Throttling must keep working while the log is blocked.
                    self.database.write(|tx| -> ServiceResult<()> { Ok(tx.record_login_failure(username, now)?) })?;
                } else {
                    written?;
                }
                Err(ServiceError::LoginFailed)
            }
        }
    }

    /// The settings as the Beheerder sees them.
    pub fn settings_for(&mut self, actor: &Actor) -> ServiceResult<Settings> {
        self.authorize(actor, UseCase::ManageSettings, "instellingen")?;
        self.settings()
    }

    /// Changes the letterhead, the inactivity lock (SEC-03) and the extra holidays (DL-04).
    /// All fields are checked first; nothing is stored unless all are valid.
    pub fn update_settings(&mut self, actor: &Actor, form: &SettingsForm) -> ServiceResult<Settings> {
        self.authorize(actor, UseCase::ManageSettings, "instellingen")?;
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| errors.push(FieldError { field: field.into(), message });
        let municipality_fields = [
            ("municipality_name", form.municipality_name.as_str()),
            ("postal_address", &form.postal_address),
            ("visiting_address", &form.visiting_address),
            ("phone", &form.phone),
            ("website", &form.website),
        ];
        for FieldError { field, message } in startup::municipality_problems(&municipality_fields) {
            fail(&field, message);
        }
        let lock_minutes = match form.lock_minutes.trim().parse::<u32>() {
            Ok(minutes) if (1..=120).contains(&minutes) => minutes,
            _ => {
                fail("lock_minutes", "Vul een aantal minuten in van 1 tot en met 120.".into());
                15
            }
        };
        let mut norm = |field: &str, text: &str| -> u32 {
            match text.trim().parse::<u32>() {
                Ok(days) if (1..=30).contains(&days) => days,
                _ => {
                    fail(field, "Vul een aantal werkdagen in van 1 tot en met 30.".into());
                    5
                }
            }
        };
        let acknowledgement_days = norm("acknowledgement_days", &form.acknowledgement_days);
        let first_contact_days = norm("first_contact_days", &form.first_contact_days);
        let due_soon_days = norm("due_soon_days", &form.due_soon_days);
        let mut holidays = Vec::new();
        for line in form.extra_holidays.split(['\n', ',']).map(str::trim).filter(|line| !line.is_empty()) {
            match crate::domain::form::parse_dutch_or_iso_date(line) {
                Some(date) => holidays.push(date),
                None => fail("extra_holidays", format!("'{line}' is geen datum. Eén datum per regel, bijvoorbeeld 15-05-2026.")),
            }
        }
        let lines: Vec<&str> = form.signature_lines.lines().map(str::trim).collect();
        let first = lines.iter().position(|line| !line.is_empty()).unwrap_or(lines.len());
        let last = lines.iter().rposition(|line| !line.is_empty()).map_or(first, |at| at + 1);
        let signature_lines: Vec<String> = lines[first..last].iter().map(|line| line.to_string()).collect();
        let line_problem =
            signature_lines.iter().find_map(|line| crate::domain::text::text_problem(line, crate::domain::text::Lines::Single, 100, None));
        if signature_lines.len() > 6 || line_problem.is_some() {
            fail("signature_lines", line_problem.unwrap_or_else(|| "Maximaal 6 regels van elk 100 tekens.".into()));
        }
        for (function, problem) in form.function_labels.problems() {
            fail(&format!("label_{}", function.code()), problem);
        }
        if !errors.is_empty() {
            return Err(ServiceError::Validation(errors));
        }
        holidays.sort();
        holidays.dedup();
        let holidays = holidays.iter().map(NaiveDate::to_string).collect::<Vec<_>>().join(",");
        let municipality = Municipality {
            name: form.municipality_name.clone(),
            postal_address: form.postal_address.clone(),
            visiting_address: form.visiting_address.clone(),
            phone: form.phone.clone(),
            website: form.website.clone(),
            signature_lines: signature_lines.clone(),
            logo: None,
        };
        self.change(actor, |tx| {
            write_municipality(tx, &municipality)?;
            tx.set_setting("lock_minutes", &lock_minutes.to_string())?;
            tx.set_setting("norm_acknowledgement_days", &acknowledgement_days.to_string())?;
            tx.set_setting("norm_first_contact_days", &first_contact_days.to_string())?;
            tx.set_setting("norm_due_soon_days", &due_soon_days.to_string())?;
            tx.set_setting("extra_holidays", &holidays)?;
            let labels = crate::domain::function::FunctionLabels {
                medewerker: form.function_labels.medewerker.trim().into(),
                afdelingsmanager: form.function_labels.afdelingsmanager.trim().into(),
                gemeentesecretaris: form.function_labels.gemeentesecretaris.trim().into(),
                wethouder: form.function_labels.wethouder.trim().into(),
                burgemeester: form.function_labels.burgemeester.trim().into(),
            };
            tx.set_setting("function_labels", &serde_json::to_string(&labels).unwrap_or_default())?;
            // Holidays and norms move deadlines: the index is computed again right after (by a
            // login that reads every complaint; a Beheerder's own login does not, schema 15), and
            // otherwise at the next worklist of one that does.
            tx.set_setting(worklist_index::INDEX_FILLED, worklist_index::INDEX_STALE)?;
            Ok(((), AuditEvent::success("instellingen wijzigen", "instellingen")))
        })?;
        self.rebuild_worklist_index()?;
        self.settings()
    }

    /// The one function that gives a complaint's deadlines (DL-10), with the configured
    /// calendar and norms.
    pub fn deadlines_for(&self, received_on: NaiveDate) -> ServiceResult<ComplaintDeadlines> {
        let settings = self.settings()?;
        Ok(compute_deadlines(received_on, &settings.calendar, &settings.norms))
    }
}

/// Stores the letterhead; the one writer of these settings (read back in `settings`).
fn write_municipality(tx: &store::Writer<'_>, municipality: &Municipality) -> Result<(), StoreError> {
    for (name, value) in [
        ("municipality_name", &municipality.name),
        ("postal_address", &municipality.postal_address),
        ("visiting_address", &municipality.visiting_address),
        ("phone", &municipality.phone),
        ("website", &municipality.website),
    ] {
        tx.set_setting(name, value.trim())?;
    }
    tx.set_setting("signature_lines", &municipality.signature_lines.join("\n"))?;
    Ok(())
}
