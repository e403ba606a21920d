# SPDX-License-Identifier: BSD-2-Clause
"""Active notification: with Notification 2 on a PortMapping Description, a
change made in the device (the sim store edited, then SIGUSR1) opens a
session with "4 VALUE CHANGE" and the new value. With notify_throttle '5'
(DefaultActiveNotificationThrottle) that session waits until 5 s after the
end of the last successful session, whatever it was for (TR-181:
"regardless of whether or not it was used for active notifications"): a
change right after the BOOTSTRAP session waits, and so does one right after
an active notification's session; one made later opens its session at
once."""

import signal
import time

from dmcheck import needs_data_model, set_sim, watched
from harness import acsmod, cm

DESC = "Device.NAT.PortMapping.1.Description"


def change(t, d, value):
    set_sim(t, "nat", DESC, value)
    d.signal(signal.SIGUSR1)


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(acsmod.Plan(requests=[cm.set_parameter_attributes([(DESC, 2, None)])]))
    d = t.start(t.config(acs, acs_opts={"notify_throttle": "5"},
                         cpe_opts={"notify_interval": "0"}))
    s1 = t.session(acs, 1)
    t.expect_inform(s1, ["0 BOOTSTRAP", "1 BOOT"])
    t.until(lambda: watched(t, DESC), 5, "the Description's value kept as reported")

    change(t, d, "first change")    # right after the BOOTSTRAP session
    s2 = t.session(acs, 2, timeout=10)
    t.expect_inform(s2, ["4 VALUE CHANGE"], what="active notification Inform")
    t.eq(s2.inform.params.get(DESC), ("xsd:string", "first change"), "the first change")
    t.within(s2.t_start - s1.exchanges[-1].t, 5 - 0.1, 5 + t.slack,
             "seconds from the end of the BOOTSTRAP session to the active notification")

    change(t, d, "second change")
    s3 = t.session(acs, 3, timeout=10)
    t.expect_inform(s3, ["4 VALUE CHANGE"], what="second active notification Inform")
    t.eq(s3.inform.params.get(DESC), ("xsd:string", "second change"), "the second change")
    t.within(s3.t_start - s2.exchanges[-1].t, 5 - 0.1, 5 + t.slack,
             "seconds from the end of a session to the next active notification")

    t.sleep(max(0, s3.exchanges[-1].t + 5.2 - time.monotonic()))  # past the throttle
    t0 = time.monotonic()
    change(t, d, "third change")
    s4 = t.session(acs, 4, timeout=5)
    t.within(s4.t_start - t0, 0, 1 + t.slack, "seconds from SIGUSR1 to the session")
    t.eq(s4.inform.params.get(DESC), ("xsd:string", "third change"), "the third change")
    t.sleep(1.5)
    t.eq(len(acs.snapshot()), 4, "sessions once the three changes are reported")
