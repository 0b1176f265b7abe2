//! Writing files without ever damaging what is there: a new file is written under a temporary
//! name and renamed into place, exports never land in the data folder or on the key file, and
//! an existing file is only replaced when the user said so.

use crate::platform;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `contents` to `path` through a temporary file in the same folder, synced before it
/// takes the final name, so a crash leaves either the old state or the complete new file.
/// Without `overwrite`, an existing `path` is refused (and stays untouched).
pub fn write_atomically(path: &Path, contents: &[u8], overwrite: bool) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| std::io::Error::new(std::io::ErrorKind::InvalidInput, "geen bestandsnaam"))?;
    let temporary = folder.join(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let result = (|| {
        // Exports hold personal data: readable by the owner only.
        let mut file = platform::files::create_new_private(&temporary)?;
        file.write_all(contents)?;
        file.sync_all()?;
        drop(file);
        if overwrite {
            platform::files::rename_replacing(&temporary, path)?;
        } else {
            rename_without_replacing(&temporary, path)?;
        }
        sync_folder(&folder);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    result
}

/// Text without the UTF-8 byte-order mark that Windows programs (Notepad, Excel, PowerShell)
/// put before it; every text file a user hands in is read through here.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Gives `from` the name `to`, refusing (AlreadyExists) if `to` exists: a hard link fails if
/// the name is taken, so two writers can never both win. Where hard links are not supported
/// (FAT USB sticks, many network shares) the file is renamed after checking the name is free.
pub fn rename_without_replacing(from: &Path, to: &Path) -> std::io::Result<()> {
    match std::fs::hard_link(from, to) {
        Ok(()) => std::fs::remove_file(from),
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => Err(error),
        Err(_) if to.exists() => Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, "het bestand bestaat al")),
        Err(_) => std::fs::rename(from, to),
    }
}

/// Makes a rename durable (platform::files::sync_folder).
pub fn sync_folder(folder: &Path) {
    platform::files::sync_folder(folder);
}

/// The absolute form of a path whose last part may not exist yet.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(existing) = crate::platform::canonical(path) {
        return Some(existing);
    }
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    Some(crate::platform::canonical(parent).ok()?.join(path.file_name()?))
}

/// Writes an export (a letter, a report) the user asked for at `target`. Refused, with the
/// reason in Dutch: a target inside the data folder (the live database is there), the key
/// file, a folder that does not exist, or an existing file unless `force` is given.
pub fn write_export(target: &Path, contents: &[u8], force: bool, data_dir: &Path, protected: &[&Path]) -> Result<(), String> {
    let absolute = export_target(target, force, data_dir, protected)?;
    write_atomically(&absolute, contents, force).map_err(|error| format!("{} kon niet worden geschreven: {error}", target.display()))
}

/// Where an export to `target` would be written, or why it may not be (the reasons of
/// `write_export`), checked before work that cannot be undone (closing a request, say).
pub fn export_target(target: &Path, force: bool, data_dir: &Path, protected: &[&Path]) -> Result<std::path::PathBuf, String> {
    let shown = target.display();
    let absolute =
        resolved(target).ok_or_else(|| format!("de map voor {shown} bestaat niet; maak hem eerst aan of kies een andere map"))?;
    if let Ok(data_dir) = crate::platform::canonical(data_dir) {
        if absolute.starts_with(&data_dir) {
            return Err(format!(
                "{shown} ligt in de map met de database ({}); Klachtbalie schrijft daar geen exports. Kies een andere map.",
                data_dir.display()
            ));
        }
    }
    for protected in protected {
        if resolved(protected).is_some_and(|protected| protected == absolute) {
            return Err(format!("{shown} is het sleutelbestand; dat wordt nooit overschreven. Kies een andere naam."));
        }
    }
    if absolute.is_dir() {
        return Err(format!("{shown} is een map; geef een bestandsnaam op."));
    }
    if absolute.exists() && !force {
        return Err(format!("{shown} bestaat al; er is niets overschreven. Kies een andere naam of gebruik --force."));
    }
    Ok(absolute)
}

/// The SHA-256 of `bytes` in hexadecimal (letters' fingerprints, backup checksums).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_export_never_lands_in_the_data_folder_or_on_the_key_file() {
        // rule SEC-06: `--out <data-dir>/klachtbalie.db` destroyed the database.
        let root = tempfile::tempdir().expect("tempdir");
        let data_dir = root.path().join("data");
        std::fs::create_dir(&data_dir).expect("data dir");
        let database = data_dir.join("klachtbalie.db");
        std::fs::write(&database, b"live").expect("db");
        let key_file = root.path().join("sleutel.txt");
        std::fs::write(&key_file, b"key").expect("key");

        let refused = write_export(&database, b"pdf", true, &data_dir, &[&key_file]).expect_err("data folder");
        assert!(refused.contains("map met de database"), "{refused}");
        assert!(write_export(&data_dir.join("nieuw.pdf"), b"pdf", false, &data_dir, &[]).is_err());
        let refused = write_export(&key_file, b"pdf", true, &data_dir, &[&key_file]).expect_err("key file");
        assert!(refused.contains("sleutelbestand"), "{refused}");
        assert_eq!(std::fs::read(&database).expect("db"), b"live");
        assert_eq!(std::fs::read(&key_file).expect("key"), b"key");
    }

    #[test]
    fn an_existing_file_is_replaced_only_with_force() {
        let root = tempfile::tempdir().expect("tempdir");
        let data_dir = root.path().join("data");
        let target = root.path().join("brief.pdf");
        write_export(&target, b"one", false, &data_dir, &[]).expect("new file");
        let refused = write_export(&target, b"two", false, &data_dir, &[]).expect_err("exists");
        assert!(refused.contains("--force"), "{refused}");
        assert_eq!(std::fs::read(&target).expect("read"), b"one");
        write_export(&target, b"two", true, &data_dir, &[]).expect("forced");
        assert_eq!(std::fs::read(&target).expect("read"), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(root.path())
            .expect("dir")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary files are left behind");
    }
}
