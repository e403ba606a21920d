# SPDX-License-Identifier: BSD-2-Clause
"""SIGTERM while the firmware plugin applies an image: the daemon does not
kill the plugin halfway; it exits (status 0) once the apply finished,
without the reboot. The image is installed by the next reboot (the sim
reboot done by hand); the first session after it reports FaultCode 0 with
the new SoftwareVersion, exactly once."""

import os
import subprocess

import dmcheck


# firmware, wrapped: a slow firmware-apply.
WRAPPER = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# firmware, wrapped by the download_sigterm_apply e2e case.
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = firmware-apply ]; then
	: >"$CWMPD_STATE_DIR/apply-started"
	sleep 2
	"$here/firmware.real" "$@" || exit
	: >"$CWMPD_STATE_DIR/apply-done"
	exit 0
fi
exec "$here/firmware.real" "$@"
"""


def run(t):
    acs = t.acs()
    dmcheck.queue_firmware(t, acs, "term", "5.0.0", b"s")
    plugins = dmcheck.wrapped_plugins(t, "firmware", WRAPPER)
    d = t.start(t.config(acs, cpe_opts={"plugin_dir": plugins}))
    t.session(acs, 1)
    t.until(lambda: os.path.exists(os.path.join(t.state_dir, "apply-started")), 20,
            "the firmware apply")
    d.signal(15)
    rc = d.wait_exit(t.secs(10))
    d.reaped = True
    t.eq(rc, 0, "exit status after SIGTERM during the apply")
    t.check(os.path.exists(os.path.join(t.state_dir, "apply-done")), "the apply finished")
    t.check("exiting once the plugins applied" in t.log_text(), "the wait is logged")
    t.check(not os.path.exists(os.path.join(t.state_dir, "sim", "reboots")), "no reboot")
    # The reboot that installs the image: the sim platform's own reboot verb.
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "CWMPD_PLATFORM": "sim",
           "CWMPD_STATE_DIR": t.state_dir,
           "CWMPD_LIB": os.path.join(os.path.dirname(plugins), "lib")}
    subprocess.run([os.path.join(plugins, "system"), "reboot"], env=env, check=True,
                   timeout=20, capture_output=True)
    d = t.start(t.config(acs))
    s2 = t.session(acs, 2)
    t.eq(s2.inform.params["Device.DeviceInfo.SoftwareVersion"][1], "5.0.0", "version after")
    t.eq([x[:3] for x in dmcheck.transfer_completes(acs)], [(2, "term", 0)], "TransferComplete")
    d = t.restart(d)
    t.session(acs, 3)
    t.eq(len(dmcheck.transfer_completes(acs)), 1, "TransferCompletes after the acknowledgement")
