# SPDX-License-Identifier: BSD-2-Clause
"""SetParameterValues stays all or nothing when a plugin says no, dies or
fails to apply after another plugin applied (the values before are set
again):
with the nat plugin wrapped so that it refuses one value (exit 1 with a
path<TAB>9007 line) or crashes on another, a request setting a DeviceInfo
value and a NAT value answers 9003 with the NAT parameter's fault, or 9002
for the crash, and the DeviceInfo value (already accepted by its own
plugin) is not applied; nothing stays staged; the daemon goes on."""

import os

from dmcheck import needs_data_model, spv_faults, values, wrapped_plugins
from harness import cm

NAT = "Device.NAT.PortMapping.1.Description"
PC = "Device.DeviceInfo.ProvisioningCode"

WRAPPER = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# nat, wrapped by the spv_rollback e2e case.
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = set ]; then
	in=$(cat)
	case $in in
	*refuse*) printf '%s\\t9007\\n' Device.NAT.PortMapping.1.Description; exit 1 ;;
	*crash*) kill -SEGV $$ ;;
	*applyfail*) : >"$CWMPD_STATE_DIR/nat-apply-fails" ;;
	esac
	printf '%s\\n' "$in" | exec "$here/nat.real" "$@"
fi
if [ "$1" = apply ] && [ -f "$CWMPD_STATE_DIR/nat-apply-fails" ]; then
	rm -f "$CWMPD_STATE_DIR/nat-apply-fails"
	exit 3
fi
exec "$here/nat.real" "$@"
"""


def spv(pc, nat, key):
    return cm.set_parameter_values([(PC, pc, "xsd:string"), (NAT, nat, "xsd:string")],
                                   key=key)


def run(t):
    needs_data_model(t)
    acs = t.acs()
    gpv = cm.get_parameter_values([PC, NAT, "Device.ManagementServer.ParameterKey"])
    acs.default_plan.requests = [
        spv("before", "fine", "k1"),
        spv("must-not-stick", "refuse me", "k2"),
        gpv,
        spv("must-not-stick-either", "crash now", "k3"),
        gpv,
        spv("half-applied", "applyfail", "k4"),
        gpv,
    ]
    t.start(t.config(acs, cpe_opts={"plugin_dir": wrapped_plugins(t, "nat", WRAPPER)}))
    s = t.session(acs, 1, timeout=30)
    r = [m for _, m in s.responses]
    t.eq(len(r), 7, "answers")
    t.eq(r[0].method, "SetParameterValuesResponse", "the good request")
    t.eq(r[1].fault_code, 9003, "a plugin refusing a value")
    t.eq(spv_faults(r[1]), {NAT: 9007}, "the refused parameter's fault")
    _, got = values(r[2])
    t.eq(got.get(PC, (None, ""))[1], "before", "DeviceInfo value after the refusal")
    t.eq(got.get(NAT, (None, ""))[1], "fine", "NAT value after the refusal")
    t.eq(got.get("Device.ManagementServer.ParameterKey", (None, ""))[1], "k1",
         "ParameterKey after the refusal")
    t.eq(r[3].fault_code, 9002, "a plugin crashing")
    _, got = values(r[4])
    t.eq(got.get(PC, (None, ""))[1], "before", "DeviceInfo value after the crash")
    t.eq(r[5].fault_code, 9002, "an apply failing after the other plugin's")
    _, got = values(r[6])
    t.eq(got.get(PC, (None, ""))[1], "before", "DeviceInfo value after the failed apply")
    t.eq(got.get(NAT, (None, ""))[1], "fine", "NAT value after the failed apply")
    t.eq(got.get("Device.ManagementServer.ParameterKey", (None, ""))[1], "k1",
         "ParameterKey after the failed apply")
    sim = os.path.join(t.state_dir, "sim")
    t.eq(sorted(f for f in os.listdir(sim) if "staged" in f), [], "staged files left")
