# SPDX-License-Identifier: BSD-2-Clause
"""The init script starts cwmpd only when it can work: not with the
shipped placeholder ACS URL, not with acs.enable 0, not with an option
validate_data refuses (each says why on stderr); and a config that cwmpd
itself refuses (exit 2) is not restarted by procd forever: at most 5
times, then procd gives up (bug 13)."""


def not_started(t, what):
    rc, out = t.box.run("/etc/init.d/cwmpd start")
    t.check(t.pid() is None, "%s: cwmpd started (%s)" % (what, out.strip()))
    return out


def run(t):
    acs = t.acs()
    t.wan()
    t.allow_down = True
    t.sh("/etc/init.d/cwmpd enable")
    out = not_started(t, "placeholder URL")
    t.check("ACS URL" in out, "says why (placeholder URL): %r" % out)

    t.configure(acs, acs_opts={"enable": "0"})
    not_started(t, "acs.enable 0")

    t.configure(acs, acs_opts={"enable": "1"}, cpe_opts={"port": "abc"})
    out = not_started(t, "port abc")
    t.check("invalid" in out, "says why (port abc): %r" % out)

    # validate_data knows no option cwmpd checks more closely: cwmpd exits 2
    t.configure(acs, cpe_opts={"port": "7547", "retry_multiplier": "5"})
    t.uci_batch(["set cwmpd.acs.retry_multiplier=5", "commit cwmpd"])
    t.sh("/etc/init.d/cwmpd start")
    t.sleep(40)
    starts = t.logread().count("cwmpd: /etc/config/cwmpd")
    t.check(1 <= starts <= 6, "cwmpd refused its config %d times (procd's limit: 5 "
            "respawns)" % starts)
    t.check(t.pid() is None, "procd gave up")
    t.eq(len(acs.sessions), 0, "sessions")
