#!/usr/bin/env bash
# How soon `gauntlet load` starts measuring, and how fast its first measured second runs (issue 16,
# "steady from the first second"). Against a local Go server (Node with SERVER=node) pinned to core 0,
# each variant runs `load -t1 -c64 -d5 --hlog` on core 1, ROUNDS times, rounds alternating the
# variants' order. Per run it reads:
#   to-Running   ms from the command's start to its "Running" line on stdout (wrk: about 2 ms)
#   first/steady the first measured second's requests over the median of seconds 2-5, from the .hlog
#   steady       that median, requests/second: a variant whose steady rate is lower (C1 only) is
#                not "at full speed" however flat its first second is
# and prints per-variant medians. Goal: to-Running <= 1000 ms with first/steady >= 0.95.
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
(( ${#variants[@]} )) || variants=(plain cold launcher launcher-c2 jdk25-aot)

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

# The first word after the jar is `load`'s place: flags that belong to load (--no-jit-warmup) follow it.
run_one() {
  local name=$1 n=$2; shift 2
  local -a cmd=("$@") java_part=() load_flags=() seen_jar=0
  for word in "${cmd[@]}"; do
    if ((seen_jar == 2)); then load_flags+=("$word"); else java_part+=("$word"); fi
    [[ $word == -jar ]] && seen_jar=1 && continue
    ((seen_jar == 1)) && seen_jar=2
  done
  local hlog="$work/$name-$n.hlog" stamp="$work/$name-$n.running"
  rm -f "$stamp"
  local start
  start=$(date +%s%N)
  taskset -c 1 "${java_part[@]}" load "${load_flags[@]}" -t1 -c64 -d"$duration" --hlog "$hlog" "$url" 2>"$work/$name-$n.err" |
    while IFS= read -r line; do
      [[ $line == Running* && ! -f $stamp ]] && date +%s%N >"$stamp"
      echo "$line"
    done >"$work/$name-$n.out"
  [[ -f $stamp ]] || { echo "time-to-running: $name printed no Running line:" >&2; cat "$work/$name-$n.err" >&2; return 1; }
  local ms=$(( ($(cat "$stamp") - start) / 1000000 ))
  java -cp "$jar" org.HdrHistogram.HistogramLogProcessor -csv -i "$hlog" -o "$work/$name-$n.csv" >/dev/null 2>&1
  local ratio
  ratio=$(awk -F, 'NR>3 {c[++n]=$2} END {
      m=0; for (i=2;i<=n;i++) s[i-1]=c[i]; k=n-1
      for (i=1;i<=k;i++) for (j=i+1;j<=k;j++) if (s[j]<s[i]) {t=s[i]; s[i]=s[j]; s[j]=t}
      med = k%2 ? s[(k+1)/2] : (s[k/2]+s[k/2+1])/2
      printf "%.3f %.0f", (med > 0 ? c[1] / med : 0), med }' "$work/$name-$n.csv")
  echo "$ms $ratio"
}

results="$work/results"
: >"$results"
active=()
for v in "${variants[@]}"; do
  name=${v%%=*}
  if mapfile -t _ < <(command_of "$v") && ((${#_[@]})); then active+=("$v"); else echo "skipped: $name" >&2; fi
done
printf '%-6s %-12s %14s %14s %14s\n' round variant "to-Running ms" "first/steady" "steady req/s"
for round in $(seq 1 "$rounds"); do
  order=("${active[@]}")
  if (( round % 2 == 0 )); then
    mapfile -t order < <(printf '%s\n' "${active[@]}" | tac)
  fi
  for v in "${order[@]}"; do
    name=${v%%=*}
    mapfile -t cmd < <(command_of "$v")
    read -r ms ratio steady < <(run_one "$name" "$round" "${cmd[@]}")
    printf '%-6s %-12s %14s %14s %14s\n' "$round" "$name" "$ms" "$ratio" "$steady"
    echo "$name $ms $ratio $steady" >>"$results"
  done
done
echo
for v in "${active[@]}"; do
  name=${v%%=*}
  printf 'median %-12s to-Running %6s ms   first/steady %s   steady %s req/s\n' "$name" \
    "$(awk -v n="$name" '$1==n {print $2}' "$results" | median)" \
    "$(awk -v n="$name" '$1==n {print $3}' "$results" | median)" \
    "$(awk -v n="$name" '$1==n {print $4}' "$results" | median)"
done
