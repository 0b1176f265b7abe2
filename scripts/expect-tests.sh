#!/usr/bin/env bash
# Runs a `cargo test` command and fails when it ran fewer tests than expected, so a filter that
# no longer matches (a test renamed or moved into a module) cannot pass as "0 passed" and test
# nothing. Usage: scripts/expect-tests.sh MIN_PASSED cargo test ARGS...
# The count is the sum of "N passed" over every test binary's closing line, plus each benchmark
# that criterion ran once as a test ("Success"); a failing command keeps its own exit code.
set -euo pipefail
minimum="$1"
shift
output="$(mktemp)"
trap 'rm -f "$output"' EXIT
set +e
"$@" 2>&1 | tee "$output"
status="${PIPESTATUS[0]}"
set -e
[ "$status" -eq 0 ] || exit "$status"
passed="$( { sed -n 's/^test result: [a-zA-Z]*\. \([0-9][0-9]*\) passed;.*/\1/p' "$output"; grep -c '^Success$' "$output" || true; } \
  | awk '{ sum += $1 } END { print sum + 0 }')"
if [ "$passed" -lt "$minimum" ]; then
  echo "error: this step ran $passed tests, at least $minimum were expected: does its filter still match the tests' names? ($*)" >&2
  exit 1
fi
echo "==> $passed tests passed (at least $minimum expected)"
