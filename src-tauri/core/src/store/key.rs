//! The database key (SEC-01): 32 random bytes kept in the operating system's credential store,
//! shown once as a recovery key, and optionally read from a key file for unattended use.

use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Mutex;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// The 256-bit SQLCipher key. Zeroed in memory when dropped; never printed by `Debug`.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct DatabaseKey([u8; 32]);

impl std::fmt::Debug for DatabaseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DatabaseKey(<geheim>)")
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KeyError {
    #[error("De herstelsleutel is niet compleet: er horen 17 groepen van 4 tekens te staan (gevonden: {0} tekens).")]
    RecoveryKeyLength(usize),
    #[error("De herstelsleutel bevat een teken dat er niet in hoort: '{0}'. Gebruik alleen 0-9 en A-F.")]
    RecoveryKeyCharacter(char),
    #[error("De herstelsleutel klopt niet: er is waarschijnlijk een tikfout gemaakt. Controleer elke groep.")]
    RecoveryKeyChecksum,
    #[error("De sleutelkluis van het besturingssysteem is niet bereikbaar: {0}")]
    CredentialStoreUnavailable(String),
    #[error("Het sleutelbestand {path} kon niet worden gelezen: {reason}")]
    KeyFile { path: String, reason: String },
    #[error("Het sleutelbestand {path} kon niet worden geschreven: {reason}")]
    KeyFileNotWritten { path: String, reason: String },
}

impl DatabaseKey {
    /// A fresh key from the operating system's random generator.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    /// The raw secret, only for deriving the shared store's keys (`store::sealing`).
    pub(crate) fn secret_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The `x'…'` literal SQLCipher takes as a raw key (no PBKDF2 pass).
    pub(crate) fn sqlcipher_pragma(&self) -> String {
        format!("PRAGMA key = \"x'{}'\";", hex::encode(self.0))
    }

    /// A one-way value of the key, kept beside the database, that tells a wrong key apart
    /// from a damaged file (SHA-256 of a fixed label and the random 256-bit key: it reveals
    /// nothing about the key).
    pub fn check_value(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"klachtbalie sleutelcontrole v1\0");
        hasher.update(self.0);
        hex::encode(hasher.finalize())
    }

    fn hex(&self) -> String {
        hex::encode(self.0)
    }

    fn from_hex(text: &str) -> Option<Self> {
        let bytes = hex::decode(text.trim()).ok()?;
        Some(Self(bytes.try_into().ok()?))
    }

    /// The recovery key of a single desk: the same 32 bytes in the recovery-key text form
    /// (`recovery_text`). On the shared store the recovery key is its own secret that wraps
    /// this key (`store::recovery_key::RecoveryKey`).
    pub fn recovery_key(&self) -> String {
        recovery_text(&self.0)
    }

    /// Parses a typed recovery key of a single desk; spaces, dashes and lower case are accepted.
    pub fn from_recovery_key(text: &str) -> Result<Self, KeyError> {
        parse_recovery_text(text).map(Self)
    }
}

/// 32 secret bytes as 64 hex digits plus a 4-digit checksum, in 17 groups of 4
/// (`A1B2-C3D4-…`). The checksum catches a typo before the database is touched.
pub(crate) fn recovery_text(bytes: &[u8; 32]) -> String {
    let mut text = hex::encode_upper(bytes);
    text.push_str(&checksum(bytes));
    text.as_bytes().chunks(4).map(|group| String::from_utf8_lossy(group).into_owned()).collect::<Vec<_>>().join("-")
}

/// The 32 bytes of a typed recovery-key text; spaces, dashes and lower case are accepted.
pub(crate) fn parse_recovery_text(text: &str) -> Result<[u8; 32], KeyError> {
    let compact: String =
        crate::files::without_bom(text).chars().filter(|c| !c.is_whitespace() && *c != '-').collect::<String>().to_uppercase();
    if let Some(bad) = compact.chars().find(|c| !c.is_ascii_hexdigit()) {
        return Err(KeyError::RecoveryKeyCharacter(bad));
    }
    if compact.len() != 68 {
        return Err(KeyError::RecoveryKeyLength(compact.len()));
    }
    let (key_hex, check) = compact.split_at(64);
    let bytes: [u8; 32] = hex::decode(key_hex).ok().and_then(|bytes| bytes.try_into().ok()).ok_or(KeyError::RecoveryKeyChecksum)?;
    if checksum(&bytes) != check {
        return Err(KeyError::RecoveryKeyChecksum);
    }
    Ok(bytes)
}

fn checksum(bytes: &[u8; 32]) -> String {
    let digest = Sha256::digest(bytes);
    hex::encode_upper(&digest[..2])
}

/// Where the database key is kept. The app uses the OS credential store; tests use memory.
pub trait KeyStore: Send + Sync {
    /// The key for this database, `Ok(None)` if the store holds none.
    fn load(&self, database_id: &str) -> Result<Option<DatabaseKey>, KeyError>;
    fn save(&self, database_id: &str, key: &DatabaseKey) -> Result<(), KeyError>;

    /// Puts `key` in place of the one kept for this database (a new key after a rotation).
    /// Only the key file's `save` refuses to overwrite, so that a set-up never destroys the key
    /// of another database; the other stores replace on `save`.
    fn replace(&self, database_id: &str, key: &DatabaseKey) -> Result<(), KeyError> {
        self.save(database_id, key)
    }

    /// Where the key was looked for, as a user knows it ("de sleutelkluis van deze computer").
    fn dutch_name(&self) -> String {
        "de sleutelkluis van deze computer".into()
    }

    /// Why there is no key, and what to do about it.
    fn missing_key_reason(&self) -> String {
        "De sleutel van de database staat niet in de sleutelkluis van deze computer. Dat gebeurt bij een nieuw \
         gebruikersaccount of als de sleutelkluis is gewist."
            .into()
    }
}

/// The operating system's credential store through the keyring crates: Secret Service on
/// Linux, Credential Manager on Windows, Keychain on macOS.
#[derive(Debug, Default)]
pub struct OsKeyStore;

const KEYRING_SERVICE: &str = "nl.klachtbalie.database";

impl OsKeyStore {
    /// Installs the platform's store as keyring-core's default. Call once at start-up.
    pub fn install() -> Result<Self, KeyError> {
        let store = crate::platform::credential_store::os_store().map_err(describe_keyring_error)?;
        keyring_core::set_default_store(store);
        Ok(Self)
    }

    fn entry(database_id: &str) -> Result<keyring_core::Entry, KeyError> {
        keyring_core::Entry::new(KEYRING_SERVICE, database_id).map_err(describe_keyring_error)
    }
}

fn describe_keyring_error(error: keyring_core::Error) -> KeyError {
    KeyError::CredentialStoreUnavailable(error.to_string())
}

/// The keyring entry of a shared database's login password (never in a file or log).
const PASSWORD_SERVICE: &str = "nl.klachtbalie.databasewachtwoord";

impl OsKeyStore {
    /// The login password of a shared database, kept by the desk that joined it.
    pub fn load_database_password(&self, database_id: &str) -> Result<Option<String>, KeyError> {
        let entry = keyring_core::Entry::new(PASSWORD_SERVICE, database_id).map_err(describe_keyring_error)?;
        match entry.get_password() {
            Ok(password) => Ok(Some(password)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(other) => Err(describe_keyring_error(other)),
        }
    }

    pub fn save_database_password(&self, database_id: &str, password: &str) -> Result<(), KeyError> {
        let entry = keyring_core::Entry::new(PASSWORD_SERVICE, database_id).map_err(describe_keyring_error)?;
        entry.set_password(password).map_err(describe_keyring_error)
    }
}

impl KeyStore for OsKeyStore {
    fn load(&self, database_id: &str) -> Result<Option<DatabaseKey>, KeyError> {
        match Self::entry(database_id)?.get_password() {
            Ok(hex_key) => Ok(DatabaseKey::from_hex(&hex_key)),
            Err(keyring_core::Error::NoEntry) => Ok(None),
            Err(other) => Err(describe_keyring_error(other)),
        }
    }

    fn save(&self, database_id: &str, key: &DatabaseKey) -> Result<(), KeyError> {
        Self::entry(database_id)?.set_password(&key.hex()).map_err(describe_keyring_error)
    }
}

/// A key store in memory, for unit tests and benchmarks.
#[derive(Default)]
pub struct MemoryKeyStore {
    keys: Mutex<HashMap<String, DatabaseKey>>,
}

impl KeyStore for MemoryKeyStore {
    fn load(&self, database_id: &str) -> Result<Option<DatabaseKey>, KeyError> {
        Ok(self.keys.lock().map_err(|_| KeyError::CredentialStoreUnavailable("poisoned".into()))?.get(database_id).cloned())
    }

    fn save(&self, database_id: &str, key: &DatabaseKey) -> Result<(), KeyError> {
        self.keys.lock().map_err(|_| KeyError::CredentialStoreUnavailable("poisoned".into()))?.insert(database_id.to_string(), key.clone());
        Ok(())
    }
}

/// A key kept in a file, for unattended use (scheduled tasks, CI). Anyone who can read the
/// file can read every complaint: README.md explains the risk.
#[derive(Debug)]
pub struct KeyFileStore {
    path: std::path::PathBuf,
}

impl KeyFileStore {
    pub fn new(path: impl AsRef<Path>) -> Self {
        Self { path: path.as_ref().to_path_buf() }
    }

    fn error(&self, reason: impl ToString) -> KeyError {
        KeyError::KeyFile { path: self.path.display().to_string(), reason: reason.to_string() }
    }
}

impl KeyStore for KeyFileStore {
    fn load(&self, _database_id: &str) -> Result<Option<DatabaseKey>, KeyError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(error) => return Err(self.error(error)),
        };
        DatabaseKey::from_recovery_key(crate::files::without_bom(&text))
            .map(Some)
            .map_err(|error| self.error(format!("het bestand bevat geen geldige sleutel ({error})")))
    }

    fn dutch_name(&self) -> String {
        format!("het sleutelbestand {}", self.path.display())
    }

    fn missing_key_reason(&self) -> String {
        format!("Het sleutelbestand {} bestaat niet. Controleer het pad bij --key-file.", self.path.display())
    }

    fn save(&self, _database_id: &str, key: &DatabaseKey) -> Result<(), KeyError> {
        write_private_file(&self.path, format!("{}\n", key.recovery_key()).as_bytes()).map_err(|e| self.error(e))
    }

    /// A new file beside it, renamed over it: the file holds the old key or the new one, never
    /// half of either.
    fn replace(&self, _database_id: &str, key: &DatabaseKey) -> Result<(), KeyError> {
        let written =
            |error: std::io::Error| KeyError::KeyFileNotWritten { path: self.path.display().to_string(), reason: error.to_string() };
        let mut next = self.path.clone().into_os_string();
        next.push(".nieuw");
        let next = std::path::PathBuf::from(next);
        match std::fs::remove_file(&next) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => return Err(written(error)),
            _ => {}
        }
        write_private_file(&next, format!("{}\n", key.recovery_key()).as_bytes()).map_err(written)?;
        std::fs::rename(&next, &self.path).map_err(written)?;
        if let Some(folder) = self.path.parent() {
            crate::files::sync_folder(folder);
        }
        Ok(())
    }
}

/// Writes a file readable by its owner only (platform::files), refusing to overwrite an existing one.
pub fn write_private_file(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = crate::platform::files::create_new_private(path)?;
    file.write_all(contents)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recovery_key_round_trips_and_is_grouped() {
        // rule SEC-01: the recovery key is the same secret, printed in groups.
        let key = DatabaseKey::generate();
        let text = key.recovery_key();
        assert_eq!(text.split('-').count(), 17);
        assert!(text.split('-').all(|group| group.len() == 4));
        assert_eq!(DatabaseKey::from_recovery_key(&text).expect("parses"), key);
        let typed = text.to_lowercase().replace('-', " ");
        assert_eq!(DatabaseKey::from_recovery_key(&typed).expect("lenient"), key);
    }

    #[test]
    fn a_typo_in_the_recovery_key_is_caught_by_the_checksum() {
        // rule SEC-01: a wrong recovery key is refused before the database is touched.
        let key = DatabaseKey::from_bytes([7u8; 32]);
        let mut text = key.recovery_key().into_bytes();
        text[0] = if text[0] == b'0' { b'1' } else { b'0' };
        let typo = String::from_utf8(text).expect("ascii");
        assert_eq!(DatabaseKey::from_recovery_key(&typo), Err(KeyError::RecoveryKeyChecksum));
        assert_eq!(DatabaseKey::from_recovery_key("ABCD-EFGH"), Err(KeyError::RecoveryKeyCharacter('G')));
        assert_eq!(DatabaseKey::from_recovery_key("ABCD-0123"), Err(KeyError::RecoveryKeyLength(8)));
    }

    #[test]
    fn a_recovery_key_saved_by_notepad_is_read() {
        // PLAT-01: Windows editors write a byte-order mark and CRLF line ends.
        let key = DatabaseKey::generate();
        let saved = format!("\u{feff}{}\r\n", key.recovery_key());
        assert_eq!(DatabaseKey::from_recovery_key(&saved).expect("read"), key);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sleutel.txt");
        std::fs::write(&path, saved).expect("write");
        assert_eq!(KeyFileStore::new(&path).load("x").expect("load"), Some(key));
    }

    #[test]
    fn debug_output_never_shows_the_key() {
        let key = DatabaseKey::from_bytes([0xAB; 32]);
        assert!(!format!("{key:?}").to_lowercase().contains("abab"));
    }

    #[test]
    fn key_file_round_trip_is_owner_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sleutel.txt");
        let store = KeyFileStore::new(&path);
        assert_eq!(store.load("x").expect("missing is fine"), None);
        let key = DatabaseKey::generate();
        store.save("x", &key).expect("save");
        assert_eq!(store.load("x").expect("load"), Some(key.clone()));
        assert!(store.save("x", &key).is_err(), "an existing key file is never overwritten");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
            assert_eq!(mode & 0o077, 0, "key file must not be readable by others");
        }
    }
}
