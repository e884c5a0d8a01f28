#!/usr/bin/env bash
# Steady state of a real Spring Boot 4 application (test-apps/spring-boot-mvc: Thymeleaf pages and JSON endpoints
# over Spring Data JPA, Hikari, H2) with no agent, tracer.jar and the OpenTelemetry Java agent running side by side,
# loaded at the same time (so the shared machine's drift lands on every mode alike): CPU per request, p50/p99 and
# throughput per round, spans received and dropped, heap after a full GC, RSS and Native Memory Tracking. Writes
# benchmarks/results/steady-state.md. Extra key=value arguments go to SideBySide (warmup=60 rounds=5 window=20
# concurrency=4 xmx=512m beforeJar=<another tracer.jar> paths=... note=... out=...); TRACER_JAR=... measures another
# tracer.jar; SKIP_BUILD=1 reuses what is built. A quick check of the script: warmup=10 rounds=2 window=5 out=
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q package -DskipTests -pl agent,test-apps/spring-boot-mvc,benchmarks/overhead -am
fi
target=benchmarks/overhead/target
exec java -cp "$target/classes" dev.tracer.benchmarks.overhead.SideBySide \
  tracerJar="${TRACER_JAR:-$root/agent/target/tracer.jar}" \
  otelJar="$target/agents/opentelemetry-javaagent.jar" \
  appJar="$root/test-apps/spring-boot-mvc/target/spring-boot-mvc.jar" \
  logs="$target/steady-logs" \
  out="benchmarks/results/steady-state.md" \
  "$@"
