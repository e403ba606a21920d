# SPDX-License-Identifier: BSD-2-Clause
"""STUN and UDP connection requests (TR-111 Part 2, TR-069 Annex G)
against a real STUN server: coturn's turnserver, started here on 127.0.0.1
on a port chosen now, in the case's temp dir (no daemon, no system
config). cwmpd learns its UDPConnectionRequestAddress from it (loopback:
no NAT, so NATDetected is false), reports it with STUNEnable true in the
Inform (as GenieACS reads them) and lists STUN in SupportedConnReqMethods.
The scripted ACS then sends UDP connection requests as GenieACS forms
them, three copies each, to the address the CPE reported: one session
with "6 CONNECTION REQUEST" per request; a bad signature, a replayed id,
a stale timestamp, an unknown username and garbage start none.

This file also holds the coturn starter the other stun_* cases import."""

import os
import shutil
import socket
import subprocess
import time

import acs as acsmod
import cwmpmsg as cm
from dmcheck import values
from harness import CaseSkip, uci_section

USER, PASSWORD = "acs-cr", "s3cr3t-cr-pw"
MS = "Device.ManagementServer."


def needs_stun(t):
    """Skip a case on the fakecpe.py stand-in or a daemon configured
    --disable-stun (its binary lacks TR-111's attribute value)."""
    if os.path.basename(t.env.cwmpd) == "fakecpe.py":
        raise CaseSkip("the stand-in fakecpe.py has no STUN client")
    with open(t.env.cwmpd, "rb") as f:
        if b"dslforum.org/TR-111 " not in f.read():
            raise CaseSkip("cwmpd was built with --disable-stun")


def free_udp_port():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def turnserver(t, port=None, extra=()):
    """coturn on 127.0.0.1:port (UDP), STUN only; stopped with the case.
    Returns (process, port)."""
    exe = shutil.which("turnserver")
    if not exe:
        raise CaseSkip("no turnserver (Debian package coturn; tools/deps.sh installs it)")
    port = port or free_udp_port()
    d = os.path.join(t.dir, "coturn-%d" % port)
    os.makedirs(d, exist_ok=True)
    argv = [exe, "-c", "/dev/null", "-n", "--no-tls", "--no-dtls", "--no-cli",
            "--listening-ip", "127.0.0.1", "-p", str(port), "--stun-only",
            "--no-software-attribute", "--log-file", os.path.join(d, "turn.log"),
            "--simple-log", "--pidfile", os.path.join(d, "turn.pid"),
            "--db", os.path.join(d, "turndb")] + list(extra)
    p = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, cwd=d)
    t.daemons.append(_Proc(p))
    t.until(lambda: _stun_answers(port) or p.poll() is not None, 10, "turnserver answering")
    t.check(p.poll() is None, "turnserver exited (%s)" % p.returncode)
    return p, port


def _stun_answers(port):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.settimeout(0.2)
        s.sendto(b"\x00\x01\x00\x00\x21\x12\xa4\x42" + os.urandom(12), ("127.0.0.1", port))
        try:
            return len(s.recv(1500)) > 20
        except OSError:
            return False


class _Proc:
    """A helper process the case stops at its end (the harness closes a
    daemon marked reaped without asking for its exit status)."""
    reaped = True

    def __init__(self, p):
        self.p = p

    def close(self):
        if self.p.poll() is None:
            self.p.kill()
        self.p.wait()



def config(t, acs, stun_port, udp_port, stun_opts=None):
    """The case's config with connection request credentials and a stun
    section."""
    conf = t.config(acs, cpe_opts={"username": USER, "password": PASSWORD})
    s = {"enable": "1", "server": "127.0.0.1", "port": str(stun_port),
         "udp_port": str(udp_port)}
    s.update(stun_opts or {})
    with open(conf, "a") as f:
        f.write("\n" + uci_section("stun", "stun", s))
    return conf


def address_in(inform):
    return inform.params.get(MS + "UDPConnectionRequestAddress", (None, None))[1]


def reported_address(t, acs, udp_port):
    """Wait until STUN has answered, ask for an Inform, and return the
    address in it (checked: STUNEnable true with it)."""
    t.until(lambda: "UDP connection requests reach us at" in t.log_text(), 10,
            "the STUN answer")
    for s in acs.snapshot():
        if address_in(s.inform):
            return address_in(s.inform), s.inform
    n = len(acs.sessions)
    t.ctl("inform")
    s = t.session(acs, n + 1)
    t.check(address_in(s.inform), "UDPConnectionRequestAddress in the Inform")
    return address_in(s.inform), s.inform


def cr_count(acs):
    return len([s for s in acs.snapshot() if "6 CONNECTION REQUEST" in s.inform.event_codes])


def expect_sessions(t, acs, cr_sessions, what, wait=1.5):
    time.sleep(wait)
    t.eq(cr_count(acs), cr_sessions, "connection request sessions after " + what)


def run(t):
    needs_stun(t)
    _, stun_port = turnserver(t)
    acs = t.acs()
    udp_port = free_udp_port()
    t.start(config(t, acs, stun_port, udp_port))
    t.session(acs, 1)
    addr, inform = reported_address(t, acs, udp_port)
    t.eq(addr, "127.0.0.1:%d" % udp_port, "UDPConnectionRequestAddress (loopback: no NAT)")
    t.eq(inform.params.get(MS + "STUNEnable", (None, None))[1], "true", "STUNEnable in the Inform")

    # The data model: GPV of the STUN parameters.
    n = len(acs.sessions)
    acs.queue(acsmod.Plan(requests=[cm.get_parameter_values([MS + p for p in (
        "STUNEnable", "STUNServerAddress", "STUNServerPort", "STUNPassword",
        "NATDetected", "UDPConnectionRequestAddress", "SupportedConnReqMethods",
        "STUNMinimumKeepAlivePeriod", "STUNMaximumKeepAlivePeriod")])]))
    t.ctl("inform")
    s = t.session(acs, n + 1)
    vals = {k: v[1] for k, v in values(s.responses[-1][1])[1].items()}
    t.eq(vals.get(MS + "NATDetected"), "false", "NATDetected on loopback")
    t.eq(vals.get(MS + "STUNServerPort"), str(stun_port), "STUNServerPort")
    t.eq(vals.get(MS + "STUNServerAddress"), "127.0.0.1", "STUNServerAddress")
    t.eq(vals.get(MS + "STUNPassword"), "", "STUNPassword reads empty")
    t.eq(vals.get(MS + "SupportedConnReqMethods"), "HTTP,STUN", "SupportedConnReqMethods")
    t.eq(vals.get(MS + "STUNMaximumKeepAlivePeriod"), "-1", "STUNMaximumKeepAlivePeriod")
    t.eq(vals.get(MS + "UDPConnectionRequestAddress"), addr, "the address in GPV")

    # GenieACS's request: three copies, one session.
    base = cr_count(acs)
    t0 = time.monotonic()
    acsmod.udp_connection_request(addr, USER, PASSWORD)
    t.until(lambda: cr_count(acs) == base + 1, 5, "a 6 CONNECTION REQUEST session")
    t.within(time.monotonic() - t0, 0, 2 + t.slack, "seconds to the session")
    t.session(acs, len(acs.sessions))
    expect_sessions(t, acs, base + 1, "three copies of one request")

    # Refused: no session for any of these.
    replay = acsmod.udp_connection_request(addr, USER, PASSWORD)
    t.until(lambda: cr_count(acs) == base + 2, 5, "the second request's session")
    t.session(acs, len(acs.sessions))
    host, _, port = addr.rpartition(":")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(replay, (host, int(port)))                       # a replay
    acsmod.udp_connection_request(addr, USER, "wrong-password")     # bad signature
    acsmod.udp_connection_request(addr, "nobody", PASSWORD)          # unknown username
    acsmod.udp_connection_request(addr, USER, PASSWORD, ts=int(time.time()) - 3600)  # stale
    acsmod.udp_connection_request(addr, USER, PASSWORD, ts=int(time.time()) + 3600)  # future
    acsmod.udp_connection_request(addr, USER, PASSWORD, sig="0" * 40)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.sendto(b"GET / HTTP/1.1\r\n\r\n", (host, int(port)))
        sock.sendto(os.urandom(200), (host, int(port)))
    expect_sessions(t, acs, base + 2, "refused requests")
    log = t.log_text()
    t.check("dropped: bad signature" in log or "dropped: " in log, "refusals logged")
    t.check(PASSWORD not in log, "the password is never logged")
    # still listening after all that
    acsmod.udp_connection_request(addr, USER, PASSWORD)
    t.until(lambda: cr_count(acs) == base + 3, 5, "a session after the refusals")
