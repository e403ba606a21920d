# SPDX-License-Identifier: BSD-2-Clause
"""A firmware apply that never returns, as OpenWrt's sysupgrade: it flashes,
then the system kills every process and reboots (here: the image installed,
the daemon killed, the sim reboot done by hand). The TransferComplete of
the first session after it reports FaultCode 0 with both times known
(TR-069 A.3.3.2: the CPE SHOULD record StartTime and CompleteTime), the
CompleteTime not before the StartTime and not after the report."""

import os
import signal
import subprocess

import dmcheck
from harness import cm, parse_iso

UNKNOWN = "0001-01-01T00:00:00Z"

# firmware, wrapped: firmware-apply installs the image, then hangs until
# the "reboot" kills it, as sysupgrade does.
WRAPPER = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# firmware, wrapped by the download_sysupgrade_times e2e case.
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = firmware-apply ]; then
	"$here/firmware.real" "$@" >/dev/null || exit
	echo $$ >"$CWMPD_STATE_DIR/flashed"
	exec sleep 60
fi
exec "$here/firmware.real" "$@"
"""


def run(t):
    acs = t.acs()
    dmcheck.queue_firmware(t, acs, "ksu", "3.2.0", b"s")
    plugins = dmcheck.wrapped_plugins(t, "firmware", WRAPPER)
    d = t.start(t.config(acs, cpe_opts={"plugin_dir": plugins}))
    t.session(acs, 1)
    flashed = os.path.join(t.state_dir, "flashed")
    t.until(lambda: os.path.exists(flashed) and os.path.getsize(flashed) > 0, 20,
            "the image flashed")
    d.kill9()
    with open(flashed) as f:
        os.kill(int(f.read()), signal.SIGKILL)
    os.unlink(flashed)
    env = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "CWMPD_PLATFORM": "sim",
           "CWMPD_STATE_DIR": t.state_dir,
           "CWMPD_LIB": os.path.join(os.path.dirname(plugins), "lib")}
    subprocess.run([os.path.join(plugins, "system"), "reboot"], env=env, check=True,
                   timeout=20, capture_output=True)
    d = t.start(t.config(acs))
    s2 = t.session(acs, 2)
    t.eq(s2.inform.params["Device.DeviceInfo.SoftwareVersion"][1], "3.2.0", "version after")
    tcs = [x.msg.body for x in s2.posts() if x.msg.method == "TransferComplete"]
    t.eq(len(tcs), 1, "TransferCompletes")
    b = tcs[0]
    t.eq((cm._text(b, "CommandKey"), cm._text(cm._child(b, "FaultStruct"), "FaultCode")),
         ("ksu", "0"), "TransferComplete")
    start, complete = cm._text(b, "StartTime"), cm._text(b, "CompleteTime")
    t.check(start != UNKNOWN and complete != UNKNOWN,
            "StartTime %s, CompleteTime %s: both known" % (start, complete))
    if start != UNKNOWN and complete != UNKNOWN:
        t.check(parse_iso(start) <= parse_iso(complete) <= s2.wall_start + 1,
                "StartTime %s <= CompleteTime %s <= the session" % (start, complete))
