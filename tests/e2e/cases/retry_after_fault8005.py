# SPDX-License-Identifier: BSD-2-Clause
"""Session retry: the ACS answers with SOAP fault 8005 (Retry request)
to the Inform. The session has failed: the daemon retries after 1-2 s
(m=1, k=2000) with RetryCount 1 and the same events."""

from harness import acsmod


def run(t):
    acs = t.acs()
    acs.queue(acsmod.Plan(inform="fault8005"))
    t.start(t.config(acs))

    retried = t.session(acs, 1, timeout=10)
    failed = acs.snapshot()[0]
    t.eq(failed.state, "failed", "first session")
    t.check(retried.number == 2, "the retry is the second session (got #%d)" % retried.number)
    t.expect_inform(failed, ["0 BOOTSTRAP", "1 BOOT"], retry=0, what="first attempt")
    t.expect_inform(retried, ["0 BOOTSTRAP", "1 BOOT"], retry=1, what="retry")
    t.within(retried.t_start - failed.t_start, 1 - 0.1, 2 + t.slack, "wait before retry 1")
