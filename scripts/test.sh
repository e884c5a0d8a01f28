#!/usr/bin/env bash
# The project's test command: starts the local servers the tests need (if installed), then builds the agent
# and runs every test, unit, in-process instrumentation and smoke (separate JVMs under tracer.jar).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/start-services.sh
exec mvn -B verify "$@"
