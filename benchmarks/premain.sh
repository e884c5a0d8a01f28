#!/usr/bin/env bash
# What premain costs the application's main thread: a class whose main prints the JVM's uptime is launched with no
# agent and under each given tracer.jar, in turn, N rounds; the uptime at main is the JVM's start plus premain.
# TRACER_EXPORTER=otlp to a closed local port (the production setting: spans and metrics over OTLP; nothing is
# exported, the exports at exit fail at once) unless EXPORTER=... says otherwise. Prints the median per jar and the
# median round-by-round difference against the first jar; appends them to benchmarks/results/premain.md.
# Usage: benchmarks/premain.sh [rounds] [tracer.jar ...]   (default 16 rounds, agent/target/tracer.jar)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
rounds="${1:-16}"
shift || true
jars=("$@"); [[ ${#jars[@]} -gt 0 ]] || jars=("$root/agent/target/tracer.jar")
exporter="${EXPORTER:-otlp}"
work=benchmarks/overhead/target/premain
mkdir -p "$work"
cat > "$work/Uptime.java" <<'EOF'
public class Uptime {
  public static void main(String[] args) {
    System.out.println(java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
  }
}
EOF
javac -d "$work" "$work/Uptime.java"
launch() { # jar or "none"
  if [[ $1 == none ]]; then
    java -cp "$work" Uptime 2>/dev/null
  else
    TRACER_EXPORTER=$exporter TRACER_OTLP_ENDPOINT=http://127.0.0.1:9 java -javaagent:"$1" -cp "$work" Uptime 2>/dev/null
  fi
}
samples="$work/samples.txt"
: > "$samples"
for ((r = 1; r <= rounds; r++)); do
  line=$(launch none)
  for jar in "${jars[@]}"; do line="$line $(launch "$jar")"; done
  echo "$line" >> "$samples"
done
summary=$(python3 - "$samples" "${jars[@]}" <<'EOF'
import statistics, sys
rows = [list(map(int, l.split())) for l in open(sys.argv[1])]
jars = sys.argv[2:]
print("| launched with | ms from JVM start to main, median | added to no agent | against the first jar, round by round |")
print("|---|---:|---:|---:|")
none = statistics.median(r[0] for r in rows)
print("| no agent | %d | | |" % none)
for i, jar in enumerate(jars, start=1):
    m = statistics.median(r[i] for r in rows)
    diff = "" if i == 1 else "%+d" % statistics.median(r[i] - r[1] for r in rows)
    print("| `%s` | %d | +%d | %s |" % (jar, m, m - none, diff))
EOF
)
echo "$summary"
{
  echo
  echo "## $(date -u +%Y-%m-%dT%H:%MZ), $rounds rounds, TRACER_EXPORTER=$exporter"
  echo
  echo "$summary"
} >> benchmarks/results/premain.md
