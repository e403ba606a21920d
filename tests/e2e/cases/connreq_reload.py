# SPDX-License-Identifier: BSD-2-Clause
"""Moving the connection request server with a reload (issue 11, bug 10):
cpe.address and cpe.port change (127.0.0.1 -> 127.0.0.2, then another
port, then back) and a SIGHUP follows each time. After every reload the
daemon listens on the new address and port only, and a connection
request there gets 200 and a "6 CONNECTION REQUEST" session (the new
ConnectionRequestURL has its own "4 VALUE CHANGE" session too): the old
socket is closed, never left open in a plugin the reload started (the
identity plugin runs at every reload)."""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import connreq_auth as cr  # noqa: E402
from harness import free_port  # noqa: E402


def refused(host, port):
    """Connections to host:port are refused. A plugin forked just before
    the move holds a copy of the old socket until its child closes every
    fd above 2 (microseconds, a little more on a busy machine): allow for
    that, not for a socket left open."""
    end = time.monotonic() + 1
    while time.monotonic() < end:
        try:
            socket.create_connection((host, port), timeout=2).close()
        except ConnectionRefusedError:
            return True
        time.sleep(0.02)
    return False


def listening_lines(t, host, port):
    return t.log_text().count("connreq: listening on %s port %d," % (host, port))


def run(t):
    acs, d = cr.start(t)
    other = free_port()
    moves = [("127.0.0.2", t.cr_port), ("127.0.0.2", other), ("127.0.0.1", other),
             ("127.0.0.1", t.cr_port), ("127.0.0.2", t.cr_port)]
    old, done = ("127.0.0.1", t.cr_port), 0
    for host, port in moves:
        seen = listening_lines(t, host, port)
        t.config(acs, cpe_opts={"username": cr.USER, "password": cr.PASSWORD,
                                "address": host, "port": str(port)})
        d.hup()
        t.until(lambda: listening_lines(t, host, port) > seen, 5,
                "listening on %s port %d after the reload" % (host, port))
        t.check(refused(*old), "%s port %d still answers after the move" % old)
        r, _ = cr.connection_request(port, host=host)
        t.eq(r.status, 200, "connection request to %s port %d" % (host, port))
        done += 1
        t.until(lambda: len(cr.cr_sessions(acs)) == done, 5,
                "the session of connection request %d" % done)
        old = (host, port)
    t.check("cannot listen" not in t.log_text(), "a listen failed during the moves")
    t.check(d.alive(), "daemon alive")
