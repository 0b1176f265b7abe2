#!/usr/bin/env bash
# Klachtbalie installs like any program. Builds the .deb (scripts/package.sh),
# installs it with apt-get (which pulls WebKitGTK and GTK), starts the installed
# /usr/bin/klachtbalie in the virtual display under WebDriver and checks that it reaches the
# first-start screen. A package that was not installed before is removed again afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

bash scripts/package.sh deb
deb="$(ls target/release/bundle/deb/*.deb | head -n 1)"
was_installed=0
dpkg-query -W -f='${Status}' klachtbalie 2>/dev/null | grep -q "install ok installed" && was_installed=1

echo "==> Installing $deb with apt-get"
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "$(realpath "$deb")" >/dev/null
cleanup() {
  if [ "$was_installed" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get remove -y -qq klachtbalie >/dev/null || true
  fi
}
trap cleanup EXIT
installed="$(command -v klachtbalie)"
awk -v bytes="$(stat -c %s "$installed")" -v name="$installed" 'BEGIN { printf "==> Installed program %s: %.1f MB\n", name, bytes / 1048576 }'

echo "==> Starting the installed program in the real window"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# --exact takes the module path: exactly this one test runs, and expect-tests.sh fails if none does.
KLACHTBALIE_APP_BINARY="$installed" bash scripts/headless-session.sh \
  bash scripts/expect-tests.sh 1 cargo test --quiet --test e2e -- --ignored --exact desktop::the_installed_program_reaches_the_first_start
