# SPDX-License-Identifier: BSD-2-Clause
"""A plugin that prints values its schema types refuse never puts them on
the wire. The deviceinfo plugin is wrapped by one that blanks UpTime (an
unsignedInt, as the OpenWrt wifi plugin printed its counters on a router
without wifi) and garbles FirstUseDate (a dateTime). GetParameterValues
naming either exactly is fault 9002; the partial path Device.DeviceInfo.
answers every other value, XSD-valid, and leaves the two out; the log
names the plugin, the line and the value; the daemon keeps serving. Then a
SoftwareVersion past the schema's 64 characters in the identity: the
Inform leaves it out (and says so in the log) instead of sending it, and
no "4 VALUE CHANGE" is made of it."""

import os
import re

from acs import Plan
from dmcheck import needs_data_model, value_ok, values, wrapped_plugins
from harness import cm

DI = "Device.DeviceInfo."
UPTIME = DI + "UpTime"
FIRST = DI + "FirstUseDate"
SW = DI + "SoftwareVersion"
BAD_DATE = "2026-02-30T25:00:00Z"

# get: the real plugin's output with the two values broken
BROKEN = """#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
real="$(dirname "$0")/deviceinfo.real"
[ "$1" = get ] || exec "$real" "$@"
"$real" "$@" >"$CWMPD_STATE_DIR/deviceinfo.out" || exit $?
awk -F '\t' -v OFS='\t' '
$1 == "%s" { $2 = "" }
$1 == "%s" { $2 = "%s" }
{ print }' "$CWMPD_STATE_DIR/deviceinfo.out"
""" % (UPTIME, FIRST, BAD_DATE)


def gpv(names):
    return cm.get_parameter_values(names)


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(Plan(requests=[
        gpv([UPTIME]),                                 # 9002
        gpv([DI]),                                     # the rest
        gpv([DI + "Manufacturer", FIRST]),             # 9002
        gpv([FIRST, DI + "Nope"]),                     # 9005 wins
        gpv([DI + "Manufacturer"]),                    # still served
    ]))
    d = t.start(t.config(acs, cpe_opts={"plugin_dir": wrapped_plugins(t, "deviceinfo",
                                                                      BROKEN)}))
    s = t.session(acs, 1, timeout=30)
    ms = [m for _, m in s.responses]
    t.eq([m.method for m in ms], ["Fault", "GetParameterValuesResponse", "Fault", "Fault",
                                  "GetParameterValuesResponse"], "answers")
    t.eq(ms[0].fault_code, 9002, "GPV of the empty unsignedInt")
    t.eq(ms[2].fault_code, 9002, "GPV naming the malformed dateTime")
    t.eq(ms[3].fault_code, 9005, "GPV with an unknown name")
    at, got = values(ms[1])
    t.check(UPTIME not in got and FIRST not in got,
            "the two broken values are left out: %s" % sorted(got))
    t.check(DI + "Manufacturer" in got and DI + "ModelName" in got,
            "the other values are there: %s" % sorted(got))
    t.eq(at, "cwmp:ParameterValueStruct[%d]" % len(got), "arrayType")
    for name, (ty, text) in got.items():
        t.check(value_ok(ty, text), "%s = %r is a valid %s" % (name, text, ty))
    t.eq(values(ms[4])[1].get(DI + "Manufacturer", ("", ""))[0], "xsd:string",
         "a good value after the faults")

    log = t.log_text()
    t.check(re.search(r"plugin deviceinfo: line \d+: %s: \"\" is no valid unsignedInt"
                      % re.escape(UPTIME), log), "the log names the plugin, line and UpTime")
    t.check(re.search(r"plugin deviceinfo: line \d+: %s: \"%s\" is no valid dateTime"
                      % (re.escape(FIRST), BAD_DATE), log),
            "the log names the plugin, line and FirstUseDate's value")
    t.check(d.alive(), "the daemon keeps running")

    # A SoftwareVersion too long for the schema: left out of the Inform.
    t.stop(d)
    ident = os.path.join(t.state_dir, "sim", "identity")
    with open(ident) as f:
        text = f.read()
    t.check(SW + "\t1.0.0" in text, "the sim identity holds SoftwareVersion 1.0.0")
    long_sw = "1.0.0-" + "x" * 70
    t.write(ident, text.replace(SW + "\t1.0.0", SW + "\t" + long_sw))
    acs.queue(Plan(requests=[gpv([DI + "HardwareVersion"])]))
    d = t.start()
    s = t.session(acs, 2, timeout=30)
    t.expect_inform(s, ["1 BOOT"], what="BOOT Inform with the long SoftwareVersion")
    t.check(SW not in s.inform.params, "SoftwareVersion left out of the Inform")
    t.check(DI + "HardwareVersion" in s.inform.params, "the other forced parameters stay")
    t.eq([m.method for _, m in s.responses], ["GetParameterValuesResponse"], "answer after")
    t.check("%s: \"%s\" is no valid string: left out of the Inform" % (SW, long_sw)
            in t.log_text(), "the log says why SoftwareVersion is missing")
    t.sleep(1.0)
    t.eq(len(acs.snapshot()), 2, "no value-change session for the held value")
    t.check(d.alive(), "the daemon keeps running")
