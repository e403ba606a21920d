# SPDX-License-Identifier: BSD-2-Clause
"""FactoryReset on the sim platform, in GenieACS's order (FactoryReset,
then GPN "" NextLevel 1 in the same session). Before it the ACS changes a
value (ParameterKey "pk-1"), an attribute, and adds two port mappings
(ParameterKey "pk-2"). After the session the device resets and reboots
(same PID, reboot counter 1): the next Inform carries "0 BOOTSTRAP" and
"1 BOOT" with an empty ParameterKey, the value is back to its seed, the
attribute to its default, the added instances are gone and the instance
counter with them (the next AddObject gets 2 again)."""

import re

from dmcheck import (attributes, instance_number, names, needs_data_model, sim_reboots,
                     values)
from harness import acsmod, cm

PM = "Device.NAT.PortMapping."
DESC = PM + "1.Description"
PII = "Device.ManagementServer.PeriodicInformInterval"
PKEY = "Device.ManagementServer.ParameterKey"


def before(s):
    yield cm.get_parameter_values([DESC])
    yield cm.set_parameter_values([(DESC, "changed by the ACS", "xsd:string")], "pk-1")
    yield cm.set_parameter_attributes([(PII, 1, ["Subscriber"])])
    yield cm.add_object(PM, "pk-2")
    yield cm.add_object(PM, "pk-2")
    yield cm.get_parameter_values([DESC, PKEY])
    yield cm.factory_reset()
    yield cm.get_parameter_names("", True)


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=before),
              acsmod.Plan(requests=[cm.get_parameter_values([DESC, PKEY]),
                                    cm.get_parameter_attributes([PII]),
                                    cm.get_parameter_names(PM, True),
                                    cm.add_object(PM, "pk-3")]))
    d = t.start(t.config(acs))
    s1 = t.session(acs, 1, timeout=20)
    ms = [m for _, m in s1.responses]
    t.eq([m.method for m in ms], ["GetParameterValuesResponse", "SetParameterValuesResponse",
                                  "SetParameterAttributesResponse", "AddObjectResponse",
                                  "AddObjectResponse", "GetParameterValuesResponse",
                                  "FactoryResetResponse", "GetParameterNamesResponse"],
         "answers before the reset")
    seed = values(ms[0])[1][DESC][1]
    added = [instance_number(m) for m in ms[3:5]]
    t.eq(added, [2, 3], "instances added before the reset")
    got = values(ms[5])[1]
    t.eq((got[DESC][1], got[PKEY][1]), ("changed by the ACS", "pk-2"), "values before the reset")

    s2 = t.session(acs, 2, timeout=20)
    t.expect_inform(s2, ["0 BOOTSTRAP", "1 BOOT"], what="Inform after the factory reset")
    t.eq(s2.inform.params[PKEY][1], "", "ParameterKey in the Inform")
    t.check(d.alive(), "the daemon (pid %d) runs on" % d.pid)
    t.eq(sim_reboots(t), "1", "sim reboots")
    ms = [m for _, m in s2.responses]
    got = values(ms[0])[1]
    t.eq((got[DESC][1], got[PKEY][1]), (seed, ""), "values after the reset")
    t.eq({k: v[:2] for k, v in attributes(ms[1])[1].items()}, {PII: ("0", [])},
         "attributes after the reset")
    t.eq(names(ms[2])[1], {PM + "1.": "1"}, "port mappings after the reset")
    t.eq(instance_number(ms[3]), 2, "instance number after the reset (counter gone)")
    # valgrind's exit status covers the image after the re-exec only (which
    # runs bare): what it found before is in the log.
    if t.env.wrapper == "valgrind":
        found = re.findall(r"^==\d+== .*", t.log_text(), re.M)
        t.check(not found, "valgrind before the re-exec: %s" % found[:5])
