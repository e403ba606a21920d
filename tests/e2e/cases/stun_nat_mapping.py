# SPDX-License-Identifier: BSD-2-Clause
"""A NAT and a mapping that moves, which loopback cannot give coturn: a
small STUN server here answers each Binding Request with a mapped address
of its choosing (203.0.113.7, as a NAT would show). cwmpd reports
NATDetected true and that address; when the mapping moves it sends the
next request at once with BINDING-CHANGE (every request carrying
CONNECTION-REQUEST-BINDING), and the new UDPConnectionRequestAddress
reaches the ACS as an active "4 VALUE CHANGE" session. The server asks
for MESSAGE-INTEGRITY (401 with REALM and NONCE): cwmpd signs with
stun.username/stun.password under the long-term mechanism, and the
server checks the HMAC."""

import hashlib
import hmac
import os
import socket
import struct
import sys
import threading
import time

from harness import uci_section

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from stun_udp_connreq import (PASSWORD, USER, address_in, free_udp_port,  # noqa: E402
                              needs_stun)

MAGIC = 0x2112A442
REALM, NONCE, SUSER, SPASS = b"example.org", b"n0nce-1", "cpe-stun", "stun-pw"


def attrs_of(msg):
    out, off = [], 20
    while off + 4 <= len(msg):
        t, n = struct.unpack("!HH", msg[off:off + 4])
        out.append((t, msg[off + 4:off + 4 + n], off))
        off += 4 + n + (-n % 4)
    return out


def message(mtype, txid, attrs):
    body = b"".join(struct.pack("!HH", t, len(v)) + v + b"\0" * (-len(v) % 4)
                    for t, v in attrs)
    return struct.pack("!HHI", mtype, len(body), MAGIC) + txid + body


class FakeStun:
    """Answers Binding Requests with XOR-MAPPED-ADDRESS self.mapped; asks
    for long-term MESSAGE-INTEGRITY and checks it."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.mapped = ("203.0.113.7", 40001)
        self.requests, self.bad_mi = [], 0
        self.stop = False
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while not self.stop:
            try:
                msg, peer = self.sock.recvfrom(1500)
            except OSError:
                continue
            self.answer(msg, peer)

    def mi_ok(self, msg, at):
        key = hashlib.md5(("%s:%s:%s" % (SUSER, REALM.decode(), SPASS)).encode()).digest()
        head = msg[:2] + struct.pack("!H", at + 24 - 20) + msg[4:at]
        return hmac.compare_digest(hmac.new(key, head, hashlib.sha1).digest(),
                                   msg[at + 4:at + 24])

    def answer(self, msg, peer):
        txid, attrs = msg[8:20], attrs_of(msg)
        kinds = {t: (v, off) for t, v, off in attrs}
        self.requests.append(kinds)
        if 0x0008 not in kinds:
            self.sock.sendto(message(0x0111, txid, [(0x0009, b"\0\0\x04\x01Unauthorized"),
                                                    (0x0014, REALM), (0x0015, NONCE)]), peer)
            return
        if not self.mi_ok(msg, kinds[0x0008][1]):
            self.bad_mi += 1
            return
        ip, port = self.mapped
        xaddr = bytes(a ^ b for a, b in zip(socket.inet_aton(ip), struct.pack("!I", MAGIC)))
        xport = port ^ (MAGIC >> 16)
        self.sock.sendto(message(0x0101, txid, [(0x0020, struct.pack("!BBH", 0, 1, xport) +
                                                 xaddr)]), peer)

    def close(self):
        self.stop = True
        self.thread.join()
        self.sock.close()


def run(t):
    needs_stun(t)
    stun = FakeStun()
    try:
        scenario(t, stun)
    finally:
        stun.close()


def scenario(t, stun):
    acs = t.acs()
    udp_port = free_udp_port()
    conf = t.config(acs, cpe_opts={"username": USER, "password": PASSWORD})
    with open(conf, "a") as f:
        f.write("\n" + uci_section("stun", "stun", {
            "enable": "1", "server": "127.0.0.1", "port": str(stun.port),
            "udp_port": str(udp_port), "username": SUSER, "password": SPASS,
            "min_keepalive": "1"}))
    t.start(conf)
    t.session(acs, 1)
    t.until(lambda: "reach us at 203.0.113.7:40001 (NAT detected)" in t.log_text(), 10,
            "the mapped address learnt")
    t.eq(stun.bad_mi, 0, "requests with a wrong MESSAGE-INTEGRITY")
    t.check(all(0xC001 in r for r in stun.requests), "CONNECTION-REQUEST-BINDING in each")
    t.check(all(r[0xC001][0] == b"dslforum.org/TR-111 " for r in stun.requests),
            "its value")
    signed = [r for r in stun.requests if 0x0008 in r]
    t.check(signed and all(r.get(0x0006, (b"",))[0] == SUSER.encode() and
                           r.get(0x0015, (b"",))[0] == NONCE for r in signed),
            "USERNAME, NONCE and MESSAGE-INTEGRITY after the 401")
    # The ACS hears of the address (the first learnt after the BOOT Inform).
    t.until(lambda: any(address_in(s.inform) == "203.0.113.7:40001"
                        for s in acs.snapshot()), 10, "the address in an Inform")

    # The mapping moves: BINDING-CHANGE at once, then an active notification.
    n = len(acs.sessions)
    seen = len(stun.requests)
    stun.mapped = ("203.0.113.7", 40002)
    t.until(lambda: any(0xC002 in r for r in stun.requests[seen:]), 10,
            "a request with BINDING-CHANGE")
    s = t.session(acs, n + 1)
    t.check("4 VALUE CHANGE" in s.inform.event_codes, "events %r" % s.inform.event_codes)
    t.eq(address_in(s.inform), "203.0.113.7:40002", "the new address in the Inform")
    # once answered, BINDING-CHANGE stops
    time.sleep(2.5)
    later = stun.requests[-2:]
    t.check(later and all(0xC002 not in r for r in later), "no BINDING-CHANGE once answered")
    t.eq(stun.bad_mi, 0, "requests with a wrong MESSAGE-INTEGRITY")
