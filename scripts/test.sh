#!/usr/bin/env bash
# Sets up whatever is missing and runs every test: TypeScript type check, Rust unit,
# integration and command tests, the benchmarks once (as tests), the end-to-end tests of the
# real window under Xvfb with a real Secret Service keyring (gnome-keyring on D-Bus), the
# Windows build's tests and installer under Wine (scripts/test-windows.sh), and the .deb. The
# Rust steps run next to a throwaway PostgreSQL server (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
if [ "${CI:-}" = true ] && [ -z "${KLACHTBALIE_KEEP_CARGO_HOME:-}" ]; then
  # CI starts from an empty cargo cache, as a machine that never built Klachtbalie does: a step
  # that only works because some earlier build left crates behind fails here, not on a new
  # machine (a licences test once needed other platforms' crates that only a warm cache had).
  # The crates download again in about half a minute; the toolchain itself stays (rustup).
  export CARGO_HOME="$PWD/target/ci-cargo-home"
  rm -rf "$CARGO_HOME"
  mkdir -p "$CARGO_HOME"
  echo "==> CI: an empty cargo cache in $CARGO_HOME"
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
bash scripts/setup.sh --test

echo "==> Formatting (cargo fmt --check)"
cargo fmt --all --check

echo "==> Lints (cargo clippy, warnings are errors)"
cargo clippy --workspace --all-targets --quiet -- -D warnings

echo "==> TypeScript type check against the generated IPC types"
npm run --silent typecheck

echo "==> Formatting of the user interface (Prettier; \`npm run format\` fixes it)"
npm run --silent format:check

echo "==> Starting a throwaway PostgreSQL server (127.0.0.1, TLS, SCRAM) for the shared-store tests"
# One cluster for all three steps, started and stopped here, so no step depends on a server the
# machine happens to run; a step that calls with-postgres.sh itself reuses this one.
bash scripts/with-postgres.sh bash -c '
  set -euo pipefail

  # Each step fails when it ran fewer tests than it should (scripts/expect-tests.sh): a filter
  # that stopped matching must not pass as "0 passed".
  echo "==> Rust tests (unit, integration, CLI, commands, tidy, generated-types check)"
  bash scripts/expect-tests.sh 250 cargo test --workspace --quiet

  echo "==> Benchmarks, run once each as a test"
  bash scripts/expect-tests.sh 2 cargo test --quiet -p klachtbalie-core --benches

  echo "==> End-to-end tests in the real window (Xvfb + gnome-keyring + tauri-driver)"
  # One window at a time: two WebKit instances on 2 cores make timing-sensitive waits flaky.
  bash scripts/headless-session.sh bash scripts/expect-tests.sh 14 \
    cargo test --quiet --test e2e -- --ignored --test-threads=1 --skip the_installed_program

  echo "==> Windows: the Windows build, its tests and its installer under Wine"
  bash scripts/test-windows.sh
'

echo "==> The installer: build the .deb, install it with apt-get, start the installed program"
bash scripts/test-installer.sh

echo "==> All tests passed in $(( $(date +%s) - started )) s"
