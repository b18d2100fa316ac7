# Sourced by the launchers (./gauntlet, a release's bin/gauntlet); POSIX sh. The JVM options a
# command starts with: they must be chosen before Java starts.
#
# gauntlet_jit ARGS...: prints the JIT options `gauntlet ARGS...` starts with, if any.
#
# A `load` shorter than 10 s runs C1 only (-XX:TieredStopAtLevel=1): C2 takes seconds of the generator's core
# to compile the request path, so a short run either waits that long before "Running" or measures
# its first seconds while C2 compiles. C1 alone is ready within a 0.3 s warm-up and measured the same
# requests/second while the server is the bottleneck (bench/vs-wrk.sh: 0.98x wrk's; C1 and C2 1.03x),
# but at more CPU per request (1.30x wrk's; C1 and C2 0.94x), so ~0.7x the requests per generator
# CPU-second when the generator is the bottleneck (bench/generator-bound.sh: 0.68x wrk's; 0.97x).
# Runs of 10 s or more (wrk's default) keep both.
# A duration this cannot read (1m30s) keeps both; `load` itself parses it and reports which ran.
#
# A `run` whose plan has no in-process (`local`) agent runs C1 only too: that controller generates no
# load, and what it runs hot is gRPC's code while it connects to its agents. With C2 as well, HotSpot
# compiled each hot method twice with C1 (profiled, then again once C2 was refused it, as `run` tells
# C2 to leave all but the merge's decoder alone): a thousand agents' start was scheduled 0.6 s later
# and merged at no lower cost (bench/controller-scale.sh 1000 20, alternating: start 2.51, 2.51 s
# against 3.12, 3.25 s; 7.1, 7.2 % of a core against 8.3, 7.1 %). It also compiles at a quarter of
# HotSpot's invocation counts (-XX:CompileThresholdScaling=0.25): a thousand agents' connect path
# ran interpreted for its first hundreds of agents, and C1's code needs no profile to wait for
# (1000 agents, alternating: start 1.96, 2.03, 2.06 s against 2.69, 2.40, 2.52 s; at 0.1 2.06, 2.60,
# 2.00 s, at 0.05 2.33, 2.34, 2.31 s, C1 compiling more). The plan is read for the word "local" only:
# any argument that is a file and holds it (or no file argument at all) keeps both compilers.
#
# GAUNTLET_JIT=c1 or c2 chooses for every load and run; auto (the default) as above. Prints words
# without spaces, one per option.
gauntlet_jit() {
  case "${1:-}" in
    load | run) ;;
    *) return 0 ;;
  esac
  case "${GAUNTLET_JIT:-auto}" in
    c1) ;;
    c2) return 0 ;;
    auto) ;;
    *) echo "gauntlet: GAUNTLET_JIT='$GAUNTLET_JIT' must be auto, c1 or c2" >&2; return 2 ;;
  esac
  if [ "$1" = run ]; then
    shift
    if [ "${GAUNTLET_JIT:-auto}" = c1 ] || _gauntlet_remote_plan "$@"; then
      echo "-XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.25"
    fi
    return 0
  fi
  if [ "${GAUNTLET_JIT:-auto}" = c1 ]; then
    echo "-XX:TieredStopAtLevel=1"
    return 0
  fi
  shift
  _gauntlet_duration=10s
  while [ $# -gt 0 ]; do
    case "$1" in
      --) break ;;
      -d | --duration) _gauntlet_duration=${2:-}; [ $# -gt 1 ] && shift ;;
      --duration=*) _gauntlet_duration=${1#--duration=} ;;
      -d*) _gauntlet_duration=${1#-d} ;;
    esac
    shift
  done
  if _gauntlet_under_10s "$_gauntlet_duration"; then
    echo "-XX:TieredStopAtLevel=1"
  fi
  return 0
}

# True when some of `run`'s ARGS is a readable file (the plan) and no such file holds the word
# "local" (a plan's in-process agent is the address `local`).
_gauntlet_remote_plan() {
  _gauntlet_plan=1
  for _gauntlet_arg in "$@"; do
    [ -f "$_gauntlet_arg" ] && [ -r "$_gauntlet_arg" ] || continue
    grep -q local -- "$_gauntlet_arg" && return 1
    _gauntlet_plan=0
  done
  return "$_gauntlet_plan"
}

# True when TIME (wrk's grammar: 2, 2.5, 2s, 500ms) is under 10 seconds.
_gauntlet_under_10s() {
  _t=$1
  case "$_t" in
    *[mM][sS]) _t=${_t%??}; _limit=10000 ;;
    *[sS]) _t=${_t%?}; _limit=10 ;;
    *) _limit=10 ;;
  esac
  case "$_t" in
    '' | .* | *.*.* | *[!0-9.]*) return 1 ;;
  esac
  [ "${_t%%.*}" -lt "$_limit" ]
}

# gauntlet_gc: prints the collector every command runs with, the parallel one (-XX:+UseParallelGC),
# unless GAUNTLET_JAVA_OPTS names a collector itself (the JVM refuses two). A controller merging a
# thousand agents' reports spent 1.6 % of a core less with it than with G1, the default, whose
# concurrent refinement and marking threads took 1.5-2 % (bench/controller-scale.sh 1000 20: 8.1/9.0
# against 10.3/10.0 % without the JIT); the load engine allocates nothing per request, so it
# neither gains nor loses (bench/vs-wrk.sh 5 8: 0.99x wrk's CPU per request, 1.03x with G1), and
# `load` reaches "Running" as soon (bench/time-to-running.sh: 1,097 against 1,134 ms).
gauntlet_gc() {
  case " ${GAUNTLET_JAVA_OPTS:-} " in
    *" -XX:+Use"*"GC "*) return 0 ;;
  esac
  echo "-XX:+UseParallelGC"
}
