# SPDX-License-Identifier: BSD-2-Clause
"""An AddObject cut short never leads to a number being reused: the number
is stored before the plugin runs. The nat plugin hangs on its first two
"add"s; the daemon is stopped with SIGTERM during the first (a clean exit:
the write is cancelled) and killed with SIGKILL during the second. After
each the counter file holds the number that was being added; the AddObject
after the restarts gets the next one, and only it appears in the table."""

import os
import signal

from acs import Plan
from dmcheck import instance_number, names, needs_data_model, wrapped_plugins
from harness import cm

PM = "Device.NAT.PortMapping."
COUNTERS = "instance-counters"

# the first two adds hang (the plugin's pid in hung-1, hung-2)
HANG_TWICE = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
if [ "$1" = add ] && [ ! -e "$CWMPD_STATE_DIR/hung-2" ]; then
	if [ -e "$CWMPD_STATE_DIR/hung-1" ]; then
		echo $$ >"$CWMPD_STATE_DIR/hung-2.tmp"
		mv "$CWMPD_STATE_DIR/hung-2.tmp" "$CWMPD_STATE_DIR/hung-2"
	else
		echo $$ >"$CWMPD_STATE_DIR/hung-1.tmp"
		mv "$CWMPD_STATE_DIR/hung-1.tmp" "$CWMPD_STATE_DIR/hung-1"
	fi
	exec sleep 30
fi
exec "$(dirname "$0")/nat.real" "$@"
"""


def counter(t):
    try:
        with open(os.path.join(t.state_dir, COUNTERS)) as f:
            lines = dict(line.rstrip("\n").split("\t") for line in f if "\t" in line)
    except OSError:
        return None
    return lines.get(PM)


def hung(t, n):
    path = os.path.join(t.state_dir, "hung-%d" % n)
    t.until(lambda: os.path.exists(path), 10, "add #%d to reach the plugin" % n)
    with open(path) as f:
        return int(f.read().strip() or 0)


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(Plan(requests=[cm.add_object(PM, "k-1")]),
              Plan(requests=[cm.add_object(PM, "k-2")]),
              Plan(requests=[cm.add_object(PM, "k-3"), cm.get_parameter_names(PM, True)]))
    conf = t.config(acs, cpe_opts={"plugin_dir": wrapped_plugins(t, "nat", HANG_TWICE)})
    d = t.start(conf)
    hung(t, 1)
    t.stop(d)                       # exit status 0: the write was cancelled cleanly
    t.eq(counter(t), "2", "counter after SIGTERM during add")

    d = t.start(conf)
    pid = hung(t, 2)
    d.kill9()
    try:
        os.kill(pid, signal.SIGKILL)    # the plugin has its own process group
    except OSError:
        pass
    t.eq(counter(t), "3", "counter after SIGKILL during add")

    t.start(conf)
    s = t.session(acs, 1, timeout=20)
    ms = [m for _, m in s.responses]
    t.eq([m.method for m in ms], ["AddObjectResponse", "GetParameterNamesResponse"], "answers")
    t.eq(instance_number(ms[0]), 4, "number after the interrupted adds")
    t.eq(names(ms[1])[1], {PM + "1.": "1", PM + "4.": "1"}, "instances")
