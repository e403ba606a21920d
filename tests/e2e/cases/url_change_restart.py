# SPDX-License-Identifier: BSD-2-Clause
"""The ACS URL changes in the config while the daemon is down: the next start
informs the new ACS with "0 BOOTSTRAP" + "1 BOOT" again."""


def run(t):
    old, new = t.acs(), t.acs()
    d = t.start(t.config(old))
    t.expect_inform(t.session(old, 1), ["0 BOOTSTRAP", "1 BOOT"])

    t.stop(d)
    t.config(new)
    t.start()
    t.expect_inform(t.session(new, 1), ["0 BOOTSTRAP", "1 BOOT"],
                    what="first Inform to the new ACS")
    t.eq(len(old.sessions), 1, "sessions on the old ACS")
