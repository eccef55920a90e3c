#!/usr/bin/env bash
# Single-event ingest of a server jar under wrk (Debian package `wrk`): a side measurement, NOT the benchmark of record
# (bench/run.sh is). wrk costs far less CPU per request than the benchmark's Java generator, so more of the two cores
# go to the server, and the server's own costs show. Starts the jar on a new embedded database in $WORK, creates
# $CAMPAIGNS campaigns, loads it with $CONNECTIONS connections for $WARM s (unmeasured) and $DUR s (measured), and
# prints events/s, p50/p99 and the CPU per request of PostgreSQL and of each group of the server's threads, with the
# group's context switches per request (/proc).
# usage: bench/wrk/single.sh app/target/campaign-analytics.jar      (env: WORK PORT WARM DUR CONNECTIONS CAMPAIGNS JVM_EXTRA)
set -euo pipefail
JAR=$(realpath "$1")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=${WORK:-/tmp/wrk-single}; PORT=${PORT:-7474}; WARM=${WARM:-90}; DUR=${DUR:-20}
CONNECTIONS=${CONNECTIONS:-64}; CAMPAIGNS=${CAMPAIGNS:-50}
if curl -s -o /dev/null "localhost:$PORT/"; then echo "port $PORT is in use: stop what listens there or set PORT" >&2; exit 1; fi
rm -rf "$WORK"; mkdir -p "$WORK"; cd "$WORK"
export ANALYTICS_DATA_DIR=$WORK/data ANALYTICS_HTTP_HOST=127.0.0.1 ANALYTICS_HTTP_PORT=$PORT ANALYTICS_RATE_LIMIT=0 \
       ANALYTICS_ADMIN_RATE_LIMIT=0 ANALYTICS_JWT_SECRET=wrk-single-secret-wrk-single-secret-0123456789
# shellcheck disable=SC2086
java -Xmx512m ${JVM_EXTRA:-} -jar "$JAR" serve > server.log 2>&1 & PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true' EXIT
for _ in $(seq 90); do curl -sf "localhost:$PORT/health" > /dev/null && break; sleep 1; done
TOKEN=$(java -jar "$JAR" token --role=super_admin 2>/dev/null | head -1)
export CAMPAIGN_IDS=$WORK/campaigns.txt; : > "$CAMPAIGN_IDS"
for i in $(seq "$CAMPAIGNS"); do
  curl -sf -X POST "localhost:$PORT/v1/marketing/admin/campaigns" -H "Authorization: Bearer $TOKEN" \
       -H 'Content-Type: application/json' -d "{\"campaign_name\":\"wrk $i\",\"template_type\":\"banner\"}" \
    | python3 -c "import sys,json; print(json.load(sys.stdin)['data']['id'])" >> "$CAMPAIGN_IDS"
done
wrk -t2 -c"$CONNECTIONS" -d"${WARM}s" -s "$HERE/track.lua" "http://127.0.0.1:$PORT" > warm.txt 2>&1
pgcpu() { local t=0; for p in $(pgrep -f "postgres -D $WORK/data" ; pgrep -P "$(pgrep -f "postgres -D $WORK/data" | head -1)"); do
            t=$((t + $(cut -d')' -f2 "/proc/$p/stat" | awk '{print $12+$13}'))); done; echo $t; }
threads() { for t in /proc/$PID/task/*; do echo "$(sed 's/[0-9]\+/N/g' "$t/comm")|$(cut -d')' -f2 "$t/stat" | awk '{print $12"|"$13}')|$(awk '/^voluntary_ctxt/ {v=$2} /^nonvoluntary_ctxt/ {n=$2} END {print v"|"n}' "$t/status")"; done \
            | awk -F'|' '{u[$1]+=$2; k[$1]+=$3; v[$1]+=$4; n[$1]+=$5} END {for (x in u) print x"|"u[x]"|"k[x]"|"v[x]"|"n[x]}' | sort; }
PG0=$(pgcpu); threads > t0.txt
wrk -t2 -c"$CONNECTIONS" -d"${DUR}s" --latency -s "$HERE/track.lua" "http://127.0.0.1:$PORT" > run.txt 2>&1
PG1=$(pgcpu); threads > t1.txt
N=$(grep "requests in" run.txt | awk '{print $1}')
echo "$(grep Requests/sec run.txt | awk '{print $2}') events/s, p50 $(grep ' 50%' run.txt | awk '{print $2}'), p99 $(grep ' 99%' run.txt | awk '{print $2}'), $N requests, non-2xx: $(grep -o 'Non-2xx or 3xx responses: [0-9]*' run.txt | grep -o '[0-9]*$' || echo 0); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "  PostgreSQL           $(echo "scale=1; ($PG1-$PG0)*10000/$N" | bc) µs CPU per request"
# per group of threads: sums over the threads alive at each end (a thread that exits meanwhile takes its counts along)
join -t'|' t0.txt t1.txt | awk -F'|' -v n="$N" '{du=$6-$2; dk=$7-$3; dv=$8-$4; dn=$9-$5; if (du+dk>0) printf "  %-20s %6.1f µs CPU per request (user %.1f, kernel %.1f), %.2f context switches per request (voluntary %.2f)\n", $1, (du+dk)*10000/n, du*10000/n, dk*10000/n, (dv+dn)/n, dv/n}' | sort -k2 -rn
