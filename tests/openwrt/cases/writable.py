# SPDX-License-Identifier: BSD-2-Clause
"""GetParameterNames' Writable on openwrt is what really works (bug 12).
On a router with one instance in every table an operator fills (a port
mapping, a static lease, a static route, a DNS server on the wan, the NTP
client of a fresh image, the radio of the userland), every parameter GPN
calls writable is set to the value it reads, in one SetParameterValues
per plugin: each is accepted (Status 0 or 1) and reads back the same.
Hidden ones get a valid value instead of the "" they read (the wifi key
both ways: a PreSharedKey, then the passphrase again). The only
exceptions are the instance-dependent ones TR-181 allows a CPE to refuse:
a kernel route's parameters (StaticRoute false) draw 9001. And what
map.txt marks readonly=openwrt is refused before any plugin runs: Writable
0, SetParameterValues 9008 for each, AddObject/DeleteObject 9005, and the
ParameterKey stays."""

from dmcheck import gpn_check, gpv_check, instance_number, read_schema, schema_path, spv_faults
from harness import acsmod, cm
from owrt import CR_PASS, backing

WIFI_KEY = "testbed-passphrase"       # the userland's wireless config
HIDDEN = {"Device.ManagementServer.Password": "",
          "Device.ManagementServer.ConnectionRequestPassword": CR_PASS}
READONLY = ["Device.Users.User.1.Username", "Device.DNS.Client.Enable",
            "Device.DHCPv4.Server.Pool.1.DomainName", "Device.IP.Interface.1.IPv4Enable",
            "Device.Routing.Router.1.Enable", "Device.WiFi.Radio.1.OperatingStandards"]
NO_ADD = ["Device.Users.User.", "Device.DNS.Client.Server.", "Device.DHCPv4.Server.Pool."]


def instances(t):
    """What an operator (or LuCI) would have put there."""
    t.uci_batch([
        "set firewall.web=redirect", "set firewall.web.target=DNAT", "set firewall.web.src=wan",
        "set firewall.web.dest=lan", "set firewall.web.proto=tcp", "set firewall.web.name=web",
        "set firewall.web.src_dport=8080", "set firewall.web.dest_ip=192.0.2.10",
        "set firewall.web.dest_port=80", "commit firewall",
        "set dhcp.nas=host", "set dhcp.nas.mac=02:00:00:00:00:10", "set dhcp.nas.ip=192.0.2.10",
        "commit dhcp",
        "set network.r1=route", "set network.r1.interface=lan", "set network.r1.target=10.10.0.0",
        "set network.r1.netmask=255.255.0.0", "set network.r1.gateway=192.0.2.254",
        "add_list network.wan.dns=198.51.100.53", "commit network"])
    t.sh("reload_config")
    t.ntp()


def kernel_route(name, values):
    """A parameter of a route the kernel made (not the network config's)."""
    if ".IPv4Forwarding." not in name:
        return False
    inst = name[:name.index(".IPv4Forwarding.") + len(".IPv4Forwarding.")]
    inst += name[len(inst):].split(".", 1)[0] + "."
    return values.get(inst + "StaticRoute", (None, ""))[1] in ("false", "0")


def spv_groups(items, values, plugins):
    """{plugin: [(name, value, xsi:type)]} of every writable parameter,
    and the kernel routes' ones apart."""
    groups, kernel = {}, []
    for name, w in items:
        if w != "1" or name.endswith("."):
            continue
        ty, text = values[name]
        if name in HIDDEN:
            text = HIDDEN[name]
        elif name.endswith(".Security.KeyPassphrase"):
            text = WIFI_KEY
        elif name.endswith(".Security.PreSharedKey"):
            text = "ab" * 32
        if kernel_route(name, values):
            kernel.append((name, text, ty))
            continue
        groups.setdefault(plugins[schema_path(name)], []).append((name, text, ty))
    for g in groups.values():      # the key: PreSharedKey first, the passphrase last
        g.sort(key=lambda v: v[0].endswith(".KeyPassphrase"))
    return groups, kernel


def plan(rec, schema, plugins):
    def requests(s):
        yield cm.get_parameter_names("Device.", False)
        items, rec["gpn"] = gpn_check(s.responses[-1][1], "Device.", False, schema)
        names = [n for n, _ in items if not n.endswith(".")]
        yield cm.get_parameter_values(names)
        values, rec["gpv"] = gpv_check(s.responses[-1][1], names, schema)
        rec["before"] = {n: (ty, v) for n, ty, v in values}
        rec["groups"], rec["kernel"] = spv_groups(items, rec["before"], plugins)
        rec["spv"] = {}
        for plugin, vals in sorted(rec["groups"].items()):
            yield cm.set_parameter_values(vals, key="w-" + plugin)
            rec["spv"][plugin] = s.responses[-1][1]
        yield cm.set_parameter_values(rec["kernel"][:2], key="kernel")
        rec["kernel_answer"] = s.responses[-1][1]
        yield cm.set_parameter_values([(n, rec["before"][n][1], rec["before"][n][0])
                                       for n in READONLY], key="readonly")
        rec["readonly"] = s.responses[-1][1]
        rec["objects"] = []
        for name in NO_ADD:
            yield cm.add_object(name, key="add")
            rec["objects"].append((name, s.responses[-1][1]))
        yield cm.delete_object("Device.Users.User.1.", key="delete")
        rec["objects"].append(("Device.Users.User.1.", s.responses[-1][1]))
        yield cm.get_parameter_values(names)
        values, rec["gpv_after"] = gpv_check(s.responses[-1][1], names, schema)
        rec["after"] = {n: (ty, v) for n, ty, v in values}
    return requests


def run(t):
    schema = read_schema(t.env.top_srcdir, "openwrt")
    plugins = backing(t.env.top_srcdir)
    acs = t.acs()
    rec = {}
    t.wan()
    instances(t)
    acs.queue(acsmod.Plan(ns="echo", requests=plan(rec, schema, plugins)))
    t.configure(acs)
    t.start_cwmpd()
    s = t.session(acs, 1, timeout=60)
    t.check("after" in rec, "the session ended early (%d answers)" % len(s.responses))
    for key in ("gpn", "gpv", "gpv_after"):
        t.check(not rec[key], "%s: %s" % (key, "; ".join(rec[key][:6])))

    # Every family has its instance: nothing writable was left untried.
    want = {"deviceinfo", "time", "ip", "wifi", "dhcpv4", "dns", "nat", "routing", "native"}
    t.eq(set(rec["groups"]), want, "plugins with writable parameters")
    for plugin, m in sorted(rec["spv"].items()):
        names = [n for n, _, _ in rec["groups"][plugin]]
        t.check(m.method == "SetParameterValuesResponse",
                "%s: a set of the %d values it reads (%s ...) answered %s %s %s" % (
                    plugin, len(names), names[0], m.method, m.fault_code, spv_faults(m)))
    changed = sorted(n for vals in rec["groups"].values() for n, _, _ in vals
                     if rec["after"].get(n) != rec["before"][n] and n not in HIDDEN and
                     not n.endswith(("KeyPassphrase", "PreSharedKey")))
    t.check(not changed, "read back differently: %s" % ["%s %r -> %r" % (
        n, rec["before"][n][1], rec["after"].get(n, ("", None))[1]) for n in changed[:6]])

    t.eq(t.uci_get("wireless.default_radio0.key"), WIFI_KEY, "the wifi key, set twice")
    t.eq(t.uci_get("cwmpd.cpe.password"), CR_PASS, "the connection request password")

    # The instance-dependent refusals TR-181 allows: a kernel route.
    t.check(rec["kernel"], "no kernel route on the router")
    t.eq(spv_faults(rec["kernel_answer"]), {n: 9001 for n, _, _ in rec["kernel"][:2]},
         "a kernel route's parameters")

    # readonly=openwrt: refused by the agent.
    t.eq(spv_faults(rec["readonly"]), {n: 9008 for n in READONLY}, "SPV of read-only items")
    for name, m in rec["objects"]:
        t.eq((m.method, m.fault_code), ("Fault", 9005), "%s on %s" % (
            "DeleteObject" if name[-2].isdigit() else "AddObject", name))
        t.eq(instance_number(m), None, "instance number from " + name)
    t.eq(rec["after"]["Device.ManagementServer.ParameterKey"][1], "w-wifi",
         "ParameterKey after the refused requests")
    t.note("%d writable parameters set in %d SetParameterValues" % (
        sum(len(v) for v in rec["groups"].values()), len(rec["groups"])))
