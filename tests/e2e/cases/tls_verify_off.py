# SPDX-License-Identifier: BSD-2-Clause
"""verify '0' against the same untrusted self-signed ACS certificate: the
sessions complete, and the daemon warns "TLS verification is off" at every
session (here the bootstrap one and a periodic one), and for an https
download too (issue 13, 5: it was warned for sessions only)."""

import dmcheck
from harness import acsmod, cm

CONF = b"# vendor configuration\n"


def run(t):
    pki = t.pki()
    acs = t.acs(tls=pki.server_context(pki.rogue))
    acs.files["/cfg/v.conf"] = CONF
    acs.queue(acsmod.Plan(), acsmod.Plan(requests=[
        cm.download("tls-off", acs.url_for("/cfg/v.conf"), len(CONF),
                    file_type="3 Vendor Configuration File")]))
    t.start(t.config(acs, acs_opts={"ca_file": pki.ca[0], "verify": "0",
                                    "periodic_enable": "1", "periodic_interval": "2"}))

    first = t.session(acs, 1)
    t.expect_inform(first, ["0 BOOTSTRAP", "1 BOOT"], retry=0)
    second = t.session(acs, 2, timeout=6)
    t.expect_inform(second, ["2 PERIODIC"], retry=0, what="second Inform")
    t.check(all(x.tls for x in acs.exchanges), "an exchange was not over TLS")
    n = t.log_text().count("TLS verification is off for 127")
    t.check(n >= 2, "'TLS verification is off' logged %d times for 2 sessions" % n)
    t.until(lambda: dmcheck.transfer_completes(acs), 15, "the TransferComplete")
    t.check("TLS verification is off for the download" in t.log_text(),
            "no warning for the https download")
