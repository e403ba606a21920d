# SPDX-License-Identifier: BSD-2-Clause
"""`cwmpctl audit` on the package's files as installed, cwmpd never
started: on the shipped config it reports no high finding (exit 0): no ACS
credentials, connection requests refused (no username), the uci-defaults
firewall rule open to every wan address, the default path and the shared
/tmp download dir; --json says the same. A connection request username
without a password is high (exit 1), and so is a config that every user
may read once it holds a password."""

import json


def audit(t, args=""):
    rc, out = t.box.run("cwmpctl %s audit" % args)
    return rc, out


def run(t):
    t.allow_down = True         # cwmpd is never started: audit needs no daemon
    t.eq(t.uci_get("firewall.cwmpd_cr.dest_port"), "7547",
         "the package's firewall rule (uci-defaults)")
    rc, out = audit(t)
    t.note("cwmpctl audit on the shipped config:\n" + out)
    t.eq(rc, 0, "exit status on the shipped config")
    for want in ("medium  acs-no-credentials: ", "medium  cr-open-to-all: firewall rule "
                 "'cwmpd_cr' accepts TCP port 7547 from any address of zone wan",
                 "low     cr-path-default: ", "low     download-dir-shared: cpe."
                 "download_dir /tmp ", "info    cr-refused: ", " 0 high, "):
        t.check(want in out, "%r in the report" % want)
    rc, out = audit(t, "--json")
    d = json.loads(out)
    t.eq((rc, d["config"], d["count"]["high"], d["complete"]),
         (0, "/etc/config/cwmpd", 0, True), "--json")
    t.eq(sorted(f["id"] for f in d["findings"]),
         ["acs-no-credentials", "cr-open-to-all", "cr-path-default", "cr-refused",
          "download-dir-shared"], "--json findings")

    t.uci_batch(["set cwmpd.cpe.username=acs", "commit cwmpd"])
    rc, out = audit(t)
    t.eq(rc, 1, "exit status with a username and no password")
    t.check("high    cr-no-password: " in out, "cr-no-password: %r" % out)

    t.uci_batch(["set cwmpd.cpe.password=Xk2m9Qp4Lz7w", "commit cwmpd"])
    t.eq(audit(t)[0], 0, "exit status with a password")
    t.sh("chmod 644 /etc/config/cwmpd")
    rc, out = audit(t)
    t.eq(rc, 1, "exit status with the password readable by every user")
    t.check("high    config-readable: /etc/config/cwmpd holds " in out,
            "config-readable: %r" % out)
