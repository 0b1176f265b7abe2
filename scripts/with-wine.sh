#!/usr/bin/env bash
# Runs a command next to a throwaway Windows (Wine) for the Windows build's tests, as
# with-postgres.sh does for PostgreSQL: a private Wine prefix in a temp folder, with the
# test-only ProcessPrng shim (scripts/wine/bcryptprimitives.c) that Rust programs need under
# Wine 8.0. WINEPREFIX and WINEDEBUG are exported to the command, and Cargo's runner for the
# Windows target is Wine, so `cargo test --target x86_64-pc-windows-gnu` runs the tests in it.
# The prefix is stopped and deleted when the command ends, whatever happened.
# Usage: scripts/with-wine.sh CMD [ARGS...]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
command -v wine >/dev/null || { echo "Wine is missing: run scripts/setup.sh --test" >&2; exit 1; }

export WINEPREFIX="$(mktemp -d /tmp/klachtbalie-wine.XXXXXX)"
export WINEDEBUG=-all
# No desktop integration: no menu entries or file associations on the host, no Mono or Gecko
# installers asked for (Klachtbalie needs neither).
export WINEDLLOVERRIDES="winemenubuilder.exe=d;mscoree=d;mshtml=d"
stop() {
  wineserver -k 2>/dev/null || true
  rm -rf "$WINEPREFIX"
}
trap stop EXIT

echo "==> A throwaway Wine prefix in $WINEPREFIX"
wine wineboot --init >/dev/null 2>&1 || true
wineserver -w
system32="$WINEPREFIX/drive_c/windows/system32"
[ -d "$system32" ] || { echo "Wine did not create its prefix in $WINEPREFIX" >&2; exit 1; }
x86_64-w64-mingw32-gcc -shared -O2 -o "$system32/bcryptprimitives.dll" "$root/scripts/wine/bcryptprimitives.c" -ladvapi32

export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
"$@"
