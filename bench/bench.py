#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Scaling benchmark: the real cwmpd (platform sim) against the scripted ACS
of tests/e2e on 127.0.0.1, with the Hosts table pre-seeded to reach about
1,000 / 10,000 / 100,000 parameters.

Per size, two daemon runs (one CWMP session each; the data-model cache lives
for one session, so the first request of a session runs the plugins):
  session A: GPN "" NextLevel false x4, then GPV "Device." x3 (warm)
  session B: GPV "Device." x4 (the first one cold)
Times are taken in the ACS: from handing the request to the HTTP layer to
the end of reading the CPE's whole response body (before the ACS parses it).
Peak RSS is VmHWM of the daemon after each session (the larger one shown).
Then one more daemon run on a small tree with 100 NAT port mappings seeded
(CWMPD_SIM_PORTMAPPINGS) times SetParameterValues of 100 writable
parameters (their Description) in one request, x4 with new values, and
reads one back with GPV.

Usage: bench.py [--out bench/RESULTS.md] [--hosts N,N,N] [--no-spv]
Needs CWMPD_BUILD (the build dir with agent/cwmpd) or CWMPD (the binary).
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "e2e"))

import acs as acsmod  # noqa: E402
import cwmpmsg as cm  # noqa: E402
import harness  # noqa: E402

# ---- timing hooks in the ACS ----------------------------------------------
# Every POST goes through _read_body once, in order (one connection per
# session here), so the i-th stamp belongs to the i-th exchange.
_orig_read_body = acsmod.AcsHandler._read_body


def _timed_read_body(self):
    body = _orig_read_body(self)
    t = time.monotonic()
    with self.acs.cond:
        self.acs.read_done.append(t)
    return body


acsmod.AcsHandler._read_body = _timed_read_body


def timed(req, sent):
    """A Plan request that records when it is handed out to be sent."""
    def f(_session):
        sent.append(time.monotonic())
        return req
    return f


class Env(harness.Env):
    """The e2e harness's Env, but the daemon logs at info: -l debug would
    copy every (multi-MB) SOAP body into the log and distort the timings."""

    def command(self, conf, extra=(), wrap=()):
        argv = super().command(conf, extra, wrap)
        i = argv.index("-l")
        argv[i + 1] = "info"
        return argv


def vm(pid, key):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])   # kB
    except OSError:
        pass
    return None


def seed_hosts(state_dir, n):
    """Seed the sim store of the hosts plugin with n hosts (the daemon passes
    plugins a minimal environment, so CWMPD_SIM_HOSTS has to act here)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "CWMPD_PLATFORM": "sim",
           "CWMPD_STATE_DIR": state_dir, "CWMPD_LIB": os.path.join(TOP, "scripts", "lib"),
           "CWMPD_SIM_HOSTS": str(n)}
    p = subprocess.run([os.path.join(TOP, "scripts", "plugins", "hosts"), "get",
                        "Device.Hosts."], env=env, stdout=subprocess.PIPE, check=True)
    hosts_params = p.stdout.count(b"\n")
    with open(os.path.join(state_dir, "sim", "hosts")) as f:
        lines = sum(1 for _ in f)
    if lines != 7 * n:
        raise SystemExit("hosts store has %d lines, expected %d" % (lines, 7 * n))
    return hosts_params


def seed_plugin(state_dir, plugin, prefix, knob, n):
    """Seed the sim store of one plugin through its benchmark knob (the
    daemon passes plugins a minimal environment, so the knob acts here)."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "CWMPD_PLATFORM": "sim",
           "CWMPD_STATE_DIR": state_dir, "CWMPD_LIB": os.path.join(TOP, "scripts", "lib"),
           knob: str(n)}
    subprocess.run([os.path.join(TOP, "scripts", "plugins", plugin), "get", prefix],
                   env=env, stdout=subprocess.DEVNULL, check=True)


def response_times(acs, session, sent):
    """[(seconds, body bytes, Message)] for the ACS requests of session."""
    with acs.cond:
        xs = [(x, acs.read_done[i]) for i, x in enumerate(acs.exchanges)
              if x.session == session.number]
    answers = [(x, t) for x, t in xs if x.msg.method and x.msg.method != "Inform"]
    if len(answers) != len(sent):
        raise SystemExit("session %d: %d answers for %d requests (%s)" % (
            session.number, len(answers), len(sent),
            [x.msg.method for x, _ in answers]))
    return [(t - s, len(x.body), x.msg) for (x, t), s in zip(answers, sent)]


def count_params(m):
    """(leaf parameters, objects, leaves outside Device.Hosts.) in a GPN/GPV
    response."""
    leaves = objs = other = 0
    for el in m.body.iter():
        if el.tag.rsplit("}", 1)[-1] == "Name":
            name = el.text or ""
            if name.endswith("."):
                objs += 1
            else:
                leaves += 1
                if not name.startswith("Device.Hosts."):
                    other += 1
    return leaves, objs, other


def fault_of(m):
    return m.fault_code if m.method == "Fault" else None


def run_size(env, n_hosts, timeout):
    t = harness.T("bench-%d" % n_hosts, env)
    acs = acsmod.Acs(validate=False).start()
    acs.read_done = []
    t.acss.append(acs)
    hosts_params = seed_hosts(t.state_dir, n_hosts)
    gpn = cm.get_parameter_names("", False)
    gpv = cm.get_parameter_values(["Device."])
    sent_a, sent_b = [], []
    plan_a = acsmod.Plan(requests=[timed(gpn, sent_a) for _ in range(4)] +
                         [timed(gpv, sent_a) for _ in range(3)])
    plan_b = acsmod.Plan(requests=[timed(gpv, sent_b) for _ in range(4)])
    acs.queue(plan_a, plan_b)
    conf = t.config(acs, acs_opts={"timeout": str(timeout)}, cpe_opts={"log_level": "info"})
    out = {"hosts": n_hosts, "hosts_params": hosts_params}
    try:
        hwm = []
        for number, plan_sent in ((1, sent_a), (2, sent_b)):
            d = t.start(conf)
            s = t.session(acs, number, timeout=timeout)
            hwm.append(vm(d.pid, "VmHWM"))
            if number == 1:
                out["rss_kb"] = vm(d.pid, "VmRSS")
            rc = d.stop()
            d.reaped = True
            if rc != 0:
                raise SystemExit("daemon exit status %s after SIGTERM (log %s)" % (rc, t.log_path))
            r = response_times(acs, s, plan_sent)
            for _, _, m in r:
                if m.method not in ("GetParameterNamesResponse", "GetParameterValuesResponse",
                                    "Fault"):
                    raise SystemExit("unexpected answer %s %s (log %s)" % (
                        m.method, m.fault_code, t.log_path))
            if number == 1:
                out["gpn_first"] = r[0][0]
                out["gpn_rep"] = statistics.median(x[0] for x in r[1:4])
                out["gpn_bytes"] = r[0][1]
                out["gpn_fault"] = fault_of(r[0][2])
                out["leaves"], out["objects"], out["other"] = count_params(r[0][2])
                out["gpv_warm_a"] = statistics.median(x[0] for x in r[4:7])
            else:
                out["gpv_first"] = r[0][0]
                out["gpv_rep"] = statistics.median(x[0] for x in r[1:4])
                out["gpv_bytes"] = r[0][1]
                out["gpv_values"] = count_params(r[0][2])[0]
                out["gpv_fault"] = fault_of(r[0][2])
        out["hwm_kb"] = max(h for h in hwm if h is not None)
        out["hwm_a"], out["hwm_b"] = hwm
    except (harness.CaseFailure, SystemExit) as e:
        print("FAILED at %d hosts: %s\n  log: %s\n  %s" % (
            n_hosts, e, t.log_path, "\n  ".join(t.log_tail(15))), file=sys.stderr)
        for d in t.daemons:
            d.close()
        acs.stop()
        raise SystemExit(1)
    t.finish(False)
    return out


SPV_N = 100
SPV_RUNS = 4


def spv_values(run):
    return [("Device.NAT.PortMapping.%d.Description" % i, "bench run %d item %d" % (run, i),
             "xsd:string") for i in range(1, SPV_N + 1)]


def run_spv(env, timeout):
    """SetParameterValues of SPV_N parameters in one request, SPV_RUNS times
    in one session, then a GPV reading the last value back."""
    t = harness.T("bench-spv", env)
    acs = acsmod.Acs(validate=False).start()
    acs.read_done = []
    t.acss.append(acs)
    seed_plugin(t.state_dir, "nat", "Device.NAT.", "CWMPD_SIM_PORTMAPPINGS", SPV_N)
    sent = []
    last = "Device.NAT.PortMapping.%d.Description" % SPV_N
    reqs = [timed(cm.set_parameter_values(spv_values(k), "bench-%d" % k), sent)
            for k in range(SPV_RUNS)]
    reqs.append(timed(cm.get_parameter_values([last]), sent))
    acs.queue(acsmod.Plan(requests=reqs))
    conf = t.config(acs, acs_opts={"timeout": str(timeout)}, cpe_opts={"log_level": "info"})
    out = {}
    try:
        d = t.start(conf)
        s = t.session(acs, 1, timeout=timeout)
        rc = d.stop()
        d.reaped = True
        if rc != 0:
            raise SystemExit("daemon exit status %s after SIGTERM (log %s)" % (rc, t.log_path))
        r = response_times(acs, s, sent)
    except (harness.CaseFailure, SystemExit) as e:
        print("FAILED in the SetParameterValues run: %s\n  log: %s\n  %s" % (
            e, t.log_path, "\n  ".join(t.log_tail(15))), file=sys.stderr)
        for d in t.daemons:
            d.close()
        acs.stop()
        raise SystemExit(1)
    spv = r[:SPV_RUNS]
    faults = [m.fault_code for _, _, m in spv if m.method == "Fault"]
    out["fault"] = faults[0] if faults else None
    out["first"] = spv[0][0]
    out["rep"] = statistics.median(x[0] for x in spv[1:])
    if not faults:
        bad = [m.method for _, _, m in spv if m.method != "SetParameterValuesResponse"]
        if bad:
            raise SystemExit("SetParameterValues answered with %s (log %s)" % (bad, t.log_path))
        status = [_text_of(m.body, "Status") for _, _, m in spv]
        out["status"] = ",".join(sorted(set(status)))
        gpv = r[SPV_RUNS][2]
        want = spv_values(SPV_RUNS - 1)[-1][1]
        got = _text_of(gpv.body, "Value") if gpv.method != "Fault" else None
        out["readback"] = got == want
    t.finish(False)
    return out


def _text_of(el, name):
    for x in el.iter():
        if x.tag.rsplit("}", 1)[-1] == name:
            return (x.text or "").strip()
    return None


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ms(s):
    return "%.1f" % (s * 1000)


def cell(r, key, fault_key):
    f = r.get(fault_key)
    return ms(r[key]) + (" (Fault %s)" % f if f else "")


def spv_text(spv):
    if spv is None:
        return "not run"
    if spv.get("fault"):
        return "n/a (fault %s)" % spv["fault"]
    return "first %s ms, repeat %s ms (Status %s, value read back: %s)" % (
        ms(spv["first"]), ms(spv["rep"]), spv["status"], "yes" if spv["readback"] else "NO")


def render(results, build, elapsed, spv=None):
    lines = []
    lines.append("# cwmpd scaling benchmark")
    lines.append("")
    lines.append("- date: %s" % time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()))
    lines.append("- machine: `nproc` = %d, CPU: %s, %s %s" % (
        os.cpu_count(), cpu_model(), platform.system(), platform.release()))
    lines.append("- daemon: %s (built with -O2 by bench/run.sh unless CWMPD_BUILD was given)" % build)
    lines.append("- method: real cwmpd, platform sim, scripted ACS (tests/e2e/acs.py) on "
                 "127.0.0.1, XSD validation off. Hosts.Host pre-seeded. Per size two "
                 "daemon runs, one session each: A = GPN \"\" NextLevel false x4 then "
                 "GPV \"Device.\" x3; B = GPV \"Device.\" x4. Time = request handed "
                 "to the ACS's HTTP layer -> CPE's full response body read. \"first\" = "
                 "first request of a session (includes the plugin calls, the cache is "
                 "per session); \"repeat\" = median of the next 3 in the same session. "
                 "Peak RSS = VmHWM of the daemon after the session (max of A and B). "
                 "SetParameterValues: one more daemon run, small tree plus %d "
                 "port mappings, %d x SPV of %d Descriptions in one session "
                 "(\"first\" includes reading the NAT table from its plugin), then "
                 "one GPV reading the last value back." % (SPV_N, SPV_RUNS, SPV_N))
    lines.append("- total run time: %.0f s" % elapsed)
    lines.append("")
    lines.append("| hosts | parameters (GPN leaves) | objects | GPV values | GPN first ms | "
                 "GPN repeat ms | GPV first ms | GPV repeat ms | GPV resp. KiB | "
                 "peak RSS KiB (VmHWM) | RSS/param growth vs prev size |")
    lines.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    prev = None
    for r in results:
        if prev:
            growth = (r["hwm_kb"] - prev["hwm_kb"]) * 1024.0 / (r["params"] - prev["params"])
            g = "%.0f B" % growth
        else:
            g = "-"
        lines.append("| %d | %d%s | %s | %s | %s | %s | %s | %s | %.0f | %d | %s |" % (
            r["hosts"], r["params"], "" if r["counted"] == "GPN" else "*",
            r["objects"] if r["counted"] == "GPN" else "-",
            "-" if r["gpv_fault"] else r["gpv_values"],
            cell(r, "gpn_first", "gpn_fault"), cell(r, "gpn_rep", "gpn_fault"),
            cell(r, "gpv_first", "gpv_fault"), cell(r, "gpv_rep", "gpv_fault"),
            r["gpv_bytes"] / 1024.0, r["hwm_kb"], g))
        prev = r
    lines.append("")
    lines.append("| request | first ms | repeat ms | answer |")
    lines.append("|---|---:|---:|---|")
    if spv is None or spv.get("fault"):
        lines.append("| SetParameterValues of %d parameters | - | - | %s |" % (SPV_N, spv_text(spv)))
    else:
        lines.append("| SetParameterValues of %d parameters | %s | %s | Status %s, value read "
                     "back: %s |" % (SPV_N, ms(spv["first"]), ms(spv["rep"]), spv["status"],
                                     "yes" if spv["readback"] else "NO"))
    if any(r["counted"] != "GPN" for r in results):
        lines.append("")
        lines.append("\\* GPN/GPV of the whole tree answered with a fault: the answer would pass "
                     "the daemon's 4 MiB SOAP body cap (SOAP_MAX_SIZE in agent/cwmp/soap.h), so "
                     "\"Fault 9004\" times are the time to that fault (tree still loaded from "
                     "the plugins on the first request). Parameter count = non-Hosts leaves "
                     "from a smaller size's GPN + the lines the hosts plugin prints.")
    lines.append("")
    lines.append("Targets (from the issue):")
    lines.append("")
    small = results[0]
    ok_gpv = small["gpv_first"] < 0.020
    lines.append("- whole-tree GPV of ~1,000 params < 20 ms: first (cold) %s ms, repeat %s ms -> %s"
                 % (ms(small["gpv_first"]), ms(small["gpv_rep"]),
                    "met" if ok_gpv else ("met only when warm" if small["gpv_rep"] < 0.020
                                          else "NOT met")))
    full = [r for r in results if not (r["gpn_fault"] or r["gpv_fault"])]
    if len(full) >= 2:
        per = [(r["gpv_first"] / r["params"] * 1e6, r["gpv_rep"] / r["params"] * 1e6,
                r["gpn_first"] / r["params"] * 1e6, r["gpn_rep"] / r["params"] * 1e6)
               for r in full]
        lines.append("- linear growth (sizes fully answered): time per parameter in us, "
                     "GPV first / GPV repeat / GPN first / GPN repeat: "
                     + "; ".join("%d params: %.2f / %.2f / %.2f / %.2f" % (r["params"], *p)
                                 for r, p in zip(full, per)))
        lines.append("  marginal cost per extra parameter between sizes (us), same order: " + "; ".join(
            "%d->%d: %.2f / %.2f / %.2f / %.2f" % (
                a["params"], b["params"],
                *[(b[k] - a[k]) / (b["params"] - a["params"]) * 1e6
                  for k in ("gpv_first", "gpv_rep", "gpn_first", "gpn_rep")])
            for a, b in zip(full, full[1:])))
        lines.append("  (linear = roughly constant marginal cost; the per-parameter average "
                     "falls because of a fixed plugin start-up cost in \"first\")")
    if len(full) < len(results):
        lines.append("- 100,000 parameters: whole-tree GPN and GPV are NOT answered (Fault 9004, "
                     "4 MiB SOAP cap); see the rows marked *")
    growths = []
    for a, b in zip(results, results[1:]):
        growths.append((b["hwm_kb"] - a["hwm_kb"]) * 1024.0 / (b["params"] - a["params"]))
    if growths:
        lines.append("- < 200 bytes RSS per extra parameter: %s -> %s" % (
            ", ".join("%.0f B" % g for g in growths),
            "met" if all(g < 200 for g in growths) else "NOT met"))
    if len(full) < len(results):
        lines.append("  (growth into a faulted size excludes the response it could not build)")
    if len(results) > 1:
        a, b = results[0], results[-1]
        whole = (b["hwm_kb"] - a["hwm_kb"]) * 1024.0 / (b["params"] - a["params"])
        lines.append("- peak RSS growth per parameter under 100 B (issue 12), %d -> %d parameters: "
                     "%.0f B -> %s (a step from the smallest size also pays the fixed 256 KiB "
                     "piece a long answer is written in)" % (
                         a["params"], b["params"], whole, "met" if whole < 100 else "NOT met"))
    lines.append("- SetParameterValues of %d parameters: %s" % (SPV_N, spv_text(spv)))
    lines.append("")
    lines.append("Raw: " + "; ".join(
        "%d hosts: VmHWM A %d / B %d KiB, VmRSS after A %s KiB, GPN resp %.0f KiB, "
        "GPV warm in A %s ms" % (r["hosts"], r["hwm_a"], r["hwm_b"], r["rss_kb"],
                                 r["gpn_bytes"] / 1024.0, ms(r["gpv_warm_a"]))
        for r in results))
    return "\n".join(lines) + "\n"


OPENWRT_HEADING = "## OpenWrt userland"     # bench/openwrt.sh's, kept here
COLD_HEADING = "## Cold path (sim)"         # bench/cold.py's, kept here
CROSS_HEADING = "## Cross builds"           # tools/cross.sh's sizes, kept here
FOOTPRINT_HEADING = "## Footprint"           # bench/size.sh's and memory.py's, kept here
EASYCWMP_HEADING = "## Against easycwmp"     # written by hand (issue 12's comparison), kept here
# bench/musl.sh's (memory.py --router), a subsection of the Footprint's
ROUTER_HEADING = "### Router-like build: musl + mbedTLS"


def kept_section(path, heading):
    """The section of the file at path that starts with heading, up to the
    next heading of its level or above ("## " for "## ": another
    benchmark's results; "## " or "### " for "### "), or ""."""
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        return ""
    i = text.find("\n" + heading + "\n")
    if i < 0:
        return ""
    level = len(heading) - len(heading.lstrip("#"))
    ends = [text.find("\n" + "#" * n + " ", i + 1) for n in range(2, level + 1)]
    j = min([e for e in ends if e >= 0], default=-1)
    return "\n" + text[i + 1:j + 1 if j >= 0 else len(text)].rstrip("\n") + "\n"


def replace_section(path, heading, text):
    """Put text (starting with heading) in the file at path in place of the
    section with that heading, or at the end when it has none."""
    old = open(path).read() if os.path.exists(path) else ""
    kept = kept_section(path, heading)
    new = old.replace(kept.lstrip("\n"), text) if kept else old.rstrip("\n") + "\n\n" + text
    with open(path, "w") as f:
        f.write(new)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    ap.add_argument("--hosts", default=os.environ.get("BENCH_HOSTS", "78,1203,2453,12453"))
    ap.add_argument("--timeout", type=int, default=90)
    ap.add_argument("--no-spv", action="store_true", help="skip the SetParameterValues run")
    a = ap.parse_args()
    env = Env()
    if not os.path.exists(env.cwmpd):
        raise SystemExit("no daemon at %s (set CWMPD_BUILD)" % env.cwmpd)
    t0 = time.monotonic()
    results = []
    for n in [int(x) for x in a.hosts.split(",")]:
        ts = time.monotonic()
        r = run_size(env, n, a.timeout)
        print("# %d hosts: %s, %.1f s" % (n, "GPN fault %s" % r["gpn_fault"] if r["gpn_fault"]
                                          else "%d params" % r["leaves"], time.monotonic() - ts),
              file=sys.stderr, flush=True)
        results.append(r)
    spv = None
    if not a.no_spv:
        ts = time.monotonic()
        spv = run_spv(env, a.timeout)
        print("# SetParameterValues: %s, %.1f s" % (spv_text(spv), time.monotonic() - ts),
              file=sys.stderr, flush=True)
    # The real parameter count: from the GPN "" answer; when that answer is a
    # fault (response too big), the non-Hosts leaves of an answered size plus
    # the lines the hosts plugin itself prints for Device.Hosts.
    ok = [r for r in results if r["gpn_fault"] is None]
    for r in results:
        if r["gpn_fault"] is None:
            r["params"], r["counted"] = r["leaves"], "GPN"
            if r["other"] + r["hosts_params"] != r["leaves"]:
                print("# note: %d hosts: GPN leaves %d != %d other + %d hosts plugin" % (
                    r["hosts"], r["leaves"], r["other"], r["hosts_params"]), file=sys.stderr)
        elif ok:
            r["params"], r["counted"] = ok[-1]["other"] + r["hosts_params"], "plugin"
        else:
            raise SystemExit("no size answered GPN; cannot count parameters")
    text = render(results, env.cwmpd, time.monotonic() - t0, spv)
    kept = (kept_section(a.out, COLD_HEADING) + kept_section(a.out, FOOTPRINT_HEADING)
            + kept_section(a.out, OPENWRT_HEADING) + kept_section(a.out, CROSS_HEADING)
            + kept_section(a.out, EASYCWMP_HEADING))
    with open(a.out, "w") as f:     # read what is kept first: "w" empties the file
        f.write(text + kept)
    print(text)


if __name__ == "__main__":
    main()
