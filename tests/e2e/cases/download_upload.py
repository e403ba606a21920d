# SPDX-License-Identifier: BSD-2-Clause
"""Upload (the optional sibling of Download): "1 Vendor Configuration File"
to a server that wants Basic credentials, which the Upload carries; the sim
plugin makes the file, the daemon PUTs it, and the next session reports
"7 TRANSFER COMPLETE" + "M Upload" and a TransferComplete with FaultCode 0.
"2 Vendor Log File" with a wrong password ends in 9012 (server
authentication failure); the instance form "3 Vendor Configuration File 1"
is refused at once (9003). GetAllQueuedTransfers in the same session lists
the two, not started. Passwords never show in the log."""

from xml.sax.saxutils import escape

import dmcheck
from harness import acsmod, cm


def upload(key, url, file_type, username="", password=""):
    return ("<cwmp:Upload><CommandKey>%s</CommandKey><FileType>%s</FileType>"
            "<URL>%s</URL><Username>%s</Username><Password>%s</Password>"
            "<DelaySeconds>0</DelaySeconds></cwmp:Upload>"
            % tuple(escape(x) for x in (key, file_type, url, username, password)))


def run(t):
    dmcheck.needs_data_model(t)
    acs = t.acs()
    acs.upload_auth = ("up", "up-pass-31")
    acs.default_plan.ns = "echo"
    acs.queue(acsmod.Plan(ns="echo", requests=[
        upload("cfg", acs.url_for("/up/cfg"), "1 Vendor Configuration File", "up", "up-pass-31"),
        upload("log", acs.url_for("/up/log"), "2 Vendor Log File", "up", "wrong-pass-58"),
        upload("inst", acs.url_for("/up/x"), "3 Vendor Configuration File 1"),
        "<cwmp:GetAllQueuedTransfers></cwmp:GetAllQueuedTransfers>"]))
    t.start(t.config(acs))

    s1 = t.session(acs, 1)
    got = [(m.method, cm._text(m.body, "Status") if m.method != "Fault" else m.fault_code)
           for _, m in s1.responses]
    t.eq(got[:3], [("UploadResponse", "1"), ("UploadResponse", "1"), ("Fault", 9003)],
         "answers to the Uploads")
    lst = cm._child(s1.responses[3][1].body, "TransferList")
    t.eq([tuple(cm._text(x, n) for n in ("CommandKey", "State", "IsDownload", "FileType",
                                          "FileSize")) for x in lst],
         [("cfg", "1", "0", "1 Vendor Configuration File", "0"),
          ("log", "1", "0", "2 Vendor Log File", "0")], "GetAllQueuedTransfers")
    acs.wait_for(lambda a: len(dmcheck.transfer_completes(a)) >= 2, t.secs(10))
    tcs = {key: (sess, code) for sess, key, code, _ in dmcheck.transfer_completes(acs)}
    t.eq({k: v[1] for k, v in tcs.items()}, {"cfg": 0, "log": 9012}, "FaultCode per key")
    for key, (sess, _) in tcs.items():
        inform = acs.snapshot()[sess - 1].inform
        t.check(("M Upload", key) in inform.events, "session %d events %s" % (sess, inform.events))
    body = acs.uploads.get("/up/cfg", b"")
    t.check(body.startswith(b"# "), "uploaded configuration: %r" % body[:60])
    t.check("/up/log" not in acs.uploads, "the log went up with a wrong password")
    log = t.log_text()
    t.check("up-pass-31" not in log and "wrong-pass-58" not in log, "a password is in the log")
    acs.wait_for(lambda a: a.sessions[-1].complete, t.secs(5))  # not cut mid-answer
