//! Use cases: everything a user can do, each with its permission check, its transaction and
//! its timeline event, callable without a window (the app, the CLI and the tests share it).

use crate::auth;
use crate::clock::Clock;
use crate::domain::calendar::HolidayCalendar;
use crate::domain::complaint::{ComplaintForm, FieldError};
use crate::domain::deadlines::{compute_deadlines, deadline_status, ComplaintDeadlines, DeadlineNorms, DeadlineStatus};
use crate::letters::{self, AcknowledgementData, LayoutError, Municipality};
use crate::paths;
use crate::roles::{Role, UseCase};
use crate::store::key::{DatabaseKey, KeyError, KeyStore};
use crate::store::{self, ComplaintRecord, Database, DepartmentRecord, StoreError, UserRecord};
use chrono::{NaiveDate, NaiveDateTime};
use sha2::{Digest, Sha256};
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
    #[error("Gebruikersnaam of wachtwoord klopt niet.")]
    LoginFailed,
    #[error("Te veel mislukte pogingen. Probeer het over {seconds} seconden opnieuw.")]
    LoginThrottled { seconds: i64 },
    #[error("Klachtbalie is vergrendeld na {minutes} minuten zonder activiteit. Log opnieuw in.")]
    Locked { minutes: u32 },
    #[error("Klachtbalie is al ingericht op deze computer.")]
    AlreadySetUp,
    #[error("Deze herstelsleutel hoort niet bij deze database. Er is niets gewijzigd. Controleer of u de sleutel van deze installatie heeft.")]
    WrongRecoveryKey,
    #[error("{0}")]
    Key(#[from] KeyError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("De brief kon niet worden gemaakt: {0}")]
    Letter(#[from] LayoutError),
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
    fn name(&self) -> String {
        match self {
            Self::User(user) => user.username.clone(),
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
}

impl From<&UserRecord> for SessionUser {
    fn from(record: &UserRecord) -> Self {
        Self {
            id: record.id,
            username: record.username.clone(),
            display_name: record.display_name.clone(),
            job_title: record.job_title.clone(),
            roles: Role::decode(&record.roles),
        }
    }
}

/// The one permission check (invariant 5): every use case calls it first.
fn require(actor: &Actor, use_case: UseCase) -> ServiceResult<()> {
    match actor {
        Actor::System { .. } => Ok(()),
        Actor::User(user) if use_case.is_allowed_for(&user.roles) => Ok(()),
        Actor::User(_) => Err(ServiceError::Forbidden {
            roles: use_case.allowed_roles().iter().map(|role| role.dutch_label()).collect::<Vec<_>>().join(" of "),
            what: use_case.dutch_description().into(),
        }),
    }
}

/// The answers of the first-start form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SetupForm {
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

impl SetupForm {
    /// The defaults for the first customer, gemeente Diemen.
    pub fn diemen_defaults() -> Self {
        Self {
            municipality_name: "Gemeente Diemen".into(),
            postal_address: "Postbus 191, 1110 AD Diemen".into(),
            visiting_address: "Wilhelminaplein 1, 1111 CE Diemen".into(),
            phone: "14 020".into(),
            website: "www.diemen.nl".into(),
            admin_job_title: "Klachtcoördinator".into(),
            ..Self::default()
        }
    }

    fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut required = |field: &str, value: &str, message: &str| {
            if value.trim().is_empty() {
                errors.push(FieldError { field: field.into(), message: message.into() });
            }
        };
        required("municipality_name", &self.municipality_name, "Vul de naam van de gemeente in.");
        required("postal_address", &self.postal_address, "Vul het postadres in; het komt als retouradres op de brieven.");
        required("admin_username", &self.admin_username, "Kies een gebruikersnaam.");
        required("admin_display_name", &self.admin_display_name, "Vul uw naam in; die komt onder de brieven.");
        required("admin_job_title", &self.admin_job_title, "Vul uw functie in; die komt onder de brieven.");
        if self.admin_username.trim().chars().any(char::is_whitespace) {
            errors.push(FieldError { field: "admin_username".into(), message: "Een gebruikersnaam heeft geen spaties.".into() });
        }
        if let Some(problem) = auth::password_policy_problem(&self.admin_password, &self.admin_password_repeat) {
            let field = if problem.contains("niet gelijk") { "admin_password_repeat" } else { "admin_password" };
            errors.push(FieldError { field: field.into(), message: problem });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
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
    /// One date per line (dd-mm-jjjj or jjjj-mm-dd).
    pub extra_holidays: String,
}

/// What start-up finds in the data folder.
pub enum Startup {
    /// No database yet: show the first-start form.
    NeedsSetup,
    /// A database exists but its key could not be had from the key store.
    NeedsRecoveryKey { reason: String },
    Ready(Box<Klachtbalie>),
}

/// A row of the worklist (DL-09): the nearest open deadline decides the order and the light.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorklistItem {
    pub reference: String,
    pub complainant_name: String,
    pub subject: String,
    pub department_name: String,
    pub handler_name: String,
    pub status: String,
    pub received_on: NaiveDate,
    pub decision_due: NaiveDate,
    pub next_deadline: NaiveDate,
    pub next_deadline_label: String,
    pub light: DeadlineStatus,
    pub acknowledged: bool,
    pub needs_acknowledgement: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisteredComplaint {
    pub reference: String,
    pub handler_name: String,
    pub handler_function: String,
    pub handler_reason: String,
    pub deadlines: ComplaintDeadlines,
    pub needs_acknowledgement: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredLetter {
    pub reference: String,
    pub kind: String,
    pub pdf: Vec<u8>,
    pub sha256: String,
    pub newly_created: bool,
}

/// Settings kept in the database; defaults apply where none is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub municipality: Municipality,
    pub lock_minutes: u32,
    pub norms: DeadlineNorms,
    pub calendar: HolidayCalendar,
}

const ACKNOWLEDGEMENT: &str = "ontvangstbevestiging";

/// An open, unlocked Klachtbalie database and the clock it runs on.
pub struct Klachtbalie {
    database: Database,
    key: DatabaseKey,
    clock: Arc<dyn Clock>,
    data_dir: PathBuf,
}

impl std::fmt::Debug for Klachtbalie {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Klachtbalie").field("data_dir", &self.data_dir).finish()
    }
}

/// Looks at the data folder and opens the database if its key is in the key store.
pub fn start(data_dir: &Path, key_store: &dyn KeyStore, clock: Arc<dyn Clock>) -> ServiceResult<Startup> {
    let database_path = paths::database_path(data_dir);
    if !database_path.exists() {
        return Ok(Startup::NeedsSetup);
    }
    let key = match key_store.load(&paths::database_id(data_dir)) {
        Ok(Some(key)) => key,
        Ok(None) => {
            return Ok(Startup::NeedsRecoveryKey {
                reason: "De sleutel van de database staat niet in de sleutelkluis van deze computer. Dat gebeurt \
                         bij een nieuw gebruikersaccount of als de sleutelkluis is gewist."
                    .into(),
            })
        }
        Err(error) => return Ok(Startup::NeedsRecoveryKey { reason: error.to_string() }),
    };
    match Database::open(&database_path, &key) {
        Ok(database) => Ok(Startup::Ready(Box::new(Klachtbalie { database, key, clock, data_dir: data_dir.into() }))),
        Err(StoreError::WrongKey(_)) => Ok(Startup::NeedsRecoveryKey {
            reason: "De sleutel in de sleutelkluis past niet op deze database.".into(),
        }),
        Err(other) => Err(other.into()),
    }
}

/// First start: creates the key, the encrypted database, the settings and the first account
/// (Beheerder and Klachtcoördinator). Returns the opened database; its recovery key is
/// available through `pending_recovery_key` until the user confirms it was saved.
pub fn set_up(data_dir: &Path, key_store: &dyn KeyStore, clock: Arc<dyn Clock>, form: &SetupForm) -> ServiceResult<Klachtbalie> {
    let database_path = paths::database_path(data_dir);
    if database_path.exists() {
        return Err(ServiceError::AlreadySetUp);
    }
    form.validate().map_err(ServiceError::Validation)?;
    let password_hash = auth::hash_password(&form.admin_password).map_err(ServiceError::Io)?;
    std::fs::create_dir_all(data_dir)
        .map_err(|error| ServiceError::Io(format!("De map {} kon niet worden gemaakt: {error}", data_dir.display())))?;
    let key = DatabaseKey::generate();
    // The key goes into the key store before the database exists: if that fails, nothing
    // was created and the user can simply try again.
    key_store.save(&paths::database_id(data_dir), &key)?;
    let mut database = Database::create(&database_path, &key)?;
    let now = clock.now();
    let municipality = Municipality {
        name: form.municipality_name.clone(),
        postal_address: form.postal_address.clone(),
        visiting_address: form.visiting_address.clone(),
        phone: form.phone.clone(),
        website: form.website.clone(),
    };
    database.write(|tx| -> ServiceResult<()> {
        write_municipality(tx, &municipality)?;
        tx.set_setting("recovery_key_confirmed", "0")?;
        tx.insert_user(
            &UserRecord {
                id: 0,
                username: form.admin_username.trim().to_string(),
                display_name: form.admin_display_name.trim().to_string(),
                job_title: form.admin_job_title.trim().to_string(),
                password_hash,
                roles: Role::encode(&[Role::Beheerder, Role::Klachtcoordinator]),
                active: true,
            },
            now,
        )?;
        Ok(())
    })?;
    Ok(Klachtbalie { database, key, clock, data_dir: data_dir.into() })
}

/// Opens the database with a typed recovery key and puts the key back in the key store. A
/// wrong key is refused without writing to the data folder. If the key store cannot take the
/// key, the database still opens for this session and the second value says why it will be
/// asked for again next time.
pub fn unlock_with_recovery_key(
    data_dir: &Path,
    key_store: &dyn KeyStore,
    clock: Arc<dyn Clock>,
    recovery_key: &str,
) -> ServiceResult<(Klachtbalie, Option<String>)> {
    let key = DatabaseKey::from_recovery_key(recovery_key)?;
    let database_path = paths::database_path(data_dir);
    store::verify_key(&database_path, &key).map_err(|error| match error {
        StoreError::WrongKey(_) => ServiceError::WrongRecoveryKey,
        other => other.into(),
    })?;
    let database = Database::open(&database_path, &key)?;
    let warning = key_store.save(&paths::database_id(data_dir), &key).err().map(|error| {
        format!("De database is geopend, maar de sleutel kon niet in de sleutelkluis worden bewaard ({error}). Bij de volgende start is de herstelsleutel weer nodig.")
    });
    Ok((Klachtbalie { database, key, clock, data_dir: data_dir.into() }, warning))
}

impl ServiceError {
    /// A stable, machine-readable kind for the UI to branch on.
    pub fn kind(&self) -> &'static str {
        match self {
            Self::Validation(_) => "validation",
            Self::Forbidden { .. } => "forbidden",
            Self::NotFound(_) => "not_found",
            Self::LoginFailed => "login_failed",
            Self::LoginThrottled { .. } => "login_throttled",
            Self::Locked { .. } => "locked",
            Self::AlreadySetUp => "already_set_up",
            Self::WrongRecoveryKey => "wrong_recovery_key",
            Self::Key(_) => "key",
            Self::Store(_) => "store",
            Self::Letter(_) => "letter",
            Self::Io(_) => "io",
        }
    }
}

impl Klachtbalie {
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
            },
            lock_minutes: get("lock_minutes")?.parse().unwrap_or(15),
            norms: DeadlineNorms::default(),
            calendar: HolidayCalendar::with_extra_holidays(extra_holidays),
        })
    }

    /// The recovery key, as long as the first user has not confirmed that it was saved.
    pub fn pending_recovery_key(&self) -> ServiceResult<Option<String>> {
        let confirmed = self.database.reader().setting("recovery_key_confirmed")?;
        Ok((confirmed.as_deref() == Some("0")).then(|| self.key.recovery_key()))
    }

    /// The printable recovery-key sheet; only while the key is still pending.
    pub fn recovery_key_sheet(&self) -> ServiceResult<Vec<u8>> {
        let recovery_key = self
            .pending_recovery_key()?
            .ok_or_else(|| ServiceError::NotFound("De herstelsleutel is al bewaard en wordt niet opnieuw getoond.".into()))?;
        let settings = self.settings()?;
        let location = self.database.path().display().to_string();
        Ok(letters::render_recovery_key_sheet(&settings.municipality, &recovery_key, self.today(), &location)?)
    }

    pub fn confirm_recovery_key_saved(&mut self) -> ServiceResult<()> {
        self.database.write(|tx| -> ServiceResult<()> { Ok(tx.set_setting("recovery_key_confirmed", "1")?) })
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
                let _ = auth::verify_password(password, DUMMY_HASH);
                false
            }
        };
        match user {
            Some(record) if verified => {
                self.database.write(|tx| -> ServiceResult<()> { Ok(tx.clear_login_failures(username)?) })?;
                Ok(SessionUser::from(&record))
            }
            _ => {
                self.database.write(|tx| -> ServiceResult<()> { Ok(tx.record_login_failure(username, now)?) })?;
                Err(ServiceError::LoginFailed)
            }
        }
    }

    pub fn departments(&self, actor: &Actor) -> ServiceResult<Vec<DepartmentRecord>> {
        require(actor, UseCase::ListDepartments)?;
        Ok(self.database.reader().departments()?)
    }

    /// Adds (id `None`) or changes a department and its manager.
    pub fn save_department(
        &mut self,
        actor: &Actor,
        id: Option<i64>,
        name: &str,
        manager_name: &str,
        manager_function: &str,
    ) -> ServiceResult<DepartmentRecord> {
        require(actor, UseCase::ManageDepartments)?;
        let mut errors = Vec::new();
        for (field, value, message) in [
            ("name", name, "Vul de naam van de afdeling in."),
            ("manager_name", manager_name, "Vul de naam van de manager in; die behandelt de klachten over deze afdeling."),
            ("manager_function", manager_function, "Vul de functie van de manager in, bijvoorbeeld afdelingsmanager."),
        ] {
            if value.trim().is_empty() {
                errors.push(FieldError { field: field.into(), message: message.into() });
            }
        }
        let existing = self.database.reader().departments()?;
        if existing.iter().any(|d| d.name.eq_ignore_ascii_case(name.trim()) && Some(d.id) != id) {
            errors.push(FieldError { field: "name".into(), message: "Er is al een afdeling met deze naam.".into() });
        }
        if let Some(id) = id {
            if !existing.iter().any(|d| d.id == id) {
                return Err(ServiceError::NotFound("Deze afdeling bestaat niet (meer).".into()));
            }
        }
        if !errors.is_empty() {
            return Err(ServiceError::Validation(errors));
        }
        let id = self.database.write(|tx| -> ServiceResult<i64> {
            Ok(tx.save_department(id, name.trim(), manager_name.trim(), manager_function.trim())?)
        })?;
        self.database
            .reader()
            .department(id)?
            .ok_or_else(|| ServiceError::NotFound("De afdeling is niet gevonden na het opslaan.".into()))
    }

        /// The settings as the Beheerder sees them.
    pub fn settings_for(&self, actor: &Actor) -> ServiceResult<Settings> {
        require(actor, UseCase::ManageSettings)?;
        self.settings()
    }

    /// Changes the letterhead, the inactivity lock (SEC-03) and the extra holidays (DL-04).
    /// All fields are checked first; nothing is stored unless all are valid.
    pub fn update_settings(&mut self, actor: &Actor, form: &SettingsForm) -> ServiceResult<Settings> {
        require(actor, UseCase::ManageSettings)?;
        let mut errors = Vec::new();
        let mut fail = |field: &str, message: String| errors.push(FieldError { field: field.into(), message });
        if form.municipality_name.trim().is_empty() {
            fail("municipality_name", "Vul de naam van de gemeente in.".into());
        }
        if form.postal_address.trim().is_empty() {
            fail("postal_address", "Vul het postadres in; het komt als retouradres op de brieven.".into());
        }
        let lock_minutes = match form.lock_minutes.trim().parse::<u32>() {
            Ok(minutes) if (1..=120).contains(&minutes) => minutes,
            _ => {
                fail("lock_minutes", "Vul een aantal minuten in van 1 tot en met 120.".into());
                15
            }
        };
        let mut holidays = Vec::new();
        for line in form.extra_holidays.split(['\n', ',']).map(str::trim).filter(|line| !line.is_empty()) {
            match crate::domain::complaint::parse_dutch_or_iso_date(line) {
                Some(date) => holidays.push(date),
                None => fail("extra_holidays", format!("'{line}' is geen datum. Eén datum per regel, bijvoorbeeld 15-05-2026.")),
            }
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
        };
        self.database.write(|tx| -> ServiceResult<()> {
            write_municipality(tx, &municipality)?;
            tx.set_setting("lock_minutes", &lock_minutes.to_string())?;
            tx.set_setting("extra_holidays", &holidays)?;
            Ok(())
        })?;
        self.settings()
    }

    /// The one function that gives a complaint's deadlines (DL-10), with the configured
    /// calendar and norms.
    pub fn deadlines_for(&self, received_on: NaiveDate) -> ServiceResult<ComplaintDeadlines> {
        let settings = self.settings()?;
        Ok(compute_deadlines(received_on, &settings.calendar, &settings.norms))
    }

    /// INT-01..03: validates, numbers, routes and stores a complaint in one transaction.
    pub fn register_complaint(&mut self, actor: &Actor, form: &ComplaintForm) -> ServiceResult<RegisteredComplaint> {
        require(actor, UseCase::RegisterComplaint)?;
        let departments = self.database.reader().departments()?;
        let complaint = form
            .validate(self.today(), |id| departments.iter().any(|d| d.id == id))
            .map_err(ServiceError::Validation)?;
        let department = departments
            .iter()
            .find(|d| d.id == complaint.department_id)
            .ok_or_else(|| ServiceError::NotFound("De gekozen afdeling bestaat niet meer.".into()))?;
        // Skeleton routing: the manager of the department the complaint is about (RT-06:
        // the rule is stored with the choice). The full klachtregeling replaces this.
        let handler_reason = format!(
            "{} van {}, want de klacht gaat over {}",
            department.manager_function,
            department.name,
            match complaint.complaint_type {
                crate::domain::complaint::ComplaintType::Bejegening => format!("een medewerker van {}", department.name),
                crate::domain::complaint::ComplaintType::Dienstverlening => format!("de dienstverlening van {}", department.name),
            }
        );
        let now = self.clock.now();
        let actor_name = actor.name();
        let year = chrono::Datelike::year(&now.date());
        let reference = self.database.write(|tx| -> ServiceResult<String> {
            let reference = tx.next_reference(year)?;
            let id = tx.insert_complaint(
                &reference,
                &complaint,
                &department.manager_name,
                &department.manager_function,
                &handler_reason,
                now,
                &actor_name,
            )?;
            tx.insert_event(id, now, &actor_name, "geregistreerd", &format!("via {}", complaint.channel.dutch_label()))?;
            tx.insert_event(id, now, &actor_name, "toegewezen", &format!("{}: {}", department.manager_name, handler_reason))?;
            Ok(reference.to_string())
        })?;
        Ok(RegisteredComplaint {
            reference,
            handler_name: department.manager_name.clone(),
            handler_function: department.manager_function.clone(),
            handler_reason,
            deadlines: self.deadlines_for(complaint.received_on)?,
            needs_acknowledgement: complaint.channel.is_written(),
        })
    }

    /// DL-09: open complaints, nearest deadline first, with their traffic light.
    pub fn worklist(&self, actor: &Actor) -> ServiceResult<Vec<WorklistItem>> {
        require(actor, UseCase::ViewWorklist)?;
        let settings = self.settings()?;
        let today = self.today();
        let mut items: Vec<WorklistItem> = self
            .database
            .reader()
            .open_complaints()?
            .into_iter()
            .map(|record| worklist_item(record, &settings, today))
            .collect();
        items.sort_by(|a, b| a.next_deadline.cmp(&b.next_deadline).then_with(|| a.reference.cmp(&b.reference)));
        Ok(items)
    }

    /// Section 6: makes the acknowledgement once, stores it with its SHA-256, and afterwards
    /// always returns the stored PDF (printing reuses it; it never changes).
    pub fn acknowledgement_letter(&mut self, actor: &Actor, reference: &str) -> ServiceResult<StoredLetter> {
        require(actor, UseCase::PrintAcknowledgement)?;
        let record = self
            .database
            .reader()
            .complaint_by_reference(reference.trim())?
            .ok_or_else(|| ServiceError::NotFound(format!("Klacht {reference} bestaat niet.")))?;
        if let Some(letter) = self.database.reader().latest_letter(record.id, ACKNOWLEDGEMENT)? {
            return Ok(StoredLetter {
                reference: record.reference,
                kind: letter.kind,
                pdf: letter.pdf,
                sha256: letter.sha256,
                newly_created: false,
            });
        }
        let settings = self.settings()?;
        let deadlines = compute_deadlines(record.complaint.received_on, &settings.calendar, &settings.norms);
        let (signer_name, signer_function) = match actor {
            Actor::User(user) => (user.display_name.clone(), user.job_title.clone()),
            Actor::System { .. } => ("De klachtcoördinator".to_string(), String::new()),
        };
        let complaint = &record.complaint;
        let data = AcknowledgementData {
            municipality: settings.municipality,
            reference: record.reference.clone(),
            letter_date: self.today(),
            complainant_name: complaint.complainant_name.clone(),
            address_lines: vec![
                complaint.street_address.clone(),
                format!("{}  {}", complaint.postcode, complaint.city.to_uppercase()).trim().to_string(),
            ],
            received_on: complaint.received_on,
            subject: subject_of(complaint.description.as_str(), 120),
            handler_name: record.handler_name.clone(),
            handler_function: record.handler_function.clone(),
            first_contact_due: deadlines.first_contact_due,
            decision_due: deadlines.decision_due,
            signer_name,
            signer_function,
        };
        let pdf = letters::render_acknowledgement(&data)?;
        let sha256 = hex::encode(Sha256::digest(&pdf));
        let now = self.clock.now();
        let actor_name = actor.name();
        self.database.write(|tx| -> ServiceResult<()> {
            tx.insert_letter(record.id, ACKNOWLEDGEMENT, &pdf, &sha256, now, &actor_name)?;
            tx.insert_event(record.id, now, &actor_name, "brief", &format!("ontvangstbevestiging gemaakt (sha256 {sha256})"))?;
            Ok(())
        })?;
        Ok(StoredLetter { reference: record.reference, kind: ACKNOWLEDGEMENT.into(), pdf, sha256, newly_created: true })
    }

    /// The timeline of one complaint (PR-08): (time, actor, kind, detail).
    pub fn timeline(&self, actor: &Actor, reference: &str) -> ServiceResult<Vec<(String, String, String, String)>> {
        require(actor, UseCase::ViewWorklist)?;
        let record = self
            .database
            .reader()
            .complaint_by_reference(reference.trim())?
            .ok_or_else(|| ServiceError::NotFound(format!("Klacht {reference} bestaat niet.")))?;
        Ok(self.database.reader().events(record.id)?)
    }

    pub fn user(&self, id: i64) -> ServiceResult<Option<SessionUser>> {
        Ok(self.database.reader().user_by_id(id)?.filter(|user| user.active).map(|user| SessionUser::from(&user)))
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
    Ok(())
}

/// A hash of a random password, verified against when the user does not exist.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$2hDw3ndmIbKAsuYLtGa7XaZIkYh+5i/x0mFxSk1JsyA";

/// The first `limit` characters of the description, on one line, as the complaint's subject.
fn subject_of(description: &str, limit: usize) -> String {
    let single_line = description.split_whitespace().collect::<Vec<_>>().join(" ");
    if single_line.chars().count() <= limit {
        return single_line;
    }
    let cut: String = single_line.chars().take(limit).collect();
    let at_word = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{at_word} …")
}

fn worklist_item(record: ComplaintRecord, settings: &Settings, today: NaiveDate) -> WorklistItem {
    let complaint = &record.complaint;
    let deadlines = compute_deadlines(complaint.received_on, &settings.calendar, &settings.norms);
    let needs_acknowledgement = complaint.channel.is_written() && !record.acknowledged;
    let mut open = vec![(deadlines.decision_due, "beslissing op de klacht")];
    if needs_acknowledgement {
        open.push((deadlines.acknowledgement_due, "ontvangstbevestiging versturen"));
    }
    let (next_deadline, label) = open.into_iter().min_by_key(|(date, _)| *date).unwrap_or((deadlines.decision_due, ""));
    WorklistItem {
        reference: record.reference,
        complainant_name: complaint.complainant_name.clone(),
        subject: subject_of(&complaint.description, 80),
        department_name: record.department_name,
        handler_name: record.handler_name,
        status: record.status,
        received_on: complaint.received_on,
        decision_due: deadlines.decision_due,
        next_deadline,
        next_deadline_label: label.into(),
        light: deadline_status(next_deadline, today, &settings.calendar, &settings.norms),
        acknowledged: record.acknowledged,
        needs_acknowledgement,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_cut_at_a_word() {
        assert_eq!(subject_of("kort", 10), "kort");
        assert_eq!(subject_of("een lange zin met\nveel woorden", 12), "een lange …");
    }
}
