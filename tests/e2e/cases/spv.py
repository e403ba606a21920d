# SPDX-License-Identifier: BSD-2-Clause
"""SetParameterValues: values of two plugins and a native one set in one
request (Status 0, ParameterKey stored, the same session reads them back);
a request with one good and several bad parameters changes nothing and
answers 9003 with one SetParameterValuesFault per bad parameter (9005
unknown, 9006 wrong type, 9007 bad value, 9008 read-only); a name given
twice is 9003; the ManagementServer value reaches the config file and the
agent uses it after the session; everything survives a restart."""

import re

from dmcheck import needs_data_model, spv_faults, status, values
from harness import cm

NAT = "Device.NAT.PortMapping.1.Description"
PC = "Device.DeviceInfo.ProvisioningCode"
PII = "Device.ManagementServer.PeriodicInformInterval"
KEY = "Device.ManagementServer.ParameterKey"


def gpv():
    return cm.get_parameter_values([NAT, PC, PII, KEY])


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.default_plan.requests = [
        cm.set_parameter_values([(NAT, "web <server> & more", "xsd:string"),
                                 (PC, "cwmpd-e2e", "xsd:string"),
                                 (PII, "3600", "xsd:unsignedInt")], key="k1"),
        gpv(),
        cm.set_parameter_values([(NAT, "must not stick", "xsd:string"),
                                 (PC, "x" * 65, "xsd:string"),
                                 (PII, "true", "xsd:boolean"),
                                 ("Device.ManagementServer.CWMPRetryMinimumWaitInterval",
                                  "0", "xsd:unsignedInt"),
                                 (KEY, "mine", "xsd:string"),
                                 ("Device.NAT.PortMapping.77.Description", "x", "xsd:string"),
                                 ("Device.Nope", "1", "xsd:string")], key="k2"),
        cm.set_parameter_values([(NAT, "a", "xsd:string"), (NAT, "b", "xsd:string")],
                                key="k3"),
        cm.set_parameter_values([("Device.ManagementServer.URL", "ftp://acs.example",
                                  "xsd:string")], key="k4"),
        gpv(),
    ]
    d = t.start(t.config(acs))
    s = t.session(acs, 1, timeout=30)
    t.eq(len(s.responses), 6, "answers")
    r = [m for _, m in s.responses]

    t.eq(r[0].method, "SetParameterValuesResponse", "answer to the good SPV")
    t.eq(status(r[0]), "0", "Status of the good SPV")
    _, got = values(r[1])
    t.eq(got.get(NAT, (None, ""))[1], "web <server> & more", "NAT description read back")
    t.eq(got.get(PC, (None, ""))[1], "cwmpd-e2e", "ProvisioningCode read back")
    t.eq(got.get(PII, (None, ""))[1], "3600", "PeriodicInformInterval read back")
    t.eq(got.get(KEY, (None, ""))[1], "k1", "ParameterKey after the good SPV")

    t.eq(r[2].method, "Fault", "answer to the bad SPV")
    t.eq(r[2].fault_code, 9003, "fault code of the bad SPV")
    t.eq(spv_faults(r[2]), {
        PC: 9007, PII: 9006,
        "Device.ManagementServer.CWMPRetryMinimumWaitInterval": 9007,
        KEY: 9008, "Device.NAT.PortMapping.77.Description": 9005, "Device.Nope": 9005,
    }, "SetParameterValuesFault entries")
    t.eq(r[3].method, "Fault", "answer to a name given twice")
    t.eq(r[3].fault_code, 9003, "fault code for a name given twice")
    t.eq(spv_faults(r[4]), {"Device.ManagementServer.URL": 9007}, "ftp:// URL refused")

    _, got = values(r[5])
    t.eq(got.get(NAT, (None, ""))[1], "web <server> & more", "NAT description unchanged")
    t.eq(got.get(PC, (None, ""))[1], "cwmpd-e2e", "ProvisioningCode unchanged")
    t.eq(got.get(KEY, (None, ""))[1], "k1", "ParameterKey unchanged by faults")

    conf = open(d.conf).read()
    t.check(re.search(r"option periodic_interval '3600'", conf),
            "PeriodicInformInterval written to the config:\n" + conf)
    t.until(lambda: "configuration reloaded" in t.log_text(), 10,
            "the agent reloads the config after the session")

    acs.default_plan.requests = [gpv()]
    t.restart(d)
    s = t.session(acs, 2, timeout=30)
    t.eq(s.inform.params.get(KEY, (None, None))[1], "k1", "ParameterKey in the Inform")
    t.eq(s.inform.params.get(PC, (None, None))[1], "cwmpd-e2e", "ProvisioningCode in the Inform")
    _, got = values(s.responses[0][1])
    t.eq(got.get(NAT, (None, ""))[1], "web <server> & more", "NAT description after restart")
    t.eq(got.get(PII, (None, ""))[1], "3600", "PeriodicInformInterval after restart")
