# SPDX-License-Identifier: BSD-2-Clause
"""An ACS that requires a client certificate signed by its CA. Without
client_cert/client_key the handshake fails and no Inform gets through; with
them (the same state directory, daemon restarted) the bootstrap session
completes and the ACS saw the configured certificate on every exchange."""


def run(t):
    pki = t.pki()
    acs = t.acs(tls=pki.server_context(pki.server, client_ca=pki.ca[0]))
    opts = {"ca_file": pki.ca[0], "verify": "1"}
    d = t.start(t.config(acs, acs_opts=opts))
    acs.wait_for(lambda a: a.tls_failures, t.secs(5))
    t.check(acs.tls_failures, "the ACS saw no refused handshake without a client cert")
    t.until(lambda: "session: failed" in t.log_text(), 5, "the failed session")
    t.eq(acs.sessions, [], "sessions without a client certificate")
    t.stop(d)

    t.need_ip_san()
    opts.update(client_cert=pki.client[0], client_key=pki.client[1])
    t.start(t.config(acs, acs_opts=opts))
    s = t.session(acs, 1)
    t.eq(sorted(s.inform.event_codes), ["0 BOOTSTRAP", "1 BOOT"], "events")
    for x in s.exchanges:
        subject = dict(f[0] for f in (x.peer_cert or {}).get("subject", ()))
        t.eq(subject.get("commonName"), "cwmpd-e2e CPE", "client cert on exchange %d"
             % x.seq)
