# SPDX-License-Identifier: BSD-2-Clause
"""Power lost right after a firmware apply: the image is applied and the
daemon is killed with SIGKILL while `system reboot` runs (as a power cut
would). The device comes up with the new firmware (the sim reboot's work
done by hand); the first session carries "1 BOOT", "7 TRANSFER COMPLETE"
and "M Download", and the TransferComplete reports FaultCode 0 exactly
once."""

import os
import signal
import subprocess

import dmcheck


# system, wrapped: "reboot" hangs (the power goes before it ends).
WRAPPER = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# system, wrapped by the download_kill9_after_apply e2e case.
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = reboot ]; then
	echo $$ >"$CWMPD_STATE_DIR/reboot-started"
	exec sleep 60
fi
exec "$here/system.real" "$@"
"""


def run(t):
    acs = t.acs()
    dmcheck.queue_firmware(t, acs, "k9", "3.1.0", b"y")
    plugins = dmcheck.wrapped_plugins(t, "system", WRAPPER)
    d = t.start(t.config(acs, cpe_opts={"plugin_dir": plugins}))
    t.session(acs, 1)
    t.until(lambda: os.path.exists(os.path.join(t.state_dir, "reboot-started")), 20,
            "the reboot after the apply")
    d.kill9()
    with open(os.path.join(t.state_dir, "reboot-started")) as f:
        os.kill(int(f.read()), signal.SIGKILL)        # the hanging reboot, too
    # What the reboot would have done: the sim platform's own reboot verb.
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "CWMPD_PLATFORM": "sim",
           "CWMPD_STATE_DIR": t.state_dir,
           "CWMPD_LIB": os.path.join(os.path.dirname(plugins), "lib")}
    subprocess.run([os.path.join(plugins, "system.real"), "reboot"], env=env, check=True,
                   timeout=20, capture_output=True)
    os.unlink(os.path.join(t.state_dir, "reboot-started"))
    d = t.start(t.config(acs))
    s2 = t.session(acs, 2)
    codes = [c for c in s2.inform.event_codes if c != "4 VALUE CHANGE"]
    t.eq(sorted(codes), ["1 BOOT", "7 TRANSFER COMPLETE", "M Download"], "events after power-up")
    t.eq(s2.inform.params["Device.DeviceInfo.SoftwareVersion"][1], "3.1.0", "version after")
    t.eq([x[:3] for x in dmcheck.transfer_completes(acs)], [(2, "k9", 0)], "TransferComplete")
    d = t.restart(d)
    t.session(acs, 3)
    t.eq(len(dmcheck.transfer_completes(acs)), 1, "TransferCompletes after the acknowledgement")
