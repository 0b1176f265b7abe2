#!/usr/bin/env bash
# Builds Klachtbalie's installers with the Tauri CLI from npm (@tauri-apps/cli ships its binary in
# the package: no `cargo install tauri-cli`). On Linux: the .deb (`apt-get install
# ./target/release/bundle/deb/Klachtbalie_*.deb` pulls WebKitGTK and GTK). On Windows and macOS
# the same command builds the .msi and the .dmg (tauri.conf.json, "bundle"); the AppImage needs
# linuxdeploy and appimagetool, which the Tauri CLI downloads from GitHub at build time, so it is
# built only where that is allowed: `bash scripts/package.sh deb,appimage`.
# Prints the installers' sizes and the program's.
# `bash scripts/package.sh windows` builds the Windows installer (.msi) from Linux instead:
# scripts/package-windows.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
bundles="${1:-deb}"
# The test run compiles the workspace through clippy-driver to lint it (scripts/test.sh); an
# installer is built with plain rustc from what those builds linted.
unset RUSTC_WORKSPACE_WRAPPER CLIPPY_ARGS
if [ "$bundles" = windows ]; then
  exec bash scripts/package-windows.sh
fi
bash scripts/setup.sh
echo "==> Building the installers ($bundles) in release mode"
npx --no-install tauri build --bundles "$bundles"
echo "==> Sizes"
for file in target/release/bundle/*/*.deb target/release/bundle/*/*.AppImage target/release/bundle/*/*.msi target/release/bundle/*/*.dmg; do
  if [ -f "$file" ]; then
    awk -v name="$file" -v bytes="$(stat -c %s "$file")" 'BEGIN { printf "%-70s %6.1f MB\n", name, bytes / 1048576 }'
  fi
done
awk -v bytes="$(stat -c %s target/release/klachtbalie)" 'BEGIN { printf "%-70s %6.1f MB\n", "target/release/klachtbalie (the program)", bytes / 1048576 }'
