# SPDX-License-Identifier: BSD-2-Clause
"""cwmpctl's errors, each with its exit status: no daemon (3: no socket;
after kill -9 the socket is left and nothing listens: 3, and the next
start replaces it), a daemon that does not answer (5, with -t), a bad
command line (2). The control socket is root's: another user cannot
connect (3), and when the file's mode is opened the daemon refuses the
peer by its credentials (3). A file planted at the socket's path, or a
socket of another user, is left alone: the daemon runs on without a
control socket (logged) and cwmpctl refuses it (3); once it is gone a
SIGHUP brings the socket back."""

import os
import shutil
import signal
import socket

from harness import acsmod

NOBODY = 65534


def as_nobody():
    """The argv prefix that runs a command as nobody, or None."""
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        return None
    return ["setpriv", "--reuid=%d" % NOBODY, "--regid=%d" % NOBODY, "--clear-groups"]


def run(t):
    acs = t.acs()
    r = t.ctl("status")
    t.eq((r.rc, r.out, r.err), (3, "", "cwmpctl: cwmpd is not running (no control socket at "
                                "%s)\n" % t.ctl_path), "status without a daemon")
    r = t.ctl()
    t.eq(r.rc, 2, "no command")
    t.check(r.err.startswith("usage: cwmpctl"), "usage on stderr: %r" % r.err)
    t.eq(t.ctl("-t", "0", "status").rc, 2, "-t 0")

    d = t.start(t.config(acs))
    t.session(acs, 1)
    t.eq(t.ctl("status").rc, 0, "status with the daemon")

    # a daemon that does not answer
    d.signal(signal.SIGSTOP)
    try:
        r = t.ctl("-t", "1", "status")
    finally:
        d.signal(signal.SIGCONT)
    t.eq((r.rc, r.err), (5, "cwmpctl: no answer from cwmpd in time (-t)\n"), "a stopped daemon")

    # kill -9: the socket stays, nothing listens; a new start replaces it
    d.kill9()
    t.check(os.path.exists(t.ctl_path), "the socket left by kill -9")
    r = t.ctl("status")
    t.eq((r.rc, r.err), (3, "cwmpctl: cwmpd is not running (nothing listens on %s)\n"
                         % t.ctl_path), "status after kill -9")
    d = t.start()
    t.until(lambda: t.ctl("status").rc == 0, 5, "status after the restart")

    nobody = as_nobody()
    if nobody:
        os.chmod(t.dir, 0o755)
        r = t.ctl("status", wrap=nobody)
        t.eq((r.rc, r.err), (3, "cwmpctl: %s: permission denied (cwmpctl is for root)\n"
                             % t.ctl_path), "status as nobody")
        os.chmod(t.ctl_path, 0o666)          # past the file's mode: the credentials
        r = t.ctl("status", wrap=nobody)
        t.eq((r.rc, r.err), (3, "cwmpctl: permission denied: cwmpctl is for root only\n"),
             "status as nobody through an open socket")
        t.check("ctl: a client of uid %d refused (root only)" % NOBODY in t.log_text(),
                "the refusal logged")
        os.chmod(t.dir, 0o700)
    else:
        t.note("not root or no setpriv: the non-root client is not tried")

    t.stop(d)
    t.check(not os.path.exists(t.ctl_path), "the socket removed at exit")

    # planted: a file, then another user's socket
    t.write(t.ctl_path, "planted\n")
    d = t.start()
    t.session(acs, 2)
    t.until(lambda: "something that is not cwmpd's socket is there" in t.log_text(), 5,
            "the planted file logged")
    r = t.ctl("status")
    t.eq((r.rc, r.err), (3, "cwmpctl: %s is not a socket: not cwmpd's\n" % t.ctl_path),
         "status with a planted file")
    with open(t.ctl_path) as f:
        t.eq(f.read(), "planted\n", "the planted file untouched")
    if os.geteuid() == 0:
        os.unlink(t.ctl_path)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.bind(t.ctl_path)
        s.close()
        os.lchown(t.ctl_path, NOBODY, NOBODY)
        d.hup()
        t.sleep(0.5)
        r = t.ctl("status")
        t.eq((r.rc, r.err), (3, "cwmpctl: %s belongs to uid %d, not root: not cwmpd's\n"
                             % (t.ctl_path, NOBODY)), "status with another user's socket")
        t.eq(os.lstat(t.ctl_path).st_uid, NOBODY, "their socket left alone")
    os.unlink(t.ctl_path)
    d.hup()
    t.until(lambda: t.ctl("status").rc == 0, 5, "status once the path is free and reloaded")
