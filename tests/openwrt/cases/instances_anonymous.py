# SPDX-License-Identifier: BSD-2-Clause
"""Instance numbers stay with their uci section (bug 2), whoever creates
or deletes sections. For each table that takes AddObject on openwrt
(NAT.PortMapping: firewall redirects, DHCPv4 StaticAddress: dhcp hosts,
Routing IPv4Forwarding: network routes), four entries a, b, c, d: a and c
made by AddObject, b and d by `uci add` + `uci commit` outside cwmpd, as
LuCI or a shell user makes them (anonymous sections, named by uci from
their position). Every entry is known by its own value (Description,
Chaddr, DestIPAddress). Then d gets a change staged outside and left
uncommitted while cwmpd reads the table (with an unrelated change staged
in the same config); a is deleted outside with `uci delete
CONFIG.@TYPE[0]`, b by DeleteObject; cwmpd restarts. At every step each
remaining entry answers under the number it first had, and a new
AddObject gets a number above all of them. cwmpd's reads commit nobody
else's staged changes and leave them applicable."""

from acs import Plan
from dmcheck import instance_number, status, values
from harness import cm

CR_URL = "http://198.51.100.2:7547/"
STR, UINT, BOOL = "xsd:string", "xsd:unsignedInt", "xsd:boolean"
TAGS = "abcde"


class Table:
    def __init__(self, label, path, config, typ, key, spv, opts, staged, foreign):
        self.label, self.path, self.config, self.type, self.key = label, path, config, typ, key
        self.spv = spv          # tag -> [(parameter, value, xsd type)]
        self.opts = opts        # tag -> ["option=value"], as uci add + set
        self.staged = staged    # a harmless "option=value" staged on one entry
        self.foreign = foreign  # an unrelated "section.option=value" staged

    def ident(self, tag):
        return self.spv(tag)[0][1]


def k(tag):
    return TAGS.index(tag) + 1


DEFERRED = {"firewall": "1", "network": "1"}    # configs whose reload waits
TABLES = [
    Table("nat", "Device.NAT.PortMapping.", "firewall", "redirect", "Description",
          lambda g: [("Description", "pm-" + g, STR), ("ExternalPort", 1000 + k(g), UINT),
                     ("InternalPort", 80, UINT), ("InternalClient", "192.0.2.50", STR)],
          lambda g: ["name=pm-" + g, "target=DNAT", "src=wan", "dest=lan", "proto=tcp",
                     "src_dport=%d" % (1000 + k(g)), "dest_ip=192.0.2.50", "dest_port=80"],
          "enabled=1", "@defaults[0].input=ACCEPT"),
    Table("dhcpv4", "Device.DHCPv4.Server.Pool.1.StaticAddress.", "dhcp", "host", "Chaddr",
          lambda g: [("Chaddr", "02:00:00:00:00:%02x" % k(g), STR),
                     ("Yiaddr", "192.0.2.%d" % (50 + k(g)), STR), ("Enable", "true", BOOL)],
          lambda g: ["mac=02:00:00:00:00:%02x" % k(g), "ip=192.0.2.%d" % (50 + k(g))],
          "name=host-d", "lan.leasetime=1h"),
    Table("routing", "Device.Routing.Router.1.IPv4Forwarding.", "network", "route",
          "DestIPAddress",
          lambda g: [("DestIPAddress", "10.%d.0.0" % k(g), STR),
                     ("DestSubnetMask", "255.255.0.0", STR),
                     ("GatewayIPAddress", "192.0.2.254", STR)],
          lambda g: ["target=10.%d.0.0" % k(g), "netmask=255.255.0.0",
                     "gateway=192.0.2.254", "interface=lan", "disabled=1"],
          "metric=7", "lan.mtu=1400"),
]


def add_by_acs(tag, got, key):
    """Session requests: AddObject + SetParameterValues of tag in each table;
    got[label] = the number answered."""
    def script(s):
        for tb in TABLES:
            yield cm.add_object(tb.path, "%s-add-%s" % (key, tag))
            n = instance_number(s.responses[-1][1])
            got[tb.label] = n
            if n is None:
                return
            yield cm.set_parameter_values([("%s%d.%s" % (tb.path, n, p), v, ty)
                                           for p, v, ty in tb.spv(tag)], "%s-set-%s" % (key, tag))
    return script


def add_by_uci(t, tag):
    """uci add + set + commit, each table; the new section names."""
    out = {}
    for tb in TABLES:
        sec = t.sh("uci add %s %s" % (tb.config, tb.type)).strip()
        t.uci_batch(["set %s.%s.%s" % (tb.config, sec, o) for o in tb.opts(tag)] +
                    ["commit " + tb.config])
        out[tb.label] = sec
    return out


def read_tables(s):
    """A GetParameterValues of every table: {label: {ident: number}}."""
    ms = [m for _, m in s.responses]
    out = {}
    for tb, m in zip(TABLES, ms):
        if m.method != "GetParameterValuesResponse":
            out[tb.label] = {"fault": m.fault_code}
            continue
        _, got = values(m)
        ids = {}
        for name, (_, v) in got.items():
            rest = name[len(tb.path):].split(".", 1)
            if len(rest) == 2 and rest[1] == tb.key and rest[0].isdigit():
                static = got.get("%s%s.StaticRoute" % (tb.path, rest[0]))
                if static is None or static[1] == "true":
                    ids[v] = int(rest[0])
        out[tb.label] = ids
    return out


def gpv_all():
    return [cm.get_parameter_values([tb.path]) for tb in TABLES]


class Run:
    def __init__(self, t, acs):
        self.t, self.acs, self.n = t, acs, 1

    def session(self, requests, what):
        """One session with these requests, started by a connection request."""
        self.acs.queue(Plan(requests=requests))
        self.t.eq(self.t.connection_request(CR_URL), 200, "connection request: " + what)
        self.n += 1
        return self.t.session(self.acs, self.n, timeout=30)

    def expect(self, s, want, what):
        """Each table answers exactly want[label] ({ident: number})."""
        got = read_tables(s)
        for tb in TABLES:
            self.t.eq(got[tb.label], want[tb.label], "%s: %s" % (what, tb.label))


def run(t):
    acs = t.acs()
    numbers_a = {}
    acs.queue(Plan(requests=add_by_acs("a", numbers_a, "s1")))
    t.setup(acs)
    s = t.session(acs, 1, timeout=30)
    r = Run(t, acs)
    t.check(all(m.method in ("AddObjectResponse", "SetParameterValuesResponse")
                for _, m in s.responses), "session 1: %s" % [m.method for _, m in s.responses])
    secs_b = add_by_uci(t, "b")
    numbers_c = {}
    r.session(add_by_acs("c", numbers_c, "s2"), "adding c")
    secs_d = add_by_uci(t, "d")

    # d gets a change staged outside, and its config an unrelated one.
    t.uci_batch(["set %s.%s.%s" % (tb.config, secs_d[tb.label], tb.staged) for tb in TABLES] +
                ["set %s.%s" % (tb.config, tb.foreign) for tb in TABLES])
    files = {tb.label: t.sh("cat /etc/config/" + tb.config) for tb in TABLES}
    s = r.session(gpv_all(), "first read")
    first = read_tables(s)
    want = {}
    for tb in TABLES:
        ids = first[tb.label]
        t.eq(sorted(ids), sorted(tb.ident(g) for g in "abcd"), "entries of " + tb.label)
        t.eq((ids.get(tb.ident("a")), ids.get(tb.ident("c"))),
             (numbers_a.get(tb.label), numbers_c.get(tb.label)),
             tb.label + ": a and c under their AddObject numbers")
        t.eq(len(set(ids.values())), 4, tb.label + ": four numbers")
        want[tb.label] = dict(ids)
        changes = t.sh("uci changes " + tb.config)
        t.check(all(".%s='%s'" % (kv.split("=")[0].split(".")[-1], kv.split("=")[1]) in changes
                    for kv in (tb.staged, tb.foreign)),
                "%s: the staged changes still staged after cwmpd's read: %r"
                % (tb.label, changes))
        t.eq(t.sh("cat /etc/config/" + tb.config), files[tb.label],
             tb.label + ": the config file after cwmpd's read (nothing committed, and d, "
             "named in a staged change, not renamed)")
        # The owner commits the change on d (it still reaches d) and drops the other.
        t.sh("uci revert %s.%s" % (tb.config, tb.foreign.split("=")[0]))
        opt, val = tb.staged.split("=")
        t.sh("uci commit " + tb.config)
        got = t.sh("uci -q get %s.@%s[-1].%s" % (tb.config, tb.type, opt)).strip()
        t.eq(got, val, tb.label + ": the change staged on d, committed after cwmpd's read")

    s = r.session(gpv_all(), "read after the commit")
    r.expect(s, want, "after the owner's commit")

    # a deleted outside, as LuCI does: by position.
    for tb in TABLES:
        t.uci_batch(["delete %s.@%s[0]" % (tb.config, tb.type), "commit " + tb.config])
        del want[tb.label][tb.ident("a")]
    s = r.session(gpv_all(), "read after uci delete")
    r.expect(s, want, "after uci delete of a")

    # b deleted by DeleteObject.
    reqs = [cm.delete_object("%s%d." % (tb.path, want[tb.label][tb.ident("b")]), "del-b")
            for tb in TABLES]
    s = r.session(reqs + gpv_all(), "DeleteObject of b")
    for (_, m), tb in zip(s.responses, TABLES):
        # Status 1 where the reload is deferred to after the session (bug 5)
        t.eq((m.method, status(m)), ("DeleteObjectResponse", DEFERRED.get(tb.config, "0")),
             "DeleteObject b: " + tb.label)
        del want[tb.label][tb.ident("b")]
    s.responses[:] = s.responses[len(TABLES):]
    r.expect(s, want, "after DeleteObject of b")
    t.check(all(secs_b[tb.label] not in t.sh("uci -X show " + tb.config) for tb in TABLES),
            "b's sections gone")

    # A restart reads the same numbers; a new entry gets a number above all.
    # The plan is queued first: the new daemon's BOOT Inform may come
    # before t.until has seen its pid.
    pid = t.pid()
    acs.queue(Plan(requests=gpv_all()))
    t.sh("/etc/init.d/cwmpd restart")
    t.until(lambda: t.pid() not in (None, pid), 10, "cwmpd restarted")
    r.n += 1
    s = t.session(acs, r.n, timeout=20)
    t.eq(s.inform.event_codes, ["1 BOOT"], "events after the restart")
    r.expect(s, want, "after the restart")
    numbers_e = {}
    r.session(add_by_acs("e", numbers_e, "s8"), "adding e")
    for tb in TABLES:
        n = numbers_e.get(tb.label)
        t.check(n is not None and n > max(first[tb.label].values()),
                "%s: e's number %r above every earlier one %r" % (tb.label, n, first[tb.label]))
        want[tb.label][tb.ident("e")] = n
    s = r.session(gpv_all(), "last read")
    r.expect(s, want, "at the end")
