#!/usr/bin/env bash
# Installs what Gauntlet needs on a Debian machine, only what is missing, and says what it did.
#   --build     JDK 17 and Maven
#   --runtimes  the three servers' runtimes: Node.js, Bun, Go (for ./gauntlet demo)
#   --tests     everything the test suite needs: the above, Docker (dockerd started), wrk, iperf3,
#               chromium (renders report.html), prometheus (scrapes --metrics), and for the lab (deploy/lab, LabIT) wireguard-go, iproute2 (ip, tc), util-linux
#               (nsenter, setsid, flock) and openssl (WireGuard keys); for the release's tests
#               (dist module) openssh-server and openssh-client (a real sshd in a namespace),
#               systemd (systemd-analyze verify) and cloud-init (cloud-init schema)
# Without root, apt packages cannot be installed: it says which are missing and goes on; Bun is
# installed with npm under ~/.gauntlet/tools either way.
set -euo pipefail

want_build=0 want_runtimes=0 want_tests=0
for arg in "$@"; do
  case "$arg" in
    --build) want_build=1 ;;
    --runtimes) want_runtimes=1 ;;
    --tests) want_build=1 want_runtimes=1 want_tests=1 ;;
    *) echo "setup.sh: unknown option '$arg' (use --build, --runtimes or --tests)" >&2; exit 2 ;;
  esac
done

say() { echo "setup: $*" >&2; }
is_root() { [[ $(id -u) -eq 0 ]]; }
apt_updated=0
apt_install() {
  if ! is_root; then
    say "missing $*; install it as root: apt-get install -y $*"
    return 0
  fi
  if ((apt_updated == 0)); then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    apt_updated=1
  fi
  say "installing $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}
need_cmd() { # need_cmd COMMAND PACKAGE
  command -v "$1" >/dev/null 2>&1 || apt_install "$2"
}

if ((want_build)); then
  command -v javac >/dev/null 2>&1 || apt_install openjdk-17-jdk-headless
  need_cmd mvn maven
fi

if ((want_runtimes)); then
  need_cmd node nodejs
  need_cmd npm npm
  command -v go >/dev/null 2>&1 || [[ -x /usr/lib/go/bin/go ]] || apt_install golang-go
  if ! command -v bun >/dev/null 2>&1 && [[ ! -x "$HOME/.gauntlet/tools/node_modules/.bin/bun" ]]; then
    say "installing Bun with npm into ~/.gauntlet/tools"
    mkdir -p "$HOME/.gauntlet/tools"
    npm install --silent --no-audit --no-fund --prefix "$HOME/.gauntlet/tools" bun >&2
  fi
fi

if ((want_tests)); then
  need_cmd wrk wrk
  need_cmd iperf3 iperf3
  need_cmd wireguard-go wireguard-go
  need_cmd ip iproute2
  need_cmd tc iproute2
  need_cmd nsenter util-linux
  need_cmd openssl openssl
  need_cmd perl perl-base
  need_cmd curl curl
  need_cmd chromium chromium
  need_cmd prometheus prometheus
  [[ -x /usr/sbin/sshd ]] || apt_install openssh-server
  need_cmd ssh-keygen openssh-client
  need_cmd ssh-agent openssh-client
  need_cmd systemd-analyze systemd
  need_cmd cloud-init cloud-init
  command -v dockerd >/dev/null 2>&1 || apt_install docker.io
  if is_root && command -v dockerd >/dev/null 2>&1 && ! docker info >/dev/null 2>&1; then
    say "starting dockerd (log: /var/log/gauntlet-dockerd.log)"
    nohup dockerd >/var/log/gauntlet-dockerd.log 2>&1 &
    for _ in $(seq 1 60); do
      docker info >/dev/null 2>&1 && break
      sleep 0.5
    done
    docker info >/dev/null 2>&1 || { say "dockerd did not start; see /var/log/gauntlet-dockerd.log"; exit 1; }
  fi
fi
