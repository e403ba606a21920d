# SPDX-License-Identifier: BSD-2-Clause
"""The connection request server answers bad requests and closes: POST
405 (Allow: GET), a wrong path 404, garbage 400 (binary bytes, a field
without a colon, obs-fold, HTTP/2, a bare "\\n\\n"), a 5 KiB header 431, 100
header fields 431, a 64 KiB body-less flood 431. None of them starts a
session, the daemon lives on, and a valid request afterwards works. Each
bad request comes from an address of its own (127.0.1.x): from one
address, the eleventh would be answered 429 (see connreq_flood)."""

import itertools
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import connreq_auth as cr  # noqa: E402


_SOURCES = ("127.0.1.%d" % i for i in itertools.count(1))


def get(port, path, **kw):
    return cr.get(port, path, source=next(_SOURCES), **kw)


def exchange(port, data):
    return cr.exchange(port, data, source=next(_SOURCES))


def run(t):
    acs, d = cr.start(t, cpe_opts={"path": "/cr-9f2c"})
    port = t.cr_port

    r = get(port, "/cr-9f2c", method="POST", extra=b"Content-Length: 0\r\n")
    t.eq(r.status, 405, "POST")
    t.eq(r.get("allow"), "GET", "Allow header of the 405")
    t.eq(get(port, "/").status, 404, "wrong path")
    t.eq(get(port, "/cr-9f2c/x").status, 404, "path with a suffix")
    t.eq(get(port, "/cr-9f2c?x=1").status, 401, "a query is ignored")

    garbage = [
        b"\x00\x01\x02\xff garbage\r\n\r\n",
        b"GET /cr-9f2c HTTP/1.1\r\nNo colon here\r\n\r\n",
        b"GET /cr-9f2c HTTP/1.1\r\nX-A: 1\r\n folded\r\n\r\n",
        b"GET /cr-9f2c HTTP/2.0\r\n\r\n",
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
        b"GET  /cr-9f2c HTTP/1.1\r\n\r\n",
        b"GET /cr-9f2c HTTP/1.1\r\nBad Name: x\r\n\r\n",
        b"GET /cr-9f2c HTTP/1.1\r\nX: a\x00b\r\n\r\n",
    ]
    for g in garbage:
        r = exchange(port, g)
        t.eq(r.status, 400, "answer to %r" % g)

    big = b"GET /cr-9f2c HTTP/1.1\r\nX-Big: " + b"a" * 5000 + b"\r\n\r\n"
    t.eq(exchange(port, big).status, 431, "a 5 KiB header")
    many = b"GET /cr-9f2c HTTP/1.1\r\n" + b"".join(b"X-%d: v\r\n" % i for i in range(100))
    t.eq(exchange(port, many + b"\r\n").status, 431, "100 header fields")
    t.eq(exchange(port, b"G" * 65536).status, 431, "64 KiB of one token")
    r = exchange(port, b"GET /cr-9f2c HTTP/1.1\r\n" + b"X: y\r\n" * 31 + b"\r\n")
    t.eq(r.status, 401, "31 fields (with Host, 32) are fine")

    time.sleep(0.5)
    t.eq(len(acs.sessions), 1, "sessions after bad requests")
    t.check(d.alive(), "daemon alive")
    t0 = time.monotonic()
    r, _ = cr.connection_request(port, path="/cr-9f2c")
    t.eq(r.status, 200, "a valid request afterwards")
    cr.expect_cr_session(t, acs, 2, t0)
