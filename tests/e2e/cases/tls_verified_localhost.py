# SPDX-License-Identifier: BSD-2-Clause
"""HTTPS with verification to an ACS named by host name: the URL says
https://localhost:PORT/ and the certificate, signed by the CA in ca_file,
names DNS:localhost. This is the verified path on every TLS library the
daemon's libcurl may use, mbedTLS 2.x included (OpenWrt 23.05's), which
cannot match the IP address the other TLS cases use: the session runs
over TLS with its cookie, and nothing failed a handshake."""

import os
import sys

from harness import cm

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tls_verified import check_session  # noqa: E402


def run(t):
    pki = t.pki()
    acs = t.acs(tls=pki.server_context(pki.server))
    acs.default_plan.requests = [cm.get_rpc_methods()]
    url = acs.url.replace("://127.0.0.1:", "://localhost:")
    t.check(url.startswith("https://localhost:"), "ACS URL %s" % url)
    t.start(t.config(acs, url=url, acs_opts={"ca_file": pki.ca[0], "verify": "1"}))
    t.note("TLS library: %s" % t.tls_library())
    check_session(t, acs)
