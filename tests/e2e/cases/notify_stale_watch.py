# SPDX-License-Identifier: BSD-2-Clause
"""Notification turned off, the value changed, notification turned on
again: the change made while nobody watched is not reported (a new watch
starts from the value it finds)."""

from dmcheck import needs_data_model, set_sim
from harness import acsmod, cm

DESC = "Device.NAT.PortMapping.1.Description"


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[cm.set_parameter_attributes([(DESC, 1, None)])]))
    acs.queue(acsmod.Plan(requests=[cm.set_parameter_attributes([(DESC, 0, None)])]))
    acs.queue(acsmod.Plan())
    acs.queue(acsmod.Plan(requests=[cm.set_parameter_attributes([(DESC, 1, None)])]))
    t.start(t.config(acs, acs_opts={"periodic_enable": "1", "periodic_interval": "3"},
                     cpe_opts={"notify_interval": "1"}))
    t.session(acs, 1)
    t.sleep(1.5)
    t.session(acs, 2, timeout=8)
    t.sleep(1.5)
    set_sim(t, "nat", DESC, "changed while off")
    t.session(acs, 3, timeout=8)
    t.session(acs, 4, timeout=8)
    s5 = t.session(acs, 5, timeout=8)
    t.check(DESC not in s5.inform.params,
            "a change made while notification was off is reported: %s" % s5.inform.params)
