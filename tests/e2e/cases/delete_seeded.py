# SPDX-License-Identifier: BSD-2-Clause
"""An instance the platform made (not by AddObject) is deleted by the ACS:
its number is never given out again, in the same session or after a
restart."""

from dmcheck import instance_number, needs_data_model
from harness import cm

TABLE = "Device.NAT.PortMapping."


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.default_plan.requests = [cm.delete_object(TABLE + "1.", key="d"),
                                 cm.add_object(TABLE, key="a")]
    d = t.start(t.config(acs))
    s = t.session(acs, 1, timeout=20)
    t.eq(s.responses[0][1].method, "DeleteObjectResponse", "deleting the seeded instance 1")
    n = instance_number(s.responses[1][1])
    t.check(n is not None and n > 1, "AddObject after deleting 1 gave %s" % n)
    acs.default_plan.requests = [cm.delete_object("%s%d." % (TABLE, n), key="d2"),
                                 cm.add_object(TABLE, key="a2")]
    t.restart(d)
    s = t.session(acs, 2, timeout=20)
    m = instance_number(s.responses[1][1])
    t.check(m is not None and m > n, "AddObject after a restart gave %s (had %s)" % (m, n))
