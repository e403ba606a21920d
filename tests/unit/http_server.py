#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""A small HTTP/1.1 server for tests/unit/test_http.c (standard library only).

Binds 127.0.0.1 on a free port and prints the port on stdout. Every request
body is read in full (so kept-alive connections stay in step) and most paths
answer with an echo of what arrived, one item a line:

    method POST / path /echo / conn N (connection number) / open N (open
    connections) / opened (each open one: number and last path) /
    auth basic|digest / header Name: value ... / body LEN
    followed by the body bytes.

Paths: /echo; /cookie (sets session=<hex> with no Path when the request has
no cookie); /204; /basic and /digest (need user "user", password "pass";
digest with qop=auth, MD5); /r307 and /r302 (redirect to /echo); /hops/N
(N redirects, then an echo); /hang (reads the request, never answers);
/big/N (N bytes of body).
"""
import base64
import hashlib
import http.server
import os
import re
import secrets
import sys
import threading

USER, PASSWORD, REALM = "user", "pass", "cwmp"

state = {"conns": 0, "open": {}, "nonces": set()}
lock = threading.Lock()


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def digest_ok(method, header):
    if not header.startswith("Digest "):
        return False
    f = {m[0]: m[1] if m[1] else m[2]
         for m in re.findall(r'(\w+)=(?:"([^"]*)"|([^\s,]*))', header[7:])}
    with lock:
        known = f.get("nonce") in state["nonces"]
    if not known or f.get("username") != USER or f.get("qop") != "auth":
        return False
    ha1 = md5(f"{USER}:{REALM}:{PASSWORD}")
    ha2 = md5(f"{method}:{f.get('uri')}")
    want = md5(f"{ha1}:{f['nonce']}:{f.get('nc')}:{f.get('cnonce')}:auth:{ha2}")
    return f.get("response") == want


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True      # headers and body go out as two writes

    def setup(self):
        super().setup()
        with lock:
            state["conns"] += 1
            self.conn_id = state["conns"]
            state["open"][self.conn_id] = "-"

    def finish(self):
        try:
            super().finish()
        finally:
            with lock:
                del state["open"][self.conn_id]

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        if status != 204:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 204:
            self.wfile.write(body)

    def echo(self, auth=None, headers=()):
        with lock:
            opened = " ".join(f"{k}{v}" for k, v in sorted(state["open"].items()))
            head = (f"method {self.command}\npath {self.path}\nconn {self.conn_id}\n"
                    f"open {len(state['open'])}\nopened {opened}\n")
        if auth:
            head += f"auth {auth}\n"
        for name, value in self.headers.items():
            head += f"header {name}: {value}\n"
        head += f"body {len(self.body)}\n"
        self.reply(200, head.encode() + self.body,
                   [("Content-Type", "text/plain")] + list(headers))

    def challenge(self, value):
        self.reply(401, b"<html>401</html>", [("WWW-Authenticate", value),
                                              ("Content-Type", "text/html")])

    def route_auth(self):
        got = self.headers.get("Authorization", "")
        if self.path == "/basic":
            token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            if got == "Basic " + token:
                return self.echo(auth="basic")
            return self.challenge(f'Basic realm="{REALM}"')
        if digest_ok(self.command, got):
            return self.echo(auth="digest")
        nonce = secrets.token_hex(16)
        with lock:
            state["nonces"].add(nonce)
        self.challenge(f'Digest realm="{REALM}", qop="auth", nonce="{nonce}", '
                       'algorithm=MD5')

    def route_redirect(self, status, target):
        self.reply(status, b"<html>moved</html>", [("Location", target),
                                                   ("Content-Type", "text/html")])

    def hang(self):
        self.rfile.read(1)          # until the client gives up and closes
        self.close_connection = True

    def do_POST(self):
        with lock:
            state["open"][self.conn_id] = self.path
        length = int(self.headers.get("Content-Length", "0"))
        self.body = self.rfile.read(length) if length else b""
        path = self.path
        if path == "/echo":
            self.echo()
        elif path == "/cookie":
            cookie = [] if "Cookie" in self.headers else \
                [("Set-Cookie", f"session={secrets.token_hex(8)}")]
            self.echo(headers=cookie)
        elif path == "/204":
            self.reply(204)
        elif path in ("/basic", "/digest"):
            self.route_auth()
        elif path in ("/r307", "/r302"):
            self.route_redirect(int(path[2:]), "/echo")
        elif path.startswith("/hops/"):
            hops = int(path[6:])
            if hops == 0:
                self.echo()
            else:
                self.route_redirect(302, f"/hops/{hops - 1}")
        elif path == "/hang":
            self.hang()
        elif path.startswith("/big/"):
            self.reply(200, b"x" * int(path[5:]), [("Content-Type", "text/plain")])
        else:
            self.reply(404, b"no such path")


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def main():
    server = Server(("127.0.0.1", 0), Handler)
    sys.stdout.write(f"{server.server_address[1]}\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
