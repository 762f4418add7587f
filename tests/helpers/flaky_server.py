#!/usr/bin/python3
"""An HTTP server on 127.0.0.1 that serves the files of a directory with
byte ranges, but answers the first request for each file with 503 Service
Unavailable: a store that is briefly overloaded, which GDAL's HTTP retries
(GDAL_HTTP_MAX_RETRY) get past. usage: flaky_server.py DIR PORTFILE
(writes the port it listens on to PORTFILE; stops on SIGTERM)."""
import http.server
import os
import re
import sys

refused = set()


class Flaky(http.server.BaseHTTPRequestHandler):
    def body(self, head_only):
        name = os.path.basename(self.path.split("?")[0])
        path = os.path.join(sys.argv[1], name)
        if not os.path.isfile(path):
            self.send_error(404)
            return
        if name not in refused:
            refused.add(name)
            self.send_error(503)
            return
        data = open(path, "rb").read()
        start, end = 0, len(data) - 1
        m = re.match(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        if m:
            start = int(m.group(1))
            end = min(int(m.group(2) or end), len(data) - 1)
            self.send_response(206)
            self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, len(data)))
        else:
            self.send_response(200)
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        if not head_only:
            self.wfile.write(data[start:end + 1])

    def do_HEAD(self):
        self.body(True)

    def do_GET(self):
        self.body(False)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Flaky)
with open(sys.argv[2], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
