# SPDX-License-Identifier: BSD-2-Clause
"""A redirect to another ACS host (a load balancer handing the session to
a node) that asks for HTTP Digest authentication: the daemon re-POSTs the
Inform there, answers the 401 with the configured credentials (TR-069
3.4.4/3.4.5: the CPE authenticates to the ACS it talks to) and the
session completes at the new location."""

from harness import acsmod, cm


def run(t):
    lb, node = t.acs(), t.acs()
    lb.queue(acsmod.Plan(redirects=[(307, node.url_for("/acs"))]))
    node.queue(acsmod.Plan(auth="digest", username="cpe", password="s3cret",
                           requests=[cm.get_rpc_methods()]))
    t.start(t.config(lb, acs_opts={"username": "cpe", "password": "s3cret"}))

    s = t.session(node, 1)
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT"])
    t.eq([m.method for _, m in s.responses], ["GetRPCMethodsResponse"], "answers")
