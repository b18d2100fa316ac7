#!/usr/bin/env bash
# The controller at scale: `gauntlet run` (cli/target/gauntlet.jar, its own JVM) against AGENTS simulated
# load agents served by one JVM over real gRPC on loopback (one port each), for SECONDS measured seconds.
# Prints the controller's CPU while merging, its memory, the time to measure clocks and schedule the start,
# the start skew, and whether the merged counts equal what the agents sent (exit 1 when not).
#   bench/controller-scale.sh [AGENTS=1000] [SECONDS=10]
# Environment: GAUNTLET_JAR (default cli/target/gauntlet.jar), CONTROLLER_JAVA_OPTS (the controller's JVM options),
# CONTROLLER_RUN_ARGS (more `gauntlet run` flags, e.g. "--lease 60s"), FARM_JAVA_OPTS (the simulated agents' JVM; default C1 only: the simulator shares the machine with the
# controller it measures, and C2 compiling in it took 4 s of CPU from the controller's start), KEEP=1 keeps the work directory
# (plan.yaml, controller.out/.err, results/), SKIP_BUILD=1 uses the jars already built.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
agents=${1:-1000}
seconds=${2:-10}
# Each simulated agent holds a listening socket and an accepted one; the controller one socket per agent.
need=$((agents * 3 + 512))
if (( $(ulimit -n) < need )); then
  ulimit -n "$need" 2>/dev/null || { echo "controller-scale: needs $need open files, ulimit -n allows $(ulimit -n)" >&2; exit 2; }
fi
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  (cd "$root" && mvn -B -q -o -DskipTests package -pl bench/controller-scale -am) >&2
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/controller-scale.XXXXXX")
if [[ "${KEEP:-0}" == 1 ]]; then
  echo "controller-scale: work directory $work (kept)" >&2
else
  trap 'rm -rf "$work"' EXIT
fi
module="$root/bench/controller-scale/target"
echo "controller-scale: machine load $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores before the run" >&2
# The controller runs with the launchers' collector (scripts/jvm-options.sh), unless CONTROLLER_JAVA_OPTS names one.
# shellcheck source=../scripts/jvm-options.sh
source "$root/scripts/jvm-options.sh"
controller_gc=$(GAUNTLET_JAVA_OPTS="${CONTROLLER_JAVA_OPTS:-}" gauntlet_gc)
# shellcheck disable=SC2086
java ${FARM_JAVA_OPTS--XX:TieredStopAtLevel=1} -Dgauntlet.scale.runArgs="${CONTROLLER_RUN_ARGS:-}" -cp "$module/classes:$(cat "$module/classpath.txt")" gauntlet.scale.ControllerScaleBench \
  "$agents" "$seconds" "${GAUNTLET_JAR:-$root/cli/target/gauntlet.jar}" "$work" $controller_gc ${CONTROLLER_JAVA_OPTS:-}
