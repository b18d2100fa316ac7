#!/usr/bin/env bash
# The controller at scale: `gauntlet run` (cli/target/gauntlet.jar, its own JVM) against AGENTS simulated
# load agents served by one JVM over real gRPC on loopback (one port each), for SECONDS measured seconds.
# Prints the controller's CPU while merging, its memory, the time to measure clocks and schedule the start,
# the start skew, whether the merged counts equal what the agents sent (exit 1 when not), and issue 16's
# goals met or missed (<= 5 % of a core, the start within 2 s, exact counts; a missed goal does not change the exit).
#   bench/controller-scale.sh [AGENTS=1000] [SECONDS=10]
# Environment: GAUNTLET_JAR (default cli/target/gauntlet.jar), CONTROLLER_JAVA_OPTS (the controller's JVM options),
# CONTROLLER_CDS=0 (no class archive), GAUNTLET_JIT (as for ./gauntlet), FARM_WARMUP (agents in the cell that warms the
# simulated agents' JVM first, default 300; 0: none),
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
# The controller starts as `./gauntlet run` starts it (scripts/jvm-options.sh): the launchers' collector,
# unless CONTROLLER_JAVA_OPTS names one; their JIT choice for this plan (no local agent: C1 only;
# GAUNTLET_JIT=c2 keeps C2), which CONTROLLER_JAVA_OPTS may override; and a class archive of a run
# (AppCDS), recorded here once per build (CONTROLLER_CDS=0: none).
# shellcheck source=../scripts/jvm-options.sh
source "$root/scripts/jvm-options.sh"
controller_gc=$(GAUNTLET_JAVA_OPTS="${CONTROLLER_JAVA_OPTS:-}" gauntlet_gc)
jar=${GAUNTLET_JAR:-$root/cli/target/gauntlet.jar}
bench() { # AGENTS SECONDS WORK JAVA_OPTION...
  local n=$1 s=$2 dir=$3
  shift 3
  # shellcheck disable=SC2086
  java ${FARM_JAVA_OPTS--XX:TieredStopAtLevel=1} -Dgauntlet.scale.runArgs="${CONTROLLER_RUN_ARGS:-}" \
    -Dgauntlet.scale.launcherOptions="$root/scripts/jvm-options.sh" -Dgauntlet.scale.farmWarmupAgents="${FARM_WARMUP:-300}" \
    -cp "$module/classes:$(cat "$module/classpath.txt")" gauntlet.scale.ControllerScaleBench "$n" "$s" "$jar" "$dir" "$@"
}
cds=()
if [[ "${CONTROLLER_CDS:-1}" != 0 ]]; then
  archive="${jar%.jar}-controller-scale.jsa"
  if [[ ! -f "$archive" || ! "$archive" -nt "$jar" ]]; then
    echo "controller-scale: recording the controller's class archive $archive (once per build, as the first ./gauntlet run does)" >&2
    mkdir "$work/recording"
    # shellcheck disable=SC2086
    FARM_WARMUP=0 bench 100 2 "$work/recording" -XX:ArchiveClassesAtExit="$archive.$$" -Xlog:cds=off -Xlog:cds+dynamic=off \
      $controller_gc ${CONTROLLER_JAVA_OPTS:-} > "$work/recording/report.txt" \
      || { cat "$work/recording/report.txt" >&2; rm -f "$archive.$$"; exit 1; }
    mv -f "$archive.$$" "$archive"
    rm -rf "$work/recording"
  fi
  cds=(-XX:SharedArchiveFile="$archive" -Xlog:cds=off -Xlog:cds+dynamic=off)
fi
# shellcheck disable=SC2086
bench "$agents" "$seconds" "$work" "${cds[@]}" $controller_gc ${CONTROLLER_JAVA_OPTS:-}
