# SPDX-License-Identifier: BSD-2-Clause
"""SIGTERM while a plugin applies a SetParameterValues: the daemon does not
kill the plugin halfway; it exits (status 0) once the apply finished, and
the value is in the plugin's store."""

import os

from dmcheck import needs_data_model, wrapped_plugins
from harness import cm

NAT = "Device.NAT.PortMapping.1.Description"

WRAPPER = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# nat, wrapped by the spv_sigterm_apply e2e case: a slow apply.
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = apply ]; then
	: >"$CWMPD_STATE_DIR/apply-started"
	sleep 2
	"$here/nat.real" apply || exit 1
	: >"$CWMPD_STATE_DIR/apply-done"
	exit 0
fi
exec "$here/nat.real" "$@"
"""


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.default_plan.requests = [cm.set_parameter_values([(NAT, "slow apply", "xsd:string")],
                                                         key="k")]
    d = t.start(t.config(acs, cpe_opts={"plugin_dir": wrapped_plugins(t, "nat", WRAPPER)}))
    t.until(lambda: os.path.exists(os.path.join(t.state_dir, "apply-started")), 20,
            "the nat apply to start")
    d.signal(15)
    rc = d.wait_exit(t.secs(10))
    d.reaped = True
    t.eq(rc, 0, "exit status after SIGTERM during the apply")
    t.check(os.path.exists(os.path.join(t.state_dir, "apply-done")), "the apply finished")
    store = open(os.path.join(t.state_dir, "sim", "nat")).read()
    t.check("slow apply" in store, "the value is applied in the store")
    t.check("exiting once the plugins applied" in t.log_text(), "the wait is logged")
