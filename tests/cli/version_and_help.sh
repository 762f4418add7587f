# label: cli
. "$(dirname "$0")/lib.sh"
run_rp --version
expect_rc 0
expect_in "$T/log" "rasterpool 0."
expect_in "$T/log" "$(gdalinfo --version | sed 's/GDAL \([0-9.]*\).*/\1/')"
run_rp --help
expect_rc 0
expect_in "$T/log" "usage: rasterpool [warp] IN_DIR OUT_DIR"
expect_in "$T/log" "Exit status"
RASTERPOOL_WORKER=/nonexistent run_rp "$T" "$T/out"
expect_rc 3
expect_in "$T/err" "cannot find rasterpool-worker"
