# SPDX-License-Identifier: BSD-2-Clause
"""The AddObject and DeleteObject sessions GenieACS 1.2.16 runs for its NBI
addObject / deleteObject tasks (../shared/genieacs/nbi-addObject.txt and
nbi-deleteObject.txt), with the same requests: AddObject with an empty
ParameterKey, GetParameterValues of three members of the new instance
(typed and valued as the captured CPE answered), GetParameterNames of the
table with NextLevel 1 (every instance writable); in a later session
DeleteObject of that instance. The SetParameterValues GenieACS sends in
between belongs to another case."""

from acs import Plan
from dmcheck import instance_number, names, needs_data_model, status, values
from harness import cm

PM = "Device.NAT.PortMapping."
MEMBERS = ["Description", "ExternalPort", "InternalClient"]
CAPTURED = {"Description": ("xsd:string", ""), "ExternalPort": ("xsd:unsignedInt", "0"),
            "InternalClient": ("xsd:string", "")}


def add_session(s):
    yield cm.add_object(PM)
    n = instance_number(s.responses[-1][1]) or 0
    yield cm.get_parameter_values(["%s%d.%s" % (PM, n, p) for p in MEMBERS])
    yield cm.get_parameter_names(PM, True)


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(Plan(requests=add_session))
    d = t.start(t.config(acs))
    s = t.session(acs, 1, timeout=20)
    ms = [m for _, m in s.responses]
    t.eq([m.method for m in ms], ["AddObjectResponse", "GetParameterValuesResponse",
                                  "GetParameterNamesResponse"], "answers to the addObject task")
    n = instance_number(ms[0])
    t.eq(status(ms[0]), "0", "AddObject Status")
    at, got = values(ms[1])
    t.eq(at, "cwmp:ParameterValueStruct[3]", "arrayType of the GPV")
    t.eq(got, {"%s%d.%s" % (PM, n, p): CAPTURED[p] for p in MEMBERS}, "new instance's values")
    _, got = names(ms[2])
    t.eq(got, {PM + "1.": "1", "%s%d." % (PM, n): "1"}, "GPN after AddObject")

    acs.queue(Plan(requests=[cm.delete_object("%s%d." % (PM, n)),
                             cm.get_parameter_names(PM, True)]))
    t.restart(d)                    # GenieACS would send a connection request
    s = t.session(acs, 2, timeout=20)
    ms = [m for _, m in s.responses]
    t.eq([m.method for m in ms], ["DeleteObjectResponse", "GetParameterNamesResponse"],
         "answers to the deleteObject task")
    t.eq(status(ms[0]), "0", "DeleteObject Status")
    t.eq(names(ms[1])[1], {PM + "1.": "1"}, "GPN after DeleteObject")
    t.eq(s.inform.params.get("Device.ManagementServer.ParameterKey", (None, None))[1], "",
         "ParameterKey after an AddObject with an empty key")
