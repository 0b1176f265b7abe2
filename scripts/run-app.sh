#!/usr/bin/env bash
# Sets up whatever is missing and starts Klachtbalie. The data lives in the OS data folder
# (~/.local/share/nl.klachtbalie.app) unless KLACHTBALIE_DATA_DIR says otherwise; the key is
# kept in the desktop's keyring (GNOME Keyring / KWallet through the Secret Service).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "==> No display found: starting Klachtbalie in a virtual display (Xvfb) with a throwaway keyring."
  echo "    Use a desktop session to work with it; this mode is for a quick look or a screenshot."
  bash scripts/setup.sh --test >/dev/null
  exec bash scripts/headless-session.sh cargo run --quiet --bin klachtbalie
fi
exec cargo run --quiet --bin klachtbalie
