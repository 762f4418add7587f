#!/usr/bin/python3
"""Checks a rasterpool journal: every line parses, has every field, and its
timings add up. usage: check_journal.py JOURNAL [expected-lines]
Prints "status input" per line for the calling test to inspect."""
import json
import sys

FIELDS = {"run", "input", "output", "status", "attempts", "threads", "worker", "pid", "start",
          "end", "stages", "bytes_in", "bytes_out", "pixels_in", "pixels_out",
          "error", "cpl_errno", "input_size", "input_mtime_ns", "options"}
STAGES = {"open", "warp", "write", "total", "commit"}

lines = [l for l in open(sys.argv[1], encoding="utf-8").read().splitlines()
         if '"type":"run"' not in l]   # a run's header line
if len(sys.argv) > 2 and len(lines) != int(sys.argv[2]):
    sys.exit("%d lines, expected %s" % (len(lines), sys.argv[2]))
for n, line in enumerate(lines, 1):
    r = json.loads(line)
    missing = FIELDS - set(r)
    if missing:
        sys.exit("line %d lacks %s" % (n, sorted(missing)))
    if set(r["stages"]) != STAGES:
        sys.exit("line %d stages %s" % (n, r["stages"]))
    s = r["stages"]
    if r["status"] == "ok":
        parts = s["open"] + s["warp"] + s["write"]
        if not s["commit"] > 0:
            sys.exit("line %d: an ok output without commit time" % n)
        if not 0 < parts <= s["total"] + 1e-6:
            sys.exit("line %d: stages %.6f > total %.6f" % (n, parts, s["total"]))
        seen = r["end"] - r["start"]   # what the supervisor saw
        if not s["total"] <= seen + 1e-3 or seen - s["total"] > 0.5:
            sys.exit("line %d: worker total %.4f vs supervisor %.4f"
                     % (n, s["total"], seen))
        if r["bytes_out"] <= 0 or r["pixels_out"] <= 0 or r["pixels_in"] <= 0:
            sys.exit("line %d: sizes %s" % (n, line))
        if r["error"] is not None or r["worker"] < 1 or r["pid"] <= 0:
            sys.exit("line %d: %s" % (n, line))
    elif r["status"] in ("failed", "crashed", "timeout"):
        if not r["error"]:
            sys.exit("line %d: failure without error" % n)
    elif r["status"] != "skipped":
        sys.exit("line %d: status %s" % (n, r["status"]))
    print(r["status"], r["input"])
