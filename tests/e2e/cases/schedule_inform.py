# SPDX-License-Identifier: BSD-2-Clause
"""ScheduleInform: two informs scheduled 2 s ahead with their own
CommandKeys, and one with DelaySeconds 0 (fault 9003). About 2 s after the
answers (never earlier) a session carries "3 SCHEDULED" and
"M ScheduleInform" with the key; each key is reported exactly once, with
"3 SCHEDULED" beside it, and nothing more comes afterwards."""

import os
import time

from harness import CaseSkip, acsmod


def schedule_inform(delay, key):
    return ("<cwmp:ScheduleInform><DelaySeconds>%d</DelaySeconds><CommandKey>%s"
            "</CommandKey></cwmp:ScheduleInform>" % (delay, key))


def scheduled_keys(s):
    return [k for c, k in s.inform.events if c == "M ScheduleInform"]


def run(t):
    if os.path.basename(t.env.cwmpd) == "fakecpe.py":
        raise CaseSkip("the stand-in fakecpe.py has no ScheduleInform")
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[schedule_inform(2, "si-1"), schedule_inform(2, "si-2"),
                                    schedule_inform(0, "bad")]))
    t.start(t.config(acs))
    s1 = t.session(acs, 1)
    ms = [m for _, m in s1.responses]
    t.eq([m.method for m in ms], ["ScheduleInformResponse"] * 2 + ["Fault"], "answers")
    t.eq(ms[2].fault_code, 9003, "DelaySeconds 0")
    asked = next(x.t for x in s1.exchanges if x.msg.method == "ScheduleInformResponse")

    def both(a):
        keys = [k for s in a.sessions if s.complete for k in scheduled_keys(s)]
        return len(keys) >= 2

    acs.wait_for(both, t.secs(10))
    time.sleep(t.secs(1.5))             # anything more would show up now
    later = acs.snapshot()[1:]
    t.check(later and all(s.complete for s in later), "sessions after the first: %r"
            % [(s.number, s.state) for s in later])
    keys = sorted(k for s in later for k in scheduled_keys(s))
    t.eq(keys, ["si-1", "si-2"], "M ScheduleInform keys over the later sessions")
    for s in later:
        want = ["3 SCHEDULED"] + ["M ScheduleInform"] * len(scheduled_keys(s))
        t.expect_inform(s, want, what="scheduled Inform")
    t.within(later[0].t_start - asked, 2 - 0.05, 2 + t.slack, "delay of the first")
