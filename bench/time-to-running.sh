#!/usr/bin/env bash
# How soon `gauntlet load` starts measuring, and how fast its first measured second runs (issue 16,
# "steady from the first second"). Against a local Go server (Node with SERVER=node) pinned to core 0,
# each variant runs `load -t1 -c64 -d5 --hlog` on core 1, ROUNDS times, rounds alternating the
# variants' order. Per run it reads:
#   to-Running   ms from the command's start to its "Running" line on stdout (wrk: about 2 ms)
#   first/steady the first measured second's requests over the median of seconds 2-5, from the .hlog
#   steady       that median, requests/second: a variant whose steady rate is lower (C1 only) is
#                not "at full speed" however flat its first second is
#   lo first/steady  the same ratio read from outside the generator: the loopback's packets in the
#                second after "Running" over the median of the next four (/proc/net/dev, sampled
#                every 20 ms by bash builtins, which fork nothing)
# and prints per-variant medians. Goal: to-Running <= 1000 ms with first/steady >= 0.95. The
# variant `wrk` (wrk -t1 -c64 -d5s, the same taskset) measures the server's own first second: a
# generator with nothing to warm up reads below 1 too when the server needs its first second.
# Usage: bench/time-to-running.sh [ROUNDS=5] [VARIANT...]
#   VARIANT is NAME or NAME=JAVA|JVM OPTIONS|LOAD FLAGS, e.g. 'c1=java|-XX:TieredStopAtLevel=1|--no-jit-warmup'
#   (JAVA: a java binary, or empty for the PATH's one). Built-in names:
#     launcher   ./gauntlet's own java command (its CDS archive and flags), default JIT warm-up; for
#                this bench's 5 s runs that is C1 only (scripts/jvm-options.sh)
#     launcher-c2  the same with GAUNTLET_JIT=c2: C1 and C2, as for runs of 10 s or more
#     plain      java -jar, default JIT warm-up
#     before     java -jar $BEFORE_JAR (a jar built from an older commit, to compare against)
#     cold       java -jar --no-jit-warmup
#     jdk25-aot  JDK 25 with an AOT cache trained by one run (skipped when that JDK is absent)
#     wrk        wrk itself (no .hlog: its first/steady is the loopback's; its steady is its own
#                Requests/sec over the whole run)
# Loopback only.
set -euo pipefail
rounds=${1:-5}
shift || true
server_kind=${SERVER:-go}
duration=5
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/gauntlet-ttr.XXXXXX)
bench_name=time-to-running
# shellcheck source=common.sh
source "$root/bench/common.sh"
trap 'bench_stop_server; rm -rf "$work"' EXIT INT TERM

command -v taskset >/dev/null || { echo "time-to-running: taskset is missing (util-linux)" >&2; exit 2; }
(( $(nproc) >= 2 )) || { echo "time-to-running: needs 2 cores (server on 0, generator on 1)" >&2; exit 2; }
jar="$root/cli/target/gauntlet.jar"
[[ -f "$jar" ]] || (cd "$root" && mvn -q -B -DskipTests package -pl cli -am)
jdk25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64}

variants=("$@")
(( ${#variants[@]} )) || variants=(wrk plain cold launcher launcher-c2 jdk25-aot)

bench_start_server "$server_kind" 0

# A first `load` records the launcher's class archive (when the jar is newer than it).
record_launcher_archive() {
  "$root/gauntlet" load --no-jit-warmup -t1 -c2 -d1 "$url" >"$work/launcher-train.log" 2>&1 || true
}

# command_of VARIANT: prints the java command (one word per line) for it, without load's arguments.
command_of() {
  local spec=$1
  case "$spec" in
    launcher)
      record_launcher_archive
      # Its JIT choice depends on the duration: C1 only under 10 s (scripts/jvm-options.sh).
      GAUNTLET_PRINT_JAVA=1 "$root/gauntlet" load -d"$duration" ;;
    launcher-c2)
      record_launcher_archive
      GAUNTLET_JIT=c2 GAUNTLET_PRINT_JAVA=1 "$root/gauntlet" load -d"$duration" ;;
    plain) printf '%s\n' java -jar "$jar" ;;
    before) [[ -f "${BEFORE_JAR:-}" ]] || return 1; printf '%s\n' java -jar "$BEFORE_JAR" ;;
    cold) printf '%s\n' java -jar "$jar" --no-jit-warmup ;;
    wrk) command -v wrk >/dev/null || return 1; printf '%s\n' wrk ;;
    jdk25-aot)
      [[ -x "$jdk25/bin/java" ]] || return 1
      if [[ ! -f "$work/jdk25.aot" ]]; then
        # One training run records the classes and the method profiles of a real load run.
        taskset -c 1 "$jdk25/bin/java" -XX:AOTCacheOutput="$work/jdk25.aot" -jar "$jar" load -t1 -c64 -d3 \
          "$url" >"$work/train.log" 2>&1 || { cat "$work/train.log" >&2; return 1; }
      fi
      printf '%s\n' "$jdk25/bin/java" -XX:AOTCache="$work/jdk25.aot" -jar "$jar" ;;
    *=*)
      local rest=${spec#*=} bin opts flags
      bin=${rest%%|*}; rest=${rest#*|}; opts=${rest%%|*}; flags=${rest#*|}
      printf '%s\n' "${bin:-java}" $opts -jar "$jar" $flags ;;
    *) echo "time-to-running: unknown variant '$spec'" >&2; return 1 ;;
  esac
}

# sample_loopback FILE: appends "microseconds packets" of the loopback's received packets every
# 20 ms until killed, or for 60 s at most (a warm-up takes 15 s at most): an interrupted bench
# leaves no sampler behind. Bash builtins only ($EPOCHREALTIME, read -t on a pipe nobody writes):
# the cores it samples are the server's and the generator's, so it forks nothing.
sample_loopback() {
  local idle iface bytes packets rest until=$(( ${EPOCHREALTIME%.*} + 60 ))
  exec {idle}<> <(:)
  while (( ${EPOCHREALTIME%.*} < until )); do
    while read -r iface bytes packets rest; do
      if [[ $iface == lo: ]]; then echo "${EPOCHREALTIME/./} $packets"; break; fi
    done </proc/net/dev
    read -r -t 0.02 -u "$idle" _ || true
  done >>"$1"
}

# start_sampler FILE / stop_sampler: sample_loopback in the background, for one run. The run's
# last second ends as the generator exits: stop_sampler takes one more sample's time first.
start_sampler() { rm -f "$1"; sample_loopback "$1" & sampler=$!; }
stop_sampler() {
  sleep 0.05
  kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
}

# loopback_ratio SAMPLES RUNNING_NS: the packets of the second after RUNNING_NS over the median of
# the four seconds after it, each second's edges interpolated between samples.
loopback_ratio() {
  awk -v r="$(( $2 / 1000 ))" '{t[NR]=$1; p[NR]=$2}
    function at(x,  i) { for (i = 2; i <= NR; i++) if (t[i] >= x) return p[i-1] + (p[i]-p[i-1]) * (x-t[i-1]) / (t[i]-t[i-1]); return -1 }
    END {
      for (k = 0; k <= 5; k++) { e[k] = at(r + k * 1e6); if (e[k] < 0) { print "nan"; exit } }
      for (k = 1; k <= 4; k++) s[k] = e[k+1] - e[k]
      for (i = 1; i <= 4; i++) for (j = i+1; j <= 4; j++) if (s[j] < s[i]) { x=s[i]; s[i]=s[j]; s[j]=x }
      med = (s[2] + s[3]) / 2
      printf "%.3f", (med > 0 ? (e[1] - e[0]) / med : 0) }' "$1"
}

# stamp_running STAMP: passes stdout on, writing the time of its first "Running" line to STAMP.
stamp_running() {
  local line
  while IFS= read -r line; do
    [[ $line == Running* && ! -f $1 ]] && date +%s%N >"$1"
    echo "$line"
  done
}

# run_wrk N: wrk's run; prints "ms - wrk's_req/s lo_ratio".
run_wrk() {
  local n=$1 stamp="$work/wrk-$n.running" samples="$work/wrk-$n.lo" start
  rm -f "$stamp"
  start_sampler "$samples"
  start=$(date +%s%N)
  taskset -c 1 stdbuf -oL wrk -t1 -c64 -d"${duration}s" "$url" 2>"$work/wrk-$n.err" | stamp_running "$stamp" >"$work/wrk-$n.out"
  stop_sampler
  [[ -f $stamp ]] || { echo "time-to-running: wrk printed no Running line:" >&2; cat "$work/wrk-$n.err" >&2; return 1; }
  echo "$(( ($(cat "$stamp") - start) / 1000000 )) - $(awk '/^Requests\/sec:/ {printf "%.0f", $2}' "$work/wrk-$n.out")" \
    "$(loopback_ratio "$samples" "$(cat "$stamp")")"
}

# The first word after the jar is `load`'s place: flags that belong to load (--no-jit-warmup) follow it.
# Prints "ms first/steady steady lo_ratio".
run_one() {
  local name=$1 n=$2; shift 2
  [[ $1 == wrk ]] && { run_wrk "$n"; return; }
  local -a cmd=("$@") java_part=() load_flags=() seen_jar=0
  for word in "${cmd[@]}"; do
    if ((seen_jar == 2)); then load_flags+=("$word"); else java_part+=("$word"); fi
    [[ $word == -jar ]] && seen_jar=1 && continue
    ((seen_jar == 1)) && seen_jar=2
  done
  local hlog="$work/$name-$n.hlog" stamp="$work/$name-$n.running" samples="$work/$name-$n.lo"
  rm -f "$stamp"
  local start
  start_sampler "$samples"
  start=$(date +%s%N)
  taskset -c 1 "${java_part[@]}" load "${load_flags[@]}" -t1 -c64 -d"$duration" --hlog "$hlog" "$url" 2>"$work/$name-$n.err" |
    stamp_running "$stamp" >"$work/$name-$n.out"
  stop_sampler
  [[ -f $stamp ]] || { echo "time-to-running: $name printed no Running line:" >&2; cat "$work/$name-$n.err" >&2; return 1; }
  local ms=$(( ($(cat "$stamp") - start) / 1000000 ))
  java -cp "$jar" org.HdrHistogram.HistogramLogProcessor -csv -i "$hlog" -o "$work/$name-$n.csv" >/dev/null 2>&1
  local ratio
  ratio=$(awk -F, 'NR>3 {c[++n]=$2} END {
      m=0; for (i=2;i<=n;i++) s[i-1]=c[i]; k=n-1
      for (i=1;i<=k;i++) for (j=i+1;j<=k;j++) if (s[j]<s[i]) {t=s[i]; s[i]=s[j]; s[j]=t}
      med = k%2 ? s[(k+1)/2] : (s[k/2]+s[k/2+1])/2
      printf "%.3f %.0f", (med > 0 ? c[1] / med : 0), med }' "$work/$name-$n.csv")
  echo "$ms $ratio $(loopback_ratio "$samples" "$(cat "$stamp")")"
}

results="$work/results"
: >"$results"
active=()
for v in "${variants[@]}"; do
  name=${v%%=*}
  if mapfile -t _ < <(command_of "$v") && ((${#_[@]})); then active+=("$v"); else echo "skipped: $name" >&2; fi
done
printf '%-6s %-12s %14s %14s %14s %17s\n' round variant "to-Running ms" "first/steady" "steady req/s" "lo first/steady"
for round in $(seq 1 "$rounds"); do
  order=("${active[@]}")
  if (( round % 2 == 0 )); then
    mapfile -t order < <(printf '%s\n' "${active[@]}" | tac)
  fi
  for v in "${order[@]}"; do
    name=${v%%=*}
    mapfile -t cmd < <(command_of "$v")
    read -r ms ratio steady lo < <(run_one "$name" "$round" "${cmd[@]}")
    printf '%-6s %-12s %14s %14s %14s %17s\n' "$round" "$name" "$ms" "$ratio" "$steady" "$lo"
    echo "$name $ms $ratio $steady $lo" >>"$results"
  done
done
echo
for v in "${active[@]}"; do
  name=${v%%=*}
  printf 'median %-12s to-Running %6s ms   first/steady %s   steady %s req/s   lo first/steady %s\n' "$name" \
    "$(awk -v n="$name" '$1==n {print $2}' "$results" | median)" \
    "$(awk -v n="$name" '$1==n && $3!="-" {print $3}' "$results" | median | sed 's/^nan$/-/')" \
    "$(awk -v n="$name" '$1==n {print $4}' "$results" | median)" \
    "$(awk -v n="$name" '$1==n {print $5}' "$results" | median)"
done
