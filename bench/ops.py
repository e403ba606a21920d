#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Remote-operations benchmark: the real cwmpd (platform sim) against the
scripted ACS of tests/e2e on 127.0.0.1.

1. Connection request latency: a valid Digest (MD5) connection request
   to the CPE's port, timed from sending it to the ACS receiving the Inform
   with "6 CONNECTION REQUEST"; 50 requests, each sent as soon as the
   previous session ended (an operator queueing tasks back to back): the
   latency and how many sessions a second that drives.
2. A flood of 1,000 bad connection requests from 127.0.0.2 (wrong password:
   the challenge, then a wrong Digest answer; 8 clients at once) while the
   ACS (127.0.0.1) sends valid requests back to back: requests per second
   answered, the daemon's CPU time and VmRSS before and after, the valid
   requests' latency meanwhile; then a valid request.
3. A 32 MiB firmware Download: time from the DownloadResponse to the
   TransferComplete session and the daemon's peak RSS (VmRSS sampled every
   10 ms while it downloads, and VmHWM), against its RSS before.

Usage: ops.py [--out FILE] (appends its section; default bench/RESULTS.md)
Needs CWMPD_BUILD (the build dir with agent/cwmpd) or CWMPD (the binary).
"""

import argparse
import concurrent.futures
import os
import statistics
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.abspath(os.path.join(HERE, ".."))
sys.path.insert(0, os.path.join(TOP, "tests", "e2e"))
sys.path.insert(0, os.path.join(TOP, "tests", "e2e", "cases"))

import acs as acsmod  # noqa: E402
import connreq_auth as cr  # noqa: E402
import cwmpmsg as cm  # noqa: E402
import harness  # noqa: E402
from bench import Env, vm  # noqa: E402

IMAGE_MIB = 32
FLOOD = 1000
CLIENTS = 8
ATTACKER = "127.0.0.2"


def cpu_s(pid):
    """utime + stime of pid in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cr_sessions(acs):
    return [s for s in acs.snapshot() if "6 CONNECTION REQUEST" in s.inform.event_codes]


def cr_latency(t, acs, port, n=50):
    """Per request, seconds from sending it to its Inform; and the wall
    time of the whole run (to the end of the last session)."""
    out = []
    start = time.time()
    for i in range(n):
        before = len(cr_sessions(acs))
        t0 = time.time()
        r, _ = cr.connection_request(port)
        if r.status != 200:
            raise SystemExit("connection request %d: HTTP %s" % (i + 1, r.status))
        acs.wait_for(lambda a: len(cr_sessions(a)) > before, 10)
        s = cr_sessions(acs)[-1]
        out.append(s.wall_start - t0)
        acs.wait_for(lambda a: a.sessions[-1].complete, 10)
    return out, time.time() - start


def bad_request(port, i):
    try:
        return cr.connection_request(port, password="wrong-%d" % i,
                                     source=ATTACKER)[0].status
    except OSError:
        return None


def flood(t, acs, d, port):
    rss0, cpu0, t0 = vm(d.pid, "VmRSS"), cpu_s(d.pid), time.monotonic()
    stop, valid = threading.Event(), []

    def operator():
        while not stop.is_set():
            try:
                lat, _ = cr_latency(t, acs, port, 1)
            except SystemExit as e:         # not 200, or no session
                valid.append(str(e))
                return
            valid.extend(lat)
    th = threading.Thread(target=operator)
    th.start()
    with concurrent.futures.ThreadPoolExecutor(CLIENTS) as ex:
        statuses = list(ex.map(lambda i: bad_request(port, i), range(FLOOD)))
    took = time.monotonic() - t0
    stop.set()
    th.join()
    return {"took": took, "rps": FLOOD / took, "cpu": cpu_s(d.pid) - cpu0,
            "rss0": rss0, "rss1": vm(d.pid, "VmRSS"), "valid": valid,
            "statuses": {s: statuses.count(s) for s in set(statuses)}}


def valid_after(t, acs, port):
    """A valid request right after the flood: (status, session started)."""
    before = len(cr_sessions(acs))
    r, _ = cr.connection_request(port)
    ok = r.status == 200 and acs.wait_for(lambda a: len(cr_sessions(a)) > before, 10)
    acs.wait_for(lambda a: a.sessions[-1].complete, 10)
    return r.status, bool(ok)


def download(t, acs, d):
    image = b"CWMPD-SIM-FIRMWARE 9.9.9\n" + b"\0" * (IMAGE_MIB * 1024 * 1024)
    acs.files["/fw.bin"] = image
    rss0 = vm(d.pid, "VmRSS")
    peak = [rss0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            v = vm(d.pid, "VmRSS")
            if v:
                peak[0] = max(peak[0], v)
            time.sleep(0.01)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    n = len(acs.snapshot())
    acs.queue(acsmod.Plan(requests=[cm.download("bench-fw", acs.url_for("/fw.bin"),
                                                len(image))]))
    t0 = time.time()
    r, _ = cr.connection_request(t.cr_port)
    if r.status != 200:
        raise SystemExit("connection request for the Download: HTTP %s" % r.status)
    acs.wait_for(lambda a: len(a.gets) > 0, 30)
    got = acs.wait_for(lambda a: any(x.msg.method == "TransferComplete" for x in a.exchanges),
                       120)
    took = time.time() - t0
    hwm = vm(d.pid, "VmHWM")            # the image after the sim reboot's re-exec
    done.set()
    th.join()
    sessions = acs.snapshot()[n:]
    tc = [x.msg for s in sessions for x in s.posts() if x.msg.method == "TransferComplete"]
    code = None
    if tc:
        code = cm._text(cm._child(tc[0].body, "FaultStruct"), "FaultCode")
    return {"took": took, "rss0": rss0, "peak": peak[0], "hwm_after": hwm, "ok": bool(got),
            "code": code, "mib": IMAGE_MIB}


def valid_text(valid):
    bad = [v for v in valid if isinstance(v, str)]
    if bad or not valid:
        return "FAILED: %s" % (bad[0] if bad else "none sent")
    return ("%d, all 200; request -> Inform median %.1f ms, max %.1f ms"
            % (len(valid), statistics.median(valid) * 1000, max(valid) * 1000))


def render(lat, fl, after, dl):
    st = ", ".join("%s: %d" % (k, v) for k, v in sorted(fl["statuses"].items(),
                                                        key=lambda kv: str(kv[0])))
    lines = [
        "",
        "## Remote operations",
        "",
        "- date: %s; method: bench/ops.py (real cwmpd, platform sim, scripted ACS on "
        "127.0.0.1, daemon log level info)" % time.strftime("%Y-%m-%d %H:%M:%S UTC",
                                                             time.gmtime()),
        "",
        "| measure | result |",
        "|---|---|",
        "| connection request -> Inform (Digest MD5, %d requests back to back, each "
        "after the previous session ended) | median %.1f ms, max %.1f ms; all 200 |"
        % (len(lat[0]), statistics.median(lat[0]) * 1000, max(lat[0]) * 1000),
        "| sessions a back-to-back operator drives (request, Inform, empty POST, 204) "
        "| %.0f sessions/s (%d in %.2f s) |" % (len(lat[0]) / lat[1], len(lat[0]), lat[1]),
        "| %d connection requests with a wrong password from another address (each a "
        "challenge and a wrong Digest answer), %d clients at once | %.1f s, %.0f requests/s "
        "answered; daemon CPU %.2f s (%.3f ms each); VmRSS %d -> %d KiB |"
        % (FLOOD, CLIENTS, fl["took"], fl["rps"], fl["cpu"], fl["cpu"] * 1000 / FLOOD,
           fl["rss0"], fl["rss1"]),
        "| statuses of the flood | %s |" % st,
        "| valid requests from the ACS during the flood | %s |" % valid_text(fl["valid"]),
        "| a valid request right after the flood | HTTP %s, session started: %s |"
        % (after[0], "yes" if after[1] else "NO"),
        "| %d MiB firmware Download (sim) | connection request -> TransferComplete %.2f s "
        "(the Download session, the GET, the apply, the simulated reboot, the next "
        "session); FaultCode %s |" % (dl["mib"], dl["took"], dl["code"]),
        "| RSS while downloading %d MiB | VmRSS %d KiB before, peak %d KiB sampled every 10 ms "
        "(+%d KiB): the file is streamed to disk |"
        % (dl["mib"], dl["rss0"], dl["peak"], dl["peak"] - dl["rss0"]),
    ]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default=os.path.join(HERE, "RESULTS.md"))
    a = ap.parse_args()
    env = Env()
    if not os.path.exists(env.cwmpd):
        raise SystemExit("no daemon at %s (set CWMPD_BUILD)" % env.cwmpd)
    t = harness.T("bench-ops", env)
    acs = acsmod.Acs(validate=False).start()
    acs.read_done = []                  # bench.py's timing hook appends here
    t.acss.append(acs)
    try:
        conf = t.config(acs, cpe_opts={"username": cr.USER, "password": cr.PASSWORD,
                                       "log_level": "info",
                                       "download_max": str(64 * 1024 * 1024)})
        d = t.start(conf)
        t.session(acs, 1)
        t.until(lambda: "connreq: listening" in t.log_text(), 5, "the CR server")
        lat = cr_latency(t, acs, t.cr_port)
        fl = flood(t, acs, d, t.cr_port)
        after = valid_after(t, acs, t.cr_port)
        dl = download(t, acs, d)
    except (harness.CaseFailure, SystemExit) as e:
        print("FAILED: %s\n  log: %s\n  %s" % (e, t.log_path, "\n  ".join(t.log_tail(15))),
              file=sys.stderr)
        for x in t.daemons:
            x.close()
        acs.stop()
        raise SystemExit(1)
    t.finish(False)
    text = render(lat, fl, after, dl)
    with open(a.out, "a") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
