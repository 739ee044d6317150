#!/usr/bin/env bash
# Issue 5 benchmark: membership PATCH on a 10-member vs a 100,000-member group, GET of the large group,
# and a list of 1,000 groups with excludedAttributes=members, on a release build of `roster serve`.
# Usage: docs/benchmarks/groups.sh [requests per case]
# Needs: PostgreSQL server binaries, python3, curl.
set -euo pipefail
REQUESTS=${1:-200}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/roster-groups-bench.XXXXXX)
chmod 755 "$WORK"
cleanup() {
    [[ -n ${ROSTER_PID:-} ]] && kill "$ROSTER_PID" 2>/dev/null && wait "$ROSTER_PID" 2>/dev/null || true
    pg_as "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

cd "$ROOT"
swift build -c release --product roster >/dev/null
BIN=$ROOT/.build/release/roster
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_as() { if [[ $(id -u) == 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
[[ $(id -u) == 0 ]] && chown postgres "$WORK"
PGPORT=$(free_port)
pg_as "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
pg_as "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1" >/dev/null
pg_as "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres roster
export DATABASE_URL="host=127.0.0.1 port=$PGPORT user=postgres dbname=roster"
"$BIN" migrate >/dev/null
"$BIN" org create bench --name Bench --plan enterprise --host bench.example.com >/dev/null
"$BIN" org flag set bench api-beta >/dev/null
TOKEN=$("$BIN" token create bench --name bench --scope scim --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

# 100,000 + 10 members, plus 2 x REQUESTS users to add; a 10-member and a 100,000-member group; 1,000 groups.
sql() { "$PGBIN/psql" -h 127.0.0.1 -p "$PGPORT" -U postgres -d roster -qAt -v ON_ERROR_STOP=1 -c "$1"; }
sql "INSERT INTO org_bench.users (user_name) SELECT 'u' || g || '@example.com' FROM generate_series(1, 100010 + 2 * $REQUESTS) g"
SMALL=$(sql "INSERT INTO org_bench.groups (display_name) VALUES ('small') RETURNING id")
HUGE=$(sql "INSERT INTO org_bench.groups (display_name) VALUES ('huge') RETURNING id")
sql "INSERT INTO org_bench.group_members (group_id, user_id) SELECT '$SMALL', id FROM org_bench.users WHERE user_name IN (SELECT 'u' || g || '@example.com' FROM generate_series(1, 10) g)"
sql "INSERT INTO org_bench.group_members (group_id, user_id) SELECT '$HUGE', id FROM org_bench.users WHERE user_name IN (SELECT 'u' || g || '@example.com' FROM generate_series(11, 100010) g)"
CAPPED=$(sql "INSERT INTO org_bench.groups (display_name) VALUES ('capped') RETURNING id")
sql "INSERT INTO org_bench.group_members (group_id, user_id) SELECT '$CAPPED', id FROM org_bench.users WHERE user_name IN (SELECT 'u' || g || '@example.com' FROM generate_series(11, 10010) g)"
sql "INSERT INTO org_bench.groups (display_name) SELECT 'team ' || g FROM generate_series(1, 995) g"
sql "ANALYZE"
sql "SELECT id FROM org_bench.users WHERE user_name IN (SELECT 'u' || g || '@example.com' FROM generate_series(100011, 100010 + 2 * $REQUESTS) g)" >"$WORK/adders"

PORT=$(free_port)
ROSTER_RATE_LIMIT=0 ROSTER_SCIM_MAX_RESULTS=1000 ROSTER_HTTP_HOST=127.0.0.1 "$BIN" serve --port "$PORT" >"$WORK/roster.log" 2>&1 &
ROSTER_PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
( peak=0; while kill -0 "$ROSTER_PID" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$ROSTER_PID/status" 2>/dev/null || echo 0)
    (( rss > peak )) && peak=$rss && echo "$peak" >"$WORK/peak_rss"
    sleep 0.1; done ) &
SAMPLER=$!

python3 - "$PORT" "$TOKEN" "$SMALL" "$HUGE" "$WORK/adders" "$REQUESTS" "$CAPPED" <<'PY'
import http.client, json, statistics, sys, time
port, token, small, huge, adders_file, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5], int(sys.argv[6])
capped = sys.argv[7]
adders = open(adders_file).read().split()
conn = http.client.HTTPConnection("127.0.0.1", int(port))
headers = {"Host": "bench.example.com", "Authorization": "Bearer " + token, "Content-Type": "application/scim+json"}
def call(method, path, body=None):
    start = time.perf_counter()
    conn.request(method, "/api/scim/v2" + path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    return (time.perf_counter() - start) * 1000, response.status, len(data)
def add(group, user, query=""):
    body = json.dumps({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                       "Operations": [{"op": "add", "path": "members", "value": [{"value": user}]}]})
    return call("PATCH", "/Groups/" + group + query, body)
def report(name, samples, status, size):
    samples.sort()
    p50 = statistics.median(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{name:58s} p50 {p50:7.2f} ms  p95 {p95:7.2f} ms  status {status}  bytes {size}")
    return p50
for warm in range(5): call("GET", "/Groups/" + small + "?excludedAttributes=members")
for query, label in (("", ""), ("?excludedAttributes=members", ", excludedAttributes=members")):
    results = {}
    for name, group, users in (("PATCH add 1 member, 10-member group" + label, small, adders[:n]),
                               ("PATCH add 1 member, 100,000-member group" + label, huge, adders[n:2 * n])):
        samples = []
        for user in users:
            ms, status, size = add(group, user, query)
            samples.append(ms)
            # Untimed: take the user out again, so the group keeps its size for the next sample.
            call("PATCH", "/Groups/" + group, json.dumps({"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "remove", "path": 'members[value eq "%s"]' % user}]}))
        results[name] = report(name, samples, status, size)
    a, b = results.values()
    print(f"{'ratio 100,000 / 10' + label:58s} {b / a:.2f}")
for name, path in (("GET 100,000-member group, excludedAttributes=members", "/Groups/" + huge + "?excludedAttributes=members"),
                   ("GET 100,000-member group (refused: tooMany)", "/Groups/" + huge),
                   ("GET 10,000-member group with members (the cap)", "/Groups/" + capped),
                   ("GET /Groups?count=1000&excludedAttributes=members (1,000 groups)", "/Groups?count=1000&excludedAttributes=members")):
    samples = []
    for _ in range(min(n, 50)):
        ms, status, size = call("GET", path)
        samples.append(ms)
    report(name, samples, status, size)
PY
kill $SAMPLER 2>/dev/null || true
echo "== roster peak RSS: $(( $(cat "$WORK/peak_rss") / 1024 )) MiB"
