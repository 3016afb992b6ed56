# Shared by the benchmark scripts: tools, the runnable jar, nginx, and wrk's latency figures.
# Sourced from the repository root.

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
  cp "$BENCH/nginx.conf" "$1/nginx/nginx.conf"
  nginx -p "$1/nginx" -c nginx.conf
}

stop_nginx() { # out-dir
  [ -f "$1/nginx/nginx.pid" ] && kill "$(cat "$1/nginx/nginx.pid")" 2>/dev/null || true
}

to_ms() { # wrk latency (e.g. 85.00us, 1.20ms, 2.1s) -> milliseconds
  awk -v v="$1" 'BEGIN { n=v+0; if (v ~ /us$/) n/=1000; else if (v ~ /ms$/) n=n; else if (v ~ /s$/) n*=1000; printf "%.3f", n }'
}

# The README's run command's JVM options and environment (its first code block), so that the kit measures
# what a newcomer runs: sets README_JAVA_OPTS and exports the variables the command sets before `java`.
readme_java_opts() {
  local line
  line=$(awk '/^```bash/ {on=1; next} on && / java / {print; exit}' README.md)
  line=${line#*&& }
  for word in ${line%% java *}; do export "${word?}"; done
  README_JAVA_OPTS=$(echo "$line" | sed -e 's/.* java //' -e 's/ -jar .*//')
}
