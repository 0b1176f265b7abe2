#!/usr/bin/env bash
# Sets up whatever is missing and runs every test: TypeScript type check, Rust unit,
# integration and command tests, the benchmarks once (as tests), and the end-to-end tests of
# the real window under Xvfb with a real Secret Service keyring (gnome-keyring on D-Bus). The
# Rust steps run next to a throwaway PostgreSQL server (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
bash scripts/setup.sh --test

echo "==> Formatting (cargo fmt --check)"
cargo fmt --all --check

echo "==> Lints (cargo clippy, warnings are errors)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "==> TypeScript type check against the generated IPC types"
npm run --silent typecheck

echo "==> Starting a throwaway PostgreSQL server (127.0.0.1, TLS, SCRAM) for the shared-store tests"
# One cluster for all three steps, started and stopped here, so no step depends on a server the
# machine happens to run; a step that calls with-postgres.sh itself reuses this one.
bash scripts/with-postgres.sh bash -c '
  set -euo pipefail

  echo "==> Rust tests (unit, integration, CLI, commands, tidy, generated-types check)"
  cargo test --workspace --quiet

  echo "==> Benchmarks, run once each as a test"
  cargo test --quiet -p klachtbalie-core --benches

  echo "==> End-to-end tests in the real window (Xvfb + gnome-keyring + tauri-driver)"
  export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
  # One window at a time: two WebKit instances on 2 cores make timing-sensitive waits flaky.
  bash scripts/headless-session.sh cargo test --quiet --test e2e -- --ignored --test-threads=1 --skip the_installed_program
'

echo "==> The installer: build the .deb, install it with apt-get, start the installed program"
bash scripts/test-installer.sh

echo "==> All tests passed in $(( $(date +%s) - started )) s"
