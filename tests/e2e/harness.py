# SPDX-License-Identifier: BSD-2-Clause
"""What every end-to-end scenario needs: a temporary directory, scripted ACSs,
a config file, the daemon started and stopped (under valgrind when
CWMPD_WRAPPER=valgrind, through qemu-user when CWMPD_EMULATOR=qemu-ARCH),
bounded waits and readable assertions.

A case gets a T and reads like a story:

    acs = t.acs()
    t.start(t.config(acs))
    s = t.session(acs, 1)
    t.eq(s.inform.event_codes, ["0 BOOTSTRAP", "1 BOOT"], "first events")

When the case returns, T.finish() stops every daemon with SIGTERM and
requires exit status 0, stops the ACSs, and fails the case if any CPE
message did not validate against the cwmp XSD or broke a session rule the
ACS watches (cookies, HoldRequests, cwmp:ID of responses).
"""

import atexit
import collections
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

import acs as acsmod
import cwmpmsg as cm

HERE = os.path.dirname(os.path.abspath(__file__))
_LIVE = set()   # process groups to kill if Python exits early


@atexit.register
def _kill_leftovers():
    for pid in list(_LIVE):
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            pass


Ctl = collections.namedtuple("Ctl", "rc out err data")


class CaseFailure(Exception):
    pass


class CaseSkip(Exception):
    pass


class Env:
    """Where things are; read once from the environment."""

    def __init__(self):
        repo = os.path.abspath(os.path.join(HERE, "..", ".."))
        self.top_srcdir = os.path.abspath(os.environ.get("top_srcdir") or repo)
        self.top_builddir = os.path.abspath(
            os.environ.get("top_builddir") or os.environ.get("CWMPD_BUILD") or repo)
        self.cwmpd = os.environ.get("CWMPD") or os.path.join(
            self.top_builddir, "agent", "cwmpd")
        self.cwmpctl = os.environ.get("CWMPCTL") or os.path.join(
            self.top_builddir, "agent", "ctl", "cwmpctl")
        self.wrapper = os.environ.get("CWMPD_WRAPPER", "")
        # A cross build's daemon runs through qemu-user (tools/cross.sh);
        # the daemon's sim reboot re-executes through it too (same variable).
        self.emulator = os.environ.get("CWMPD_EMULATOR", "")
        self.scale = 5.0 if self.wrapper == "valgrind" else float(
            os.environ.get("CWMPD_TIME_SCALE", "3" if self.emulator else "1"))
        self.plugin_dir = os.path.join(self.top_srcdir, "scripts", "plugins")
        self.keep = os.environ.get("CWMPD_E2E_KEEP") == "1"

    def command(self, conf, extra=(), wrap=()):
        """The daemon's argv; wrap (a command that execs its arguments)
        goes in front of everything, valgrind included."""
        argv = [self.cwmpd, "-c", conf, "-f", "-l", "debug"] + list(extra)
        if self.cwmpd.endswith(".py"):
            argv = ["python3"] + argv
        elif self.emulator:
            argv = self.emulator.split() + argv
        if self.wrapper == "valgrind":
            argv = ["valgrind", "-q", "--error-exitcode=99", "--leak-check=full",
                    "--errors-for-leak-kinds=definite", "--track-fds=no"] + argv
        elif self.wrapper:
            argv = self.wrapper.split() + argv
        return list(wrap) + argv


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Daemon:
    """One run of cwmpd; stderr goes to the case's log file."""

    def __init__(self, t, conf, extra=(), wrap=()):
        self.t, self.conf = t, conf
        argv = t.env.command(conf, extra, wrap)
        with open(t.log_path, "a") as f:
            f.write("==== %s: start %s\n" % (time.strftime("%H:%M:%S"), " ".join(argv)))
        self.log = open(t.log_path, "ab")
        self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                     stdout=self.log, stderr=self.log,
                                     start_new_session=True)
        _LIVE.add(self.proc.pid)
        self.reaped = False    # the case looked at the exit status itself

    @property
    def pid(self):
        return self.proc.pid

    def alive(self):
        return self.proc.poll() is None

    def signal(self, sig):
        if self.alive():
            os.kill(self.proc.pid, sig)

    def hup(self):
        self.signal(signal.SIGHUP)

    def wait_exit(self, timeout):
        """Exit status, or None if still running after timeout seconds."""
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None

    def stop(self, timeout=None):
        """SIGTERM and wait; returns the exit status (None if it hung, then
        it is killed)."""
        timeout = timeout or self.t.secs(5)
        self.signal(signal.SIGTERM)
        rc = self.wait_exit(timeout)
        if rc is None:
            self._kill()
        self._closed()
        return rc

    def kill9(self):
        self.reaped = True
        self._kill()
        self._closed()

    def _kill(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        self.proc.wait()

    def close(self):
        if self.alive():
            self._kill()
        if not self.log.closed:
            self._closed()

    def _closed(self):
        _LIVE.discard(self.proc.pid)
        if self.log.closed:
            return
        self.log.close()
        with open(self.t.log_path, "a") as f:
            f.write("==== exit status %s\n" % self.proc.returncode)


class T:
    """The context of one scenario."""

    def __init__(self, name, env):
        self.name, self.env = name, env
        self.dir = tempfile.mkdtemp(prefix="cwmpd-e2e-%s-" % name)
        self.state_dir = os.path.join(self.dir, "state")
        os.makedirs(self.state_dir)
        self.log_path = os.path.join(self.dir, "cwmpd.log")
        open(self.log_path, "w").close()
        self.conf_path = os.path.join(self.dir, "cwmpd.conf")
        self.ctl_path = os.path.join(self.dir, "ctl.sock")
        self.cr_port = free_port()
        self.acss, self.daemons, self.notes = [], [], []
        self._pki = None

    # ---- time ----
    def secs(self, s):
        """A timeout, scaled for slow runs (valgrind)."""
        return s * self.env.scale

    @property
    def slack(self):
        """Extra seconds allowed on top of an upper time bound."""
        return 0.7 * self.env.scale

    def sleep(self, s):
        time.sleep(s)

    # ---- pieces ----
    def acs(self, **kw):
        a = acsmod.Acs(**kw).start()
        self.acss.append(a)
        return a

    def pki(self):
        """Throwaway certificates in <dir>/pki (made once per case with the
        openssl command; the case is skipped without it)."""
        if os.path.basename(self.env.cwmpd) == "fakecpe.py":
            raise CaseSkip("the stand-in fakecpe.py speaks no TLS")
        if self._pki is None:
            self._pki = Pki(os.path.join(self.dir, "pki"))
        return self._pki

    def log_text(self):
        """Everything the daemon(s) wrote so far."""
        with open(self.log_path, errors="replace") as f:
            return f.read()

    def tls_library(self):
        """The TLS library of the daemon's libcurl ("OpenSSL/3.0.20",
        "mbedTLS/2.28.3"), from the line the daemon logs at start; after
        start()."""
        pattern = re.compile(r"http: libcurl/\S+ ([^\s;]+)")
        return self.until(lambda: pattern.search(self.log_text()), 5,
                          "the daemon's libcurl version in its log").group(1)

    def need_ip_san(self):
        """Skip the case when the daemon's TLS library cannot match an IP
        address in a certificate's subjectAltName (the cases' server
        certificate names IP:127.0.0.1): mbedTLS before 3 compares the host
        with DNS names only, so verification fails (after start())."""
        lib = self.tls_library()
        if lib.startswith("mbedTLS/2."):
            raise CaseSkip("%s does not match IP addresses in certificates" % lib)

    def config(self, acs=None, url=None, path=None, acs_opts=None, cpe_opts=None,
               device=None):
        """Write a config (default <dir>/cwmpd.conf) pointing at acs (or
        url); acs_opts / cpe_opts / device override or add options. Returns
        the path."""
        path = path or self.conf_path
        a = {"url": url or acs.url, "username": "", "password": "",
             "periodic_enable": "0", "periodic_interval": "86400",
             "timeout": "5", "retry_min_wait": "1", "retry_multiplier": "2000"}
        a.update(acs_opts or {})
        c = {"port": str(self.cr_port), "path": "/", "address": "127.0.0.1",
             "state_dir": self.state_dir, "platform": "sim",
             "plugin_dir": self.env.plugin_dir, "log_level": "debug",
             "ctl_socket": self.ctl_path}
        c.update(cpe_opts or {})
        text = uci_section("acs", "acs", a) + "\n" + uci_section("cpe", "cpe", c)
        if device:
            text += "\n" + uci_section("device", "device", device)
        self.write(path, text)
        return path

    def write(self, path, text):
        tmp = path + ".tmp"
        with open(tmp, "w") as f:
            f.write(text)
        os.replace(tmp, path)
        return path

    def start(self, conf=None, extra=(), wrap=()):
        if not os.path.exists(self.env.cwmpd):
            raise CaseSkip("no daemon at %s" % self.env.cwmpd)
        d = Daemon(self, conf or self.conf_path, extra, wrap)
        self.daemons.append(d)
        return d

    def run_to_exit(self, conf, timeout):
        """Run the daemon expecting it to exit by itself: (status or None if
        it was still running after timeout s, stderr text, seconds taken)."""
        if not os.path.exists(self.env.cwmpd):
            raise CaseSkip("no daemon at %s" % self.env.cwmpd)
        t0 = time.monotonic()
        p = subprocess.Popen(self.env.command(conf), stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             start_new_session=True)
        _LIVE.add(p.pid)
        try:
            out, err = p.communicate(timeout=timeout)
            rc = p.returncode
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, err = p.communicate()
            rc = None
        _LIVE.discard(p.pid)
        text = (out + err).decode(errors="replace")
        with open(self.log_path, "a") as f:
            f.write("==== run %s: status %s\n%s" % (conf, rc, text))
        return rc, text, time.monotonic() - t0

    def stop(self, d, timeout=None):
        """SIGTERM; exit status 0 required."""
        rc = d.stop(timeout)
        d.reaped = True
        self.eq(rc, 0, "exit status after SIGTERM")

    def restart(self, d, conf=None):
        """SIGTERM (exit 0 required), then start again."""
        self.stop(d)
        return self.start(conf or d.conf)

    def ctl(self, *args, json_out=False, socket=None, wrap=(), timeout=30):
        """Run cwmpctl (on the case's socket, or socket) with args:
        Ctl(rc, out, err, data), data the parsed JSON with json_out. The
        case is skipped without cwmpctl or with the stand-in daemon."""
        if os.path.basename(self.env.cwmpd) == "fakecpe.py":
            raise CaseSkip("the stand-in fakecpe.py has no control socket")
        if not os.path.exists(self.env.cwmpctl):
            raise CaseSkip("no cwmpctl at %s" % self.env.cwmpctl)
        argv = list(wrap) + self.env.emulator.split() + \
            [self.env.cwmpctl, "-s", socket or self.ctl_path] + \
            (["--json"] if json_out else []) + list(args)
        p = subprocess.run(argv, capture_output=True, timeout=self.secs(timeout))
        out, err = p.stdout.decode(errors="replace"), p.stderr.decode(errors="replace")
        with open(self.log_path, "a") as f:
            f.write("==== cwmpctl %s: status %d\n%s%s" % (" ".join(args), p.returncode, out, err))
        data = None
        if json_out:
            try:
                data = json.loads(out)
            except ValueError as e:
                self.fail("cwmpctl %s: not JSON (%s): %r" % (" ".join(args), e, out))
        return Ctl(p.returncode, out, err, data)

    # ---- waiting ----
    def session(self, acs, n, timeout=10, complete=True):
        """The n-th session (1-based) on acs, waiting for it to start or
        complete; fails the case on timeout."""
        got = acs.wait_sessions(n, self.secs(timeout), complete=complete)
        if len(got) < n:
            self.fail("waited %.0f s for %s session #%d; have %d sessions "
                      "(%s)" % (self.secs(timeout), "a completed" if complete else "a",
                                n, len(acs.sessions), summary(acs)))
        return got[n - 1]

    def until(self, pred, timeout, what):
        end = time.monotonic() + self.secs(timeout)
        while time.monotonic() < end:
            v = pred()
            if v:
                return v
            time.sleep(0.05)
        self.fail("timed out (%.0f s) waiting for %s" % (self.secs(timeout), what))

    # ---- checking ----
    def fail(self, msg):
        raise CaseFailure(msg)

    def check(self, cond, msg):
        if not cond:
            self.fail(msg)

    def eq(self, got, want, what):
        if got != want:
            self.fail("%s: expected %r, got %r" % (what, want, got))

    def within(self, value, lo, hi, what):
        if not (lo <= value <= hi):
            self.fail("%s: %.2f not in [%.2f, %.2f]" % (what, value, lo, hi))

    def note(self, msg):
        self.notes.append(msg)

    def expect_inform(self, s, events, retry=0, what="Inform"):
        """The session's Inform carries exactly these event codes (any
        order) and RetryCount."""
        m = s.inform
        self.eq(sorted(m.event_codes), sorted(events),
                "%s (session %d) events" % (what, s.number))
        self.eq(m.retry_count, str(retry), "%s (session %d) RetryCount" % (what, s.number))

    def expect_one_retry(self, acs, inform):
        """The first session fails the way the ACS plan `inform` makes it
        fail (drop, reset, garbage, fault8005, ...); the daemon retries
        after 1-2 s (m=1, k=2000) with RetryCount 1 and the same events."""
        acs.queue(acsmod.Plan(inform=inform))
        self.start(self.config(acs))
        retried = self.session(acs, 1, timeout=10)
        failed = acs.snapshot()[0]
        self.eq(failed.state, "failed", "first session")
        self.check(retried.number == 2,
                   "the retry is the second session (got #%d)" % retried.number)
        self.expect_inform(failed, ["0 BOOTSTRAP", "1 BOOT"], retry=0, what="first attempt")
        self.expect_inform(retried, ["0 BOOTSTRAP", "1 BOOT"], retry=1, what="retry")
        self.within(retried.t_start - failed.t_start, 1 - 0.1, 2 + self.slack,
                    "wait before retry 1")

    # ---- the end ----
    def finish(self, failed):
        """Stop everything; returns extra failure messages."""
        problems = []
        for d in self.daemons:
            if d.reaped:
                d.close()
                continue
            if not d.alive():
                problems.append("daemon (pid %d) exited by itself with status %s"
                                % (d.pid, d.proc.returncode))
                d.close()
                continue
            rc = d.stop()
            if rc != 0:
                problems.append("exit status after SIGTERM: expected 0, got %s%s"
                                % (rc, " (valgrind found errors)" if rc == 99 else ""))
        for a in self.acss:
            if not a.wait_validated(self.secs(10)):
                problems.append("%s: some CPE messages were not validated in time" % a.url)
            a.stop()
        for a in self.acss:
            for x in a.invalid():
                problems.append("session %s: %s is not valid against the cwmp XSD: %s"
                                % (x.session, x.msg.method or "body", x.invalid_reason))
            problems += a.violations()
        if not (failed or problems) and not self.env.keep:
            shutil.rmtree(self.dir, ignore_errors=True)
        return problems

    def log_tail(self, n=25):
        try:
            with open(self.log_path, errors="replace") as f:
                return f.read().splitlines()[-n:]
        except OSError:
            return []


class Pki:
    """A CA and certificates for TLS cases, each a (cert, key) pair of PEM
    paths: ca; server (signed by ca, SAN IP:127.0.0.1 and DNS:localhost,
    which mbedTLS 2.x can match where it cannot match an IP); wrong_host (signed
    by ca, SAN DNS:acs.example.net only); client (signed by ca, clientAuth);
    rogue (self-signed, SAN IP:127.0.0.1, no relation to ca)."""

    def __init__(self, d):
        self.openssl = shutil.which("openssl")
        if not self.openssl:
            raise CaseSkip("openssl command missing (Debian package openssl)")
        try:
            import ssl  # noqa: F401
        except ImportError:
            raise CaseSkip("python3 has no ssl module")
        self.dir = d
        os.makedirs(d, exist_ok=True)
        self.ca = self._self_signed("ca", "cwmpd-e2e CA",
                                    "basicConstraints=critical,CA:TRUE\n"
                                    "keyUsage=critical,keyCertSign,cRLSign\n")
        leaf = "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n"
        self.server = self._signed("server", "127.0.0.1", leaf +
                                   "extendedKeyUsage=serverAuth\n"
                                   "subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        self.wrong_host = self._signed("wrong_host", "acs.example.net", leaf +
                                       "extendedKeyUsage=serverAuth\n"
                                       "subjectAltName=DNS:acs.example.net\n")
        self.client = self._signed("client", "cwmpd-e2e CPE", leaf +
                                   "extendedKeyUsage=clientAuth\n")
        self.rogue = self._self_signed("rogue", "127.0.0.1",
                                       "subjectAltName=IP:127.0.0.1\n")

    def _run(self, *args):
        p = subprocess.run([self.openssl] + list(args), cwd=self.dir,
                           capture_output=True, timeout=30)
        if p.returncode != 0:
            raise CaseFailure("openssl %s: %s" % (args[0], (p.stdout + p.stderr)
                                                   .decode(errors="replace").strip()))

    def _ext(self, name, text):
        path = os.path.join(self.dir, name + ".ext")
        with open(path, "w") as f:
            f.write(text)
        return path

    def _key(self, name):
        key = os.path.join(self.dir, name + ".key")
        self._run("genpkey", "-algorithm", "EC", "-pkeyopt",
                  "ec_paramgen_curve:P-256", "-out", key)
        return key

    def _self_signed(self, name, cn, ext):
        key, cert = self._key(name), os.path.join(self.dir, name + ".pem")
        ext = self._ext(name, "[v3]\nsubjectKeyIdentifier=hash\n" + ext)
        self._run("req", "-x509", "-new", "-key", key, "-out", cert, "-days", "2",
                  "-subj", "/CN=" + cn, "-config", ext, "-extensions", "v3")
        return cert, key

    def _signed(self, name, cn, ext):
        key, cert = self._key(name), os.path.join(self.dir, name + ".pem")
        csr = os.path.join(self.dir, name + ".csr")
        self._run("req", "-new", "-key", key, "-out", csr, "-subj", "/CN=" + cn,
                  "-config", self._ext(name + "-req", "[req]\ndistinguished_name=dn\n[dn]\n"))
        self._run("x509", "-req", "-in", csr, "-CA", self.ca[0], "-CAkey", self.ca[1],
                  "-set_serial", str(int.from_bytes(os.urandom(8), "big")),
                  "-days", "2", "-out", cert, "-extfile", self._ext(name, ext))
        return cert, key

    def server_context(self, pair, client_ca=None):
        """An ssl.SSLContext for Acs(tls=...) presenting pair; with client_ca
        the ACS requires a client certificate signed by it."""
        import ssl
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(*pair)
        if client_ca:
            ctx.verify_mode = ssl.CERT_REQUIRED
            ctx.load_verify_locations(client_ca)
        return ctx


def uci_section(kind, name, options):
    lines = ["config %s '%s'" % (kind, name)]
    for k, v in options.items():
        if v is None:
            continue
        lines.append("\toption %s '%s'" % (k, str(v).replace("'", "'\\''")))
    return "\n".join(lines) + "\n"


def summary(acs, last=8):
    """The last exchanges on acs, one line each (for failure messages)."""
    with acs.cond:
        xs = acs.exchanges[-last:]
        return "; ".join("s%s c%d %s %s -> %s" % (
            x.session, x.conn, x.path,
            x.msg.method or ("empty" if x.msg.empty else "?"),
            x.action) for x in xs) or "no exchanges"


def iso(t):
    """xsd:dateTime in UTC for a Unix time."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def parse_iso(s):
    """Unix time of an xsd:dateTime like 2025-01-01T00:00:00Z / +01:00 / .123Z."""
    import datetime
    s = s.strip()
    if s.endswith("Z"):
        s = s[:-1] + "+00:00"
    return datetime.datetime.fromisoformat(s).timestamp()


FORCED_PARAMS = [
    "Device.RootDataModelVersion",
    "Device.DeviceInfo.HardwareVersion",
    "Device.DeviceInfo.SoftwareVersion",
    "Device.DeviceInfo.ProvisioningCode",
    "Device.ManagementServer.ParameterKey",
    "Device.ManagementServer.ConnectionRequestURL",
]

SIM_DEVICE = {"Manufacturer": "cwmpd-sim", "OUI": "00CAFE",
              "ProductClass": "SimRouter", "SerialNumber": "SIM0001"}

__all__ = ["T", "Env", "CaseFailure", "CaseSkip", "acsmod", "cm", "iso",
           "parse_iso", "Pki", "FORCED_PARAMS", "SIM_DEVICE", "summary"]
