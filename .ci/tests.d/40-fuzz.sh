#!/usr/bin/env bash
# Issue 8, hostile input: roster-fuzz sends 100,000 mutated requests (fixed seed) to a real `roster serve` on a
# throwaway PostgreSQL, checks every reply, probes /healthz and samples the server's RSS every 1,000 requests.
# Fails on any 5xx, malformed reply, hang, crash, memory over its bound, or if 100,000 requests do not fit in
# the time limit. Knobs: ROSTER_FUZZ_SEED (default 2026), ROSTER_FUZZ_REQUESTS (100000),
# ROSTER_FUZZ_TIME_LIMIT (900 s: ~4 min on an idle 2-core machine, up to 8 when it is shared). A failure prints the exact request bytes and a replay command.
set -euo pipefail
started=$SECONDS
swift build --product roster >/dev/null
swift build --product roster-fuzz >/dev/null
unset TEST_DATABASE_URL
.build/debug/roster-fuzz \
    --seed "${ROSTER_FUZZ_SEED:-2026}" \
    --requests "${ROSTER_FUZZ_REQUESTS:-100000}" \
    --time-limit "${ROSTER_FUZZ_TIME_LIMIT:-900}" \
    --clients 8 --health-every 1000 --rss-limit-mb 512 --rss-growth-limit-mb 128
echo "40-fuzz.sh took $((SECONDS - started)) s"
