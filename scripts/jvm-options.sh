# Sourced by the launchers (./gauntlet, a release's bin/gauntlet); POSIX sh. The JVM options a
# command starts with: they must be chosen before Java starts.
#
# gauntlet_load_jit ARGS...: prints the JVM option `gauntlet ARGS...` starts with, if any. A `load`
# shorter than 10 s runs C1 only (-XX:TieredStopAtLevel=1): C2 takes seconds of the generator's core
# to compile the request path, so a short run either waits that long before "Running" or measures
# its first seconds while C2 compiles. C1 alone is ready within a 0.3 s warm-up and measured the same
# requests/second while the server is the bottleneck (bench/vs-wrk.sh: 0.98x wrk's; C1 and C2 1.03x),
# but at more CPU per request (1.30x wrk's; C1 and C2 0.94x), so ~0.7x the requests per generator
# CPU-second when the generator is the bottleneck (bench/generator-bound.sh: 0.68x wrk's; 0.97x).
# Runs of 10 s or more (wrk's default) keep both. GAUNTLET_JIT=c1 or c2 chooses for every load; auto (the default) as above.
# A duration this cannot read (1m30s) keeps both; `load` itself parses it and reports which ran.
gauntlet_load_jit() {
  [ "${1:-}" = load ] || return 0
  shift
  case "${GAUNTLET_JIT:-auto}" in
    c1) echo "-XX:TieredStopAtLevel=1"; return 0 ;;
    c2) return 0 ;;
    auto) ;;
    *) echo "gauntlet: GAUNTLET_JIT='$GAUNTLET_JIT' must be auto, c1 or c2" >&2; return 2 ;;
  esac
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
