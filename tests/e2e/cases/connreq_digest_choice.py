# SPDX-License-Identifier: BSD-2-Clause
"""cpe.digest 'SHA-256': the connection request server offers only SHA-256
Digest and refuses an MD5 response with the right password (plain 401, no
session), while a SHA-256 one gets 200 and a session with "6 CONNECTION
REQUEST" (cwmpctl audit reports 'MD5' alone as cr-md5-only)."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from connreq_auth import (PASSWORD, USER, authorization,  # noqa: E402
                          connection_request, expect_cr_session, get, start)


def run(t):
    acs, d = start(t, cpe_opts={"digest": "SHA-256"})
    port = t.cr_port

    r = get(port, "/")
    t.eq(r.status, 401, "status without credentials")
    chs = r.challenges()
    t.eq([c.get("algorithm") for c in chs], ["SHA-256"], "challenge algorithms")

    r = get(port, "/", authorization(chs[0], USER, PASSWORD, alg="MD5"))
    t.eq(r.status, 401, "status of an MD5 response")
    t.check(r.challenges() and "stale" not in r.challenges()[0], "no stale: %r" % r)
    time.sleep(0.5)
    t.eq(len(acs.sessions), 1, "sessions after the MD5 response")

    t0 = time.monotonic()
    r, _ = connection_request(port, alg="SHA-256")
    t.eq(r.status, 200, "status with SHA-256")
    expect_cr_session(t, acs, 2, t0)
    t.check(d.alive(), "daemon alive")
