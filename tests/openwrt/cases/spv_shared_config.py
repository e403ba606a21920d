# SPDX-License-Identifier: BSD-2-Clause
"""One SetParameterValues across the three plugins that stage in uci's
`network` config (bug 3): the lan's IPv4 address (ip), a static DNS
server (dns) and a static route's gateway (routing). All three read back
in the session, from uci after it, and from netifd's live state
(`ubus call network.interface.lan status`: address, DNS server, route)
once the session is over (Status 1: network is reloaded then); nothing
stays staged in uci. The values never
reach a command line: uci is wrapped by a recorder of its argv (bug 4)."""

from acs import Plan
from dmcheck import status, values
from harness import cm
from owrt import instance_of, record_uci_argv

IPS, DNSS = "Device.IP.Interface.", "Device.DNS.Client.Server."
FWD = "Device.Routing.Router.1.IPv4Forwarding."
NEW_IP, NEW_DNS, NEW_GW = "192.0.2.3", "192.0.2.99", "192.0.2.253"


def setup_network(t):
    t.uci_batch(["add_list network.lan.dns=192.0.2.53", "set network.r1=route",
                 "set network.r1.interface=lan", "set network.r1.target=10.20.0.0",
                 "set network.r1.netmask=255.255.0.0", "set network.r1.gateway=192.0.2.254",
                 "commit network"])


def lan_live(t):
    st = t.ubus("network.interface.lan", "status")
    addrs = [a.get("address") for a in st.get("ipv4-address", [])]
    hops = [r.get("nexthop") for r in st.get("route", []) if r.get("target") == "10.20.0.0"]
    return addrs, st.get("dns-server", []), hops


def run(t):
    acs = t.acs()
    setup_network(t)
    record_uci_argv(t)
    found = {}

    def script(s):
        yield cm.get_parameter_values([IPS, DNSS, FWD])
        _, v = values(s.responses[-1][1])
        found["ip"] = instance_of(v, IPS, "Name", "lan")
        found["dns"] = instance_of(v, DNSS, "DNSServer", "192.0.2.53")
        found["fwd"] = instance_of(v, FWD, "DestIPAddress", "10.20.0.0")
        if None in found.values():
            return
        found["params"] = [(found["ip"] + "IPv4Address.1.IPAddress", NEW_IP, "xsd:string"),
                           (found["dns"] + "DNSServer", NEW_DNS, "xsd:string"),
                           (found["fwd"] + "GatewayIPAddress", NEW_GW, "xsd:string")]
        yield cm.set_parameter_values(found["params"], key="shared")
        yield cm.get_parameter_values([p[0] for p in found["params"]])

    acs.queue(Plan(requests=script))
    t.setup(acs)
    s = t.session(acs, 1, timeout=30)
    t.check(None not in found.values(), "instances in the GPV answer: %s" % found)
    t.eq(len(s.responses), 3, "answers")
    spv, gpv = s.responses[1][1], s.responses[2][1]
    t.eq((spv.method, status(spv)), ("SetParameterValuesResponse", "1"),
         "answer to the SPV (fault %s); network is reloaded after the session"
         % spv.fault_code)
    _, got = values(gpv)
    t.eq({n: got.get(n, (None, None))[1] for n, _, _ in found["params"]},
         {n: v for n, v, _ in found["params"]}, "values read back in the session")

    t.eq(t.uci_get("network.lan.ipaddr"), NEW_IP, "uci: lan address")
    t.eq(t.uci_get("network.lan.dns"), NEW_DNS, "uci: lan DNS servers")
    t.eq(t.uci_get("network.r1.gateway"), NEW_GW, "uci: route gateway")
    t.eq(t.sh("uci changes network").strip(), "", "nothing left staged in uci")
    t.until(lambda: lan_live(t) == ([NEW_IP], [NEW_DNS], [NEW_GW]), 10,
            "netifd applies all three (now %s)" % (lan_live(t),))

    argv = t.sh("cat /tmp/uci-argv")
    for _, v, _ in found["params"]:
        t.check(v not in argv, "%s on a uci command line:\n%s" % (v, argv))
