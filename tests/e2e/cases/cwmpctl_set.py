# SPDX-License-Identifier: BSD-2-Clause
"""`cwmpctl set` writes as SetParameterValues does, all or nothing: values
of two plugins in one set reach the sim store and the ACS's next
GetParameterValues, a ManagementServer value reaches the config file and
takes effect at once (the agent reloads), and the ParameterKey stays the
ACS's. A set with one bad value changes nothing and reports each refused
parameter with its fault (9005, 9007, 9008) and exit status 1, in text
and JSON (9003 with the list); an odd number of arguments or a name given
twice is a usage error."""

import os

from dmcheck import needs_data_model, values
from harness import acsmod, cm

NAT = "Device.NAT.PortMapping.1.Description"
TZ = "Device.Time.LocalTimeZone"
PII = "Device.ManagementServer.PeriodicInformInterval"
KEY = "Device.ManagementServer.ParameterKey"


def sim_value(t, plugin, path):
    with open(os.path.join(t.state_dir, "sim", plugin)) as f:
        for line in f.read().splitlines():
            if line.split("\t", 1)[0] == path:
                return line.split("\t", 1)[1]
    return None


def get(t, *paths):
    j = t.ctl("get", *paths, json_out=True)
    t.eq(j.rc, 0, "exit status of get")
    return {p["name"]: p["value"] for p in j.data["parameters"]}


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[cm.set_parameter_values([(NAT, "by the ACS", "xsd:string")],
                                                            "pk-1")]))
    t.start(t.config(acs))
    t.session(acs, 1)
    t.sleep(0.3)

    r = t.ctl("set", NAT, "by the operator\twith a tab", TZ, "UTC0")
    t.eq((r.rc, r.out, r.err), (0, "ok\n", ""), "set of two plugins' values")
    t.eq(get(t, NAT, TZ, KEY), {NAT: "by the operator\twith a tab", TZ: "UTC0", KEY: "pk-1"},
         "values after the set (the ParameterKey is the ACS's)")
    t.eq(sim_value(t, "nat", NAT), "by the operator\\twith a tab", "the sim store")

    j = t.ctl("set", PII, "1200", json_out=True)
    t.eq((j.rc, j.data), (0, {"status": 0}), "--json set of a native value")
    with open(t.conf_path) as f:
        t.check("option periodic_interval '1200'" in f.read(), "the config file holds 1200")
    t.until(lambda: t.ctl("status", json_out=True).data["periodic"]["interval"] == 1200, 5,
            "the agent using the new interval")

    # all or nothing
    r = t.ctl("set", TZ, "CET-1", "Device.Time.Enable", "maybe",
              "Device.DeviceInfo.SoftwareVersion", "9", "Device.Nope", "1")
    t.eq(r.rc, 1, "exit status of a bad set")
    t.eq(r.err, "cwmpctl: Device.Time.Enable: 9007 Invalid parameter value\n"
         "cwmpctl: Device.DeviceInfo.SoftwareVersion: 9008 Attempt to set a non-writable "
         "parameter\ncwmpctl: Device.Nope: 9005 Invalid parameter name\n", "the faults")
    j = t.ctl("set", TZ, "CET-1", "Device.Time.Enable", "maybe", json_out=True)
    t.eq((j.rc, j.data["error"]["code"], j.data["error"]["message"]),
         (1, 9003, "Invalid arguments"), "--json bad set")
    t.eq(j.data["error"]["faults"], [{"code": 9007, "message": "Invalid parameter value",
                                      "parameter": "Device.Time.Enable"}], "JSON faults")
    t.eq(get(t, TZ)[TZ], "UTC0", "nothing changed by the bad sets")

    r = t.ctl("set", TZ)
    t.eq((r.rc, r.err), (2, "cwmpctl: usage: set PATH VALUE [PATH VALUE]...\n"), "set PATH")
    r = t.ctl("set", TZ, "a", TZ, "b")
    t.eq((r.rc, r.err), (2, "cwmpctl: set: a parameter is named twice\n"), "a name twice")

    # the ACS sees the operator's values, its own key
    acs.queue(acsmod.Plan(requests=[cm.get_parameter_values([NAT, TZ, PII, KEY])]))
    t.eq(t.ctl("inform").rc, 0, "inform")
    s = t.session(acs, 2, timeout=5)
    _, got = values(s.responses[0][1])
    t.eq({k: v for k, (_, v) in got.items()},
         {NAT: "by the operator\twith a tab", TZ: "UTC0", PII: "1200", KEY: "pk-1"},
         "what the ACS reads")
