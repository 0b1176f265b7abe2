//! Where the shared database is, how a desk logs in to it (verified TLS, the password from
//! the keyring, a password file or the person at the log-in screen), and a refused log-in in
//! words the user can act on.

use crate::store::{StoreError, StoreResult};
use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use postgres::error::SqlState;
use postgres::{Client, Config};
use postgres_openssl::MakeTlsConnector;
use std::path::PathBuf;
use std::time::Duration;

/// Where the shared database is and how to log in. The password comes from the OS keyring
/// or a password file, never from the URL in a settings file.
#[derive(Clone)]
pub struct SharedLocation {
    /// `postgres://user@host:port/dbname`.
    pub url: String,
    pub password: Option<zeroize::Zeroizing<String>>,
    /// The municipality's CA certificate (PEM). Without it the system's trust store is used.
    pub ca_file: Option<PathBuf>,
}

impl std::fmt::Debug for SharedLocation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedLocation").field("url", &self.url).field("ca_file", &self.ca_file).finish_non_exhaustive()
    }
}

impl SharedLocation {
    pub fn new(url: impl Into<String>, password: Option<String>, ca_file: Option<PathBuf>) -> Self {
        Self { url: url.into(), password: password.map(zeroize::Zeroizing::new), ca_file }
    }

    /// A person chose a new password for their login: the next connection uses it.
    pub fn set_password(&mut self, password: &str) {
        self.password = Some(zeroize::Zeroizing::new(password.to_string()));
    }

    fn config(&self) -> StoreResult<Config> {
        let mut config: Config =
            self.url.parse().map_err(|error| StoreError::SharedLocation(format!("het adres {} klopt niet: {error}", self.url)))?;
        if config.get_password().is_some() {
            return Err(StoreError::SharedLocation(
                "zet het wachtwoord niet in het adres; het staat in de sleutelkluis of in een wachtwoordbestand".into(),
            ));
        }
        if let Some(password) = &self.password {
            config.password(password.as_bytes());
        }
        // TLS is always on and verified (chain and host name, by OpenSSL in the connector).
        config.ssl_mode(postgres::config::SslMode::Require);
        config.connect_timeout(Duration::from_secs(10));
        config.application_name("klachtbalie");
        Ok(config)
    }

    /// The login this location connects as.
    pub fn login(&self) -> Option<String> {
        self.config().ok().and_then(|config| config.get_user().map(str::to_string))
    }

    /// A name for this database that does not contain the password: the key store's id.
    pub fn database_id(&self) -> String {
        match self.config() {
            Ok(config) => {
                let host = config.get_hosts().first().map_or("?".to_string(), |host| match host {
                    postgres::config::Host::Tcp(name) => name.clone(),
                    #[cfg(unix)]
                    postgres::config::Host::Unix(path) => path.display().to_string(),
                });
                let port = config.get_ports().first().copied().unwrap_or(5432);
                format!("postgres://{host}:{port}/{}", config.get_dbname().unwrap_or(""))
            }
            Err(_) => self.url.clone(),
        }
    }

    pub fn connect(&self) -> StoreResult<Client> {
        let config = self.config()?;
        let mut builder = SslConnector::builder(SslMethod::tls()).map_err(|error| StoreError::SharedTls(error.to_string()))?;
        match &self.ca_file {
            Some(ca_file) => builder.set_ca_file(ca_file).map_err(|error| {
                StoreError::SharedTls(format!("het CA-certificaat {} kon niet worden gelezen: {error}", ca_file.display()))
            })?,
            None => builder.set_default_verify_paths().map_err(|error| StoreError::SharedTls(error.to_string()))?,
        }
        builder.set_verify(SslVerifyMode::PEER);
        let login = config.get_user().unwrap_or("deze login").to_string();
        let mut client = config.connect(MakeTlsConnector::new(builder.build())).map_err(|error| connect_error(error, &login))?;
        // A desk never waits forever on a lock another desk holds, and a transaction left
        // open by a crashed desk is ended by the server.
        client
            .batch_execute("SET lock_timeout = '15s'; SET idle_in_transaction_session_timeout = '60s'; SET statement_timeout = '120s';")
            .map_err(StoreError::from)?;
        Ok(client)
    }
}

fn connect_error(error: postgres::Error, login: &str) -> StoreError {
    tracing::warn!(detail = %error, "verbinding met de gedeelde database mislukt");
    match error.code() {
        // The server's reason (wrong password, the directory refused, no such role) is in its
        // language and stays in the log; the user is told which login was refused.
        Some(code) if *code == SqlState::INVALID_PASSWORD || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION => {
            let message = error.as_db_error().map(|db| db.message().to_string()).unwrap_or_default();
            if message.contains("pg_hba.conf") {
                StoreError::SharedForbidden(format!(
                    "de server laat de login {login} vanaf deze computer niet toe (pg_hba.conf); vraag de databasebeheerder"
                ))
            } else {
                StoreError::SharedLogin(login.to_string())
            }
        }
        Some(code) if *code == SqlState::INVALID_CATALOG_NAME => {
            StoreError::SharedLocation(error.as_db_error().map_or_else(|| error.to_string(), |db| db.message().to_string()))
        }
        Some(_) => StoreError::from(error),
        None => {
            let text = format!("{error}: {}", std::error::Error::source(&error).map(ToString::to_string).unwrap_or_default());
            if text.contains("certificate") || text.contains("ssl") || text.contains("SSL") || text.contains("tls") {
                StoreError::SharedTls(text)
            } else {
                StoreError::SharedUnreachable(text)
            }
        }
    }
}
