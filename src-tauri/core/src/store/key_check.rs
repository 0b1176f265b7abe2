//! Opening safely: the shape of the database file, the key-check file beside it that tells a
//! wrong key from a damaged file, and the read-only key check that changes nothing.

use super::{StoreError, StoreResult, BUSY_TIMEOUT, PAGE_SIZE};
use crate::store::key::DatabaseKey;
use rusqlite::{Connection, OpenFlags};
use std::path::{Path, PathBuf};

/// Refuses a database file that cannot be one: empty (a failed copy, a full disk) or cut off
/// in the middle of a page. Such a file is left exactly as it is (defect: a 0-byte file used
/// to be taken for a new database and numbering started again at KL-…-0001).
fn check_file_shape(path: &Path) -> StoreResult<()> {
    let metadata = match std::fs::metadata(path) {
        Ok(metadata) => metadata,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Err(StoreError::Missing(path.to_path_buf())),
        Err(_) => return Err(StoreError::CannotOpen),
    };
    let damaged = |problem: String| Err(StoreError::Damaged { path: path.to_path_buf(), problem });
    if !metadata.is_file() {
        return damaged("het is geen bestand".into());
    }
    match metadata.len() {
        0 => damaged("het bestand is leeg (0 bytes)".into()),
        size if size % PAGE_SIZE != 0 => damaged(format!("het bestand is afgekapt ({size} bytes, geen geheel aantal pagina's)")),
        _ => Ok(()),
    }
}

/// The key-check file beside the database: a one-way value of the key, so that "this key is
/// right but the file is damaged" can be told apart from "this is the wrong key".
pub fn key_check_path(database_path: &Path) -> PathBuf {
    let mut name = database_path.as_os_str().to_owned();
    name.push(".sleutelcontrole");
    PathBuf::from(name)
}

/// Writes the key-check file after the key has opened the database: if it is missing (older
/// installations) or belongs to another database (a file restored from elsewhere). The
/// database itself is the authority; failure to write is harmless.
pub fn ensure_key_check(database_path: &Path, key: &DatabaseKey) {
    if key_check_matches(database_path, key) != Some(true) {
        if let Some(text) = key_check_text(database_path, key) {
            let _ = crate::files::write_atomically(&key_check_path(database_path), text.as_bytes(), true);
        }
    }
}

/// Whether the key-check file says `key` is this database's key: `None` if there is none.
fn key_check_matches(database_path: &Path, key: &DatabaseKey) -> Option<bool> {
    let text = std::fs::read_to_string(key_check_path(database_path)).ok()?;
    let (check_value, salt) = text.trim().split_once(' ')?;
    // A check file of another database (one copied or restored in its place) says nothing.
    if salt != database_salt(database_path)? {
        return None;
    }
    Some(check_value == key.check_value())
}

/// The first 16 bytes of an SQLCipher file: its random salt, different for every database.
fn database_salt(database_path: &Path) -> Option<String> {
    use std::io::Read;
    let mut salt = [0u8; 16];
    std::fs::File::open(database_path).ok()?.read_exact(&mut salt).ok()?;
    Some(hex::encode(salt))
}

fn key_check_text(database_path: &Path, key: &DatabaseKey) -> Option<String> {
    Some(format!("{} {}\n", key.check_value(), database_salt(database_path)?))
}

/// Checks that `key` opens the database at `path` without changing it. A key that the
/// key-check file rejects is tried on an `immutable` read of the main file only (no lock, no
/// WAL index), so a wrong key changes no byte in the data folder; this only confirms the
/// rare case of a stale key-check file (a database restored from elsewhere). Every other
/// check opens read-only with normal locking: `immutable` is unsafe while another process
/// writes and caused "database disk image is malformed" beside concurrent intakes.
///
/// A change cut off by a kill leaves a hot rollback journal, which a read-only connection may
/// not roll back (SQLITE_READONLY_ROLLBACK). Then the key-check file decides, or else the
/// main file alone; the read-write open that follows rolls the change back.
pub fn verify_key(path: &Path, key: &DatabaseKey) -> StoreResult<()> {
    check_file_shape(path)?;
    let matches = key_check_matches(path, key);
    if matches == Some(false) {
        return check_read_only(path, key, Reading::MainFileOnly);
    }
    match check_read_only(path, key, Reading::WithLocks) {
        Err(StoreError::UnfinishedChange(_)) if matches == Some(true) => Ok(()),
        Err(StoreError::UnfinishedChange(_)) => check_read_only(path, key, Reading::MainFileOnly),
        other => other,
    }
}

/// How a key check reads the file: with normal locking (WAL and journal included), or the
/// main file only, `immutable` (no lock, no WAL index, no journal: nothing is written).
#[derive(Clone, Copy)]
enum Reading {
    WithLocks,
    MainFileOnly,
}

fn check_read_only(path: &Path, key: &DatabaseKey, reading: Reading) -> StoreResult<()> {
    let connection = match reading {
        Reading::MainFileOnly => {
            let uri = format!("file:{}?immutable=1", percent_encode_path(path));
            Connection::open_with_flags(
                uri,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_URI | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?
        }
        Reading::WithLocks => Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)?,
    };
    // The last connection to close would otherwise checkpoint a WAL left by a killed process
    // into the main file: harmless with the right key, but a check should change nothing.
    connection.set_db_config(rusqlite::config::DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)?;
    connection.busy_timeout(BUSY_TIMEOUT)?;
    apply_key(&connection, key)?;
    check_key(&connection, path, key)
}

fn percent_encode_path(path: &Path) -> String {
    let mut encoded = String::new();
    for byte in path.to_string_lossy().bytes() {
        match byte {
            // Letters, digits and path separators as they are; everything else, including
            // each byte of a non-ASCII name such as "André", percent-encoded.
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'\\' | b'.' | b'-' | b'_' | b'~' | b':' => encoded.push(byte as char),
            _ => encoded.push_str(&format!("%{byte:02X}")),
        }
    }
    encoded
}

pub(super) fn apply_key(connection: &Connection, key: &DatabaseKey) -> StoreResult<()> {
    // Without this SQLCipher prints HMAC failures to stderr when a wrong key is tried.
    connection.execute_batch("PRAGMA cipher_log_level = NONE;")?;
    connection.execute_batch(&key.sqlcipher_pragma())?;
    Ok(())
}

pub(super) fn check_key(connection: &Connection, path: &Path, key: &DatabaseKey) -> StoreResult<()> {
    // SQLCipher only notices a wrong key on the first read of page 1.
    match connection.query_row("SELECT count(*) FROM sqlite_master", [], |row| row.get::<_, i64>(0)) {
        Ok(_) => Ok(()),
        Err(rusqlite::Error::SqliteFailure(error, _)) if error.code == rusqlite::ErrorCode::NotADatabase => {
            match key_check_matches(path, key) {
                Some(true) => Err(StoreError::Damaged {
                    path: path.to_path_buf(),
                    problem: "de sleutel klopt, maar de eerste pagina kan niet worden gelezen".into(),
                }),
                Some(false) => Err(StoreError::WrongKey(path.to_path_buf())),
                None => Err(StoreError::WrongKeyOrDamaged(path.to_path_buf())),
            }
        }
        Err(rusqlite::Error::SqliteFailure(error, _)) if error.code == rusqlite::ErrorCode::DatabaseCorrupt => {
            Err(StoreError::Damaged { path: path.to_path_buf(), problem: "het bestand is afgekapt of beschadigd".into() })
        }
        Err(other) => Err(other.into()),
    }
}
