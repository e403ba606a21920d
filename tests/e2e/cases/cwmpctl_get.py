# SPDX-License-Identifier: BSD-2-Clause
"""`cwmpctl get` reads the data model as GetParameterValues does: the same
names, values and types the ACS gets for whole subtrees, a value with
tabs, quotes and markup escaped in text (path<TAB>value lines) and exact
in JSON; an unknown path (or an object named without its dot) is fault
9005 with exit status 1, in text and JSON; more than 1024 paths is a
usage error. A get starts no session and leaves the ParameterKey alone.
During a session it is refused as busy (exit status 4)."""

import time

from dmcheck import needs_data_model, values
from harness import acsmod, cm

NAT = "Device.NAT.PortMapping.1.Description"
ODD = "tab\there \"quoted\" <b>&amp;</b> \\ back"
TREES = ["Device.NAT.", "Device.ManagementServer."]


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[cm.set_parameter_values([(NAT, ODD, "xsd:string")], "pk-1"),
                                    cm.get_parameter_values(TREES)]))
    t.start(t.config(acs))
    s1 = t.session(acs, 1)
    _, acs_view = values(s1.responses[1][1])
    t.sleep(0.3)

    r = t.ctl("get", "Device.DeviceInfo.SoftwareVersion")
    t.eq((r.rc, r.out, r.err), (0, "Device.DeviceInfo.SoftwareVersion\t1.0.0\n", ""),
         "get SoftwareVersion")
    r = t.ctl("get", NAT)
    t.eq(r.out, NAT + "\t" + ODD.replace("\\", "\\\\").replace("\t", "\\t") + "\n",
         "get: the value escaped as a plugin line")

    j = t.ctl("get", *TREES, json_out=True)
    t.eq(j.rc, 0, "exit status of --json get")
    mine = {p["name"]: (p["type"], p["value"]) for p in j.data["parameters"]}
    t.eq(len(mine), len(j.data["parameters"]), "every name once")
    t.eq(sorted(mine), sorted(acs_view), "the names GetParameterValues gives")
    for name, (xsi, value) in acs_view.items():
        t.eq(mine[name], (xsi, value), name)
    t.eq(mine[NAT], ("xsd:string", ODD), "the odd value in JSON")
    t.eq(mine["Device.ManagementServer.ParameterKey"][1], "pk-1", "ParameterKey")

    for bad in ("Device.Nope", "Device.DeviceInfo"):
        r = t.ctl("get", "Device.DeviceInfo.SoftwareVersion", bad)
        t.eq((r.rc, r.out, r.err), (1, "", "cwmpctl: %s: 9005 Invalid parameter name\n" % bad),
             "get " + bad)
        j = t.ctl("get", bad, json_out=True)
        t.eq((j.rc, j.data), (1, {"error": {"code": 9005, "message": "Invalid parameter name",
                                            "parameter": bad}}), "--json get " + bad)
    r = t.ctl("get", *(["Device.NAT."] * 1025))
    t.eq((r.rc, r.err), (2, "cwmpctl: get: at most 1024 paths\n"), "get of 1025 paths")
    t.sleep(1)
    t.eq(len(acs.snapshot()), 1, "sessions: a get makes none")

    # Busy while a session runs: the ACS does not answer the Inform for a while.
    acs.queue(acsmod.Plan(inform="hang", hang_s=3))
    t.eq(t.ctl("inform").rc, 0, "inform")
    t.until(lambda: len(acs.snapshot()) == 2, 5, "the second session starting")
    r = t.ctl("get", NAT)
    t.eq((r.rc, r.err), (4, "cwmpctl: busy: a session with the ACS is running; try again\n"),
         "get during a session")
    j = t.ctl("set", NAT, "x", json_out=True)
    t.eq((j.rc, j.data), (4, {"error": {"message": "busy: a session with the ACS is running; "
                                                   "try again"}}), "--json set during a session")
    t.session(acs, 2, timeout=20)          # the retry, after the hung one timed out
    t.sleep(0.3)
    t0 = time.monotonic()
    r = t.ctl("get", NAT)
    t.eq(r.rc, 0, "get after the session")
    t.within(time.monotonic() - t0, 0, t.secs(3), "seconds for a cold get")
