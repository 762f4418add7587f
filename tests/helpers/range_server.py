"""What the test HTTP servers share: the files of a directory served on
127.0.0.1 with byte ranges (HEAD, GET, Range: bytes=A-B). Each server
changes one thing by overriding a hook: refuse() answers a request with an
error instead, send_body() sends the body its own way; last_modified, when
set, is sent as the Last-Modified header, verbatim.

    class Mine(range_server.RangeHandler):
        def refuse(self, name): return 503 if ... else None
    range_server.serve(Mine, DIR, PORTFILE)   # until SIGTERM

serve() writes the port it listens on to PORTFILE."""
import http.server
import os
import re


class RangeHandler(http.server.BaseHTTPRequestHandler):
    root = "."
    last_modified = None

    def refuse(self, name):
        """An HTTP status to answer instead of the file, or None."""
        return None

    def send_body(self, chunk):
        self.wfile.write(chunk)

    def body(self, head_only):
        name = os.path.basename(self.path.split("?")[0])
        path = os.path.join(self.root, name)
        if not os.path.isfile(path):
            self.send_error(404)
            return
        code = self.refuse(name)
        if code:
            self.send_error(code)
            return
        data = open(path, "rb").read()
        start, end = 0, len(data) - 1
        m = re.match(r"bytes=(\d+)-(\d*)", self.headers.get("Range", ""))
        if m:
            start = int(m.group(1))
            end = min(int(m.group(2) or end), len(data) - 1)
            self.send_response(206)
            self.send_header("Content-Range",
                             "bytes %d-%d/%d" % (start, end, len(data)))
        else:
            self.send_response(200)
        self.send_header("Accept-Ranges", "bytes")
        if self.last_modified:
            self.send_header("Last-Modified", self.last_modified)
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        if not head_only:
            self.send_body(data[start:end + 1])

    def do_HEAD(self):
        self.body(True)

    def do_GET(self):
        self.body(False)

    def log_message(self, *args):
        pass


def serve(handler, root, portfile):
    handler.root = root
    server = http.server.HTTPServer(("127.0.0.1", 0), handler)
    with open(portfile, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()
