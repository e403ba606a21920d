# SPDX-License-Identifier: BSD-2-Clause
"""A real XMPP server for the xmpp_* cases, and the ACS's side of it.

Prosody (Debian's package) runs in the case's temp dir with its own
config: c2s on 127.0.0.1 at a port picked now, STARTTLS required with a
self-signed certificate made with openssl, no s2s, no HTTP, accounts made
with `prosodyctl --config FILE register`. AcsXmpp is a minimal XMPP client
(socket, ssl, STARTTLS, SASL PLAIN, resource binding) that sends the
connection request iq exactly as GenieACS's lib/xmpp-client.ts and
lib/connection-request.ts form it:

  <iq from="ACS_JID" to="CPE_JID" id="..." type="get"><connectionRequest
  xmlns="urn:broadband-forum-org:cwmp:xmppConnReq-1-0"><username>U</username>
  <password>P</password></connectionRequest></iq>
"""

import base64
import os
import shutil
import socket
import ssl
import subprocess
import time
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape

from harness import CaseSkip, free_port

DOMAIN = "xmpp.test"
NS_STREAM = "http://etherx.jabber.org/streams"
NS_TLS = "urn:ietf:params:xml:ns:xmpp-tls"
NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl"
NS_BIND = "urn:ietf:params:xml:ns:xmpp-bind"
NS_CR = "urn:broadband-forum-org:cwmp:xmppConnReq-1-0"
NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas"

CONFIG = """daemonize = false
run_as_root = true
pidfile = "{d}/prosody.pid"
data_path = "{d}/data"
certificates = "{d}/certs"
modules_enabled = {{ "roster"; "saslauth"; "tls"; "disco"; "ping"; "posix" }}
modules_disabled = {{ "s2s" }}
c2s_ports = {{ {port} }}
c2s_interfaces = {{ "127.0.0.1" }}
s2s_ports = {{}}
component_ports = {{}}
http_ports = {{}}
https_ports = {{}}
c2s_require_encryption = true
allow_registration = false
authentication = "internal_hashed"
log = {{ debug = "{d}/prosody.log" }}
VirtualHost "{domain}"
  ssl = {{ key = "{d}/key.pem"; certificate = "{d}/cert.pem" }}
"""


class Prosody:
    """Prosody in <dir>/prosody; skips the case where it cannot run."""

    def __init__(self, t):
        for prog in ("prosody", "prosodyctl", "openssl"):
            if not shutil.which(prog):
                raise CaseSkip("no %s (Debian: apt-get install prosody openssl)" % prog)
        self.t = t
        self.dir = os.path.join(t.dir, "prosody")
        os.makedirs(os.path.join(self.dir, "data"))
        os.makedirs(os.path.join(self.dir, "certs"))
        self.port = free_port()
        self.conf = os.path.join(self.dir, "prosody.cfg.lua")
        self.ca = os.path.join(self.dir, "cert.pem")
        self.proc = None
        self._cert()
        with open(self.conf, "w") as f:
            f.write(CONFIG.format(d=self.dir, port=self.port, domain=DOMAIN))

    def _cert(self):
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                        "-keyout", os.path.join(self.dir, "key.pem"), "-out", self.ca,
                        "-days", "2", "-subj", "/CN=" + DOMAIN,
                        "-addext", "subjectAltName=DNS:" + DOMAIN],
                       check=True, capture_output=True)

    def register(self, user, password):
        p = subprocess.run(["prosodyctl", "--config", self.conf, "register", user, DOMAIN,
                            password], capture_output=True, timeout=60)
        if p.returncode != 0:
            raise CaseSkip("prosodyctl register failed: %s" % p.stderr.decode()[-300:])

    def start(self):
        log = open(os.path.join(self.dir, "stdout.log"), "ab")
        self.proc = subprocess.Popen(["prosody", "--config", self.conf], stdout=log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        end = time.monotonic() + self.t.secs(20)
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise CaseSkip("prosody exited with %s (see %s)" % (self.proc.returncode,
                                                                     self.dir))
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise CaseSkip("prosody did not listen on port %d within 20 s" % self.port)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


class XmppError(Exception):
    pass


class AcsXmpp:
    """The ACS's XMPP client (GenieACS's way: STARTTLS when required, SASL
    PLAIN, bind a resource)."""

    def __init__(self, port, user, password, resource="acs", timeout=10.0):
        self.jid = "%s@%s/%s" % (user, DOMAIN, resource)
        self.timeout = timeout
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=timeout)
        self.seq = 0
        features = self._open()
        if features.find("{%s}starttls" % NS_TLS) is not None:
            self._send("<starttls xmlns='%s'/>" % NS_TLS)
            if self._next().tag != "{%s}proceed" % NS_TLS:
                raise XmppError("STARTTLS refused")
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            self.sock = ctx.wrap_socket(self.sock, server_hostname=DOMAIN)
            features = self._open()
        auth = base64.b64encode(b"\0" + user.encode() + b"\0" + password.encode()).decode()
        self._send("<auth xmlns='%s' mechanism='PLAIN'>%s</auth>" % (NS_SASL, auth))
        if self._next().tag != "{%s}success" % NS_SASL:
            raise XmppError("SASL PLAIN refused")
        self._open()
        self._send("<iq id='bind1' type='set'><bind xmlns='%s'><resource>%s</resource>"
                   "</bind></iq>" % (NS_BIND, resource))
        if self._next().get("type") != "result":
            raise XmppError("bind refused")

    def _send(self, text):
        self.sock.sendall(text.encode())

    def _open(self):
        """A new stream; returns its features."""
        self.parser = ET.XMLPullParser(events=("start", "end"))
        self.depth = 0
        self._send("<?xml version='1.0'?><stream:stream to='%s' version='1.0' "
                   "xml:lang='en' xmlns='jabber:client' xmlns:stream='%s'>"
                   % (DOMAIN, NS_STREAM))
        f = self._next()
        if f.tag != "{%s}features" % NS_STREAM:
            raise XmppError("no stream features: %s" % f.tag)
        return f

    def _next(self, timeout=None):
        """The next top-level element of the stream."""
        end = time.monotonic() + (timeout or self.timeout)
        while True:
            for ev, el in self.parser.read_events():
                if ev == "start":
                    self.depth += 1
                    continue
                self.depth -= 1
                if self.depth == 1:
                    return el
            left = end - time.monotonic()
            if left <= 0:
                raise XmppError("timed out")
            self.sock.settimeout(left)
            data = self.sock.recv(65536)
            if not data:
                raise XmppError("stream closed")
            self.parser.feed(data)

    def connection_request(self, to, username, password, timeout=None):
        """Send the iq as GenieACS does; returns the answer's (type, error
        condition or None)."""
        self.seq += 1
        iq_id = "cr%d" % self.seq
        self._send('<iq from="%s" to="%s" id="%s" type="get"><connectionRequest xmlns="%s">'
                   "<username>%s</username><password>%s</password></connectionRequest></iq>"
                   % (self.jid, escape(to), iq_id, NS_CR, escape(username),
                      escape(password)))
        while True:
            el = self._next(timeout)
            if el.tag == "{jabber:client}iq" and el.get("id") == iq_id:
                return el.get("type"), condition(el)

    def close(self):
        try:
            self._send("</stream:stream>")
            self.sock.close()
        except OSError:
            pass


def condition(iq):
    err = iq.find("{jabber:client}error")
    if err is None:
        return None
    for child in err:
        if child.tag.startswith("{%s}" % NS_STANZAS):
            return "%s/%s" % (err.get("type"), child.tag.split("}", 1)[1])
    return err.get("type")
