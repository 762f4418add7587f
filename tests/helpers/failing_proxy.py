#!/usr/bin/python3
"""An HTTP proxy on 127.0.0.1 in front of a server (s3rver) that drops the
connection, without an answer, of every request whose "METHOD URI" matches a
regular expression, after reading half of its body: an upload cut by the
network; with ACTION "stall" it never answers them instead (an upload in
progress, for a test to kill what is uploading). Other requests are
forwarded. Every request is logged as "METHOD URI STATUS" (STATUS "dropped"
or "stalled" for the matching ones, logged once half the body is read).
usage: failing_proxy.py TARGET_PORT PORTFILE LOGFILE REGEX [drop|stall]"""
import http.client
import http.server
import re
import socketserver
import sys
import time

TARGET, PORTFILE, LOG, RULE = (int(sys.argv[1]), sys.argv[2], sys.argv[3],
                               re.compile(sys.argv[4]))
STALL = len(sys.argv) > 5 and sys.argv[5] == "stall"


class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log(self, status):
        with open(LOG, "a") as f:
            f.write("%s %s %s\n" % (self.command, self.path, status))

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        if RULE.search("%s %s" % (self.command, self.path)):
            self.rfile.read(n // 2)
            self.log("stalled" if STALL else "dropped")
            while STALL:
                time.sleep(3600)
            self.close_connection = True
            return
        body = self.rfile.read(n) if n else None
        c = http.client.HTTPConnection("127.0.0.1", TARGET, timeout=60)
        headers = {k: v for k, v in self.headers.items()}
        c.request(self.command, self.path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        self.log(r.status)
        self.send_response(r.status)
        for k, v in r.getheaders():
            if k.lower() not in ("transfer-encoding", "connection",
                                 "content-length"):
                self.send_header(k, v)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)
        c.close()

    do_GET = do_PUT = do_POST = do_DELETE = do_HEAD = handle_any

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


server = Server(("127.0.0.1", 0), Proxy)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_address[1]))
import os  # noqa: E402
os.rename(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
