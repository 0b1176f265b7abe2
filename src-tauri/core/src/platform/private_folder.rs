//! The private folder for copies of stored letters handed to the PDF viewer or the printer
//! (they hold personal data). It has a random name, is made new (an existing folder of that
//! name is never accepted: another user could have made it), is readable by the user only,
//! and lies in the user's own temporary place: on Linux `$XDG_RUNTIME_DIR` (the user's own,
//! emptied at log-out) or else the temporary folder with mode 0700; on Windows the user's
//! `%LOCALAPPDATA%\Temp`, whose permissions admit only that user. The app empties it at
//! log-out and at the lock, removes it on exit, and removes what a killed run left at the
//! next start.

use std::path::{Path, PathBuf};

/// Every such folder's name starts with this, so leftovers can be found again.
const PREFIX: &str = "klachtbalie-kopieen-";

/// Where the folders go for this user.
pub fn base() -> PathBuf {
    #[cfg(target_os = "linux")]
    if let Some(runtime) = dirs::runtime_dir().filter(|dir| dir.is_dir()) {
        return runtime;
    }
    std::env::temp_dir()
}

/// A new private folder with a random name in `parent`.
pub fn create_in(parent: &Path) -> std::io::Result<PathBuf> {
    let path = unused_name_in(parent);
    make(&path)?;
    Ok(path)
}

/// A random folder name in `parent`, not yet made (no one can guess it beforehand).
pub fn unused_name_in(parent: &Path) -> PathBuf {
    parent.join(format!("{PREFIX}{:016x}{:016x}", rand::random::<u64>(), rand::random::<u64>()))
}

/// Makes `path` as a new folder for this user only; fails if anything is already there.
pub fn make(path: &Path) -> std::io::Result<()> {
    #[cfg_attr(not(unix), allow(unused_mut))]
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(path)
}

/// Writes a copy into the folder (made again if it was removed), readable by the user only.
pub fn write_copy(folder: &Path, name: &str, contents: &[u8]) -> std::io::Result<PathBuf> {
    if !folder.is_dir() {
        make(folder)?;
    }
    let path = folder.join(name);
    let _ = std::fs::remove_file(&path);
    std::io::Write::write_all(&mut super::files::create_new_private(&path)?, contents)?;
    Ok(path)
}

/// Removes the copies in the folder, keeping the folder (log-out, lock). A copy that the
/// viewer still holds open on Windows stays until the next start.
pub fn empty(folder: &Path) {
    if let Ok(entries) = std::fs::read_dir(folder) {
        for entry in entries.flatten() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Removes the folders an earlier run of this user left in `parent` (killed, power cut),
/// except `current`, this run's own folder. Folders of other users (a shared /tmp) are not
/// this user's to touch: on Unix only folders with `current`'s owner are removed; on Windows
/// the parent is the user's own temporary folder.
pub fn remove_leftovers(parent: &Path, current: &Path) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let Ok(own) = std::fs::metadata(current) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        let ours = entry.file_name().to_str().is_some_and(|name| name.starts_with(PREFIX));
        if ours && path != current && entry.metadata().is_ok_and(|metadata| metadata.is_dir() && same_owner(&metadata, &own)) {
            let _ = std::fs::remove_dir_all(&path);
        }
    }
}

#[cfg(unix)]
fn same_owner(a: &std::fs::Metadata, b: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    a.uid() == b.uid()
}

#[cfg(not(unix))]
fn same_owner(_: &std::fs::Metadata, _: &std::fs::Metadata) -> bool {
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_is_new_private_and_never_an_existing_one() {
        // SEC-06: copies of letters are for this user only.
        let parent = tempfile::tempdir().expect("tempdir");
        let first = create_in(parent.path()).expect("made");
        let second = create_in(parent.path()).expect("made");
        assert_ne!(first, second, "a random name each time");
        assert!(make(&first).is_err(), "an existing folder is refused");
        let copy = write_copy(&first, "KL-2026-0001-beslissing.pdf", b"%PDF").expect("copy");
        assert_eq!(std::fs::read(&copy).expect("read"), b"%PDF");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&first).expect("meta").permissions().mode() & 0o077, 0, "folder: the owner only");
            assert_eq!(std::fs::metadata(&copy).expect("meta").permissions().mode() & 0o077, 0, "copy: the owner only");
        }
        // Written again (the letter opened twice): replaced, not refused.
        write_copy(&first, "KL-2026-0001-beslissing.pdf", b"%PDF-2").expect("again");
        empty(&first);
        assert!(first.is_dir() && std::fs::read_dir(&first).expect("list").next().is_none(), "emptied at log-out");
        // A folder removed behind the app's back is made again for the next copy.
        std::fs::remove_dir(&first).expect("removed");
        write_copy(&first, "a.pdf", b"x").expect("made again");
    }

    #[test]
    fn leftovers_of_a_killed_run_are_removed_at_the_next_start() {
        let parent = tempfile::tempdir().expect("tempdir");
        let old = create_in(parent.path()).expect("old");
        write_copy(&old, "brief.pdf", b"%PDF").expect("copy");
        let other = parent.path().join("iets-anders");
        std::fs::create_dir(&other).expect("not ours");
        let current = create_in(parent.path()).expect("current");
        remove_leftovers(parent.path(), &current);
        assert!(!old.exists(), "the killed run's copies are gone");
        assert!(current.is_dir(), "this run's folder stays");
        assert!(other.is_dir(), "what is not Klachtbalie's stays");
    }
}
