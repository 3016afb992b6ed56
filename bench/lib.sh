# Shared by the benchmark scripts: tools, the runnable jar, nginx, and wrk's latency figures.
# Sourced from the repository root. BENCH and OUT default to this directory and its out/, so that the
# functions work when the file is sourced by hand too (unset, start_nginx copied a config from "/").
BENCH=${BENCH:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
OUT=${OUT:-$BENCH/out}

ensure_tools() {
  for tool in nginx wrk; do
    if ! command -v $tool >/dev/null; then
      echo "Installing $tool (Debian package)"; apt-get install -y -qq nginx-light wrk >/dev/null
    fi
  done
}

runnable_jar() {
  local jar
  jar=$(ls bootstrap/target/bootstrap-*-all.jar 2>/dev/null | head -1 || true)
  if [ -z "$jar" ]; then ./mvnw -q -B -DskipTests package; jar=$(ls bootstrap/target/bootstrap-*-all.jar | head -1); fi
  echo "$jar"
}

start_nginx() { # out-dir
  mkdir -p "$1/nginx/tmp"
  cp "$BENCH/nginx.conf" "$1/nginx/nginx.conf" || return 1
  nginx -p "$1/nginx" -c nginx.conf
}

stop_nginx() { # out-dir
  [ -f "$1/nginx/nginx.pid" ] && kill "$(cat "$1/nginx/nginx.pid")" 2>/dev/null || true
}

to_ms() { # wrk latency (e.g. 85.00us, 1.20ms, 2.1s) -> milliseconds
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.3f", n }'
}

# The README's run command's JVM options and environment (its first code block), so that the kit measures
# what a newcomer runs: exports the variables the command sets before `java`, and sets JAVA_OPTS to its
# options unless the caller gave JAVA_OPTS.
readme_java_opts() {
  local line
  line=$(awk '/^```bash/ {on=1; next} on && / java / {print; exit}' README.md)
  line=${line#*&& }
  for word in ${line%% java *}; do export "${word?}"; done
  JAVA_OPTS=${JAVA_OPTS:-$(echo "$line" | sed -e 's/.* java //' -e 's/ -jar .*//')}
}

# start_sluice NAME [VAR=value ...]: Sluice from $JAR with $JAVA_OPTS (run by $JAVA, `java` unless set) on $GATEWAY_PORT, the kit's admin token,
# a fresh data directory $OUT/NAME-data and the given environment; its output in $OUT/NAME-sluice.log. Waits
# until it is healthy; sets SLUICE_PID.
start_sluice() {
  local name=$1; shift
  rm -rf "$OUT/$name-data"
  env SLUICE_DATA_DIR="$OUT/$name-data" SLUICE_ADMIN_TOKEN=bench MICRONAUT_SERVER_PORT="$GATEWAY_PORT" "$@" \
    "${JAVA:-java}" $JAVA_OPTS -jar "$JAR" > "$OUT/$name-sluice.log" 2>&1 &
  SLUICE_PID=$!
  for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$GATEWAY_PORT/health" >/dev/null && break; sleep 0.5; done
}

# A new token of the default gateway (authenticated in bench/all-on.yml), printed.
gateway_token() {
  curl -sf -X POST -H 'Authorization: Bearer bench' -H 'content-type: application/json' -d '{"name":"bench"}' \
    "http://127.0.0.1:$GATEWAY_PORT/client/v4/accounts/local/ai-gateway/gateways/default/tokens" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"]["token"])'
}

# jars_alternated ROUNDS JAR...: a line "round<TAB>jar" (the jar's absolute path) for each round and jar, the
# jars in the order given on odd rounds and reversed on even ones, so that no build always runs first on a
# machine that drifts. Read it on a descriptor of its own: `while IFS=$'\t' read -r round JAR <&3; do …; done
# 3< <(jars_alternated "$ROUNDS" "$@")`.
jars_alternated() {
  local rounds=$1 round jar
  shift
  local jars=()
  for jar in "$@"; do jars+=("$(realpath "$jar")"); done
  for round in $(seq 1 "$rounds"); do
    in_round_order "$round" "${jars[@]}" | while IFS= read -r jar; do printf '%s\t%s\n' "$round" "$jar"; done
  done
}

# in_round_order ROUND ITEM...: the items one a line, in the order given on odd rounds and reversed on even ones.
in_round_order() {
  local round=$1 i
  shift
  if [ $((round % 2)) -eq 1 ]; then
    printf '%s\n' "$@"
  else
    for ((i = $#; i >= 1; i--)); do printf '%s\n' "${!i}"; done
  fi
}

# stream_upstream DELAY_MS CHUNKS GAP_MS: (re)starts bench/SlowUpstream.java from $JAR on $UPSTREAM_PORT, streaming its
# first event after DELAY_MS and CHUNKS more GAP_MS apart (bench/stream.sh, bench/stream-capture.sh); sets UPSTREAM_PID.
stream_upstream() {
  [ -n "${UPSTREAM_PID:-}" ] && kill "$UPSTREAM_PID" 2>/dev/null && wait "$UPSTREAM_PID" 2>/dev/null || true
  java -cp "$JAR" "$BENCH/SlowUpstream.java" $UPSTREAM_PORT "$1" 1 "$2" "$3" > "$OUT/stream-upstream.log" 2>&1 &
  UPSTREAM_PID=$!
  for _ in $(seq 1 40); do curl -s -o /dev/null "http://127.0.0.1:$UPSTREAM_PORT/" && break; sleep 0.25; done
}

# wrk_point URL CONNECTIONS [DURATION]: wrk with bench/chat.lua for DURATION ($DURATION unless given; one thread at one
# connection, as wrk requires), printed as "req/s p50-ms p99-ms errors" (non-2xx answers and socket errors). Its output
# stays in $OUT/wrk-point.txt.
wrk_point() {
  local threads; threads=$([ "$2" -eq 1 ] && echo 1 || echo 2)
  wrk -t"$threads" -c"$2" -d"${3:-$DURATION}" --timeout 10s --latency -s "$BENCH/chat.lua" "$1" > "$OUT/wrk-point.txt"
  echo "$(awk '/Requests\/sec/ {print $2}' "$OUT/wrk-point.txt")" \
    "$(to_ms "$(awk '$1=="50%" {print $2}' "$OUT/wrk-point.txt")")" \
    "$(to_ms "$(awk '$1=="99%" {print $2}' "$OUT/wrk-point.txt")")" \
    "$(awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(",", ""); n+=$4+$6+$8+$10} END {print n+0}' "$OUT/wrk-point.txt")"
}

# start_bare PORT UPSTREAM_PORT NAME: bench/bare-proxy (Micronaut with no gateway: the framework's own share) with
# $JAVA_OPTS on PORT, forwarding /proxy to UPSTREAM_PORT's /v1/chat/completions; built first (quick when nothing
# changed: an older jar ignores the upstream port and calls nginx), its output in $OUT/NAME-bare.log. Waits until it
# answers; sets BARE_PID.
start_bare() {
  (cd "$BENCH/bare-proxy" && ../../mvnw -q -B package -DskipTests)
  MICRONAUT_SERVER_PORT=$1 java $JAVA_OPTS -Dbare.upstream-port="$2" -jar "$BENCH/bare-proxy/target/bare-1.jar" \
    > "$OUT/$3-bare.log" 2>&1 &
  BARE_PID=$!
  for _ in $(seq 1 60); do curl -s -o /dev/null -X POST -d '{}' "http://127.0.0.1:$1/proxy" && break; sleep 0.5; done
}
