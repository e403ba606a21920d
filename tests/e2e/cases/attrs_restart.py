# SPDX-License-Identifier: BSD-2-Clause
"""Parameter attributes persist: what SetParameterAttributes stored in one
run (a parameter, a partial path over table instances, an AccessList, a
forceDefaultEnabled parameter turned off) reads back the same after the
daemon restarts with the same state directory."""

from dmcheck import attributes, needs_data_model
from harness import acsmod, cm

PII = "Device.ManagementServer.PeriodicInformInterval"
CRURL = "Device.ManagementServer.ConnectionRequestURL"
SW = "Device.DeviceInfo.SoftwareVersion"
NAMES = [PII, CRURL, SW, "Device.Hosts.Host.3.HostName", "Device.Hosts.Host.1.HostName",
         "Device.DeviceInfo.UpTime"]
WANT = {
    PII: ("1", ["Subscriber"]),
    CRURL: ("0", []),
    SW: ("2", []),
    "Device.Hosts.Host.3.HostName": ("2", ["Subscriber"]),
    "Device.Hosts.Host.1.HostName": ("0", []),
    "Device.DeviceInfo.UpTime": ("1", []),
}


def read(t, m, what):
    t.eq(m.method, "GetParameterAttributesResponse", what)
    at, got = attributes(m)
    t.eq(at, "cwmp:ParameterAttributeStruct[%d]" % len(NAMES), "arrayType of " + what)
    return {n: (v[0], v[1]) for n, v in got.items()}


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[
        cm.set_parameter_attributes([(PII, 1, ["Subscriber"]), (CRURL, 0, None),
                                     ("Device.Hosts.Host.3.", 2, ["Subscriber"]),
                                     ("Device.DeviceInfo.UpTime", 1, None)]),
        cm.get_parameter_attributes(NAMES),
    ]))
    acs.default_plan.requests = [cm.get_parameter_attributes(NAMES)]
    d = t.start(t.config(acs))
    s = t.session(acs, 1)
    t.eq(s.responses[0][1].method, "SetParameterAttributesResponse", "answer to SPA")
    t.eq(read(t, s.responses[1][1], "GPA before the restart"), WANT, "attributes before")

    t.restart(d)
    s = t.session(acs, 2)
    t.expect_inform(s, ["1 BOOT"], what="Inform after restart")
    t.eq(read(t, s.responses[0][1], "GPA after the restart"), WANT, "attributes after restart")
