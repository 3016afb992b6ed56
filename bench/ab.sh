#!/usr/bin/env bash
# Alternates builds (or configurations) in one run against the same nginx upstream, so that a small
# difference is not lost in this machine's drift: for each round and each variant, start Sluice, warm it,
# then wrk at each concurrency through the gateway; nginx directly once per round for the ratio. The variants
# run in the order given on odd rounds and reversed on even ones.
# Prints one line per variant, round and concurrency; bench/out/ab.tsv keeps them.
#
#   ROUNDS=3 bench/ab.sh "base=/tmp/base.jar" "new=bootstrap/target/bootstrap-0.1.0-SNAPSHOT-all.jar"
#   A variant is name=jar[:config.yml[,more.yml]]; ALL_ON=1 adds bench/all-on.yml and sends a gateway token.
#   JAVA_OPTS, CONNS ("1 16 64"), DURATION (10s), WARMUP (30s: the JIT needs about that here) as in run.sh;
#   OPTS_<name> gives one variant its own JVM options (OPTS_g1="-XX:+UseG1GC -Xmx256m"), JAVA_<name> its own
#   java (JAVA_j25=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java); JAVA sets it for every variant.
#   METADATA_USERS=5000 has every request carry cf-aig-metadata with a team and a user id (bench/chat.lua).
set -euo pipefail
cd "$(dirname "$0")/.."
BENCH=$(pwd)/bench
OUT=$BENCH/out
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-1 16 64}
DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-30s}
GATEWAY_PORT=18081
UPSTREAM=http://127.0.0.1:18080
source "$BENCH/lib.sh"
readme_java_opts
ensure_tools
mkdir -p "$OUT"
cleanup() {
  [ -n "${SLUICE_PID:-}" ] && kill -9 "$SLUICE_PID" 2>/dev/null || true
  stop_nginx "$OUT"
}
trap cleanup EXIT
start_nginx "$OUT"
GATEWAY=http://127.0.0.1:$GATEWAY_PORT/v1/local/default/openai/v1/chat/completions

start_variant() { # name jar configs
  local opts_var="OPTS_$1"; local opts=${!opts_var:-$JAVA_OPTS}
  local java_var="JAVA_$1"; local java=${!java_var:-${JAVA:-java}}; shift
  local configs=$2
  [ "${ALL_ON:-0}" = 1 ] && configs="${configs:+$configs,}$BENCH/all-on.yml"
  JAR=$1 JAVA_OPTS=$opts JAVA=$java start_sluice ab SLUICE_PROVIDERS_OPENAI_BASE_URL=$UPSTREAM/v1 MICRONAUT_CONFIG_FILES="$configs"
  GATEWAY_TOKEN=
  if [ "${ALL_ON:-0}" = 1 ]; then
    GATEWAY_TOKEN=$(gateway_token)
  fi
  export GATEWAY_TOKEN
  wrk -t2 -c32 -d"$WARMUP" -s "$BENCH/chat.lua" "$GATEWAY" > /dev/null
}

rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$SLUICE_PID/status"; }
# The log writer's queue, its entries dropped so far and the requests held for it to catch up (the warm-up's
# included): logging must keep up.
writer() { curl -s "http://127.0.0.1:$GATEWAY_PORT/prometheus" \
  | awk '/^sluice_log_writer_queue / {q=$2} /^sluice_log_writer_dropped_total / {d=$2} /^sluice_log_writer_held_total / {h=$2}
         END {printf "%d\t%d\t%d", q, d, h}'; }

printf 'round\tvariant\tconnections\treq/s\tratio\tp50 ms\tadded p50 ms\tp99 ms\tadded p99 ms\tRSS MB\tlog queue\tlog dropped\theld\n' | tee "$OUT/ab.tsv"
for round in $(seq 1 "$ROUNDS"); do
  declare -A direct=()
  for c in $CONNS; do direct[$c]=$(GATEWAY_TOKEN= wrk_point "$UPSTREAM/v1/chat/completions" "$c" "$DURATION"); done
  # The variants in the order given on odd rounds and reversed on even ones, so that none always runs first after
  # nginx on a machine that drifts.
  mapfile -t variants < <(in_round_order "$round" "$@")
  for variant in "${variants[@]}"; do
    name=${variant%%=*}; spec=${variant#*=}; jar=${spec%%:*}; configs=$([ "$spec" != "$jar" ] && echo "${spec#*:}" || true)
    start_variant "$name" "$jar" "$configs"
    for c in $CONNS; do
      read -r grps g50 g99 gerr <<< "$(wrk_point "$GATEWAY" "$c" "$DURATION")"
      [ "$gerr" -gt 0 ] && echo "WARNING: $name c=$c: $gerr errors (non-2xx or socket)" >&2
      read -r drps d50 d99 _ <<< "${direct[$c]}"
      awk -v r="$round" -v n="$name" -v c="$c" -v gr="$grps" -v dr="$drps" -v g50="$g50" -v d50="$d50" -v g99="$g99" -v d99="$d99" -v rss="$(rss)" -v w="$(writer)" \
        'BEGIN { printf "%s\t%s\t%s\t%.0f\t%.1f%%\t%.3f\t%.3f\t%.3f\t%.3f\t%s\t%s\n", r, n, c, gr, 100*gr/dr, g50, g50-d50, g99, g99-d99, rss, w }' | tee -a "$OUT/ab.tsv"
    done
    kill -9 "$SLUICE_PID"; wait "$SLUICE_PID" 2>/dev/null || true; SLUICE_PID=
  done
done
