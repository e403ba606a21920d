# SPDX-License-Identifier: BSD-2-Clause
"""Captured GenieACS sessions (data/genieacs-*.txt, copied from
../shared/genieacs/): read them into the ACS side for replays.

The capture format: "# " comment lines, then "==== CPE -> ACS" and
"==== ACS -> CPE (HTTP n)" markers, each followed by the body (an XML
declaration line and the envelope, or "(empty POST)" / "(empty)")."""

import os
import re

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def read_capture(name):
    """[(direction, http_status or None, body)] in order; direction is
    "cpe" or "acs"; an empty body is ""."""
    out = []
    with open(os.path.join(DATA, name)) as f:
        for line in f.read().splitlines():
            m = re.match(r"^==== (CPE -> ACS|ACS -> CPE \(HTTP (\d+)\))", line)
            if m:
                out.append(["cpe" if m.group(1).startswith("CPE") else "acs",
                            int(m.group(2)) if m.group(2) else None, []])
            elif line.startswith("#") or not out:
                continue
            elif line not in ("(empty POST)", "(empty)"):
                out[-1][2].append(line)
    return [(d, st, "\n".join(body)) for d, st, body in out]


def acs_side(name):
    """(InformResponse envelope, [ACS request envelopes]) of the first session."""
    acs = [body for d, st, body in read_capture(name) if d == "acs" and st == 200]
    return acs[0], acs[1:]
