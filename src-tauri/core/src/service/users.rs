//! User administration by the Beheerder (section 1): create accounts, assign roles, link an
//! account to an official of the chart, deactivate (never delete: the audit log refers to
//! accounts) and reset passwords; and every user's own password change.

use super::{Actor, Klachtbalie, ServiceError, ServiceResult, SessionUser};
use crate::audit::AuditEvent;
use crate::auth;
use crate::domain::complaint::MAX_SHORT_TEXT;
use crate::domain::form::FieldError;
use crate::domain::text::{text_problem, Lines};
use crate::roles::{Role, UseCase};
use crate::store::UserRecord;

/// An account as the Beheerder sees it (never the password hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserSummary {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub job_title: String,
    pub roles: Vec<Role>,
    pub official_id: Option<String>,
    pub active: bool,
    pub must_change_password: bool,
}

impl From<&UserRecord> for UserSummary {
    fn from(record: &UserRecord) -> Self {
        Self {
            id: record.id,
            username: record.username.clone(),
            display_name: record.display_name.clone(),
            job_title: record.job_title.clone(),
            roles: Role::decode(&record.roles),
            official_id: record.official_id.clone(),
            active: record.active,
            must_change_password: record.must_change_password,
        }
    }
}

/// The account form as typed. `password` is only used when creating an account.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserForm {
    pub username: String,
    pub display_name: String,
    pub job_title: String,
    /// Chart id, or empty for an account that is no official (KCC, Beheerder).
    pub official_id: String,
    /// Role codes (`Role::code`).
    pub roles: Vec<String>,
    pub active: bool,
    pub password: String,
}

impl Klachtbalie {
    pub fn users(&mut self, actor: &Actor) -> ServiceResult<Vec<UserSummary>> {
        self.authorize(actor, UseCase::ManageUsers, "gebruikers")?;
        Ok(self.database.reader().users()?.iter().map(UserSummary::from).collect())
    }

    /// Creates an account with a first password chosen by the Beheerder; the user must
    /// choose their own at the first log-in. Where people sign in with their own login of the
    /// shared database (SEC-07), that first password is their new login's instead, made by the
    /// server in the same transaction (schema 14); Klachtbalie keeps no password of theirs. A
    /// login the DBA made already (the directory's) is kept, and the first password not used.
    pub fn create_user(&mut self, actor: &Actor, form: &UserForm) -> ServiceResult<UserSummary> {
        self.authorize(actor, UseCase::ManageUsers, form.username.trim())?;
        let username = form.username.trim().to_string();
        let mut errors = self.user_form_problems(form, None)?;
        if let Some(problem) = crate::domain::text::username_problem(&username) {
            errors.push(field_error("username", &problem));
        } else if self.database.reader().users()?.iter().any(|user| user.username.eq_ignore_ascii_case(&username)) {
            // "Beheer" beside "beheer" would read as the same person in the log.
            errors.push(field_error("username", "Deze gebruikersnaam bestaat al (ook gedeactiveerde accounts houden hun naam)."));
        }
        if let Some(problem) = auth::password_policy_problem(&form.password, &form.password) {
            errors.push(field_error("password", &problem));
        }
        if !errors.is_empty() {
            return Err(ServiceError::Validation(errors));
        }
        let own_logins = self.connected_person.is_some();
        // A person's account holds no password of ours (the server clears it too, schema 11).
        let password_hash = if own_logins { String::new() } else { auth::hash_password(&form.password).map_err(ServiceError::Io)? };
        let record = UserRecord {
            id: 0,
            username: username.clone(),
            display_name: form.display_name.trim().into(),
            job_title: form.job_title.trim().into(),
            password_hash,
            roles: Role::encode(&parse_roles(&form.roles)),
            active: true,
            official_id: blank_to_none(&form.official_id),
            must_change_password: !own_logins,
        };
        let now = self.clock.now();
        let id = self.write_user_change(actor, "gebruiker aanmaken", &username, |tx| {
            if own_logins {
                tx.create_login(&username, &form.password)?;
            }
            Ok(tx.insert_user(&record, now)?)
        })?;
        self.user_summary(id)
    }

    /// Changes name, function, roles, chart link and active/inactive.
    pub fn update_user(&mut self, actor: &Actor, id: i64, form: &UserForm) -> ServiceResult<UserSummary> {
        let existing = self.account_to_manage(actor, id)?;
        let errors = self.user_form_problems(form, Some(&existing))?;
        let mut errors = errors;
        let roles = parse_roles(&form.roles);
        if let Actor::User(me) = actor {
            if me.id == id && !form.active {
                errors.push(field_error("active", "U kunt uw eigen account niet deactiveren."));
            }
            if me.id == id && !roles.contains(&Role::Beheerder) {
                errors.push(field_error("roles", "U kunt uzelf de rol Beheerder niet afnemen; laat een andere beheerder dat doen."));
            }
        }
        // Asked here so the form shows every problem at once; decided in the write below.
        if let Some(problem) = last_admin_problem(&self.database.reader().users()?, id, form.active, &roles) {
            errors.push(problem);
        }
        if !errors.is_empty() {
            return Err(ServiceError::Validation(errors));
        }
        let record = UserRecord {
            display_name: form.display_name.trim().into(),
            job_title: form.job_title.trim().into(),
            roles: Role::encode(&roles),
            active: form.active,
            official_id: blank_to_none(&form.official_id),
            ..existing.clone()
        };
        let action = if existing.active && !form.active { "gebruiker deactiveren" } else { "gebruiker wijzigen" };
        self.write_user_change(actor, action, &existing.username, |tx| {
            // Decided inside the write transaction, on the accounts as they are now: another desk
            // (or the CLI) may have deactivated the other Beheerder since the check above.
            if let Some(problem) = last_admin_problem(&tx.read().users()?, id, form.active, &roles) {
                return Err(ServiceError::Validation(vec![problem]));
            }
            Ok(tx.update_user(&record)?)
        })?;
        self.user_summary(id)
    }

    /// Sets a temporary password that the user must replace at the next log-in.
    pub fn reset_password(&mut self, actor: &Actor, id: i64, temporary_password: &str) -> ServiceResult<UserSummary> {
        let existing = self.account_to_manage(actor, id)?;
        if let Some(problem) = auth::password_policy_problem(temporary_password, temporary_password) {
            return Err(ServiceError::Validation(vec![field_error("password", &problem)]));
        }
        let hash = auth::hash_password(temporary_password).map_err(ServiceError::Io)?;
        self.write_user_change(actor, "wachtwoord opnieuw instellen", &existing.username, |tx| Ok(tx.set_password(id, &hash, true)?))?;
        self.user_summary(id)
    }

    /// The user's own change; also the way out of a forced change after a reset. A person
    /// whose own login a Beheerder made replaces that login's first password (schema 14): the
    /// current one is the one they signed in with, and the server keeps only a SCRAM verifier.
    pub fn change_password(&mut self, user: &SessionUser, current: &str, new: &str, repeat: &str) -> ServiceResult<SessionUser> {
        let record = self
            .database
            .reader()
            .user_by_id(user.id)?
            .filter(|record| record.active)
            .ok_or_else(|| ServiceError::NotFound("Dit account bestaat niet meer of is gedeactiveerd.".into()))?;
        let own_login = self.connected_person.as_deref().is_some_and(|login| login.eq_ignore_ascii_case(&record.username));
        let current_is_right =
            if own_login { self.database.signed_in_with(current) } else { auth::verify_password(current, &record.password_hash) };
        let mut errors = Vec::new();
        if !current_is_right {
            errors.push(field_error("current_password", "Dit is niet uw huidige wachtwoord."));
        }
        if let Some(problem) = auth::password_policy_problem(new, repeat) {
            let field = if problem.contains("niet gelijk") { "new_password_repeat" } else { "new_password" };
            errors.push(field_error(field, &problem));
        } else if new == current {
            errors.push(field_error("new_password", "Kies een ander wachtwoord dan het huidige."));
        }
        let actor = Actor::User(user.clone());
        if !errors.is_empty() {
            let event = AuditEvent::failed("eigen wachtwoord wijzigen", record.username.clone());
            self.record(&actor, &event)?;
            return Err(ServiceError::Validation(errors));
        }
        if own_login {
            self.write_user_change(&actor, "eigen wachtwoord wijzigen", &record.username, |tx| Ok(tx.choose_own_password(new)?))?;
            // The next reconnect and the live listener log in with the new password.
            self.database.use_password(new);
        } else {
            let hash = auth::hash_password(new).map_err(ServiceError::Io)?;
            self.write_user_change(
                &actor,
                "eigen wachtwoord wijzigen",
                &record.username,
                |tx| Ok(tx.set_password(user.id, &hash, false)?),
            )?;
        }
        self.user(user.id)?.ok_or_else(|| ServiceError::NotFound("Dit account bestaat niet meer.".into()))
    }

    /// The account the Beheerder is about to change, after the permission check.
    fn account_to_manage(&mut self, actor: &Actor, id: i64) -> ServiceResult<UserRecord> {
        let existing =
            self.database.reader().user_by_id(id)?.ok_or_else(|| ServiceError::NotFound("Deze gebruiker bestaat niet.".into()))?;
        self.authorize(actor, UseCase::ManageUsers, &existing.username)?;
        Ok(existing)
    }

    fn user_summary(&self, id: i64) -> ServiceResult<UserSummary> {
        self.database
            .reader()
            .user_by_id(id)?
            .map(|record| UserSummary::from(&record))
            .ok_or_else(|| ServiceError::NotFound("De gebruiker is niet gevonden na het opslaan.".into()))
    }

    /// Checks shared by create and update: names, at least one known role, a known official.
    fn user_form_problems(&self, form: &UserForm, existing: Option<&UserRecord>) -> ServiceResult<Vec<FieldError>> {
        let mut errors = Vec::new();
        // INT-02 through domain::text: both end up under letters, so no control characters
        // (a NUL or escape code breaks the PDF) or bidi overrides, and not blank.
        for (field, text, missing) in [
            ("display_name", &form.display_name, "Vul de naam in; die komt onder de brieven."),
            ("job_title", &form.job_title, "Vul de functie in; die komt onder de brieven."),
        ] {
            if let Some(problem) = text_problem(text, Lines::Single, MAX_SHORT_TEXT, Some(missing)) {
                errors.push(field_error(field, &problem));
            }
        }
        let roles = parse_roles(&form.roles);
        if roles.is_empty() {
            errors.push(field_error("roles", "Kies minstens één rol."));
        }
        if let Some(unknown) = form.roles.iter().find(|code| Role::from_code(code.trim()).is_none()) {
            errors.push(field_error("roles", &format!("Onbekende rol '{unknown}'.")));
        }
        let official = blank_to_none(&form.official_id);
        if let Some(official) = &official {
            if self.org_chart()?.official(official).is_none() {
                errors.push(field_error("official_id", "Deze functionaris staat niet in het organogram."));
            } else if let Some(other) = self
                .database
                .reader()
                .users()?
                .into_iter()
                .find(|user| user.active && user.official_id.as_ref() == Some(official) && Some(user.id) != existing.map(|e| e.id))
            {
                errors.push(field_error("official_id", &format!("Deze functionaris is al gekoppeld aan gebruiker '{}'.", other.username)));
            }
        }
        if roles.contains(&Role::Klachtbehandelaar) && official.is_none() {
            errors.push(field_error(
                "official_id",
                "Een klachtbehandelaar moet aan een functionaris uit het organogram gekoppeld zijn; zo weet Klachtbalie welke klachten van hem of haar zijn.",
            ));
        }
        Ok(errors)
    }

    /// One transaction: the change and its audit entry.
    fn write_user_change<T>(
        &mut self,
        actor: &Actor,
        action: &str,
        object: &str,
        change: impl Fn(&crate::store::Writer<'_>) -> ServiceResult<T>,
    ) -> ServiceResult<T> {
        let stamp = self.stamp(actor);
        self.database.write(|tx| -> ServiceResult<T> {
            let result = change(tx)?;
            let event = AuditEvent::success(action, object);
            tx.append_audit(&stamp, &event)?;
            Ok(result)
        })
    }
}

fn field_error(field: &str, message: &str) -> FieldError {
    FieldError { field: field.into(), message: message.into() }
}

/// There is always at least one active Beheerder, and the last one who can act now is not
/// replaced by one who must still choose their own password (a first or reset password: they
/// can do nothing until then; on the shared store the server refuses the same, schema 16): the
/// problem if saving account `id` as `active` with `roles` would break either.
fn last_admin_problem(users: &[UserRecord], id: i64, active: bool, roles: &[Role]) -> Option<FieldError> {
    if active && roles.contains(&Role::Beheerder) {
        return None;
    }
    let is_admin = |user: &&UserRecord| user.active && Role::decode(&user.roles).contains(&Role::Beheerder);
    let can_act = |user: &&UserRecord| is_admin(user) && !user.must_change_password;
    let mut others = users.iter().filter(|user| user.id != id);
    if !others.clone().any(|user| is_admin(&user)) {
        return Some(field_error("roles", "Er moet altijd minstens één actieve beheerder zijn."));
    }
    let acts_now = users.iter().filter(|user| user.id == id).any(|user| can_act(&user));
    (acts_now && !others.any(|user| can_act(&user))).then(|| {
        field_error(
            "roles",
            "Er moet altijd minstens één beheerder zijn die nu kan werken: de andere beheerders moeten eerst hun eigen wachtwoord kiezen.",
        )
    })
}

fn parse_roles(codes: &[String]) -> Vec<Role> {
    Role::ALL.into_iter().filter(|role| codes.iter().any(|code| code.trim() == role.code())).collect()
}

fn blank_to_none(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|text| !text.is_empty())
}
