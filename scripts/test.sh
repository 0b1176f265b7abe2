#!/usr/bin/env bash
# Sets up whatever is missing and runs every test: TypeScript type check, Rust unit,
# integration and command tests, the benchmarks once (as tests), the end-to-end tests of the
# real window under Xvfb with a real Secret Service keyring (gnome-keyring on D-Bus), the
# Windows build's tests and installer under Wine (scripts/test-windows.sh), and the .deb. The
# Rust steps run next to a throwaway PostgreSQL server (scripts/with-postgres.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
# Every step says how long the run has taken so far, so the slow ones show in any CI log.
export KLACHTBALIE_TEST_STARTED="$started"
step() {
  local elapsed=$(( $(date +%s) - KLACHTBALIE_TEST_STARTED ))
  printf '==> [%d:%02d] %s\n' $(( elapsed / 60 )) $(( elapsed % 60 )) "$*"
}
export -f step
if [ "${CI:-}" = true ] && [ -z "${KLACHTBALIE_KEEP_CARGO_HOME:-}" ]; then
  # CI starts from an empty cargo cache, as a machine that never built Klachtbalie does: a step
  # that only works because some earlier build left crates behind fails here, not on a new
  # machine (a licences test once needed other platforms' crates that only a warm cache had).
  # The crates download again in about half a minute; the toolchain itself stays (rustup).
  export CARGO_HOME="$PWD/target/ci-cargo-home"
  rm -rf "$CARGO_HOME"
  mkdir -p "$CARGO_HOME"
  step "CI: an empty cargo cache in $CARGO_HOME"
fi
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
step "Setting up what is missing (scripts/setup.sh --test)"
bash scripts/setup.sh --test

step "Formatting (cargo fmt --check)"
cargo fmt --all --check

# Lints without a build of their own: clippy-driver compiles the workspace's own crates in the
# test builds below (RUSTC_WORKSPACE_WRAPPER, as `cargo clippy` itself uses it), with warnings as
# errors, so the dependencies are compiled once instead of once more for a separate `cargo
# clippy` check (twelve minutes of a cold run on 2 cores). Every target is covered: the
# workspace tests build the libraries, binaries, tests and examples, the benchmark step the
# benches, the Windows step the Windows-only code. The release builds of the installers leave
# it out (scripts/package.sh): they build what was linted here.
if clippy_driver="$(command -v clippy-driver)"; then
  step "Lints: clippy compiles the workspace's own crates in every test build below (warnings are errors)"
  export RUSTC_WORKSPACE_WRAPPER="$clippy_driver"
  export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"
else
  step "Lints (cargo clippy, warnings are errors)"
  cargo clippy --workspace --all-targets --quiet -- -D warnings
fi

step "TypeScript type check against the generated IPC types"
npm run --silent typecheck

step "Formatting of the user interface (Prettier; \`npm run format\` fixes it)"
npm run --silent format:check

step "Starting a throwaway PostgreSQL server and OpenLDAP directory (127.0.0.1, TLS; SCRAM and LDAP log-ins) for the shared-store tests"
# One cluster for all three steps, started and stopped here, so no step depends on a server the
# machine happens to run; a step that calls with-postgres.sh itself reuses this one.
bash scripts/with-postgres.sh bash -c '
  set -euo pipefail

  # Each step fails when it ran fewer tests than it should (scripts/expect-tests.sh): a filter
  # that stopped matching must not pass as "0 passed".
  step "Rust tests (unit, integration, CLI, commands, tidy, generated-types check)"
  bash scripts/expect-tests.sh 250 cargo test --workspace --quiet

  step "Benchmarks, run once each as a test"
  # --workspace as above, so the dependencies are compiled with the same features and reused:
  # with -p klachtbalie-core alone about a hundred of them were compiled again (7 minutes of a
  # cold run). --bench '"'"'*'"'"' takes only the bench programs, not the unit tests once more.
  bash scripts/expect-tests.sh 12 cargo test --quiet --workspace --bench '"'"'*'"'"'

  step "End-to-end tests in the real window (Xvfb + gnome-keyring + tauri-driver)"
  # One window at a time: two WebKit instances on 2 cores make timing-sensitive waits flaky.
  bash scripts/headless-session.sh bash scripts/expect-tests.sh 15 \
    cargo test --quiet --test e2e -- --ignored --test-threads=1 --skip the_installed_program

  step "Windows: the Windows build, its tests and its installer under Wine"
  bash scripts/test-windows.sh
'

step "The installer: build the .deb, install it with apt-get, start the installed program"
bash scripts/test-installer.sh

step "All tests passed in $(( $(date +%s) - started )) s"
