# SPDX-License-Identifier: BSD-2-Clause
"""Version negotiation, CWMP 1.4: the ACS answers in the daemon's namespace
(cwmp-1-2) with UseCWMPVersion 1.4 (mustUnderstand); the daemon accepts it
and carries on in cwmp-1-2, every message valid against cwmp-1-4.xsd."""

from harness import acsmod, cm


def run(t):
    acs = t.acs()
    acs.default_plan = acsmod.Plan(ns="echo", use_cwmp_version="1.4", requests=[
        cm.get_rpc_methods(),
        "<cwmp:FrobnicateWidgets></cwmp:FrobnicateWidgets>",
    ])
    t.start(t.config(acs))

    s = t.session(acs, 1)
    t.eq(s.inform.ns, cm.NS_1_2, "namespace of the Inform")
    t.eq([m.method for _, m in s.responses], ["GetRPCMethodsResponse", "Fault"], "answers")
    for _, m in s.responses:
        t.eq(m.ns, cm.NS_1_2, "namespace of %s" % m.method)
    t.eq(s.responses[1][1].fault_code, 9000, "FaultCode for the unknown method")
