#!/usr/bin/env bash
# The article's topologies on one Linux box: network namespaces stand in for machines, one
# `gauntlet agent` runs in each, and the controller (in the root namespace) drives them over a
# management network. See docs/lab.md for the picture and the reasons.
#
#   lab.sh up     [--name ID] [--peer-rate 50mbit] [--delay 20ms [--jitter 5ms]] [--jar FILE]
#   lab.sh down   [--name ID]          removes everything the lab made; also after a crash
#   lab.sh status [--name ID]          what runs, and the isolation checks
#   lab.sh agents [--name ID]          the plan's agents: block for this lab
#   lab.sh exec   [--name ID] MACHINE COMMAND...   runs a command on one of the lab's machines
#
# Machines: laptop, peer (reached from the laptop only through WireGuard over a tbf-capped link,
# like the article's Wi-Fi + Tailscale hop), cloud-target and cloud-attacker (a fast link, like a
# provider's backplane). Root only; every address is in 198.18.0.0/15 (RFC 2544, benchmarking).
set -euo pipefail

readonly STATE_ROOT=${GAUNTLET_LAB_STATE:-/run/gauntlet-lab}
readonly DEFAULT_NAME=lab
readonly DEFAULT_PEER_RATE=50mbit
readonly AGENT_PORT=7070
readonly ROLES=(laptop peer cloud-target cloud-attacker)
# Data-plane addresses live only inside the lab's namespaces, so every lab can use the same ones.
readonly WLAN_LAPTOP=198.18.1.1 WLAN_PEER=198.18.1.2          # the Wi-Fi link WireGuard runs over
readonly TUNNEL_LAPTOP=198.18.2.1 TUNNEL_PEER=198.18.2.2      # inside the WireGuard tunnel
readonly VPC_TARGET=198.18.3.1 VPC_ATTACKER=198.18.3.2        # the cloud's fast link
readonly WAN_LAPTOP=198.18.4.1 WAN_TARGET=198.18.4.2          # the laptop's route to the cloud
readonly WG_PORT_LAPTOP=51820 WG_PORT_PEER=51821
readonly WG_MTU=1420
# tbf: a queue of this many milliseconds at the capped rate, like a Wi-Fi driver's buffer.
readonly TBF_LATENCY=50ms

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

die() { echo "lab: $*" >&2; exit 1; }
say() { echo "lab: $*" >&2; }

usage() {
  sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

# ---------------------------------------------------------------------------------------------
# Names and addresses

check_name() {
  [[ $1 =~ ^[a-z][a-z0-9]{0,7}$ ]] \
    || die "--name must be 1-8 lower-case letters or digits starting with a letter (it prefixes interface names, which Linux limits to 15 characters), got '$1'"
}

role_index() {
  case $1 in
    laptop) echo 0 ;; peer) echo 1 ;; cloud-target) echo 2 ;; cloud-attacker) echo 3 ;;
    *) die "no machine '$1' in the lab (machines: ${ROLES[*]})" ;;
  esac
}
role_short() {
  case $1 in laptop) echo lp ;; peer) echo pr ;; cloud-target) echo ct ;; cloud-attacker) echo ca ;; esac
}

ns_of() { echo "$id-$1"; }                      # network namespace (and agent name) of a machine
wifi_ns() { echo "$id-wifi"; }                  # the peer's side of the Wi-Fi: its WireGuard socket lives here
mgmt_root_if() { echo "$id-m-$(role_short "$1")"; }
mgmt_if() { echo "$id-mgmt"; }
wlan_if() { echo "$id-wlan"; }
wan_if() { echo "$id-wan"; }
vpc_if() { echo "$id-vpc"; }
wg_if() { echo "$id-wg-$1"; }                   # wireguard-go's control socket is /var/run/wireguard/<if>.sock
                                                # in every namespace alike: the name must be unique per lab

# Management network: one /30 per machine to the root namespace, in 198.19.<slot>.0/24, so labs
# side by side never share an address in the root namespace.
mgmt_root_ip() { echo "198.19.$slot.$((4 * $(role_index "$1") + 1))"; }
mgmt_ip() { echo "198.19.$slot.$((4 * $(role_index "$1") + 2))"; }

# The address load agents use for a target on this machine (the plan's target.address).
data_ip() {
  case $1 in
    peer) echo "$TUNNEL_PEER" ;; cloud-target) echo "$VPC_TARGET" ;;
    laptop) echo "$WAN_LAPTOP" ;; cloud-attacker) echo "$VPC_ATTACKER" ;;
  esac
}

state_dir() { echo "$STATE_ROOT/$id"; }

in_ns() { # in_ns NAMESPACE COMMAND...: only the network namespace changes (unlike `ip netns exec`,
  # which remounts /sys and so hides /sys/fs/cgroup, where the process launcher puts CPU quotas)
  local ns=$1
  shift
  nsenter --net="/run/netns/$ns" "$@"
}

lab_namespaces() { # every namespace of lab $id that exists now
  ip netns list 2>/dev/null | awk '{print $1}' | grep -E "^$id-(laptop|peer|wifi|cloud-target|cloud-attacker)$" || true
}

# ---------------------------------------------------------------------------------------------
# Options

parse_rate() { # tc rate -> bytes per second; only bit-based units, to avoid tc's bps = bytes surprise
  local text=${1,,}
  [[ $text =~ ^([0-9]+(\.[0-9]+)?)(bit|kbit|mbit|gbit)$ ]] \
    || die "--peer-rate must be a rate like 50mbit, 4mbit or 800kbit, got '$1'"
  local factor
  case ${BASH_REMATCH[3]} in bit) factor=1 ;; kbit) factor=1000 ;; mbit) factor=1000000 ;; gbit) factor=1000000000 ;; esac
  awk -v n="${BASH_REMATCH[1]}" -v f="$factor" 'BEGIN { b = n * f / 8; if (b < 1000) exit 1; printf "%d\n", b }' \
    || die "--peer-rate must be at least 8kbit, got '$1'"
}

check_time() { # check_time OPTION VALUE
  [[ $2 =~ ^[0-9]+(\.[0-9]+)?(us|ms|s)$ ]] || die "$1 must be a time like 20ms, 500us or 0.1s, got '$2'"
}

id=$DEFAULT_NAME
peer_rate=$DEFAULT_PEER_RATE
delay=""
jitter=""
jar=""

parse_options() {
  while (($#)); do
    case $1 in
      --name) id=${2:?--name needs a value}; shift 2 ;;
      --name=*) id=${1#*=}; shift ;;
      --peer-rate) peer_rate=${2:?--peer-rate needs a value}; shift 2 ;;
      --peer-rate=*) peer_rate=${1#*=}; shift ;;
      --delay) delay=${2:?--delay needs a value}; shift 2 ;;
      --delay=*) delay=${1#*=}; shift ;;
      --jitter) jitter=${2:?--jitter needs a value}; shift 2 ;;
      --jitter=*) jitter=${1#*=}; shift ;;
      --jar) jar=${2:?--jar needs a file}; shift 2 ;;
      --jar=*) jar=${1#*=}; shift ;;
      -h|--help) usage ;;
      --) shift; rest=("$@"); return ;;
      -*) die "unknown option '$1' (see lab.sh --help)" ;;
      *) rest=("$@"); return ;;
    esac
  done
  rest=()
}

require_root_and_tools() {
  [[ $(id -u) -eq 0 ]] || die "the lab makes network namespaces and interfaces: run it as root"
  local missing=()
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
  done
  ((${#missing[@]} == 0)) || die "missing ${missing[*]}; install them (scripts/setup.sh --tests does, as root)"
}

with_lock() { # serialises ups and downs, so two labs never pick the same slot
  mkdir -p "$STATE_ROOT"
  exec {lock_fd}>"$STATE_ROOT/.lock"
  flock -w 120 "$lock_fd" || die "another lab.sh holds $STATE_ROOT/.lock for more than 120 s"
}

release_lock() { # in a child that outlives this script: an inherited lock fd would hold the lock
  [[ -z ${lock_fd:-} ]] || exec {lock_fd}>&-
}

load_state() { # reads slot etc. of lab $id; false when the lab has no state
  local env_file
  env_file="$(state_dir)/lab.env"
  [[ -f $env_file ]] || return 1
  # shellcheck disable=SC1090
  source "$env_file"
}

# ---------------------------------------------------------------------------------------------
# up

pick_slot() {
  if [[ $id == "$DEFAULT_NAME" ]]; then
    slot=0 # the default lab always has the addresses the plans in deploy/lab/plans name
    slot_free 0 || die "198.19.0.0/24 is in use in the root namespace; is an old default lab half up? run lab.sh down"
    return
  fi
  for ((slot = 1; slot < 256; slot++)); do
    slot_free "$slot" && return
  done
  die "all 255 lab slots are taken; take some labs down (lab.sh status lists them)"
}

slot_free() {
  local s=$1 other
  ip -4 -o addr show 2>/dev/null | grep -q " 198\.19\.$s\.[0-9]*/" && return 1
  for other in "$STATE_ROOT"/*/lab.env; do
    [[ -f $other ]] || continue
    grep -qx "slot=$s" "$other" && return 1
  done
  return 0
}

find_jar() {
  if [[ -n $jar ]]; then
    [[ -f $jar ]] || die "--jar $jar: no such file"
  else
    # The launcher builds the jar on first use and after any source change.
    "$repo/gauntlet" --version >/dev/null || die "could not build Gauntlet (see above)"
    jar=$repo/cli/target/gauntlet.jar
  fi
  jar=$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")
}

make_namespace() {
  local ns=$1
  ip netns add "$ns"
  ip -n "$ns" link set lo up
  # No IPv6 (nothing here needs it, and no router solicitations) and no forwarding: a machine of the
  # lab is an end host and never routes another machine's packets.
  in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1 \
    net.ipv4.ip_forward=0
}

veth() { # veth NS_A IF_A ADDR_A/PREFIX NS_B IF_B ADDR_B/PREFIX
  ip link add "$2" netns "$1" type veth peer name "$5" netns "$4"
  ip -n "$1" addr add "$3" dev "$2"
  ip -n "$4" addr add "$6" dev "$5"
  ip -n "$1" link set "$2" up
  ip -n "$4" link set "$5" up
}

make_management_link() {
  local role=$1 ns root_if
  ns=$(ns_of "$role")
  root_if=$(mgmt_root_if "$role")
  ip link add "$root_if" type veth peer name "$(mgmt_if)" netns "$ns"
  sysctl -qw "net.ipv6.conf.$root_if.disable_ipv6=1"
  ip addr add "$(mgmt_root_ip "$role")/30" dev "$root_if"
  ip link set "$root_if" up
  ip -n "$ns" addr add "$(mgmt_ip "$role")/30" dev "$(mgmt_if)"
  ip -n "$ns" link set "$(mgmt_if)" up
}

shape() { # shape NS IF RATE|"": the rate cap (tbf) and, when asked, netem delay in front of it
  local ns=$1 dev=$2 rate=$3 parent="root"
  if [[ -n $delay ]]; then
    local out
    if ! out=$(tc -n "$ns" qdisc add dev "$dev" root handle 1: netem delay "$delay" ${jitter:+"$jitter"} 2>&1); then
      die "--delay needs the kernel's netem qdisc (sch_netem), and this kernel has none (tc: ${out//$'\n'/ }); run without --delay, or on a kernel with netem (modprobe sch_netem)"
    fi
    parent="parent 1:1"
  fi
  if [[ -n $rate ]]; then
    local bytes burst
    bytes=$(parse_rate "$rate")
    # 10 ms worth of tokens, at least a few full frames: short bursts pass, the average holds.
    burst=$((bytes / 100 > 6056 ? bytes / 100 : 6056))
    # shellcheck disable=SC2086
    tc -n "$ns" qdisc add dev "$dev" $parent handle 10: tbf rate "$rate" burst "$burst" latency "$TBF_LATENCY"
  fi
}

uapi() { # uapi INTERFACE < request: wireguard-go's text protocol on its control socket (what `wg` speaks)
  perl -e '
    use strict; use IO::Socket::UNIX;
    my $path = shift; my $request = do { local $/; <STDIN> };
    my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $path) or die "cannot connect to $path: $!\n";
    print $s $request; my $answer = "";
    while (defined(my $line = <$s>)) { last if $line eq "\n"; $answer .= $line; }
    print $answer; exit($answer =~ /^errno=0$/m ? 0 : 1);
  ' "/var/run/wireguard/$1.sock"
}

wg_keys() { # wg_keys NAME: a Curve25519 key pair as hex, the way the control socket wants them
  local dir
  dir="$(state_dir)/keys"
  mkdir -p "$dir"
  chmod 700 "$dir"
  openssl genpkey -algorithm X25519 -outform DER -out "$dir/$1.der" 2>/dev/null
  # The DER encodings end with the raw 32-byte keys.
  tail -c 32 "$dir/$1.der" | od -An -v -tx1 | tr -d ' \n' >"$dir/$1.private"
  openssl pkey -inform DER -in "$dir/$1.der" -pubout -outform DER | tail -c 32 | od -An -v -tx1 | tr -d ' \n' >"$dir/$1.public"
}

start_wireguard() { # start_wireguard NS IF NAME: wireguard-go in the foreground, detached from this shell
  local ns=$1 dev=$2 who=$3 dir
  dir=$(state_dir)
  (release_lock; exec setsid nsenter --net="/run/netns/$ns" env WG_PROCESS_FOREGROUND=1 wireguard-go -f "$dev" \
    >"$dir/logs/wireguard-$who.log" 2>&1 </dev/null) &
  echo $! >"$dir/pids/wireguard-$who"
  wait_for "wireguard-go for $who to open /var/run/wireguard/$dev.sock" 10 "$dir/logs/wireguard-$who.log" \
    test -S "/var/run/wireguard/$dev.sock"
}

wait_for() { # wait_for WHAT SECONDS LOG COMMAND...: polls with a bounded back-off
  local what=$1 seconds=$2 log=$3 delay_s=0.05
  shift 3
  local deadline=$((SECONDS + seconds))
  until "$@" 2>/dev/null; do
    if ((SECONDS >= deadline)); then
      [[ -f $log ]] && tail -n 20 "$log" >&2
      die "gave up waiting after $seconds s for $what"
    fi
    sleep "$delay_s"
    delay_s=$(awk -v d="$delay_s" 'BEGIN { d *= 2; if (d > 1) d = 1; print d }')
  done
}

make_wireguard() {
  local laptop peer wifi lp_if pr_if dir
  laptop=$(ns_of laptop)
  peer=$(ns_of peer)
  wifi=$(wifi_ns)
  lp_if=$(wg_if lp)
  pr_if=$(wg_if pr)
  dir=$(state_dir)
  wg_keys laptop
  wg_keys peer
  start_wireguard "$laptop" "$lp_if" laptop
  # The peer's wireguard-go runs (and keeps its UDP socket) on the Wi-Fi side; its interface moves
  # into the peer, which so has no other way to the laptop than the tunnel.
  start_wireguard "$wifi" "$pr_if" peer
  ip -n "$wifi" link set "$pr_if" netns "$peer"
  printf 'set=1\nprivate_key=%s\nlisten_port=%s\nreplace_peers=true\npublic_key=%s\nendpoint=%s:%s\nreplace_allowed_ips=true\nallowed_ip=%s/32\n\n' \
    "$(cat "$dir/keys/laptop.private")" "$WG_PORT_LAPTOP" "$(cat "$dir/keys/peer.public")" \
    "$WLAN_PEER" "$WG_PORT_PEER" "$TUNNEL_PEER" | uapi "$lp_if" >/dev/null
  printf 'set=1\nprivate_key=%s\nlisten_port=%s\nreplace_peers=true\npublic_key=%s\nendpoint=%s:%s\nreplace_allowed_ips=true\nallowed_ip=%s/32\n\n' \
    "$(cat "$dir/keys/peer.private")" "$WG_PORT_PEER" "$(cat "$dir/keys/laptop.public")" \
    "$WLAN_LAPTOP" "$WG_PORT_LAPTOP" "$TUNNEL_LAPTOP" | uapi "$pr_if" >/dev/null
  ip -n "$laptop" link set "$lp_if" mtu "$WG_MTU"
  ip -n "$peer" link set "$pr_if" mtu "$WG_MTU"
  ip -n "$laptop" addr add "$TUNNEL_LAPTOP/32" peer "$TUNNEL_PEER/32" dev "$lp_if"
  ip -n "$peer" addr add "$TUNNEL_PEER/32" peer "$TUNNEL_LAPTOP/32" dev "$pr_if"
  ip -n "$laptop" link set "$lp_if" up
  ip -n "$peer" link set "$pr_if" up
  # One datagram into the tunnel makes the two ends shake hands; then the tunnel is known to work.
  in_ns "$laptop" bash -c "echo handshake >/dev/udp/$TUNNEL_PEER/9" || true
  wait_for "the WireGuard handshake between laptop and peer" 10 "$dir/logs/wireguard-laptop.log" handshake_done "$lp_if"
}

handshake_done() {
  local seconds
  seconds=$(printf 'get=1\n\n' | uapi "$1" | awk -F= '$1 == "last_handshake_time_sec" { print $2 }')
  [[ -n $seconds && $seconds != 0 ]]
}

start_agent() {
  local role=$1 ns dir
  ns=$(ns_of "$role")
  dir=$(state_dir)
  mkdir -p "$dir/agents/$role"
  # Agents share the built Go server with this machine's own agent; each has its own work folder.
  mkdir -p "${GAUNTLET_LAB_CACHE:-$HOME/.gauntlet/agent/cache}"
  ln -sfn "${GAUNTLET_LAB_CACHE:-$HOME/.gauntlet/agent/cache}" "$dir/agents/$role/cache"
  # shellcheck disable=SC2086
  (release_lock; exec setsid nsenter --net="/run/netns/$ns" java ${GAUNTLET_LAB_JAVA_OPTS:--Xms64m -Xmx1g} -jar "$jar" agent \
    --listen "$(mgmt_ip "$role"):$AGENT_PORT" --name "$ns" --launcher process --work-dir "$dir/agents/$role" --token-file "$dir/token" \
    >"$dir/logs/agent-$role.log" 2>&1 </dev/null) &
  echo $! >"$dir/pids/agent-$role"
}

agent_answers() { # agent_answers ROLE: its gRPC port accepts connections
  timeout 2 bash -c "exec 3<>/dev/tcp/$(mgmt_ip "$1")/$AGENT_PORT" 2>/dev/null
}

agent_alive_and_answers() {
  local pid
  pid=$(cat "$(state_dir)/pids/agent-$1")
  if [[ ! -d /proc/$pid ]]; then
    tail -n 20 "$(state_dir)/logs/agent-$1.log" >&2
    die "the agent on $1 exited while starting (log: $(state_dir)/logs/agent-$1.log)"
  fi
  agent_answers "$1"
}

cmd_up() {
  require_root_and_tools ip tc nsenter wireguard-go openssl perl java flock setsid od
  check_name "$id"
  parse_rate "$peer_rate" >/dev/null
  [[ -z $delay ]] || check_time --delay "$delay"
  [[ -z $jitter ]] || check_time --jitter "$jitter"
  [[ -z $jitter || -n $delay ]] || die "--jitter needs --delay (netem varies the delay it adds)"
  find_jar
  with_lock
  if [[ -d $(state_dir) || -n $(lab_namespaces) ]]; then
    die "lab '$id' exists already; take it down first: $0 down --name $id"
  fi
  pick_slot
  local dir
  dir=$(state_dir)
  mkdir -p "$dir/logs" "$dir/pids"
  # The agents listen beyond loopback, which they refuse without authentication: one token for all.
  (umask 077 && openssl rand -hex 32 >"$dir/token")
  printf 'slot=%s\npeer_rate=%s\ndelay=%s\njitter=%s\njar=%s\n' "$slot" "$peer_rate" "$delay" "$jitter" "$jar" >"$dir/lab.env"
  # From here on, any failure takes down whatever was built.
  trap 'status=$?; trap - ERR EXIT; if ((status != 0)); then say "up failed; removing the partial lab"; destroy >/dev/null 2>&1 || true; fi; exit $status' EXIT
  trap 'exit 1' ERR

  local role
  for role in "${ROLES[@]}"; do
    make_namespace "$(ns_of "$role")"
    make_management_link "$role"
  done
  make_namespace "$(wifi_ns)"

  # laptop <-> Wi-Fi: the hop WireGuard runs over, capped both ways like a Wi-Fi link.
  veth "$(ns_of laptop)" "$(wlan_if)" "$WLAN_LAPTOP/30" "$(wifi_ns)" "$(wlan_if)" "$WLAN_PEER/30"
  shape "$(ns_of laptop)" "$(wlan_if)" "$peer_rate"
  shape "$(wifi_ns)" "$(wlan_if)" "$peer_rate"
  make_wireguard

  # cloud-target <-> cloud-attacker: the provider's backplane, as fast as this machine goes.
  veth "$(ns_of cloud-target)" "$(vpc_if)" "$VPC_TARGET/30" "$(ns_of cloud-attacker)" "$(vpc_if)" "$VPC_ATTACKER/30"
  # laptop <-> cloud-target: the laptop's way to the cloud. One host route lets it reach the
  # target at its backplane address, so both load agents of a plan use the same target.address.
  veth "$(ns_of laptop)" "$(wan_if)" "$WAN_LAPTOP/30" "$(ns_of cloud-target)" "$(wan_if)" "$WAN_TARGET/30"
  ip -n "$(ns_of laptop)" route add "$VPC_TARGET/32" via "$WAN_TARGET" dev "$(wan_if)"
  if [[ -n $delay ]]; then
    shape "$(ns_of laptop)" "$(wan_if)" ""
    shape "$(ns_of cloud-target)" "$(wan_if)" ""
  fi

  check_isolation
  for role in "${ROLES[@]}"; do
    start_agent "$role"
  done
  for role in "${ROLES[@]}"; do
    wait_for "the agent on $role to answer at $(mgmt_ip "$role"):$AGENT_PORT" \
      "${GAUNTLET_LAB_AGENT_TIMEOUT:-180}" "$dir/logs/agent-$role.log" agent_alive_and_answers "$role"
  done
  trap - EXIT ERR
  say "lab '$id' is up (slot $slot, peer link $peer_rate${delay:+, delay $delay${jitter:+ ±$jitter}}); take it down with: $0 down${id:+ --name $id}"
  print_agents
}

# ---------------------------------------------------------------------------------------------
# Isolation: nothing of the lab can reach anything outside it.

check_isolation() {
  local ns problems=()
  for ns in $(lab_namespaces); do
    [[ -z $(ip -n "$ns" -4 route show default) ]] || problems+=("$ns has an IPv4 default route")
    [[ -z $(ip -n "$ns" -6 route show default 2>/dev/null) ]] || problems+=("$ns has an IPv6 default route")
    [[ $(in_ns "$ns" sysctl -n net.ipv4.ip_forward) == 0 ]] || problems+=("$ns forwards packets")
    if command -v iptables >/dev/null 2>&1; then
      [[ -z $(in_ns "$ns" iptables -t nat -S 2>/dev/null | grep -v '^-P') ]] || problems+=("$ns has NAT rules")
    fi
    # A destination outside the lab must have no route at all (checked locally: nothing is sent).
    ! ip -n "$ns" route get 192.0.2.1 >/dev/null 2>&1 || problems+=("$ns has a route to 192.0.2.1 (outside the lab)")
  done
  # The peer is reachable only through the tunnel: no interface of it touches the Wi-Fi.
  if ip netns list | grep -q "^$(ns_of peer)\b"; then
    local peer_ifs
    peer_ifs=$(ip -n "$(ns_of peer)" -o link show | awk -F': ' '{print $2}' | sed 's/@.*//' | sort | tr '\n' ' ')
    [[ $peer_ifs == "$(printf '%s\n' lo "$(mgmt_if)" "$(wg_if pr)" | sort | tr '\n' ' ')" ]] \
      || problems+=("the peer has interfaces beyond lo, management and WireGuard: $peer_ifs")
    if ip netns list | grep -q "^$(ns_of laptop)\b"; then
      ip -n "$(ns_of laptop)" route get "$TUNNEL_PEER" 2>/dev/null | grep -q "dev $(wg_if lp)" \
        || problems+=("the laptop does not reach the peer through WireGuard")
    fi
  fi
  if ((${#problems[@]})); then
    printf 'lab: isolation check failed: %s\n' "${problems[@]}" >&2
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# down: everything the lab made, whether or not its state survived.

lab_pids() { # processes of lab $id: inside its namespaces, or naming its interfaces or agents
  local ns
  for ns in $(lab_namespaces); do
    ip netns pids "$ns" 2>/dev/null || true
  done
  local pid_file
  for pid_file in "$(state_dir)"/pids/*; do
    [[ -f $pid_file ]] && cat "$pid_file"
  done
  # After a crash a namespace may have lost its name while its processes hold it open.
  local proc cmdline
  for proc in /proc/[0-9]*; do
    cmdline=$(tr '\0' ' ' <"$proc/cmdline" 2>/dev/null) || continue
    case $cmdline in
      *"wireguard-go -f $id-wg-"*|*" agent "*"--name $id-laptop "*|*" agent "*"--name $id-peer "*|\
      *" agent "*"--name $id-cloud-target "*|*" agent "*"--name $id-cloud-attacker "*)
        echo "${proc#/proc/}" ;;
    esac
  done
}

belongs_to_lab() { # a pid read from a file may have been reused by an unrelated process since
  local pid=$1 cmdline netns
  [[ -d /proc/$pid ]] || return 1
  cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  [[ $cmdline == *"$id-"* ]] && return 0
  netns=$(ip netns identify "$pid" 2>/dev/null) || return 1
  [[ -n $netns && $netns == "$id-"* ]]
}

stop_processes() {
  local pids=() pid
  for pid in $(lab_pids | sort -un); do
    [[ $pid == "$$" || $pid == "$BASHPID" ]] && continue
    belongs_to_lab "$pid" && pids+=("$pid")
  done
  ((${#pids[@]})) || return 0
  # Agents end their sessions on SIGTERM (stopping their targets); give them a moment to.
  kill -TERM "${pids[@]}" 2>/dev/null || true
  local deadline=$((SECONDS + 15)) alive
  while ((SECONDS < deadline)); do
    alive=()
    for pid in "${pids[@]}"; do
      [[ -d /proc/$pid ]] && alive+=("$pid")
    done
    ((${#alive[@]})) || return 0
    sleep 0.2
  done
  kill -KILL "${alive[@]}" 2>/dev/null || true
}

remove_cgroups() { # targets of an agent that was killed outright keep their cgroups
  local group controller pid
  for controller in "" cpu cpuacct memory; do
    for group in /sys/fs/cgroup/${controller:+$controller/}gauntlet-"$id"-{laptop,peer,cloud-target,cloud-attacker}--*; do
      [[ -d $group ]] || continue
      for pid in $(cat "$group/cgroup.procs" 2>/dev/null); do
        kill -KILL "$pid" 2>/dev/null || true
      done
      rmdir "$group" 2>/dev/null || true
    done
  done
}

destroy() {
  stop_processes
  remove_cgroups
  local ns dev
  for ns in $(lab_namespaces); do
    ip netns del "$ns" 2>/dev/null || true
  done
  for dev in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E "^$id-(m-(lp|pr|ct|ca)|wg-(lp|pr))$" || true); do
    ip link del "$dev" 2>/dev/null || true
  done
  rm -f "/var/run/wireguard/$id-wg-lp.sock" "/var/run/wireguard/$id-wg-pr.sock"
  rm -rf "$(state_dir)"
}

leftovers() { # what of lab $id still exists; empty when it is gone
  local ns dev
  for ns in $(lab_namespaces); do echo "namespace $ns"; done
  for dev in $(ip -o link show 2>/dev/null | awk -F': ' '{print $2}' | sed 's/@.*//' | grep -E "^$id-" || true); do
    echo "interface $dev"
  done
  for pid in $(lab_pids | sort -un); do
    belongs_to_lab "$pid" && echo "process $pid ($(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | cut -c1-80))"
  done
  ls /var/run/wireguard/"$id"-wg-*.sock 2>/dev/null | sed 's/^/socket /'
  [[ -d $(state_dir) ]] && echo "folder $(state_dir)"
  return 0
}

cmd_down() {
  require_root_and_tools ip nsenter flock
  check_name "$id"
  with_lock
  destroy
  local left
  left=$(leftovers)
  [[ -z $left ]] || die "could not remove all of lab '$id':"$'\n'"$left"
  say "lab '$id' is down"
}

# ---------------------------------------------------------------------------------------------
# status, agents, exec

print_agents() {
  load_state || die "no lab '$id' (lab.sh up${id:+ --name $id} makes it)"
  echo "agents:"
  local role
  for role in "${ROLES[@]}"; do
    echo "  $role: $(mgmt_ip "$role"):$AGENT_PORT"
  done
  echo "auth:"
  echo "  token_file: $(state_dir)/token"
  echo "# target.address, the host load agents use: $(data_ip peer) for a target on peer (through"
  echo "# WireGuard, from laptop), $(data_ip cloud-target) for a target on cloud-target (from cloud-attacker or laptop)"
}

cmd_status() {
  require_root_and_tools ip nsenter
  if [[ $id == "$DEFAULT_NAME" && ! -d $(state_dir) ]]; then
    local any=0 env_file
    for env_file in "$STATE_ROOT"/*/lab.env; do
      [[ -f $env_file ]] || continue
      any=1
      echo "lab $(basename "$(dirname "$env_file")"): $(tr '\n' ' ' <"$env_file")"
    done
    ((any)) || echo "no lab is up (lab.sh up makes one)"
    return 0
  fi
  load_state || die "no lab '$id'; its leftovers, if any:"$'\n'"$(leftovers)"
  echo "lab '$id': slot $slot, peer link $peer_rate${delay:+, delay $delay${jitter:+ ±$jitter}}, state in $(state_dir)"
  local role ns pid
  for role in "${ROLES[@]}"; do
    ns=$(ns_of "$role")
    pid=$(cat "$(state_dir)/pids/agent-$role" 2>/dev/null || echo "?")
    if agent_answers "$role"; then
      echo "  $role: agent answers at $(mgmt_ip "$role"):$AGENT_PORT (pid $pid), data address $(data_ip "$role")"
    else
      echo "  $role: agent NOT answering at $(mgmt_ip "$role"):$AGENT_PORT (pid $pid; log $(state_dir)/logs/agent-$role.log)"
    fi
  done
  local dev
  for dev in "$(wg_if lp)" "$(wg_if pr)"; do
    if [[ -S /var/run/wireguard/$dev.sock ]]; then
      echo "  wireguard $dev: $(printf 'get=1\n\n' | uapi "$dev" | awk -F= '$1 ~ /^(last_handshake_time_sec|rx_bytes|tx_bytes)$/ { printf "%s=%s ", $1, $2 }')"
    else
      echo "  wireguard $dev: NOT running"
    fi
  done
  echo "  Wi-Fi link shaping: $(tc -n "$(ns_of laptop)" qdisc show dev "$(wlan_if)" | tr '\n' ';')"
  if check_isolation; then
    echo "  isolation: no default route, no forwarding, no NAT in any lab namespace; peer only through WireGuard"
  fi
}

cmd_exec() {
  require_root_and_tools nsenter
  ((${#rest[@]} >= 2)) || die "exec needs a machine and a command, e.g. lab.sh exec laptop ip addr"
  local role=${rest[0]}
  role_index "$role" >/dev/null
  load_state || die "no lab '$id'"
  exec nsenter --net="/run/netns/$(ns_of "$role")" "${rest[@]:1}"
}

main() {
  (($#)) || usage
  local command=$1
  shift
  parse_options "$@"
  case $command in
    up) ((${#rest[@]} == 0)) || die "up takes no arguments, got '${rest[*]}'"; cmd_up ;;
    down) cmd_down ;;
    status) cmd_status ;;
    agents) check_name "$id"; print_agents ;;
    exec) check_name "$id"; cmd_exec ;;
    -h|--help|help) usage ;;
    *) die "unknown command '$command' (up, down, status, agents, exec)" ;;
  esac
}

main "$@"
