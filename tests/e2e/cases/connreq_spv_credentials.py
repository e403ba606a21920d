# SPDX-License-Identifier: BSD-2-Clause
"""The ACS sets the connection request credentials by SetParameterValues in
its bootstrap session, as GenieACS's default "inform" preset does, and
uses them right after: the daemon reloads its config when that session
ends, the new credentials work at once (a session with "6 CONNECTION
REQUEST" within about 2 s: GenieACS waits only about 4 s) and the old ones
get 401. Then the ACS turns HTTPConnectionRequestEnable off: the port is
closed after the session; SIGHUP with it back on opens it again."""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import connreq_auth as cr  # noqa: E402
from dmcheck import values  # noqa: E402
from harness import acsmod, cm  # noqa: E402

MS = "Device.ManagementServer."
NEW_USER, NEW_PASSWORD = "genieacs-cr", "n3w-pa55word"


def refused(port):
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return False
    except OSError:
        return True


def run(t):
    cr.skip_fakecpe(t)
    acs = t.acs()
    acs.default_plan.requests = [
        cm.set_parameter_values([(MS + "ConnectionRequestUsername", NEW_USER, "xsd:string"),
                                 (MS + "ConnectionRequestPassword", NEW_PASSWORD,
                                  "xsd:string")]),
    ]
    d = t.start(t.config(acs, cpe_opts={"username": cr.USER, "password": cr.PASSWORD}))
    t.session(acs, 1)
    t.until(lambda: "configuration reloaded" in t.log_text(), 2,
            "the config reloaded right after the session")
    acs.default_plan.requests = []
    port = t.cr_port

    t0 = time.monotonic()
    r, _ = cr.connection_request(port, NEW_USER, NEW_PASSWORD)
    t.eq(r.status, 200, "new credentials after the SPV session")
    cr.expect_cr_session(t, acs, 2, t0)
    r, _ = cr.connection_request(port, cr.USER, cr.PASSWORD)
    t.eq(r.status, 401, "the old credentials")
    conf = open(d.conf).read()
    t.check("option username '%s'" % NEW_USER in conf, "username in the config:\n" + conf)

    # HTTPConnectionRequestEnable false: the port closes after the session.
    # Only that session sets it: the one ConnectionRequestURL's change
    # starts next (4 VALUE CHANGE) must not set it again.
    acs.queue(acsmod.Plan(requests=[
        cm.set_parameter_values([(MS + "HTTPConnectionRequestEnable", "false",
                                  "xsd:boolean")]),
        cm.get_parameter_values([MS + "HTTPConnectionRequestEnable"]),
    ]))
    r, _ = cr.connection_request(port, NEW_USER, NEW_PASSWORD)
    t.eq(r.status, 200, "a request to have the ACS turn it off")
    s = t.session(acs, 3)
    t.eq(s.responses[0][1].method, "SetParameterValuesResponse", "answer to the SPV")
    _, got = values(s.responses[1][1])
    t.eq(got.get(MS + "HTTPConnectionRequestEnable", (None, None))[1], "false",
         "HTTPConnectionRequestEnable read back")
    t.until(lambda: refused(port), 3, "the CR port closed")
    t.check("option cr_enable '0'" in open(d.conf).read(), "cr_enable in the config")

    t.config(acs, cpe_opts={"username": NEW_USER, "password": NEW_PASSWORD,
                            "cr_enable": "1"})
    d.hup()
    t.until(lambda: not refused(port), 3, "the CR port open again after SIGHUP")
    r, _ = cr.connection_request(port, NEW_USER, NEW_PASSWORD)
    t.eq(r.status, 200, "a request after SIGHUP")
    t.session(acs, 4)
    t.check(d.alive(), "daemon alive")
