#!/usr/bin/env bash
# Sluice's benchmark kit: nginx as a fast local upstream, wrk as the load, the gateway measured against
# a direct call in the same run. Everything stays on 127.0.0.1. Writes bench/out/results.md.
#
#   bench/run.sh                 # 10 s per point
#   DURATION=30s bench/run.sh    # longer points
#   ALL_ON=1 bench/run.sh        # everything on (issue 18): bench/all-on.yml, a gateway token sent by wrk
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
DURATION=${DURATION:-10s}
GATEWAY_PORT=18081
UPSTREAM=http://127.0.0.1:18080
source "$BENCH/lib.sh"
readme_java_opts
ensure_tools
JAR=$(runnable_jar)

cleanup() {
  [ -n "${SLUICE_PID:-}" ] && kill "$SLUICE_PID" 2>/dev/null || true
  stop_nginx "$OUT"
}
trap cleanup EXIT
rm -f "$OUT/warnings.txt"
start_nginx "$OUT"

if [ "${ALL_ON:-0}" = 1 ]; then
  export MICRONAUT_CONFIG_FILES="${MICRONAUT_CONFIG_FILES:+$MICRONAUT_CONFIG_FILES,}$BENCH/all-on.yml"
fi
start_sluice run SLUICE_PROVIDERS_OPENAI_BASE_URL=$UPSTREAM/v1
if [ "${ALL_ON:-0}" = 1 ]; then
  GATEWAY_TOKEN=$(gateway_token)
  export GATEWAY_TOKEN
fi

rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$SLUICE_PID/status; }
DIRECT=$UPSTREAM/v1/chat/completions
GATEWAY=http://127.0.0.1:$GATEWAY_PORT/v1/local/default/openai/v1/chat/completions

# Warm the JIT before measuring.
wrk -t2 -c32 -d15s -s "$BENCH/chat.lua" "$GATEWAY" >/dev/null
RSS_IDLE=$(sleep 2; rss)

point() { # url threads connections -> "rps p50 p99"
  wrk -t"$2" -c"$3" -d"$DURATION" --latency -s "$BENCH/chat.lua" "$1" > "$OUT/wrk.txt"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt")
  p50=$(awk '$1=="50%" {print $2}' "$OUT/wrk.txt")
  p99=$(awk '$1=="99%" {print $2}' "$OUT/wrk.txt")
  if grep -q 'Non-2xx\|Socket errors' "$OUT/wrk.txt"; then
    echo "WARNING: $1 at c=$3: $(grep 'Non-2xx\|Socket errors' "$OUT/wrk.txt" | tr -s ' ')" | tee -a "$OUT/warnings.txt" >&2
  fi
  echo "$rps $p50 $p99"
}

{
  echo "| concurrency | direct req/s | gateway req/s | ratio | direct p50 | gateway p50 | added p50 | direct p99 | gateway p99 | added p99 |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} > "$OUT/table.md"
RSS_LOAD=0
for c in 1 16 64; do
  t=$([ "$c" -eq 1 ] && echo 1 || echo 2)
  read -r drps dp50 dp99 <<< "$(point "$DIRECT" "$t" "$c")"
  read -r grps gp50 gp99 <<< "$(point "$GATEWAY" "$t" "$c")"
  now=$(rss); [ "$now" -gt "$RSS_LOAD" ] && RSS_LOAD=$now
  dp50m=$(to_ms "$dp50"); gp50m=$(to_ms "$gp50"); dp99m=$(to_ms "$dp99"); gp99m=$(to_ms "$gp99")
  awk -v c="$c" -v dr="$drps" -v gr="$grps" -v d50="$dp50m" -v g50="$gp50m" -v d99="$dp99m" -v g99="$gp99m" \
    'BEGIN { printf "| %s | %.0f | %.0f | %.1f%% | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.3f ms | %.3f ms |\n", c, dr, gr, 100*gr/dr, d50, g50, g50-d50, d99, g99, g99-d99 }' \
    >> "$OUT/table.md"
done

{
  echo "# Benchmark run $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "Mode: $([ "${ALL_ON:-0}" = 1 ] && echo 'everything on (bench/all-on.yml, token sent)' || echo 'default gateway')."
  echo
  echo "Machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); $(java -version 2>&1 | head -1); JAVA_OPTS=\`$JAVA_OPTS\`; $DURATION per point; wrk, nginx and Sluice share the machine."
  echo
  cat "$OUT/table.md"
  echo
  echo "Sluice RSS: idle ${RSS_IDLE} MB (after warm-up), under load ${RSS_LOAD} MB (highest seen between points)."
} > "$OUT/results.md"
cat "$OUT/results.md"
