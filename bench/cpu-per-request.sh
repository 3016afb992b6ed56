#!/usr/bin/env bash
# CPU time the Sluice process spends per proxied request with everything on (bench/all-on.yml: logging
# with bodies, authentication, the gateway's rate limit), utime+stime from /proc/<pid>/stat around a wrk
# run, after a JIT warm-up; Sluice started with the README's run command's options. On this shared
# two-core machine req/s swings by ±25% between identical runs (wrk, nginx and Sluice compete for the
# cores); CPU per request moves far less, so it is what tells two builds apart. Alternate them:
#
#   ROUNDS=3 bench/cpu-per-request.sh /tmp/before.jar bootstrap/target/bootstrap-0.1.0-SNAPSHOT-all.jar
#   CONNS=64 DURATION=20s WARMUP=30s ... as above
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
GATEWAY_PORT=18081
CONNS=${CONNS:-16}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-30s}
ROUNDS=${ROUNDS:-3}
[ $# -ge 1 ] || { echo "usage: bench/cpu-per-request.sh <jar> [jar ...]" >&2; exit 2; }
source "$BENCH/lib.sh"
readme_java_opts
ensure_tools
mkdir -p "$OUT"
trap 'kill "${SLUICE_PID:-}" 2>/dev/null || true; stop_nginx "$OUT"' EXIT
start_nginx "$OUT"
URL=http://127.0.0.1:$GATEWAY_PORT/v1/local/default/openai/v1/chat/completions
printf 'round\tjar\tconnections\treq/s\tCPU us per request\tof it the log writer\n'
while IFS=$'\t' read -r round JAR <&3; do
  start_sluice cpu SLUICE_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:18080/v1 MICRONAUT_CONFIG_FILES="$BENCH/all-on.yml"
  GATEWAY_TOKEN=$(gateway_token)
  export GATEWAY_TOKEN
  wrk -t2 -c64 -d"$WARMUP" -s "$BENCH/chat.lua" "$URL" > /dev/null
  sleep 2
  writer=$(grep -l '^sluice-log-writ' /proc/"$SLUICE_PID"/task/*/comm 2>/dev/null | head -1 || true)
  [ -n "$writer" ] || { echo "no log writer thread in Sluice ($JAR): is logging on?" >&2; exit 1; }
  writer=$(dirname "$writer")
  t0=$(awk '{print $14+$15}' /proc/"$SLUICE_PID"/stat); w0=$(awk '{print $14+$15}' "$writer"/stat)
  wrk -t"$([ "$CONNS" -eq 1 ] && echo 1 || echo 2)" -c"$CONNS" -d"$DURATION" -s "$BENCH/chat.lua" "$URL" > "$OUT/cpu-wrk.txt"
  sleep 1   # the writer stores what the run left in its queue
  t1=$(awk '{print $14+$15}' /proc/"$SLUICE_PID"/stat); w1=$(awk '{print $14+$15}' "$writer"/stat)
  if grep -q 'Non-2xx\|Socket errors' "$OUT/cpu-wrk.txt"; then
    echo "wrk saw errors through $JAR (see $OUT/cpu-wrk.txt): its CPU per request would mean nothing" >&2; exit 1
  fi
  n=$(awk '/requests in/ {print $1}' "$OUT/cpu-wrk.txt")
  rps=$(awk '/Requests\/sec/ {print $2}' "$OUT/cpu-wrk.txt")
  awk -v r="$round" -v j="$JAR" -v c="$CONNS" -v rps="$rps" -v a="$t0" -v b="$t1" -v wa="$w0" -v wb="$w1" -v n="$n" \
    -v t="$(getconf CLK_TCK)" 'BEGIN {printf "%d\t%s\t%d\t%.0f\t%.1f\t%.1f\n", r, j, c, rps, (b-a)/t*1e6/n, (wb-wa)/t*1e6/n}'
  kill "$SLUICE_PID"; wait "$SLUICE_PID" 2>/dev/null || true
done 3< <(jars_alternated "$ROUNDS" "$@")
