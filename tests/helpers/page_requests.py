#!/usr/bin/python3
"""Lists the network requests a page made, from a Chromium net log
(--log-net-log): URL requests started on behalf of a document. Chromium's
own background requests have no origin ("not an origin") and are not the
page's. Exits 1 when the page made any. usage: page_requests.py NETLOG"""
import json
import sys

log = json.load(open(sys.argv[1]))
names = {v: k for k, v in log["constants"]["logEventTypes"].items()}
found = [e["params"]["url"] for e in log["events"]
         if names.get(e["type"]) == "URL_REQUEST_START_JOB"
         and e.get("params", {}).get("initiator", "not an origin") != "not an origin"]
for url in found:
    print("page request:", url)
sys.exit(1 if found else 0)
