# SPDX-License-Identifier: BSD-2-Clause
"""A carriage return in a value survives the plugins (issue 13, 5): a
string ending in CR, and one with a CR inside, set by the ACS, are kept
escaped (\\r) in the sim store, read back by GetParameterValues in that
session and, after a restart, from the plugin's own get; `cwmpctl set`
and `get` carry one too. (The plugin line format took a CR before the LF
for a line end and dropped a value's last CR.)"""

import os

from dmcheck import needs_data_model, values
from harness import acsmod, cm

NAT = "Device.NAT.PortMapping.1.Description"
NAT2 = "Device.Users.User.1.Username"


def sim_value(t, path):
    plugin = "nat" if path == NAT else "users"
    with open(os.path.join(t.state_dir, "sim", plugin)) as f:
        for line in f.read().split("\n"):
            if line.split("\t", 1)[0] == path:
                return line.split("\t", 1)[1]
    return None


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[
        cm.set_parameter_values([(NAT, "tail\r", "xsd:string"),
                                 (NAT2, "in\rside", "xsd:string")], "k1"),
        cm.get_parameter_values([NAT, NAT2])]))
    d = t.start(t.config(acs))
    s = t.session(acs, 1)
    t.eq(s.responses[0][1].method, "SetParameterValuesResponse", "the set")
    got = values(s.responses[1][1])[1]
    t.eq((got[NAT][1], got[NAT2][1]), ("tail\r", "in\rside"), "values read back")
    t.eq((sim_value(t, NAT), sim_value(t, NAT2)), ("tail\\r", "in\\rside"),
         "the sim store holds the CRs escaped")

    acs.queue(acsmod.Plan(requests=[cm.get_parameter_values([NAT, NAT2])]))
    t.restart(d)
    s = t.session(acs, 2)
    got = values(s.responses[0][1])[1]
    t.eq((got[NAT][1], got[NAT2][1]), ("tail\r", "in\rside"),
         "values from the plugin's get after a restart")
    t.sleep(0.3)    # the daemon takes the ACS's 204 in: busy until then

    r = t.ctl("set", NAT, "op\r")
    t.eq((r.rc, r.out), (0, "ok\n"), "cwmpctl set of a value ending in CR")
    j = t.ctl("get", NAT, json_out=True)
    t.eq([p["value"] for p in j.data["parameters"]], ["op\r"], "cwmpctl get")
