# SPDX-License-Identifier: BSD-2-Clause
"""A SetParameterValues on each writable family on openwrt, each read back
from uci and, where it applies, from the live state: the time zone and NTP
servers (system), a DHCPv4 pool's range and lease time (dhcp), the lan's
address (network, and netifd's `ubus call network.interface.lan status`),
a DNS server of the wan (network, and netifd's dns-server), the
provisioning code and PeriodicInformInterval (cwmpd's own config). Then
AddObject, a SetParameterValues and DeleteObject on every table GPN calls
writable -- exactly NAT.PortMapping, Routing's IPv4Forwarding and a
pool's StaticAddress on openwrt -- each read back from uci (the route
also from the kernel's table) after the add and after the delete."""

from dmcheck import gpn_check, instance_number, read_schema, status, values
from harness import cm
from owrt import answers

LAN_ADDR = "192.0.2.2"
DNS_OLD, DNS_NEW = "198.51.100.53", "203.0.113.53"
TZ = "CET-1CEST,M3.5.0,M10.5.0/3"
NTP = "ntp1.example.net,ntp2.example.net"


def first(vals, suffix, value):
    """The object path whose parameter suffix has value, or None."""
    for n, (_, v) in vals.items():
        if n.endswith("." + suffix) and v == value:
            return n[:-len(suffix)]
    return None


def sv(name, value, ty="xsd:string"):
    return (name, value, ty)


def set_ok(t, m, what):
    t.check(m.method == "SetParameterValuesResponse" and status(m) in ("0", "1"),
            "%s: %s %s" % (what, m.method, m.fault_code or status(m)))


def live_addr(t, iface):
    st = t.ubus("network.interface." + iface, "status")
    return [a["address"] for a in st.get("ipv4-address", [])], st.get("dns-server", [])


def families(t, acs):
    """One SetParameterValues per family; returns the session's answers."""
    s = t.ask(acs, 2, [cm.get_parameter_values(["Device.IP.Interface.", "Device.DNS.Client.",
                                                "Device.DHCPv4.Server.Pool.", "Device.Time."])])
    vals = values(answers(s)[0])[1]
    lan = first(vals, "Name", "lan")
    dns = first(vals, "DNSServer", DNS_OLD)
    pool = first(vals, "Interface", lan)
    t.check(lan and dns and pool and "Device.Time.Client.1.Servers" in vals,
            "lan %s, DNS server %s, pool %s, time client: %s" % (lan, dns, pool, sorted(vals)[:8]))
    reqs = [
        [sv("Device.Time.LocalTimeZone", TZ), sv("Device.Time.Client.1.Servers", NTP)],
        [sv(pool + "MinAddress", "192.0.2.50"), sv(pool + "MaxAddress", "192.0.2.99"),
         sv(pool + "LeaseTime", "3600", "xsd:int")],
        [sv(lan + "IPv4Address.1.IPAddress", LAN_ADDR)],
        [sv(dns + "DNSServer", DNS_NEW)],
        [sv("Device.DeviceInfo.ProvisioningCode", "prov-7")],
        [sv("Device.ManagementServer.PeriodicInformInterval", "3600", "xsd:unsignedInt")],
    ]
    s = t.ask(acs, 3, [cm.set_parameter_values(r, key="k%d" % i) for i, r in enumerate(reqs)])
    for r, m in zip(reqs, answers(s)):
        set_ok(t, m, "SPV of %s" % r[0][0])

    uci = t.uci_get
    t.eq(uci("system.@system[0].timezone"), TZ, "system timezone")
    t.eq(uci("system.ntp.server"), NTP.replace(",", " "), "system ntp servers")
    t.eq((uci("dhcp.lan.start"), uci("dhcp.lan.limit"), uci("dhcp.lan.leasetime")),
         ("50", "50", "3600"), "dhcp lan start, limit, leasetime")
    t.eq(uci("network.lan.ipaddr"), LAN_ADDR, "network lan ipaddr")
    t.until(lambda: live_addr(t, "lan")[0] == [LAN_ADDR], 10, "netifd: lan at " + LAN_ADDR)
    t.eq(uci("network.wan.dns"), DNS_NEW, "network wan dns")
    t.until(lambda: live_addr(t, "wan")[1] == [DNS_NEW], 10, "netifd: wan dns-server " + DNS_NEW)
    t.eq(uci("cwmpd.acs.provisioning_code"), "prov-7", "cwmpd provisioning_code")
    t.eq(uci("cwmpd.acs.periodic_interval"), "3600", "cwmpd periodic_interval")


def uci_section(t, config, option, value):
    """The name of the section of config with option = value, or None."""
    for line in t.sh("uci -q show %s" % config).splitlines():
        key, _, v = line.partition("=")
        if key.endswith("." + option) and v.strip("'") == value:
            return key.split(".")[1]
    return None


# table -> (parameters to set after the add, (config, option, value) that
# finds its section, {option: value} the section must then hold)
TABLES = {
    "Device.NAT.PortMapping.": (
        [sv("Enable", "true", "xsd:boolean"), sv("ExternalPort", "2222", "xsd:unsignedInt"),
         sv("InternalPort", "22", "xsd:unsignedInt"), sv("InternalClient", "192.0.2.10"),
         sv("Description", "ssh-in")],
        ("firewall", "name", "ssh-in"),
        {"target": "DNAT", "src_dport": "2222", "dest_port": "22", "dest_ip": "192.0.2.10",
         "enabled": "1"}),
    "Device.Routing.Router.1.IPv4Forwarding.": (
        [sv("DestIPAddress", "10.20.0.0"), sv("DestSubnetMask", "255.255.0.0"),
         sv("GatewayIPAddress", "192.0.2.254"), sv("Enable", "true", "xsd:boolean")],
        ("network", "target", "10.20.0.0"),
        {"netmask": "255.255.0.0", "gateway": "192.0.2.254", "disabled": "0"}),
    "StaticAddress.": (
        [sv("Chaddr", "02:00:00:00:00:22"), sv("Yiaddr", "192.0.2.22"),
         sv("Enable", "true", "xsd:boolean")],
        ("dhcp", "mac", "02:00:00:00:00:22"),
        {"ip": "192.0.2.22", "enabled": "1"}),
}


def tables(t, acs, schema):
    s = t.ask(acs, 4, [cm.get_parameter_names("Device.", False)])
    items, probs = gpn_check(answers(s)[0], "Device.", False, schema)
    t.check(not probs, "GPN: %s" % "; ".join(probs[:5]))
    writable = sorted(n for n, w in items if w == "1" and n.endswith(".") and
                      not n[:-1].rsplit(".", 1)[-1].isdigit())
    kinds = {n: [k for k in TABLES if n.endswith(k)] for n in writable}
    t.check(all(len(k) == 1 for k in kinds.values()) and
            sorted(k[0] for k in kinds.values()) == sorted(TABLES),
            "the tables GPN calls writable: %s" % writable)
    n = 5
    for table in writable:
        params, (config, option, value), want = TABLES[kinds[table][0]]
        s = t.ask(acs, n, [cm.add_object(table, key="add")])
        num = instance_number(answers(s)[0])
        t.check(num, "AddObject %s: %s %s" % (table, answers(s)[0].method,
                                              answers(s)[0].fault_code))
        inst = "%s%d." % (table, num)
        s = t.ask(acs, n + 1, [cm.set_parameter_values(
            [(inst + p, v, ty) for p, v, ty in params], key="set")])
        set_ok(t, answers(s)[0], "SPV of the new " + inst)
        sec = uci_section(t, config, option, value)
        t.check(sec, "%s: no %s section with %s=%s" % (inst, config, option, value))
        got = {k: t.uci_get("%s.%s.%s" % (config, sec, k)) for k in want}
        t.eq(got, want, "%s.%s of %s" % (config, sec, inst))
        if config == "network":
            t.until(lambda: "via 192.0.2.254" in t.sh("ip -4 route show 10.20.0.0/16"), 10,
                    "the kernel's route to 10.20.0.0/16")
        s = t.ask(acs, n + 2, [cm.delete_object(inst, key="del")])
        t.eq((answers(s)[0].method, status(answers(s)[0]) in ("0", "1")),
             ("DeleteObjectResponse", True), "DeleteObject " + inst)
        t.eq(t.uci_get("%s.%s" % (config, sec)), None, "%s.%s after the delete" % (config, sec))
        if config == "network":
            t.until(lambda: t.sh("ip -4 route show 10.20.0.0/16").strip() == "", 10,
                    "the kernel's route to 10.20.0.0/16 gone")
        n += 3


def run(t):
    schema = read_schema(t.env.top_srcdir, "openwrt")
    acs = t.acs()
    t.wan()
    t.ntp()
    t.uci_batch(["add_list network.wan.dns=" + DNS_OLD, "commit network"])
    t.sh("reload_config")
    t.configure(acs)
    t.start_cwmpd()
    t.session(acs, 1, timeout=20)
    families(t, acs)
    tables(t, acs, schema)
