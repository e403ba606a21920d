# SPDX-License-Identifier: BSD-2-Clause
"""A Reboot is kept on disk from the moment it is answered: the ACS sends
Reboot, gets its RebootResponse, then hangs the session; the daemon is
killed with SIGKILL before the session ends. Restarted, it reboots (the sim
reboot counter grows) before anything else, and its first Inform carries
"1 BOOT" and "M Reboot" with the CommandKey, once; no second reboot."""

import time

import dmcheck
from harness import acsmod, cm


def run(t):
    dmcheck.needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[cm.reboot("rk9")], end="hang", hang_s=20))
    d = t.start(t.config(acs))
    t.session(acs, 1, complete=False)
    t.until(lambda: any(m.method == "RebootResponse" for _, m in acs.snapshot()[0].responses),
            10, "RebootResponse")
    time.sleep(t.secs(0.3))
    t.eq(dmcheck.sim_reboots(t), "0", "sim reboots before the kill")
    d.kill9()

    d = t.start()
    # Session 1 never completes: wait for the second one to start.
    s2 = t.session(acs, 2, timeout=15, complete=False)
    t.expect_inform(s2, ["1 BOOT", "M Reboot"], what="first Inform after the restart")
    t.eq(dict(s2.inform.events)["M Reboot"], "rk9", "M Reboot CommandKey")
    t.eq(dmcheck.sim_reboots(t), "1", "the restart rebooted, once")
    time.sleep(t.secs(1.5))
    t.eq(dmcheck.sim_reboots(t), "1", "no second reboot")
    t.eq(len(acs.snapshot()), 2, "sessions (M Reboot is delivered once)")
    t.check(d.alive(), "the daemon runs on")
