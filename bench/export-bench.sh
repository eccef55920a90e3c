#!/usr/bin/env bash
# Export benchmark: 1,000,000 raw events exported as CSV and as Excel from the real server with a 256 MB heap.
#
#   bench/export-bench.sh            # builds the jar, then runs
#   EVENTS=200000 FORMATS=csv bench/export-bench.sh --no-build
#   JAVA_OPTS=-XX:StartFlightRecording=dumponexit=true,filename=/tmp/export.jfr bench/export-bench.sh
#
# Starts app/target/campaign-analytics.jar with -Xmx256m, an embedded PostgreSQL in a temporary
# ANALYTICS_DATA_DIR and a free port; loads EVENTS events with COPY (bench/LoadEvents.java); downloads
# GET /v1/marketing/admin/analytics/export?type=events in both formats with curl; reads the heap from the GC log.
# Not part of `mvn verify`. Needs curl, unzip and python3. Prints a summary; the logs stay in the temp dir it
# names (the database and the downloaded files are deleted at the end unless KEEP=1).
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${EVENTS:-1000000}
FORMATS=${FORMATS:-csv excel}
HEAP=${HEAP:-256m}
if [[ "${1:-}" != "--no-build" ]]; then
  mvn -B -q -o package -DskipTests || mvn -B -q package -DskipTests
fi
JAR=app/target/campaign-analytics.jar
[[ -f $JAR ]] || { echo "no $JAR: build first" >&2; exit 1; }

WORK=$(mktemp -d /tmp/export-bench.XXXXXX)
echo "working in $WORK"
SERVER_PID=
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  # The logs stay; the database and the downloads (hundreds of MB) go, unless KEEP=1.
  if [[ "${KEEP:-0}" != 1 ]]; then
    rm -rf "$WORK/data" "$WORK"/export.*
  fi
}
trap cleanup EXIT

ANALYTICS_DATA_DIR=$WORK/data ANALYTICS_HTTP_HOST=127.0.0.1 ANALYTICS_HTTP_PORT=0 \
  java -Xmx"$HEAP" ${JAVA_OPTS:-} -Xlog:gc:file="$WORK/gc.log":uptime -jar "$JAR" serve >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

for _ in $(seq 1 120); do
  grep -q "listening on" "$WORK/server.log" && grep -q "^eyJ" "$WORK/server.log" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
  sleep 1
done
PORT=$(sed -n 's/.*listening on http:\/\/localhost:\([0-9]*\).*/\1/p' "$WORK/server.log" | head -1)
TOKEN=$(grep "^eyJ" "$WORK/server.log" | head -1)
BASE=http://127.0.0.1:$PORT/v1/marketing
AUTH="Authorization: Bearer $TOKEN"
echo "server pid $SERVER_PID on port $PORT"

CAMPAIGN=$(curl -sf -H "$AUTH" -H 'Content-Type: application/json' \
  -d '{"campaign_name": "Export benchmark", "template_type": "banner"}' "$BASE/admin/campaigns" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["id"])')

# Events are loaded with COPY straight into the embedded PostgreSQL (found through its postmaster.pid): the
# benchmark is about exports, and COPY loads a million events in seconds.
PG_PORT=$(sed -n 4p "$WORK/data/postgres/postmaster.pid")
POSTMASTER=$(sed -n 1p "$WORK/data/postgres/postmaster.pid")
echo "loading $EVENTS events with COPY into PostgreSQL on port $PG_PORT"
java -cp "$JAR" bench/LoadEvents.java "jdbc:postgresql://localhost:$PG_PORT/campaign_analytics" postgres \
  "$CAMPAIGN" "$EVENTS"

# The events span 2025-01-01 onwards, 2.5 s apart: 1M events cover about 29 days.
RANGE="start_date=2025-01-01&end_date=2025-12-31"

# Heap before a collection is the highest the heap got since the previous one; after it, what was still live.
# Only collections that evacuate count: G1's Remark and Cleanup pauses free nothing, so their "after" is not live.
heap_during() {  # first line, last line of the GC log
  sed -n "$1,$2p" "$WORK/gc.log" | python3 -c '
import re, sys
before, after = [], []
for line in sys.stdin:
    m = re.search(r"Pause (?:Young|Full).* (\d+)M->(\d+)M\((\d+)M\)", line)
    if m:
        before.append(int(m.group(1))); after.append(int(m.group(2)))
print("peak used %d MB, largest live after GC %d MB, %d collections" % (max(before or [0]), max(after or [0]), len(before)))'
}

# CPU time (user + system, in seconds) used so far by a process and all its descendants: the server JVM and the
# embedded PostgreSQL it started. Divided into the rows exported, it tells the cost of a row apart from how busy
# the machine was.
cpu_seconds() {  # JVM pid, postmaster pid
  python3 - "$1" "$2" <<'PY'
import os, sys
roots = [int(sys.argv[1]), int(sys.argv[2])]
children = {}
stats = {}
for entry in os.listdir("/proc"):
    if entry.isdigit():
        try:
            with open("/proc/%s/stat" % entry) as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        stats[pid] = int(fields[11]) + int(fields[12])
def tree(pid):
    return stats.get(pid, 0) + sum(tree(c) for c in children.get(pid, []))
tick = os.sysconf("SC_CLK_TCK")
print("%.2f %.2f" % (stats.get(roots[0], 0) / tick, tree(roots[1]) / tick))
PY
}

export_one() {  # format, extension
  local from to cpu_before cpu_after
  from=$(($(wc -l <"$WORK/gc.log") + 1))
  cpu_before=$(cpu_seconds "$SERVER_PID" "$POSTMASTER")
  # curl shares the machine's cores with the server, so its CPU time (user, system) is counted too.
  local TIMEFORMAT='%U %S'
  { time curl -s -o "$WORK/export.$2" -H "$AUTH" \
    -w "status %{http_code}, %{size_download} bytes in %{time_total} s, first byte after %{time_starttransfer} s\n" \
    "$BASE/admin/analytics/export?type=events&campaign_id=$CAMPAIGN&$RANGE&format=$1" >"$WORK/$1.curl"; } \
    2>"$WORK/$1.curltime"
  cat "$WORK/$1.curl"
  to=$(wc -l <"$WORK/gc.log")
  cpu_after=$(cpu_seconds "$SERVER_PID" "$POSTMASTER")
  heap_during "$from" "$to" | tee "$WORK/$1.heap"
  python3 -c "
b, a = [float(x) for x in '$cpu_before'.split()], [float(x) for x in '$cpu_after'.split()]
c = sum(float(x) for x in '$(cat "$WORK/$1.curltime")'.split())
print('CPU used: server JVM %.1f s, PostgreSQL %.1f s, curl %.1f s; total %.1f s' % (
    a[0] - b[0], a[1] - b[1], c, a[0] - b[0] + a[1] - b[1] + c))" | tee "$WORK/$1.cpu"
}

if [[ " $FORMATS " == *" csv "* ]]; then
  for round in warmup measured; do
    echo "== CSV ($round)"
    export_one csv csv
    ROWS=$(($(wc -l <"$WORK/export.csv") - 1))
    echo "data rows: $ROWS"
  done
  CSV_TIME=$(sed -n 's/.* in \([0-9.]*\) s.*/\1/p' "$WORK/csv.curl")
  echo "CSV: $(python3 -c "print(round($ROWS / $CSV_TIME))") rows/s"
fi

if [[ " $FORMATS " == *" excel "* ]]; then
  echo "== Excel"
  export_one excel xlsx
  XLSX_ROWS=$(unzip -p "$WORK/export.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)
  echo "data rows: $((XLSX_ROWS - 1))"
  XLSX_TIME=$(sed -n 's/.* in \([0-9.]*\) s.*/\1/p' "$WORK/excel.curl")
  echo "Excel: $(python3 -c "print(round(($XLSX_ROWS - 1) / $XLSX_TIME))") rows/s"
fi

echo "== whole run: $(heap_during 1 "$(wc -l <"$WORK/gc.log")")"
grep -q OutOfMemoryError "$WORK/server.log" && echo "OutOfMemoryError in the server log!" || echo "no OutOfMemoryError"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
