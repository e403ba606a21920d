# SPDX-License-Identifier: BSD-2-Clause
"""cwmpd's lines in logread (logd), as the init script runs it under procd
(`cwmpd -f -s`: syslog with each line's own priority, bug 6): a notice
(the Inform) as daemon.notice, a warning (an unknown option after
`reload_config`) as daemon.warn, debug and info lines at theirs, no line
at daemon.err (nothing went through procd's stderr forwarding), every
line tagged cwmpd[PID] with procd's pid for it and no time stamp of its
own after the tag; and no secret in any line of the log at debug level:
the ACS password (Digest to the ACS), the connection request password,
nor a new one the ACS sets (SetParameterValues, logged at debug with its
SOAP body)."""

import re

from harness import cm
from owrt import CR_PASS

ACS_USER, ACS_PASS = "cpe-acs", "acs-secret-93"
NEW_CR_PASS = "cr-new-secret-44"
LINE = re.compile(r"^\w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} daemon\.(\w+) cwmpd\[(\d+)\]: (.*)$")
STAMP = re.compile(r"^(\w{3} [ \d]\d \d\d:\d\d:\d\d|\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\[?\d+\.\d+\]?) ")


def run(t):
    acs = t.acs()
    acs.default_plan.auth = "digest"
    acs.default_plan.username, acs.default_plan.password = ACS_USER, ACS_PASS
    t.setup(acs, acs_opts={"username": ACS_USER, "password": ACS_PASS})
    t.session(acs, 1, timeout=20)
    pid = t.pid()
    s = t.ask(acs, 2, [cm.set_parameter_values([
        ("Device.ManagementServer.ConnectionRequestPassword", NEW_CR_PASS, "xsd:string"),
        ("Device.ManagementServer.Password", ACS_PASS, "xsd:string")], key="pw")])
    t.eq(s.responses[0][1].method, "SetParameterValuesResponse", "SPV of the passwords")
    t.uci_batch(["set cwmpd.acs.bogus_option=1", "commit cwmpd"])
    t.sh("reload_config")
    t.until(lambda: "bogus_option" in t.logread(), 10, "the reload's warning in logread")
    t.eq(t.pid(), pid, "pid after the reload")

    log = t.logread()
    # daemon.*: the host's libcurl (Debian's, linked into the userland)
    # brings libsasl2, which logs as auth.debug under the process's tag.
    ours = [x for x in log.splitlines() if " daemon." in x and " cwmpd[" in x]
    mine = [LINE.match(x) for x in ours]
    t.check(mine and all(mine), "lines of cwmpd logread does not parse: %s" % [
        x for x in ours if not LINE.match(x)][:3])
    by = {}
    for m in mine:
        by.setdefault(m.group(1), []).append(m.group(3))
        t.eq(int(m.group(2)), pid, "the pid of %r" % m.group(0))
        t.check(not STAMP.match(m.group(3)), "a second time stamp: %r" % m.group(0))
    t.check(any(x.startswith("session: Inform to ") for x in by.get("notice", [])),
            "no Inform line at daemon.notice: %s" % by.get("notice", [])[:5])
    t.check(any("unknown option 'bogus_option'" in x for x in by.get("warn", [])),
            "no unknown-option warning at daemon.warn: %s" % by.get("warn", [])[:5])
    t.check(by.get("debug") and by.get("info"), "no debug or info lines: %s" % sorted(by))
    t.eq(by.get("err", []), [], "cwmpd lines at daemon.err")
    for secret in (ACS_PASS, CR_PASS, NEW_CR_PASS):
        t.check(secret not in log, "a password in logread: %s" % [
            x for x in log.splitlines() if secret in x][:2])
