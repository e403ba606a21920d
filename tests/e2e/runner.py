#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Run the end-to-end scenarios in cases/ and print TAP.

Each cases/<name>.py has a docstring (what it checks) and run(t). A case
passes when run(t) returns and T.finish() finds nothing wrong; on failure
the reason, the last ACS exchanges and the tail of the daemon's log follow
as "# " lines. One more test after the cases reports the XSD validation of
every message the daemon sent: SKIP (and why) without validate-cwmp.sh or
xmllint, so a run that validated nothing never reads as a pass. The exit
status is 0 whatever the results (TAP carries them).

    runner.py [-j N] [-v] [NAME_SUBSTRING...]

With no NAME_SUBSTRING, CWMPD_E2E_CASES (exact case names, space
separated) picks the cases when set: tests/check.sh runs the Digest cases
against its --with-crypto=mbedtls build this way, through make check. A
name there with no case file is a bail-out, not a silent skip.
"""

import argparse
import concurrent.futures
import importlib.util
import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True      # the source tree may be read-only

import harness  # noqa: E402


def discover(filters, d=os.path.join(HERE, "cases")):
    names = sorted(f[:-3] for f in os.listdir(d)
                   if f.endswith(".py") and not f.startswith("_"))
    exact = os.environ.get("CWMPD_E2E_CASES", "").split()
    if filters:
        names = [n for n in names if any(f in n for f in filters)]
    elif exact:
        missing = [n for n in exact if n not in names]
        if missing:
            print("Bail out! CWMPD_E2E_CASES names no case file: %s" % " ".join(missing))
            sys.exit(1)
        names = [n for n in names if n in exact]
    return names


def load(name, d=os.path.join(HERE, "cases")):
    path = os.path.join(d, name + ".py")
    spec = importlib.util.spec_from_file_location("case_" + name, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def validated(t):
    """How many CPE messages of the case's ACSs passed the XSD check."""
    if t is None:
        return 0
    return sum(1 for a in t.acss for x in list(a.exchanges) if x.valid is True)


def run_case(name, env, verbose, casedir=os.path.join(HERE, "cases"), make_t=harness.T):
    """Returns (status, skip_reason, lines, validated): status "ok",
    "not ok" or "skip". casedir and make_t(name, env) are the OpenWrt
    suite's (tests/openwrt/suite.py) when it runs a case."""
    start = time.monotonic()
    lines, status, skip_reason = [], "ok", ""
    t = None
    try:
        mod = load(name, casedir)
        t = make_t(name, env)
        try:
            mod.run(t)
        finally:
            pass
    except harness.CaseSkip as e:
        status, skip_reason = "skip", str(e)
    except harness.CaseFailure as e:
        status = "not ok"
        lines.append(str(e))
    except Exception:
        status = "not ok"
        lines += traceback.format_exc().rstrip().splitlines()
    if t is not None:
        try:
            problems = t.finish(status == "not ok")
        except Exception:
            problems = traceback.format_exc().rstrip().splitlines()
        if problems and status != "skip":
            status = "not ok"
            lines += problems
        lines += t.notes
        if status == "not ok" or verbose:
            for a in t.acss:
                lines.append("ACS %s: %s" % (a.url, harness.summary(a, 12)))
            for a in t.acss:
                lines += ["ACS error: " + e for e in a.errors]
            if verbose:
                for a in t.acss:
                    for x in a.exchanges:
                        lines += ["  " + ln for ln in harness.acsmod.describe(x) if ln]
            lines.append("daemon log (%s), last lines:" % t.log_path)
            lines += ["  " + ln for ln in t.log_tail()]
    lines.append("%s: %.1f s" % (name, time.monotonic() - start))
    return status, skip_reason, lines, validated(t)


def tap(i, name, status, why, lines):
    """The TAP line of case i and its diagnostics."""
    if status == "skip":
        print("ok %d - %s # SKIP %s" % (i, name, why))
    else:
        print("%s %d - %s" % (status, i, name))
    for ln in lines:
        print("# " + ln)
    sys.stdout.flush()


def report_validation(i, v, ran, n_valid):
    """The TAP line for XSD validation over the whole run."""
    what = "every message the daemon sent is valid against the cwmp XSD"
    if not v.enabled:
        print("ok %d - %s # SKIP %s" % (i, what, v.why))
    elif ran == 0:
        print("ok %d - %s # SKIP no case ran" % (i, what))
    elif n_valid == 0:
        print("not ok %d - %s: %d cases ran and no message was validated" % (i, what, ran))
    else:
        print("ok %d - %s (%d messages in %d cases)" % (i, what, n_valid, ran))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-j", type=int, default=int(os.environ.get("CWMPD_E2E_JOBS", "1")))
    ap.add_argument("-v", action="store_true", help="diagnostics for passing cases too")
    ap.add_argument("filters", nargs="*")
    a = ap.parse_args()
    env = harness.Env()
    names = discover(a.filters)
    print("1..%d" % (len(names) + 1), flush=True)
    if env.wrapper:
        print("# daemon wrapped in %s, timeouts x%g" % (env.wrapper, env.scale))
    v = harness.acsmod.Validator()
    print("# XSD validation: %s" % (v.script or "skipped: " + v.why))
    ran = n_valid = 0
    if not os.path.exists(env.cwmpd):
        print("# no daemon at %s: every case is skipped" % env.cwmpd)
    with concurrent.futures.ThreadPoolExecutor(max(1, a.j)) as pool:
        futs = [pool.submit(run_case, n, env, a.v) for n in names]
        for i, (n, f) in enumerate(zip(names, futs), 1):
            status, why, lines, valid = f.result()
            ran += status != "skip"
            n_valid += valid
            tap(i, n, status, why, lines)
    report_validation(len(names) + 1, v, ran, n_valid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
