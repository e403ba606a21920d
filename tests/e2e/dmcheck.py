# SPDX-License-Identifier: BSD-2-Clause
"""Reading the data model RPCs' answers in e2e cases: the ParameterList of
a GetParameterNames/Values/Attributes response as plain Python values, and
small helpers around them. Append new helpers at the end."""

XSI = "http://www.w3.org/2001/XMLSchema-instance"


def local(tag):
    return tag.rsplit("}", 1)[-1]


def child(el, name):
    for c in el:
        if local(c.tag) == name:
            return c
    return None


def param_list(m):
    """(arrayType, [struct elements]) of a response's ParameterList."""
    pl = child(m.body, "ParameterList")
    if pl is None:
        return "", []
    at = next((v for k, v in pl.attrib.items() if local(k) == "arrayType"), "")
    return at, list(pl)


def names(m):
    """GetParameterNamesResponse: (arrayType, {name: "0"/"1" writable})."""
    at, items = param_list(m)
    return at, {child(i, "Name").text: child(i, "Writable").text for i in items}


def values(m):
    """GetParameterValuesResponse: (arrayType, {name: (xsi:type, text)})."""
    at, items = param_list(m)
    out = {}
    for i in items:
        v = child(i, "Value")
        out[child(i, "Name").text] = (v.get("{%s}type" % XSI), v.text or "")
    return at, out


def spv_faults(m):
    """A fault answer's SetParameterValuesFault entries: {name: code}."""
    out = {}
    if m.body is None:
        return out
    detail = child(m.body, "detail")
    cf = child(detail, "Fault") if detail is not None else None
    for f in (cf if cf is not None else []):
        if local(f.tag) == "SetParameterValuesFault":
            out[child(f, "ParameterName").text] = int(child(f, "FaultCode").text)
    return out


def status(m):
    """Status of a SetParameterValues/AddObject/DeleteObject response, or None."""
    s = child(m.body, "Status") if m.body is not None else None
    return s.text if s is not None else None


# ---- checking whole answers (GenieACS-style walks and replays) ----

import os  # noqa: E402
import re  # noqa: E402

XSD_TYPES = ("xsd:string", "xsd:int", "xsd:unsignedInt", "xsd:long",
             "xsd:unsignedLong", "xsd:boolean", "xsd:dateTime", "xsd:base64",
             "xsd:hexBinary")


def direct_child(name, path):
    """Whether name is a direct child of the object path ("" is the root):
    exactly one more name segment, ending in "." for an object."""
    if not name.startswith(path):
        return False
    rest = name[len(path):]
    seg = rest[:-1] if rest.endswith(".") else rest
    return seg != "" and "." not in seg


def value_ok(xsi_type, text):
    """Whether text is a lexically valid value of the xsi:type."""
    pats = {
        "xsd:boolean": r"true|false|0|1",
        "xsd:unsignedInt": r"[0-9]+", "xsd:unsignedLong": r"[0-9]+",
        "xsd:int": r"-?[0-9]+", "xsd:long": r"-?[0-9]+",
        "xsd:dateTime": r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
                        r"(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})?",
        "xsd:hexBinary": r"([0-9A-Fa-f]{2})*",
        "xsd:base64": r"[A-Za-z0-9+/=\s]*",
    }
    if xsi_type == "xsd:string":
        return True
    p = pats.get(xsi_type)
    if p is None or re.fullmatch(p, text) is None:
        return False
    if xsi_type in ("xsd:unsignedInt", "xsd:int"):
        return -2 ** 31 <= int(text) < 2 ** 32
    return True


def read_schema(top_srcdir, platform="sim"):
    """datamodel/schema.tsv: {path: (type, access)} with type "object",
    "table", "string", "list of string", ... and access readOnly/readWrite
    on platform (readOnly where the flags column says readonly=PLATFORM);
    {} if the file is not there."""
    out = {}
    try:
        with open(os.path.join(top_srcdir, "datamodel", "schema.tsv")) as f:
            for line in f:
                if line.startswith("#") or line.startswith("path\t"):
                    continue
                col = line.rstrip("\n").split("\t")
                if len(col) >= 3:
                    out[col[0]] = (col[1], col[2])
                if len(col) >= 8 and platform_readonly(col[7], platform):
                    out[col[0]] = (col[1], "readOnly")
    except OSError:
        pass
    return out


def platform_readonly(flags, platform):
    """Whether schema.tsv's flags column makes an item read-only on platform."""
    for f in flags.split(","):
        key, _, val = f.partition("=")
        if key == "readonly" and platform in val.split("+"):
            return True
    return False


def schema_path(name):
    """A data model name with its instance numbers as {i}
    ("Device.Hosts.Host.2.HostName" -> "Device.Hosts.Host.{i}.HostName")."""
    return ".".join("{i}" if s.isdigit() else s for s in name.split("."))


def schema_xsi(schema_type):
    """The xsi:type a value of this schema.tsv type is sent with."""
    return "xsd:string" if schema_type.startswith("list of") else "xsd:" + schema_type


def gpn_check(m, path, next_level, schema=None):
    """A GetParameterNamesResponse to (path, next_level): ([(name,
    writable)] in order, [problems]). NextLevel true: direct children of
    path only; false: path itself (when an object) and what is below it. No
    duplicates, arrayType right, Writable 0/1, objects end in "."; with a
    schema (read_schema), every name is served and a parameter's Writable
    is its access."""
    probs = []
    if m.method != "GetParameterNamesResponse":
        return [], ["GPN %r NextLevel %d answered with %s %s" % (
            path, bool(next_level), m.method or "?", getattr(m, "fault_code", "") or "")]
    at, items = param_list(m)
    out = []
    for i in items:
        n, w = child(i, "Name"), child(i, "Writable")
        out.append((n.text or "" if n is not None else "",
                    w.text if w is not None else None))
    if at != "cwmp:ParameterInfoStruct[%d]" % len(out):
        probs.append("GPN %r: arrayType %r for %d items" % (path, at, len(out)))
    names = [n for n, _ in out]
    if len(set(names)) != len(names):
        probs.append("GPN %r: duplicate names %s" % (
            path, sorted({n for n in names if names.count(n) > 1})[:5]))
    for n, w in out:
        if w not in ("0", "1"):
            probs.append("GPN %r: %s has Writable %r" % (path, n, w))
        if next_level and not direct_child(n, path):
            probs.append("GPN %r NextLevel 1: %s is no direct child" % (path, n))
        if not next_level and not n.startswith(path):
            probs.append("GPN %r NextLevel 0: %s is not under it" % (path, n))
        if schema:
            sp = schema_path(n)
            row = schema.get(sp) or (schema.get(sp + "{i}.") if n.endswith(".") else None)
            if row is None:
                probs.append("GPN %r: %s is not in schema.tsv" % (path, n))
            elif n.endswith(".") != (row[0] in ("object", "table")):
                probs.append("GPN %r: %s is a %s in schema.tsv" % (path, n, row[0]))
            elif not n.endswith(".") and w != ("1" if row[1] == "readWrite" else "0"):
                probs.append("GPN %r: %s Writable %s, schema.tsv says %s" % (
                    path, n, w, row[1]))
    return out, probs


def gpv_check(m, names, schema=None):
    """A GetParameterValuesResponse to a GPV of these parameter names:
    ([(name, xsi:type, text)] in order, [problems]). Exactly the names asked,
    in their order, arrayType right, every value with a known xsi:type and
    valid for it; with a schema, the type is the schema's."""
    probs = []
    if m.method != "GetParameterValuesResponse":
        return [], ["GPV of %d names (%s...) answered with %s %s" % (
            len(names), names[0] if names else "", m.method or "?",
            getattr(m, "fault_code", "") or "")]
    at, items = param_list(m)
    out = []
    for i in items:
        n, v = child(i, "Name"), child(i, "Value")
        out.append((n.text or "" if n is not None else "",
                    v.get("{%s}type" % XSI) if v is not None else None,
                    (v.text or "") if v is not None else None))
    if at != "cwmp:ParameterValueStruct[%d]" % len(out):
        probs.append("GPV: arrayType %r for %d values" % (at, len(out)))
    got = [n for n, _, _ in out]
    if got != list(names):
        diff = next((k for k in range(min(len(got), len(names))) if got[k] != names[k]),
                    min(len(got), len(names)))
        probs.append("GPV: %d names answered for %d asked; first difference at %d: "
                     "asked %r, got %r" % (len(got), len(names), diff,
                                           names[diff] if diff < len(names) else None,
                                           got[diff] if diff < len(got) else None))
    for n, ty, text in out:
        if ty not in XSD_TYPES:
            probs.append("GPV: %s has xsi:type %r" % (n, ty))
        elif text is None or not value_ok(ty, text):
            probs.append("GPV: %s = %r is no valid %s" % (n, text, ty))
        if schema and ty:
            row = schema.get(schema_path(n))
            if row is None:
                probs.append("GPV: %s is not in schema.tsv" % n)
            elif schema_xsi(row[0]) != ty:
                probs.append("GPV: %s is %s, schema.tsv says %s" % (n, ty, row[0]))
    return out, probs


def instance_number(m):
    """InstanceNumber of an AddObjectResponse as an int, or None."""
    if m is None or m.method != "AddObjectResponse" or m.body is None:
        return None
    n = child(m.body, "InstanceNumber")
    try:
        return int(n.text)
    except (AttributeError, TypeError, ValueError):
        return None


def attributes(m):
    """GetParameterAttributesResponse: (arrayType, {name: (Notification
    text, [AccessList strings], the AccessList's arrayType)})."""
    at, items = param_list(m)
    out = {}
    for i in items:
        acl = child(i, "AccessList")
        acl_at = next((v for k, v in acl.attrib.items() if local(k) == "arrayType"), "")
        out[child(i, "Name").text] = (child(i, "Notification").text,
                                      [s.text or "" for s in acl], acl_at)
    return at, out


def wrapped_plugins(t, name, script):
    """A copy of the plugins and their shell library under the case's
    directory, with plugin `name` replaced by `script` (sh text; the real
    one is beside it as `name`.real). Returns the plugin_dir to configure."""
    import os
    import shutil
    top = os.path.join(t.dir, "plugins-" + name)
    shutil.copytree(t.env.plugin_dir, os.path.join(top, "plugins"))
    shutil.copytree(os.path.join(os.path.dirname(t.env.plugin_dir), "lib"),
                    os.path.join(top, "lib"))
    path = os.path.join(top, "plugins", name)
    os.rename(path, path + ".real")
    with open(path, "w") as f:
        f.write(script)
    os.chmod(path, 0o755)
    return os.path.join(top, "plugins")


def needs_data_model(t):
    """Skip the case when the daemon is the stand-in fakecpe.py, which
    serves no data model (call it first in run(t))."""
    if os.path.basename(t.env.cwmpd) == "fakecpe.py":
        from harness import CaseSkip
        raise CaseSkip("the stand-in fakecpe.py serves no data model")


def sim_reboots(t):
    """How often the sim platform rebooted (its counter), as text; "0"
    before the first."""
    try:
        with open(os.path.join(t.state_dir, "sim", "reboots")) as f:
            return f.read().strip()
    except OSError:
        return "0"


def set_sim(t, plugin, path, value):
    """Change one value in the sim platform's store of plugin."""
    f = os.path.join(t.state_dir, "sim", plugin)
    t.until(lambda: os.path.exists(f), 5, "the sim store " + f)
    with open(f) as fh:
        lines = fh.read().splitlines()
    t.check(any(x.split("\t", 1)[0] == path for x in lines), "%s not in %s" % (path, f))
    t.write(f, "".join((path + "\t" + value if x.split("\t", 1)[0] == path else x) + "\n"
                       for x in lines))


def start_watching(t, acs, path, notification, later=(), **config):
    """Start the daemon on acs (config: t.config's keyword arguments). Its
    bootstrap session sets the Notification attribute of path; this waits
    until the value is kept as reported. The plans in later are queued for
    the sessions after it. Returns the daemon."""
    from harness import acsmod, cm
    acs.queue(acsmod.Plan(requests=[cm.set_parameter_attributes([(path, notification, None)])]),
              *later)
    d = t.start(t.config(acs, **config))
    t.expect_inform(t.session(acs, 1), ["0 BOOTSTRAP", "1 BOOT"])
    t.until(lambda: watched(t, path), 5, "the value of %s kept as reported" % path)
    return d


def watched(t, path):
    """The last reported value of path in the state dir, or None."""
    try:
        with open(os.path.join(t.state_dir, "notified")) as fh:
            for x in fh.read().splitlines():
                if x.split("\t", 1)[0] == path:
                    return x.split("\t", 1)[1]
    except FileNotFoundError:
        pass
    return None


def transfer_completes(acs):
    """[(session, CommandKey, FaultCode, FaultString)] of every TransferComplete
    the CPE sent to acs, in order."""
    from harness import cm
    out = []
    with acs.cond:
        for x in acs.exchanges:
            if x.msg.method == "TransferComplete":
                fs = cm._child(x.msg.body, "FaultStruct")
                out.append((x.session, cm._text(x.msg.body, "CommandKey"),
                            int(cm._text(fs, "FaultCode")), cm._text(fs, "FaultString")))
    return out


def queue_firmware(t, acs, key, version, fill):
    """Serve a sim firmware image of version (its body 100 bytes of fill)
    on acs and queue its Download with CommandKey key for the next session.
    Skips the case under fakecpe.py."""
    from harness import acsmod, cm
    needs_data_model(t)
    image = b"CWMPD-SIM-FIRMWARE %s\n" % version.encode() + fill * 100 + b"\n"
    path = "/fw/%s.bin" % version
    acs.files[path] = image
    acs.queue(acsmod.Plan(requests=[cm.download(key, acs.url_for(path), len(image))]))


def config_download(t, acs, key="cfg-1"):
    """Serve a small vendor configuration file on acs and return the
    Download of it (no credentials, no delay): the quickest way to a
    pending TransferComplete. Skips the case under fakecpe.py."""
    from harness import acsmod, cm
    needs_data_model(t)
    conf = b"# vendor configuration\n"
    acs.files["/cfg/vendor.conf"] = acsmod.File(conf)
    return cm.download(key, acs.url_for("/cfg/vendor.conf"), len(conf),
                       file_type="3 Vendor Configuration File")
