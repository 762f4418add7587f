#!/usr/bin/python3
"""An HTTP server on 127.0.0.1 that serves the files of a directory with
byte ranges, but drops every connection half way through the body: a
transfer cut mid-file. usage: dropping_server.py DIR PORTFILE
(writes the port it listens on to PORTFILE; stops on SIGTERM)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import range_server  # noqa: E402


class Dropper(range_server.RangeHandler):
    def send_body(self, chunk):
        self.wfile.write(chunk[:max(1, len(chunk) // 2)])
        self.wfile.flush()
        self.close_connection = True


range_server.serve(Dropper, sys.argv[1], sys.argv[2])
