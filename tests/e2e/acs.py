#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""The project's scripted ACS: an HTTP server on loopback that plays one
Plan per CWMP session, answers like GenieACS does, and records every
exchange so that a scenario can check what the CPE sent.

A session starts with an Inform and ends when the ACS answers 204. Each
session takes the next Plan queued with Acs.queue() (or Acs.default_plan):
how to answer the Inform (InformResponse, or a failure: HTTP 500, a dropped
connection, no answer, a garbage body, SOAP fault 8005), HTTP auth and
redirects before it, and the ACS requests to send after the CPE's empty POST.
Every CPE body is validated against the Broadband Forum cwmp XSD with
validate-cwmp.sh when that and xmllint are available.

As a program it is the README demo:
    python3 tests/e2e/acs.py --port 7548 --script demo --log
"""

import argparse
import base64
import hashlib
import os
import re
import secrets
import select
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cwmpmsg as cm  # noqa: E402

CONTENT_TYPE = 'text/xml; charset="utf-8"'
REALM = "cwmpd-e2e"


# ---- what the ACS does ----------------------------------------------------

@dataclass
class Raw:
    """A whole envelope sent verbatim (e.g. replayed from a GenieACS capture)."""
    text: str


@dataclass
class Plan:
    """What the ACS does in one session."""
    # How to answer the Inform: "ok" (InformResponse), "http500", "drop"
    # (close the connection without an answer), "reset" (close with a TCP
    # RST), "hang" (never answer; gives up after hang_s), "garbage" (200 with
    # a body that is not XML), "fault8005" (SOAP fault 8005 Retry request).
    inform: str = "ok"
    # ACS requests sent one per HTTP response after the CPE's empty POST: body
    # elements from cwmpmsg builders (wrapped in an envelope with a fresh
    # GenieACS-like cwmp:ID), Raw envelopes, or callables(session) -> either.
    # Or, when the next request depends on the last answer, a generator
    # function: called with the Session when the first request is due, it
    # yields the requests one by one (same kinds); when it resumes, the
    # answer to what it yielded is session.responses[-1]. The session ends
    # when it returns; if it raises, the session ends too, with a violation.
    requests: list = field(default_factory=list)
    # How the session ends once the requests are done: "204", or a failure
    # like the Inform's ("http500", "drop", "hang", "garbage").
    end: str = "204"
    ns: str = cm.NS_1_0            # namespace of the ACS's messages, or "echo"
    use_cwmp_version: str = None   # UseCWMPVersion header on the InformResponse
    hold_requests: bool = False    # HoldRequests 1 on the InformResponse
    cookie: bool = True            # Set-Cookie: session=<hex> on the InformResponse
    auth: str = None               # None, "basic" or "digest" (MD5, qop=auth)
    username: str = "cpe"
    password: str = "secret"
    redirects: list = field(default_factory=list)   # [(status, "/path" or URL)]
    hang_s: float = 30.0
    fault_http_status: int = 200   # HTTP status carrying the 8005 fault
    inform_response: str = None    # whole InformResponse envelope (replays)
    cpe_request_fault: int = None  # answer the CPE's requests with this fault


@dataclass
class Exchange:
    """One HTTP request from the CPE and what the ACS did with it."""
    seq: int
    conn: int                      # connection number (1, 2, ... per server)
    client_port: int
    path: str
    headers: dict                  # lower-case name -> value
    body: bytes
    msg: cm.Message
    t: float                       # time.monotonic() at arrival
    wall: float                    # time.time() at arrival
    session: int = None            # session number, None if outside any
    status: int = None             # HTTP status sent, None when none was
    action: str = ""               # "InformResponse", "401 digest", "drop"...
    response_headers: dict = field(default_factory=dict)
    response_body: bytes = b""
    gave_up_after: float = None    # hang: seconds until the CPE closed
    valid: bool = None             # XSD result: None = not checked
    invalid_reason: str = ""
    tls: str = None                # TLS version of the connection (None: plain HTTP)
    peer_cert: dict = None         # the CPE's client certificate (getpeercert())

    def header(self, name):
        return self.headers.get(name.lower())


@dataclass
class Session:
    number: int
    plan: Plan
    exchanges: list = field(default_factory=list)
    inform: cm.Message = None      # the Inform that opened it
    t_start: float = 0.0
    wall_start: float = 0.0
    state: str = "open"            # open, complete (204 sent), failed, away
    cookie: str = None             # the value of session=... we set
    ns: str = cm.NS_1_0            # namespace the ACS answers in
    ids: object = None             # cm.IdGen
    next_request: int = 0
    outstanding: str = None        # cwmp:ID of the ACS request in flight
    hold_pending: bool = False
    redirects_done: int = 0
    responses: list = field(default_factory=list)  # [(request id, Message)]
    request_gen: object = None     # the Plan's request generator, once started
    violations: list = field(default_factory=list)
    nonce: str = None
    authed: bool = False

    @property
    def complete(self):
        return self.state == "complete"

    def posts(self):
        """Exchanges after the Inform was accepted (InformResponse sent)."""
        out, seen = [], False
        for x in self.exchanges:
            if seen:
                out.append(x)
            if x.action == "InformResponse":
                seen = True
        return out


# ---- XSD validation -------------------------------------------------------

def find_bbf_dir():
    cands = [os.environ.get("CWMP_BBF_DIR")]
    if os.environ.get("top_srcdir"):
        cands.append(os.path.join(os.environ["top_srcdir"], "..", "shared", "bbf"))
    here = os.path.dirname(os.path.abspath(__file__))
    cands += [os.path.join(here, "..", "..", "..", "shared", "bbf"), "/work/shared/bbf"]
    for c in cands:
        if c and os.path.isfile(os.path.join(c, "validate-cwmp.sh")):
            return os.path.abspath(c)
    return None


class Validator:
    """validate-cwmp.sh on every CPE body; a no-op without it or xmllint,
    and then why says so (the runner reports that as a skipped test)."""

    def __init__(self, enabled=True):
        self.script = None
        bbf = find_bbf_dir() if enabled else None
        if not enabled:
            self.why = "disabled"
        elif not bbf:
            self.why = ("no validate-cwmp.sh (set CWMP_BBF_DIR, or put "
                        "../shared/bbf beside the tree)")
        elif not shutil.which("xmllint"):
            self.why = "no xmllint on PATH (Debian package libxml2-utils)"
        else:
            self.script = os.path.join(bbf, "validate-cwmp.sh")
            self.why = ""

    @property
    def enabled(self):
        return self.script is not None

    def check(self, body):
        """(True|False|None, reason)."""
        if not self.script:
            return None, ""
        fd, path = tempfile.mkstemp(prefix="cwmp-", suffix=".xml")
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(body)
            p = subprocess.run(["sh", self.script, path], capture_output=True,
                               timeout=30)
            out = (p.stdout + p.stderr).decode(errors="replace")
            lines = [ln.replace(path, "msg.xml") for ln in out.splitlines()
                     if "validates" not in ln]
            return p.returncode == 0, "; ".join(lines)
        finally:
            os.unlink(path)


# ---- the server -----------------------------------------------------------

class Acs:
    """A scripted ACS. start() binds 127.0.0.1 (port 0 = any free port)."""

    def __init__(self, port=0, host="127.0.0.1", path="/acs", validate=True,
                 log=None, name="acs", tls=None):
        self.host, self.want_port, self.path, self.name = host, port, path, name
        self.tls = tls                 # ssl.SSLContext (server side): serve HTTPS
        self.tls_failures = []         # handshakes that failed: (conn, reason)
        self.default_plan = Plan()
        self.plans = []
        self.sessions = []
        self.exchanges = []
        self.log = log                 # callable(str) for a human-readable log
        self.validator = Validator(enabled=validate)
        self.cond = threading.Condition()
        self.stopping = threading.Event()
        self.conn_count = 0
        self.closed = {}               # connection number -> monotonic time closed
        self.open_socks = set()
        self.server = None
        self.thread = None
        self.port = None
        self.errors = []               # handler exceptions (connection trouble)
        self.files = {}                # path -> bytes or File: served by GET
        self.gets_at = []              # wall-clock time of each entry of gets
        self.gets = []                 # [(path, status, Authorization)] of those GETs
        self.uploads = {}              # path -> bytes received by PUT (Upload)
        self.upload_auth = None        # (username, password): Basic auth for PUT

    # -- life cycle --
    def start(self):
        acs = self

        class Handler(AcsHandler):
            pass
        Handler.acs = acs
        self.server = QuietServer((self.host, self.want_port), Handler)
        self.server.acs = self
        self.server.daemon_threads = True
        if self.tls is not None:       # handshake in the handler's thread
            self.server.socket = self.tls.wrap_socket(
                self.server.socket, server_side=True, do_handshake_on_connect=False)
        self.server.block_on_close = False
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()
        return self

    def stop(self):
        if not self.server:
            return
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()
        with self.cond:
            socks = list(self.open_socks)
        for s in socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *a):
        self.stop()

    @property
    def scheme(self):
        return "https" if self.tls is not None else "http"

    @property
    def url(self):
        return self.url_for(self.path)

    def url_for(self, path):
        return "%s://%s:%d%s" % (self.scheme, self.host, self.port, path)

    # -- scripting --
    def queue(self, *plans):
        """Plans for the next sessions, in order; then default_plan."""
        with self.cond:
            self.plans.extend(plans)

    def _next_plan(self):
        return self.plans.pop(0) if self.plans else self.default_plan

    # -- reading the record (all thread-safe) --
    def wait_for(self, pred, timeout):
        """Wait until pred(self) is true; returns its last value."""
        end = time.monotonic() + timeout
        with self.cond:
            while True:
                v = pred(self)
                left = end - time.monotonic()
                if v or left <= 0:
                    return v
                self.cond.wait(min(left, 0.2))

    def wait_sessions(self, n, timeout, complete=True):
        """Wait until n sessions have started (complete=False) or completed;
        returns the list of those sessions (may be shorter on timeout)."""
        def done(a):
            s = [x for x in a.sessions if x.complete or not complete]
            return s if len(s) >= n else None
        r = self.wait_for(done, timeout)
        with self.cond:
            return r or [x for x in self.sessions if x.complete or not complete]

    def snapshot(self):
        with self.cond:
            return list(self.sessions)

    def informs(self):
        with self.cond:
            return [s.inform for s in self.sessions]

    def wait_validated(self, timeout=10):
        """Wait until every CPE body has been through the XSD check."""
        if not self.validator.enabled:
            return True
        return self.wait_for(lambda a: all(
            x.valid is not None for x in a.exchanges if x.body.strip()), timeout)

    def invalid(self):
        with self.cond:
            return [x for x in self.exchanges if x.valid is False]

    def violations(self):
        with self.cond:
            return ["session %d: %s" % (s.number, v)
                    for s in self.sessions for v in s.violations]

    def validate(self, x):
        """Check the CPE body against the XSD (once)."""
        if x.body.strip() and x.valid is None:
            ok, why = self.validator.check(x.body)
            with self.cond:
                x.valid, x.invalid_reason = ok, why
                self.cond.notify_all()

    def after_reply(self, x):
        """Validate the CPE body (after answering, so timing is unaffected)
        and write the human-readable log lines."""
        self.validate(x)
        if self.log:
            for line in describe(x):
                self.log(line)

    # -- the protocol --
    def handle(self, h, body):
        """Called by the handler with the request read; returns a Reply."""
        msg = cm.parse(body)
        now = time.monotonic()
        with self.cond:
            x = Exchange(seq=len(self.exchanges) + 1, conn=h.conn_no,
                         client_port=h.client_address[1], path=h.path,
                         headers={k.lower(): v for k, v in h.headers.items()},
                         body=body, msg=msg, t=now, wall=time.time(),
                         tls=h.tls_version, peer_cert=h.peer_cert)
            self.exchanges.append(x)
            if msg.method == "Inform":
                reply = self._on_inform(x)
            else:
                reply = self._on_post(x)
            x.status, x.action = reply.status, reply.action
            x.response_headers, x.response_body = reply.headers, reply.body
            self.cond.notify_all()
        return x, reply

    def _new_session(self, x):
        cur = self.sessions[-1] if self.sessions else None
        if cur and cur.state == "open":
            cur.state = "failed"
        s = Session(number=len(self.sessions) + 1, plan=self._next_plan(),
                    inform=x.msg, t_start=x.t, wall_start=x.wall,
                    ids=cm.IdGen())
        s.ns = x.msg.ns if s.plan.ns == "echo" else s.plan.ns
        self.sessions.append(s)
        return s

    def _on_inform(self, x):
        cur = self.sessions[-1] if self.sessions else None
        same = (cur is not None and cur.state == "open" and cur.exchanges
                and cur.exchanges[-1].msg.method == "Inform"
                and cur.exchanges[-1].action.split()[0] in ("401", "redirect")
                and cur.exchanges[-1].body == x.body)
        s = cur if same else self._new_session(x)
        x.session = s.number
        s.exchanges.append(x)
        p = s.plan
        if p.auth and not s.authed:
            ok, why = self._check_auth(s, x)
            if not ok:
                return self._challenge(s, why)
            s.authed = True
        if s.redirects_done < len(p.redirects):
            status, where = p.redirects[s.redirects_done]
            s.redirects_done += 1
            loc = where if "://" in where else self.url_for(where)
            if "://" in where and not where.startswith(self.url_for("/")):
                s.state = "away"
            return Reply(status, "redirect %d -> %s" % (status, loc),
                         {"Location": loc}, b"")
        if p.inform != "ok":
            return self._failure(s, p.inform, "Inform")
        headers = {}
        if p.cookie:
            s.cookie = secrets.token_hex(16)
            headers["Set-Cookie"] = "session=%s" % s.cookie
        if p.inform_response is not None:
            text = p.inform_response
            if x.msg.cwmp_id is not None:
                text = _replace_id(text, x.msg.cwmp_id)
            return Reply(200, "InformResponse", headers, text.encode())
        extra = ""
        if p.hold_requests:
            extra += cm.hold_requests_header(True)
            s.hold_pending = True
        if p.use_cwmp_version:
            extra += cm.use_cwmp_version_header(p.use_cwmp_version)
        body = cm.envelope(s.ns, x.msg.cwmp_id, cm.inform_response_body(), extra)
        return Reply(200, "InformResponse", headers, body.encode())

    def _on_post(self, x):
        s = self.sessions[-1] if self.sessions else None
        if s is not None and self._continues(s, x):
            s.state = "open"    # TR-069 3.7.1.4: the CPE still had requests
        if s is None or s.state != "open":
            x.session = None
            return Reply(400, "no session", {}, b"")
        x.session = s.number
        s.exchanges.append(x)
        m = x.msg
        if s.cookie is not None:
            got = _cookie(x.header("cookie"), "session")
            if got != s.cookie:
                s.violations.append("POST #%d without cookie session=%s (Cookie: %s)"
                                    % (len(s.exchanges), s.cookie, x.header("cookie")))
        is_request = (not m.empty and m.method and m.method != "Fault"
                      and not m.method.endswith("Response"))
        if s.hold_pending:
            s.hold_pending = False
            if is_request:
                s.violations.append("CPE sent %s despite HoldRequests" % m.method)
        if not m.empty and not m.method:
            s.violations.append("unparsable CPE message: %s" % m.error)
        if is_request and s.plan.cpe_request_fault:
            body = cm.envelope(s.ns, m.cwmp_id, cm.acs_fault(s.plan.cpe_request_fault, "no"))
            return Reply(200, "Fault %d" % s.plan.cpe_request_fault, {}, body.encode())
        if is_request:
            body = cm.envelope(s.ns, m.cwmp_id, cm.empty_response(m.method))
            return Reply(200, m.method + "Response", {}, body.encode())
        if not m.empty:
            if s.outstanding is None:
                s.violations.append("%s answers no request" % m.method)
            elif m.cwmp_id != s.outstanding:
                s.violations.append("%s has cwmp:ID %r, request had %r"
                                    % (m.method, m.cwmp_id, s.outstanding))
            s.responses.append((s.outstanding, m))
            s.outstanding = None
        elif s.outstanding is not None:
            s.violations.append("empty POST while request %s is unanswered"
                                % s.outstanding)
        req = self._next_request(s)
        if req is not None:
            if isinstance(req, Raw):
                text = req.text
                s.outstanding = _find_id(text)
                name = _body_name(text)
            else:
                s.outstanding = s.ids.next()
                text = cm.envelope(s.ns, s.outstanding, req)
                name = _body_name(text)
            return Reply(200, name, {}, text.encode())
        if s.plan.end != "204":
            return self._failure(s, s.plan.end, "end")
        s.state = "complete"
        return Reply(204, "204", {}, b"")

    @staticmethod
    def _continues(s, x):
        """A CPE request after our 204, on the session's connection: the
        session goes on (the CPE ends it only when it has no requests
        left, e.g. one HoldRequests kept back)."""
        m = x.msg
        return (s.state == "complete" and s.exchanges and s.exchanges[-1].conn == x.conn
                and not m.empty and m.method and m.method != "Fault"
                and not m.method.endswith("Response"))

    def _next_request(self, s):
        """The next ACS request of the session's plan, or None when done."""
        reqs = s.plan.requests
        if callable(reqs):
            try:
                if s.request_gen is None:
                    s.request_gen = reqs(s)
                req = next(s.request_gen)
            except StopIteration:
                return None
            except Exception as e:  # a broken script: end the session, fail the case
                where = traceback.extract_tb(e.__traceback__)[-1]
                s.violations.append("request generator failed: %r at %s:%d" % (
                    e, os.path.basename(where.filename), where.lineno))
                s.request_gen = iter(())
                return None
            s.next_request += 1
        elif s.next_request < len(reqs):
            req = reqs[s.next_request]
            s.next_request += 1
        else:
            return None
        return req(s) if callable(req) else req

    def _failure(self, s, how, where):
        s.state = "failed"
        if how == "http500":
            return Reply(500, "500", {}, b"")
        if how in ("drop", "reset", "hang"):
            return Reply(None, how, {}, b"", hang_s=s.plan.hang_s)
        if how == "garbage":
            return Reply(200, "garbage", {}, b"\x00<<this is not& a SOAP envelope\xff")
        if how == "fault8005":
            body = cm.envelope(s.ns, s.inform.cwmp_id,
                               cm.acs_fault(8005, "Retry request"))
            return Reply(s.plan.fault_http_status, "Fault 8005", {}, body.encode())
        raise ValueError("unknown failure %r at %s" % (how, where))

    # -- HTTP authentication --
    def _challenge(self, s, why):
        if s.plan.auth == "basic":
            h = 'Basic realm="%s"' % REALM
        else:
            s.nonce = secrets.token_hex(16)
            h = ('Digest realm="%s", qop="auth", nonce="%s", opaque="%s", '
                 'algorithm=MD5' % (REALM, s.nonce, secrets.token_hex(8)))
        return Reply(401, "401 %s (%s)" % (s.plan.auth, why),
                     {"WWW-Authenticate": h}, b"")

    def _check_auth(self, s, x):
        a = x.header("authorization")
        p = s.plan
        if not a:
            return False, "no Authorization"
        scheme, _, rest = a.partition(" ")
        if p.auth == "basic":
            if scheme.lower() != "basic":
                return False, "scheme %s" % scheme
            try:
                user, _, pw = base64.b64decode(rest.strip()).decode().partition(":")
            except ValueError:
                return False, "bad base64"
            return (user == p.username and pw == p.password), "wrong credentials"
        if scheme.lower() != "digest" or s.nonce is None:
            return False, "scheme %s" % scheme
        f = _parse_auth_params(rest)
        if f.get("nonce") != s.nonce or f.get("username") != p.username:
            return False, "stale nonce or wrong user"
        if f.get("realm") != REALM or f.get("qop") != "auth":
            return False, "realm/qop"
        md5 = lambda t: hashlib.md5(t.encode()).hexdigest()  # noqa: E731
        ha1 = md5("%s:%s:%s" % (p.username, REALM, p.password))
        if f.get("algorithm", "MD5").upper() == "MD5-SESS":
            ha1 = md5("%s:%s:%s" % (ha1, s.nonce, f.get("cnonce", "")))
        ha2 = md5("POST:%s" % f.get("uri", ""))
        want = md5(":".join([ha1, s.nonce, f.get("nc", ""), f.get("cnonce", ""),
                             "auth", ha2]))
        if f.get("uri") != x.path:
            return False, "uri %s != %s" % (f.get("uri"), x.path)
        return f.get("response") == want, "wrong digest response"


@dataclass
class File:
    """A file in Acs.files (plain bytes work too): optional Basic auth, a
    slow server that writes chunk bytes every delay_s seconds, and a
    flaky one whose first fail_first GETs answer 404."""
    data: bytes
    auth: bool = False
    username: str = "fw"
    password: str = "fwsecret"
    chunk: int = 0
    delay_s: float = 0.0
    fail_first: int = 0


def _basic_ok(header, f):
    scheme, _, rest = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        user, _, pw = base64.b64decode(rest.strip()).decode().partition(":")
    except ValueError:
        return False
    return user == f.username and pw == f.password


@dataclass
class Reply:
    status: int                    # None: no HTTP answer (drop/reset/hang)
    action: str
    headers: dict
    body: bytes
    hang_s: float = 0.0


def _cookie(header, name):
    for part in (header or "").split(";"):
        k, _, v = part.strip().partition("=")
        if k == name:
            return v
    return None


def _parse_auth_params(s):
    out, i = {}, 0
    while i < len(s):
        while i < len(s) and s[i] in " ,":
            i += 1
        j = s.find("=", i)
        if j < 0:
            break
        key = s[i:j].strip().lower()
        i = j + 1
        if i < len(s) and s[i] == '"':
            j = i + 1
            val = ""
            while j < len(s) and s[j] != '"':
                if s[j] == "\\" and j + 1 < len(s):
                    j += 1
                val += s[j]
                j += 1
            i = j + 1
        else:
            j = s.find(",", i)
            j = len(s) if j < 0 else j
            val = s[i:j].strip()
            i = j
        out[key] = val
    return out


def _find_id(text):
    m = cm.parse(text)
    return m.cwmp_id


def _body_name(text):
    return cm.parse(text).method or "?"


def _replace_id(text, new_id):
    return re.sub(r"(<cwmp:ID[^>]*>)[^<]*(</cwmp:ID>)",
                  lambda m: m.group(1) + new_id + m.group(2), text, count=1)


class QuietServer(ThreadingHTTPServer):
    """Records handler exceptions instead of printing them: a CPE that
    closes its connection early is something to look at, not a crash."""
    acs = None

    def handle_error(self, request, client_address):
        e = sys.exc_info()[1]
        with self.acs.cond:
            self.acs.errors.append("%s from port %s: %r" % (
                time.strftime("%H:%M:%S"), client_address[1], e))


class AcsHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "cwmpd-e2e-acs"
    sys_version = ""
    acs = None
    tls_version = None
    peer_cert = None
    tls_failed = False

    def setup(self):
        super().setup()
        self.connection.settimeout(120)
        # Headers and body go out in two writes: without this, Nagle and
        # the client's delayed ACK add ~40 ms to every exchange.
        try:
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        except OSError:
            pass
        with self.acs.cond:
            self.acs.conn_count += 1
            self.conn_no = self.acs.conn_count
            self.acs.open_socks.add(self.connection)
        if self.acs.tls is not None:
            self._tls_handshake()

    def _tls_handshake(self):
        try:
            self.connection.do_handshake()
            self.tls_version = self.connection.version()
            self.peer_cert = self.connection.getpeercert() or None
        except (OSError, ValueError) as e:
            self.tls_failed = True
            with self.acs.cond:
                self.acs.tls_failures.append((self.conn_no, str(e)))
                self.acs.cond.notify_all()

    def handle(self):
        if not self.tls_failed:
            super().handle()

    def finish(self):
        try:
            super().finish()
        finally:
            with self.acs.cond:
                self.acs.open_socks.discard(self.connection)
                self.acs.closed[self.conn_no] = time.monotonic()
                self.acs.cond.notify_all()

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        if self.acs.files:
            self._serve_file()
            return
        with self.acs.cond:
            self.acs.errors.append("%s: GET %s (a redirected POST turned into a GET?)"
                                   % (time.strftime("%H:%M:%S"), self.path))
        self.send_error(405)

    def _serve_file(self):
        """Acs.files: the file server for Download (404 for other paths)."""
        f = self.acs.files.get(self.path.split("?", 1)[0])
        if f is not None and not isinstance(f, File):
            f = File(bytes(f))
        status = 404 if f is None else 200
        if f is not None and f.auth and not _basic_ok(self.headers.get("Authorization"), f):
            status = 401
        with self.acs.cond:
            if status == 200 and f.fail_first > 0:
                f.fail_first -= 1
                status = 404
            self.acs.gets.append((self.path, status, self.headers.get("Authorization")))
            self.acs.gets_at.append(time.time())
            self.acs.cond.notify_all()
        if status != 200:
            self.send_response(status)
            if status == 401:
                self.send_header("WWW-Authenticate", 'Basic realm="%s"' % REALM)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        self.send_header("Content-Length", str(len(f.data)))
        self.end_headers()
        step = f.chunk or len(f.data) or 1
        for i in range(0, len(f.data), step):
            if i and f.delay_s:
                time.sleep(f.delay_s)
            self.wfile.write(f.data[i:i + step])
            self.wfile.flush()

    def do_PUT(self):
        """The upload server: the body goes to Acs.uploads[path] (201)."""
        body = self._read_body()
        a = self.acs
        ok = a.upload_auth is None or _basic_ok(
            self.headers.get("Authorization"), File(b"", True, *a.upload_auth))
        with a.cond:
            if ok and body is not None:
                a.uploads[self.path] = body
            a.cond.notify_all()
        self.send_response(201 if ok else 401)
        if not ok:
            self.send_header("WWW-Authenticate", 'Basic realm="%s"' % REALM)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_POST(self):
        body = self._read_body()
        if body is None:
            self.close_connection = True
            return
        x, r = self.acs.handle(self, body)
        if r.status is None:
            self.acs.validate(x)
            self._no_answer(x, r)
            self.acs.after_reply(x)
            return
        try:
            self.send_response(r.status)
            for k, v in r.headers.items():
                self.send_header(k, v)
            if r.body:
                self.send_header("Content-Type", CONTENT_TYPE)
            self.send_header("Content-Length", str(len(r.body)))
            self.end_headers()
            if r.body:
                self.wfile.write(r.body)
            self.wfile.flush()
        finally:
            # the body came in whole: checked even when the daemon went away
            # (stopped at the end of a case) before the answer was written
            self.acs.after_reply(x)

    def _read_body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = b""
            while True:
                line = self.rfile.readline()
                if not line:
                    return None
                n = int(line.split(b";")[0], 16)
                if n == 0:
                    self.rfile.readline()
                    return out
                out += self.rfile.read(n)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _no_answer(self, x, r):
        self.close_connection = True
        if r.action == "hang":
            start = x.t                 # seconds counted from the request's arrival
            end = start + r.hang_s
            while time.monotonic() < end and not self.acs.stopping.is_set():
                rd, _, _ = select.select([self.connection], [], [], 0.05)
                if rd:
                    try:
                        if self.connection.recv(1, socket.MSG_PEEK) == b"":
                            x.gave_up_after = time.monotonic() - start
                            break
                    except OSError:
                        x.gave_up_after = time.monotonic() - start
                        break
        if r.action == "reset":         # close() now sends a RST
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                       struct.pack("ii", 1, 0))
            self.connection.close()
            return
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


# ---- the human-readable log -----------------------------------------------

def udp_connection_request(address, username, password, ts=None, msg_id=None, copies=3,
                           source_port=0, cnonce=None, sig=None):
    """A UDP connection request (TR-069 Annex G) to address ("host:port",
    the UDPConnectionRequestAddress the CPE reported) exactly as GenieACS
    1.2 forms it (lib/connection-request.ts): ts the current second, a
    random 32-bit id, an 8-byte hex cnonce, sig the hex HMAC-SHA1 keyed by
    the password over ts, id, username and cnonce, the same datagram sent
    `copies` times, from source_port when given (GenieACS's
    cwmp.udpConnectionRequestPort: its STUN server's port). Returns the
    datagram."""
    import hmac
    host, _, port = address.rpartition(":")
    host = host.strip("[]")
    ts = int(time.time()) if ts is None else ts
    msg_id = secrets.randbelow(4294967295) if msg_id is None else msg_id
    cn = cnonce or secrets.token_hex(8)
    if sig is None:
        sig = hmac.new(password.encode(), ("%s%s%s%s" % (ts, msg_id, username, cn)).encode(),
                       hashlib.sha1).hexdigest()
    uri = "http://%s:%s?ts=%s&id=%s&un=%s&cn=%s&sig=%s" % (host, port, ts, msg_id, username,
                                                             cn, sig)
    msg = ("GET %s HTTP/1.1\r\nHost: %s:%s\r\n\r\n" % (uri, host, port)).encode()
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_DGRAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if source_port:
            s.bind(("", source_port))
        for _ in range(copies):
            s.sendto(msg, (host, int(port)))
    return msg


def describe(x):
    """Lines for one exchange: → what the CPE sent, ← what the ACS did."""
    m = x.msg
    out = []
    if m.method == "Inform":
        auth = " (Authorization: %s)" % x.header("authorization").split()[0] \
            if x.header("authorization") else ""
        out.append("")
        out.append("=== session %s (connection %d, %s)" % (
            x.session, x.conn, time.strftime("%H:%M:%S", time.localtime(x.wall))))
        out.append("→ Inform [cwmp-%s] events: %s  RetryCount %s%s" % (
            cm.short_ns(m.ns), ", ".join(
                c + (" (%s)" % k if k else "") for c, k in m.events),
            m.retry_count, auth))
        d = m.device_id
        out.append("    DeviceId: %s / %s / %s / %s" % (
            d.get("Manufacturer"), d.get("OUI"), d.get("ProductClass"),
            d.get("SerialNumber")))
        for name in m.param_order:
            out.append("    %s = %s" % (name, m.params[name][1]))
    elif m.empty:
        out.append("→ empty POST")
    elif m.method == "Fault":
        out.append("→ Fault %s: %s" % (m.fault_code, m.fault_string))
    elif m.method == "GetRPCMethodsResponse":
        out.append("→ GetRPCMethodsResponse: %s" % ", ".join(m.methods))
    elif m.method == "GetParameterValuesResponse":
        out.append("→ GetParameterValuesResponse:")
        for pvs in _find(m.body, "ParameterValueStruct"):
            out.append("    %s = %s" % (_t(pvs, "Name"), _t(pvs, "Value")))
    elif m.method == "GetParameterNamesResponse":
        out.append("→ GetParameterNamesResponse:")
        for pis in _find(m.body, "ParameterInfoStruct"):
            out.append("    %s (writable %s)" % (_t(pis, "Name"), _t(pis, "Writable")))
    else:
        out.append("→ %s%s" % (m.method or "unparsable body", (": " + m.error) if m.error else ""))
    if x.valid is False:
        out.append("    !! not valid against the cwmp XSD: %s" % x.invalid_reason)
    if x.status is None:
        out.append("← (%s: no HTTP answer)" % x.action)
    elif x.status == 204:
        out.append("← 204 No Content: session over")
    elif x.action == "InformResponse":
        out.append("← InformResponse%s" % (
            " + Set-Cookie " + x.response_headers["Set-Cookie"]
            if "Set-Cookie" in x.response_headers else ""))
    else:
        what = x.action
        r = cm.parse(x.response_body) if x.response_body else None
        if r and r.method in ("GetParameterValues", "GetParameterAttributes"):
            what += " " + ", ".join(s.text or "" for s in _find(r.body, "string"))
        elif r and r.method == "GetParameterNames":
            what += " %r NextLevel %s" % (_t(r.body, "ParameterPath"),
                                          _t(r.body, "NextLevel"))
        out.append("← %s%s" % ("HTTP %d " % x.status if x.status != 200 else "", what))
    return out


def _find(el, name):
    return [e for e in el.iter() if e.tag.rsplit("}", 1)[-1] == name] if el is not None else []


def _t(el, name):
    f = _find(el, name)
    return (f[0].text or "") if f else ""


# ---- the command line (README demo) ---------------------------------------

def demo_plan():
    return Plan(requests=[
        cm.get_rpc_methods(),
        cm.get_parameter_values(["Device.DeviceInfo.", "Device.ManagementServer."]),
    ])


SCRIPTS = {
    "demo": demo_plan,
    "empty": lambda: Plan(),
    "getrpcmethods": lambda: Plan(requests=[cm.get_rpc_methods()]),
}


def main(argv=None):
    ap = argparse.ArgumentParser(description="cwmpd's scripted ACS")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0, help="0: any free port")
    ap.add_argument("--port-file", help="write the chosen port here")
    ap.add_argument("--path", default="/acs")
    ap.add_argument("--script", choices=sorted(SCRIPTS), default="demo")
    ap.add_argument("--ns", default="1-0", choices=["1-0", "echo"],
                    help="namespace of the ACS's messages (GenieACS: 1-0)")
    ap.add_argument("--log", action="store_true", help="print every exchange")
    ap.add_argument("--sessions", type=int, default=0,
                    help="with --exit-after: sessions to complete")
    ap.add_argument("--exit-after", action="store_true")
    ap.add_argument("--no-validate", action="store_true")
    a = ap.parse_args(argv)

    def say(line):
        print(line, flush=True)
    acs = Acs(port=a.port, host=a.host, path=a.path, validate=not a.no_validate,
              log=say if a.log else None)
    acs.default_plan = SCRIPTS[a.script]()
    acs.default_plan.ns = cm.NS_1_0 if a.ns == "1-0" else "echo"
    acs.start()
    if a.port_file:
        with open(a.port_file + ".tmp", "w") as f:
            f.write("%d\n" % acs.port)
        os.replace(a.port_file + ".tmp", a.port_file)
    say("ACS listening on %s (script %s%s)" % (
        acs.url, a.script, "" if acs.validator.enabled else ", no XSD validation"))
    try:
        if a.exit_after:
            n = max(a.sessions, 1)
            acs.wait_for(lambda s: len([x for x in s.sessions
                                        if x.state != "open"]) >= n, 10 ** 9)
        else:
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        acs.stop()
    bad = acs.invalid()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
