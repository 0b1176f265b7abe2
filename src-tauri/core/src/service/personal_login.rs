//! Signing in on a desk where every person logs in to the shared database with their own
//! login (SEC-07, issue 25 item 1): the server checks the password (SCRAM, or the
//! municipality's directory through `pg_hba` method `ldap`) and the desk connects only then,
//! as that person. Klachtbalie keeps no password for it anywhere: the person's account is the
//! row in `users` whose user name is the login's name, and the server records that login with
//! every write.

use super::startup::Startup;
use super::{Klachtbalie, ServiceError, ServiceResult, SessionUser};
use crate::audit::{AuditEvent, AuditStamp};
use crate::clock::Clock;
use crate::roles::Role;
use crate::store::key::KeyStore;
use crate::store::{SharedLocation, StoreError};
use std::path::Path;
use std::sync::Arc;

/// Where a person's sign-in on the shared database ended.
pub enum PersonalStart {
    /// Connected as the person and signed in.
    Ready(Box<Klachtbalie>, SessionUser),
    /// The server let the person in, but this desk has no key for the database yet (or not
    /// the current one): the recovery key joins it, on the person's connection.
    NeedsRecoveryKey { reason: String },
    /// The database has no schema yet: its owner sets it up first.
    NeedsSetup,
}

/// Connects as the person of `location` (their login and the password they typed) and signs
/// them in. A refused password is the server's answer (`StoreError::SharedLogin`, in Dutch,
/// naming the login): no table on the server counts attempts that a desk could clear.
pub fn sign_in_personally(
    location: &SharedLocation,
    key_store: &dyn KeyStore,
    clock: Arc<dyn Clock>,
    data_dir: &Path,
) -> ServiceResult<PersonalStart> {
    match super::start_shared(location, key_store, clock, data_dir)? {
        Startup::NeedsSetup => Ok(PersonalStart::NeedsSetup),
        Startup::NeedsRecoveryKey { reason } => Ok(PersonalStart::NeedsRecoveryKey { reason }),
        Startup::Ready(mut app) => {
            let user = app.sign_in_connected_person()?;
            Ok(PersonalStart::Ready(app, user))
        }
    }
}

impl Klachtbalie {
    /// The person the server let in on this connection, as a Klachtbalie session: the login
    /// must be an ordinary desk login (a member of the desks' role that owns nothing) and
    /// have an active account of the same name. Audited like a log-in with a password.
    pub fn sign_in_connected_person(&mut self) -> ServiceResult<SessionUser> {
        let rights = self
            .database
            .login_rights()?
            .ok_or_else(|| ServiceError::Refused("Aanmelden met een eigen login kan alleen op de gedeelde database.".into()))?;
        let login = rights.user.clone();
        if rights.owns_database {
            return Err(ServiceError::Refused(format!(
                "De login {login} is eigenaar (of superuser) van de database; daarmee werkt niemand aan klachten. Meld u aan \
                 met uw eigen login."
            )));
        }
        if !rights.person {
            return Err(ServiceError::Refused(format!(
                "De login {login} is geen persoonlijke login (lid van de rol {}); vraag de databasebeheerder de login aan te \
                 maken zoals in de README staat.",
                crate::store::PERSONS_ROLE
            )));
        }
        let stamp = AuditStamp { at: self.clock.now(), actor: login.clone(), workstation: self.workstation.clone() };
        // The server knows the person by the login's exact name; so must the account.
        let record = self.database.reader().user_by_username(&login)?.filter(|record| record.active && record.username == login);
        let Some(record) = record else {
            let event = AuditEvent::failed("inloggen", format!("{login} (eigen login, geen actief account)"));
            self.database
                .write(|tx| -> ServiceResult<()> {
                    tx.append_audit(&stamp, &event)?;
                    Ok(())
                })
                .or_else(tolerate_damaged_log)?;
            self.remember_audit_end();
            return Err(ServiceError::Refused(format!(
                "De database laat de login {login} toe, maar Klachtbalie heeft geen actief account met die naam. Vraag de \
                 Beheerder het account {login} aan te maken of weer te activeren."
            )));
        };
        let event = AuditEvent::success("inloggen", format!("{login} (eigen login, wachtwoord gecontroleerd door de server)"));
        let written = self.database.write(|tx| -> ServiceResult<()> {
            tx.append_audit(&stamp, &event)?;
            Ok(())
        });
        self.remember_audit_end();
        self.connected_person = Some(record.username.clone());
        let session = self.session_of(&record);
        match written {
            // SEC-02: a Beheerder gets in while the log's end is damaged, to acknowledge it.
            Err(ServiceError::Store(StoreError::AuditTampered(_))) if session.roles.contains(&Role::Beheerder) => {
                tracing::warn!(user = %session.username, "Beheerder aangemeld terwijl het auditlog aangetast is");
                Ok(session)
            }
            Err(error) => Err(error),
            Ok(()) => Ok(session),
        }
    }
}

impl Klachtbalie {
    /// The CLI on the shared store: the person whose own login this connection is, signed in
    /// (audited; refused without an active account), or `None` for the owner's login (set-up,
    /// migrations) and a desks' shared login of before.
    pub fn person_of_this_connection(&mut self) -> ServiceResult<Option<SessionUser>> {
        let Some(rights) = self.database.login_rights()? else { return Ok(None) };
        if rights.owns_database || !rights.person {
            return Ok(None);
        }
        self.sign_in_connected_person().map(Some)
    }

    /// The active account `id` as a session; also for every command, which reads it again.
    pub fn user(&self, id: i64) -> ServiceResult<Option<SessionUser>> {
        Ok(self.database.reader().user_by_id(id)?.filter(|user| user.active).map(|user| self.session_of(&user)))
    }

    /// The server checks the password of the person whose own login this connection is: it
    /// must be replaced only while it is the first password a Beheerder gave their login
    /// (schema 14 keeps that duty in the account, which holds no password of ours). A first
    /// password Klachtbalie handed out before their login existed is never asked for, so it
    /// need not be replaced either.
    fn session_of(&self, record: &crate::store::UserRecord) -> SessionUser {
        let own_login = self.connected_person.as_deref().is_some_and(|login| login.eq_ignore_ascii_case(&record.username));
        let must_change_password = record.must_change_password && (!own_login || record.password_hash.is_empty());
        SessionUser { must_change_password, ..SessionUser::from(record) }
    }
}

/// A refused sign-in is still refused while the audit log's end is damaged (the entry cannot
/// be written then); the refusal must not turn into the log's error.
fn tolerate_damaged_log(error: ServiceError) -> ServiceResult<()> {
    match error {
        ServiceError::Store(StoreError::AuditTampered(_)) => {
            tracing::warn!("geweigerde aanmelding terwijl het auditlog aangetast is (niet in het auditlog)");
            Ok(())
        }
        other => Err(other),
    }
}
