#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# bench/footprint.sh: the daemon's size (bench/size.sh --all: -Os stripped,
# three ways, without the optional parts, and for mipsel when its cross
# compiler is there) and its memory after a session (bench/memory.py:
# Private_Dirty on the -Os --enable-small build, against the floor the
# libraries set), into the section "## Footprint" of bench/RESULTS.md (or
# --out FILE). About ten minutes on two cores.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
out=$here/RESULTS.md
[ "${1:-}" = --out ] && out=$2
work=$(mktemp -d /tmp/cwmpd-footprint.XXXXXX)
trap 'rm -rf "$work"' EXIT
sh "$here/size.sh" --all >"$work/sizes.md"
cat "$work/sizes.md"
echo "# building -Os --enable-small for the memory run" >&2
(cd "$work" && "$top/configure" -q CFLAGS=-Os --enable-small && make -j2 agent/cwmpd) \
	>"$work/build.log" 2>&1 || { tail -n 30 "$work/build.log" >&2; exit 1; }
CWMPD_BUILD=$work python3 "$here/memory.py" --out "$out" --sizes "$work/sizes.md"
