#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-2-Clause
"""A small stand-in for cwmpd, to check the e2e suite itself:

    CWMPD=tests/e2e/fakecpe.py tests/e2e/run.sh

It takes cwmpd's command line and config file and does the session-level
behaviour the scenarios test (events and their persistence, retries,
periodic informs, auth, redirects, cookies, namespaces, GetRPCMethods,
fault 9000 for everything else). It has no data model and is not the
product: when the suite and this disagree with cwmpd, read the spec.
"""

import base64
import hashlib
import http.client
import json
import os
import random
import re
import secrets
import signal
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cwmpmsg as cm  # noqa: E402


def log(*a):
    print("fakecpe:", *a, file=sys.stderr, flush=True)


class ConfigError(Exception):
    pass


def load_config(path):
    try:
        text = open(path).read()
    except OSError as e:
        raise ConfigError("%s: %s" % (path, e.strerror))
    cfg, section = {}, None
    for no, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.count("'") % 2:
            raise ConfigError("%s:%d: unterminated quote" % (path, no))
        m = re.match(r"^(config|option)\s+(\S+)\s*(?:'(.*)'|(\S+))?$", line)
        if not m:
            raise ConfigError("%s:%d: syntax error" % (path, no))
        kind, name, val = m.group(1), m.group(2), m.group(3) or m.group(4) or ""
        if kind == "config":
            section = val
            continue
        key = "%s.%s" % (section, name)
        if key == "cpe.port" and not (val.isdigit() and 1 <= int(val) <= 65535):
            raise ConfigError("%s:%d: option 'port': '%s' is not a number in 1..65535"
                              % (path, no, val))
        if key == "acs.url" and not re.match(r"^https?://[^/]+", val):
            raise ConfigError("%s:%d: option 'url': '%s' is not an http(s) URL"
                              % (path, no, val))
        if key == "acs.retry_multiplier" and not (
                val.isdigit() and 1000 <= int(val) <= 65535):
            raise ConfigError("%s:%d: option 'retry_multiplier': '%s' is not a number "
                              "in 1000..65535" % (path, no, val))
        cfg[key] = val
    if "acs.url" not in cfg:
        raise ConfigError("%s: option 'url' is missing" % path)
    return cfg


class Cpe:
    def __init__(self, conf):
        self.conf_path = conf
        self.cfg = load_config(conf)
        self.state_file = os.path.join(self.cfg["cpe.state_dir"], "fake-events.json")
        self.wake = threading.Event()
        self.hup = False
        st = {}
        if os.path.exists(self.state_file):
            st = json.load(open(self.state_file))
        self.events = [e for e in st.get("events", []) if e != "1 BOOT"]
        if st.get("url") != self.cfg["acs.url"]:
            self.events = ["0 BOOTSTRAP"]
        self.events.append("1 BOOT")
        self.retry = 0
        self.next_session = time.time()
        self.arm_periodic()
        self.save()

    def get(self, k, d=""):
        return self.cfg.get(k, d)

    def save(self):
        tmp = self.state_file + ".tmp"
        json.dump({"url": self.cfg["acs.url"], "events": self.events}, open(tmp, "w"))
        os.replace(tmp, self.state_file)

    def arm_periodic(self):
        self.next_periodic = None
        if self.get("acs.periodic_enable") == "1":
            iv = int(self.get("acs.periodic_interval", "86400"))
            now = time.time()
            pt = self.get("acs.periodic_time")
            if pt:
                base = cm_time(pt)
                self.next_periodic = base + ((now - base) // iv + 1) * iv
            else:
                self.next_periodic = now + iv

    def reload(self):
        old = self.cfg["acs.url"]
        try:
            self.cfg = load_config(self.conf_path)
        except ConfigError as e:
            log("reload: %s; keeping the old config" % e)
            return
        if self.cfg["acs.url"] != old:
            self.events = ["0 BOOTSTRAP"] + [e for e in self.events if e != "0 BOOTSTRAP"]
            self.next_session = time.time()
        self.save()
        self.arm_periodic()

    def run(self):
        while True:
            if self.hup:
                self.hup = False
                self.reload()
            now = time.time()
            if self.next_periodic and now >= self.next_periodic:
                if "2 PERIODIC" not in self.events:
                    self.events.append("2 PERIODIC")
                    self.save()
                self.arm_periodic()
                if self.next_session is None:
                    self.next_session = now
            if self.next_session is not None and now >= self.next_session:
                self.next_session = None
                ok = Session(self).run()
                if ok:
                    self.retry = 0
                else:
                    self.retry += 1
                    m = int(self.get("acs.retry_min_wait", "5"))
                    k = int(self.get("acs.retry_multiplier", "2000")) / 1000.0
                    n = min(self.retry, 10)
                    w = random.uniform(m * k ** (n - 1), m * k ** n)
                    log("session failed, retry %d in %.2f s" % (self.retry, w))
                    self.next_session = time.time() + w
                continue
            times = [t for t in (self.next_session, self.next_periodic) if t]
            self.wake.wait(min(0.2, min(times) - time.time()) if times else 0.2)
            self.wake.clear()


def cm_time(s):
    import datetime
    return datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()


class Session:
    def __init__(self, cpe):
        self.cpe = cpe
        self.url = cpe.get("acs.url")
        self.conn = None
        self.cookies = {}
        self.ns = cm.NS_1_2
        self.auth = None
        self.nc = 0

    def run(self):
        try:
            return self._run()
        except Exception as e:
            log("session error: %r" % e)
            return False
        finally:
            if self.conn:
                self.conn.close()

    def _run(self):
        inform = self.inform_body()
        st, hdr, body = self.post(inform, soap=True)
        if st != 200:
            return False
        m = cm.parse(body)
        if m.method != "InformResponse":
            return False
        self.cpe.events = []            # delivered
        self.cpe.save()
        self.ns = m.ns
        out = ""
        while True:
            st, hdr, body = self.post(out, soap=bool(out))
            if st == 204 or (st == 200 and not body.strip()):
                return True
            if st not in (200, 500):
                return False
            req = cm.parse(body)
            if not req.method:
                return False
            out = self.answer(req)

    def answer(self, req):
        if req.method == "GetRPCMethods":
            ms = ["GetRPCMethods", "GetParameterNames", "GetParameterValues",
                  "SetParameterValues"]
            b = ('<cwmp:GetRPCMethodsResponse><MethodList soap-enc:arrayType='
                 '"xsd:string[%d]">%s</MethodList></cwmp:GetRPCMethodsResponse>'
                 % (len(ms), "".join("<string>%s</string>" % x for x in ms)))
        else:
            b = ("<soap-env:Fault><faultcode>Server</faultcode><faultstring>CWMP fault"
                 "</faultstring><detail><cwmp:Fault><FaultCode>9000</FaultCode>"
                 "<FaultString>Method not supported</FaultString></cwmp:Fault>"
                 "</detail></soap-env:Fault>")
        return cm.envelope(self.ns, req.cwmp_id, b)

    def inform_body(self):
        c = self.cpe
        evs = "".join("<EventStruct><EventCode>%s</EventCode><CommandKey></CommandKey>"
                      "</EventStruct>" % e for e in c.events)
        params = [("Device.RootDataModelVersion", "2.19"),
                  ("Device.DeviceInfo.HardwareVersion", "sim-hw"),
                  ("Device.DeviceInfo.SoftwareVersion", "0.1"),
                  ("Device.DeviceInfo.ProvisioningCode", ""),
                  ("Device.ManagementServer.ParameterKey", ""),
                  ("Device.ManagementServer.ConnectionRequestURL",
                   "http://127.0.0.1:%s/" % c.get("cpe.port"))]
        pl = "".join('<ParameterValueStruct><Name>%s</Name><Value xsi:type="xsd:string">'
                     '%s</Value></ParameterValueStruct>' % p for p in params)
        body = ("<cwmp:Inform><DeviceId><Manufacturer>cwmpd-sim</Manufacturer>"
                "<OUI>00CAFE</OUI><ProductClass>SimRouter</ProductClass>"
                "<SerialNumber>SIM0001</SerialNumber></DeviceId>"
                '<Event soap-enc:arrayType="cwmp:EventStruct[%d]">%s</Event>'
                "<MaxEnvelopes>1</MaxEnvelopes><CurrentTime>%s</CurrentTime>"
                "<RetryCount>%d</RetryCount>"
                '<ParameterList soap-enc:arrayType="cwmp:ParameterValueStruct[%d]">'
                "%s</ParameterList></cwmp:Inform>"
                % (len(c.events), evs, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                   c.retry, len(params), pl))
        hdr = ('<cwmp:SupportedCWMPVersions soap-env:mustUnderstand="0">1.0,1.1,1.2,1.3,1.4'
               '</cwmp:SupportedCWMPVersions>')
        return cm.envelope(cm.NS_1_2, "cwmpd-1", body, hdr)

    def post(self, body, soap):
        redirects = 0
        tries = 0
        while True:
            u = urllib.parse.urlsplit(self.url)
            if self.conn is None or (self.conn.host, self.conn.port) != (u.hostname, u.port):
                if self.conn:
                    self.conn.close()
                self.conn = http.client.HTTPConnection(
                    u.hostname, u.port, timeout=int(self.cpe.get("acs.timeout", "30")))
            h = {"Content-Length": str(len(body.encode()))}
            if body:
                h["Content-Type"] = 'text/xml; charset="utf-8"'
            if soap:
                h["SOAPAction"] = '""'
            if self.cookies:
                h["Cookie"] = "; ".join("%s=%s" % kv for kv in self.cookies.items())
            if self.auth:
                h["Authorization"] = self.authorization(u.path or "/")
            self.conn.request("POST", u.path or "/", body.encode(), h)
            r = self.conn.getresponse()
            data = r.read()
            for k, v in r.getheaders():
                if k.lower() == "set-cookie":
                    n, _, rest = v.partition("=")
                    self.cookies[n.strip()] = rest.split(";")[0]
            if r.status in (301, 302, 307):
                redirects += 1
                if redirects > 5:
                    raise RuntimeError("too many redirects")
                self.url = urllib.parse.urljoin(self.url, r.getheader("Location"))
                continue
            if r.status == 401 and tries < 1 and self.cpe.get("acs.username"):
                tries += 1
                self.auth = r.getheader("WWW-Authenticate")
                continue
            return r.status, r.headers, data.decode(errors="replace")

    def authorization(self, uri):
        user, pw = self.cpe.get("acs.username"), self.cpe.get("acs.password")
        if self.auth.lower().startswith("basic"):
            return "Basic " + base64.b64encode(("%s:%s" % (user, pw)).encode()).decode()
        f = dict(re.findall(r'(\w+)="?([^",]*)"?', self.auth))
        md5 = lambda s: hashlib.md5(s.encode()).hexdigest()  # noqa: E731
        self.nc += 1
        nc, cnonce = "%08x" % self.nc, secrets.token_hex(8)
        ha1 = md5("%s:%s:%s" % (user, f["realm"], pw))
        ha2 = md5("POST:%s" % uri)
        resp = md5(":".join([ha1, f["nonce"], nc, cnonce, "auth", ha2]))
        return ('Digest username="%s", realm="%s", nonce="%s", uri="%s", qop=auth, '
                'nc=%s, cnonce="%s", response="%s", algorithm=MD5'
                % (user, f["realm"], f["nonce"], uri, nc, cnonce, resp))


def main():
    args = sys.argv[1:]
    conf = args[args.index("-c") + 1] if "-c" in args else "/etc/config/cwmpd"
    try:
        cpe = Cpe(conf)
    except ConfigError as e:
        print(e, file=sys.stderr)
        return 2
    signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
    signal.signal(signal.SIGINT, lambda *a: os._exit(0))

    def on_hup(*a):
        cpe.hup = True
        cpe.next_session = cpe.next_session
        cpe.wake.set()
    signal.signal(signal.SIGHUP, on_hup)
    cpe.run()


if __name__ == "__main__":
    sys.exit(main())
