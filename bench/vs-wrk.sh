#!/usr/bin/env bash
# Gauntlet's load engine against wrk, side by side in one run (issue: "load engine at wrk class").
#
# The same server (the article's Go server, or Node with SERVER=node) is pinned to core 0; each
# generator in turn is pinned to core 1 with the same -t1 -c64 for DURATION seconds, alternating
# for ROUNDS rounds. Over the steady middle of each run it reads the generator's and the server's
# user+sys CPU from /proc, and prints per-round figures, the medians and the ratios (5 rounds by
# default; on a shared VM single rounds swing by 30 %, so trust medians of 5 or more):
#   req/s ratio      gauntlet / wrk       goal >= 0.95
#   CPU/request      gauntlet / wrk       goal <= 1.5
# Loopback only. Usage: bench/vs-wrk.sh [ROUNDS=5] [DURATION=10]   (GAUNTLET_JAVA_OPTS: extra JVM flags)
set -euo pipefail
rounds=${1:-5}
duration=${2:-10}
connections=${CONNECTIONS:-64}
server_kind=${SERVER:-go}
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/gauntlet-vs-wrk.XXXXXX)
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

command -v wrk >/dev/null || { echo "vs-wrk: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
command -v taskset >/dev/null || { echo "vs-wrk: taskset is missing (util-linux)" >&2; exit 2; }
(( $(nproc) >= 2 )) || { echo "vs-wrk: needs 2 cores (server on 0, generator on 1)" >&2; exit 2; }
jar="$root/cli/target/gauntlet.jar"
[[ -f "$jar" ]] || (cd "$root" && mvn -q -B -DskipTests package)

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
case "$server_kind" in
  go)
    cp "$root/servers/go/main.go" "$root/servers/go/go.mod" "$work/"
    (cd "$work" && CGO_ENABLED=0 GOFLAGS=-mod=mod GOCACHE="$work/gocache" go build -o server .)
    HOST=127.0.0.1 PORT=$port GOMAXPROCS=1 taskset -c 0 "$work/server" >"$work/server.log" 2>&1 &
    ;;
  node)
    HOST=127.0.0.1 PORT=$port taskset -c 0 node "$root/servers/node/server.js" >"$work/server.log" 2>&1 &
    ;;
  *) echo "vs-wrk: SERVER must be go or node" >&2; exit 2 ;;
esac
server_pid=$!
url="http://127.0.0.1:$port/json"
for _ in $(seq 1 50); do curl -sf "$url" >/dev/null 2>&1 && break; sleep 0.1; done
curl -sf "$url" >/dev/null || { echo "vs-wrk: server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }

ticks=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }

# run_one NAME COMMAND... : prints "rps gen_cpu_s server_cpu_s window_s"
run_one() {
  local name=$1; shift
  local out="$work/$name.out"
  "$@" >"$out" 2>&1 &
  local pid=$!
  for _ in $(seq 1 600); do grep -q "^Running" "$out" 2>/dev/null && break; sleep 0.05; done
  local skip=$(( duration * 3 / 10 )) window=$(( duration / 2 ))
  sleep "$skip"
  local g0 s0 g1 s1
  g0=$(cpu_ticks "$pid"); s0=$(cpu_ticks "$server_pid")
  sleep "$window"
  g1=$(cpu_ticks "$pid"); s1=$(cpu_ticks "$server_pid")
  wait "$pid"
  local rps
  rps=$(awk '/^Requests\/sec:/ {print $2}' "$out")
  echo "$rps $(( g1 - g0 )) $(( s1 - s0 )) $window"
}

printf '%-6s %-9s %12s %16s %16s\n' round tool "req/s" "gen CPU us/req" "srv CPU us/req"
results="$work/results"
for round in $(seq 1 "$rounds"); do
  # Odd rounds run wrk first, even rounds Gauntlet first: a VM whose speed drifts during a round
  # then favours neither tool.
  order="wrk gauntlet"
  (( round % 2 == 0 )) && order="gauntlet wrk"
  for tool in $order; do
    if [[ $tool == wrk ]]; then
      # stdbuf: wrk's "Running" line must reach the file at once, not when wrk exits.
      line=$(run_one "wrk-$round" taskset -c 1 stdbuf -oL wrk -t1 -c"$connections" -d"${duration}s" "$url")
    else
      line=$(run_one "gauntlet-$round" taskset -c 1 java ${GAUNTLET_JAVA_OPTS:-} -jar "$jar" load -t1 -c"$connections" -d"${duration}s" "$url")
    fi
    read -r rps gen srv window <<<"$line"
    gen_us=$(awk -v t="$gen" -v r="$rps" -v w="$window" -v hz="$ticks" 'BEGIN{printf "%.2f", (t/hz)/(r*w)*1e6}')
    srv_us=$(awk -v t="$srv" -v r="$rps" -v w="$window" -v hz="$ticks" 'BEGIN{printf "%.2f", (t/hz)/(r*w)*1e6}')
    printf '%-6s %-9s %12.0f %16s %16s\n' "$round" "$tool" "$rps" "$gen_us" "$srv_us"
    echo "$tool $rps $gen_us $srv_us" >>"$results"
  done
done

median() { sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for tool in wrk gauntlet; do
  declare "${tool}_rps=$(awk -v t=$tool '$1==t {print $2}' "$results" | median)"
  declare "${tool}_gen=$(awk -v t=$tool '$1==t {print $3}' "$results" | median)"
  declare "${tool}_srv=$(awk -v t=$tool '$1==t {print $4}' "$results" | median)"
done
echo
printf 'median    %-9s %12.0f %16s %16s\n' wrk "$wrk_rps" "$wrk_gen" "$wrk_srv"
printf 'median    %-9s %12.0f %16s %16s\n' gauntlet "$gauntlet_rps" "$gauntlet_gen" "$gauntlet_srv"
awk -v g="$gauntlet_rps" -v w="$wrk_rps" -v gc="$gauntlet_gen" -v wc="$wrk_gen" -v gs="$gauntlet_srv" -v ws="$wrk_srv" 'BEGIN{
  printf "ratio gauntlet/wrk: req/s %.3f (goal >= 0.95), generator CPU/request %.3f (goal <= 1.5), server CPU/request %.3f\n", g/w, gc/wc, gs/ws
  exit !(g/w >= 0.95 && gc/wc <= 1.5)
}'
