# SPDX-License-Identifier: BSD-2-Clause
"""Changes the ACS makes are not notified: Notification 2 on a PortMapping
Description, then the ACS sets it with SetParameterValues, together with
the ProvisioningCode (forceEnabled: always active; the identity is read
again after the session). No session with "4 VALUE CHANGE" follows (not
after the session, not after SIGUSR1, not on the poll timer), and the values
the ACS set are the ones kept as reported."""

import signal

from dmcheck import needs_data_model, watched
from harness import acsmod, cm

DESC = "Device.NAT.PortMapping.1.Description"
PC = "Device.DeviceInfo.ProvisioningCode"


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(
        acsmod.Plan(requests=[cm.set_parameter_attributes([(DESC, 2, None)])]),
        acsmod.Plan(requests=[cm.set_parameter_values([(DESC, "set by the ACS", "xsd:string"),
                                                       (PC, "pc1", "xsd:string")], key="k1")]))
    d = t.start(t.config(acs, acs_opts={"periodic_enable": "1", "periodic_interval": "3"},
                         cpe_opts={"notify_interval": "1"}))
    t.expect_inform(t.session(acs, 1), ["0 BOOTSTRAP", "1 BOOT"])
    t.until(lambda: watched(t, DESC), 5, "the Description's value kept as reported")
    s = t.session(acs, 2, timeout=6)
    t.eq(s.responses[0][1].method, "SetParameterValuesResponse", "answer to SPV")
    d.signal(signal.SIGUSR1)
    t.session(acs, 4, timeout=12)   # the reload after the SPV skips a tick
    for s in acs.snapshot()[1:4]:
        t.expect_inform(s, ["2 PERIODIC"], what="Inform after the ACS's own change")
        t.check(DESC not in s.inform.params, "no Description in session %d" % s.number)
    t.eq(s.inform.params.get(PC), ("xsd:string", "pc1"), "the ProvisioningCode at the end")
    t.eq(watched(t, DESC), "set by the ACS", "the reported value in the state dir")
    t.eq(watched(t, PC), "pc1", "the reported ProvisioningCode in the state dir")
