#!/usr/bin/env bash
# Open-loop latency (issue 18): closed-loop tools such as wrk send the next request only when the last
# one answered, so a stall delays the requests behind it without their being counted. Here h2load
# (Debian's nghttp2-client) sends at a fixed rate whatever the answers do: first wrk measures the gateway's
# capacity at 64 connections, then h2load sends half of it (RATE overrides) for SECONDS over 64
# connections, to nginx directly and through Sluice (everything on: bench/all-on.yml), and every
# request's time is read from h2load's log for p50/p99/p99.9. Writes bench/out/openloop.md.
#
#   bench/openloop.sh
#   RATE=6000 SECONDS_=60 bench/openloop.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
SECONDS_=${SECONDS_:-30}
GATEWAY_PORT=18081
UPSTREAM=http://127.0.0.1:18080
source "$BENCH/lib.sh"
readme_java_opts
ensure_tools
command -v h2load >/dev/null || { echo "Installing h2load (nghttp2-client)"; apt-get install -y -qq nghttp2-client >/dev/null; }
JAR=$(runnable_jar)
mkdir -p "$OUT"
cleanup() {
  [ -n "${SLUICE_PID:-}" ] && kill -9 "$SLUICE_PID" 2>/dev/null || true
  stop_nginx "$OUT"
}
trap cleanup EXIT
start_nginx "$OUT"

start_sluice openloop SLUICE_PROVIDERS_OPENAI_BASE_URL=$UPSTREAM/v1 MICRONAUT_CONFIG_FILES="$BENCH/all-on.yml"
GATEWAY_TOKEN=$(gateway_token)
export GATEWAY_TOKEN
GATEWAY=http://127.0.0.1:$GATEWAY_PORT/v1/local/default/openai/v1/chat/completions
DIRECT=$UPSTREAM/v1/chat/completions

wrk -t2 -c32 -d30s -s "$BENCH/chat.lua" "$GATEWAY" > /dev/null     # warm the JIT
if [ -z "${RATE:-}" ]; then
  CAPACITY=$(wrk -t2 -c64 -d10s -s "$BENCH/chat.lua" "$GATEWAY" | awk '/Requests\/sec/ {printf "%d", $2}')
  RATE=$(( CAPACITY / 2 ))
fi
PER_CLIENT=$(( (RATE + 63) / 64 ))
echo '{"model":"gpt-4o-mini","messages":[{"role":"user","content":"Say hello."}]}' > "$OUT/openloop-body.json"

open_loop() { # url extra-header... -> "sent ok p50 p99 p999 max" (milliseconds)
  local url=$1; shift
  rm -f "$OUT/openloop-times.log"
  h2load --h1 -c64 -t2 --rps="$PER_CLIENT" -D "$SECONDS_" -d "$OUT/openloop-body.json" \
    -H 'content-type: application/json' -H 'authorization: Bearer sk-bench' "$@" \
    --log-file="$OUT/openloop-times.log" "$url" > "$OUT/openloop-h2load.txt"
  # h2load's log: start time (µs since epoch), status, time to the whole answer (µs)
  sort -n -k3 "$OUT/openloop-times.log" | awk '{ t[NR] = $3; if ($2 == 200) ok++ }
    END { n = NR; printf "%d %d %.3f %.3f %.3f %.3f", n, ok, t[int(n*0.5)+1]/1000, t[int(n*0.99)+1]/1000,
          t[int(n*0.999)+1]/1000, t[n]/1000 }'
}

read -r dn dok d50 d99 d999 dmax <<< "$(open_loop "$DIRECT")"
read -r gn gok g50 g99 g999 gmax <<< "$(open_loop "$GATEWAY" -H "cf-aig-authorization: Bearer $GATEWAY_TOKEN")"
{
  echo "# Open-loop latency $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$RATE requests/s (${CAPACITY:+half of the $CAPACITY req/s the gateway served at 64 connections; }$PER_CLIENT/s on each of 64 connections) for $SECONDS_ s; JAVA_OPTS=\`$JAVA_OPTS\`; everything on."
  echo
  echo "| target | sent | 200 | p50 | p99 | p99.9 | max |"
  echo "|---|---|---|---|---|---|---|"
  echo "| nginx directly | $dn | $dok | $d50 ms | $d99 ms | $d999 ms | $dmax ms |"
  echo "| through Sluice | $gn | $gok | $g50 ms | $g99 ms | $g999 ms | $gmax ms |"
} > "$OUT/openloop.md"
cat "$OUT/openloop.md"
