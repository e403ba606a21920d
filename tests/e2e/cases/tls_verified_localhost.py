# SPDX-License-Identifier: BSD-2-Clause
"""HTTPS with verification to an ACS named by host name: the URL says
https://localhost:PORT/ and the certificate, signed by the CA in ca_file,
names DNS:localhost. This is the verified path on every TLS library the
daemon's libcurl may use, mbedTLS 2.x included (OpenWrt 23.05's), which
cannot match the IP address the other TLS cases use: the session runs
over TLS with its cookie, and nothing failed a handshake."""

from harness import cm


def run(t):
    pki = t.pki()
    acs = t.acs(tls=pki.server_context(pki.server))
    acs.default_plan.requests = [cm.get_rpc_methods()]
    url = acs.url.replace("://127.0.0.1:", "://localhost:")
    t.check(url.startswith("https://localhost:"), "ACS URL %s" % url)
    t.start(t.config(acs, url=url, acs_opts={"ca_file": pki.ca[0], "verify": "1"}))
    t.note("TLS library: %s" % t.tls_library())

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
