# SPDX-License-Identifier: BSD-2-Clause
"""The reboot after a firmware apply fails (`system reboot` exits 1): the
transfer does not wait for a reboot that never comes. Its TransferComplete
goes in the next session with FaultCode 9002 "reboot failed", exactly once,
and the daemon keeps running."""

import os

import dmcheck


# system, wrapped: reboot fails.
WRAPPER = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# system, wrapped by the download_reboot_fails e2e case.
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = reboot ]; then
	: >"$CWMPD_STATE_DIR/reboot-tried"
	echo "reboot: refused" >&2
	exit 1
fi
exec "$here/system.real" "$@"
"""


def run(t):
    acs = t.acs()
    dmcheck.queue_firmware(t, acs, "rbf", "6.0.0", b"r")
    plugins = dmcheck.wrapped_plugins(t, "system", WRAPPER)
    d = t.start(t.config(acs, cpe_opts={"plugin_dir": plugins}))
    t.session(acs, 1)
    s2 = t.session(acs, 2, timeout=20)
    t.check(os.path.exists(os.path.join(t.state_dir, "reboot-tried")), "the reboot was tried")
    t.check("7 TRANSFER COMPLETE" in s2.inform.event_codes, "events: %s" % s2.inform.event_codes)
    t.eq(dmcheck.transfer_completes(acs), [(2, "rbf", 9002, "reboot failed")], "TransferComplete")
    t.check(d.alive(), "the daemon keeps running")
    d = t.restart(d)
    t.session(acs, 3)
    t.eq(len(dmcheck.transfer_completes(acs)), 1, "TransferCompletes after the acknowledgement")
