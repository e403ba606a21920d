# SPDX-License-Identifier: BSD-2-Clause
"""The sim router's Status and UpTime behave like a router's. GenieACS's
addObject task with values on a port mapping (AddObject with an empty
ParameterKey, GetParameterValues of the new instance, then one
SetParameterValues of Enable and the fields): the new mapping reads
Disabled, then Enabled; a SetParameterValues of Enable false makes it
Disabled again. A ScheduleInform opens a later session that reads UpTime
(some seconds by then) and sends Reboot: after the reboot UpTime starts
again, smaller than before it, and the mapping is still Disabled."""

from dmcheck import instance_number, needs_data_model, status, values
from harness import acsmod, cm

PM = "Device.NAT.PortMapping."
UP = "Device.DeviceInfo.UpTime"


def schedule_inform(delay, key):
    return ("<cwmp:ScheduleInform><DelaySeconds>%d</DelaySeconds><CommandKey>%s"
            "</CommandKey></cwmp:ScheduleInform>" % (delay, key))


def add_session(delay):
    def plan(s):
        yield cm.add_object(PM)
        n = instance_number(s.responses[-1][1]) or 0
        inst = "%s%d." % (PM, n)
        yield cm.get_parameter_values([inst + "Enable", inst + "Status"])
        yield cm.set_parameter_values([(inst + "Enable", "true", "xsd:boolean"),
                                       (inst + "InternalClient", "192.168.1.20", "xsd:string"),
                                       (inst + "InternalPort", "22", "xsd:unsignedInt"),
                                       (inst + "ExternalPort", "2222", "xsd:unsignedInt"),
                                       (inst + "Protocol", "TCP", "xsd:string"),
                                       (inst + "Description", "ssh", "xsd:string")])
        yield cm.get_parameter_values([inst + "Status"])
        yield cm.set_parameter_values([(inst + "Enable", "false", "xsd:boolean")], "off")
        yield cm.get_parameter_values([inst + "Status"])
        yield schedule_inform(delay, "later")
    return plan


def value(m, name):
    return values(m)[1].get(name, (None, None))[1]


def run(t):
    needs_data_model(t)
    acs = t.acs()
    delay = int(t.secs(3))
    acs.queue(acsmod.Plan(requests=add_session(delay)),
              acsmod.Plan(requests=[cm.get_parameter_values([UP]), cm.reboot("rk")]),
              acsmod.Plan(requests=[cm.get_parameter_values([UP, PM + "2.Status"])]))
    t.start(t.config(acs))

    s1 = t.session(acs, 1, timeout=20)
    ms = [m for _, m in s1.responses]
    t.eq([m.method for m in ms], ["AddObjectResponse", "GetParameterValuesResponse",
                                  "SetParameterValuesResponse", "GetParameterValuesResponse",
                                  "SetParameterValuesResponse", "GetParameterValuesResponse",
                                  "ScheduleInformResponse"], "answers in the addObject session")
    t.eq(instance_number(ms[0]), 2, "instance added")
    inst = PM + "2."
    t.eq((value(ms[1], inst + "Enable"), value(ms[1], inst + "Status")), ("false", "Disabled"),
         "the new mapping before its values")
    t.eq(status(ms[2]), "0", "Status of the SPV with the values")
    t.eq(value(ms[3], inst + "Status"), "Enabled", "Status after Enable true and InternalClient")
    t.eq(status(ms[4]), "0", "Status of the SPV of Enable false")
    t.eq(value(ms[5], inst + "Status"), "Disabled", "Status after Enable false")

    s2 = t.session(acs, 2, timeout=10 + delay)
    t.expect_inform(s2, ["3 SCHEDULED", "M ScheduleInform"], what="scheduled Inform")
    ms = [m for _, m in s2.responses]
    t.eq([m.method for m in ms], ["GetParameterValuesResponse", "RebootResponse"],
         "answers in the Reboot session")
    before = int(value(ms[0], UP))
    t.check(before >= delay, "UpTime %d before the reboot, after a %d s wait" % (before, delay))

    s3 = t.session(acs, 3, timeout=15)
    t.expect_inform(s3, ["1 BOOT", "M Reboot"], what="Inform after the reboot")
    m = s3.responses[0][1]
    after = int(value(m, UP))
    t.check(after < before, "UpTime %d after the reboot, %d before" % (after, before))
    t.eq(value(m, PM + "2.Status"), "Disabled", "the mapping's Status after the reboot")
