#!/usr/bin/env bash
# The shared-store benchmark: intake, worklist and search on the PostgreSQL store with
# sealed columns vs the same schema with plain columns (goal: at most 1.3x), and 8 desks
# registering at once (intakes per second, p95 latency of one intake). Runs next to a throwaway
# PostgreSQL server (scripts/with-postgres.sh); the ratios and desk figures are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/with-postgres.sh cargo bench -p klachtbalie-core --bench shared_store
