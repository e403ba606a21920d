# SPDX-License-Identifier: BSD-2-Clause
"""SIGHUP reloads the config without a restart: the new ACS URL gets
"0 BOOTSTRAP" (not "1 BOOT": nothing rebooted), and the newly enabled
periodic informs follow every 2 s. The old ACS hears nothing more."""

import time


def run(t):
    old, new = t.acs(), t.acs()
    d = t.start(t.config(old))
    t.expect_inform(t.session(old, 1), ["0 BOOTSTRAP", "1 BOOT"])

    t.config(new, acs_opts={"periodic_enable": "1", "periodic_interval": "2"})
    d.hup()

    s = t.session(new, 1)
    t.expect_inform(s, ["0 BOOTSTRAP"], what="first Inform to the new URL")
    p1 = t.session(new, 2, timeout=6)
    p2 = t.session(new, 3, timeout=6)
    for p in (p1, p2):
        t.expect_inform(p, ["2 PERIODIC"], what="periodic Inform after SIGHUP")
    t.within(p2.t_start - p1.t_start, 1.5, 2.5 + t.slack, "seconds between periodic informs")
    t.check(d.alive(), "the daemon exited on SIGHUP")
    t.eq(len(old.sessions), 1, "sessions on the old ACS")
