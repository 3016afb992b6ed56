#!/usr/bin/env bash
# Where the time Sluice adds to a stream's first byte goes (issue 18, item 4): the set-up of bench/stream.sh
# (bench/SlowUpstream.java, everything on, the same warm-up), then N streamed requests per path with tcpdump
# on loopback, read by bench/stream_capture.py into the request path (client -> upstream) and the answer path
# (upstream -> client) by the packets' timestamps. With perf (Debian's linux-perf), also the context switches
# and CPU time of Sluice's threads and of the upstream's over the same requests, to tell what a wake-up costs
# this machine from what Sluice does. Run as root (tcpdump). Writes bench/out/stream-capture.md.
#
#   bench/stream-capture.sh
#   N=200 bench/stream-capture.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
N=${N:-100}
GATEWAY_PORT=18081
UPSTREAM_PORT=18092
source "$BENCH/lib.sh"
readme_java_opts
JAR=$(runnable_jar)
mkdir -p "$OUT"
command -v tcpdump >/dev/null || apt-get install -y -qq tcpdump >/dev/null
cleanup() {
  [ -n "${SLUICE_PID:-}" ] && kill -9 "$SLUICE_PID" 2>/dev/null || true
  [ -n "${UPSTREAM_PID:-}" ] && kill "$UPSTREAM_PID" 2>/dev/null || true
}
trap cleanup EXIT

stream_upstream 0 10 0
start_sluice capture SLUICE_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:$UPSTREAM_PORT/v1 \
  SLUICE_PROVIDERS_ANTHROPIC_BASE_URL=http://127.0.0.1:$UPSTREAM_PORT MICRONAUT_CONFIG_FILES="$BENCH/all-on.yml"
TOKEN=$(gateway_token)
GW=http://127.0.0.1:$GATEWAY_PORT/v1/local/default
KEY="authorization: Bearer sk-bench"
AUTH="cf-aig-authorization: Bearer $TOKEN"
timing() { java "$BENCH/StreamTiming.java" "$@"; }
path() { # name: the gateway URL, the body and the provider's key header of one path
  case $1 in
    openai) echo "$GW/openai/v1/chat/completions|{\"model\":\"gpt-4o-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}|$KEY" ;;
    anthropic) echo "$GW/anthropic/v1/messages|{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":256,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}|x-api-key: sk-bench" ;;
    compat) echo "$GW/compat/chat/completions|{\"model\":\"anthropic/claude-sonnet-4-5\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hello.\"}]}|$KEY" ;;
  esac
}
run() { # name count
  IFS='|' read -r url body key <<< "$(path "$1")"
  timing "$url" "$body" "$2" "$key" "$AUTH"
}
for _ in 1 2 3; do for p in openai anthropic compat; do run $p 3000 > /dev/null; done; done
stream_upstream 20 10 20

PERF=$(command -v perf || true)
{
  echo "# Stream capture $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$N sequential streamed requests per path on one connection; the upstream's first event after 20 ms, then 10 more 20 ms apart; JAVA_OPTS=\`$JAVA_OPTS\`; everything on."
  echo
  for p in openai anthropic compat; do
    tcpdump -i lo -n -w "$OUT/capture-$p.pcap" "tcp port $GATEWAY_PORT or tcp port $UPSTREAM_PORT" 2>/dev/null &
    DUMP=$!
    if [ -n "$PERF" ]; then
      $PERF stat -e task-clock,context-switches -p "$SLUICE_PID" --per-thread -o "$OUT/capture-$p.sluice" &
      STAT_SLUICE=$!
      $PERF stat -e task-clock,context-switches -p "$UPSTREAM_PID" --per-thread -o "$OUT/capture-$p.upstream" &
      STAT_UPSTREAM=$!
    fi
    sleep 1
    echo "- $p, as the client saw it (first byte p50 p90, gap p50 p99, events): $(run $p "$N")"
    [ -n "$PERF" ] && kill -INT "$STAT_SLUICE" "$STAT_UPSTREAM" && wait "$STAT_SLUICE" "$STAT_UPSTREAM" 2>/dev/null || true
    sleep 0.5
    kill "$DUMP"; wait "$DUMP" 2>/dev/null || true
    echo "- $p, on the wire: $(python3 "$BENCH/stream_capture.py" $GATEWAY_PORT $UPSTREAM_PORT "$OUT/capture-$p.pcap")"
    if [ -n "$PERF" ]; then
      for side in sluice upstream; do
        # the busiest thread (the connection's event loop): its CPU per context switch, i.e. per wake-up
        awk -v side="$side" '{ for (i = 2; i <= NF; i++) if ($i == "msec" || $i == "context-switches") break
            if (i > NF) next; name = $1; for (j = 2; j < i - 1; j++) name = name "_" $j
            if ($i == "msec") ms[name] = $(i - 1) + 0; else cs[name] = $(i - 1) + 0 }
          END {best = ""; for (t in ms) if (best == "" || ms[t] > ms[best]) best = t
               printf "- %s busiest thread %s: %.1f ms CPU, %d wake-ups, %.0f µs each\n", side, best, ms[best], cs[best],
                 cs[best] ? 1000 * ms[best] / cs[best] : 0 }' "$OUT/capture-$p.$side"
      done
    fi
  done
} | tee "$OUT/stream-capture.md"
