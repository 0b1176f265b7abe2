//! What every command of the CLI shares: reading input, writing output, dates, errors in words, and
//! opening the database the flags name.

use crate::Cli;
use chrono::NaiveDate;
use klachtbalie_core::clock::SystemClock;
use klachtbalie_core::service::{self, Actor, Klachtbalie, ServiceError, Startup};
use klachtbalie_core::store::key::{KeyFileStore, KeyStore, OsKeyStore};
use klachtbalie_core::store::SharedLocation;
use klachtbalie_core::{files, paths};
use std::io::Read;
use std::path::PathBuf;
use std::sync::Arc;

pub(crate) const BROKEN_PIPE: &str = "broken pipe";

/// Prints one line to standard output; a closed pipe ends the program quietly instead of a panic.
pub(crate) fn print_line(text: impl std::fmt::Display) -> Result<(), String> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{text}").and_then(|()| stdout.flush()).map_err(|error| match error.kind() {
        std::io::ErrorKind::BrokenPipe => BROKEN_PIPE.to_string(),
        _ => format!("kan niet naar de standaarduitvoer schrijven: {error}"),
    })
}

/// Reads a text file the user named; a UTF-8 byte-order mark (Notepad) is dropped, and CRLF
/// line ends read as any other.
pub(crate) fn read_text(path: &std::path::Path) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{} kan niet worden gelezen: {e}", path.display()))?;
    Ok(files::without_bom(&text).to_string())
}

/// The next line of standard input (a password, a recovery key), as typed or piped from a
/// file written on Windows (a byte-order mark, CRLF). Standard input is read once and its lines
/// are handed out in order: with `--user` and no `--user-password-file` the first line is that
/// person's password, the next what the command itself asks for. An empty string when no line
/// is left.
pub(crate) fn next_line_of_stdin(what: &str) -> Result<String, String> {
    static LINES: std::sync::Mutex<Option<std::collections::VecDeque<String>>> = std::sync::Mutex::new(None);
    let mut lines = LINES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if lines.is_none() {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(|e| format!("{what} kon niet van standaardinvoer worden gelezen: {e}"))?;
        *lines = Some(files::without_bom(&text).lines().map(str::to_string).collect());
    }
    Ok(lines.as_mut().and_then(std::collections::VecDeque::pop_front).unwrap_or_default())
}

/// A JSON error with its place, in words: "line 3, column 7: ...".
pub(crate) fn json_problem(path: &std::path::Path, error: &serde_json::Error) -> String {
    format!("{} is not valid JSON at line {}, column {}: {error}", path.display(), error.line(), error.column())
}

pub(crate) fn parse_date(text: &str, what: &str) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("{what} '{text}' is not a valid date; use YYYY-MM-DD (e.g. 2026-11-23)"))?;
    match klachtbalie_core::domain::complaint::receipt_date_range_problem(date) {
        Some(problem) => Err(format!("{what} '{text}': {problem}")),
        None => Ok(date),
    }
}

/// `--as-of`: a YYYY-MM-DD day, or today.
pub(crate) fn as_of_date(text: Option<&str>) -> Result<NaiveDate, String> {
    match text {
        Some(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| format!("--as-of '{text}' is not a valid date; use YYYY-MM-DD (e.g. 2031-04-01)")),
        None => Ok(chrono::Local::now().date_naive()),
    }
}

pub(crate) fn describe(error: ServiceError) -> String {
    // Store and file errors in detail in the log; what a user typed never goes there.
    if matches!(error, ServiceError::Store(_) | ServiceError::Io(_) | ServiceError::Key(_) | ServiceError::Letter(_)) {
        tracing::error!(kind = error.kind(), detail = ?error, "fout");
    } else {
        tracing::info!(kind = error.kind(), "geweigerd");
    }
    match error {
        ServiceError::Validation(problems) => {
            let lines: Vec<String> = problems.iter().map(|p| format!("  {}: {}", p.field, p.message)).collect();
            format!("de gegevens zijn niet compleet of niet juist:\n{}", lines.join("\n"))
        }
        ServiceError::IncompleteLetter { letter, missing } => {
            format!("de brief '{letter}' kan niet definitief worden (LT-01); er ontbreekt:\n  {}", missing.join("\n  "))
        }
        ServiceError::InvalidChart(problems) => {
            format!("het organogram is niet opgeslagen; er is niets gewijzigd:\n  {}", problems.join("\n  "))
        }
        other => other.to_string(),
    }
}

pub(crate) fn key_store(cli: &Cli) -> Result<Box<dyn KeyStore>, String> {
    match &cli.key_file {
        Some(path) => Ok(Box::new(KeyFileStore::new(path))),
        None => OsKeyStore::install()
            .map(|store| Box::new(store) as Box<dyn KeyStore>)
            .map_err(|e| format!("{e}\nGebruik --key-file voor onbeheerd gebruik (zie README.md).")),
    }
}

/// Who a command acts as. With `--user` the person, after the same log-in as in the window
/// (password, throttle, audit entry), with their roles. Without it a system task, named by
/// the process's own OS account (not `$USER`, which any process can set): it may do what the
/// holder of the database key may do, but never a step that needs a second person (AVG-02).
fn actor(cli: &Cli, app: &mut Klachtbalie) -> Result<Actor, String> {
    // SEC-07: on the shared store with a person's own login the server checked who this is:
    // that person acts, with their roles, and `--user` cannot name anyone else.
    if let Some(person) = app.person_of_this_connection().map_err(describe)? {
        return match &cli.user {
            Some(username) if !username.trim().eq_ignore_ascii_case(&person.username) => {
                Err(format!("u bent met de database verbonden als {}; --user kan geen ander zijn (laat --user weg)", person.username))
            }
            _ => Ok(Actor::User(person)),
        };
    }
    let Some(username) = &cli.user else {
        return Ok(system_task());
    };
    app.login(username, &user_password(cli)?).map(Actor::User).map_err(describe)
}

/// A command run without `--user`, named after the process's own OS account.
pub(crate) fn system_task() -> Actor {
    let account = whoami::username().unwrap_or_else(|_| "onbekend".into());
    Actor::System { description: format!("klachtbalie-cli ({account})") }
}

/// The password of `--user`: the first line of --user-password-file, or of standard input.
pub(crate) fn user_password(cli: &Cli) -> Result<String, String> {
    match &cli.user_password_file {
        Some(path) => Ok(read_text(path)?.lines().next().unwrap_or_default().to_string()),
        None => next_line_of_stdin("Het wachtwoord van --user"),
    }
}

/// Writes an export the user asked for: never into the data folder or over the key file, and
/// never over an existing file without --force.
/// Refuses an --out path before work that cannot be undone, for the reasons `write_out` would.
pub(crate) fn check_out_path(cli: &Cli, app: &Klachtbalie, out: &std::path::Path, force: bool) -> Result<(), String> {
    let protected: Vec<&std::path::Path> = cli.key_file.iter().map(PathBuf::as_path).collect();
    klachtbalie_core::files::export_target(out, force, app.data_dir(), &protected).map(drop)
}

pub(crate) fn write_out(cli: &Cli, app: &Klachtbalie, out: &std::path::Path, contents: &[u8], force: bool) -> Result<(), String> {
    let protected: Vec<&std::path::Path> = cli.key_file.iter().map(PathBuf::as_path).collect();
    klachtbalie_core::files::write_export(out, contents, force, app.data_dir(), &protected)
}

/// The shared database chosen with --database or KLACHTBALIE_DATABASE_URL, if any.
pub(crate) fn shared_location(cli: &Cli) -> Result<Option<SharedLocation>, String> {
    let Some(url) = cli.database.clone().or_else(|| std::env::var("KLACHTBALIE_DATABASE_URL").ok()).filter(|url| !url.trim().is_empty())
    else {
        return Ok(None);
    };
    let location = SharedLocation::new(url.trim(), None, cli.ca_file.clone());
    let password = match &cli.password_file {
        Some(path) => {
            let text = read_text(path)?;
            text.lines().next().unwrap_or_default().to_string()
        }
        None => OsKeyStore::install()
            .and_then(|store| store.load_database_password(&location.database_id()))
            .map_err(|e| format!("{e}\nGebruik --password-file voor onbeheerd gebruik (zie README.md)."))?
            .ok_or_else(|| {
                format!(
                    "er staat geen wachtwoord voor {} in de sleutelkluis; gebruik --password-file (zie README.md)",
                    location.database_id()
                )
            })?,
    };
    Ok(Some(SharedLocation::new(url.trim(), Some(password), cli.ca_file.clone())))
}

/// Opens the database and names who acts: the person of `--user` (logged in) or the system task.
pub(crate) fn open_as(cli: &Cli) -> Result<(Klachtbalie, Actor), String> {
    let mut app = open(cli)?;
    let actor = actor(cli, &mut app)?;
    Ok((app, actor))
}

pub(crate) fn open(cli: &Cli) -> Result<Klachtbalie, String> {
    let data_dir = cli.data_dir.clone().unwrap_or_else(paths::default_data_dir);
    let store = key_store(cli)?;
    let shared = shared_location(cli)?;
    let startup = match &shared {
        None => service::start(&data_dir, store.as_ref(), Arc::new(SystemClock)),
        Some(location) => service::start_shared(location, store.as_ref(), Arc::new(SystemClock), &data_dir),
    };
    match startup.map_err(describe)? {
        Startup::Ready(app) => Ok(*app),
        Startup::NeedsSetup if shared.is_some() => {
            Err("de gedeelde database is nog niet ingericht; voer eerst `klachtbalie-cli --database URL init` uit als eigenaar".into())
        }
        Startup::NeedsSetup => Err(format!("er is nog geen database in {}; voer eerst `klachtbalie-cli init` uit", data_dir.display())),
        Startup::NeedsRecoveryKey { reason } => Err(format!("de database kan niet worden geopend: {reason}")),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_must_be_iso() {
        assert!(super::parse_date("2026-11-23", "x").is_ok());
        assert!(super::parse_date("23-11-2026", "x").expect_err("Dutch order is refused").contains("YYYY-MM-DD"));
        // The intake form accepts the Dutch form too; the CLI flags are strict ISO.
        assert!(klachtbalie_core::domain::form::parse_dutch_or_iso_date("23-11-2026").is_some());
    }
}
