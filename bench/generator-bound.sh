#!/usr/bin/env bash
# The ceiling of what one generator can measure (issue 16): the generator is the bottleneck.
#
# The article's Go server runs free on core 0; each generator in turn -- wrk, then Gauntlet on each
# transport of TRANSPORTS -- runs on core 1 inside a cgroup whose CPU quota holds it to QUOTA of a
# core (half by default), -t1 -c64 for DURATION seconds, the order rotating every round. Over the
# steady middle of each run it reads the generator's user+sys CPU from /proc and reports requests
# per generator CPU-second (higher is better), its median per tool and the median of the per-round
# ratios to wrk. The cgroup is uniquely named and removed at exit: cgroup v2 (cpu.max) where
# /sys/fs/cgroup has the cpu controller, else the v1 cpu controller (cpu.cfs_quota_us). Needs root.
# Loopback only. Usage: bench/generator-bound.sh [ROUNDS=5] [DURATION=10]
#   TRANSPORTS="epoll io_uring", QUOTA=0.5, CONNECTIONS=64, GAUNTLET_JAVA_OPTS, GAUNTLET_JAR,
#   BASELINE_JAR (another build, run as baseline-TRANSPORT in the same rounds; BASELINE_JAVA_OPTS its
#   JVM flags, GAUNTLET_JAVA_OPTS's when unset: BASELINE_JAR=the same jar compares two flag sets)
set -euo pipefail
bench_name=generator-bound
rounds=${1:-5}
duration=${2:-10}
connections=${CONNECTIONS:-64}
quota=${QUOTA:-0.5}
read -r -a transports <<<"${TRANSPORTS:-epoll io_uring}"
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/gauntlet-generator-bound.XXXXXX)
# shellcheck source=common.sh
source "$root/bench/common.sh"

group=""
make_group() {
  local name="gauntlet-uring-genbound-$$-$RANDOM" period=100000
  local us
  us=$(awk -v q="$quota" -v p="$period" 'BEGIN{printf "%d", q * p}')
  if grep -qw cpu /sys/fs/cgroup/cgroup.controllers 2>/dev/null; then
    group="/sys/fs/cgroup/$name"
    mkdir "$group"
    echo "$us $period" >"$group/cpu.max"
  elif [[ -d /sys/fs/cgroup/cpu ]]; then
    group="/sys/fs/cgroup/cpu/$name"
    mkdir "$group"
    echo "$period" >"$group/cpu.cfs_period_us"
    echo "$us" >"$group/cpu.cfs_quota_us"
  else
    echo "$bench_name: no cgroup cpu controller under /sys/fs/cgroup (v2 cpu.max or v1 cpu)" >&2
    exit 2
  fi
}
remove_group() {
  [[ -n "$group" && -d "$group" ]] || return 0
  # Whatever is left in it (an interrupted run) goes first: a group with tasks cannot be removed.
  local pid
  for pid in $(cat "$group/cgroup.procs" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 50); do [[ -z "$(cat "$group/cgroup.procs" 2>/dev/null)" ]] && break; sleep 0.1; done
  rmdir "$group" 2>/dev/null || echo "$bench_name: could not remove cgroup $group" >&2
}
trap 'bench_stop_server; remove_group; rm -rf "$work"' EXIT INT TERM
[[ $(id -u) == 0 ]] || { echo "$bench_name: needs root to create a cgroup" >&2; exit 2; }
bench_require
make_group
bench_start_server "${SERVER:-go}" 0

tools=(wrk)
read -r -a gauntlet_tools <<<"$(bench_gauntlet_tools "${transports[@]}")"
tools+=("${gauntlet_tools[@]}")
echo "generator-bound: $rounds rounds of ${duration}s, -t1 -c$connections, generator on core 1 held to $quota of a core" \
  "(cgroup $group), ${SERVER:-go} server free on core 0; $(uptime | sed 's/.*load average/load average/')"
printf '%-6s %-17s %12s %14s %22s\n' round tool "req/s" "gen CPU %" "req per gen CPU-second"
results="$work/results"
for round in $(seq 1 "$rounds"); do
  for tool in $(bench_order "$round" "${tools[@]}"); do
    # The shell enters the group, then becomes the generator: every thread it starts is held to the quota.
    # shellcheck disable=SC2016,SC2046
    line=$(bench_run "$tool-$round" sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$group" \
      taskset -c 1 $(bench_tool_command "$tool"))
    read -r rps gen _ window _ <<<"$line"
    cpu_pct=$(awk -v t="$gen" -v w="$window" -v hz="$ticks" 'BEGIN{printf "%.1f", (t/hz)/w*100}')
    per_cpu_s=$(awk -v t="$gen" -v r="$rps" -v w="$window" -v hz="$ticks" 'BEGIN{printf "%.0f", (t > 0 ? r*w/(t/hz) : 0)}')
    printf '%-6s %-17s %12.0f %14s %22s\n' "$round" "$tool" "$rps" "$cpu_pct" "$per_cpu_s"
    echo "$round $tool $rps $per_cpu_s" >>"$results"
  done
done

echo
echo "medians over $rounds rounds ($(uptime | sed 's/.*load average/load average/')):"
printf '%-17s %12s %22s %12s\n' tool "req/s" "req per gen CPU-second" "vs wrk"
for tool in "${tools[@]}"; do
  rps=$(awk -v t="$tool" '$2==t {print $3}' "$results" | median)
  per=$(awk -v t="$tool" '$2==t {print $4}' "$results" | median)
  ratio=$(awk -v t="$tool" '$2=="wrk" {w[$1]=$4} $2==t {g[$1]=$4} END{for (r in g) if (w[r] > 0) print g[r]/w[r]}' "$results" | median)
  printf '%-17s %12.0f %22.0f %12.3f\n' "$tool" "$rps" "$per" "$ratio"
done
