#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""openwrt_results.py RESULTS.md < suite output: put the RESULT lines of
bench/openwrt/gpv_gpn.py as a table into the section "## OpenWrt
userland" of RESULTS.md (replaced, or added at the end)."""

import json
import os
import platform
import sys
import time

import bench  # bench/bench.py, beside this script

HEADING = "## OpenWrt userland"


def table(rows):
    out = ["| RPC | cache | parameters | ms (median) | µs per parameter | processes |",
           "|---|---|---:|---:|---:|---:|"]
    for r in rows:
        out.append("| %s | %s | %d | %.1f | %d | %d |" % (
            r["rpc"], r["cache"], r["params"], r["ms"], r["us_per_param"], r["processes"]))
    return "\n".join(out)


def main():
    rows = [json.loads(ln.split("RESULT ", 1)[1]) for ln in sys.stdin if "RESULT {" in ln]
    if not rows:
        raise SystemExit("no RESULT lines")
    text = "\n".join([
        HEADING, "",
        "- date: %s; machine: `nproc` = %d, %s" % (
            time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), os.cpu_count(),
            platform.machine()),
        "- method: bench/openwrt.sh: cwmpd installed by the package recipe into the OpenWrt",
        "  suite's userland (procd, ubus, uci, netifd of openwrt-24.10, glibc, Debian's",
        "  busybox), started by its init script, platform openwrt, wired-only (lan and wan,",
        "  no radio). Ten sessions, each opened by a connection request: half with a whole-tree",
        "  GPV (`Device.`) twice, half with a whole-tree GPN (`Device.`, NextLevel false)",
        "  twice. cold = the session's first call (every plugin runs), warm = the second",
        "  (the session's cache). Time from the ACS's request to the answer; processes =",
        "  PIDs handed out in the container's PID namespace during the call.",
        "", table(rows), ""])
    path = sys.argv[1]
    bench.replace_section(path, HEADING, text)
    print(text)


if __name__ == "__main__":
    main()
