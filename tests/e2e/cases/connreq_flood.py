# SPDX-License-Identifier: BSD-2-Clause
"""The connection request server under attack. Slowloris: 20 connections
that send nothing (and 5 that stop mid-request) do not keep a valid
request waiting. A flood of 1,000 bad HTTP requests from 20 clients at
once on another address (127.0.0.2: wrong passwords and garbage) while
the ACS (127.0.0.1) sends valid connection requests, each after the
previous session ended: every valid one gets 200 and its own session
within 2 s, the flood gets 401/400/431 and then 429 (its address is backed
off) and starts no session; the daemon stays up. Afterwards the attacker's
address still owes: one more wrong guess and it is told to wait (429 with
Retry-After), while the ACS's requests still pass at once."""

import concurrent.futures
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import connreq_auth as cr  # noqa: E402

CLIENTS = 20
ROUNDS = 25       # per client; each round is 2 requests: 20 * 25 * 2 = 1,000
ATTACKER = "127.0.0.2"


def slowloris(t, acs, port):
    idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(20)]
    for _ in range(5):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        idle.append(s)
    time.sleep(0.2)
    t0 = time.monotonic()
    r, _ = cr.connection_request(port)
    took = time.monotonic() - t0
    t.eq(r.status, 200, "a valid request beside 25 idle connections")
    t.within(took, 0, 1.0 + t.slack, "seconds for that request")
    cr.expect_cr_session(t, acs, 2, t0)
    for s in idle:
        s.close()


def one_attacker(port, i):
    """Half the rounds a wrong password (the challenge, then a wrong
    answer), half garbage; the final statuses (None: the connection was
    closed under us, e.g. to make room)."""
    got = []
    for k in range(ROUNDS):
        try:
            if k % 2 == 0:
                r, _ = cr.connection_request(port, password="x%d" % k, source=ATTACKER)
            else:
                cr.exchange(port, b"\x16\x03\x01garbage\r\n\r\n", source=ATTACKER)
                r = cr.exchange(port, b"GET / HTTP/1.1\r\n" + b"A: b\r\n" * 40 + b"\r\n",
                                source=ATTACKER)
            got.append(r.status)
        except OSError:
            got.append(None)
    return got


def acs_side(t, acs, port, stop, out):
    """Valid requests from the ACS's address, each after the previous
    session ended, while the flood lasts and at least three (the flood may
    end first on a fast machine): (status, seconds from the request to its
    Inform) each."""
    while not stop.is_set() or len(out) < 3:
        n = len(acs.snapshot())
        t0 = time.monotonic()
        r, _ = cr.connection_request(port)
        if r.status != 200:
            out.append((r.status, None))
            continue
        ok = acs.wait_for(lambda a: len(a.sessions) > n, t.secs(10))
        started = acs.sessions[n].t_start - t0 if ok else None
        out.append((200, started))
        acs.wait_sessions(n + 1, t.secs(10))


def run(t):
    acs, d = cr.start(t)
    port = t.cr_port
    slowloris(t, acs, port)

    stop, valid = threading.Event(), []
    acs_thread = threading.Thread(target=acs_side, args=(t, acs, port, stop, valid))
    acs_thread.start()
    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as ex:
        results = list(ex.map(lambda i: one_attacker(port, i), range(CLIENTS)))
    stop.set()
    acs_thread.join()
    flat = [s for r in results for s in r]
    count = {s: flat.count(s) for s in set(flat)}
    t.note("flood statuses: %r; the ACS's requests meanwhile: %r" % (count, valid))
    t.check(d.alive(), "daemon alive after the flood")
    t.check(set(count) <= {400, 401, 429, 431, None}, "flood statuses %r" % count)
    t.check(count.get(429, 0) > 0, "the attacker backed off (429s): %r" % count)
    t.check(count.get(None, 0) < CLIENTS * ROUNDS // 10, "connections dropped: %r" % count)
    t.check(len(valid) >= 3, "valid requests during the flood: %r" % (valid,))
    t.eq([s for s, _ in valid], [200] * len(valid), "the ACS's statuses during the flood")
    for _, started in valid:
        t.check(started is not None, "a session for every valid request: %r" % (valid,))
        t.within(started, 0, 2.0 + t.slack, "seconds from the request to the Inform")

    time.sleep(1)
    n = len(acs.sessions)
    t.eq(n, 2 + len(valid), "sessions: one per valid request, none from the flood")
    t.eq(len(cr.cr_sessions(acs)), 1 + len(valid), "6 CONNECTION REQUEST sessions")

    # The attacker's debt is still there: one more wrong guess blocks it.
    r, _ = cr.connection_request(port, password="guess", source=ATTACKER)
    if r.status != 429:
        r = cr.get(port, "/", source=ATTACKER)
    t.eq(r.status, 429, "the attacker after one more guess")
    t.within(int(r.get("retry-after") or "0"), 1, 3600, "Retry-After")
    t0 = time.monotonic()
    r, _ = cr.connection_request(port)
    t.eq(r.status, 200, "the ACS right after the flood")
    cr.expect_cr_session(t, acs, n + 1, t0)
    t.check(d.alive(), "daemon alive")
