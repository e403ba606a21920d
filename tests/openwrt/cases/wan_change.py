# SPDX-License-Identifier: BSD-2-Clause
"""The ConnectionRequestURL follows the WAN (bug 1): a new wan address set
with uci and applied by netifd, and `ubus call network.interface.wan
down` / `up`, reach cwmpd through its init script's procd interface
trigger (no hotplug script); each change is informed at once with
4 VALUE CHANGE (ConnectionRequestURL is always actively notified), and a
connection request to the new URL starts a session."""

import time

from owrt import WAN_ADDR

CRU = "Device.ManagementServer.ConnectionRequestURL"
NEW_ADDR = "198.51.100.3"


def cru(s):
    return s.inform.params.get(CRU, (None, None))[1]


def expect_change(t, acs, n, url, what):
    s = t.session(acs, n, timeout=15)
    t.check("4 VALUE CHANGE" in s.inform.event_codes,
            "%s: session %d events %s" % (what, n, s.inform.event_codes))
    t.eq(cru(s), url, "%s: %s informed" % (what, CRU))
    return s


def run(t):
    acs = t.acs()
    t.setup(acs)
    s = t.session(acs, 1, timeout=20)
    t.eq(cru(s), "http://%s:7547/" % WAN_ADDR, CRU + " at bootstrap")

    t.uci_batch(["set network.wan.ipaddr=" + NEW_ADDR, "commit network"])
    t.sh("reload_config")
    expect_change(t, acs, 2, "http://%s:7547/" % NEW_ADDR, "new wan address")
    t0 = time.monotonic()
    t.eq(t.connection_request("http://%s:7547/" % NEW_ADDR), 200,
         "connection request on the new address")
    s = t.session(acs, 3, timeout=10)
    t.eq(s.inform.event_codes, ["6 CONNECTION REQUEST"], "session after the request")
    t.check(s.t_start - t0 < t.secs(3), "session %.1f s after the request" % (s.t_start - t0))

    t.sh("ubus call network.interface.wan down")
    expect_change(t, acs, 4, "", "wan down")
    t.sh("ubus call network.interface.wan up")
    expect_change(t, acs, 5, "http://%s:7547/" % NEW_ADDR, "wan up again")
