# SPDX-License-Identifier: BSD-2-Clause
"""HTTPS to an ACS whose certificate (SAN IP:127.0.0.1) is signed by the CA
in ca_file, verify '1': the bootstrap session runs over TLS like over plain
HTTP (InformResponse, cookie on every later POST, an ACS request, 204), and
the daemon does not warn about verification."""

from harness import cm


def run(t):
    pki = t.pki()
    acs = t.acs(tls=pki.server_context(pki.server))
    acs.default_plan.requests = [cm.get_rpc_methods()]
    t.start(t.config(acs, acs_opts={"ca_file": pki.ca[0], "verify": "1"}))
    t.need_ip_san()

    t.check(acs.url.startswith("https://"), "ACS URL %s" % acs.url)
    check_session(t, acs)
    t.check("TLS verification is off" not in t.log_text(),
            "verification warning with verify '1'")


def check_session(t, acs):
    """The bootstrap session over TLS, as over plain HTTP."""
    s = t.session(acs, 1)
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT"], retry=0)
    t.eq([x.action for x in s.exchanges],
         ["InformResponse", "GetRPCMethods", "204"], "ACS actions")
    t.eq([m.method for _, m in s.responses], ["GetRPCMethodsResponse"], "answers")
    for x in s.exchanges:
        t.check(x.tls and x.tls.startswith("TLS"), "exchange %d not over TLS (%r)"
                % (x.seq, x.tls))
    for x in s.posts():
        t.eq(x.header("cookie"), "session=%s" % s.cookie, "Cookie on a later POST")
    t.eq(acs.tls_failures, [], "failed TLS handshakes")
