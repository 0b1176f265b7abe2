#!/usr/bin/env bash
# Builds Klachtbalie for Windows from Linux (x86_64-pc-windows-gnu with mingw; OpenSSL and
# SQLCipher built in) and packages it as an MSI with wixl: klachtbalie.exe with the
# WebView2Loader.dll it needs beside it (a gnu-built exe loads WebView2 through it), and
# klachtbalie-cli.exe for scheduled tasks: a small console program (src-tauri/cli-launcher) that
# runs the CLI inside klachtbalie.exe (`--cli`), so the core is in the installer once.
# The last line of output is the installer's path.
# KLACHTBALIE_WINDOWS_OPENSSL_DIR names an OpenSSL already built for this target (the test run
# passes the one its test build made), so it is not built a second time.
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-pc-windows-gnu
bash scripts/setup.sh --windows
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

if [ -n "${KLACHTBALIE_WINDOWS_OPENSSL_DIR:-}" ]; then
  export OPENSSL_NO_VENDOR=1 OPENSSL_STATIC=1 OPENSSL_DIR="$(realpath "$KLACHTBALIE_WINDOWS_OPENSSL_DIR")"
  echo "==> Using the OpenSSL built for $target in $OPENSSL_DIR"
fi
echo "==> Building klachtbalie.exe and the CLI launcher for Windows ($target, release)"
cargo build --release --locked --quiet --target "$target" -p klachtbalie --features klachtbalie/custom-protocol -p klachtbalie-cli-launcher

out="target/$target/release"
loader="$out/WebView2Loader.dll"
if [ ! -f "$loader" ]; then
  # webview2-com-sys ships the loader for each architecture in its package.
  sys_dir="$(cargo metadata --format-version 1 --locked --offline --filter-platform "$target" \
    | python3 -c 'import json, os, sys; print(next(os.path.dirname(p["manifest_path"]) for p in json.load(sys.stdin)["packages"] if p["name"] == "webview2-com-sys"))')"
  loader="$sys_dir/x64/WebView2Loader.dll"
fi
[ -f "$loader" ] || { echo "WebView2Loader.dll not found (webview2-com-sys)" >&2; exit 1; }

version="$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)"
stage="$out/bundle/msi-staging"
msi_dir="$out/bundle/msi"
msi="$msi_dir/Klachtbalie_${version}_x64.msi"
rm -rf "$stage"
mkdir -p "$stage" "$msi_dir"
cp "$out/klachtbalie.exe" "$loader" "$stage/"
cp "$out/klachtbalie-cli-launcher.exe" "$stage/klachtbalie-cli.exe"
cp src-tauri/app/licences.json "$stage/licenties.json"
cp scripts/windows/klachtbalie.wxs "$stage/"
echo "==> Packaging the MSI with wixl"
(cd "$stage" && wixl --arch x64 -D Version="$version" -o "$(basename "$msi")" klachtbalie.wxs 2>&1 | grep -v "GLib-GIO-CRITICAL\|^$" || true)
mv "$stage/$(basename "$msi")" "$msi"

# What wixl cannot write (see klachtbalie.wxs): the WebView2 launch condition beside wixl's own
# downgrade condition, and the shortcut's AppUserModelID for notifications.
tables="$stage/tables"
mkdir -p "$tables"
msidump --directory "$tables" --tables "$msi" >/dev/null
printf '%s\t%s\r\n' \
  'Installed OR WEBVIEW2_MACHINE OR WEBVIEW2_MACHINE64 OR WEBVIEW2_USER OR SKIP_WEBVIEW2_CHECK = "1"' \
  'Klachtbalie heeft de Microsoft Edge WebView2-runtime nodig en die ontbreekt op deze computer. Installeer eerst de WebView2-runtime (Evergreen) en daarna Klachtbalie; komt de runtime in een aparte stap, installeer dan met SKIP_WEBVIEW2_CHECK=1.' \
  >> "$tables/LaunchCondition.idt"
printf 'MsiShortcutProperty\tShortcut_\tPropertyKey\tPropVariantValue\tSequence\r\ns72\ts72\ts255\ts255\tI2\r\nMsiShortcutProperty\tMsiShortcutProperty\r\nAppUserModelId\tAppShortcut\tSystem.AppUserModel.ID\tnl.klachtbalie.app\t\r\n' \
  > "$tables/MsiShortcutProperty.idt"
msibuild "$msi" -i "$tables/LaunchCondition.idt"
msibuild "$msi" -i "$tables/MsiShortcutProperty.idt"
rm -rf "$stage"

echo "==> Sizes"
for file in "$msi" "$out/klachtbalie.exe" "$out/klachtbalie-cli-launcher.exe"; do
  awk -v name="$file" -v bytes="$(stat -c %s "$file")" 'BEGIN { printf "%-70s %6.1f MB\n", name, bytes / 1048576 }'
done
echo "$msi"
