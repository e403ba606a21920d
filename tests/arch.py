#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Architecture checks on a built tree (TAP), from `nm` of the object files
and the sources:

1. No call cycle among the daemon's modules (one .c file each, under agent/,
   datamodel/ and lib/) spans more than MAX_CYCLE modules: A -> B when A
   uses a global symbol B defines; the strongly connected components are
   the cycles.
2. No module of datamodel/ or lib/ calls into agent/ (the data model and
   the plugin line format stand apart from CWMP).

Usage: arch.py BUILD_DIR (make check passes top_builddir, and top_srcdir
to leave out stale objects of moved files). Skips when there are no object
files or no `nm`."""

import collections
import glob
import os
import re
import shutil
import subprocess
import sys

MAX_CYCLE = 5
LAYERS = ("agent", "datamodel", "lib")


def module(obj, top):
    base = re.sub(r"^(lib\w+_a-|cwmpd-)", "", os.path.basename(obj))[:-2]
    return os.path.relpath(os.path.dirname(obj), top) + "/" + base


def graph(top, src):
    """Objects whose source is still in the tree (a build dir keeps the
    objects of files since moved or removed: they are not modules)."""
    objs = [o for d in LAYERS
            for o in glob.glob(os.path.join(top, d, "**", "*.o"), recursive=True)
            if not src or os.path.exists(os.path.join(src, module(o, top) + ".c"))]
    defs, uses = {}, collections.defaultdict(set)
    for o in objs:
        m = module(o, top)
        if m.endswith("/main"):
            continue
        out = subprocess.run(["nm", o], capture_output=True, text=True).stdout
        for line in out.splitlines():
            f = line.split()
            if len(f) == 3 and f[1] in "TDBR":
                defs[f[2]] = m
            elif len(f) == 2 and f[0] == "U":
                uses[m].add(f[1])
    edges = collections.defaultdict(set)
    for m, us in uses.items():
        for u in us:
            if u in defs and defs[u] != m:
                edges[m].add(defs[u])
    return objs, edges


def cycles(edges):
    """Tarjan's strongly connected components with more than one module."""
    sys.setrecursionlimit(100000)
    idx, low, stack, on, out, n = {}, {}, [], set(), [], [0]

    def visit(v):
        idx[v] = low[v] = n[0]
        n[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in idx:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], idx[w])
        if low[v] == idx[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(set(edges) | {x for s in edges.values() for x in s}):
        if v not in idx:
            visit(v)
    return sorted(out, key=len, reverse=True)


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("top_builddir", ".")
    print("1..2")
    if not shutil.which("nm"):
        print("ok 1 - module cycles # SKIP no nm")
        print("ok 2 - layers # SKIP no nm")
        return 0
    objs, edges = graph(top, os.environ.get("top_srcdir", ""))
    if not objs:
        print("ok 1 - module cycles # SKIP no object files under %s" % top)
        print("ok 2 - layers # SKIP no object files under %s" % top)
        return 0
    cs = cycles(edges)
    big = max([len(c) for c in cs] or [0])
    for c in cs:
        print("# cycle of %d: %s" % (len(c), " ".join(c)))
    print("%s 1 - no call cycle spans more than %d modules (largest: %d)"
          % ("ok" if big <= MAX_CYCLE else "not ok", MAX_CYCLE, big))
    bad = sorted("%s -> %s" % (m, d) for m, ds in edges.items() for d in ds
                 if not m.startswith("agent/") and d.startswith("agent/"))
    for b in bad:
        print("# %s" % b)
    print("%s 2 - datamodel/ and lib/ never call agent/" % ("not ok" if bad else "ok"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
