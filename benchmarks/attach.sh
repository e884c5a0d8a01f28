#!/usr/bin/env bash
# Attach to a running JVM: the example application (examples/app serve: Jetty, JDK HttpClient, H2, Logback) and
# the Spring Boot 4 jar of test-apps (Tomcat, Spring MVC, Hibernate, H2), each started WITHOUT the agent and warmed
# up by requests, then `java -jar tracer.jar attach <pid>`. Measured per launch: the attach command's wall time
# (its own JVM start included), the time from the attach command's start to the answer of the first request after
# it (that request is traced: its SERVER span is checked in the target's log), the agent's own "attached in" time,
# the CPU seconds the target spent during the attach, and how many loaded classes were instrumented.
# Writes benchmarks/results/attach.md.
# Usage: benchmarks/attach.sh [launches]   (default 5; SKIP_BUILD=1 reuses what is built)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
launches="${1:-5}"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q package -DskipTests -pl agent,examples/app,test-apps/spring-boot-mvc -am
fi
tracer="$root/agent/target/tracer.jar"
tick=$(getconf CLK_TCK)
out=benchmarks/results/attach.md
now_ms() { echo $(($(date +%s%N) / 1000000)); }
cpu_s() { read -r -a stat < "/proc/$1/stat"; awk -v u="${stat[13]}" -v s="${stat[14]}" -v t="$tick" 'BEGIN { printf "%.2f", (u + s) / t }'; }
declare -A commands firsts agents cpus classes

# one launch: $1 name, $2 URL path to request, $3... the application's command line
measure() {
  local name=$1 path=$2; shift 2
  local port=$((20000 + RANDOM % 20000)) log=/tmp/attach-bench-$name.log
  # the settings of the application's own environment must not decide: nothing TRACER_/OTEL_ in it
  env -u TRACER_EXPORTER "$@" $(if [[ $name == example ]]; then echo serve $port; else echo --server.port=$port; fi) >"$log" 2>&1 &
  local pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port$path"; do
    kill -0 $pid 2>/dev/null || { echo "$name exited during start-up, see $log"; exit 1; }
    sleep 0.1
  done
  for _ in 1 2 3 4 5; do curl -s -o /dev/null "http://127.0.0.1:$port$path"; done
  local cpu_before; cpu_before=$(cpu_s $pid)
  local start; start=$(now_ms)
  TRACER_EXPORTER=logging java -jar "$tracer" attach $pid >/dev/null
  local attached; attached=$(now_ms)
  curl -s -o /dev/null "http://127.0.0.1:$port$path"
  local first; first=$(now_ms)
  local cpu_after; cpu_after=$(cpu_s $pid)
  local deadline=$((first + 10000))
  until grep -q "span SERVER" "$log"; do
    (($(now_ms) < deadline)) || { echo "$name: the first request after attach was not traced, see $log"; exit 1; }
    sleep 0.1
  done
  local line; line=$(grep -m1 "\[tracer\] attached in" "$log")
  commands[$name]+="$((attached - start)) "; firsts[$name]+="$((first - start)) "
  agents[$name]+="$(sed -E 's/.*attached in ([0-9]+) ms.*/\1/' <<<"$line") "
  classes[$name]+="$(sed -E 's/.*instrumented: ([0-9]+).*/\1/' <<<"$line") "
  cpus[$name]+="$(awk -v a="$cpu_after" -v b="$cpu_before" 'BEGIN{printf "%.2f", a-b}') "
  printf '%-8s attach command %5d ms, first traced request answered %5d ms after the attach began\n' \
    "$name" "$((attached - start))" "$((first - start))"
  pkill -P $pid 2>/dev/null || true  # the example's back service
  kill $pid; wait $pid 2>/dev/null || true
}

for ((i = 1; i <= launches; i++)); do
  measure example /orders/2 java -Xms256m -Xmx256m -jar "$root/examples/app/target/example-app.jar"
  measure boot / java -Xms256m -Xmx256m -jar "$root/test-apps/spring-boot-mvc/target/spring-boot-mvc.jar"
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
{
  echo "# Attach to a running JVM ($(date -u +%Y-%m-%d), $(nproc) cores, $(java -version 2>&1 | head -1), $launches launches per application, medians)"
  echo
  echo "| application | attach command | attach to first traced request answered | agent's own start (target log) | target CPU during attach | loaded classes instrumented |"
  echo "|---|---|---|---|---|---|"
  for name in example boot; do
    echo "| $name | $(echo "${commands[$name]}" | median) ms | $(echo "${firsts[$name]}" | median) ms | $(echo "${agents[$name]}" | median) ms | $(echo "${cpus[$name]}" | median) s | $(echo "${classes[$name]}" | median) |"
  done
  echo
  echo "example: examples/app serve (front JVM only; Jetty 12, JDK HttpClient, Logback). boot: test-apps/spring-boot-mvc"
  echo "(Spring Boot 4, Tomcat 11, Spring MVC 7, Hibernate 7, H2). Both warmed up by 6 requests before the attach; the"
  echo "attach command includes its own JVM's start. Raw (ms): example ${firsts[example]}; boot ${firsts[boot]}"
} > "$out"
cat "$out"
