# SPDX-License-Identifier: BSD-2-Clause
"""XMPP without xmpp.server: the server comes from the domain's DNS SRV
records (_xmpp-client._tcp), looked up by a child process: libstrophe's
own lookup held the loop for as long as the DNS server took. A scripted
DNS server (dnssrv.py: cwmpd runs in a mount namespace whose resolv.conf
names it, so no query leaves the machine) answers with a record whose
target is a name and whose port is prosody's (xmpp.port stays 5222: only
the record can give the port); cwmpd asks for the record, then the
target's address, and logs in. While the DNS server holds an SRV answer
back for 4 s (a reconnection after SIGHUP) a connection request is
answered at once: the loop is not waiting. Without SRV records it connects to the
domain's own address at xmpp.port (RFC 6120 3.2.2); a target of "." (the
domain has no XMPP service) is ServerNotPresent with nothing tried."""

import os
import sys
import time

from dnssrv import A, SRV, FakeDns, a, srv
from harness import CaseSkip, uci_section
import xmppsrv

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from connreq_auth import PASSWORD, USER, connection_request, skip_fakecpe  # noqa: E402

CPE_PASS = "cpe-srv-pw-2231"
NAME = "_xmpp-client._tcp." + xmppsrv.DOMAIN
TARGET = "chat." + xmppsrv.DOMAIN


def config(t, acs, port, ca, keepalive=60):
    path = t.config(acs, cpe_opts={"username": USER, "password": PASSWORD})
    t.write(path, open(path).read() + "\n" + uci_section("xmpp", "xmpp", {
        "enable": "1", "username": "cpe", "password": CPE_PASS, "domain": xmppsrv.DOMAIN,
        "resource": "cwmpd", "port": str(port), "ca_file": ca, "retry_initial": "60",
        "keepalive": str(keepalive)}))
    return path


def logins(t):
    return t.log_text().count("xmpp: logged in as cpe@%s/cwmpd (TLS)" % xmppsrv.DOMAIN)


def run(t):
    skip_fakecpe(t)
    with open(t.env.cwmpd, "rb") as f:
        if b"urn:broadband-forum-org:cwmp:xmppConnReq-1-0" not in f.read():
            raise CaseSkip("cwmpd was built without XMPP")
    dns = FakeDns(t)
    srv_ = xmppsrv.Prosody(t)
    try:
        srv_.register("cpe", CPE_PASS)
        srv_.start()
        scenario(t, dns, srv_)
    finally:
        srv_.stop()
        dns.close()


def scenario(t, dns, prosody):
    acs = t.acs()
    # An SRV record: its target and port.
    dns.records = {(NAME, SRV): [srv(0, 0, prosody.port, TARGET)],
                   (TARGET, A): [a("127.0.0.1")]}
    d = t.start(config(t, acs, 5222, prosody.ca), wrap=dns.wrap())
    t.until(lambda: logins(t) == 1, 20, "cwmpd to log in through the SRV record")
    t.check((NAME, SRV) in dns.queries and (TARGET, A) in dns.queries,
            "the SRV record, then its target asked for: %r" % dns.queries)
    t.check("xmpp: %s is 127.0.0.1 port %d" % (xmppsrv.DOMAIN, prosody.port) in t.log_text(),
            "the record's port used")
    t.session(acs, 1)

    # A slow DNS server: a new connection's lookup waits, the loop does not.
    dns.delay[(NAME, SRV)] = 4
    config(t, acs, 5222, prosody.ca, keepalive=61)    # new settings: a new connection
    d.hup()
    t.until(lambda: dns.queries.count((NAME, SRV)) == 2, 10, "the SRV record asked for again")
    t0 = time.monotonic()
    r, _ = connection_request(t.cr_port, alg="SHA-256")
    t.eq(r.status, 200, "a connection request while the lookup waits")
    t.within(time.monotonic() - t0, 0, 1 + t.slack, "seconds for its answer")
    t.until(lambda: logins(t) == 2, 20, "cwmpd to log in once the answer came")
    dns.delay.clear()
    t.stop(d)

    # No SRV record: the domain itself at xmpp.port.
    dns.queries.clear()
    dns.records = {(xmppsrv.DOMAIN, A): [a("127.0.0.1")]}
    d = t.start(config(t, acs, prosody.port, prosody.ca), wrap=dns.wrap())
    t.until(lambda: logins(t) == 3, 20, "cwmpd to log in to the domain's address")
    t.check((NAME, SRV) in dns.queries and (xmppsrv.DOMAIN, A) in dns.queries,
            "the SRV record asked for, then the domain: %r" % dns.queries)
    t.stop(d)

    # A target of ".": no XMPP service at this domain.
    dns.queries.clear()
    dns.records = {(NAME, SRV): [srv(0, 0, 0, ".")], (xmppsrv.DOMAIN, A): [a("127.0.0.1")]}
    d = t.start(config(t, acs, prosody.port, prosody.ca), wrap=dns.wrap())
    t.until(lambda: "no such name or service" in t.log_text(), 20, "the lookup to fail")
    t.sleep(1)
    t.eq(logins(t), 3, "logins after a target of \".\"")
    t.check((xmppsrv.DOMAIN, A) not in dns.queries, "the domain not tried: %r" % dns.queries)
    t.stop(d)
