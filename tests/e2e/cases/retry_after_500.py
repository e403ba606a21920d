# SPDX-License-Identifier: BSD-2-Clause
"""Session retry: the ACS answers the Inform with HTTP 500 three times. The
daemon retries after random waits that grow within the TR-069 bounds
(m=1, k=2000: [1,2], [2,4], [4,8] s), with RetryCount 1, 2, 3 and the same
events; after a successful session the next Inform (a periodic one) has
RetryCount 0 again."""

from harness import acsmod


def run(t):
    acs = t.acs()
    acs.queue(*[acsmod.Plan(inform="http500") for _ in range(3)])
    t.start(t.config(acs, acs_opts={"periodic_enable": "1", "periodic_interval": "16"}))

    ok = t.session(acs, 1, timeout=20)          # the first completed one
    s = acs.snapshot()
    t.eq([x.state for x in s[:4]], ["failed", "failed", "failed", "complete"],
         "session outcomes")
    for n in range(4):
        t.expect_inform(s[n], ["0 BOOTSTRAP", "1 BOOT"], retry=n,
                        what="attempt %d" % (n + 1))
    for n in (1, 2, 3):
        lo, hi = 2 ** (n - 1), 2 ** n
        t.within(s[n].t_start - s[n - 1].t_start, lo - 0.1, hi + t.slack,
                 "wait before retry %d" % n)
    t.check(ok is s[3], "the 4th attempt is the first success")

    periodic = t.session(acs, 2, timeout=20)
    t.expect_inform(periodic, ["2 PERIODIC"], retry=0, what="Inform after the success")
