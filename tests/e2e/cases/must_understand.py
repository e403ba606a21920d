# SPDX-License-Identifier: BSD-2-Clause
"""A request carrying a header the CPE does not know, marked
mustUnderstand="1" (issue 13, 5), is answered with SOAP's own
MustUnderstand fault (no cwmp detail, the request's cwmp:ID), valid
against the SOAP envelope schema; the session goes on."""

from acs import Raw
from harness import cm

HEADER = '<x:Magic xmlns:x="urn:example:x" soap-env:mustUnderstand="1">1</x:Magic>'


def run(t):
    acs = t.acs()
    acs.default_plan.requests = [
        Raw(cm.envelope(cm.NS_1_0, "mu-1", "<cwmp:GetRPCMethods/>", HEADER)),
        cm.get_rpc_methods()]
    t.start(t.config(acs))
    s = t.session(acs, 1)
    (rid, m), (_, m2) = s.responses
    t.eq((rid, m.method, m.fault_code), ("mu-1", "Fault", None), "the answer")
    t.eq(m.soap_faultcode, "soap-env:MustUnderstand", "faultcode")
    t.eq(m2.method, "GetRPCMethodsResponse", "the next request's answer")
