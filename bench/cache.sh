#!/usr/bin/env bash
# The cache benchmarks: cache hits (embedded and Redis) against direct upstream calls, and a coalescing
# run. Upstreams: nginx (a static answer, the fastest any upstream can be) and bench/slow_upstream.py (a
# provider answering in DELAY_MS, as a model does). Two Sluice instances: one with the in-process cache,
# one on the local Redis (REDIS_URL). Writes bench/out/cache-results.md.
#
#   bench/cache.sh                 # 10 s per point
#   DURATION=15s bench/cache.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
DURATION=${DURATION:-10s}
DELAY_MS=${DELAY_MS:-50}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx512m}
source "$BENCH/lib.sh"
ensure_tools
JAR=$(runnable_jar)

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  stop_nginx "$OUT"
}
trap cleanup EXIT
start_nginx "$OUT"
DELAY_MS=$DELAY_MS python3 "$BENCH/slow_upstream.py" 18090 & PIDS+=($!)

start_sluice() { # port redis-url
  rm -rf "$OUT/data-$1"
  SLUICE_DATA_DIR="$OUT/data-$1" SLUICE_ADMIN_TOKEN=bench MICRONAUT_SERVER_PORT=$1 \
    SLUICE_CACHE_REDIS_URL=$2 SLUICE_GATEWAYS_CACHED_CACHE_TTL=3600 \
    SLUICE_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:18080/v1 \
    SLUICE_PROVIDERS_CUSTOM_SLOW_BASE_URL=http://127.0.0.1:18090/ \
    java $JAVA_OPTS -jar "$JAR" > "$OUT/sluice-$1.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$1/health" >/dev/null && break; sleep 0.5; done
}
start_sluice 18081 ""
start_sluice 18082 "$REDIS_URL"

point() { # url threads connections script -> "rps p50 p99"
  wrk -t"$2" -c"$3" -d"$DURATION" --latency -s "$BENCH/$4" "$1" > "$OUT/wrk.txt"
  awk '/Requests\/sec/ {r=$2} $1=="50%" {p=$2} $1=="99%" {q=$2} END {print r, p, q}' "$OUT/wrk.txt"
}

NGINX=http://127.0.0.1:18080/v1/chat/completions
SLOW=http://127.0.0.1:18090/v1/chat/completions
EMBEDDED=http://127.0.0.1:18081/v1/local/cached/openai/v1/chat/completions
REDIS=http://127.0.0.1:18082/v1/local/cached/openai/v1/chat/completions
EMBEDDED_SLOW=http://127.0.0.1:18081/v1/local/cached/custom-slow/v1/chat/completions

# Warm the JIT on both instances (the cached path and the proxy path) before measuring.
for url in "$EMBEDDED" "$REDIS" http://127.0.0.1:18081/v1/local/default/openai/v1/chat/completions; do
  wrk -t2 -c32 -d10s -s "$BENCH/cache.lua" "$url" >/dev/null
done
for port in 18081 18082; do
  curl -s -D - -o /dev/null -H 'content-type: application/json' -H 'authorization: Bearer sk-bench' \
    -H 'cf-aig-cache-ttl: 3600' -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello, cached."}]}' \
    "http://127.0.0.1:$port/v1/local/cached/openai/v1/chat/completions" | grep -i cf-aig-cache-status
done
curl -s -o /dev/null -H 'content-type: application/json' -H 'cf-aig-cache-ttl: 3600' \
  -d '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello, cached."}]}' "$EMBEDDED_SLOW"

{
  echo "| target | concurrency | req/s | p50 | p99 |"
  echo "|---|---|---|---|---|"
} > "$OUT/cache-table.md"
row() { # label url conc script
  local t; t=$([ "$3" -eq 1 ] && echo 1 || echo 2)
  read -r rps p50 p99 <<< "$(point "$2" "$t" "$3" "$4")"
  printf "| %s | %s | %.0f | %s ms | %s ms |\n" "$1" "$3" "$rps" "$(to_ms "$p50")" "$(to_ms "$p99")" >> "$OUT/cache-table.md"
}
for c in 1 64; do
  row "nginx directly (static answer)" "$NGINX" $c chat.lua
  row "Sluice → nginx, caching off (MISS)" "http://127.0.0.1:18081/v1/local/default/openai/v1/chat/completions" $c chat.lua
  row "Sluice embedded cache HIT" "$EMBEDDED" $c cache.lua
  row "Sluice Redis cache HIT" "$REDIS" $c cache.lua
  row "slow provider directly (${DELAY_MS} ms)" "$SLOW" $c chat.lua
  row "Sluice embedded cache HIT, slow provider" "$EMBEDDED_SLOW" $c cache.lua
done

# Coalescing: bursts of 64 identical concurrent requests, each burst a new prompt, at the slow provider.
burst() { # header -> seconds for BURSTS bursts
  local start end
  start=$(date +%s.%N)
  for b in $(seq 1 "$BURSTS"); do
    body="{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"burst $RANDOM-$b-$1\"}]}"
    seq 64 | xargs -P64 -I{} curl -s -o /dev/null -H 'content-type: application/json' -H "$1" -d "$body" \
      http://127.0.0.1:18081/v1/local/cached/custom-slow/v1/chat/completions
  done
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
}
count() { curl -s http://127.0.0.1:18090/count; }
BURSTS=${BURSTS:-20}
c0=$(count); tc=$(burst "cf-aig-cache-ttl: 3600"); c1=$(count)
tb=$(burst "cf-aig-skip-cache: true"); c2=$(count)

{
  echo "# Cache benchmark run $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "Machine: $(nproc) cores; $(java -version 2>&1 | head -1); JAVA_OPTS=\`$JAVA_OPTS\`; $DURATION per point; wrk, the upstreams, Redis and both Sluice instances share the machine."
  echo
  cat "$OUT/cache-table.md"
  echo
  echo "Coalescing: $BURSTS bursts of 64 identical concurrent requests (a new prompt per burst) to a provider answering in ${DELAY_MS} ms:"
  echo
  echo "| requests | upstream calls | wall time |"
  echo "|---|---|---|"
  echo "| cacheable (cf-aig-cache-ttl), coalesced | $((c1 - c0)) for $((BURSTS * 64)) requests | ${tc} s |"
  echo "| skipping the cache (cf-aig-skip-cache), not coalesced | $((c2 - c1)) for $((BURSTS * 64)) requests | ${tb} s |"
} > "$OUT/cache-results.md"
cat "$OUT/cache-results.md"
