# SPDX-License-Identifier: BSD-2-Clause
"""The write RPCs one after the other in one session, as an ACS's
provisioning does: a ManagementServer value set by SPV stays visible
after AddObject and DeleteObject in the same session; attributes set on a
new instance go away with DeleteObject (the next instance, with a new
number, starts from the defaults); ParameterKey follows the last
successful call."""

import os

from dmcheck import attributes, instance_number, needs_data_model, values
from harness import cm

PII = "Device.ManagementServer.PeriodicInformInterval"
KEY = "Device.ManagementServer.ParameterKey"
TABLE = "Device.NAT.PortMapping."


def run(t):
    needs_data_model(t)
    acs = t.acs()

    def plan(s):
        yield cm.set_parameter_values([(PII, "1234", "xsd:unsignedInt")], key="spv")
        yield cm.add_object(TABLE, key="add1")
        n = instance_number(s.responses[-1][1])
        desc = "%s%d.Description" % (TABLE, n)
        yield cm.set_parameter_attributes([(desc, 1, None)])
        yield cm.get_parameter_attributes([desc])
        yield cm.delete_object("%s%d." % (TABLE, n), key="del1")
        yield cm.get_parameter_values([PII, KEY])
        yield cm.add_object(TABLE, key="add2")
        m = instance_number(s.responses[-1][1])
        yield cm.get_parameter_attributes(["%s%d.Description" % (TABLE, m)])

    acs.default_plan.requests = plan
    t.start(t.config(acs))
    s = t.session(acs, 1, timeout=30)
    r = [m for _, m in s.responses]
    t.eq([m.method for m in r],
         ["SetParameterValuesResponse", "AddObjectResponse",
          "SetParameterAttributesResponse", "GetParameterAttributesResponse",
          "DeleteObjectResponse", "GetParameterValuesResponse", "AddObjectResponse",
          "GetParameterAttributesResponse"], "answers")
    n, m = instance_number(r[1]), instance_number(r[6])
    t.check(m > n, "second instance %s after %s" % (m, n))
    _, got = attributes(r[3])
    t.eq([v[0] for v in got.values()], ["1"], "Notification on the new instance")
    _, got = values(r[5])
    t.eq(got.get(PII, (None, ""))[1], "1234", "PeriodicInformInterval after Add/Delete")
    t.eq(got.get(KEY, (None, ""))[1], "del1", "ParameterKey after DeleteObject")
    _, got = attributes(r[7])
    t.eq([v[0] for v in got.values()], ["0"], "Notification on the next instance")
    path = os.path.join(t.state_dir, "attributes")
    text = open(path).read() if os.path.exists(path) else ""
    t.check("%s%d." % (TABLE, n) not in text, "attributes of the deleted instance:\n" + text)
