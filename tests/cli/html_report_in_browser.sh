# label: browser
# The HTML report of a real run, written by --report FILE.html and by
# `rasterpool report`, rendered by headless Chromium: the screenshot is not
# blank and the page asked nothing of the network.
. "$(dirname "$0")/lib.sh"
command -v chromium >/dev/null || { echo "note: chromium not installed"; exit 77; }
$MAKE_RASTERS "$T/in" tiny:30 corrupt
run_rp "$T/in" "$T/out" --workers 2 --report "$T/run.html"
expect_rc 1
expect_in "$T/run.html" "<svg class=\"timeline\""
expect_in "$T/run.html" "class=\"bar s-failed\""
expect_in "$T/run.html" "$T/in/corrupt.tif"
rc=0; "$RASTERPOOL" report "$T/out/.rasterpool/journal.jsonl" -o "$T/report.html" || rc=$?
expect_rc 0
cmp "$T/run.html" "$T/report.html" || fail "the two ways differ"
! grep -Eq '<script|https?://|url\(|@import|<link' "$T/report.html" || fail "external resources"
shoot() { # PAGE NAME
  timeout 120 chromium --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync \
    --no-first-run --disable-quic --user-data-dir="$T/profile-$2" \
    --log-net-log="$T/$2.net.json" --window-size=1200,1000 \
    --screenshot="$T/$2.png" "file://$1" >"$T/chromium.log" 2>&1 \
    || { cat "$T/chromium.log"; fail "chromium"; }
}
shoot "$T/report.html" report
/usr/bin/python3 "$HELPERS/png_not_blank.py" "$T/report.png" || fail "blank screenshot"
/usr/bin/python3 "$HELPERS/page_requests.py" "$T/report.net.json" || fail "the page made network requests"
# The same checks see a page that does load something, and a blank page.
echo '<html><body><img src="http://127.0.0.1:9/x.png"></body></html>' >"$T/bad.html"
shoot "$T/bad.html" bad
! /usr/bin/python3 "$HELPERS/page_requests.py" "$T/bad.net.json" || fail "request check is blind"
! /usr/bin/python3 "$HELPERS/png_not_blank.py" "$T/bad.png" || fail "blank check is blind"
