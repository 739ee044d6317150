#!/usr/bin/env bash
# Roster behind PgBouncer in transaction pooling mode (PgBouncerTests): runs the suite by filter and fails
# unless it really ran — the suite disables itself when pgbouncer is missing, which must not pass silently
# here (.ci/run installs pgbouncer).
set -euo pipefail
started=$SECONDS
[[ -x /usr/sbin/pgbouncer ]] || { echo "pgbouncer is not installed (apt-get install pgbouncer)" >&2; exit 1; }
unset TEST_DATABASE_URL
log=$(mktemp /tmp/roster-ci-pgbouncer.XXXXXX)
trap 'rm -f "$log"' EXIT
status=0
timeout --kill-after=30 15m swift test --filter PgBouncerTests 2>&1 | tee "$log" || status=$?
if [[ $status -ne 0 ]]; then
    echo "PgBouncerTests failed (exit $status)" >&2
    exit "$status"
fi
if grep -q "skipped" "$log" || ! grep -q "Suite PgBouncerTests passed" "$log"; then
    echo "PgBouncerTests did not run (disabled or filtered out): see the log above" >&2
    exit 1
fi
ran=$(grep -cE "^✔ Test [A-Za-z0-9_]+\(\) passed" "$log" || true)
echo "PgBouncerTests: $ran tests passed in $((SECONDS - started))s"
[[ $ran -ge 3 ]] || { echo "expected at least 3 PgBouncerTests, saw $ran" >&2; exit 1; }
