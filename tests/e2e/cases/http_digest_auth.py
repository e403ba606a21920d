# SPDX-License-Identifier: BSD-2-Clause
"""HTTP Digest authentication (MD5, qop=auth) to the ACS: the ACS answers
the Inform with 401 and a Digest challenge; the daemon re-sends it with the configured
username and password. With the wrong password the session fails (the
daemon does not loop on 401) and is retried. At start the daemon has asked
libcurl whether it can do Digest (OpenWrt's default libcurl cannot): this
one can, so the log names libcurl and the hash library and carries no
warning."""

from harness import acsmod


def run(t):
    acs = t.acs()
    acs.queue(acsmod.Plan(auth="digest", username="cpe", password="not-the-one"),
              acsmod.Plan(auth="digest", username="cpe", password="s3cret",
                          requests=[acsmod.cm.get_rpc_methods()]))
    t.start(t.config(acs, acs_opts={"username": "cpe", "password": "s3cret"}))

    s = t.session(acs, 1, timeout=10)
    t.eq(s.number, 2, "number of the first completed session")
    refused = acs.snapshot()[0]
    t.eq(refused.state, "failed", "session with the wrong password")
    t.check(len(refused.exchanges) <= 3,
            "the daemon tried %d times with the wrong password" % len(refused.exchanges))
    t.expect_inform(s, ["0 BOOTSTRAP", "1 BOOT"], retry=1)

    accepted = [x for x in s.exchanges if x.action == "InformResponse"][0]
    t.check((accepted.header("authorization") or "").startswith("Digest "),
            "accepted Inform carries %r" % accepted.header("authorization"))
    t.eq([m.method for _, m in s.responses], ["GetRPCMethodsResponse"],
         "answers in the authenticated session")

    log = t.log_text()
    t.check("http: libcurl/" in log and "hashes from " in log,
            "the start log names libcurl and the hash library")
    t.check("built without Digest" not in log, "a Digest warning with a libcurl that has it")
