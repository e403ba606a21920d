# SPDX-License-Identifier: BSD-2-Clause
"""Periodic informs: with periodic_enable '1' and periodic_interval '2' the
daemon opens a "2 PERIODIC" session every 2 seconds after the bootstrap."""


def run(t):
    acs = t.acs()
    t.start(t.config(acs, acs_opts={"periodic_enable": "1", "periodic_interval": "2"}))

    t.expect_inform(t.session(acs, 1), ["0 BOOTSTRAP", "1 BOOT"])
    p1 = t.session(acs, 2, timeout=6)
    p2 = t.session(acs, 3, timeout=6)
    p3 = t.session(acs, 4, timeout=6)
    for s in (p1, p2, p3):
        t.expect_inform(s, ["2 PERIODIC"], what="periodic Inform")
    t.within(p2.t_start - p1.t_start, 1.5, 2.5 + t.slack, "seconds between periodic informs")
    t.within(p3.t_start - p2.t_start, 1.5, 2.5 + t.slack, "seconds between periodic informs")
