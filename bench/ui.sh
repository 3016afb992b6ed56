#!/usr/bin/env bash
# The dashboard's load times on a filled store: a million generated log entries over 30 days
# (bench/LogStoreBench.java), Sluice started on that data directory with the README's command, then each
# view loaded in Debian's headless Chromium (bench/DashboardTiming.java). Writes bench/out/ui.md.
#   bench/ui.sh                  # 1,000,000 entries
#   COUNT=100000 bench/ui.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
COUNT=${COUNT:-1000000}
PORT=18082
source "$BENCH/lib.sh"
JAR=$(runnable_jar)
mkdir -p "$OUT"
DATA=${DATA:-$OUT/ui-data}
if [ ! -f "$DATA/logs.db" ]; then
  mkdir -p "$DATA"
  java -cp "$JAR" "$BENCH/LogStoreBench.java" write "jdbc:sqlite:$DATA/logs.db" "$COUNT"
fi
./mvnw -q -B dependency:build-classpath -pl bootstrap -Dmdep.includeScope=test -Dmdep.outputFile="$OUT/test-classpath.txt" >/dev/null
SLUICE_DATA_DIR="$DATA" SLUICE_ADMIN_TOKEN=bench MICRONAUT_SERVER_PORT=$PORT java -XX:+UseSerialGC -jar "$JAR" > "$OUT/ui-sluice.log" 2>&1 &
SLUICE_PID=$!
trap 'kill $SLUICE_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$PORT/health" >/dev/null && break; sleep 0.5; done
java -cp "$JAR:$(cat "$OUT/test-classpath.txt")" "$BENCH/DashboardTiming.java" "http://127.0.0.1:$PORT" bench | tee "$OUT/ui.md"
