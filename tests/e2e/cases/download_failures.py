# SPDX-License-Identifier: BSD-2-Clause
"""Downloads that fail, each reported in its own TransferComplete (and the
"M Download" event with its CommandKey), once: a missing file (HTTP 404 ->
9016 unable to access file), a file over cpe download_max with no FileSize
announced (9010), a corrupt image the plugin rejects (9018), wrong
file-server credentials (HTTP 401 -> 9012 file transfer server
authentication failure), fewer bytes than FileSize (9017). Refused at once
in the session: an announced FileSize over download_max (9010) and an ftp://
URL (9013). The file-server password never shows in the log."""

import dmcheck
from harness import acsmod, cm

MAX = 1000
CASES = {   # CommandKey: (path, FileSize, expected FaultCode)
    "k404": ("/nothing-here.bin", 0, 9016),
    "kbig": ("/big.bin", 0, 9010),
    "kcorrupt": ("/corrupt.bin", 0, 9018),
    "kauth": ("/secret.bin", 0, 9012),
    "kshort": ("/short.bin", 120, 9017),
}


def run(t):
    dmcheck.needs_data_model(t)
    acs = t.acs()
    acs.files.update({
        "/big.bin": b"CWMPD-SIM-FIRMWARE 9.9.9\n" + b"y" * 2 * MAX,
        "/corrupt.bin": b"this is not a firmware image\n",
        "/secret.bin": acsmod.File(b"CWMPD-SIM-FIRMWARE 3.0.0\n", auth=True,
                                   username="fw", password="right-secret"),
        "/short.bin": b"CWMPD-SIM-FIRMWARE 3.0.0\n" + b"z" * 75,
    })
    reqs = []
    for key, (path, size, _) in CASES.items():
        creds = ("fw", "wrong-secret-42") if key == "kauth" else ("", "")
        reqs.append(cm.download(key, acs.url_for(path), size, username=creds[0],
                                password=creds[1]))
    reqs.append(cm.download("kannounced", acs.url_for("/big.bin"), MAX + 1))
    reqs.append(cm.download("kftp", "ftp://127.0.0.1/fw.bin", 0))
    # The ACS answers in the CPE's namespace (cwmp-1-2): its XSD has every
    # code. (In cwmp-1-0, GenieACS's, 9013..9019 are reported as 9010.)
    acs.default_plan.ns = "echo"
    acs.queue(acsmod.Plan(requests=reqs, ns="echo"))
    d = t.start(t.config(acs, cpe_opts={"download_max": str(MAX)}))

    s1 = t.session(acs, 1)
    answers = [m for _, m in s1.responses]
    t.eq([m.method for m in answers[:len(CASES)]], ["DownloadResponse"] * len(CASES),
         "answers to the queued Downloads")
    t.eq([(m.method, m.fault_code) for m in answers[len(CASES):]],
         [("Fault", 9010), ("Fault", 9013)], "Downloads refused at once")

    acs.wait_for(lambda a: len(dmcheck.transfer_completes(a)) >= len(CASES), t.secs(20))
    got = {key: code for _, key, code, _ in dmcheck.transfer_completes(acs)}
    t.eq(got, {k: v[2] for k, v in CASES.items()}, "FaultCode per CommandKey")
    for sess, key, code, string in dmcheck.transfer_completes(acs):
        t.check(string, "FaultString of %s is empty" % key)
        inform = acs.snapshot()[sess - 1].inform
        t.check(("M Download", key) in inform.events and
                "7 TRANSFER COMPLETE" in inform.event_codes,
                "session %d reports %s with its events: %s" % (sess, key, inform.events))
    t.check("wrong-secret-42" not in t.log_text(), "the password is in the log")
    auth = [g for g in acs.gets if g[0] == "/secret.bin"]
    t.check(auth and auth[-1][2], "credentials were sent to the file server: %s" % auth)

    acs.wait_for(lambda a: a.sessions[-1].complete, t.secs(5))
    n = len(acs.sessions)
    t.restart(d)
    s = t.session(acs, n + 1)
    t.expect_inform(s, ["1 BOOT"], what="Inform after a restart")
    t.eq(len(dmcheck.transfer_completes(acs)), len(CASES), "TransferCompletes after the restart")
