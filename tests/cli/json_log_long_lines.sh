# label: gdal
# --log-format json: every line is one valid JSON object, however long the
# message (an input path of 17,000 bytes, its GDAL error) and whatever its
# bytes (quotes, backslashes, a Latin-1 file name).
. "$(dirname "$0")/lib.sh"
/usr/bin/python3 - "$T/list" <<'PY'
import sys
with open(sys.argv[1], "wb") as f:
    f.write(b"/vsicurl/http://127.0.0.1:9/" + b"a" * 17000 + b".tif\n")
    f.write(b"/nonexistent/q\"uo\\te\t\xe9t\xe9.tif\n")
PY
run_rp --from-list "$T/list" "$T/out" --log-format json
expect_rc 1
/usr/bin/python3 - "$T/log" <<'PY' || fail "log lines: $(cut -c1-200 "$T/log")"
import json, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
assert lines[-1] == b"", "the last line has no newline"
msgs = [json.loads(l.decode("utf-8"))["message"] for l in lines[:-1]]
long = [m for m in msgs if m.startswith("Failed /vsicurl/") and "a" * 17000 in m]
assert long and len(long[0]) > 17000, "the long line was cut"
assert any("q\"uo\\te\t\ufffdt\ufffd.tif" in m for m in msgs), msgs
PY
