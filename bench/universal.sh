#!/usr/bin/env bash
# The universal endpoint's price: a one-step universal request against the same call to the
# provider-native endpoint, one static nginx upstream; then the time to first byte when step 0's provider
# refuses the connection and step 1 answers. Writes bench/out/universal.md.
#
#   bench/universal.sh                  # 10 s per point
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
  stop_nginx "$OUT"
}
trap cleanup EXIT
start_nginx "$OUT"
rm -rf "$OUT/data"
SLUICE_DATA_DIR="$OUT/data" SLUICE_ADMIN_TOKEN=bench MICRONAUT_SERVER_PORT=$GATEWAY_PORT \
  SLUICE_PROVIDERS_OPENAI_BASE_URL=$UPSTREAM/v1 SLUICE_PROVIDERS_CUSTOM_DEAD_BASE_URL=http://127.0.0.1:1/ \
  java $JAVA_OPTS -jar "$JAR" > "$OUT/sluice.log" 2>&1 &
SLUICE_PID=$!
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$GATEWAY_PORT/health" >/dev/null && break; sleep 0.5; done
GW=http://127.0.0.1:$GATEWAY_PORT/v1/local/default

wrk -t2 -c16 -d10s -s "$BENCH/chat.lua" "$GW/openai/v1/chat/completions" >/dev/null
wrk -t2 -c16 -d10s -s "$BENCH/universal.lua" "$GW" >/dev/null
point() { # script url connections -> "rps p50 p99"
  local t; t=$([ "$3" -eq 1 ] && echo 1 || echo 2)
  wrk -t"$t" -c"$3" -d"$DURATION" --latency -s "$BENCH/$1" "$2" > "$OUT/wrk.txt"
  grep -q "Non-2xx" "$OUT/wrk.txt" && { cat "$OUT/wrk.txt" >&2; exit 1; }
  echo "$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk.txt") $(to_ms "$(awk '$1=="50%" {print $2}' "$OUT/wrk.txt")") $(to_ms "$(awk '$1=="99%" {print $2}' "$OUT/wrk.txt")")"
}
{
  echo "| connections | native req/s | universal req/s | ratio | native p50 | universal p50 | added p50 | native p99 | universal p99 |"
  echo "|---|---|---|---|---|---|---|---|---|"
} > "$OUT/universal-table.md"
for c in 1 16 64; do
  read -r nr n50 n99 <<< "$(point chat.lua "$GW/openai/v1/chat/completions" "$c")"
  read -r ur u50 u99 <<< "$(FALLBACK=0 point universal.lua "$GW" "$c")"
  awk -v c="$c" -v nr="$nr" -v ur="$ur" -v n50="$n50" -v u50="$u50" -v n99="$n99" -v u99="$u99" \
    'BEGIN { printf "| %s | %.0f | %.0f | %.1f%% | %.3f ms | %.3f ms | %+.3f ms | %.3f ms | %.3f ms |\n", c, nr, ur, 100*ur/nr, n50, u50, u50-n50, n99, u99 }' \
    >> "$OUT/universal-table.md"
done
ttfb() { # body -> sorted first-byte times in ms, 200 sequential requests
  for _ in $(seq 1 200); do
    curl -s -o /dev/null -w '%{time_starttransfer}\n' -H 'content-type: application/json' -d "$1" "$GW"
  done | awk '{ printf "%.3f\n", $1 * 1000 }' | sort -n
}
STEP='{"provider":"openai","endpoint":"chat/completions","headers":{"Authorization":"Bearer sk-bench"},"query":{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}]}}'
DEAD='{"provider":"custom-dead","endpoint":"chat/completions","query":{"model":"m","messages":[]}}'
ttfb "[$STEP]" > "$OUT/ttfb-primary.txt"
ttfb "[$DEAD,$STEP]" > "$OUT/ttfb-fallback.txt"
pct() { awk -v p="$2" '{ v[NR] = $1 } END { i = int(NR * p / 100); if (i < 1) i = 1; printf "%.3f", v[i] }' "$1"; }
{
  echo "# Universal endpoint benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "Machine: $(nproc) cores; $(java -version 2>&1 | head -1); JAVA_OPTS=\`$JAVA_OPTS\`; $DURATION per point."
  echo
  cat "$OUT/universal-table.md"
  echo
  echo "Time to first byte, 200 sequential curl requests each (ms, p50 / p90 / p99):"
  echo "- step 0 answers: $(pct "$OUT/ttfb-primary.txt" 50) / $(pct "$OUT/ttfb-primary.txt" 90) / $(pct "$OUT/ttfb-primary.txt" 99)"
  echo "- step 0 refused, step 1 answers: $(pct "$OUT/ttfb-fallback.txt" 50) / $(pct "$OUT/ttfb-fallback.txt" 90) / $(pct "$OUT/ttfb-fallback.txt" 99)"
} > "$OUT/universal.md"
cat "$OUT/universal.md"
