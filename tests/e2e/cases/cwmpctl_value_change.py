# SPDX-License-Identifier: BSD-2-Clause
"""A change made with `cwmpctl set` is not the ACS's: TR-069 reports it as
"4 VALUE CHANGE" for a parameter whose notification is on. Active
(Notification 2): a session at once with the new value in the Inform.
Passive (1): the event waits for the next session (`cwmpctl events` shows
it) and the value goes along. Forced: DeviceInfo.ProvisioningCode
(forceEnabled) set locally opens a "4 VALUE CHANGE" session with the new
code, once."""

import time

from dmcheck import needs_data_model, watched
from harness import acsmod, cm

NAT = "Device.NAT.PortMapping.1.Description"
TZ = "Device.Time.LocalTimeZone"
PC = "Device.DeviceInfo.ProvisioningCode"


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[cm.set_parameter_attributes([(NAT, 2, None),
                                                                 (TZ, 1, None)])]))
    t.start(t.config(acs, cpe_opts={"notify_interval": "0"}))
    t.expect_inform(t.session(acs, 1), ["0 BOOTSTRAP", "1 BOOT"])
    t.until(lambda: watched(t, NAT) is not None and watched(t, TZ) is not None, 5,
            "both values kept as reported")

    # passive: waits
    t.eq(t.ctl("set", TZ, "UTC0").rc, 0, "set of the passive one")
    t.until(lambda: "4 VALUE CHANGE" in t.ctl("events").out, 5, "4 VALUE CHANGE queued")
    t.sleep(1)
    t.eq(len(acs.snapshot()), 1, "sessions: none for a passive change")

    # active: at once, with the passive one along
    t0 = time.monotonic()
    t.eq(t.ctl("set", NAT, "changed by the operator").rc, 0, "set of the active one")
    s = t.session(acs, 2, timeout=5)
    t.within(s.t_start - t0, 0, 2 + t.slack, "seconds from cwmpctl set to the session")
    t.expect_inform(s, ["4 VALUE CHANGE"], what="Inform after cwmpctl set")
    t.eq(s.inform.params.get(NAT), ("xsd:string", "changed by the operator"), "the active one")
    t.eq(s.inform.params.get(TZ), ("xsd:string", "UTC0"), "the passive one")
    t.sleep(0.5)
    t.eq(t.ctl("events", json_out=True).data, {"events": []}, "events after the session")

    # forced: ProvisioningCode
    t.eq(t.ctl("set", PC, "ops-1").rc, 0, "set of ProvisioningCode")
    s = t.session(acs, 3, timeout=10)
    t.expect_inform(s, ["4 VALUE CHANGE"], what="Inform after the new ProvisioningCode")
    t.eq(s.inform.params.get(PC), ("xsd:string", "ops-1"), "the new ProvisioningCode")
    t.eq(s.inform.param_order.count(PC), 1, "ProvisioningCode entries")
    t.sleep(1.5)
    t.eq(len(acs.snapshot()), 3, "sessions once every change is reported")
