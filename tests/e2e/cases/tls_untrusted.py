# SPDX-License-Identifier: BSD-2-Clause
"""HTTPS to an ACS presenting a self-signed certificate unrelated to the CA
in ca_file, verify '1': the daemon refuses the handshake, so no Inform ever
reaches the ACS; it logs a failed session and schedules a retry (which fails
the same way), stays alive, and exits 0 on SIGTERM. libcurl with OpenSSL
aborts the handshake; with mbedTLS it lets the handshake end and checks
the certificate after it (MBEDTLS_SSL_VERIFY_OPTIONAL), then closes the
connection without a request."""


def run(t):
    pki = t.pki()
    acs = t.acs(tls=pki.server_context(pki.rogue))
    d = t.start(t.config(acs, acs_opts={"ca_file": pki.ca[0], "verify": "1"}))

    # retry_min_wait 1, multiplier 2000: the retry comes within [1, 2] s.
    if t.tls_library().startswith("mbedTLS/"):
        acs.wait_for(lambda a: len(a.closed) >= 2, t.secs(6))
        t.check(len(acs.closed) >= 2, "connections from the daemon: %d" % acs.conn_count)
    else:
        acs.wait_for(lambda a: len(a.tls_failures) >= 2, t.secs(6))
        t.check(len(acs.tls_failures) >= 2, "refused handshakes seen by the ACS: %r"
                % acs.tls_failures)
    t.eq(acs.exchanges, [], "HTTP requests the ACS received")
    t.eq(acs.sessions, [], "sessions")
    log = t.log_text()
    failed = [ln for ln in log.splitlines() if "session: failed" in ln]
    t.check(failed and all("cert" in ln.lower() for ln in failed),
            "failed sessions in the daemon log: %r" % failed)
    t.check("agent: retry 1 in" in log, "no retry scheduled in the daemon log")
    t.check(d.alive(), "daemon died")
    t.stop(d)
