# SPDX-License-Identifier: BSD-2-Clause
"""GetParameterNames and GetParameterValues: the root lists only Device.,
ManagementServer's next level carries the right Writable flags, values
come with their schema xsi:types (native and plugin-backed alike), a
partial path gives a whole table from the sim platform, and an unknown
name faults the request with 9005."""

from dmcheck import names, needs_data_model, values
from harness import cm


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.default_plan.requests = [
        cm.get_parameter_names("", True),
        cm.get_parameter_names("Device.ManagementServer.", True),
        cm.get_parameter_values(["Device.DeviceInfo.SoftwareVersion",
                                 "Device.ManagementServer.PeriodicInformInterval"]),
        cm.get_parameter_values(["Device.Hosts."]),
        cm.get_parameter_values(["Device.Nope"]),
    ]
    t.start(t.config(acs))
    s = t.session(acs, 1, timeout=20)
    t.eq(len(s.responses), 5, "answers")
    for request_id, m in s.responses:
        t.eq(m.cwmp_id, request_id, "cwmp:ID of the answer")

    m = s.responses[0][1]
    t.eq(m.method, "GetParameterNamesResponse", "answer to GPN \"\"")
    at, got = names(m)
    t.eq(got, {"Device.": "0"}, "GPN \"\" NextLevel 1")
    t.eq(at, "cwmp:ParameterInfoStruct[1]", "arrayType of GPN \"\"")

    m = s.responses[1][1]
    t.eq(m.method, "GetParameterNamesResponse", "answer to GPN ManagementServer.")
    at, got = names(m)
    t.eq(at, "cwmp:ParameterInfoStruct[%d]" % len(got), "arrayType of GPN ManagementServer.")
    t.eq(got.get("Device.ManagementServer.URL"), "1", "URL writable")
    t.eq(got.get("Device.ManagementServer.ParameterKey"), "0", "ParameterKey writable")
    t.check(all(n.startswith("Device.ManagementServer.") for n in got), "names %s" % got)

    m = s.responses[2][1]
    t.eq(m.method, "GetParameterValuesResponse", "answer to GPV")
    at, got = values(m)
    t.eq(at, "cwmp:ParameterValueStruct[2]", "arrayType of GPV")
    sw = got.get("Device.DeviceInfo.SoftwareVersion", (None, ""))
    t.eq(sw[0], "xsd:string", "SoftwareVersion type")
    t.check(sw[1] != "", "SoftwareVersion is empty")
    pii = got.get("Device.ManagementServer.PeriodicInformInterval", (None, ""))
    t.eq(pii[0], "xsd:unsignedInt", "PeriodicInformInterval type")
    t.check(pii[1].isdigit(), "PeriodicInformInterval %r" % pii[1])

    m = s.responses[3][1]
    t.eq(m.method, "GetParameterValuesResponse", "answer to GPV Device.Hosts.")
    at, got = values(m)
    t.eq(at, "cwmp:ParameterValueStruct[%d]" % len(got), "arrayType of GPV Device.Hosts.")
    t.eq(got.get("Device.Hosts.HostNumberOfEntries", (None, ""))[1], "4", "host count")
    t.eq(got.get("Device.Hosts.Host.1.PhysAddress", (None, ""))[1], "3c:22:fb:12:34:56",
         "first host's MAC")
    t.eq(got.get("Device.Hosts.Host.2.HostName", (None, ""))[1], "phone", "second host's name")

    m = s.responses[4][1]
    t.eq(m.method, "Fault", "answer to GPV Device.Nope")
    t.eq(m.fault_code, 9005, "fault code for Device.Nope")
