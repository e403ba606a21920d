# SPDX-License-Identifier: BSD-2-Clause
"""A vendor configuration file Download updates DeviceInfo.VendorConfigFile
(TR-181: on every such download). Its Name is the URL's last path segment
(query left out) even when a TargetFileName is given; a URL ending in "/"
takes the TargetFileName. The same name again updates its instance (Date
not earlier), a new one adds an instance; the seeded factory.conf stays."""

import time

import dmcheck
from harness import acsmod, cm, parse_iso

CONF = b"# vendor configuration\nhostname sim-router\n"
VCF = "Device.DeviceInfo.VendorConfigFile."
CFG = "3 Vendor Configuration File"


def table(m):
    """{instance: (Name, Date)} and NumberOfEntries of a GPV answer."""
    _, vals = dmcheck.values(m)
    out = {}
    for name, (_, text) in vals.items():
        if name.startswith(VCF) and name.endswith(".Name"):
            i = int(name[len(VCF):].split(".")[0])
            out[i] = (text, vals[VCF + "%d.Date" % i][1])
    return out, vals["Device.DeviceInfo.VendorConfigFileNumberOfEntries"][1]


def run(t):
    dmcheck.needs_data_model(t)
    acs = t.acs()
    acs.files["/cfg/site-a.cfg"] = CONF
    acs.files["/cfg/"] = CONF
    a = acs.url_for("/cfg/site-a.cfg") + "?token=1"
    gpv = cm.get_parameter_values([VCF, "Device.DeviceInfo.VendorConfigFileNumberOfEntries"])
    acs.queue(acsmod.Plan(requests=[cm.download("n1", a, 0, CFG, target="other.cfg")]),
              acsmod.Plan(requests=[gpv, cm.download("n2", acs.url_for("/cfg/"), 0, CFG,
                                                      target="t.cfg")]),
              acsmod.Plan(requests=[cm.download("n3", a, 0, CFG)]),
              acsmod.Plan(requests=[gpv]))
    t.start(t.config(acs))
    t.session(acs, 1)
    s2 = t.session(acs, 2, timeout=15)
    first, count = table(s2.responses[0][1])
    t.eq({i: n for i, (n, _) in first.items()}, {1: "factory.conf", 2: "site-a.cfg"},
         "instances after the first download")
    t.eq(count, "2", "VendorConfigFileNumberOfEntries")
    date = parse_iso(first[2][1])
    t.check(abs(date - time.time()) < 60, "Date %s is now" % first[2][1])
    t.session(acs, 3, timeout=15)
    s4 = t.session(acs, 4, timeout=15)
    last, count = table(s4.responses[0][1])
    t.eq({i: n for i, (n, _) in last.items()},
         {1: "factory.conf", 2: "site-a.cfg", 3: "t.cfg"}, "instances after three downloads")
    t.eq(count, "3", "VendorConfigFileNumberOfEntries")
    t.check(parse_iso(last[2][1]) >= date, "Date of site-a.cfg updated, not earlier")
    t.eq([(k, c) for _, k, c, _ in dmcheck.transfer_completes(acs)],
         [("n1", 0), ("n2", 0), ("n3", 0)], "TransferCompletes")
