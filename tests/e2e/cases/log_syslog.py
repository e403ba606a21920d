# SPDX-License-Identifier: BSD-2-Clause
"""-s logs to syslog with each level's own priority, as procd runs the
daemon (-f -s): under procd, stderr lines reach logd as daemon.err with a
second time stamp (issue 11, bug 6). The daemon runs in a mount namespace
whose /dev/log is a socket of the case's: every line arrives there as
facility daemon with the level's priority (err 27, warn 28, notice 29,
info 30, debug 31), tagged cwmpd[PID], without a time stamp of the
daemon's own; nothing at all goes to stderr, not even a bad config at
start (exit status 2, the error at priority err); and no secret shows.
Skipped where a mount namespace cannot be made (needs root)."""

import os
import re
import shutil
import socket
import subprocess
import threading
import time

from harness import CaseSkip

SETUP = ("set -e; mount -t tmpfs -o mode=755 tmpfs /dev; "
         "for n in null:3 zero:5 random:8 urandom:9; do "
         "mknod -m 666 /dev/${n%:*} c 1 ${n#*:}; done; "
         "ln -s \"$0\" /dev/log; exec \"$@\"")
CR_PASSWORD = "cr-s3cret-xyz"
ACS_PASSWORD = "acs-s3cret-xyz"
LINE = re.compile(r"^<(\d+)>(?:[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d )?cwmpd\[(\d+)\]: (.*)$",
                  re.S)


class Syslog:
    """A /dev/log stand-in: a datagram socket collecting every message,
    drained all the time as logd does (a full socket would block the
    daemon in syslog())."""

    def __init__(self, path):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(path)
        self.sock.settimeout(0.1)
        self.lines = []
        self.lock = threading.Lock()
        self.stopping = False
        self.thread = threading.Thread(target=self._drain, daemon=True)
        self.thread.start()

    def _drain(self):
        while not self.stopping:
            try:
                line = self.sock.recv(65536).decode(errors="replace")
            except (socket.timeout, OSError):
                continue
            with self.lock:
                self.lines.append(line)

    def read(self):
        time.sleep(0.2)         # what was sent is in
        with self.lock:
            return list(self.lines)

    def close(self):
        self.stopping = True
        self.thread.join()
        self.sock.close()


def wrap(t, sock):
    if not shutil.which("unshare"):
        raise CaseSkip("no unshare command")
    probe = subprocess.run(["unshare", "-m", "--propagation", "private", "sh", "-c",
                            "mount -t tmpfs tmpfs /mnt"], capture_output=True)
    if probe.returncode != 0:
        raise CaseSkip("cannot make a mount namespace here (needs root): %s"
                       % probe.stderr.decode(errors="replace").strip())
    return ["unshare", "-m", "--propagation", "private", "sh", "-c", SETUP, sock]


def daemon_stderr(t):
    """What the daemons wrote to stderr: the log minus the harness's lines."""
    return [ln for ln in t.log_text().splitlines() if not ln.startswith("==== ")]


def parsed(t, log, pid, since=0):
    """(priority, message) of every line from the since-th on."""
    out = []
    for raw in log.read()[since:]:
        m = LINE.match(raw.rstrip("\n"))
        t.check(m, "not a syslog line of cwmpd: %r" % raw)
        t.eq(int(m.group(2)), pid, "PID in %r" % raw)
        out.append((int(m.group(1)), m.group(3)))
    return out


def run(t):
    if os.path.basename(t.env.cwmpd) == "fakecpe.py":
        raise CaseSkip("the stand-in fakecpe.py does not log to syslog")
    path = os.path.join(t.dir, "log.sock")
    argv = wrap(t, path)
    log = Syslog(path)
    try:
        acs = t.acs()
        conf = t.config(acs, acs_opts={"username": "cpe", "password": ACS_PASSWORD},
                        cpe_opts={"username": "", "password": CR_PASSWORD})
        d = t.start(conf, extra=["-s"], wrap=argv)
        t.session(acs, 1)
        t.config(acs, cpe_opts={"port": "abc"})            # a bad reload: err
        d.hup()
        t.until(lambda: any("keeping the old configuration" in x for x in log.read()), 5,
                "the failed reload logged")
        t.stop(d)
        msgs = parsed(t, log, d.pid)
        prios = {}
        for prio, text in msgs:
            prios.setdefault(prio, text)
            t.check(not re.match(r"\d\d:\d\d:\d\d", text), "a time stamp of ours: %r" % text)
            t.check(CR_PASSWORD not in text and ACS_PASSWORD not in text,
                    "a secret in the log: %r" % text)
        want = {27: "keeping the old configuration", 28: "cpe.username",
                29: "started (ACS", 31: "session: >>"}
        for prio, text in sorted(want.items()):
            t.check(any(p == prio and text in m for p, m in msgs),
                    "no %r at priority %d; got %r" % (text, prio, sorted(prios.items())))
        t.check(any(p == 30 for p, _ in msgs), "nothing at info (30)")
        t.eq(daemon_stderr(t), [], "stderr with -s")

        seen = len(log.read())
        t.config(acs, cpe_opts={"port": "abc"})
        bad = t.start(conf, extra=["-s"], wrap=argv)
        t.eq(bad.wait_exit(t.secs(10)), 2, "exit status with a bad config")
        bad.reaped = True
        time.sleep(0.1)
        msgs = parsed(t, log, bad.pid, seen)
        t.check(any(p == 27 and "option 'port'" in m for p, m in msgs),
                "the config error at priority err: %r" % msgs)
        t.eq(daemon_stderr(t), [], "stderr with -s and a bad config")
    finally:
        log.close()
