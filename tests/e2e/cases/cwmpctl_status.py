# SPDX-License-Identifier: BSD-2-Clause
"""`cwmpctl status` and `cwmpctl events`, in text and JSON, against the
running daemon: the ACS URL, the last session (its time and result), the
next periodic Inform, the ConnectionRequestURL and no pending events after
a good bootstrap; then a Download delayed an hour shows as a queued
transfer, and a session that fails shows as failed with its retry wait and
its events still pending, until the retry delivers them."""

import time

from dmcheck import needs_data_model
from harness import acsmod, cm, parse_iso

FW_URL = "http://127.0.0.1:9/fw.bin"


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[cm.download("fw-later", FW_URL, 10, delay=3600)]))
    t.start(t.config(acs, acs_opts={"periodic_enable": "1", "periodic_interval": "600",
                                    "retry_min_wait": "3"}))
    s1 = t.session(acs, 1)
    t.expect_inform(s1, ["0 BOOTSTRAP", "1 BOOT"])
    t.sleep(0.3)

    r = t.ctl("status")
    t.eq(r.rc, 0, "exit status of status")
    lines = {x[:22].strip(): x[22:] for x in r.out.splitlines()}   # "LABEL   value"
    t.eq(lines.get("ACS URL"), acs.url, "status: ACS URL")
    t.eq(lines.get("session"), "idle", "status: session")
    t.check(lines.get("last session", "").endswith("Z: ok"),
            "status: last session ok: %r" % lines.get("last session"))
    t.eq(lines.get("ConnectionRequestURL"), "http://127.0.0.1:%d/" % t.cr_port,
         "status: ConnectionRequestURL")
    t.eq(lines.get("pending events"), "none", "status: pending events")
    t.check(lines.get("pending transfers", "").startswith(
        'Download "1 Firmware Upgrade Image" (CommandKey fw-later): queued, not before '),
        "status: the queued download: %r" % lines.get("pending transfers"))

    j = t.ctl("status", json_out=True)
    t.eq(j.rc, 0, "exit status of --json status")
    d = j.data
    t.eq(d["acs_url"], acs.url, "JSON acs_url")
    t.eq(d["enabled"], True, "JSON enabled")
    t.eq((d["session"]["running"], d["session"]["last_result"]), (False, "ok"),
         "JSON session")
    last = parse_iso(d["session"]["last_end"])
    t.within(time.time() - last, -1, 10, "seconds since the last session ended")
    t.within(parse_iso(d["periodic"]["next"]) - time.time(), 590, 601,
             "seconds to the next periodic Inform")
    t.eq((d["periodic"]["enabled"], d["periodic"]["interval"]), (True, 600), "JSON periodic")
    t.eq(d["connection_request_url"], "http://127.0.0.1:%d/" % t.cr_port,
         "JSON connection_request_url")
    t.eq(d["events"], [], "JSON events")
    t.eq(d["retry"], {"count": 0, "next_in_ms": None}, "JSON retry")
    t.eq([(x["kind"], x["file_type"], x["command_key"], x["state"]) for x in d["transfers"]],
         [("Download", "1 Firmware Upgrade Image", "fw-later", "queued")], "JSON transfers")
    t.within(parse_iso(d["transfers"][0]["due"]) - time.time(), 3500, 3601, "download due in")

    e = t.ctl("events")
    t.eq((e.rc, e.out), (0, "no events pending\n"), "events, none pending")
    e = t.ctl("events", json_out=True)
    t.eq(e.data, {"events": []}, "JSON events, none pending")

    # A failed session: its events stay, the retry wait shows.
    acs.queue(acsmod.Plan(inform="http500"))
    t.eq(t.ctl("inform", "2 PERIODIC").rc, 0, "inform 2 PERIODIC")
    t.until(lambda: acs.snapshot()[1:] and acs.snapshot()[1].state == "failed", 5,
            "the second session failing")
    t.sleep(0.3)
    d = t.ctl("status", json_out=True).data
    t.eq(d["session"]["last_result"], "failed", "JSON last_result after the failure")
    t.eq(d["retry"]["count"], 1, "JSON retry count")
    t.check(d["retry"]["next_in_ms"] is not None and 0 < d["retry"]["next_in_ms"] <= 6000,
            "JSON retry next_in_ms: %r" % d["retry"]["next_in_ms"])
    t.eq([x["code"] for x in d["events"]], ["2 PERIODIC"], "JSON events after the failure")
    e = t.ctl("events")
    t.eq(e.out, "2 PERIODIC\n", "events after the failure")
    r = t.ctl("status")
    t.check("retry                 1 failed in a row; next try in " in r.out,
            "status: the retry wait: %r" % r.out)
    s3 = t.session(acs, 2, timeout=15)   # the second completed one
    t.expect_inform(s3, ["2 PERIODIC"], retry=1, what="the retry")
    t.sleep(0.3)
    t.eq(t.ctl("events", json_out=True).data, {"events": []}, "JSON events after the retry")
