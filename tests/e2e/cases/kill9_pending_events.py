# SPDX-License-Identifier: BSD-2-Clause
"""Pending events survive a crash: the ACS fails every session, the daemon
is killed with SIGKILL while it waits to retry, then restarted with the ACS
working. The first Inform carries the undelivered "0 BOOTSTRAP" (persisted)
and the new boot's "1 BOOT", once each; after delivery a restart informs
"1 BOOT" alone."""

import time

from harness import acsmod


def run(t):
    acs = t.acs()
    acs.default_plan = acsmod.Plan(inform="http500")
    d = t.start(t.config(acs))

    failed = t.session(acs, 1, complete=False)
    t.expect_inform(failed, ["0 BOOTSTRAP", "1 BOOT"])
    time.sleep(0.2)                     # the daemon has seen the 500
    d.kill9()

    acs.default_plan = acsmod.Plan()
    d = t.start()
    s = t.session(acs, 1)
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT"], retry=0,
                    what="first Inform after SIGKILL and restart")

    t.restart(d)
    t.expect_inform(t.session(acs, 2), ["1 BOOT"], what="Inform after the next restart")
