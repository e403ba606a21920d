# SPDX-License-Identifier: BSD-2-Clause
"""Values a consumer cannot carry are refused, not mangled (issue 13, 3):
a KeyPassphrase with a newline (on OpenWrt it would become extra
hostapd.conf lines such as wpa_psk_file=), one with non-ASCII letters, and
an SSID of 17 two-octet characters (34 octets; 32 is the most an SSID
holds) each draw 9007 for that parameter in a SetParameterValues fault,
and nothing changes: the ParameterKey stays and the values read back as
before."""

from dmcheck import needs_data_model, spv_faults, values
from harness import cm

AP = "Device.WiFi.AccessPoint.1.Security.KeyPassphrase"
SSID = "Device.WiFi.SSID.1.SSID"
PKEY = "Device.ManagementServer.ParameterKey"
BAD = [
    [(AP, "good-start\nwpa_psk_file=/tmp/x", "xsd:string")],
    [(AP, "p\u00e4ssw\u00f6rter", "xsd:string")],
    [(SSID, "\u00e9" * 17, "xsd:string")],
]


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.default_plan.requests = [cm.get_parameter_values([SSID])] + \
        [cm.set_parameter_values(v, key="bad-%d" % i) for i, v in enumerate(BAD)] + \
        [cm.set_parameter_values([(SSID, "\u00e9" * 16, "xsd:string")], key="ok"),
         cm.get_parameter_values([SSID, PKEY])]
    t.start(t.config(acs))
    s = t.session(acs, 1, timeout=20)
    for i, v in enumerate(BAD):
        m = s.responses[1 + i][1]
        t.eq((m.method, m.fault_code), ("Fault", 9003), "SPV %d (%s)" % (i, v[0][0]))
        t.eq(spv_faults(m), {v[0][0]: 9007}, "SPV %d faults" % i)
    t.eq(s.responses[1 + len(BAD)][1].method, "SetParameterValuesResponse",
         "16 two-octet characters (32 octets) are taken")
    got = values(s.responses[-1][1])[1]
    t.eq(got[SSID][1], "\u00e9" * 16, "the SSID")
    t.eq(got[PKEY][1], "ok", "the ParameterKey moved only with the good set")
