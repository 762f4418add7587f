#!/usr/bin/env bash
# Runs the README's test command (./test.sh) on another Debian release, the
# way sbuild and pbuilder test in a clean root:
#
#   scripts/test-in-chroot.sh DIST [CTEST ARGUMENTS]    # DIST: bookworm, trixie, sid
#
# The first run debootstraps a minbase root of DIST into
# $RP_CHROOT_CACHE/DIST/base (default /var/tmp/rasterpool-chroots), left
# pristine, and copies it to DIST/suite, where ./test.sh installs the
# packages it needs; later runs reuse both. The work tree (tracked and
# untracked files, not the ignored build directories) is copied afresh into
# DIST/suite/build/rasterpool each time. /proc, /sys, /dev, /dev/pts and a
# tmpfs /dev/shm are mounted in a private mount namespace and unmounted on
# any exit; the suite runs in a PID namespace, which ends what it leaves.
# Environment passed on: RP_FUZZ_SECONDS, CI. Arguments go to ./test.sh,
# which passes them to ctest (-R NAME, -L LABEL).
# Needs root (debootstrap, chroot, mount), debootstrap and unshare.
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 DIST [CTEST ARGUMENTS]" >&2; exit 2; }
DIST=$1; shift
REPO=$(cd "$(dirname "$0")/.." && pwd)
CACHE=${RP_CHROOT_CACHE:-/var/tmp/rasterpool-chroots}
MIRROR=${RP_MIRROR:-http://deb.debian.org/debian}

# Makes $CACHE/$DIST/base once; a half-made root never takes its name.
make_base() {
  local dir=$CACHE/$DIST
  [ -d "$dir/base" ] && return 0
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  mkdir -p "$dir"
  rm -rf "$dir/base.tmp"
  echo "test-in-chroot: debootstrap $DIST into $dir/base"
  debootstrap --variant=minbase --include=ca-certificates "$DIST" \
    "$dir/base.tmp" "$MIRROR" > "$dir/debootstrap.log" 2>&1 \
    || { tail -n 20 "$dir/debootstrap.log" >&2; exit 1; }
  mv "$dir/base.tmp" "$dir/base"
}

# Settings every root gets: unstable's Release can be past its Valid-Until
# (the archive re-signs it, snapshots and mirrors lag), and the name
# service of the host so that apt and the tests' servers resolve names.
configure_root() {
  local root=$1
  echo 'Acquire::Check-Valid-Until "false";' \
    > "$root/etc/apt/apt.conf.d/99rasterpool-valid-until"
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  cp /etc/hosts "$root/etc/hosts"
}

make_base
ROOT=$CACHE/$DIST/suite
if [ ! -d "$ROOT" ]; then
  cp -a "$CACHE/$DIST/base" "$ROOT.tmp"
  mv "$ROOT.tmp" "$ROOT"
fi
configure_root "$ROOT"

rm -rf "$ROOT/build/rasterpool"
mkdir -p "$ROOT/build/rasterpool"
(cd "$REPO" && git ls-files -z --cached --others --exclude-standard \
  | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh \
  | tar --null -T - -cf -) | tar -xf - -C "$ROOT/build/rasterpool"

# The mounts live in a private mount namespace, so even a killed script
# leaves none on the host (the trap unmounts them in the normal case), and
# the suite in a PID namespace of its own: when it ends, the kernel ends
# whatever it left running (daemons of a failed test), and nothing else.
# shellcheck disable=SC2016
inner='
set -euo pipefail
root=$1; shift
cleanup() {
  for m in dev/shm dev/pts dev sys proc; do
    mountpoint -q "$root/$m" && umount -l "$root/$m"
  done
  return 0
}
trap cleanup EXIT
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  CI="${CI:-}" RP_FUZZ_SECONDS="${RP_FUZZ_SECONDS:-60}" \
  bash -c "cd /build/rasterpool && ./test.sh \"\$@\"" test.sh "$@"
'
start=$(date +%s)
status=0
unshare --mount --propagation private --pid --fork bash -c "$inner" inner "$ROOT" "$@" \
  || status=$?
echo "test-in-chroot: $DIST: exit $status after $(( $(date +%s) - start )) s"
exit "$status"
