# SPDX-License-Identifier: BSD-2-Clause
"""cwmpctl as the package installs it, against the cwmpd procd started:
the control socket at its default path (/var/run/cwmpd.sock, root's, mode
0600), `cwmpctl status` with the ACS URL, the last session and the
ConnectionRequestURL on the WAN's address (text and JSON), `cwmpctl get
Device.DeviceInfo.SoftwareVersion` giving what the Inform said, and a
`cwmpctl set` that reaches uci through the real plugin."""

import json

from owrt import WAN_ADDR

SW = "Device.DeviceInfo.SoftwareVersion"
TZ = "Device.Time.LocalTimeZone"


def run(t):
    acs = t.acs()
    t.setup(acs)
    s = t.session(acs, 1, timeout=20)
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT"])
    t.sleep(0.5)

    ls = t.sh("ls -ln /var/run/cwmpd.sock").split()
    t.eq((ls[0], ls[2]), ("srw-------", "0"), "the control socket's mode and owner")

    out = t.sh("cwmpctl status")
    lines = {x[:22].strip(): x[22:] for x in out.splitlines()}
    t.eq(lines.get("ACS URL"), acs.url, "status: ACS URL")
    t.check(lines.get("last session", "").endswith(": ok"),
            "status: last session: %r" % lines.get("last session"))
    t.eq(lines.get("ConnectionRequestURL"), "http://%s:7547/" % WAN_ADDR,
         "status: ConnectionRequestURL")
    d = json.loads(t.sh("cwmpctl --json status"))
    t.eq((d["acs_url"], d["session"]["last_result"], d["connection_request_url"]),
         (acs.url, "ok", "http://%s:7547/" % WAN_ADDR), "--json status")
    t.eq(t.sh("cwmpctl --json status | jsonfilter -e @.session.last_result"), "ok\n",
         "--json status through jsonfilter (the README's example)")

    sw = s.inform.params.get(SW, (None, None))[1]
    t.check(sw, "SoftwareVersion in the Inform")
    t.eq(t.sh("cwmpctl get " + SW), "%s\t%s\n" % (SW, sw), "cwmpctl get " + SW)

    t.eq(t.sh("cwmpctl set %s UTC0" % TZ), "ok\n", "cwmpctl set " + TZ)
    t.eq(t.uci_get("system.@system[0].timezone"), "UTC0", "the timezone in uci")
    t.eq(t.sh("cwmpctl get " + TZ), "%s\tUTC0\n" % TZ, "cwmpctl get " + TZ)
