# label: gdal
# One journal line per task with every field; stage timings add up to at
# most the total, and the total is what the supervisor saw.
. "$(dirname "$0")/lib.sh"
$MAKE_RASTERS "$T/in"
$MAKE_RASTERS "$T/in" corrupt
run_rp "$T/in" "$T/out" --workers 2
expect_rc 1
J="$T/out/.rasterpool/journal.jsonl"
/usr/bin/python3 "$HELPERS/check_journal.py" "$J" 7 >"$T/lines" || fail "journal"
[ "$(grep -c '^ok ' "$T/lines")" = 6 ] || fail "ok lines: $(cat "$T/lines")"
expect_in "$T/lines" "failed $T/in/corrupt.tif"
grep '"status":"failed"' "$J" | grep -q '"cpl_errno":[1-9]' || fail "no GDAL error number"
grep '"status":"failed"' "$J" | grep -q 'TIFFReadEncodedTile' || fail "no error text"
# --journal puts it elsewhere; the run appends, never rewrites.
run_rp "$T/in" "$T/out2" --journal "$T/j/custom.jsonl"
run_rp "$T/in" "$T/out2" --journal "$T/j/custom.jsonl"
expect_in "$T/log" "Skipping 6 rasters done by an earlier run"
# Skipped inputs get no line: only the corrupt one's second failure.
/usr/bin/python3 "$HELPERS/check_journal.py" "$T/j/custom.jsonl" 8 >"$T/lines" || fail "custom journal"
[ "$(grep -c '^failed ' "$T/lines")" = 2 ] || fail "second run: $(cat "$T/lines")"
[ ! -e "$T/out2/.rasterpool" ] || fail "default journal written too"
# A journal cut mid-line by a crash is still readable.
printf '{"input":"%s/in/utm.tif","status":"o' "$T" >>"$J"
run_rp "$T/in" "$T/out"
expect_rc 1
expect_in "$T/log" "Skipping 6 rasters done by an earlier run (journal $J)"
