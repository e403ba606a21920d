# SPDX-License-Identifier: BSD-2-Clause
"""Restart with the same state directory: the BOOTSTRAP was delivered, so the
second run informs with "1 BOOT" alone, RetryCount 0."""


def run(t):
    acs = t.acs()
    d = t.start(t.config(acs))
    t.expect_inform(t.session(acs, 1), ["0 BOOTSTRAP", "1 BOOT"])

    d = t.restart(d)
    t.expect_inform(t.session(acs, 2), ["1 BOOT"], what="Inform after restart")

    t.restart(d)
    t.expect_inform(t.session(acs, 3), ["1 BOOT"], what="Inform after second restart")
