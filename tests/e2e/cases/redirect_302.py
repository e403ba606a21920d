# SPDX-License-Identifier: BSD-2-Clause
"""HTTP redirect with 302 to a second ACS on another port: the daemon
re-POSTs its Inform there (a POST, not a GET) and the whole session runs
against the second ACS; the first one sees only the redirected Inform."""

from harness import acsmod, cm


def run(t):
    first, second = t.acs(), t.acs(path="/other")
    first.queue(acsmod.Plan(redirects=[(302, second.url)]))
    second.queue(acsmod.Plan(requests=[cm.get_rpc_methods()]))
    t.start(t.config(first))

    # Wait until the second ACS's session ends, or the daemon comes back to
    # the first one (which it should not do in this session).
    t.until(lambda: (second.sessions and second.sessions[0].state != "open")
            or len(first.exchanges) > 1, 10, "the session on the second ACS to end")
    t.eq(["%s -> %s" % (x.msg.method or "empty POST", x.action.split(" ->")[0])
          for x in first.exchanges], ["Inform -> redirect 302"], "what the first ACS saw")
    s = t.session(second, 1)
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT"])
    t.eq([m.method for _, m in s.responses], ["GetRPCMethodsResponse"], "answers")
    t.eq({x.path for x in s.exchanges}, {"/other"}, "paths on the second ACS")
