# label: cli
# An empty IN_DIR: the seed's warning, exit 0, OUT_DIR created as the seed does.
. "$(dirname "$0")/lib.sh"
mkdir "$T/in"
touch "$T/in/readme.txt"
run_rp "$T/in" "$T/out"
expect_rc 0
expect_in "$T/log" "[WARNING] MainProcess: No .tif files found in input directory."
[ -d "$T/out" ] || fail "OUT_DIR not created"
[ -z "$(ls -A "$T/out")" ] || fail "OUT_DIR not empty"
expect_seed_log_format "$T/log"
