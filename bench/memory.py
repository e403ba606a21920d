#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""Memory after a session: the real cwmpd (platform sim) against the scripted
ACS of tests/e2e on 127.0.0.1, Hosts pre-seeded to about 1,000 parameters.
One session with a whole-tree GetParameterValues ("Device.", cold: every
plugin runs); when it has ended and the daemon is idle, Private_Dirty from
/proc/PID/smaps_rollup, and from /proc/PID/smaps where it lies: the heap,
anonymous maps (glibc's other arenas, libraries' own maps), the stack, the
daemon's own image (.data, .bss, the relocated read-only data) and each
shared library (the pages its relocations and data made private). Peak
RSS (VmHWM) too. Issue 12's target: at most 1 MiB Private_Dirty.

For scale, the floor the libraries set: a program of a few lines built
like the daemon (the build dir's compiler, flags and libraries: libcurl,
libxml2 and the crypto library) that initialises libcurl and libxml2,
makes one HTTP request to a closed port on 127.0.0.1 and sleeps; its
Private_Dirty is what any process using these libcurl and libxml2 pays
before it does anything.

Usage: memory.py [--build DIR] [--hosts N] [--out bench/RESULTS.md
                 [--sizes FILE | --router INTRO]]
--build DIR (or CWMPD_BUILD): the build dir with agent/cwmpd, e.g. the
musl one of bench/musl.sh. With --out, writes the section "## Footprint"
of that file: the method, the table of bench/size.sh (saved in FILE) and
this one; with --router, only its subsection "### Router-like build: musl
+ mbedTLS": the text in the file INTRO (bench/musl.sh's) and this table.
"""

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import bench  # noqa: E402  (puts tests/e2e on the path)
import acs as acsmod  # noqa: E402
import cwmpmsg as cm  # noqa: E402
import harness  # noqa: E402


def rollup(pid):
    """{field: kB} of /proc/pid/smaps_rollup."""
    out = {}
    with open("/proc/%d/smaps_rollup" % pid) as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] == "kB":
                out[parts[0].rstrip(":")] = int(parts[1])
    return out


def where(name, binary):
    """The group a mapping's path belongs to."""
    if not name:
        return "anonymous maps"
    if name == binary:
        return "cwmpd (.data, .bss, relro)"
    if name.startswith("["):
        return name
    return os.path.basename(name)


def private_dirty_by_map(pid, binary):
    """{group: Private_Dirty kB} from /proc/pid/smaps."""
    out, group = {}, None
    with open("/proc/%d/smaps" % pid) as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            if "-" in parts[0] and not parts[0].endswith(":"):
                group = where(parts[5] if len(parts) > 5 else "", binary)
            elif parts[0] == "Private_Dirty:":
                out[group] = out.get(group, 0) + int(parts[1])
    return out


FLOOR_C = r"""
#include <curl/curl.h>
#include <libxml/parser.h>
#include <unistd.h>
static size_t sink(char *p, size_t s, size_t n, void *u) { return s * n; }
int main(void)
{
	CURL *c;

	curl_global_init(CURL_GLOBAL_DEFAULT);
	xmlInitParser();
	c = curl_easy_init();
	curl_easy_setopt(c, CURLOPT_URL, "http://127.0.0.1:9/");
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
	curl_easy_perform(c);
	curl_easy_cleanup(c);
	write(1, "ready\n", 6);
	pause();
	return 0;
}
"""


# What the daemon is compiled and linked with, from its build dir's Makefile.
BUILD_VARS = ("CC", "CFLAGS", "CPPFLAGS", "CURL_CFLAGS", "XML_CFLAGS", "CRYPTO_CFLAGS",
              "LDFLAGS", "CURL_LIBS", "XML_LIBS", "CRYPTO_LIBS")


def build_command(build_dir, src, exe):
    """argv that builds src into exe like the daemon of build_dir, or None."""
    try:
        with open(os.path.join(build_dir, "Makefile")) as f:
            lines = f.read().splitlines()
    except OSError:
        return None
    found = {}
    for line in lines:
        name, sep, value = line.partition(" = ")
        if sep and name in BUILD_VARS and name not in found:
            found[name] = value.split()
    if "CC" not in found:
        return None
    argv = list(found["CC"]) + ["-o", exe, src]
    for name in BUILD_VARS[1:]:
        argv += found.get(name, [])
    return argv


def floor(build_dir):
    """Private_Dirty kB of FLOOR_C built like the daemon, or None when it
    cannot be built."""
    d = tempfile.mkdtemp(prefix="cwmpd-floor.")
    try:
        src, exe = os.path.join(d, "floor.c"), os.path.join(d, "floor")
        with open(src, "w") as f:
            f.write(FLOOR_C)
        argv = build_command(build_dir, src, exe)
        if argv is None or subprocess.run(argv).returncode:
            return None
        os.sync()   # else the fresh image's dirty page cache counts (see measure)
        p = subprocess.Popen([exe], stdout=subprocess.PIPE)
        p.stdout.readline()
        try:
            return rollup(p.pid)["Private_Dirty"], private_dirty_by_map(p.pid, exe)
        finally:
            p.kill()
            p.wait()
    finally:
        shutil.rmtree(d)


def measure(env, n_hosts, timeout=60):
    t = harness.T("memory-%d" % n_hosts, env)
    acs = acsmod.Acs(validate=False).start()
    acs.read_done = []    # bench.py's timing hook in the ACS writes there
    t.acss.append(acs)
    params = bench.seed_hosts(t.state_dir, n_hosts)
    acs.queue(acsmod.Plan(requests=[cm.get_parameter_values(["Device."])]))
    conf = t.config(acs, acs_opts={"timeout": str(timeout)}, cpe_opts={"log_level": "info"})
    # A file written a moment ago (a fresh build) has dirty page-cache
    # pages until they are written back, and smaps counts those of the
    # daemon's own image as its Private_Dirty.
    os.sync()
    try:
        d = t.start(conf)
        t.session(acs, 1, timeout=timeout)
        time.sleep(0.5)   # the session's tail (store writes, timers) is done
        out = {"rollup": rollup(d.pid), "maps": private_dirty_by_map(d.pid, env.cwmpd),
               "hwm": bench.vm(d.pid, "VmHWM"), "rss": bench.vm(d.pid, "VmRSS"),
               "hosts_params": params}
    except harness.CaseFailure as e:
        print("FAILED: %s\n  log: %s" % (e, t.log_path), file=sys.stderr)
        raise SystemExit(1)
    t.finish(False)
    return out


def render(r, n_hosts, fl):
    pd = r["rollup"]["Private_Dirty"]
    lines = ["| after one session with a whole-tree GPV (%d hosts) | KiB |" % n_hosts,
             "|---|---:|",
             "| **Private_Dirty** (smaps_rollup) | **%d** |" % pd]
    if fl:
        lines.append("| the libraries' floor: Private_Dirty of a program that only initialises "
                     "libcurl and libxml2 and makes one request (its heap %d) | %d |"
                     % (fl[1].get("[heap]", 0), fl[0]))
    lines.append("| Rss / Pss (smaps_rollup) | %d / %d |" % (r["rollup"]["Rss"],
                                                            r["rollup"]["Pss"]))
    lines.append("| VmHWM (peak RSS) | %d |" % r["hwm"])
    maps = sorted(r["maps"].items(), key=lambda kv: -kv[1])
    shown = [(k, v) for k, v in maps if v >= 8][:14]
    rest = sum(v for k, v in maps) - sum(v for _, v in shown)
    for k, v in shown:
        lines.append("| Private_Dirty: %s | %d |" % (k, v))
    lines.append("| Private_Dirty: everything else (%d maps) | %d |" % (len(maps) - len(shown), rest))
    return "\n".join(lines) + "\n"


def section(sizes, memory):
    """The section "## Footprint" of RESULTS.md."""
    return "\n".join([
        bench.FOOTPRINT_HEADING, "",
        "- date: %s; machine: %s, `nproc` = %d; method: bench/footprint.sh" % (
            time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()), platform.machine(),
            os.cpu_count() or 0),
        "- size: bench/size.sh, the stripped agent/cwmpd built with Debian 12's gcc and",
        "  libraries: -Os three ways on this host, then --enable-small without the optional",
        "  parts (XMPP needs libstrophe, STUN nothing more), then for mipsel with Debian's",
        "  cross compiler, plain and with OpenWrt's MIPS flags (`-mips16 -minterlink-mips16",
        "  -mno-branch-likely -mips32r2 -fno-caller-saves`). xz: the file compressed with",
        "  xz -9, about its share of a squashfs image (target: at most 150 KiB stripped):", "",
        sizes.rstrip("\n"), "",
        "- memory: bench/memory.py on the `-Os --enable-small` build (PIE): platform sim,",
        "  scripted ACS on 127.0.0.1, one session with a cold whole-tree GPV, then",
        "  /proc/PID/smaps_rollup and /proc/PID/smaps with the daemon idle (target: at",
        "  most 1 MiB Private_Dirty). The floor is what this host's libcurl (OpenSSL,",
        "  GnuTLS through librtmp, Kerberos, LDAP, ...) and libxml2 (ICU) cost any program:",
        "  their relocated data and their own heap.", "",
        memory.rstrip("\n"), ""])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", help="the build dir with agent/cwmpd (default: CWMPD_BUILD)")
    ap.add_argument("--hosts", type=int, default=78)
    ap.add_argument("--out", help="the RESULTS.md whose Footprint section to write")
    ap.add_argument("--sizes", help="a file with bench/size.sh's table")
    ap.add_argument("--router", metavar="INTRO",
                    help="write the router-like build's subsection, this file's text first")
    a = ap.parse_args()
    if a.build:
        os.environ["CWMPD_BUILD"] = os.path.abspath(a.build)
    env = bench.Env()
    if not os.path.exists(env.cwmpd):
        raise SystemExit("no daemon at %s (set CWMPD_BUILD)" % env.cwmpd)
    memory = render(measure(env, a.hosts), a.hosts, floor(env.top_builddir))
    print(memory)
    if a.out and a.router:
        text = "\n".join([bench.ROUTER_HEADING, "", open(a.router).read().rstrip("\n"), "",
                          memory.rstrip("\n"), ""])
        footprint = bench.kept_section(a.out, bench.FOOTPRINT_HEADING)
        if footprint and not bench.kept_section(a.out, bench.ROUTER_HEADING):
            # the first time: at the end of the Footprint section
            text = footprint.lstrip("\n") + "\n" + text
            bench.replace_section(a.out, bench.FOOTPRINT_HEADING, text)
        else:
            bench.replace_section(a.out, bench.ROUTER_HEADING, text)
    elif a.out:
        sizes = open(a.sizes).read() if a.sizes else "(not measured)\n"
        text = section(sizes, memory) + bench.kept_section(a.out, bench.ROUTER_HEADING)
        bench.replace_section(a.out, bench.FOOTPRINT_HEADING, text)


if __name__ == "__main__":
    main()
