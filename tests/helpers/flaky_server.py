#!/usr/bin/python3
"""An HTTP server on 127.0.0.1 that serves the files of a directory with
byte ranges, but answers the first request for each file with 503 Service
Unavailable: a store that is briefly overloaded, which GDAL's HTTP retries
(GDAL_HTTP_MAX_RETRY) get past. usage: flaky_server.py DIR PORTFILE
(writes the port it listens on to PORTFILE; stops on SIGTERM)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import range_server  # noqa: E402

refused = set()


class Flaky(range_server.RangeHandler):
    def refuse(self, name):
        if name in refused:
            return None
        refused.add(name)
        return 503


range_server.serve(Flaky, sys.argv[1], sys.argv[2])
