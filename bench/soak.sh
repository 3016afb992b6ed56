#!/usr/bin/env bash
# Memory under sustained load (issue 18): Sluice started with the README's JVM options, everything on
# (bench/all-on.yml: logging with bodies, authentication, a rate limit that never triggers), wrk at 64
# connections against nginx through it for SOAK (10m), RSS and the log writer sampled every 10 s.
# Writes bench/out/soak.tsv and prints the RSS spread after the first minute.
#
#   bench/soak.sh
#   SOAK=2m JAVA_OPTS="-XX:+UseSerialGC -Xmx256m" EXTRA_CONFIG=my.yml bench/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
SOAK=${SOAK:-10m}
GATEWAY_PORT=18081
UPSTREAM=http://127.0.0.1:18080
source "$BENCH/lib.sh"
# The README's run command's options, read from its first code block so that the two cannot drift apart.
readme_java_opts
ensure_tools
JAR=$(runnable_jar)
mkdir -p "$OUT"
cleanup() {
  [ -n "${WRK_PID:-}" ] && kill "$WRK_PID" 2>/dev/null || true
  [ -n "${SLUICE_PID:-}" ] && kill -9 "$SLUICE_PID" 2>/dev/null || true
  stop_nginx "$OUT"
}
trap cleanup EXIT
start_nginx "$OUT"

start_sluice soak SLUICE_PROVIDERS_OPENAI_BASE_URL=$UPSTREAM/v1 \
  MICRONAUT_CONFIG_FILES="$BENCH/all-on.yml${EXTRA_CONFIG:+,$EXTRA_CONFIG}"
GATEWAY_TOKEN=$(gateway_token)
export GATEWAY_TOKEN
GATEWAY=http://127.0.0.1:$GATEWAY_PORT/v1/local/default/openai/v1/chat/completions

wrk -t2 -c64 -d"$SOAK" --latency -s "$BENCH/chat.lua" "$GATEWAY" > "$OUT/soak-wrk.txt" &
WRK_PID=$!
printf 'seconds\tRSS MB\tlog queue\tlog written\tlog dropped\n' > "$OUT/soak.tsv"
start=$(date +%s)
while kill -0 "$WRK_PID" 2>/dev/null; do
  sleep 10
  kill -0 "$WRK_PID" 2>/dev/null || break
  rss=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$SLUICE_PID/status")
  writer=$(curl -s "http://127.0.0.1:$GATEWAY_PORT/prometheus" | awk '/^sluice_log_writer_queue / {q=$2}
    /^sluice_log_writer_written_total / {w=$2} /^sluice_log_writer_dropped_total / {d=$2} END {printf "%d\t%d\t%d", q, w, d}')
  printf '%s\t%s\t%s\n' "$(( $(date +%s) - start ))" "$rss" "$writer" | tee -a "$OUT/soak.tsv"
done
wait "$WRK_PID" || true
WRK_PID=
echo
echo "JAVA_OPTS=$JAVA_OPTS; wrk -c64 for $SOAK:"
grep -E 'Requests/sec|Non-2xx|Socket errors|^ +(50|99)%' "$OUT/soak-wrk.txt" || true
awk -F'\t' 'NR > 1 && $1 > 60 { if (min == "" || $2 < min) min = $2; if ($2 > max) max = $2; n++; sum += $2 }
  END { if (n == 0) { print "No sample after the first minute (SOAK too short)"; exit }
        printf "RSS after the first minute: min %d MB, max %d MB, mean %.0f MB (spread %+.1f%% / %+.1f%% of the mean)\n",
        min, max, sum / n, 100 * (min - sum / n) / (sum / n), 100 * (max - sum / n) / (sum / n) }' "$OUT/soak.tsv"
