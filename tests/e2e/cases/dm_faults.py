# SPDX-License-Identifier: BSD-2-Clause
"""Faults of the reading RPCs, and plugins that misbehave: an unknown path
or a missing instance is 9005, NextLevel true on a parameter or a missing
NextLevel is 9003, more than 1024 names is 9004; passwords set by the ACS
read back as empty strings; a plugin that crashes, prints garbage or hangs
(killed at its 10 s limit) gives 9002 for that request, and the next
request is answered as usual."""

from dmcheck import needs_data_model, values, wrapped_plugins
from harness import cm

# hosts, wrapped: "get" misbehaves as the file mode in the state dir says.
WRAPPER = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# hosts, wrapped by the dm_faults e2e case.
here=$(cd "$(dirname "$0")" && pwd)
if [ "$1" = get ]; then
	mode=$(cat "$CWMPD_STATE_DIR/mode" 2>/dev/null)
	echo x >"$CWMPD_STATE_DIR/mode"
	case $mode in
	crash) kill -SEGV $$ ;;
	garbage) printf 'no tab here\\n\\001\\002\\\\q\\tbad escape\\n'; exit 0 ;;
	hang) sleep 60 ;;
	esac
fi
exec "$here/hosts.real" "$@"
"""

HOSTS = "Device.Hosts.HostNumberOfEntries"
UPTIME = "Device.DeviceInfo.UpTime"


def gpn_missing_next_level():
    return ("<cwmp:GetParameterNames><ParameterPath>Device.</ParameterPath>"
            "</cwmp:GetParameterNames>")


def mode(t, m):
    return lambda s: (t.write(t.state_dir + "/mode", m), cm.get_parameter_values([HOSTS]))[1]


def run(t):
    needs_data_model(t)
    acs = t.acs()
    pw = [("Device.ManagementServer.Password", "s3cret", "xsd:string"),
          ("Device.ManagementServer.ConnectionRequestPassword", "cr-s3cret", "xsd:string")]
    acs.default_plan.requests = [
        cm.get_parameter_names("Device.Nope.", False),
        cm.get_parameter_names("Device.DeviceInfo.ProcessStatus.Process.99.", False),
        cm.get_parameter_names(UPTIME, True),
        gpn_missing_next_level(),
        cm.get_parameter_values(["Device.DeviceInfo."] * 1025),
        cm.set_parameter_values(pw, key="pw"),
        cm.get_parameter_values([n for n, _, _ in pw]),
        mode(t, "crash"),
        cm.get_parameter_values([UPTIME]),
    ]
    acs.default_plan.requests += [mode(t, "garbage"), mode(t, "hang"),
                                  cm.get_parameter_values([HOSTS, UPTIME])]
    t.start(t.config(acs, cpe_opts={"plugin_dir": wrapped_plugins(t, "hosts", WRAPPER)}))
    s = t.session(acs, 1, timeout=60)
    r = [m for _, m in s.responses]
    t.eq(len(r), 12, "answers")
    codes = [m.fault_code if m.method == "Fault" else m.method for m in r]
    t.eq(codes[:6], [9005, 9005, 9003, 9003, 9004, "SetParameterValuesResponse"],
         "faults of the reading RPCs")
    _, got = values(r[6])
    t.eq({k: v[1] for k, v in got.items()},
         {"Device.ManagementServer.Password": "",
          "Device.ManagementServer.ConnectionRequestPassword": ""}, "passwords read back")
    t.eq(codes[7], 9002, "a crashing plugin")
    t.eq(r[8].method, "GetParameterValuesResponse", "the request after the crash")
    t.eq(codes[9], 9002, "a plugin printing garbage")
    t.eq(codes[10], 9002, "a hanging plugin")
    _, got = values(r[11])
    t.eq(got.get(HOSTS, (None, ""))[1], "4", "hosts after the plugin behaves again")
    log = t.log_text()
    t.check("plugin hosts" in log, "a log line names the plugin")
