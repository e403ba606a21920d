# SPDX-License-Identifier: BSD-2-Clause
"""ScheduleDownload retries and windows (cwmp-1-2, the ACS answers in the
CPE's namespace). "sd-retry": its file answers 404 once, MaxRetries 1 in
the window [1 s, 60 s]: fetched again after a retry wait, TransferComplete
FaultCode 0. "sd-noretry": always 404, MaxRetries 0: one GET, then the
TransferComplete carries the attempt's fault (9016), not 9020.
"sd-confirm": a first window [0 s, 3 s] in mode "4 Confirmation Needed"
(no user to confirm: never used), a second [5 s, 60 s] in mode 1: the GET
comes no earlier than 5 s after the RPC. GetAllQueuedTransfers reports the
TargetFileName as sent."""

import time

import dmcheck
from harness import acsmod, cm

CONF = b"# scheduled configuration\n"


def window(start, end, mode="1 At Any Time", retries=0):
    return cm.time_window(start, end, mode, retries, "Please wait")


schedule_download = cm.schedule_download


def run(t):
    dmcheck.needs_data_model(t)
    acs = t.acs()
    acs.files["/retry.conf"] = acsmod.File(CONF, fail_first=1)
    acs.files["/confirm.conf"] = CONF
    url = acs.url_for
    acs.default_plan.ns = "echo"
    acs.queue(acsmod.Plan(ns="echo", requests=[
        schedule_download("sd-retry", url("/retry.conf"), [window(1, 60, retries=1)],
                          target="site <a>.cfg"),
        schedule_download("sd-noretry", url("/missing.conf"), [window(1, 60)]),
        schedule_download("sd-confirm", url("/confirm.conf"),
                          [window(0, 3, "4 Confirmation Needed", 5), window(5, 60)]),
        schedule_download("sd-bad", url("/x.conf"), [window(1, 60, retries=-2)]),
        "<cwmp:GetAllQueuedTransfers></cwmp:GetAllQueuedTransfers>"]))
    t.start(t.config(acs))

    s1 = t.session(acs, 1, timeout=15)
    t.eq([(m.method, m.fault_code) for _, m in s1.responses][:4],
         [("ScheduleDownloadResponse", None)] * 3 + [("Fault", 9003)],
         "answers (MaxRetries -2 refused)")
    lst = cm._child(s1.responses[4][1].body, "TransferList")
    t.eq([(cm._text(x, "CommandKey"), cm._text(x, "TargetFileName")) for x in lst],
         [("sd-retry", "site <a>.cfg"), ("sd-noretry", ""), ("sd-confirm", "")],
         "GetAllQueuedTransfers: TargetFileName")

    acs.wait_for(lambda a: len(dmcheck.transfer_completes(a)) >= 3, t.secs(25))
    tcs = {key: code for _, key, code, _ in dmcheck.transfer_completes(acs)}
    t.eq(tcs, {"sd-retry": 0, "sd-noretry": 9016, "sd-confirm": 0}, "FaultCode per key")
    with acs.cond:
        gets = [(path, status) for path, status, _ in acs.gets]
        at = dict(zip([p for p, _, _ in acs.gets], acs.gets_at))
    t.eq(sorted(gets), sorted([("/retry.conf", 404), ("/retry.conf", 200),
                               ("/missing.conf", 404), ("/confirm.conf", 200)]),
         "GETs: one retry, no retry, one in the second window")
    t.check(at["/confirm.conf"] >= s1.wall_start + 5 - 1.2,  # whole seconds
            "the mode-4 window was not used: GET %.1f s after session 1"
            % (at["/confirm.conf"] - s1.wall_start))
    time.sleep(t.secs(1))
    t.eq(len(dmcheck.transfer_completes(acs)), 3, "one TransferComplete each")
