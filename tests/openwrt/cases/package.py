# SPDX-License-Identifier: BSD-2-Clause
"""The package as openwrt/Makefile installs it: every file `make install`
stages for the device (the daemon, the plugins, their library) is in the
package (the recipe and the build cannot drift apart), the config is a
conffile; at the first boot the uci-defaults script added the firewall
rule for connection requests (wan, TCP 7547) and removed itself; the
first start wrote the device identity into cwmpd's device section (the
same the ACS sees in the Inform's DeviceId); and the certificate files
the config names are on sysupgrade's keep list."""

import os

DEVICE_PART = ("usr/sbin", "usr/lib/cwmpd")     # what the device runs


def files_under(root, parts):
    out = set()
    for part in parts:
        for d, _, fs in os.walk(os.path.join(root, part)):
            out |= {os.path.relpath(os.path.join(d, f), root) for f in fs}
    return out


def run(t):
    stage, pkg = os.environ["OWRT_STAGE"], os.environ["OWRT_PKG"]
    staged, packaged = files_under(stage, DEVICE_PART), files_under(pkg, DEVICE_PART)
    t.check(staged, "make install staged nothing under %s" % (DEVICE_PART,))
    t.eq(sorted(staged - packaged), [], "staged by make install but not in the package")
    with open(os.path.join(pkg, "CONTROL", "conffiles")) as f:
        t.eq(f.read().split(), ["/etc/config/cwmpd"], "conffiles")

    t.eq(t.sh("ls /etc/uci-defaults/ | grep -c cwmpd", ok=False).strip(), "0",
         "the uci-defaults script removed itself after the first boot")
    rule = {k: t.uci_get("firewall.cwmpd_cr." + k) for k in
            ("src", "proto", "dest_port", "target")}
    t.eq(rule, {"src": "wan", "proto": "tcp", "dest_port": "7547", "target": "ACCEPT"},
         "firewall rule cwmpd_cr")
    t.eq(t.uci_get("firewall.cwmpd_cr"), "rule", "firewall.cwmpd_cr is a rule")

    t.sh("mkdir -p /etc/acs && echo ca >/etc/acs/ca.pem")
    acs = t.acs()
    t.setup(acs, acs_opts={"ca_file": "/etc/acs/ca.pem"})
    s = t.session(acs, 1, timeout=20)
    dev = s.inform.device_id
    got = {k: t.uci_get("cwmpd.device." + k) for k in
           ("manufacturer", "oui", "product_class", "serial_number")}
    t.check(all(got.values()), "identity written at the first start: %s" % got)
    t.eq([got["manufacturer"], got["oui"], got["product_class"], got["serial_number"]],
         [dev.get(k) for k in ("Manufacturer", "OUI", "ProductClass", "SerialNumber")],
         "the identity in uci is the Inform's DeviceId")
    keep = t.sh("sysupgrade -l")
    for f in ("/etc/acs/ca.pem", "/etc/config/cwmpd"):
        t.check(f in keep.split(), "sysupgrade -l keeps %s: %s" % (f, keep.split()))
