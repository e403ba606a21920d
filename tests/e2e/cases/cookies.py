# SPDX-License-Identifier: BSD-2-Clause
"""Cookies, GenieACS style: the InformResponse sets "session=<hex>" (no
Path). Every later POST of that session sends it back; the next session's
Inform does not, and that session uses its own new cookie."""

from harness import cm


def run(t):
    acs = t.acs()
    acs.default_plan.requests = [cm.get_rpc_methods()]
    t.start(t.config(acs, acs_opts={"periodic_enable": "1", "periodic_interval": "2"}))

    first = t.session(acs, 1)
    second = t.session(acs, 2, timeout=6)
    for s in (first, second):
        posts = s.posts()
        t.eq(len(posts), 2, "POSTs after the InformResponse in session %d" % s.number)
        for x in posts:
            t.eq(x.header("cookie"), "session=%s" % s.cookie,
                 "Cookie header on a POST of session %d" % s.number)
    for x in second.exchanges:
        if x.msg.method == "Inform":
            t.eq(x.header("cookie"), None, "Cookie header on the next session's Inform")
