# SPDX-License-Identifier: BSD-2-Clause
"""The ip and dns plugins read netifd's state as JSON (bug 9): an
interface `t9` on a protocol handler (the userland's shell protocol
`testproto`, so its address comes from netifd, not from uci) shows its
address and mask from `ubus call network.interface dump`, Status Up, and
LastChange as netifd's uptime. The DNS server its protocol learnt but
netifd keeps inactive (peerdns 0: `inactive.dns-server` in the dump) is
no DNS.Client.Server; once peerdns is 1 it is one (Type DHCPv4, on t9's
IP.Interface). Taken down (`ubus call network.interface.t9 down`), t9
reads Status Down without an address."""

import json

from acs import Plan
from dmcheck import values
from harness import cm
from owrt import instance_of

IPS, DNSS = "Device.IP.Interface.", "Device.DNS.Client."
CRU = "Device.ManagementServer.ConnectionRequestURL"
LEARNT = "203.0.113.53"
# What a protocol handler (dhcp, ppp) sends netifd once it has a lease.
LEASE = (". /lib/functions.sh; . /lib/netifd/netifd-proto.sh; proto_init_update vx0 1; "
         "proto_add_ipv4_address 203.0.113.2 24; proto_add_dns_server %s; "
         "proto_send_update t9" % LEARNT)


def t9_lease(t, active):
    """The lease sent (again, until netifd shows it) with the DNS server
    active, or kept inactive."""
    def shown():
        rc, out = t.box.run("ubus call network.interface.t9 status")
        try:
            st = json.loads(out) if rc == 0 else {}
        except ValueError:
            st = {}
        dns = st.get("dns-server", []) if active else st.get("inactive", {}).get("dns-server", [])
        if st.get("up") and LEARNT in dns:
            return True
        t.box.run(LEASE)
        return False
    t.until(shown, 10, "t9 up with %s %s" % (LEARNT, "active" if active else "inactive"))


def add_t9(t):
    t.sh("ip link add vx0 type veth peer name vx1")
    t.uci_batch(["set network.t9=interface", "set network.t9.device=vx0",
                 "set network.t9.proto=testproto", "set network.t9.myaddr=203.0.113.2",
                 "set network.t9.peerdns=0", "commit network"])
    t.sh("reload_config")
    t9_lease(t, False)


def gpv_session(t, acs, n, paths, cr_url=None):
    got = {}

    def script(s):
        yield cm.get_parameter_values(paths)
        got.update(values(s.responses[-1][1])[1])
    acs.queue(Plan(requests=script))
    if cr_url:
        t.eq(t.connection_request(cr_url), 200, "connection request")
    s = t.session(acs, n, timeout=20)
    return s, got


def servers(got):
    """{DNSServer: (Type, Interface)} of a GPV answer."""
    out = {}
    for name, (_, v) in got.items():
        if name.endswith(".DNSServer"):
            p = name[:-len("DNSServer")]
            out[v] = (got[p + "Type"][1], got[p + "Interface"][1])
    return out


def run(t):
    acs = t.acs()
    t.wan()
    add_t9(t)
    t.configure(acs)
    t.start_cwmpd()
    s, got = gpv_session(t, acs, 1, [IPS, DNSS])
    cr_url = s.inform.params.get(CRU, (None, ""))[1]
    ip = instance_of(got, IPS, "Name", "t9")
    t.check(ip, "t9 in IP.Interface")
    st = t.ubus("network.interface.t9", "status")
    t.eq({k: got.get(ip + k, (None, None))[1] for k in (
        "Status", "IPv4AddressNumberOfEntries", "IPv4Address.1.IPAddress",
        "IPv4Address.1.SubnetMask")}, {
        "Status": "Up", "IPv4AddressNumberOfEntries": "1",
        "IPv4Address.1.IPAddress": "203.0.113.2", "IPv4Address.1.SubnetMask": "255.255.255.0"},
        "t9 from netifd")
    t.within(int(got[ip + "LastChange"][1]), st["uptime"] - 2, st["uptime"] + 2,
             "LastChange against netifd's uptime %d" % st["uptime"])
    t.check(LEARNT not in servers(got), "an inactive server listed: %s" % servers(got))

    t.uci_batch(["set network.t9.peerdns=1", "commit network"])
    t.sh("reload_config")
    t9_lease(t, True)
    s, got = gpv_session(t, acs, 2, [DNSS], cr_url)
    t.eq(servers(got).get(LEARNT), ("DHCPv4", ip), "the learnt server, once active")

    t.sh("ubus call network.interface.t9 down")
    s, got = gpv_session(t, acs, 3, [ip], cr_url)
    t.eq((got.get(ip + "Status", (None, None))[1],
          got.get(ip + "IPv4AddressNumberOfEntries", (None, None))[1]), ("Down", "0"),
         "t9 down")
