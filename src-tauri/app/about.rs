//! The "Over Klachtbalie" screen: the version, and the licences of everything the
//! program bundles: the Rust crates linked into it, the npm packages bundled into the window,
//! and the fonts embedded in its PDFs. The list is generated, never typed: `licences.json` is
//! written by the `licences_are_current` test from `cargo metadata` (asked once per platform
//! Klachtbalie ships for, so each crate says where it is linked in), the imports of ui/src and
//! ui/styles.css with their package.json files, and the font's licence file, and that test
//! fails when the file no longer matches.

use crate::ipc::CommandError;
use serde::{Deserialize, Serialize};
#[cfg(test)]
use ts_rs::TS;

const LICENCES: &str = include_str!("licences.json");

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
#[cfg_attr(test, derive(TS))]
pub struct LicenceView {
    /// "Rust", "npm" or "lettertype".
    pub kind: String,
    pub name: String,
    pub version: String,
    /// The SPDX expression as the package declares it.
    pub licence: String,
    /// Where it is part of the program: "Linux, Windows", "Linux" or "Windows" (the npm
    /// packages and the font are in every build).
    pub platforms: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(test, derive(TS))]
pub struct AboutView {
    pub version: String,
    pub licence: String,
    /// The platforms the list covers, in the words of `LicenceView::platforms`.
    pub platforms: String,
    pub licences: Vec<LicenceView>,
}

/// The platforms Klachtbalie is built and shipped for, with the target each is built as (the
/// Windows build is cross-compiled with mingw: scripts/package.sh windows).
pub const SHIPPED_PLATFORMS: [(&str, &str); 2] = [("Linux", "x86_64-unknown-linux-gnu"), ("Windows", "x86_64-pc-windows-gnu")];

/// What the About screen shows; needs no log-in (it holds nothing of the municipality's).
#[tauri::command]
pub async fn about() -> Result<AboutView, CommandError> {
    serde_json::from_str(LICENCES).map_err(|error| CommandError::new("internal", format!("De licentielijst is beschadigd: {error}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    fn root() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// The crates linked into the app on each shipped platform: everything reachable from the
    /// `klachtbalie` package through normal dependencies (not build scripts or tests), the
    /// workspace's own excluded. `cargo metadata --filter-platform` asks only for that
    /// platform's crates, which scripts/setup.sh fetches (`cargo fetch --target …`): a crate
    /// for Android or macOS is neither needed here nor listed.
    fn rust_crates() -> (String, String, Vec<LicenceView>) {
        let mut found: BTreeMap<(String, String), (String, Vec<&str>)> = BTreeMap::new();
        let mut app_version_licence = None;
        for (platform, target) in SHIPPED_PLATFORMS {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            let output = std::process::Command::new(cargo)
                .args(["metadata", "--format-version", "1", "--locked", "--offline", "--filter-platform", target, "--manifest-path"])
                .arg(root().join("Cargo.toml"))
                .output()
                .expect("cargo metadata");
            assert!(
                output.status.success(),
                "cargo metadata for {platform} ({target}) needs that platform's crates: run `bash scripts/setup.sh` (it fetches them)\n{}",
                String::from_utf8_lossy(&output.stderr)
            );
            let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("json");
            let packages: BTreeMap<&str, &serde_json::Value> =
                metadata["packages"].as_array().expect("packages").iter().map(|p| (p["id"].as_str().expect("id"), p)).collect();
            let workspace: BTreeSet<&str> =
                metadata["workspace_members"].as_array().expect("members").iter().filter_map(|m| m.as_str()).collect();
            let nodes: BTreeMap<&str, &serde_json::Value> =
                metadata["resolve"]["nodes"].as_array().expect("nodes").iter().map(|n| (n["id"].as_str().expect("id"), n)).collect();
            let app = packages.values().find(|p| p["name"] == "klachtbalie").expect("the app package");
            let mut seen = BTreeSet::new();
            let mut todo = vec![app["id"].as_str().expect("id")];
            while let Some(id) = todo.pop() {
                if !seen.insert(id) {
                    continue;
                }
                for dep in nodes[id]["deps"].as_array().expect("deps") {
                    let normal = dep["dep_kinds"].as_array().expect("kinds").iter().any(|kind| kind["kind"].is_null());
                    if normal {
                        todo.push(dep["pkg"].as_str().expect("pkg"));
                    }
                }
            }
            for id in seen.into_iter().filter(|id| !workspace.contains(id)) {
                let p = packages[id];
                let key = (p["name"].as_str().expect("name").to_string(), p["version"].as_str().expect("version").to_string());
                let licence = p["license"].as_str().unwrap_or("zie de broncode").to_string();
                found.entry(key).or_insert_with(|| (licence, Vec::new())).1.push(platform);
            }
            app_version_licence =
                Some((app["version"].as_str().expect("version").to_string(), app["license"].as_str().expect("license").to_string()));
        }
        let (version, licence) = app_version_licence.expect("at least one platform");
        let crates = found
            .into_iter()
            .map(|((name, version), (licence, platforms))| LicenceView {
                kind: "Rust".into(),
                name,
                version,
                licence,
                platforms: platforms.join(", "),
            })
            .collect();
        (version, licence, crates)
    }

    /// The npm packages the window's bundle imports (TypeScript `from "…"` and CSS `@import`),
    /// with the version and licence from their own package.json.
    fn npm_packages() -> Vec<LicenceView> {
        let mut sources: Vec<String> = std::fs::read_dir(root().join("ui/src"))
            .expect("ui/src")
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|ext| ext == "ts"))
            .map(|path| std::fs::read_to_string(path).expect("read"))
            .collect();
        sources.push(std::fs::read_to_string(root().join("ui/styles.css")).expect("styles"));
        sources.extend(
            std::fs::read_dir(root().join("ui/styles"))
                .expect("ui/styles")
                .filter_map(|entry| entry.ok().map(|e| e.path()))
                .filter(|path| path.extension().is_some_and(|ext| ext == "css"))
                .map(|path| std::fs::read_to_string(path).expect("read")),
        );
        let mut names = BTreeSet::new();
        for text in &sources {
            for line in text.lines() {
                let line = line.trim();
                let quoted = if line.starts_with("import ") || line.starts_with("@import ") || line.starts_with("} from ") {
                    line.split('"').nth(1)
                } else {
                    None
                };
                if let Some(spec) = quoted.filter(|spec| !spec.starts_with('.')) {
                    let mut parts = spec.split('/');
                    let first = parts.next().unwrap_or_default();
                    let name =
                        if first.starts_with('@') { format!("{first}/{}", parts.next().unwrap_or_default()) } else { first.to_string() };
                    names.insert(name);
                }
            }
        }
        names
            .into_iter()
            .map(|name| {
                let manifest: serde_json::Value = serde_json::from_str(
                    &std::fs::read_to_string(root().join("node_modules").join(&name).join("package.json")).expect("package.json (npm ci)"),
                )
                .expect("json");
                LicenceView {
                    kind: "npm".into(),
                    version: manifest["version"].as_str().expect("version").into(),
                    licence: manifest["license"].as_str().unwrap_or("zie het pakket").into(),
                    platforms: all_platforms(),
                    name,
                }
            })
            .collect()
    }

    fn all_platforms() -> String {
        SHIPPED_PLATFORMS.map(|(platform, _)| platform).join(", ")
    }

    fn expected() -> String {
        let (version, licence, mut licences) = rust_crates();
        licences.extend(npm_packages());
        // The font embedded in every PDF; its licence file lies beside it.
        let font_licence = std::fs::read_to_string(root().join("src-tauri/core/assets/fonts/LICENSE-DejaVu.txt")).expect("font licence");
        assert!(font_licence.contains("Bitstream Vera"), "the DejaVu licence is the Bitstream Vera licence with additions");
        // Its version as the font file itself says it ("Version 2.37" in the name table).
        let font = std::fs::read(root().join("src-tauri/core/assets/fonts/DejaVuSans.ttf")).expect("font");
        let marker = b"Version ";
        let at = font.windows(marker.len()).position(|window| window == marker).expect("a version in the font");
        let font_version: String =
            font[at + marker.len()..].iter().take_while(|b| b.is_ascii_digit() || **b == b'.').map(|b| char::from(*b)).collect();
        licences.push(LicenceView {
            kind: "lettertype".into(),
            name: "DejaVu Sans".into(),
            version: font_version,
            licence: "Bitstream-Vera".into(),
            platforms: all_platforms(),
        });
        licences.sort();
        let about = AboutView { version, licence, platforms: all_platforms(), licences };
        serde_json::to_string_pretty(&about).expect("json") + "\n"
    }

    #[test]
    fn licences_are_current() {
        // The About screen's list is generated, never typed by hand.
        let path = root().join("src-tauri/app/licences.json");
        let expected = expected();
        if std::env::var_os("UPDATE_LICENCES").is_some() {
            std::fs::write(&path, &expected).expect("write");
        }
        let current = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            current == expected,
            "src-tauri/app/licences.json is out of date: run `UPDATE_LICENCES=1 cargo test -p klachtbalie --lib licences`"
        );
        let about: AboutView = serde_json::from_str(&current).expect("parses");
        for name in ["tauri", "rusqlite", "printpdf", "@tauri-apps/api", "DejaVu Sans"] {
            assert!(about.licences.iter().any(|l| l.name == name), "{name} is bundled and listed");
        }
        assert!(!about.licences.iter().any(|l| l.name == "fantoccini" || l.name == "axe-core"), "test tools are not bundled");
        // Each platform's own crates, and none of a platform Klachtbalie is not shipped for.
        let on = |name: &str| about.licences.iter().find(|l| l.name == name).map(|l| l.platforms.clone());
        assert_eq!(on("webkit2gtk").as_deref(), Some("Linux"), "WebKitGTK is the Linux window");
        assert_eq!(on("webview2-com").as_deref(), Some("Windows"), "WebView2 is the Windows window");
        assert_eq!(on("tauri").as_deref(), Some("Linux, Windows"));
        assert_eq!(on("android_system_properties"), None, "no Android build is shipped");
    }
}
