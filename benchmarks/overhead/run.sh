#!/usr/bin/env bash
# The overhead harness: builds tracer.jar and the example application, then runs its two services with no
# agent, tracer.jar, the OpenTelemetry Java agent and TRACER_ENABLED=false, interleaved, and writes
# benchmarks/results/overhead.md. Extra key=value arguments go to the harness (launches=3 warmup=60 window=5 windows=8
# concurrency=8 modes=none,tracer,otel,disabled; also before, tracer-metrics, tracer-metrics-noruntime; out=...);
# TRACER_JAR=... measures another tracer.jar; SKIP_BUILD=1 reuses what is built.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q package -DskipTests -pl agent,examples/app,benchmarks/overhead -am
fi
target=benchmarks/overhead/target
exec java -cp "$target/classes" dev.tracer.benchmarks.overhead.Harness \
  tracerJar="${TRACER_JAR:-$root/agent/target/tracer.jar}" \
  otelJar="$target/agents/opentelemetry-javaagent.jar" \
  appJar="$root/examples/app/target/example-app.jar" \
  logs="$target/overhead-logs" \
  out="benchmarks/results/overhead.md" \
  "$@"
