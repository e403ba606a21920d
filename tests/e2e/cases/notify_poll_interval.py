# SPDX-License-Identifier: BSD-2-Clause
"""Value changes found by the poll timer: with notify_interval '1' a
parameter set to active notification (2) that changes in the device (the
sim store edited from outside, no SIGUSR1) opens a "4 VALUE CHANGE" session
within a couple of seconds, carrying the new value."""


from dmcheck import needs_data_model, set_sim, watched
from harness import acsmod, cm

DESC = "Device.NAT.PortMapping.1.Description"


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[cm.set_parameter_attributes([(DESC, 2, None)])]))
    t.start(t.config(acs, cpe_opts={"notify_interval": "1"}))
    t.expect_inform(t.session(acs, 1), ["0 BOOTSTRAP", "1 BOOT"])
    t.until(lambda: watched(t, DESC), 5, "the Description's value kept as reported")

    set_sim(t, "nat", DESC, "changed in the device")
    s = t.session(acs, 2, timeout=5)
    t.expect_inform(s, ["4 VALUE CHANGE"], what="active notification Inform")
    t.eq(s.inform.params.get(DESC), ("xsd:string", "changed in the device"),
         "the changed value in the Inform")
    t.sleep(2.5)
    t.eq(len(acs.snapshot()), 2, "sessions once the change is reported")
