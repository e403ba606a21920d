# SPDX-License-Identifier: BSD-2-Clause
"""FactoryReset and Reboot in one session, and `system factory-reset`
fails: the Reboot the ACS asked for still runs (the sim reboot counter
grows) and the next Inform carries "1 BOOT" and "M Reboot", not
"0 BOOTSTRAP"; the state (the bootstrap done) is kept."""

import os
import time

import dmcheck
from harness import acsmod, cm

# system, wrapped: factory-reset fails.
WRAPPER = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# system, wrapped by the factory_reset_fails e2e case.
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = factory-reset ]; then
	: >"$CWMPD_STATE_DIR/reset-tried"
	echo "factory-reset: refused" >&2
	exit 1
fi
exec "$here/system.real" "$@"
"""


def run(t):
    dmcheck.needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[cm.factory_reset(), cm.reboot("both")]))
    plugins = dmcheck.wrapped_plugins(t, "system", WRAPPER)
    d = t.start(t.config(acs, cpe_opts={"plugin_dir": plugins}))
    s1 = t.session(acs, 1)
    t.eq([m.method for _, m in s1.responses], ["FactoryResetResponse", "RebootResponse"],
         "answers")
    s2 = t.session(acs, 2, timeout=15)
    t.check(os.path.exists(os.path.join(t.state_dir, "reset-tried")), "the reset was tried")
    t.expect_inform(s2, ["1 BOOT", "M Reboot"], what="Inform after the fallback reboot")
    t.eq(dict(s2.inform.events)["M Reboot"], "both", "M Reboot CommandKey")
    t.eq(dmcheck.sim_reboots(t), "1", "sim reboots")
    time.sleep(t.secs(1))
    t.eq(len(acs.snapshot()), 2, "sessions")
    t.check(d.alive(), "the daemon runs on")
