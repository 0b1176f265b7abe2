//! A single desk's SQLCipher file opened as someone with its key and a SQLite shell could: for
//! the tests that play an attacker or an administrator behind the app's back.

use std::path::Path;

/// The database key in a recovery key: its first 64 hex digits.
pub fn key_hex(recovery_key: &str) -> String {
    recovery_key.replace('-', "").chars().take(64).collect()
}

/// The database file of the data folder `data_dir`, opened with the key in `recovery_key`.
pub fn open(data_dir: &Path, recovery_key: &str) -> rusqlite::Connection {
    let connection = rusqlite::Connection::open(klachtbalie_core::paths::database_path(data_dir)).expect("open the desk's file");
    connection.execute_batch(&format!("PRAGMA key = \"x'{}'\";", key_hex(recovery_key))).expect("key");
    connection
}
