#!/usr/bin/env bash
# Heap the Sluice process allocates per proxied request with everything on (bench/all-on.yml), read from
# the collector's own log: what each young collection found in the heap over the measured window (heap
# before it minus heap after the one before), divided by wrk's requests. Sluice runs with the README's
# options plus -Xlog:gc; the warm-up uses the measured concurrency, since what a request allocates depends
# on it (the log writer's batches are smaller at one connection). Fewer bytes per request means fewer young
# collections, each a pause every request in flight waits out (issue 18, items 2 and 3). Alternate builds:
#
#   ROUNDS=2 CONNS=64 bench/alloc-per-request.sh /tmp/before.jar bootstrap/target/bootstrap-0.1.0-SNAPSHOT-all.jar
#   CONNS=1 ... as above
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
GATEWAY_PORT=18081
CONNS=${CONNS:-64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-20s}
ROUNDS=${ROUNDS:-2}
[ $# -ge 1 ] || { echo "usage: bench/alloc-per-request.sh <jar> [jar ...]" >&2; exit 2; }
source "$BENCH/lib.sh"
readme_java_opts
ensure_tools
mkdir -p "$OUT"
trap 'kill "${SLUICE_PID:-}" 2>/dev/null || true; stop_nginx "$OUT"' EXIT
start_nginx "$OUT"
URL=http://127.0.0.1:$GATEWAY_PORT/v1/local/default/openai/v1/chat/completions
THREADS=$([ "$CONNS" -eq 1 ] && echo 1 || echo 2)
README_OPTS=$JAVA_OPTS
printf 'round\tjar\tconnections\treq/s\tKB per request\tyoung collections\tmean pause ms\n'
while IFS=$'\t' read -r round JAR <&3; do
  rm -f "$OUT/alloc-gc.log"
  JAVA_OPTS="$README_OPTS -Xlog:gc:file=$OUT/alloc-gc.log:timemillis" \
    start_sluice alloc SLUICE_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:18080/v1 MICRONAUT_CONFIG_FILES="$BENCH/all-on.yml"
  GATEWAY_TOKEN=$(gateway_token)
  export GATEWAY_TOKEN
  wrk -t"$THREADS" -c"$CONNS" -d"$WARMUP" -s "$BENCH/chat.lua" "$URL" > /dev/null
  t0=$(date +%s%3N)
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" -s "$BENCH/chat.lua" "$URL" > "$OUT/alloc-wrk.txt"
  t1=$(date +%s%3N)
  if grep -q 'Non-2xx\|Socket errors' "$OUT/alloc-wrk.txt"; then
    echo "wrk saw errors through $JAR (see $OUT/alloc-wrk.txt)" >&2; exit 1
  fi
  kill "$SLUICE_PID"; wait "$SLUICE_PID" 2>/dev/null || true
  python3 - "$OUT/alloc-gc.log" "$t0" "$t1" "$(awk '/requests in/ {print $1}' "$OUT/alloc-wrk.txt")" \
    "$round" "$JAR" "$CONNS" "$(awk '/Requests\/sec/ {print $2}' "$OUT/alloc-wrk.txt")" <<'PY'
import re, sys
log, t0, t1, requests = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
round_, jar, conns, rps = sys.argv[5:]
pause = re.compile(r'\[(\d+)ms\].*Pause Young.* (\d+)M->(\d+)M\(\d+M\) ([\d.]+)ms')
window = [(int(m[1]), int(m[2]), int(m[3]), float(m[4])) for m in map(pause.search, open(log))
          if m and t0 <= int(m[1]) <= t1]
if len(window) < 3:
    sys.exit(f"only {len(window)} young collections in the window: run longer (DURATION)")
# heap found at each collection minus heap left by the one before, between the window's first and last
allocated_mb = sum(window[i][1] - window[i - 1][2] for i in range(1, len(window)))
share = (window[-1][0] - window[0][0]) / (t1 - t0)
print(f"{round_}\t{jar}\t{conns}\t{float(rps):.0f}\t{allocated_mb * 1024 / (requests * share):.1f}"
      f"\t{len(window)}\t{sum(p[3] for p in window) / len(window):.2f}")
PY
done 3< <(jars_alternated "$ROUNDS" "$@")
