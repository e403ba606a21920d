# SPDX-License-Identifier: BSD-2-Clause
"""A scripted DNS server on 127.0.0.1:53 (UDP) for the cases that look
names up through the resolver (res_query, getaddrinfo): the daemon runs
in a mount namespace of its own whose /etc/resolv.conf names it
(FakeDns.wrap), so no query leaves the machine. Answers come from
self.records, {(name, type): [rdata bytes]}; a known name without
records of the type asked gets an empty answer, an unknown one NXDOMAIN;
self.delay, {(name, type): seconds}, holds an answer back (the resolver
waits up to 6 s). Every query is kept in self.queries as (name, type)."""

import os
import shutil
import socket
import struct
import subprocess
import threading

from harness import CaseSkip

A, SRV = 1, 33


def wire_name(name):
    out = b""
    for label in name.strip(".").split("."):
        if label:
            out += bytes([len(label)]) + label.encode()
    return out + b"\0"


def srv(priority, weight, port, target):
    return struct.pack("!HHH", priority, weight, port) + wire_name(target)


def a(ip):
    return socket.inet_aton(ip)


def read_question(msg):
    """(name, type, end of the question) of a query."""
    at, labels = 12, []
    while msg[at]:
        n = msg[at]
        labels.append(msg[at + 1:at + 1 + n].decode("ascii", "replace"))
        at += 1 + n
    qtype = struct.unpack("!H", msg[at + 1:at + 3])[0]
    return ".".join(labels).lower(), qtype, at + 5


class FakeDns:
    def __init__(self, t):
        if os.geteuid() != 0:
            raise CaseSkip("not root: no DNS server on port 53 nor a mount namespace")
        if not shutil.which("unshare") or not os.path.exists("/etc/resolv.conf"):
            raise CaseSkip("no unshare(1) or no /etc/resolv.conf to bind our own over")
        if subprocess.run(["unshare", "--mount", "true"], stderr=subprocess.DEVNULL).returncode:
            raise CaseSkip("unshare --mount is not allowed here")
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            self.sock.bind(("127.0.0.1", 53))
        except OSError as e:
            self.sock.close()
            raise CaseSkip("cannot serve DNS on 127.0.0.1:53: %s" % e)
        self.sock.settimeout(0.2)
        self.records, self.delay, self.queries, self.stop = {}, {}, [], False
        self.resolv = os.path.join(t.dir, "resolv.conf")
        t.write(self.resolv, "nameserver 127.0.0.1\noptions timeout:6 attempts:1\n")
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def wrap(self):
        """The daemon's wrapper: its own mount namespace, our resolv.conf."""
        return ("unshare", "--mount", "--propagation", "private", "sh", "-c",
                'mount --bind "$0" /etc/resolv.conf && exec "$@"', self.resolv)

    def serve(self):
        while not self.stop:
            try:
                msg, peer = self.sock.recvfrom(1500)
                name, qtype, end = read_question(msg)
            except (OSError, IndexError, struct.error):
                continue
            self.queries.append((name, qtype))
            out = self.answer(msg, name, qtype, end)
            wait = self.delay.get((name, qtype))
            if wait:
                threading.Timer(wait, self.sock.sendto, (out, peer)).start()
            else:
                self.sock.sendto(out, peer)

    def answer(self, msg, name, qtype, end):
        known = any(n == name for n, _ in self.records)
        rdatas = self.records.get((name, qtype), [])
        flags = 0x8180 if known else 0x8183
        out = msg[:2] + struct.pack("!HHHHH", flags, 1, len(rdatas), 0, 0) + msg[12:end]
        for rd in rdatas:
            out += struct.pack("!HHHIH", 0xc00c, qtype, 1, 60, len(rd)) + rd
        return out

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()
