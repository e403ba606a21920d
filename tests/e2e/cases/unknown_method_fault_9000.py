# SPDX-License-Identifier: BSD-2-Clause
"""An RPC the daemon does not know (cwmp:FrobnicateWidgets) gets a SOAP
fault with detail/cwmp:Fault 9000 "Method not supported" under the request's
cwmp:ID, and the session goes on: a GetRPCMethods after it is answered."""

from harness import cm


def run(t):
    acs = t.acs()
    acs.default_plan.requests = [
        "<cwmp:FrobnicateWidgets><Widget>1</Widget></cwmp:FrobnicateWidgets>",
        cm.get_rpc_methods(),
    ]
    t.start(t.config(acs))

    s = t.session(acs, 1)
    t.eq([m.method for _, m in s.responses], ["Fault", "GetRPCMethodsResponse"], "answers")
    request_id, fault = s.responses[0]
    t.eq(fault.fault_code, 9000, "FaultCode")
    t.eq(fault.cwmp_id, request_id, "cwmp:ID of the fault")
    t.check((fault.soap_faultcode or "").split(":")[-1] in ("Client", "Server"),
            "soap faultcode %r" % fault.soap_faultcode)
    t.check(fault.fault_string, "empty FaultString")
