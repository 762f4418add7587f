# Sourced by every integration test. CTest sets RASTERPOOL,
# RASTERPOOL_WORKER_BIN, FAKE_WORKER and HELPERS.
set -euo pipefail
T=$(mktemp -d /tmp/rp-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
MAKE_RASTERS="/usr/bin/python3 $HELPERS/make_rasters.py"
SEED_ARGS=(-t_srs EPSG:4326 -r bilinear -et 0.125 -of GTiff -co TILED=YES
           -co COMPRESS=LZW -co BIGTIFF=YES -wo NUM_THREADS=1)

fail() { echo "FAIL: $*" >&2; exit 1; }

# run_rp ARGS...: runs rasterpool, leaves the exit code in $rc, stdout in
# $T/log and stderr in $T/err.
run_rp() {
  rc=0
  "$RASTERPOOL" "$@" >"$T/log" 2>"$T/err" || rc=$?
}

expect_rc() {
  [ "$rc" = "$1" ] || { cat "$T/log" "$T/err" >&2; fail "exit $rc, wanted $1"; }
}

expect_in() { # FILE TEXT
  grep -qF -- "$2" "$1" || { cat "$1" >&2; fail "'$2' not in $1"; }
}

# gdalwarp's own output for the seed's options, for byte comparison.
reference() { # IN OUT [extra gdalwarp args]
  local in=$1 out=$2; shift 2
  rm -f "$out"   # gdalwarp would warp into an existing file, not replace it
  gdalwarp -q "${SEED_ARGS[@]}" "$@" "$in" "$out" 2>/dev/null
}

expect_no_temp_files() {
  local left
  left=$(find "$@" -name '.rasterpool-*' | head -5)
  [ -z "$left" ] || fail "temporary files left: $left"
}

# The log format of the seed's script, line by line.
expect_seed_log_format() {
  local bad
  bad=$(grep -cvE '^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2},[0-9]{3} \[(DEBUG|INFO|WARNING|ERROR)\] (MainProcess|Worker-[0-9]+): ' "$1" || true)
  [ "$bad" = 0 ] || { cat "$1" >&2; fail "$bad log lines not in the seed's format"; }
}

# A private copy of the fake worker, so that pgrep sees only this test's.
private_fake_worker() {
  cp "$FAKE_WORKER" "$T/fake-worker"
  FAKE_WORKER="$T/fake-worker"
}

# AddressSanitizer builds reserve terabytes of address space and cannot run
# under valgrind: tests of either skip themselves there.
sanitizer_build() {
  case "$(ldd "$RASTERPOOL_WORKER_BIN")" in *libasan*) return 0 ;; esac
  return 1
}
