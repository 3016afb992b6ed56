#!/usr/bin/env bash
# The framework's ceiling beside Sluice's figures (issue 18): bench/bare-proxy, a Micronaut application with
# Sluice's version, transport and client pool and no gateway (ProxyHttpClient straight to the upstream), run
# with the README's JVM options, measured in the same rounds as Sluice with everything on (bench/all-on.yml)
# and with logging off too (bench/logs-off.yml), against the same nginx (items 1 and 2: CONNS) and the same
# 20 ms upstream (item 3: SLOW_CONNS). The variants run in the order given on odd rounds and reversed on even
# ones. Each line: req/s, the ratio to the same round's direct figure, p50 and p99 and what each adds to
# direct's. Writes bench/out/ceiling.tsv.
#
#   ROUNDS=3 bench/ceiling.sh
#   ROUNDS=2 CONNS="1 64" SLOW_CONNS=1024 DURATION=15s bench/ceiling.sh [sluice jar]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$BENCH/.."
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-1 16 64}
SLOW_CONNS=${SLOW_CONNS:-256 1024}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-30s}
DELAY_MS=20
GATEWAY_PORT=18081
BARE_PORT=18090
UPSTREAM_PORT=18093
readme_java_opts
ensure_tools
JAR=$(realpath "${1:-$(runnable_jar)}")
mkdir -p "$OUT"
ulimit -n "$(ulimit -Hn)"
cleanup() {
  [ -n "${SLUICE_PID:-}" ] && kill -9 "$SLUICE_PID" 2>/dev/null || true
  [ -n "${BARE_PID:-}" ] && kill -9 "$BARE_PID" 2>/dev/null || true
  [ -n "${UPSTREAM_PID:-}" ] && kill "$UPSTREAM_PID" 2>/dev/null || true
  stop_nginx "$OUT"
}
trap cleanup EXIT
start_nginx "$OUT"
java -cp "$JAR" "$BENCH/SlowUpstream.java" $UPSTREAM_PORT $DELAY_MS > "$OUT/ceiling-upstream.log" 2>&1 &
UPSTREAM_PID=$!
for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$UPSTREAM_PORT/" && break; sleep 0.5; done

# start VARIANT UPSTREAM: the variant's process towards nginx (fast) or the 20 ms upstream (slow), warmed; sets URL.
start() {
  local upstream_port=$([ "$2" = slow ] && echo $UPSTREAM_PORT || echo 18080)
  GATEWAY_TOKEN=
  if [ "$1" = bare ]; then
    start_bare $BARE_PORT "$upstream_port" ceiling
    URL=http://127.0.0.1:$BARE_PORT/proxy
  else
    local configs=$BENCH/all-on.yml
    [ "$1" = nolog ] && configs=$BENCH/logs-off.yml,$configs
    start_sluice ceiling SLUICE_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:$upstream_port/v1 \
      MICRONAUT_CONFIG_FILES="$configs"
    GATEWAY_TOKEN=$(gateway_token)
    URL=http://127.0.0.1:$GATEWAY_PORT/v1/local/default/openai/v1/chat/completions
  fi
  export GATEWAY_TOKEN
  wrk -t2 -c32 -d"$WARMUP" -s "$BENCH/chat.lua" "$URL" > /dev/null
  [ "$2" = slow ] && wrk -t2 -c256 -d10s -s "$BENCH/chat.lua" "$URL" > /dev/null
  return 0
}

stop() {
  local pid=${SLUICE_PID:-${BARE_PID:-}}
  kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
  SLUICE_PID=; BARE_PID=
}

rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/${SLUICE_PID:-$BARE_PID}/status"; }

line() { # round upstream variant connections "direct point" "variant point"
  read -r drps d50 d99 _ <<< "$5"
  read -r grps g50 g99 gerr <<< "$6"
  awk -v r="$1" -v u="$2" -v n="$3" -v c="$4" -v dr="$drps" -v d50="$d50" -v d99="$d99" -v gr="$grps" -v g50="$g50" \
    -v g99="$g99" -v e="$gerr" -v rss="$(rss)" 'BEGIN { printf "%s\t%s\t%s\t%s\t%.0f\t%.1f%%\t%.3f\t%.3f\t%.3f\t%.3f\t%d\t%s\n",
      r, u, n, c, gr, (dr > 0 ? 100 * gr / dr : 0), g50, g50 - d50, g99, g99 - d99, e, rss }' | tee -a "$OUT/ceiling.tsv"
}

printf 'round\tupstream\tvariant\tconnections\treq/s\tof direct\tp50 ms\tadded p50\tp99 ms\tadded p99\terrors\tRSS MB\n' \
  | tee "$OUT/ceiling.tsv"
for round in $(seq 1 "$ROUNDS"); do
  declare -A direct=()
  for c in $CONNS; do direct[fast$c]=$(GATEWAY_TOKEN= wrk_point http://127.0.0.1:18080/v1/chat/completions "$c"); done
  for c in $SLOW_CONNS; do direct[slow$c]=$(GATEWAY_TOKEN= wrk_point "http://127.0.0.1:$UPSTREAM_PORT/v1/chat/completions" "$c"); done
  while IFS= read -r variant; do
    for upstream in fast slow; do
      conns=$([ $upstream = fast ] && echo "$CONNS" || echo "$SLOW_CONNS")
      [ -z "$conns" ] && continue
      [ "$variant" = nolog ] && [ $upstream = slow ] && continue
      start "$variant" $upstream
      for c in $conns; do line "$round" $upstream "$variant" "$c" "${direct[$upstream$c]}" "$(wrk_point "$URL" "$c")"; done
      stop
    done
  done < <(in_round_order "$round" bare sluice nolog)
done
