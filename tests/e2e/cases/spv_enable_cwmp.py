# SPDX-License-Identifier: BSD-2-Clause
"""EnableCWMP set to false by the ACS: written to the config (acs.enable
'0'); after a restart the daemon queues its BOOT but opens no session;
once the config enables CWMP again (SIGHUP), the waiting events go out."""

from dmcheck import needs_data_model, status
from harness import cm

EN = "Device.ManagementServer.EnableCWMP"


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.default_plan.requests = [cm.set_parameter_values([(EN, "0", "xsd:boolean")], key="off")]
    d = t.start(t.config(acs))
    s = t.session(acs, 1, timeout=20)
    t.eq(status(s.responses[0][1]), "0", "Status of the SPV")
    t.check("option enable '0'" in open(d.conf).read(), "acs.enable '0' in the config")

    acs.default_plan.requests = []
    d = t.restart(d)
    t.sleep(3)
    t.eq(len(acs.sessions), 1, "sessions while CWMP is disabled")

    text = open(d.conf).read().replace("option enable '0'", "option enable '1'")
    t.write(d.conf, text)
    d.hup()
    s = t.session(acs, 2, timeout=20)
    codes = s.inform.event_codes
    # ConnectionRequestURL was "" while CWMP was off: a 4 VALUE CHANGE may
    # come with the BOOT.
    t.check("1 BOOT" in codes and set(codes) <= {"1 BOOT", "4 VALUE CHANGE"},
            "events once enabled again: %s" % codes)
