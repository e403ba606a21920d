# SPDX-License-Identifier: BSD-2-Clause
"""SIGHUP (procd's reload) and SIGUSR1 (a hotplug script) during start-up,
before the loop runs, must not kill the daemon: they wait and reach the
loop. The config path is a FIFO, so the daemon sits in its config load,
inside main(), until the case writes the config: the signals sent then
land in that window for sure. Then the path becomes a regular file (for
the reloads), the config goes through the FIFO, and signals keep coming
in a tight loop for a second. The daemon must still be there and do its
first session, which carries "0 BOOTSTRAP" and "1 BOOT"."""

import errno
import os
import signal
import time

from harness import CaseSkip


def open_writer(t, path):
    """Open the FIFO for writing once the daemon opened it for reading."""
    end = time.monotonic() + t.secs(10)
    while time.monotonic() < end:
        try:
            return os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as e:
            if e.errno != errno.ENXIO:
                raise
        time.sleep(0.005)
    t.fail("the daemon never opened its config FIFO")


def burst(t, d, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end and d.alive():
        d.signal(signal.SIGHUP)
        d.signal(signal.SIGUSR1)
        time.sleep(0.002)


def run(t):
    if os.path.basename(t.env.cwmpd) == "fakecpe.py":
        raise CaseSkip("the stand-in fakecpe.py is Python: its start-up is not cwmpd's")
    acs = t.acs()
    text = open(t.config(acs)).read()
    fifo = os.path.join(t.dir, "cwmpd.fifo")
    os.mkfifo(fifo)
    d = t.start(fifo)
    fd = open_writer(t, fifo)
    try:
        for _ in range(20):
            d.signal(signal.SIGHUP)
            d.signal(signal.SIGUSR1)
        time.sleep(0.05)
        t.check(d.alive(), "SIGHUP/SIGUSR1 during the config load killed the daemon "
                "(status %s)" % d.proc.returncode)
        t.write(fifo, text)          # the reloads read a regular file
        os.write(fd, text.encode())
    finally:
        os.close(fd)
    burst(t, d, t.secs(1))
    t.check(d.alive(), "SIGHUP/SIGUSR1 during start-up killed the daemon (status %s)"
            % d.proc.returncode)
    t.expect_inform(t.session(acs, 1), ["0 BOOTSTRAP", "1 BOOT"])
    t.check("configuration reloaded" in t.log_text(),
            "the SIGHUPs held during start-up never reached the loop")
    t.check(d.alive(), "daemon alive")

