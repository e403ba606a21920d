# SPDX-License-Identifier: BSD-2-Clause
"""XMPP connection requests (TR-069 Annex K) against a real prosody: cwmpd
logs in over STARTTLS (the server's self-signed certificate checked
against xmpp.ca_file), ConnReqJabberID reaches the ACS in an Inform (a
4 VALUE CHANGE: its notification is forced active), and an ACS-side client
sends the iq exactly as GenieACS does. The right credentials get
`result` and one 6 CONNECTION REQUEST session within about 2 s; a wrong
password, and a sender not in ConnReqAllowedJabberIDs with the right
password, get not-authorized and no session; the password is never
logged. The ACS reads Device.XMPP. and SupportedConnReqMethods
(HTTP,STUN,XMPP: STUN is on too, towards a port where no server answers)
and sets ConnReqAllowedJabberIDs by SetParameterValues: written to the
config's section 'xmpp', in force after the session (the newly allowed
sender gets result, the other not-authorized). Prosody restarted: cwmpd
logs in again (the retry wait set to 1 s) and the next request works. A
new ACS URL: the BOOTSTRAP Inform carries ConnReqJabberID (GenieACS's
bootstrap does not read it)."""

import os
import sys

from harness import CaseSkip, acsmod, cm, uci_section
import xmppsrv

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from connreq_auth import skip_fakecpe  # noqa: E402
from dmcheck import values  # noqa: E402
from stun_udp_connreq import free_udp_port  # noqa: E402

MS = "Device.ManagementServer."
CR_USER, CR_PASS = "cr-user", "cr-pass-7781"
CPE_PASS, ACS_PASS, OTHER_PASS = "cpe-xmpp-pw-5512", "acs-xmpp-pw", "other-pw"
CPE_JID = "cpe@%s/cwmpd" % xmppsrv.DOMAIN


def config(t, acs, srv):
    path = t.config(acs, cpe_opts={"username": CR_USER, "password": CR_PASS})
    text = open(path).read() + "\n" + uci_section("xmpp", "xmpp", {
        "enable": "1", "username": "cpe", "password": CPE_PASS,
        "domain": xmppsrv.DOMAIN, "resource": "cwmpd", "server": "127.0.0.1",
        "port": str(srv.port), "ca_file": srv.ca, "keepalive": "30",
        "retry_initial": "1", "retry_multiplier": "1000", "retry_max": "2",
        "allowed_jids": "acs@%s" % xmppsrv.DOMAIN})
    if has_stun(t):     # all three methods on: SupportedConnReqMethods lists them
        text += "\n" + uci_section("stun", "stun", {
            "enable": "1", "server": "127.0.0.1", "port": str(free_udp_port()),
            "udp_port": str(free_udp_port())})
    t.write(path, text)


def has_stun(t):
    """Whether cwmpd was built with STUN (not --disable-stun)."""
    with open(t.env.cwmpd, "rb") as f:
        return b"dslforum.org/TR-111 " in f.read()


def logged_in(t, n):
    return t.log_text().count("xmpp: logged in as %s (TLS)" % CPE_JID) >= n


def request(t, client, acs, password, want, what):
    """One request; want is (type, condition). Returns the sessions before."""
    before = len(acs.snapshot())
    got = client.connection_request(CPE_JID, CR_USER, password)
    t.eq(got, want, what)
    return before


def run(t):
    skip_fakecpe(t)
    srv = xmppsrv.Prosody(t)
    for user, pw in (("cpe", CPE_PASS), ("acs", ACS_PASS), ("other", OTHER_PASS)):
        srv.register(user, pw)
    srv.start()
    try:
        scenario(t, srv)
    finally:
        srv.stop()


def jid_inform(t, acs):
    """The session whose Inform carries ConnReqJabberID with our JID."""
    def find():
        for s in acs.snapshot():
            v = s.inform.params.get(MS + "ConnReqJabberID")
            if v and v[1] == CPE_JID:
                return s
        return None
    return t.until(find, 15, "an Inform carrying ConnReqJabberID " + CPE_JID)


def scenario(t, srv):
    acs = t.acs()
    config(t, acs, srv)
    d = t.start()
    t.session(acs, 1)
    t.until(lambda: logged_in(t, 1) or "built without XMPP" in t.log_text(), 15,
            "cwmpd to log in to prosody")
    if not logged_in(t, 1):
        raise CaseSkip("cwmpd was built without XMPP (configure --disable-xmpp "
                       "or no libstrophe)")
    s = jid_inform(t, acs)
    t.check({"4 VALUE CHANGE", "0 BOOTSTRAP"} & set(s.inform.event_codes),
            "ConnReqJabberID came without 4 VALUE CHANGE or 0 BOOTSTRAP: %r"
            % s.inform.event_codes)
    t.session(acs, s.number)

    try:
        client = xmppsrv.AcsXmpp(srv.port, "acs", ACS_PASS)
        other = xmppsrv.AcsXmpp(srv.port, "other", OTHER_PASS)
    except (OSError, xmppsrv.XmppError) as e:
        raise CaseSkip("the ACS-side client cannot log in to prosody: %s" % e)

    # The right credentials: result, one session with 6 CONNECTION REQUEST.
    before = request(t, client, acs, CR_PASS, ("result", None), "answer to a valid request")
    got = t.session(acs, before + 1)
    t.check("6 CONNECTION REQUEST" in got.inform.event_codes,
            "events %r" % got.inform.event_codes)
    t.sleep(1)
    t.eq(len(acs.snapshot()), before + 1, "sessions after one valid request")

    # A wrong password, and a sender that is not allowed: no session.
    before = request(t, client, acs, "wrong", ("error", "cancel/not-authorized"),
                     "answer to a wrong password")
    request(t, other, acs, CR_PASS, ("error", "cancel/not-authorized"),
            "answer to a sender not in ConnReqAllowedJabberIDs")
    t.sleep(2)
    t.eq(len(acs.snapshot()), before, "sessions after refused requests")

    # The ACS reads the XMPP values and allows "other" instead of "acs".
    acs.queue(acsmod.Plan(requests=[
        cm.get_parameter_values([MS + "SupportedConnReqMethods", MS + "ConnReqXMPPConnection",
                                 "Device.XMPP.Connection.1."]),
        cm.set_parameter_values([(MS + "ConnReqAllowedJabberIDs",
                                  "other@%s" % xmppsrv.DOMAIN, "xsd:string")]),
    ]))
    before = request(t, client, acs, CR_PASS, ("result", None), "a request for the SPV")
    s = t.session(acs, before + 1)
    _, got = values(s.responses[0][1])
    methods = "HTTP,STUN,XMPP" if has_stun(t) else "HTTP,XMPP"
    for name, want in ((MS + "SupportedConnReqMethods", methods),
                       (MS + "ConnReqXMPPConnection", "Device.XMPP.Connection.1"),
                       ("Device.XMPP.Connection.1.Status", "Enabled"),
                       ("Device.XMPP.Connection.1.JabberID", CPE_JID),
                       ("Device.XMPP.Connection.1.TLSEstablished", "true"),
                       ("Device.XMPP.Connection.1.Password", ""),
                       ("Device.XMPP.Connection.1.Server.1.Port", str(srv.port))):
        t.eq(got.get(name, (None, None))[1], want, name)
    t.eq(s.responses[1][1].method, "SetParameterValuesResponse", "answer to the SPV")
    t.until(lambda: "configuration reloaded" in t.log_text(), 3, "the config reloaded")
    t.check("option allowed_jids 'other@%s'" % xmppsrv.DOMAIN in open(t.conf_path).read(),
            "allowed_jids in the config")
    before = request(t, other, acs, CR_PASS, ("result", None), "the newly allowed sender")
    t.session(acs, before + 1)
    request(t, client, acs, CR_PASS, ("error", "cancel/not-authorized"),
            "the sender no longer allowed")
    other.close()
    client.close()

    # The server restarts: cwmpd logs in again by itself.
    srv.stop()
    srv.start()
    t.until(lambda: logged_in(t, 2), 20, "cwmpd to log in again after prosody restarted")
    client = xmppsrv.AcsXmpp(srv.port, "other", OTHER_PASS)
    before = request(t, client, acs, CR_PASS, ("result", None),
                     "answer after the reconnect")
    got = t.session(acs, before + 1)
    t.check("6 CONNECTION REQUEST" in got.inform.event_codes,
            "events %r" % got.inform.event_codes)
    client.close()

    # A new ACS: its BOOTSTRAP Inform carries ConnReqJabberID.
    acs2 = t.acs()
    config(t, acs2, srv)
    d.hup()
    s = t.session(acs2, 1)
    t.check("0 BOOTSTRAP" in s.inform.event_codes, "events %r" % s.inform.event_codes)
    t.eq(s.inform.params.get(MS + "ConnReqJabberID", (None, None))[1], CPE_JID,
         "ConnReqJabberID in the BOOTSTRAP Inform to a new ACS")
    for secret in (CR_PASS, CPE_PASS):
        t.check(secret not in t.log_text(), "a password is in the log")
