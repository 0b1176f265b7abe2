//! What this desk remembers about where its data lives. Without a desk file the
//! desk works on its own encrypted database file in the data folder, as before. After the
//! first start chose the municipality's shared PostgreSQL database, `werkplek.json` in the data
//! folder holds how to reach it: server, port, database, login name and the path of the
//! municipality's CA certificate. Never the password (that is in the OS keyring) and never
//! the database key.

use crate::domain::form::FieldError;
use crate::store::SharedLocation;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The desk file's name in the data folder.
pub const DESK_FILE: &str = "werkplek.json";
/// The port PostgreSQL listens on unless the municipality chose another.
pub const DEFAULT_PORT: u16 = 5432;
const FILE_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("Het bestand {path} met de verbinding van deze werkplek kon niet worden gelezen: {reason}. Controleer de rechten op de map.")]
    Unreadable { path: PathBuf, reason: String },
    #[error("Het bestand {path} met de verbinding van deze werkplek is beschadigd ({reason}). Er is niets gewijzigd. Vraag de beheerder het te herstellen of te verwijderen; daarna vraagt Klachtbalie de verbinding opnieuw.")]
    Damaged { path: PathBuf, reason: String },
    #[error("Deze werkplek kon de verbinding met de gedeelde database niet onthouden ({path}: {reason}). Bij de volgende start vraagt Klachtbalie er opnieuw naar.")]
    Unwritable { path: PathBuf, reason: String },
}

/// How this desk reaches the shared database. Everything here may be read by anyone who can
/// read the data folder; the login's password and the database key are kept elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedConnection {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    /// The municipality's CA certificate (PEM) that signed the server's certificate; TLS is
    /// always on and verified against it (chain and host name).
    pub ca_file: PathBuf,
    /// SEC-07: every person logs in to the server with their own login (checked there with
    /// SCRAM or against the municipality's directory). The desk then keeps no login and no
    /// password at all (`user` is empty) and connects only once someone signs in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub personal_logins: bool,
}

/// The connection fields as typed in the first-start form (all text, so nothing typed is lost
/// on a validation error).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SharedConnectionForm {
    pub host: String,
    pub port: String,
    pub database: String,
    pub user: String,
    pub ca_file: String,
}

/// The file as stored: a version, so a later format can be told apart.
#[derive(Serialize, Deserialize)]
struct DeskFile {
    version: u32,
    shared_database: SharedConnection,
}

pub fn desk_file_path(data_dir: &Path) -> PathBuf {
    data_dir.join(DESK_FILE)
}

/// The shared database this desk works on, or `None` for a single desk (no desk file).
pub fn load(data_dir: &Path) -> Result<Option<SharedConnection>, DeskError> {
    let path = desk_file_path(data_dir);
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(DeskError::Unreadable { path, reason: error.to_string() }),
    };
    let file: DeskFile =
        serde_json::from_slice(&bytes).map_err(|error| DeskError::Damaged { path: path.clone(), reason: error.to_string() })?;
    if file.version != FILE_VERSION {
        return Err(DeskError::Damaged {
            path,
            reason: format!("versie {} is onbekend; deze versie van Klachtbalie kent versie {FILE_VERSION}", file.version),
        });
    }
    Ok(Some(file.shared_database))
}

/// Remembers the shared database for the next start: written under a temporary name and
/// renamed, so a crash leaves the old file or the complete new one.
pub fn save(data_dir: &Path, connection: &SharedConnection) -> Result<(), DeskError> {
    let path = desk_file_path(data_dir);
    let unwritable = |error: std::io::Error| DeskError::Unwritable { path: path.clone(), reason: error.to_string() };
    std::fs::create_dir_all(data_dir).map_err(unwritable)?;
    let file = DeskFile { version: FILE_VERSION, shared_database: connection.clone() };
    let mut json = serde_json::to_vec_pretty(&file).map_err(|error| unwritable(std::io::Error::other(error)))?;
    json.push(b'\n');
    crate::files::write_atomically(&path, &json, true).map_err(unwritable)
}

impl SharedConnectionForm {
    /// Checks the fields and gives the connection, or every problem tied to its field
    /// (`db_host`, `db_port`, `db_name`, `db_user`, `db_ca_file`). The CA certificate must
    /// exist; its path is made absolute so a later start from another folder finds it too.
    pub fn parse(&self) -> Result<SharedConnection, Vec<FieldError>> {
        let mut problems = Vec::new();
        let mut problem = |field: &str, message: &str| problems.push(FieldError { field: field.into(), message: message.into() });
        let host = self.host.trim();
        if host.is_empty() {
            problem("db_host", "Vul de naam of het IP-adres van de databaseserver in, bijvoorbeeld db.diemen.nl.");
        } else if !is_host(host) {
            problem("db_host", "Dit is geen servernaam: gebruik alleen letters, cijfers, punten en streepjes (of een IP-adres), zonder postgres:// ervoor.");
        }
        let port = match self.port.trim() {
            "" => Some(DEFAULT_PORT),
            text => text.parse::<u16>().ok().filter(|port| *port > 0),
        };
        if port.is_none() {
            problem("db_port", "Vul een poortnummer in van 1 tot en met 65535; meestal is het 5432.");
        }
        let database = self.database.trim();
        if database.is_empty() {
            problem("db_name", "Vul de naam van de database in.");
        } else if !is_plain_name(database) {
            problem("db_name", "De naam van de database is te lang of bevat een teken dat er niet in hoort.");
        }
        let user = self.user.trim();
        if user.is_empty() {
            problem("db_user", "Vul de gebruikersnaam van de database in.");
        } else if !is_plain_name(user) {
            problem("db_user", "De gebruikersnaam is te lang of bevat een teken dat er niet in hoort.");
        }
        let ca_text = self.ca_file.trim();
        let ca_file = if ca_text.is_empty() {
            problem("db_ca_file", "Vul het pad in van het CA-certificaat van de gemeente (een .pem- of .crt-bestand).");
            None
        } else {
            match crate::platform::canonical(ca_text) {
                Ok(path) if path.is_file() => Some(path),
                Ok(_) => {
                    problem("db_ca_file", "Dit is een map; vul het pad van het certificaatbestand zelf in.");
                    None
                }
                Err(_) => {
                    problem(
                        "db_ca_file",
                        "Dit bestand bestaat niet of kan niet worden gelezen. Controleer het pad van het CA-certificaat.",
                    );
                    None
                }
            }
        };
        match (port, ca_file) {
            (Some(port), Some(ca_file)) if problems.is_empty() => Ok(SharedConnection {
                host: host.to_string(),
                port,
                database: database.to_string(),
                user: user.to_string(),
                ca_file,
                personal_logins: false,
            }),
            _ => Err(problems),
        }
    }
}

impl SharedConnection {
    /// `postgres://user@host:port/database`, with the names percent-encoded. No password.
    pub fn url(&self) -> String {
        self.url_for(&self.user)
    }

    fn url_for(&self, login: &str) -> String {
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        format!("postgres://{}@{host}:{}/{}", percent_encode(login), self.port, percent_encode(&self.database))
    }

    /// Where and how to connect, with the password from the keyring (or as just typed).
    pub fn location(&self, password: Option<String>) -> SharedLocation {
        SharedLocation::new(self.url(), password, Some(self.ca_file.clone()))
    }

    /// The same server as a person's own login, with the password they just typed (kept in
    /// memory for their session only).
    pub fn location_of_person(&self, login: &str, password: String) -> SharedLocation {
        SharedLocation::new(self.url_for(login.trim()), Some(password), Some(self.ca_file.clone()))
    }

    /// What a desk with personal logins remembers: the server, never a login.
    pub fn for_personal_logins(&self) -> Self {
        Self { user: String::new(), personal_logins: true, ..self.clone() }
    }

    /// The key store's name for this database (no password in it).
    pub fn database_id(&self) -> String {
        self.location(None).database_id()
    }

    /// The form again, for showing the remembered connection (the password is never shown).
    pub fn to_form(&self) -> SharedConnectionForm {
        SharedConnectionForm {
            host: self.host.clone(),
            port: self.port.to_string(),
            database: self.database.clone(),
            user: self.user.clone(),
            ca_file: self.ca_file.display().to_string(),
        }
    }
}

/// A DNS name or an IP address (v4 or v6), nothing else: no scheme, path, user or spaces.
fn is_host(text: &str) -> bool {
    if text.len() > 253 {
        return false;
    }
    if text.contains(':') {
        return text.parse::<std::net::Ipv6Addr>().is_ok();
    }
    text.split('.').all(|label| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    })
}

/// A PostgreSQL identifier as a login or database name: at most 63 bytes, no control
/// characters or spaces at the ends (other characters are percent-encoded in the URL).
fn is_plain_name(text: &str) -> bool {
    text.len() <= 63 && !text.chars().any(char::is_control)
}

fn percent_encode(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(dir: &Path) -> SharedConnectionForm {
        let ca = dir.join("gemeente-ca.crt");
        std::fs::write(&ca, b"-----BEGIN CERTIFICATE-----\n").expect("ca");
        SharedConnectionForm {
            host: " db.diemen.nl ".into(),
            port: "".into(),
            database: "klachtbalie".into(),
            user: "balie_1".into(),
            ca_file: ca.display().to_string(),
        }
    }

    #[test]
    fn a_desk_without_a_desk_file_is_a_single_desk() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(load(dir.path()).expect("no file is fine").is_none());
        assert!(load(&dir.path().join("does-not-exist")).expect("no folder is fine").is_none());
    }

    #[test]
    fn the_connection_round_trips_and_the_file_holds_no_secret() {
        let dir = tempfile::tempdir().expect("tempdir");
        let data_dir = dir.path().join("data");
        let connection = form(dir.path()).parse().expect("valid");
        assert_eq!(connection.host, "db.diemen.nl");
        assert_eq!(connection.port, DEFAULT_PORT);
        assert!(connection.ca_file.is_absolute());
        save(&data_dir, &connection).expect("save creates the data folder");
        assert_eq!(load(&data_dir).expect("load"), Some(connection.clone()));
        let text = std::fs::read_to_string(desk_file_path(&data_dir)).expect("read");
        assert!(text.contains("\"host\": \"db.diemen.nl\""), "{text}");
        assert!(!text.to_lowercase().contains("password") && !text.to_lowercase().contains("wachtwoord"), "{text}");
        // Saving again replaces the file; no temporary file is left behind.
        let moved = SharedConnection { port: 6543, ..connection };
        save(&data_dir, &moved).expect("save again");
        assert_eq!(load(&data_dir).expect("load").map(|c| c.port), Some(6543));
        let names: Vec<_> = std::fs::read_dir(&data_dir)
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().into_string().expect("utf-8"))
            .collect();
        assert_eq!(names, vec![DESK_FILE.to_string()]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(desk_file_path(&data_dir)).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "the desk file is the owner's only");
        }
    }

    #[test]
    fn a_damaged_desk_file_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = desk_file_path(dir.path());
        for damaged in [&b"{\"version\": 1, \"shared_datab"[..], b"", b"{\"version\": 9, \"shared_database\": {\"host\": \"a\", \"port\": 1, \"database\": \"d\", \"user\": \"u\", \"ca_file\": \"/c\"}}"] {
            std::fs::write(&path, damaged).expect("write");
            let error = load(dir.path()).expect_err("refused");
            assert!(matches!(error, DeskError::Damaged { .. }), "{error}");
            assert!(error.to_string().contains("beschadigd"), "{error}");
            assert_eq!(std::fs::read(&path).expect("still there"), damaged);
        }
    }

    #[test]
    fn every_wrong_field_is_named() {
        let dir = tempfile::tempdir().expect("tempdir");
        let wrong = SharedConnectionForm {
            host: "postgres://db.diemen.nl".into(),
            port: "70000".into(),
            database: " ".into(),
            user: "".into(),
            ca_file: dir.path().join("ontbreekt.crt").display().to_string(),
        };
        let problems = wrong.parse().expect_err("refused");
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["db_host", "db_port", "db_name", "db_user", "db_ca_file"]);
        let folder = SharedConnectionForm { ca_file: dir.path().display().to_string(), ..form(dir.path()) };
        assert_eq!(folder.parse().expect_err("a folder").len(), 1);
    }

    #[test]
    fn the_url_encodes_names_and_never_holds_a_password() {
        let connection = SharedConnection {
            host: "::1".into(),
            port: 5433,
            database: "klacht balie".into(),
            user: "balie@diemen".into(),
            ca_file: "/etc/ca.crt".into(),
            personal_logins: false,
        };
        assert_eq!(connection.url(), "postgres://balie%40diemen@[::1]:5433/klacht%20balie");
        assert_eq!(connection.database_id(), "postgres://::1:5433/klacht balie");
        let location = connection.location(Some("geheim".into()));
        assert!(!format!("{location:?}").contains("geheim"));
        assert_eq!(connection.to_form().port, "5433");
    }
}
