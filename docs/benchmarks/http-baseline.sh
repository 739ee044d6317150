#!/usr/bin/env bash
# Issue 3 benchmark: the authenticated GET /api/scim/v2/ServiceProviderConfig on a release build of
# `roster serve`, side by side with nginx serving the same bytes as a static file, in the same run.
# Usage: docs/benchmarks/http-baseline.sh [seconds] [connections]
# Needs: wrk and nginx (apt-get install wrk nginx-light), PostgreSQL server binaries.
set -euo pipefail
DURATION=${1:-15}
CONNECTIONS=${2:-64}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d /tmp/roster-bench.XXXXXX)
chmod 755 "$WORK"
cleanup() {
    [[ -n ${ROSTER_PID:-} ]] && kill "$ROSTER_PID" 2>/dev/null && wait "$ROSTER_PID" 2>/dev/null || true
    [[ -f $WORK/nginx.pid ]] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    pg_as "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

cd "$ROOT"
swift build -c release --product roster >/dev/null
BIN=$ROOT/.build/release/roster
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# A throwaway PostgreSQL with default durability settings (synchronous commit on).
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_as() { if [[ $(id -u) == 0 ]]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi; }
[[ $(id -u) == 0 ]] && chown postgres "$WORK"
PGPORT=$(free_port)
pg_as "$PGBIN/initdb" -D "$WORK/pg" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
pg_as "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w start -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=200" >/dev/null
pg_as "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres roster
export DATABASE_URL="host=127.0.0.1 port=$PGPORT user=postgres dbname=roster"
"$BIN" migrate >/dev/null
"$BIN" org create bench --name Bench --plan enterprise --host bench.example.com >/dev/null
"$BIN" org flag set bench api-beta >/dev/null
TOKEN=$("$BIN" token create bench --name bench --scope scim --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')

PORT=$(free_port)
ROSTER_RATE_LIMIT=0 ROSTER_HTTP_HOST=127.0.0.1 "$BIN" serve --port "$PORT" >"$WORK/roster.log" 2>&1 &
ROSTER_PID=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT/api/scim/v2/ServiceProviderConfig"
curl -fs -H 'Host: bench.example.com' -H "Authorization: Bearer $TOKEN" "$URL" >"$WORK/spc.json"

NGINX_PORT=$(free_port)
mkdir -p "$WORK/www"
cp "$WORK/spc.json" "$WORK/www/spc.json"
cat >"$WORK/nginx.conf" <<CONF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
    access_log off;
    server {
        listen 127.0.0.1:$NGINX_PORT;
        location / { root $WORK/www; default_type application/scim+json; }
    }
}
CONF
nginx -c "$WORK/nginx.conf"
sleep 0.3

echo "== nginx (1 worker) static file, $CONNECTIONS connections, ${DURATION}s"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$NGINX_PORT/spc.json" | tee "$WORK/nginx.txt"
echo "== roster, authenticated GET ServiceProviderConfig, $CONNECTIONS connections, ${DURATION}s"
# Sample the server's RSS during the run.
( peak=0; while kill -0 "$ROSTER_PID" 2>/dev/null; do
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$ROSTER_PID/status" 2>/dev/null || echo 0)
    (( rss > peak )) && peak=$rss && echo "$peak" >"$WORK/peak_rss"
    sleep 0.2; done ) &
SAMPLER=$!
# PERF=1: also record a CPU profile of the server during the run (perf report -i /tmp/roster-perf.data).
[[ -n ${PERF:-} ]] && { perf record -F 999 -g -p "$ROSTER_PID" -o /tmp/roster-perf.data -- sleep "$DURATION" >/dev/null 2>&1 & }
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H 'Host: bench.example.com' -H "Authorization: Bearer $TOKEN" "$URL" | tee "$WORK/roster.txt"
kill $SAMPLER 2>/dev/null || true
echo "== bytes per response: $(wc -c <"$WORK/spc.json")"
echo "== roster peak RSS under load: $(( $(cat "$WORK/peak_rss") / 1024 )) MiB"
ngx=$(awk '/Requests\/sec/ {print $2}' "$WORK/nginx.txt")
ros=$(awk '/Requests\/sec/ {print $2}' "$WORK/roster.txt")
echo "== ratio roster/nginx: $(python3 -c "print(f'{$ros/$ngx:.2f}')")"
