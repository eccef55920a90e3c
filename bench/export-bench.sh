#!/usr/bin/env bash
# Export benchmark: 1,000,000 raw events exported as CSV and as Excel from the real server with a 256 MB heap.
#
#   bench/export-bench.sh            # builds the jar, then runs
#   EVENTS=200000 bench/export-bench.sh --no-build
#
# Starts app/target/campaign-analytics.jar with -Xmx256m, an embedded PostgreSQL in a temporary
# ANALYTICS_DATA_DIR and a free port; loads EVENTS events with COPY (bench/LoadEvents.java); downloads
# GET /v1/marketing/admin/analytics/export?type=events in both formats with curl; reads the heap from the GC log.
# Not part of `mvn verify`. Needs curl, unzip and python3. Prints a summary; everything stays in the temp dir it names.
set -euo pipefail
cd "$(dirname "$0")/.."

EVENTS=${EVENTS:-1000000}
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
echo "loading $EVENTS events with COPY into PostgreSQL on port $PG_PORT"
java -cp "$JAR" bench/LoadEvents.java "jdbc:postgresql://localhost:$PG_PORT/campaign_analytics" postgres \
  "$CAMPAIGN" "$EVENTS"

# The events span 2025-01-01 onwards, 2.5 s apart: 1M events cover about 29 days.
RANGE="start_date=2025-01-01&end_date=2025-12-31"

# Heap before a collection is the highest the heap got since the previous one; after it, what was still live.
heap_during() {  # first line, last line of the GC log
  sed -n "$1,$2p" "$WORK/gc.log" | python3 -c '
import re, sys
before, after = [], []
for line in sys.stdin:
    m = re.search(r"Pause.* (\d+)M->(\d+)M\((\d+)M\)", line)
    if m:
        before.append(int(m.group(1))); after.append(int(m.group(2)))
print("peak used %d MB, largest live after GC %d MB, %d collections" % (max(before or [0]), max(after or [0]), len(before)))'
}

export_one() {  # format, extension
  local from to
  from=$(($(wc -l <"$WORK/gc.log") + 1))
  curl -s -o "$WORK/export.$2" -H "$AUTH" \
    -w "status %{http_code}, %{size_download} bytes in %{time_total} s, first byte after %{time_starttransfer} s\n" \
    "$BASE/admin/analytics/export?type=events&campaign_id=$CAMPAIGN&$RANGE&format=$1" | tee "$WORK/$1.curl"
  to=$(wc -l <"$WORK/gc.log")
  heap_during "$from" "$to" | tee "$WORK/$1.heap"
}

for round in warmup measured; do
  echo "== CSV ($round)"
  export_one csv csv
  ROWS=$(($(wc -l <"$WORK/export.csv") - 1))
  echo "data rows: $ROWS"
done
CSV_TIME=$(sed -n 's/.* in \([0-9.]*\) s.*/\1/p' "$WORK/csv.curl")
echo "CSV: $(python3 -c "print(round($ROWS / $CSV_TIME))") rows/s"

echo "== Excel"
export_one excel xlsx
XLSX_ROWS=$(unzip -p "$WORK/export.xlsx" xl/worksheets/sheet1.xml | grep -o '<row ' | wc -l)
echo "data rows: $((XLSX_ROWS - 1))"
XLSX_TIME=$(sed -n 's/.* in \([0-9.]*\) s.*/\1/p' "$WORK/excel.curl")
echo "Excel: $(python3 -c "print(round(($XLSX_ROWS - 1) / $XLSX_TIME))") rows/s"

echo "== whole run: $(heap_during 1 "$(wc -l <"$WORK/gc.log")")"
grep -q OutOfMemoryError "$WORK/server.log" && echo "OutOfMemoryError in the server log!" || echo "no OutOfMemoryError"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GB, load average $(cut -d' ' -f1-3 /proc/loadavg)"
