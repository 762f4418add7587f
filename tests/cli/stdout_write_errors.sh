# label: cli
# What a command prints is its product: when standard output cannot take
# it (/dev/full), the command exits 3 with a message, and not 0.
. "$(dirname "$0")/lib.sh"
mkdir -p "$T/in" "$T/out/.rasterpool"
printf 'x' >"$T/in/a.tif"
J="$T/out/.rasterpool/journal.jsonl"
printf '{"type":"run","tasks":2}\n{"input":"%s","status":"failed","error":"e"}\n{"input":"/vsicurl/http://h/b.tif","status":"failed"}\n' "$T/in/a.tif" >"$J"
commands=(
  "$T/in $T/out2 --dry-run"
  "plan $T/in $T/out2"
  "status $T/out"
  "status $T/out --failed"
  "report $J"
  "--version"
)
for c in "${commands[@]}"; do
  # shellcheck disable=SC2086
  rc=0; "$RASTERPOOL" $c >/dev/null 2>"$T/err" || rc=$?
  [ "$rc" = 0 ] || [ "$rc" = 1 ] || { cat "$T/err"; fail "$c to /dev/null: exit $rc"; }
  ok_rc=$rc
  rc=0; "$RASTERPOOL" $c >/dev/full 2>"$T/err" || rc=$?
  [ "$rc" = 3 ] || fail "$c > /dev/full: exit $rc (to /dev/null: $ok_rc)"
  expect_in "$T/err" "rasterpool: cannot write standard output"
  [ "$(grep -c . "$T/err")" = 1 ] || fail "$c: $(cat "$T/err")"
done
[ ! -e "$T/out2" ] || fail "--dry-run or plan created OUT_DIR"
