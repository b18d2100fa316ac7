# Shared by bench/vs-wrk.sh, bench/generator-bound.sh and bench/time-to-running.sh (sourced, not run): the server under load,
# one measured generator run, CPU readings from /proc, medians. Loopback only. Expects $root and $work set, and calls
# bench_cleanup from the sourcing script's EXIT trap.
server_pid=""
# shellcheck source=../scripts/jvm-options.sh
source "$root/scripts/jvm-options.sh"

bench_require() {
  command -v wrk >/dev/null || { echo "$bench_name: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
  command -v taskset >/dev/null || { echo "$bench_name: taskset is missing (util-linux)" >&2; exit 2; }
  (( $(nproc) >= 2 )) || { echo "$bench_name: needs 2 cores (server on 0, generator on 1)" >&2; exit 2; }
  # GAUNTLET_JAR: a copy of the jar to run, so that a build meanwhile does not swap it mid-bench.
  jar=${GAUNTLET_JAR:-$root/cli/target/gauntlet.jar}
  [[ -f "$jar" ]] || (cd "$root" && mvn -q -B -DskipTests package)
  # BASELINE_JAR: another build, run as baseline-TRANSPORT in the same rounds. Rounds of one run
  # swing by 30 %, so two builds are only told apart side by side.
  if [[ -n ${BASELINE_JAR:-} && ! -f $BASELINE_JAR ]]; then
    echo "$bench_name: BASELINE_JAR=$BASELINE_JAR is not a file; give the path of a gauntlet.jar" >&2
    exit 2
  fi
}

# bench_gauntlet_tools TRANSPORT...: the Gauntlet tools of a run, gauntlet-T for each transport and
# baseline-T beside it when BASELINE_JAR is set.
bench_gauntlet_tools() {
  local t
  for t in "$@"; do
    printf 'gauntlet-%s ' "$t"
    [[ -n ${BASELINE_JAR:-} ]] && printf 'baseline-%s ' "$t"
  done
  return 0
}

# bench_start_server KIND CPU: the article's Go server (or Node) on loopback, pinned to CPU; sets $url.
bench_start_server() {
  local kind=$1 cpu=$2 port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  case "$kind" in
    go)
      cp "$root/servers/go/main.go" "$root/servers/go/go.mod" "$work/"
      (cd "$work" && CGO_ENABLED=0 GOFLAGS=-mod=mod GOCACHE="$work/gocache" go build -o server .)
      HOST=127.0.0.1 PORT=$port GOMAXPROCS=1 taskset -c "$cpu" "$work/server" >"$work/server.log" 2>&1 &
      ;;
    node)
      HOST=127.0.0.1 PORT=$port taskset -c "$cpu" node "$root/servers/node/server.js" >"$work/server.log" 2>&1 &
      ;;
    *) echo "$bench_name: SERVER must be go or node" >&2; exit 2 ;;
  esac
  server_pid=$!
  url="http://127.0.0.1:$port/json"
  for _ in $(seq 1 50); do curl -sf "$url" >/dev/null 2>&1 && break; sleep 0.1; done
  curl -sf "$url" >/dev/null || { echo "$bench_name: server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
}

bench_stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}

ticks=$(getconf CLK_TCK)
# user+sys CPU ticks of a process, its threads included (fields 14 and 15 of /proc/PID/stat).
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# Both, and the sys ticks alone (the kernel's share), from one reading: "total sys".
cpu_and_sys_ticks() { awk '{print $14 + $15, $15}' "/proc/$1/stat" 2>/dev/null || echo 0 0; }

# bench_tool_command TOOL: the generator's command line for wrk, gauntlet-TRANSPORT or baseline-TRANSPORT, -t1 -c$connections.
bench_tool_command() {
  local tool=$1
  if [[ $tool == wrk ]]; then
    # stdbuf: wrk's "Running" line must reach the file at once, not when wrk exits.
    echo "stdbuf -oL wrk -t1 -c$connections -d${duration}s $url"
  else
    # The launchers' collector (scripts/jvm-options.sh); their JIT choice is not taken: these
    # benches measure the load engine compiled by C1 and C2 whatever the duration.
    # A baseline runs BASELINE_JAR with BASELINE_JAVA_OPTS (GAUNTLET_JAVA_OPTS if unset): the same
    # jar with other JVM flags compares two JIT or GC choices in the same rounds.
    local tool_jar=$jar opts=${GAUNTLET_JAVA_OPTS:-}
    if [[ $tool == baseline-* ]]; then
      tool_jar=$BASELINE_JAR
      opts=${BASELINE_JAVA_OPTS-$opts}
    fi
    echo "java $(gauntlet_gc) $opts -jar $tool_jar load --transport ${tool#*-} -t1 -c$connections -d${duration}s $url"
  fi
}

# bench_run NAME COMMAND...: runs one generator to its end, reading its CPU (and the server's) over
# the steady middle of the run, from 30 % of DURATION after its "Running" line for half of DURATION;
# prints "rps gen_cpu_ticks server_cpu_ticks window_s gen_sys_ticks".
bench_run() {
  local name=$1; shift
  local out="$work/$name.out"
  "$@" >"$out" 2>&1 &
  local pid=$!
  # Gauntlet warms its JIT before "Running" (up to 15 s, more under a CPU quota): measuring starts after it.
  for _ in $(seq 1 1200); do grep -q "^Running" "$out" 2>/dev/null && break; sleep 0.05; done
  local skip=$(( duration * 3 / 10 )) window=$(( duration / 2 ))
  sleep "$skip"
  local g0 s0 k0 g1 s1 k1
  read -r g0 k0 < <(cpu_and_sys_ticks "$pid"); s0=$(cpu_ticks "$server_pid")
  sleep "$window"
  read -r g1 k1 < <(cpu_and_sys_ticks "$pid"); s1=$(cpu_ticks "$server_pid")
  wait "$pid" || { echo "$bench_name: $name failed:" >&2; cat "$out" >&2; exit 1; }
  local rps
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  [[ -n "$rps" ]] || { echo "$bench_name: $name printed no Requests/sec:" >&2; cat "$out" >&2; exit 1; }
  echo "$rps $(( g1 - g0 )) $(( s1 - s0 )) $window $(( k1 - k0 ))"
}

median() { sort -g | awk '{a[NR]=$1} END{if (NR == 0) print "nan"; else print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# bench_order ROUND TOOL...: the tools rotated by ROUND, so that a VM whose speed drifts during a
# round favours none of them.
bench_order() {
  local round=$1; shift
  local tools=("$@") n=$# i
  for ((i = 0; i < n; i++)); do printf '%s ' "${tools[$(( (i + round - 1) % n ))]}"; done
}
