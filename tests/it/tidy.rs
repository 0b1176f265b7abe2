//! Tidy checks over the source tree: every Rust module says what it is for (`//!` first), and
//! core never depends on tauri (ARCHITECTURE.md, invariant 1).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, into: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, into);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            into.push(path);
        }
    }
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn every_rust_file_starts_with_a_module_doc() {
    let mut files = Vec::new();
    rust_files(&root().join("src-tauri"), &mut files);
    rust_files(&root().join("tests"), &mut files);
    assert!(files.len() > 20, "found only {} files: wrong root?", files.len());
    let missing: Vec<String> = files
        .iter()
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            !text.trim_start().starts_with("//!")
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(missing.is_empty(), "files without a `//!` line saying what they are for: {missing:#?}");
}

#[test]
fn core_does_not_depend_on_tauri() {
    let manifest = std::fs::read_to_string(root().join("src-tauri/core/Cargo.toml")).expect("core manifest");
    assert!(!manifest.contains("tauri"), "klachtbalie-core must not depend on tauri");
    let mut files = Vec::new();
    rust_files(&root().join("src-tauri/core/src"), &mut files);
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read");
        assert!(!text.contains("tauri::"), "{} uses tauri", file.display());
    }
}

#[test]
fn unsafe_code_lives_in_the_windows_api_module_only() {
    // The workspace denies unsafe code; the platform layer's Windows calls are the exception.
    let mut files = Vec::new();
    rust_files(&root().join("src-tauri"), &mut files);
    rust_files(&root().join("tests"), &mut files);
    let allowing: Vec<String> = files
        .iter()
        .filter(|path| std::fs::read_to_string(path).unwrap_or_default().contains(&["allow(", "unsafe_code)"].concat()))
        .map(|path| path.strip_prefix(root()).unwrap_or(path).display().to_string().replace('\\', "/"))
        .collect();
    assert_eq!(allowing, vec!["src-tauri/core/src/platform/windows_api.rs".to_string()]);
}

#[test]
fn no_code_outside_the_platform_layer_names_a_platform() {
    // ARCHITECTURE.md: what differs between Windows and Linux sits in src/platform (and the
    // app's file dialogs and window plumbing); the rest never asks which platform it is on.
    let mut files = Vec::new();
    rust_files(&root().join("src-tauri/core/src"), &mut files);
    let naming: Vec<String> = files
        .iter()
        .filter(|path| !path.components().any(|part| part.as_os_str() == "platform"))
        .filter(|path| {
            let text = std::fs::read_to_string(path).unwrap_or_default();
            ["cfg(windows)", "cfg!(windows)", "target_os = \"windows\""].iter().any(|needle| text.contains(needle))
        })
        .map(|path| path.display().to_string())
        .collect();
    assert!(naming.is_empty(), "Windows named outside src-tauri/core/src/platform: {naming:#?}");
}
