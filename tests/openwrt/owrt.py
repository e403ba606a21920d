# SPDX-License-Identifier: BSD-2-Clause
"""What an OpenWrt case needs: the running container (a Box: commands
inside it, uci, ubus, logread) and a T that configures cwmpd with uci and
starts it with its init script, as an operator does. The case runs in the
container's network namespace, so the scripted ACS (tests/e2e/acs.py) on
127.0.0.1 is the one cwmpd reaches.

    def run(t):
        acs = t.acs()
        t.setup(acs)                   # wan, uci config, enable + start
        s = t.session(acs, 1)

The network: lan 192.0.2.1/24 on veth0 (the userland's), and the case's
`wan` 198.51.100.2/24 on veth1, static, set up by netifd: the WAN device
is not called "wan", as on every real router."""

import ctypes
import hashlib
import http.client
import json
import os
import re
import shlex
import struct
import subprocess
import time
import urllib.parse

import harness
from harness import acsmod

INPATH = "/usr/sbin:/usr/bin:/sbin:/bin"
WAN_ADDR = "198.51.100.2"
CR_USER, CR_PASS = "cpe", "cr-secret"
RECORDER = "/tmp/recorder"
IMAGE_MAGIC = b"\xeb\x48"
RECORDERS = {
    "/sbin/reboot": "#!/bin/sh\necho \"reboot $*\" >>%s\n" % RECORDER,
    "/sbin/jffs2reset": "#!/bin/sh\necho \"jffs2reset $*\" >>%s\n" % RECORDER,
    "/usr/sbin/ubus": """#!/bin/sh
if [ "$1 $2 $3" = "call system sysupgrade" ]; then
	cp "$(jsonfilter -s "$4" -e @.path)" %s.image
	echo "sysupgrade $4" >>%s
	exit 0
fi
exec /usr/bin/ubus "$@"
""" % (RECORDER, RECORDER),
    "/lib/upgrade/platform.sh": """platform_check_image() {
	[ "$(get_magic_word "$1")" = eb48 ] && return 0
	echo "Invalid image type"
	return 1
}
""",
}


class Box:
    """A running container (run.sh's state dir)."""

    def __init__(self, st):
        self.st = st
        with open(os.path.join(st, "pid1")) as f:
            self.pid1 = f.read().strip()

    def run(self, cmd, stdin=None, timeout=60):
        """(status, stdout+stderr text) of /bin/sh -c CMD inside."""
        argv = ["nsenter", "--target", self.pid1, "--mount", "--uts", "--ipc", "--net",
                "--pid", "--root", "--wd=/", "env", "-i", "PATH=" + INPATH,
                "HOME=/root", "TERM=dumb", "/bin/sh", "-c", cmd]
        p = subprocess.run(argv, input=stdin.encode() if stdin is not None else None,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout)
        return p.returncode, p.stdout.decode(errors="replace")

    def file(self, path):
        """The text of a file inside, or None."""
        rc, out = self.run("cat %s" % shlex.quote(path))
        return out if rc == 0 else None


class OwrtEnv(harness.Env):
    def __init__(self, st):
        super().__init__()
        self.box = Box(st)
        self.cwmpd = os.path.join(os.environ["OWRT_ROOTFS"], "usr", "sbin", "cwmpd")


class OT(harness.T):
    """harness.T for a case whose cwmpd runs under procd in the container."""

    def __init__(self, name, env):
        super().__init__(name, env)
        self.box = env.box
        self.allow_down = False     # the case stops cwmpd itself

    # ---- inside the container ----
    def sh(self, cmd, stdin=None, ok=True, timeout=60):
        """stdout of CMD inside; fails the case when it exits non-zero and ok."""
        rc, out = self.box.run(cmd, stdin, timeout)
        if ok and rc != 0:
            self.fail("inside: %r exited %d: %s" % (cmd, rc, out.strip()[-500:]))
        return out

    def uci_batch(self, lines):
        """uci batch on stdin (values never on a command line)."""
        self.sh("uci batch", stdin="\n".join(lines) + "\n")

    def uci_get(self, key):
        rc, out = self.box.run("uci -q get %s" % shlex.quote(key))
        return out.rstrip("\n") if rc == 0 else None

    def ubus(self, path, method, args=None):
        out = self.sh("ubus call %s %s %s" % (path, method, shlex.quote(
            json.dumps(args or {}))))
        return json.loads(out) if out.strip() else {}

    def pid(self):
        """cwmpd's pid as procd knows it, or None."""
        rc, out = self.box.run("ubus call service list '{\"name\":\"cwmpd\"}'")
        try:
            inst = json.loads(out)["cwmpd"]["instances"]
            return next(iter(inst.values())).get("pid")
        except (ValueError, KeyError, StopIteration, AttributeError):
            return None

    def logread(self):
        rc, out = self.box.run("logread")
        return out

    # ---- the network and cwmpd, as an operator sets them up ----
    def wan(self, addr=WAN_ADDR):
        """A static wan on veth1 (the userland's tp taken down first: its
        teardown would flush the device's addresses), up once netifd and
        the kernel say so."""
        self.sh("ifdown tp")
        self.until(lambda: "198.51.100" not in self.sh("ip -4 addr show dev veth1"), 10,
                   "tp down")
        self.uci_batch(["delete network.tp", "set network.wan=interface",
                        "set network.wan.device=veth1", "set network.wan.proto=static",
                        "set network.wan.ipaddr=" + addr,
                        "set network.wan.netmask=255.255.255.0", "commit network"])
        self.sh("reload_config")
        self.until(lambda: self.wan_addr() == addr and addr + "/" in self.sh(
            "ip -4 addr show dev veth1"), 10, "wan up with " + addr)

    def wan_addr(self):
        rc, out = self.box.run("ubus call network.interface.wan status")
        try:
            return json.loads(out)["ipv4-address"][0]["address"]
        except (ValueError, KeyError, IndexError):
            return None

    def ntp(self, servers=("0.openwrt.pool.ntp.org", "1.openwrt.pool.ntp.org")):
        """The NTP client section a fresh image has in /etc/config/system
        (the userland's system config leaves it out)."""
        self.uci_batch(["set system.ntp=timeserver", "set system.ntp.enabled=1",
                        "set system.ntp.enable_server=0"] +
                       ["add_list system.ntp.server=" + x for x in servers] +
                       ["commit system"])

    def configure(self, acs, acs_opts=None, cpe_opts=None):
        """cwmpd's uci config: the shipped one with the ACS URL and the
        case's options; connection request credentials CR_USER/CR_PASS."""
        a = {"url": acs.url, "periodic_enable": "0", "retry_min_wait": "1",
             "timeout": "10"}
        a.update(acs_opts or {})
        c = {"username": CR_USER, "password": CR_PASS, "log_level": "debug"}
        c.update(cpe_opts or {})
        lines = ["set cwmpd.acs.%s=%s" % (k, v) for k, v in a.items()]
        lines += ["set cwmpd.cpe.%s=%s" % (k, v) for k, v in c.items()]
        self.uci_batch(lines + ["commit cwmpd"])

    def start_cwmpd(self):
        self.sh("/etc/init.d/cwmpd enable && /etc/init.d/cwmpd start")
        self.until(self.pid, 10, "procd: cwmpd running")

    def setup(self, acs, acs_opts=None, cpe_opts=None, wan=True):
        if wan:
            self.wan()
        self.configure(acs, acs_opts, cpe_opts)
        self.start_cwmpd()

    # ---- the very last steps, recorded ----
    def recorders(self):
        """The last step of a reboot, a factory reset and a firmware
        upgrade replaced by a recorder that appends a line to RECORDER and
        exits 0; everything before it runs for real: `reboot` (busybox's
        would signal procd, PID 1, and end the container); `jffs2reset`,
        which base-files' `firstboot` runs (fstools' overlay wipe: not in
        the userland); and /sbin/sysupgrade's hand-off to procd, `ubus call
        system sysupgrade JSON` (procd would exec upgraded, which writes
        the flash and reboots): a `ubus` before the real one in PATH
        records that call (and copies the image it names to RECORDER.image,
        as upgraded would read it) and passes every other on. Plus what the target
        brings and the userland has not: /lib/upgrade/platform.sh, whose
        platform_check_image takes an image that starts with x86's boot
        sector magic (eb48), IMAGE_MAGIC."""
        for path, text in RECORDERS.items():
            self.sh("rm -f %s && cat >%s && chmod 755 %s" % (path, path, path), stdin=text)

    def recorded(self):
        """The recorders' lines since the last call (then forgotten)."""
        out = self.sh("cat %s 2>/dev/null; rm -f %s" % (RECORDER, RECORDER), ok=False)
        return out.splitlines()

    def boot(self, old_pid):
        """After a recorded reboot: cwmpd started again, as the boot would
        (its process stopped and started by procd). Returns the new pid."""
        self.sh("/etc/init.d/cwmpd restart")
        return self.until(lambda: (self.pid() or old_pid) != old_pid and self.pid(), 10,
                          "procd: cwmpd started again")

    def host_path(self, path):
        """The host's path of a file inside (for bytes: Box.file is text)."""
        return "/proc/%s/root%s" % (self.box.pid1, path)

    # ---- the ACS's side ----
    def acs(self, **kw):
        """The scripted ACS, answering in the namespace the CPE informed in
        (cwmp-1-2), as GenieACS does."""
        a = super().acs(**kw)
        a.default_plan.ns = "echo"
        return a

    def ask(self, acs, n, requests, timeout=20):
        """Session n on acs runs requests (a list, or a generator function as
        acs.Plan takes): queued, then started by a connection request unless
        it is the first (the bootstrap, started by setup). n None: the next
        one, once the sessions so far have ended. Returns the session; its
        answers are answers(s)."""
        if n is None:
            self.check(acs.wait_for(lambda a: all(x.state != "open" for x in a.sessions),
                                    self.secs(15)), "the sessions so far did not end")
            n = len(acs.sessions) + 1
        acs.queue(acsmod.Plan(requests=requests, ns="echo"))
        if n > 1:
            self.eq(self.connection_request(self.cr_url), 200,
                    "connection request for session %d" % n)
        return self.session(acs, n, timeout=timeout)

    @property
    def cr_url(self):
        return "http://%s:7547/" % WAN_ADDR

    def connection_request(self, url, user=CR_USER, password=CR_PASS):
        """HTTP status of a connection request to url as GenieACS makes it:
        GET, then GET with Digest MD5 (qop auth) on the 401's challenge."""
        u = urllib.parse.urlsplit(url)
        path = u.path or "/"

        def get(auth=None):
            c = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=self.secs(5))
            try:
                c.request("GET", path, headers={"Authorization": auth} if auth else {})
                r = c.getresponse()
                r.read()
                return r.status, r.getheader("WWW-Authenticate", "")
            finally:
                c.close()
        status, ch = get()
        if status != 401:
            return status
        p = dict(re.findall(r'(\w+)="?([^",]*)"?', ch))
        h = lambda s: hashlib.md5(s.encode()).hexdigest()  # noqa: E731
        cnonce, nc = os.urandom(8).hex(), "00000001"
        resp = h("%s:%s:%s:%s:auth:%s" % (h("%s:%s:%s" % (user, p["realm"], password)),
                                         p["nonce"], nc, cnonce, h("GET:" + path)))
        auth = ('Digest username="%s", realm="%s", nonce="%s", uri="%s", algorithm=MD5, '
                'qop=auth, nc=%s, cnonce="%s", response="%s"' % (
                    user, p["realm"], p["nonce"], path, nc, cnonce, resp))
        return get(auth)[0]

    # ---- harness.T's hooks ----
    def log_text(self):
        return self.logread()

    def log_tail(self, n=25):
        return [ln for ln in self.logread().splitlines() if "cwmpd" in ln][-n:]

    def finish(self, failed):
        problems = []
        if not self.allow_down and self.pid() is None:
            problems.append("cwmpd is not running under procd at the end")
        return problems + super().finish(failed)


def backing(top_srcdir):
    """{schema path: plugin name, "native" or ""} from datamodel/schema.tsv."""
    out = {}
    with open(os.path.join(top_srcdir, "datamodel", "schema.tsv")) as f:
        for line in f:
            col = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(col) >= 9 and col[0] != "path":
                out[col[0]] = col[8]
    return out


def answers(s):
    """The CPE's answers to the ACS's requests of session s, in order."""
    return [m for _, m in s.responses]


def wait(pred, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.1)
    return None


def instance_of(vals, table, param, want):
    """The instance path ("Device.X.3.") of table whose param is want in a
    GetParameterValues answer's {name: (type, value)}, or None."""
    for name, (_, v) in vals.items():
        if name.startswith(table) and name.endswith("." + param) and v == want:
            return name[:-len(param)]
    return None


# A uci that records its argv in /tmp/uci-argv, then runs the real one:
# what `ps` would show of every uci process.
UCI_RECORDER = """#!/bin/sh
printf '%s\\n' "$*" >>/tmp/uci-argv
exec /usr/bin/uci.real "$@"
"""


def record_uci_argv(t):
    t.sh("mv /usr/bin/uci /usr/bin/uci.real && cat >/usr/bin/uci && chmod 755 /usr/bin/uci",
         stdin=UCI_RECORDER)


class Creations:
    """The names created in a directory of the container from now on:
    inotify on the overlay's upper layer, where every write inside lands
    (the directory must exist there: one the container wrote to)."""
    IN_CREATE, IN_MOVED_TO = 0x100, 0x80

    def __init__(self, box, path):
        libc = ctypes.CDLL(None, use_errno=True)
        self.fd = libc.inotify_init1(os.O_NONBLOCK | os.O_CLOEXEC)
        upper = os.path.join(box.st, "upper") + path
        if self.fd < 0 or libc.inotify_add_watch(
                self.fd, upper.encode(), self.IN_CREATE | self.IN_MOVED_TO) < 0:
            raise OSError(ctypes.get_errno(), "inotify on " + upper)
        self.seen = []

    def names(self):
        """Every name created (or renamed into it) so far, in order."""
        while True:
            try:
                buf = os.read(self.fd, 65536)
            except BlockingIOError:
                return self.seen
            off = 0
            while off < len(buf):
                _, _, _, n = struct.unpack_from("iIII", buf, off)
                name = buf[off + 16:off + 16 + n].split(b"\0", 1)[0]
                self.seen.append(name.decode(errors="replace"))
                off += 16 + n

    def close(self):
        os.close(self.fd)
