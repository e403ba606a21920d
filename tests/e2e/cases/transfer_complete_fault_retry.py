# SPDX-License-Identifier: BSD-2-Clause
"""The ACS answers the TransferComplete with a SOAP fault: the request is
sent again in a later session (TR-069 3.7.1.5), paced by the session retry
wait (3.2.1.1, Table 3: m = 1, k = 2000 gives 1-2 s, then 2-4 s) with
RetryCount counting, not in a new session at once (an ACS that refuses it
each time got sessions back to back, over a hundred in 3 s). Once the ACS
acknowledges it, no more sessions follow."""

import time

import dmcheck
from harness import acsmod


def run(t):
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[dmcheck.config_download(t, acs)]),
              acsmod.Plan(cpe_request_fault=8002),
              acsmod.Plan(cpe_request_fault=8005))
    t.start(t.config(acs, acs_opts={"retry_min_wait": "1"}))

    t.session(acs, 1)
    t.until(lambda: len(acs.snapshot()) >= 4 and acs.snapshot()[3].complete, 12,
            "the TransferComplete acknowledged")
    s2, s3, s4 = acs.snapshot()[1:4]
    for s, retry in ((s2, 0), (s3, 1), (s4, 2)):
        t.expect_inform(s, ["7 TRANSFER COMPLETE", "M Download"], retry=retry,
                        what="TransferComplete session")
        tc = [x for x in s.posts() if x.msg.method == "TransferComplete"]
        t.eq(len(tc), 1, "TransferCompletes in session %d" % s.number)
    t.within(s3.t_start - s2.t_start, 1 - 0.1, 2 + t.slack, "wait before retry 1")
    t.within(s4.t_start - s3.t_start, 2 - 0.1, 4 + t.slack, "wait before retry 2")
    time.sleep(t.secs(1.5))
    t.eq(len(acs.snapshot()), 4, "sessions (none after the acknowledgement)")
