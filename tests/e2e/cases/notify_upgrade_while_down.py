# SPDX-License-Identifier: BSD-2-Clause
"""SoftwareVersion changes while the daemon is down, with a ManagementServer
parameter watched too: the BOOT Inform carries "4 VALUE CHANGE" (the
entries read back from state_dir/notified keep their source and are not
swept before the identity is known)."""

import os

from dmcheck import needs_data_model
from harness import acsmod, cm

SW = "Device.DeviceInfo.SoftwareVersion"
PI = "Device.ManagementServer.PeriodicInformInterval"


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[cm.set_parameter_attributes([(PI, 1, None)])]))
    d = t.start(t.config(acs))
    t.expect_inform(t.session(acs, 1), ["0 BOOTSTRAP", "1 BOOT"])
    t.sleep(1.5)
    t.stop(d)
    ident = os.path.join(t.state_dir, "sim", "identity")
    text = open(ident).read()
    t.write(ident, text.replace(SW + "\t1.0.0", SW + "\t2.0.0"))
    t.start()
    s = t.session(acs, 2)
    t.expect_inform(s, ["1 BOOT", "4 VALUE CHANGE"], what="BOOT Inform after the upgrade")
    t.eq(s.inform.params.get(SW, (None, None))[1], "2.0.0", "SoftwareVersion")
