#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# Runs every fuzz target over its seed corpus and kept crash inputs (TAP).
# A target whose corpus directory is missing or empty fails. With
# CWMPD_EMULATOR set (tools/cross.sh: qemu-mipsel) each target runs through it.
: "${top_srcdir:=.}" "${top_builddir:=.}"
targets="soap config pluginio rpc path tree httpreq state ctl srv"
# Built only with STUN (configure --disable-stun leaves them out).
for t in stun udp_cr; do
	[ -x "$top_builddir/tests/fuzz/fuzz_$t" ] && targets="$targets $t"
done
n=1
for t in $targets; do n=$((n + 1)); done
echo "1..$n"
# The replay itself must refuse an empty corpus, or a lost corpus passes.
empty=$(mktemp -d) || exit 1
if out=$(${CWMPD_EMULATOR:-} "$top_builddir/tests/fuzz/fuzz_path" "$empty" 2>&1); then
	echo "not ok 1 - a replay of an empty corpus fails ($out)"
else
	echo "ok 1 - a replay of an empty corpus fails"
fi
rmdir "$empty"
i=1
for t in $targets; do
	i=$((i + 1))
	dir="$top_srcdir/tests/fuzz/corpus/$t"
	if [ ! -d "$dir" ]; then
		echo "not ok $i - fuzz_$t: no corpus in $dir"
		continue
	fi
	if out=$(${CWMPD_EMULATOR:-} "$top_builddir/tests/fuzz/fuzz_$t" "$dir" 2>&1); then
		echo "ok $i - fuzz_$t replays its corpus ($out)"
	else
		echo "not ok $i - fuzz_$t"
		printf '%s\n' "$out" | sed 's/^/# /'
	fi
done
