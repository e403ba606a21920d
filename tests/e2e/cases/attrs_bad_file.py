# SPDX-License-Identifier: BSD-2-Clause
"""A damaged attributes file: garbage lines are skipped and the good ones
still count; an "attributes" that cannot be read or replaced (here a
directory) makes GetParameterAttributes and SetParameterAttributes fault
with 9002 instead of answering with made-up values."""

import os

from dmcheck import attributes, needs_data_model
from harness import acsmod, cm

PII = "Device.ManagementServer.PeriodicInformInterval"
URL = "Device.ManagementServer.URL"


def run(t):
    needs_data_model(t)
    path = os.path.join(t.state_dir, "attributes")
    with open(path, "wb") as f:
        f.write(b"garbage\n\xff\xfe\x00\x01\nDevice.ManagementServer.\t9\n"
                b"Device.ManagementServer.\t1;Subscriber\nOther.\t2\n"
                + PII.encode() + b"\t0\nno newline at the end")
    acs = t.acs()
    acs.queue(
        acsmod.Plan(requests=[cm.get_parameter_attributes([PII, URL])]),
        acsmod.Plan(requests=[cm.get_parameter_attributes([PII]),
                              cm.set_parameter_attributes([(PII, 1, None)])]))
    d = t.start(t.config(acs))
    s = t.session(acs, 1)
    m = s.responses[0][1]
    t.eq(m.method, "GetParameterAttributesResponse", "GPA with a damaged file")
    got = {n: (v[0], v[1]) for n, v in attributes(m)[1].items()}
    t.eq(got, {PII: ("0", ["Subscriber"]), URL: ("1", ["Subscriber"])}, "the good lines")

    t.stop(d)
    os.remove(path)
    os.mkdir(path)
    t.start(t.config(acs))
    s = t.session(acs, 2)
    for i, what in enumerate(("GPA", "SPA")):
        m = s.responses[i][1]
        t.eq(m.method, "Fault", "%s with an unreadable file" % what)
        t.eq(m.fault_code, 9002, "fault code of %s with an unreadable file" % what)
