# SPDX-License-Identifier: BSD-2-Clause
"""Signals and reloads under procd (bugs 7 and 10): SIGHUP and SIGUSR1 sent
from the very moment procd starts cwmpd (as a reload or an interface
trigger racing the start would) never kill it: the pid procd started stays,
and it bootstraps. Then the connection request port is changed with uci
three times, each applied by reload_config: after each, a connection
request on the new port starts a session, the old port is closed, and
the pid is still the same (the listener moved; no socket leaked into a
plugin kept the port)."""

from owrt import WAN_ADDR


def run(t):
    acs = t.acs()
    t.wan()
    t.configure(acs)
    # start, and signal whatever cwmpd process exists for a second and a half
    t.sh("/etc/init.d/cwmpd enable; /etc/init.d/cwmpd start; i=0; while [ $i -lt 150 ]; do "
         "for p in $(pidof cwmpd); do kill -HUP $p; kill -USR1 $p; done 2>/dev/null; "
         "i=$((i+1)); usleep 10000 2>/dev/null || sleep 0.01; done")
    pid = t.until(t.pid, 10, "cwmpd running")
    s = t.session(acs, 1, timeout=20)
    t.check("0 BOOTSTRAP" in s.inform.event_codes, "bootstrap: %s" % s.inform.event_codes)
    t.eq(t.pid(), pid, "the pid procd started")

    def cr_ok(url):
        try:
            return t.connection_request(url) == 200
        except OSError:
            return False

    def cr_sessions():
        return sum("6 CONNECTION REQUEST" in x.inform.event_codes for x in acs.snapshot())

    for k, port in enumerate((7548, 7600, 7547), 1):
        t.uci_batch(["set cwmpd.cpe.port=%d" % port, "commit cwmpd"])
        t.sh("reload_config")
        url = "http://%s:%d/" % (WAN_ADDR, port)
        t.until(lambda: cr_ok(url), 10, "a connection request on port %d" % port)
        t.until(lambda: cr_sessions() >= k, 10, "its session (port %d)" % port)
        t.check(not cr_ok("http://%s:%d/" % (WAN_ADDR, 7547 if port != 7547 else 7600)),
                "the old port still answers after the move to %d" % port)
        t.eq(t.pid(), pid, "pid after the move to port %d" % port)
