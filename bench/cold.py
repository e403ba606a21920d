#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Cold path benchmark: the whole-tree GetParameterValues of a session's
first request (every plugin runs) on platform sim, at about 1,000 and
100,000 parameters (Hosts.Host seeded as in bench.py), under the host's
shell and awk and under busybox's, with the processes that request starts.

Each daemon runs in its own PID namespace and mount namespace (unshare;
root): the processes a request starts are the PIDs handed out in that
namespace meanwhile (/proc/sys/kernel/ns_last_pid read through nsenter,
whose own PID is taken off). For busybox, /bin/sh's and awk's binaries
are busybox bound over them in the daemon's mount namespace only, so the
daemon's /bin/sh (the batch runner), the plugins' #!/bin/sh and every awk
are busybox's. Per shell and size, RUNS daemon runs of one session each:
GPV "Device." twice, cold then warm; times as bench.py takes them (request
handed to the ACS's HTTP layer -> the CPE's whole answer read), medians;
one run more before them seeds the sim stores (not counted).

Writes (replaces) the section "## Cold path (sim)" of --out.
Usage: cold.py [--out bench/RESULTS.md] [--hosts N,N] [--runs N]
Needs root, unshare and nsenter, CWMPD_BUILD (or CWMPD); busybox optional.
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests", "e2e"))

import acs as acsmod  # noqa: E402
import bench  # noqa: E402  (bench/: the script's own dir)
import bench  # noqa: E402  (installs the ACS's timing hook)
import cwmpmsg as cm  # noqa: E402
import harness  # noqa: E402

HEADING = "## Cold path (sim)"
BUSYBOX = shutil.which("busybox")

# The daemon's wrapper: new PID and mount namespaces; with BB set, busybox
# bound over /bin/sh's and awk's binaries there; then the daemon.
WRAP = ('BB=$1; shift; [ -z "$BB" ] || { mount --bind "$BB" "$(readlink -f /bin/sh)" && '
        'mount --bind "$BB" "$(readlink -f "$(command -v awk)")"; } || exit 97; exec "$@"')


def shell_name(busybox):
    if busybox:
        return "busybox sh, busybox awk"
    sh = os.path.basename(os.path.realpath("/bin/sh"))
    awk = os.path.basename(os.path.realpath(shutil.which("awk") or "awk"))
    return "%s, %s" % (sh, awk)


def child_of(pid):
    """The PID of pid's one child (the daemon under unshare), or None."""
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            kids = f.read().split()
    except OSError:
        return None
    return int(kids[0]) if kids else None


def ns_last_pid(pid):
    """The last PID handed out in the PID namespace of process pid."""
    out = subprocess.run(["nsenter", "-t", str(pid), "-p", "--", "cat",
                          "/proc/sys/kernel/ns_last_pid"],
                         stdout=subprocess.PIPE, check=True).stdout
    return int(out)


class Counter:
    """The PIDs handed out in the daemon's namespace, read before each
    request; the daemon is found at the first read (the session may come
    before t.start's caller has looked)."""

    def __init__(self):
        self.unshare = self.daemon = None
        self.overhead = 0
        self.pids = []

    def read(self):
        if self.daemon is None:
            end = time.monotonic() + 5
            while self.daemon is None and time.monotonic() < end:
                self.daemon = self.unshare and child_of(self.unshare)
                time.sleep(0 if self.daemon else 0.01)
            first = ns_last_pid(self.daemon)
            self.overhead = ns_last_pid(self.daemon) - first    # nsenter's own PID
        self.pids.append(ns_last_pid(self.daemon))


def counted(req, sent, counter):
    """A Plan request that reads the namespace's last PID, then records
    when it is handed out (bench.timed)."""
    def f(_session):
        counter.read()
        sent.append(time.monotonic())
        return req
    return f


def one_run(t, acs, conf, number, busybox, timeout):
    """One daemon run, one session: (cold s, warm s, processes, values)."""
    gpv = cm.get_parameter_values(["Device."])
    sent, c = [], Counter()
    acs.queue(acsmod.Plan(requests=[counted(gpv, sent, c) for _ in range(2)]))
    d = t.start(conf, wrap=["unshare", "-p", "-f", "-m", "sh", "-c", WRAP, "sh",
                            BUSYBOX if busybox else ""])
    c.unshare = d.pid
    s = t.session(acs, number, timeout=timeout)
    os.kill(c.daemon, signal.SIGTERM)
    rc = d.wait_exit(t.secs(10))
    d.stop()
    d.reaped = True
    if rc != 0:
        raise SystemExit("daemon exit status %s after SIGTERM (log %s)" % (rc, t.log_path))
    r = bench.response_times(acs, s, sent)
    if any(m.method != "GetParameterValuesResponse" for _, _, m in r):
        raise SystemExit("answers %s (log %s)" % ([m.method for _, _, m in r], t.log_path))
    return r[0][0], r[1][0], c.pids[1] - c.pids[0] - c.overhead, bench.count_params(r[0][2])[0]


def run_size(env, n_hosts, busybox, runs, timeout):
    t = harness.T("bench-cold-%d" % n_hosts, env)
    acs = acsmod.Acs(validate=False).start()
    acs.read_done = []
    t.acss.append(acs)
    bench.seed_hosts(t.state_dir, n_hosts)
    conf = t.config(acs, acs_opts={"timeout": str(timeout)}, cpe_opts={"log_level": "info"})
    rows = []
    try:
        # Run 0 seeds the other plugins' stores (their first get ever).
        for i in range(runs + 1):
            rows.append(one_run(t, acs, conf, i + 1, busybox, timeout))
        first, rows = rows[0], rows[1:]
    except (harness.CaseFailure, SystemExit) as e:
        print("FAILED at %d hosts (%s): %s\n  log: %s\n  %s" % (
            n_hosts, shell_name(busybox), e, t.log_path, "\n  ".join(t.log_tail(15))),
            file=sys.stderr)
        for d in t.daemons:
            d.close()
        acs.stop()
        raise SystemExit(1)
    t.finish(False)
    return {"shell": shell_name(busybox), "busybox": busybox, "hosts": n_hosts,
            "params": rows[0][3], "cold": statistics.median(x[0] for x in rows),
            "warm": statistics.median(x[1] for x in rows),
            "procs": statistics.median(x[2] for x in rows),
            "procs_all": sorted(set(x[2] for x in rows)), "runs": runs,
            "first": first[0], "first_procs": first[2]}


def verdict(ok):
    return "met" if ok else "NOT met"


def render(results):
    lines = [HEADING, "",
             "- date: %s; machine: `nproc` = %d, CPU: %s" % (
                 time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), os.cpu_count(),
                 bench.cpu_model()),
             "- method: bench/cold.py: real cwmpd, platform sim, scripted ACS on 127.0.0.1, "
             "Hosts.Host seeded. Each daemon in its own PID and mount namespace; per row, "
             "daemon runs of one session each: GPV `Device.` cold (the session's first "
             "request: every plugin runs) then warm; medians. processes = PIDs handed out "
             "in the daemon's PID namespace during the cold GPV. busybox rows: busybox "
             "bound over /bin/sh and awk in the daemon's mount namespace.",
             "",
             "| shell, awk | parameters | runs | cold GPV ms | µs per parameter | warm GPV ms "
             "| processes (cold GPV) |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for r in results:
        lines.append("| %s | %d | %d | %.1f | %.1f | %.1f | %g%s |" % (
            r["shell"], r["params"], r["runs"], r["cold"] * 1000,
            r["cold"] * 1e6 / max(r["params"], 1), r["warm"] * 1000, r["procs"],
            "" if len(r["procs_all"]) == 1 else " (%s)" % ", ".join(
                "%g" % p for p in r["procs_all"])))
    lines += ["", "Run 0, left out of the medians, is each store's first read after seeding "
              "(the sim plugins seed their stores; a big store is counted once for the "
              "fast get): " + "; ".join(
                  "%s, %d parameters: %.1f ms, %g processes" % (
                      r["shell"], r["params"], r["first"] * 1000, r["first_procs"])
                  for r in results) + ".",
              "", "Targets (issue 12, the cold path):", ""]
    small = [r for r in results if r["params"] < 5000]
    big = [r for r in results if r["params"] >= 50000]
    for r in small:
        lines.append("- cold whole-tree GPV at most 15 processes (%s): %g -> %s" % (
            r["shell"], r["procs"], verdict(r["procs"] <= 15)))
    for r in small:
        if r["busybox"]:
            lines.append("- cold %d-parameter GPV at most 20 ms under busybox: %.1f ms -> %s" % (
                r["params"], r["cold"] * 1000, verdict(r["cold"] <= 0.020)))
    for r in big:
        if r["busybox"]:
            lines.append("- cold %d-parameter GPV at most 0.5 s under busybox awk: %.2f s -> %s"
                         % (r["params"], r["cold"], verdict(r["cold"] <= 0.5)))
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    ap.add_argument("--hosts", default="78,12453")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--timeout", type=int, default=90)
    a = ap.parse_args()
    if os.geteuid() != 0 or not (shutil.which("unshare") and shutil.which("nsenter")):
        raise SystemExit("cold.py: needs root, unshare and nsenter (namespaces)")
    env = bench.Env()
    if not os.path.exists(env.cwmpd):
        raise SystemExit("no daemon at %s (set CWMPD_BUILD)" % env.cwmpd)
    results = []
    for busybox in ([False, True] if BUSYBOX else [False]):
        for n in [int(x) for x in a.hosts.split(",")]:
            ts = time.monotonic()
            runs = a.runs if n < 1000 else max(1, (a.runs + 1) // 2)
            r = run_size(env, n, busybox, runs, a.timeout)
            print("# %s, %d params: cold %.1f ms, %g processes, %.1f s" % (
                r["shell"], r["params"], r["cold"] * 1000, r["procs"], time.monotonic() - ts),
                file=sys.stderr, flush=True)
            results.append(r)
    text = render(results)
    bench.replace_section(a.out, HEADING, text)
    print(text)


if __name__ == "__main__":
    main()
