# SPDX-License-Identifier: BSD-2-Clause
"""An XMPP server that stalls the TLS handshake does not stall cwmpd: the
server (a stand-in in this case) offers STARTTLS, answers <proceed/> and
then says nothing, so libstrophe's handshake would wait for it for ever
without returning to the loop. xmpp.server is a host name here
(localhost), looked up off the loop before libstrophe connects. cwmpd's watchdog cuts the call short after
10 s (the connection is dropped and tried again later), and meanwhile-
queued work goes on: a connection request sent during the stall is
answered and starts its session once the watchdog has fired, and the log
says what happened."""

import os
import socket
import sys
import threading
import time

from harness import CaseSkip, uci_section

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from connreq_auth import PASSWORD, USER, connection_request, skip_fakecpe  # noqa: E402

STREAM = ("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
          "xmlns:stream='http://etherx.jabber.org/streams' id='s1' from='example.net' "
          "version='1.0'><stream:features><starttls "
          "xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
          "</stream:features>")
PROCEED = "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"


class StallServer:
    """Accepts, speaks until <proceed/>, then holds each connection open
    and silent."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.port = self.sock.getsockname()[1]
        self.socks = [self.sock]
        try:            # "localhost" may be ::1 first where IPv6 is configured
            s6 = socket.socket(socket.AF_INET6)
            s6.bind(("::1", self.port))
            s6.listen(4)
            self.socks.append(s6)
        except OSError:
            pass
        self.proceeded = threading.Event()
        self.held = []
        for s in self.socks:
            threading.Thread(target=self.serve, args=(s,), daemon=True).start()

    def serve(self, sock):
        while True:
            try:
                c, _ = sock.accept()
            except OSError:
                return
            self.held.append(c)
            threading.Thread(target=self.talk, args=(c,), daemon=True).start()

    def talk(self, c):
        buf = b""
        try:
            while b"<stream:stream" not in buf:
                buf += c.recv(4096) or b"x" * 0
            c.sendall(STREAM.encode())
            while b"<starttls" not in buf:
                d = c.recv(4096)
                if not d:
                    return
                buf += d
            c.sendall(PROCEED.encode())
            self.proceeded.set()
        except OSError:
            pass

    def close(self):
        for s in self.socks:
            s.close()
        for c in self.held:
            c.close()


def run(t):
    skip_fakecpe(t)
    with open(t.env.cwmpd, "rb") as f:
        if b"urn:broadband-forum-org:cwmp:xmppConnReq-1-0" not in f.read():
            raise CaseSkip("cwmpd was built without XMPP")
    srv = StallServer()
    try:
        acs = t.acs()
        path = t.config(acs, cpe_opts={"username": USER, "password": PASSWORD})
        text = open(path).read() + "\n" + uci_section("xmpp", "xmpp", {
            "enable": "1", "username": "cpe", "password": "cpe-pw", "domain": "example.net",
            "server": "localhost", "port": str(srv.port), "retry_initial": "60"})
        t.write(path, text)
        t.start(path)
        t.check(srv.proceeded.wait(t.secs(15)), "the client asked for TLS")
        t.check(any("xmpp: localhost is %s" % a in t.log_text() for a in ("127.0.0.1", "::1")),
                "localhost looked up before libstrophe connected")
        t.session(acs, 1, timeout=40)
        t0 = time.monotonic()
        r, _ = connection_request(t.cr_port, alg="SHA-256")
        t.eq(r.status, 200, "a connection request during or after the stall")
        t.within(time.monotonic() - t0, 0, 12 + t.slack, "seconds for its answer")
        s = t.session(acs, 2, timeout=20, complete=False)
        t.check("6 CONNECTION REQUEST" in s.inform.event_codes, "events %r"
                % s.inform.event_codes)
        t.until(lambda: "xmpp: the server left libstrophe waiting 10 s" in t.log_text(), 20,
                "the watchdog's message")
    finally:
        srv.close()
