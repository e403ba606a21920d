# SPDX-License-Identifier: BSD-2-Clause
"""A download cut by a crash: the file server trickles the image (100 bytes
every 0.2 s), the daemon is killed with SIGKILL in the middle of it and
started again. The download is not resumed: the first session after the
restart carries "1 BOOT", "7 TRANSFER COMPLETE" and "M Download", and a
TransferComplete with 9017 (unable to complete download; reported as 9010
in GenieACS's cwmp-1-0) exactly once; the partial file is removed and
nothing was applied."""

import os
import time

import dmcheck
from harness import acsmod, cm

IMAGE = b"CWMPD-SIM-FIRMWARE 4.0.0\n" + b"s" * 5000


def run(t):
    dmcheck.needs_data_model(t)
    acs = t.acs()
    acs.default_plan.ns = "echo"
    acs.files["/slow.bin"] = acsmod.File(IMAGE, chunk=100, delay_s=0.2)
    acs.queue(acsmod.Plan(requests=[cm.download("kslow", acs.url_for("/slow.bin"),
                                                len(IMAGE))], ns="echo"))
    d = t.start(t.config(acs))
    t.session(acs, 1)
    acs.wait_for(lambda a: a.gets, t.secs(5))
    t.check(acs.gets, "the download did not start")
    priv = os.path.join(t.state_dir, "cwmpd-transfers")     # cwmpd's own directory
    parts = lambda: [f for f in os.listdir(priv) if f.endswith(".part")] \
        if os.path.isdir(priv) else []  # noqa: E731
    t.until(lambda: parts() and os.path.getsize(os.path.join(priv, parts()[0])) > 0,
            5, "a partial file")
    time.sleep(0.3)
    d.kill9()

    d = t.start()
    s = t.session(acs, 2)
    t.expect_inform(s, ["1 BOOT", "7 TRANSFER COMPLETE", "M Download"],
                    what="Inform after SIGKILL and restart")
    t.check(("M Download", "kslow") in s.inform.events, "key: %s" % s.inform.events)
    tcs = dmcheck.transfer_completes(acs)
    t.eq([(x[0], x[1], x[2]) for x in tcs], [(2, "kslow", 9017)], "TransferCompletes")
    t.check(not parts(), "partial file left: %s" % parts())
    t.check(not os.path.exists(os.path.join(t.state_dir, "sim", "firmware.pending")),
            "a cut image was applied")

    t.restart(d)
    t.expect_inform(t.session(acs, 3), ["1 BOOT"], what="Inform after the next restart")
    t.eq(len(dmcheck.transfer_completes(acs)), 1, "TransferCompletes in the end")
