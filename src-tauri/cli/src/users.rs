//! `klachtbalie-cli user …`: accounts and roles through the same use cases as the Beheerder's
//! screen, so every rule (roles, the last Beheerder, audit entries) is the core's.

use crate::support::{describe, next_line_of_stdin, open, open_as, print_line, shared_location, user_password};
use crate::{Cli, UserAction};
use klachtbalie_core::roles::Role;
use klachtbalie_core::service::Actor;
use klachtbalie_core::service::{UserForm, UserSummary};
use serde_json::json;

pub(crate) fn run(cli: &Cli, action: &UserAction) -> Result<(), String> {
    if let UserAction::Password = action {
        return change_own_password(cli);
    }
    // What can be checked without the database first: nothing is opened for a wrong role.
    let roles = match action {
        UserAction::Add { roles, .. } | UserAction::Roles { roles, .. } => role_codes(roles)?,
        _ => Vec::new(),
    };
    let (mut app, actor) = open_as(cli)?;
    if !matches!(actor, Actor::User(_)) {
        return Err("accounts beheert een persoon: geef --user met de naam van een Beheerder (het wachtwoord via de standaardinvoer \
                    of --user-password-file), of werk met uw eigen login van de gedeelde database"
            .into());
    }
    match action {
        UserAction::Password => unreachable!("handled above"),
        UserAction::List => {
            let users = app.users(&actor).map_err(describe)?;
            print_line(serde_json::Value::Array(users.iter().map(summary_json).collect()))
        }
        UserAction::Add { username, name, function, official, .. } => {
            let form = UserForm {
                username: username.clone(),
                display_name: name.clone(),
                job_title: function.clone(),
                official_id: official.clone().unwrap_or_default(),
                roles,
                active: true,
                password: next_line_of_stdin("Het eerste wachtwoord van het nieuwe account")?,
            };
            print_line(summary_json(&app.create_user(&actor, &form).map_err(describe)?))
        }
        UserAction::Roles { username, .. } => {
            let existing = account(&app.users(&actor).map_err(describe)?, username)?;
            let form = UserForm { roles, ..form_of(&existing) };
            print_line(summary_json(&app.update_user(&actor, existing.id, &form).map_err(describe)?))
        }
        UserAction::Disable { username } => {
            let existing = account(&app.users(&actor).map_err(describe)?, username)?;
            let form = UserForm { active: false, ..form_of(&existing) };
            print_line(summary_json(&app.update_user(&actor, existing.id, &form).map_err(describe)?))
        }
    }
}

/// The person's own change: their current password proves who they are (also when they must
/// still replace a first password, which is when they need this most).
fn change_own_password(cli: &Cli) -> Result<(), String> {
    let mut app = open(cli)?;
    if let Some(person) = app.person_of_this_connection().map_err(describe)? {
        // Only the first password a Beheerder gave their login is replaced here (schema 14);
        // the current one is the password file's, the new one the first line of standard input.
        if !person.must_change_password {
            return Err(format!(
                "{} meldt zich aan met een eigen login van de gedeelde database: dat wachtwoord wijzigt u bij de server of de \
                 directory van de gemeente, niet in Klachtbalie (die bewaart het niet)",
                person.username
            ));
        }
        let current = shared_location(cli)?.and_then(|location| location.password).map(|password| password.to_string()).unwrap_or_default();
        let new = next_line_of_stdin("Het nieuwe wachtwoord")?;
        let session = app.change_password(&person, &current, &new, &new).map_err(describe)?;
        return print_line(json!({ "username": session.username, "must_change_password": session.must_change_password }));
    }
    let Some(username) = cli.user.as_deref() else {
        return Err("geef met --user uw gebruikersnaam (het huidige wachtwoord via de standaardinvoer of --user-password-file)".into());
    };
    let current = user_password(cli)?;
    let session = app.login(username, &current).map_err(describe)?;
    let new = next_line_of_stdin("Het nieuwe wachtwoord")?;
    let session = app.change_password(&session, &current, &new, &new).map_err(describe)?;
    print_line(json!({ "username": session.username, "must_change_password": session.must_change_password }))
}

/// `--roles a,b`: every code known, or a message naming the ones there are.
fn role_codes(text: &str) -> Result<Vec<String>, String> {
    let codes: Vec<String> = text.split(',').map(str::trim).filter(|code| !code.is_empty()).map(str::to_string).collect();
    let known = || Role::ALL.iter().map(|role| role.code()).collect::<Vec<_>>().join(", ");
    if let Some(unknown) = codes.iter().find(|code| Role::from_code(code).is_none()) {
        return Err(format!("onbekende rol '{unknown}'; kies uit: {}", known()));
    }
    if codes.is_empty() {
        return Err(format!("--roles noemt geen rol; kies uit: {}", known()));
    }
    Ok(codes)
}

fn account(users: &[UserSummary], username: &str) -> Result<UserSummary, String> {
    users
        .iter()
        .find(|user| user.username == username.trim())
        .cloned()
        .ok_or_else(|| format!("er is geen account '{}'; `user list` toont ze", username.trim()))
}

/// The form as the Beheerder's screen would show it for this account.
fn form_of(user: &UserSummary) -> UserForm {
    UserForm {
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        job_title: user.job_title.clone(),
        official_id: user.official_id.clone().unwrap_or_default(),
        roles: user.roles.iter().map(|role| role.code().to_string()).collect(),
        active: user.active,
        password: String::new(),
    }
}

fn summary_json(user: &UserSummary) -> serde_json::Value {
    json!({
        "username": user.username, "name": user.display_name, "function": user.job_title,
        "roles": user.roles.iter().map(|role| role.code()).collect::<Vec<_>>(), "official": user.official_id,
        "active": user.active, "must_change_password": user.must_change_password,
    })
}
