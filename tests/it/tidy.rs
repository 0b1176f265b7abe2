//! Tidy checks over the source tree: every Rust module says what it is for (`//!` first), core
//! never depends on tauri (ARCHITECTURE.md, invariant 1), no two modules of a layer import each other,
//! and no source file grows past 600 lines.

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

/// The modules of one layer (`dir`) and which of them each one names: `super::name` and
/// `prefix` + `name` outside its tests.
fn module_imports(dir: &Path, prefix: &str) -> std::collections::BTreeMap<String, std::collections::BTreeSet<String>> {
    let modules: std::collections::BTreeSet<String> = std::fs::read_dir(dir)
        .expect("read_dir")
        .flatten()
        .filter_map(|entry| {
            let path = entry.path();
            let stem = path.file_stem()?.to_str()?.to_string();
            (stem != "mod" && (path.is_dir() || path.extension().is_some_and(|ext| ext == "rs"))).then_some(stem)
        })
        .collect();
    let mut imports = std::collections::BTreeMap::new();
    for module in &modules {
        let path = dir.join(format!("{module}.rs"));
        let text = std::fs::read_to_string(&path).or_else(|_| std::fs::read_to_string(dir.join(module).join("mod.rs"))).unwrap_or_default();
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        let named = modules
            .iter()
            .filter(|other| *other != module)
            .filter(|other| {
                [format!("super::{other}::"), format!("super::{other}::{{"), format!("{prefix}{other}::")]
                    .iter()
                    .any(|needle| code.contains(needle.as_str()))
            })
            .cloned()
            .collect();
        imports.insert(module.clone(), named);
    }
    imports
}

/// The modules on a circle: those that reach themselves again through the imports.
fn modules_on_a_circle(imports: &std::collections::BTreeMap<String, std::collections::BTreeSet<String>>) -> Vec<String> {
    imports
        .keys()
        .filter(|start| {
            let mut seen = std::collections::BTreeSet::new();
            let mut todo: Vec<&String> = imports[*start].iter().collect();
            while let Some(module) = todo.pop() {
                if module == *start {
                    return true;
                }
                if seen.insert(module) {
                    todo.extend(imports.get(module).into_iter().flatten());
                }
            }
            false
        })
        .cloned()
        .collect()
}

#[test]
fn no_two_modules_of_a_layer_import_each_other() {
    // ARCHITECTURE.md: helpers shared by two use cases live in a module both import
    // (service/access.rs, domain/form.rs, app/viewer.rs), never in one of the two, so a change
    // to one module cannot ripple back into itself through another.
    let layers = [
        ("src-tauri/core/src/domain", "crate::domain::"),
        ("src-tauri/core/src/store", "crate::store::"),
        ("src-tauri/core/src/letters", "crate::letters::"),
        ("src-tauri/core/src/service", "crate::service::"),
        ("src-tauri/core/src/platform", "crate::platform::"),
        ("src-tauri/app", "crate::"),
        ("src-tauri/cli/src", "crate::"),
    ];
    for (dir, prefix) in layers {
        let imports = module_imports(&root().join(dir), prefix);
        assert!(imports.len() > 2, "{dir}: found only {} modules", imports.len());
        let circle = modules_on_a_circle(&imports);
        assert!(circle.is_empty(), "{dir}: these modules import each other (in a circle): {circle:?}");
    }
    // The check itself finds a circle.
    let mut imports = std::collections::BTreeMap::new();
    imports.insert("a".to_string(), ["b".to_string()].into());
    imports.insert("b".to_string(), ["a".to_string()].into());
    imports.insert("c".to_string(), ["a".to_string()].into());
    assert_eq!(modules_on_a_circle(&imports), ["a", "b"]);
}

#[test]
fn no_source_file_is_over_600_lines_and_a_test_file_over_800_says_why() {
    // A file that grows past this is split along the domain before more is added (the
    // developers' guide); a long journey test may stay whole when its first lines say why.
    let mut files = Vec::new();
    rust_files(&root().join("src-tauri"), &mut files);
    rust_files(&root().join("tests"), &mut files);
    // The user interface's TypeScript and CSS too, but not the IPC types ts-rs generates.
    for (folder, extension) in [("ui/src", "ts"), ("ui", "css"), ("ui/styles", "css")] {
        for entry in std::fs::read_dir(root().join(folder)).expect("ui folder").flatten() {
            if entry.path().extension().is_some_and(|ext| ext == extension) {
                files.push(entry.path());
            }
        }
    }
    assert!(files.iter().any(|path| path.ends_with("ui/src/main.ts")), "the UI's files were not found");
    let too_long: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            let lines = text.lines().count();
            let name = path.strip_prefix(root()).unwrap_or(path).display().to_string().replace('\\', "/");
            let is_test = name.starts_with("tests/") || name.contains("/tests/") || name.contains("/benches/");
            let says_why = text.lines().take(5).any(|line| line.contains("one file because"));
            let limit = if is_test { 800 } else { 600 };
            (lines > limit && !(is_test && says_why)).then(|| format!("{name}: {lines} lines (at most {limit})"))
        })
        .collect();
    assert!(too_long.is_empty(), "split these along the domain: {too_long:#?}");
}
