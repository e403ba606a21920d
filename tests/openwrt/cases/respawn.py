# SPDX-License-Identifier: BSD-2-Clause
"""procd keeps cwmpd running: after kill -9 it is started again (a new
pid, within procd's respawn timeout of 5 s), and the new process informs
with 1 BOOT and no 0 BOOTSTRAP (the ACS is the same: the state dir on
flash remembers it)."""


def run(t):
    acs = t.acs()
    t.setup(acs)
    t.session(acs, 1, timeout=20)
    pid = t.pid()
    t.sh("kill -9 %d" % pid)
    new = t.until(lambda: (t.pid() or pid) != pid and t.pid(), 15, "procd's respawn")
    s = t.session(acs, 2, timeout=15)
    t.eq(s.inform.event_codes, ["1 BOOT"], "events after the respawn (pid %d -> %d)"
         % (pid, new))
