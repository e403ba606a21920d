# SPDX-License-Identifier: BSD-2-Clause
"""A Download from an https URL whose file server redirects to plain http:
the daemon does not follow the redirect (the image, and any credentials,
never travel in the clear). The TransferComplete reports a failure and the
http server is never asked for the file."""

import http.server
import threading

import dmcheck
from harness import acsmod, cm

IMAGE = b"CWMPD-SIM-FIRMWARE 7.0.0\n" + b"h" * 100 + b"\n"


def redirector(ctx, targets):
    """An https server answering GET /PATH with 302 to targets[PATH]."""
    class H(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", targets[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
    srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv


def run(t):
    dmcheck.needs_data_model(t)
    pki = t.pki()
    acs = t.acs()
    acs.files["/fw/7.0.0.bin"] = IMAGE
    plain = acs.url_for("/fw/7.0.0.bin")
    srv = redirector(pki.server_context(pki.server), {"/to-http": plain})
    try:
        url = "https://127.0.0.1:%d/to-http" % srv.server_address[1]
        acs.queue(acsmod.Plan(requests=[cm.download("downgrade", url, len(IMAGE))]))
        t.start(t.config(acs, acs_opts={"ca_file": pki.ca[0], "verify": "1"}))
        t.need_ip_san()     # else the download fails before any redirect
        t.session(acs, 1)
        t.session(acs, 2, timeout=20)
        with acs.cond:
            tcs = [(cm._text(x.msg.body, "CommandKey"),
                    int(cm._text(cm._child(x.msg.body, "FaultStruct"), "FaultCode")))
                   for x in acs.exchanges if x.msg.method == "TransferComplete"]
        t.eq(len(tcs), 1, "TransferCompletes")
        t.eq(tcs[0][0], "downgrade", "CommandKey")
        t.check(tcs[0][1] != 0, "the download failed: %s" % (tcs,))
        t.eq(acs.gets, [], "GETs over plain http")
    finally:
        srv.shutdown()
        srv.server_close()
