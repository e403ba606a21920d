# SPDX-License-Identifier: BSD-2-Clause
"""More than 5 redirects in one session: the ACS redirects the Inform again
and again. The daemon follows 5 redirects, then gives up: the session has
failed and is retried 1-2 s later, at the configured URL, with RetryCount 1."""

from harness import acsmod


def run(t):
    acs = t.acs()
    acs.queue(acsmod.Plan(redirects=[(307, "/hop%d" % i) for i in range(1, 10)]))
    t.start(t.config(acs))

    retried = t.session(acs, 1, timeout=10)
    looping = acs.snapshot()[0]
    t.eq(looping.state, "failed", "the redirect loop session")
    t.eq(len(looping.exchanges), 6, "Inform POSTs before giving up (1 + 5 redirects)")
    t.eq(retried.exchanges[0].path, "/acs", "path of the retried Inform")
    t.expect_inform(retried, ["0 BOOTSTRAP", "1 BOOT"], retry=1, what="retry")
    t.within(retried.t_start - looping.exchanges[-1].t, 1 - 0.1, 2 + t.slack,
             "wait before retry 1")
