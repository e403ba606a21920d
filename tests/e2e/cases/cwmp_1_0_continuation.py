# SPDX-License-Identifier: BSD-2-Clause
"""Version negotiation, GenieACS style: the daemon's Inform is in cwmp-1-2
with SupportedCWMPVersions; the ACS answers in cwmp-1-0, so every later
message of the session (a response and a fault) is in cwmp-1-0 and valid
against cwmp-1-0.xsd. The next session starts in cwmp-1-2 again."""

from harness import cm


def run(t):
    acs = t.acs()
    acs.default_plan.requests = [
        cm.get_rpc_methods(),
        "<cwmp:FrobnicateWidgets></cwmp:FrobnicateWidgets>",
    ]
    t.start(t.config(acs, acs_opts={"periodic_enable": "1", "periodic_interval": "2"}))

    s = t.session(acs, 1)
    t.eq(s.inform.ns, cm.NS_1_2, "namespace of the Inform")
    t.eq([m.method for _, m in s.responses], ["GetRPCMethodsResponse", "Fault"], "answers")
    for _, m in s.responses:
        t.eq(m.ns, cm.NS_1_0, "namespace of %s" % m.method)
    t.eq(t.session(acs, 2, timeout=6).inform.ns, cm.NS_1_2,
         "namespace of the next session's Inform")
