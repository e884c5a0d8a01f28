#!/usr/bin/env bash
# The version matrix: every instrumentation's tests on each library version the README claims, i.e. the
# module's default run plus its surefire executions named oldest/newest (or after the version) and its
# *-tests modules. `bash scripts/test.sh` runs all of it too; this runs only the instrumentations (no smoke
# tests), or only those whose folder starts with a name given: `bash scripts/test-matrix.sh okhttp jedis`.
# (kafka-clients 2.8 and 3.0 run in the smoke tests' KafkaChainSmokeTest, not here.)
set -euo pipefail
cd "$(dirname "$0")/.."
modules=()
for dir in instrumentations/*/; do
  dir=${dir%/}
  if [ $# -eq 0 ]; then
    modules+=("$dir")
  else
    for name in "$@"; do
      case "${dir#instrumentations/}" in "$name"|"$name"-*) modules+=("$dir") ;; esac
    done
  fi
done
[ ${#modules[@]} -gt 0 ] || { echo "no instrumentation module matches: $*" >&2; exit 2; }
bash scripts/start-services.sh
list=$(IFS=,; echo "${modules[*]}")
exec mvn -B verify -pl "$list" -am
