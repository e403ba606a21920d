# SPDX-License-Identifier: BSD-2-Clause
"""GetRPCMethods: the daemon answers with a MethodList whose arrayType
counts its entries, that lists GetRPCMethods itself and no name twice, under
the same cwmp:ID as the request."""

import re

from harness import cm


def run(t):
    acs = t.acs()
    acs.default_plan.requests = [cm.get_rpc_methods()]
    t.start(t.config(acs))

    s = t.session(acs, 1)
    t.eq(len(s.responses), 1, "answers")
    request_id, m = s.responses[0]
    t.eq(m.method, "GetRPCMethodsResponse", "answer to GetRPCMethods")
    t.eq(m.cwmp_id, request_id, "cwmp:ID of the answer")
    t.eq(m.method_array_type, "xsd:string[%d]" % len(m.methods), "MethodList arrayType")
    t.check("GetRPCMethods" in m.methods, "GetRPCMethods not in %s" % m.methods)
    t.eq(len(set(m.methods)), len(m.methods), "duplicates in %s" % m.methods)
    for name in m.methods:
        t.check(re.fullmatch(r"[A-Z][A-Za-z]+", name or ""), "odd method name %r" % name)
    answer = s.posts()[1]
    ctype = (answer.header("content-type") or "").replace(" ", "").lower()
    t.check(ctype.startswith("text/xml"), "Content-Type of the answer: %r" % ctype)
    t.note("methods: %s" % ", ".join(m.methods))
