# SPDX-License-Identifier: BSD-2-Clause
"""Download of a "3 Vendor Configuration File" from a file server that wants
HTTP Basic credentials (the ones in the Download): DownloadResponse Status
1, the sim plugin keeps the file as sim/vendor.conf, no reboot; the next
session carries "7 TRANSFER COMPLETE" + "M Download" and a TransferComplete
with FaultCode 0; the password never shows in the log. A DelaySeconds of 1
is honoured: meanwhile GetQueuedTransfers lists it, not started (State 1);
GetAllQueuedTransfers does not exist in cwmp-1-0 (9000)."""

import os

import dmcheck
from harness import acsmod, cm, parse_iso

CONF = b"# vendor configuration\nhostname sim-router\n"


def run(t):
    dmcheck.needs_data_model(t)
    acs = t.acs()
    acs.files["/cfg/vendor.conf"] = acsmod.File(CONF, auth=True, username="fw",
                                                password="conf-pass-77")
    acs.queue(acsmod.Plan(requests=[
        cm.download("cfg-1", acs.url_for("/cfg/vendor.conf"), len(CONF),
                    file_type="3 Vendor Configuration File", username="fw",
                    password="conf-pass-77", delay=1),
        "<cwmp:GetQueuedTransfers></cwmp:GetQueuedTransfers>",
        "<cwmp:GetAllQueuedTransfers></cwmp:GetAllQueuedTransfers>"]))
    t.start(t.config(acs))

    s1 = t.session(acs, 1)
    m = s1.responses[0][1]
    t.eq((m.method, cm._text(m.body, "Status")), ("DownloadResponse", "1"), "answer")
    q = s1.responses[1][1]
    t.eq(q.method, "GetQueuedTransfersResponse", "answer to GetQueuedTransfers")
    lst = cm._child(q.body, "TransferList")
    t.eq([(cm._text(x, "CommandKey"), cm._text(x, "State")) for x in lst], [("cfg-1", "1")],
         "queued transfers (DelaySeconds not passed)")
    t.eq(s1.responses[2][1].fault_code, 9000, "GetAllQueuedTransfers in cwmp-1-0")
    s2 = t.session(acs, 2)
    t.expect_inform(s2, ["7 TRANSFER COMPLETE", "M Download"])
    t.check(("M Download", "cfg-1") in s2.inform.events, "key: %s" % s2.inform.events)
    tc = [x.msg for x in s2.posts() if x.msg.method == "TransferComplete"]
    t.eq(len(tc), 1, "TransferCompletes")
    fs = cm._child(tc[0].body, "FaultStruct")
    t.eq((cm._text(tc[0].body, "CommandKey"), cm._text(fs, "FaultCode")), ("cfg-1", "0"),
         "TransferComplete")
    start = parse_iso(cm._text(tc[0].body, "StartTime"))
    t.check(start >= s1.wall_start + 1 - 1, "DelaySeconds: started %.1f s after session 1"
            % (start - s1.wall_start))
    with open(os.path.join(t.state_dir, "sim", "vendor.conf"), "rb") as f:
        t.eq(f.read(), CONF, "sim/vendor.conf")
    statuses = [g[1] for g in acs.gets]
    t.eq(statuses[-1], 200, "the authenticated GET (all: %s)" % statuses)
    t.check("conf-pass-77" not in t.log_text(), "the password is in the log")
    t.check(not [f for f in os.listdir(t.state_dir) if f.endswith(".part")],
            "no temporary file left")
