# SPDX-License-Identifier: BSD-2-Clause
"""A connection request during a retry wait: the ACS failed a session
(HTTP 500 to the Inform) and the daemon waits 60-120 s before retrying
(retry_min_wait 60). The ACS is back and sends a valid connection request:
200, and the retry starts at once, carrying the events still due with
"6 CONNECTION REQUEST" and RetryCount 1 (GenieACS waits only about 4 s
before parking the task)."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import connreq_auth as cr  # noqa: E402
from harness import acsmod  # noqa: E402


def run(t):
    cr.skip_fakecpe(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(inform="http500"))
    t.start(t.config(acs, acs_opts={"retry_min_wait": "60"},
                     cpe_opts={"username": cr.USER, "password": cr.PASSWORD}))
    failed = t.session(acs, 1, complete=False)
    t.until(lambda: "connreq: listening" in t.log_text(), 5, "the CR server listening")
    t.until(lambda: "agent: retry 1 in" in t.log_text(), 10, "the retry wait")
    time.sleep(0.5)
    t.eq(len(acs.sessions), 1, "sessions during the retry wait")
    t0 = time.monotonic()
    r, _ = cr.connection_request(t.cr_port)
    t.eq(r.status, 200, "a connection request during the retry wait")
    s = t.session(acs, 2, complete=False)
    t.within(s.t_start - t0, 0, 2.0 + t.slack, "seconds from the request to the Inform")
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT", "6 CONNECTION REQUEST"], retry=1,
                    what="the retry the request started")
    t.session(acs, 1)                   # it completes: the first completed session
    t.check(failed.state == "failed", "the first session failed: %s" % failed.state)
