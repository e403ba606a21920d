# SPDX-License-Identifier: BSD-2-Clause
"""Killed while the firmware plugin applies an image (kill -9, as a power
cut would): the image was never installed. The next start must not take
the interrupted apply for the reboot into the new image: SoftwareVersion is
still the one saved before the apply, so the TransferComplete reports 9010
"firmware not installed (apply interrupted)", exactly once. The image is
fetched into the cpe download_dir, not the state dir."""

import os
import signal

import dmcheck


# firmware, wrapped: firmware-apply hangs (the power goes before it ends).
WRAPPER = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# firmware, wrapped by the download_kill9_applying e2e case.
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = firmware-apply ]; then
	echo $$ >"$CWMPD_STATE_DIR/apply-started"
	exec sleep 60
fi
exec "$here/firmware.real" "$@"
"""


def run(t):
    acs = t.acs()
    dmcheck.queue_firmware(t, acs, "k9a", "4.0.0", b"z")
    plugins = dmcheck.wrapped_plugins(t, "firmware", WRAPPER)
    dl = os.path.join(t.dir, "downloads")
    os.mkdir(dl, 0o700)
    d = t.start(t.config(acs, cpe_opts={"plugin_dir": plugins, "download_dir": dl}))
    s1 = t.session(acs, 1)
    t.eq(s1.inform.params["Device.DeviceInfo.SoftwareVersion"][1], "1.0.0", "version before")
    started = os.path.join(t.state_dir, "apply-started")
    t.until(lambda: os.path.exists(started) and os.path.getsize(started) > 0, 20,
            "the firmware apply")
    t.eq(sorted(os.listdir(dl)), ["cwmpd-transfers"], "cwmpd's own directory in download_dir")
    t.eq(sorted(os.listdir(os.path.join(dl, "cwmpd-transfers"))), ["transfer-1.part"],
         "the image in it")
    t.check(not [n for n in os.listdir(t.state_dir) if n.endswith(".part")],
            "no image in the state dir")
    with open(os.path.join(t.state_dir, "transfers")) as f:
        t.check("\t1.0.0\t" in f.read(), "the version before the apply is saved")
    d.kill9()
    with open(started) as f:
        os.kill(int(f.read()), signal.SIGKILL)        # the orphaned plugin, too
    os.unlink(started)
    t.check(not os.path.exists(os.path.join(t.state_dir, "sim", "firmware.pending")),
            "nothing installed")
    d = t.start(t.config(acs))
    s2 = t.session(acs, 2)
    t.eq(s2.inform.params["Device.DeviceInfo.SoftwareVersion"][1], "1.0.0", "version after")
    t.check("7 TRANSFER COMPLETE" in s2.inform.event_codes, "events: %s" % s2.inform.event_codes)
    t.eq(dmcheck.transfer_completes(acs),
         [(2, "k9a", 9010, "firmware not installed (apply interrupted)")], "TransferComplete")
    d = t.restart(d)
    t.session(acs, 3)
    t.eq(len(dmcheck.transfer_completes(acs)), 1, "TransferCompletes after the acknowledgement")
