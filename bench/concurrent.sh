#!/usr/bin/env bash
# Many slow answers at once (issue 12, item 8): a provider that answers every request after 1 s, and
# bursts of 500 concurrent requests sent straight to it and through Sluice, alternately, in the same
# run; once with Micronaut's connection-pool defaults and once with Sluice's configuration. Everything
# stays on 127.0.0.1. Writes bench/out/concurrent-results.md.
#
#   bench/concurrent.sh                # 500 requests, 1000 ms provider, 5 bursts each way per configuration
#   N=1000 ROUNDS=3 bench/concurrent.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
N=${N:-500}
ROUNDS=${ROUNDS:-5}
DELAY_MS=${DELAY_MS:-1000}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx512m}
GATEWAY_PORT=18086
UPSTREAM_PORT=18091
source "$BENCH/lib.sh"
JAR=$(runnable_jar)
mkdir -p "$OUT"

cleanup() {
  [ -n "${SLUICE_PID:-}" ] && kill "$SLUICE_PID" 2>/dev/null || true
  [ -n "${UPSTREAM_PID:-}" ] && kill "$UPSTREAM_PID" 2>/dev/null || true
}
trap cleanup EXIT

java -Xss256k "$BENCH/ConcurrentBurst.java" upstream $UPSTREAM_PORT "$DELAY_MS" > "$OUT/concurrent-upstream.log" 2>&1 &
UPSTREAM_PID=$!
sleep 3

DIRECT=http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions
GATEWAY=http://127.0.0.1:$GATEWAY_PORT/v1/local/default/custom-slow/chat/completions

run_config() { # name extra-java-options...
  local name=$1; shift
  rm -rf "$OUT/concurrent-data"
  SLUICE_DATA_DIR="$OUT/concurrent-data" SLUICE_ADMIN_TOKEN=bench MICRONAUT_SERVER_PORT=$GATEWAY_PORT \
    SLUICE_PROVIDERS_CUSTOM_SLOW_BASE_URL=http://127.0.0.1:$UPSTREAM_PORT/v1 \
    java $JAVA_OPTS "$@" -jar "$JAR" > "$OUT/concurrent-sluice-$name.log" 2>&1 &
  SLUICE_PID=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$GATEWAY_PORT/health" >/dev/null && break; sleep 0.5; done
  for _ in 1 2 3; do python3 "$BENCH/burst.py" "$GATEWAY" "$N" > /dev/null; done   # warm the JIT and the pool
  for round in $(seq 1 "$ROUNDS"); do
    read -r _ dok dfail dwall dp50 dp99 _ <<< "$(python3 "$BENCH/burst.py" "$DIRECT" "$N")"
    read -r _ gok gfail gwall gp50 gp99 _ <<< "$(python3 "$BENCH/burst.py" "$GATEWAY" "$N")"
    echo "| $name | $round | $dok/$N | $dwall s | $dp99 s | $gok/$N | $gwall s | $gp99 s |"
  done
  kill "$SLUICE_PID"; wait "$SLUICE_PID" 2>/dev/null || true; SLUICE_PID=
}

{
  echo "$N concurrent requests, provider answering after $DELAY_MS ms; load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| pool | burst | direct ok | direct wall | direct p99 | gateway ok | gateway wall | gateway p99 |"
  echo "|---|---|---|---|---|---|---|---|"
  run_config micronaut-defaults -Dmicronaut.http.client.pool.max-pending-connections=4 \
    -Dmicronaut.http.client.pool.max-concurrent-http1-connections=1000
  run_config sluice
} | tee "$OUT/concurrent-results.md"
