//! Start-up: what the data folder holds (nothing, a database whose key is at hand, one whose
//! key is not, a damaged file), the atomic first set-up, and unlocking with the recovery key.

use super::{write_municipality, Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::{AuditEvent, AuditStamp};
use crate::auth;
use crate::clock::Clock;
use crate::domain::form::FieldError;
use crate::files;
use crate::letters::{default_signature_lines, Municipality};
use crate::paths;
use crate::roles::Role;
use crate::store::key::{DatabaseKey, KeyStore};
use crate::store::{self, Database, StoreError, UserRecord};
use chrono::NaiveDateTime;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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
        let diemen = Municipality::diemen_example();
        Self {
            municipality_name: diemen.name,
            postal_address: diemen.postal_address,
            visiting_address: diemen.visiting_address,
            phone: diemen.phone,
            website: diemen.website,
            admin_job_title: "Klachtcoördinator".into(),
            ..Self::default()
        }
    }

    /// The same checks for a first account that is a person's own database login: the server
    /// checks its password, so Klachtbalie sets no rule for it; it must only be given.
    pub fn validate_as_person(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = self.validate().err().unwrap_or_default();
        errors.retain(|error| error.field != "admin_password" && error.field != "admin_password_repeat");
        if self.admin_password.is_empty() {
            errors.push(FieldError { field: "admin_password".into(), message: "Vul het wachtwoord van uw eigen login in.".into() });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }

    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        use crate::domain::organisation::MAX_NAME_CHARS;
        use crate::domain::text::{text_problem, Lines};
        let mut errors = municipality_problems(&[
            ("municipality_name", &self.municipality_name),
            ("postal_address", &self.postal_address),
            ("visiting_address", &self.visiting_address),
            ("phone", &self.phone),
            ("website", &self.website),
        ]);
        // In the form's order: the user name comes before the name and the job title.
        if let Some(message) = crate::domain::text::username_problem(self.admin_username.trim()) {
            errors.push(FieldError { field: "admin_username".into(), message });
        }
        // INT-02: the same rule as everywhere: no control or bidi characters.
        let mut check = |field: &str, value: &str, missing: Option<&str>| {
            if let Some(message) = text_problem(value, Lines::Single, MAX_NAME_CHARS, missing) {
                errors.push(FieldError { field: field.into(), message });
            }
        };
        check("admin_display_name", &self.admin_display_name, Some("Vul uw naam in; die komt onder de brieven."));
        check("admin_job_title", &self.admin_job_title, Some("Vul uw functie in; die komt onder de brieven."));
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

/// What start-up finds in the data folder.
pub enum Startup {
    /// No database yet: show the first-start form.
    NeedsSetup,
    /// A database exists but its key could not be had from the key store.
    NeedsRecoveryKey {
        reason: String,
    },
    Ready(Box<Klachtbalie>),
}

/// Looks at the data folder and opens the database if its key is in the key store. A file
/// that exists but cannot be a database (empty, cut off, damaged) is refused and left alone:
/// only a folder without a database file gets the first-start form.
pub fn start(data_dir: &Path, key_store: &dyn KeyStore, clock: Arc<dyn Clock>) -> ServiceResult<Startup> {
    let database_path = paths::database_path(data_dir);
    // try_exists: a folder we may not read is an error, never "not set up yet".
    if !database_path
        .try_exists()
        .map_err(|error| ServiceError::Io(format!("De map {} kan niet worden gelezen: {error}", data_dir.display())))?
    {
        return Ok(Startup::NeedsSetup);
    }
    let key = match key_store.load(&paths::database_id(data_dir)) {
        Ok(Some(key)) => key,
        Ok(None) => return Ok(Startup::NeedsRecoveryKey { reason: key_store.missing_key_reason() }),
        Err(error) => return Ok(Startup::NeedsRecoveryKey { reason: error.to_string() }),
    };
    match Database::open(&database_path, &key) {
        Ok(database) if is_interrupted_set_up(&database)? => {
            set_aside(database, &database_path)?;
            Ok(Startup::NeedsSetup)
        }
        Ok(database) => Ok(Startup::Ready(Box::new(Klachtbalie::new(database, key, clock, data_dir)))),
        Err(StoreError::WrongKey(_)) | Err(StoreError::WrongKeyOrDamaged(_)) => Ok(Startup::NeedsRecoveryKey {
            reason: format!(
                "De sleutel in {} past niet op deze database{}.",
                key_store.dutch_name(),
                if store::key_check_path(&database_path).exists() { "" } else { " (of het begin van het databasebestand is beschadigd)" }
            ),
        }),
        Err(other) => Err(other.into()),
    }
}

/// A database left by a set-up of an older version that was stopped half-way: the schema but
/// no account and no complaint. It holds nothing of value.
fn is_interrupted_set_up(database: &Database) -> ServiceResult<bool> {
    let reader = database.reader();
    // Every table a user or the CLI could have filled must be empty: nothing of value is moved.
    Ok(reader.user_count()? == 0
        && reader.complaint_count()? == 0
        && reader.audit_head()?.is_none()
        && reader.org_chart_file()?.officials.is_empty())
}

/// Renames a half-finished database out of the way (never deletes it), so set-up can start clean.
fn set_aside(database: Database, database_path: &Path) -> ServiceResult<PathBuf> {
    database.close()?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let mut aside = database_path.as_os_str().to_owned();
    aside.push(format!(".onvolledig-{stamp}"));
    let aside = PathBuf::from(aside);
    std::fs::rename(database_path, &aside).map_err(|error| {
        ServiceError::Io(format!("Een half afgebroken inrichting kon niet opzij worden gezet ({}): {error}", aside.display()))
    })?;
    let _ = std::fs::remove_file(store::key_check_path(database_path));
    Ok(aside)
}

/// Temporary databases of set-ups that were stopped before they completed, with their
/// key-check files and the hidden temporary file of a key-check file that was being written
/// (`.klachtbalie.db.inrichten-….sleutelcontrole.….tmp`) when the set-up was killed.
fn set_up_leftovers(data_dir: &Path) -> Vec<PathBuf> {
    let prefix = format!("{}.inrichten-", paths::DATABASE_FILE);
    let hidden_prefix = format!(".{prefix}");
    std::fs::read_dir(data_dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|entry| {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    name.starts_with(&prefix) || name.starts_with(&hidden_prefix)
                })
                .map(|entry| entry.path())
                .collect()
        })
        .unwrap_or_default()
}

/// The municipality's own lines on every letter, at set-up and in Instellingen, through the one
/// rule for text (INT-02: no control or bidi characters, at most 200 characters; a name and a
/// postal address are required). `fields` are (field, value) pairs of the five fields.
pub(crate) fn municipality_problems(fields: &[(&str, &str)]) -> Vec<FieldError> {
    use crate::domain::organisation::MAX_NAME_CHARS;
    use crate::domain::text::{text_problem, Lines};
    fields
        .iter()
        .filter_map(|(field, value)| {
            let missing = match *field {
                "municipality_name" => Some("Vul de naam van de gemeente in."),
                "postal_address" => Some("Vul het postadres in; het komt als retouradres op de brieven."),
                _ => None,
            };
            text_problem(value, Lines::Single, MAX_NAME_CHARS, missing).map(|message| FieldError { field: field.to_string(), message })
        })
        .collect()
}

/// First start: creates the key, the encrypted database, the settings and the first account
/// (Beheerder and Klachtcoördinator). The database is built completely under a temporary name
/// and only then renamed to `klachtbalie.db`, so a set-up that is stopped half-way (killed,
/// power cut) leaves no database and can simply be run again. A key that an interrupted
/// set-up already put in the key store is used again. Returns the opened database; its
/// recovery key is available through `pending_recovery_key` until the user confirms it was
/// saved.
pub fn set_up(data_dir: &Path, key_store: &dyn KeyStore, clock: Arc<dyn Clock>, form: &SetupForm) -> ServiceResult<Klachtbalie> {
    let database_path = paths::database_path(data_dir);
    if database_path.exists() {
        if let Startup::NeedsSetup = start(data_dir, key_store, clock.clone())? {
            // An older version's half-finished set-up was set aside: go on.
        } else {
            return Err(ServiceError::AlreadySetUp);
        }
    }
    form.validate().map_err(ServiceError::Validation)?;
    let password_hash = auth::hash_password(&form.admin_password).map_err(ServiceError::Io)?;
    std::fs::create_dir_all(data_dir)
        .map_err(|error| ServiceError::Io(format!("De map {} kon niet worden gemaakt: {error}", data_dir.display())))?;
    for leftover in set_up_leftovers(data_dir) {
        let _ = std::fs::remove_file(&leftover);
    }
    let database_id = paths::database_id(data_dir);
    let (key, key_is_new) = match key_store.load(&database_id) {
        Ok(Some(key)) => (key, false),
        _ => (DatabaseKey::generate(), true),
    };
    let building = data_dir.join(format!("{}.inrichten-{}", paths::DATABASE_FILE, std::process::id()));
    let result = (|| -> ServiceResult<()> {
        let mut database = Database::create(&building, &key)?;
        write_first_rows(&mut database, form, &password_hash, clock.now())?;
        database.close()?;
        // The key goes into the key store before the database takes its name: a database
        // whose key is nowhere would be lost. If this fails, the temporary file is removed.
        if key_is_new {
            key_store.save(&database_id, &key)?;
        }
        // Leftovers of an earlier database at this name (a WAL without its file) would be
        // read as part of the new one: they are set aside, never deleted.
        for suffix in ["-wal", "-shm", "-journal"] {
            let mut leftover = database_path.as_os_str().to_owned();
            leftover.push(suffix);
            let leftover = PathBuf::from(leftover);
            if leftover.exists() {
                let mut aside = leftover.as_os_str().to_owned();
                aside.push(format!(".onvolledig-{}", chrono::Local::now().format("%Y%m%d-%H%M%S")));
                std::fs::rename(&leftover, PathBuf::from(aside))
                    .map_err(|error| ServiceError::Io(format!("{} kon niet opzij worden gezet: {error}", leftover.display())))?;
            }
        }
        store::ensure_key_check(&building, &key);
        let building_check = store::key_check_path(&building);
        if building_check.exists() {
            std::fs::rename(&building_check, store::key_check_path(&database_path))
                .map_err(|error| ServiceError::Io(format!("De inrichting kon niet worden afgerond: {error}")))?;
        }
        // Never over a database that another set-up finished in the meantime.
        files::rename_without_replacing(&building, &database_path)
            .map_err(|error| ServiceError::Io(format!("De inrichting kon niet worden afgerond: {error}")))?;
        files::sync_folder(data_dir);
        Ok(())
    })();
    if let Err(error) = result {
        let _ = std::fs::remove_file(&building);
        let _ = std::fs::remove_file(store::key_check_path(&building));
        return Err(error);
    }
    let database = Database::open(&database_path, &key)?;
    Ok(Klachtbalie::new(database, key, clock, data_dir))
}

/// The rows every new database starts with, in one transaction: the first audit entry, the
/// municipality, the recovery-key reminder and the first account (Beheerder and
/// Klachtcoördinator). The same for both stores.
pub(super) fn write_first_rows(database: &mut Database, form: &SetupForm, password_hash: &str, now: NaiveDateTime) -> ServiceResult<()> {
    let municipality = Municipality {
        name: form.municipality_name.clone(),
        postal_address: form.postal_address.clone(),
        visiting_address: form.visiting_address.clone(),
        phone: form.phone.clone(),
        website: form.website.clone(),
        signature_lines: default_signature_lines(&form.municipality_name),
        logo: None,
    };
    let stamp = AuditStamp {
        at: now,
        actor: Actor::System { description: "installatie".into() }.name(),
        workstation: gethostname::gethostname().to_string_lossy().into_owned(),
    };
    database.write(|tx| -> ServiceResult<()> {
        // The first audit entry goes in with the account, so there is never an account
        // without a log (which the head check would take for a deleted log).
        let event = AuditEvent::success("klachtbalie inrichten", form.admin_username.trim());
        tx.append_audit(&stamp, &event)?;
        write_municipality(tx, &municipality)?;
        tx.set_setting("recovery_key_confirmed", "0")?;
        // A new database has no complaint from before the worklist index.
        tx.set_setting(super::worklist_index::INDEX_FILLED, "1")?;
        tx.insert_user(
            &UserRecord {
                id: 0,
                username: form.admin_username.trim().to_string(),
                display_name: form.admin_display_name.trim().to_string(),
                job_title: form.admin_job_title.trim().to_string(),
                password_hash: password_hash.to_string(),
                roles: Role::encode(&[Role::Beheerder, Role::Klachtcoordinator]),
                active: true,
                official_id: None,
                must_change_password: false,
            },
            now,
        )?;
        Ok(())
    })
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
        StoreError::WrongKey(_) | StoreError::WrongKeyOrDamaged(_) => ServiceError::WrongRecoveryKey,
        other => other.into(),
    })?;
    let database = Database::open(&database_path, &key)?;
    let warning = key_store.save(&paths::database_id(data_dir), &key).err().map(|error| {
        format!("De database is geopend, maar de sleutel kon niet in de sleutelkluis worden bewaard ({error}). Bij de volgende start is de herstelsleutel weer nodig.")
    });
    let mut app = Klachtbalie::new(database, key, clock, data_dir);
    let event = AuditEvent::success("geopend met herstelsleutel", "database");
    match app.record(&Actor::System { description: "herstelsleutel".into() }, &event) {
        // The key is right and saved; a damaged audit-log end is for the Beheerder to see
        // under Auditlog, which needs the database open.
        Err(ServiceError::Store(StoreError::AuditTampered(problem))) => {
            tracing::warn!(%problem, "geopend met herstelsleutel terwijl het auditlog aangetast is");
        }
        other => other?,
    }
    Ok((app, warning))
}
