# shellcheck shell=bash
# Sourced by test-in-chroot.sh and test-deb-in-chroot.sh: cached debootstrap
# roots of Debian releases and a way to run a command inside one.
#
#   RP_CHROOT_CACHE  where roots live (default /var/tmp/rasterpool-chroots):
#                    DIST/base is a pristine minbase root, never changed
#                    after debootstrap; other roots are copies of it.
#   RP_MIRROR        the Debian mirror (default http://deb.debian.org/debian)
CACHE=${RP_CHROOT_CACHE:-/var/tmp/rasterpool-chroots}
MIRROR=${RP_MIRROR:-http://deb.debian.org/debian}

# make_base DIST: debootstraps $CACHE/DIST/base once; a half-made root never
# takes the name, so an interrupted run starts over.
make_base() {
  local dir=$CACHE/$1
  [ -d "$dir/base" ] && return 0
  if ! command -v debootstrap >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  fi
  mkdir -p "$dir"
  rm -rf "$dir/base.tmp"
  echo "chroot: debootstrap $1 into $dir/base"
  debootstrap --variant=minbase --include=ca-certificates "$1" \
    "$dir/base.tmp" "$MIRROR" > "$dir/debootstrap.log" 2>&1 \
    || { tail -n 20 "$dir/debootstrap.log" >&2; return 1; }
  mv "$dir/base.tmp" "$dir/base"
}

# copy_base DIST ROOT: ROOT becomes a copy of DIST's base, set up for apt.
copy_base() {
  rm -rf "$2.tmp"
  cp -a "$CACHE/$1/base" "$2.tmp"
  mv "$2.tmp" "$2"
}

# configure_root ROOT: unstable's Release can be past its Valid-Until (the
# archive re-signs it weekly; mirrors and snapshots lag), and the root uses
# the host's name service, so that apt and the tests' servers resolve names.
configure_root() {
  echo 'Acquire::Check-Valid-Until "false";' \
    > "$1/etc/apt/apt.conf.d/99rasterpool-valid-until"
  cp /etc/resolv.conf "$1/etc/resolv.conf"
  cp /etc/hosts "$1/etc/hosts"
  # The host's certificate authorities, for npm (the tests' s3rver): a
  # network that inspects TLS has its CA on the host, not in a new root.
  mkdir -p "$1/etc/ssl"
  if [ -r /etc/ssl/certs/ca-certificates.crt ]; then
    cp /etc/ssl/certs/ca-certificates.crt "$1/etc/ssl/rasterpool-host-ca.crt"
  fi
}

# copy_tree REPO DEST: the work tree (tracked and untracked files, not the
# ignored build directories), as it is now, uncommitted changes included.
copy_tree() {
  rm -rf "$2"
  mkdir -p "$2"
  (cd "$1" && git ls-files -z --cached --others --exclude-standard \
    | xargs -0 -r sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' sh \
    | tar --null -T - -cf -) | tar -xf - -C "$2"
}

# in_root ROOT DIR COMMAND...: runs COMMAND in DIR inside ROOT with /proc,
# /sys, /dev, /dev/pts and a tmpfs /dev/shm. The mounts live in a private
# mount namespace, so even a killed script leaves none on the host (the
# trap unmounts them otherwise), and the command in a PID namespace of its
# own: when it ends, the kernel ends whatever it left running (daemons of a
# failed test), and nothing else.
in_root() {
  # shellcheck disable=SC2016
  local inner='
set -euo pipefail
root=$1 dir=$2; shift 2
cleanup() {
  for m in dev/shm dev/pts dev sys proc; do
    if mountpoint -q "$root/$m"; then umount -l "$root/$m"; fi
  done
}
trap cleanup EXIT
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
chroot "$root" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM=dumb \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  DEBIAN_FRONTEND=noninteractive CI="${CI:-}" \
  NODE_EXTRA_CA_CERTS=/etc/ssl/rasterpool-host-ca.crt \
  RP_FUZZ_SECONDS="${RP_FUZZ_SECONDS:-60}" \
  bash -c "cd \"\$0\" && exec \"\$@\"" "$dir" "$@"
'
  unshare --mount --propagation private --pid --fork \
    bash -c "$inner" inner "$@"
}
