# SPDX-License-Identifier: BSD-2-Clause
"""Every descriptor the daemon holds is close-on-exec (issue 11, bug 10: a
plugin started during a reload kept the old listening socket, and the new
listen failed with "Address already in use"). Looked at in /proc while
the daemon has all its kinds open at once: the connection request
listener and a client connection on it, libcurl's connection to the ACS
(which hangs on the Inform: set close-on-exec through
CURLOPT_SOCKOPTFUNCTION), the loop's self-pipe. Every fd above 2 must
carry O_CLOEXEC but libcurl's own wakeup socketpair (an unnamed unix
socket pair that curl_multi_init opens, beyond our reach; a plugin never
gets it either: the child closes every fd above 3 before execve, see
test_plugin's test_fds)."""

import os
import socket
import time

from harness import acsmod, CaseSkip

O_CLOEXEC = 0o2000000


def open_fds(pid):
    """{fd: (target, flags)} of pid, fds 3..999 (valgrind keeps its own
    above 1000)."""
    out = {}
    d = "/proc/%d/fd" % pid
    for name in os.listdir(d):
        fd = int(name)
        if fd < 3 or fd >= 1000:
            continue
        try:
            target = os.readlink(os.path.join(d, name))
            with open("/proc/%d/fdinfo/%s" % (pid, name)) as f:
                flags = [ln for ln in f if ln.startswith("flags:")][0].split()[1]
        except (OSError, IndexError):
            continue            # closed meanwhile
        out[fd] = (target, int(flags, 8))
    return out


def unnamed_unix_inodes(pid):
    """Inodes of the unix sockets without a path that pid can see."""
    out = set()
    with open("/proc/%d/net/unix" % pid) as f:
        next(f)
        for line in f:
            cols = line.split()
            if len(cols) == 7:
                out.add(cols[6])
    return out


def run(t):
    if os.path.basename(t.env.cwmpd) == "fakecpe.py":
        raise CaseSkip("the stand-in fakecpe.py is not cwmpd")
    if not os.path.isdir("/proc/self/fdinfo"):
        raise CaseSkip("no /proc/PID/fdinfo here")
    acs = t.acs()
    acs.queue(acsmod.Plan(inform="hang", hang_s=5))
    d = t.start(t.config(acs, acs_opts={"timeout": "10"}))
    t.until(lambda: "connreq: listening" in t.log_text(), 5, "the CR server listening")
    t.session(acs, 1, complete=False)          # curl's socket is open now
    client = socket.create_connection(("127.0.0.1", t.cr_port), timeout=2)
    try:
        time.sleep(0.3)                         # accepted, waiting for a request
        fds = open_fds(d.pid)
    finally:
        client.close()
    kinds = sorted(set(v[0].split(":")[0] for v in fds.values()))
    t.note("fds: %s" % ", ".join("%d %s" % (k, v[0]) for k, v in sorted(fds.items())))
    t.check(sum(1 for v in fds.values() if v[0].startswith("socket:")) >= 3,
            "expected the listener, the CR client and curl's socket: %r" % kinds)
    curls = ["socket:[%s]" % i for i in unnamed_unix_inodes(d.pid)]
    leaky = ["%d -> %s" % (k, v[0]) for k, v in sorted(fds.items())
             if not v[1] & O_CLOEXEC and v[0] not in curls]
    t.eq(leaky, [], "fds without close-on-exec")
