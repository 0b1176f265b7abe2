#!/usr/bin/env bash
# Runs a command inside a throwaway desktop session: an Xvfb display, a D-Bus session bus and
# an unlocked gnome-keyring (Secret Service), as CI and a headless developer machine need for
# the real window and the real OS keyring. Usage: scripts/headless-session.sh CMD [ARGS...]
set -euo pipefail

if [ -z "${DISPLAY:-}" ]; then
  display=":$((90 + RANDOM % 400))"
  Xvfb "$display" -screen 0 1280x900x24 -nolisten tcp >/tmp/klachtbalie-xvfb.log 2>&1 &
  xvfb_pid=$!
  trap 'kill "$xvfb_pid" 2>/dev/null || true' EXIT
  export DISPLAY="$display"
  for _ in $(seq 100); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
  xdpyinfo >/dev/null 2>&1 || { echo "Xvfb did not start; see /tmp/klachtbalie-xvfb.log" >&2; exit 1; }
fi

# A private keyring folder unless the caller chose one, so tests never touch a real keyring.
export XDG_DATA_HOME="${XDG_DATA_HOME:-$(mktemp -d)}"
export KLACHTBALIE_KEYRING_PASSWORD="${KLACHTBALIE_KEYRING_PASSWORD:-headless-session}"

# Not `exec`: the EXIT trap above must still stop Xvfb when the command ends.
dbus-run-session -- bash -c '
  set -euo pipefail
  eval "$(printf %s "$KLACHTBALIE_KEYRING_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  "$@"
' klachtbalie-session "$@"
