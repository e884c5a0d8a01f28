#!/usr/bin/env bash
# The benchmark command: JMH for the span pipeline and the export path (benchmarks/results/pipeline.md) and a
# Prometheus scrape (benchmarks/results/scrape.md), then
# the overhead harness (benchmarks/results/overhead.md). `run.sh jmh` or `run.sh overhead [key=value...]` runs
# one part. About 10 minutes on 2 cores. SKIP_BUILD=1 reuses what is built. `run.sh soak [seconds] [period]`
# runs the reliability soak alone (10 minutes by default; not part of `all`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
part="${1:-all}"
[[ $# -gt 0 ]] && shift
if [[ "${SKIP_BUILD:-}" != 1 ]]; then
  mvn -B -q package -DskipTests -pl agent,examples/app,benchmarks/jmh,benchmarks/overhead,benchmarks/soak -am
fi
if [[ "$part" == all || "$part" == jmh ]]; then
  jmh=benchmarks/jmh/target
  java -cp "$jmh/classes:$(cat "$jmh/classpath.txt")" dev.tracer.benchmarks.BenchmarkMain benchmarks/results/pipeline.md
  java -cp "$jmh/classes:$(cat "$jmh/classpath.txt")" dev.tracer.benchmarks.ScrapeBenchmark benchmarks/results/scrape.md
fi
if [[ "$part" == all || "$part" == overhead ]]; then
  SKIP_BUILD=1 benchmarks/overhead/run.sh "$@"
fi
if [[ "$part" == soak ]]; then
  soak=benchmarks/soak/target
  java -Dtracer.jar="$root/agent/target/tracer.jar" -cp "$soak/classes:$(cat "$soak/classpath.txt")" \
    dev.tracer.benchmarks.soak.SoakMain "$@"
fi
