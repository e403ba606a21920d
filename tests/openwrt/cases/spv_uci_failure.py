# SPDX-License-Identifier: BSD-2-Clause
"""What uci cannot take is a fault, and the whole write is rolled back
(bug 4). A value with a newline (uci would store it, but `uci show`
prints it raw, so it could not be read back, and it could forge other
lines) is refused: 9003 with 9007 for it. A route deleted outside cwmpd
after the ACS read it (the session's cache still has it) makes the
staging fail in real uci ("Invalid argument"): 9002, and the lan address
set in the same request is not written either. Neither changes the
ParameterKey or leaves anything staged. A 150 KB value (RemoteHost has
no size limit), past what a command line takes (E2BIG), is written whole."""

from acs import Plan
from dmcheck import spv_faults, values
from harness import cm
from owrt import instance_of

IPS, PMS = "Device.IP.Interface.", "Device.NAT.PortMapping."
FWD = "Device.Routing.Router.1.IPv4Forwarding."
KEY = "Device.ManagementServer.ParameterKey"
LONG = "h" * (150 * 1024)


def setup_configs(t):
    t.uci_batch(["set firewall.pm1=redirect", "set firewall.pm1.target=DNAT",
                 "set firewall.pm1.src=wan", "set firewall.pm1.dest=lan",
                 "set firewall.pm1.proto=tcp", "set firewall.pm1.src_dport=8080",
                 "set firewall.pm1.dest_ip=192.0.2.10", "set firewall.pm1.dest_port=80",
                 "set firewall.pm1.name=web", "commit firewall",
                 "set network.r1=route", "set network.r1.interface=lan",
                 "set network.r1.target=10.20.0.0", "set network.r1.netmask=255.255.0.0",
                 "set network.r1.gateway=192.0.2.254", "commit network"])


def run(t):
    acs = t.acs()
    setup_configs(t)
    inst = {}

    def script(s):
        yield cm.get_parameter_values([IPS, PMS, FWD])
        _, v = values(s.responses[-1][1])
        inst.update(ip=instance_of(v, IPS, "Name", "lan"),
                    pm=instance_of(v, PMS, "Description", "web"),
                    fwd=instance_of(v, FWD, "DestIPAddress", "10.20.0.0"))
        if None in inst.values():
            return
        lan_ip = (inst["ip"] + "IPv4Address.1.IPAddress", "192.0.2.7", "xsd:string")
        yield cm.set_parameter_values([(inst["pm"] + "Description", "two\nlines", "xsd:string"),
                                       lan_ip], key="k-newline")
        t.uci_batch(["delete network.r1", "commit network"])
        yield cm.set_parameter_values([lan_ip, (inst["fwd"] + "GatewayIPAddress",
                                                "192.0.2.253", "xsd:string")], key="k-gone")
        yield cm.get_parameter_values([KEY])
        yield cm.set_parameter_values([(inst["pm"] + "RemoteHost", LONG, "xsd:string")],
                                      key="k-long")
        yield cm.get_parameter_values([KEY, inst["pm"] + "RemoteHost"])

    acs.queue(Plan(requests=script))
    t.setup(acs)
    s = t.session(acs, 1, timeout=40)
    t.check(None not in inst.values(), "instances in the GPV answer: %s" % inst)
    r = [m for _, m in s.responses]
    t.eq(len(r), 6, "answers")

    t.eq((r[1].method, r[1].fault_code), ("Fault", 9003), "a value with a newline")
    t.eq(spv_faults(r[1]), {inst["pm"] + "Description": 9007}, "its parameter fault")
    t.eq((r[2].method, r[2].fault_code), ("Fault", 9002), "staging on a deleted route")
    t.eq(values(r[3])[1].get(KEY, (None, None))[1], "", "ParameterKey after the faults")
    t.eq(t.uci_get("network.lan.ipaddr"), "192.0.2.1", "lan address rolled back")
    t.eq(t.uci_get("firewall.pm1.name"), "web", "description unchanged")
    t.eq(t.sh("uci changes").strip(), "", "nothing left staged in uci")

    t.eq(r[4].method, "SetParameterValuesResponse", "the 150 KB value (fault %s)"
         % r[4].fault_code)
    _, got = values(r[5])
    t.eq(got.get(KEY, (None, None))[1], "k-long", "ParameterKey after the long value")
    t.check(got.get(inst["pm"] + "RemoteHost", (None, ""))[1] == LONG,
            "the long value read back whole in the session")
    t.check(t.uci_get("firewall.pm1.src_ip") == LONG, "the long value in uci")
