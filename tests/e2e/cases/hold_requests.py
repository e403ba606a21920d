# SPDX-License-Identifier: BSD-2-Clause
"""HoldRequests: the InformResponse carries <cwmp:HoldRequests
soap-env:mustUnderstand="1">1</cwmp:HoldRequests>. The daemon understands
the header (no fault) and its next POST is not a request: the empty POST.
The session then goes on as usual."""

from harness import acsmod, cm


def run(t):
    acs = t.acs()
    acs.default_plan = acsmod.Plan(hold_requests=True, requests=[cm.get_rpc_methods()])
    t.start(t.config(acs))

    s = t.session(acs, 1)
    after = s.posts()
    t.check(after, "no POST after the InformResponse")
    t.eq(after[0].body, b"", "the POST after an InformResponse with HoldRequests")
    t.eq([m.method for _, m in s.responses], ["GetRPCMethodsResponse"], "answers")
