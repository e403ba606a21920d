# SPDX-License-Identifier: BSD-2-Clause
"""A connection request port that is taken is tried again until it is
free (issue 11, bug 10): at a reload that moves the server to a busy
port, the daemon logs the failure and retries with a growing wait (1 s,
2 s, ...); once the other program lets the port go, the daemon listens
there and a connection request works. The same at start: a daemon whose
port is taken runs its sessions anyway and listens once the port is free."""

import os
import re
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import connreq_auth as cr  # noqa: E402
from harness import free_port  # noqa: E402


def occupy(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(1)
    return s


def count(t, pattern):
    return len(re.findall(pattern, t.log_text()))


def comes_back(t, acs, busy, port, n, seen_failed, seen_ok):
    """The port is taken (seen_failed and seen_ok: the log's count of
    failed and working listens on it before): the daemon says so and tries
    again 1 s later; once the port is free the listener comes back within
    the back-off and a connection request gives the n-th "6 CONNECTION
    REQUEST" session."""
    # The error's text is the C library's: glibc's "Address already in
    # use", musl's "Address in use".
    failed = r"cannot listen on 127\.0\.0\.1 port %d: Address (already )?in use; trying again" % port
    ok = re.escape("connreq: listening on 127.0.0.1 port %d," % port)
    t.until(lambda: count(t, failed) >= seen_failed + 1, 5,
            "the failed listen on port %d logged" % port)
    time.sleep(1.5)     # the first retry (after 1 s) fails too
    t.check(count(t, failed) >= seen_failed + 2, "no second try after 1 s")
    t.eq(count(t, ok), seen_ok, "listens on port %d while it is taken" % port)
    busy.close()
    t.until(lambda: count(t, ok) > seen_ok, 6, "listening on port %d once it is free" % port)
    r, _ = cr.connection_request(port)
    t.eq(r.status, 200, "connection request on port %d" % port)
    t.until(lambda: len(cr.cr_sessions(acs)) == n, 5, "the connection request's session")


def run(t):
    acs, d = cr.start(t)
    port = free_port()
    busy = occupy(port)
    t.config(acs, cpe_opts={"username": cr.USER, "password": cr.PASSWORD,
                            "port": str(port)})
    d.hup()
    comes_back(t, acs, busy, port, 1, 0, 0)

    t.stop(d)
    busy = occupy(port)
    d = t.start()
    t.until(lambda: any(s.inform.event_codes == ["1 BOOT"] for s in acs.snapshot()), 10,
            "the session after the restart")
    comes_back(t, acs, busy, port, 2, 2, 1)
    t.check(d.alive(), "daemon alive")
