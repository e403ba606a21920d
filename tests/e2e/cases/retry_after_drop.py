# SPDX-License-Identifier: BSD-2-Clause
"""Session retry: the ACS closes the connection without an answer
to the Inform. The session has failed: the daemon retries after 1-2 s
(m=1, k=2000) with RetryCount 1 and the same events."""


def run(t):
    t.expect_one_retry(t.acs(), "drop")
