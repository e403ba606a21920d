# SPDX-License-Identifier: BSD-2-Clause
"""GetParameterAttributes and SetParameterAttributes: the defaults by the
schema's activeNotify class, settings read back in the same and in the next
session, a partial path that overrides the settings below it, every fault
(9005 unknown name, 9003 bad arguments, 9009 rejected notification, 9004
too many names) with nothing stored by a request that faulted, and a
ParameterKey that SPA leaves alone."""

import os
from xml.sax.saxutils import escape

from dmcheck import attributes, needs_data_model, values
from harness import acsmod, cm

SW = "Device.DeviceInfo.SoftwareVersion"              # forceEnabled
CRURL = "Device.ManagementServer.ConnectionRequestURL"  # forceDefaultEnabled
UPTIME = "Device.DeviceInfo.UpTime"                    # canDeny
PII = "Device.ManagementServer.PeriodicInformInterval"  # normal
HOST1 = "Device.Hosts.Host.1.HostName"
HOST2 = "Device.Hosts.Host.2.HostName"


def spa_raw(name, notif_change="false", notif="0", acl_change="false", acl=()):
    """One SetParameterAttributesStruct with every field as given text."""
    return ("<cwmp:SetParameterAttributes><ParameterList soap-enc:arrayType="
            '"cwmp:SetParameterAttributesStruct[1]"><SetParameterAttributesStruct>'
            "<Name>%s</Name><NotificationChange>%s</NotificationChange>"
            "<Notification>%s</Notification><AccessListChange>%s</AccessListChange>"
            '<AccessList soap-enc:arrayType="xsd:string[%d]">%s</AccessList>'
            "</SetParameterAttributesStruct></ParameterList></cwmp:SetParameterAttributes>"
            % (escape(name), notif_change, notif, acl_change, len(acl),
               "".join("<string>%s</string>" % escape(a) for a in acl)))


# (what, request, fault code) sent after the settings of session 1
FAULTS = [
    ("SPA unknown name", cm.set_parameter_attributes([("Device.Nope", 1, None)]), 9005),
    ("SPA unknown instance", cm.set_parameter_attributes([("Device.Hosts.Host.99.", 1, None)]),
     9005),
    ("SPA Notification 'x'", spa_raw(PII, "true", "x"), 9003),
    ("SPA Notification 7", spa_raw(PII, "true", "7"), 9003),
    ("SPA Notification -1", spa_raw(PII, "true", "-1"), 9003),
    ("SPA NotificationChange 'maybe'", spa_raw(PII, "maybe", "1"), 9003),
    ("SPA no Name", "<cwmp:SetParameterAttributes><ParameterList><SetParameterAttributesStruct>"
     "<NotificationChange>1</NotificationChange><Notification>1</Notification>"
     "<AccessListChange>0</AccessListChange><AccessList/></SetParameterAttributesStruct>"
     "</ParameterList></cwmp:SetParameterAttributes>", 9003),
    ("SPA AccessList Admin", cm.set_parameter_attributes([(PII, None, ["Admin"])]), 9003),
    ("SPA Notification 4 (lightweight)", spa_raw(PII, "true", "4"), 9009),
    ("SPA active on canDeny UpTime", cm.set_parameter_attributes([(UPTIME, 2, None)]), 9009),
    ("SPA active on DeviceInfo. (canDeny below)",
     cm.set_parameter_attributes([("Device.DeviceInfo.", 2, None)]), 9009),
    ("SPA off on forceEnabled SoftwareVersion",
     cm.set_parameter_attributes([(SW, 0, None)]), 9009),
    ("SPA all or nothing", cm.set_parameter_attributes([(PII, 0, None), (HOST1, 2, None),
                                                       ("Device.Nope", 1, None)]), 9005),
    ("GPA unknown name", cm.get_parameter_attributes([SW, "Device.Nope"]), 9005),
    ("GPA object without its dot", cm.get_parameter_attributes(["Device.DeviceInfo"]), 9005),
    ("GPA 1025 names", cm.get_parameter_attributes([UPTIME] * 1025), 9004),
    ("SPA 1025 structs", cm.set_parameter_attributes([(PII, 1, None)] * 1025), 9004),
]


def expect_attrs(t, m, want, what):
    """want: {name: (notification, [access])} all present in m."""
    t.eq(m.method, "GetParameterAttributesResponse", what)
    at, got = attributes(m)
    t.eq(at, "cwmp:ParameterAttributeStruct[%d]" % len(got), "arrayType of " + what)
    for name, (notif, acl) in want.items():
        g = got.get(name)
        t.check(g is not None, "%s: %s missing" % (what, name))
        t.eq((g[0], g[1]), (str(notif), acl), "%s: %s" % (what, name))
        t.eq(g[2], "xsd:string[%d]" % len(acl), "%s: AccessList arrayType of %s" % (what, name))
    return got


def check_session1(t, s):
    r = [m for _, m in s.responses]
    got = expect_attrs(t, r[0], {SW: (2, []), CRURL: (2, []), UPTIME: (0, []), PII: (0, [])},
                       "GPA defaults")
    t.eq(len(got), 4, "GPA defaults: count")
    for i in (1, 3, 5):
        t.eq(r[i].method, "SetParameterAttributesResponse", "answer to SPA #%d" % i)
    got = expect_attrs(t, r[2], {PII: (1, ["Subscriber"]), SW: (2, []), HOST2: (2, []),
                                 HOST1: (0, [])}, "GPA after SPA")
    t.check(all(n.startswith("Device.Hosts.") or n in (PII, SW) for n in got),
            "GPA Hosts. lists the hosts only: %s" % sorted(got))
    t.check(all(v[0] == "2" for n, v in got.items() if n.startswith("Device.Hosts.Host.2.")),
            "everything under Host.2. is active")
    expect_attrs(t, r[4], {HOST2: (1, []), HOST1: (1, []), "Device.Hosts.HostNumberOfEntries":
                           (1, [])}, "GPA after the partial path Hosts.")
    for (what, _, code), m in zip(FAULTS, r[6:6 + len(FAULTS)]):
        t.eq(m.method, "Fault", what)
        t.eq(m.fault_code, code, "fault code of " + what)
    m = r[6 + len(FAULTS)]
    expect_attrs(t, m, {PII: (1, ["Subscriber"]), HOST1: (1, [])}, "GPA after the faults")
    m = r[7 + len(FAULTS)]
    got = expect_attrs(t, m, {SW: (2, []), CRURL: (2, []), HOST2: (1, [])}, "GPA \"\"")
    t.check(len(got) > 50, "GPA \"\" lists %d parameters" % len(got))
    t.check(all(n.startswith("Device.") and not n.endswith(".") for n in got),
            "GPA \"\" lists parameters only")


def run(t):
    needs_data_model(t)
    acs = t.acs()
    seen = {}

    def read_file_then_gpa(session):
        """The file as it is once the faults are answered (SPA writes it
        before it answers), then a GPA."""
        with open(os.path.join(t.state_dir, "attributes")) as f:
            seen["file"] = f.read()
        return cm.get_parameter_attributes([PII, HOST1])

    session1 = [
        cm.get_parameter_attributes([SW, CRURL, UPTIME, PII]),
        cm.set_parameter_attributes([(PII, 1, ["Subscriber"]), (SW, 2, None),
                                     ("Device.Hosts.Host.2.", 2, None)]),
        cm.get_parameter_attributes([PII, SW, "Device.Hosts."]),
        cm.set_parameter_attributes([("Device.Hosts.", 1, None)]),
        cm.get_parameter_attributes(["Device.Hosts."]),
        cm.set_parameter_attributes([]),
    ] + [req for _, req, _ in FAULTS] + [
        read_file_then_gpa,
        cm.get_parameter_attributes([""]),
    ]
    session2 = [
        cm.get_parameter_attributes([PII, HOST2, SW]),
        spa_raw(PII, acl_change="true"),          # AccessList back to empty
        spa_raw(CRURL, notif_change="1", notif=" 0 "),
        cm.get_parameter_attributes([PII, CRURL]),
        cm.get_parameter_values(["Device.ManagementServer.ParameterKey"]),
    ]
    acs.queue(acsmod.Plan(requests=session1), acsmod.Plan(requests=session2))
    t.start(t.config(acs, acs_opts={"periodic_enable": "1", "periodic_interval": "3"}))

    s = t.session(acs, 1, timeout=30)
    t.eq(len(s.responses), len(session1), "answers in session 1")
    check_session1(t, s)
    t.eq(seen.get("file"), "Device.Hosts.\t1\n%s\t1;Subscriber\n" % PII, "the attributes file")

    s = t.session(acs, 2, timeout=15)
    t.eq(len(s.responses), len(session2), "answers in session 2")
    r = [m for _, m in s.responses]
    expect_attrs(t, r[0], {PII: (1, ["Subscriber"]), HOST2: (1, []), SW: (2, [])},
                 "GPA in the next session")
    t.eq(r[1].method, "SetParameterAttributesResponse", "answer to SPA AccessList empty")
    t.eq(r[2].method, "SetParameterAttributesResponse", "answer to SPA CR URL off")
    expect_attrs(t, r[3], {PII: (1, []), CRURL: (0, [])}, "GPA after clearing")
    t.eq(values(r[4])[1].get("Device.ManagementServer.ParameterKey", (None, None))[1], "",
         "ParameterKey after SPA")
