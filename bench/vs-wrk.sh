#!/usr/bin/env bash
# Gauntlet's load engine against wrk, side by side in one run (issue 16: "faster than wrk").
#
# The same server (the article's Go server, or Node with SERVER=node) is pinned to core 0; each
# generator in turn -- wrk, then Gauntlet on each transport of TRANSPORTS -- is pinned to core 1
# with the same -t1 -c64 for DURATION seconds, the order rotating every round, for ROUNDS rounds.
# Over the steady middle of each run it reads the generator's and the server's user+sys CPU from
# /proc (the generator's whole process: JIT and GC threads count), and prints per-round figures,
# the medians of the per-round ratios to wrk, and the goals:
#   req/s ratio      gauntlet / wrk       goal >= 1.0
#   CPU/request      gauntlet / wrk       goal <= 0.8
# and the kernel's floor under the second goal: the generator's sys CPU per request alone over
# wrk's whole CPU per request, and the user time per request that 0.8 would leave. Both tools send
# one segment per request and read one per response; what the kernel does with them (on loopback
# the sender also pays for delivering into the receiver's socket) no engine can shed, only the
# syscalls around them, which cost 66 ns each here.
# On a shared VM single rounds swing by 30 %: trust medians of 5 or more. Exits 1 when the first
# transport of TRANSPORTS (what `auto` picks) misses a goal.
# Loopback only. Usage: bench/vs-wrk.sh [ROUNDS=5] [DURATION=10]
#   TRANSPORTS="epoll io_uring" (Gauntlet's transports to run), CONNECTIONS=64, SERVER=go|node,
#   GAUNTLET_JAVA_OPTS (extra JVM flags), GAUNTLET_JAR (default cli/target/gauntlet.jar),
#   BASELINE_JAR (another build, run as baseline-TRANSPORT in the same rounds; BASELINE_JAVA_OPTS its
#   JVM flags, GAUNTLET_JAVA_OPTS's when unset: BASELINE_JAR=the same jar compares two flag sets)
set -euo pipefail
bench_name=vs-wrk
rounds=${1:-5}
duration=${2:-10}
connections=${CONNECTIONS:-64}
read -r -a transports <<<"${TRANSPORTS:-epoll io_uring}"
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/gauntlet-vs-wrk.XXXXXX)
# shellcheck source=common.sh
source "$root/bench/common.sh"
trap 'bench_stop_server; rm -rf "$work"' EXIT INT TERM
bench_require
bench_start_server "${SERVER:-go}" 0

tools=(wrk)
read -r -a gauntlet_tools <<<"$(bench_gauntlet_tools "${transports[@]}")"
tools+=("${gauntlet_tools[@]}")
echo "vs-wrk: $rounds rounds of ${duration}s, -t1 -c$connections, ${SERVER:-go} server on core 0, generators on core 1;" \
  "$(uptime | sed 's/.*load average/load average/')"
printf '%-6s %-17s %12s %16s %16s %16s\n' round tool "req/s" "gen CPU us/req" "srv CPU us/req" "gen sys us/req"
results="$work/results"
# per_request TICKS: microseconds of CPU per request over the run's window ($rps, $window).
per_request() { awk -v t="$1" -v r="$rps" -v w="$window" -v hz="$ticks" 'BEGIN{printf "%.3f", (t/hz)/(r*w)*1e6}'; }
for round in $(seq 1 "$rounds"); do
  for tool in $(bench_order "$round" "${tools[@]}"); do
    # shellcheck disable=SC2046
    line=$(bench_run "$tool-$round" taskset -c 1 $(bench_tool_command "$tool"))
    read -r rps gen srv window gen_sys <<<"$line"
    gen_us=$(per_request "$gen"); srv_us=$(per_request "$srv"); sys_us=$(per_request "$gen_sys")
    printf '%-6s %-17s %12.0f %16s %16s %16s\n' "$round" "$tool" "$rps" "$gen_us" "$srv_us" "$sys_us"
    echo "$round $tool $rps $gen_us $srv_us $sys_us" >>"$results"
  done
done

echo
echo "medians over $rounds rounds ($(uptime | sed 's/.*load average/load average/')):"
printf '%-17s %12s %16s %16s %14s %16s %18s\n' tool "req/s" "gen CPU us/req" "srv CPU us/req" "req/s / wrk" "gen CPU/req / wrk" "gen sys/req / wrk"
# ratio_to_wrk TOOL COLUMN WRK_COLUMN: the median over rounds of TOOL's COLUMN over wrk's WRK_COLUMN
# in the same round (same machine state).
ratio_to_wrk() {
  awk -v t="$1" -v c="$2" -v wc="$3" '$2=="wrk" {w[$1]=$wc} $2==t {g[$1]=$c} END{for (r in g) if (w[r] > 0) print g[r]/w[r]}' \
    "$results" | median
}
status=0
for tool in "${tools[@]}"; do
  rps=$(awk -v t="$tool" '$2==t {print $3}' "$results" | median)
  gen=$(awk -v t="$tool" '$2==t {print $4}' "$results" | median)
  srv=$(awk -v t="$tool" '$2==t {print $5}' "$results" | median)
  rps_ratio=$(ratio_to_wrk "$tool" 3 3)
  cpu_ratio=$(ratio_to_wrk "$tool" 4 4)
  # The tool's kernel time per request over wrk's whole CPU per request.
  sys_ratio=$(ratio_to_wrk "$tool" 6 4)
  printf '%-17s %12.0f %16s %16s %14.3f %16.3f %18.3f\n' "$tool" "$rps" "$gen" "$srv" "$rps_ratio" "$cpu_ratio" "$sys_ratio"
  if [[ $tool == "gauntlet-${transports[0]}" ]]; then
    awk -v r="$rps_ratio" -v c="$cpu_ratio" 'BEGIN{exit !(r >= 1.0 && c <= 0.8)}' || status=1
    floor=$sys_ratio
  fi
done
# What 0.8 leaves the engine for its user time, in microseconds, beside what it spends now.
wrk_us=$(awk '$2=="wrk" {print $4}' "$results" | median)
user_us=$(awk -v t="gauntlet-${transports[0]}" '$2==t {print $4 - $6}' "$results" | median)
awk -v t="gauntlet-${transports[0]}" -v f="$floor" -v w="$wrk_us" -v u="$user_us" 'BEGIN{
  printf "kernel floor for %s: its kernel CPU per request alone is %.3f of wrk'"'"'s whole CPU per request; ", t, f
  if (f >= 0.8) print "at or above 0.8, so no change in user space meets the CPU goal"
  else printf "0.8 leaves %.2f us per request for all its user time, which is %.2f us now\n", (0.8 - f) * w, u }'
echo "goals for gauntlet-${transports[0]} (auto's pick): req/s / wrk >= 1.0 and generator CPU per request / wrk <= 0.8:" \
  "$([[ $status == 0 ]] && echo met || echo missed)"
exit $status
