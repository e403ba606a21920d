# SPDX-License-Identifier: BSD-2-Clause
"""Download of a sim firmware image ("CWMPD-SIM-FIRMWARE 2.0.0"), as GenieACS
sends it: DownloadResponse Status 1 with the Unknown Time; after the session
the daemon fetches the file from the ACS's file server, the firmware plugin
accepts it (sim/firmware.pending = 2.0.0) and the device reboots. The first
Inform after the reboot carries "1 BOOT", "7 TRANSFER COMPLETE" and
"M Download" with the CommandKey and SoftwareVersion 2.0.0; the
TransferComplete has FaultCode 0 and the key, and once acknowledged it is
never sent again (nor its events). While the ops module cannot reboot yet,
the case reboots by hand: stop, move firmware.pending into the sim
identity, start (noted)."""

import os

import dmcheck
from harness import acsmod, cm

IMAGE = b"CWMPD-SIM-FIRMWARE 2.0.0\n" + b"x" * 200 + b"\n"
UNKNOWN = "0001-01-01T00:00:00Z"


def transfer_completes(acs):
    """[(session, {key, code, string, start, complete})] of every TransferComplete."""
    out = []
    with acs.cond:
        for x in acs.exchanges:
            if x.msg.method != "TransferComplete":
                continue
            b = x.msg.body
            fs = cm._child(b, "FaultStruct")
            out.append((x.session, {
                "key": cm._text(b, "CommandKey"), "code": int(cm._text(fs, "FaultCode")),
                "string": cm._text(fs, "FaultString"), "start": cm._text(b, "StartTime"),
                "complete": cm._text(b, "CompleteTime")}))
    return out


def run(t):
    dmcheck.needs_data_model(t)
    acs = t.acs()
    acs.files["/fw/image.bin"] = IMAGE
    key = "fw-2.0.0"
    acs.queue(acsmod.Plan(requests=[
        cm.download(key, acs.url_for("/fw/image.bin"), len(IMAGE)),
        cm.get_parameter_names("", True)]))
    d = t.start(t.config(acs))

    s1 = t.session(acs, 1)
    t.eq(s1.inform.params["Device.DeviceInfo.SoftwareVersion"][1], "1.0.0", "version before")
    m = s1.responses[0][1]
    t.eq(m.method, "DownloadResponse", "answer to Download")
    t.eq([cm._text(m.body, n) for n in ("Status", "StartTime", "CompleteTime")],
         ["1", UNKNOWN, UNKNOWN], "DownloadResponse")

    pending = os.path.join(t.state_dir, "sim", "firmware.pending")
    t.until(lambda: os.path.exists(pending) or len(acs.sessions) > 1, 10,
            "sim/firmware.pending or the reboot")
    t.eq(acs.gets[0][:2], ("/fw/image.bin", 200), "the GET of the image")
    s2 = t.session(acs, 2)
    with open(os.path.join(t.state_dir, "sim", "reboots")) as f:
        t.eq(f.read().strip(), "1", "sim reboots after the firmware apply")
    # SoftwareVersion changed: "4 VALUE CHANGE" may come too (forced active).
    codes = [c for c in s2.inform.event_codes if c != "4 VALUE CHANGE"]
    t.eq(sorted(codes), ["1 BOOT", "7 TRANSFER COMPLETE", "M Download"], "events after reboot")
    t.check(("M Download", key) in s2.inform.events, "M Download key: %s" % s2.inform.events)
    t.eq(s2.inform.params["Device.DeviceInfo.SoftwareVersion"][1], "2.0.0", "version after")
    tcs = transfer_completes(acs)
    t.eq(len(tcs), 1, "TransferCompletes")
    sess, tc = tcs[0]
    t.eq((sess, tc["key"], tc["code"], tc["string"]), (2, key, 0, ""), "TransferComplete")
    t.check(tc["start"] != UNKNOWN and tc["complete"] != UNKNOWN,
            "StartTime/CompleteTime known: %s" % tc)
    t.check(not os.path.exists(pending), "firmware.pending is consumed by the reboot")

    d = t.restart(d)
    s3 = t.session(acs, 3)
    codes = [c for c in s3.inform.event_codes if c != "4 VALUE CHANGE"]
    t.eq(codes, ["1 BOOT"], "events after the next restart")
    t.eq(len(transfer_completes(acs)), 1, "TransferCompletes after the acknowledgement")
    t.check(not [f for f in os.listdir(t.state_dir) if f.endswith(".part")],
            "no temporary file left")
