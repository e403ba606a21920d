# SPDX-License-Identifier: BSD-2-Clause
"""The whole tree, twice: on the router as the userland boots it (one
radio and one access point in the wireless config, no country set), then
wired-only (the wireless config emptied: no radio, bug 11's empty WiFi
counters). Each time GetParameterNames "Device." NextLevel false and
GetParameterValues "Device.": every name is in datamodel/schema.tsv with
the Writable platform openwrt gives it (bug 12), every value is valid for
its type and sent with the schema's xsi:type, the partial-path GPV answers
exactly the GPN's parameters in the same order, and a GPV naming each of
them (one request) answers every one: no parameter the GPN lists draws a
fault."""

from dmcheck import gpn_check, gpv_check, read_schema
from harness import acsmod, cm


def walk(rec, schema):
    def plan(s):
        yield cm.get_parameter_names("Device.", False)
        rec["gpn"] = gpn_check(s.responses[-1][1], "Device.", False, schema)
        params = [n for n, _ in rec["gpn"][0] if not n.endswith(".")]
        rec["params"] = params
        yield cm.get_parameter_values(["Device."])
        rec["all"] = gpv_check(s.responses[-1][1], params, schema)
        yield cm.get_parameter_values(params)
        rec["named"] = gpv_check(s.responses[-1][1], params, schema)
    return plan


def check_walk(t, rec, what):
    t.check("named" in rec, "%s: the session ended early" % what)
    for key, rpc in (("gpn", "GPN Device."), ("all", "GPV Device."),
                     ("named", "GPV of each name")):
        probs = rec[key][1]
        t.check(not probs, "%s: %s: %d problem(s): %s" % (
            what, rpc, len(probs), "; ".join(probs[:6])))
    t.check(len(rec["params"]) > 150, "%s: only %d parameters" % (what, len(rec["params"])))
    return {n: v for n, _, v in rec["named"][0]}


def run(t):
    schema = read_schema(t.env.top_srcdir, "openwrt")
    t.check(schema, "datamodel/schema.tsv unreadable under %s" % t.env.top_srcdir)
    acs = t.acs()
    radio, wired = {}, {}
    acs.queue(acsmod.Plan(ns="echo", requests=walk(radio, schema)))
    t.setup(acs)
    t.session(acs, 1, timeout=30)
    got = check_walk(t, radio, "with a radio")
    t.eq(got.get("Device.WiFi.RadioNumberOfEntries"), "1", "WiFi.RadioNumberOfEntries")
    t.eq(got.get("Device.WiFi.Radio.1.RegulatoryDomain"), "00 ",
         "RegulatoryDomain without a country (the world domain)")

    t.sh("printf '' >/etc/config/wireless")
    t.ask(acs, 2, walk(wired, schema))
    got = check_walk(t, wired, "wired-only")
    for n in ("Radio", "SSID", "AccessPoint"):
        t.eq(got.get("Device.WiFi.%sNumberOfEntries" % n), "0", "WiFi.%sNumberOfEntries" % n)
    t.check(not any(".WiFi.Radio." in n for n in wired["params"]), "a radio left")
    t.eq(got.get("Device.ManagementServer.URL"), acs.url, "ManagementServer.URL")
    t.note("%d parameters with the radio, %d wired-only" % (
        len(radio["params"]), len(wired["params"])))

