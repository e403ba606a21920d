# SPDX-License-Identifier: BSD-2-Clause
"""Reboot, a firmware Download ("1 Firmware Upgrade Image") and
FactoryReset on openwrt, with only the very last step of each replaced by
a recorder (owrt.OT.recorders: `reboot`, firstboot's `jffs2reset`,
sysupgrade's `ubus call system sysupgrade`); cwmpd is started again by
hand afterwards, as the boot would. Reboot: `reboot` recorded, then
1 BOOT + M Reboot with the CommandKey. An image the target's
platform_check_image refuses: `sysupgrade -T` fails, TransferComplete
9018, nothing recorded. A good image: the real /sbin/sysupgrade checks it,
saves the config (keep.d keeps cwmpd's state dir, the pending transfer
with it) and hands the image over -- the recorder sees the downloaded
file in /tmp (download_dir) and a backup (no -n) -- then `reboot`; booted
into the new version (its openwrt_release), cwmpd informs 1 BOOT,
7 TRANSFER COMPLETE, M Download, 4 VALUE CHANGE with the new
SoftwareVersion and a
TransferComplete with FaultCode 0. FactoryReset: `jffs2reset -y` and
`reboot` recorded; then 0 BOOTSTRAP with an empty ParameterKey."""

import io
import json
import tarfile

from dmcheck import transfer_completes
from harness import cm
from owrt import IMAGE_MAGIC, RECORDER, answers

GOOD = IMAGE_MAGIC + b"\0" * 510 + b"rootfs" * 100
BAD = b"\x1f\x8bnot an image for this target" * 10
SV = "Device.DeviceInfo.SoftwareVersion"


def inform_value(s, name):
    return s.inform.params.get(name, (None, None))[1]


def reboot(t, acs, pid):
    s = t.ask(acs, 2, [cm.reboot("rb-1")])
    t.eq(answers(s)[0].method, "RebootResponse", "answer to Reboot")
    t.until(lambda: t.sh("cat /tmp/recorder 2>/dev/null", ok=False).strip(), 10,
            "the reboot recorded")
    t.eq(t.recorded(), ["reboot "], "recorded after Reboot")
    pid = t.boot(pid)
    s = t.session(acs, 3, timeout=15)
    t.expect_inform(s, ["1 BOOT", "M Reboot"], what="after the reboot")
    t.check(("M Reboot", "rb-1") in s.inform.events, "M Reboot's key: %s" % s.inform.events)
    return pid


def bad_image(t, acs):
    acs.files["/fw/bad.bin"] = BAD
    t.ask(acs, 4, [cm.download("fw-bad", acs.url_for("/fw/bad.bin"), len(BAD))])
    s = t.session(acs, 5, timeout=15)
    t.expect_inform(s, ["7 TRANSFER COMPLETE", "M Download"], what="after a refused image")
    t.eq([(k, c) for _, k, c, _ in transfer_completes(acs)], [("fw-bad", 9018)],
         "TransferComplete of the refused image")
    t.eq(t.recorded(), [], "recorded for a refused image")


def good_image(t, acs, pid, before):
    acs.files["/fw/good.bin"] = GOOD
    t.ask(acs, 6, [cm.download("fw-good", acs.url_for("/fw/good.bin"), len(GOOD))])
    t.until(lambda: "reboot" in t.sh("cat /tmp/recorder 2>/dev/null", ok=False), 20,
            "the upgrade's reboot recorded")
    rec = t.recorded()
    t.eq([x.split(" ", 1)[0] for x in rec], ["sysupgrade", "reboot"], "recorded: %s" % rec)
    handed = json.loads(rec[0].split(" ", 1)[1])
    image = handed.get("path", "")
    t.check(image.startswith("/tmp/"), "the image sysupgrade handed over: %s" % handed)
    with open(t.host_path(RECORDER + ".image"), "rb") as f:
        t.check(f.read() == GOOD, "%s is not the downloaded image" % image)
    t.eq(handed.get("backup"), "/tmp/sysupgrade.tgz", "sysupgrade kept the config (no -n)")
    with open(t.host_path("/tmp/sysupgrade.tgz"), "rb") as f:
        kept = tarfile.open(fileobj=io.BytesIO(f.read())).getnames()
    t.check(any(n.startswith("etc/cwmpd/") for n in kept),
            "cwmpd's state dir is not in the kept config: %s" % kept)

    # The new image boots: its own release file, then cwmpd.
    t.sh("sed -i \"s/^DISTRIB_REVISION=.*/DISTRIB_REVISION='r2-new'/\" /etc/openwrt_release")
    pid = t.boot(pid)
    s = t.session(acs, 7, timeout=15)
    t.expect_inform(s, ["1 BOOT", "4 VALUE CHANGE", "7 TRANSFER COMPLETE", "M Download"],
                    what="after the upgrade (SoftwareVersion notifies actively)")
    rel = t.sh(". /etc/openwrt_release && echo $DISTRIB_RELEASE").strip()
    t.eq(inform_value(s, SV), rel + "-r2-new", "SoftwareVersion (%s before)" % before)
    t.eq([(k, c) for _, k, c, _ in transfer_completes(acs)][1:], [("fw-good", 0)],
         "TransferComplete of the upgrade")
    return pid


def factory_reset(t, acs, pid):
    s = t.ask(acs, 8, [cm.factory_reset()])
    t.eq(answers(s)[0].method, "FactoryResetResponse", "answer to FactoryReset")
    t.until(lambda: "reboot" in t.sh("cat /tmp/recorder 2>/dev/null", ok=False), 10,
            "the factory reset's reboot recorded")
    t.eq(t.recorded(), ["jffs2reset -y", "reboot "], "recorded after FactoryReset")
    t.boot(pid)
    s = t.session(acs, 9, timeout=15)
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT"], what="after the factory reset")
    t.eq(inform_value(s, "Device.ManagementServer.ParameterKey"), "", "ParameterKey")


def run(t):
    acs = t.acs()
    t.recorders()
    t.setup(acs)
    s = t.session(acs, 1, timeout=20)
    before = inform_value(s, SV)
    pid = reboot(t, acs, t.pid())
    bad_image(t, acs)
    pid = good_image(t, acs, pid, before)
    factory_reset(t, acs, pid)
