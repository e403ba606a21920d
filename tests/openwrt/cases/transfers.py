# SPDX-License-Identifier: BSD-2-Clause
"""Uploads and a configuration Download on openwrt, through the real
sysupgrade and logread. Upload "1 Vendor Configuration File" PUTs a
`sysupgrade -b` archive (the operator keeps /etc/config/ in backups, as
opkg's conffiles do on an image), "2 Vendor Log File" PUTs logread's
output with cwmpd's own lines; both to a server that wants Basic
credentials, each followed by a TransferComplete with FaultCode 0. Then a
"3 Vendor Configuration File" Download of an archive made in the
container by `sysupgrade -b` before a change: `sysupgrade -r` restores
it (the change is undone in uci), cwmpd's state dir stays as it was (the
archive's older copy is not restored: the TransferComplete still comes,
FaultCode 0), and DeviceInfo.VendorConfigFile lists it by name. The
upload password is in no log line."""

import io
import tarfile

from dmcheck import transfer_completes, values
from harness import cm
from owrt import answers

UP_USER, UP_PASS = "up", "up-secret-61"
VCF = "Device.DeviceInfo.VendorConfigFile."


def upload(key, url, file_type):
    return ("<cwmp:Upload><CommandKey>%s</CommandKey><FileType>%s</FileType>"
            "<URL>%s</URL><Username>%s</Username><Password>%s</Password>"
            "<DelaySeconds>0</DelaySeconds></cwmp:Upload>"
            % (key, file_type, url, UP_USER, UP_PASS))


def tar_names(data):
    return tarfile.open(fileobj=io.BytesIO(data), mode="r:gz").getnames()


def uploads(t, acs):
    acs.upload_auth = (UP_USER, UP_PASS)
    s = t.ask(acs, 2, [upload("cfg", acs.url_for("/up/cfg"), "1 Vendor Configuration File"),
                       upload("log", acs.url_for("/up/log"), "2 Vendor Log File")])
    t.eq([m.method for m in answers(s)], ["UploadResponse"] * 2, "answers to the Uploads")
    acs.wait_for(lambda a: len(transfer_completes(a)) >= 2, t.secs(15))
    t.eq(sorted((k, c) for _, k, c, _ in transfer_completes(acs)), [("cfg", 0), ("log", 0)],
         "TransferComplete of the uploads")
    names = tar_names(acs.uploads.get("/up/cfg", b""))
    for want in ("etc/config/cwmpd", "etc/config/network", "etc/config/system"):
        t.check(want in names, "%s not in the uploaded configuration: %s" % (want, names))
    log = acs.uploads.get("/up/log", b"").decode(errors="replace")
    t.check("daemon.notice cwmpd[" in log, "no cwmpd line in the uploaded log: %r" % log[-300:])


def config_download(t, acs):
    t.uci_batch(["set system.@system[0].hostname=before-backup", "commit system"])
    t.sh("sysupgrade -b /tmp/backup.tar.gz")
    with open(t.host_path("/tmp/backup.tar.gz"), "rb") as f:
        archive = f.read()
    t.check("etc/config/system" in tar_names(archive), "the backup lacks etc/config/system")
    t.uci_batch(["set system.@system[0].hostname=after-backup", "commit system"])
    acs.files["/cfg/backup.tar.gz"] = archive
    s = t.ask(acs, None, [cm.download("cfg-1", acs.url_for("/cfg/backup.tar.gz"), len(archive),
                               file_type="3 Vendor Configuration File")])
    s = t.session(acs, s.number + 1, timeout=20)
    t.expect_inform(s, ["7 TRANSFER COMPLETE", "M Download"], what="after the download")
    t.eq([(k, c) for _, k, c, _ in transfer_completes(acs)][2:], [("cfg-1", 0)],
         "TransferComplete of the configuration")
    t.eq(t.uci_get("system.@system[0].hostname"), "before-backup", "hostname after the restore")
    s = t.ask(acs, s.number + 1, [cm.get_parameter_values([VCF])])
    got = values(answers(s)[0])[1]
    t.eq(got.get(VCF + "1.Name", ("", ""))[1], "backup.tar.gz", "VendorConfigFile.1.Name")
    t.check(got.get(VCF + "1.Date", ("", "0001"))[1][:4] not in ("", "0001"),
            "VendorConfigFile.1.Date: %r" % (got.get(VCF + "1.Date"),))


def run(t):
    acs = t.acs()
    t.sh("echo /etc/config/ >>/etc/sysupgrade.conf")
    t.setup(acs)
    t.session(acs, 1, timeout=20)
    uploads(t, acs)
    config_download(t, acs)
    t.check(UP_PASS not in t.logread(), "the upload password is in logread")
