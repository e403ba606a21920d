# SPDX-License-Identifier: BSD-2-Clause
"""The forced-inform parameters notify by default: a new
ConnectionRequestURL (another port after SIGHUP; forceDefaultEnabled, so
active) opens a "4 VALUE CHANGE" session at once, and a new SoftwareVersion
(forceEnabled; the sim identity edited while the daemon is down, as a
firmware upgrade would) is reported with "4 VALUE CHANGE" in the BOOT Inform
itself. Each appears once in the ParameterList."""

import os

from dmcheck import needs_data_model
from harness import free_port

CRURL = "Device.ManagementServer.ConnectionRequestURL"
SW = "Device.DeviceInfo.SoftwareVersion"


def names(s):
    return s.inform.param_order


def run(t):
    needs_data_model(t)
    acs = t.acs()
    d = t.start(t.config(acs))
    t.expect_inform(t.session(acs, 1), ["0 BOOTSTRAP", "1 BOOT"])
    t.sleep(0.5)

    port = free_port()
    t.config(acs, cpe_opts={"port": str(port)})
    d.hup()
    s = t.session(acs, 2, timeout=5)
    t.expect_inform(s, ["4 VALUE CHANGE"], what="Inform after the new port")
    t.eq(s.inform.params.get(CRURL), ("xsd:string", "http://127.0.0.1:%d/" % port),
         "the new ConnectionRequestURL")
    t.eq(names(s).count(CRURL), 1, "ConnectionRequestURL entries")

    t.stop(d)
    ident = os.path.join(t.state_dir, "sim", "identity")
    with open(ident) as f:
        text = f.read()
    t.check(SW + "\t1.0.0" in text, "the sim identity holds SoftwareVersion 1.0.0")
    t.write(ident, text.replace(SW + "\t1.0.0", SW + "\t2.0.0"))
    d = t.start()
    s = t.session(acs, 3)
    t.expect_inform(s, ["1 BOOT", "4 VALUE CHANGE"], what="BOOT Inform after the upgrade")
    t.eq(s.inform.params.get(SW), ("xsd:string", "2.0.0"), "the new SoftwareVersion")
    t.eq(names(s).count(SW), 1, "SoftwareVersion entries")
    t.sleep(1.5)
    t.eq(len(acs.snapshot()), 3, "sessions once the new version is reported")
