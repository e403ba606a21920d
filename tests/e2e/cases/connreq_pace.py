# SPDX-License-Identifier: BSD-2-Clause
"""Connection requests at the pace an operator works in GenieACS. Each
task a GenieACS user queues with ?connection_request is one connection
request, and GenieACS waits only about 4 s for the session before it
shows "Device is offline" (a 503 counts as offline at once). Here an
operator queues eight tasks in a row as GenieACS's NBI runs them (add a
port mapping and set its fields, read them, set them again, refresh the
table, read the device's info, delete the mapping, refresh again,
read the periodic settings), each with its own connection request sent as
soon as the previous session ended: every request gets 200 and its task's
session within 4 s. Then 50 bare connection requests back to back, each
after the previous session ended: 50 times 200, 50 sessions with
"6 CONNECTION REQUEST". Three requests while a session runs: 200 each, and
exactly one more session after it."""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import connreq_auth as cr  # noqa: E402
from acs import Plan  # noqa: E402
from dmcheck import instance_number, names, needs_data_model, status, values  # noqa: E402
from harness import cm  # noqa: E402

PM = "Device.NAT.PortMapping."
GENIEACS_ONLINE_S = 4.0


def task(t, acs, requests):
    """Queue a task's session and send its connection request as GenieACS
    does: 200 at once, the session within 4 s. Returns the session."""
    n = len(acs.snapshot())
    acs.queue(Plan(requests=requests))
    t0 = time.monotonic()
    r, _ = cr.connection_request(t.cr_port)
    t.eq(r.status, 200, "connection request for task %d" % n)
    s = t.session(acs, n + 1, complete=False)
    t.within(s.t_start - t0, 0, GENIEACS_ONLINE_S, "seconds to the task's Inform")
    t.check("6 CONNECTION REQUEST" in s.inform.event_codes, "events %r" % s.inform.event_codes)
    return t.session(acs, n + 1, timeout=20)


def answers(s):
    return [m for _, m in s.responses]


def add_task(s):
    """GenieACS's addObject task with parameterValues: AddObject, GPV of
    the new instance, SPV of the values, GPN of the table."""
    yield cm.add_object(PM)
    n = instance_number(s.responses[-1][1]) or 0
    inst = "%s%d." % (PM, n)
    yield cm.get_parameter_values([inst + "Description", inst + "ExternalPort",
                                   inst + "InternalClient"])
    yield cm.set_parameter_values([(inst + "Description", "added-by-nbi", "xsd:string"),
                                   (inst + "ExternalPort", 8443, "xsd:unsignedInt"),
                                   (inst + "InternalClient", "192.168.1.20", "xsd:string")])
    yield cm.get_parameter_names(PM, True)


def operator(t, acs):
    s = task(t, acs, add_task)
    ms = answers(s)
    t.eq([m.method for m in ms], ["AddObjectResponse", "GetParameterValuesResponse",
                                  "SetParameterValuesResponse",
                                  "GetParameterNamesResponse"], "addObject task")
    inst = "%s%d." % (PM, instance_number(ms[0]))
    t.eq(status(ms[2]), "0", "SPV Status")

    s = task(t, acs, [cm.get_parameter_values([inst + "Description"])])
    t.eq(values(answers(s)[0])[1], {inst + "Description": ("xsd:string", "added-by-nbi")},
         "getParameterValues task")
    s = task(t, acs, [cm.set_parameter_values([(inst + "InternalPort", 443,
                                                "xsd:unsignedInt"),
                                               (inst + "Enable", "true", "xsd:boolean")])])
    t.eq(status(answers(s)[0]), "0", "setParameterValues task")
    s = task(t, acs, [cm.get_parameter_names(PM, False),
                      cm.get_parameter_values([PM])])
    t.eq(values(answers(s)[1])[1].get(inst + "InternalPort"), ("xsd:unsignedInt", "443"),
         "refreshObject task")
    s = task(t, acs, [cm.get_parameter_values(["Device.DeviceInfo."])])
    t.eq(answers(s)[0].method, "GetParameterValuesResponse", "DeviceInfo refresh")
    s = task(t, acs, [cm.delete_object(inst)])
    t.eq(status(answers(s)[0]), "0", "deleteObject task")
    s = task(t, acs, [cm.get_parameter_names(PM, True)])
    t.check(inst not in names(answers(s)[0])[1], "the instance is gone")
    task(t, acs, [cm.get_parameter_values(["Device.ManagementServer.PeriodicInformInterval"])])


def back_to_back(t, acs, count):
    for i in range(count):
        n = len(acs.snapshot())
        r, _ = cr.connection_request(t.cr_port)
        t.eq(r.status, 200, "back-to-back request %d" % (i + 1))
        s = t.session(acs, n + 1)
        t.check("6 CONNECTION REQUEST" in s.inform.event_codes,
                "session %d events %r" % (n + 1, s.inform.event_codes))


def joined(t, acs):
    """Three requests while a session runs (the ACS takes a second over a
    request): 200 each, and exactly one session after it (TR-069 3.2.2:
    answer, then a session right after the running one)."""
    n = len(acs.snapshot())

    def slow(s):
        time.sleep(1.0)
        return cm.get_rpc_methods()

    acs.queue(Plan(requests=[slow]))
    r, _ = cr.connection_request(t.cr_port)
    t.eq(r.status, 200, "the request that starts the slow session")
    t.session(acs, n + 1, complete=False)
    statuses = [cr.connection_request(t.cr_port)[0].status for _ in range(3)]
    t.eq(statuses, [200, 200, 200], "requests during the session")
    s = t.session(acs, n + 2, complete=False)
    t.check("6 CONNECTION REQUEST" in s.inform.event_codes, "events %r" % s.inform.event_codes)
    t.session(acs, n + 2)
    time.sleep(1)
    t.eq(len(acs.sessions), n + 2, "sessions: the slow one and one after it")


def run(t):
    needs_data_model(t)
    acs, d = cr.start(t)
    operator(t, acs)
    back_to_back(t, acs, 50)
    joined(t, acs)
    t.check(d.alive(), "daemon alive")
    answered = re.findall(r"connreq: 127\.0\.0\.1: (\d{3})", t.log_text())
    t.check(answered.count("200") >= 61, "200s logged: %d" % answered.count("200"))
    t.check(set(answered) <= {"200", "401"}, "statuses logged: %r" % set(answered))
