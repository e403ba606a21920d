# SPDX-License-Identifier: BSD-2-Clause
"""AddObject and DeleteObject on nested tables (sim DHCPv4 pools and their
static addresses): each table path has its own counter; a static address
under a missing pool is 9005; deleting a pool deletes what is below it and
drops the counters of its sub-tables from the state file, while the pool
table keeps its own, so the pool's number is not handed out again."""

import os

from acs import Plan
from dmcheck import instance_number, names, needs_data_model
from harness import cm

POOL = "Device.DHCPv4.Server.Pool."
COUNTERS = "instance-counters"


def script(s):
    yield cm.add_object(POOL + "1.StaticAddress.", "n-1")         # 0: 2 (1 is seeded)
    yield cm.add_object(POOL, "n-2")                               # 1: pool 2
    pool = instance_number(s.responses[-1][1]) or 0
    yield cm.add_object("%s%d.StaticAddress." % (POOL, pool), "n-3")   # 2: 1
    yield cm.add_object("%s%d.StaticAddress." % (POOL, pool), "n-4")   # 3: 2
    yield cm.get_parameter_names("%s%d.StaticAddress." % (POOL, pool), True)  # 4
    yield cm.add_object(POOL + "99.StaticAddress.", "bad-1")       # 5: 9005
    yield cm.delete_object("%s%d." % (POOL, pool), "n-5")          # 6
    yield cm.add_object("%s%d.StaticAddress." % (POOL, pool), "bad-2")  # 7: 9005
    yield cm.get_parameter_names(POOL, True)                       # 8
    yield cm.add_object(POOL, "n-6")                               # 9: pool 3


def counters(t):
    try:
        with open(os.path.join(t.state_dir, COUNTERS)) as f:
            return dict(line.rstrip("\n").split("\t") for line in f if "\t" in line)
    except OSError:
        return {}


def run(t):
    needs_data_model(t)
    acs = t.acs()
    acs.queue(Plan(requests=script))
    t.start(t.config(acs))
    s = t.session(acs, 1, timeout=30)
    ms = [m for _, m in s.responses]
    t.eq([m.method for m in ms],
         ["AddObjectResponse"] * 4 + ["GetParameterNamesResponse", "Fault",
                                      "DeleteObjectResponse", "Fault",
                                      "GetParameterNamesResponse", "AddObjectResponse"],
         "answers")
    nums = [instance_number(m) for m in ms[:4]]
    pool = nums[1]
    t.eq(nums, [2, 2, 1, 2], "numbers: static address, pool, two static addresses")
    _, got = names(ms[4])
    t.eq(sorted(got), ["%s%d.StaticAddress.%d." % (POOL, pool, i) for i in (1, 2)],
         "static addresses of the new pool")
    t.eq(ms[5].fault_code, 9005, "static address under a missing pool")
    t.eq(ms[7].fault_code, 9005, "static address under the deleted pool")
    _, got = names(ms[8])
    t.eq(sorted(got), [POOL + "1."], "pools after the delete")
    t.eq(instance_number(ms[9]), pool + 1, "next pool number")
    t.eq(counters(t), {POOL + "1.StaticAddress.": "2", POOL: str(pool + 1)},
         "counters kept in the state directory")
