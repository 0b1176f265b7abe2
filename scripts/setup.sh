#!/usr/bin/env bash
# Installs whatever is missing to build Klachtbalie (and, with --test, to test it) on Debian or
# Ubuntu, as root or with sudo. Safe to run again: it only installs what is not there.
set -euo pipefail
cd "$(dirname "$0")/.."

want_tests=0
want_windows=0
[ "${1:-}" = "--test" ] && want_tests=1 && want_windows=1
# --windows: what the Windows build (scripts/package.sh windows) needs; the tests include it.
[ "${1:-}" = "--windows" ] && want_windows=1

sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi

build_packages=(build-essential pkg-config perl file curl libssl-dev
  libwebkit2gtk-4.1-dev libsoup-3.0-dev libjavascriptcoregtk-4.1-dev libgtk-3-dev)
test_packages=(xvfb xauth x11-utils webkit2gtk-driver dbus dbus-x11 gnome-keyring libsecret-tools
  poppler-utils fonts-dejavu-core postgresql openssl xdotool slapd ldap-utils)
# The Windows build: mingw's C compiler and linker, wixl and msitools for the MSI; Wine to run
# the Windows build's tests and installer.
windows_packages=(gcc-mingw-w64-x86-64-posix wixl msitools)
windows_test_packages=(wine wine64)
packages=("${build_packages[@]}")
[ "$want_tests" = 1 ] && packages+=("${test_packages[@]}" "${windows_test_packages[@]}")
[ "$want_windows" = 1 ] && packages+=("${windows_packages[@]}")
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "==> Installing system packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

cargo_bin="${CARGO_HOME:-$HOME/.cargo}/bin"
if ! command -v cargo >/dev/null 2>&1; then
  [ -x "$cargo_bin/cargo" ] && export PATH="$cargo_bin:$PATH"
  [ -x "$HOME/.cargo/bin/cargo" ] && export PATH="$HOME/.cargo/bin:$PATH"
fi
if ! command -v cargo >/dev/null 2>&1; then
  # A truly fresh machine: Rust through rustup, from the distribution when it packages rustup
  # (Debian 13, Ubuntu 24.04), otherwise with the official installer; then the stable toolchain.
  echo "==> Installing Rust with rustup (cargo is missing)"
  if ! command -v rustup >/dev/null 2>&1; then
    if apt-cache policy rustup 2>/dev/null | grep -q "Candidate: [0-9]"; then
      DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends rustup >/dev/null
    else
      # rustup-init itself, as the sh.rustup.rs script would fetch it.
      # (It must be called rustup-init: it reads its own name.)
      installer="$(mktemp -d)/rustup-init"
      curl --proto '=https' --tlsv1.2 -sSf "https://static.rust-lang.org/rustup/dist/$(uname -m)-unknown-linux-gnu/rustup-init" -o "$installer"
      chmod +x "$installer"
      "$installer" -y --no-modify-path --profile minimal --default-toolchain none
      rm -rf "$(dirname "$installer")"
    fi
  fi
  export PATH="$cargo_bin:$PATH"
  rustup toolchain install stable --profile minimal --component clippy,rustfmt
  rustup default stable
fi
if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust could not be installed (cargo is still missing). Install it with rustup (https://rustup.rs) and run this again." >&2
  exit 1
fi

if [ "$want_tests" = 1 ] && { ! cargo clippy --version >/dev/null 2>&1 || ! cargo fmt --version >/dev/null 2>&1; }; then
  echo "==> Adding the clippy and rustfmt components (the tests check lints and formatting)"
  rustup component add clippy rustfmt
fi

if [ "$want_windows" = 1 ] && ! rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu; then
  echo "==> Adding Rust's Windows target (x86_64-pc-windows-gnu)"
  rustup target add x86_64-pc-windows-gnu
fi

if [ "$want_tests" = 1 ]; then
  # Every shipped platform's crates, not only this machine's: the licences test asks cargo
  # metadata (offline) for the Windows build's crates too, and the Windows step builds them.
  echo "==> Fetching the crates of every shipped platform (cargo fetch)"
  cargo fetch --locked --quiet --target x86_64-unknown-linux-gnu --target x86_64-pc-windows-gnu
fi

if [ "$want_tests" = 1 ] && [ ! -x "$cargo_bin/tauri-driver" ]; then
  echo "==> Installing tauri-driver (WebDriver for the real window)"
  cargo install tauri-driver --version '^2' --locked --quiet
fi

echo "==> Building the user interface (ui/dist)"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
