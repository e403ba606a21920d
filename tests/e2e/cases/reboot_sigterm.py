# SPDX-License-Identifier: BSD-2-Clause
"""SIGTERM while `system reboot` runs after a Reboot: the daemon does not
kill the platform's verb; it exits (status 0) once the verb finished, and
the next start reports "1 BOOT" and "M Reboot" with the CommandKey."""

import os

from dmcheck import needs_data_model, wrapped_plugins
from harness import acsmod, cm

# system, wrapped: a slow reboot verb.
WRAPPER = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# system, wrapped by the reboot_sigterm e2e case.
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = reboot ]; then
	: >"$CWMPD_STATE_DIR/reboot-started"
	sleep 2
	"$here/system.real" "$@" || exit
	: >"$CWMPD_STATE_DIR/reboot-done"
	exit 0
fi
exec "$here/system.real" "$@"
"""


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[cm.reboot("rt")]))
    plugins = wrapped_plugins(t, "system", WRAPPER)
    d = t.start(t.config(acs, cpe_opts={"plugin_dir": plugins}))
    t.eq(t.session(acs, 1).responses[0][1].method, "RebootResponse", "answer to Reboot")
    t.until(lambda: os.path.exists(os.path.join(t.state_dir, "reboot-started")), 20,
            "system reboot to start")
    d.signal(15)
    rc = d.wait_exit(t.secs(10))
    d.reaped = True
    t.eq(rc, 0, "exit status after SIGTERM during the reboot")
    t.check(os.path.exists(os.path.join(t.state_dir, "reboot-done")), "the reboot verb finished")
    t.start(t.config(acs))
    s = t.session(acs, 2)
    codes = [c for c in s.inform.event_codes if c != "4 VALUE CHANGE"]
    t.eq(sorted(codes), ["1 BOOT", "M Reboot"], "events after the restart")
    t.check(("M Reboot", "rt") in s.inform.events, "M Reboot key: %s" % s.inform.events)
