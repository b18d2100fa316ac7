#!/usr/bin/env bash
# Assembles the self-contained release from the Linux-only jar (made by the shade plugin before this
# runs) and a Java runtime made with jlink, then packs it:
#   make-release.sh VERSION ARCH JAR REPO OUT   ->  OUT/gauntlet-VERSION-linux-ARCH/ and its .tar.gz
# The folder's RELEASE file names the exact release (VERSION-HASH of every file but the runtime's
# base CDS archives): the controller uploads to an SSH agent only when ~/.cache/gauntlet/<that>/ is
# absent there.
set -euo pipefail
version=$1 arch=$2 jar=$3 repo=$4 out=$5
name="gauntlet-$version-linux-$arch"
dir="$out/$name"
[[ $(uname -m) == "$arch" ]] || { echo "make-release: this machine is $(uname -m); the release is built for $arch only" >&2; exit 1; }
jlink_bin="${JAVA_HOME:+$JAVA_HOME/bin/}jlink"
command -v "$jlink_bin" >/dev/null || { echo "make-release: jlink not found; install a JDK 17 (openjdk-17-jdk-headless)" >&2; exit 1; }

# The modules the jar needs (jdeps --print-module-deps on it, checked once: a minute per build is too
# much), plus java.rmi (MINA SSHD throws java.rmi.ServerException), jdk.httpserver (--metrics), jdk.crypto.ec for TLS with EC keys, which jdeps cannot see (a provider looked up by name).
modules=java.base,java.logging,java.management,java.naming,java.net.http,java.rmi,java.security.jgss,java.sql,jdk.crypto.ec,jdk.httpserver,jdk.jfr,jdk.management,jdk.unsupported

rm -rf "$dir" "$dir.tar.gz"
mkdir -p "$dir/bin" "$dir/lib" "$dir/systemd"
# --generate-cds-archive: the runtime's base class-data archive of the JDK's own classes, which the
# launcher's per-command archives of Gauntlet's classes need under them (a dynamic archive cannot be
# recorded without a base one).
"$jlink_bin" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --compress=2 --generate-cds-archive --output "$dir/runtime"
cp "$jar" "$dir/lib/gauntlet.jar"
cp "$repo/dist/src/main/release/gauntlet" "$dir/bin/gauntlet"
chmod 755 "$dir/bin/gauntlet"
cp "$repo/scripts/jvm-options.sh" "$dir/lib/jvm-options.sh"
cp "$repo/deploy/systemd/gauntlet-agent.service" "$dir/systemd/"
cp "$repo/dist/src/main/release/README.md" "$dir/README.md"
# The runtime's base class-data archives (*.jsa) are left out: JDK 17 writes them differently on every
# build of the same runtime, and an unchanged rebuild must keep its id (the controller uploads by it).
hash=$(cd "$dir" && find . -type f ! -name '*.jsa' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
echo "$version-$hash" > "$dir/RELEASE"
tar -C "$out" -czf "$dir.tar.gz" "$name"
echo "make-release: $dir.tar.gz ($(du -sh "$dir.tar.gz" | cut -f1); unpacked $(du -sh "$dir" | cut -f1), runtime $(du -sh "$dir/runtime" | cut -f1)), release $version-$hash" >&2
