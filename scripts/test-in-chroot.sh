#!/usr/bin/env bash
# Runs the README's test command (./test.sh) on another Debian release, the
# way sbuild and pbuilder test in a clean root:
#
#   scripts/test-in-chroot.sh DIST [CTEST ARGUMENTS]   # bookworm, trixie, sid
#   scripts/test-in-chroot.sh --prepare DIST...        # only debootstrap
#   scripts/test-in-chroot.sh --exec DIST COMMAND...   # another command
#
# The first run debootstraps a minbase root of DIST into
# $RP_CHROOT_CACHE/DIST/base (default /var/tmp/rasterpool-chroots), kept
# pristine, and copies it to DIST/suite, where ./test.sh installs the
# packages it needs; later runs reuse both (delete DIST/suite for a clean
# one). The work tree is copied afresh into DIST/suite/build/rasterpool
# each time. See chroot-lib.sh for the mounts. Needs root, debootstrap and
# unshare (util-linux).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
. "$REPO/scripts/chroot-lib.sh"
# The body is one function, read whole before it runs: editing this file
# during a run cannot change what the run does.
main() {
  usage() { sed -n '5,7p' "$0" | sed 's/^# */usage: /' >&2; exit 2; }
  [ $# -ge 1 ] || usage
  mode="test"
  case $1 in
    --prepare) shift; for d in "$@"; do make_base "$d"; done; exit 0 ;;
    --exec) mode="exec"; shift ;;
    -*) usage ;;
  esac
  [ $# -ge 1 ] || usage
  DIST=$1; shift
  [ "$mode" = test ] || [ $# -ge 1 ] || usage

  make_base "$DIST"
  ROOT=$CACHE/$DIST/suite
  [ -d "$ROOT" ] || copy_base "$DIST" "$ROOT"
  configure_root "$ROOT"
  copy_tree "$REPO" "$ROOT/build/rasterpool"
  # The bench's peers (the seed's script), where the checkout has them beside.
  if [ -d "$REPO/../shared/peers" ]; then
    rm -rf "$ROOT/build/shared"
    mkdir -p "$ROOT/build/shared"
    cp -r "$REPO/../shared/peers" "$ROOT/build/shared/"
  fi

  start=$(date +%s)
  status=0
  if [ "$mode" = test ]; then
    in_root "$ROOT" /build/rasterpool ./test.sh "$@" || status=$?
  else
    in_root "$ROOT" /build/rasterpool "$@" || status=$?
  fi
  echo "test-in-chroot: $DIST: $* exit $status after $(( $(date +%s) - start )) s"
  exit "$status"
}
main "$@"
