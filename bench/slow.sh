#!/usr/bin/env bash
# A slow upstream and many connections (issue 18): bench/SlowUpstream.java answers every request after
# DELAY_MS (20) on one event-loop thread, and wrk holds 256 and then 1,024 connections open against it,
# straight and through Sluice (everything on: bench/all-on.yml, the upstream as provider custom-slow). The
# ideal is connections ÷ delay; the CPU's limit is what Sluice serves from nginx at 64 connections, measured
# in the same run. Writes bench/out/slow.md.
#
#   bench/slow.sh
#   CONNS="256 1024 2048" DURATION=20s bench/slow.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
DELAY_MS=${DELAY_MS:-20}
CONNS=${CONNS:-256 1024}
DURATION=${DURATION:-15s}
GATEWAY_PORT=18081
UPSTREAM_PORT=18093
source "$BENCH/lib.sh"
readme_java_opts
ensure_tools
JAR=$(runnable_jar)
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)"
cleanup() {
  [ -n "${SLUICE_PID:-}" ] && kill -9 "$SLUICE_PID" 2>/dev/null || true
  [ -n "${UPSTREAM_PID:-}" ] && kill "$UPSTREAM_PID" 2>/dev/null || true
  stop_nginx "$OUT"
}
trap cleanup EXIT
start_nginx "$OUT"
java -cp "$JAR" "$BENCH/SlowUpstream.java" $UPSTREAM_PORT "$DELAY_MS" > "$OUT/slow-upstream.log" 2>&1 &
UPSTREAM_PID=$!

start_sluice slow SLUICE_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:18080/v1 \
  SLUICE_PROVIDERS_CUSTOM_SLOW_BASE_URL=http://127.0.0.1:$UPSTREAM_PORT/v1 MICRONAUT_CONFIG_FILES="$BENCH/all-on.yml"
GATEWAY_TOKEN=$(gateway_token)
export GATEWAY_TOKEN
FAST=http://127.0.0.1:$GATEWAY_PORT/v1/local/default/openai/v1/chat/completions
SLOW=http://127.0.0.1:$GATEWAY_PORT/v1/local/default/custom-slow/chat/completions
DIRECT=http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions

wrk -t2 -c64 -d30s -s "$BENCH/chat.lua" "$FAST" > /dev/null          # warm the JIT
wrk -t2 -c256 -d10s -s "$BENCH/chat.lua" "$SLOW" > /dev/null         # and the slow path's pool
read -r cpu _ <<< "$(wrk_point "$FAST" 64)"
{
  echo "# Slow upstream $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "Upstream answers after $DELAY_MS ms; $DURATION per point; JAVA_OPTS=\`$JAVA_OPTS\`; everything on. What the CPU allows: Sluice → nginx at 64 connections in this run, $(printf '%.0f' "$cpu") req/s."
  echo
  echo "| connections | ideal (conns ÷ delay) | target (90% of the lower of ideal and CPU) | direct req/s | direct p99 | Sluice req/s | of target | Sluice p50 | Sluice p99 | errors |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  for c in $CONNS; do
    read -r drps _ dp99 _ <<< "$(GATEWAY_TOKEN= wrk_point "$DIRECT" "$c")"
    read -r grps gp50 gp99 gerr <<< "$(wrk_point "$SLOW" "$c")"
    awk -v c="$c" -v d="$DELAY_MS" -v cpu="$cpu" -v dr="$drps" -v dp99="$dp99" -v gr="$grps" -v gp50="$gp50" -v gp99="$gp99" -v ge="$gerr" 'BEGIN {
      ideal = c * 1000 / d; target = 0.9 * (ideal < cpu ? ideal : cpu)
      printf "| %d | %.0f | %.0f | %.0f | %.1f ms | %.0f | %.0f%% | %.1f ms | %.1f ms | %d |\n", c, ideal, target, dr, dp99, gr, 100 * gr / target, gp50, gp99, ge }'
  done
} > "$OUT/slow.md"
cat "$OUT/slow.md"
