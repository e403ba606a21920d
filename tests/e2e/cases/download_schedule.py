# SPDX-License-Identifier: BSD-2-Clause
"""ScheduleDownload and CancelTransfer (cwmp-1-2 only; the ACS answers in
the CPE's namespace here). A vendor configuration file scheduled in the
window [1 s, 60 s] is fetched and applied: TransferComplete FaultCode 0 with
"M ScheduleDownload". One whose only window [0 s, 1 s] passes while the
session is still running ends with 9020. One scheduled 100 s ahead is
cancelled (no TransferComplete, gone from GetAllQueuedTransfers);
cancelling an unknown key is 9003; overlapping windows are refused with
9003. One whose only window is "4 Confirmation Needed" is accepted but
never fetched (no user to confirm): 9020 saying so."""

import os
import time

import dmcheck
from harness import acsmod, cm

CONF = b"# scheduled configuration\n"


def window(start, end, mode="1 At Any Time"):
    return cm.time_window(start, end, mode)


schedule_download = cm.schedule_download


def cancel(key):
    return "<cwmp:CancelTransfer><CommandKey>%s</CommandKey></cwmp:CancelTransfer>" % key


def slow_get_rpc_methods(s):
    time.sleep(2.2)             # the [0 s, 1 s] window passes meanwhile
    return cm.get_rpc_methods()


def run(t):
    dmcheck.needs_data_model(t)
    acs = t.acs()
    acs.files["/sched.conf"] = CONF
    url = acs.url_for("/sched.conf")
    acs.default_plan.ns = "echo"
    acs.queue(acsmod.Plan(ns="echo", requests=[
        schedule_download("sd-ok", url, [window(1, 60)]),
        schedule_download("sd-late", url, [window(0, 1, "2 Immediately")]),
        schedule_download("sd-cancel", url, [window(100, 200), window(300, 400)]),
        schedule_download("sd-confirm", url, [window(0, 60, "4 Confirmation Needed")]),
        schedule_download("sd-overlap", url, [window(0, 60), window(30, 90)]),
        cancel("sd-cancel"),
        cancel("nothing-queued"),
        "<cwmp:GetAllQueuedTransfers></cwmp:GetAllQueuedTransfers>",
        slow_get_rpc_methods]))
    t.start(t.config(acs))

    s1 = t.session(acs, 1, timeout=15)
    got = [(m.method, m.fault_code) for _, m in s1.responses]
    t.eq(got[:7], [("ScheduleDownloadResponse", None)] * 4 + [("Fault", 9003)] +
         [("CancelTransferResponse", None), ("Fault", 9003)], "answers")
    lst = cm._child(s1.responses[7][1].body, "TransferList")
    t.eq([(cm._text(x, "CommandKey"), cm._text(x, "State")) for x in lst],
         [("sd-ok", "1"), ("sd-late", "1"), ("sd-confirm", "1")], "queued after the cancel")

    acs.wait_for(lambda a: len(dmcheck.transfer_completes(a)) >= 3, t.secs(15))
    tcs = {key: (sess, code) for sess, key, code, _ in dmcheck.transfer_completes(acs)}
    t.eq({k: v[1] for k, v in tcs.items()}, {"sd-ok": 0, "sd-late": 9020, "sd-confirm": 9020},
         "FaultCode per key")
    why = {key: text for _, key, _, text in dmcheck.transfer_completes(acs)}
    t.check("confirm" in why["sd-confirm"], "FaultString: %r" % why["sd-confirm"])
    for key, (sess, _) in tcs.items():
        inform = acs.snapshot()[sess - 1].inform
        t.check(("M ScheduleDownload", key) in inform.events,
                "session %d events %s" % (sess, inform.events))
    with open(os.path.join(t.state_dir, "sim", "vendor.conf"), "rb") as f:
        t.eq(f.read(), CONF, "sim/vendor.conf")
    t.eq(len(acs.gets), 1, "GETs (the late, the unconfirmed and the cancelled one fetch "
         "nothing)")
    acs.wait_for(lambda a: a.sessions[-1].complete, t.secs(5))  # not cut mid-answer
