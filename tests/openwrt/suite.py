#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run the OpenWrt cases (cases/*.py) and print TAP.

Each case boots its own container from the assembled root file system
($OWRT_ROOTFS: the userland plus the package), then runs in a child
process entered into that container's network namespace (nsenter --net),
so that the scripted ACS it starts listens on 127.0.0.1 there, where
cwmpd, started by procd inside, reaches it. The child prints one JSON line
with the result; the container is stopped afterwards whatever happened.

    suite.py [-j N] [-v] [NAME_SUBSTRING...]      (run.sh sets the env;
                                                   OWRT_CASES: another case folder)
    suite.py --child CASE STATEDIR                (inside the netns)
"""

import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
E2E = os.path.join(HERE, "..", "e2e")
sys.path.insert(0, HERE)
sys.path.insert(0, E2E)
sys.dont_write_bytecode = True

import runner  # noqa: E402  (tests/e2e/runner.py: discovery and one case's run)

# The cases: cases/ here, or another folder of them (bench/openwrt/).
CASES = os.path.abspath(os.environ.get("OWRT_CASES") or os.path.join(HERE, "cases"))


def boot_env():
    e = dict(os.environ)
    e["ROOTFS"] = os.environ["OWRT_ROOTFS"]
    e["OWRT_WORK"] = os.environ["OWRT_INSTANCES"]
    e["FAST_STOP"] = "1"
    return e


def boot():
    """Start a container; returns its state dir (raises on failure)."""
    os.makedirs(os.environ["OWRT_INSTANCES"], exist_ok=True)
    p = subprocess.run([os.environ["OWRT_RUN"], "start"], env=boot_env(),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=90)
    st = p.stdout.decode().strip().splitlines()
    if p.returncode != 0 or not st:
        raise RuntimeError("boot failed: " + p.stderr.decode(errors="replace")[-800:])
    return st[-1]


def halt(st):
    subprocess.run([os.environ["OWRT_RUN"], "stop", st], env=boot_env(),
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)


def run_in_box(name, verbose):
    """(status, skip reason, lines): boot, run the case in the child, stop."""
    t0 = time.monotonic()
    try:
        st = boot()
    except Exception as e:
        return "not ok", "", [str(e)]
    try:
        pid1 = open(os.path.join(st, "pid1")).read().strip()
        argv = ["nsenter", "--target", pid1, "--net", "--", sys.executable,
                os.path.abspath(__file__), "--child", name, st] + (["-v"] if verbose else [])
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           timeout=600)
        out = p.stdout.decode(errors="replace").splitlines()
        res = [ln for ln in out if ln.startswith("{\"status\"")]
        if not res:
            return "not ok", "", ["the case's process ended without a result (%d)"
                                  % p.returncode] + out[-40:]
        r = json.loads(res[-1])
        return r["status"], r["skip"], r["lines"] + ["%s: %.1f s in all" % (
            name, time.monotonic() - t0)]
    except subprocess.TimeoutExpired:
        return "not ok", "", ["the case ran for more than 600 s"]
    finally:
        halt(st)


def child(name, st, verbose):
    import owrt
    env = owrt.OwrtEnv(st)
    status, why, lines, _ = runner.run_case(
        name, env, verbose, casedir=CASES,
        make_t=lambda n, e: owrt.OT(n, e))
    print(json.dumps({"status": status, "skip": why, "lines": lines}), flush=True)
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-j", type=int, default=int(os.environ.get("CWMPD_OWRT_JOBS", "2")))
    ap.add_argument("-v", action="store_true")
    ap.add_argument("--child", nargs=2, metavar=("CASE", "STATEDIR"))
    ap.add_argument("filters", nargs="*")
    a = ap.parse_args()
    if a.child:
        return child(a.child[0], a.child[1], a.v)
    names = runner.discover(a.filters, CASES)
    print("1..%d" % len(names), flush=True)
    with concurrent.futures.ThreadPoolExecutor(max(1, a.j)) as pool:
        futs = [pool.submit(run_in_box, n, a.v) for n in names]
        for i, (n, f) in enumerate(zip(names, futs), 1):
            runner.tap(i, n, *f.result())
    return 0


if __name__ == "__main__":
    sys.exit(main())
