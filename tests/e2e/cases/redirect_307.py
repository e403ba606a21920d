# SPDX-License-Identifier: BSD-2-Clause
"""HTTP redirect: the ACS answers the Inform with 307 and a Location on
another path. The daemon re-POSTs the Inform there and carries on the whole
session at the new URL."""

from harness import acsmod, cm


def run(t):
    acs = t.acs()
    acs.queue(acsmod.Plan(redirects=[(307, "/moved/acs")],
                          requests=[cm.get_rpc_methods()]))
    t.start(t.config(acs))

    s = t.session(acs, 1)
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT"])
    first, rest = s.exchanges[0], s.exchanges[1:]
    t.eq((first.path, first.action.split()[0]), ("/acs", "redirect"), "first Inform POST")
    t.eq(rest[0].msg.method, "Inform", "message re-sent after the redirect")
    t.eq(sorted({x.path for x in rest}), ["/moved/acs"], "paths after the redirect")
    t.eq([m.method for _, m in s.responses], ["GetRPCMethodsResponse"], "answers")
