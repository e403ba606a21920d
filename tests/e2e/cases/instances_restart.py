# SPDX-License-Identifier: BSD-2-Clause
"""Instance numbers are never reused, across restarts too: add two port
mappings, delete both (the table is back to its seeded instance 1), restart
the daemon, add again: the new number is above every number handed out
before, though the data model alone would suggest 2."""

from acs import Plan
from dmcheck import instance_number, names, needs_data_model
from harness import cm

PM = "Device.NAT.PortMapping."


def first_run(s):
    got = []
    for key in ("a-1", "a-2"):
        yield cm.add_object(PM, key)
        got.append(instance_number(s.responses[-1][1]) or 0)
    for n in got:
        yield cm.delete_object("%s%d." % (PM, n), "d-%d" % n)


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(Plan(requests=first_run),
              Plan(requests=[cm.add_object(PM, "a-3"), cm.get_parameter_names(PM, True)]))
    d = t.start(t.config(acs))
    s = t.session(acs, 1, timeout=20)
    ms = [m for _, m in s.responses]
    t.eq([m.method for m in ms], ["AddObjectResponse"] * 2 + ["DeleteObjectResponse"] * 2,
         "answers of the first run")
    before = [instance_number(m) for m in ms[:2]]
    t.check(None not in before and before[1] > before[0] > 1, "numbers %r" % before)

    t.restart(d)
    s = t.session(acs, 2, timeout=20)
    ms = [m for _, m in s.responses]
    t.eq(ms[0].method, "AddObjectResponse", "AddObject after restart")
    n = instance_number(ms[0])
    t.check(n is not None and n > max(before), "number %r after restart, before %r" % (n, before))
    _, got = names(ms[1])
    t.eq(got, {PM + "1.": "1", "%s%d." % (PM, n): "1"}, "instances after restart")
