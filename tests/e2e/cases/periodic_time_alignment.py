# SPDX-License-Identifier: BSD-2-Clause
"""PeriodicInformTime: periodic informs fall on periodic_time + k * interval,
not on start-up + k * interval. The reference time is in the past and chosen
so that the aligned ticks are about half an interval away from where
start-up-relative ticks would be; the Inform's CurrentTime is the real time."""

import math
import time

from harness import iso, parse_iso

INTERVAL = 6


def run(t):
    acs = t.acs()
    now = time.time()
    first_tick = math.ceil(now) + 3                 # start-up + 3..4 s
    reference = first_tick - 100 * INTERVAL         # long ago, same phase
    t.start(t.config(acs, acs_opts={
        "periodic_enable": "1", "periodic_interval": str(INTERVAL),
        "periodic_time": iso(reference)}))

    t.expect_inform(t.session(acs, 1), ["0 BOOTSTRAP", "1 BOOT"])
    # Up to 1 s late is second-granular timing (time(NULL)); a little more
    # for the session set-up, more under valgrind.
    tolerance = 1.3 if t.env.scale == 1 else 1.8
    for n in (2, 3):
        s = t.session(acs, n, timeout=INTERVAL + 4)
        t.expect_inform(s, ["2 PERIODIC"], what="periodic Inform")
        phase = (s.wall_start - reference) % INTERVAL
        if phase > INTERVAL - 0.3:
            phase -= INTERVAL                        # a hair early is fine
        t.within(phase, -0.3, tolerance,
                 "periodic Inform #%d: seconds after an aligned tick" % (n - 1))
        sent = parse_iso(s.inform.current_time)
        t.within(sent - s.wall_start, -1.5, 1.5,
                 "CurrentTime %s minus arrival time" % s.inform.current_time)
