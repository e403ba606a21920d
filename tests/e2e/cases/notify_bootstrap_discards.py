# SPDX-License-Identifier: BSD-2-Clause
"""A bootstrap discards the changes waiting for "4 VALUE CHANGE": with
Notification 1 on a PortMapping Description, a change in the device is
polled (waiting for the next Inform); then the ACS URL changes (SIGHUP).
The bootstrap Inform to the new ACS and the periodic one after it carry
neither "4 VALUE CHANGE" nor the Description: the new ACS takes the device
as it finds it."""

import signal

from dmcheck import needs_data_model, set_sim, start_watching, watched

DESC = "Device.NAT.PortMapping.1.Description"


def run(t):
    needs_data_model(t)
    old, new = t.acs(), t.acs()
    d = start_watching(t, old, DESC, 1, cpe_opts={"notify_interval": "0"})

    set_sim(t, "nat", DESC, "changed before the bootstrap")
    d.signal(signal.SIGUSR1)
    t.until(lambda: "1 changed value waiting (passive)" in t.log_text(), 3,
            "the poll finding the change")
    t.config(new, acs_opts={"periodic_enable": "1", "periodic_interval": "3"},
             cpe_opts={"notify_interval": "0"})
    d.hup()
    b = t.session(new, 1)
    t.expect_inform(b, ["0 BOOTSTRAP"], what="first Inform to the new URL")
    t.check(DESC not in b.inform.params, "the Description in the bootstrap Inform")
    p = t.session(new, 2, timeout=8)
    t.expect_inform(p, ["2 PERIODIC"], what="the periodic Inform after the bootstrap")
    t.check(DESC not in p.inform.params, "the Description after the bootstrap")
    t.eq(watched(t, DESC), "changed before the bootstrap", "the value taken as reported")
