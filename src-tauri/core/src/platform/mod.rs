//! What differs between Windows and Unix (Linux, macOS), one small module per concern, each
//! with a `cfg` per platform and its own tests (run on Linux and, for the Windows build, under
//! Wine: scripts/with-wine.sh). The rest of the code never names a platform.

pub mod console;
pub mod credential_store;
pub mod facts;
pub mod files;
pub mod private_folder;
pub mod shell;
pub mod startup_failure;
#[cfg(windows)]
mod windows_api;

/// The absolute, resolved form of an existing path, in the form users know: on Windows
/// `C:\Users\…` rather than the `\\?\C:\Users\…` that `std::fs::canonicalize` returns (which
/// many programs, and people, do not read as the same folder).
pub fn canonical(path: impl AsRef<std::path::Path>) -> std::io::Result<std::path::PathBuf> {
    dunce::canonicalize(path)
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_canonical_path_has_no_verbatim_prefix_and_keeps_spaces_and_accents() {
        // PLAT-01: a user folder like C:\Users\Renée d'Hondt stays as it is written.
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path().join("Renée d'Hondt").join("Mijn documenten");
        std::fs::create_dir_all(&folder).expect("folders with spaces and accents");
        let canonical = super::canonical(&folder).expect("canonical");
        let text = canonical.to_str().expect("unicode");
        assert!(!text.starts_with(r"\\?\"), "{text}");
        assert!(text.ends_with(&format!("Renée d'Hondt{}Mijn documenten", std::path::MAIN_SEPARATOR)), "{text}");
        assert!(canonical.is_absolute());
    }
}
