#!/usr/bin/env bash
# Streaming through Sluice (issue 18): an upstream (bench/SlowUpstream.java) that sends its first event
# after DELAY_MS and then CHUNKS more GAP_MS apart, as OpenAI and as Anthropic stream; the time to the
# first body byte and the gaps between events, as a client sees them (bench/StreamTiming.java, N sequential
# requests on one connection), straight to the upstream and through Sluice (everything on: bench/all-on.yml)
# — provider-native OpenAI and Anthropic, and /compat translating OpenAI's format to Anthropic's stream — and
# through bench/bare-proxy (Micronaut with no gateway, the README's JVM options): the framework's own share.
# Writes bench/out/stream.md.
#
#   bench/stream.sh
#   N=300 DELAY_MS=0 bench/stream.sh
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
N=${N:-200}
DELAY_MS=${DELAY_MS:-20}
CHUNKS=${CHUNKS:-10}
GAP_MS=${GAP_MS:-20}
GATEWAY_PORT=18081
UPSTREAM_PORT=18092
source "$BENCH/lib.sh"
readme_java_opts
JAR=$(runnable_jar)
mkdir -p "$OUT"
BARE_PORT=18090
cleanup() {
  [ -n "${SLUICE_PID:-}" ] && kill -9 "$SLUICE_PID" 2>/dev/null || true
  [ -n "${BARE_PID:-}" ] && kill -9 "$BARE_PID" 2>/dev/null || true
  [ -n "${UPSTREAM_PID:-}" ] && kill "$UPSTREAM_PID" 2>/dev/null || true
}
trap cleanup EXIT

# First an upstream that streams at once, so that the warm-up below runs the streaming paths thousands of
# times (the JIT compiles them); then the measured one.
stream_upstream 0 "$CHUNKS" 0
start_sluice stream SLUICE_PROVIDERS_OPENAI_BASE_URL=http://127.0.0.1:$UPSTREAM_PORT/v1 \
  SLUICE_PROVIDERS_ANTHROPIC_BASE_URL=http://127.0.0.1:$UPSTREAM_PORT MICRONAUT_CONFIG_FILES="$BENCH/all-on.yml"
TOKEN=$(gateway_token)
start_bare $BARE_PORT $UPSTREAM_PORT stream
BARE=http://127.0.0.1:$BARE_PORT/proxy

GW=http://127.0.0.1:$GATEWAY_PORT/v1/local/default
UP=http://127.0.0.1:$UPSTREAM_PORT
OPENAI='{"model":"gpt-4o-mini","stream":true,"messages":[{"role":"user","content":"Say hello."}]}'
ANTHROPIC='{"model":"claude-sonnet-4-5","max_tokens":256,"stream":true,"messages":[{"role":"user","content":"Say hello."}]}'
COMPAT='{"model":"anthropic/claude-sonnet-4-5","stream":true,"messages":[{"role":"user","content":"Say hello."}]}'
timing() { java "$BENCH/StreamTiming.java" "$@"; }
KEY="authorization: Bearer sk-bench"
AUTH="cf-aig-authorization: Bearer $TOKEN"

# Warm the JIT on every gateway path (the timings of these runs are not kept).
for _ in 1 2 3; do
  timing "$GW/openai/v1/chat/completions" "$OPENAI" 3000 "$KEY" "$AUTH" > /dev/null
  timing "$GW/anthropic/v1/messages" "$ANTHROPIC" 3000 "x-api-key: sk-bench" "$AUTH" > /dev/null
  timing "$GW/compat/chat/completions" "$COMPAT" 3000 "$KEY" "$AUTH" > /dev/null
  timing "$BARE" "$OPENAI" 3000 "$KEY" > /dev/null
done
stream_upstream "$DELAY_MS" "$CHUNKS" "$GAP_MS"

row() { # label direct-url gateway-url body headers...
  local label=$1 direct=$2 gateway=$3 body=$4; shift 4
  read -r d50 d90 dg50 dg99 dev <<< "$(timing "$direct" "$body" "$N" "$@")"
  read -r g50 g90 gg50 gg99 gev <<< "$(timing "$gateway" "$body" "$N" "$@" "$AUTH")"
  awk -v l="$label" -v d50="$d50" -v g50="$g50" -v d90="$d90" -v g90="$g90" -v dg50="$dg50" -v gg50="$gg50" \
    -v dg99="$dg99" -v gg99="$gg99" -v dev="$dev" -v gev="$gev" 'BEGIN {
      printf "| %s | %.3f ms | %.3f ms | %+.3f ms | %.3f / %.3f ms | %.3f / %.3f ms | %.3f / %.3f ms | %s / %s |\n",
        l, d50, g50, g50 - d50, d90, g90, dg50, gg50, dg99, gg99, dev, gev }'
}
{
  echo "# Streaming $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo
  echo "$N sequential streamed requests per row on one connection; the upstream's first event after $DELAY_MS ms, then $CHUNKS content events $GAP_MS ms apart; JAVA_OPTS=\`$JAVA_OPTS\`; everything on."
  echo
  echo "| path | direct first byte p50 | through the proxy p50 | added | p90 direct / proxy | gap p50 direct / proxy | gap p99 direct / proxy | events per answer |"
  echo "|---|---|---|---|---|---|---|---|"
  row "OpenAI, provider-native" "$UP/v1/chat/completions" "$GW/openai/v1/chat/completions" "$OPENAI" "$KEY"
  row "OpenAI, bare Micronaut proxy (no gateway)" "$UP/v1/chat/completions" "$BARE" "$OPENAI" "$KEY"
  row "Anthropic, provider-native" "$UP/v1/messages" "$GW/anthropic/v1/messages" "$ANTHROPIC" "x-api-key: sk-bench"
  # /compat: the direct figure is Anthropic's own stream (what /compat translates); the body differs by design.
  read -r d50 d90 dg50 dg99 dev <<< "$(timing "$UP/v1/messages" "$ANTHROPIC" "$N" "x-api-key: sk-bench")"
  read -r g50 g90 gg50 gg99 gev <<< "$(timing "$GW/compat/chat/completions" "$COMPAT" "$N" "$KEY" "$AUTH")"
  awk -v d50="$d50" -v g50="$g50" -v d90="$d90" -v g90="$g90" -v dg50="$dg50" -v gg50="$gg50" -v dg99="$dg99" \
    -v gg99="$gg99" -v dev="$dev" -v gev="$gev" 'BEGIN {
      printf "| /compat → Anthropic, translated | %.3f ms | %.3f ms | %+.3f ms | %.3f / %.3f ms | %.3f / %.3f ms | %.3f / %.3f ms | %s / %s |\n",
        d50, g50, g50 - d50, d90, g90, dg50, gg50, dg99, gg99, dev, gev }'
} > "$OUT/stream.md"
cat "$OUT/stream.md"
