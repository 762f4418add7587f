#!/usr/bin/python3
"""An HTTP server on 127.0.0.1 that serves the files of a directory with
byte ranges, but drops every connection half way through the body: a
transfer cut mid-file. usage: dropping_server.py DIR PORTFILE
(writes the port it listens on to PORTFILE; stops on SIGTERM)."""
import http.server
import os
import re
import sys


class Dropper(http.server.BaseHTTPRequestHandler):
    def body(self, head_only):
        path = os.path.join(sys.argv[1], os.path.basename(self.path.split("?")[0]))
        if not os.path.isfile(path):
            self.send_error(404)
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
            chunk = data[start:end + 1]
            self.wfile.write(chunk[:max(1, len(chunk) // 2)])
            self.wfile.flush()
            self.close_connection = True

    def do_HEAD(self):
        self.body(True)

    def do_GET(self):
        self.body(False)

    def log_message(self, *args):
        pass


server = http.server.HTTPServer(("127.0.0.1", 0), Dropper)
with open(sys.argv[2], "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
