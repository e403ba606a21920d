# SPDX-License-Identifier: BSD-2-Clause
"""A change counts as reported once its Inform got an InformResponse, even
when the session fails afterwards: with Notification 2 on a PortMapping
Description, a change in the device starts a session with "4 VALUE CHANGE"
and the value; the ACS answers the Inform, then drops the connection. The
retry session carries neither the event nor the value again."""

import signal

from dmcheck import needs_data_model, set_sim, start_watching, watched
from harness import acsmod

DESC = "Device.NAT.PortMapping.1.Description"


def run(t):
    needs_data_model(t)
    acs = t.acs()
    d = start_watching(t, acs, DESC, 2, later=[acsmod.Plan(end="drop")],
                       cpe_opts={"notify_interval": "0"})

    set_sim(t, "nat", DESC, "changed once")
    d.signal(signal.SIGUSR1)
    s2 = t.session(acs, 2, timeout=8, complete=False)
    t.expect_inform(s2, ["4 VALUE CHANGE"], what="the active notification")
    t.eq(s2.inform.params.get(DESC), ("xsd:string", "changed once"), "the changed value")
    t.until(lambda: watched(t, DESC) == "changed once", 5,
            "the value reported once the InformResponse came")
    s3 = t.session(acs, 3, timeout=15, complete=False)  # session 2 never completes
    t.check("4 VALUE CHANGE" not in s3.inform.event_codes,
            "the retry repeats 4 VALUE CHANGE: %s" % s3.inform.event_codes)
    t.check(DESC not in s3.inform.params, "the retry carries the value again")
