#!/usr/bin/env bash
# The Windows step of the tests, from Linux (README, "Windows"): the core's and the CLI's test
# suites built for x86_64-pc-windows-gnu and run under Wine (the shared-store tests against the
# Linux test PostgreSQL server, over TLS through the vendored OpenSSL), then the MSI built as
# `scripts/package.sh windows` builds it, installed silently in the Wine prefix, used through
# the installed klachtbalie-cli.exe, and uninstalled (scripts/test-windows-installer.sh).
# Runs in a throwaway Wine prefix (scripts/with-wine.sh) and needs the test PostgreSQL server
# (scripts/with-postgres.sh) around it, as scripts/test.sh gives it.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${WINEPREFIX:-}" ]; then
  exec bash scripts/with-wine.sh bash scripts/test-windows.sh "$@"
fi
target=x86_64-pc-windows-gnu

echo "==> Windows: the core's and the CLI's tests, built for $target and run under Wine"
bash scripts/expect-tests.sh 250 cargo test --quiet --locked --target "$target" -p klachtbalie-core -p klachtbalie-cli

# The release build reuses the OpenSSL that the test build just made for this target (the
# same sources and configuration; building it takes about ten minutes on 2 cores).
openssl_dir="$(ls -d "target/$target"/debug/build/openssl-sys-*/out/openssl-build/install 2>/dev/null | head -n 1 || true)"
echo "==> Windows: the installer (scripts/package.sh windows)"
# Shown as it runs; the last line is the installer's path. (Not `tee /dev/stderr`: where the
# output goes to a file, reopening it would cut off everything written before.)
package_log="$(mktemp)"
trap 'rm -f "$package_log"' EXIT
KLACHTBALIE_WINDOWS_OPENSSL_DIR="$openssl_dir" bash scripts/package.sh windows | tee "$package_log"
msi="$(tail -n 1 "$package_log")"
# The installer's size against its goal (at most 12 MB), said in every run.
awk -v bytes="$(stat -c %s "$msi")" 'BEGIN { mb = bytes / 1048576; printf "==> The installer is %.1f MB (goal: at most 12 MB: %s)\n", mb, mb <= 12 ? "met" : "not met" }'
bash scripts/test-windows-installer.sh "$msi"
