#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# make check runs every cmocka unit test through this (LOG_COMPILER): it
# passes the test's TAP through as it comes, with one fix. cmocka 1.1.5
# (Debian 12) writes a skip() as "not ok N # SKIP name", which the TAP
# driver counts as a failure; it becomes "ok N - name # SKIP why", where
# why is the test's own "# SKIP: ..." line printed just before it. The exit
# status is the test's. With CWMPD_EMULATOR set (tools/cross.sh: qemu-mipsel)
# the test program runs through it.
status=$(mktemp) || exit 99
{ ${CWMPD_EMULATOR:-} "$@"; echo $? >"$status"; } | awk '
/^# SKIP: / { why = substr($0, 9) }
/^not ok [0-9]+ # SKIP/ {
	name = substr($0, index($0, "# SKIP") + 6)
	sub(/^ +/, "", name)
	print "ok " $3 " - " name " # SKIP " why
	why = ""
	fflush()
	next
}
{ print; fflush() }'
rc=$(cat "$status")
rm -f "$status"
exit "${rc:-99}"
