#!/usr/bin/env bash
# The token page in a real browser: installs Chromium when it is missing, then runs TokenPageBrowserTests
# (headless Chromium over the DevTools pipe signs in, creates a token with the form, revokes it) and fails
# unless that test really ran and passed — a suite disabled for want of Chromium must not count as green.
set -euo pipefail
started=$SECONDS

if ! command -v chromium >/dev/null 2>&1; then
    echo "chromium missing: installing it"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update
    apt-get install -y --no-install-recommends chromium
fi
chromium --version 2>/dev/null || true

log=$(mktemp /tmp/roster-ci-token-page.XXXXXX)
trap 'rm -f "$log"' EXIT
unset TEST_DATABASE_URL
set +e
swift test --filter TokenPageBrowserTests 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
if [[ $status -ne 0 ]]; then
    echo "TokenPageBrowserTests failed (exit $status)" >&2
    exit "$status"
fi
if ! grep -q 'Test createsAndRevokesATokenInChromium() passed' "$log"; then
    echo "TokenPageBrowserTests did not run (skipped or filtered out)" >&2
    exit 1
fi
echo "token page browser test passed in $((SECONDS - started))s"
