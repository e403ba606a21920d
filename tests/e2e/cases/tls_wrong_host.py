# SPDX-License-Identifier: BSD-2-Clause
"""HTTPS to https://127.0.0.1 whose certificate, signed by the CA in ca_file,
names only DNS:acs.example.net, verify '1': the chain is trusted but the host
check fails (curl makes it after the handshake, so the ACS sees connections
closed without a request), no Inform reaches the ACS and the session is
retried. The failure names the certificate (OpenSSL: "SSL: no alternative
certificate subject name matches", mbedTLS: "Cert verify failed:
BADCERT_CN_MISMATCH")."""


def run(t):
    pki = t.pki()
    acs = t.acs(tls=pki.server_context(pki.wrong_host))
    d = t.start(t.config(acs, acs_opts={"ca_file": pki.ca[0], "verify": "1"}))

    acs.wait_for(lambda a: len(a.closed) >= 2, t.secs(6))
    t.check(len(acs.closed) >= 2, "connections from the daemon: %d" % acs.conn_count)
    t.eq(acs.exchanges, [], "HTTP requests the ACS received")
    log = t.log_text()
    failed = [ln for ln in log.splitlines() if "session: failed" in ln]
    t.check(failed and all("cert" in ln.lower() for ln in failed),
            "failed sessions in the daemon log: %r" % failed)
    t.check("agent: retry 1 in" in log, "no retry scheduled in the daemon log")
    t.stop(d)
