# SPDX-License-Identifier: BSD-2-Clause
"""AddObject and DeleteObject on Device.NAT.PortMapping. of the sim
platform: AddObject answers a new number and the instance, with the
plugin's template values, is readable in the same session; DeleteObject
removes it; the ParameterKey follows the successful calls only (GPV and the
next Inform). Refused with 9005: a missing instance, a read-only, native
or unknown table, a non-table; with 9003: an over-long or missing
ParameterKey. A number is not handed out again within the session."""

from acs import Plan
from dmcheck import instance_number, names, needs_data_model, status, values
from harness import cm

PM = "Device.NAT.PortMapping."
PKEY = "Device.ManagementServer.ParameterKey"
KEY_ADD, KEY_DEL, KEY_ADD2 = "add-1", "del-1", "add-2-" + "x" * 26   # 32 chars: the most allowed

# (label, request, fault code): each must fault and leave the ParameterKey alone
REFUSED = [
    ("add on a read-only table", cm.add_object("Device.Hosts.Host.", "bad-1"), 9005),
    ("add on a native table",
     cm.add_object("Device.ManagementServer.ManageableDevice.", "bad-2"), 9005),
    ("add on a non-table object", cm.add_object("Device.NAT.", "bad-3"), 9005),
    ("add on a parameter", cm.add_object(PM + "1.Enable", "bad-4"), 9005),
    ("add on an instance", cm.add_object(PM + "1.", "bad-5"), 9005),
    ("add on an unknown table", cm.add_object("Device.NAT.Nope.", "bad-6"), 9005),
    ("add without the trailing dot", cm.add_object(PM[:-1], "bad-7"), 9005),
    ("add with a 33-char key", cm.add_object(PM, "k" * 33), 9003),
    ("add without ParameterKey",
     "<cwmp:AddObject><ObjectName>%s</ObjectName></cwmp:AddObject>" % PM, 9003),
    ("delete without ObjectName",
     "<cwmp:DeleteObject><ParameterKey>bad-8</ParameterKey></cwmp:DeleteObject>", 9003),
    ("delete of a table", cm.delete_object(PM, "bad-9"), 9005),
    ("delete of a missing instance", cm.delete_object(PM + "999.", "bad-10"), 9005),
    ("delete on a read-only table", cm.delete_object("Device.Hosts.Host.1.", "bad-11"), 9005),
]


def script(s):
    yield cm.add_object(PM, KEY_ADD)
    n = instance_number(s.responses[-1][1]) or 0
    inst = "%s%d." % (PM, n)
    yield cm.get_parameter_values([inst, PKEY, "Device.NAT.PortMappingNumberOfEntries"])
    yield cm.delete_object(inst, KEY_DEL)
    yield cm.get_parameter_values([inst])
    yield cm.get_parameter_values([PKEY, "Device.NAT.PortMappingNumberOfEntries"])
    yield cm.delete_object(inst, "bad-0")
    for _, req, _ in REFUSED:
        yield req
    yield cm.get_parameter_values([PKEY])
    yield cm.add_object(PM, KEY_ADD2)
    yield cm.get_parameter_names(PM, True)


def answer(t, m, method, what):
    t.eq(m.method, method, what + (" (fault %s)" % m.fault_code if m.method == "Fault" else ""))
    return m


def fault(t, m, code, what):
    t.eq(m.method, "Fault", what)
    t.eq(m.fault_code, code, "fault code of " + what)


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(Plan(requests=script))
    d = t.start(t.config(acs))
    s = t.session(acs, 1, timeout=30)
    t.eq(len(s.responses), 9 + len(REFUSED), "answers")
    r = iter(m for _, m in s.responses)

    m = answer(t, next(r), "AddObjectResponse", "AddObject " + PM)
    n = instance_number(m)
    t.check(n is not None and n > 1, "new number %r beside the seeded instance 1" % n)
    t.eq(status(m), "0", "AddObject Status")
    inst = "%s%d." % (PM, n)

    _, got = values(answer(t, next(r), "GetParameterValuesResponse", "GPV of the new instance"))
    t.eq(got.get(inst + "Enable"), ("xsd:boolean", "false"), "new Enable")
    t.eq(got.get(inst + "Protocol"), ("xsd:string", "TCP"), "new Protocol")
    t.eq(got.get(inst + "ExternalPort"), ("xsd:unsignedInt", "0"), "new ExternalPort")
    t.eq(got.get(inst + "Status"), ("xsd:string", "Disabled"), "new Status")
    t.eq(got.get(PKEY), ("xsd:string", KEY_ADD), "ParameterKey after AddObject")
    t.eq(got.get("Device.NAT.PortMappingNumberOfEntries", (None, ""))[1], "2",
         "entries after AddObject")

    m = answer(t, next(r), "DeleteObjectResponse", "DeleteObject " + inst)
    t.eq(status(m), "0", "DeleteObject Status")
    fault(t, next(r), 9005, "GPV of the deleted instance")
    _, got = values(answer(t, next(r), "GetParameterValuesResponse", "GPV after delete"))
    t.eq(got.get(PKEY), ("xsd:string", KEY_DEL), "ParameterKey after DeleteObject")
    t.eq(got.get("Device.NAT.PortMappingNumberOfEntries", (None, ""))[1], "1",
         "entries after DeleteObject")
    fault(t, next(r), 9005, "DeleteObject of the instance just deleted")
    for what, _, code in REFUSED:
        fault(t, next(r), code, what)
    _, got = values(answer(t, next(r), "GetParameterValuesResponse", "GPV after the faults"))
    t.eq(got.get(PKEY), ("xsd:string", KEY_DEL), "ParameterKey unchanged by faults")

    m = answer(t, next(r), "AddObjectResponse", "second AddObject")
    n2 = instance_number(m)
    t.check(n2 is not None and n2 > n, "second number %r above the deleted %d" % (n2, n))
    _, got = names(answer(t, next(r), "GetParameterNamesResponse", "GPN " + PM))
    t.eq(got, {PM + "1.": "1", "%s%d." % (PM, n2): "1"}, "instances after all")

    # The key of the last successful call is in the next Inform.
    t.restart(d)
    s = t.session(acs, 2)
    t.eq(s.inform.params.get(PKEY, (None, None))[1], KEY_ADD2, "ParameterKey in the Inform")
