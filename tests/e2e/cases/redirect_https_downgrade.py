# SPDX-License-Identifier: BSD-2-Clause
"""A session that starts on https stays on https (issue 13, 4): an https
ACS answering the Inform with 307 to a plain http URL does not get the
Inform, the empty POST or any answer sent in clear there; the session
fails (and is retried on https), the plain http server sees nothing. A
307 to another https path is still followed."""

from harness import acsmod


def run(t):
    pki = t.pki()
    plain = t.acs()
    acs = t.acs(tls=pki.server_context(pki.server))
    acs.queue(acsmod.Plan(redirects=[(307, plain.url)]),
              acsmod.Plan(redirects=[(307, "/moved/acs")]))
    t.start(t.config(acs, acs_opts={"ca_file": pki.ca[0], "verify": "1"}))
    t.need_ip_san()
    s = t.session(acs, 1, timeout=15)         # the first to complete: the retry
    t.check(acs.snapshot()[0].state != "complete", "the session sent to plain http went on")
    t.eq(sorted({x.path for x in s.exchanges[1:]}), ["/moved/acs"],
         "the retry follows an https redirect")
    t.eq(len(plain.exchanges), 0, "requests the plain http server got")
    t.check("Protocol" in t.log_text() or "redirect" in t.log_text().lower(),
            "the refused redirect is logged")
