#!/usr/bin/env bash
# The Windows installer as IT uses it, under Wine (scripts/with-wine.sh): refused without the
# WebView2 runtime; installed silently; the installed klachtbalie-cli.exe runs a journey on the
# default data folder (%APPDATA%) with the key in the Credential Manager: init, import-org,
# intake from a file with CRLF and a UTF-8 BOM, list, the acknowledgement PDF (checked with
# pdftotext), a refused intake (exit 1, Dutch), backup and restore; then a newer MSI replaces it
# (one product, upgraded); the uninstaller removes the program and leaves the user's data and
# key. Prints what it checked and fails at the first thing that is not so.
# Usage: scripts/test-windows-installer.sh INSTALLER.msi
set -euo pipefail
cd "$(dirname "$0")/.."
msi="$(realpath "$1")"
[ -n "${WINEPREFIX:-}" ] || { echo "run inside scripts/with-wine.sh" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "error: $*" >&2; exit 1; }
ok() { echo "    ok: $*"; }
win() { winepath -w "$1"; }
# A UTF-16 log (msiexec) or a UTF-8 one, as plain text.
plain() { tr -d '\000' < "$1"; }

program_files="$WINEPREFIX/drive_c/Program Files/Klachtbalie"
cli="C:\\Program Files\\Klachtbalie\\klachtbalie-cli.exe"
run_cli() { wine "$cli" "$@"; }

echo "==> The installer without the WebView2 runtime (Wine has none): refused, with the reason"
set +e
wine msiexec /i "$(win "$msi")" /qn /l*v "$(win "$work/refused.log")"
status=$?
set -e
# ERROR_INSTALL_FAILURE (1603), which a Linux exit status shows modulo 256 (67).
[ "$status" -eq 67 ] || fail "the MSI without WebView2 ended with $status, not 1603 (refused)"
[ ! -e "$program_files" ] || fail "a refused install left files"
plain "$work/refused.log" | grep -q "LaunchConditions" || fail "the launch conditions were not evaluated"
# Windows writes the condition's message to the log and shows it; Wine's msiexec does neither,
# so the message is read from the package itself.
mkdir -p "$work/package"
msidump --directory "$work/package" --tables "$msi" >/dev/null
grep -q "WEBVIEW2_MACHINE.*WebView2-runtime nodig" "$work/package/LaunchCondition.idt" || fail "the MSI has no WebView2 launch condition"
grep -q "System.AppUserModel.ID.*nl.klachtbalie.app" "$work/package/MsiShortcutProperty.idt" || fail "the shortcut has no AppUserModelID"
ok "refused (1603) by the WebView2 launch condition, whose message names the runtime; the shortcut carries the AppUserModelID"

echo "==> Silent install (msiexec /i … /qn), as IT deploys it"
wine msiexec /i "$(win "$msi")" /qn SKIP_WEBVIEW2_CHECK=1 /l*v "$(win "$work/install.log")" \
  || { plain "$work/install.log" | tail -n 30; fail "msiexec /i failed"; }
for file in klachtbalie.exe klachtbalie-cli.exe WebView2Loader.dll licenties.json; do
  [ -f "$program_files/$file" ] || fail "$file is not installed"
done
shortcut="$(find "$WINEPREFIX/drive_c" -iname 'Klachtbalie.lnk' -path '*Start Menu*' | head -n 1)"
[ -n "$shortcut" ] || fail "no Start-menu entry"
ok "installed in C:\\Program Files\\Klachtbalie with a Start-menu entry"

echo "==> A journey with the installed klachtbalie-cli.exe (default data folder, key in the Credential Manager)"
printf 'een lang wachtwoord\r\n' > "$work/password.txt"
recovery_key="$(run_cli init --admin-username beheer --admin-name "Renée d'Hondt" < "$work/password.txt" | tr -d '\r')"
[ "$(echo "$recovery_key" | tr '-' '\n' | wc -l)" -eq 17 ] || fail "init printed no recovery key: $recovery_key"
data_dir="$(find "$WINEPREFIX/drive_c/users" -type d -path '*AppData/Roaming/nl.klachtbalie.app' | head -n 1)"
[ -n "$data_dir" ] && [ -f "$data_dir/klachtbalie.db" ] || fail "no database in %APPDATA%\\nl.klachtbalie.app"
ok "init: the database in %APPDATA%\\nl.klachtbalie.app, the recovery key printed once"

# Files as Windows programs write them: CRLF line ends and a UTF-8 byte order mark.
crlf_bom() { printf '\357\273\277'; sed 's/$/\r/'; }
crlf_bom < tests/fixtures/organogram-voorbeeld.json > "$work/organogram.json"
run_cli import-org --file "$(win "$work/organogram.json")" > "$work/import.json"
grep -q '"departments": *3' "$work/import.json" || fail "import-org: $(cat "$work/import.json")"
ok "import-org from a file with CRLF and a BOM"
# The CLI logs from its second command on (init makes the folder): the platform facts first.
grep -q "system=.*Windows" "$data_dir"/logs/klachtbalie.log.* || fail "the log does not name the Windows version"
ok "the log names the platform: $(grep -ho 'system=.*' "$data_dir"/logs/klachtbalie.log.* | head -n 1)"
crlf_bom > "$work/klacht.json" <<'JSON'
{
  "received_on": "2026-11-20", "channel": "email", "complainant_name": "Renée d'Hondt",
  "street_address": "Arent Krijtsstraat 1", "postcode": "1111AB", "city": "Diemen",
  "email": "renee@example.nl", "complaint_type": "bejegening", "respondent_ids": ["e1"],
  "conduct_date": "2026-11-18", "description": "De medewerker aan de balie was onvriendelijk."
}
JSON
reference="$(run_cli intake --json "$(win "$work/klacht.json")" | tr -d '\r' | sed -n 's/.*"reference": *"\([^"]*\)".*/\1/p')"
[[ "$reference" == KL-*-0001 ]] || fail "intake gave no reference"
ok "intake: $reference"
printf '{"channel": "brief", "complainant_name": "X"}' > "$work/fout.json"
set +e
run_cli intake --json "$(win "$work/fout.json")" > /dev/null 2> "$work/refused.txt"
status=$?
set -e
[ "$status" -eq 1 ] || fail "a wrong intake exited with $status, not 1"
grep -q "description" "$work/refused.txt" || fail "the refusal does not name the field: $(cat "$work/refused.txt")"
ok "a wrong intake is refused with exit code 1 and names the field"
run_cli list --json > "$work/list.json"
grep -q "Renée d'Hondt" "$work/list.json" || fail "list --json is not UTF-8 with the name: $(head -c 300 "$work/list.json")"
ok "list --json: UTF-8, the complaint is there"
letters="$(dirname "$data_dir")/Brieven van Renée"
mkdir -p "$letters"
run_cli acknowledgement --complaint "$reference" --out "$(win "$letters/Ontvangstbevestiging $reference.pdf")" > /dev/null
pdftotext "$letters/Ontvangstbevestiging $reference.pdf" - | grep -q "Renée d'Hondt" || fail "the acknowledgement does not name the complainant"
ok "the acknowledgement PDF (a folder with spaces and an accent), checked with pdftotext"
run_cli backup --out "$(win "$work/klachtbalie.klachtbalie-backup")" > /dev/null
restored="$work/Renée d'Hondt/Klachtbalie hersteld"
mkdir -p "$(dirname "$restored")"
printf '\357\273\277%s\r\n' "$recovery_key" | run_cli --data-dir "$(win "$restored")" restore --from "$(win "$work/klachtbalie.klachtbalie-backup")" --recovery-key-stdin > /dev/null
run_cli --data-dir "$(win "$restored")" list --json | grep -q "$reference" || fail "the restored database lacks $reference"
ok "backup, and restore with the recovery key (BOM, CRLF) into a folder with spaces, an accent and an apostrophe"

echo "==> A newer version over it: one product, upgraded"
newer="$work/Klachtbalie_newer.msi"
cp "$msi" "$newer"
# The same files under a higher version and a new product code, as the next release has.
mkdir -p "$work/tables"
msidump --directory "$work/tables" --tables "$newer" >/dev/null
version="$(sed -n 's/^ProductVersion\t//p' "$work/tables/Property.idt" | tr -d '\r')"
newer_version="${version%.*}.99"
sed -i "s/^ProductVersion\t.*/ProductVersion\t$newer_version\r/; s/^ProductCode\t.*/ProductCode\t{11111111-2222-4333-8444-555555555555}\r/" "$work/tables/Property.idt"
# wixl's MajorUpgrade rows name the package's own version as the bound.
sed -i "s/\t$version\t/\t$newer_version\t/g" "$work/tables/Upgrade.idt"
msibuild "$newer" -i "$work/tables/Property.idt"
msibuild "$newer" -i "$work/tables/Upgrade.idt"
wine msiexec /i "$(win "$newer")" /qn SKIP_WEBVIEW2_CHECK=1 /l*v "$(win "$work/upgrade.log")" \
  || { plain "$work/upgrade.log" | tail -n 30; fail "the upgrade failed"; }
products="$(wine reg query 'HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall' /s 2>/dev/null | tr -d '\r' | grep -c 'DisplayName.*Klachtbalie' || true)"
[ "$products" -eq 1 ] || fail "after the upgrade $products products named Klachtbalie are installed"
run_cli list --json | grep -q "$reference" || fail "the data is gone after the upgrade"
ok "upgraded: one Klachtbalie installed, the data still there"

echo "==> Uninstall: the program goes, the user's data and key stay"
wine msiexec /x "$(win "$newer")" /qn /l*v "$(win "$work/uninstall.log")" || { plain "$work/uninstall.log" | tail -n 30; fail "msiexec /x failed"; }
[ ! -e "$program_files/klachtbalie.exe" ] || fail "klachtbalie.exe is still there"
[ -z "$(find "$WINEPREFIX/drive_c" -iname 'Klachtbalie.lnk' -path '*Start Menu*')" ] || fail "the Start-menu entry is still there"
[ -f "$data_dir/klachtbalie.db" ] || fail "the uninstaller removed the user's database"
# The key is still in the Credential Manager: the test build's CLI opens the same database.
wine "target/x86_64-pc-windows-gnu/debug/klachtbalie-cli.exe" list --json | grep -q "$reference" || fail "the key is gone from the Credential Manager"
ok "uninstalled; %APPDATA%\\nl.klachtbalie.app and the key in the Credential Manager are still there"
echo "==> The Windows installer: all checks passed"
