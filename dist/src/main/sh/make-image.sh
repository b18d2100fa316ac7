#!/usr/bin/env bash
# Builds the agent image from an unpacked release, with no registry: FROM scratch, the release
# (its jlink runtime included) and the shared libraries that runtime loads, as ldd resolves them on
# this machine — the way the agent builds its offline server images.
#   make-image.sh RELEASE_DIR TAG      e.g. make-image.sh dist/gauntlet-0.1.0-linux-x86_64 gauntlet/agent:0.1.0
set -euo pipefail
release=$(cd "$1" && pwd -P) tag=$2
[[ -f "$release/RELEASE" ]] || { echo "make-image: $release is not an unpacked release (no RELEASE file)" >&2; exit 2; }
command -v docker >/dev/null || { echo "make-image: docker is not installed" >&2; exit 1; }
context=$(mktemp -d "${TMPDIR:-/tmp}/gauntlet-image.XXXXXX")
trap 'rm -rf "$context"' EXIT
root="$context/rootfs"
mkdir -p "$root/opt" "$root/root" "$root/etc"
mkdir -m 1777 "$root/tmp"
cp -a "$release" "$root/opt/gauntlet"
# Every library the runtime's executables and shared objects need (the loader included). Natives
# inside the jar (netty, JNA) are unpacked at run time and need libc, libdl, libpthread and
# libgcc_s, which the JVM's own libraries pull in.
{
  find "$release/runtime" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 |
    xargs -0 -n1 ldd 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\) (0x.*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (0x.*/\1/p'
  ls /lib/*-linux-gnu/libgcc_s.so.1 /usr/lib/*-linux-gnu/libgcc_s.so.1 2>/dev/null || true
} | sort -u | while read -r lib; do
  mkdir -p "$root$(dirname "$lib")"
  cp -L "$lib" "$root$lib"
done
# The loader's canonical path (/lib64/ld-linux-x86-64.so.2) may be a link on the host.
if [[ -e /lib64/ld-linux-x86-64.so.2 && ! -e "$root/lib64/ld-linux-x86-64.so.2" ]]; then
  mkdir -p "$root/lib64" && cp -L /lib64/ld-linux-x86-64.so.2 "$root/lib64/"
fi
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' > "$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
cat > "$context/Dockerfile" <<DOCKERFILE
FROM scratch
COPY rootfs/ /
ENV HOME=/root PATH=/opt/gauntlet/runtime/bin:/usr/local/bin:/usr/bin:/bin
LABEL gauntlet.image="agent" gauntlet.release="$(cat "$release/RELEASE")"
ENTRYPOINT ["/opt/gauntlet/runtime/bin/java", "-Dgauntlet.home=/opt/gauntlet", "-jar", "/opt/gauntlet/lib/gauntlet.jar"]
CMD ["agent", "--help"]
DOCKERFILE
docker build -q -t "$tag" "$context" >/dev/null 2>"$context/build.log" || { cat "$context/build.log" >&2; exit 1; }
echo "make-image: $tag ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}')), release $(cat "$release/RELEASE")" >&2
