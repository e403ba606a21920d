# SPDX-License-Identifier: BSD-2-Clause
"""HoldRequests keeps a TransferComplete back only from the next POST
(TR-069 3.7.1.4: the CPE ends the session only when the ACS has sent an
empty response and the CPE has no request left): the InformResponse of
the "7 TRANSFER COMPLETE" session holds requests, the CPE sends the empty
POST, the ACS answers 204, and the CPE then sends its TransferComplete in
the same session, on the same connection, before ending it. No second
session is needed to deliver it."""

import time

import dmcheck
from harness import acsmod


def run(t):
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[dmcheck.config_download(t, acs)]))
    acs.queue(acsmod.Plan(hold_requests=True))
    t.start(t.config(acs))

    s1 = t.session(acs, 1)
    t.eq([m.method for _, m in s1.responses], ["DownloadResponse"], "answers")
    s2 = t.session(acs, 2)
    t.expect_inform(s2, ["7 TRANSFER COMPLETE", "M Download"])
    t.until(lambda: len(s2.posts()) >= 3 and s2.complete, 5,
            "the TransferComplete after the 204 and the session's end")
    posts = s2.posts()
    t.eq([x.msg.method if not x.msg.empty else "empty" for x in posts],
         ["empty", "TransferComplete", "empty"], "POSTs after the InformResponse")
    t.eq(len({x.conn for x in s2.exchanges}), 1, "connections of session 2")
    time.sleep(t.secs(1.5))
    t.eq(len(acs.sessions), 2, "sessions (the TransferComplete needed no third)")
