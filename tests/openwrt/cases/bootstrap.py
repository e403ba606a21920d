# SPDX-License-Identifier: BSD-2-Clause
"""The package as an operator installs it: configured with uci, enabled and
started by /etc/init.d/cwmpd, cwmpd bootstraps with the ACS under procd
(0 BOOTSTRAP, 1 BOOT), informs a ConnectionRequestURL on the WAN's address
(the logical interface `wan`, whose device is veth1: bug 1), and a
connection request to that URL starts a session (6 CONNECTION REQUEST)."""

import time

from owrt import WAN_ADDR

CRU = "Device.ManagementServer.ConnectionRequestURL"


def run(t):
    acs = t.acs()
    t.setup(acs)
    s = t.session(acs, 1, timeout=20)
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT"])
    url = s.inform.params.get(CRU, (None, ""))[1]
    t.eq(url, "http://%s:7547/" % WAN_ADDR, CRU + " in the Inform")
    t0 = time.monotonic()
    t.eq(t.connection_request(url), 200, "connection request to " + url)
    s2 = t.session(acs, 2, timeout=10)
    t.eq(s2.inform.event_codes, ["6 CONNECTION REQUEST"], "events of the second session")
    t.check(s2.t_start - t0 < t.secs(3), "session %.1f s after the request"
            % (s2.t_start - t0))
