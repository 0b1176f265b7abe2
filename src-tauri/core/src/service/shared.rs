//! Start-up on the municipality's shared database: the first desk sets it up, another desk
//! joins it with the recovery key, and a joined desk starts with the key from its keyring.
//! The database key never reaches the server; only its keyed check value is stored there.

use super::startup::{write_first_rows, SetupForm, Startup};
use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::auth;
use crate::clock::Clock;
use crate::domain::form::FieldError;
use crate::paths;
use crate::store::key::{DatabaseKey, KeyStore};
use crate::store::recovery_key::RecoveryKey;
use crate::store::{self, Database, SharedLocation, StoreError, TransferReport};
use std::path::Path;
use std::sync::Arc;

/// The first desk: creates the schema (the login must own the database), a new key kept in
/// this desk's key store, and the first account. A key an interrupted set-up already saved
/// for this database is used again, as on a single desk.
///
/// `desk_login` is the login the desk works with afterwards (the window asks for it): it is
/// checked before anything is written (it connects, is a member of the desks' role, owns
/// nothing), and the returned service runs on it, so the owner's login is used for the
/// set-up only and its password is never kept. The CLI passes `None`: each of its commands
/// names its own login.
pub fn set_up_shared(
    location: &SharedLocation,
    desk_login: Option<&SharedLocation>,
    key_store: &dyn KeyStore,
    clock: Arc<dyn Clock>,
    form: &SetupForm,
    data_dir: &Path,
) -> ServiceResult<Klachtbalie> {
    // SEC-07: the first account may be the person's own login, whose password the server checks.
    let personal = desk_login.and_then(SharedLocation::login).is_some_and(|login| login.eq_ignore_ascii_case(form.admin_username.trim()));
    if personal { form.validate_as_person() } else { form.validate() }.map_err(ServiceError::Validation)?;
    if crate::store::shared_schema_version(location)?.is_some() {
        return Err(ServiceError::AlreadySetUp);
    }
    forget_audit_end(data_dir);
    if let Some(desk_login) = desk_login {
        // Both logins are checked before anything is written: the owner's first (it must be
        // able to create the schema), then the desks'.
        let owner = crate::store::shared_login_rights(location)?;
        if !owner.owns_database {
            return Err(StoreError::SharedForbidden(format!("{} is geen eigenaar van de database", owner.user)).into());
        }
        let problem = match crate::store::shared_login_rights(desk_login) {
            Ok(desk) if desk.owns_database => Some(format!(
                "{} is eigenaar of superuser van de database; de werkplekken werken met een login zonder die rechten (lid van {}).",
                desk.user,
                crate::store::DESKS_ROLE
            )),
            Ok(desk) if !desk.desks_member => Some(format!(
                "{} is geen lid van de rol {}: die login krijgt geen rechten op de tabellen. Laat de databasebeheerder de login \
                 aanmaken zoals in de README staat.",
                desk.user,
                crate::store::DESKS_ROLE
            )),
            Ok(_) => None,
            Err(StoreError::SharedLogin(login)) => Some(format!("De database weigert de login {login}. Controleer naam en wachtwoord.")),
            Err(other) => return Err(other.into()),
        };
        if let Some(message) = problem {
            return Err(ServiceError::Validation(vec![FieldError { field: "desk_user".into(), message }]));
        }
    }
    // A person's own password is never hashed or kept by Klachtbalie.
    let password_hash = if personal { String::new() } else { auth::hash_password(&form.admin_password).map_err(ServiceError::Io)? };
    let database_id = location.database_id();
    let key = match key_store.load(&database_id) {
        Ok(Some(key)) => key,
        _ => {
            let key = DatabaseKey::generate();
            // Saved before the server holds anything sealed with it: a key that is nowhere
            // would make the shared database unreadable.
            key_store.save(&database_id, &key)?;
            key
        }
    };
    let mut database = Database::create_shared(location, &key)?;
    write_first_rows(&mut database, form, &password_hash, clock.now())?;
    if let Some(desk_login) = desk_login {
        drop(database);
        database = Database::open_shared(desk_login, &key)?;
    }
    Ok(Klachtbalie::new(database, key, clock, data_dir))
}

/// A desk's start on the shared database: not set up yet, not joined yet (or the key in the
/// key store is not this database's), or ready. An unreachable server is an error the
/// window shows with "Opnieuw proberen", never the recovery-key screen.
pub fn start_shared(location: &SharedLocation, key_store: &dyn KeyStore, clock: Arc<dyn Clock>, data_dir: &Path) -> ServiceResult<Startup> {
    if crate::store::shared_schema_version(location)?.is_none() {
        return Ok(Startup::NeedsSetup);
    }
    let key = match key_store.load(&location.database_id()) {
        Ok(Some(key)) => key,
        Ok(None) => {
            return Ok(Startup::NeedsRecoveryKey {
                reason: "Deze werkplek is nog niet gekoppeld aan de gedeelde database. Vul de herstelsleutel in.".into(),
            })
        }
        Err(error) => return Ok(Startup::NeedsRecoveryKey { reason: error.to_string() }),
    };
    match Database::open_shared(location, &key) {
        Ok(database) => Ok(Startup::Ready(Box::new(Klachtbalie::new(database, key, clock, data_dir)))),
        Err(StoreError::SharedWrongKey) => Ok(Startup::NeedsRecoveryKey {
            reason: format!("De sleutel in {} past niet op deze gedeelde database.", key_store.dutch_name()),
        }),
        Err(other) => Err(other.into()),
    }
}

/// "Werkplek koppelen": the recovery key is checked against the server's key-check value
/// before anything is written; only then is it kept in this desk's key store.
pub fn join_shared(
    location: &SharedLocation,
    key_store: &dyn KeyStore,
    clock: Arc<dyn Clock>,
    recovery_key: &str,
    data_dir: &Path,
) -> ServiceResult<Klachtbalie> {
    let typed = RecoveryKey::parse(recovery_key)?;
    let wrap = store::shared_recovery_wrap(location)?.ok_or_else(|| {
        ServiceError::Refused(
            "Op de gedeelde database staat geen herstelsleutel. Laat de databasebeheerder `klachtbalie-cli migrate-schema` \
             of `new-recovery-key` uitvoeren op een werkplek die gekoppeld is. Er is niets gewijzigd."
                .into(),
        )
    })?;
    let Some(key) = typed.unwrap(&wrap) else {
        // A sheet of before schema 10 held the database key itself: say it was replaced,
        // rather than that it is wrong.
        let legacy = DatabaseKey::from_recovery_key(recovery_key)?;
        return Err(match Database::open_shared(location, &legacy) {
            Ok(_) => ServiceError::Refused(
                "Deze herstelsleutel is vervangen: sinds deze versie omhult een eigen herstelsleutel de sleutel van de database. \
                 Vraag de Beheerder om de nieuwe herstelsleutel (op een gekoppelde werkplek getoond na het aanmelden). \
                 Er is niets gewijzigd."
                    .into(),
            ),
            Err(StoreError::SharedWrongKey) => ServiceError::WrongRecoveryKey,
            Err(other) => other.into(),
        });
    };
    let database = Database::open_shared(location, &key).map_err(|error| match error {
        StoreError::SharedWrongKey => ServiceError::WrongRecoveryKey,
        other => other.into(),
    })?;
    key_store.save(&location.database_id(), &key)?;
    forget_audit_end(data_dir);
    let mut app = Klachtbalie::new(database, key, clock, data_dir);
    let event = AuditEvent::success("werkplek gekoppeld", "gedeelde database");
    app.record(&Actor::System { description: "herstelsleutel".into() }, &event)?;
    Ok(app)
}

/// `klachtbalie-cli migrate-to-shared`: copies this computer's single-desk database into an
/// empty shared database under the same key, verifies counts, the audit chain and every
/// sealed value, and records the move in the shared audit log. The shared store gets its own
/// recovery key (which wraps the key), shown to a Beheerder at the next log-in; the single
/// desk's sheet held the key itself and no longer joins a desk.
/// The single desk's file is only read: its bytes are the same before and after.
pub fn migrate_to_shared(
    data_dir: &Path,
    key_store: &dyn KeyStore,
    location: &SharedLocation,
    clock: Arc<dyn Clock>,
) -> ServiceResult<TransferReport> {
    let key = key_store
        .load(&paths::database_id(data_dir))?
        .ok_or_else(|| ServiceError::Refused(format!("de sleutel van de database in {} is niet gevonden", data_dir.display())))?;
    let source = Database::open_read_only(&paths::database_path(data_dir), &key)?;
    if store::shared_has_tables(location)? {
        return Err(ServiceError::Refused(
            "De gedeelde database is niet leeg; overzetten kan alleen naar een lege database. Er is niets gewijzigd.".into(),
        ));
    }
    // The same key serves the shared database; a key file already holds it.
    if key_store.load(&location.database_id())?.as_ref() != Some(&key) {
        key_store.save(&location.database_id(), &key)?;
    }
    let mut target = Database::create_shared(location, &key)?;
    let report = match source.transfer_to(&mut target) {
        Ok(report) => report,
        Err(error) => {
            // Leave an empty database behind, so the move can simply be run again.
            if let Err(cleanup) = target.drop_shared_schema() {
                tracing::error!(detail = %cleanup, "het half overgezette schema kon niet worden verwijderd");
            }
            return Err(error.into());
        }
    };
    forget_audit_end(data_dir);
    let mut app = Klachtbalie::new(target, key, clock, data_dir);
    let event = AuditEvent::success(
        "overgezet naar de gedeelde database",
        format!("{} klachten", report.rows.iter().find(|(table, _)| table == "complaints").map_or(0, |(_, rows)| *rows)),
    );
    let stamp = app.stamp(&Actor::System { description: "migrate-to-shared".into() });
    app.database.write(|tx| -> ServiceResult<()> {
        tx.set_setting("recovery_key_confirmed", "0")?;
        tx.append_audit(&stamp, &event)?;
        Ok(())
    })?;
    app.remember_audit_end();
    Ok(report)
}

/// `klachtbalie-cli rotate-key` (as the owner, every desk closed): a new database key takes
/// over every sealed value, blind-index token and audit link in one transaction, with a new
/// recovery key (returned in the report, for the operator to save). The new key is kept in
/// this computer's key store before the server changes (a key that is nowhere would make the
/// store unreadable); if the server refuses, the old key is put back. Other desks are asked
/// for the new recovery key at their next start.
pub fn rotate_shared_key(
    location: &SharedLocation,
    key_store: &dyn KeyStore,
    clock: Arc<dyn Clock>,
    actor: &Actor,
    data_dir: &Path,
) -> ServiceResult<store::RotationReport> {
    let database_id = location.database_id();
    let key = key_store.load(&database_id)?.ok_or_else(|| {
        ServiceError::Refused(format!("De sleutel van {database_id} staat niet in {}; er is niets gewijzigd.", key_store.dutch_name()))
    })?;
    // Refusals that can be known beforehand come before the key store is touched.
    if !store::shared_key_fits(location, &key)? {
        return Err(StoreError::SharedWrongKey.into());
    }
    let new_key = DatabaseKey::generate();
    key_store.replace(&database_id, &new_key)?;
    let stamp = crate::audit::AuditStamp {
        at: clock.now(),
        actor: actor.name(),
        workstation: gethostname::gethostname().to_string_lossy().into_owned(),
    };
    match store::rotate_shared_key(location, &key, &new_key, &stamp) {
        Ok(report) => {
            forget_audit_end(data_dir);
            Ok(report)
        }
        // Whether the server committed is not always known (the connection may go during the
        // commit): the key its check value now fits decides which key this desk keeps, so the
        // only copy of a key the server uses is never thrown away.
        Err(error) => match store::shared_key_fits(location, &new_key) {
            Ok(false) => match key_store.replace(&database_id, &key) {
                Ok(()) => Err(error.into()),
                Err(problem) => Err(ServiceError::Refused(format!(
                    "De sleutel is niet vervangen ({error}), en de oude sleutel kon niet worden teruggezet in {}: {problem}. \
                     Koppel deze werkplek opnieuw met de herstelsleutel.",
                    key_store.dutch_name()
                ))),
            },
            Ok(true) => {
                forget_audit_end(data_dir);
                Err(ServiceError::Refused(
                    "De sleutel is vervangen, maar de verbinding viel weg voordat de nieuwe herstelsleutel kon worden getoond. \
                     Deze werkplek heeft de nieuwe sleutel; een Beheerder ziet de nieuwe herstelsleutel na het aanmelden op deze \
                     werkplek en bewaart hem."
                        .into(),
                ))
            }
            Err(unknown) => {
                tracing::error!(%error, %unknown, "onbekend of de sleutelwissel is vastgelegd; de nieuwe sleutel blijft bewaard");
                Err(ServiceError::Refused(format!(
                    "Het is niet bekend of de sleutel is vervangen ({error}). Deze werkplek bewaart de nieuwe sleutel. Start \
                     Klachtbalie hier opnieuw zodra de server bereikbaar is; past de sleutel dan niet, koppel de werkplek met de \
                     vorige herstelsleutel."
                )))
            }
        },
    }
}

/// The file in which a shared desk remembers the last audit entry it wrote (SEC-02): the
/// database id, the entry's number and its keyed hash. Not personal data.
fn audit_memory_path(data_dir: &Path) -> std::path::PathBuf {
    data_dir.join("gedeeld-auditlog-laatste-regel.txt")
}

/// A new or newly joined shared database starts without a remembered entry: one remembered
/// for an earlier database at the same address would stop every write there.
fn forget_audit_end(data_dir: &Path) {
    match std::fs::remove_file(audit_memory_path(data_dir)) {
        Ok(()) => {}
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
        Err(error) => tracing::warn!(%error, "de onthouden laatste auditregel kon niet worden verwijderd"),
    }
}

impl Klachtbalie {
    /// After a write on the shared store: remember the last entry this desk appended, so a
    /// chain cut or rewritten on the server later (even with a consistent head) is found.
    pub(super) fn remember_audit_end(&self) {
        if !self.database.others_write_here() {
            return;
        }
        let Some((sequence, hash)) = self.database.last_appended_audit_entry() else { return };
        let text = format!("{}\n{sequence}\n{hash}\n", self.database.location());
        if let Err(error) = crate::files::write_atomically(&audit_memory_path(&self.data_dir), text.as_bytes(), true) {
            tracing::warn!(%error, "de laatste auditregel van deze werkplek kon niet worden onthouden");
        }
    }

    /// The last entry this desk wrote to this shared database, as remembered.
    pub(super) fn remembered_audit_end(&self) -> Option<(i64, String)> {
        if !self.database.others_write_here() {
            return None;
        }
        let text = std::fs::read_to_string(audit_memory_path(&self.data_dir)).ok()?;
        let mut lines = text.lines();
        if lines.next()? != self.database.location() {
            return None;
        }
        Some((lines.next()?.parse().ok()?, lines.next()?.to_string()))
    }
}
