# SPDX-License-Identifier: BSD-2-Clause
"""A plugin's apply that defers a unit (the plugin protocol's "Deferred
applies": OpenWrt's network reload) makes SetParameterValues and
AddObject answer Status 1; "apply-deferred" runs once, after the session
has ended (after the ACS's 204), for that plugin; the next session (a
ScheduleInform due 1 s after the first session) waits until it is done.
The nat plugin is wrapped by one that defers "init:test" on every apply
and takes 2 s for apply-deferred, writing when it starts and ends."""

from acs import Plan
from dmcheck import instance_number, needs_data_model, status, wrapped_plugins
from harness import cm

PM = "Device.NAT.PortMapping."

DEFERS = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
log=$CWMPD_STATE_DIR/deferred.log
case $1 in
apply) "$(dirname "$0")/nat.real" apply || exit 1
	printf 'init:test\\tdeferred\\n' ;;
apply-deferred) cat >/dev/null
	echo "start $(date +%s.%N)" >>"$log"
	sleep 2
	echo "end $(date +%s.%N)" >>"$log"
	printf 'init:test\\tapplied\\n' ;;
*) exec "$(dirname "$0")/nat.real" "$@" ;;
esac
"""

SCHEDULE = ("<cwmp:ScheduleInform><DelaySeconds>1</DelaySeconds>"
            "<CommandKey>after</CommandKey></cwmp:ScheduleInform>")


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(Plan(requests=[
        cm.set_parameter_values([(PM + "1.Description", "later", "xsd:string")], key="k1"),
        cm.add_object(PM, "k2"),
        SCHEDULE,
    ]))
    t.start(t.config(acs, cpe_opts={"plugin_dir": wrapped_plugins(t, "nat", DEFERS)}))
    s1 = t.session(acs, 1, timeout=20)
    ms = [m for _, m in s1.responses]
    t.eq([m.method for m in ms], ["SetParameterValuesResponse", "AddObjectResponse",
                                  "ScheduleInformResponse"], "answers")
    t.eq(status(ms[0]), "1", "SetParameterValues Status")
    t.eq(status(ms[1]), "1", "AddObject Status")
    t.check(instance_number(ms[1]), "AddObject's instance number")
    s2 = t.session(acs, 2, timeout=20)
    t.check("3 SCHEDULED" in s2.inform.event_codes, "session 2: %s" % s2.inform.event_codes)
    with open(t.state_dir + "/deferred.log") as f:
        log = dict(line.split() for line in f.read().splitlines())
    t.eq(sorted(log), ["end", "start"], "apply-deferred ran once")
    end_of_s1 = max(x.wall for x in s1.exchanges)
    t.check(float(log["start"]) >= end_of_s1,
            "apply-deferred started %.2f s after the session's last message"
            % (float(log["start"]) - end_of_s1))
    t.check(s2.wall_start >= float(log["end"]),
            "session 2 started %.2f s after apply-deferred ended"
            % (s2.wall_start - float(log["end"])))
    t.check("dm: init:test applied after the session (plugin nat)" in t.log_text(),
            "the deferred apply is logged")
