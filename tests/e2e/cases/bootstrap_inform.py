# SPDX-License-Identifier: BSD-2-Clause
"""First start with an empty state directory: the daemon opens a session with
"0 BOOTSTRAP" + "1 BOOT", the sim platform's DeviceId and the forced
parameters; after the InformResponse it sends an empty POST, and the whole
session runs over one kept-alive connection with the right HTTP headers."""

from harness import FORCED_PARAMS, SIM_DEVICE, cm


def run(t):
    acs = t.acs()
    t.start(t.config(acs))

    s = t.session(acs, 1)
    inform = s.inform
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT"], retry=0)
    t.eq([k for _, k in inform.events], ["", ""], "CommandKeys")
    t.eq(inform.event_array_type, "cwmp:EventStruct[2]", "Event arrayType")
    t.eq(inform.max_envelopes, "1", "MaxEnvelopes")
    t.eq(inform.device_id, SIM_DEVICE, "DeviceId")
    for p in FORCED_PARAMS:
        t.check(p in inform.params, "forced parameter %s missing from the Inform "
                "(has %s)" % (p, ", ".join(inform.param_order)))
    t.eq(inform.param_array_type,
         "cwmp:ParameterValueStruct[%d]" % len(inform.params), "ParameterList arrayType")
    t.check(inform.params["Device.ManagementServer.ConnectionRequestURL"][1],
            "ConnectionRequestURL is empty")
    t.check(inform.current_time, "CurrentTime missing")

    # Versions: the Inform is in cwmp-1-2 and announces what it supports.
    t.eq(inform.ns, cm.NS_1_2, "Inform namespace")
    t.check("SupportedCWMPVersions" in inform.headers,
            "no SupportedCWMPVersions header in the Inform")

    # The flow: Inform, empty POST, 204.
    t.eq([x.action for x in s.exchanges], ["InformResponse", "204"], "ACS actions")
    inform_x, empty_x = s.exchanges

    # HTTP details.
    t.check(inform_x.header("content-type", ) and
            inform_x.header("content-type").replace(" ", "").lower().startswith("text/xml"),
            "Inform Content-Type is %r" % inform_x.header("content-type"))
    t.check(inform_x.header("soapaction") is not None, "Inform POST has no SOAPAction header")
    t.eq(empty_x.body, b"", "body of the POST after the InformResponse")
    t.eq(empty_x.header("content-length"), "0", "Content-Length of the empty POST")
    t.eq(empty_x.header("soapaction"), None, "SOAPAction on the empty POST")
    t.eq(len({x.conn for x in s.exchanges}), 1,
         "connections used in one session (keep-alive)")

    # 204 ends the session: the CPE closes the connection.
    t.until(lambda: inform_x.conn in acs.closed, 3,
            "the CPE to close its connection after the 204")
