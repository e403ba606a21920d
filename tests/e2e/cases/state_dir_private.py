# SPDX-License-Identifier: BSD-2-Clause
"""The state dir is cwmpd's alone (issue 13, 5): one that already exists
with mode 0755, holding a 0644 file and a 0755 sim store with a 0644 Wi-Fi
store (the passphrase readable by every local user), is 0700 / 0600
throughout once cwmpd has started; a symlink in it is not followed (its
target keeps its mode)."""

import os
import stat


def run(t):
    os.chmod(t.state_dir, 0o755)
    sim = os.path.join(t.state_dir, "sim")
    os.mkdir(sim, 0o755)
    for p in (os.path.join(t.state_dir, "old-file"), os.path.join(sim, "wifi")):
        with open(p, "w") as f:
            f.write("Device.WiFi.AccessPoint.1.Security.KeyPassphrase\tsecret\n")
        os.chmod(p, 0o644)
    outside = os.path.join(t.dir, "outside")
    with open(outside, "w") as f:
        f.write("not cwmpd's\n")
    os.chmod(outside, 0o644)
    os.symlink(outside, os.path.join(t.state_dir, "link"))
    acs = t.acs()
    t.start(t.config(acs))
    t.session(acs, 1)
    loose = []
    for d, dirs, files in os.walk(t.state_dir):
        for n in dirs + files:
            p = os.path.join(d, n)
            if os.path.islink(p):
                continue
            mode = stat.S_IMODE(os.lstat(p).st_mode)
            if mode & 0o077:
                loose.append("%s %o" % (os.path.relpath(p, t.state_dir), mode))
    t.eq(loose, [], "files and directories open to group or others")
    t.eq(stat.S_IMODE(os.stat(t.state_dir).st_mode), 0o700, "the state dir's mode")
    t.eq(stat.S_IMODE(os.stat(outside).st_mode), 0o644, "a symlink's target")
