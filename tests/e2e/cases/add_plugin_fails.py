# SPDX-License-Identifier: BSD-2-Clause
"""When the plugin fails, AddObject and DeleteObject answer 9002 and change
nothing: no instance appears or goes, the ParameterKey stays. The number
AddObject had reserved stays used (it was stored before the plugin ran), so
the next AddObject gets the one after it. The nat plugin is wrapped by one
that fails its first "add" and its first "delete", then passes through.
The log says what happened: the plugin's stderr line and its exit status."""

from acs import Plan
from dmcheck import instance_number, names, needs_data_model, values, wrapped_plugins
from harness import cm

PM = "Device.NAT.PortMapping."
PKEY = "Device.ManagementServer.ParameterKey"

# first add and first delete fail, then the real nat runs
FAIL_ONCE = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
case $1 in add|delete)
	if [ ! -e "$CWMPD_STATE_DIR/failed-$1" ]; then
		: >"$CWMPD_STATE_DIR/failed-$1"
		echo "injected failure" >&2
		exit 1
	fi ;;
esac
exec "$(dirname "$0")/nat.real" "$@"
"""


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(Plan(requests=[
        cm.add_object(PM, "k-1"),                      # fails: number 2 burnt
        cm.get_parameter_values([PKEY]),
        cm.add_object(PM, "k-2"),                      # 3
        cm.delete_object(PM + "1.", "k-3"),            # fails
        cm.get_parameter_names(PM, True),
        cm.get_parameter_values([PKEY]),
    ]))
    t.start(t.config(acs, cpe_opts={"plugin_dir": wrapped_plugins(t, "nat", FAIL_ONCE)}))
    s = t.session(acs, 1, timeout=30)
    ms = [m for _, m in s.responses]
    t.eq([m.method for m in ms],
         ["Fault", "GetParameterValuesResponse", "AddObjectResponse", "Fault",
          "GetParameterNamesResponse", "GetParameterValuesResponse"], "answers")
    t.eq(ms[0].fault_code, 9002, "AddObject with a failing plugin")
    t.eq(values(ms[1])[1].get(PKEY), ("xsd:string", ""), "ParameterKey after the fault")
    t.eq(instance_number(ms[2]), 3, "number after the failed AddObject")
    t.eq(ms[3].fault_code, 9002, "DeleteObject with a failing plugin")
    t.eq(names(ms[4])[1], {PM + "1.": "1", PM + "3.": "1"}, "instances")
    t.eq(values(ms[5])[1].get(PKEY), ("xsd:string", "k-2"), "ParameterKey at the end")
    log = t.log_text()
    t.check("plugin nat: injected failure" in log, "the plugin's stderr is logged")
    # Its exit status is said as such, never as an errno text (issue 11,
    # bug 13: exit status 1 was logged as "Operation not permitted").
    for verb, what in (("add", "AddObject %s2." % PM), ("delete", "DeleteObject %s1." % PM)):
        t.check("dm: plugin nat %s: exit status 1" % verb in log,
                "the failed %s logged with its exit status" % verb)
        t.check("rpc: %s: plugin nat %s: exit status 1" % (what, verb) in log,
                "the %s failure logged with the plugin's exit status" % what)
    t.check("Operation not permitted" not in log, "an exit status logged as an errno text")
