# SPDX-License-Identifier: BSD-2-Clause
"""Connection request Digest authentication: a GET without credentials gets
401 with two challenges (SHA-256 first, then MD5; qop="auth"); a wrong
password gets 401; the right one with MD5 and with SHA-256 gets 200 and a
session with "6 CONNECTION REQUEST" within about 2 s (GenieACS waits only
about 4 s); replaying a request that worked (its nonce used up) and a
nonce the daemon never made both get 401 stale=true; the password is never
logged.

This file also holds the small stdlib Digest client the other connreq_*
cases import (raw sockets: the cases need exact control of the bytes)."""

import hashlib
import os
import re
import socket
import time

from harness import CaseSkip

USER, PASSWORD = "acs-cr", "s3cr3t-cr-pw"


def skip_fakecpe(t):
    if os.path.basename(t.env.cwmpd) == "fakecpe.py":
        raise CaseSkip("the stand-in fakecpe.py has no connection request server")


class Response:
    def __init__(self, raw):
        self.raw = raw
        head = raw.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        lines = head.split("\r\n")
        m = re.match(r"HTTP/1\.1 (\d{3}) ", lines[0] + " ") if lines else None
        self.status = int(m.group(1)) if m else None
        self.headers = []
        for line in lines[1:]:
            name, _, value = line.partition(":")
            self.headers.append((name.strip().lower(), value.strip()))

    def all(self, name):
        return [v for n, v in self.headers if n == name.lower()]

    def get(self, name):
        v = self.all(name)
        return v[0] if v else None

    def challenges(self):
        return [parse_challenge(v) for v in self.all("www-authenticate")]

    def __repr__(self):
        return "<%s %r>" % (self.status, self.raw[:300])


def exchange(port, data, timeout=5.0, host="127.0.0.1", source=None):
    """Send data on a new connection (from the address source, when given)
    and read until the server closes it."""
    s = socket.create_connection((host, port), timeout=timeout,
                                 source_address=(source, 0) if source else None)
    try:
        s.sendall(data)
        chunks = []
        while True:
            b = s.recv(65536)
            if not b:
                break
            chunks.append(b)
        return Response(b"".join(chunks))
    finally:
        s.close()


def get(port, path="/", authorization=None, method="GET", extra=b"", source=None,
        host="127.0.0.1"):
    req = "%s %s HTTP/1.1\r\nHost: %s:%d\r\n" % (method, path, host, port)
    if authorization:
        req += "Authorization: %s\r\n" % authorization
    return exchange(port, req.encode() + extra + b"\r\n", source=source, host=host)


def parse_challenge(value):
    scheme, _, rest = value.partition(" ")
    d = {"scheme": scheme}
    for m in re.finditer(r'([A-Za-z0-9_-]+)\s*=\s*("([^"\\]|\\.)*"|[^,\s]*)', rest):
        v = m.group(2)
        if v.startswith('"'):
            v = re.sub(r"\\(.)", r"\1", v[1:-1])
        d[m.group(1).lower()] = v
    return d


def _h(alg, text):
    name = "sha256" if alg.upper() == "SHA-256" else "md5"
    return hashlib.new(name, text.encode()).hexdigest()


def authorization(ch, user, password, uri="/", method="GET", nc="00000001", cnonce=None,
                  alg=None):
    alg = alg or ch.get("algorithm", "MD5")
    cnonce = cnonce or os.urandom(8).hex()
    ha1 = _h(alg, "%s:%s:%s" % (user, ch["realm"], password))
    ha2 = _h(alg, "%s:%s" % (method, uri))
    resp = _h(alg, "%s:%s:%s:%s:auth:%s" % (ha1, ch["nonce"], nc, cnonce, ha2))
    return ('Digest username="%s", realm="%s", nonce="%s", uri="%s", algorithm=%s, '
            'qop=auth, nc=%s, cnonce="%s", response="%s"'
            % (user, ch["realm"], ch["nonce"], uri, alg, nc, cnonce, resp))


def challenge_for(resp, alg):
    for ch in resp.challenges():
        if ch.get("algorithm", "MD5").upper() == alg.upper():
            return ch
    return None


def connection_request(port, user=USER, password=PASSWORD, path="/", alg="MD5",
                       source=None, host="127.0.0.1"):
    """The two-step Digest exchange to host (from the address source, when
    given: another 127.x.y.z is another client); returns (final Response,
    Authorization)."""
    first = get(port, path, source=source, host=host)
    ch = challenge_for(first, alg)
    if first.status != 401 or not ch:
        return first, None
    auth = authorization(ch, user, password, uri=path, alg=alg)
    return get(port, path, auth, source=source, host=host), auth


def cr_sessions(acs):
    return [s for s in acs.snapshot() if "6 CONNECTION REQUEST" in s.inform.event_codes]


def expect_cr_session(t, acs, n, t0, within=2.0):
    """Session n carries 6 CONNECTION REQUEST and began within `within` s of t0."""
    s = t.session(acs, n, timeout=10, complete=False)
    t.check("6 CONNECTION REQUEST" in s.inform.event_codes,
            "session %d events %r" % (n, s.inform.event_codes))
    t.within(s.t_start - t0, 0, within + t.slack, "seconds from 200 to the Inform")
    t.session(acs, n)
    return s


def start(t, cpe_opts=None, acs=None):
    skip_fakecpe(t)
    acs = acs or t.acs()
    opts = {"username": USER, "password": PASSWORD}
    opts.update(cpe_opts or {})
    d = t.start(t.config(acs, cpe_opts=opts))
    t.session(acs, 1)
    t.until(lambda: "connreq: listening" in t.log_text(), 5, "the CR server listening")
    return acs, d


def run(t):
    acs, d = start(t)
    port = t.cr_port

    r = get(port, "/")
    t.eq(r.status, 401, "status without credentials")
    chs = r.challenges()
    t.eq([c.get("algorithm") for c in chs], ["SHA-256", "MD5"], "challenge algorithms")
    for c in chs:
        t.eq(c["scheme"], "Digest", "challenge scheme")
        t.eq(c.get("qop"), "auth", "challenge qop")
        t.check(c.get("nonce") and c.get("realm"), "nonce and realm in %r" % c)
        t.check("stale" not in c, "no stale on a first challenge")

    r, _ = connection_request(port, password="wrong")
    t.eq(r.status, 401, "status with a wrong password")
    r, _ = connection_request(port, user="nobody")
    t.eq(r.status, 401, "status with a wrong username")
    time.sleep(0.5)
    t.eq(len(acs.sessions), 1, "sessions after refused requests")

    t0 = time.monotonic()
    r, md5_auth = connection_request(port, alg="MD5")
    t.eq(r.status, 200, "status with MD5")
    t.eq(r.get("content-length"), "0", "empty 200 body")
    expect_cr_session(t, acs, 2, t0)

    t0 = time.monotonic()
    r, _ = connection_request(port, alg="SHA-256")
    t.eq(r.status, 200, "status with SHA-256")
    expect_cr_session(t, acs, 3, t0)

    # Replay: the nonce is used up; the credentials are right: stale=true.
    r = get(port, "/", md5_auth)
    t.eq(r.status, 401, "status of a replayed request")
    t.check(all(c.get("stale") == "true" for c in r.challenges()) and r.challenges(),
            "stale=true on a replay: %r" % r)
    # A nonce the daemon never made (e.g. from before a restart), right password.
    fake = {"realm": chs[0]["realm"], "nonce": "00" * 32}
    r = get(port, "/", authorization(fake, USER, PASSWORD, alg="MD5"))
    t.eq(r.status, 401, "status with a foreign nonce")
    t.check(r.challenges() and r.challenges()[0].get("stale") == "true",
            "stale=true for a foreign nonce: %r" % r)
    # ... and with a wrong password it is a plain 401.
    r = get(port, "/", authorization(fake, USER, "wrong", alg="MD5"))
    t.check(r.status == 401 and "stale" not in r.challenges()[0], "no stale: %r" % r)

    time.sleep(0.5)
    t.eq(len(acs.sessions), 3, "sessions in all")
    log = t.log_text()
    t.check(PASSWORD not in log, "the password appears in the log")
    t.check("response=" not in log, "an Authorization header appears in the log")
    t.check(d.alive(), "daemon alive")
