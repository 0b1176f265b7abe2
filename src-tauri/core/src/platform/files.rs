//! Files that hold personal data, as each platform protects them: made new (never over an
//! existing file) and readable by the user only (mode 0600 on Unix; on Windows the user's
//! own folders admit only that user, and a new file inherits that), and given their final
//! name over an older one. On Unix a rename replaces the old file at once, even while another
//! program has it open. On Windows it cannot while another process holds the file without
//! sharing it for deletion (a virus scanner looking at a file just written, a viewer, the
//! search indexer): such a hold lasts moments, so the rename is tried again for a short while
//! before the error is given up; the old file and the new one are both still there until it
//! succeeds, so nothing is lost either way.

use std::path::Path;
use std::time::Duration;

/// How long a held file is waited for in all (Windows).
const PATIENCE: Duration = Duration::from_secs(3);

/// Creates `path` as a new file for the user only; fails if anything is already there.
pub fn create_new_private(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

/// Makes a rename in `folder` durable: on Unix the folder itself is synced; on Windows the
/// rename is durable once it returns (NTFS journals it).
pub fn sync_folder(folder: &Path) {
    #[cfg(unix)]
    if let Ok(handle) = std::fs::File::open(folder) {
        let _ = handle.sync_all();
    }
    #[cfg(not(unix))]
    let _ = folder;
}

/// Renames `from` to `to`, replacing `to` if it exists.
pub fn rename_replacing(from: &Path, to: &Path) -> std::io::Result<()> {
    let started = std::time::Instant::now();
    let mut pause = Duration::from_millis(20);
    loop {
        match std::fs::rename(from, to) {
            Err(error) if held_by_another_program(&error) && started.elapsed() < PATIENCE => {
                std::thread::sleep(pause);
                pause = (pause * 2).min(Duration::from_millis(250));
            }
            result => return result,
        }
    }
}

/// ERROR_ACCESS_DENIED (5), ERROR_SHARING_VIOLATION (32) and ERROR_LOCK_VIOLATION (33): what
/// Windows says while another process has the file open. Never on Unix.
fn held_by_another_program(error: &std::io::Error) -> bool {
    cfg!(windows) && matches!(error.raw_os_error(), Some(5 | 32 | 33))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_file_is_new_and_the_users_only() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("sleutel.txt");
        std::io::Write::write_all(&mut create_new_private(&path).expect("new"), b"geheim").expect("write");
        assert!(create_new_private(&path).is_err(), "never over an existing file");
        assert_eq!(std::fs::read(&path).expect("read"), b"geheim");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).expect("meta").permissions().mode() & 0o077, 0);
        }
    }

    #[test]
    fn a_rename_replaces_the_old_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (new, old) = (dir.path().join("nieuw.tmp"), dir.path().join("brief.pdf"));
        std::fs::write(&old, b"oud").expect("old");
        std::fs::write(&new, b"nieuw").expect("new");
        rename_replacing(&new, &old).expect("replaced");
        assert_eq!(std::fs::read(&old).expect("read"), b"nieuw");
        assert!(!new.exists());
    }

    #[cfg(windows)]
    #[test]
    fn a_file_held_for_a_moment_by_another_program_is_replaced_once_it_is_let_go() {
        // PLAT-01: a virus scanner opens a file just written without sharing it; the save
        // waits for it instead of failing, and never loses the old or the new contents.
        use std::os::windows::fs::OpenOptionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let (new, old) = (dir.path().join("nieuw.tmp"), dir.path().join("brief.pdf"));
        std::fs::write(&old, b"oud").expect("old");
        std::fs::write(&new, b"nieuw").expect("new");
        let held = std::fs::OpenOptions::new().read(true).share_mode(0).open(&old).expect("held without sharing");
        let released = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(400));
            drop(held);
        });
        rename_replacing(&new, &old).expect("replaced after the hold");
        released.join().expect("thread");
        assert_eq!(std::fs::read(&old).expect("read"), b"nieuw");
    }
}
