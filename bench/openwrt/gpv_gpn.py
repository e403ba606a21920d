# SPDX-License-Identifier: BSD-2-Clause
"""Benchmark (bench/openwrt.sh): whole-tree GetParameterValues and
GetParameterNames on platform openwrt in the real userland, cold (the
first of the session: every plugin runs) and warm (the same again in the
session), several sessions; the time from the ACS's request to the
answer, per parameter, and the processes started inside the container
per call (PIDs handed out: /proc/sys/kernel/ns_last_pid)."""

import json
import os
import statistics
import time

from acs import Plan
from dmcheck import names, values
from harness import cm

SESSIONS = int(os.environ.get("OWRT_BENCH_SESSIONS", "10"))


def last_pid(t):
    return int(t.sh("cat /proc/sys/kernel/ns_last_pid").strip())


GPV, GPN = ("GPV", cm.get_parameter_values(["Device."])), \
    ("GPN", cm.get_parameter_names("Device.", False))


def script(t, rows, overhead, rpc):
    """One session: rpc twice, cold (the session's first call: every plugin
    runs) and warm (the session's cache)."""
    what, req = rpc

    def gen(s):
        for temp in ("cold", "warm"):
            p0 = last_pid(t)
            t0 = time.monotonic()
            yield req
            dt = time.monotonic() - t0
            p1 = last_pid(t)
            n = len((values if what == "GPV" else names)(s.responses[-1][1])[1])
            rows.append((what, temp, n, dt, p1 - p0 - overhead))
    return gen


def run(t):
    acs = t.acs()
    t.setup(acs, cpe_opts={"log_level": "notice"})
    s = t.session(acs, 1, timeout=20)
    url = s.inform.params["Device.ManagementServer.ConnectionRequestURL"][1]
    a = last_pid(t)
    overhead = last_pid(t) - a          # the processes of one last_pid()
    rows = []
    for i in range(SESSIONS):
        acs.queue(Plan(requests=script(t, rows, overhead, (GPV, GPN)[i % 2])))
        t.eq(t.connection_request(url), 200, "connection request")
        t.session(acs, 2 + i, timeout=60)
    out = {}
    for what, temp, n, dt, procs in rows:
        out.setdefault((what, temp), []).append((n, dt, procs))
    for (what, temp), v in sorted(out.items()):
        n = v[0][0]
        med = statistics.median(dt for _, dt, _ in v)
        procs = statistics.median(p for _, _, p in v)
        t.note("RESULT %s" % json.dumps({"rpc": what, "cache": temp, "params": n,
                                          "ms": round(med * 1000, 1),
                                          "us_per_param": round(med * 1e6 / max(n, 1)),
                                          "processes": procs}))

