#!/usr/bin/env bash
# Cache hits and the mock path of one runnable jar, for comparing two builds in one sitting:
#   bench/hits.sh /tmp/before.jar; bench/hits.sh /tmp/after.jar     (alternate them, twice each)
# Prints: large-body (~200 KB, bench/cache-large.lua) hits at c=1 and c=16 through nginx's gateway,
# then the mock provider and small-body hits on it. Nothing else runs; nginx is the upstream.
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
JAR=${1:?usage: bench/hits.sh <jar>}
source "$BENCH/lib.sh"
ensure_tools
start_nginx "$OUT"
rm -rf "$OUT/hits-data"
SLUICE_DATA_DIR="$OUT/hits-data" SLUICE_ADMIN_TOKEN=bench MICRONAUT_SERVER_PORT=18085 \
  SLUICE_GATEWAYS_CACHED_CACHE_TTL=3600 SLUICE_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:18080/v1 \
  java -XX:+UseSerialGC -Xms256m -Xmx512m -jar "$JAR" > "$OUT/hits.log" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null || true; stop_nginx "$OUT"' EXIT
for _ in $(seq 1 60); do curl -sf localhost:18085/health >/dev/null && break; sleep 0.5; done

p50() { wrk -t"$1" -c"$2" -d10s --latency -s "$BENCH/$3" "$4" | awk '$1=="50%" {p=$2} /Requests\/sec/ {r=$2} END {print "p50", p, "req/s", r}'; }
LARGE=http://127.0.0.1:18085/v1/local/cached/openai/v1/chat/completions
MOCK=http://127.0.0.1:18085/v1/local/default/mock/v1/chat/completions
HIT=http://127.0.0.1:18085/v1/local/cached/mock/v1/chat/completions
for warm in "cache-large.lua $LARGE" "chat.lua $MOCK" "cache.lua $HIT"; do
  set -- $warm; wrk -t2 -c32 -d8s -s "$BENCH/$1" "$2" >/dev/null
done
echo "large-body hit c=1:  $(p50 1 1 cache-large.lua "$LARGE")"
echo "large-body hit c=16: $(p50 2 16 cache-large.lua "$LARGE")"
echo "mock c=1:            $(p50 1 1 chat.lua "$MOCK")"
echo "mock c=64:           $(p50 2 64 chat.lua "$MOCK")"
echo "small hit c=1:       $(p50 1 1 cache.lua "$HIT")"
echo "small hit c=64:      $(p50 2 64 cache.lua "$HIT")"
