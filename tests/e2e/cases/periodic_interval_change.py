# SPDX-License-Identifier: BSD-2-Clause
"""PeriodicInformInterval changed by the ACS mid-session (TR-181
ManagementServer.PeriodicInformInterval: informs at PeriodicInformTime +
n * interval; the new value takes effect after the session): with an
interval of an hour already armed, the ACS sets 2 s in the BOOTSTRAP
session and "2 PERIODIC" sessions follow every 2 s, not after the old
hour-long tick."""

from dmcheck import needs_data_model
from harness import acsmod, cm

PII = "Device.ManagementServer.PeriodicInformInterval"


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[
        cm.set_parameter_values([(PII, "2", "xsd:unsignedInt")])]))
    t.start(t.config(acs, acs_opts={"periodic_enable": "1", "periodic_interval": "3600"}))

    s = t.session(acs, 1)
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT"])
    t.eq([m.method for _, m in s.responses], ["SetParameterValuesResponse"], "answers")
    p1 = t.session(acs, 2, timeout=6)
    p2 = t.session(acs, 3, timeout=6)
    for p in (p1, p2):
        t.expect_inform(p, ["2 PERIODIC"], what="periodic Inform at the new interval")
    t.within(p2.t_start - p1.t_start, 1.5, 2.5 + t.slack, "seconds between periodic informs")
