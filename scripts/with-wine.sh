#!/usr/bin/env bash
# Runs a command next to a throwaway Windows (Wine) for the Windows build's tests, as
# with-postgres.sh does for PostgreSQL: a private Wine prefix in a temp folder, with the
# test-only ProcessPrng shim (scripts/wine/bcryptprimitives.c) that Rust programs need under
# Wine 8.0. WINEPREFIX and WINEDEBUG are exported to the command, and Cargo's runner for the
# Windows target is Wine, so `cargo test --target x86_64-pc-windows-gnu` runs the tests in it;
# the tests' checks with Linux tools (poppler, pg_dump, psql) reach them through a folder (below).
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
bridge="$(mktemp -d /tmp/klachtbalie-host-tools.XXXXXX)"
bridge_pid=""
stop() {
  [ -z "$bridge_pid" ] || kill "$bridge_pid" 2>/dev/null || true
  wineserver -k 2>/dev/null || true
  rm -rf "$WINEPREFIX" "$bridge"
}
trap stop EXIT

echo "==> A throwaway Wine prefix in $WINEPREFIX"
wine wineboot --init >/dev/null 2>&1 || true
wineserver -w
# One wineserver for the whole command: by default it exits a few seconds after its last
# program, and a program starting at that moment lost its connection ("wine client error:
# recvmsg: Connection reset by peer", seen between two test binaries in CI).
wineserver --persistent
system32="$WINEPREFIX/drive_c/windows/system32"
[ -d "$system32" ] || { echo "Wine did not create its prefix in $WINEPREFIX" >&2; exit 1; }
x86_64-w64-mingw32-gcc -shared -O2 -o "$system32/bcryptprimitives.dll" "$root/scripts/wine/bcryptprimitives.c" -ladvapi32

# A Windows program under Wine cannot start a Linux one, so the tests' checks with Linux tools
# (poppler's pdftotext and pdfinfo; pg_dump and psql against the test server of
# with-postgres.sh; ldapadd and ldapmodify against its directory) run here on their behalf (tests/support.rs): a test puts NAME.in and
# NAME.request (the tool and its argument, a line each) in this folder and waits for
# NAME.status, NAME.out and NAME.err.
host_tool() {
  local tool="$1" argument="$2" input="$3"
  local pg=(--host "${KLACHTBALIE_TEST_POSTGRES_HOST:-}" --port "${KLACHTBALIE_TEST_POSTGRES_PORT:-}" --username "${KLACHTBALIE_TEST_POSTGRES_OWNER:-}")
  local bin="${KLACHTBALIE_TEST_POSTGRES_BIN:-}"
  case "$tool" in
    pdftotext) pdftotext -layout -enc UTF-8 "$input" - ;;
    pdfinfo) pdfinfo "$input" ;;
    pg_dump) PGPASSWORD="$KLACHTBALIE_TEST_POSTGRES_OWNER_PASSWORD" PGSSLMODE=verify-full PGSSLROOTCERT="$KLACHTBALIE_TEST_POSTGRES_CA" \
      "$bin/pg_dump" "${pg[@]}" --dbname "$argument" ;;
    psql) PGPASSWORD="$KLACHTBALIE_TEST_POSTGRES_OWNER_PASSWORD" PGSSLMODE=verify-full PGSSLROOTCERT="$KLACHTBALIE_TEST_POSTGRES_CA" \
      "$bin/psql" "${pg[@]}" --dbname "$argument" --quiet --set ON_ERROR_STOP=1 --file "$input" ;;
    ldapadd | ldapmodify) LDAPTLS_CACERT="$KLACHTBALIE_TEST_POSTGRES_CA" "$tool" -x -ZZ -H "$KLACHTBALIE_TEST_LDAP_URI" \
      -D "$KLACHTBALIE_TEST_LDAP_ADMIN_DN" -y "$KLACHTBALIE_TEST_LDAP_ADMIN_PASSWORD_FILE" -f "$input" ;;
    *) echo "unknown tool: $tool" >&2; return 2 ;;
  esac
}
(
  while :; do
    for request in "$bridge"/*.request; do
      [ -e "$request" ] || continue
      base="${request%.request}"
      { read -r tool; read -r argument; } < "$request" || true
      set +e
      host_tool "$tool" "${argument:-}" "$base.in" > "$base.out" 2> "$base.err"
      echo $? > "$base.status-tmp"
      set -e
      rm -f "$request"
      mv "$base.status-tmp" "$base.status"
    done
    sleep 0.02
  done
) &
bridge_pid=$!
export KLACHTBALIE_HOST_TOOLS_BRIDGE="$(winepath -w "$bridge")"

export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=wine
"$@"
