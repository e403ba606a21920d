# SPDX-License-Identifier: BSD-2-Clause
"""A passive change that goes back before the next Inform is no change:
with Notification 1 on a PortMapping Description, the value is changed in
the device and polled (SIGUSR1), then set back and polled again. The next
periodic Inform carries neither "4 VALUE CHANGE" nor the Description."""

import signal

from dmcheck import needs_data_model, set_sim, start_watching, watched

DESC = "Device.NAT.PortMapping.1.Description"


def run(t):
    needs_data_model(t)
    acs = t.acs()
    d = start_watching(t, acs, DESC, 1,
                       acs_opts={"periodic_enable": "1", "periodic_interval": "6"},
                       cpe_opts={"notify_interval": "0"})
    before = watched(t, DESC)

    set_sim(t, "nat", DESC, "changed for a moment")
    d.signal(signal.SIGUSR1)
    t.until(lambda: "1 changed value waiting (passive)" in t.log_text(), 3,
            "the poll finding the change")
    set_sim(t, "nat", DESC, before)
    d.signal(signal.SIGUSR1)
    t.until(lambda: "4 VALUE CHANGE dropped" in t.log_text(), 3,
            "the poll finding the value back")

    p = t.session(acs, 2, timeout=10)
    t.expect_inform(p, ["2 PERIODIC"], what="the periodic Inform after the change and back")
    t.check(DESC not in p.inform.params, "the Description in the Inform")
