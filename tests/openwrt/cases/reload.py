# SPDX-License-Identifier: BSD-2-Clause
"""A config change reaches the running cwmpd without a restart, both ways
OpenWrt has: `uci commit cwmpd` + `reload_config` (procd's config
trigger), and rpcd's `ubus call uci commit` (what LuCI does). The pid stays
the same; a new periodic interval takes effect (2 PERIODIC informs every
2 s), then a new ACS URL makes it bootstrap with the new ACS."""


def run(t):
    acs = t.acs()
    t.setup(acs)
    t.session(acs, 1, timeout=20)
    pid = t.pid()
    t.uci_batch(["set cwmpd.acs.periodic_enable=1", "set cwmpd.acs.periodic_interval=2",
                 "commit cwmpd"])
    t.sh("reload_config")
    s = t.session(acs, 2, timeout=10)
    t.eq(s.inform.event_codes, ["2 PERIODIC"], "events after reload_config")
    t.eq(t.pid(), pid, "pid after reload_config")

    acs2 = t.acs()
    t.uci_batch(["set cwmpd.acs.url=" + acs2.url, "set cwmpd.acs.periodic_enable=0"])
    t.sh("ubus call uci commit '{\"config\":\"cwmpd\"}'")
    s = t.session(acs2, 1, timeout=15)
    t.check("0 BOOTSTRAP" in s.inform.event_codes,
            "the new ACS gets 0 BOOTSTRAP: %s" % s.inform.event_codes)
    t.eq(t.pid(), pid, "pid after ubus call uci commit")
