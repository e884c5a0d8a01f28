#!/usr/bin/env bash
# Start-up of a real Spring Boot executable jar (test-apps/spring-boot-mvc: Boot 4, Tomcat, Spring MVC, Thymeleaf, Spring
# Data JPA, Hikari, H2) with no agent, tracer.jar and the OpenTelemetry Java agent, launches taken in turn
# across modes: wall time from launch to the first HTTP answer, and the CPU seconds the JVM used until then
# (less sensitive than wall time to a busy machine), as medians and launch by launch against no agent's launch of the
# same round. Writes benchmarks/results/boot-startup.md.
# Usage: benchmarks/boot-startup.sh [launches]   (default 5; SKIP_BUILD=1 reuses what is built; BEFORE_JAR=<another
# tracer.jar>, say of an earlier commit, adds the mode "before" for a before/after in the same run)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
launches="${1:-5}"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q package -DskipTests -pl agent,test-apps/spring-boot-mvc,benchmarks/overhead -am
fi
app="$root/test-apps/spring-boot-mvc/target/spring-boot-mvc.jar"
declare -A agent=([none]="" [tracer]="-javaagent:$root/agent/target/tracer.jar"
  [otel]="-javaagent:$root/benchmarks/overhead/target/agents/opentelemetry-javaagent.jar")
modes=(none tracer otel)
if [[ -n "${BEFORE_JAR:-}" ]]; then
  agent[before]="-javaagent:$BEFORE_JAR"
  modes=(none before tracer otel)
fi
tick=$(getconf CLK_TCK)
out=benchmarks/results/boot-startup.md
declare -A walls cpus
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((i = 1; i <= launches; i++)); do
  for mode in "${modes[@]}"; do
    port=$((20000 + RANDOM % 20000))
    start=$(date +%s%N)
    # traces only for both agents, exported nowhere: start-up is what is measured
    TRACER_EXPORTER=none OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none \
      java -Xms256m -Xmx256m ${agent[$mode]} -jar "$app" --server.port=$port >/tmp/boot-startup-$mode.log 2>&1 &
    pid=$!
    until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
      kill -0 $pid 2>/dev/null || { echo "$mode exited during start-up, see /tmp/boot-startup-$mode.log"; exit 1; }
      sleep 0.05
    done
    wall=$((($(date +%s%N) - start) / 1000000))
    read -r -a stat < /proc/$pid/stat
    cpu=$(awk -v u="${stat[13]}" -v s="${stat[14]}" -v t="$tick" 'BEGIN { printf "%.2f", (u + s) / t }')
    kill $pid; wait $pid 2>/dev/null || true
    walls[$mode]+="$wall "; cpus[$mode]+="$cpu "
    printf 'launch %d/%d %-7s %6d ms  %5s CPU s\n' "$i" "$launches" "$mode" "$wall" "$cpu"
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2)}'; }
# launch i of one mode minus launch i of another: both ran in the same round, so the machine's drift cancels out
paired() { paste -d' ' <(tr ' ' '\n' <<< "$1" | grep -v '^$') <(tr ' ' '\n' <<< "$2" | grep -v '^$') | awk '{print $1 - $2}' | median; }
{
  echo "# Start-up of a Spring Boot 4 executable jar ($(date -u +%Y-%m-%d), $(nproc) cores, $launches launches per mode, medians)"
  echo
  echo "| mode | to first HTTP answer | CPU until then | added wall | added CPU | added wall, launch by launch | added CPU, launch by launch |"
  echo "|---|---|---|---|---|---|---|"
  base_wall=$(echo "${walls[none]}" | median); base_cpu=$(echo "${cpus[none]}" | median)
  for mode in "${modes[@]}"; do
    w=$(echo "${walls[$mode]}" | median); c=$(echo "${cpus[$mode]}" | median)
    pw=$(paired "${walls[$mode]}" "${walls[none]}"); pc=$(paired "${cpus[$mode]}" "${cpus[none]}")
    echo "| $mode | ${w} ms | ${c} s | $(awk -v a="$w" -v b="$base_wall" 'BEGIN{printf "%+d ms", a-b}') | $(awk -v a="$c" -v b="$base_cpu" 'BEGIN{printf "%+.2f s", a-b}') | $(awk -v d="$pw" 'BEGIN{printf "%+d ms", d}') | $(awk -v d="$pc" 'BEGIN{printf "%+.2f s", d}') |"
  done
  echo
  echo "Added: the mode's median minus no agent's. Launch by launch: the median of each launch minus no agent's launch"
  echo "of the same round, which the machine's drift between rounds does not move."
  if [[ -n "${BEFORE_JAR:-}" ]]; then
    awk -v w="$(paired "${walls[tracer]}" "${walls[before]}")" -v c="$(paired "${cpus[tracer]}" "${cpus[before]}")" \
      'BEGIN { printf "tracer − before, launch by launch: %+d ms, %+.2f CPU s.\n", w, c }'
  fi
  echo
  printf 'Raw (ms / CPU s per launch):'
  for mode in "${modes[@]}"; do printf ' %s %s/ %s;' "$mode" "${walls[$mode]}" "${cpus[$mode]}"; done
  echo
  [[ -n "${BEFORE_JAR:-}" ]] && echo "before: $BEFORE_JAR"
  echo "Load average before/after: $load_before / $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$out"
cat "$out"
