# SPDX-License-Identifier: BSD-2-Clause
"""A TransferComplete not yet acknowledged outlives a new ACS URL: "7
TRANSFER COMPLETE" and its "M Download" must not be discarded until the
ACS has answered the TransferComplete (TR-069 3.7.1.5), and a
TransferComplete goes only in a session whose Inform says so. The
download finishes, the session that would carry its TransferComplete
fails, the config names a new ACS and SIGHUP reloads it (as when the ACS
sets ManagementServer.URL): the first Inform to the new ACS, the retry,
carries "0 BOOTSTRAP" and the transfer's two events, and the
TransferComplete follows. (A restart queues the transfer's events again
when it loads the transfers, so that path is not the one to fail.)"""

import dmcheck
from harness import acsmod, cm


def run(t):
    old, new = t.acs(), t.acs()
    old.queue(acsmod.Plan(requests=[dmcheck.config_download(t, old)]),
              acsmod.Plan(inform="http500"))
    d = t.start(t.config(old, acs_opts={"retry_min_wait": "1"}))
    t.session(old, 1)
    t.until(lambda: len(old.snapshot()) >= 2 and old.snapshot()[1].state == "failed", 10,
            "the failed TransferComplete session")
    t.expect_inform(old.snapshot()[1], ["7 TRANSFER COMPLETE", "M Download"])
    t.config(new, acs_opts={"retry_min_wait": "1"})
    d.hup()

    s = t.session(new, 1)
    t.expect_inform(s, ["0 BOOTSTRAP", "7 TRANSFER COMPLETE", "M Download"], retry=1,
                    what="first Inform to the new ACS")
    t.check(("M Download", "cfg-1") in s.inform.events, "key: %s" % s.inform.events)
    tc = [x.msg for x in s.posts() if x.msg.method == "TransferComplete"]
    t.eq([cm._text(m.body, "CommandKey") for m in tc], ["cfg-1"], "TransferCompletes")
