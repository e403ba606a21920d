# SPDX-License-Identifier: BSD-2-Clause
"""Transfer files in a shared download dir (/tmp on OpenWrt) are out of a
local user's reach (issue 13, 1). An unprivileged user (uid 65534) has
planted, in a sticky world-writable download_dir, the predictable names
of old: `transfer-1.part` as a symlink to a root-owned file (an export
written through it would overwrite that file) and `transfer-2.part` as a
file of its own (it would read the download, or swap a verified image
before it is applied), and `cwmpd-transfers` as a directory of its own.
cwmpd refuses that directory, makes a fresh private one (0700, its own),
and the vendor configuration download and the configuration upload both
succeed without touching any planted file. Files cwmpd makes in its state
dir are 0600 (umask 077)."""

import os
import stat

import dmcheck
from harness import CaseSkip, acsmod, cm

CONF = b"# vendor configuration\nwifi-key sup3r-s3cret\n"
NOBODY = 65534


def upload(key, url, file_type):
    return ("<cwmp:Upload><CommandKey>%s</CommandKey><FileType>%s</FileType>"
            "<URL>%s</URL><Username></Username><Password></Password>"
            "<DelaySeconds>0</DelaySeconds></cwmp:Upload>" % (key, file_type, url))


def plant(t, dl):
    """What the local attacker prepared; returns the victim file."""
    victim = os.path.join(t.dir, "victim")
    with open(victim, "w") as f:
        f.write("root's file\n")
    os.symlink(victim, os.path.join(dl, "transfer-1.part"))
    mine = os.path.join(dl, "transfer-2.part")
    with open(mine, "w") as f:
        f.write("attacker\n")
    os.chmod(mine, 0o666)
    own = os.path.join(dl, "cwmpd-transfers")
    os.mkdir(own)
    os.chmod(own, 0o777)
    for p in (mine, own, os.path.join(dl, "transfer-1.part")):
        os.lchown(p, NOBODY, NOBODY)
    return victim


def run(t):
    dmcheck.needs_data_model(t)
    if os.geteuid() != 0:
        raise CaseSkip("needs root to plant files owned by another user")
    dl = os.path.join(t.dir, "shared-tmp")
    os.mkdir(dl)
    os.chmod(dl, 0o1777)
    victim = plant(t, dl)
    acs = t.acs()
    acs.default_plan.ns = "echo"
    acs.files["/cfg/vendor.conf"] = CONF
    acs.queue(acsmod.Plan(ns="echo", requests=[
        upload("up-1", acs.url_for("/up/cfg"), "1 Vendor Configuration File"),
        cm.download("dl-2", acs.url_for("/cfg/vendor.conf"), len(CONF),
                    file_type="3 Vendor Configuration File")]))
    t.start(t.config(acs, cpe_opts={"download_dir": dl}))
    t.session(acs, 1)
    done = t.until(lambda: len(dmcheck.transfer_completes(acs)) >= 2 and
                   dmcheck.transfer_completes(acs), 20, "both TransferCompletes")
    t.eq(sorted((x[1], x[2]) for x in done), [("dl-2", 0), ("up-1", 0)],
         "TransferComplete (key, FaultCode)")
    t.check(acs.uploads.get("/up/cfg"), "the upload arrived")

    with open(victim) as f:
        t.eq(f.read(), "root's file\n", "the symlinked root-owned file")
    with open(os.path.join(dl, "transfer-2.part")) as f:
        t.eq(f.read(), "attacker\n", "the attacker's file")
    own = os.stat(os.path.join(dl, "cwmpd-transfers"))
    t.eq((own.st_uid, stat.S_IMODE(own.st_mode)), (NOBODY, 0o777), "the attacker's directory")
    t.check("is not cwmpd's own" in t.log_text(), "the refused directory is logged")
    priv = [n for n in os.listdir(dl) if n.startswith("cwmpd-") and n != "cwmpd-transfers"]
    t.eq(len(priv), 1, "one private directory of cwmpd's (%s)" % os.listdir(dl))
    st = os.stat(os.path.join(dl, priv[0]))
    t.eq((st.st_uid, stat.S_IMODE(st.st_mode)), (os.geteuid(), 0o700), "its owner and mode")
    loose = [n for n in os.listdir(t.state_dir)
             if os.path.isfile(os.path.join(t.state_dir, n)) and
             stat.S_IMODE(os.stat(os.path.join(t.state_dir, n)).st_mode) & 0o077]
    t.eq(loose, [], "state files readable by group or others")
