#!/usr/bin/env bash
# CPU time the Sluice process spends per cached request (utime+stime from /proc/<pid>/stat around a
# 10 s wrk run at c=16, after a 12 s warm-up). Steadier than req/s on a shared two-core machine, where
# wrk competes for the same cores. Compare two builds by alternating them:
#   bench/cpu-per-hit.sh /tmp/before.jar; bench/cpu-per-hit.sh /tmp/after.jar
# Optional second argument: the wrk script (default cache.lua; cache-large.lua for a 200 KB body,
# which also needs nginx: run it while bench/lib.sh's start_nginx is up).
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:?usage: bench/cpu-per-hit.sh <jar> [wrk script]}
SCRIPT=${2:-cache.lua}
DATA=bench/out/cpu-data
rm -rf "$DATA"; mkdir -p bench/out
SLUICE_DATA_DIR=$DATA MICRONAUT_SERVER_PORT=18089 SLUICE_GATEWAYS_CACHED_CACHE_TTL=3600 \
  SLUICE_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:18080/v1 \
  java -XX:+UseSerialGC -Xms256m -Xmx512m -jar "$JAR" > bench/out/cpu.log 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -sf localhost:18089/health >/dev/null && break; sleep 0.5; done
URL=http://127.0.0.1:18089/v1/local/cached/mock/v1/chat/completions
[ "$SCRIPT" = cache-large.lua ] && URL=http://127.0.0.1:18089/v1/local/cached/openai/v1/chat/completions
wrk -t2 -c32 -d12s -s "bench/$SCRIPT" "$URL" >/dev/null
t0=$(awk '{print $14+$15}' /proc/$PID/stat)
n=$(wrk -t2 -c16 -d10s -s "bench/$SCRIPT" "$URL" | awk '/requests in/ {print $1}')
t1=$(awk '{print $14+$15}' /proc/$PID/stat)
awk -v a="$t0" -v b="$t1" -v n="$n" -v t="$(getconf CLK_TCK)" \
  'BEGIN {printf "%.1f us CPU per request (%d requests)\n", (b-a)/t*1e6/n, n}'
