#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Generate datamodel/schema.c and schema_names.c (and optionally schema.tsv) from the Broadband
Forum's TR-181 "full" XML and our map of what we serve (datamodel/map.txt).

Every path in the map must exist in the model (deleted items count as
absent); anything else is a loud failure, as is a served table without its
NumberOfEntries parameter, a NumberOfEntries parameter without its table, or
a parameter with neither a plugin nor "native". Types are resolved through
named dataType chains (the model's own definitions, then tr-106-types.xml
next to the XML): the most derived size and range facets win; enumerations
add up along the chain (DiagnosticsState is extended that way); several
<size> or <range> facets give their overall min and max (steps and holes
are not kept). enumerationRef, pathRef and patterns are not kept. A map line's
readonly=PLATFORM[,PLATFORM] takes a writable item's Writable away on
those platforms only (dm_node.readonly_on; schema.tsv's flags column says
readonly=PLATFORM). Output is
deterministic: children sorted by name (byte order), nodes in breadth-first
order so every node's children are contiguous, enumeration lists emitted
once per distinct list. Standard library only.

It also writes the lists that follow from the map, so that nothing else
names the plugins or restates what is writable: datamodel/plugins.am (the
installed plugins, included by Makefile.am: every plugin= of the map and
the platform plugins) and scripts/lib/writable.tsv (each plugin's writable
parameters, which the sim platform's set reads). With -o elsewhere they go
next to it unless --am/--writable say. --check compares, without the XML,
those files, schema.tsv's parameters and scripts/plugins/ with the map and
exits 1 naming what is stale or missing (tests/plugins/run.sh runs it).

Usage:
    python3 datamodel/gen_schema.py [--xml FILE] [--map FILE] [-o schema.c]
                                    [--tsv schema.tsv] [--am FILE]
                                    [--writable FILE]
    python3 datamodel/gen_schema.py --check [--map FILE] [--tsv schema.tsv]
"""

import argparse
import io
import os
import sys
import xml.etree.ElementTree as ET

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
XML_NAME = "tr-181-2-19-1-cwmp-full.xml"
TYPES_NAME = "tr-106-types.xml"

PRIMITIVES = {
    "string": "DM_T_STRING", "int": "DM_T_INT",
    "unsignedInt": "DM_T_UNSIGNED_INT", "long": "DM_T_LONG",
    "unsignedLong": "DM_T_UNSIGNED_LONG", "boolean": "DM_T_BOOLEAN",
    "dateTime": "DM_T_DATETIME", "base64": "DM_T_BASE64",
    "hexBinary": "DM_T_HEXBINARY", "decimal": None,
}
NOTIFY = {"normal": "DM_N_NORMAL", "canDeny": "DM_N_CAN_DENY",
          "forceEnabled": "DM_N_FORCE_ENABLED",
          "forceDefaultEnabled": "DM_N_FORCE_DEFAULT_ENABLED"}
INT64_MAX = (1 << 63) - 1
MAP_FLAGS = ("native", "readonly", "reboot", "ascii", "octets", "inform")
# The platforms a plugin runs on (cpe.platform); readonly=PLATFORM names
# them. Their order gives each its bit in dm_node.readonly_on.
PLATFORMS = ("openwrt", "sim")
# Plugins that back no subtree: the platform's verbs (identity, reboot,
# factory reset; firmware and configuration apply). Installed with the rest.
PLATFORM_PLUGINS = ("firmware", "system")
AM_PATH = os.path.join("datamodel", "plugins.am")
WRITABLE_PATH = os.path.join("scripts", "lib", "writable.tsv")
REGENERATE = "python3 datamodel/gen_schema.py --tsv datamodel/schema.tsv"


def die(msg):
    sys.exit("gen_schema: " + msg)


def local(tag):
    return tag.rsplit("}", 1)[-1]


def kids(elem, name):
    return [c for c in elem if local(c.tag) == name]


def first(elem, name):
    found = kids(elem, name)
    return found[0] if found else None


def live(elem):
    return elem.attrib.get("status", "current") != "deleted"


# ---- the model -------------------------------------------------------------

class Model:
    """Objects and parameters of the last <model> in the XML, and the named
    data types of the XML and of tr-106-types.xml."""

    def __init__(self, xml_path, types_path):
        root = ET.parse(xml_path).getroot()
        self.datatypes = {}
        if types_path and os.path.exists(types_path):
            self._add_types(ET.parse(types_path).getroot())
        self._add_types(root)
        models = [m for m in root.iter() if local(m.tag) == "model"]
        if not models:
            die("no <model> in %s" % xml_path)
        self.name = models[-1].attrib.get("name", "")
        self.objects = {}
        for obj in kids(models[-1], "object"):
            path = obj.attrib.get("name") or obj.attrib.get("base")
            if live(obj):
                self.objects[path] = obj

    def _add_types(self, root):
        for dt in root.iter():
            if local(dt.tag) == "dataType" and "name" in dt.attrib:
                self.datatypes[dt.attrib["name"]] = dt

    def version(self):
        return self.name.split(":", 1)[-1]

    def param(self, obj_path, name):
        obj = self.objects.get(obj_path)
        if obj is None:
            return None
        for p in kids(obj, "parameter"):
            if p.attrib.get("name") == name and live(p):
                return p
        return None

    def chain(self, name):
        """The named dataType elements from name up through its bases."""
        seen = set()
        while name and name not in seen:
            seen.add(name)
            dt = self.datatypes.get(name)
            if dt is None:
                die("unknown dataType %s" % name)
            yield dt
            name = dt.attrib.get("base")


# ---- the map ---------------------------------------------------------------

def parse_map(path):
    """[(path, {flag: value})] in file order."""
    entries = []
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            flags = {}
            for w in words[1:]:
                key, _, val = w.partition("=")
                if key == "plugin" and val:
                    flags["plugin"] = val
                elif key == "readonly" and val:
                    flags["readonly_on"] = platforms_of(val, path, lineno)
                elif key in MAP_FLAGS and not val:
                    flags[key] = True
                else:
                    die("%s:%d: unknown flag %s" % (path, lineno, w))
            if "plugin" in flags and "native" in flags:
                die("%s:%d: plugin and native together" % (path, lineno))
            if "readonly" in flags and "readonly_on" in flags:
                die("%s:%d: readonly and readonly=PLATFORM together" % (path, lineno))
            entries.append((words[0], flags, lineno))
    return entries


def platforms_of(val, path, lineno):
    """The platforms of readonly=A,B, in PLATFORMS order."""
    names = val.split(",")
    for n in names:
        if n not in PLATFORMS:
            die("%s:%d: readonly=%s: unknown platform %r (known: %s)"
                % (path, lineno, val, n, " ".join(PLATFORMS)))
    return tuple(p for p in PLATFORMS if p in names)


# ---- parameter types -------------------------------------------------------

def facet_holders(model, syntax):
    """(base type, named type, holders most derived first, list element)."""
    holders, named, base, lst = [], None, None, first(syntax, "list")
    for c in syntax:
        tag = local(c.tag)
        if tag in PRIMITIVES:
            return tag, None, [c], lst
        if tag == "dataType":
            named = c.attrib.get("ref") or c.attrib.get("base")
            holders.append(c)
            break
    if named is None:
        return None, None, [], lst
    for dt in model.chain(named):
        holders.append(dt)
        for c in dt:
            if local(c.tag) in PRIMITIVES:
                base = base or local(c.tag)
                holders.append(c)
        lst = lst if lst is not None else first(dt, "list")
    return base, named, holders, lst


def bounds(elems, lo_attr, hi_attr):
    """Overall (min, max) of several facets; None where unbounded."""
    if not elems:
        return None, None
    los = [e.attrib.get(lo_attr) for e in elems]
    his = [e.attrib.get(hi_attr) for e in elems]
    lo = None if None in los else min(int(v) for v in los)
    hi = None if None in his else max(int(v) for v in his)
    return lo, hi


def first_facets(holders, name):
    for h in holders:
        found = kids(h, name)
        if found:
            return found
    return []


def enums_of(holders):
    values = []
    for h in reversed(holders):
        for e in kids(h, "enumeration"):
            v = e.attrib["value"]
            if live(e) and v not in values:
                values.append(v)
    return tuple(values) or None


def describe(model, path, p):
    """Everything the schema keeps about parameter element p."""
    syntax = first(p, "syntax")
    base, named, holders, lst = facet_holders(model, syntax)
    if base is None or PRIMITIVES[base] is None:
        die("%s: type %s is not supported" % (path, base))
    d = {"kind": "param", "type": base, "datatype": named,
         "access": p.attrib.get("access", "readOnly"),
         "notify": p.attrib.get("activeNotify", "normal"),
         "forced": p.attrib.get("forcedInform") == "true",
         "hidden": syntax.attrib.get("hidden") == "true" or
         syntax.attrib.get("secured") == "true",
         "command": syntax.attrib.get("command") == "true",
         "list": lst is not None, "list_max": 0, "enums": enums_of(holders)}
    if base in ("string", "base64", "hexBinary"):
        d["min"], d["max"] = bounds(first_facets(holders, "size"),
                                    "minLength", "maxLength")
    elif base in ("int", "unsignedInt", "long", "unsignedLong"):
        d["min"], d["max"] = bounds(first_facets(holders, "range"),
                                    "minInclusive", "maxInclusive")
    else:
        d["min"] = d["max"] = None
    if lst is not None:
        d["list_max"] = bounds(kids(lst, "size"), "minLength", "maxLength")[1] or 0
    dflt = first(syntax, "default")
    d["def"] = dflt.attrib.get("value") if dflt is not None and \
        dflt.attrib.get("type") == "object" else None
    if lst is not None and d["def"] and d["def"][0] == "[" and d["def"][-1] == "]":
        d["def"] = d["def"][1:-1]     # the XML writes lists as "[a,b]"
    return d


# ---- the tree --------------------------------------------------------------

class Node:
    def __init__(self, path, name, parent):
        self.path, self.name, self.parent = path, name, parent
        self.children = {}
        self.info = {"kind": "object"}
        self.flags = {}          # from the map line, if listed
        self.sorted = []         # children by name, set by bfs()
        self.index = None        # position in dm_schema[], set by bfs()


def split_object(path):
    """'Device.WiFi.SSID.{i}.' -> ('Device.WiFi.', 'SSID.{i}.')"""
    body = path[:-1]
    if body.endswith(".{i}"):
        body = body[:-4]
    cut = body.rfind(".") + 1
    return path[:cut], path[cut:]


def add_object(model, nodes, path):
    if path in nodes:
        return nodes[path]
    if path not in model.objects:
        die("object %s is not in the model (or deleted there)" % path)
    if path == "Device.":
        node = Node(path, "Device", None)
    else:
        parent_path, last = split_object(path)
        parent = add_object(model, nodes, parent_path)
        node = Node(path, last.split(".")[0], parent)
        parent.children[node.name] = node
    obj = model.objects[path]
    node.info = {"kind": "table" if path.endswith("{i}.") else "object",
                 "access": obj.attrib.get("access", "readOnly"),
                 "num_entries": obj.attrib.get("numEntriesParameter")}
    nodes[path] = node
    return node


def add_param(model, nodes, path):
    obj_path, _, name = path.rpartition(".")
    obj_path += "."
    p = model.param(obj_path, name)
    if p is None:
        die("parameter %s is not in the model (or deleted there)" % path)
    parent = add_object(model, nodes, obj_path)
    if name in parent.children:
        die("%s listed twice" % path)
    node = Node(path, name, parent)
    node.info = describe(model, path, p)
    parent.children[name] = node
    nodes[path] = node
    return node


def build_tree(model, entries):
    nodes = {}
    add_object(model, nodes, "Device.")
    for path, flags, lineno in entries:
        if path.endswith("."):
            node = add_object(model, nodes, path)
        else:
            node = add_param(model, nodes, path)
        if node.flags:
            die("map line %d: %s listed twice" % (lineno, path))
        node.flags = dict(flags, listed=True)
    return nodes


def inherited(node, key):
    while node is not None:
        if key in node.flags:
            return node.flags[key]
        node = node.parent
    return None


def backing(node):
    """('native', None), ('plugin', NAME) or (None, None) from the nearest
    ancestor-or-self map line that says."""
    while node is not None:
        if node.flags.get("native"):
            return "native", None
        if "plugin" in node.flags:
            return "plugin", node.flags["plugin"]
        node = node.parent
    return None, None


def check_tree(model, nodes):
    tables = {}
    for node in nodes.values():
        if node.info["kind"] == "table":
            ne = node.info["num_entries"]
            if not ne or ne not in node.parent.children:
                die("%s served without %s%s" % (node.path, node.parent.path, ne))
            tables[(node.parent.path, ne)] = node
        elif node.info["kind"] == "param" and backing(node)[0] is None:
            die("%s has neither a plugin nor native" % node.path)
        if node.flags.get("readonly_on") and not readonly_on(node):
            die("%s: readonly=%s, but it is not writable anyway" % (
                node.path, ",".join(node.flags["readonly_on"])))
    for path, obj in model.objects.items():
        ne = obj.attrib.get("numEntriesParameter")
        parent_path = split_object(path)[0]
        if ne and parent_path + ne in nodes and (parent_path, ne) not in tables:
            die("%s%s served without its table %s" % (parent_path, ne, path))


def bfs(root):
    order, i = [root], 0
    while i < len(order):
        node = order[i]
        node.sorted = sorted(node.children.values(),
                             key=lambda n: n.name.encode())
        order.extend(node.sorted)
        i += 1
    for i, node in enumerate(order):
        node.index = i
    return order


# ---- C output --------------------------------------------------------------

def c_str(s):
    if s is None:
        return "NULL"
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            out.append("\\%03o" % ord(ch))
    return '"' + "".join(out) + '"'


def c_int(v):
    if v == -INT64_MAX - 1:
        return "INT64_MIN"
    return "INT64_C(%d)" % v if abs(v) > 0x7fffffff else str(v)


def node_flags(node):
    info, f = node.info, []
    kind = info["kind"]
    if kind == "table":
        if info["access"] in ("readWrite", "createDelete") and \
                not node.flags.get("readonly"):
            f.append("DM_F_WRITABLE")
        f.append("DM_F_TABLE")
    if kind == "param":
        if info["access"] == "readWrite" and not node.flags.get("readonly"):
            f.append("DM_F_WRITABLE")
        for key, flag in (("hidden", "DM_F_HIDDEN"), ("forced", "DM_F_FORCED_INFORM"),
                          ("list", "DM_F_LIST"), ("command", "DM_F_COMMAND")):
            if info[key] or (key == "forced" and node.flags.get("inform")):
                f.append(flag)
    if backing(node)[0] == "native":
        f.append("DM_F_NATIVE")
    if kind == "param" and inherited(node, "reboot"):
        f.append("DM_F_REBOOT")
    for key, flag in (("ascii", "DM_F_ASCII"), ("octets", "DM_F_OCTETS")):
        if kind == "param" and node.flags.get(key):
            if info["type"] != "string":
                die("%s: %s is for strings" % (node.path, key))
            f.append(flag)
    if kind == "param" and info["min"] is not None:
        f.append("DM_F_HAS_MIN")
    if kind == "param" and info["max"] is not None and info["max"] <= INT64_MAX:
        f.append("DM_F_HAS_MAX")
    return f


def notify_of(node):
    """The activeNotify of a parameter; map.txt's inform makes a normal
    one forceDefaultEnabled."""
    notify = node.info["notify"]
    if node.flags.get("inform"):
        if backing(node)[0] != "native":
            die("%s: inform is for the agent's own (native) parameters" % node.path)
        if notify == "normal":
            return "forceDefaultEnabled"
    return notify


def readonly_on(node):
    """The platforms on which a writable item is not (readonly=...)."""
    if "DM_F_WRITABLE" not in node_flags(node):
        return ()
    return node.flags.get("readonly_on", ())


def node_spec(node, enum_names, names_at):
    """The fields of node's struct dm_spec, as C initialisers ('' for none)."""
    info, fields = node.info, []
    flags = node_flags(node)
    if info["kind"] == "param":
        if "DM_F_HAS_MIN" in flags:
            fields.append((".min", c_int(info["min"])))
        if "DM_F_HAS_MAX" in flags:
            fields.append((".max", c_int(info["max"])))
        if info["enums"]:
            fields.append((".enums", enum_names[info["enums"]]))
        for key in ("datatype", "def"):
            if info[key] is not None:
                fields.append(("." + key, c_str(info[key])))
        if info["list_max"]:
            fields.append((".list_max", str(info["list_max"])))
    if info["kind"] == "table":
        # the name of a sibling: its bytes in dm_names
        fields.append((".num_entries", "dm_names + %d" % names_at[info["num_entries"]]))
    return ", ".join("%s = %s" % f for f in fields)


def name_pool(names):
    """One string of every name, each ending in a NUL, and each name's offset
    in it: a name that is the tail of a longer one shares its bytes."""
    pool, at = "", {}
    for name in sorted(set(names), key=lambda n: (-len(n), n)):
        tail = next((i for i in range(len(pool))
                     if pool.startswith(name + "\0", i)), None)
        if tail is None:
            tail, pool = len(pool), pool + name + "\0"
        at[name] = tail
    return pool, at


def node_fields(node, plugins, spec_names, names_at):
    info, parent = node.info, node.parent or node
    fields = []
    spec = spec_names.get(node.index)
    if spec:
        fields.append((".spec", "&" + spec))
    fields.append((".name_at", "%d /* %s */" % (names_at[node.name], node.name)))
    fields.append((".parent", str(parent.index)))
    if node.sorted:
        fields += [(".first_child", str(node.sorted[0].index)),
                   (".n_children", str(len(node.sorted)))]
    ctype = "DM_T_OBJECT" if info["kind"] != "param" else PRIMITIVES[info["type"]]
    fields.append((".type", ctype))
    flags = node_flags(node)
    if info["kind"] == "param" and notify_of(node) != "normal":
        fields.append((".notify", NOTIFY[notify_of(node)]))
    if flags:
        fields.append((".flags", " | ".join(flags)))
    ro = readonly_on(node)
    if ro:
        fields.append((".readonly_on", " | ".join(
            "DM_PLATFORM_BIT(%d)" % PLATFORMS.index(p) for p in ro)))
    how, name = backing(node)
    if how == "plugin":
        fields.append((".plugin", str(plugins.index(name))))
    return ", ".join("%s = %s" % f for f in fields)


def distinct(items):
    """items without repeats, in the order of their first appearance."""
    out = []
    for item in items:
        if item and item not in out:
            out.append(item)
    return out


def write_names(out, order, sources):
    """schema_names.c: the name pool dm_node.name_at points into."""
    names, names_at = name_pool(node.name for node in order)
    w = out.write
    w("/* SPDX-License-Identifier: BSD-2-Clause */\n")
    w("/*\n * Generated by datamodel/gen_schema.py from %s and %s; do not edit\n"
      " *\n * The names of the TR-181 nodes of schema.c, each once (a name that\n"
      " * ends another is its tail): %d distinct names in %d bytes.\n */\n"
      % (sources[0], sources[1], len(names_at), len(names)))
    w('#include "schema.h"\n\nconst char dm_names[] =\n')
    parts = names.split("\0")[:-1]
    for i, part in enumerate(parts):
        # the last NUL is the string's own
        w("\t%s%s\n" % (c_str(part + "\0" if i + 1 < len(parts) else part),
                        ";" if i + 1 == len(parts) else ""))


def write_c(out, order, plugins, version, sources):
    # struct dm_node holds uint16_t indexes and name offsets and a uint8_t
    # plugin number.
    names, names_at = name_pool(node.name for node in order)
    if len(order) > 0xffff or len(plugins) > 0xff or len(names) > 0xffff:
        die("%d nodes, %d plugins, %d bytes of names: more than schema.h's "
            "types hold" % (len(order), len(plugins), len(names)))
    enum_lists = distinct(node.info.get("enums") for node in order)
    if any("" in e for e in enum_lists):
        die("an empty enumeration value: schema.h's lists end at one")
    enum_names = {e: "dm_enum_%d" % i for i, e in enumerate(enum_lists)}
    specs = distinct(node_spec(node, enum_names, names_at) for node in order)
    spec_index = {s: i for i, s in enumerate(specs)}
    spec_names = {node.index: "dm_spec_%d" % spec_index[node_spec(node, enum_names, names_at)]
                  for node in order if node_spec(node, enum_names, names_at)}
    w = out.write
    w("/* SPDX-License-Identifier: BSD-2-Clause */\n")
    w("/*\n * Generated by datamodel/gen_schema.py from %s and %s; do not edit\n"
      " *\n * The TR-181 nodes we serve (schema.h describes the layout):\n"
      " * %d nodes, %d parameters, %d plugins.\n */\n"
      % (sources[0], sources[1], len(order),
         sum(n.info["kind"] == "param" for n in order), len(plugins) - 1))
    w('#include "schema.h"\n\n')
    w("const char dm_schema_version[] = %s;\n\n" % c_str(version))
    w("const char *const dm_plugins[] = {\n")
    for p in plugins:
        w("\t%s,\n" % c_str(p))
    w("};\nconst size_t dm_plugins_len = %d;\n\n" % len(plugins))
    w("const char *const dm_platforms[] = { %s };\n" % ", ".join(c_str(p) for p in PLATFORMS))
    w("const size_t dm_platforms_len = %d;\n\n" % len(PLATFORMS))
    for e in enum_lists:
        # each value and a NUL, then the string's own NUL ends the list
        w("static const char %s[] = %s;\n"
          % (enum_names[e], " ".join(c_str(v)[:-1] + '\\0"' for v in e)))
    w("\n/* Each distinct spec once (%d for %d nodes). */\n"
      % (len(specs), len(spec_names)))
    for i, s in enumerate(specs):
        w("static const struct dm_spec dm_spec_%d = { %s };\n" % (i, s))
    w("\nconst struct dm_node dm_schema[] = {\n")
    for node in order:
        if node.info["kind"] != "param":
            w("\t/* %d %s */\n" % (node.index, node.path))
        w("\t{ %s },\n" % node_fields(node, plugins, spec_names, names_at))
    w("};\nconst size_t dm_schema_len = %d;\n" % len(order))


# ---- TSV output ------------------------------------------------------------

TSV_COLUMNS = ("path", "type", "access", "datatype", "constraints", "default",
               "notify", "flags", "backing")


def tsv_row(node):
    info = node.info
    flags = node_flags(node)
    how, name = backing(node)
    row = {"path": node.path, "type": info["kind"], "datatype": "",
           "constraints": "", "default": "", "notify": "", "flags": "",
           "access": "readWrite" if "DM_F_WRITABLE" in flags else "readOnly",
           "backing": "native" if how == "native" else (name or "")}
    ro = ["readonly=" + p for p in readonly_on(node)]
    row["flags"] = ",".join(ro)
    if info["kind"] == "table":
        row["constraints"] = "entries=" + info["num_entries"]
    if info["kind"] != "param":
        return row
    row["type"] = ("list of " if info["list"] else "") + info["type"]
    row["datatype"] = info["datatype"] or ""
    cons = []
    if info["min"] is not None or ("DM_F_HAS_MAX" in flags):
        lo = "" if info["min"] is None else str(info["min"])
        hi = str(info["max"]) if "DM_F_HAS_MAX" in flags else ""
        cons.append(("len=" if info["type"] in ("string", "base64", "hexBinary")
                     else "range=") + lo + ".." + hi)
    if info["list_max"]:
        cons.append("listMaxLen=%d" % info["list_max"])
    if info["enums"]:
        cons.append("enum=" + "|".join(info["enums"]))
    row["constraints"] = "; ".join(cons)
    row["default"] = info["def"] or ""
    row["notify"] = notify_of(node)
    row["flags"] = ",".join([f[5:].lower() for f in flags
                             if f in ("DM_F_HIDDEN", "DM_F_FORCED_INFORM",
                                      "DM_F_COMMAND", "DM_F_REBOOT", "DM_F_ASCII",
                                      "DM_F_OCTETS")] + ro)
    return row


def write_tsv(out, order, sources):
    out.write("# Generated by datamodel/gen_schema.py from %s and %s; do not edit\n"
              % sources)
    out.write("\t".join(TSV_COLUMNS) + "\n")
    for node in sorted(order, key=lambda n: n.path.encode()):
        row = tsv_row(node)
        out.write("\t".join(row[c].replace("\t", " ") for c in TSV_COLUMNS) + "\n")


# ---- lists that follow from the map ----------------------------------------

def map_plugins(entries):
    """The plugin names the map gives, sorted."""
    return sorted({flags["plugin"] for _, flags, _ in entries if "plugin" in flags})


def write_am(out, plugins, map_name):
    out.write("# SPDX-License-Identifier: BSD-2-Clause\n"
              "# Generated by datamodel/gen_schema.py from %s; do not edit.\n"
              "# The installed plugins: the map's and the platform's.\n" % map_name)
    names = sorted(set(plugins) | set(PLATFORM_PLUGINS))
    out.write("dist_plugins_SCRIPTS =")
    for name in names:
        out.write(" \\\n\tscripts/plugins/" + name)
    out.write("\n")


def writable(rows):
    """(plugin, path) of every writable parameter a plugin backs, from
    schema.tsv rows (dicts keyed by TSV_COLUMNS), sorted."""
    return sorted((r["backing"], r["path"]) for r in rows
                  if r["access"] == "readWrite" and r["type"] not in ("object", "table")
                  and r["backing"] not in ("", "native"))


def write_writable(out, pairs):
    out.write("# Generated by datamodel/gen_schema.py from schema.tsv; do not edit.\n"
              "# plugin<TAB>pattern of each parameter a set may change ({i}: an\n"
              "# instance number). Read by sim.sh's set.\n")
    for plugin, path in pairs:
        out.write("%s\t%s\n" % (plugin, path))


def read_tsv(path):
    """schema.tsv rows as dicts keyed by TSV_COLUMNS."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            if line.startswith("#") or cols[0] == "path":
                continue
            if len(cols) != len(TSV_COLUMNS):
                die("%s: bad line %r" % (path, line))
            rows.append(dict(zip(TSV_COLUMNS, cols)))
    return rows


def map_backing(entries):
    """{parameter path: plugin name or "native"} as the map gives it: the
    nearest listed object above (or the line itself) that says."""
    says = {}
    for path, flags, _ in entries:
        if "plugin" in flags or "native" in flags:
            says[path] = flags.get("plugin", "native")
    out = {}
    for path, _, _ in entries:
        if path.endswith("."):
            continue
        owners = [p for p in says if path == p or (p.endswith(".") and path.startswith(p))]
        out[path] = says[max(owners, key=len)] if owners else ""
    return out


def render(writer, *args):
    buf = io.StringIO()
    writer(buf, *args)
    return buf.getvalue()


def stale_files(entries, rows, map_name):
    """Problems of the generated lists and schema.tsv against the map."""
    problems = []
    want = map_backing(entries)
    have = {r["path"]: r["backing"] for r in rows if r["type"] not in ("object", "table")}
    for path in sorted(set(want) ^ set(have)):
        problems.append("schema.tsv is stale: %s is %s map.txt" %
                        (path, "only in" if path in want else "not in"))
    for path in sorted(p for p in set(want) & set(have) if want[p] != have[p]):
        problems.append("schema.tsv is stale: %s backed by %s, map.txt says %s" %
                        (path, have[path] or "nothing", want[path]))
    expect = ((AM_PATH, render(write_am, map_plugins(entries), map_name)),
              (WRITABLE_PATH, render(write_writable, writable(rows))))
    for rel, text in expect:
        try:
            with open(os.path.join(REPO, rel), encoding="utf-8") as f:
                same = f.read() == text
        except OSError:
            same = False
        if not same:
            problems.append("%s is stale or missing" % rel)
    if problems:
        problems.append("regenerate: " + REGENERATE)
    return problems


def missing_plugins(entries):
    """Problems of scripts/plugins/ and the OpenWrt recipe against the map."""
    problems = []
    pdir = os.path.join(REPO, "scripts", "plugins")
    files = set(os.listdir(pdir))
    named = set(map_plugins(entries))
    for name in sorted(named - files):
        problems.append("map.txt names plugin=%s: no scripts/plugins/%s" % (name, name))
    for name in sorted(files - named - set(PLATFORM_PLUGINS)):
        problems.append("scripts/plugins/%s: no plugin=%s in map.txt (nor a platform "
                        "plugin: %s)" % (name, name, " ".join(PLATFORM_PLUGINS)))
    recipe = os.path.join(REPO, "openwrt", "Makefile")
    with open(recipe, encoding="utf-8") as f:
        text = f.read()
    for d in ("plugins", "lib"):
        if "$(PKG_INSTALL_DIR)/usr/lib/cwmpd/%s/* " % d not in text:
            problems.append("openwrt/Makefile: does not install all of make install's "
                            "usr/lib/cwmpd/%s/*" % d)
    return problems


def check(args):
    entries = parse_map(args.map)
    rows = read_tsv(args.tsv or os.path.join(REPO, "datamodel", "schema.tsv"))
    problems = stale_files(entries, rows, source_name(args.map)) + missing_plugins(entries)
    for p in problems:
        print("gen_schema: " + p, file=sys.stderr)
    return 1 if problems else 0


# ---- main ------------------------------------------------------------------

def default_xml():
    bbf = os.environ.get("CWMP_BBF_DIR") or os.path.join(REPO, "..", "shared", "bbf")
    return os.path.join(bbf, XML_NAME)


def source_name(path):
    full = os.path.abspath(path)
    if full.startswith(REPO + os.sep):
        return os.path.relpath(full, REPO)
    return os.path.basename(path)


def write_file(path, writer, *args):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as out:
        writer(out, *args)
    os.replace(tmp, path)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--xml", default=default_xml(), help="full TR-181 XML")
    ap.add_argument("--types", help="tr-106-types.xml (default: next to --xml)")
    ap.add_argument("--map", default=os.path.join(REPO, "datamodel", "map.txt"))
    ap.add_argument("-o", "--output", help="schema.c (default: datamodel/schema.c; "
                    "schema_names.c goes next to it)")
    ap.add_argument("--tsv", help="also write a readable listing here")
    ap.add_argument("--am", help="the plugin list for Makefile.am (default: "
                    "datamodel/plugins.am, or next to -o)")
    ap.add_argument("--writable", help="the writable parameters per plugin (default: "
                    "scripts/lib/writable.tsv, or next to -o)")
    ap.add_argument("--check", action="store_true",
                    help="only check the generated lists and scripts/plugins/ against the map")
    args = ap.parse_args(argv)
    if args.check:
        sys.exit(check(args))
    near = os.path.dirname(args.output) if args.output else None
    args.output = args.output or os.path.join(REPO, "datamodel", "schema.c")
    args.am = args.am or (os.path.join(near, "plugins.am") if near is not None
                          else os.path.join(REPO, AM_PATH))
    args.writable = args.writable or (os.path.join(near, "writable.tsv") if near is not None
                                      else os.path.join(REPO, WRITABLE_PATH))
    if not os.path.exists(args.xml):
        die("%s not found (set CWMP_BBF_DIR or --xml)" % args.xml)
    types = args.types or os.path.join(os.path.dirname(args.xml), TYPES_NAME)
    model = Model(args.xml, types)
    entries = parse_map(args.map)
    nodes = build_tree(model, entries)
    check_tree(model, nodes)
    order = bfs(nodes["Device."])
    plugins = [""] + sorted({backing(n)[1] for n in order} - {None})
    sources = (os.path.basename(args.xml), source_name(args.map))
    write_file(args.output, write_c, order, plugins, model.version(), sources)
    write_file(os.path.join(os.path.dirname(args.output), "schema_names.c"), write_names,
               order, sources)
    if args.tsv:
        write_file(args.tsv, write_tsv, order, sources)
    write_file(args.am, write_am, map_plugins(entries), sources[1])
    write_file(args.writable, write_writable, writable([tsv_row(n) for n in order]))
    print("%d nodes, %d parameters" % (len(order),
          sum(n.info["kind"] == "param" for n in order)), file=sys.stderr)


if __name__ == "__main__":
    main()
