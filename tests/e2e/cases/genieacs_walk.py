# SPDX-License-Identifier: BSD-2-Clause
"""A GenieACS-style discovery of the whole tree in one session: GetParameterNames
"" NextLevel 1, then level by level NextLevel 1 on every object and instance
returned (each request depends on the last answer), GetParameterNames ""
NextLevel 0, then GetParameterValues of every parameter found in batches of
32 (GenieACS's GPV_BATCH_SIZE), names sorted as GenieACS sends them. Every
NextLevel answer holds only direct children of the path, objects end in ".",
the leaves of the walk are exactly NextLevel 0's parameters (objects too,
Writable flags alike), names, types and Writable agree with
datamodel/schema.tsv, each batch answers exactly the names asked, in order,
each with a valid xsi:type, and every NumberOfEntries parameter counts the
instances the walk found."""

import time

from dmcheck import direct_child, gpn_check, gpv_check, needs_data_model, read_schema
from harness import cm

BATCH = 32          # GenieACS 1.2: GPV_BATCH_SIZE default
MAX_GPN = 5000      # a runaway walk stops here (and fails)


def walk(rec, schema):
    """The ACS's requests: a generator (see acs.Plan.requests); each answer
    is session.responses[-1] when it resumes. Records into rec."""
    def plan(s):
        rec["t0"] = time.monotonic()
        queue, seen = [""], {""}
        while queue and len(rec["gpn"]) < MAX_GPN:
            path = queue.pop(0)
            yield cm.get_parameter_names(path, True)
            items, probs = gpn_check(s.responses[-1][1], path, True, schema)
            rec["gpn"].append((path, items, probs))
            for name, _ in items:
                if name.endswith(".") and name not in seen and direct_child(name, path):
                    seen.add(name)
                    queue.append(name)
        rec["t_walk"] = time.monotonic()
        yield cm.get_parameter_names("", False)
        rec["all"] = gpn_check(s.responses[-1][1], "", False, schema)
        rec["t_all"] = time.monotonic()
        leaves = sorted({n for _, items, _ in rec["gpn"] for n, _ in items
                         if not n.endswith(".")})
        for k in range(0, len(leaves), BATCH):
            batch = leaves[k:k + BATCH]
            yield cm.get_parameter_values(batch)
            rec["gpv"].append((batch,) + tuple(gpv_check(s.responses[-1][1], batch, schema)))
        rec["t_gpv"] = time.monotonic()
    return plan


def run(t):
    needs_data_model(t)
    schema = read_schema(t.env.top_srcdir)
    t.check(schema, "datamodel/schema.tsv unreadable under %s" % t.env.top_srcdir)
    rec = {"gpn": [], "all": None, "gpv": []}
    acs = t.acs()
    acs.default_plan.requests = walk(rec, schema)
    t.start(t.config(acs))
    s = t.session(acs, 1, timeout=60)
    t.check(len(rec["gpn"]) < MAX_GPN, "the walk did not end after %d GPNs" % MAX_GPN)
    t.check(rec["all"] is not None, "the walk stopped early (%d GPNs)" % len(rec["gpn"]))

    def problems(probs, what):
        if probs:
            t.fail("%s: %d problem(s): %s" % (what, len(probs), "; ".join(probs[:8])))

    # Level by level: direct children only, schema names and flags.
    problems([p for _, _, probs in rec["gpn"] for p in probs], "NextLevel walk")
    t.eq(rec["gpn"][0][1], [("Device.", "0")], "GPN \"\" NextLevel 1")
    walked = {}                    # name -> Writable, every name the walk saw
    for path, items, _ in rec["gpn"]:
        for name, w in items:
            t.check(name not in walked, "%s returned twice by the walk (again under %r)"
                    % (name, path))
            walked[name] = w
    objects = {n for n in walked if n.endswith(".")}
    leaves = {n for n in walked if not n.endswith(".")}
    t.eq(len(rec["gpn"]), len(objects) + 1, "GPNs sent (the root and every object)")

    # NextLevel 0 from the root: the same tree.
    all_items, probs = rec["all"]
    problems(probs, "GPN \"\" NextLevel 0")
    full = dict(all_items)
    full_leaves = {n for n in full if not n.endswith(".")}
    full_objects = {n for n in full if n.endswith(".")}
    t.check(full_leaves == leaves, "parameters: NextLevel 0 only %s; walk only %s" % (
        sorted(full_leaves - leaves)[:5], sorted(leaves - full_leaves)[:5]))
    t.check(full_objects - {"Device."} == objects - {"Device."},
            "objects: NextLevel 0 only %s; walk only %s" % (
                sorted(full_objects - objects)[:5], sorted(objects - full_objects)[:5]))
    differ = sorted(n for n in full if n in walked and full[n] != walked[n])
    t.check(not differ, "Writable differs between NextLevel 1 and 0: %s" % differ[:5])

    # Every top-level object of the schema is there.
    t.eq(sorted(n for n in objects if n.count(".") == 2),
         sorted(p for p, (ty, _) in schema.items() if p.count(".") == 2 and ty == "object"),
         "top-level objects")

    # Values in batches.
    got = {}
    for batch, values, probs in rec["gpv"]:
        problems(probs, "GPV batch from %s" % batch[0])
        t.check(len(batch) <= BATCH, "batch of %d" % len(batch))
        for name, ty, text in values:
            got[name] = (ty, text)
    t.eq(len(rec["gpv"]), (len(leaves) + BATCH - 1) // BATCH, "GPV batches")
    t.eq(set(got), leaves, "parameters with a value")

    # NumberOfEntries against the instances found; every table has one.
    tables = {n for n in objects if not n[:-1].rsplit(".", 1)[-1].isdigit()
              and (schema.get(_spath(n) + "{i}.") or ("",))[0] == "table"}
    for n in sorted(leaves):
        if n.endswith("NumberOfEntries"):
            table = n[:-len("NumberOfEntries")] + "."
            t.check(table in tables, "%s counts %s, which the walk did not find as a table"
                    % (n, table))
            inst = [o for o in objects if direct_child(o, table)]
            t.check(all(o[len(table):-1].isdigit() for o in inst),
                    "%s holds non-instances: %s" % (table, inst))
            t.eq(got[n], ("xsd:unsignedInt", str(len(inst))), n)
    for table in tables:
        t.check(table[:-1] + "NumberOfEntries" in leaves,
                "table %s without %sNumberOfEntries" % (table, table[:-1]))

    # A few values the config decides.
    t.eq(got.get("Device.ManagementServer.URL"), ("xsd:string", acs.url), "ManagementServer.URL")
    t.eq(got.get("Device.ManagementServer.PeriodicInformInterval"),
         ("xsd:unsignedInt", "86400"), "PeriodicInformInterval")
    t.eq(got.get("Device.ManagementServer.PeriodicInformEnable", ("", ""))[1] in
         ("false", "0"), True, "PeriodicInformEnable false")

    t.check(s.complete, "session ended with 204")
    t.note("walk: %d objects (%d tables), %d parameters; %d GPN NextLevel 1 in %.2f s, "
           "GPN \"\" NextLevel 0 in %.2f s, %d GPV batches in %.2f s" % (
               len(objects), len(tables), len(leaves), len(rec["gpn"]),
               rec["t_walk"] - rec["t0"], rec["t_all"] - rec["t_walk"],
               len(rec["gpv"]), rec["t_gpv"] - rec["t_all"]))


def _spath(name):
    return ".".join("{i}" if x.isdigit() else x for x in name.split("."))
