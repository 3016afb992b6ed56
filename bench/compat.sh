#!/usr/bin/env bash
# The unified API's price: the same conversation (2 KB and 50 KB) sent to one static upstream through
# the provider-native endpoint and through /compat, whole answers and streams. For Anthropic the
# difference is the translation (OpenAI → Anthropic, and the answer back); for OpenAI it is the
# pass-through (the model spliced into the body). Writes bench/out/compat.md.
#
#   bench/compat.sh                  # 10 s per point
#   DURATION=20s bench/compat.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
DURATION=${DURATION:-10s}
JAVA_OPTS=${JAVA_OPTS:--XX:+UseSerialGC -Xms256m -Xmx512m}
GATEWAY_PORT=18081
UPSTREAM=http://127.0.0.1:18080
source "$BENCH/lib.sh"
ensure_tools
JAR=$(runnable_jar)
mkdir -p "$OUT"

cleanup() {
  [ -n "${SLUICE_PID:-}" ] && kill "$SLUICE_PID" 2>/dev/null || true
  [ -f "$OUT/nginx/nginx.pid" ] && kill "$(cat "$OUT/nginx/nginx.pid")" 2>/dev/null || true
}
trap cleanup EXIT
mkdir -p "$OUT/nginx/tmp"
cp "$BENCH/nginx-compat.conf" "$OUT/nginx/nginx.conf"
nginx -p "$OUT/nginx" -c nginx.conf

start_sluice() { # anthropic-base-path
  [ -n "${SLUICE_PID:-}" ] && kill "$SLUICE_PID" 2>/dev/null && wait "$SLUICE_PID" 2>/dev/null || true
  rm -rf "$OUT/data"
  SLUICE_DATA_DIR="$OUT/data" SLUICE_ADMIN_TOKEN=bench MICRONAUT_SERVER_PORT=$GATEWAY_PORT \
    SLUICE_PROVIDERS_OPENAI_BASE_URL=$UPSTREAM/v1 SLUICE_PROVIDERS_ANTHROPIC_BASE_URL=$UPSTREAM/$1/ \
    java $JAVA_OPTS -jar "$JAR" > "$OUT/sluice.log" 2>&1 &
  SLUICE_PID=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$GATEWAY_PORT/health" >/dev/null && break; sleep 0.5; done
}

GW=http://127.0.0.1:$GATEWAY_PORT/v1/local/default
point() { # url connections -> "rps p50 p99"
  local t; t=$([ "$2" -eq 1 ] && echo 1 || echo 2)
  wrk -t"$t" -c"$2" -d"$DURATION" --latency -s "$BENCH/compat.lua" "$1" > "$OUT/wrk.txt"
  grep -q "Non-2xx" "$OUT/wrk.txt" && { echo "non-2xx answers:" >&2; cat "$OUT/wrk.txt" >&2; exit 1; }
  echo "$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt") $(to_ms "$(awk '$1=="50%" {print $2}' "$OUT/wrk.txt")") $(to_ms "$(awk '$1=="99%" {print $2}' "$OUT/wrk.txt")")"
}

row() { # label native-url native-format compat-url compat-model size stream
  export SIZE=$6 STREAM=$7
  for c in 1 16; do
    read -r nr n50 n99 <<< "$(FORMAT=$3 MODEL=gpt-4o-mini point "$2" "$c")"
    read -r cr c50 c99 <<< "$(FORMAT=compat MODEL=$5 point "$4" "$c")"
    awk -v l="$1" -v s="$6" -v c="$c" -v nr="$nr" -v cr="$cr" -v n50="$n50" -v c50="$c50" -v n99="$n99" -v c99="$c99" \
      'BEGIN { printf "| %s | %s | %s | %.0f | %.0f | %.1f%% | %.3f ms | %.3f ms | %+.3f ms | %+.3f ms |\n", l, s, c, nr, cr, 100*cr/nr, n50, c50, c50-n50, c99-n99 }' \
      >> "$OUT/compat-table.md"
  done
}

{
  echo "| path | body | connections | native req/s | /compat req/s | ratio | native p50 | /compat p50 | added p50 | added p99 |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
} > "$OUT/compat-table.md"

for mode in json stream; do
  start_sluice "$mode"
  stream=$([ "$mode" = stream ] && echo 1 || echo 0)
  # Warm the JIT on both paths before measuring.
  SIZE=2048 STREAM=$stream FORMAT=compat wrk -t2 -c16 -d10s -s "$BENCH/compat.lua" "$GW/compat/chat/completions" >/dev/null
  SIZE=2048 STREAM=$stream FORMAT=anthropic wrk -t2 -c16 -d10s -s "$BENCH/compat.lua" "$GW/anthropic/v1/messages" >/dev/null
  for size in 2048 51200; do
    row "anthropic, $mode" "$GW/anthropic/v1/messages" anthropic "$GW/compat/chat/completions" \
      anthropic/claude-sonnet-4-5 "$size" "$stream"
  done
  if [ "$mode" = json ]; then
    SIZE=2048 STREAM=0 FORMAT=compat MODEL=openai/gpt-4o-mini wrk -t2 -c16 -d10s -s "$BENCH/compat.lua" "$GW/compat/chat/completions" >/dev/null
    for size in 2048 51200; do
      row "openai, pass-through" "$GW/openai/v1/chat/completions" openai "$GW/compat/chat/completions" \
        openai/gpt-4o-mini "$size" 0
    done
  fi
done

{
  echo "# Unified API benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "Machine: $(nproc) cores; $(java -version 2>&1 | head -1); JAVA_OPTS=\`$JAVA_OPTS\`; $DURATION per point; wrk, nginx and Sluice share the machine."
  echo
  cat "$OUT/compat-table.md"
} > "$OUT/compat.md"
cat "$OUT/compat.md"
