#!/usr/bin/env bash
# The letter benchmark (LT-02): 1,000 decision letters vs headless Chromium.
# Installs the Debian chromium package when missing (not needed for the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium
fi
cargo bench -p klachtbalie-core --bench letters
