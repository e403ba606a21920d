# SPDX-License-Identifier: BSD-2-Clause
"""A pending ScheduleInform survives a restart: scheduled 3 s ahead, the
daemon restarted at once; the restarted daemon reports "1 BOOT", and the
scheduled session still comes, no earlier than 3 s after the request and
exactly once. The saved inform is gone from the state dir afterwards."""

import os
import time

from harness import CaseSkip, acsmod


def schedule_inform(delay, key):
    return ("<cwmp:ScheduleInform><DelaySeconds>%d</DelaySeconds><CommandKey>%s"
            "</CommandKey></cwmp:ScheduleInform>" % (delay, key))


def with_key(a):
    return [s for s in a.sessions if s.complete and
            ("M ScheduleInform", "sr") in s.inform.events]


def run(t):
    if os.path.basename(t.env.cwmpd) == "fakecpe.py":
        raise CaseSkip("the stand-in fakecpe.py has no ScheduleInform")
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[schedule_inform(3, "sr")]))
    d = t.start(t.config(acs))
    s1 = t.session(acs, 1)
    t.eq([m.method for _, m in s1.responses], ["ScheduleInformResponse"], "answer")
    asked = next(x.t for x in s1.exchanges if x.msg.method == "ScheduleInformResponse")
    saved = os.path.join(t.state_dir, "scheduled")
    t.check(os.path.exists(saved), "the inform is saved in %s" % saved)
    t.restart(d)

    got = acs.wait_for(with_key, t.secs(10))
    t.check(got, "no scheduled session after the restart (%s)" % [
        (s.number, s.inform.event_codes if s.inform else None) for s in acs.snapshot()])
    time.sleep(t.secs(1.5))
    got = with_key(acs)
    t.eq(len(got), 1, "sessions carrying M ScheduleInform sr")
    s = got[0]
    t.check("3 SCHEDULED" in s.inform.event_codes, "3 SCHEDULED with it: %r"
            % s.inform.event_codes)
    t.check(s.t_start - asked >= 3 - 0.05, "scheduled session %.2f s after the request"
            % (s.t_start - asked))
    t.within(s.t_start - asked, 3 - 0.05, 4 + 2 * t.slack + 1, "delay across the restart")
    boots = [x for x in acs.snapshot()[1:] if "1 BOOT" in x.inform.event_codes]
    t.eq(len(boots), 1, "sessions with 1 BOOT after the restart")
    t.check(not os.path.exists(saved), "%s is removed once it fired" % saved)
