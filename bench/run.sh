#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# bench/run.sh: build cwmpd with -O2 into a temporary build directory (or use
# CWMPD_BUILD=<build dir>), then run bench/bench.py: GPN/GPV timings and peak
# RSS at ~1,000 / 10,000 / 100,000 parameters, and SetParameterValues of 100
# parameters; then, as root, bench/cold.py: the cold whole-tree
# GetParameterValues under sh/awk and busybox with the processes it starts;
# then bench/ops.py: connection request latency, a flood of bad
# connection requests, memory during a 32 MiB download. Prints Markdown
# tables and writes bench/RESULTS.md. Extra arguments go to bench.py
# (--hosts N,N,N, --out FILE, --no-spv). About a minute and a half with
# the build.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
if [ -z "${CWMPD_BUILD:-}" ]; then
	build=$(mktemp -d /tmp/cwmpd-bench-build.XXXXXX)
	trap 'rm -rf "$build"' EXIT
	echo "# building with -O2 in $build" >&2
	(cd "$build" && "$top/configure" -q CFLAGS='-O2' && make -j"$(nproc 2>/dev/null || echo 2)" >build.log 2>&1) ||
		{ tail -n 30 "$build/build.log" >&2; exit 1; }
	CWMPD_BUILD=$build
fi
export CWMPD_BUILD
out="$here/RESULTS.md"
prev=
for a in "$@"; do
	[ "$prev" = --out ] && out=$a
	prev=$a
done
python3 "$here/bench.py" "$@"
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v nsenter >/dev/null; then
	python3 "$here/cold.py" --out "$out"
else
	echo "# not root (or no unshare/nsenter): bench/cold.py skipped" >&2
fi
exec python3 "$here/ops.py" --out "$out"
