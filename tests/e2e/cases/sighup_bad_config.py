# SPDX-License-Identifier: BSD-2-Clause
"""SIGHUP with a broken config file: the daemon logs the error and keeps
running with the config it has (a typo must not take the agent off the
network); after the file is fixed, the next SIGHUP applies it."""

import time


def run(t):
    acs = t.acs()
    d = t.start(t.config(acs))
    t.expect_inform(t.session(acs, 1), ["0 BOOTSTRAP", "1 BOOT"])

    t.config(acs, cpe_opts={"port": "abc"})
    d.hup()
    time.sleep(t.secs(1))
    t.check(d.alive(), "the daemon exited on SIGHUP with a broken config (status %s)"
            % d.proc.returncode)

    t.config(acs, acs_opts={"periodic_enable": "1", "periodic_interval": "1"})
    d.hup()
    s = t.session(acs, 2, timeout=6)
    t.expect_inform(s, ["2 PERIODIC"], what="periodic Inform after the fixed config")
