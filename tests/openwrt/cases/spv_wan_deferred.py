# SPDX-License-Identifier: BSD-2-Clause
"""A change that can cut the way to the ACS is applied after the session
(bug 5): SetParameterValues of the wan's IPv4 address answers Status 1
(committed, applied later); a second later, still in the session, netifd
has the old address live, while the session reads the new one back; once
the session is over netifd applies it. The plugins' set writes nothing in
the state dir (flash): every file created there during the
SetParameterValues is the agent's ParameterKey write (`state`, through
`.state.tmp`)."""

import time

from dmcheck import status, values
from acs import Plan
from harness import cm
from owrt import WAN_ADDR, Creations, instance_of

IPS = "Device.IP.Interface."
NEW = "198.51.100.4"


def run(t):
    acs = t.acs()
    seen = {}

    def script(s):
        yield cm.get_parameter_values([IPS])
        wan = instance_of(values(s.responses[-1][1])[1], IPS, "Name", "wan")
        if not wan:
            return
        seen["param"] = wan + "IPv4Address.1.IPAddress"
        watch = Creations(t.box, "/etc/cwmpd")
        try:
            yield cm.set_parameter_values([(seen["param"], NEW, "xsd:string")], key="wan")
            seen["created"] = watch.names()
        finally:
            watch.close()
        time.sleep(1)
        seen["live_in_session"] = t.wan_addr()
        yield cm.get_parameter_values([seen["param"]])

    acs.queue(Plan(requests=script))
    t.setup(acs)
    s = t.session(acs, 1, timeout=30)
    t.check("param" in seen, "the wan in the GPV answer")
    t.eq(len(s.responses), 3, "answers")
    spv = s.responses[1][1]
    t.eq((spv.method, status(spv)), ("SetParameterValuesResponse", "1"),
         "answer to the SPV (fault %s)" % spv.fault_code)
    t.eq(seen["live_in_session"], WAN_ADDR, "netifd's wan address during the session")
    t.eq(values(s.responses[2][1])[1].get(seen["param"], (None, None))[1], NEW,
         "the session reads the new address back")
    t.until(lambda: t.wan_addr() == NEW, 10, "netifd applies %s after the session" % NEW)
    t.eq(t.uci_get("network.wan.ipaddr"), NEW, "uci: wan address")
    t.check(set(seen["created"]) <= {".state.tmp", "state"},
            "files created in the state dir during the SPV: %s" % seen["created"])
