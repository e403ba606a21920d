# SPDX-License-Identifier: BSD-2-Clause
"""Replay of a real GenieACS 1.2.16 bootstrap session (default presets): the
ACS side of data/genieacs-bootstrap-session.txt sent verbatim and in its
order (only the InformResponse's cwmp:ID echoes ours, as GenieACS does):
GetParameterNames "" NextLevel 1, GetParameterNames Device.ManagementServer.
NextLevel 1, GetParameterValues of the connection-request credentials and
periodic settings, then SetParameterValues of them (a dateTime with
milliseconds). Then, our own, GetRPCMethods and a GetParameterValues of what
was set.

Every request gets its real answer, no blanket tolerance: GetParameterNames
lists names under the path asked (direct children only for NextLevel 1),
at least the names and Writable flags the capture's CPE gave, all in
datamodel/schema.tsv with its access; GetParameterValues answers exactly
the names asked, in order, each with a valid xsi:type (the capture's and
the schema's). Any other request (SetParameterValues here) must get its
real response if GetRPCMethods lists the method, else fault 9000; after a
real SetParameterValues the values read back are those set, the dateTime's
milliseconds kept or dropped (passwords read empty)."""

from dmcheck import child, gpn_check, gpv_check, needs_data_model, read_schema, status
from genieacs import acs_side, read_capture
from harness import acsmod, cm

CAPTURE = "genieacs-bootstrap-session.txt"


def _args(text):
    """(method, request body element) of an ACS envelope."""
    m = cm.parse(text)
    return m.method, m.body


def _bool(v):
    return {"1": "true", "0": "false"}.get(v, v)


def _same_value(ty, got, want):
    if ty == "xsd:boolean":
        return _bool(got) == _bool(want)
    if ty == "xsd:dateTime":   # the milliseconds may be kept or dropped
        return got.split(".")[0].rstrip("Z") == want.split(".")[0].rstrip("Z")
    return got == want


def run(t):
    needs_data_model(t)
    schema = read_schema(t.env.top_srcdir)
    inform_response, requests = acs_side(CAPTURE)
    # The capture's CPE answers, one per ACS request (after the Inform and
    # the empty POST).
    cpe = [body for d, st, body in read_capture(CAPTURE) if d == "cpe"][2:]
    t.eq(len(cpe), len(requests), "requests and answers in the capture")
    sets = []                      # (name, value, type) the capture's SPVs set
    for text in requests:
        method, body = _args(text)
        if method == "SetParameterValues":
            for pvs in child(body, "ParameterList"):
                v = child(pvs, "Value")
                sets.append((child(pvs, "Name").text, v.text or "",
                             v.get("{%s}type" % cm.XSI)))
    ours = [cm.get_rpc_methods()]
    if sets:
        ours.append(cm.get_parameter_values([n for n, _, _ in sets]))

    acs = t.acs()
    acs.queue(acsmod.Plan(inform_response=inform_response,
                          requests=[acsmod.Raw(r) for r in requests] + ours))
    t.start(t.config(acs))
    s = t.session(acs, 1, timeout=20)
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT"])
    t.eq(len(s.responses), len(requests) + len(ours), "answers")
    for (rid, m), text in zip(s.responses, requests):
        t.eq(m.cwmp_id, cm.parse(text).cwmp_id, "cwmp:ID of the answer to %s"
             % _args(text)[0])

    m = s.responses[len(requests)][1]
    t.eq(m.method, "GetRPCMethodsResponse", "answer to GetRPCMethods")
    methods = set(m.methods)
    t.check({"GetRPCMethods", "GetParameterNames", "GetParameterValues"} <= methods,
            "GetRPCMethods lists %s" % sorted(methods))

    spv_done = None
    for k, text in enumerate(requests):
        method, body = _args(text)
        m = s.responses[k][1]
        want = cm.parse(cpe[k])
        what = "answer %d (%s)" % (k + 1, method)
        if method == "GetParameterNames":
            path = child(body, "ParameterPath").text or ""
            nl = child(body, "NextLevel").text in ("1", "true")
            items, probs = gpn_check(m, path, nl, schema)
            t.check(not probs, "%s: %s" % (what, "; ".join(probs[:8])))
            got = dict(items)
            for name, w in gpn_check(want, path, nl)[0]:
                t.eq(got.get(name), w, "%s: Writable of %s" % (what, name))
            if path == "" and nl:
                t.eq(items, [("Device.", "0")], what)
        elif method == "GetParameterValues":
            names = [e.text for e in child(body, "ParameterNames")]
            values, probs = gpv_check(m, names, schema)
            t.check(not probs, "%s: %s" % (what, "; ".join(probs[:8])))
            types = {n: ty for n, ty, _ in gpv_check(want, names)[0]}
            for name, ty, _ in values:
                t.eq(ty, types.get(name), "%s: xsi:type of %s" % (what, name))
        elif method in methods:
            t.eq(m.method, method + "Response", what)
            if method in ("SetParameterValues", "AddObject", "DeleteObject"):
                t.check(status(m) in ("0", "1"), "%s: Status %r" % (what, status(m)))
            if method == "SetParameterValues":
                spv_done = True
        else:
            t.eq((m.method, m.fault_code), ("Fault", 9000),
                 "%s (not in GetRPCMethods)" % what)
            if method == "SetParameterValues":
                spv_done = False
            t.note("%s answered with fault 9000 (not implemented yet)" % method)

    if sets:
        m = s.responses[-1][1]
        names = [n for n, _, _ in sets]
        values, probs = gpv_check(m, names, schema)
        t.check(not probs, "GPV of what was set: %s" % "; ".join(probs[:8]))
        got = {n: (ty, v) for n, ty, v in values}
        if spv_done:
            for name, value, ty in sets:
                want = "" if name.endswith("Password") else value
                t.check(_same_value(ty, got[name][1], want),
                        "%s reads %r after SetParameterValues %r" % (name, got[name][1], value))
        else:   # unchanged: what the capture's GPV read from us
            before = {}
            for k, text in enumerate(requests):
                if _args(text)[0] == "GetParameterValues":
                    before.update((n, v) for n, _, v in
                                  gpv_check(s.responses[k][1], names)[0] if n in names)
            for name in names:
                if name in before:
                    t.eq(got[name][1], before[name], "%s without SetParameterValues" % name)
