# SPDX-License-Identifier: BSD-2-Clause
"""Reboot on the sim platform, in GenieACS's order (Reboot, then GPN ""
NextLevel 1 in the same session). A scheduled inform opens the session
that carries the Reboot. RebootResponse comes at once; once the session has
ended the daemon re-executes itself (same PID, same command line, the sim
reboot counter grew, no more open files than before) and its first Inform
carries "1 BOOT" and "M Reboot" with the CommandKey "rk", once."""

import os
import re
import time

import dmcheck
from harness import CaseSkip, acsmod, cm


def schedule_inform(delay, key):
    return ("<cwmp:ScheduleInform><DelaySeconds>%d</DelaySeconds><CommandKey>%s"
            "</CommandKey></cwmp:ScheduleInform>" % (delay, key))


def proc(pid, what):
    try:
        if what == "fd":
            return sorted(os.listdir("/proc/%d/fd" % pid))
        with open("/proc/%d/%s" % (pid, what), "rb") as f:
            return f.read()
    except OSError:
        return None


def run(t):
    if os.path.basename(t.env.cwmpd) == "fakecpe.py":
        raise CaseSkip("the stand-in fakecpe.py does not reboot")
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[schedule_inform(int(t.secs(2)), "go")]),
              acsmod.Plan(requests=[cm.reboot("rk"), cm.get_parameter_names("", True)]))
    d = t.start(t.config(acs))
    t.session(acs, 1)
    time.sleep(t.secs(0.5))
    cmdline, fds = proc(d.pid, "cmdline"), proc(d.pid, "fd")
    t.eq(dmcheck.sim_reboots(t), "0", "sim reboots before")

    s2 = t.session(acs, 2, timeout=15)
    t.expect_inform(s2, ["3 SCHEDULED", "M ScheduleInform"], what="scheduled Inform")
    t.eq([m.method for _, m in s2.responses],
         ["RebootResponse", "GetParameterNamesResponse"], "answers in the Reboot session")

    s3 = t.session(acs, 3, timeout=10)
    t.expect_inform(s3, ["1 BOOT", "M Reboot"], what="Inform after the reboot")
    t.eq(dict(s3.inform.events)["M Reboot"], "rk", "M Reboot CommandKey")
    t.eq(dmcheck.sim_reboots(t), "1", "sim reboots after")
    t.check(d.alive(), "the daemon (pid %d) runs on" % d.pid)
    now = proc(d.pid, "cmdline") or b"-"
    # Under valgrind the new image runs bare: its arguments end the old ones.
    # Through an emulator both start with it.
    emu = "".join(a + "\0" for a in t.env.emulator.split()).encode()
    t.check(cmdline.endswith(now) and now.startswith(emu + t.env.cwmpd.encode()),
            "command line %r after the re-exec, %r before" % (now, cmdline))
    time.sleep(t.secs(0.5))
    after = proc(d.pid, "fd")
    if t.env.wrapper != "valgrind":     # valgrind holds fds of its own
        t.check(after is not None and len(after) <= len(fds),
                "open files: %r before, %r after the re-exec" % (fds, after))
    t.check("cwmpd: rebooting" in t.log_text(), "the re-exec is logged")

    time.sleep(t.secs(1.5))
    t.eq(len(acs.snapshot()), 3, "sessions (M Reboot is delivered once)")
    # valgrind's exit status covers the image after the re-exec only (which
    # runs bare): what it found before is in the log.
    if t.env.wrapper == "valgrind":
        found = re.findall(r"^==\d+== .*", t.log_text(), re.M)
        t.check(not found, "valgrind before the re-exec: %s" % found[:5])
