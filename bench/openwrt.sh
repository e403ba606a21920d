#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# bench/openwrt.sh: the whole-tree GetParameterValues and GetParameterNames
# on platform openwrt in the real OpenWrt userland (the OpenWrt suite's
# testbed, tests/openwrt/; case bench/openwrt/gpv_gpn.py), cold (the first
# call of a session) and warm, with the processes each call starts inside
# the container. Needs root (namespaces). Uses CWMPD_BUILD=<build dir>
# (default build/). Writes the section "## OpenWrt userland" of
# bench/RESULTS.md (bench/run.sh keeps it).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
: "${CWMPD_BUILD:=$top/build}"
export CWMPD_BUILD
out=$(OWRT_CASES=$here/openwrt sh "$top/tests/openwrt/run.sh" -v -j 1 "$@")
printf '%s\n' "$out" | grep -a 'RESULT\|^not ok\|^ok' >&2
printf '%s\n' "$out" | grep -q '^not ok' && exit 1
printf '%s\n' "$out" | python3 "$here/openwrt_results.py" "$here/RESULTS.md"
