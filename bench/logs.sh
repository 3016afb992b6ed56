#!/usr/bin/env bash
# The log store's benchmark:
#   1. the writer's sustained entries/s into the embedded SQLite file and into PostgreSQL (a burst of
#      generated entries close together in time, as at full gateway throughput);
#   2. the gateway at full throughput with logging on (wrk against nginx as the provider), reading the
#      writer's own counters from /prometheus: written, dropped, and the queue left at the end;
#   3. a million generated entries over 30 days in each store, then the dashboard's list, filter and
#      analytics queries timed (bench/LogStoreBench.java).
# Writes bench/out/logs-*.txt. PostgreSQL: PG_URL (default jdbc:postgresql://127.0.0.1:5432/test), a
# fresh schema per run.
#
#   bench/logs.sh                   # all three
#   PARTS=queries bench/logs.sh     # or writer / gateway / queries, comma-separated
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
mkdir -p "$OUT"
PARTS=${PARTS:-writer,gateway,queries}
COUNT=${COUNT:-1000000}
DURATION=${DURATION:-20s}
PG_URL=${PG_URL:-jdbc:postgresql://127.0.0.1:5432/test}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx512m}
source "$BENCH/lib.sh"
JAR=$(runnable_jar)
sqlite() { mkdir -p "$1"; echo "jdbc:sqlite:$1/logs.db"; }
pg() { # a fresh schema
  local schema="bench_$(date +%s)_$1"
  psql -q -h 127.0.0.1 -U postgres -d "${PG_URL##*/}" -c "create schema $schema" >/dev/null
  echo "$PG_URL?currentSchema=$schema"
}
store_bench() { java -cp "$JAR" "$BENCH/LogStoreBench.java" "$@"; }

if [[ $PARTS == *writer* ]]; then
  rm -rf "$OUT/logs-sqlite-burst"
  { echo "SQLite (embedded):"; store_bench write "$(sqlite "$OUT/logs-sqlite-burst")" 200000 500 10
    echo "PostgreSQL:"; store_bench write "$(pg burst)" 200000 500 10; } | tee "$OUT/logs-writer.txt"
fi

if [[ $PARTS == *gateway* ]]; then
  ensure_tools
  GATEWAY_PORT=18081
  cleanup() { [ -n "${SLUICE_PID:-}" ] && kill "$SLUICE_PID" 2>/dev/null || true; stop_nginx "$OUT"; }
  trap cleanup EXIT
  start_nginx "$OUT"
  rm -rf "$OUT/logs-data"
  SLUICE_DATA_DIR="$OUT/logs-data" SLUICE_ADMIN_TOKEN=bench MICRONAUT_SERVER_PORT=$GATEWAY_PORT \
    SLUICE_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:18080/v1 \
    java $JAVA_OPTS -jar "$JAR" > "$OUT/sluice-logs.log" 2>&1 &
  SLUICE_PID=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$GATEWAY_PORT/health" >/dev/null && break; sleep 0.5; done
  URL=http://127.0.0.1:$GATEWAY_PORT/v1/local/default/openai/v1/chat/completions
  metric() { curl -s "http://127.0.0.1:$GATEWAY_PORT/prometheus" | awk -v m="$1" '$1==m {printf "%d", $2}'; }
  wrk -t2 -c32 -d10s -s "$BENCH/chat.lua" "$URL" > /dev/null   # JIT warm-up
  sleep 3
  before=$(metric sluice_log_writer_written_total)
  wrk -t2 -c64 -d"$DURATION" --latency -s "$BENCH/chat.lua" "$URL" > "$OUT/wrk-logs.txt"
  queued=$(metric sluice_log_writer_queue)
  sleep 5
  {
    echo "gateway: $(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-logs.txt") req/s at c=64 for $DURATION, p50 $(awk '$1=="50%" {print $2}' "$OUT/wrk-logs.txt")"
    echo "requests: $(awk '/requests in/ {print $1}' "$OUT/wrk-logs.txt")"
    echo "entries written during and after the run: $(( $(metric sluice_log_writer_written_total) - before ))"
    echo "queue at the end of the run: $queued; dropped in all: $(metric sluice_log_writer_dropped_total)"
  } | tee "$OUT/logs-gateway.txt"
  cleanup; trap - EXIT
fi

if [[ $PARTS == *queries* ]]; then
  rm -rf "$OUT/logs-sqlite-1m"
  SQLITE=$(sqlite "$OUT/logs-sqlite-1m"); PG=$(pg fill)
  { echo "SQLite (embedded), $COUNT entries:"; store_bench write "$SQLITE" "$COUNT" 500 | tail -1; store_bench query "$SQLITE"
    echo "PostgreSQL, $COUNT entries:"; store_bench write "$PG" "$COUNT" 500 | tail -1; store_bench query "$PG"
  } | tee "$OUT/logs-queries.txt"
fi
