# SPDX-License-Identifier: BSD-2-Clause
"""A slow ACS: with timeout '2' an Inform that gets no answer fails the
session after about 2 s (the daemon closes the connection) and is retried
1-2 s later with RetryCount 1. SIGTERM while the daemon waits on a hanging
ACS ends it within 2 s, exit status 0."""

import time

from harness import acsmod


def run(t):
    acs = t.acs()
    acs.queue(acsmod.Plan(inform="hang"), acsmod.Plan(inform="hang"))
    d = t.start(t.config(acs, acs_opts={"timeout": "2"}))

    first = t.session(acs, 1, complete=False)
    x = first.exchanges[0]
    t.until(lambda: x.gave_up_after is not None, 6, "the daemon to give up on the ACS")
    t.within(x.gave_up_after, 1.8, 2 + t.slack, "seconds before the daemon gave up")

    second = t.session(acs, 2, complete=False, timeout=8)
    t.expect_inform(second, ["0 BOOTSTRAP", "1 BOOT"], retry=1, what="retry")
    waited = second.t_start - (first.t_start + x.gave_up_after)
    t.within(waited, 1 - 0.1, 2 + t.slack, "wait before retry 1 (after the timeout)")

    time.sleep(0.5)                     # the daemon is now waiting on the ACS
    t0 = time.monotonic()
    t.stop(d, timeout=t.secs(2))
    t.within(time.monotonic() - t0, 0, t.secs(2), "seconds to exit on SIGTERM")
