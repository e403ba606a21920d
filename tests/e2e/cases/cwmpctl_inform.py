# SPDX-License-Identifier: BSD-2-Clause
"""`cwmpctl inform` starts a session at once: with "6 CONNECTION REQUEST"
by default, cutting short the retry wait of a failed session (its events
go along, RetryCount counts it), and with "2 PERIODIC" when asked (the
words need no quotes), in text and JSON. The events an operator may not
claim (0 BOOTSTRAP, 1 BOOT, 4 VALUE CHANGE, M Reboot, ...) are refused
with exit status 2 and start nothing."""

import time

from harness import acsmod


def run(t):
    acs = t.acs()
    acs.queue(acsmod.Plan(inform="http500"))
    t.start(t.config(acs, acs_opts={"retry_min_wait": "60"}))
    t.until(lambda: acs.snapshot() and acs.snapshot()[0].state == "failed", 10,
            "the bootstrap session failing")
    t.sleep(0.5)

    t0 = time.monotonic()
    r = t.ctl("inform")
    t.eq((r.rc, r.out), (0, "queued 6 CONNECTION REQUEST; session: now\n"), "inform")
    s = t.session(acs, 1, timeout=5)
    t.within(s.t_start - t0, 0, 1 + t.slack, "seconds from cwmpctl inform to the session")
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT", "6 CONNECTION REQUEST"], retry=1,
                    what="Inform after cwmpctl inform")
    t.sleep(0.5)

    r = t.ctl("inform", "2", "PERIODIC", json_out=True)
    t.eq((r.rc, r.data), (0, {"event": "2 PERIODIC", "session": "now"}), "inform 2 PERIODIC")
    t.expect_inform(t.session(acs, 2, timeout=5), ["2 PERIODIC"],
                    what="Inform after cwmpctl inform 2 PERIODIC")
    t.sleep(0.5)

    for ev in ("0 BOOTSTRAP", "1 BOOT", "4 VALUE CHANGE", "M Reboot", "PERIODIC"):
        r = t.ctl("inform", ev)
        t.eq(r.rc, 2, "exit status of inform %s" % ev)
        t.eq(r.err, "cwmpctl: inform: '%s' is not an event an operator may send: "
             "\"6 CONNECTION REQUEST\" (the default) or \"2 PERIODIC\"\n" % ev,
             "message for inform %s" % ev)
    r = t.ctl("inform", "1 BOOT", json_out=True)
    t.eq(r.rc, 2, "exit status of --json inform 1 BOOT")
    t.check("is not an event an operator may send" in r.data["error"]["message"],
            "JSON error: %r" % r.data)
    t.sleep(1.5)
    t.eq(len(acs.snapshot()), 3, "sessions: no new one for a refused event")
