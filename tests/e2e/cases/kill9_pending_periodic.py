# SPDX-License-Identifier: BSD-2-Clause
"""A "2 PERIODIC" that could not be delivered survives SIGKILL: after the
bootstrap the ACS fails every session; once a periodic Inform has failed,
the daemon is killed and restarted with a long interval (so it makes no
new PERIODIC) and a working ACS: its Inform carries "2 PERIODIC" and the
new "1 BOOT"."""

import time

from harness import acsmod


def run(t):
    acs = t.acs()
    d = t.start(t.config(acs, acs_opts={"periodic_enable": "1", "periodic_interval": "2"}))
    t.expect_inform(t.session(acs, 1), ["0 BOOTSTRAP", "1 BOOT"])

    acs.default_plan = acsmod.Plan(inform="http500")
    failed = t.session(acs, 2, complete=False, timeout=6)
    t.expect_inform(failed, ["2 PERIODIC"], what="periodic Inform")
    time.sleep(0.2)
    d.kill9()

    acs.default_plan = acsmod.Plan()
    t.start(t.config(acs, acs_opts={"periodic_enable": "1", "periodic_interval": "3600"}))
    s = t.session(acs, 2)               # the second completed session
    t.expect_inform(s, ["1 BOOT", "2 PERIODIC"], what="first Inform after SIGKILL")
