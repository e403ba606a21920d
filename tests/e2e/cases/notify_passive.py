# SPDX-License-Identifier: BSD-2-Clause
"""Passive notification: with Notification 1 on a PortMapping Description,
a change made in the device (the sim store edited, then SIGUSR1 as a hotplug
script would send) starts no session by itself; the next periodic Inform
carries "4 VALUE CHANGE" and the new value, the one after does not."""

import signal

from dmcheck import needs_data_model, set_sim, start_watching, watched

DESC = "Device.NAT.PortMapping.1.Description"


def run(t):
    needs_data_model(t)
    acs = t.acs()
    d = start_watching(t, acs, DESC, 1,
                       acs_opts={"periodic_enable": "1", "periodic_interval": "5"},
                       cpe_opts={"notify_interval": "0"})
    p1 = t.session(acs, 2, timeout=8)
    t.expect_inform(p1, ["2 PERIODIC"], what="periodic Inform before the change")
    t.check(DESC not in p1.inform.params, "no Description before the change")

    set_sim(t, "nat", DESC, "changed in the device")
    d.signal(signal.SIGUSR1)
    t.until(lambda: "1 changed value waiting (passive)" in t.log_text(), 3,
            "the poll finding the change")
    t.sleep(1)
    t.eq(len(acs.snapshot()), 2, "sessions right after a passive change")

    p2 = t.session(acs, 3, timeout=8)
    t.expect_inform(p2, ["2 PERIODIC", "4 VALUE CHANGE"], what="periodic Inform after the change")
    t.eq(p2.inform.params.get(DESC), ("xsd:string", "changed in the device"),
         "the changed value in the Inform")
    t.within(p2.t_start - p1.t_start, 4, 5 + t.slack, "seconds between periodic informs")
    p3 = t.session(acs, 4, timeout=8)
    t.expect_inform(p3, ["2 PERIODIC"], what="the periodic Inform after that")
    t.check(DESC not in p3.inform.params, "the Description is reported once")
    t.eq(watched(t, DESC), "changed in the device", "the reported value in the state dir")
