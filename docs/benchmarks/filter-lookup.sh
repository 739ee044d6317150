#!/usr/bin/env bash
# Issue 6 benchmark: GET /Users?filter=userName eq "…" (the lookup Okta and Entra make before every
# create) across many organizations, with wrk picking a random organization and user per request.
# Usage: [WARMUP=seconds] docs/benchmarks/filter-lookup.sh ORGS USERS [seconds] [connections]
#   e.g. docs/benchmarks/filter-lookup.sh 1000 1000 15 32   and   docs/benchmarks/filter-lookup.sh 10 100000 15 32
# Needs: wrk (apt-get install wrk), PostgreSQL server binaries.
set -euo pipefail
ORGS=${1:?organizations}
USERS=${2:?users per organization}
DURATION=${3:-15}
CONNECTIONS=${4:-32}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/roster-bench.XXXXXX)
chmod 755 "$WORK"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_as() { if [[ $(id -u) == 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
cleanup() {
    [[ -n ${ROSTER_PID:-} ]] && kill "$ROSTER_PID" 2>/dev/null && wait "$ROSTER_PID" 2>/dev/null || true
    pg_as "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

cd "$ROOT"
swift build -c release --product roster >/dev/null
swift build -c release --product roster-bench >/dev/null

[[ $(id -u) == 0 ]] && chown postgres "$WORK"
PGPORT=$(free_port)
pg_as "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
pg_as "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=512MB" >/dev/null
pg_as "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres roster
export DATABASE_URL="host=127.0.0.1 port=$PGPORT user=postgres dbname=roster"

SEED_START=$SECONDS
"$ROOT/.build/release/roster-bench" seed "$ORGS" "$USERS" b "$WORK/orgs.txt"
echo "== seeded $ORGS organizations × $USERS users in $((SECONDS - SEED_START)) s"

PORT=$(free_port)
ROSTER_RATE_LIMIT=0 ROSTER_HTTP_HOST=127.0.0.1 "$ROOT/.build/release/roster" serve --port "$PORT" >"$WORK/roster.log" 2>&1 &
ROSTER_PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done

cat >"$WORK/lookup.lua" <<'LUA'
local hosts, tokens, users = {}, {}, 1
init = function(args)
    for line in io.lines(args[1]) do
        local host, token = line:match("(%S+) (%S+)")
        table.insert(hosts, host)
        table.insert(tokens, token)
    end
    users = tonumber(args[2])
    math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
end
request = function()
    local i = math.random(#hosts)
    local path = "/api/scim/v2/Users?filter=userName%20eq%20%22user" .. math.random(users) .. "%40" .. hosts[i] .. "%22"
    return wrk.format("GET", path, { ["Host"] = hosts[i], ["Authorization"] = "Bearer " .. tokens[i] })
end
done = function(summary, latency, requests)
    io.write(string.format("non-2xx or errors: %d\n", summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA
# Warm the caches (tenants, tokens, each backend's relation cache for every schema) and the buffers first.
# WARMUP (seconds, default 5): with 1,000 organizations a long-running server is warm; 60 s gets close.
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-5}s" -s "$WORK/lookup.lua" "http://127.0.0.1:$PORT" -- "$WORK/orgs.txt" "$USERS" >/dev/null
echo "== GET /Users?filter=userName eq, $ORGS orgs × $USERS users, $CONNECTIONS connections, ${DURATION}s"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$WORK/lookup.lua" "http://127.0.0.1:$PORT" -- "$WORK/orgs.txt" "$USERS"
echo "== roster RSS after the run: $(( $(awk '/VmRSS/ {print $2}' /proc/$ROSTER_PID/status) / 1024 )) MiB"
